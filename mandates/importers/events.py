"""The event a mandate is due at, read from its clause (issue 13, item 4).

"… report to the Commission on Science and Technology for Development at its thirtieth
session, in 2027" is due at the CSTD's 30th session; "… at the inaugural Global Dialogue on
Artificial Intelligence Governance, in 2026" at the Global Dialogue of 2026; "the General
Assembly to hold a high-level meeting on the overall review … in 2035" at the Assembly's
review of 2035. Pure functions of the text, pinned on the source texts by the tests.

The CSTD meets every spring, its first session in 1998: session *n* is in year 1997 + *n*,
which gives the year of a session named without one (E/RES/2025/18 ¶133, "at its
twenty-ninth session") and the session of a year named without one ("the Commission … in
2027"). A yearly report to the Commission with neither (¶138, "on a yearly basis") is first
due at its next session after the text's adoption.
"""

import datetime
import re
from dataclasses import dataclass

from .parties import ParsedMandate

CSTD_FIRST_YEAR = 1997  # session n meets in 1997 + n
#: The CSTD meets in spring: a text adopted after May is first due at next year's session.
CSTD_SESSION_MONTH = 5

_UNITS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_TEENS = [
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth",
]  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70}
_TENTHS = {"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60}


def ordinal(word: str) -> int | None:
    """The number an ordinal names: "thirtieth" 30, "twenty-ninth" 29, "30th" 30."""
    word = word.lower().strip()
    if match := re.fullmatch(r"(\d+)(?:st|nd|rd|th)", word):
        return int(match.group(1))
    if word in _UNITS:
        return _UNITS.index(word) + 1
    if word in _TEENS:
        return _TEENS.index(word) + 10
    if word in _TENTHS:
        return _TENTHS[word]
    tens, _, unit = word.partition("-")
    if tens in _TENS and unit in _UNITS:
        return _TENS[tens] + _UNITS.index(unit) + 1
    return None


def english_ordinal(number: int) -> str:
    """30 -> "30th", 22 -> "22nd" (the event's name is data, in the texts' language)."""
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    if 10 <= number % 100 <= 20:
        suffix = "th"
    return f"{number}{suffix}"


@dataclass(frozen=True)
class ParsedEvent:
    slug: str
    name: str
    body: str  # a body key of ``parties`` (resolved by the importer)
    year: int
    session: int | None = None


def cstd_session(session: int | None, year: int | None, adopted: datetime.date | None):
    """(session, year) of a CSTD session named by either, or the next one after ``adopted``."""
    if session is None and year is None:
        if adopted is None:
            return None
        year = adopted.year + (1 if adopted.month > CSTD_SESSION_MONTH else 0)
    if session is None:
        session = year - CSTD_FIRST_YEAR
    return session, year or session + CSTD_FIRST_YEAR


#: "to the 30th session of the Commission on Science … in 2027": the session before the body.
SESSION_OF = re.compile(
    r"\b(?:to|at|before) the (?P<session>[\w-]+) session of the (?P<body>Commission on Science"
    r" and Technology for Development|Commission|Economic and Social Council|Council)\b"
    r"(?:[^.;]{0,20}?\bin (?P<year>(?:19|20)\d\d))?"
)
#: "the General Assembly to hold a high-level meeting on the overall review of the
#: implementation of the outcomes … in 2035", "the UNGA to make an overall review … in 2015".
ASSEMBLY_REVIEW = re.compile(
    r"\boverall review of the implementation\b[^.;]*?\bin ((?:19|20)\d\d)\b"
)
SESSION_BODIES = {"CSTD": "CSTD", "ECOSOC": "ECOSOC"}
BODY_NAMES = {
    "CSTD": "Commission on Science and Technology for Development",
    "ECOSOC": "Economic and Social Council",
}


def reporting_event(
    parsed: ParsedMandate, *, adopted: datetime.date | None = None
) -> ParsedEvent | None:
    """The event the mandate is due at, or None when its clause names none."""
    text = parsed.text
    report = parsed.report_to
    body = session = year = None
    if report is not None:
        body, year = report.body, report.year
        session = ordinal(report.session) if report.session else None
    if body not in SESSION_BODIES and (match := SESSION_OF.search(text)):
        body = "ECOSOC" if "Council" in match.group("body") else "CSTD"
        session = ordinal(match.group("session"))
        year = int(match.group("year")) if match.group("year") else None
    if body == "Global Dialogue on AI Governance" and year:
        inaugural = re.search(r"\binaugural Global Dialogue", text) is not None
        name = "Global Dialogue on Artificial Intelligence Governance"
        return ParsedEvent(
            f"global-dialogue-ai-governance-{year}",
            f"{name}{' (inaugural)' if inaugural else ''}, {year}",
            body,
            year,
            1 if inaugural else None,
        )
    if body == "CSTD":
        found = cstd_session(session, year, adopted)
        if found is None:
            return None
        session, year = found
    if body in SESSION_BODIES and session and year:
        return ParsedEvent(
            f"{body.lower()}-{session}",
            f"{BODY_NAMES[body]}, {english_ordinal(session)} session",
            body,
            year,
            session,
        )
    if "UNGA" in parsed.bodies("addressee") and (match := ASSEMBLY_REVIEW.search(text)):
        year = int(match.group(1))
        return ParsedEvent(
            f"unga-wsis-review-{year}",
            "General Assembly, overall review of the implementation of the outcomes of the "
            f"World Summit on the Information Society, {year}",
            "UNGA",
            year,
        )
    return None


#: "annually", "on a yearly basis", "every year" … -> annual; "biennially", "every two years".
RECURRENCES = [
    (
        "biennial",
        re.compile(r"\b(?:biennially|every two years|on a biennial basis|every other year)\b"),
    ),
    (
        "annual",
        re.compile(
            r"\b(?:annually|on a yearly basis|yearly|each year|every year|on an annual basis)\b"
        ),
    ),
]


def recurrence(text: str) -> str:
    """How often a clause asks for something: "annual", "biennial", or "" (once). "annually,
    or every two years" (Geneva Plan of Action ¶28) is yearly: the more frequent."""
    found = [key for key, pattern in RECURRENCES if pattern.search(text)]
    return "annual" if "annual" in found else (found[0] if found else "")
