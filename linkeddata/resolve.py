"""Cross-article resolution: the same person, organisation or country gets one key in the whole dataset.

The `Resolver` keeps a registry of the keys given out and the name variants seen under each. A key once
given out is never changed (URIs minted from it must stay put); a new article's entity either joins an
existing key or mints a new one. The result depends only on the registry and the order of the input.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from linkeddata import iris
from linkeddata.extract import gazetteer
from linkeddata.extract.gazetteer import (
    HONORIFICS,
    NAME_SUFFIXES,
    OFFICE_WORDS,
    TITLE_GLUE,
    TITLE_HEADS,
    fold,
    slug,
)
from linkeddata.extract.names import given_names_compatible
from linkeddata.facts import ArticleFacts, Country, EntityKind, Event, Person, Post, Ref
from linkeddata.links import Link
from linkeddata.thesaurus import Thesaurus, topic_label
from linkeddata.topic_scheme import scheme as topic_scheme


def person_tokens(name: str) -> list[str]:
    return list(_person_tokens(name))


@lru_cache(maxsize=65536)
def _person_tokens(name: str) -> tuple[str, ...]:
    tokens = [t for t in fold(name).split() if t not in NAME_SUFFIXES and t not in HONORIFICS]
    # Titles written before a name are no part of it ("President Joseph R. Halvorsen Jr.").
    while len(tokens) > 1 and (tokens[0] in TITLE_HEADS or tokens[0] in OFFICE_WORDS):
        tokens.pop(0)
    return tuple(tokens)


def same_person(a: str, b: str) -> bool:
    """Two name forms that denote one person in a registry: "Joe Halvorsen" ~ "Joseph R. Halvorsen Jr."."""
    ta, tb = _person_tokens(a), _person_tokens(b)
    if not ta or not tb:
        return False
    if ta == tb or sorted(ta) == sorted(tb):
        return True
    if len(ta) >= 2 and len(tb) >= 2:
        return ta[-1] == tb[-1] and given_names_compatible(ta[:-1], tb[:-1])
    return False


_TITLE_WORDS = TITLE_HEADS | OFFICE_WORDS | TITLE_GLUE


@lru_cache(maxsize=4096)
def title_core(title: str) -> str:
    """The office a title names, without the words the parse let run into it: "readout of vice president"
    and "pursuant to president" are "vice president" and "president"; a title of other words stays whole."""
    words = fold(title).split()
    start = len(words)
    while start > 0 and words[start - 1] in _TITLE_WORDS:
        start -= 1
    core = words[start:]
    while core and core[0] in TITLE_GLUE:
        core.pop(0)
    text = " ".join(core) if set(core) & TITLE_HEADS else " ".join(words)
    # "Minister of Foreign Affairs" is the "Foreign Minister".
    return _MINISTER_OF.sub(r"\1 minister", text)


_MINISTER_OF = re.compile(r"^minister (?:of|for) (?:the )?(\w+)(?: affairs)?$")


@dataclass
class _Entry:
    key: str
    variants: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    # The countries the person's posts are in, or that the person acts for, article by article.
    countries: list[str] = field(default_factory=list)
    # The one preferred name in every article graph, given once (the fullest name known when the key was
    # minted), so that the union of the graphs gives the person one label.
    label: str = ""

    def settle_label(self) -> None:
        """Give the entry its label once, the fullest name known then; it never changes after, as graphs
        written with it are reused by later builds (a fuller name joins as a variant, an altLabel)."""
        if not self.label and self.variants:
            self.label = max(self.variants, key=lambda v: (len(_person_tokens(v)), len(v), v))

    def full_names(self) -> list[tuple[str, ...]]:
        return [tokens for tokens in map(_person_tokens, self.variants) if len(tokens) >= 2]

    def title_cores(self) -> frozenset[str]:
        return frozenset(map(title_core, self.titles))

    def surnames(self) -> set[str]:
        return {tokens[-1] for tokens in map(_person_tokens, self.variants) if tokens}


@dataclass(frozen=True)
class _Evidence:
    """What one article says of a person besides the name: the titles it gives and the countries it puts
    the person's posts in."""

    titles: frozenset[str]
    countries: frozenset[str]

    @classmethod
    def of(cls, person: Person) -> _Evidence:
        titles = frozenset(title_core(p.title) for p in person.posts if p.title)
        if person.presumed:  # the publisher's country, not the article's word: no evidence of who it is
            return cls(titles, frozenset())
        refs = [person.represents, *(p.of for p in person.posts)]
        countries = frozenset(ref.key for ref in refs if ref is not None and ref.kind == EntityKind.COUNTRY)
        return cls(titles, countries)

    def shares_title(self, entry: _Entry) -> bool:
        return any(titles_compatible(a, b) for a in self.titles for b in entry.title_cores())

    def conflicts(self, entry: _Entry) -> bool:
        """Another post or another country than the known person's: two people, not one."""
        return bool(self.titles and entry.titles and not self.shares_title(entry)) or bool(
            self.countries and entry.countries and not self.countries & set(entry.countries))

    def agrees(self, entry: _Entry) -> bool:
        """A post the known person holds, in a country of theirs where the article states one: a surname
        with these is that person."""
        return self.shares_title(entry) and not self.conflicts(entry)


