"""How names and labels are compared: one folding for the gazetteer, the thesaurus and the topic scheme.

A leaf module with no dependency of its own, so that extraction and mapping can both read it."""

from __future__ import annotations

import re
import unicodedata

_NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """ASCII-folded, lower-case, punctuation-free form used to compare names."""
    text = text.replace("’", "'")
    if not text.isascii():  # most names are ASCII already, and folding is on the path of every token
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_ALPHANUMERIC.sub(" ", text.lower()).strip()


def slug(text: str) -> str:
    """Folded words joined by dashes: the key of a gazetteer entry or a topic concept."""
    return fold(text).replace(" ", "-")
