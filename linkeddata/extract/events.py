"""The six diplomatic event types, found from trigger words and their arguments in the dependency parse.

One function per type (`_meeting`, `_phone_call`, `_visit`, `_summit`, `_invitation`, `_agreement`) looks at
one token and, when it is a trigger ("met with", "spoke with", "telephone conversation", "visit to",
"summit", "invited", "signing of"), returns a draft with the participants found around it. Drafts are then
dated, given a status, merged when they state the same occurrence, and turned into `Event`s.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from linkeddata.extract import coref, gazetteer
from linkeddata.extract.dates import published_date, resolve_date
from linkeddata.extract.entities import Mentions, is_capitalised, is_public_title
from linkeddata.extract.gazetteer import TITLE_GLUE, TITLE_HEADS, fold
from linkeddata.extract.rules.lexicon import (
    AGREEMENT_WORDS,
    ATTENDING_VERBS,
    CALL_NOUNS,
    CALL_REPORT_WORDS,
    DELEGATION_NOUNS,
    FUTURE_MARKERS,
    GATHERING_GROUPS,
    GATHERING_VERBS,
    GROUP_NAME_HEADS,
    HEDGING_MODALS,
    HOLDING_VERBS,
    HYPOTHETICAL_HEADS,
    MEAL_NOUNS,
    MEETING_NOUNS,
    NEGATING_HEADS,
    NEGATORS,
    OFFICIAL_GROUP_NOUNS,
    ORGANISATION_GATHERING_NOUNS,
    PHONE_MEDIA,
    PLANNING_WORDS,
    REMOTE_MEDIA,
    SIGNING_NOUNS,
    SIGNING_VERBS,
    SUMMIT_NOUNS,
    TALK_VERBS,
    THANKING_VERBS,
    TRAVEL_VERBS,
    TWO_SIDED_DOCUMENT_WORDS,
    VISIT_NOUNS,
    WILLINGNESS_HEADS,
    WITNESSING_VERBS,
)
from linkeddata.facts import EntityKind, Event, EventType, FuzzyDate, Ref, Status
from linkeddata.facts import Span as TextSpan


@dataclass
class Draft:
    type: EventType
    trigger: Token
    participants: list[Ref] = field(default_factory=list)
    inviters: list[Ref] = field(default_factory=list)
    invitees: list[Ref] = field(default_factory=list)
    visitors: list[Ref] = field(default_factory=list)
    destination: Ref | None = None
    place: Ref | None = None
    label: str | None = None
    date: FuzzyDate | None = None
    planned: bool = False
    invited_to: Draft | None = None
    evidence: list[TextSpan] = field(default_factory=list)
    merged_into: Draft | None = None
    dated_in_text: bool = False  # its date comes from a date phrase, not from the publication

    def add(self, refs: Iterable[Ref]) -> None:
        for ref in refs:
            if ref not in self.participants:
                self.participants.append(ref)


def _unique(refs: Iterable[Ref]) -> list[Ref]:
    out: list[Ref] = []
    for ref in refs:
        if ref not in out:
            out.append(ref)
    return out


class EventFinder:
    """Finds the events of one parsed article."""

    def __init__(self, m: Mentions, published: dt.date, resolver: coref.Coreference,
                 title: str | None = None, dateline: Ref | None = None) -> None:
        self.m = m
        self.dateline = dateline  # where an agency report is filed from: "here", and where a "visiting" guest is
        # A report whose title names a call ("Call with President X", "Telephone talks with Y"): its talks are held
        # by phone; not "national team call-ups", "a conference call" or "the conversation between the Presidents".
        self.call_report = bool(title) and (bool(CALL_REPORT_WORDS & set(re.findall(r"[a-z]+", title.lower())))
                                            or _CALL_TITLE.search(title) is not None)
        self.doc = m.doc
        self.published = published
        self.coref = resolver
        self.drafts: list[Draft] = []
        self.coined: set[str] = set()  # organisations named by a code in a summit's name ("C5+1")
        self._public_orgs: set[str] | None = None

    # --- arguments ------------------------------------------------------------------------------------

    def actors(self, token: Token | None) -> list[Ref]:
        if token is None:
            return []
        refs: list[Ref] = []
        for t in [token, *_conjuncts(token), *self._conjuncts_after_of(token)]:
            refs.extend(self.coref.actors_of(t, self.drafts))
        if not refs and fold(token.lemma_) in TITLE_HEADS | {"counterpart"} and token.i + 1 < len(self.doc):
            named = self.m.ref_at(token.i + 1)  # "his French counterpart Paul Mercier", however the parser cut it
            if named is not None and named.kind == EntityKind.PERSON:
                refs = [named]
            elif is_capitalised(token):
                # "Special Envoy for Regional Affairs Karim Sadiq": the name ends the office's own phrase.
                after = self._person_after(token.i)
                if after is not None and after in token.subtree:
                    refs = [self.m.ref_at(after.i)]
        if len(refs) < 2 and token.tag_ == "NNS" and token.pos_ == "NOUN" and fold(token.lemma_) in TITLE_HEADS | {
                "delegation", "representative", "official", "leader", "head", "side", "party", "envoy"}:
            # "the foreign ministers of Chile and Norway", "the delegations of A and B": the countries, where no
            # person is named for them.
            objects = [o for p in token.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children
                       if o.dep_ == "pobj"]
            sides = [r for o in objects for r in self.actors(o) if r.kind != EntityKind.PERSON]
            if not sides and any(o.lemma_ == "country" and any(c.lower_ in ("two", "both") for c in o.children)
                                 for o in objects):
                sides = self._countries_just_named(token)  # "Peru and Chile ... the leaders of the two countries"
            if len(sides) >= 2:
                refs = sides
        return _unique(refs)

    def _person_after(self, i: int) -> Token | None:
        """The first token of a person's name within a few capitalised title words after position `i`."""
        for k in range(i + 1, min(i + 9, len(self.doc))):
            token = self.doc[k]
            ref = self.m.ref_at(k)
            if ref is not None and ref.kind == EntityKind.PERSON:
                return token
            if not (is_capitalised(token) or token.lower_ in TITLE_GLUE):
                return None
        return None

    def _person_before(self, i: int) -> Ref | None:
        """The person named right before a "who" ("A of X and B of Y, who is paying a visit"): the parser
        often hangs the clause on the first of the list."""
        for k in range(i - 1, max(i - 10, -1), -1):
            token = self.doc[k]
            if token.pos_ in ("VERB", "AUX") or token.text in (";", ":"):
                return None
            ref = self.m.ref_at(k)
            if ref is not None and ref.kind == EntityKind.PERSON:
                return ref
        return None

    def _office_country(self, token: Token, partners: list[Ref]) -> list[Ref]:
        """"the Spanish Prime Minister", "the President of Chile" when the article names no holder: the country. A
        counterpart is a country's only when those it is the counterpart of hold public office ("the Norway coach
        met his Austrian counterpart" is no meeting of states)."""
        if fold(token.lemma_) not in TITLE_HEADS | {"counterpart"}:
            return []
        if fold(token.lemma_) == "counterpart" and not any(self._holds_office(p) for p in partners):
            return []
        for child in token.children:
            demonym = gazetteer.country_by_demonym(child.text) if child.dep_ in ("amod", "compound") else None
            if demonym:
                return [Ref(EntityKind.COUNTRY, demonym)]
        return [r for p in token.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children
                if o.dep_ == "pobj" for r in [self.m.ref_at(o.i)] if r is not None and r.kind == EntityKind.COUNTRY]

    def _holds_office(self, ref: Ref) -> bool:
        if ref.kind == EntityKind.PERSON:
            return any(p.title and is_public_title(p.title) for p in self.m.cluster(ref).posts)
        return ref.kind == EntityKind.COUNTRY or ref.key in self.public_organizations()

    def _countries_just_named(self, token: Token) -> list[Ref]:
        """The last two countries named before `token`, in its sentence or the one before."""
        start = token.sent.start
        if start > 0:
            start = self.doc[start - 1].sent.start
        found: list[Ref] = []
        for k in range(token.i - 1, start - 1, -1):
            ref = self.m.ref_at(k)
            if ref is not None and ref.kind == EntityKind.COUNTRY and ref not in found:
                found.append(ref)
                if len(found) == 2:
                    return found[::-1]
        return []

    def actors_in(self, tokens: list[Token]) -> list[Ref]:
        return _unique(r for t in tokens for r in self.actors(t))

    def _conjuncts_after_of(self, token: Token) -> list[Token]:
        """"President A of Denmark and President B of Italy": the parser often joins B to Denmark, not to A."""
        out = []
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for obj in prep.children:
                    owner = self.m.ref_at(obj.i) if obj.dep_ == "pobj" else None
                    if owner is None or owner.kind == EntityKind.PERSON:
                        continue
                    for conjunct in _conjuncts(obj):
                        ref = self.m.ref_at(conjunct.i)
                        if ref is not None and ref.kind == EntityKind.PERSON:
                            out.append(conjunct)
        return out

    def with_objects(self, token: Token, preps: tuple[str, ...] = ("with",)) -> list[Token]:
        found = []
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in preps:
                found.extend(c for c in child.children if c.dep_ == "pobj")
                if not any(c.dep_ == "pobj" for c in child.children):
                    # "spoke with Prime Minister X of Japan to congratulate him": the parser made X the subject
                    # of the purpose clause; the person named right after the preposition is its object.
                    named = self._person_after(child.i)
                    if named is not None:
                        found.append(named)
                # "met with visiting Prime Minister X": the parser makes X the object of "visiting".
                found.extend(o for c in child.children if _is_visiting_guest(c)
                             for o in c.children if o.dep_ == "dobj")
        return found

    def subject(self, token: Token) -> list[Ref]:
        """The actors doing what `token` says: its subject, or the subject of the verb it depends on."""
        current: Token | None = token
        previous = -1
        for _ in range(6):
            if current is None:
                break
            relative = next((c for c in current.children if c.dep_ == "nsubj" and c.lower_ in ("who", "which", "that")),
                            None)
            if current.dep_ == "relcl" and relative is not None:
                nearest = self._person_before(relative.i) if relative.lower_ == "who" else None
                return [nearest] if nearest is not None else self.actors(current.head)
            if current.dep_ in ("pcomp", "conj") and current.head.lower_ == "for" and not any(
                    c.dep_ == "nsubj" for c in current.children):
                # "thanked X for hosting ...": X does the hosting.
                thanked = [c for c in current.head.head.children if c.dep_ == "dobj"]
                if thanked:
                    return self.actors(thanked[0])
            if current.dep_ == "acl" and current.head.dep_ == "pobj" and current.head.head.lower_ == "for" \
                    and current.head.head.head.lemma_ in THANKING_VERBS:
                # "thanked X for the initiative to hold ...": X holds it.
                thanked = [c for c in current.head.head.head.children if c.dep_ == "dobj"]
                if thanked:
                    return self.actors(thanked[0])
            # "the visit of X is taking place ... and invited Y": a conjunct the parser hung on a clause whose
            # subject is an event, not an actor; the actor is further up.
            subjects = [self._past_dateline(c) for c in current.children if c.dep_ == "nsubj"
                        and c.lemma_.lower() not in VISIT_NOUNS | MEETING_NOUNS | CALL_NOUNS]
            for child in subjects:
                found = self.actors(child)
                if found or child.i == subjects[-1].i:
                    return found
            for child in current.children:
                if child.dep_ == "agent":
                    return [r for c in child.children if c.dep_ == "pobj" for r in self.actors(c)]
            if current != token and any(c.dep_ == "xcomp" and c.i == previous for c in current.children):
                # "X is expected to visit Y", "X is scheduled to meet Y": the passive's subject acts.
                passive = [r for c in current.children if c.dep_ == "nsubjpass" for r in self.actors(c)]
                if passive:
                    return passive
            if current.dep_ == "relcl":
                return self.actors(current.head)
            if current.dep_ in ("nsubjpass",) and current.head.pos_ == "VERB":
                break
            if current.head.i == current.i:
                break
            previous = current.i
            current = current.head
        return self._name_before(token)

    def _past_dateline(self, token: Token) -> Token:
        """"ASTANA, March 4 (Kazinform) - A delegation ... arrived": the parser may make the dateline's city the
        subject and hang the real one on it; the subject is then the first phrase after the dateline."""
        end = self.m.dateline_end
        if token.i >= end:
            return token
        return next((t for t in token.subtree if t.i >= end and t.head.i < end and not t.is_punct), token)

    def _name_before(self, verb: Token) -> list[Ref]:
        """"On the sidelines of the summit, President of X A met with B": the parser hung A on the phrase
        before it and left the verb without a subject; the person named right before the verb is its subject."""
        if verb.pos_ != "VERB" or verb.dep_ != "ROOT" or any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj")
                                                               for c in verb.children):
            return []
        ref = self.m.ref_at(verb.i - 1)
        return [ref] if ref is not None and ref.kind == EntityKind.PERSON else []

    def place_in(self, token: Token, preps: tuple[str, ...] = ("in", "at", "to")) -> Ref | None:
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in preps:
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        found = self.place_of(obj)
                        if found is not None:
                            return found
        return None

    def home_country(self) -> Ref | None:
        """The country a report speaks for: its publisher's."""
        return Ref(EntityKind.COUNTRY, self.m.home_country) if self.m.home_country else None

    def place_of(self, token: Token) -> Ref | None:
        """The place or country a noun phrase names: a city beats its country ("Tashkent, Uzbekistan")."""
        if token.lemma_.lower() in ("country", "nation") and any(c.dep_ == "poss" and c.lower_ == "our"
                                                                 for c in token.children):
            home = self.home_country()
            if home is not None:
                return home  # "a visit to our country" in a government's own release
        tokens = [t for t in _phrase(token, keep_preps=("in", "of", "at")) if t.i in self.m.by_token]
        refs = [self.m.by_token[t.i] for t in tokens]
        places = [r for r in refs if r.kind == EntityKind.PLACE]
        countries = [r for r in refs if r.kind == EntityKind.COUNTRY]
        if places:
            return places[0]
        if countries:
            return countries[0]
        # A place the gazetteer does not know ("Palawan"): the NER's word for it.
        ent = next((e for e in self.doc.ents if e.start <= token.i < e.end and e.label_ in ("GPE", "LOC")), None)
        if ent is not None and token.i == ent.root.i and is_capitalised(token):
            return self.m.add_unlisted_place(ent.text[4:] if ent.text.lower().startswith("the ") else ent.text,
                                             ent.start, ent.end)
        return None

    # --- triggers -------------------------------------------------------------------------------------

    def find(self) -> list[Draft]:
        for sentence in self.doc.sents:
            # Summits last: their attendees are often the parties of a meeting on their margins, stated anywhere
            # in the sentence.
            for finders in ((self._meeting, self._state_meeting, self._phone_call, self._visit, self._invitation,
                             self._agreement),
                            (self._summit,)):
                for token in sentence:
                    for finder in finders:
                        for draft in finder(token):
                            if draft is None or self._negated(token):
                                continue
                            if draft.type in (EventType.MEETING, EventType.PHONE_CALL) and _wished(token):
                                # "ready to negotiate with X" sets no talks; "wishes to speak with X at the
                                # upcoming summit" proposes talks at a set occasion.
                                if not self._set_occasion(token):
                                    continue
                                draft.planned = True
                            draft.evidence.append(_sentence_span(self.m, sentence))
                            self._add_chairs(draft)
                            self.drafts.append(draft)
        self._summit_hosts()
        self._absorb_state_talks()
        self.drafts = [d for d in self.drafts if d.type != EventType.SUMMIT or not self._national_occasion(d)
                       or any(o.invited_to is d for o in self.drafts)]
        return self.drafts

    def _national_occasion(self, draft: Draft) -> bool:
        """"the Bishops' Conference of the Philippines", "the conference of Ukrainian ambassadors": a gathering of
        one state's own people, its name says, where no other state or organisation of states takes part."""
        if any(self.multilateral(p) for p in draft.participants):
            return False
        states = {p if p.kind == EntityKind.COUNTRY else self.side(p) for p in draft.participants
                  if p.kind in (EntityKind.COUNTRY, EntityKind.PERSON)} - {None}
        if len(states) > 1:
            return False
        token = draft.trigger
        objects = [o for p in token.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children
                   if o.dep_ == "pobj"]
        named = [r for o in objects for r in [self.m.ref_at(o.i)] if r is not None and r.kind == EntityKind.COUNTRY]
        named += [Ref(EntityKind.COUNTRY, key) for o in objects if o.pos_ in ("NOUN", "PROPN") for c in o.children
                  if c.dep_ in ("amod", "compound") for key in [gazetteer.country_by_demonym(c.text)] if key]
        return bool(named) and set(named) >= states

    def _set_occasion(self, token: Token) -> bool:
        """A time or a gathering the talks are set for: "next month", "at the upcoming summit"."""
        return any(t.ent_type_ in ("DATE", "TIME") for t in token.subtree) or any(
            self.is_summit(o) or o.lemma_.lower() in MEETING_NOUNS for p in token.children
            if p.dep_ == "prep" and p.lower_ in ("at", "during", "on") for o in p.children if o.dep_ == "pobj")

    def _add_chairs(self, draft: Draft) -> None:
        """"The meeting of the A-B intergovernmental commission was held on Tuesday, co-chaired by X and Y", "the
        session, chaired by X and Y,": those who chair the meeting take part in it, in place of their countries."""
        if draft.type not in (EventType.MEETING, EventType.SUMMIT):
            return
        trigger = draft.trigger
        # The parser hangs the participle on the meeting, on its verb or on the place between.
        clause = trigger.head if trigger.dep_ in ("nsubj", "nsubjpass") else trigger
        verbs = [t for t in clause.subtree if t.dep_ in ("acl", "advcl", "conj") and t.pos_ == "VERB"]
        chairs = [r for v in verbs if v.lemma_.lower() in ("chair", "co-chair", "cochair", "preside")
                  for a in v.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"
                  for r in self.actors(o) if r.kind == EntityKind.PERSON]
        if not chairs:
            return
        if draft.type == EventType.MEETING:
            sides = {self.side(c) for c in chairs}
            draft.participants = [p for p in draft.participants if p not in sides]
        draft.participants = _unique([*draft.participants, *chairs])

    def _absorb_state_talks(self) -> None:
        """"X met Y as part of consultations between Jordan and the United States": talks of states whose named
        people's talks are told too are those talks, not another occurrence."""
        kept = []
        for draft in self.drafts:
            if draft.type in (EventType.MEETING, EventType.PHONE_CALL) and draft.participants and all(
                    p.kind in (EntityKind.COUNTRY, EntityKind.ORGANIZATION) for p in draft.participants):
                planned = self._is_planned(draft.trigger)
                same = next((d for d in self.drafts if d is not draft and d.type == draft.type
                             and any(p.kind == EntityKind.PERSON for p in d.participants)
                             and set(draft.participants) <= {self.side(p) for p in d.participants} | set(d.participants)
                             and self._is_planned(d.trigger) == planned), None)
                if same is not None:
                    same.evidence.extend(e for e in draft.evidence if e not in same.evidence)
                    continue
            kept.append(draft)
        self.drafts = kept

    def _negated(self, token: Token) -> bool:
        phrase = [token, *(o for p in token.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj")]
        if token.pos_ in ("NOUN", "PROPN") and any(c.dep_ in ("relcl", "acl") and c.lemma_.lower() in NEGATING_HEADS
                                                   for t in phrase for c in t.children):
            return True  # "the planned trip to Warsaw, which was cancelled"
        current = token
        for _ in range(5):
            if any(c.dep_ == "neg" or c.lower_ in NEGATORS for c in current.children):
                return True
            if any(c.dep_ == "aux" and c.tag_ == "MD" and c.lower_ in HEDGING_MODALS for c in current.children):
                return True  # "might meet", "may travel": a conjecture, not an event (the gold guide's hypotheticals)
            if current.lemma_.lower() in NEGATING_HEADS:
                return True
            if current.head.i == current.i:
                return False
            current = current.head
        return False

    def _meeting(self, token: Token) -> list[Draft]:
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB" and lemma == "meet":
            with_objs = self.with_objects(token)
            direct = [c for c in token.children if c.dep_ == "dobj"]
            # "met with his Austrian counterpart": Austria, where the article names no one for it.
            others = [r for o in with_objs + direct
                      for r in self.actors(o) or self._office_country(o, self.subject(token))]
            if not others and not with_objs and not direct and token.dep_ == "xcomp":
                # "the leaders agreed to meet in Rome next month": a planned meeting of the subject's parties;
                # "they will be able to meet again" sets none.
                if token.head.lemma_.lower() not in ("agree", "decide", "plan", "arrange", "schedule"):
                    return []
                parties = self.subject(token)
                if len(parties) < 2 or not self._sides_known(parties):
                    return []
                draft = self._draft(EventType.MEETING, token, parties)
                draft.place = self.place_in(token, ("in", "at"))
                return [draft]
            if not others and (with_objs or direct or not any(c.dep_ == "nsubj" for c in token.children)):
                return []  # "met with a bipartisan group of mayors": no named counterpart
            subject = self.subject(token)
            kind = EventType.PHONE_CALL if any(c.lower_ == "virtually" for c in token.children) else \
                EventType.MEETING
            if _split_per_counterpart(token) and len(others) > 1:
                return [self._draft(kind, token, [*subject, o]) for o in others]
            groups = [g for g in (self.actors_in(objs) for objs in _with_groups(token)) if g]
            if len(groups) > 1 and not direct:
                # "met with A, then with B", "met with A to discuss X and with B to review Y": one each.
                return [self._draft(kind, token, [*subject, *g]) for g in groups]
            draft = self._draft(kind, token, subject + others)
            draft.place = self.place_in(token, ("in", "at"))
            return [draft]
        if token.pos_ in ("NOUN", "PROPN") and (token.lower_ in MEETING_NOUNS or lemma in ("meeting", "talk")):
            if self.is_summit(token):
                return []
            if token.dep_ == "dobj" and token.head.lemma_ in ("continue", "resume"):
                return []  # "will continue talks with X": a process, not a meeting
            # "following the negotiations with Secretary General X": talks held with a person.
            with_person = token.head.lemma_ not in ("begin", "start", "launch", "open") and any(
                r.kind == EntityKind.PERSON for o in self.with_objects(token) for r in self.actors(o))
            if token.lower_ == "negotiations" and not with_person and not (token.dep_ == "dobj"
                                                       and token.head.lemma_ in ("hold", "conduct")):
                return []  # negotiations held are a meeting; "to begin negotiations with X" is a process
            kind = EventType.PHONE_CALL if _held_remotely(token) else EventType.MEETING
            objs = self.with_objects(token, ("with", "between"))
            if not objs:
                # "a round of talks and visits, including with X and Y"
                objs = [o for p in token.children if p.dep_ == "prep" and p.lower_ == "including"
                        for w in p.children if w.lower_ == "with" for o in w.children if o.dep_ == "pobj"]
            if not objs and token.head.lemma_ in ("hold", "have") and token.dep_ == "dobj":
                objs = self.with_objects(token.head, ("with",))
            others = [r for o in objs for r in self.actors(o)]
            holder = None
            if not others and token.dep_ == "dobj" and token.head.lemma_ in ("hold", "have", "conduct"):
                holder = token.head
            elif not others and token.dep_ in ("nsubj", "dobj") and token.head.pos_ == "VERB" \
                    and token.head.head.lemma_ in ("hold", "conduct") and token.head.i > token.i:
                holder = token.head.head  # "held their meeting focused on ...", however the parser cut it
            elif not others and token.dep_ == "pobj" and token.head.lower_ in ("during", "at") \
                    and token.head.head.pos_ == "VERB" and any(c.lower_ in ("a", "an") for c in token.children):
                # "A and B discussed trade during a meeting in Yerevan"; not "during the meeting", which
                # speaks of one already told.
                holder = token.head.head
            if holder is not None and not (token.lower_ == "talks" and holder.lemma_ == "have"):
                # "Chile, Peru and Ecuador held their trilateral foreign ministers'
                # meeting", "the two presidents agreed to hold a bilateral meeting": the subject holds it together.
                parties = self.subject(holder)
                if len(parties) >= 2:
                    draft = self._draft(kind, token, self._office_holders(token, parties))
                    draft.place = self.place_in(token, ("in", "at")) or self.place_in(holder, ("in", "at"))
                    return [draft]
            if not others:
                return []
            own = [r for c in token.children if c.dep_ == "poss" for r in self.actors(c)]
            if not own and not any(c.lower_ == "between" for c in token.children):
                own = self.subject(token) if token.dep_ in ("dobj", "pobj", "nsubj") else []
                own = [r for r in own if r.kind == EntityKind.PERSON] or self.coref.protagonist(token, self.drafts)
            if token.lower_ == "meetings" and len(others) > 1:
                return [self._draft(kind, token, [*own, o]) for o in others]
            draft = self._draft(kind, token, own + others)
            draft.place = self.place_in(token, ("in", "at"))
            return [draft]
        if token.pos_ in ("NOUN", "PROPN") and lemma == "conference" and {"joint"} <= {
                c.lower_ for c in token.children if c.dep_ in ("amod", "compound")} and {"news", "press"} & {
                c.lower_ for c in token.children if c.dep_ in ("amod", "compound")}:
            # "held a joint news conference with X": the two were together.
            others = [r for o in self.with_objects(token, ("with",)) + (
                self.with_objects(token.head, ("with",)) if token.dep_ == "dobj" else [])
                for r in self.actors(o) if r.kind == EntityKind.PERSON]
            own = self.subject(token) if token.dep_ in ("dobj", "pobj") else []
            if others and own:
                return [self._draft(EventType.MEETING, token, own + others)]
            return []
        if token.pos_ == "VERB" and lemma in TALK_VERBS:
            return self._talking(token)
        if token.pos_ == "VERB" and lemma == "exchange" and any(
                c.dep_ == "dobj" and c.lower_ in ("views", "opinions") for c in token.children):
            # "A and B exchanged views on ...", "X exchanged views with Y": talks, as "discussed" is.
            views = [c for c in token.children if c.dep_ == "dobj"]
            others = [r for h in [token, *views] for o in self.with_objects(h) for r in self.actors(o)]
            if not others:
                return self._talking(token)
            if self._in_summit(token) or any(d.type in (EventType.MEETING, EventType.PHONE_CALL) and self._covers(
                    d, self.subject(token) + others) for d in self.drafts):
                return []
            kind = EventType.PHONE_CALL if self.call_report else EventType.MEETING
            return [self._draft(kind, token, self.subject(token) + others)]
        if lemma == "visit" and token.pos_ == "NOUN":
            objs = self.with_objects(token)
            others = [r for o in objs for r in self.actors(o) if r.kind == EntityKind.PERSON]
            if others:
                own = [r for c in token.children if c.dep_ == "poss" for r in self.actors(c)]
                return [self._draft(EventType.MEETING, token, own + others)]
        if token.pos_ == "VERB" and lemma in ("host", "receive") and not _is_passive(token):
            objects = [c for c in token.children if c.dep_ == "dobj"]
            if any(c.lemma_.lower() in CALL_NOUNS for c in objects):
                return []  # "received a phone call from X": a call (see _phone_call)
            # "hosted a dinner for X": the guest of the meal.
            objects += [o for c in objects if c.lemma_.lower() in MEAL_NOUNS for o in self.with_objects(c, ("for",))]
            guests = [r for c in objects for r in self.actors(c) if r.kind == EntityKind.PERSON]
            if guests:
                return [self._draft(EventType.MEETING, token, self.subject(token) + guests)]
        if token.pos_ == "VERB" and lemma in ("host", "receive") and _is_passive(token):
            # "X was received by President Y": the guest is the subject, the host the agent.
            guests = [r for c in token.children if c.dep_ == "nsubjpass" for r in self.actors(c)
                      if r.kind == EntityKind.PERSON]
            hosts = [r for a in token.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"
                     for r in self.actors(o) if r.kind in (EntityKind.PERSON, EntityKind.COUNTRY)]
            if guests and hosts:
                return [self._draft(EventType.MEETING, token, hosts + guests)]
        if token.pos_ == "VERB" and lemma == "call" and not any(c.dep_ in ("xcomp", "ccomp", "dobj")
                                                              for c in token.children):
            # "X called on Prime Minister Y" (a courtesy call, in person); not "called on Y to release ...".
            hosts = [o for p in token.children if p.dep_ == "prep" and p.lower_ == "on" for o in p.children
                     if o.dep_ == "pobj" and not any(c.dep_ in ("acl", "relcl", "xcomp") for c in o.children)]
            persons = [r for o in hosts for r in self.actors(o) if r.kind == EntityKind.PERSON]
            if persons:
                return [self._draft(EventType.MEETING, token, self.subject(token) + persons)]
        if token.pos_ == "NOUN" and token.dep_ == "dobj" and (
                (lemma == "call" and any(c.lower_ == "courtesy" for c in token.children))
                or (lemma == "ceremony" and any(c.lower_ in ("welcoming", "welcome") for c in token.children))):
            # "paid a courtesy call on President X", "hosted an official welcoming ceremony for X": in person.
            guests = [r for p in token.children if p.dep_ == "prep" and p.lower_ in ("on", "for")
                      for o in p.children if o.dep_ == "pobj" for r in self.actors(o) if r.kind == EntityKind.PERSON]
            if guests:
                return [self._draft(EventType.MEETING, token, self.subject(token.head) + guests)]
        if token.pos_ == "VERB" and lemma in ("present", "hand", "submit", "deliver") and not _is_passive(token):
            # "presented her credentials to President X", "handed over a copy of his credentials to X": the envoy
            # is received by X.
            papers = [c for c in token.children if c.dep_ == "dobj"]
            if any(t.lower_ in ("credentials", "credence") for c in papers for t in c.subtree):
                receivers = [r for h in [token, *papers] for p in h.children if p.dep_ == "prep" and p.lower_ == "to"
                             for o in p.children if o.dep_ == "pobj" for r in self.actors(o)
                             if r.kind == EntityKind.PERSON]
                if receivers:
                    return [self._draft(EventType.MEETING, token, self.subject(token) + receivers)]
        if token.pos_ == "VERB" and lemma == "welcome" and not _is_passive(token):
            # "welcomed President X to the White House": a guest received, not a decision welcomed.
            place = self.place_in(token, ("to", "at"))
            guests = [r for c in token.children if c.dep_ == "dobj" for r in self.actors(c)
                      if r.kind == EntityKind.PERSON]
            if guests and place is not None:
                draft = self._draft(EventType.MEETING, token, self.subject(token) + guests)
                draft.place = place
                return [draft]
        return []

    def _talking(self, verb: Token) -> list[Draft]:
        """"A and B discussed trade", "the presidents of A and B spoke today about energy": the coordinated
        subjects talked together, by phone in a call's report, else in person. Talks with someone named after
        "with", by phone or already told are found elsewhere."""
        if _is_passive(verb) or any(c.dep_ == "prep" and c.lower_ in ("to", "by", "over", "via")
                                    for c in verb.children):
            return []
        with_objs = self.with_objects(verb)
        if with_objs and verb.lemma_.lower() in ("discuss", "confer", "negotiate", "consult"):
            # "X discussed with King Y the situation in Gaza": talks with Y (speaking with Y is a call, elsewhere).
            others = [r for o in with_objs for r in self.actors(o)]
            subject = self.subject(verb)
            if not any(self.state_actor(r) for r in others) or not any(self.state_actor(r) for r in subject) \
                    or self._in_summit(verb):
                return []  # "With Wikinews, X discussed his role": an interview
            kind = EventType.PHONE_CALL if self.call_report else EventType.MEETING
            if any(self._covers(d, subject + others) for d in self.drafts
                   if d.type in (EventType.MEETING, EventType.PHONE_CALL)):
                return []
            return [self._draft(kind, verb, subject + others)]
        if with_objs:
            return []
        if verb.lemma_.lower() in ("speak", "talk") and not (self.call_report or any(
                c.dep_ == "prep" and c.lower_ == "about" for c in verb.children)):
            return []  # "A and B spoke at the rally"
        # "discussed ties in a phone call": the parser may hang the phrase on the object.
        heads = [verb, *(c for c in verb.children if c.dep_ == "dobj")]
        if self._in_summit(verb) or any(
                c.dep_ == "prep" and c.lower_ in ("during", "at", "in", "after", "following") and o.dep_ == "pobj"
                and o.lemma_.lower() in MEETING_NOUNS | CALL_NOUNS | {"meeting", "talk"}
                for h in heads for c in h.children for o in c.children):
            return []  # "during the meeting, A and B discussed": what was said at talks told elsewhere
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if not subjects or any(c.pos_ == "PRON" for c in subjects):
            return []  # "they discussed": talks already told, if any
        parties = self.subject(verb)
        sides = {self.side(p) for p in parties if self.state_actor(p)} - {None}
        # Two sides acting for states; in agency news a foreign name the text gives no country may be the second,
        # in a government's own release such a name is one of its own people.
        if len(parties) < 2 or not sides or (len(sides) < 2 and (
                self.m.home_country is not None or all(self.side(p) is not None for p in parties))):
            return []
        if any(self._covers(d, parties) for d in self.drafts if d.type in (EventType.MEETING, EventType.PHONE_CALL)):
            return []  # the talks or call already told, now told of what was said
        kind = EventType.PHONE_CALL if self.call_report else EventType.MEETING
        draft = self._draft(kind, verb, parties)
        draft.place = self.place_in(verb, ("in", "at"))
        return [draft]

    def _sides_known(self, parties: list[Ref]) -> bool:
        return any(self.side(p) is not None for p in parties)

    def _covers(self, draft: Draft, parties: list[Ref]) -> bool:
        """Every party takes part in `draft`, itself or through a person acting for it ("the two sides")."""
        sides = {self.side(r) for r in draft.participants}
        return all(p in draft.participants or p in sides for p in parties)

    def _office_holders(self, token: Token, parties: list[Ref]) -> list[Ref]:
        """"the national security advisors' meeting" of three countries: each country's national security
        advisor the article names, where it names one."""
        # The words before the noun, however the parser cut them ("ministers’ trilateral meeting").
        k = token.i - 1
        while k >= 0 and (self.doc[k].pos_ in ("ADJ", "NOUN", "PROPN", "NUM") or self.doc[k].text in ("’", "'", "'s")):
            k -= 1
        before = list(self.doc[k + 1:token.i])
        heads = [t for t in before if fold(t.lemma_) in TITLE_HEADS and t.pos_ == "NOUN"]
        if not heads:
            return parties
        head = heads[-1]
        words = [fold(t.lemma_) for t in before if t.pos_ == "NOUN" and t.i <= head.i]
        out: list[Ref] = []
        for party in parties:
            if party.kind != EntityKind.COUNTRY:
                out.append(party)
                continue
            holders = [self.m.person_ref(c) for n, c in enumerate(self.m.persons)
                       if self.coref.represents.get(n) == party
                       and any(all(w in fold(p.title).split() for w in words) for p in c.posts if p.title)]
            out.extend(holders[:1] or [party])
        return out

    def _phone_call(self, token: Token) -> list[Draft]:
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB" and lemma in ("call", "phone", "telephone", "ring") and not _is_passive(token):
            # "X called Y", "X called and congratulated Y"; not "called for", "called on Y to", "called Y a friend".
            if any((c.dep_ in ("prep", "prt") and c.lower_ in ("for", "on", "upon", "off", "out", "up")
                    and not any(o.ent_type_ in ("DATE", "TIME") for o in c.children)) or
                   c.dep_ in ("oprd", "ccomp") for c in token.children):  # "called X on Monday" stays a call
                return []
            objs = [c for c in token.children if c.dep_ == "dobj"]
            if not objs and lemma == "call":
                objs = [o for v in token.children if v.dep_ == "conj" and v.pos_ == "VERB" for o in v.children
                        if o.dep_ == "dobj"]
            others = [r for o in objs for r in self.actors(o) if r.kind in (EntityKind.PERSON, EntityKind.COUNTRY)]
            if not others:
                return []
            return [self._draft(EventType.PHONE_CALL, token, self.subject(token) + others)]
        if token.pos_ == "VERB" and lemma in ("speak", "talk"):
            media = [o for c in token.children if c.dep_ in ("prep", "agent") and c.lower_ in ("by", "over", "on")
                     for o in c.children
                     if o.lemma_.lower() in PHONE_MEDIA]
            by_phone = bool(media)
            # "spoke by phone with X": the parser may hang "with X" on the phone rather than on the verb.
            objs = self.with_objects(token, ("with", "to")) + [o for medium in media
                                                               for o in self.with_objects(medium, ("with",))]
            margins = [p for p in token.children if p.dep_ == "prep" and p.lower_ in ("on", "at")
                       and any(o.lemma_.lower() in ("margin", "sideline") for o in p.children)]
            if not objs and margins and not by_phone:
                # "spoke today on the margins of the Summit with President X": talks in person there.
                met = [r for p in margins for o in self._nested_objects(p, ("with",)) for r in self.actors(o)]
                if met:
                    return [self._draft(EventType.MEETING, token, self.subject(token) + met)]
            # "speaking to the Canadian Senate" is an address; "spoke to President X", a conversation.
            others = [r for o in objs for r in self.actors(o)
                      if r.kind == EntityKind.PERSON or by_phone or o.head.lower_ != "to"]
            if not others and by_phone and not self._in_summit(token):
                # "the two presidents spoke by telephone"
                parties = self.subject(token)
                return [self._draft(EventType.PHONE_CALL, token, parties)] if len(parties) >= 2 else []
            if not others and token.dep_ == "xcomp" and token.head.lemma_.lower() in PLANNING_WORDS:
                # "the two leaders agreed to speak again": another call, when they spoke by phone before.
                parties = self.subject(token)
                called = any(d.type == EventType.PHONE_CALL and self._covers(d, parties) for d in self.drafts)
                if len(parties) >= 2 and (called or self.call_report):
                    return [self._draft(EventType.PHONE_CALL, token, parties)]
            if not others:
                return []
            if self._in_summit(token):
                # "spoke with X at the summit": in person, on its margins; "spoke with the allies in a virtual
                # summit" is taking part in it.
                at = [o for p in token.children if p.dep_ == "prep" and p.lower_ == "at" for o in p.children
                      if o.dep_ == "pobj" and self.is_summit(o) and not any(c.lower_ in ("virtual", "online")
                                                                            for c in o.children)]
                return [self._draft(EventType.MEETING, token, self.subject(token) + others)] if at else []
            return [self._draft(EventType.PHONE_CALL, token, self.subject(token) + others)]
        if token.pos_ in ("NOUN", "PROPN") and lemma in CALL_NOUNS:
            modifiers = {c.lower_ for c in token.children if c.dep_ in ("compound", "amod")}
            telephone = bool(modifiers & {"telephone", "phone", "video", "virtual"}) or lemma != "conversation"
            objs = self.with_objects(token, ("with", "between", "from", "to"))
            # "a phone call made by X last spring to Y"
            objs += [o for c in token.children if c.dep_ == "acl" and c.lemma_ in ("make", "place")
                     for o in self.with_objects(c, ("to", "with"))]
            if not objs and token.dep_ == "nsubj" and token.head.lemma_ in ("take", "occur", "happen"):
                # "a phone call took place between A and B"
                objs = [o for t in (token.head, *token.head.children) for o in self.with_objects(t, ("between",))]
            if not objs and token.dep_ == "dobj" and token.head.lemma_ in ("hold", "have", "make", "conduct"):
                objs = self.with_objects(token.head, ("with",))  # "held a phone call on Monday with X"
            others = [r for o in objs for r in self.actors(o)]
            if not telephone or (lemma == "call" and not objs and not modifiers & {"telephone", "phone", "video"}):
                return []
            if not others and token.dep_ == "pobj" and token.head.lower_ in ("in", "during", "over") \
                    and token.head.head.pos_ == "VERB":
                # "congratulated X in a phone call": X is on the other end.
                others = [r for o in token.head.head.children if o.dep_ == "dobj" for r in self.actors(o)
                          if r.kind in (EntityKind.PERSON, EntityKind.COUNTRY)]
            own = [r for c in token.children if c.dep_ == "poss" for r in self.actors(c)]
            if not own and not any(o.head.lower_ == "between" for o in objs):
                own = self.subject(token)
                if not any(r.kind == EntityKind.PERSON for r in own) and others:
                    # "This issue came up during a recent videoconference with X": the report's protagonist.
                    own = self.coref.protagonist(token, self.drafts)
            participants = _unique(own + others)
            if len(participants) < 2:
                return []
            return [self._draft(EventType.PHONE_CALL, token, participants)]
        return []

    def _in_summit(self, token: Token) -> bool:
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in ("in", "at", "during"):
                for obj in child.children:
                    if obj.dep_ == "pobj" and self.is_summit(obj):
                        return True
        return False

    def _visit(self, token: Token) -> list[Draft]:
        lemma = token.lemma_.lower()
        visitors: list[Ref] = []
        destination: Ref | None = None
        host_meeting: list[Draft] = []
        if token.pos_ in ("NOUN", "PROPN") and token.lower_ in VISIT_NOUNS:
            destination = self.place_in(token, ("to", "in")) or self._nested_place(token)
            if destination is None and token.dep_ == "pobj" and token.head.lower_ == "on" \
                    and token.head.head.lemma_ in ("be", "arrive", "come", "stay"):
                # "X, who is in Russia on an official visit"
                destination = self.place_in(token.head.head, ("in", "to"))
            if destination is None and token.dep_ == "conj" and token.head.lower_ in VISIT_NOUNS:
                # "the visit to X of A, as well as the visit of B": to the same place
                destination = self.place_in(token.head, ("to", "in")) or self._nested_place(token.head)
            if destination is None:
                destination = self._guest_visit(token)
            if destination is None:
                return []
            visitors = self._surface_possessor(token)
            if not visitors:
                visitors = [r for c in token.children if c.dep_ == "poss" for r in self.actors(c)]
            visitors += [r for o in self._nested_objects(token, ("by",)) for r in self.actors(o)]
            if not visitors:
                # "the first visit of the Chilean President to our country", "as part of the visit of X"
                visitors = [r for o in self._nested_objects(token, ("of",)) for r in self.actors(o)
                            if r.kind == EntityKind.PERSON]
            if not visitors and token.head.lemma_ in ("pay", "make", "be", "conclude", "begin", "start", "end", "wrap",
                                                      "complete", "finish", "undertake", "continue", "embark"):
                visitors = self.subject(token.head)
            if not visitors and token.dep_ == "pobj" and token.head.head.lemma_ in ("arrive", "be", "come"):
                visitors = self.subject(token.head.head)
            if not visitors and token.dep_ == "pobj" and token.head.head.pos_ == "VERB" and any(
                    c.dep_ == "poss" and c.pos_ == "PRON" for c in token.children):
                # "During his visit to Ankara, X met Y": "his" is the subject of the clause it opens.
                visitors = self.subject(token.head.head)
        elif token.lower_ == "in" and token.dep_ == "prep" and (
                (token.head.pos_ == "VERB" and any(c.dep_ == "mark" and c.lower_ == "while" for c in token.children))
                or (token.head.lower_ == "while" and token.head.head.pos_ == "VERB")):
            # "While in New York City to attend the General Assembly, President X told reporters ..."
            destination = next((self.place_of(o) for o in token.children if o.dep_ == "pobj"), None)
            if destination is None:
                return []
            verb = token.head if token.head.pos_ == "VERB" else token.head.head
            visitors = [r for r in self.subject(verb) if r.kind == EntityKind.PERSON]
        elif token.lower_ == "in" and token.i > 0 and self.doc[token.i - 1].lower_ == "while":
            # "While in Oslo, X also met Y", however the parser hung the clause: X's stay there, told by the
            # main clause's subject.
            place = next((o for o in token.children if o.dep_ == "pobj"), None)
            if place is None and token.i + 1 < len(self.doc):
                place = self.doc[token.i + 1]
            destination = self.place_of(place) if place is not None else None
            root = token.sent.root
            if destination is None or root.pos_ not in ("VERB", "AUX"):
                return []
            home = self.side(destination)
            subjects = self.subject(root) or [r for r in (self.m.ref_at(j) for j in range(token.i + 1, root.i))
                                              if r is not None and r.kind == EntityKind.PERSON][:1]
            visitors = [r for r in subjects if r.kind == EntityKind.PERSON and (home is None or self.side(r) != home)]
        elif token.lower_ == "visiting" and (_is_visiting_guest(token) or token.dep_ == "amod"):
            # "held talks with visiting Premier X" in a report filed from Astana: X's visit there.
            verb = next((a for a in token.ancestors if a.pos_ == "VERB"), None)
            destination = self.place_in(token, ("in", "to")) or (
                self.place_in(verb, ("in", "at")) if verb is not None else None) or self.dateline or self.home_country()
            guests = [c for c in token.children if c.dep_ == "dobj"] if token.dep_ != "amod" else [token.head]
            visitors = [r for g in guests for r in self.actors(g) if r.kind == EntityKind.PERSON]
            if destination is None or not visitors:
                return []
        elif token.lower_ == "visiting" and self._guest_named_after(token) is not None:
            # "A and visiting Chilean President X held talks", however the parser hung "visiting".
            verb = next((a for a in token.ancestors if a.pos_ == "VERB"), None)
            destination = (self.place_in(verb, ("in", "at")) if verb is not None else None) or self.dateline \
                or self.home_country()
            visitors = [self._guest_named_after(token)]
            if destination is None:
                return []
        elif token.pos_ == "VERB" and lemma == "visit":
            if _is_visiting_guest(token):
                return []
            # "X had visited President Y of Italy in April": a meeting with the one visited, beside the trip.
            hosts = [r for c in token.children if c.dep_ == "dobj" for r in self.actors(c)
                     if r.kind == EntityKind.PERSON]
            guests = [r for r in self._visit_subject(token) if r.kind == EntityKind.PERSON and r not in hosts]
            host_meeting = [self._draft(EventType.MEETING, token, [*guests, *hosts])] \
                if hosts and guests and not self._negated(token) else []
            destination = next((self.place_of(c) for c in token.children if c.dep_ == "dobj"), None)
            if destination is None:
                return host_meeting
            visitors = self._visit_subject(token)
        elif token.pos_ == "VERB" and lemma == "attend":
            # "X is expected to attend the celebrations in Oslo": a trip to where the occasion is; a summit
            # attended is the summit's.
            occasion = next((c for c in token.children if c.dep_ == "dobj"), None)
            if occasion is None or self.is_summit(occasion) or any(self.is_summit(t) for t in occasion.subtree):
                return []
            destination = self.place_in(occasion, ("in", "at")) or self.place_in(token, ("in",))
            if destination is None:
                return []
            visitors = self.subject(token)
        elif token.pos_ == "VERB" and lemma in TRAVEL_VERBS:
            destination = self.place_in(token, ("to", "in") if lemma == "arrive" else ("to",))
            if destination is None and any(c.lower_ == "here" for c in token.children):
                destination = self.dateline  # "X arrived here on Monday" in a report filed from Y
            if destination is None:
                return []
            visitors = self._visit_subject(token)
        elif token.pos_ == "VERB" and lemma == "lead" and any(
                c.dep_ == "dobj" and c.lower_ in DELEGATION_NOUNS for c in token.children):
            destination = self.place_in(token, ("to",)) or next(
                (self.place_in(c, ("to",)) for c in token.children if c.dep_ == "dobj"), None)
            if destination is None:
                return []
            visitors = self.subject(token)
        elif token.pos_ == "VERB" and lemma in ("dispatch", "send"):
            destination = self.place_in(token, ("to",))
            if destination is None:
                return []
            visitors = [self.m.by_token[c.i] for c in token.children if c.dep_ == "dobj" and c.i in self.m.by_token]
            if not visitors:
                visitors = [r for s in self.subject(token) for r in self.coref.represented(s)]
        else:
            return []
        visitors = [v for v in visitors if v != destination]
        # "X met A and B during their visit to our country": X, at home, is no visitor.
        home = self.side(destination) if destination is not None else None
        if home is not None and any(self.side(v) not in (home, None) for v in visitors):
            visitors = [v for v in visitors if self.side(v) != home]
        if not visitors:
            return []
        draft = self._draft(EventType.VISIT, token, visitors)
        draft.visitors = list(visitors)
        draft.destination = destination
        draft.place = destination
        if token.pos_ == "VERB" and lemma == "visit":
            return [draft, *host_meeting]
        return [draft]

    def _guest_named_after(self, visiting: Token) -> Ref | None:
        """The person "visiting" qualifies: "visiting Chilean President X", a name after titles and adjectives."""
        for j in range(visiting.i + 1, min(visiting.i + 8, len(self.doc))):
            ref = self.m.ref_at(j)
            if ref is not None and ref.kind == EntityKind.PERSON:
                return ref
            if not (is_capitalised(self.doc[j]) or self.doc[j].pos_ == "ADJ" or self.doc[j].lower_ in ("of", "the")):
                return None
        return None

    def _guest_visit(self, visit: Token) -> Ref | None:
        """"the visit of X is taking place ...", "as part of the visit of the Peruvian Minister" in a government's
        own release: a foreign guest's visit with no place stated is to the publisher's country."""
        home = self.home_country()
        if home is None or any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in visit.children):
            return None
        guests = [r for o in self._nested_objects(visit, ("of",)) for r in self.actors(o)
                  if r.kind == EntityKind.PERSON]
        guests += [r for c in visit.children if c.dep_ == "poss" and c.pos_ != "PRON" for r in self.actors(c)]
        sides = {self.side(g) for g in guests}
        if guests and None not in sides and home not in sides:
            return home
        return None

    def _nested_objects(self, token: Token, preps: tuple[str, ...]) -> list[Token]:
        """Objects of `preps` anywhere in the noun phrase of `token`, however the parser attached them ("the
        visit to Washington this week by X"), not crossing into clauses."""
        found = []
        todo = [token]
        while todo:
            node = todo.pop()
            for child in node.children:
                if child.dep_ in ("relcl", "acl", "advcl", "ccomp", "xcomp", "punct"):
                    continue
                if child.dep_ == "conj" and child.lower_ in VISIT_NOUNS and token.lower_ in VISIT_NOUNS:
                    continue  # "the visit to X of A, as well as the visit of B": B's is a visit of its own
                if child.dep_ == "prep" and child.lower_ in preps:
                    found.extend(c for c in child.children if c.dep_ == "pobj")
                elif child.dep_ in ("npadvmod", "conj", "cc", "prep", "pobj", "appos"):
                    todo.append(child)
        return found

    def _nested_place(self, token: Token) -> Ref | None:
        for obj in self._nested_objects(token, ("to",)):
            found = self.place_of(obj)
            if found is not None:
                return found
        return None

    def _surface_possessor(self, token: Token) -> list[Ref]:
        """"King Osric of Norway's visit": the name the possessive ends, read off the words (the parser often
        hangs the possessive elsewhere)."""
        doc = self.doc
        k = token.i - 1
        while (k >= 0 and doc[k].pos_ in ("ADJ",)) or (k >= 0 and doc[k].lower_ in ("official", "state", "working")):
            k -= 1
        if k < 1 or doc[k].text not in ("’s", "'s", "’"):
            return []
        ref = self.m.ref_at(k - 1)
        if ref is None:
            return []
        if ref.kind == EntityKind.COUNTRY:
            j = k - 1
            while j >= 0 and self.m.ref_at(j) == ref:
                j -= 1
            if j >= 1 and doc[j].lower_ in ("of", "the"):
                j = j - 1 if doc[j].lower_ == "of" else j - 2
                person = self.m.ref_at(j)
                if person is not None and person.kind == EntityKind.PERSON:
                    return [person]
        if ref.kind in (EntityKind.PERSON, EntityKind.COUNTRY, EntityKind.ORGANIZATION):
            return [ref]
        return []

    def _visit_subject(self, token: Token) -> list[Ref]:
        # "X invited Y to visit Z": the visitor is the one invited.
        head = token.head
        if token.dep_ == "xcomp" and head.lemma_ == "invite":
            invited = [r for c in head.children if c.dep_ == "dobj" for r in self.actors(c)]
            if invited:
                return invited
        if token.dep_ == "acl" and head.lemma_ == "invitation":
            return self._invitees_of_noun(head)
        return self.subject(token)

    def multilateral(self, ref: Ref) -> bool:
        """An organisation of states ("NATO", "the G7"), not a country's own body."""
        return ref.kind == EntityKind.ORGANIZATION and ref.key in self.public_organizations() and \
            self.m.organizations[ref.key].country is None

    def _refs_in(self, tokens: Iterable[Token]) -> list[Ref]:
        """The actors named in a run of words, however the parser attached them."""
        return _unique(r for t in tokens for r in [self.m.ref_at(t.i)] if r is not None and r.kind in (
            EntityKind.PERSON, EntityKind.COUNTRY, EntityKind.ORGANIZATION))

    def is_summit(self, token: Token) -> bool:
        return _is_summit_noun(token) or self._organisation_meeting(token)

    def _organisation_meeting(self, token: Token) -> bool:
        """"the OPEC meeting", "a meeting of NATO foreign ministers", "the IMF and the World Bank held their
        meetings", "at the UN General Assembly": a gathering of organisations of states is a summit; a meeting
        with a country or a person among its named parties stays a meeting."""
        if token.pos_ not in ("NOUN", "PROPN") or token.dep_ == "compound" or \
                token.lower_ not in ORGANISATION_GATHERING_NOUNS:
            return False
        gathered = token.dep_ == "pobj" and (token.head.lower_ in ("at", "to", "for", "during", "in") or (
            token.head.lower_ == "of" and token.head.head.lemma_ in ("session", "margin", "sideline", "opening")))
        if token.lower_ == "assembly" and not (gathered or token.head.lemma_ in ATTENDING_VERBS or (
                token.dep_ == "appos" and token.head.dep_ == "pobj")):
            # "the General Assembly adopted a resolution", "a resolution of the General Assembly": the body
            return False
        # "a meeting of NATO", "of NATO foreign ministers"; not "of the Congress of Local Authorities of the
        # Council of Europe", a body of its own.
        words = [*self.doc[token.left_edge.i:token.i + 1],
                 *(t for p in token.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children
                   if o.dep_ == "pobj" and (o.i in self.m.by_token or _singular(o) in OFFICIAL_GROUP_NOUNS | {
                       "member", "nation", "state", "country"}) for t in o.subtree)]
        if token.dep_ == "dobj" and token.head.lemma_ in HOLDING_VERBS:
            words += [t for c in token.head.children if c.dep_ == "nsubj" for t in c.subtree]
        # Bodies the gazetteer does not know ("General Assembly" alone) are no party either way.
        # Only names, not titles: the "General" of "the UN General Assembly" is no office.
        refs = [r for r in self._refs_in(t for t in words if t.i in self.m.by_token)
                if r.kind != EntityKind.ORGANIZATION or r.key in self.public_organizations()]
        return bool(refs) and all(self.multilateral(r) for r in refs)

    def _gathering(self, token: Token) -> list[Draft]:
        """"Energy ministers of the G7 will be gathering in Naples", "the G7 nations met", "leaders of A,
        B and C convened in Riga": a summit of the groups or of the three or more states named."""
        if token.pos_ != "VERB" or token.lemma_.lower() not in GATHERING_VERBS or any(
                c.dep_ in ("dobj", "nsubjpass") or (c.dep_ == "prep" and c.lower_ == "with") for c in token.children):
            return []
        subjects = [c for c in token.children if c.dep_ == "nsubj"]
        refs = self._refs_in(t for c in subjects for t in c.subtree)
        groups = [r for r in refs if self.multilateral(r)]
        kind = EventType.SUMMIT
        # "Protesters from A, B and C gathered", "the heads of the football federations of A, B and C met": people
        # from the states, not officials acting for them.
        for_states = self._officials_for_states(subjects) or (
            any(r.kind == EntityKind.PERSON for r in refs)
            and any(_singular(t) in OFFICIAL_GROUP_NOUNS for c in subjects for t in c.subtree))
        if groups and len(groups) == len(refs):
            parties = groups
        elif token.lemma_.lower() != "meet" and len(refs) >= 3 and for_states:
            parties = refs
        elif token.lemma_.lower() == "meet" and len(refs) >= 2 and all(r.kind == EntityKind.COUNTRY for r in refs) \
                and for_states:
            # "the heads of state of A, B and C met", "Chilean and Norwegian officials met": the states met;
            # not "Brazil and Germany met in the final".
            kind, parties = EventType.MEETING, refs
        else:
            return []
        # The finders of talks saw a meeting without a counterpart here; it is this gathering.
        self.drafts = [d for d in self.drafts if d.trigger != token]
        if kind == EventType.SUMMIT and any(self.is_summit(o) for p in token.children if p.dep_ == "prep"
                                            and p.lower_ in ("for", "at", "to") for o in p.children
                                            if o.dep_ == "pobj"):
            return []  # "gathered in Riga for a summit on energy": that summit, found at its noun
        draft = self._draft(kind, token, parties)
        draft.add(c for p in parties if p.kind == EntityKind.PERSON for c in self.coref.represented(p))
        draft.place = self.place_in(token, ("in", "at"))
        return [draft]

    def _officials_for_states(self, subjects: list[Token]) -> bool:
        """Officials standing for states the phrase names with them: "the leaders of A, B and C", "heads of state
        of A and B", "Chilean and Norwegian officials"; not "the heads of the football federations of A and B",
        whose of-phrase names a body inside the state."""
        def names_state(word: Token) -> bool:
            ref = self.m.by_token.get(word.i)
            return ref is not None and ref.kind == EntityKind.COUNTRY

        for official in (t for c in subjects for t in c.subtree if _singular(t) in OFFICIAL_GROUP_NOUNS):
            if any(c.dep_ in ("amod", "compound", "nmod", "poss") and any(names_state(w) for w in [c, *c.conjuncts])
                   for c in official.children):
                return True
            objects = [o for p in official.children if p.dep_ == "prep" and p.lower_ in ("of", "from")
                       for o in p.children if o.dep_ == "pobj"]
            for obj in [o for first in objects for o in [first, *first.conjuncts]]:
                if names_state(obj):
                    return True
                if obj.lemma_.lower() in ("state", "government") and any(
                        names_state(w) for p in obj.children if p.dep_ == "prep" and p.lower_ == "of"
                        for o in p.children if o.dep_ == "pobj" for w in [o, *o.conjuncts]):
                    return True  # "heads of state (and government) of A and B"
        return False

    def _state_meeting(self, token: Token) -> list[Draft]:
        """"the trilateral meeting of Chile, Peru and Bolivia", "the meeting of the leaders of A, B and C": a
        meeting of the states named, where no person is."""
        if token.pos_ != "NOUN" or token.lemma_.lower() not in ("meeting", "talk", "consultation") or \
                token.lower_ == "meetings" or self.is_summit(token) or any(d.trigger == token for d in self.drafts):
            return []  # "the establishment of the Quad meetings of A, B, C and D": no one occurrence
        # The of-phrase without the clauses on it ("a meeting of the Council, which considered the situation in X").
        named = self._refs_in(t for p in token.children if p.dep_ == "prep" and p.lower_ == "of"
                              for o in p.children if o.dep_ == "pobj" for t in _without_clauses(o))
        # "the meeting of the heads of the EU institutions with A and B", "talks with Peruvian envoys"
        withs = self._nested_objects(token, ("with",))
        others = _unique(r for o in withs for r in (self.actors(o) or self._states_in(o.subtree)))
        if not others and not named and token.dep_ == "pobj" and token.head.lower_ == "to" and \
                token.head.head.lemma_ == "agree":
            # "the leaders agreed to a future meeting in Geneva": a planned meeting of those who agreed.
            parties = self.subject(token.head.head)
            if len(parties) < 2:
                return []
            draft = self._draft(EventType.MEETING, token, parties)
            draft.place = self.place_in(token, ("in", "at"))
            draft.planned = True
            return [draft]
        if others:
            inside = {t.i for o in withs for t in o.subtree}
            own = [r for r in self._refs_in(t for p in token.children if p.dep_ == "prep" and p.lower_ == "of"
                                            for t in p.subtree if t.i not in inside)
                   if r.kind == EntityKind.COUNTRY or self.multilateral(r)]
            if not own and token.dep_ == "pobj" and token.head.head.pos_ == "NOUN":
                own = [r for c in token.head.head.children if c.dep_ == "poss" for r in self.actors(c)]
            if not own or set(own) == set(others):
                return []
            draft = self._draft(EventType.MEETING, token, own + others)
            draft.place = self.place_in(token, ("in", "at"))
            return [draft]
        if not named:
            # "a Chile-Mercosur Council meeting": the parties in its name, a state among them.
            named = self._refs_in(t for t in self.doc[token.left_edge.i:token.i] if t.i in self.m.by_token)
        if len(named) < 2 or not all(r.kind == EntityKind.COUNTRY or self.multilateral(r) for r in named) or not any(
                r.kind == EntityKind.COUNTRY for r in named):
            return []
        draft = self._draft(EventType.MEETING, token, named)
        draft.place = self.place_in(token, ("in", "at"))
        return [draft]

    def _states_in_talks(self, verb: Token) -> list[Draft]:
        """"During the round of talks in Minsk, the delegations of A and B agreed ...": the states met."""
        talks = [t for p in verb.children if p.dep_ == "prep" and p.lower_ in ("during", "at", "in")
                 for t in p.subtree if t.pos_ == "NOUN" and t.lemma_.lower() in ("talk", "negotiation", "consultation",
                                                                                  "meeting")]
        if not talks or any(d.trigger in talks for d in self.drafts):
            return []
        words = [t for c in verb.children if c.dep_ == "nsubj" for t in c.subtree]
        if not any(_singular(t) in OFFICIAL_GROUP_NOUNS for t in words):
            return []
        states = self._states_in(words)
        if len(states) < 2 or not all(r.kind == EntityKind.COUNTRY for r in states):
            return []
        # The clause's verb carries the event: "agreed on X during the talks" tells of talks held.
        draft = self._draft(EventType.MEETING, verb, states)
        draft.place = self.place_in(talks[0], ("in", "at"))
        return [draft]

    def _gathering_group(self, token: Token) -> list[Draft]:
        """"met on the margins of the UNGA", "at the G20", "attended the G7": a group that exists to gather names
        its summit."""
        ref = self.m.by_token.get(token.i)
        if ref is None or ref.kind != EntityKind.ORGANIZATION or not self.multilateral(ref) or token.pos_ != "PROPN":
            return []
        org = self.m.organizations[ref.key]
        if not {fold(org.name), fold(org.acronym or "")} & GATHERING_GROUPS:
            return []
        head = token.head
        if not ((token.dep_ == "pobj" and (head.lower_ == "at" or (head.lower_ == "of" and head.head.lemma_ in (
                "margin", "sideline", "sidelines", "margins")))) or (token.dep_ == "dobj" and head.lemma_ in
                                                                      ATTENDING_VERBS)):
            return []
        if any(d.type == EventType.SUMMIT and ref in d.participants and d.trigger.sent == token.sent
               for d in self.drafts) or any(self.is_summit(t) or t.lower_ in SUMMIT_NOUNS | {"leaders", "meeting"}
                                            for t in self.doc[token.i + 1:min(token.i + 5, token.sent.end)]):
            return []  # the group names a summit that follows ("the APEC Leaders Meeting")
        draft = self._draft(EventType.SUMMIT, token, [ref])
        draft.label = org.acronym or org.name
        draft.add(self._summit_attendees(token))
        draft.add(c for p in list(draft.participants) if p.kind == EntityKind.PERSON for c in self.coref.represented(p))
        return [draft]

    def _summit(self, token: Token) -> list[Draft]:
        if token.pos_ == "PROPN" and token.i in self.m.by_token:
            found = self._gathering_group(token)
            if found:
                return found
        if token.pos_ == "VERB":
            return self._gathering(token) or self._states_in_talks(token)  # may be a meeting of states
        if not self.is_summit(token) or any(d.trigger == token and d.type == EventType.SUMMIT for d in self.drafts):
            return []
        earlier = [d for d in self.drafts if d.type == EventType.SUMMIT and d.trigger.i < token.i]
        if earlier and _bare_definite(token):
            # "key outcomes from the Summit": the summit named before.
            span = _sentence_span(self.m, token.sent)
            if span not in earlier[-1].evidence:
                earlier[-1].evidence.append(span)
            return []
        phrase = _label_tokens(token)
        label = self.doc[phrase[0].i:phrase[-1].i + 1].text.strip() if phrase else ""
        own = [self.m.by_token[t.i] for t in phrase if t.i in self.m.by_token
               and self.m.by_token[t.i].kind in (EntityKind.COUNTRY, EntityKind.ORGANIZATION, EntityKind.PERSON)]
        # The gathering's own name read as a body ("General Assembly" beside "the United Nations") is no party.
        own = [r for r in own if not (r == self.m.by_token.get(token.i) and r.kind == EntityKind.ORGANIZATION
                                      and r.key not in self.public_organizations() and len(own) > 1)]
        draft = self._draft(EventType.SUMMIT, token, _unique(own))
        draft.label = label if any(is_capitalised(t) for t in phrase) else None
        # "a summit hosted by X", "the conference for Y, which will be attended by A and B", "attended by leaders
        # including A and B".
        hosts = [r for c in token.subtree if c.dep_ in ("acl", "relcl") and (c.head == token or c.lemma_ in (
                 HOLDING_VERBS | ATTENDING_VERBS)) for a in c.children if a.dep_ == "agent"
                 for o in a.children if o.dep_ == "pobj" for r in self._including(o)]
        if token.dep_ == "nsubjpass" and token.head.lemma_ in ATTENDING_VERBS | HOLDING_VERBS:
            # "The summit was attended by leaders including A and B"
            hosts += [r for a in token.head.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"
                      for r in self._including(o)]
        if token.dep_ == "nsubj" and token.head.lemma_ in ("bring", "gather", "unite", "draw", "involve"):
            # "the summit brought together A and B"
            hosts += [r for o in token.head.children if o.dep_ == "dobj" for r in self._including(o)]
            hosts += [r for p in token.head.children if p.dep_ == "prt" for o in p.children if o.dep_ == "pobj"
                      for r in self.actors(o)]
        # "The summit opened in X with the participation of A, B and C", "the summit, held with the participation
        # of ...", "in the presence of ...".
        anchors = [token, *(c for c in token.children if c.dep_ == "acl")]
        if token.dep_ in ("nsubj", "nsubjpass"):
            anchors.append(token.head)
        hosts += [r for a in anchors for p in a.children if p.dep_ == "prep" and p.lower_ in ("with", "in")
                  for n in p.children if n.dep_ == "pobj" and n.lemma_.lower() in ("participation", "presence",
                                                                                  "attendance")
                  for q in n.children if q.dep_ == "prep" and q.lower_ == "of"
                  for o in q.children if o.dep_ == "pobj" for r in self._including(o)]
        if any(c.dep_ in ("acl", "relcl") and any(a.dep_ == "aux" and a.lower_ in ("will", "shall", "'ll")
                                                  for a in c.children) for c in token.children):
            draft.planned = True
        holders: list[Ref] = []
        if token.dep_ == "dobj" and token.head.lemma_ in HOLDING_VERBS:
            holders = self.subject(token.head)  # "NATO will hold a meeting", "X held a summit with Y"
            hosts += holders
        # "a summit of the B9 countries hosted by Presidents A and B": the clause may hang on a word of the name.
        hosts += [r for t in [token, *phrase] for c in t.children if c.dep_ == "acl" and c.lemma_ == "host"
                  for a in c.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"
                  for r in self.actors(o)]
        draft.add(_unique(hosts))
        between = [r for o in self.with_objects(token, ("between",)) for r in self.actors(o)]
        draft.add(between or self._summit_attendees(token))
        if token.dep_ == "pobj" and token.head.lower_ == "for":
            # "met with A and B for the Normandy format summit": the summit, not another meeting.
            self.drafts = [d for d in self.drafts if not (d.trigger == token.head.head and d.type == EventType.MEETING)]
        # "a successful G20 Summit under Brazil's leadership": the chair takes part.
        draft.add(r for p in token.children if p.dep_ == "prep" and p.lower_ == "under" for o in p.children
                  if o.dep_ == "pobj" for c in o.children if c.dep_ == "poss" for r in self.actors(c))
        # Names in the summit's own name that are no known organisation ("C5+1").
        draft.add(self._group_in_name(token, phrase))
        # "a summit with the Pacific Islands Forum".
        draft.add(r for o in self.with_objects(token, ("with",)) for r in self.actors(o))
        draft.add(self._coined_name(phrase))
        # A summit is attended by states: the countries the attending persons act for take part too.
        draft.add(c for p in list(draft.participants) if p.kind == EntityKind.PERSON for c in self.coref.represented(p))
        draft.place = self.place_in(token, ("in", "at"))
        if not draft.participants:
            return []
        # "X held a summit with Y": two parties meeting, as "a summit between A and B" is.
        withs = [r for o in self.with_objects(token, ("with",)) for r in self.actors(o)]
        two = between or ((holders + withs) if token.head.lemma_ == "hold" else [])
        # Unnamed: no capital in the words up to the noun ("a summit with Chilean President X" names no summit).
        unnamed = not any(is_capitalised(t) for t in phrase if t.i <= token.i)
        if unnamed and len({self.side(p) or p for p in two}) == 2 and not any(
                p.kind == EntityKind.ORGANIZATION for p in draft.participants):
            # "a summit between A and B", "A and B held a summit": two parties meeting.
            draft.type = EventType.MEETING
            draft.participants = [p for p in draft.participants if p in two]
        return [draft]

    def _including(self, token: Token) -> list[Ref]:
        """The actors a phrase names, and those it lists after "including" or "among them" when it names none
        itself ("leaders including A and B")."""
        found = self.actors(token)
        listed = [r for p in token.children if p.dep_ == "prep" and p.lower_ in ("including", "among")
                  for o in p.children if o.dep_ == "pobj" for r in self.actors(o)]
        return _unique(listed or found)

    def _group_in_name(self, token: Token, phrase: list[Token]) -> list[Ref]:
        """The group a summit is named after that the gazetteer does not know: "the Eastern Partnership Summit"
        is a summit of the Eastern Partnership; "the Donors' Conference for X" names no group."""
        found: list[Ref] = []
        before = [t for t in phrase if t.i < token.i and t.dep_ == "compound" and t.pos_ == "PROPN"
                  and fold(t.text) not in TITLE_HEADS]
        if before and not token.ent_type_ and all(t.i == before[0].i + n for n, t in enumerate(before)) and \
                before[-1].i == token.i - 1 and not any(t.i in self.m.by_token or t.i in self.m.title_mentions
                                                        for t in before):
            # Capitalised words the NER left unlabelled: "the 4th Andean Partnership Summit".
            found.append(self.m.add_organization(" ".join(t.text for t in before), None, None, before[0].i,
                                                 token.i))
        for t in phrase:
            if t.ent_type_ != "ORG" or t.i in self.m.by_token or t.i == token.i or not is_capitalised(t) or \
                    t.lower_ in SUMMIT_NOUNS | {"summit", "meeting", "leaders", "dialogue", "forum"}:
                continue
            ent = next((e for e in self.doc.ents if e.start <= t.i < e.end), None)
            if ent is None or (ent.start <= token.i < ent.end and ent.end != token.i + 1) or any(
                    w.i in self.m.by_token for w in ent):
                continue  # a name that goes on past the summit's noun, or one holding a known name ("UN")
            words = [w for w in ent if w.lower_ != "the" and w.i != token.i and w.ent_type_ != "ORDINAL"
                     and not w.like_num and not re.fullmatch(r"\d+(st|nd|rd|th)", w.lower_)]
            if words and all(is_capitalised(w) or w.lower_ in ("of", "and", "for", "+") for w in words):
                found.append(self.m.add_organization(" ".join(w.text for w in words), None, None, words[0].i,
                                                     words[-1].i + 1))
        # "the Vilnius summit", "the Nordic summit": named after a place or a people, not a group.
        found = [r for r in found if not _place_name(self.m.organizations[r.key].name)]
        # A summit of "the Eastern Partnership": a group of states, by the word that ends its name; "the Global
        # COVID-19 Summit" and "the Quad Leaders Summit" name no group.
        found = [r for r in found if fold(self.m.organizations[r.key].name).split()[-1] in GROUP_NAME_HEADS]
        self.coined.update(r.key for r in found)
        return _unique(found)

    def _summit_attendees(self, token: Token) -> list[Ref]:
        path: list[Token] = []
        current = token
        for _ in range(8):
            if current.head.i == current.i:
                break
            current = current.head
            path.append(current)
        # A meeting or call held on its margins: its parties attend.
        for node in path:
            event = next((d for d in self.drafts if d.trigger == node and d.type != EventType.SUMMIT
                          and d.participants), None)
            if event is not None:
                return list(event.participants)
        # "his leadership of the G7 Summit", "Japan's hosting of the summit": the possessor.
        for node in path:
            if node.pos_ in ("VERB", "AUX"):
                break
            poss = next((c for c in node.children if c.dep_ == "poss"), None)
            if node.pos_ != "NOUN" or poss is None:
                continue
            verb = node.head.head if node.dep_ == "pobj" and node.head.lower_ == "for" else None
            if verb is not None and verb.lemma_ == "be":  # "was grateful to X for ...", the parser on "was"
                verb = next((c for c in verb.children if c.dep_ == "acomp"), verb)
            if poss.lower_ in coref.SINGULAR_PRONOUNS and verb is not None and verb.lemma_ in THANKING_VERBS:
                return self._thanked(verb)  # "thanked him for his leadership of ...": the one thanked
            refs = self.actors(poss)
            if refs:
                return refs
        # "OSCE decisions at the 2010 summit": the group whose doings the summit's phrase qualifies.
        for node in path:
            if node.pos_ in ("VERB", "AUX"):
                break
            groups = [r for c in node.children if c.dep_ in ("compound", "nmod", "poss")
                      for r in [self.m.by_token.get(c.i)] if r is not None and self.multilateral(r)]
            if node.pos_ == "NOUN" and groups:
                return _unique(groups)
        for node in path:
            if node.pos_ in ("VERB", "AUX"):
                listed = self._listed_attendees(node)
                if listed:
                    return listed
                subject = self.subject(node)
                if subject:
                    # "X wishes to speak with Y at the summit": both attend.
                    return _unique(subject + [r for o in self.with_objects(node) for r in self.actors(o)])
                # "We, the Heads of State of A, B and C, met on the margins of the summit": the subject's names.
                named = self._refs_in(t for c in node.children if c.dep_ == "nsubj" for t in c.subtree)
                if named:
                    return named
        return []

    def _listed_attendees(self, verb: Token) -> list[Ref]:
        """"Taking part in the summit were A, B and C", "Participating in the forum are A and B": the names after
        the copula."""
        if not (verb.lemma_ == "participate" or (verb.lemma_ == "take" and any(c.lower_ == "part"
                                                                               for c in verb.children))):
            return []
        copulas = [c for c in verb.children if c.lemma_ == "be" and c.dep_ in ("aux", "auxpass", "cop")]
        tokens = [t for b in copulas for c in b.children if c.dep_ in ("attr", "nsubj", "conj", "appos")
                  for t in c.subtree]
        tokens += [t for c in verb.children if c.dep_ in ("attr", "nsubj") for t in c.subtree]
        return [r for r in self._refs_in(tokens) if r.kind == EntityKind.PERSON]

    def _thanked(self, verb: Token) -> list[Ref]:
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is None:  # "grateful to the Chancellor for ..."
            obj = next((o for p in verb.children if p.dep_ == "prep" and p.lower_ == "to" for o in p.children
                        if o.dep_ == "pobj"), None)
        if obj is None:
            return []
        if obj.pos_ == "PRON" and verb.dep_ == "relcl":
            return self.actors(verb.head)  # "Sato, who he thanked him for ..."
        return self.actors(obj)

    def _coined_name(self, phrase: list[Token]) -> list[Ref]:
        """A group named by a coined code in the summit's name ("a roundtable meeting of the C5+1 platform")."""
        for t in phrase:
            if t.i in self.m.by_token or not re.fullmatch(r"[A-Z][A-Za-z]*\d+|[A-Z]{2,}\d*", t.text):
                continue
            # The code runs on while tokens are glued together ("C5", "+", "1").
            end = t.i + 1
            while end < len(self.doc) and not self.doc[end - 1].whitespace_ and (
                    self.doc[end].text in ("+", "-", "&") or self.doc[end].like_num or self.doc[end].is_upper):
                end += 1
            ref = self.m.add_organization(self.doc[t.i:end].text, None, None, t.i, end)
            self.coined.add(ref.key)
            return [ref]
        return []

    def _summit_hosts(self) -> None:
        """"the conference host, Kenya's President X" in a later sentence: X takes part in that summit."""
        for token in self.doc:
            if token.lemma_ != "host" or token.pos_ != "NOUN":
                continue
            kind = next((c for c in token.children if c.dep_ in ("compound", "amod", "nmod")
                         and c.lemma_ in SUMMIT_NOUNS | {"summit", "meeting", "forum"}), None)
            if kind is None:
                continue
            summits = [d for d in self.drafts if d.type == EventType.SUMMIT and d.trigger.i < token.i
                       and d.trigger.lemma_ == kind.lemma_]
            host = self.coref._apposed_name(token)
            if summits and host is not None:
                summits[-1].add([host, *self.coref.represented(host)])

    def _invitees_of_noun(self, noun: Token) -> list[Ref]:
        objs = self.with_objects(noun, ("to", "for"))
        # "an invitation for X to meet ...": the parser makes X the subject of the clause.
        objs += [s for c in noun.children if c.dep_ in ("advcl", "acl", "relcl") for s in c.children
                 if s.dep_ == "nsubj"]
        invitees = [r for o in objs for r in self.actors(o)]
        if not invitees and noun.head.lemma_ in ("accept", "receive", "welcome"):
            invitees = self.subject(noun.head)
        return invitees

    def _invitation(self, token: Token) -> list[Draft]:
        lemma = token.lemma_.lower()
        target: Token | None = None
        accepted = False  # an invitation accepted or received, its inviter not named
        if token.pos_ == "VERB" and lemma == "invite" and _is_passive(token):
            # "X was invited by Y to visit Z"
            invitees = [r for c in token.children if c.dep_ == "nsubjpass" for r in self.actors(c)]
            inviters = [r for a in token.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"
                        for r in self.actors(o)]
            target = next((c for c in token.children if c.dep_ == "xcomp"), None)
            to_place = self.place_in(token, ("to",))
        elif token.pos_ == "VERB" and lemma == "invite":
            inviters = self.subject(token)
            invitees = [r for c in token.children if c.dep_ == "dobj"
                        for r in self.actors(c) or self._office_country(c, inviters)]
            target = next((c for c in token.children if c.dep_ == "xcomp"), None)
            to_place = self.place_in(token, ("to",))
        elif token.pos_ == "NOUN" and lemma == "invitation":
            thanked = token.dep_ == "pobj" and token.head.lower_ == "for" and token.head.head.lemma_ in THANKING_VERBS
            at_invitation = token.dep_ == "pobj" and token.head.lower_ in ("at", "upon", "on") and bool(
                self.with_objects(token, ("of",)))
            if at_invitation:
                # "X will pay a visit to France at the invitation of Y": Y invited X to what X does.
                inviters = [r for o in self.with_objects(token, ("of",)) for r in self.actors(o)]
                invitees = self.subject(token.head.head)
                inviters = [r for r in inviters if r not in invitees]
                if not inviters or not invitees:
                    return []
                draft = self._draft(EventType.INVITATION, token, inviters + invitees)
                draft.inviters, draft.invitees = inviters, invitees
                return [draft]
            if any(c.lower_ in ("this", "that", "the") and c.dep_ == "det" for c in token.children) \
                    and token.head.lemma_ not in ("accept", "extend", "receive", "renew", "reiterate") and not thanked:
                return []
            inviters = [r for c in token.children if c.dep_ == "poss" for r in self.actors(c)]
            inviters += [r for o in self.with_objects(token, ("from",)) for r in self.actors(o)]
            invitees = self._invitees_of_noun(token)
            if thanked and not inviters:
                # "Petrov thanked the President of Mongolia for the invitation to visit Ulaanbaatar"
                inviters = self._thanked(token.head.head)
                invitees = invitees or self.subject(token.head.head)
            if not inviters and token.head.lemma_ not in ("accept", "receive", "welcome"):
                inviters = self.subject(token.head) if token.dep_ in ("dobj", "nsubjpass") else []
            accepted = not inviters and token.head.lemma_ in ("accept", "receive", "welcome")
            if not inviters:
                inviters = [r for r in self.coref.main_parties(self.drafts) if r not in invitees]
            # Only where the one presumed is no more than who reports it ("..., Deputy Minister Y said").
            reporters = [r for v in token.ancestors
                         if v.lemma_.lower() in ("say", "tell", "report", "announce", "state")
                         for r in self.subject(v)]
            accepted = accepted and bool(inviters) and set(inviters) <= set(reporters)
            target = next((c for c in token.children if c.dep_ in ("acl", "relcl", "advcl") and c.pos_ == "VERB"),
                          None)
            to_place = None
        else:
            return []
        inviters = [r for r in inviters if r not in invitees]
        if not inviters or not invitees:
            return []
        draft = self._draft(EventType.INVITATION, token, inviters + invitees)
        draft.inviters, draft.invitees = inviters, invitees
        drafts = [draft]
        invited = self._invited_to(token, target, to_place, invitees)
        if invited is not None:
            draft.invited_to = invited
            invited.planned = True
            drafts.append(invited)
            if lemma == "invitation" and accepted and invited.type == EventType.VISIT and invited.destination \
                    is not None and invited.destination.kind == EntityKind.COUNTRY:
                # "X accepted an invitation to visit Russia, Y said": no inviter named but the host country, not
                # whoever reports it.
                draft.inviters = [invited.destination]
                draft.participants = _unique([invited.destination, *invitees])
        return drafts

    def _invited_to(self, trigger: Token, target: Token | None, to_place: Ref | None,
                    invitees: list[Ref]) -> Draft | None:
        """The visit or summit an invitation is to."""
        summit = None
        scope = [target] if target is not None else []
        scope.append(trigger)
        for root in scope:
            for t in root.subtree:
                if self.is_summit(t) and t.i != trigger.i:
                    summit = t
                    break
            if summit is not None:
                break
        destination = to_place
        if target is not None and target.lemma_ in ("pay", "make") and any(
                c.dep_ == "dobj" and c.lemma_ == "visit" for c in target.children):
            # "invited X to pay a state visit to Hungary"
            visit = next(c for c in target.children if c.dep_ == "dobj" and c.lemma_ == "visit")
            destination = destination or self.place_in(visit, ("to",))
            target = visit
        if destination is None and target is not None and target.lemma_ in ("visit", "meet", "come", "travel",
                                                                             "attend"):
            destination = next((self.place_of(c) for c in target.children if c.dep_ == "dobj"), None)
            if destination is None:
                destination = self.place_in(target, ("to", "in", "at"))
        travel_stated = target is not None and target.lemma_ in ("visit", "travel", "come")
        if summit is not None and (destination is None or not travel_stated):
            drafts = self._summit(summit)
            if drafts:
                # The host who invites attends too.
                drafts[0].add(invitees)
                drafts[0].add(self._inviters_of(trigger))
                drafts[0].planned = True
                drafts[0].place = drafts[0].place or destination
                drafts[0].evidence.append(_sentence_span(self.m, summit.sent))
                return drafts[0]
        if destination is None:
            return None
        visit = self._draft(EventType.VISIT, target or trigger, list(invitees))
        visit.visitors = list(invitees)
        visit.destination = destination
        visit.place = destination
        visit.planned = True
        visit.evidence.append(_sentence_span(self.m, (target or trigger).sent))
        if summit is not None:
            for extra in self._summit(summit):
                extra.add(invitees)
                extra.add(self._inviters_of(trigger))
                extra.planned = True
                extra.evidence.append(_sentence_span(self.m, summit.sent))
                self.drafts.append(extra)
        return visit

    def _inviters_of(self, trigger: Token) -> list[Ref]:
        if trigger.pos_ == "VERB":
            return self.subject(trigger)
        inviters = [r for c in trigger.children if c.dep_ == "poss" for r in self.actors(c)]
        return inviters + [r for o in self.with_objects(trigger, ("from",)) for r in self.actors(o)]

    def _agreement(self, token: Token) -> list[Draft]:
        lemma = token.lemma_.lower()
        agreement: Token | None = None
        parties: list[Ref] = []
        agentless = False
        if token.pos_ == "NOUN" and lemma in SIGNING_NOUNS:
            agreement = next((o for p in token.children if p.dep_ == "prep" and p.lower_ == "of"
                              for o in p.children if o.dep_ == "pobj"), None)
            parties = [r for c in token.children if c.dep_ == "poss" for r in self.actors(c)]
            # "a signing ceremony": the ceremony stands where the signing would.
            node = token.head if token.dep_ == "compound" and token.head.pos_ == "NOUN" else token
            if not parties and node.dep_ == "dobj" and node.head.lemma_ in HOLDING_VERBS:
                # "representatives of A, B and C held a signing with X": every subject the parser found
                parties = self._states_in(t for c in node.head.children if c.dep_ == "nsubj" for t in c.subtree)
                parties += [r for o in self.with_objects(node.head) + self.with_objects(node) for r in self.actors(o)]
            elif not parties and node.dep_ in ("dobj", "pobj"):
                # "A and B attended the signing of ...", "X shook hands with them at the signing of ..."
                verb = node.head.head if node.dep_ == "pobj" and node.head.lower_ in ("at", "during") else \
                    node.head if node.dep_ == "dobj" and node.head.lemma_ in WITNESSING_VERBS else None
                if verb is not None and verb.pos_ == "VERB":
                    parties = self.subject(verb)
            agentless = not parties
            if agreement is None:
                # "held a signing with X", "after the talks, a signing ceremony took place": no document named
                if lemma != "signing" or _hypothetical(token):
                    return []
                if agentless:
                    parties = self._present_at(token) or self._talks_in(token)
                if len({self.side(p) or p for p in parties}) < 2:
                    return []
                return [self._draft(EventType.AGREEMENT_SIGNING, token, parties)]
        elif token.pos_ == "VERB" and lemma in SIGNING_VERBS:
            if any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
                return []  # "urged him to conclude a deal", "met to sign": wanted, not done
            if token.dep_ in ("acl", "relcl") and _names_agreement(token.head):
                # "an agreement signed by A and B", "the memorandum that A and B signed", "a treaty signed in 2002"
                agreement = token.head
                parties = self._agents(token)
                if not parties and token.dep_ == "relcl":
                    parties = [r for c in token.children if c.dep_ == "nsubj" and c.lower_ not in ("which", "that")
                               for r in self.actors(c)]
            else:
                agreement = next((c for c in token.children if c.dep_ in ("dobj", "nsubjpass")), None)
                parties = self.subject(token) if not _is_passive(token) else self._agents(token)
                if len(parties) == 1 and not _is_passive(token):
                    # "Minister for X of Ukraine A and Minister of Energy of Azerbaijan B signed": the parser hung
                    # A inside B's long title; every person the subject phrase names signs.
                    parties = _unique(parties + [r for r in self._refs_in(
                        t for c in token.children if c.dep_ == "nsubj" for t in c.subtree if t.i in self.m.by_token)
                        if r.kind == EntityKind.PERSON])
                if not parties and _is_passive(token):
                    # "an agreement was signed between A and B"
                    parties = [r for o in self.with_objects(token, ("between",))
                               for r in self.coref.organisation_actors(o)]
                if not parties and not _is_passive(token):
                    # "the Russian and Turkmen representatives signed ...": the states they stand for.
                    parties = self._states_in(t for c in token.children if c.dep_ == "nsubj" for t in c.subtree)
            agentless = not parties
        if agreement is None or not _names_agreement(agreement) or _hypothetical(token):
            return []
        # Parties the document's own name gives: "an agreement between A and B", "the A-B peace treaty".
        named = [r for o in self._nested_objects(agreement, ("between",)) for r in self.coref.organisation_actors(o)]
        if not named:
            named = self._states_in(t for a in [agreement, *(c for c in agreement.children if c.dep_ == "appos")]
                                    for t in _phrase(a))
        if len({self.side(p) or p for p in parties}) < 2:
            parties = _unique(parties + [r for r in named if r.kind != EntityKind.PERSON or not parties])
        if agentless or (_is_passive(token) and not any(p.kind == EntityKind.PERSON for p in parties)):
            # "signed in the presence of A and B", "signed between A and B in the presence of C and D": those
            # present take part.
            present = self._present_at(token)
            parties = _unique(parties + present)
            agentless = agentless and not present
        if agentless:
            # "Following the talks, a declaration ... was signed": the parties of the talks it belongs to.
            talks = self._talks_in(token)
            if talks and (not parties or self._after_talks(token)):
                parties = _unique(talks + parties)
        if not parties:
            return []
        if _weak_document(agreement) and len({self.side(p) or p for p in parties}) < 2:
            return []  # "signed a roadmap", "signed a statement": a deal only between two sides
        draft = self._draft(EventType.AGREEMENT_SIGNING, token, parties)
        label_tokens = _label_tokens(agreement)
        draft.label = " ".join(t.text for t in label_tokens) or None
        return [draft]

    def _agents(self, verb: Token) -> list[Ref]:
        """"signed by A and B", where the parser may leave "and" dangling and hang B elsewhere: the next person
        named after the "and"."""
        refs: list[Ref] = []
        for obj in (o for a in verb.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"):
            refs += self.actors(obj)
            cc = next((c for c in obj.children if c.dep_ == "cc"), None)
            if cc is not None and not any(c.dep_ == "conj" for c in obj.children):
                after = next((r for t in self.doc[cc.i + 1:min(cc.i + 9, cc.sent.end)]
                              for r in [self.m.ref_at(t.i)] if r is not None and r.kind == EntityKind.PERSON), None)
                if after is not None:
                    refs.append(after)
        return _unique(refs)

    def _present_at(self, token: Token) -> list[Ref]:
        """"in the presence of A and B": those present at what the sentence tells."""
        return [r for t in token.sent if t.lower_ == "presence" for p in t.children
                if p.dep_ == "prep" and p.lower_ == "of" for o in p.children if o.dep_ == "pobj"
                for r in self.actors(o)]

    def _talks_in(self, token: Token) -> list[Ref]:
        """The parties of the meeting or call the sentence of `token` tells, else of the latest one told before
        it when the sentence ties the signing to talks ("Following the talks, ...")."""
        talks = [d for d in self.drafts if d.type in (EventType.MEETING, EventType.PHONE_CALL)
                 and d.trigger.i < token.i and d.participants]
        here = [d for d in talks if d.trigger.sent == token.sent]
        if here:
            return list(here[-1].participants)
        talks = [d for d in talks if any(p.kind == EntityKind.PERSON for p in d.participants)] or talks
        return list(talks[-1].participants) if talks and self._after_talks(token) else []

    def _states_in(self, tokens: Iterable[Token]) -> list[Ref]:
        """The actors named in a run of words, and the states its demonyms name ("the Russian and Turkmen
        representatives")."""
        tokens = list(tokens)
        refs = self._refs_in(tokens)
        for t in tokens:
            code = gazetteer.country_by_demonym(t.text) if t.pos_ in ("ADJ", "PROPN", "NOUN") and \
                t.dep_ in ("amod", "compound", "conj") and t.i not in self.m.by_token else None
            if code:
                refs.append(Ref(EntityKind.COUNTRY, code))
        return _unique(refs)

    def _after_talks(self, token: Token) -> bool:
        """"Following the talks, ...", "Within the meeting of the two delegations, ...": the sentence ties the
        signing to talks."""
        return any(t.lemma_.lower() in MEETING_NOUNS | {"meeting", "talk", "visit", "negotiation"} and (
            (t.dep_ == "pobj" and t.head.lower_ in ("following", "after", "during", "within", "at", "in"))
            or t.dep_ == "nsubj")  # "The visit ended with the signing of ..."
            for t in token.sent)

    def _draft(self, kind: EventType, trigger: Token, participants: list[Ref]) -> Draft:
        return Draft(kind, trigger, _unique(participants))

    # --- dates and status -----------------------------------------------------------------------------

    def date_and_status(self) -> None:
        date_phrases = _date_phrases(self.doc)
        chosen: dict[int, tuple[int, SpacySpan]] = {}
        for phrase in date_phrases:
            if phrase.end <= self.m.dateline_end and phrase.sent.end < len(self.doc):
                # The dateline's date ("SEOUL, March 14 (Yonhap) --") dates what the sentence after it tells,
                # where that sentence gives no date of its own.
                after = self.doc[phrase.sent.end].sent
                for draft in self.drafts:
                    if draft.trigger.sent == after and draft.trigger.i not in chosen:
                        chosen[draft.trigger.i] = (10**6, phrase)
                continue
            candidates = [d for d in self.drafts if d.trigger.sent == phrase.sent]
            if not candidates:
                continue
            best = min(candidates, key=lambda d: (_tree_distance(d.trigger, phrase.root), abs(d.trigger.i
                                                                                             - phrase.start)))
            distance = _tree_distance(best.trigger, phrase.root)
            key = best.trigger.i
            if key not in chosen or distance < chosen[key][0]:
                chosen[key] = (distance, phrase)
        for draft in self.drafts:
            draft.planned = draft.planned or self._is_planned(draft.trigger)
            if draft.type == EventType.INVITATION:
                draft.planned = False
            found = chosen.get(draft.trigger.i)
            if found is not None and draft.date is None:
                draft.date = resolve_date(found[1].text, self.published, future=draft.planned)
                draft.dated_in_text = draft.date is not None
                if draft.date is not None and _after(draft.date, self.published) and draft.type == \
                        EventType.AGREEMENT_SIGNING and not draft.planned:
                    draft.date = None  # "next year marks 25 years since the signing of ...": an anniversary
                elif draft.date is not None and _after(draft.date, self.published) and draft.type != \
                        EventType.INVITATION:
                    draft.planned = True
        # An invitation is dated when it was extended; a vaguer or future date in its clause is the date of
        # what it invites to ("invited ... to Washington later this year for the summit").
        for draft in self.drafts:
            if draft.type != EventType.INVITATION:
                continue
            target = draft.invited_to
            if target is not None and target.date is None:
                found = chosen.get(target.trigger.i)
                if found is not None:
                    target.date = resolve_date(found[1].text, self.published, future=True)
            if draft.date is not None and (draft.date.day is None or _after(draft.date, self.published)):
                if target is not None and target.date is None:
                    target.date = draft.date
                draft.date = None
        # An undated event takes the date of a dated event stated in the same sentence.
        for draft in self.drafts:
            if draft.date is not None or draft.type == EventType.INVITATION or any(
                    d.invited_to is draft for d in self.drafts):
                continue
            dated = [d for d in self.drafts if d.date is not None and d.trigger.sent == draft.trigger.sent
                     and d.type != EventType.INVITATION and d.planned == draft.planned]
            if dated:
                draft.date = min(dated, key=lambda d: abs(d.trigger.i - draft.trigger.i)).date
        # A trip told in the past tense spans days: its month; what happens on it shares its date.
        for draft in self.drafts:
            if draft.date is None and draft.type == EventType.VISIT and not draft.planned \
                    and draft.trigger.tag_ == "VBD":
                draft.date = FuzzyDate(self.published.year, self.published.month)
        for draft in self.drafts:
            if draft.date is None and not draft.planned and draft.type in (EventType.MEETING, EventType.SUMMIT):
                trip = next((d for d in reversed(self.drafts) if d.type == EventType.VISIT and not d.planned
                             and d.trigger.i < draft.trigger.i and d.date is not None
                             and set(d.visitors) & set(draft.participants)), None)
                if trip is not None:
                    draft.date = trip.date
        for draft in self.drafts:
            if draft.date is None and (not draft.planned or draft.type == EventType.INVITATION):
                draft.date = published_date(self.published)

    # --- diplomatic or not ----------------------------------------------------------------------------

    def state_actor(self, ref: Ref) -> bool:
        """A country, an organisation of states or of a government, or a person holding a public office or acting
        for a country the text names."""
        if ref.kind == EntityKind.COUNTRY:
            return True
        if ref.kind == EntityKind.ORGANIZATION:
            return ref.key in self.public_organizations()
        if ref.kind != EntityKind.PERSON:
            return False
        cluster = self.m.cluster(ref)
        if any(p.title and is_public_title(p.title) for p in cluster.posts):
            return True
        # The head of an organisation of states acts for it ("Director General of the IAEA X").
        return any(p.of is not None and (p.of.kind == EntityKind.COUNTRY or p.of.key in self.public_organizations())
                   for p in cluster.posts) or cluster.country_hint is not None

    def side(self, ref: Ref) -> Ref | None:
        """The country or organisation an actor acts for, where the article makes it clear."""
        if ref.kind == EntityKind.PERSON:
            found = self.coref.represented(ref)
            return found[0] if found else None
        if ref.kind == EntityKind.PLACE:
            country = self.m.places[ref.key].country
            return Ref(EntityKind.COUNTRY, country) if country else None
        return ref

    def _one_side(self, draft: Draft) -> bool:
        """Talks among one government's own people (or with its unions and firms), an invitation to a compatriot,
        a trip at home: no diplomacy. A person whose side the text leaves open counts as another side."""
        if draft.type in (EventType.MEETING, EventType.PHONE_CALL):
            states = {self.side(r) for r in draft.participants if self.state_actor(r)}
            unknown = [r for r in draft.participants if r.kind == EntityKind.PERSON and self.side(r) is None]
            return len(states - {None}) < 2 and not unknown
        if draft.type == EventType.INVITATION:
            sides = [self.side(r) for r in draft.inviters + draft.invitees]
            return bool(sides) and None not in sides and len(set(sides)) == 1
        if draft.type == EventType.VISIT and draft.destination is not None:
            sides = {self.side(r) for r in draft.visitors}
            home = self.side(draft.destination)
            return home is not None and sides == {home}
        return False

    def public_organizations(self) -> set[str]:
        if self._public_orgs is None:
            known = {gazetteer.slug(o.name) for o in gazetteer.organizations_by_acronym().values()}
            self._public_orgs = {k for k in self.m.organizations if k in known} | self.coined
        return self._public_orgs

    def drop_private(self) -> None:
        """Meetings of a company's chief executive, a footballer's trip, a climb to a summit: no diplomacy. A draft
        stays when one of its parties acts for a state, or (for a deal) when a state's official welcomes it in
        the sentence that states it."""
        kept = []
        for draft in self.drafts:
            refs = [*draft.participants, *draft.inviters, *draft.invitees, *draft.visitors]
            if self._one_side(draft):
                continue
            if any(self.state_actor(r) for r in refs) or (draft.type == EventType.AGREEMENT_SIGNING and any(
                    self.state_actor(r) for t in draft.trigger.sent
                    for r in [self.m.ref_at(t.i)] if r is not None and t.dep_ in ("nsubj", "conj", "compound"))):
                kept.append(draft)
        self.drafts = kept

    def join_references(self) -> None:
        """"X's call with Y", "the meeting between A and B" with no date of their own, where the article dates
        a call or meeting of the same parties elsewhere ("a call ... in early May"): that one, told again."""
        kept: list[Draft] = []
        for draft in self.drafts:
            trigger = draft.trigger
            definite = trigger.pos_ in ("NOUN", "PROPN") and any(
                c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in ("the", "this", "that")) for c in trigger.children)
            if draft.type in (EventType.MEETING, EventType.PHONE_CALL) and definite and not draft.dated_in_text:
                dated = next((d for d in self.drafts if d is not draft and d.type == draft.type and d.dated_in_text
                              and d.planned == draft.planned and set(d.participants) == set(draft.participants)),
                             None)
                if dated is not None:
                    dated.evidence.extend(e for e in draft.evidence if e not in dated.evidence)
                    continue
            if draft.type == EventType.AGREEMENT_SIGNING and _signed_again(trigger):
                # "A memorandum ... was signed in the presence of A and B. The document was signed by C and D.":
                # the signing told before, now with who signed.
                before = next((d for d in reversed(kept) if d.type == EventType.AGREEMENT_SIGNING
                               and d.planned == draft.planned and d.trigger.i < trigger.i
                               and trigger.sent.start - d.trigger.sent.end <= 40), None)
                if before is not None:
                    before.participants = _unique([*before.participants, *draft.participants])
                    before.evidence.extend(e for e in draft.evidence if e not in before.evidence)
                    continue
            kept.append(draft)
        self.drafts = kept

    def join_trips(self) -> None:
        """"X is on a visit to Ukraine ... X visited Irpin": one trip, to the city of the country."""
        visits = [d for d in self.drafts if d.type == EventType.VISIT and d.destination is not None]
        for draft in visits:
            if draft.destination.kind != EntityKind.COUNTRY:
                continue
            trip = next((d for d in visits if d is not draft and d.planned == draft.planned
                         and set(d.visitors) == set(draft.visitors) and _days_apart(d.date, draft.date) <= 7
                         and d.destination.kind == EntityKind.PLACE
                         and self.side(d.destination) == draft.destination), None)
            if trip is not None:
                draft.destination = draft.place = trip.destination
                draft.date = trip.date if draft.date is None or trip.date is None else min(
                    trip.date, draft.date, key=lambda d: (d.year, d.month or 0, d.day or 0))
        # "visiting President X held talks ... X arrived in New Delhi on Friday on a three-day state visit": one
        # trip told twice, dated by its start.
        kept: list[Draft] = []
        for draft in self.drafts:
            same = next((d for d in kept if draft.type == EventType.VISIT and d.type == EventType.VISIT
                         and not draft.planned and not d.planned and draft.destination is not None
                         and d.destination == draft.destination and set(d.visitors) == set(draft.visitors)
                         and 0 < _days_apart(d.date, draft.date) <= 3), None)
            if same is None:
                kept.append(draft)
                continue
            same.date = min(same.date, draft.date, key=lambda d: (d.year, d.month or 0, d.day or 0))
            same.evidence.extend(e for e in draft.evidence if e not in same.evidence)
        self.drafts = kept

    def absorb_sides(self) -> None:
        """"X met Y as part of consultations between Japan and Chile": talks of countries whose people a talk of
        the same day names are that talk, not another."""
        kept: list[Draft] = []
        for draft in self.drafts:
            # "During the meeting with the WHO, ..." later in a report of the meeting with its Director General.
            elsewhere = draft.trigger.lower_ != "meetings" and any(p.kind != EntityKind.PERSON
                                                                   for p in draft.participants)
            if draft.type in (EventType.MEETING, EventType.PHONE_CALL) and (all(
                    p.kind != EntityKind.PERSON for p in draft.participants) or elsewhere):
                fuller = next((d for d in self.drafts if d is not draft and d.type == draft.type
                               and (not elsewhere or d.trigger.sent != draft.trigger.sent)
                               and d.planned == draft.planned and _dates_compatible(d.date, draft.date)
                               and set(d.participants) != set(draft.participants)
                               and self._covers(d, draft.participants)), None)
                if fuller is not None:
                    fuller.evidence.extend(e for e in draft.evidence if e not in fuller.evidence)
                    continue
            kept.append(draft)
        self.drafts = kept

    def default_places(self, dateline: Ref | None) -> None:
        """An agency report filed from a city tells of what happened there that day: a meeting or summit of the
        report's day with no stated place took place at the dateline."""
        if dateline is None:
            return
        today = published_date(self.published)
        for draft in self.drafts:
            if draft.place is None and not draft.planned and draft.date == today and draft.type in (
                    EventType.MEETING, EventType.SUMMIT, EventType.AGREEMENT_SIGNING):
                draft.place = dateline

    def _is_planned(self, token: Token) -> bool:
        if any(c.dep_ == "amod" and c.lower_ in ("recent", "previous", "past", "last") for c in token.children):
            return False  # "the preparations for the recent summit"
        if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lower_ in ("part", "framework") \
                and token.head.head.head.lower_ in ("as", "in", "within"):
            return False  # "the forum will take place as part of the visit": the visit frames it, already under way
        if any(c.lower_ in FUTURE_MARKERS for c in token.children if c.dep_ in ("amod", "compound", "advmod")):
            return True
        current = token
        circumstance = False  # "agreed on X during the talks": the talks are when it was agreed, not what
        for _ in range(5):
            if any(c.dep_ == "aux" and c.lower_ in ("will", "shall", "'ll", "would") for c in current.children) \
                    and current.lemma_ not in ("like", "love"):  # "I would like to greet ...": now, not later
                return True
            if current != token and current.lemma_.lower() in PLANNING_WORDS and current.pos_ == "VERB" \
                    and not circumstance:
                return True
            circumstance = circumstance or (current.dep_ == "prep" and current.lower_ in ("during", "following",
                                                                                         "after", "within"))
            if current != token and current.lemma_.lower() in ("plan", "intention", "proposal", "readiness",
                                                               "preparation"):
                return True
            if current.lower_ in ("upcoming", "forthcoming") or (current != token and current.lemma_.lower() in
                                                                  ("invite", "invitation")):
                return True
            if current.tag_ == "VBD" and current.pos_ == "VERB":
                return False  # "held talks with X on Monday, the two sides agreed to ...": told in the past tense
            if current.head == current:  # spaCy makes a new Token each time: compare, never `is`
                break
            current = current.head
        return False


def _after(date: FuzzyDate, published: dt.date) -> bool:
    if date.day is not None:
        return dt.date(date.year, date.month or 1, date.day) > published
    if date.month is not None:
        return (date.year, date.month) > (published.year, published.month)
    return date.year > published.year


def _date_phrases(doc) -> list[SpacySpan]:
    phrases: list[SpacySpan] = []
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        if phrases and phrases[-1].end == ent.start:
            # "Friday evening" comes as a DATE and a TIME side by side; the time alone would read as today.
            phrases[-1] = doc[phrases[-1].start:ent.end]
        else:
            phrases.append(ent)
    covered = {t.i for e in phrases for t in e}
    for token in doc:
        if token.lower_ in ("today", "yesterday", "tomorrow") and token.i not in covered:
            phrases.append(doc[token.i:token.i + 1])
    return phrases


def _tree_distance(a: Token, b: Token) -> int:
    path_a = [a, *a.ancestors]
    index = {t.i: n for n, t in enumerate(path_a)}
    for n, t in enumerate([b, *b.ancestors]):
        if t.i in index:
            return n + index[t.i]
    return 99


def _conjuncts(token: Token) -> list[Token]:
    return [t for t in token.conjuncts if t.i > token.i]


def _phrase(token: Token, keep_preps: tuple[str, ...] = ()) -> list[Token]:
    """The tokens of a noun phrase, without relative clauses, and without prepositional phrases unless kept."""
    out = [token]
    for child in token.children:
        if child.dep_ in ("relcl", "acl", "advcl", "conj", "cc", "punct", "appos"):
            continue
        if child.dep_ == "prep" and child.lower_ not in keep_preps:
            continue
        out.extend(_phrase(child, keep_preps))
    return sorted(out, key=lambda t: t.i)


def _label_tokens(token: Token) -> list[Token]:
    tokens = _phrase(token, keep_preps=("of", "from", "with", "on"))
    drop = {"det", "poss", "case", "nummod", "predet"}
    out = [t for t in tokens if t.dep_ not in drop and t.ent_type_ not in ("DATE", "TIME", "CARDINAL", "MONEY")
           and t.lower_ not in FUTURE_MARKERS and t.lower_ not in ("productive", "virtual", "first", "second",
                                                                    "historic", "anniversary", "new", "this")]
    while out and not is_capitalised(out[0]) and out[0].pos_ not in ("NOUN", "PROPN"):
        out.pop(0)
    return out


def _is_summit_noun(token: Token) -> bool:
    if token.pos_ not in ("NOUN", "PROPN") or token.dep_ == "compound":
        return False
    if token.dep_ == "pobj" and token.head.lower_ == "of" and (
            fold(token.head.head.text) in TITLE_HEADS or token.head.head.lower_ in ORGANISATION_GATHERING_NOUNS):
        # "the President of the Congress of ...", "sessions of the Congress of ...": a body, not a gathering
        return False
    lower = token.lower_
    modifiers = {fold(c.text) for c in token.children if c.dep_ in ("compound", "amod", "nmod", "poss")}
    if lower in ("summit", "summits"):
        # "reached the summit of Mount Kenya": a mountain top.
        return not (token.head.lemma_ in ("reach", "climb", "ascend", "conquer", "scale") and token.dep_ == "dobj")
    if lower == "congress" and token.text[:1].isupper() and not modifiers & {"world", "international", "leaders"} \
            and not any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children):
        return False  # "Congress passed the budget", "the U.S. Congress", "the Party Congress": no summit
    if lower in ("conference", "congress"):
        return not modifiers & {"press", "news", "video", "phone", "telephone"}
    if lower in ("meeting", "dialogue", "forum") and modifiers & {"leaders", "leaders s", "forum", "roundtable",
                                                                  "ministerial", "summit"}:
        return True
    return lower == "meeting" and any(
        c.dep_ == "compound" and fold(c.text) in ("forum",) for c in token.subtree)


