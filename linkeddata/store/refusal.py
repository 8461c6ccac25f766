"""What the endpoint refuses before any evaluation: updates, LOAD and SERVICE (it never writes, never fetches)."""

from __future__ import annotations

import re

_CODEPOINT_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# What cannot hide a keyword: strings (the grammar's four forms, exactly), IRIs and comments.
_INERT = re.compile(
    r'"""(?:(?:"|"")?(?:[^"\\]|\\.))*"""'
    r"|'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r"|<[^<>\"{}|^`\\\x00-\x20]*>"
    r"|#[^\n\r]*",
    re.DOTALL,
)
# A keyword is harmless inside a variable name or the local part of a prefixed name, when only
# name characters precede it there (a dot or an escape could end the name early).
_NAME_PREFIX = r"(?:[?$]|[A-Za-z0-9_\u00b7\u00c0-\uffff.-]*:)[A-Za-z0-9_\u00b7\u00c0-\uffff-]*"
_SERVICE = re.compile("service", re.IGNORECASE)
_IN_NAME = re.compile(rf"{_NAME_PREFIX}$")
_PROLOGUE = re.compile(r"\s*(?:BASE\s*|PREFIX\s+[^\s:]*:\s*)", re.IGNORECASE)
_UPDATE_KEYWORD = re.compile(r"(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE)


def unescape_codepoints(text: str) -> str:
    def decode(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code < 0x110000 else match.group(0)

    return _CODEPOINT_ESCAPE.sub(decode, text)


def _code_only(text: str) -> str:
    """The query with strings, IRIs and comments blanked out (replaced by spaces, which join nothing)."""
    return _INERT.sub(" ", unescape_codepoints(text))


def refusal(text: str) -> str | None:
    """Why this endpoint will not run `text`, or None. Errs on the side of refusing."""
    code = _code_only(text)
    rest = code
    while match := _PROLOGUE.match(rest):
        rest = rest[match.end() :]
    if _UPDATE_KEYWORD.match(rest.lstrip()):
        return ("This is a SPARQL Update request (INSERT, DELETE, LOAD, CLEAR...). The endpoint is read-only: "
                "it answers queries only.")
    for match in _SERVICE.finditer(code):
        if not _IN_NAME.search(code, 0, match.start()):
            return ("SERVICE (federated query) is not available here: the endpoint never fetches data from the "
                    "network. Query the other endpoint directly.")
    return None


