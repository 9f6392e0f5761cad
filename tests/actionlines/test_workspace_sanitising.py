"""Hostile Markdown and HTML never reach a page as live markup."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from actionlines.services import save_page
from wsis_portal.markdown import render_markdown


class LiveMarkup(HTMLParser):
    """Collects what a browser would act on: tags, event-handler attributes, link schemes.

    Escaped text (the source shown in a diff or a textarea) is data, not markup, and is fine,
    and so are the portal's own scripts (a ``src`` under ``/static/js/``, never in content:
    the sanitiser removes every script tag, ``test_render_markdown_removes_hostile_markup``).
    """

    def __init__(self):
        super().__init__()
        self.problems = []

    def handle_starttag(self, tag, attrs):
        own_script = tag == "script" and (dict(attrs).get("src") or "").startswith("/static/js/")
        if tag in {"script", "iframe", "object", "embed"} and not own_script:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{tag} {name}=")
            if name in {"href", "src"} and (value or "").strip().lower().startswith(
                ("javascript:", "data:", "vbscript:")
            ):
                self.problems.append(f"{tag} {name}={value}")


def live_problems(html):
    parser = LiveMarkup()
    parser.feed(html)
    return parser.problems


HOSTILE = [
    ("<script>alert('x')</script>", ["<script", "alert("]),
    ('<img src="x" onerror="alert(1)">', ["onerror", "alert("]),
    ("[click](javascript:alert(1))", ["javascript:"]),
    ('<a href="JaVaScRiPt:alert(1)">x</a>', ["javascript:", "JaVaScRiPt"]),
    ('<iframe src="https://evil.example"></iframe>', ["<iframe"]),
    ('<p style="background:url(x)" onclick="steal()">hi</p>', ["onclick", "style="]),
    ("<svg><script>alert(1)</script></svg>", ["<svg", "<script"]),
    ('<a href="data:text/html;base64,PHNjcmlwdD4=">d</a>', ["data:"]),
    ("[x](vbscript:msgbox)", ["vbscript:"]),
    ('<object data="x.swf"></object><embed src="x">', ["<object", "<embed"]),
]


@pytest.mark.parametrize(("source", "forbidden"), HOSTILE)
def test_render_markdown_removes_hostile_markup(source, forbidden):
    html = render_markdown(f"Intro\n\n{source}\n\nOutro")
    for fragment in forbidden:
        assert fragment.lower() not in html.lower()
    assert "Intro" in html and "Outro" in html


def test_safe_markdown_survives():
    html = render_markdown("# Title\n\n**bold** [link](https://itu.int) `code`\n\n- a\n- b")
    assert "<h2>Title</h2>" in html
    assert "<strong>bold</strong>" in html
    assert 'href="https://itu.int"' in html and 'rel="noopener noreferrer nofollow"' in html
    assert "<code>code</code>" in html and "<li>a</li>" in html


@pytest.mark.parametrize(("source", "forbidden"), HOSTILE)
def test_hostile_page_content_is_inert_on_every_page(client, line, facilitator, source, forbidden):
    save_page(line, f"Intro\n\n{source}", base_version=0, by=facilitator)
    save_page(line, "Clean", base_version=1, by=facilitator)
    client.force_login(facilitator)
    pages = [
        save_page(line, f"Again\n\n{source}", base_version=2, by=facilitator) and None,
        client.get(line.get_absolute_url()).text,
        client.get(reverse("actionlines:page-history", args=[line.slug])).text,
        client.get(reverse("actionlines:page-history", args=[line.slug]) + "?from=1&to=3").text,
        client.post(
            reverse("actionlines:page-edit", args=[line.slug]),
            {"content": source, "base_version": 3, "preview": "1"},
        ).text,
    ]
    for html in pages[1:]:
        assert live_problems(html) == []