_DOCUMENT_REFERENCES = {"document", "documents", "agreement", "memorandum", "declaration", "treaty", "accord",
                        "protocol", "deal", "it"}


def _signed_again(verb: Token) -> bool:
    """"The document was signed by X and Y", "it was signed by ...": a signing told before, by a reference."""
    return _is_passive(verb) and any(
        c.dep_ == "nsubjpass" and c.lower_ in _DOCUMENT_REFERENCES and (c.lower_ == "it" or any(
            d.dep_ == "det" and d.lower_ in ("the", "this", "these") for d in c.children)) for c in verb.children)


def _bare_definite(token: Token) -> bool:
    """"the Summit", "the summit" with nothing that names it."""
    return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in token.children) and not any(
        c.dep_ in ("compound", "amod", "nmod", "poss", "nummod") or (c.dep_ == "prep" and c.lower_ in ("of", "between"))
        for c in token.children)


def _without_clauses(token: Token) -> list[Token]:
    """The words of a phrase and its conjuncts, without the clauses hung on them."""
    clauses = {t.i for c in token.subtree if c.dep_ in ("relcl", "acl", "advcl", "ccomp") for t in c.subtree}
    return [t for t in token.subtree if t.i not in clauses]


# The links from a signing up to what speaks of it: "considered signing" (xcomp), "the possibility of signing"
# (pcomp, prep), "the importance of the signing" (pobj), "discussed the signing" (dobj); never a conjunct.
_GOVERNED_LINKS = ("xcomp", "pcomp", "pobj", "prep", "dobj")


