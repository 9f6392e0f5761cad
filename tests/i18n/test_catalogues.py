"""The translation catalogues: every interface text translated in the five other languages,
none fuzzy, the committed compiled catalogues (.mo) in step with their sources (.po), and the
.po files in step with the texts marked in the code (no new text left out)."""

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

LOCALES = ["ar", "zh_Hans", "fr", "ru", "es"]
LOCALE_DIR = Path(settings.BASE_DIR) / "locale"


def msgfmt(po: Path, mo: Path) -> str:
    done = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", str(mo), str(po)],
        capture_output=True,
        text=True,
        check=True,
        env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"},
    )
    return done.stderr


@pytest.mark.parametrize("locale", LOCALES)
def test_every_text_is_translated_and_none_is_fuzzy(locale, tmp_path):
    statistics = msgfmt(LOCALE_DIR / locale / "LC_MESSAGES" / "django.po", tmp_path / "x.mo")
    last = statistics.strip().splitlines()[-1]
    assert "fuzzy" not in last and "untranslated" not in last, last
    assert last.endswith("translated messages."), last


@pytest.mark.parametrize("locale", LOCALES)
def test_the_committed_compiled_catalogue_is_up_to_date(locale, tmp_path):
    messages = LOCALE_DIR / locale / "LC_MESSAGES"
    msgfmt(messages / "django.po", tmp_path / "fresh.mo")
    with (
        open(messages / "django.mo", "rb") as committed,
        open(tmp_path / "fresh.mo", "rb") as fresh,
    ):
        assert (
            gettext.GNUTranslations(committed)._catalog == gettext.GNUTranslations(fresh)._catalog
        )


def test_no_marked_text_is_missing_from_the_catalogues(tmp_path):
    """makemessages run on a copy of the code finds no text the French catalogue lacks (the
    other four are checked to hold the same texts as French above and below)."""
    root = Path(settings.BASE_DIR)
    copy = tmp_path / "tree"
    skip = shutil.ignore_patterns(
        ".venv",
        ".git",
        "node_modules",
        "staticfiles",
        "media",
        "fixtures",
        "benchmarks",
        "tests",
        "deploy",
        "__pycache__",
        "*.mo",
    )
    shutil.copytree(root, copy, ignore=skip, symlinks=True)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--add-location=file"],
        cwd=copy,
        capture_output=True,
        check=True,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "1", "LC_ALL": "C.UTF-8"},
    )
    fresh = copy / "locale" / "fr" / "LC_MESSAGES" / "django.po"
    done = subprocess.run(
        [
            "msgcmp",
            "--use-untranslated",
            str(LOCALE_DIR / "fr" / "LC_MESSAGES" / "django.po"),
            str(fresh),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("locale", ["ar", "zh_Hans", "ru", "es"])
def test_each_catalogue_holds_the_same_texts_as_french(locale):
    def ids(name):
        with open(LOCALE_DIR / name / "LC_MESSAGES" / "django.mo", "rb") as mo:
            catalog = gettext.GNUTranslations(mo)._catalog
        # A plural text is keyed (msgid, form); languages have different numbers of forms.
        return {key[0] if isinstance(key, tuple) else key for key in catalog} - {""}

    assert ids(locale) == ids("fr")
