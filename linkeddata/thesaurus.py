"""A thesaurus the build maps topics to (EuroVoc, or any SKOS scheme the publisher brings): a build input,
never shipped with the package.

Read from the CSV layout of the EuroVoc extract (`id,pref_label,alt_labels,broader,microthesaurus`, concept
IRI `http://eurovoc.europa.eu/{id}`) or from any SKOS file rdflib reads (concepts with `skos:prefLabel` and
`skos:altLabel`, English or untagged). A topic phrase equal to a concept's preferred label is an
`skos:exactMatch` of it; equal to one of its alternative labels, an `skos:closeMatch`; a phrase whose last words
are a concept's label ("gas pipelines" -> "pipeline"... "maritime security" -> "security") is narrower than it:
`skos:broadMatch`. A label two concepts share is left unmatched rather than guessed.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from linkeddata.folding import fold

EUROVOC = "http://eurovoc.europa.eu/"
CSV_COLUMNS = ("id", "pref_label", "alt_labels")
# Words too general to stand for a topic's head on their own ("cooperation", "issues" name no concept of it).
_TOO_GENERAL = {"cooperation", "issue", "issues", "relations", "policy", "development", "support", "matters",
                "situation", "efforts", "partnership", "programme", "program", "plan", "system", "area", "areas"}


def topic_label(written: str) -> str:
    """A topic's one label across the dataset: the phrase as found, lower-cased, spaces normalised."""
    return " ".join(written.split()).lower()


_PREPOSITIONS = {"of", "in", "on", "for", "with", "against", "between", "to", "from", "at", "about", "over", "by"}
_DETERMINERS = {"the", "a", "an", "its", "their", "our", "this", "these"}


class ThesaurusError(ValueError):
    pass


@dataclass
class Thesaurus:
    """Folded labels -> concept IRIs; `None` where a label names two concepts."""

    source: str
    preferred: dict[str, str | None] = field(default_factory=dict)
    alternative: dict[str, str | None] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Thesaurus:
        if not Path(path).is_file():
            raise ThesaurusError(f"{path}: no such thesaurus file")
        found = cls(str(path))
        if Path(path).suffix.lower() == ".csv":
            found._read_csv(Path(path))
        else:
            found._read_skos(Path(path))
        if not found.preferred:
            raise ThesaurusError(f"{path}: no concept with a preferred label")
        return found

    def _add(self, table: dict[str, str | None], label: str, iri: str) -> None:
        key = fold(label)
        if key:
            table[key] = iri if table.get(key, iri) == iri else None

    def _read_csv(self, path: Path) -> None:
        try:
            with path.open(encoding="utf-8", newline="") as handle:
                reader = csv.DictReader(handle)
                missing = set(CSV_COLUMNS) - set(reader.fieldnames or [])
                if missing:
                    raise ThesaurusError(f"{path}: no column {', '.join(sorted(missing))}")
                for row in reader:
                    concept = (row.get("id") or "").strip()
                    if not concept:
                        raise ThesaurusError(f"{path}:{reader.line_num}: a concept without an id")
                    iri = EUROVOC + concept
                    self._add(self.preferred, row.get("pref_label") or "", iri)
                    for alt in (row.get("alt_labels") or "").split("|"):
                        self._add(self.alternative, alt, iri)
        except (OSError, UnicodeDecodeError, csv.Error) as error:
            raise ThesaurusError(f"{path}: cannot be read as a thesaurus: {error}") from None

    def _read_skos(self, path: Path) -> None:
        from rdflib import Graph, URIRef
        from rdflib.namespace import SKOS

        graph = Graph()
        try:
            graph.parse(path)
        except Exception as error:  # rdflib raises many kinds for a file it cannot read
            raise ThesaurusError(f"{path}: cannot be read as SKOS: {error}") from None
        for predicate, table in ((SKOS.prefLabel, self.preferred), (SKOS.altLabel, self.alternative)):
            for concept, label in graph.subject_objects(predicate):
                if isinstance(concept, URIRef) and getattr(label, "language", None) in (None, "en"):
                    self._add(table, str(label), str(concept))

    def digest(self) -> str:
        return hashlib.sha256(repr(sorted(self.preferred.items())).encode()).hexdigest()

    def match(self, topic: str) -> list[tuple[str, str]]:
        """(relation, concept IRI) for a topic phrase: exactMatch, closeMatch or broadMatch; empty if none."""
        words = fold(topic).split()
        if not words:
            return []
        whole = " ".join(words)
        if self.preferred.get(whole):
            return [("exactMatch", str(self.preferred[whole]))]
        if self.alternative.get(whole):
            return [("closeMatch", str(self.alternative[whole]))]
        # The head of the phrase: the words before a preposition ("the war in X" is a war), the modifiers
        # dropped one by one ("maritime border security" -> "border security" -> "security").
        cut = next((n for n, word in enumerate(words) if word in _PREPOSITIONS), len(words))
        head_words = [w for w in words[:cut] if w not in _DETERMINERS]
        for start in range(0 if cut < len(words) else 1, len(head_words)):
            head = " ".join(head_words[start:])
            if head in _TOO_GENERAL:
                break
            for form in (head, _singular(head)):
                concept = self.preferred.get(form) or self.alternative.get(form)
                if concept:
                    return [("broadMatch", concept)]
        return []


def _singular(phrase: str) -> str:
    """The phrase with its last word in the singular, as thesaurus descriptors are ("pipelines")."""
    if phrase.endswith("ies") and len(phrase) > 4:
        return phrase[:-3] + "y"
    if phrase.endswith("s") and not phrase.endswith("ss") and len(phrase) > 3:
        return phrase[:-1]
    return phrase
