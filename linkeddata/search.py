"""Finding resources by name: the label index behind `/search` and the reconciliation service.

The index holds, for every labelled resource of the data, its preferred and alternative labels, its types
and how often other resources point at it. A query is scored against each label; resources are ranked by how
well a label matches, then by how often they occur. No web and no NLP here: plain strings in, plain records out.
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

_NOT_WORD = re.compile(r"[^\w]+")


def fold(text: str) -> str:
    """Lower case, accents dropped, punctuation as spaces: "Ana  Ruíz-Pérez" -> "ana ruiz perez"."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NOT_WORD.sub(" ", bare.casefold()).replace("_", " ").split())


# How well a label matches a query, by kind of match; an alternative label counts a little less than the
# preferred one, so "NATO" finds the organisation whose name is longer but ranks an exact name above it.
EXACT, PREFIX, ALL_WORDS, SUBSTRING, SOME_WORDS = 1.0, 0.85, 0.7, 0.5, 0.3
ALTERNATIVE = 0.95


def label_match(query: str, label: str) -> float:
    """0 (no match) to 1 (the same words), both already folded."""
    if not query or not label:
        return 0.0
    if query == label:
        return EXACT
    if label.startswith(query + " ") or (label.startswith(query) and len(query) >= 3):
        return PREFIX
    query_words, label_words = query.split(), label.split()
    if all(any(word.startswith(q) for word in label_words) for q in query_words):
        # The more of the label the query covers, the better: "ruiz" fits "ana ruiz" better than a long name.
        covered = sum(len(q) for q in query_words) / max(1, sum(len(w) for w in label_words))
        return ALL_WORDS * (0.8 + 0.2 * min(1.0, covered))
    if len(query) >= 3 and query in label:
        return SUBSTRING
    shared = set(query_words) & set(label_words)
    if shared:
        return SOME_WORDS * len(shared) / len(set(query_words) | set(label_words)) * 2
    return 0.0


@dataclass
class Entry:
    """One findable resource."""

    iri: str
    label: str = ""  # the preferred label as shown
    label_rank: int = 9  # where `label` came from: 0 an English prefLabel ... 5 an altLabel in another language
    labels: dict[str, float] = field(default_factory=dict)  # folded label -> weight (1 preferred, less alt)
    types: set[str] = field(default_factory=set)
    occurrences: int = 0


@dataclass(frozen=True)
class Hit:
    entry: Entry
    match: float  # 0..1, the best label match
    matched: str  # the folded label that matched best

    @property
    def exact(self) -> bool:
        return self.match >= EXACT * ALTERNATIVE

    @property
    def score(self) -> float:
        """0..100: the label match, and a little for how often the resource occurs (at most 10)."""
        frequency = min(1.0, math.log10(1 + self.entry.occurrences) / 3)
        return round(90 * self.match + 10 * frequency, 2)


PREFERRED_WEIGHT = {"pref": 1.0, "label": 1.0, "alt": ALTERNATIVE}


class LabelIndex:
    """Labels, types and occurrence counts of the resources of a dataset."""

    def __init__(self) -> None:
        self.entries: dict[str, Entry] = {}
        self._holders: dict[str, set[str]] = {}  # a word of a label -> the resources holding it
        self._words: list[str] | None = None  # those words, sorted, for prefix lookups

    def _candidates(self, query_words: list[str]) -> set[str]:
        """The resources with a label word that starts with a word of the query: every label that can match."""
        if self._words is None:
            self._words = sorted(self._holders)
        found: set[str] = set()
        for query_word in set(query_words):
            start = bisect.bisect_left(self._words, query_word)
            for word in self._words[start:]:
                if not word.startswith(query_word):
                    break
                found |= self._holders[word]
        return found

    def add_label(self, iri: str, text: str, kind: str, language: str | None = None) -> None:
        """`kind` is "pref" (skos:prefLabel), "label" (rdfs:label, schema:name) or "alt" (skos:altLabel)."""
        folded = fold(text)
        if not folded:
            return
        entry = self.entries.setdefault(iri, Entry(iri))
        for word in folded.split():
            self._holders.setdefault(word, set()).add(iri)
        self._words = None
        weight = PREFERRED_WEIGHT[kind]
        entry.labels[folded] = max(weight, entry.labels.get(folded, 0.0))
        english = language in (None, "", "en") or language.startswith("en-")
        rank = {"pref": 0, "label": 1, "alt": 2}[kind] + (0 if english else 3)
        if rank < entry.label_rank or (rank == entry.label_rank and text < entry.label):
            entry.label, entry.label_rank = text, rank

    def add_type(self, iri: str, type_iri: str) -> None:
        if iri in self.entries:
            self.entries[iri].types.add(type_iri)

    def set_occurrences(self, counts: Mapping[str, int]) -> None:
        for iri, count in counts.items():
            if iri in self.entries:
                self.entries[iri].occurrences = count

    def find(self, query: str, *, types: Iterable[str] | None = None, limit: int = 20,
             minimum: float = 0.25) -> list[Hit]:
        """The best matches of `query`, of any of `types` when given (a set of class IRIs, subclasses
        included by the caller), best first: by label match, then by occurrences, then by label."""
        folded = fold(query)
        if not folded:
            return []
        wanted = set(types) if types is not None else None
        hits = []
        for iri in self._candidates(folded.split()):
            entry = self.entries.get(iri)
            if entry is None or (wanted is not None and not (entry.types & wanted)):
                continue
            best, matched = 0.0, ""
            for label, weight in entry.labels.items():
                value = label_match(folded, label) * weight
                if value > best:
                    best, matched = value, label
            if best >= minimum:
                hits.append(Hit(entry, best, matched))
        # Matches of one kind form a tier; within it, the resource that occurs more often comes first.
        hits.sort(key=lambda h: (-round(h.match, 1), -h.entry.occurrences, -h.match, h.entry.label, h.entry.iri))
        return hits[:limit]

    def type_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for entry in self.entries.values():
            for type_iri in entry.types:
                counts[type_iri] = counts.get(type_iri, 0) + 1
        return counts