@lru_cache(maxsize=1)
def _listed_by_acronym() -> dict[str, gazetteer.OrganizationInfo]:
    """The organisations of the gazetteer by their acronym, folded and without spaces ("g7", "un")."""
    return {fold(acronym).replace(" ", ""): info for acronym, info in gazetteer.organizations_by_acronym().items()
            if len(fold(acronym).replace(" ", "")) >= 2}


_NAME_GLUE = {"of", "and", "the", "for", "on", "in", "to", "de", "des", "du", "la", "le", "et", "y"}


def acronym_fits(name: str, acronym: str) -> bool:
    """Whether `acronym` may abbreviate `name`: the name is the acronym, or the initials of the name's words
    and the acronym's letters agree, one read inside the other ("HHS" in "U.S. Department of Health and
    Human Services", "LIUNA" around "International Union of North America"); never "TX" for a college."""
    letters = fold(acronym).replace(" ", "")
    if not letters or letters == fold(name).replace(" ", ""):
        return True
    listed = gazetteer.organizations_by_acronym().get(acronym)
    if listed is not None and fold(listed.name) == fold(name):  # "G7", "Group of Seven"
        return True
    initials = "".join(word[0] for word in fold(name).split() if word not in _NAME_GLUE)
    return bool(initials) and (_subsequence(letters, initials) or _subsequence(initials, letters))


def _subsequence(short: str, long: str) -> bool:
    remaining = iter(long)
    return all(letter in remaining for letter in short)


def titles_compatible(a: str, b: str) -> bool:
    """One post, the one title maybe written short: "secretary" ~ "secretary of state"; not "president" ~
    "vice president", nor "minister" ~ "prime minister"."""
    return a == b or a.startswith(b + " ") or b.startswith(a + " ")


