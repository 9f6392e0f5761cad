"""Reference names in the reader's language: one accessor over a JSON field keyed by language.

Reference rows keep their source-language text in their plain column (``title``, ``name``:
English, what the importers read, what search and ordering use) and every language the data
has in a JSON field beside it, keyed by the data's language codes (``fr``, ``zh-Hans``…):
``titles`` for a ``title``, ``names`` for a ``name``. The JSON is on the row itself, so a
translated name never costs a query, however many rows a page lists, and a language added to
the data needs no migration.

Where no official text is in the portal's sources and the portal translates a name itself
(action-line titles, organisation and region names), the row lists those languages in
``working_translations``; ``localized`` says so on the text it returns, and the pages mark it
(``{{ text|marked }}`` in ``wsis_portal.templatetags.portal``).
"""

import functools

import yaml
from django import forms
from django.conf import settings
from django.db.models import F
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce
from django.utils import translation


def data_language(code: str | None = None) -> str:
    """The data's key for a Django language code (``zh-hans`` → ``zh-Hans``), by default the
    active language's."""
    return translation.to_locale(code or translation.get_language() or "en").replace("_", "-")


#: The data's key of the source language, whose text is in the plain column.
SOURCE_LANGUAGE = data_language(settings.LANGUAGE_CODE)


class LocalizedText(str):
    """A name in one language, knowing which (``language``, a data key) and whether it is the
    portal's own working translation (``is_working_translation``)."""

    language: str = SOURCE_LANGUAGE
    is_working_translation: bool = False

    def __new__(cls, text, language=SOURCE_LANGUAGE, is_working_translation=False):
        value = super().__new__(cls, text)
        value.language = language
        value.is_working_translation = is_working_translation
        return value

    def __reduce__(self):  # cached (pickled) as itself, language and mark included
        return (LocalizedText, (str(self), self.language, self.is_working_translation))


def localized(obj, field: str, language: str | None = None) -> LocalizedText:
    """``obj.<field>`` in ``language`` (default: the active one) from ``obj.<field>s``, else
    the source-language text (the reader sees English rather than nothing)."""
    key = data_language(language)
    translations = getattr(obj, f"{field}s", None) or {}
    text = translations.get(key) if key != SOURCE_LANGUAGE else None
    if not text:
        return LocalizedText(getattr(obj, field), SOURCE_LANGUAGE)
    working = key in (getattr(obj, "working_translations", None) or ())
    return LocalizedText(text, key, working)


def translated(field: str):
    """A model property: ``local_title = translated("title")`` reads ``localized(self,
    "title")``."""
    return property(
        lambda self: localized(self, field), doc=f"``{field}`` in the reader's language"
    )


WORKING_TRANSLATIONS = settings.BASE_DIR / "fixtures" / "translations" / "working.yml"


@functools.cache
def _working_file() -> dict:
    with open(WORKING_TRANSLATIONS, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def working_translations(section: str, key) -> tuple[dict[str, str], list[str]]:
    """The portal's working translations of one name (``fixtures/translations/working.yml``,
    ``section`` ``action_lines``, ``organizations``, ``regions`` or ``gdc_objectives``, ``key``
    its code): the
    texts by language, and the list of those languages for ``working_translations``."""
    texts = {
        lang: " ".join(text.split()) for lang, text in _working_file()[section].get(key, {}).items()
    }
    return texts, sorted(texts)


def local_ordering(field: str):
    """An ``order_by`` term: ``field`` as the reader's language has it (``<field>s`` on the
    row), else the source text, so a list of names reads in order in every language."""
    key = data_language()
    if key == SOURCE_LANGUAGE:
        return F(field).asc()
    return Coalesce(KeyTextTransform(key, f"{field}s"), F(field)).asc()


class MarkedOptionsMixin:
    """A pick-list whose options name things in the reader's language where the data has it:
    an option whose label is a ``LocalizedText`` in another language (a name with no
    translation yet, a document's English title) carries that ``lang``, as ``|marked`` does
    for a name in the page's text (an ``<option>`` holds no markup)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        language = getattr(label, "language", None)
        if language and language != data_language():
            option["attrs"]["lang"] = language
        return option


class MarkedSelect(MarkedOptionsMixin, forms.Select):
    pass


class MarkedSelectMultiple(MarkedOptionsMixin, forms.SelectMultiple):
    pass
