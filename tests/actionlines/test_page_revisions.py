"""Old versions of a line's page (issue 18, gap 4): each readable as the page rendered it, and
the differences between two marked word by word, accessibly."""

import pytest
from django.urls import reverse

from actionlines.diffs import line_diff
from actionlines.services import save_page
from tests.actionlines.conftest import ROLES, sign_in
from wsis_portal.markdown import render_markdown

pytestmark = pytest.mark.django_db

HOSTILE = "## Plan\n\nSee **this** <script>alert(1)</script><img src=x onerror=alert(2)>."


def test_a_line_edited_shows_the_words_that_changed():
    rows = line_diff(
        "Intro\nLibraries connect schools.\nEnd", "Intro\nLibraries connect all schools.\nEnd"
    )
    removed = next(segments for kind, segments in rows if kind == "removed")
    added = next(segments for kind, segments in rows if kind == "added")
    assert removed == [(False, "Libraries connect schools.")]  # nothing taken out of it
    assert added == [(False, "Libraries connect "), (True, "all "), (False, "schools.")]


def test_a_rewritten_line_is_changed_whole_and_added_lines_too():
    rows = line_diff("Old words here.", "Completely different sentence!\nA new line.")
    assert rows == [
        ("removed", [(True, "Old words here.")]),
        ("added", [(True, "Completely different sentence!")]),
        ("added", [(True, "A new line.")]),
    ]


def test_far_apart_changes_are_separated_by_a_gap():
    old = "\n".join(f"line {n}" for n in range(20))
    new = old.replace("line 1\n", "line one\n").replace("line 18", "line eighteen")
    kinds = [kind for kind, _ in line_diff(old, new)]
    assert "gap" in kinds


@pytest.fixture
def versions(line, facilitator):
    save_page(line, "# About\n\nLibraries connect schools.", base_version=0, by=facilitator)
    save_page(line, HOSTILE, base_version=1, by=facilitator, summary="Plan")
    save_page(line, "# About\n\nLibraries connect all schools.", base_version=2, by=facilitator)
    return line


@pytest.mark.parametrize("role", ROLES)
def test_any_old_version_reads_as_the_page_rendered_it(client, request, versions, role):
    sign_in(client, request, role)
    url = reverse("actionlines:page-revision", args=[versions.slug, 2])
    page = client.get(url).text
    assert "Version 2 of the page of <bdi>C3</bdi>" in page
    assert render_markdown(HOSTILE) in page  # the same Markdown and sanitising as the page
    assert "<strong>this</strong>" in page
    assert "<script>alert(1)" not in page and "onerror" not in page
    assert "This is an old version; the page now shows version 3." in page
    assert "?from=2&amp;to=3" in page
    restore = reverse("actionlines:page-restore", args=[versions.slug, 2])
    assert (restore in page) == (role in {"facilitator", "admin_user"})


def test_the_current_version_says_so_and_unknown_ones_are_not_found(client, versions):
    page = client.get(reverse("actionlines:page-revision", args=[versions.slug, 3])).text
    assert "This is the current version of the page." in page
    missing = reverse("actionlines:page-revision", args=[versions.slug, 9])
    assert client.get(missing).status_code == 404


def test_the_history_links_each_version_and_marks_words_in_the_diff(client, versions):
    history = client.get(
        reverse("actionlines:page-history", args=[versions.slug]) + "?from=1&to=3"
    ).text
    for version in (1, 2, 3):
        url = reverse("actionlines:page-revision", args=[versions.slug, version])
        assert f'href="{url}" aria-label="Read version {version}"' in history
    assert (
        'Libraries connect <ins><bdi class="visually-hidden">Added: </bdi>all </ins>schools.'
        in history
    )
    # Hostile text in a diff stays text.
    history = client.get(
        reverse("actionlines:page-history", args=[versions.slug]) + "?from=1&to=2"
    ).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in history
    assert "<script>alert(1)" not in history