@dataclass
class Resolver:
    """The dataset-wide registry of person and organisation keys and the names seen under each."""

    persons: dict[str, _Entry] = field(default_factory=dict)
    organizations: dict[str, _Entry] = field(default_factory=dict)
    # The key each name of each article was given: an article built again gets the same keys, also where
    # the registry has grown around it (a surname alone, shared by two known people, would mint anew).
    assignments: dict[str, dict[str, str]] = field(default_factory=dict)
    # Why each name of each article got its key, so that a wrong merge can be traced to its evidence.
    notes: dict[str, dict[str, str]] = field(default_factory=dict)
    # Person keys given out once and merged since into another person's: old key -> the surviving key.
    merged: dict[str, str] = field(default_factory=dict)
    # Which person keys have a variant holding a token: two names share a token before they can match,
    # so only those keys are compared (a scan of the whole registry per name grows with the square).
    _keys_by_token: dict[str, set[str]] = field(default_factory=dict, repr=False)
    _organizations_by_variant: dict[str, set[str]] = field(default_factory=dict, repr=False)
    _article_counts: Counter[str] | None = field(default=None, repr=False)
    _country_votes: dict[str, Counter[str]] = field(default_factory=dict, repr=False)
    # The curated links out (`linkeddata.links`): applied to every resource they name, never saved here.
    links: list[Link] = field(default_factory=list, repr=False)
    # Each topic's one label across the dataset, by the key of its URI: the first spelling seen
    # ("two-state solution", not also "two state solution").
    topic_labels: dict[str, str] = field(default_factory=dict)
    # The thesaurus topics are mapped to (`linkeddata.thesaurus`), where the build was given one.
    thesaurus: Thesaurus | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        for key, entry in self.persons.items():
            for variant in entry.variants:
                self._index(key, variant)
        for key, entry in self.organizations.items():
            self._index_organization(key, entry.variants)

    def _index_organization(self, key: str, variants: list[str]) -> None:
        # Both as written (acronyms are matched exactly) and folded (names are matched folded).
        for variant in variants:
            self._organizations_by_variant.setdefault(variant, set()).add(key)
            self._organizations_by_variant.setdefault("\0" + fold(variant), set()).add(key)

    def _first_organization(self, variant: str) -> str | None:
        found = self._organizations_by_variant.get(variant)
        return next((key for key in self.organizations if key in found), None) if found else None

    def _index(self, key: str, name: str) -> None:
        for token in _person_tokens(name):
            self._keys_by_token.setdefault(token, set()).add(key)

    def _candidates(self, tokens: tuple[str, ...] | list[str]) -> list[str]:
        """The person keys sharing a token with `tokens`, in registry order, merged ones left out."""
        found = set().union(*(self._keys_by_token.get(token, set()) for token in tokens)) if tokens else set()
        return [key for key in self.persons if key in found and key not in self.merged]

    def surviving(self, key: str) -> str:
        """The key a person key stands for now: itself, or the key it was merged into."""
        seen = {key}
        while key in self.merged and self.merged[key] not in seen:
            key = self.merged[key]
            seen.add(key)
        return key

    def aliases(self) -> dict[str, list[str]]:
        """Surviving key -> the keys merged into it."""
        found: dict[str, list[str]] = {}
        for old in sorted(self.merged):
            found.setdefault(self.surviving(old), []).append(old)
        return found

    # --- persistence ----------------------------------------------------------------------------------

    @classmethod
    def load(cls, path: Path) -> Resolver:
        if not Path(path).exists():
            return cls()
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        resolver = cls()
        for kind, table in (("persons", resolver.persons), ("organizations", resolver.organizations)):
            for key, entry in data.get(kind, {}).items():
                table[key] = _Entry(key, list(entry.get("variants", [])), list(entry.get("titles", [])),
                                    list(entry.get("countries", [])), entry.get("label", ""))
        resolver.assignments = {article: dict(names) for article, names in data.get("articles", {}).items()}
        resolver.notes = {article: dict(names) for article, names in data.get("resolution", {}).items()}
        resolver.merged = dict(data.get("merged", {}))
        resolver.topic_labels = dict(data.get("topics", {}))
        resolver.__post_init__()
        resolver.consolidate()
        return resolver

    def consolidate(self) -> None:
        """Merge each person known by a surname alone into the one named person the rules now join it to:
        a registry kept by a build with older rules holds one key per article for a bare surname. The old
        key is kept, as an alias of the surviving one (`merged`), so that its URI still answers."""
        for key in sorted(self.persons, key=_key_order):
            entry = self.persons[key]
            if key in self.merged or entry.full_names() or not entry.titles:
                continue
            evidence = _Evidence(entry.title_cores(), frozenset(entry.countries))
            surnames = entry.surnames()
            named = [k for k in self._candidates(sorted(surnames)) if k != key and self.persons[k].full_names()
                     and surnames & self.persons[k].surnames() and evidence.agrees(self.persons[k])]
            ranked = sorted(named, key=lambda k: (-self._articles_of(k), _key_order(k)))
            if len(ranked) == 1 or (len(ranked) > 1 and self._articles_of(ranked[0])
                                    >= 3 * max(1, self._articles_of(ranked[1]))):
                self._merge(key, ranked[0])

    def _merge(self, old: str, surviving: str) -> None:
        self.merged[old] = surviving
        entry, into = self.persons[old], self.persons[surviving]
        into.variants = sorted({*into.variants, *entry.variants})
        into.settle_label()
        into.titles = sorted({*into.titles, *entry.titles})
        into.countries = sorted({*into.countries, *entry.countries})
        for variant in entry.variants:
            self._index(surviving, variant)

    def save(self, path: Path) -> None:
        data: dict[str, object] = {
            kind: {key: {"variants": sorted(set(e.variants)), "titles": sorted(set(e.titles)),
                         **({"countries": sorted(set(e.countries))} if e.countries else {}),
                         **({"label": e.label} if e.label else {})}
                   for key, e in sorted(table.items())}
            for kind, table in (("persons", self.persons), ("organizations", self.organizations))}
        data["articles"] = {article: dict(sorted(names.items())) for article, names in sorted(self.assignments.items())}
        data["resolution"] = {article: dict(sorted(names.items())) for article, names in sorted(self.notes.items())}
        data["merged"] = dict(sorted(self.merged.items()))
        data["topics"] = dict(sorted(self.topic_labels.items()))
        Path(path).write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")

    # --- resolution -----------------------------------------------------------------------------------

    def _person_key(self, person: Person) -> tuple[str, str]:
        """The key of a person mention and why: a known person it joins, or a new key."""
        evidence = _Evidence.of(person)
        tokens = person_tokens(person.name)
        if len(tokens) >= 2:
            found = self._full_name_key(person.name, tokens, evidence)
        else:
            found = self._surname_key(tokens[0] if tokens else "", evidence)
        if found is not None:
            return found
        key = slug(person.name) or "person"
        base, n = key, 2
        while key in self.persons:
            key = f"{base}-{n}"
            n += 1
        self.persons[key] = _Entry(key, [person.name])
        self._index(key, person.name)
        return key, "new: no known person of this name" + ("" if len(tokens) >= 2 else " with a compatible post")

    def _full_name_key(self, name: str, tokens: list[str], evidence: _Evidence) -> tuple[str, str] | None:
        candidates = self._candidates(tokens)
        same = [k for k in candidates if any(same_person(name, v) for v in self.persons[k].variants)]
        if same:
            # The same full name is the same person, also in another office: posts change over time.
            fitting = [k for k in same if not evidence.conflicts(self.persons[k])] or same
            key = min(fitting, key=lambda k: (-self._overlap(k, name), _key_order(k)))
            return key, "same full name"
        # A person known so far by the surname alone, in the same post and country, now named in full.
        surname = tokens[-1]
        partial = [k for k in candidates if not self.persons[k].full_names()
                   and surname in self.persons[k].surnames() and evidence.agrees(self.persons[k])]
        if len(partial) == 1:
            return partial[0], "full name of the person known by the surname, with the same post and country"
        return None

    def _surname_key(self, surname: str, evidence: _Evidence) -> tuple[str, str] | None:
        holders = [k for k in self._candidates([surname]) if surname in self.persons[k].surnames()]
        compatible = [k for k in holders if not evidence.conflicts(self.persons[k])]
        if not compatible:
            return None
        if len(compatible) == 1:
            return compatible[0], "surname of the single known holder with a compatible post and country"
        agreeing = [k for k in compatible if evidence.agrees(self.persons[k])]
        named = [k for k in agreeing if self.persons[k].full_names()]
        if len(named) == 1:
            return named[0], "surname with the post and country of one known person"
        # Several named people with the post (a title wrongly given, or two holders in turn): the one the
        # articles name far more often with it is meant, where one is.
        ranked = sorted(named, key=lambda k: (-self._articles_of(k), _key_order(k)))
        if len(ranked) > 1 and self._articles_of(ranked[0]) >= 3 * max(1, self._articles_of(ranked[1])):
            return ranked[0], "surname with the post of the known person most often named with it"
        if len(agreeing) == 1:
            return agreeing[0], "surname with the post and country of one known person"
        # Nothing tells the known holders apart: the mention joins the one person known by this surname
        # alone (one per surname, not one per article), so that a later article can still tell them apart.
        bare = [k for k in (agreeing or compatible) if not self.persons[k].full_names()]
        if bare:
            key = min(bare, key=_key_order)
            return key, "surname shared by several known people: the person known by the surname alone"
        return None

    def _countries_as_topics(self, facts: ArticleFacts) -> None:
        for label in sorted({t for event in facts.events for t in event.topics}):
            key = gazetteer.country_by_name(label)
            info = gazetteer.countries().get(key) if key else None
            if info is None:
                continue
            facts.topic_countries[label] = info.key
            if all(c.key != info.key for c in facts.countries):
                facts.countries = sorted([*facts.countries, Country(info.key, info.name, info.wikidata,
                                                                    info.geonames)], key=lambda c: c.key)

    def _topics_in_scheme(self, facts: ArticleFacts) -> None:
        """Each topic phrase that is no country mapped to its concept of the package's scheme, or else to the
        concept it is narrower than; the phrases left, and the concepts, matched to the build's thesaurus."""
        scheme = topic_scheme()
        labels = sorted({topic_label(t) for e in facts.events for t in e.topics} - set(facts.topic_countries))
        for label in labels:
            if (concept := scheme.concept_of(label)) is not None:
                facts.topic_concepts[label] = concept.key
            elif (broader := scheme.broader_of(label)) is not None:
                facts.topic_broader[label] = broader.key
        if self.thesaurus is None:
            return
        described = {label for label in labels if label not in facts.topic_concepts}
        for key in {*facts.topic_concepts.values(), *facts.topic_broader.values()}:
            concept = scheme.concepts.get(key)
            while concept is not None:
                described.add(concept.label)
                concept = scheme.broader(concept)
        facts.topic_matches = {label: found for label in sorted(described) if (found := self._thesaurus_match(label))}

    def _thesaurus_match(self, label: str) -> list[tuple[str, str]]:
        """A topic is matched by its label; a scheme concept the thesaurus knows by no form of its preferred
        label, by the first of its alternative labels the thesaurus holds (a close match at best)."""
        assert self.thesaurus is not None
        found = self.thesaurus.match(label)
        concept = topic_scheme().concepts.get(iris.slug(label))
        if found or concept is None or concept.label != label:
            return found
        for alt in concept.alt_labels:
            close = [("closeMatch", iri) for relation, iri in self.thesaurus.match(alt) if relation != "broadMatch"]
            if close:
                return close
        return found

    def _apply_links(self, facts: ArticleFacts) -> None:
        if not self.links:
            return
        for org in facts.organizations:
            org.same_as = sorted({link.iri for link in self.links
                                  if link.kind == EntityKind.ORGANIZATION and link.key == org.key})
        for person in facts.persons:
            entry = self.persons[person.key]
            person.same_as = sorted({link.iri for link in self.links
                                     if link.kind == EntityKind.PERSON and self._links_to(link, person, entry)})

    def _links_to(self, link: Link, person: Person, entry: _Entry) -> bool:
        if link.key is not None:
            return link.key == person.key
        if not link.name or not any(same_person(link.name, v) for v in entry.variants):
            return False
        countries = set(entry.countries) | ({person.represents.key} if person.represents else set())
        titles = set(entry.title_cores()) | {title_core(p.title) for p in person.posts if p.title}
        return (link.post is None or any(titles_compatible(title_core(link.post), t) for t in titles)) and (
            link.country is None or link.country in countries)

    def _votes(self, key: str) -> Counter[str]:
        """How many articles put the person's posts in each country (those of an earlier build once each)."""
        if key not in self._country_votes:
            self._country_votes[key] = Counter(self.persons[key].countries)
        return self._country_votes[key]

    def _known_post_elsewhere(self, key: str, evidence: _Evidence) -> bool:
        """The article puts a post the person is known to hold in a country no article gave it before, where
        two or more put it in one other: one post is in one country, so the article's parse went astray ("Prime
        Minister A of Xland and Vice President B" gives B no post in Xland)."""
        votes = self._votes(key)
        if not evidence.countries or not votes or evidence.countries & set(votes):
            return False
        best = votes.most_common(1)[0][1]
        return best >= 2 and evidence.shares_title(self.persons[key])

    def _articles_of(self, key: str) -> int:
        if self._article_counts is None:
            self._article_counts = Counter(k for names in self.assignments.values() for k in set(names.values()))
        return self._article_counts[key]

    def _overlap(self, key: str, name: str) -> int:
        return max((len(set(person_tokens(v)) & set(person_tokens(name))) for v in self.persons[key].variants),
                   default=0)

    def _organization_key(self, name: str, acronym: str | None) -> str:
        # An acronym joins only a body whose name it abbreviates: a state's code in brackets after two
        # universities ("(TX)") makes them no one body.
        by_acronym = acronym if acronym and acronym_fits(name, acronym) else None
        known = self._first_organization("\0" + fold(name)) or (
            self._first_organization(by_acronym) if by_acronym else None)
        if known is not None:
            return known
        key = slug(name) or "organization"
        base, n = key, 2
        while key in self.organizations:
            key = f"{base}-{n}"
            n += 1
        self.organizations[key] = _Entry(key, [name])
        self._index_organization(key, [name])
        return key

    def resolve(self, facts: ArticleFacts) -> ArticleFacts:
        """The same facts with person and organisation keys replaced by the dataset's canonical keys."""
        renames: dict[Ref, Ref] = {}
        for org in facts.organizations:
            listed = _listed_by_acronym().get(fold(org.name).replace(" ", ""))
            if listed is not None and not org.acronym:  # "G-7", "U.N.": a listed body written as its acronym
                org.name, org.acronym = listed.name, listed.acronym
            key = self._organization_key(org.name, org.acronym)
            entry = self.organizations[key]
            fitting = org.acronym if org.acronym and acronym_fits(org.name, org.acronym) else None
            entry.variants = sorted({*entry.variants, org.name, *([fitting] if fitting else [])})
            known = gazetteer.organizations_by_name().get(fold(org.name)) or (
                gazetteer.organizations_by_acronym().get(org.acronym) if org.acronym else None)
            if known is not None and fold(known.name) == fold(org.name):
                # A listed body is called what the list calls it, in every article and build.
                entry.label = known.label
                org.wikidata = known.wikidata
            if not entry.label:
                entry.label = org.name
            org.alt_names = sorted({org.name, *([org.acronym] if org.acronym else [])})
            self._index_organization(key, entry.variants)
            renames[Ref(EntityKind.ORGANIZATION, org.key)] = Ref(EntityKind.ORGANIZATION, key)
            org.key = key
        for org in facts.organizations:
            # One preferred label for the body across the dataset, once every mention of it here is known (a
            # later mention of a listed body gives the label of the list).
            org.name = self.organizations[org.key].label
            org.alt_names = [name for name in org.alt_names if name != org.name]
        given = self.assignments.setdefault(facts.article_id, {})
        notes = self.notes.setdefault(facts.article_id, {})
        for person in facts.persons:
            key = given.get(person.name)
            if key is not None and key in self.persons:
                if self.surviving(key) != key:
                    # The URI this article gave the person before a merge: said to be the same, so that it
                    # still answers (with a redirect) and links made to it hold.
                    person.aliases = sorted({*person.aliases, key})
                key = self.surviving(key)
            else:
                key, why = self._person_key(person)
                notes[person.name] = f"{key}: {why}"
            if self._article_counts is not None and key not in given.values():
                self._article_counts[key] += 1
            if given.get(person.name) not in self.persons:  # the key first given stays: a merged one is an alias
                given[person.name] = key
            entry = self.persons[key]
            entry.variants = sorted({*entry.variants, person.name})
            self._index(key, person.name)
            entry.settle_label()
            evidence = _Evidence.of(person)
            if self._known_post_elsewhere(key, evidence) and _restate(
                    person, facts, self._votes(key).most_common(1)[0][0], set(evidence.countries)):
                notes[person.name] = notes.get(person.name, key) + "; country of the post the articles give"
                evidence = _Evidence.of(person)
            self._votes(key).update(evidence.countries)
            entry.titles = sorted({*entry.titles, *evidence.titles})
            entry.countries = sorted({*entry.countries, *evidence.countries})
            renames[Ref(EntityKind.PERSON, person.key)] = Ref(EntityKind.PERSON, key)
            if person.presumed and _stated_elsewhere(person, entry, facts):
                notes[person.name] = notes.get(person.name, key) + "; country of the known person's posts"
        if not notes:
            self.notes.pop(facts.article_id)
        # Two persons of one article may resolve to one key: keep the first, merge the second into it.
        seen: dict[str, Person] = {}
        merged: list[Person] = []
        for person in facts.persons:
            key = renames[Ref(EntityKind.PERSON, person.key)].key
            if key in seen:
                first = seen[key]
                first.aliases = sorted({*first.aliases, *person.aliases})
                first.alt_names = sorted({*first.alt_names, *person.alt_names, person.name})
                first.mentions = sorted({*first.mentions, *person.mentions})
                first.posts = sorted({*first.posts, *person.posts})
                if len(person.name) > len(first.name):
                    first.name = person.name
                continue
            person.key = key
            seen[key] = person
            merged.append(person)
        facts.persons = merged
        for person in facts.persons:
            # One name for the person across the dataset; the article's own spelling stays as an altLabel.
            label = self.persons[person.key].label or person.name
            person.alt_names = sorted({*person.alt_names, person.name} - {label})
            person.name = label
        self._apply_links(facts)
        for event in facts.events:
            event.topics = [self.topic_labels.setdefault(iris.slug(topic_label(t)), topic_label(t))
                            for t in event.topics]
        self._countries_as_topics(facts)
        self._topics_in_scheme(facts)

        def fix(ref: Ref | None) -> Ref | None:
            return renames.get(ref, ref) if ref is not None else None

        for person in facts.persons:
            person.represents = fix(person.represents)
            person.posts = [Post(p.title, fix(p.of), p.label) for p in person.posts]
        facts.publisher = fix(facts.publisher)
        facts.events = [_rename_event(e, fix) for e in facts.events]
        return facts


