"""The package's topic scheme: a few hundred curated concepts of diplomatic subjects (`extract/data/topics.toml`),
with `skos:broader` ("gas pipelines" is a kind of "oil and gas", itself of "energy") and `skos:altLabel` for the
phrasings articles use.

A topic phrase as an article writes it is mapped to a concept by its words, folded and normalised (determiners
dropped, the last word also in the singular): a phrase equal to a concept's preferred or alternative label is
that concept ("the climate crisis" -> climate change); else its head is looked for, the words before a
preposition with their leading modifiers dropped one by one ("maritime border security" -> border security), or
the subject of a frame ("cooperation on clean energy", "energy ties" -> the energy concepts). A head counts only
where its preferred label keeps at least half of the phrase's words, so that a concept never stands for a much
narrower subject: "the security of undersea cables in the Baltic" stays a concept of its own, narrower than
security (`broader_of`). No NLP here: words only.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from linkeddata.folding import fold, slug

_DETERMINERS = {"the", "a", "an", "its", "their", "our", "this", "these", "those", "both", "all"}
_PREPOSITIONS = {"of", "in", "on", "for", "with", "against", "between", "to", "from", "at", "about", "over", "by",
                 "among", "across", "within", "through", "toward", "towards", "around"}
# Nouns that frame a subject without naming one: "cooperation on energy", "energy ties" are about energy.
_FRAMES = {"cooperation", "collaboration", "partnership", "ties", "relations", "relationship", "issues", "issue",
           "matters", "engagement", "coordination", "efforts", "situation", "sector", "policy", "agenda",
           "projects", "dialogue", "talks", "questions", "sphere", "field", "fields", "area", "areas", "links",
           "respect", "support", "commitment", "solidarity", "challenges", "priorities", "opportunities",
           "threat", "threats", "importance", "role"}
# Frames that, between two parties ("cooperation between A and B", "ties with C"), are the parties' own.
_BILATERAL_FRAMES = {"cooperation", "collaboration", "partnership", "ties", "relations", "relationship",
                     "engagement", "dialogue", "coordination"}
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


def _near(a: str, b: str) -> bool:
    """One word in two spellings or numbers: "defence" and "defense", "pipeline" and "pipelines"."""
    if a == b:
        return True
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:n] + long[n + 1:] == short for n in range(len(long)))


def _overlap(a: str, b: str) -> float:
    """The share of words two labels have in common (in any spelling), of the words either has."""
    x, y = set(a.split()) - _STOP, set(b.split()) - _STOP
    common = sum(1 for word in x if any(_near(word, other) for other in y))
    return common / (len(x) + len(y) - common) if x | y else 0.0


@dataclass
class TopicScheme:
    concepts: dict[str, Concept] = field(default_factory=dict)
    # Normalised label -> concept key, preferred labels winning over alternative ones.
    by_label: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_toml(cls, text: str, source: str = "topics.toml") -> TopicScheme:
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
        return self.concepts.get(slug(concept.broader)) if concept.broader else None

    def narrower(self, concept: Concept) -> list[Concept]:
        return [c for c in self.concepts.values() if c.broader == concept.label]

    def _lookup(self, words: list[str]) -> Concept | None:
        key = self.by_label.get(_normal(words))
        return self.concepts[key] if key else None

    def _candidates(self, phrase: str) -> tuple[str, list[Concept]]:
        """The phrase's words, and the concepts its whole, its head or its frame's subject name, best first."""
        words = [w for w in fold(phrase).split() if w not in _DETERMINERS]
        whole = " ".join(words)
        cut = next((n for n, word in enumerate(words) if word in _PREPOSITIONS), len(words))
        head, rest = words[:cut], words[cut + 1:]
        candidates: list[list[str]] = [words] + [head[start:] for start in range(len(head))]
        if head and _singular(head[-1]) in {_singular(f) for f in _FRAMES}:
            # "energy cooperation", "cooperation on energy": the subject, then the subject with the frame.
            subject = head[:-1] or rest
            candidates = [words] + [subject[start:] for start in range(len(subject))] + candidates[1:]
        if len(head) == 1 and head[0] in _BILATERAL_FRAMES and cut < len(words) and words[cut] in ("between", "with"):
            candidates.append(["bilateral", head[0]])
        found = [concept for candidate in candidates if candidate and (concept := self._lookup(candidate))]
        return whole, found

    def concept_of(self, phrase: str) -> Concept | None:
        """The concept a topic phrase stands for: one of the phrase's concepts whose preferred label keeps at
        least half of its words (so that the topic's label still says what the article said); else None."""
        whole, found = self._candidates(phrase)
        return next((c for c in found if _overlap(fold(c.label), whole) >= 0.5), None)

    def broader_of(self, phrase: str) -> Concept | None:
        """For a phrase no concept stands for, the concept it is a narrower subject of ("the security
        situation in the north" of security), or None."""
        if self.concept_of(phrase) is not None:
            return None
        return next(iter(self._candidates(phrase)[1]), None)


@cache
def scheme() -> TopicScheme:
    """The package's own scheme, read once."""
    text = resources.files("linkeddata.extract").joinpath("data", "topics.toml").read_text(encoding="utf-8")
    return TopicScheme.from_toml(text, "linkeddata/extract/data/topics.toml")


__all__ = ["Concept", "SchemeError", "TopicScheme", "scheme"]
