"""Template filters shared by every app's pages."""

from django import template
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import translate_url
from django.utils import translation

from wsis_portal.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """``{{ line.page_content|markdown }}``: user Markdown as sanitised HTML."""
    return render_markdown(text or "")


@register.simple_tag(takes_context=True)
def language_versions(context):
    """This page in each of the portal's languages: ``code``, ``name_local``, ``url`` (path
    and query) and ``absolute`` (for ``hreflang`` alternates); ``current`` marks this one."""
    request = context.get("request")
    if request is None:
        return []
    current = translation.get_language()
    here = request.get_full_path()
    try:
        origin = request.build_absolute_uri("/").rstrip("/")
    except DisallowedHost:  # the 400 page of a request for a host the portal is not
        origin = ""
    versions = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(here, code)
        info = translation.get_language_info(code)
        versions.append(
            {
                "code": code,
                "name_local": info["name_local"],
                "bidi": info["bidi"],
                "url": url,
                "absolute": origin + url,
                "current": code == current,
            }
        )
    return versions
