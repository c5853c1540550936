"""Reading a request's JSON body."""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class ProblemJsonParser(JSONParser):
    """DRF's JSON parser, with a body nested deeper than Python's parser can follow
    (``[[[[…`` a hundred thousand deep: a RecursionError, so a 500) refused as a 400."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - the body is nested too deeply.") from None
