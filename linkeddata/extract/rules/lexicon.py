"""The word sets of the event finders, read from `lexicon.toml` beside this module.

Each entry of the data file is one word set with an id, the event type or role it serves and example sentences
(checked against the real extractor by the tests). The finders import the sets from here as frozensets under
the names they have always had.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

LEXICON_FILE = "lexicon.toml"
KINDS = ("trigger", "argument", "status", "blocker", "reference", "topic")


class LexiconError(ValueError):
    """The lexicon data file is malformed: the message names the file and the entry."""


@dataclass(frozen=True)
class Example:
    text: str
    yields: str  # an event type value, or "nothing"
    status: str | None = None
    topics: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entry:
    id: str
    name: str
    kind: str
    event: str
    role: str
    words: frozenset[str]
    own_words: tuple[str, ...]  # as written in the file, in order
    includes: tuple[str, ...]
    examples: tuple[Example, ...]


def _entry(raw: dict, where: str) -> Entry:
    for key in ("id", "name", "kind", "event", "role", "words"):
        if key not in raw:
            raise LexiconError(f"{where}: missing '{key}'")
    if raw["kind"] not in KINDS:
        raise LexiconError(f"{where}: kind '{raw['kind']}' is none of {', '.join(KINDS)}")
    words = raw["words"]
    if not isinstance(words, list) or not all(isinstance(w, str) and w == w.lower() and w for w in words):
        raise LexiconError(f"{where}: 'words' must be a list of non-empty lower-case strings")
    examples = []
    for n, example in enumerate(raw.get("example", []), 1):
        if "text" not in example or "yields" not in example:
            raise LexiconError(f"{where}, example {n}: needs 'text' and 'yields'")
        examples.append(Example(example["text"], example["yields"], example.get("status"),
                                tuple(example.get("topics", ()))))
    return Entry(id=raw["id"], name=raw["name"], kind=raw["kind"], event=raw["event"], role=raw["role"],
                 words=frozenset(words), own_words=tuple(words), includes=tuple(raw.get("includes", ())),
                 examples=tuple(examples))


def parse_lexicon(text: str, source: str = LEXICON_FILE) -> dict[str, Entry]:
    """Entries by id, with the words of included entries added."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise LexiconError(f"{source}: {error}") from error
    entries: dict[str, Entry] = {}
    for n, raw in enumerate(data.get("entry", []), 1):
        entry = _entry(raw, f"{source}, entry {n} ({raw.get('id', 'no id')})")
        if entry.id in entries or any(e.name == entry.name for e in entries.values()):
            raise LexiconError(f"{source}, entry {n}: id '{entry.id}' or name '{entry.name}' given twice")
        entries[entry.id] = entry
    for entry in list(entries.values()):
        words = set(entry.words)
        for included in entry.includes:
            if included not in entries:
                raise LexiconError(f"{source}, entry '{entry.id}': includes unknown entry '{included}'")
            words |= entries[included].words
        entries[entry.id] = Entry(**{**entry.__dict__, "words": frozenset(words)})
    return entries


@cache
def load_lexicon() -> dict[str, Entry]:
    text = resources.files(__package__).joinpath(LEXICON_FILE).read_text(encoding="utf-8")
    return parse_lexicon(text)


def words(name: str) -> frozenset[str]:
    """The words of the entry the code knows as `name` ("AGREEMENT_WORDS")."""
    found = next((e for e in load_lexicon().values() if e.name == name), None)
    if found is None:
        raise LexiconError(f"{LEXICON_FILE}: no entry named {name}")
    return found.words


DOC_BEGIN = "<!-- lexicon: generated from linkeddata/extract/rules/lexicon.toml by bench/lexicon_doc.py -->"
DOC_END = "<!-- end of lexicon -->"


def doc_section() -> str:
    """The section of docs/extraction.md that lists the lexicon, with its markers."""
    return f"{DOC_BEGIN}\n\n{render_markdown()}\n{DOC_END}"


def render_markdown() -> str:
    """The lexicon as a Markdown table."""
    lines = ["| id | kind | event | role | words | example |", "| --- | --- | --- | --- | --- | --- |"]
    for entry in load_lexicon().values():
        own = ", ".join(entry.own_words)
        if entry.includes:
            own += "".join(f"; all of `{i}`" for i in entry.includes)
        example = entry.examples[0].text if entry.examples else ""
        lines.append(f"| `{entry.id}` | {entry.kind} | {entry.event} | {entry.role} | {own} | {example} |")
    return "\n".join(lines) + "\n"


AGREEMENT_WORDS = words("AGREEMENT_WORDS")
SIGNING_VERBS = words("SIGNING_VERBS")
SIGNING_NOUNS = words("SIGNING_NOUNS")
TWO_SIDED_DOCUMENT_WORDS = words("TWO_SIDED_DOCUMENT_WORDS")
WITNESSING_VERBS = words("WITNESSING_VERBS")
SUMMIT_NOUNS = words("SUMMIT_NOUNS")
ORGANISATION_GATHERING_NOUNS = words("ORGANISATION_GATHERING_NOUNS")
HOLDING_VERBS = words("HOLDING_VERBS")
GROUP_NAME_HEADS = words("GROUP_NAME_HEADS")
GATHERING_VERBS = words("GATHERING_VERBS")
GATHERING_GROUPS = words("GATHERING_GROUPS")
ATTENDING_VERBS = words("ATTENDING_VERBS")
OFFICIAL_GROUP_NOUNS = words("OFFICIAL_GROUP_NOUNS")
MEAL_NOUNS = words("MEAL_NOUNS")
MEETING_NOUNS = words("MEETING_NOUNS")
CALL_NOUNS = words("CALL_NOUNS")
PHONE_MEDIA = words("PHONE_MEDIA")
REMOTE_MEDIA = words("REMOTE_MEDIA")
VISIT_NOUNS = words("VISIT_NOUNS")
TRAVEL_VERBS = words("TRAVEL_VERBS")
PLANNING_WORDS = words("PLANNING_WORDS")
FUTURE_MARKERS = words("FUTURE_MARKERS")
NEGATORS = words("NEGATORS")
HEDGING_MODALS = words("HEDGING_MODALS")
DELEGATION_NOUNS = words("DELEGATION_NOUNS")
THANKING_VERBS = words("THANKING_VERBS")
NEGATING_HEADS = words("NEGATING_HEADS")
HYPOTHETICAL_HEADS = words("HYPOTHETICAL_HEADS")
WILLINGNESS_HEADS = words("WILLINGNESS_HEADS")
SINGULAR_PRONOUNS = words("SINGULAR_PRONOUNS")
PLURAL_WORDS = words("PLURAL_WORDS")
COUNTRY_GROUP_WORDS = words("COUNTRY_GROUP_WORDS")
DISCUSSION_VERBS = words("DISCUSSION_VERBS")
TALK_VERBS = words("TALK_VERBS")
CALL_REPORT_WORDS = words("CALL_REPORT_WORDS")
