"""The API's JSON parser: DRF's, refusing bodies no write of the portal needs and Python cannot
safely hold.

- Nesting deeper than ``MAX_DEPTH`` levels: the deepest body the API takes is an object of
  lists (depth 2); a body nested 1,000 levels deep (2 KB) made ``json`` raise
  ``RecursionError``, a server error, and a few hundred levels would reach the serialisers'
  own recursion. Such a body is a 400 parse error, like any malformed JSON.
- A lone surrogate (``"\\ud800"``): valid JSON escaping, but no character; it cannot be
  stored, and echoing it in a "not a valid choice" message broke the UTF-8 encoding of the
  answer (a 500). Refused as a parse error naming where it was found.
"""

import re

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_DEPTH = 32
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class PortalJSONParser(JSONParser):
    """``JSONParser`` with a nesting limit and no lone surrogates (the default parser of
    every API view: ``REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"]``)."""

    max_depth = MAX_DEPTH

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(self.too_deep()) from None
        self.check(data)
        return data

    def too_deep(self):
        return _("JSON parse error - nested more than %(depth)d levels deep.") % {
            "depth": self.max_depth
        }

    def check(self, data):
        """Walks the parsed body without recursion: depth, then every key and text."""
        pending = [(data, 0)]
        while pending:
            value, depth = pending.pop()
            if isinstance(value, dict | list):
                if depth >= self.max_depth:
                    raise ParseError(self.too_deep())
                items = value.items() if isinstance(value, dict) else enumerate(value)
                for key, item in items:
                    if isinstance(key, str) and LONE_SURROGATE.search(key):
                        raise ParseError(self.no_character())
                    pending.append((item, depth + 1))
            elif isinstance(value, str) and LONE_SURROGATE.search(value):
                raise ParseError(self.no_character())

    def no_character(self):
        return _("JSON parse error - a text holds a lone surrogate, which is not a character.")
