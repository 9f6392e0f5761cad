"""Control characters: refused at input, removed on output.

A title with ``\\n`` breaks an e-mail header, ``\\x0b`` breaks XML (the Atom feeds) and Excel
files, and PostgreSQL refuses NUL outright. The portal's text is of two kinds, and the model
field says which: a ``CharField`` holds one line, a ``TextField`` several.

- one line: no control character at all (C0 ``\\x00``–``\\x1f`` and DEL ``\\x7f``);
- several lines: tab, line feed and carriage return (browsers send ``\\r\\n``) only.

``install_text_validators`` adds the matching validator to every such field of the project's
own models once, at start-up (``PortalConfig.ready``), and caps the length of every
``TextField`` (``TEXT_LIMITS``: Markdown costs time to render, and nobody needs a 200,000
character description; issue 16, hole 4). Every write of user text runs model
validation (the services call ``full_clean``, ModelForms and the admin run it too, and the API
goes through the same services), so one rule holds for the forms, the API and the admin, and a
model added later is covered without anyone remembering it. The validators are not part of the
fields' ``deconstruct()``, so they change no migration.

Rows written before the rule (or by importers, which bypass validation) may still hold such
characters: ``one_line`` and ``plain_text`` remove them where text leaves the portal in a
format that cannot carry them (feeds, spreadsheets, mail headers).
"""

import re

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

ONE_LINE_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f]")
MULTI_LINE_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

#: What Python's ``str.strip()`` and ``split()`` take for spaces, as the body of a regular
#: expression's character class (ECMA's ``\s`` differs: no ``\x1c``-``\x1f`` nor ``\x85``).
SPACE_CHARS = r"\t\n\x0b\x0c\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
#: The characters a one-line and a multi-line text may not hold, as character class bodies.
ONE_LINE_FORBIDDEN_CHARS = r"\x00-\x1f\x7f"
MULTI_LINE_FORBIDDEN_CHARS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f"


def text_pattern(forbidden: str, *, required: bool) -> str:
    """The regular expression (ECMA and Python alike, no look-around) of a text without the
    characters ``forbidden`` (a class body), holding at least one that is not a space when
    ``required`` (Django and DRF strip the spaces around a text, and refuse one left empty)."""
    text = f"[^{forbidden}]*"
    if not required:
        return f"^{text}$"
    return f"^{text}[^{forbidden}{SPACE_CHARS}]{text}$"


# The portal's own apps, and Django's accounts (names edited in the admin).
PROJECT_APPS = {"accounts", "actionlines", "mandates", "stocktaking", "wsis_portal", "auth"}

#: The longest text (in characters) a ``TextField`` of the portal accepts, unless named below.
TEXT_MAX_LENGTH = 20_000
#: An action line's page: the longest Markdown the portal renders.
PAGE_MAX_LENGTH = 50_000
COMMENT_MAX_LENGTH = 5_000
TEXT_LIMITS = {
    "actionlines.ActionLine.page_content": PAGE_MAX_LENGTH,
    "actionlines.PageRevision.content": PAGE_MAX_LENGTH,
    "stocktaking.EntryTransition.comment": COMMENT_MAX_LENGTH,
    # Texts of the UN documents, written by the importers and never typed in the portal.
    "actionlines.ActionLine.plan_of_action_text": None,
    "mandates.Document.body": None,
    "mandates.Document.source_note": None,
    "mandates.Paragraph.text": None,
    "mandates.Paragraph.markup": None,
    "mandates.Clause.text": None,
}


validate_one_line = RegexValidator(
    ONE_LINE_FORBIDDEN,
    _("Use a single line, without line breaks, tabs or other control characters."),
    code="control_characters",
    inverse_match=True,
)
validate_multi_line = RegexValidator(
    MULTI_LINE_FORBIDDEN,
    _("Remove the invisible control characters (for example from a pasted text)."),
    code="control_characters",
    inverse_match=True,
)


def validator_for(field):
    """The control-character rule for a model field, or ``None`` if it holds no free text."""
    if getattr(field, "choices", None):
        return None  # a fixed list of values: nothing to check
    if isinstance(field, models.TextField):
        return validate_multi_line
    if isinstance(field, models.CharField):
        return validate_one_line  # includes EmailField, SlugField, URLField
    return None


def text_limit(field):
    """The most characters a ``TextField`` of the portal accepts (``None``: no cap)."""
    name = f"{field.model._meta.label}.{field.name}"
    return TEXT_LIMITS.get(name, TEXT_MAX_LENGTH)


def install_text_validators(app_labels=PROJECT_APPS):
    """Add the control-character rule to every text field of the project's models, and the
    length cap to every ``TextField``."""
    for model in apps.get_models():
        if model._meta.app_label not in app_labels:
            continue
        for field in model._meta.concrete_fields:
            validator = validator_for(field)
            if validator is None or validator in field.validators:
                continue
            added = [validator]
            if isinstance(field, models.TextField) and text_limit(field) is not None:
                added.append(MaxLengthValidator(text_limit(field)))
            # ``validators`` is a cached property: replacing it on this field object leaves
            # ``_validators`` (what migrations see) alone.
            field.validators = [*field.validators, *added]


def one_line(value) -> str:
    """``value`` for a single-line output: line breaks and tabs become spaces, other control
    characters are removed."""
    text = re.sub(r"[\t\n\r]+", " ", str(value or ""))
    return ONE_LINE_FORBIDDEN.sub("", text)


def plain_text(value) -> str:
    """``value`` with the control characters that XML and spreadsheets refuse removed (tab,
    line feed and carriage return stay)."""
    return MULTI_LINE_FORBIDDEN.sub("", str(value or ""))


def validate_values(model, **values):
    """Run the validators of ``model``'s fields (length, control characters, …) on ``values``,
    for a service that writes a few fields without a whole ``full_clean``; raises one
    ``ValidationError`` naming each bad field."""
    errors = {}
    for name, value in values.items():
        try:
            model._meta.get_field(name).run_validators(value)
        except ValidationError as error:
            errors[name] = error.error_list
    if errors:
        raise ValidationError(errors)
