"""Template filters shared by every app's pages."""

from django import template

from wsis_portal.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """``{{ line.page_content|markdown }}``: user Markdown as sanitised HTML."""
    return render_markdown(text or "")
