"""API tokens under both keywords clients send: ``Authorization: Token <key>`` (DRF's) and
``Authorization: Bearer <key>`` (what most HTTP libraries and OpenAPI tools send). A Bearer
header used to be ignored, so its request ran as anonymous: a script believed it was signed
in and saw only public rows, and its writes were refused as if it had no token. Now the same
token works under either keyword, and an unknown key is a 401 under either.

The keys are the account page's named tokens (``accounts.models.ApiToken``): a revoked or
expired one is a 401 saying so, in the API's error shape (``{"detail", "code"}``) (an expired
one with its date and the address of the account page, where its owner makes a new one;
the tokens carried over from DRF's authtoken expire too: accounts migration 0003), and so is
a facilitator's, moderator's or staff member's token while the account has no two-factor
sign-in (a token carried over from DRF's authtoken, or made before the role was given). A session
(the browsable API) counts only once it has passed two-factor sign-in where the account's role
requires it, as the portal's pages do.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.authentication import SessionScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from accounts import services
from accounts.permissions import has_two_factor, is_verified, requires_two_factor
from wsis_portal.links import absolute_url


class PortalTokenAuthentication(TokenAuthentication):
    """DRF's token header, checked against the portal's named, expiring, revocable tokens."""

    def authenticate_credentials(self, key):
        token = services.token_for_key(key)
        if token is None:
            raise AuthenticationFailed(_("Invalid token."))
        if token.revoked_at is not None:
            raise AuthenticationFailed(_("This token has been revoked."), code="token_revoked")
        if token.is_expired:
            # What a script's log shows: when, and where its owner makes a new one.
            raise AuthenticationFailed(
                _("This token expired on %(date)s. Make a new one on your account page: %(url)s")
                % {
                    "date": token.expires_at.date().isoformat(),
                    "url": absolute_url(reverse("account")) + "#api-tokens",
                },
                code="token_expired",
            )
        if not token.user.is_active:
            raise AuthenticationFailed(_("User inactive or deleted."))
        if requires_two_factor(token.user) and not has_two_factor(token.user):
            # A token made before the account became privileged, or carried over from DRF's
            # authtoken, works again once its owner has set up two-factor sign-in.
            raise AuthenticationFailed(
                _(
                    "This account must set up two-factor sign-in (on its account page) before "
                    "its API tokens work."
                ),
                code="two_factor_required",
            )
        services.note_token_use(token)
        return token.user, token


class BearerTokenAuthentication(PortalTokenAuthentication):
    """The same tokens, read from ``Authorization: Bearer <key>``."""

    keyword = "Bearer"


class TwoFactorSessionAuthentication(SessionAuthentication):
    """DRF's session authentication (with its CSRF check), for sessions that passed two-factor
    sign-in where the account's role requires it; any other session is anonymous here."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None or is_verified(request._request):
            return result
        return None if requires_two_factor(result[0]) else result


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """Documents the Bearer keyword as its own security scheme (next to ``tokenAuth``)."""

    target_class = BearerTokenAuthentication
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix=self.target.keyword
        )


class TwoFactorSessionScheme(SessionScheme):
    """Documents the session as drf-spectacular documents DRF's own (``cookieAuth``)."""

    target_class = TwoFactorSessionAuthentication