_CALL_TITLE = re.compile(r"\b(?:calls?|called)\s+(?:with|between|from)\b|\bconversations?\s+with\b", re.IGNORECASE)


def _wished(token: Token) -> bool:
    """"Norway is ready to negotiate with X", "he wants to meet Y", "hopes to talk with Z": talks wished for, neither
    held nor set."""
    def willing(word: Token) -> bool:
        return word.lemma_.lower() in WILLINGNESS_HEADS or _singular(word) in WILLINGNESS_HEADS  # "hopes": "hop"

    if token.dep_ == "pobj" and token.head.lower_ in ("to", "for") and willing(token.head.head):
        return True  # "open to talks with X", "ready for talks"
    current = token
    for _ in range(3):
        if current.dep_ != "xcomp" or current.head.i == current.i:
            return False
        if willing(current.head):
            return True
        current = current.head
    return False


def _hypothetical(token: Token) -> bool:
    """"the importance of signing an agreement", "discussed the possibility of concluding a treaty", "considered
    signing": a signing spoken of, not done. Only what governs the signing counts (its object, complement or the
    phrase it is in): in "discussed energy prices and signed a memorandum" the signing is a second deed, done."""
    current = token
    for _ in range(3):
        head = current.head
        if head.i == current.i or current.dep_ not in _GOVERNED_LINKS or \
                (current.dep_ == "prep" and current.pos_ != "ADP"):
            return False
        if head.lemma_.lower() in HYPOTHETICAL_HEADS:
            return True
        if head.pos_ == "VERB" and current.tag_ != "VBG":
            return False
        current = head
    return False


