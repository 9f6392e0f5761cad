"""Content of another direction on Arabic pages, as the browser draws it (issue 14, item 3):
an English title keeps its own order (its final full stop at its right end, not thrown to the
left of its first word) and still sits where the page's text starts, on the right.
SCREENSHOT_DIR=/tmp/… keeps a screenshot of each page to look at."""

import datetime
import os

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Telemedicine vans (pilot)."

#: Where a text's first and last characters are drawn, and where its block's box ends.
WHERE = """(selector) => {
  const element = document.querySelector(selector);
  const text = element.textContent.trim();
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  let node; while ((node = walker.nextNode()) && !node.textContent.trim()) {}
  const start = node.textContent.indexOf(text[0]);
  const end = node.textContent.lastIndexOf(text[text.length - 1]);
  const at = (i) => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
                      return r.getBoundingClientRect(); };
  const all = document.createRange(); all.selectNodeContents(element);
  return {first: at(start).left, last: at(end).left, right: all.getBoundingClientRect().right,
          box: element.getBoundingClientRect().right};
}"""


@pytest.fixture
def content(transactional_db):
    from actionlines.models import ActionLine
    from tests.support.factories import (
        CoordinationMeetingFactory,
        RoadmapTargetFactory,
        StocktakingEntryFactory,
    )

    call_command("loaddata", "fixtures/reference.json", verbosity=0)
    line = ActionLine.objects.get(code="C7-e-health")
    entry = StocktakingEntryFactory(
        title=TITLE,
        organization_name="Santé rurale (ONG)",
        state="published",
        published_at=datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC),
    )
    entry.action_lines.add(line)
    RoadmapTargetFactory(action_line=line, title="Every district hospital online by 2030.")
    meeting = CoordinationMeetingFactory(
        title="E-health facilitators, 2026 (Geneva)", date=datetime.date(2026, 5, 12)
    )
    meeting.action_lines.add(line)
    return {"entry": entry, "meeting": meeting, "line": line}


def pages(content):
    from mandates.models import Mandate

    mandate = Mandate.objects.order_by("pk").first()
    return {
        "entry": f"/ar/stocktaking/{content['entry'].pk}/",
        "action-line": f"/ar/action-lines/{content['line'].slug}/",
        "search": "/ar/stocktaking/?action_line=C7-e-health",
        "meeting": f"/ar/meetings/{content['meeting'].pk}/",
        "mandate": f"/ar/mandates/{mandate.pk}/",
        "documents": "/ar/documents/",
        "report": f"/ar/action-lines/{content['line'].slug}/report/",
    }


@pytest.mark.parametrize("width", [1280, 390])
def test_english_content_keeps_its_order_on_arabic_pages(live_server, new_page, content, width):
    page = new_page(viewport={"width": width, "height": 900})
    page.goto(f"{live_server.url}/ar/stocktaking/{content['entry'].pk}/")
    heading = page.evaluate(WHERE, "h1")
    assert heading["first"] < heading["last"], heading  # “T…pilot).” drawn left to right
    assert heading["box"] - heading["right"] < 2, heading  # and set on the right, as the page
    page.goto(f"{live_server.url}/ar/meetings/{content['meeting'].pk}/")
    heading = page.evaluate(WHERE, "h1")
    assert heading["first"] < heading["last"], heading


@pytest.mark.parametrize("width", [1280, 390])
def test_the_changed_arabic_pages_fit_the_window(live_server, new_page, content, width):
    shots = os.environ.get("SCREENSHOT_DIR")
    page = new_page(viewport={"width": width, "height": 900})
    for name, path in pages(content).items():
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
        if shots:
            page.screenshot(path=os.path.join(shots, f"{name}-ar-{width}.png"), full_page=True)
