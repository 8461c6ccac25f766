"""The package's topic scheme: a few hundred curated concepts of diplomatic subjects (`extract/data/topics.toml`),
with `skos:broader` ("gas pipelines" is a kind of "oil and gas", itself of "energy") and `skos:altLabel` for the
phrasings articles use.

A topic phrase as an article writes it is mapped to a concept by its words, folded and normalised (determiners
dropped, the last word also in the singular): a phrase equal to a concept's preferred or alternative label is
that concept ("the climate crisis" -> climate change); else its head is looked for, the words before a
preposition with their leading modifiers dropped one by one ("maritime border security" -> border security), or
the subject of a frame ("cooperation on clean energy", "energy ties" -> the energy concepts). A head counts only
where it keeps at least half of the phrase's words, so that a concept never stands for a much narrower subject
("the security of undersea cables in the Baltic" stays a phrase of its own). No NLP here: words only.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from linkeddata.thesaurus import fold

_DETERMINERS = {"the", "a", "an", "its", "their", "our", "this", "these", "those", "both", "all"}
_PREPOSITIONS = {"of", "in", "on", "for", "with", "against", "between", "to", "from", "at", "about", "over", "by",
                 "among", "across", "within", "through", "toward", "towards", "around"}
# Nouns that frame a subject without naming one: "cooperation on energy", "energy ties" are about energy.
_FRAMES = {"cooperation", "collaboration", "partnership", "ties", "relations", "relationship", "issues", "issue",
           "matters", "engagement", "coordination", "efforts", "situation", "sector", "policy", "agenda",
           "projects", "dialogue", "talks", "questions", "sphere", "field", "fields", "area", "areas", "links"}
# Words the scorer of this project's evaluation also ignores when it compares topic labels.
_STOP = {"of", "the", "and", "for", "to", "a"}


@dataclass(frozen=True)
class Concept:
    key: str
    label: str
    broader: str | None = None
    alt_labels: tuple[str, ...] = ()


class SchemeError(ValueError):
    pass


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def _normal(words: list[str]) -> str:
    """The words compared: determiners dropped, the last word in the singular."""
    kept = [w for w in words if w not in _DETERMINERS]
    if kept:
        kept[-1] = _singular(kept[-1])
    return " ".join(kept)


def _overlap(a: str, b: str) -> float:
    x, y = set(a.split()) - _STOP, set(b.split()) - _STOP
    return len(x & y) / len(x | y) if x | y else 0.0


@dataclass
class TopicScheme:
    concepts: dict[str, Concept] = field(default_factory=dict)
    # Normalised label -> concept key, preferred labels winning over alternative ones.
    by_label: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_toml(cls, text: str, source: str = "topics.toml") -> TopicScheme:
        from linkeddata.extract.gazetteer import slug

        try:
            tables = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise SchemeError(f"{source}: {error}") from None
        scheme = cls()
        for label, table in tables.items():
            if not isinstance(table, dict) or label != " ".join(label.lower().split()):
                raise SchemeError(f"{source}: [{label}] is no lower-case concept label with a table")
            scheme.concepts[slug(label)] = Concept(slug(label), label, table.get("broader"),
                                                   tuple(table.get("alt", ())))
        for concept in scheme.concepts.values():
            if concept.broader is not None and slug(concept.broader) not in scheme.concepts:
                raise SchemeError(f"{source}: [{concept.label}] is narrower than {concept.broader!r}, no concept")
        for concept in scheme.concepts.values():
            scheme.by_label[_normal(fold(concept.label).split())] = concept.key
        for concept in scheme.concepts.values():
            for alt in concept.alt_labels:
                form = _normal(fold(alt).split())
                if scheme.by_label.setdefault(form, concept.key) != concept.key and form != _normal(
                        fold(scheme.concepts[scheme.by_label[form]].label).split()):
                    raise SchemeError(f"{source}: {alt!r} is a label of two concepts")
        return scheme

    def broader(self, concept: Concept) -> Concept | None:
        from linkeddata.extract.gazetteer import slug

        return self.concepts.get(slug(concept.broader)) if concept.broader else None

    def narrower(self, concept: Concept) -> list[Concept]:
        return [c for c in self.concepts.values() if c.broader == concept.label]

    def _lookup(self, words: list[str]) -> Concept | None:
        key = self.by_label.get(_normal(words))
        return self.concepts[key] if key else None

    def concept_of(self, phrase: str) -> Concept | None:
        """The concept a topic phrase stands for, or None where none fits it closely enough."""
        words = [w for w in fold(phrase).split() if w not in _DETERMINERS]
        if not words:
            return None
        whole = " ".join(words)
        if found := self._lookup(words):
            return found
        cut = next((n for n, word in enumerate(words) if word in _PREPOSITIONS), len(words))
        head, rest = words[:cut], words[cut + 1:]
        candidates: list[list[str]] = [head[start:] for start in range(len(head))]
        if head and _singular(head[-1]) in {_singular(f) for f in _FRAMES}:
            # "energy cooperation", "cooperation on energy": the subject, then the subject with the frame.
            subject = head[:-1] or rest
            candidates = [subject[start:] for start in range(len(subject))] + candidates
        for candidate in candidates:
            if candidate and (found := self._lookup(candidate)) and _overlap(fold(found.label), whole) >= 0.5:
                return found
        return None


@cache
def scheme() -> TopicScheme:
    """The package's own scheme, read once."""
    text = resources.files("linkeddata.extract").joinpath("data", "topics.toml").read_text(encoding="utf-8")
    return TopicScheme.from_toml(text, "linkeddata/extract/data/topics.toml")


__all__ = ["Concept", "SchemeError", "TopicScheme", "scheme"]