def _names_agreement(token: Token) -> bool:
    words = AGREEMENT_WORDS | TWO_SIDED_DOCUMENT_WORDS
    return any(t.lemma_.lower() in words or _singular(t) in words  # "seven MoUs"
               for t in [token, *(t for t in token.subtree if t.dep_ in ("compound", "pobj", "appos"))])


def _weak_document(token: Token) -> bool:
    """A document that is a deal only when two sides sign it ("a roadmap", "a joint statement"), unless
    its name says so."""
    if any(t.lemma_.lower() in AGREEMENT_WORDS or _singular(t) in AGREEMENT_WORDS
           for t in [token, *(t for t in token.subtree if t.dep_ in ("compound", "pobj"))]):
        return False
    return not any(c.lower_ in ("joint", "bilateral", "intergovernmental", "interdepartmental", "international")
                   for c in token.children)


def _held_remotely(talks: Token) -> bool:
    """"virtual talks", "talks via video link", "a meeting by videoconference": a call, not a meeting."""
    if any(c.dep_ == "amod" and c.lower_ in ("virtual", "online") for c in talks.children):
        return True
    held = [talks, talks.head] if talks.dep_ == "dobj" else [talks]  # "held talks via videoconference"
    media = [o for t in held for p in t.children if p.dep_ == "prep" and p.lower_ in ("via", "by", "over")
             for o in p.children if o.dep_ == "pobj"]
    return any(word.lemma_.lower() in REMOTE_MEDIA for o in media
               for word in [o, *(c for c in o.children if c.dep_ == "compound")])


