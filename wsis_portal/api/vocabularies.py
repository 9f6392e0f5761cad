"""The closed sets of codes the API takes, as ``enum``s of its schema.

A parameter or field that the server checks against a set of codes (action lines, M49
regions, ISO 3166 countries, SDG targets, organisations, documents, reporting events) is
declared with ``vocabulary(name, schema)``: a schema carrying the set's name under
``x-vocabulary``. When the schema is generated, ``closed_sets`` (a postprocessing hook)
replaces each such mark by the ``enum`` of the codes the server accepts at that moment, read
where the server reads them to check a value (the database's reference rows, or
django-countries). So the schema and the checks cannot disagree: a client that picks a value
from the ``enum`` never meets "unknown code", and one outside it always does.

Codes are taken in any case (``c7`` is C7, ``ken`` is KEN, ``itu`` is ITU): a set registered
with ``any_case`` is listed not as an ``enum`` (which would call ``c7`` invalid) but as a
pattern that matches exactly its codes, each letter in either case (``^(?:[Cc](?:1|7)…)$``),
so the schema and the server still agree on every value. Sets of numbers stay ``enum``s.

Where a set cannot be read (no database while the schema is generated offline) or is empty
(a fresh installation before ``load_reference``), the schema is still well-formed and still
says something: never an empty ``enum`` (which no value could satisfy), but the set's format
as ``register`` declared it (``fallback``: a pattern, or bounds for numbers).
"""

import copy
import logging

from django.db import DatabaseError

logger = logging.getLogger(__name__)

MARK = "x-vocabulary"

#: name -> function returning the codes of the set, in a stable order.
_SETS = {}
#: name -> the schema keywords that describe a code of the set when it cannot be listed.
_FALLBACKS = {}
#: The sets whose codes the server takes in any case.
_ANY_CASE = set()
#: Characters with a meaning in a regular expression (ECMA-262's and Python's alike).
_SYNTAX = set("^$\\.*+?()[]{}|")


def register(name, codes, *, fallback, any_case=False):
    """Declare the set ``name``; ``codes()`` lists its codes (called per schema generation).
    ``fallback``: the format of a code (``{"pattern": …}``, or ``{"minimum": …}`` for
    numbers), what the schema says when the set is empty or cannot be read. ``any_case``:
    the server takes the codes in any case (its lookups are ``iexact``)."""
    _SETS[name] = codes
    _FALLBACKS[name] = fallback
    if any_case:
        _ANY_CASE.add(name)


def any_case_pattern(codes) -> str:
    """A pattern matching exactly ``codes``, each letter in either case, as a trie
    (``C1``, ``C10``, ``C7`` → ``^[Cc](?:1(?:0)?|7)$``) so that hundreds of codes stay short.
    Only ``^$\\.*+?()[]{}|`` are escaped: ``\\-`` or ``\\ `` are errors in a Unicode-mode
    ECMAScript pattern, as JSON Schema validators in browsers compile them."""
    trie = {}
    for code in codes:
        node = trie
        for char in str(code).lower():
            node = node.setdefault(char, {})
        node[""] = {}

    def atom(char):
        upper, lower = char.upper(), char.lower()
        if upper != lower and len(upper) == 1:
            return f"[{upper}{lower}]"
        return f"\\{char}" if char in _SYNTAX else char

    def build(node):
        branches = [atom(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        optional = "" in node
        if len(branches) == 1 and not optional:
            return branches[0]
        return "(?:" + "|".join(branches) + ")" + ("?" if optional else "")

    return f"^{build(trie)}$"


def vocabulary(name, schema=None) -> dict:
    """The schema of one code of the set ``name`` (``schema``: its type and pattern)."""
    return {**(schema or {"type": "string"}), MARK: name}


def codes_of(name) -> list:
    """The codes of the set ``name``; raises ``DatabaseError`` when they cannot be read."""
    return list(_SETS[name]())


def closed_sets(result, generator, request, public):
    """Postprocessing hook: every ``x-vocabulary`` mark becomes the ``enum`` of its set.
    Works on a copy: parts of the schema are the declarations' own dicts (a filter's
    annotation), which must keep their mark for the next generation."""
    result = copy.deepcopy(result)
    known = {}
    # Once one set cannot be read, the database is away for the others too: they are not
    # asked (each would wait for its own connection attempt, with a pool its whole timeout).
    database_away = False

    def read(name):
        nonlocal database_away
        if not database_away:
            try:
                return codes_of(name)
            except DatabaseError:
                database_away = True
        logger.warning("Vocabulary %s left out of the schema: no database.", name)
        return []

    def visit(node):
        if isinstance(node, dict):
            name = node.pop(MARK, None)
            if name is not None:
                if name not in known:
                    known[name] = read(name)
                if known[name] and name in _ANY_CASE:
                    node["pattern"] = any_case_pattern(known[name])
                    node.pop("enum", None)
                elif known[name]:
                    node["enum"] = known[name]
                    node.pop("pattern", None)  # the enum says it all
                    node.pop("minimum", None)
                    node.pop("maximum", None)
                else:
                    node.update(_FALLBACKS[name])
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(result)
    return result
