"""The public search lives in a selector (``stocktaking.search``), not in a view: the tasks and
the exports that run the same search must not import the HTML views (which import them back)."""

import ast
from pathlib import Path

import pytest
from django.http import QueryDict

from stocktaking import exports, search
from tests.support.factories import StocktakingEntryFactory

APP = Path(search.__file__).parent


def imported_modules(path):
    """Every module a file imports, at its top or inside a function, as written."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


@pytest.mark.parametrize("module", ["tasks.py", "exports.py", "search.py"])
def test_search_readers_do_not_import_the_views(module):
    imports = imported_modules(APP / module)
    assert not {".views", "stocktaking.views", "..views"} & imports, imports


@pytest.mark.django_db
def test_exports_read_the_same_published_results_as_the_page():
    shown = StocktakingEntryFactory(state="published", title="Rural broadband in Kenya")
    StocktakingEntryFactory(state="published", title="Coastal fisheries ledger")
    StocktakingEntryFactory(state="draft", title="Rural broadband draft")

    params = QueryDict("q=broadband&state=draft")  # the public search ignores a state asked for
    assert list(search.search_queryset(params).qs) == [shown]
    assert list(exports.export_queryset(params)) == [shown]