def _is_visiting_guest(token: Token) -> bool:
    """"visiting" in "met with visiting Prime Minister X", which the parser reads as a verb taking X."""
    return token.lower_ == "visiting" and token.dep_ == "pcomp" and token.head.lower_ in ("with", "and")


def _talks_noun_not_held(trigger: Token) -> bool:
    """A talks or meeting noun that no verb says took place: "the importance of talks between A and B"."""
    if trigger.pos_ not in ("NOUN", "PROPN"):
        return False
    head = trigger.head
    if trigger.dep_ in ("dobj", "nsubjpass") and head.lemma_ in ("hold", "have", "conduct", "start", "begin"):
        return False
    if trigger.dep_ == "nsubj" and head.lemma_ == "take":
        return False  # "took place"
    # "The meeting of A and B on Sunday ended 1-1" is a match: a date or an ending tells of a meeting of states
    # only where officials are named for them ("the meeting of the foreign ministers of A and B ended").
    officials = any(_singular(t) in OFFICIAL_GROUP_NOUNS for t in trigger.subtree)
    ended = trigger.dep_ == "nsubj" and head.lemma_ in ("be", "begin", "start", "end", "open", "conclude")
    if officials and (ended or any(t.ent_type_ == "DATE" for t in trigger.subtree)):
        return False
    return not (trigger.dep_ == "pobj" and head.lower_ in ("during", "at", "after", "following", "in"))


