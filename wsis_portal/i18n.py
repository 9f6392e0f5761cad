"""The interface language: which one a request gets, and how a reader chooses one.

The language is in the path: English, the source language, keeps the unprefixed URLs, the
other five UN languages live under ``/ar/``, ``/zh-hans/``, ``/fr/``, ``/ru/`` and ``/es/``
(``i18n_patterns(prefix_default_language=False)`` in ``wsis_portal.urls``); the API, feeds of
record, admin, ``/healthz`` and static files stay outside. A page's language is therefore part
of its URL, so cached pages and shared links keep their language.

An unprefixed page asked for with ``GET`` goes to the reader's language when it is not
English: the one they chose with the switch (the language cookie), else the one stored on
their account, else the browser's ``Accept-Language`` — the first visit follows the browser.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.middleware.locale import LocaleMiddleware
from django.urls import translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views import i18n as django_i18n
from django.views.decorators.csrf import csrf_exempt

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


def supported(code) -> str | None:
    """``code`` as one of the portal's languages (``zh-Hans`` → ``zh-hans``), or None."""
    if not code:
        return None
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return None


def account_language(user) -> str | None:
    """The language stored on a signed-in user's account, or None if they never chose one."""
    from .models import UserPreference

    if not getattr(user, "is_authenticated", False):
        return None
    language = UserPreference.objects.filter(user=user).values_list("language", flat=True).first()
    return supported(language)


def language_for_user(user) -> str:
    """The language to write to ``user`` in (e-mails, reminders): their choice, else English."""
    return account_language(user) or settings.LANGUAGE_CODE


#: Session key holding the signed-in user's account language (set at sign-in and on choice).
SESSION_KEY = "account_language"


def remember_account_language(sender, request, user, **kwargs):
    """``user_logged_in`` receiver: the account's language into the session."""
    language = account_language(user)
    if request is not None and hasattr(request, "session") and language:
        request.session[SESSION_KEY] = language


def preferred_language(request) -> str:
    """The reader's language for an unprefixed URL: cookie, account, then Accept-Language
    (Django's own reading of the cookie and the header, with the account's in between)."""
    chosen = supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
    session = getattr(request, "session", None)
    stored = supported(session.get(SESSION_KEY)) if session is not None else None
    return chosen or stored or translation.get_language_from_request(request)


#: Where the API lives: outside the language prefixes, its language is negotiated.
API_PREFIX = "/api/"
#: Django's admin: outside the language prefixes, in the reader's preferred language.
ADMIN_PREFIX = "/admin/"
#: The query parameter that chooses the API's language, before ``Accept-Language``.
API_LANGUAGE_PARAMETER = "lang"


def browser_language(header: str) -> str:
    """The portal language ``Accept-Language: header`` asks for (Django's reading of the
    header, weights and variants included, cookie left out), English when none."""
    probe = HttpRequest()
    probe.META["HTTP_ACCEPT_LANGUAGE"] = header
    return translation.get_language_from_request(probe)


def api_language(request) -> tuple[str, str | None]:
    """The API's language for ``request``: ``?lang=`` when given, else ``Accept-Language``,
    else English; and, for a ``lang`` naming no portal language, the error to answer.

    Neither the cookie nor the account counts: an API answer depends on what the request
    says, so ``Vary: Accept-Language`` (and the URL) is all a cache must key on."""
    language = browser_language(request.META.get("HTTP_ACCEPT_LANGUAGE", ""))
    asked = request.GET.get(API_LANGUAGE_PARAMETER)
    if asked is None:
        return language, None
    chosen = supported(asked.strip()) if len(asked) <= 20 else None
    if chosen is None:
        codes = ", ".join(code for code, _name in settings.LANGUAGES)
        with translation.override(language):
            error = _("Choose one of the portal's languages: %(codes)s.") % {"codes": codes}
        return language, error
    return chosen, None


class PortalLocaleMiddleware(LocaleMiddleware):
    """Django's ``LocaleMiddleware`` (language from the path) plus the redirect of an
    unprefixed page to the reader's preferred language, the API's language from ``?lang=`` or
    ``Accept-Language`` (``api_language``; Django's ``process_response`` then adds
    ``Content-Language`` and ``Vary: Accept-Language``), and the admin in the reader's
    preferred language (``preferred_language``). Placed after the
    authentication middleware so the account's language is known."""

    def process_request(self, request):
        super().process_request(request)
        if request.path_info.startswith(API_PREFIX):
            language, error = api_language(request)
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
            if error:
                # The API's one error shape (wsis_portal.api.exceptions).
                from wsis_portal.api.exceptions import naming_fields

                body = naming_fields({API_LANGUAGE_PARAMETER: [error]})
                return JsonResponse(body, status=400)
            return None
        if request.path_info.startswith(ADMIN_PREFIX):
            # Unprefixed, so Django would show it in English: the reader's language instead
            # (the switch's cookie, the account's, the browser's), as the pages redirect to.
            translation.activate(preferred_language(request))
            request.LANGUAGE_CODE = translation.get_language()
            return None
        if request.method not in ("GET", "HEAD"):
            return None
        if translation.get_language_from_path(request.path_info):
            return None
        language = preferred_language(request)
        if language == settings.LANGUAGE_CODE:
            return None
        here = request.get_full_path()
        there = translate_url(here, language)
        if there == here:  # not a translated page (API, admin, health, feeds…)
            return None
        response = HttpResponseRedirect(there)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    def process_response(self, request, response):
        response = super().process_response(request, response)
        is_page = response.get("Content-Type", "").startswith("text/html")
        if is_page and not translation.get_language_from_path(request.path_info):
            # Whether an unprefixed page is shown or redirected depends on the cookie too.
            patch_vary_headers(response, ("Cookie",))
        return response


@csrf_exempt
def set_language(request):
    """Django's ``set_language`` (cookie, redirect to ``next`` in the new language), and for
    a signed-in user the choice is stored on their account for their e-mails and reminders.

    Anonymous readers post without a CSRF token, so public pages carrying the switch stay
    cacheable (a token would make every page private); changing a cookie's language is all
    such a post can do. Signed-in users' posts are checked as every other form."""
    if request.user.is_authenticated:
        rejected = CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})
        if rejected is not None:
            return rejected
    # translate_url() resolves ``next`` in the active language: that of the page left.
    page = request.POST.get("next") or request.GET.get("next") or ""
    with translation.override(translation.get_language_from_path(page) or settings.LANGUAGE_CODE):
        response = django_i18n.set_language(request)
    language = supported(request.POST.get("language")) if request.method == "POST" else None
    if language and request.user.is_authenticated:
        from .models import UserPreference

        UserPreference.objects.update_or_create(user=request.user, defaults={"language": language})
        request.session[SESSION_KEY] = language
    return response
