"""Who and where: persons (with their posts), countries, organisations and places mentioned in one article,
and the table from token positions to the entity each mention stands for.

Persons come from spaCy's PERSON entities and from names that follow an office title; mentions of one
person ("Joseph R. Halvorsen, Jr.", "President Halvorsen", "Halvorsen") are grouped by name compatibility. Posts come
from the words around a name: "Japan's Prime Minister X", "Prime Minister X of Japan", "X, the President of
Y", "the President of Y, X", "Turkish President X".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span
from spacy.tokens import Token as SpacyToken

from linkeddata.extract import gazetteer
from linkeddata.extract.gazetteer import (
    HEAD_TITLES,
    HONORIFICS,
    NAME_SUFFIXES,
    OFFICE_WORDS,
    TITLE_GLUE,
    TITLE_HEADS,
    fold,
    slug,
)
from linkeddata.extract.names import given_names_compatible
from linkeddata.extract.rules.lexicon import DELEGATION_NOUNS
from linkeddata.facts import Country, EntityKind, Organization, Place, Post, Ref
from linkeddata.facts import Span as TextSpan

# Entity labels under which spaCy's small model files person names it does not know.
_NAME_LIKE_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "PRODUCT", "WORK_OF_ART", "LOC"}
_NOT_NAME_WORDS = {"administration", "government", "ministry", "department", "council", "house", "office", "forum",
                   "summit", "agreement", "alliance", "group", "airlines", "airways", "company", "treaty", "news",
                   "media", "twitter", "initiative", "framework", "strategy", "act", "plan", "program", "programme",
                   "party", "army", "force", "forces", "guard", "guards", "coast", "state", "states", "union",
                   "republic", "kingdom", "nations", "national", "statement", "day", "week", "covid", "covid-19",
                   "north", "south", "east", "west", "strait", "sea", "islands", "island", "region", "world", "cup",
                   "bank", "embassy", "constitution", "people", "citizens", "port", "city", "province", "county",
                   "partnership", "dialogue", "conference", "organization", "organisation", "agency", "assembly",
                   "meeting", "meetings", "talks", "call", "visit", "trip", "readout", "remarks",
                   "the", "first", "second", "gentleman", "lady", "al", "bin", "ibn", "and", "or", "of"}
_ORG_HEADS = {"agency", "council", "organization", "organisation", "forum", "commission", "ministry", "department",
              "bank", "fund", "group", "company", "union", "cabinet", "committee", "association", "alliance",
              "institute", "corporation", "airways", "airlines", "parliament", "assembly", "secretariat", "office",
              "university", "foundation", "programme", "program", "aid", "partnership", "dialogue", "guard"}


def is_capitalised(token: SpacyToken) -> bool:
    return token.text[:1].isupper()


@dataclass
class PersonCluster:
    """All mentions of one person in an article, while extraction is under way."""

    names: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)  # token ranges
    posts: list[Post] = field(default_factory=list)
    country_hint: str | None = None  # the country the title line gives ("... Berg of Israel")

    @property
    def name(self) -> str:
        return max(self.names, key=lambda n: (len(name_tokens(n)), len(n)))

    @property
    def tokens(self) -> set[str]:
        return {t for n in self.names for t in name_tokens(n)}


def name_tokens(name: str) -> list[str]:
    return [t for t in fold(name).split() if t not in NAME_SUFFIXES and t not in HONORIFICS]


def names_compatible(short: str, long: str) -> bool:
    """"Halvorsen" ~ "Joseph R. Halvorsen, Jr."; "Sheikh Omar" ~ "Omar bin Faisal"; not "Saud" ~ "Omar ..."."""
    a, b = name_tokens(short), name_tokens(long)
    if not a or not b:
        return False
    if set(a) <= set(b) or set(b) <= set(a):
        return True
    # Same surname and compatible given names or initials ("Joe Halvorsen" ~ "Joseph R. Halvorsen").
    if a[-1] == b[-1]:
        return given_names_compatible(a[:-1], b[:-1])
    return False


@dataclass
class Mentions:
    """The entities of one article and the token ranges that mention them."""

    doc: Doc
    text: str
    home_country: str | None = None
    persons: list[PersonCluster] = field(default_factory=list)
    countries: dict[str, Country] = field(default_factory=dict)
    organizations: dict[str, Organization] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    by_token: dict[int, Ref] = field(default_factory=dict)
    title_mentions: dict[int, Ref] = field(default_factory=dict)  # "the Vice President" -> the person
    dateline_end: int = 0  # the tokens before it are the dateline ("MOSCOW, June 1 (TASS) -"), no one's words

    def person_ref(self, cluster: PersonCluster) -> Ref:
        return Ref(EntityKind.PERSON, f"#{self.persons.index(cluster)}")

    def cluster(self, ref: Ref) -> PersonCluster:
        return self.persons[int(ref.key[1:])]

    def span(self, start: int, end: int) -> TextSpan:
        begin, finish = self.doc[start].idx, self.doc[end - 1].idx + len(self.doc[end - 1].text)
        return TextSpan(begin, finish, self.text[begin:finish])

    def ref_at(self, index: int) -> Ref | None:
        return self.by_token.get(index) or self.title_mentions.get(index)

    # --- countries, places, organisations -------------------------------------------------------------

    def _mentioned(self, mentions: list[TextSpan], ref: Ref, start: int, end: int) -> Ref:
        """Record a mention of `ref` at tokens start..end; the first entity to claim a token keeps it."""
        mentions.append(self.span(start, end))
        for i in range(start, end):
            self.by_token.setdefault(i, ref)
        return ref

    def add_country(self, key: str, start: int, end: int) -> Ref:
        info = gazetteer.countries().get(key)
        country = self.countries.get(key)
        if country is None:
            country = Country(key, info.name if info else key.upper(), info.wikidata if info else None,
                              info.geonames if info else None)
            self.countries[key] = country
        return self._mentioned(country.mentions, Ref(EntityKind.COUNTRY, key), start, end)

    def add_place(self, city: gazetteer.CityInfo, start: int, end: int) -> Ref:
        key = str(city.geonames)
        place = self.places.get(key)
        if place is None:
            place = Place(key, city.name, city.country, city.geonames)
            self.places[key] = place
        return self._mentioned(place.mentions, Ref(EntityKind.PLACE, key), start, end)

    def add_unlisted_place(self, name: str, start: int, end: int) -> Ref:
        """A place the gazetteer does not list, known by its name only."""
        key = slug(name)
        place = self.places.get(key)
        if place is None:
            place = Place(key, name)
            self.places[key] = place
        return self._mentioned(place.mentions, Ref(EntityKind.PLACE, key), start, end)

    def add_organization(self, name: str, acronym: str | None, country: str | None, start: int, end: int) -> Ref:
        key = slug(name)
        org = self.organizations.get(key)
        if org is None:
            org = Organization(key, name, acronym, country)
            self.organizations[key] = org
        elif acronym and not org.acronym:
            org.acronym = acronym
        return self._mentioned(org.mentions, Ref(EntityKind.ORGANIZATION, key), start, end)


def find_countries_and_places(m: Mentions) -> None:
    doc = m.doc
    # Country names are matched over tokens, longest first, so that "the United States" beats "States".
    names = gazetteer.country_names()
    i = 0
    while i < len(doc):
        matched = False
        for length in (6, 5, 4, 3, 2, 1):
            if i + length > len(doc):
                continue
            window = doc[i:i + length]
            if not is_capitalised(window[0]) or (not is_capitalised(window[-1]) and window[-1].text not in "."):
                continue
            text = window.text
            key = names.get(fold(text))
            if key is None and window[-1].text.lower() in ("'s", "’s") and length > 1:
                key = names.get(fold(doc[i:i + length - 1].text))
                window = doc[i:i + length - 1]
            if key and i > 0 and fold(doc[i - 1].text) in gazetteer.FEATURE_WORDS and is_capitalised(doc[i - 1]) \
                    and gazetteer.country_by_name(doc[i - 1:window.end].text) is None:
                key = None  # "Mount Kenya", "Lake Chad"
            if key and not _inside_person_name(window):
                m.add_country(key, window.start, window.end)
                i = window.end
                matched = True
                break
        if not matched:
            i += 1
    # "the Japan-Caribbean Forum", "the Chile-Peru alliance": a country glued to another word by a hyphen.
    for token in doc:
        if token.i in m.by_token or not is_capitalised(token):
            continue
        parts = re.split(r"[-–]", token.text)
        if len(parts) < 2 or not parts[0]:
            continue
        key = names.get(fold(parts[0]))
        if key is not None:
            m.add_country(key, token.i, token.i + 1)
    # "the White House", "the Kremlin" stand for their cities whatever label the NER gives them.
    for token in doc:
        if token.i in m.by_token or not is_capitalised(token):
            continue
        for length in (2, 1):
            window = doc[token.i:token.i + length]
            if len(window) == length and fold(window.text) in gazetteer.CITY_METONYMS \
                    and all(is_capitalised(t) for t in window) and not any(t.i in m.by_token for t in window):
                city = gazetteer.city_by_name(window.text)
                if city is not None:
                    m.add_place(city, window.start, window.end)
                break
    # The countries of the article weigh the choice between towns of one name, and let a small town count.
    article_countries = {*m.countries, *([m.home_country] if m.home_country else [])}
    for ent in doc.ents:
        if ent.label_ not in ("GPE", "LOC", "FAC", "ORG"):
            continue
        if any(t.i in m.by_token for t in ent):
            continue
        after_preposition = ent.start > 0 and doc[ent.start - 1].lower_ in ("in", "to", "at", "from")
        visited = ent.root.dep_ == "dobj" and ent.root.head.lemma_ == "visit"
        city = gazetteer.city_by_name(ent.text, article_countries, place_word=after_preposition or visited)
        # A city the NER files as an organisation counts where a place is expected ("to visit Ulaanbaatar").
        where = (after_preposition or visited) and len(ent) == 1
        # A name that modifies a common noun ("the Delta variant", "the Dome project") is a place only where it
        # is a large city or one of the article's countries'.
        modifier = ent.root.dep_ in ("compound", "amod", "nmod") and ent.root.head.pos_ == "NOUN"
        if city is not None and modifier and not where and not city.division and (
                city.population < 1_000_000 and city.country not in article_countries):
            continue
        if city is not None and (ent.label_ in ("GPE", "LOC", "FAC") or fold(ent.text).endswith("white house")
                                 or where):
            m.add_place(city, ent.start, ent.end)
    _unlabelled_places(m)


def _unlabelled_places(m: Mentions) -> None:
    """A city the NER left unlabelled, under its current name or spelling ("visited Kyiv", "arrived in
    Nur-Sultan"): a capitalised word the gazetteer knows, where a place is expected."""
    doc = m.doc
    # As for the names the NER labelled: the article's countries weigh the choice between towns of one name.
    article_countries = {*m.countries, *([m.home_country] if m.home_country else [])}
    for token in doc:
        if token.i in m.by_token or not is_capitalised(token) or token.pos_ != "PROPN":
            continue
        if token.ent_type_ and not _on_the_way(token):
            continue  # a name the NER labelled stays what it said, unless a trip leads to it ("a visit to Kyiv")
        # Hyphenated names come as three tokens ("Nur", "-", "Sultan").
        end = token.i + 1
        if end + 1 < len(doc) and doc[end].text == "-" and not token.whitespace_ and not doc[end].whitespace_ \
                and is_capitalised(doc[end + 1]):
            end += 2
        root = doc[end - 1]
        if root.dep_ == "compound" or any(c.dep_ in ("compound", "poss", "amod", "nmod") for c in root.children):
            continue  # a word of a longer name ("FEMA's National Response Coordination Center")
        before = doc[token.i - 1].lower_ if token.i > 0 else ""
        where = before in ("in", "to", "at", "from") or (root.dep_ == "dobj" and root.head.lemma_ == "visit") or (
            root.dep_ == "conj" and root.head.i in m.by_token and m.by_token[root.head.i].kind == EntityKind.PLACE)
        if not where or (end < len(doc) and is_capitalised(doc[end]) and doc[end].pos_ == "PROPN"):
            continue
        city = gazetteer.city_by_name(doc[token.i:end].text, article_countries)
        if city is not None:
            m.add_place(city, token.i, end)


_TRIP_WORDS = {"visit", "trip", "travel", "arrive", "fly", "go", "come", "tour", "journey", "head", "return"}


def _on_the_way(token: SpacyToken) -> bool:
    """`token` ends a trip: the object of "to"/"in" after a word of travel, or a place joined to such an object."""
    while token.dep_ == "conj":
        token = token.head
    prep = token.head
    return token.dep_ in ("pobj", "dobj") and (
        (prep.lower_ in ("to", "in") and prep.head.lemma_.lower() in _TRIP_WORDS)
        or (token.dep_ == "dobj" and prep.lemma_.lower() == "visit"))


def _inside_person_name(window: Span) -> bool:
    # "Georgia" in a name would be rare; what matters is "Jordan" in "Michael Jordan". A country right after
    # "of" or a title starts no name ("President of Mongolia Bat Erdene").
    doc = window.doc
    if window.start > 0 and (doc[window.start - 1].lower_ in ("of", "the") or fold(doc[window.start - 1].text)
                             in TITLE_HEADS):
        return False
    return any(t.ent_type_ == "PERSON" and t.ent_iob_ == "I" for t in window) or (
        window[0].ent_type_ == "PERSON" and window[0].ent_iob_ == "B" and window.end < len(window.doc)
        and window.doc[window.end].ent_type_ == "PERSON" and window.doc[window.end].ent_iob_ == "I")


def find_organizations(m: Mentions) -> None:
    doc = m.doc
    acronyms = gazetteer.organizations_by_acronym()
    by_name = gazetteer.organizations_by_name()
    # "Full Name (ACR)": the article defines an acronym.
    defined: dict[str, str] = {}
    for token in doc:
        if token.text == "(" and token.i + 2 < len(doc) and doc[token.i + 2].text == ")":
            acronym = doc[token.i + 1].text
            if re.fullmatch(r"[A-Z][A-Za-z0-9+&]{1,9}", acronym) and sum(c.isupper() for c in acronym) >= 2:
                start = token.i
                while start > 0 and (is_capitalised(doc[start - 1]) or doc[start - 1].lower_ in ("of", "for", "and",
                                                                                                  "the", "on")):
                    # "Secretary General Anna Lund of the North Atlantic Treaty Organization (NATO)"
                    if doc[start - 1].ent_type_ == "PERSON" or fold(doc[start - 1].text) in TITLE_HEADS:
                        break
                    start -= 1
                while start < token.i and not is_capitalised(doc[start]):
                    start += 1
                if start < token.i:
                    full = doc[start:token.i].text
                    if gazetteer.country_by_name(full) is None and fold(full) not in ("", "the"):
                        defined[acronym] = full
                        info = by_name.get(fold(full)) or acronyms.get(acronym)
                        m.add_organization(info.name if info else full, acronym, info.country if info else None,
                                           start, token.i + 2)
    for token in doc:
        if token.i in m.by_token:
            continue
        text = token.text.rstrip("’'s") if token.text.endswith(("’s", "'s")) else token.text
        text = text[:-1] if text.endswith("+") and text[:-1] in acronyms else text  # "the BRICS+ meeting"
        if text in defined:
            full = defined[text]
            info = by_name.get(fold(full))
            m.add_organization(info.name if info else full, text, info.country if info else None, token.i, token.i + 1)
        elif text in acronyms:
            info = acronyms[text]
            m.add_organization(info.name, info.acronym, info.country, token.i, token.i + 1)
    for ent in doc.ents:
        if ent.label_ != "ORG" or any(t.i in m.by_token for t in ent):
            continue
        words = [t for t in ent if t.lower_ not in ("the", "’s", "'s")]
        if not words:
            continue
        full = doc[words[0].i:words[-1].i + 1].text
        info = by_name.get(fold(full))
        if info is not None:
            m.add_organization(info.name, info.acronym, info.country, words[0].i, words[-1].i + 1)
        elif words[-1].lower_ in _ORG_HEADS and len(words) >= 2 and all(is_capitalised(t) or t.lower_ in TITLE_GLUE
                                                                       for t in words):
            m.add_organization(full, None, None, words[0].i, words[-1].i + 1)
    # Known full names the NER left unlabelled or called a people ("the Group of Seven", "the European Council").
    longest = max((len(name.split()) for name in by_name), default=0)
    first_words = {name.split()[0] for name in by_name if name}
    for token in doc:
        if token.i in m.by_token or not is_capitalised(token) or token.lower_ not in first_words:
            continue
        for end in range(min(len(doc), token.i + longest), token.i + 1, -1):
            if not is_capitalised(doc[end - 1]) or any(t.i in m.by_token for t in doc[token.i:end]):
                continue
            info = by_name.get(fold(doc[token.i:end].text))
            inside = any(e.label_ == "ORG" and e.start <= token.i and end <= e.end
                         and any(is_capitalised(t) for t in doc[e.start:token.i]) for e in doc.ents)
            if info is not None and not inside:  # not a part of a longer body's name ("the Congress of ...")
                m.add_organization(info.name, info.acronym, info.country, token.i, end)
                break


# --- persons -----------------------------------------------------------------------------------------------


NAME_PARTICLES = {"von", "van", "der", "den", "de", "da", "di", "du", "dos", "das", "del", "della", "ter", "ten", "zu",
                  "bin", "ibn", "al", "el"}


_PORTFOLIO_WORDS = {"affairs", "cooperation", "development", "defence", "defense", "security", "trade", "economy",
                    "finance", "justice", "interior", "energy", "health", "education", "agriculture", "commerce",
                    "industry", "tourism", "transport", "treasury", "environment", "culture", "labour", "labor",
                    "expatriates", "integration", "relations", "negotiations", "policy", "technology", "climate",
                    "science", "research", "planning", "innovation", "communications", "operations", "operating",
                    "cyber", "legislative", "counsel", "strategy", "intelligence", "engagement", "outreach"}


def _clean_name_range(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end and (fold(doc[start].text) in HONORIFICS or fold(doc[start].text) in TITLE_HEADS
                           or fold(doc[start].text) in OFFICE_WORDS
                           or not is_capitalised(doc[start]) or doc[start].text in ("’s", "'s")
                           or _country_before_name(doc, start, end)):
        start += 1
    # "Special Envoy for Regional Affairs Karim Sadiq": the NER took the end of the office into the name.
    for i in range(end - 3, start - 1, -1):
        if fold(doc[i].text) in _PORTFOLIO_WORDS:
            start = i + 1
            break
    # A possessive ends a name: "Halvorsen’s Meeting with ..." in a title line.
    for i in range(start, end):
        if doc[i].text in ("’s", "'s", "’"):
            end = i
            break
    while end > start and (doc[end - 1].text in ("’s", "'s", "’", ",", ".", "-", "–")
                           or (not is_capitalised(doc[end - 1]) and not _hyphen_part(doc, end - 1))):
        end -= 1
    # "Anna von der Berg", "Paulo da Costa": lower-case particles inside a name, then its last word.
    particles = end
    while particles < len(doc) and doc[particles].text in NAME_PARTICLES:
        particles += 1
    if end > start and particles > end and particles < len(doc) and is_capitalised(doc[particles]) \
            and doc[particles].pos_ == "PROPN":
        end = particles + 1
    # "Joseph R. Halvorsen, Jr.": the suffix belongs to the name.
    if end < len(doc) and fold(doc[end].text) in NAME_SUFFIXES:
        end += 1
    elif end + 1 < len(doc) and doc[end].text == "," and fold(doc[end + 1].text) in ("jr", "sr"):
        end += 2
    return start, end


def _country_before_name(doc: Doc, start: int, end: int) -> bool:
    """"Foreign Minister of Austria Lena Brandt": the NER glued the country that ends a title onto the name.
    A country word starts no name when two capitalised words still follow it."""
    return end - start >= 3 and doc[start].pos_ == "PROPN" and is_capitalised(doc[start + 1]) \
        and gazetteer.country_by_name(doc[start].text) is not None


def _hyphen_part(doc: Doc, i: int) -> bool:
    """"yong" in "Cho Tae-yong": a lower-case name part glued by a hyphen to a capitalised one."""
    return i >= 2 and doc[i - 1].text in ("-", "‑") and not doc[i - 1].whitespace_ and not doc[i - 2].whitespace_ \
        and is_capitalised(doc[i - 2]) and doc[i].is_alpha


# Lower-case words that follow a name and a hyphen without being part of it ("a Lee-era policy").
_NOT_SYLLABLES = {"era", "led", "like", "type", "run", "born", "made", "side", "camp", "bloc", "team"}


def _glued_syllables_end(doc: Doc, start: int, end: int) -> int:
    """The end of a name of two words or more that the NER cut at a hyphen: "Yoon Seok" of "Yoon Seok-min"."""
    while end - start >= 2 and end + 1 < len(doc) and doc[end].text in ("-", "‑") and not doc[end].whitespace_ \
            and not doc[end - 1].whitespace_ and doc[end + 1].is_alpha and doc[end + 1].is_lower \
            and len(doc[end + 1].text) <= 4 and doc[end + 1].lower_ not in _NOT_SYLLABLES:
        end += 2
    return end


def _name_tail_end(doc: Doc, start: int, end: int, taken: set[int]) -> int:
    """The end of a name of three parts that the NER cut after two ("Prime Minister Goh Kian Wah of ..." tagged
    "Goh Kian"): an untagged proper noun right after the name is its last part. Not in a title-case line, where
    every word is capitalised ("... Serrat Visits Chile")."""
    if end <= start or end >= len(doc) or end - start > 2:
        return end
    word = doc[end]
    if not any(t.is_alpha and t.is_lower and len(t.text) > 4 for t in word.sent):
        return end
    after = doc[end + 1] if end + 1 < len(doc) else None
    folded = fold(word.text)
    if end in taken or word.pos_ != "PROPN" or not word.is_alpha or not is_capitalised(word) or word.ent_type_ \
            or not doc[end - 1].whitespace_ or (after is not None and is_capitalised(after) and after.is_alpha) \
            or folded in TITLE_HEADS | OFFICE_WORDS | HONORIFICS | _NOT_NAME_WORDS | _PORTFOLIO_WORDS \
            or gazetteer.country_by_name(word.text) or gazetteer.country_by_demonym(word.text) \
            or gazetteer.city_by_name(word.text):
        return end
    return end + 1


def _looks_like_name(doc: Doc, start: int, end: int) -> bool:
    if end <= start:
        return False
    words = [t for t in doc[start:end] if t.is_alpha or "-" in t.text or t.text.endswith(".")]
    if not words or any(t.like_num for t in doc[start:end]):
        return False
    text = doc[start:end].text
    if gazetteer.country_by_name(text) or gazetteer.country_by_demonym(text) or gazetteer.city_by_name(text):
        return False
    if fold(text) in gazetteer.organizations_by_name() or text in gazetteer.organizations_by_acronym():
        return False
    folded = fold(text).split()
    if not folded or any(w in _NOT_NAME_WORDS for w in folded if w not in ("al", "bin", "ibn", "and", "of"))\
            or folded[-1] in ("al", "bin", "ibn", "and", "of"):
        return False
    if all(w in TITLE_HEADS or w in HONORIFICS for w in folded) or folded[-1] in TITLE_HEADS:
        return False  # "Climate Advisor": a title, no name
    if all(w in _PORTFOLIO_WORDS or w in OFFICE_WORDS or w in TITLE_HEADS for w in folded):
        return False  # "Chief ... for Economic Policy" broken over two lines: the portfolio is no name
    if any(gazetteer.country_by_demonym(t.text) for t in doc[start:end]):
        return False
    return not any(t.is_upper and len(t.text) > 1 and not t.text.endswith(".") and fold(t.text) not in NAME_SUFFIXES
                   for t in doc[start:end])


# Words that end an organisation's name, so that the capitalised words after them may be a person's name
# ("... of the Council of the Baltic Sea States Pieter Janssen"). A word list grown by example ("congress" and
# "europe" came with one title), not a general test: a name after an organisation ending otherwise ("... of the
# Science Directorate Ada Brenner") stays inside the organisation, and "... of the Nordic Council Pieter Janssen"
# is missed too. The general test would take the last two or three name-like words of an organisation named
# right after an office title.
_NOT_NAME_TAIL = _ORG_HEADS | {"congress", "europe", "parliament", "nations", "states", "union", "court", "senate",
                               "house", "government", "republic", "kingdom", "federation", "authorities", "bureau"}


def _name_after_organisation(doc: Doc, ent: Span) -> tuple[int, int] | None:
    """The last two or three words of an ORG entity when they are a person's name after an organisation's name,
    in a title ("President of the Assembly of ... Regions of the Council of the Baltic Sea States Pieter Janssen")."""
    start = ent.end
    while start > ent.start and doc[start - 1].pos_ == "PROPN" and is_capitalised(doc[start - 1]) \
            and fold(doc[start - 1].text) not in _NOT_NAME_TAIL | TITLE_HEADS | OFFICE_WORDS \
            and not gazetteer.country_by_name(doc[start - 1].text) \
            and not gazetteer.country_by_demonym(doc[start - 1].text):
        start -= 1
    if not 2 <= ent.end - start <= 3 or start == ent.start or not is_capitalised(doc[start - 1]) \
            or fold(doc[start - 1].text) not in _NOT_NAME_TAIL:
        return None
    before = doc[max(0, ent.start - 12):start]
    if not any(fold(t.text) in TITLE_HEADS and is_capitalised(t) for t in before):
        return None
    return (start, ent.end) if _looks_like_name(doc, start, ent.end) else None


def _portfolio_end(doc: Doc, start: int) -> int:
    """Past the portfolio that completes a title: "Minister of Commerce" before "Imran Qadir"."""
    k = start
    while k < len(doc) and (doc[k].lower_ in ("of", "for", "and") or (
            fold(doc[k].text) in OFFICE_WORDS and is_capitalised(doc[k]))):
        k += 1
    return k if k > start and fold(doc[k - 1].text) in OFFICE_WORDS else start


def _followed_by_title(doc: Doc, end: int) -> bool:
    """"Name Surname, Minister of Foreign Affairs of Cyprus,": a name the NER took for something else."""
    return end + 1 < len(doc) and doc[end].text == "," and is_capitalised(doc[end + 1]) \
        and fold(doc[end + 1].text) in TITLE_HEADS | OFFICE_WORDS


def _preceded_by_title(doc: Doc, start: int) -> bool:
    if start > 0 and (fold(doc[start - 1].text) in TITLE_HEADS or fold(doc[start - 1].text) in HONORIFICS):
        return True
    # "The Minister of Foreign Affairs of Kazakhstan, Murat Nurtleu,": a title, a comma, the name.
    if start > 1 and doc[start - 1].text == ",":
        k = start - 2
        while k >= 0 and k > start - 12 and (is_capitalised(doc[k]) or doc[k].lower_ in TITLE_GLUE
                                             or doc[k].text in ("’s", "'s")):
            if fold(doc[k].text) in TITLE_HEADS and is_capitalised(doc[k]):
                return not _title_of_named_person(doc, k)
            k -= 1
    return False


def _after_a_named_persons_title(doc: Doc, start: int) -> bool:
    """"Name, Title, <start>": the words at `start` follow the title of the person named before it."""
    if start < 3 or doc[start - 1].text != ",":
        return False
    k = start - 2
    while k > start - 12 and k >= 0 and (is_capitalised(doc[k]) or doc[k].lower_ in TITLE_GLUE):
        if fold(doc[k].text) in TITLE_HEADS and is_capitalised(doc[k]):
            return _title_of_named_person(doc, k)
        k -= 1
    return False


def _title_of_named_person(doc: Doc, head: int) -> bool:
    """"Jonas Kettler, Assistant Director of Research, Collective Bargaining": the title after a comma already
    belongs to the name before it, so what follows the next comma is where that person works, not a name."""
    k = head
    while k > 0 and is_capitalised(doc[k - 1]) and fold(doc[k - 1].text) in TITLE_HEADS | OFFICE_WORDS:
        k -= 1
    return k > 1 and doc[k - 1].text == "," and doc[k - 2].ent_type_ == "PERSON"


def find_person_names(doc: Doc, taken: set[int]) -> list[tuple[int, int]]:
    """Token ranges of person names, in text order."""
    found: list[tuple[int, int]] = []
    covered: set[int] = set()
    for ent in doc.ents:
        if ent.label_ != "PERSON" and not (ent.label_ in _NAME_LIKE_LABELS and (
                _preceded_by_title(doc, ent.start) or (ent.label_ == "ORG" and _followed_by_title(doc, ent.end)))):
            continue
        if _after_a_named_persons_title(doc, ent.start) and not _followed_by_title(doc, ent.end):
            continue
        start, end = _clean_name_range(doc, ent.start, ent.end)
        # spaCy sometimes swallows a possessive country into the name ("Uzbekistan’s President X").
        while start < end and start in taken:
            start += 1
        start, end = _clean_name_range(doc, start, end)
        if ent.label_ != "PERSON" and doc[ent.start].lower_ == "the" and end - start > 2:
            # "Chairman of the Storting Marko Petrenko,": the NER took an organisation and the name after it for
            # one body; "the" opens the organisation, so the name is its last two words.
            start = end - 2
        end = _glued_syllables_end(doc, start, end)
        if ent.label_ == "PERSON":
            end = _name_tail_end(doc, start, end, taken)
        if _looks_like_name(doc, start, end) and not (set(range(start, end)) & taken):
            found.append((start, end))
            covered.update(range(start, end))
    # "Secretary General of the Congress Anna Lind": a name the NER swallowed into the organisation it follows.
    for ent in doc.ents:
        if ent.label_ != "ORG":
            continue
        tail = _name_after_organisation(doc, ent)
        if tail is not None and not (set(range(*tail)) & (taken | covered)):
            found.append(tail)
            covered.update(range(*tail))
    # Capitalised words right after an office title that the NER left out ("Prime Minister Sato").
    for token in doc:
        if fold(token.text) not in TITLE_HEADS and fold(token.text) not in HONORIFICS:
            continue
        if not is_capitalised(token):
            continue
        start = _portfolio_end(doc, token.i + 1)
        end = _name_run_end(doc, start, taken | covered)
        if end < len(doc) and is_capitalised(doc[end]) and fold(doc[end].text) in TITLE_HEADS:
            continue  # "Chief Technology Officer", "National Cyber Director": the words inside a title
        start, end = _clean_name_range(doc, start, end)
        if end > start and not (set(range(start, end)) & covered) and _looks_like_name(doc, start, end):
            found.append((start, end))
            covered.update(range(start, end))
    # "President of the Republic of Peru Ana Quispe": a name right after the country that ends a title.
    for token in doc:
        # The bracket closing an organisation's acronym ends the title too: "... Agency (AEA) Ana Quispe".
        closing = token.text == ")" and token.i - 1 in taken
        if (token.i not in taken and not closing) or token.i + 1 >= len(doc) or token.i + 1 in taken \
                or token.i + 1 in covered:
            continue
        window = doc[max(0, token.i - 10):token.i]
        if not any(fold(t.text) in TITLE_HEADS and is_capitalised(t) for t in window) or not any(
                t.lower_ in ("of", "to") for t in window):
            continue
        end = _name_run_end(doc, token.i + 1, taken | covered)
        start, end = _clean_name_range(doc, token.i + 1, end)
        if end - start >= 2 and _looks_like_name(doc, start, end):
            found.append((start, end))
            covered.update(range(start, end))
    # "counterparts Sato Kenji of Japan, Kim Min-jun of the ROK": a name followed by "of <country>".
    for token in doc:
        if token.i in covered or token.i in taken or not is_capitalised(token) or token.pos_ != "PROPN":
            continue
        if token.i > 0 and (is_capitalised(doc[token.i - 1]) and doc[token.i - 1].pos_ == "PROPN"):
            continue
        end = _name_run_end(doc, token.i, taken | covered)
        j = end + 1 if end < len(doc) and doc[end].lower_ == "of" else None
        if j is not None and j < len(doc) and doc[j].lower_ == "the":
            j += 1
        if j is None or j not in taken or end - token.i < 2:
            continue
        start, end = _clean_name_range(doc, token.i, end)
        if end - start >= 2 and _looks_like_name(doc, start, end):
            found.append((start, end))
            covered.update(range(start, end))
    # A list of officials with their portfolios in brackets: "ministers were present: Paulo Mendes (Economy),
    # Luis Ramos (Science and Technology)".
    for token in doc:
        if token.text != "(" or token.i < 2 or not _bracket_post_context(doc, token.i):
            continue
        end = token.i
        start = end
        while start > 0 and is_capitalised(doc[start - 1]) and doc[start - 1].pos_ in ("PROPN", "NOUN") \
                and start - 1 not in taken and end - start < 4:
            start -= 1
        if start == end or (start > 0 and doc[start - 1].text not in (":", ",", ";") and doc[start - 1].lower_ not in
                            ("and", "were", "was", "by", "with")):
            continue
        if end - start >= 2 and not (set(range(start, end)) & covered) and _looks_like_name(doc, start, end):
            found = [(s, e) for s, e in found if e <= start or s >= end]
            found.append((start, end))
            covered.update(range(start, end))
    return sorted(found)


def _bracket_content(doc: Doc, open_index: int) -> tuple[int, int] | None:
    close = next((k for k in range(open_index + 1, min(len(doc), open_index + 12)) if doc[k].text == ")"), None)
    if close is None or close == open_index + 1:
        return None
    return open_index + 1, close


def _bracket_post_context(doc: Doc, open_index: int) -> bool:
    """The bracket after a name gives a post: it holds an office word ("company president"), or the sentence
    introduces a list of office holders ("ministers were present: ...")."""
    content = _bracket_content(doc, open_index)
    if content is None:
        return False
    if any(fold(t.text) in TITLE_HEADS for t in doc[content[0]:content[1]]):
        return True
    return _listed_office(doc, open_index) is not None


def _listed_office(doc: Doc, index: int) -> SpacyToken | None:
    """The plural office word that introduces a list the token at `index` is in ("ministers ... :")."""
    sentence = doc[index].sent
    colon = next((t for t in reversed(list(doc[sentence.start:index])) if t.text == ":"), None)
    if colon is None:
        return None
    return next((t for t in reversed(list(doc[sentence.start:colon.i])) if t.lower_ in _SINGULAR_TITLES), None)


def _name_run_end(doc: Doc, start: int, blocked: set[int]) -> int:
    """The end of a run of capitalised proper nouns from `start` ("Jean - Luc Moreau" included)."""
    end = start
    while end < len(doc) and end not in blocked:
        token = doc[end]
        name_word = is_capitalised(token) and token.pos_ == "PROPN" and fold(token.text) not in TITLE_HEADS
        inner_hyphen = token.text in ("-", "‑") and end > start and end + 1 < len(doc) \
            and is_capitalised(doc[end + 1]) and not token.whitespace_
        if name_word or inner_hyphen:
            end += 1
        else:
            break
    return end


def cluster_persons(m: Mentions, ranges: list[tuple[int, int]],
                    title_names: list[tuple[str, str | None]]) -> None:
    doc = m.doc
    texts = [(s, e, _name_text(doc, s, e)) for s, e in ranges]
    # Full names first, so that a surname seen before the full name still joins it.
    for s, e, text in sorted(texts, key=lambda x: (-len(name_tokens(x[2])), x[0])):
        if len(name_tokens(text)) < 2:
            continue
        target = next((c for c in m.persons if any(_full_names_same(text, n) for n in c.names)), None)
        if target is None:
            target = PersonCluster()
            m.persons.append(target)
        target.names.append(text)
        target.mentions.append((s, e))
    for s, e, text in sorted(texts):
        if len(name_tokens(text)) >= 2 or not name_tokens(text):
            continue
        candidates = [c for c in m.persons if any(names_compatible(text, n) for n in c.names)]
        if candidates:
            # A whole surname beats a part of a hyphenated one ("Costa" is not "Pereira-Costa"); a title the
            # mention carries beats another's; then the most recently mentioned compatible person.
            word = fold(text)
            title = fold(doc[s - 1].text) if s > 0 else ""
            target = max(candidates, key=lambda c: (
                any(_last_word(n) == word for n in c.names),
                bool(title) and any(title in fold(n).split() for n in _titles_before(m, c)),
                max((ms for ms, _ in c.mentions if ms < s), default=-1)))
        else:
            target = PersonCluster()
            m.persons.append(target)
        target.names.append(text)
        target.mentions.append((s, e))
    _link_known_names(m)
    # The title line often gives a fuller name than the body ("President Joe Halvorsen's Call with ...").
    for name, country in title_names:
        for cluster in m.persons:
            if not names_compatible(cluster.name, name):
                continue
            if len(name_tokens(name)) > len(name_tokens(cluster.name)):
                cluster.names.append(name)
            cluster.country_hint = cluster.country_hint or country
    for cluster in m.persons:
        ref = m.person_ref(cluster)
        for s, e in cluster.mentions:
            for i in range(s, e):
                m.by_token[i] = ref


def _last_word(name: str) -> str:
    """The surname as one word, hyphenated parts together: "Ana Pereira-Costa" -> "pereira costa"."""
    words = [w for w in name.replace(",", " ").split() if fold(w) not in NAME_SUFFIXES and fold(w)]
    return fold(words[-1]) if words else ""


def _titles_before(m: Mentions, cluster: PersonCluster) -> list[str]:
    doc = m.doc
    return [doc[s - 1].text for s, _ in cluster.mentions if s > 0 and fold(doc[s - 1].text) in TITLE_HEADS]


def _link_known_names(m: Mentions) -> None:
    """Later mentions of a name already found, which the NER missed or filed under another label
    ("Jean-Luc Moreau" tagged ORG in one sentence): a full name, or the surname of a full name."""
    doc = m.doc
    taken = {i for c in m.persons for s, e in c.mentions for i in range(s, e)}
    taken |= {i for i, ref in m.by_token.items() if ref.kind != EntityKind.PERSON}
    wanted: dict[str, PersonCluster | None] = {}
    for cluster in m.persons:
        for name in cluster.names:
            for variant in (fold(name), _last_word(name) if len(name_tokens(name)) >= 2 else ""):
                if not variant or variant in HONORIFICS or variant in TITLE_HEADS:
                    continue
                if variant in wanted and wanted[variant] is not cluster:
                    wanted[variant] = None  # two persons share it: leave it
                else:
                    wanted[variant] = cluster
    if not wanted:
        return
    longest = max(len(v.split()) for v in wanted) * 2 + 1
    i = 0
    while i < len(doc):
        if i in taken or not is_capitalised(doc[i]) or (i > 0 and is_capitalised(doc[i - 1])
                                                        and doc[i - 1].pos_ == "PROPN" and i - 1 not in taken
                                                        and fold(doc[i - 1].text) not in TITLE_HEADS
                                                        and fold(doc[i - 1].text) not in HONORIFICS):
            i += 1
            continue
        found = None
        for end in range(min(len(doc), i + longest), i, -1):
            if any(k in taken for k in range(i, end)) or not is_capitalised(doc[end - 1]):
                continue
            cluster = wanted.get(fold(doc[i:end].text))
            # The name must end there: "Halvorsen Administration" is no mention of Halvorsen alone, but that is fine.
            if cluster is not None and not (end < len(doc) and is_capitalised(doc[end]) and doc[end].pos_ == "PROPN"
                                            and end not in m.by_token):
                found = (end, cluster)
                break
        if found is None:
            i += 1
            continue
        end, cluster = found
        cluster.mentions.append((i, end))
        taken.update(range(i, end))
        i = end


def _full_names_same(a: str, b: str) -> bool:
    ta, tb = name_tokens(a), name_tokens(b)
    return set(ta) <= set(tb) or set(tb) <= set(ta) or (
        ta[-1] == tb[-1] and names_compatible(a, b)) or sorted(ta) == sorted(tb)


def _name_text(doc: Doc, start: int, end: int) -> str:
    text = doc[start:end].text
    return " ".join(text.split())


# --- posts -------------------------------------------------------------------------------------------------


@dataclass
class _TitleParse:
    title: str
    of: Ref | None
    of_text: str | None = None  # the country as written ("the People's Republic of China")


def _title_before(m: Mentions, start: int) -> tuple[int, int] | None:
    """The token range of an office title ending right before `start`, if any."""
    doc = m.doc
    i = start - 1
    while i >= 0 and fold(doc[i].text) in HONORIFICS and doc[i].text not in (",", "."):
        i -= 1
    end = i + 1
    while i >= m.dateline_end:  # the dateline ("NEW DELHI, Jan 4 (PTI)") is no part of a title after it
        token = doc[i]
        if token.text == ")" and i >= 2 and doc[i - 2].text == "(" and doc[i - 1].is_upper:
            i -= 3  # an acronym inside the title: "Director General of the Atomic Energy Agency (AEA) X"
            continue
        if token.is_space or token.text in (",", ";", ":", "(", ")", "“", "\"", "–", "—"):
            break
        if token.i in m.by_token and m.by_token[token.i].kind == EntityKind.PERSON:
            break
        if token.is_sent_start and not is_capitalised(token):
            break
        # "Wisconsin governor X", "committee chairman X": news prose writes offices in lower case.
        if is_capitalised(token) or token.lower_ in TITLE_GLUE or token.text in ("’s", "'s", "-") \
                or token.lower_ == "u.s." or (fold(token.text) in TITLE_HEADS and token.pos_ == "NOUN"):
            if token.is_sent_start:
                i -= 1
                break
            i -= 1
            continue
        break
    begin = i + 1
    # "The Vice President and Prime Minister Sato": what precedes an "and" that joins two phrases is
    # another person's title.
    name_root = doc[start].head if start < len(doc) else None
    for k in range(end - 1, begin - 1, -1):
        if doc[k].lower_ != "and" or k <= begin:
            continue
        separate = name_root is not None and doc[k - 1].dep_ in ("nsubj", "conj") \
            and doc[k - 1].head.i != name_root.i and doc[k - 1] not in name_root.subtree
        # "X of Norway and Foreign Minister Y": the "of Norway" before the "and" is X's.
        owner = m.by_token.get(begin - 1) if begin > 0 else None
        owned = doc[begin].lower_ == "of" and owner is not None and owner.kind == EntityKind.PERSON
        if separate or owned or (begin > 0 and doc[begin - 1].lower_ == "the") or doc[begin].lower_ == "the":
            begin = k + 1
            break
    # A capitalised sentence opener is no part of a title ("When President X ...").
    while begin < end and (doc[begin].lower_ in TITLE_GLUE or doc[begin].text in ("’s", "'s", "-")
                           or (doc[begin].pos_ in ("SCONJ", "ADV", "PRON", "VERB", "AUX", "CCONJ", "ADP", "DET")
                           and fold(doc[begin].text) not in TITLE_HEADS and fold(doc[begin].text) not in OFFICE_WORDS
                           and begin not in m.by_token)):
        begin += 1
    # "the visit to Ukraine of US Secretary of State X": a place and "of" open no title.
    for k in range(begin, end - 1):
        place = m.by_token.get(k)
        if doc[k + 1].lower_ == "of" and place is not None and place.kind in (EntityKind.COUNTRY, EntityKind.PLACE) \
                and (k == begin or doc[k - 1].lower_ in ("to", "in", "from")) \
                and any(fold(t.text) in TITLE_HEADS for t in doc[k + 2:end]):
            begin = k + 2
            break
    # "Readout of President X", "Statement of Deputy Minister Y": a document's kind before "of" opens no title.
    while begin + 2 < end and doc[begin + 1].lower_ == "of" and m.by_token.get(begin) is None \
            and fold(doc[begin].text) not in TITLE_HEADS | OFFICE_WORDS | _NOT_NAME_TAIL | {"embassy", "consulate"}:
        begin += 2
    if begin >= end:
        return None
    if not any(fold(t.text) in TITLE_HEADS for t in doc[begin:end]):
        return None
    return begin, end


def _parse_title(m: Mentions, begin: int, end: int) -> _TitleParse | None:
    """Split "Japan's Prime Minister" / "Prime Minister of the Republic of Estonia" into title and country."""
    doc = m.doc
    of: Ref | None = None
    of_text: str | None = None
    words: list[SpacyToken] = []
    i = begin
    while i < end:
        token = doc[i]
        ref = m.by_token.get(i)
        if ref is not None and ref.kind in (EntityKind.COUNTRY, EntityKind.ORGANIZATION):
            j = i
            while j < end and m.by_token.get(j) == ref:
                j += 1
            if ref.kind == EntityKind.COUNTRY and of is None:
                of_text = _written_country(doc, i, j)
            if j < end and doc[j].text in ("’s", "'s"):
                j += 1
            if j + 2 <= end and doc[j].text == "(" and doc[j + 2].text == ")":
                j += 3  # its acronym in brackets
            elif j < end and doc[j].text == ")" and any(t.text == "(" for t in doc[i:j]):
                j += 1  # the bracket closing an acronym taken with the name
            # A country inside the title ("Minister of Foreign Affairs of Japan") gives the post's country;
            # an organisation inside it is part of the title ("Secretary of the National Security Council").
            known = gazetteer.organizations_by_name().get(fold(m.organizations[ref.key].name)) \
                if ref.kind == EntityKind.ORGANIZATION else None
            if known is not None and known.country is None and of is None and not words and j < end:
                of = ref  # "NATO Secretary General X": the international body before the office is the post's
            elif ref.kind == EntityKind.COUNTRY or (of is None and words and words[-1].lower_ in ("of", "the")
                                                    and j == end):
                of = of or ref
                while words and words[-1].lower_ in ("of", "the") and (j == end or ref.kind == EntityKind.COUNTRY):
                    if j < end and ref.kind == EntityKind.COUNTRY and words[-1].lower_ == "the":
                        break
                    words.pop()
                    if ref.kind != EntityKind.COUNTRY:
                        break
            else:
                words.extend(doc[i:j])
            i = j
            continue
        # A demonym of two words first: "Sri Lankan" ("Lankan" alone is none).
        width = 2 if i + 2 < end and gazetteer.country_by_demonym(doc[i:i + 2].text) else 1
        demonym = gazetteer.country_by_demonym(doc[i:i + width].text)
        if demonym and (i + width < end) and not (words and words[-1].lower_ in ("for", "to")):
            of = of or Ref(EntityKind.COUNTRY, demonym)
            if demonym not in m.countries:
                m.add_country(demonym, i, i + width)
            i += width
            continue
        if fold(token.text) in HONORIFICS and not words:
            i += 1
            continue
        words.append(token)
        i += 1
    while words and (words[0].lower_ in TITLE_GLUE or words[0].text in ("’s", "'s")):
        words.pop(0)
    while words and (words[-1].lower_ in TITLE_GLUE or words[-1].text in ("’s", "'s", "-")):
        words.pop()
    if not words or not any(fold(t.text) in TITLE_HEADS for t in words):
        return None
    # "Presidents X of A and Y of B": each holds the singular title.
    first_head = next((n for n, t in enumerate(words) if fold(t.text) in TITLE_HEADS), None)
    words_text = [_SINGULAR_TITLES[t.lower_] if t.lower_ in _SINGULAR_TITLES and n == first_head else t.text
                  for n, t in enumerate(words)]
    title = " ".join(" ".join(words_text).split()).replace(" - ", "-")
    title = re.sub(r"^(former|the)\s+", "", title, flags=re.IGNORECASE)
    return _TitleParse(title[:1].upper() + title[1:], of, of_text if of is not None and of.kind ==
                       EntityKind.COUNTRY else None)


def _written_country(doc: Doc, start: int, end: int) -> str | None:
    """A country's name as the title writes it, when that is a full name ("the People's Republic of China",
    "the Republic of Korea"); None for short forms and abbreviations ("Japan", "U.S.", "ROK")."""
    words = list(doc[start:end])
    while words and words[-1].text in ("’s", "'s"):
        words.pop()
    if len(words) < 3 or any(t.is_upper and len(t.text) > 1 for t in words):
        return None
    text = "".join(t.text_with_ws for t in words).strip()
    text = " ".join(text.split())
    if start > 0 and doc[start - 1].lower_ == "the":
        text = "the " + text
    return text


_SINGULAR_TITLES = {"presidents": "President", "ministers": "Minister", "secretaries": "Secretary", "kings": "King",
                    "leaders": "Leader", "ambassadors": "Ambassador", "advisors": "Advisor", "advisers": "Adviser",
                    "premiers": "Premier", "chancellors": "Chancellor"}


def _of_after(m: Mentions, end: int) -> Ref | None:
    """"Prime Minister X of Japan": the country or organisation right after a name."""
    doc = m.doc
    if end < len(doc) and doc[end].lower_ == "of":
        j = end + 1
        if j < len(doc) and doc[j].lower_ == "the":
            j += 1
        ref = m.by_token.get(j)
        if ref is not None and ref.kind in (EntityKind.COUNTRY, EntityKind.ORGANIZATION):
            return ref
    return None


def _apposition_after(m: Mentions, end: int) -> tuple[int, int] | None:
    """"X, Diplomatic Advisor to the Prime Minister," / "X, the President of Y": the title after a name."""
    doc = m.doc
    if end >= len(doc) or doc[end].text != ",":
        return None
    j = end + 1
    if j < len(doc) and doc[j].lower_ == "the":
        j += 1
    k = j
    # "X, the former governor of Ohio,": lower-case words of an office too, a few of them.
    while k < len(doc) and k - j < 10 and (is_capitalised(doc[k]) or doc[k].lower_ in TITLE_GLUE
                                            or doc[k].text in ("’s", "'s")
                                            or (doc[k].pos_ in ("ADJ", "NOUN") and doc[k].is_alpha)) \
            and not (k in m.by_token and m.by_token[k].kind == EntityKind.PERSON):
        k += 1
    ends = k >= len(doc) or doc[k].text in (",", ".", ";", ")") or doc[k].is_space or doc[k].pos_ in ("VERB", "AUX")
    linked = any(t.lower_ in ("of", "to", "for") for t in doc[j:k])
    if k > j and ends and linked and any(fold(t.text) in TITLE_HEADS for t in doc[j:k]):
        return j, k
    return None


def delegation_leaders(m: Mentions) -> None:
    """"A delegation of Pakistan led by Minister of Commerce X", "a Hungarian delegation headed by X": X acts for
    the delegation's country, whatever the dateline's."""
    doc = m.doc
    for cluster in m.persons:
        if cluster.country_hint is not None or any(p.of is not None for p in cluster.posts):
            continue
        for _, e in cluster.mentions:
            head = doc[e - 1]
            agent = head.head if head.dep_ == "pobj" else None
            verb = agent.head if agent is not None and agent.dep_ == "agent" else None
            if verb is None or verb.dep_ != "acl" or verb.lemma_.lower() not in ("lead", "head") \
                    or verb.head.lower_ not in DELEGATION_NOUNS:
                continue
            noun = verb.head
            found = [gazetteer.country_by_demonym(c.text) for c in noun.children if c.dep_ in ("amod", "compound")]
            found += [ref.key for prep in noun.children if prep.dep_ == "prep" and prep.lower_ == "of"
                      for obj in prep.children if obj.dep_ == "pobj"
                      for ref in [m.by_token.get(obj.i)] if ref is not None and ref.kind == EntityKind.COUNTRY]
            country = next((k for k in found if k), None)
            if country is not None:
                cluster.country_hint = country
                break


def respective_posts(m: Mentions) -> None:
    """"The Presidents of Azerbaijan and Chile, X and Y,": X holds the office in the first, Y in the second."""
    doc = m.doc
    for token in doc:
        word = token.text
        singular = word[:-3] + "y" if word.endswith("ies") else word[:-1]
        if not word.endswith("s") or fold(singular) not in TITLE_HEADS or not is_capitalised(token):
            continue
        countries = [m.by_token.get(o.i) for p in token.children if p.dep_ == "prep" and p.lower_ == "of"
                     for first in p.children if first.dep_ == "pobj" for o in [first, *first.conjuncts]]
        named = [m.by_token.get(c.i) for c in token.conjuncts if c.i > token.i]
        if len(countries) < 2 or len(named) != len(countries) or any(
                c is None or c.kind != EntityKind.COUNTRY for c in countries) or any(
                n is None or n.kind != EntityKind.PERSON for n in named):
            continue
        title = " ".join([c.text for c in token.lefts if c.dep_ in ("compound", "amod") and is_capitalised(c)]
                         + [singular])
        for person, country in zip(named, countries, strict=True):
            cluster = m.cluster(person)
            if not any(post.of is not None for post in cluster.posts):
                cluster.posts.append(Post(title, country, ""))


def assign_posts(m: Mentions) -> None:
    doc = m.doc
    for cluster in m.persons:
        for s, e in cluster.mentions:
            parses: list[_TitleParse] = []
            before = _title_before(m, s)
            k = s - 1
            while k > 0 and fold(doc[k].text) in HONORIFICS:
                k -= 1
            if before is None and k >= 1 and doc[k].text == ",":
                # "the President of Chile, Pedro Aguirre Cerda", "..., Dr. Maria Lind-Berg"
                before = _title_before(m, k)
            if before is not None:
                parsed = _parse_title(m, *before)
                if parsed is not None:
                    parses.append(parsed)
            after = _apposition_after(m, e)
            if after is not None:
                parsed = _parse_title(m, *after)
                if parsed is not None:
                    parses.append(parsed)
            of_after = _of_after(m, e)
            for parsed in parses:
                of = parsed.of or of_after
                written = parsed.of_text if parsed.of is not None else None
                cluster.posts.append(Post(parsed.title, of, f"{parsed.title} of {written}" if written else ""))
            if not parses and of_after is not None:
                cluster.posts.append(Post("", of_after, ""))
    bracket_posts(m)
    counterpart_posts(m)


_BRACKET_FILLER = {"company", "government", "state", "oil", "gas", "firm", "corporation", "group", "the", "a", "an",
                   "former", "current", "and", "of"}


def bracket_posts(m: Mentions) -> None:
    """Posts written in brackets after a name: "Paulo Mendes (Economy)" in a list of a country's ministers,
    "Rui Almeida (Vale do Rio Doce company president)", "Luis Prado (Petrobras, government oil company,
    president)"."""
    doc = m.doc
    for cluster in m.persons:
        if any(p.title for p in cluster.posts):
            continue
        for _begin, e in cluster.mentions:
            if e >= len(doc) or doc[e].text != "(":
                continue
            content = _bracket_content(doc, e)
            if content is None:
                continue
            words = list(doc[content[0]:content[1]])
            head = next((t for t in words if fold(t.text) in TITLE_HEADS), None)
            if head is not None:
                body = [t for t in words if t.i != head.i and t.text not in (",", ";") and t.lower_ not in
                        _BRACKET_FILLER and is_capitalised(t)]
                title = head.text[:1].upper() + head.text[1:]
                if body:
                    name = " ".join(t.text for t in body)
                    ref = m.by_token.get(body[0].i)
                    of = ref if ref is not None and ref.kind in (EntityKind.COUNTRY, EntityKind.ORGANIZATION) \
                        else None
                    cluster.posts.append(Post(title, of, f"{title} of {name}"))
                else:
                    cluster.posts.append(Post(title, None, ""))
                break
            office = _listed_office(doc, e)
            if office is None or not all(is_capitalised(t) or t.lower_ in TITLE_GLUE for t in words):
                continue
            title = _SINGULAR_TITLES[office.lower_]
            portfolio = " ".join(t.text for t in words)
            country = next((gazetteer.country_by_demonym(c.text) for c in office.children
                            if c.dep_ in ("amod", "compound") and gazetteer.country_by_demonym(c.text)), None)
            of = Ref(EntityKind.COUNTRY, country) if country else None
            if country and country not in m.countries:
                m.add_country(country, office.i - 1, office.i)
            label = f"{title} of {portfolio}"
            if of is not None:
                label += f" of {entity_name(m, of)}"
            cluster.posts.append(Post(f"{title} of {portfolio}", of, label))
            break


def counterpart_posts(m: Mentions) -> None:
    """"his foreign minister counterparts A of Chile, B of Peru": each holds that office."""
    doc = m.doc
    for token in doc:
        plural_title = token.lower_ in _SINGULAR_TITLES and is_capitalised(token) and token.i + 1 < len(doc) \
            and (m.by_token.get(token.i + 1) or Ref(EntityKind.PLACE, "")).kind == EntityKind.PERSON
        if token.lower_ not in ("counterpart", "counterparts") and not plural_title:
            continue
        k = token.i - 1
        words: list[SpacyToken] = [token] if plural_title else []
        while k >= 0 and doc[k].pos_ in ("NOUN", "PROPN", "ADJ") and doc[k].i not in m.by_token \
                and (not plural_title or is_capitalised(doc[k])):
            words.insert(0, doc[k])
            k -= 1
        if not any(fold(t.text) in TITLE_HEADS for t in words):
            continue
        words = [t for t in words if not gazetteer.country_by_demonym(t.text)]
        title = " ".join(_SINGULAR_TITLES.get(t.lower_, t.text[:1].upper() + t.text[1:]) for t in words)
        i = token.i + 1
        while i < len(doc):
            ref = m.by_token.get(i)
            if ref is not None and ref.kind == EntityKind.PERSON:
                cluster = m.cluster(ref)
                end = i
                while end < len(doc) and m.by_token.get(end) == ref:
                    end += 1
                if not any(p.title for p in cluster.posts):
                    cluster.posts.append(Post(title, _of_after(m, end), ""))
                i = end
            elif doc[i].text in (",", "and", "of", "the") or (ref is not None and ref.kind == EntityKind.COUNTRY):
                i += 1
            else:
                break


def assign_principal_office(m: Mentions, office: str) -> None:
    """A government site's readouts are about its principal office's holder: the first person named, when
    the text gives them no title (a Kremlin readout's "Ivan Petrov"), else the first person given that bare
    title and no country (a White House readout on the Vice President's meeting names "President X")."""
    if m.home_country is None or not m.persons:
        return
    home = Ref(EntityKind.COUNTRY, m.home_country)
    ordered = sorted((c for c in m.persons if c.mentions), key=lambda c: min(s for s, _ in c.mentions))
    if not ordered:
        return
    principal = ordered[0]
    if not any(p.title for p in principal.posts) and principal.country_hint in (None, m.home_country) and not any(
            p.of is not None and p.of != home for p in principal.posts):
        principal.posts.append(Post(office, home, ""))
        return
    key = fold(office)
    if any(fold(p.title) == key for p in principal.posts):
        return
    for cluster in ordered:
        if cluster.country_hint not in (None, m.home_country) or any(p.of is not None for p in cluster.posts):
            continue
        if any(fold(p.title) == key for p in cluster.posts):
            cluster.posts = [Post(p.title, home if fold(p.title) == key else p.of, p.label) for p in cluster.posts]
            return


def title_line_officials(m: Mentions, found: list[tuple[str, str | None, str | None]]) -> None:
    """Officials the title line alone names, with their title ("Readout from NSC Spokesperson X on ...")."""
    for name, country, title in found:
        if not title or any(names_compatible(name, n) or names_compatible(n, name) for c in m.persons
                            for n in c.names):
            continue
        cluster = PersonCluster(names=[name], country_hint=country)
        cluster.posts.append(Post(title, Ref(EntityKind.COUNTRY, country) if country else None, ""))
        m.persons.append(cluster)


def title_around(m: Mentions, start: int, end: int) -> str | None:
    """The office title written right before a name ("NSC Spokesperson X")."""
    before = _title_before(m, start)
    if before is not None:
        parsed = _parse_title(m, *before)
        if parsed is not None:
            return parsed.title
    return None


def country_around(m: Mentions, start: int, end: int) -> str | None:
    """The country a name is given right around it: "X of Japan", "Japan's Prime Minister X", "Turkish ... X"."""
    after = _of_after(m, end)
    if after is not None and after.kind == EntityKind.COUNTRY:
        return after.key
    before = _title_before(m, start)
    if before is not None:
        parsed = _parse_title(m, *before)
        if parsed is not None and parsed.of is not None and parsed.of.kind == EntityKind.COUNTRY:
            return parsed.of.key
    return None


def final_posts(m: Mentions, cluster: PersonCluster, default_country: str | None,
                strict_default: bool = True) -> tuple[list[Post], Ref | None]:
    """One post per distinct title, completed with the country where the article makes it clear."""
    titled = [p for p in cluster.posts if p.title]
    bare_of = next((p.of for p in cluster.posts if p.of is not None), None)
    represents = next((p.of for p in titled if p.of is not None), bare_of)
    if represents is None and cluster.country_hint is not None:
        represents = Ref(EntityKind.COUNTRY, cluster.country_hint)
    # An official without a stated country is the publisher's own, unless the title is that of a head of state
    # or government: then only the report's principal (named first) is presumed to be the publisher's.
    heads = {fold(p.title) for p in titled} & {fold(t) for t in HEAD_TITLES}
    first = min(m.persons, key=lambda c: min(s for s, _ in c.mentions) if c.mentions else 10**9) \
        if m.persons else None
    principal = cluster is first
    # A country has one prime minister: a second "Prime Minister Y" beside the principal's is another country's.
    second_head = not principal and first is not None and bool(heads & {fold(p.title) for p in first.posts if p.title})
    public = [p for p in titled if is_public_title(p.title)]
    if represents is None and default_country is not None and public and not second_head and (
            not heads or principal or not strict_default):
        represents = Ref(EntityKind.COUNTRY, default_country)
    best: dict[str, Post] = {}
    for post in titled:
        key = fold(post.title)
        of = post.of or represents
        current = best.get(key)
        if current is None or (current.of is None and of is not None) or (
                current.of == of and not current.label and post.label):
            best[key] = Post(post.title, of, post.label if post.of is not None or of is None else "")
    # A title that only repeats part of a longer one ("Minister" in "Foreign Minister") adds nothing.
    keys = list(best)
    for key in keys:
        if any(other != key and f" {key} " in f" {other} " for other in keys):
            best.pop(key, None)
    posts = []
    for post in best.values():
        label = post.label or post.title
        if post.of is not None and not post.label:
            label = f"{post.title} of {entity_name(m, post.of)}"
        posts.append(Post(post.title, post.of, label))
    return sorted(posts, key=lambda p: p.label)[:2], represents


def is_public_title(title: str) -> bool:
    """A title of public office, not a company's or a club's ("CEO", "Manager")."""
    words = set(fold(title).split())
    return bool(words & TITLE_HEADS) and not words & gazetteer.PRIVATE_TITLE_WORDS


def entity_name(m: Mentions, ref: Ref) -> str:
    if ref.kind == EntityKind.COUNTRY:
        info = gazetteer.countries().get(ref.key)
        if ref.key in m.countries:
            return m.countries[ref.key].name
        return info.name if info else ref.key
    if ref.kind == EntityKind.ORGANIZATION:
        org = m.organizations[ref.key]
        return org.acronym or org.name
    if ref.kind == EntityKind.PLACE:
        return m.places[ref.key].name
    return m.cluster(ref).name


__all__ = [
    "Mentions",
    "PersonCluster",
    "assign_posts",
    "assign_principal_office",
    "cluster_persons",
    "entity_name",
    "find_countries_and_places",
    "find_organizations",
    "find_person_names",
    "is_capitalised",
    "title_line_officials",
]
