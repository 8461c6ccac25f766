"""Who published an article and where it was filed: the publisher from the URL's host or from an agency's
attribution ("..., Trend reports.", "according to X"), the dateline ("OSLO, Norway, March 4.").
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from spacy.tokens import Doc

from linkeddata.extract import gazetteer
from linkeddata.extract.entities import Mentions
from linkeddata.facts import Ref

_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
          r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)")
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_CREDIT = r"[A-Z][A-Za-z .&'\-]{1,40}"
# The datelines of wire copy: "MOSCOW, June 1 (TASS) -", "BAKU, Azerbaijan, May 5. /Trend/",
# "NEW DELHI, Jan 4 (PTI)", "ABU DHABI, 9th February, 2025 (WAM) --", "ANKARA (AA) -", "TOKYO, Kyodo --".
_DATELINE = re.compile(
    r"\A\s*(?P<city>[A-Z][A-Z .'\-]{2,40}?)"
    r"(?:,\s+(?:(?P<region>[A-Z][A-Za-z .'\-]{2,40}?),\s+)?"
    rf"(?:{_MONTH}\s+{_DAY}|{_DAY}\s+{_MONTH})(?:,?\s+\d{{4}})?"
    rf"(?:\s*\((?P<credit>{_CREDIT})\)(?:\s*[.,:\-–—]+|(?=\s+[A-Z])))?"  # "(PTI) Prime Minister ..." has no dash
    rf"(?(credit)|\s*[.,:\-–—]+)"
    rf"(?:\s*/(?P<slashed>{_CREDIT})/)?"
    rf"|\s+\((?P<bare>{_CREDIT})\)\s*[.,:\-–—]+"
    rf"|,\s+(?P<named>[A-Z][A-Za-z&'\-]{{1,20}}(?: [A-Z][A-Za-z&'\-]{{1,20}})?)\s*(?:--|[:–—]))")
_AGENCY_WORDS = {"agency", "service", "outlet", "channel", "newspaper", "portal"}
_REPORT_VERBS = {"report", "say", "inform", "write", "tell"}
# The tagger often reads a closing "Trend reports." as a noun.
_REPORT_FORMS = {"reports", "reported", "says", "said", "writes", "informs"}


def publisher_from_url(url: str | None) -> tuple[str, str | None] | None:
    """(publisher name, its country key) for a known host, else None."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    parts = host.split(".")
    for n in range(len(parts) - 1):
        found = gazetteer.PUBLISHERS_BY_HOST.get(".".join(parts[n:]))
        if found is not None:
            return found
    return None


def principal_office(url: str | None) -> str | None:
    """The office a government site reports on ("President" for the Kremlin's and the White House's)."""
    if not url:
        return None
    parts = (urlsplit(url).hostname or "").lower().split(".")
    for n in range(len(parts) - 1):
        found = gazetteer.PRINCIPAL_OFFICE_BY_HOST.get(".".join(parts[n:]))
        if found is not None:
            return found
    return None


def publisher_from_text(doc: Doc) -> tuple[str, int, int] | None:
    """An agency named as the source of the report: "X reports" ending a sentence, or "according to X"."""
    for sentence in list(doc.sents)[:3]:
        for token in sentence:
            if (token.lemma_.lower() in _REPORT_VERBS or token.lower_ in _REPORT_FORMS) and not any(
                    c.dep_ in ("dobj", "ccomp", "xcomp") for c in token.children if c.i > token.i):
                subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
                if subject is not None and subject.lower_ in _AGENCY_WORDS:
                    # "Dunya news agency reports": the name is the capitalised words before.
                    words = [c for c in subject.lefts if c.dep_ in ("compound", "amod") and c.text[:1].isupper()]
                    if words and all(t.is_punct or t.is_space for t in doc[token.i + 1:sentence.end]):
                        return " ".join(w.text for w in words), words[0].i, words[-1].i + 1
                if subject is None or subject.i < token.i - 4 or not subject.text[:1].isupper():
                    continue
                ent = next((e for e in doc.ents if e.start <= subject.i < e.end and e.label_ in ("ORG", "PERSON",
                                                                                              "GPE", "NORP")), None)
                start, end = (ent.start, ent.end) if ent is not None else (subject.i, subject.i + 1)
                if gazetteer.country_by_name(doc[start:end].text):
                    continue
                # "..., Trend reports." closes the sentence: the verb has nothing after it but punctuation.
                if all(t.is_punct or t.is_space for t in doc[token.i + 1:sentence.end]):
                    return doc[start:end].text, start, end
            if token.lower_ == "according" and token.i + 2 < len(doc) and doc[token.i + 1].lower_ == "to":
                ent = next((e for e in doc.ents if e.start == token.i + 2 and e.label_ == "ORG"), None)
                if ent is not None:
                    return ent.text, ent.start, ent.end
    return None


def dateline_length(text: str) -> int:
    """How many characters of `text` its dateline takes ("ASTANA, March 3 (Kazinform) --"), 0 if it has none."""
    found = _DATELINE.match(text)
    return found.end() if found else 0


def credit(m: Mentions) -> tuple[str, int, int] | None:
    """The agency credited in the dateline ("BEIJING, March 3 (Xinhua) --"), with its token range."""
    found = _DATELINE.match(m.text)
    if not found:
        return None
    group = next((g for g in ("credit", "slashed", "bare", "named") if found[g]), None)
    if group is None or gazetteer.country_by_name(found[group]):
        return None
    span = m.doc.char_span(found.start(group), found.end(group), alignment_mode="expand")
    return (found[group].strip(), span.start, span.end) if span is not None else None


def dateline(m: Mentions) -> Ref | None:
    found = _DATELINE.match(m.text)
    if not found:
        return None
    whole = m.doc.char_span(0, found.end(), alignment_mode="expand")
    m.dateline_end = whole.end if whole is not None else 0
    city = gazetteer.city_by_name(found["city"].strip().title())
    if city is None:
        return None
    span = m.doc.char_span(found.start("city"), found.end("city"), alignment_mode="expand")
    if span is None:
        return None
    return m.add_place(city, span.start, span.end)