def _with_groups(verb: Token) -> list[list[Token]]:
    """The objects of each "with" of a verb, one list per "with": those on the verb, and those the parser joined
    to a purpose clause ("met with A to discuss X and with B to review Y")."""
    withs = [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "with"]
    withs += [w for clause in verb.children if clause.dep_ in ("advcl", "xcomp") for w in clause.children
              if w.dep_ == "conj" and w.lower_ == "with"]
    return [[o for o in w.children if o.dep_ == "pobj"] for w in withs]


def _singular(token: Token) -> str:
    """The lower-case singular of a noun, whatever the tagger made of it ("Heads" tagged as a name)."""
    lower = token.lower_
    return lower[:-1] if lower.endswith("s") and not lower.endswith("ss") else lower


def _is_passive(token: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in token.children)


def _split_per_counterpart(token: Token) -> bool:
    return any(c.lower_ in ("bilaterally", "separately", "individually") for c in token.children)


def _sentence_span(m: Mentions, sentence: SpacySpan) -> TextSpan:
    tokens = [t for t in sentence if not t.is_space]
    start, end = tokens[0].i, tokens[-1].i + 1
    return m.span(start, end)


# --- from drafts to events ---------------------------------------------------------------------------------


def _days_apart(a: FuzzyDate | None, b: FuzzyDate | None) -> int:
    """Days between two dates, 0 where either is unknown or only one is known to the day."""
    if a is None or b is None or a.day is None or b.day is None:
        return 0 if _dates_compatible(a, b) else 99
    return abs((dt.date(a.year, a.month or 1, a.day) - dt.date(b.year, b.month or 1, b.day)).days)


