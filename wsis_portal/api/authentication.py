"""API tokens under both keywords clients send: ``Authorization: Token <key>`` (DRF's) and
``Authorization: Bearer <key>`` (what most HTTP libraries and OpenAPI tools send). A Bearer
header used to be ignored, so its request ran as anonymous: a script believed it was signed
in and saw only public rows, and its writes were refused as if it had no token. Now the same
token works under either keyword, and an unknown key is a 401 under either.
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework.authentication import TokenAuthentication


class BearerTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, read from ``Authorization: Bearer <key>``."""

    keyword = "Bearer"


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """Documents the Bearer keyword as its own security scheme (next to ``tokenAuth``)."""

    target_class = BearerTokenAuthentication
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix=self.target.keyword
        )