def _stated_elsewhere(person: Person, entry: _Entry, facts: ArticleFacts) -> bool:
    """Replace a country presumed for a person (the publisher's) by the one the person's posts are stated
    in, where the articles known so far state a single one: a foreign minister named without a country in a
    government's readout acts for their own country, not the publisher's."""
    presumed = person.represents
    if presumed is None or presumed.kind != EntityKind.COUNTRY or len(entry.countries) != 1 \
            or presumed.key in entry.countries:
        return False
    if not _restate(person, facts, entry.countries[0], {presumed.key}):
        return False
    person.presumed = False
    return True


def _restate(person: Person, facts: ArticleFacts, country: str, replaced: set[str]) -> bool:
    """The person's posts and `represents` put in `country` where they were in one of `replaced`."""
    info = gazetteer.countries().get(country)
    if info is None:
        return False
    stated = Ref(EntityKind.COUNTRY, info.key)

    def moved(ref: Ref | None) -> bool:
        return ref is not None and ref.kind == EntityKind.COUNTRY and ref.key in replaced

    if moved(person.represents):
        person.represents = stated
    person.posts = [Post(p.title, stated, f"{p.title} of {info.name}") if moved(p.of) else p for p in person.posts]
    if all(c.key != info.key for c in facts.countries):
        facts.countries = sorted([*facts.countries, Country(info.key, info.name, info.wikidata, info.geonames)],
                                 key=lambda c: c.key)
    return True


def _key_order(key: str) -> tuple[str, int]:
    """Keys in the order they were minted: "x" before "x-2" before "x-10"."""
    base, _, number = key.rpartition("-")
    return (base, int(number)) if base and number.isdigit() else (key, 0)


def _rename_event(event: Event, fix) -> Event:
    def many(refs: list[Ref]) -> list[Ref]:
        out: list[Ref] = []
        for ref in refs:
            new = fix(ref)
            if new not in out:
                out.append(new)
        return out

    return replace(event, participants=many(event.participants), inviters=many(event.inviters),
                   invitees=many(event.invitees), visitors=many(event.visitors), place=fix(event.place),
                   destination=fix(event.destination))