def _dates_compatible(a: FuzzyDate | None, b: FuzzyDate | None) -> bool:
    """Equal, or one the month (or year) of the other: "arrived in June" and "on 12 June"."""
    if a is None or b is None:
        return True
    x, y = a.isoformat(), b.isoformat()
    return x == y or x.startswith(y) or y.startswith(x)


def _same_occurrence(a: Draft, b: Draft) -> bool:
    if a.type != b.type or a.planned != b.planned:
        return False
    if (a.type == EventType.VISIT and not _dates_compatible(a.date, b.date)) or (a.type != EventType.VISIT and \
            a.date is not None and b.date is not None and a.date != b.date):
        return False
    if a.type == EventType.SUMMIT:
        if a.label and b.label:
            x, y = _summit_name(a.label), _summit_name(b.label)
            return x == y or x in y or y in x
        return False
    if a.type == EventType.VISIT:
        return set(a.visitors) == set(b.visitors) and a.destination == b.destination
    if a.type == EventType.AGREEMENT_SIGNING and _document_kind(a.label) != _document_kind(b.label):
        return False  # "the treaty we signed in 2002" and "the documents signed today"
    if a.type == EventType.INVITATION:
        return set(a.inviters) == set(b.inviters) and set(a.invitees) == set(b.invitees)
    return set(a.participants) == set(b.participants)


