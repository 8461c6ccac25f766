"""What a 400 says about a query the store cannot take: the undefined prefix or the unknown function by
name, with what to write instead, rather than the parser's list of every token it could have read."""

from __future__ import annotations

import re

from linkeddata.store.refusal import _INERT, unescape_codepoints
from linkeddata.vocab import PREFIXES

_DECLARED = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)
# A prefixed name: a prefix (or none) and a colon, not inside a variable name or another prefixed name.
_USED = re.compile(r"(?<![\w?$.:\\-])([A-Za-z](?:[\w.-]*[\w-])?)?:(?![/])")
_CUSTOM_FUNCTION = re.compile(r"custom function <([^>]*)> is not supported", re.IGNORECASE)
_EXPECTED_LIST = re.compile(r"expected one of .*", re.DOTALL)
VIRTUOSO_PREFIXES = ("bif", "sql")
KNOWN_NAMESPACES = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def undefined_prefixes(text: str) -> list[str]:
    """The prefixes that prefixed names of `text` use and no PREFIX declares, in order of first use."""
    plain = _INERT.sub(" ", unescape_codepoints(text))
    declared = {match.group(1) or "" for match in _DECLARED.finditer(plain)}
    body = _DECLARED.sub(" ", plain)
    used = [match.group(1) or "" for match in _USED.finditer(body)]
    return [prefix for prefix in dict.fromkeys(used) if prefix not in declared]


def _declaration_hint(prefix: str) -> str:
    if prefix in KNOWN_NAMESPACES:
        return f"add PREFIX {prefix}: <{KNOWN_NAMESPACES[prefix]}>"
    if prefix in VIRTUOSO_PREFIXES:
        return (f"'{prefix}:' names Virtuoso's built-in functions, which other stores lack: use the standard "
                "CONTAINS, REGEX or STRSTARTS in a FILTER")
    return f"declare it with PREFIX {prefix}: <namespace IRI>"


def shorten(parser_message: str) -> str:
    """The parser's message without its list of every token that could have come next."""
    return _EXPECTED_LIST.sub("unexpected input here", parser_message).strip()


def explain_syntax_error(text: str, parser_message: str) -> str:
    """The message of a 400 for a query that does not parse."""
    missing = undefined_prefixes(text)
    if missing:
        named = ", ".join(f"'{prefix}:'" for prefix in missing)
        hints = "; ".join(_declaration_hint(prefix) for prefix in missing)
        return (f"Malformed query: undefined prefix {named} ({hints}). The parser says: "
                f"{shorten(parser_message)}")
    return f"Malformed query: {shorten(parser_message)}"


def explain_unsupported(error_message: str) -> str | None:
    """The message of a 400 for a query that parses but calls a function this store lacks, else None."""
    found = _CUSTOM_FUNCTION.search(error_message)
    if found is None:
        return None
    function = found.group(1)
    hint = ("Virtuoso's bif: functions are not available here; use the standard CONTAINS, REGEX or STRSTARTS in a "
            "FILTER" if function.startswith("bif:") else
            "this endpoint evaluates the SPARQL 1.1 functions and the XSD casts (xsd:integer(...)) only")
    return f"Unknown function <{function}>: {hint}."
