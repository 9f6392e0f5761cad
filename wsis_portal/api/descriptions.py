"""What the browsable API (and an ``OPTIONS`` answer) says a view is, in the reader's language.

DRF takes a view's description from its docstring, and an extra action's from its method's
docstring: those are written for the portal's developers, in English, and drf-spectacular
keeps reading them (with ``extend_schema``'s summaries) for the OpenAPI schema. The readers of
the browsable API get a short text marked for translation instead, which each view declares:
``reader_description``, or for a viewset ``reader_descriptions`` by action (``list``,
``retrieve``, ``publish``…). A view that declares none shows no description, never its
docstring. ``REST_FRAMEWORK["VIEW_DESCRIPTION_FUNCTION"]`` names ``view_description``.
"""

from django.utils.html import format_html

from wsis_portal.templatetags.portal import code_spans


def reader_description(view) -> str:
    """The text for this view and its current action, or ""."""
    action = getattr(view, "action", None)
    descriptions = getattr(view, "reader_descriptions", None) or {}
    text = descriptions.get(action) if action else None
    if text is None:
        text = getattr(view, "reader_description", None) or ""
    return str(text)


def view_description(view, html=False):
    text = reader_description(view)
    if html:
        return format_html("<p>{}</p>", code_spans(text)) if text else ""
    return text
