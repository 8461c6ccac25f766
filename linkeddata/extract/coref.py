"""Coreference enough for diplomatic news: who "the Vice President", "he", "the two leaders", "the
delegation" or "the head of the Cabinet" is, given the persons the article names.

Rules, in order: a name in the phrase; an office title alone ("the Prime Minister") means the person the
article gave that title (the publisher's own official first, as readouts say "the President" for theirs);
a personal pronoun means the latest person in subject position before it; a plural ("they", "the two
leaders", "both sides") means the parties of the latest meeting or call; "the two countries" the countries
those parties represent; a national delegation its most senior member named.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from linkeddata.extract import gazetteer
from linkeddata.extract.entities import Mentions, PersonCluster, is_capitalised
from linkeddata.extract.gazetteer import TITLE_GLUE, TITLE_HEADS, fold
from linkeddata.extract.rules.lexicon import COUNTRY_GROUP_WORDS, DELEGATION_NOUNS, PLURAL_WORDS, SINGULAR_PRONOUNS
from linkeddata.facts import EntityKind, EventType, Ref

if TYPE_CHECKING:
    from linkeddata.extract.events import Draft

ACTOR_KINDS = (EntityKind.PERSON, EntityKind.COUNTRY, EntityKind.ORGANIZATION)


class Coreference:
    def __init__(self, m: Mentions, represents: dict[int, Ref | None]) -> None:
        self.m = m
        self.represents = represents  # person cluster index -> the country or organisation it acts for
        self._index_titles()

    # --- title-only mentions ---------------------------------------------------------------------------

    def _index_titles(self) -> None:
        doc = self.m.doc
        for token in doc:
            if token.i in self.m.by_token or not is_capitalised(token) or fold(token.text) not in TITLE_HEADS:
                continue
            if token.dep_ == "compound" and token.head.i in self.m.by_token:
                continue  # part of "President Halvorsen"
            if token.dep_ == "compound" and fold(token.head.text) in TITLE_HEADS:
                continue  # "Vice" of "Vice President": the head decides
            if any(c.i in self.m.by_token and self.m.by_token[c.i].kind == EntityKind.PERSON
                   for c in token.children if c.dep_ in ("appos", "compound")):
                continue
            person = self.resolve_title(token)
            if person is not None:
                self.m.title_mentions[token.i] = person

    def _title_text(self, token: Token) -> str:
        words = [c for c in token.children if c.dep_ == "compound" and c.i < token.i and is_capitalised(c)
                 and c.i not in self.m.by_token]
        return fold(" ".join([*(w.text for w in words), token.text]))

    def resolve_title(self, token: Token) -> Ref | None:
        title = self._title_text(token)
        of_phrase = [o for p in token.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.subtree]
        if title == "head" and {fold(t.text) for t in of_phrase} & {"state", "government"}:
            # "the Head of State": the head of state or government the report is about, its own country's first.
            heads = [c for c in self.m.persons if any(p.title in gazetteer.HEAD_TITLES for p in c.posts)]
            home = Ref(EntityKind.COUNTRY, self.m.home_country) if self.m.home_country else None
            own = [c for c in heads if home is not None and self.represents.get(self.m.persons.index(c)) == home]
            chosen = (own or heads)[:1]
            return self.m.person_ref(chosen[0]) if chosen else None
        if title in ("head", "chief", "leader") and of_phrase:
            words = {fold(t.text) for t in of_phrase if is_capitalised(t)}
            for cluster in self.m.persons:
                if any(words and words <= set(fold(p.title).split()) for p in cluster.posts):
                    return self.m.person_ref(cluster)
            return None
        country = next((self.m.by_token[t.i] for t in of_phrase if t.i in self.m.by_token
                        and self.m.by_token[t.i].kind == EntityKind.COUNTRY), None)
        if country is None:
            country = next((self.m.by_token[c.i] for c in token.children if c.dep_ == "poss" and c.i in
                            self.m.by_token and self.m.by_token[c.i].kind == EntityKind.COUNTRY), None)
        holders = [c for c in self.m.persons if any(fold(p.title) == title for p in c.posts)]
        if country is not None:
            holders = [c for c in holders if self.represents.get(self.m.persons.index(c)) == country]
        if not holders:
            return None
        home = self.m.home_country
        if len(holders) > 1 and home is not None and country is None:
            own = [c for c in holders if self.represents.get(self.m.persons.index(c)) == Ref(EntityKind.COUNTRY, home)]
            holders = own or holders
        before = [c for c in holders if any(s < token.i for s, _ in c.mentions)]
        chosen = max(before or holders, key=lambda c: (len(c.mentions) if not before else
                                                       max(s for s, _ in c.mentions if s < token.i)))
        if before and len(holders) > 1 and home is not None:
            chosen = holders[0] if len(holders) == 1 else chosen
        return self.m.person_ref(chosen)

    # --- actors of a noun phrase ---------------------------------------------------------------------

    def actors_of(self, token: Token, drafts: list[Draft]) -> list[Ref]:
        m = self.m
        lower = token.lower_
        phrase = _phrase_tokens(token)
        persons: list[Ref] = []
        others: list[Ref] = []
        for t in phrase:
            ref = m.by_token.get(t.i) or m.title_mentions.get(t.i)
            # The dateline names no actor, though the parser may hang the sentence's subject on it.
            if ref is None or ref.kind not in ACTOR_KINDS or t.i < m.dateline_end:
                continue
            (persons if ref.kind == EntityKind.PERSON else others).append(ref)
        if persons:
            return _unique(persons)
        apposed = self._apposed_name(token)
        if apposed is not None:
            return [apposed]
        described = self._described(token)
        if described is not None:
            return [described]
        if lower in SINGULAR_PRONOUNS:
            found = self.antecedent(token)
            return [found] if found else []
        if lower in DELEGATION_NOUNS or lower == "its":
            return self.delegation(token, others, drafts)
        if lower in COUNTRY_GROUP_WORDS and any(c.lower_ in ("two", "both", "three") for c in token.children):
            return _unique(r for p in self.main_parties(drafts, token) for r in self.represented(p))
        plural_title = token.tag_ == "NNS" and fold(token.lemma_) in TITLE_HEADS  # "the national security advisors"
        if (lower in PLURAL_WORDS or plural_title) and (lower in ("they", "them", "their") or any(
                c.lower_ in ("two", "both", "the", "three") for c in token.children) or lower == "both") \
                and not others and not _other_group(token):
            if plural_title and fold(token.lemma_) not in ("leader", "president", "counterpart", "head"):
                # "the two ministers": the persons last named with that office, when the article names two;
                # "the national security advisors": the parties of the latest talks who hold that office.
                holders = self.title_holders(fold(token.lemma_), token)
                if len(holders) >= 2 and any(c.lower_ in ("two", "three", "both") for c in token.children):
                    return holders[:3 if any(c.lower_ == "three" for c in token.children) else 2]
                word = fold(token.lemma_)
                return [p for p in self.main_parties(drafts, token) if p.kind == EntityKind.PERSON and any(
                    word in fold(q.title).split() for q in self.m.cluster(p).posts if q.title)]
            return self.main_parties(drafts, token)
        if (others and token.pos_ in ("PROPN",)) or (others and token.i in m.by_token):
            return _unique(others)
        if others and lower in ("officials", "representatives", "leaders", "counterparts", "government"):
            return _unique(others)
        return _unique(others) if others and token.ent_type_ in ("GPE", "ORG", "NORP") else []

    def _described(self, token: Token) -> Ref | None:
        """"the Hungarian minister", "the Uzbek leader": the one person of that country the article names with
        that office (for "leader" or "head", its most senior)."""
        word = fold(token.lemma_)
        # "the Peruvian Prime Minister": capitalised, the parser's PROPN, when no name follows.
        if token.pos_ not in ("NOUN", "PROPN") or word not in TITLE_HEADS or token.tag_ in ("NNS", "NNPS"):
            return None
        country = None
        for child in token.children:
            if child.dep_ in ("amod", "compound", "nmod") and gazetteer.country_by_demonym(child.text):
                country = Ref(EntityKind.COUNTRY, gazetteer.country_by_demonym(child.text))
            elif child.dep_ == "poss" and self.m.by_token.get(child.i, Ref(EntityKind.PLACE, "")).kind == \
                    EntityKind.COUNTRY:
                country = self.m.by_token[child.i]
        if country is None:
            return None
        members = [c for n, c in enumerate(self.m.persons) if self.represents.get(n) == country]
        # "the Spanish Prime Minister" is no Foreign Minister: every word of the office counts.
        words = {word} | {fold(c.text) for c in token.children if c.dep_ == "compound"
                          and not gazetteer.country_by_demonym(c.text)}
        if word not in ("leader", "head", "chief"):
            members = [c for c in members if any(words <= set(fold(p.title).split()) for p in c.posts if p.title)]
        if not members:
            return None
        if len(members) > 1 and word not in ("leader", "head", "chief"):
            return None
        return self.m.person_ref(_most_senior(members))

    def _apposed_name(self, token: Token) -> Ref | None:
        """"with Special Advisor to the Prime Minister of Norway, Kari Nordmann": a title whose name follows
        after a comma, however the parser attached it."""
        if fold(token.text) not in TITLE_HEADS and token.pos_ != "NOUN":
            return None
        doc = self.m.doc
        i = token.i + 1
        while i < len(doc) and i < token.i + 12 and (is_capitalised(doc[i]) or doc[i].lower_ in TITLE_GLUE) \
                and not (i in self.m.by_token and self.m.by_token[i].kind == EntityKind.PERSON):
            i += 1
        if i + 1 < len(doc) and doc[i].text == "," and token.pos_ == "NOUN":
            # "the conference host, Kenya’s President X"
            j = i + 1
            while j < len(doc) and j < i + 8 and (is_capitalised(doc[j]) or doc[j].text in ("’s", "'s")) and not (
                    j in self.m.by_token and self.m.by_token[j].kind == EntityKind.PERSON):
                j += 1
            ref = self.m.by_token.get(j)
            if ref is not None and ref.kind == EntityKind.PERSON:
                return ref
            return None
        if i + 1 < len(doc) and doc[i].text == ",":
            ref = self.m.by_token.get(i + 1)
            if ref is not None and ref.kind == EntityKind.PERSON:
                return ref
        return None

    def antecedent(self, token: Token) -> Ref | None:
        m = self.m
        sentence_start = token.sent.start
        subjects: list[tuple[int, Ref]] = []
        anything: list[tuple[int, Ref]] = []
        for i in range(token.i - 1, max(-1, sentence_start - 400), -1):
            ref = m.by_token.get(i) or m.title_mentions.get(i)
            if ref is None or ref.kind != EntityKind.PERSON:
                continue
            t = m.doc[i]
            in_subject = t.dep_ in ("nsubj", "nsubjpass") or (t.head.dep_ in ("nsubj", "nsubjpass")
                                                               and t.dep_ in ("compound", "conj"))
            (subjects if in_subject else anything).append((i, ref))
            if len(subjects) >= 1 and i < sentence_start:
                break
        earlier = [r for i, r in subjects if i < sentence_start] or [r for i, r in subjects]
        if earlier:
            return earlier[0]
        return anything[0][1] if anything else None

    def title_holders(self, word: str, before: Token) -> list[Ref]:
        """Persons whose title holds `word`, most recently mentioned before `before` first."""
        holders = []
        for cluster in self.m.persons:
            if not any(word in fold(p.title).split() for p in cluster.posts if p.title):
                continue
            last = max((s for s, _ in cluster.mentions if s < before.i), default=None)
            if last is not None:
                holders.append((last, self.m.person_ref(cluster)))
        return [ref for _, ref in sorted(holders, reverse=True)]

    def main_parties(self, drafts: list[Draft], before: Token | None = None) -> list[Ref]:
        talks = [d for d in drafts if d.type in (EventType.MEETING, EventType.PHONE_CALL)
                 and (before is None or d.trigger.i < before.i)]
        if talks:
            return list(talks[-1].participants)
        talks = [d for d in drafts if d.type in (EventType.MEETING, EventType.PHONE_CALL)]
        if talks:
            return list(talks[0].participants)
        return [self.m.person_ref(c) for c in self.m.persons[:2]]

    def represented(self, ref: Ref) -> list[Ref]:
        if ref.kind == EntityKind.PERSON:
            country = self.represents.get(int(ref.key[1:]))
            return [country] if country is not None else []
        return [ref]

    def protagonist(self, token: Token, drafts: list[Draft]) -> list[Ref]:
        """The person a report is about: the first person named as a subject, else the first named."""
        for cluster in self.m.persons:
            for s, _ in cluster.mentions:
                t = self.m.doc[s]
                if t.dep_ in ("nsubj",) or t.head.dep_ == "nsubj" or any(
                        a.dep_ == "nsubj" for a in t.ancestors if a.i - s < 4):
                    return [self.m.person_ref(cluster)]
        return [self.m.person_ref(self.m.persons[0])] if self.m.persons else []

    def delegation(self, token: Token, countries: list[Ref], drafts: list[Draft]) -> list[Ref]:
        """A delegation stands for whoever leads it ("a delegation led by X"), else for its most senior member
        the article names, else for its country."""
        leaders = [r for verb in token.children if verb.dep_ == "acl" and verb.lemma_.lower() in ("lead", "head")
                   for agent in verb.children if agent.dep_ == "agent"
                   for leader in agent.children if leader.dep_ == "pobj"
                   for r in self.actors_of(leader, drafts) if r.kind == EntityKind.PERSON]
        if leaders:
            return _unique(leaders)
        demonyms = [gazetteer.country_by_demonym(c.text) for c in token.children if c.dep_ in ("amod", "compound")]
        keys = [k for k in demonyms if k] + [c.key for c in countries if c.kind == EntityKind.COUNTRY]
        if token.lower_ == "its":
            # "its visit": the delegation named just before.
            for t in reversed(list(token.sent)[: token.i - token.sent.start]):
                if t.lower_ in DELEGATION_NOUNS:
                    return self.delegation(t, [], drafts)
        if keys:
            ref = Ref(EntityKind.COUNTRY, keys[0])
            members = [c for n, c in enumerate(self.m.persons) if self.represents.get(n) == ref]
            if members:
                return [self.m.person_ref(_most_senior(members))]
            return [ref]
        visits = [d for d in drafts if d.type == EventType.VISIT and d.trigger.i < token.i]
        if visits:
            return list(visits[-1].visitors)
        return []

    def organisation_actors(self, token: Token) -> list[Ref]:
        """Parties to a deal may be companies the gazetteer does not know: take the named entities."""
        refs: list[Ref] = []
        for t in [token, *token.conjuncts]:
            ref = self.m.by_token.get(t.i)
            if ref is not None and ref.kind in ACTOR_KINDS:
                refs.append(ref)
                continue
            if t.ent_type_ in ("ORG", "GPE", "NORP", "PERSON") and is_capitalised(t):
                ent = next((e for e in t.doc.ents if e.start <= t.i < e.end), None)
                if ent is not None:
                    words = [w for w in ent if w.lower_ != "the"]
                    refs.append(self.m.add_organization(" ".join(w.text for w in words), None, None,
                                                        words[0].i, words[-1].i + 1))
        return _unique(refs)


def _most_senior(members: list[PersonCluster]) -> PersonCluster:
    def rank(cluster: PersonCluster) -> int:
        titles = " ".join(fold(p.title) for p in cluster.posts)
        for n, word in enumerate(("president", "prime minister", "king", "amir", "chancellor", "minister")):
            if word in titles and "vice" not in titles and "deputy" not in titles:
                return n
        return 10

    return min(members, key=rank)


def _phrase_tokens(token: Token, top: bool = True) -> list[Token]:
    out = [token]
    for child in token.children:
        if child.dep_ == "conj" and not top:
            out.extend(_phrase_tokens(child, top=False))  # "officials from A, B and C"
            continue
        if child.dep_ in ("relcl", "acl", "advcl", "conj", "cc", "punct", "prep") and not (
                child.dep_ == "prep" and child.lower_ in ("of", "from")):
            continue
        out.extend(_phrase_tokens(child, top=False))
    return out


def _unique(refs) -> list[Ref]:
    out: list[Ref] = []
    for ref in refs:
        if ref not in out:
            out.append(ref)
    return out


def _other_group(token: Token) -> bool:
    """"the leaders of the partner countries", "the ministers of the member states": a group the phrase names
    apart from the parties told so far (not "the leaders of the two countries")."""
    groups = [o for p in token.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children
              if o.dep_ == "pobj" and o.tag_ == "NNS" and o.lemma_.lower() in ("country", "state", "nation")]
    return any(not any(c.lower_ in ("two", "both", "three") for c in g.children) for g in groups)
