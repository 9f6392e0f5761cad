"""The language an entry is written in, and full-text search in each language (issue 14,
item 6).

An entry records its language (ISO 639-1; the submitter's interface language unless they
choose another). On PostgreSQL its ``search_vector`` is built with that language's text-search
configuration (migration 0015): stemmed where PostgreSQL has a stemmer for it (the six UN
languages but Chinese), accents ignored (``unaccent``) in all of them, Arabic diacritics and
alef forms folded by the Arabic stemmer, and runs of Chinese characters indexed as overlapping
two-character words, since Chinese writes no spaces between words. A query is read in each
of these languages (``entry_search_query``), so whoever searches "hôpitaux" finds "hôpital"
in French entries and "comunidad" finds "comunidades" in Spanish ones.
"""

import re

from django.conf.locale import LANG_INFO
from django.contrib.postgres.search import SearchQuery
from django.db.models import CharField, F, Func
from django.utils import translation

#: Every ISO 639-1 language Django knows, named in itself (a submitter looks for their own
#: language's name); Chinese under its ISO 639-1 code.
LANGUAGE_CHOICES = sorted(
    [(code, info["name_local"]) for code, info in LANG_INFO.items() if len(code) == 2]
    + [("zh", "中文")]
)

#: The text-search configuration of each language (migration 0015 creates them, PostgreSQL's
#: own with ``unaccent`` first, and ``stocktaking_search_config`` maps the languages to them
#: as this does); any other language is indexed word by word, unstemmed.
SEARCH_CONFIGS = {
    "en": "wsis_english",
    "fr": "wsis_french",
    "es": "wsis_spanish",
    "ru": "wsis_russian",
    "ar": "wsis_arabic",
}
UNSTEMMED = "wsis_simple"

# Chinese (and Japanese kanji) characters: the CJK unified ideographs and extension A.
HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]{2,}")


def interface_entry_language() -> str:
    """The reader's interface language as an entry language (``zh-hans`` → ``zh``): a new
    entry's default."""
    code = (translation.get_language() or "en").split("-")[0].lower()
    return code if code in dict(LANGUAGE_CHOICES) else "en"


def han_bigrams(run: str) -> str:
    """``信息社会`` → ``信息 息社 社会``: the overlapping two-character words the index holds
    for a run of Chinese characters (the SQL function of migration 0015 does the same)."""
    return " ".join(run[i : i + 2] for i in range(len(run) - 1))


def search_text(value: str) -> str:
    """The words of ``value`` as the index holds them: each run of Chinese characters as a
    quoted phrase of its two-character words, so that "信息社会" finds it inside a sentence."""
    return HAN_RUN.sub(lambda match: f' "{han_bigrams(match.group())}" ', value)


class EntrySearchQuery(SearchQuery):
    """``stocktaking_search_query(text)`` (migration 0019): the text read in each language's
    configuration, each distinct reading once, OR-ed."""

    def __init__(self, text):
        super().__init__(text)
        self.function = "stocktaking_search_query"


def entry_search_query(value: str) -> SearchQuery:
    """The search ``value`` parsed in each language's configuration, OR-ed: an entry matches
    when the query, read in one of the languages, matches its vector (indexed in its own).
    The GIN index serves it as it is. Each distinct reading counts once (most words read
    alike in several languages; the copies doubled the index's work: migration 0019).
    Keeping only the readings in the reader's language and
    the entry's own (a ``CASE`` over ``language``) was measured and dropped: PostgreSQL,
    unable to estimate that condition, took a search selecting 5,563 entries for 66, and the
    search page decides from that estimate whether to count facets at once or in a task."""
    return EntrySearchQuery(search_text(value))


def own_config() -> Func:
    """The text-search configuration of each row's ``language`` (a SQL function of
    migration 0015), for ``SearchHeadline``."""
    return Func(F("language"), function="stocktaking_search_config", output_field=CharField())
