"""Topics: what the parties discussed or cooperate on, as short lowercase phrases.

Read from the objects of discussion verbs ("discussed X, Y and Z", "consulted on X") and of cooperation
nouns ("cooperation in energy, tourism, and education"), split at conjunctions.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

DISCUSSION_VERBS = {"discuss", "address", "consult", "talk", "cover", "review", "exchange", "focus", "touch"}
COOPERATION_NOUNS = {"cooperation", "collaboration", "partnership", "ties", "engagement", "coordination"}
_VAGUE = {"issue", "issues", "matter", "matters", "range", "way", "ways", "aspect", "aspects", "importance", "need",
          "efforts", "effort", "topic", "topics", "area", "areas", "view", "views", "opportunity", "opportunities",
          "situation", "development", "developments", "progress", "implementation", "agenda", "question",
          "questions", "number", "variety", "host", "all", "interest", "interests", "avenues", "steps"}
_DROP_MODIFIERS = {"det", "poss", "predet", "nummod", "case", "punct", "cc", "prep", "relcl", "acl", "advmod"}
_DROP_WORDS = {"key", "current", "recent", "ongoing", "further", "important", "topical", "practical", "various",
               "several", "many", "other", "broader", "full", "wide", "continued", "latest", "some", "certain",
               "specific", "new", "mutual", "shared", "common", "close", "strong", "deep", "significant", "serious"}
MAX_TOPICS = 8


def _phrase(token: Token) -> str:
    words = [t for t in token.subtree if t.dep_ not in _DROP_MODIFIERS or t is token]
    words = [t for t in words if t.i <= token.i and (t is token or t.head is token or t.head.head is token)]
    words = [t for t in words if t.lower_ not in _DROP_WORDS and not t.is_punct]
    text = " ".join(t.text for t in words).lower().replace(" - ", "-").replace("’s", "'s")
    return " ".join(text.split())


def _heads(token: Token) -> list[Token]:
    """The nouns a phrase names, looking through "a range of", "issues of", "areas such as"."""
    out: list[Token] = []
    for t in [token, *token.conjuncts]:
        if t.pos_ not in ("NOUN", "PROPN"):
            continue
        if t.lemma_.lower() in _VAGUE:
            inner = [o for p in t.children if p.dep_ == "prep" and p.lower_ in ("of", "on", "in", "including")
                     for o in p.children if o.dep_ == "pobj"]
            inner += [o for p in t.children if p.dep_ == "prep" and p.lower_ == "including"
                      for o in p.children if o.dep_ == "pobj"]
            for o in inner:
                out.extend(_heads(o))
            # "political, economic, and regional issues": the modifiers are the topics.
            modifiers = [c for c in t.children if c.dep_ == "amod" and c.lower_ not in _DROP_WORDS]
            for mod in modifiers:
                for a in [mod, *mod.conjuncts]:
                    out.append(a)
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
        elif token.pos_ == "NOUN" and lemma in COOPERATION_NOUNS:
            objects = [o for p in token.children if p.dep_ == "prep" and p.lower_ in ("in", "on")
                       for o in p.children if o.dep_ == "pobj"]
        for obj in objects:
            for head in _heads(obj):
                phrase = _phrase(head) if head.pos_ in ("NOUN", "PROPN") else head.lower_
                if phrase and len(phrase) > 2 and phrase.split()[-1] not in _VAGUE and len(phrase.split()) <= 5:
                    found.append(phrase)
    return found


def article_topics(doc: Doc) -> list[str]:
    out: list[str] = []
    for sentence in doc.sents:
        for topic in topics_of_sentence(sentence):
            if topic not in out:
                out.append(topic)
    return out


__all__ = ["MAX_TOPICS", "article_topics", "topics_of_sentence"]
