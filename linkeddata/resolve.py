"""Cross-article resolution: the same person, organisation or country gets one key in the whole dataset.

The `Resolver` keeps a registry of the keys given out and the name variants seen under each. A key once
given out is never changed (URIs minted from it must stay put); a new article's entity either joins an
existing key or mints a new one. The result depends only on the registry and the order of the input.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from linkeddata.extract.gazetteer import HONORIFICS, NAME_SUFFIXES, OFFICE_WORDS, TITLE_HEADS, fold, slug
from linkeddata.facts import ArticleFacts, EntityKind, Event, Person, Post, Ref

# English given names and their usual short forms: general knowledge, not a list of people.
HYPOCORISMS: dict[str, set[str]] = {
    "joseph": {"joe", "joey"}, "william": {"bill", "will", "billy", "willie"}, "robert": {"bob", "rob", "bobby"},
    "richard": {"dick", "rick", "rich"}, "james": {"jim", "jimmy", "jamie"}, "john": {"jack", "johnny"},
    "michael": {"mike", "mick"}, "thomas": {"tom", "tommy"}, "charles": {"charlie", "chuck"},
    "edward": {"ed", "ted", "eddie", "ned"}, "elizabeth": {"liz", "beth", "betty", "lizzie", "eliza"},
    "margaret": {"maggie", "meg", "peggy"}, "katherine": {"kate", "kathy", "katie"}, "catherine": {"kate", "cathy"},
    "anthony": {"tony"}, "antony": {"tony"}, "benjamin": {"ben", "benny", "bibi"}, "daniel": {"dan", "danny"},
    "david": {"dave"}, "donald": {"don"}, "douglas": {"doug"}, "frederick": {"fred"}, "gregory": {"greg"},
    "jeffrey": {"jeff"}, "kenneth": {"ken"}, "lawrence": {"larry"}, "matthew": {"matt"}, "nicholas": {"nick"},
    "patrick": {"pat"}, "peter": {"pete"}, "philip": {"phil"}, "ronald": {"ron"}, "samuel": {"sam"},
    "stephen": {"steve"}, "steven": {"steve"}, "theodore": {"ted", "teddy"}, "timothy": {"tim"},
    "alexander": {"alex", "sasha"}, "andrew": {"andy", "drew"}, "christopher": {"chris"}, "jennifer": {"jen"},
    "rebecca": {"becky"}, "susan": {"sue"}, "victoria": {"vicky"}, "zachary": {"zach"}, "abraham": {"abe"},
    "albert": {"al"}, "alfred": {"al", "alfie"}, "harold": {"harry"}, "henry": {"harry", "hank"},
    "jacob": {"jake"}, "joshua": {"josh"}, "leonard": {"len", "leo"}, "raymond": {"ray"}, "vincent": {"vince"},
    "walter": {"walt"}, "barbara": {"barb"}, "deborah": {"deb", "debbie"}, "dorothy": {"dot"},
    "pamela": {"pam"}, "patricia": {"pat", "patty", "trish"}, "samantha": {"sam"}, "valentina": {"valya"},
    "vladimir": {"volodya"}, "dmitry": {"dima"}, "mikhail": {"misha"}, "ekaterina": {"katya"},
}
_SHORT_TO_FULL: dict[str, set[str]] = {}
for _full, _shorts in HYPOCORISMS.items():
    for _short in _shorts:
        _SHORT_TO_FULL.setdefault(_short, set()).add(_full)


def _same_given(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:  # an initial
        return a[0] == b[0]
    return b in HYPOCORISMS.get(a, ()) or a in HYPOCORISMS.get(b, ()) or bool(
        _SHORT_TO_FULL.get(a, set()) & _SHORT_TO_FULL.get(b, set()))


def given_names_compatible(a: list[str], b: list[str]) -> bool:
    """Given names (and middle names or initials) that may belong to one person: "joe" ~ "joseph r"."""
    if not a or not b:
        return True
    if not _same_given(a[0], b[0]):
        return False
    # Middle names: whatever both give must agree (an initial agrees with a name it starts).
    return all(_same_given(x, y) for x, y in zip(a[1:], b[1:], strict=False))


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


@dataclass
class _Entry:
    key: str
    variants: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)


@dataclass
class Resolver:
    """The dataset-wide registry of person and organisation keys and the names seen under each."""

    persons: dict[str, _Entry] = field(default_factory=dict)
    organizations: dict[str, _Entry] = field(default_factory=dict)
    # The key each name of each article was given: an article built again gets the same keys, also where
    # the registry has grown around it (a surname alone, shared by two known people, would mint anew).
    assignments: dict[str, dict[str, str]] = field(default_factory=dict)
    # Which person keys have a variant holding a token: two names share a token before they can match,
    # so only those keys are compared (a scan of the whole registry per name grows with the square).
    _keys_by_token: dict[str, set[str]] = field(default_factory=dict, repr=False)
    _organizations_by_variant: dict[str, set[str]] = field(default_factory=dict, repr=False)

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
        """The person keys sharing a token with `tokens`, in registry order."""
        found = set().union(*(self._keys_by_token.get(token, set()) for token in tokens)) if tokens else set()
        return [key for key in self.persons if key in found]

    # --- persistence ----------------------------------------------------------------------------------

    @classmethod
    def load(cls, path: Path) -> Resolver:
        if not Path(path).exists():
            return cls()
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        resolver = cls()
        for kind, table in (("persons", resolver.persons), ("organizations", resolver.organizations)):
            for key, entry in data.get(kind, {}).items():
                table[key] = _Entry(key, list(entry.get("variants", [])), list(entry.get("titles", [])))
        resolver.assignments = {article: dict(names) for article, names in data.get("articles", {}).items()}
        resolver.__post_init__()
        return resolver

    def save(self, path: Path) -> None:
        data: dict[str, object] = {
            kind: {key: {"variants": sorted(set(e.variants)), "titles": sorted(set(e.titles))}
                   for key, e in sorted(table.items())}
            for kind, table in (("persons", self.persons), ("organizations", self.organizations))}
        data["articles"] = {article: dict(sorted(names.items())) for article, names in sorted(self.assignments.items())}
        Path(path).write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")

    # --- resolution -----------------------------------------------------------------------------------

    def _person_key(self, person: Person) -> str:
        titles = {fold(p.title) for p in person.posts if p.title}
        name_forms = [person.name]
        tokens = person_tokens(person.name)
        exact = [k for k in self._candidates(tokens)
                 if any(same_person(person.name, v) for v in self.persons[k].variants)]
        if len(tokens) >= 2:
            if exact:
                return min(exact, key=lambda k: (-self._overlap(k, person.name), k))
        else:
            # A surname alone joins a known person only when one known person has it (and the titles agree).
            surname = tokens[0] if tokens else ""
            candidates = [k for k in self._candidates(tokens)
                          if any(_person_tokens(v) and _person_tokens(v)[-1] == surname
                                 for v in self.persons[k].variants)]
            if titles:
                fitting = [k for k in candidates if not self.persons[k].titles or titles & set(self.persons[k].titles)]
                candidates = fitting
            if len(candidates) == 1:
                return candidates[0]
        key = slug(person.name) or "person"
        base, n = key, 2
        while key in self.persons:
            key = f"{base}-{n}"
            n += 1
        self.persons[key] = _Entry(key, list(name_forms), sorted(titles))
        self._index(key, person.name)
        return key

    def _overlap(self, key: str, name: str) -> int:
        return max((len(set(person_tokens(v)) & set(person_tokens(name))) for v in self.persons[key].variants),
                   default=0)

    def _organization_key(self, name: str, acronym: str | None) -> str:
        known = self._first_organization("\0" + fold(name)) or (self._first_organization(acronym) if acronym else None)
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
            key = self._organization_key(org.name, org.acronym)
            entry = self.organizations[key]
            entry.variants = sorted({*entry.variants, org.name, *([org.acronym] if org.acronym else [])})
            self._index_organization(key, entry.variants)
            renames[Ref(EntityKind.ORGANIZATION, org.key)] = Ref(EntityKind.ORGANIZATION, key)
            org.key = key
        given = self.assignments.setdefault(facts.article_id, {})
        for person in facts.persons:
            key = given.get(person.name)
            if key not in self.persons:
                key = self._person_key(person)
            given[person.name] = key
            entry = self.persons[key]
            entry.variants = sorted({*entry.variants, person.name})
            self._index(key, person.name)
            entry.titles = sorted({*entry.titles, *(fold(p.title) for p in person.posts if p.title)})
            renames[Ref(EntityKind.PERSON, person.key)] = Ref(EntityKind.PERSON, key)
        # Two persons of one article may resolve to one key: keep the first, merge the second into it.
        seen: dict[str, Person] = {}
        merged: list[Person] = []
        for person in facts.persons:
            key = renames[Ref(EntityKind.PERSON, person.key)].key
            if key in seen:
                first = seen[key]
                first.mentions = sorted({*first.mentions, *person.mentions})
                first.posts = sorted({*first.posts, *person.posts})
                if len(person.name) > len(first.name):
                    first.name = person.name
                continue
            person.key = key
            seen[key] = person
            merged.append(person)
        facts.persons = merged

        def fix(ref: Ref | None) -> Ref | None:
            return renames.get(ref, ref) if ref is not None else None

        for person in facts.persons:
            person.represents = fix(person.represents)
            person.posts = [Post(p.title, fix(p.of), p.label) for p in person.posts]
        facts.publisher = fix(facts.publisher)
        facts.events = [_rename_event(e, fix) for e in facts.events]
        facts.others = [replace(o, agent=fix(o.agent), place=fix(o.place)) for o in facts.others]
        return facts


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
