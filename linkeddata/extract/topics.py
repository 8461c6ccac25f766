"""Topics: what the parties discussed or cooperate on, as short lowercase phrases.

Read from the objects of discussion verbs ("discussed X, Y and Z", "consulted on X") and of nouns that
introduce a subject ("cooperation in energy, tourism, and education", "support for X", "the importance of
X"), split at conjunctions, each kept with the modifiers that say which thing it is ("maritime security",
"Russia's war against Ukraine"). An event gets the topics stated from its sentence up to the next event's.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from spacy.tokens import Doc, Token

from linkeddata.extract.gazetteer import TITLE_HEADS, countries, country_by_name, slug
from linkeddata.extract.rules.lexicon import DISCUSSION_VERBS
from linkeddata.facts import Event, EventType, Status
from linkeddata.topic_scheme import scheme as topic_scheme

# Nouns whose prepositional object is a subject of the talks: "cooperation in energy", "support for Ukraine",
# "the importance of maritime security", "commitment to the two-state solution".
TOPIC_NOUNS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("cooperation", "collaboration", "partnership", "ties", "engagement", "coordination"),
                    ("in", "on")),
    "support": ("for",),
    "importance": ("of",),
    "commitment": ("to",),
    "concern": ("over", "about"),
    **dict.fromkeys(("talk", "discussion", "negotiation", "consultation", "dialogue"), ("on", "about")),
    **dict.fromkeys(("agreement", "memorandum", "declaration", "accord", "treaty"), ("on",)),
}
_VAGUE = {"issue", "issues", "matter", "matters", "range", "way", "ways", "aspect", "aspects", "importance", "need",
          "efforts", "effort", "topic", "topics", "area", "areas", "view", "views", "opportunity", "opportunities",
          "situation", "development", "developments", "progress", "implementation", "agenda", "question",
          "questions", "number", "variety", "host", "all", "interest", "interests", "avenues", "steps", "commitment",
          "challenge", "challenges", "measure", "measures", "country", "countries", "region", "establishment",
          "priority", "priorities", "interaction", "ground", "allies", "partners", "memory", "follow", "step", "tie",
          "potential", "avenue"}
_DROP_WORDS = {"key", "current", "recent", "ongoing", "further", "important", "topical", "practical", "various",
               "several", "many", "other", "broader", "full", "wide", "continued", "latest", "some", "certain",
               "specific", "new", "mutual", "shared", "common", "close", "strong", "deep", "significant", "serious"}
MAX_TOPICS = 8

# Nouns that place the talks, not their subject: "on the margins of the summit", "on the occasion of".
_SETTINGS = {"margin", "margins", "sideline", "sidelines", "occasion", "eve", "side", "sides", "context", "course",
             "framework", "auspices", "invitation", "behalf", "part", "end", "beginning", "start", "outset", "run-up",
             "wake", "aftermath", "meeting", "meetings", "call", "visit", "conversation", "phone", "readout"}
_PERSONAL = {"i", "me", "my", "we", "us", "our", "you", "your", "he", "him", "his", "she", "her", "they", "them",
             "their", "it", "its", "who", "which", "that", "what"}
_FINITE_VERB_TAGS = {"VB", "VBD", "VBP", "VBZ", "MD"}
MAX_FRAGMENT_FREE_WORDS = 6
# Words that name no subject on their own, however many of them are put together ("next steps", "joint
# efforts", "urgent need", "critical issues", "u.s. ideas"): a phrase of these alone is no topic, unless the
# topic scheme knows it ("international cooperation").
_GENERIC_WORDS = {
    "work", "concern", "concerns", "effort", "efforts", "step", "steps", "threat", "threats", "plan", "plans",
    "action", "actions", "issue", "issues", "need", "needs", "preparation", "preparations", "idea", "ideas",
    "range", "initiative", "initiatives", "delivery", "challenge", "challenges", "importance", "support",
    "partnership", "cooperation", "coordination", "government", "people", "approach", "right", "rights",
    "respect", "urgency", "difference", "strategy", "strategies", "vision", "values", "risk", "risks", "world",
    "commitment", "commitments", "talks", "summit", "deal", "region", "opportunity", "opportunities",
    "priorities", "priority", "progress", "way", "ways", "leadership", "role", "matters", "outcome", "outcomes",
    "results", "relationship", "ties", "engagement", "solidarity", "next", "joint", "diplomatic", "critical",
    "urgent", "underway", "broad", "increased", "sustained", "international", "respective", "whole", "entire",
    "upcoming", "resolute", "unique", "cross", "own", "ongoing", "u.s.", "us", "american", "-", "global",
    "regional", "bilateral", "future", "possible", "potential", "continued", "enduring", "longstanding",
    "historic", "close", "strong", "unwavering", "steadfast", "ironclad", "growing", "expanded", "enhanced",
}


# What a topic keeps of its noun's modifiers: the words that say which thing ("maritime security", "Russia's
# war", "the Iron Dome system"), and one prepositional phrase ("support for Ukraine") when it stays short.
_KEPT_MODIFIERS = {"compound", "amod", "poss", "case", "nmod", "nummod", "npadvmod", "quantmod", "hmod", "hyph"}
_KEPT_IN_MODIFIERS = _KEPT_MODIFIERS | {"cc", "conj", "pobj", "prep", "pcomp"}
_ATTACHED = {"for", "on", "against", "with", "in", "between", "to", "of", "from"}
MAX_TOPIC_WORDS = 6
_ABOUT = (_ATTACHED - {"from"}) | {"over", "about"}  # what a topic concerns; "from" says who does it


def _modifier_tokens(token: Token) -> list[Token]:
    """`token` and the modifiers of it a topic keeps, with what they hold in turn ("economic and trade ties")."""
    kept = [token]
    for child in token.children:
        if child.dep_ in _KEPT_MODIFIERS and child.i < token.i and child.lower_ not in _DROP_WORDS:
            if child.dep_ == "poss" and child.pos_ == "PRON":  # "their", "its": no part of the subject
                continue
            kept.extend(t for t in child.subtree if t.i == child.i or t.dep_ in _KEPT_IN_MODIFIERS)
    return kept


def _phrase(token: Token) -> str:
    words = _modifier_tokens(token)
    attached = [p for p in token.children if p.dep_ == "prep" and p.lower_ in _ATTACHED and p.i > token.i]
    if attached:
        objects = [o for o in attached[0].children if o.dep_ == "pobj"]
        if objects:
            tail = [attached[0], *_modifier_tokens(objects[0])]
            if len(words) + len(tail) <= MAX_TOPIC_WORDS:
                words += tail
    kept = {t.i: t for t in words if not t.is_punct or t.text in "-'"}
    doc = token.doc
    for i in list(kept):  # the hyphen of "Indo-Pacific", which the parser may hang elsewhere
        if i + 2 in kept and doc[i + 1].text in ("-", "‑") and not doc[i].whitespace_ and not doc[i + 1].whitespace_:
            kept[i + 1] = doc[i + 1]
    ordered = sorted(kept.values(), key=lambda t: t.i)
    ordered = [t for t in ordered if t.lower_ not in _DROP_WORDS or t.i == token.i]
    text = ""
    for n, t in enumerate(ordered):
        joined = n + 1 < len(ordered) and ordered[n + 1].i == t.i + 1
        text += t.text + (t.whitespace_ if joined else " ")
    text = text.lower().replace("’s", "'s").replace(" - ", "-")
    return " ".join(text.split())


def is_fragment(phrase: str) -> bool:
    """Whether a topic phrase is a piece of a sentence rather than a subject: a setting ("margins of the
    summit"), a person's possession ("the president's unprecedented support"), a pronoun, words that name no
    subject ("next steps", "joint efforts"), or a long run of words."""
    words = phrase.lower().replace("’", "'").split()
    if not words or words[0] in _SETTINGS or any(w in _PERSONAL for w in words):
        return True
    if len(words) > MAX_FRAGMENT_FREE_WORDS:
        return True
    if country_by_name(phrase):  # "the Democratic People's Republic of Korea"
        return False
    for n, word in enumerate(words):
        if (word.endswith("'s") or word.endswith("s'")) and word != "people's":
            owner = " ".join(words[:n + 1]).removesuffix("'s").removesuffix("'")
            # A country's or body's ("Russia's war") is a subject; a person's or office's is not.
            if any(w.removesuffix("'s").removesuffix("'") in TITLE_HEADS for w in words[:n + 1]):
                return True
            if not country_by_name(owner) and n > 0 and not country_by_name(words[n].removesuffix("'s")):
                return True
    # Generic words alone, unless the scheme knows the phrase ("international cooperation").
    return all(w in _GENERIC_WORDS for w in words) and not (
        topic_scheme().concept_of(phrase) or topic_scheme().broader_of(phrase))


def _fragment_tokens(head: Token) -> bool:
    """What the parse says of a topic's head: a person owns it ("X's support"), or a verb is in it."""
    for child in head.children:
        if child.dep_ == "poss" and child.i < head.i and (child.ent_type_ == "PERSON" or child.lower_ in TITLE_HEADS):
            return True
    return any(t.tag_ in _FINITE_VERB_TAGS for t in _modifier_tokens(head) if t.i != head.i)


def _vague(noun: Token) -> bool:
    # A noun named by another ("security challenges", "trade matters") is no longer vague.
    return noun.lemma_.lower() in _VAGUE and not any(c.dep_ == "compound" for c in noun.children)


def _heads(token: Token) -> list[Token | tuple[Token, Token]]:
    """The nouns a phrase names, looking through "a range of", "issues of", "areas such as"; or (adjective,
    vague noun) for "regional issues"."""
    out: list[Token | tuple[Token, Token]] = []
    for t in [token, *token.conjuncts]:
        if t.tag_ == "VBG":  # "the importance of strengthening democratic governance": what is strengthened
            for thing in t.children:
                if thing.dep_ == "dobj":
                    out.extend(_heads(thing))
            continue
        if t.pos_ not in ("NOUN", "PROPN"):
            continue
        if _vague(t):
            inner = [o for p in t.children if p.dep_ == "prep" and p.lower_ in ("of", "on", "in", "including")
                     for o in p.children if o.dep_ == "pobj"]
            inner += [o for p in t.children if p.dep_ == "prep" and p.lower_ == "including"
                      for o in p.children if o.dep_ == "pobj"]
            for o in inner:
                out.extend(_heads(o))
            # "political, economic, and regional issues": each modifier with the noun is a topic.
            modifiers = [c for c in t.children if c.dep_ == "amod" and c.lower_ not in _DROP_WORDS]
            out.extend((a, t) for mod in modifiers for a in [mod, *mod.conjuncts] if a.pos_ == "ADJ")
            continue
        out.append(t)
    return out


def topics_of_sentence(sentence) -> list[str]:
    found: list[str] = []
    for token in sentence:
        lemma = token.lemma_.lower()
        objects: list[Token] = []
        if token.pos_ == "VERB" and lemma in DISCUSSION_VERBS:
            objects = [c for c in token.children if c.dep_ == "dobj"]
            objects += [o for p in token.children if p.dep_ == "prep" and p.lower_ in ("on", "about", "upon")
                        for o in p.children if o.dep_ == "pobj"]
        elif token.pos_ == "NOUN" and lemma in TOPIC_NOUNS:
            objects = [o for p in token.children if p.dep_ == "prep" and p.lower_ in TOPIC_NOUNS[lemma]
                       for o in p.children if o.dep_ in ("pobj", "pcomp")]
        for obj in objects:
            if obj.ent_type_ in ("DATE", "TIME"):  # "discussed trade on Monday"
                continue
            for head in _heads(obj):
                if isinstance(head, tuple):
                    if not is_fragment(pair := f"{head[0].lower_} {head[1].lower_}"):  # not "joint efforts"
                        found.append(pair)
                    continue
                phrase = _phrase(head).strip("-' ")
                if len(phrase) > 2 and not _vague(head) and head.lower_ not in TITLE_HEADS:
                    if not is_fragment(phrase) and not _fragment_tokens(head):
                        found.append(phrase)
                    # A fragment may still name the places talked of ("the President's travel to China").
                    found.extend(_places_in(head))
    return found


def _places_in(head: Token) -> list[str]:
    """The countries and regions a topic is about, each a topic of its own: the owner in "Russia's war" and
    the object in "support for Ukraine" or "tensions in Jerusalem" (not who does it: "U.S. support")."""
    words = [t for c in head.children if c.dep_ == "poss" and c.i < head.i for t in c.subtree]
    words += [t for p in head.children if p.dep_ == "prep" and p.i > head.i and p.lower_ in _ABOUT
              for t in p.subtree]
    seen = {t.i for t in words}
    places: list[str] = []
    for entity in head.doc.ents:
        if entity.label_ in ("GPE", "LOC") and entity.start in seen:
            country = country_by_name(entity.text)  # "the People's Republic of China": china
            name = countries()[country].name if country else entity.text
            name = " ".join(name.lower().replace("’s", "").replace("'s", "").split()).removeprefix("the ")
            if name and name not in places:
                places.append(name)
    return places


def _distinct(groups: Iterable[list[str]]) -> list[str]:
    """The topics of `groups` in order, each once (by its slug: "indo pacific" is "indo-pacific")."""
    out: list[str] = []
    seen: set[str] = set()
    for group in groups:
        for topic in group:
            if slug(topic) not in seen:
                seen.add(slug(topic))
                out.append(topic)
    return out


# Events at which things are discussed. Other events (a visit, an invitation, a signing, talks still to
# come) are given the topics of their own sentence, and do not end the stretch of the talks before them.
TALKS = (EventType.MEETING, EventType.PHONE_CALL, EventType.SUMMIT)


def _held_talks(event: Event) -> bool:
    return event.type in TALKS and event.status is Status.OCCURRED


def assign_topics(doc: Doc, events: list[Event]) -> list[str]:
    """Give each meeting, call or summit held what is said to be discussed from its own sentence up to the
    sentence of the next one: a readout states the talks, then what was discussed. Other events get the
    topics of their own sentence. The first meeting or call also gets the article's topics when its own
    stretch names none (a readout that lists the topics first). Returns the article's topics."""
    sentences = list(doc.sents)
    found = [topics_of_sentence(sentence) for sentence in sentences]
    in_article = _distinct(found)
    starts = [sentence.start_char for sentence in sentences]

    def sentence_of(event: Event) -> int:
        begin = min((span.begin for span in event.evidence), default=0)
        return max(bisect.bisect_right(starts, begin) - 1, 0)

    talks = sorted({sentence_of(event) for event in events if _held_talks(event)})
    for event in events:
        first = sentence_of(event)
        last = next((n for n in talks if n > first), len(sentences)) if _held_talks(event) else first + 1
        event.topics = _distinct(found[first:last])[:MAX_TOPICS]
    main = next((e for e in events if e.type in (EventType.MEETING, EventType.PHONE_CALL)), None)
    if main is not None and not main.topics:
        main.topics = in_article[:MAX_TOPICS]
    return in_article


__all__ = ["MAX_TOPICS", "assign_topics", "is_fragment", "topics_of_sentence"]
