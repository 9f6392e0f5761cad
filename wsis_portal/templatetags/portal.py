"""Template filters shared by every app's pages."""

from django import template
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import translate_url
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from wsis_portal.markdown import render_markdown
from wsis_portal.translated import LocalizedText, data_language

register = template.Library()


@register.simple_tag
def demo_data_loaded() -> bool:
    """Whether the demonstration set (``manage.py load_demo``) is in the database: every page
    then says so. Cached until the next content change (loading and removing the set bump
    the generation), so a page asks the database at most once a generation. With the
    database away (the portal's 503 page is drawn then) the banner is left out."""
    from django.db import DatabaseError

    from wsis_portal.caching import cached
    from wsis_portal.demo import is_loaded

    try:
        return cached("demo-data-loaded", (), is_loaded, per_language=False)
    except DatabaseError:
        return False


@register.filter
def bdi(value):
    """``{{ entry.title|bdi }}``: content (data) set into the interface's own text — a title,
    a name, a document symbol, a code — isolated in a ``<bdi>``, which takes the direction of
    its own first letter. Without it the Unicode bidirectional algorithm runs the content into
    the text around it: on an Arabic page an English title ending in punctuation, or a symbol
    next to another English name, is drawn in the wrong order (and an Arabic title in a French
    sentence likewise)."""
    if value is None or value == "":
        return value
    return format_html("<bdi>{}</bdi>", value)


@register.filter
def isolate(value):
    """``{{ entry.title|isolate }}`` where no element may go (the window's ``<title>``): the
    same isolation with Unicode's own marks, FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE."""
    if value is None or value == "":
        return value
    return format_html("\u2068{}\u2069", value)


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


@register.filter
def marked(text):
    """``{{ line.local_title|marked }}``: a reference name as a page shows it. A text in
    another language than the page's (a name with no translation yet) is wrapped in its
    ``lang``; the portal's own working translation gets a small note saying so, with the
    explanation as its title, so official texts and the portal's translations are told apart.
    """
    if not isinstance(text, LocalizedText):
        return text
    html = conditional_escape(text)
    if text.language != data_language():
        direction = "rtl" if text.language.split("-")[0] in settings.LANGUAGES_BIDI else "ltr"
        html = format_html('<span lang="{}" dir="{}">{}</span>', text.language, direction, html)
    if text.is_working_translation:
        html = format_html(
            '{} <small class="working-translation" title="{}">{}</small>',
            html,
            _(
                "No official text in this language is in the portal's sources: this is the "
                "portal's own translation."
            ),
            _("working translation"),
        )
    return html


@register.filter
def code_spans(text):
    """``{{ field.help_text|code_spans }}``: a parameter's description, written for the API's
    documentation, as a page shows it: what it quotes in backticks (`true`, `C7`, `9.c`) is
    code, shown and read as code in every language."""
    parts = str(text).split("`")
    if len(parts) % 2 == 0:  # an odd backtick: no code to mark
        return conditional_escape(text)
    return mark_safe(  # noqa: S308 - every part escaped
        "".join(
            format_html("<code>{}</code>", part) if odd else conditional_escape(part)
            for odd, part in ((i % 2 == 1, part) for i, part in enumerate(parts))
        )
    )