def _place_name(name: str) -> bool:
    return bool(gazetteer.country_by_name(name) or gazetteer.country_by_demonym(name) or gazetteer.city_by_name(name)
                or fold(name) in gazetteer.REGIONS)


def _summit_name(label: str) -> str:
    """A summit's name without the word for the gathering: "the ASEAN+ meeting" and "the ASEAN Summit" are one."""
    words = [w for w in fold(label).split() if w not in SUMMIT_NOUNS | ORGANISATION_GATHERING_NOUNS | {"summits"}]
    return " ".join(words) or fold(label)


def _document_kind(label: str | None) -> str | None:
    """The kind of document a signing's label names ("Joint Declaration on ..." -> "declaration")."""
    words = AGREEMENT_WORDS | TWO_SIDED_DOCUMENT_WORDS
    return next((w for w in fold(label or "").split() if w in words or w.rstrip("s") in words), None)


def merge_drafts(drafts: list[Draft]) -> list[Draft]:
    kept: list[Draft] = []
    for draft in drafts:
        target = next((k for k in kept if _same_occurrence(k, draft)), None)
        if target is None:
            kept.append(draft)
            continue
        draft.merged_into = target
        for span in draft.evidence:
            if span not in target.evidence:
                target.evidence.append(span)
        target.add(draft.participants)
        if target.date is None or (draft.date is not None
                                   and len(draft.date.isoformat()) > len(target.date.isoformat())):
            target.date = draft.date
        target.place = target.place or draft.place
        target.label = target.label or draft.label
    return kept


def _final(draft: Draft) -> Draft:
    while draft.merged_into is not None:
        draft = draft.merged_into
    return draft


def valid(draft: Draft) -> bool:
    if draft.type in (EventType.MEETING, EventType.PHONE_CALL):
        # "Chile and Norway held talks": countries or organisations stand for sides no person is named for, when
        # the talks are told as held ("the importance of talks between A, B and C" tells of none).
        if not any(p.kind == EntityKind.PERSON for p in draft.participants) and (
                _talks_noun_not_held(draft.trigger) or _states_as_teams(draft.trigger)):
            return False
        return len(draft.participants) >= 2
    if draft.type == EventType.VISIT:
        return bool(draft.visitors) and draft.destination is not None
    if draft.type == EventType.INVITATION:
        return bool(draft.inviters) and bool(draft.invitees)
    if draft.type == EventType.AGREEMENT_SIGNING:
        # A deal to be signed is not yet a signing ("will sign a document").
        return bool(draft.participants) and not draft.planned
    return bool(draft.participants)


def _states_as_teams(trigger: Token) -> bool:
    """'Brazil and Germany met in the final': countries that merely meet, with no official standing for them
    ('the heads of state of A and B met'), are teams far more often than governments; states hold talks."""
    if trigger.pos_ not in ("VERB", "AUX") or trigger.lemma_.lower() != "meet":
        return False
    subjects = [c for c in trigger.children if c.dep_ in ("nsubj", "nsubjpass")]
    return not any(_singular(t) in OFFICIAL_GROUP_NOUNS for c in subjects for t in c.subtree)


def to_events(drafts: list[Draft]) -> list[Event]:
    drafts = [d for d in drafts if valid(d)]
    kept = merge_drafts(drafts)
    index = {id(d): n for n, d in enumerate(kept)}
    events: list[Event] = []
    for draft in kept:
        invited = None
        if draft.invited_to is not None:
            target = _final(draft.invited_to)
            invited = index.get(id(target))
        events.append(Event(
            type=draft.type,
            participants=list(draft.participants),
            status=Status.PLANNED if draft.planned else Status.OCCURRED,
            evidence=list(draft.evidence),
            date=draft.date,
            place=draft.place,
            label=draft.label,
            inviters=list(draft.inviters),
            invitees=list(draft.invitees),
            invited_to=invited,
            visitors=list(draft.visitors),
            destination=draft.destination,
        ))
    return events


__all__ = ["EventFinder", "gazetteer", "to_events"]
