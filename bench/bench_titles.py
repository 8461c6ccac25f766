"""The title check: does the body yield the event that the title states?

    python bench/bench_titles.py [--corpus ../shared/corpus] [--limit N] [--misses]

Readouts and press releases often state their event in the title ("Readout of President A's Call with Prime
Minister B of Canada", "A had a phone conversation with the President of Poland", "A met with B"). For every
article of `whitehouse/` and `ukraine-president/` whose title names a meeting or a call with a counterpart, the
body's extraction must hold an event of that kind with the counterpart as a participant: a person whose name
ends with the counterpart's surname, or, for a counterpart named only by office and country ("the President of
Poland"), a participant of that country. Counterparts of the publisher's own country are left out (a readout
of a call with a U.S. governor is no diplomacy). Prints the share found per folder and, with `--misses`, every
title whose event the body did not yield.

Also reports, on `wikinews/` and `wikinews-more/`, the events found in articles that hold none of the
diplomatic words (expected 0), and the extraction rate in words per second over everything read.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from linkeddata.articles import Article, read_articles  # noqa: E402
from linkeddata.extract.extractor import Extractor  # noqa: E402
from linkeddata.extract.gazetteer import country_by_demonym, country_by_name, fold  # noqa: E402
from linkeddata.facts import ArticleFacts, EntityKind, EventType, Person  # noqa: E402

SHARED = ROOT.parent / "shared"
HOME = {"whitehouse": "us", "ukraine-president": "ua"}

CALL = r"(?:phone |telephone |video |virtual )?(?:call|conversation|phone conversation|telephone conversation)"
MEETING = r"(?:bilateral |virtual |in-person )?meeting"
# "Readout of President A's Call with X", "Readout of the Vice President's Meeting with X"
READOUT = re.compile(rf"^readout of .*?\b(?P<kind>{CALL}|{MEETING}|meetings)s? with (?P<who>.+)$", re.I)
# "A had a phone conversation with X", "A met with X", "A held talks with X", "A spoke with X"
RELEASE = re.compile(
    r"^(?P<actor>.+?)\s+(?:(?P<call>had an? (?:phone|telephone) (?:conversation|call)|spoke by phone|"
    r"held a phone call|had a phone call)|(?P<meet>met|had a meeting|held a meeting|held talks))\s+with\s+(?P<who>.+)$",
    re.I,
)
# Where the counterpart's phrase ends: a place, a purpose, a second clause.
TAIL = re.compile(
    r"\s*(?:\s(?:in|on|at|to|about|during|regarding|ahead|after|before|for|and discussed)\s|[,:;]|\s[-–]\s).*$", re.I
)
SUFFIX = re.compile(r"\s+(?:Jr|Sr|II|III)\.?$")
TITLES = re.compile(
    r"^(?:the\s+)?(?:(?:acting|deputy|vice|first|prime|foreign|federal|crown|special|senior|chief|"
    r"secretary|general|state|president|presidents|minister|ministers|leaders|lady|chancellor|premier|king|queen|emir|sultan|prince|"
    r"princess|pope|his|her|majesty|highness|holiness|excellency|director|director-general|secretary-general|"
    r"dr\.?|mr\.?|ms\.?|mrs\.?|head|chair|chairman|chairwoman|commissioner|ambassador|envoy|leader|sheikh|"
    r"amir|taoiseach)(?:\s+|$))+",
    re.I,
)


@dataclass
class TitleClaim:
    article: str
    title: str
    kind: EventType
    surname: str | None  # the counterpart's name, when the title gives one
    country: str | None  # the counterpart's country, when the title gives one


def _country_of(phrase: str) -> tuple[str, str | None]:
    """The phrase less its country, and that country: 'Prime Minister B of Canada', 'Canadian Prime Minister B'."""
    match = re.search(r"\s+of\s+(?:the\s+)?(.+)$", phrase, re.I)
    if match:
        country = country_by_name(match.group(1)) or country_by_name(re.sub(r"^(?:republic|kingdom|state) of ", "",
                                                                             match.group(1), flags=re.I))
        if country:
            return phrase[: match.start()], country
    words = phrase.split()
    for n in (2, 1):
        if len(words) > n and (country := country_by_demonym(" ".join(words[:n]))):
            return " ".join(words[n:]), country
    for n in (1,):
        if len(words) > n and words[0].lower() != "the" and (country := country_by_name(words[0])):
            return " ".join(words[n:]), country
    return phrase, None


def claim(article: Article, folder: str) -> TitleClaim | None:
    title = " ".join((article.title or "").split())
    match = READOUT.match(title)
    if match:
        kind = EventType.PHONE_CALL if re.search(r"call|conversation", match["kind"], re.I) else EventType.MEETING
    elif match := RELEASE.match(title):
        kind = EventType.PHONE_CALL if match["call"] else EventType.MEETING
    else:
        return None
    who = TAIL.sub("", match["who"]).strip(" .'\"")
    # A second counterpart ("with A of X and B of Y") is left to the first.
    first = re.split(r"\s+and\s+", who, maxsplit=1)[0]
    if _country_of(first)[1]:
        who = first
    who, country = _country_of(who)
    name = SUFFIX.sub("", TITLES.sub("", who).strip())
    # Only counterparts of a stated foreign country: a meeting with "Small Business Leaders" is not diplomacy.
    if country is None or country == HOME[folder]:
        return None
    words = [w for w in re.split(r"\s+", name) if w]
    surname = None
    particles = {"bin", "al", "de", "da", "von", "van", "der", "la", "le", "el"}
    looks_like_name = all(w[:1].isupper() or w in particles for w in words)
    if words and looks_like_name and not (len(words) == 1 and country_by_name(words[0])):
        surname = words[-1]
    return TitleClaim(article.id, title, kind, surname, country)


def _person_countries(facts: ArticleFacts, person: Person) -> set[str]:
    found = {person.represents.key} if person.represents and person.represents.kind == EntityKind.COUNTRY else set()
    found |= {post.of.key for post in person.posts if post.of and post.of.kind == EntityKind.COUNTRY}
    return found


def yielded(facts: ArticleFacts, claim_: TitleClaim) -> bool:
    for event in facts.events:
        if event.type != claim_.kind:
            continue
        for ref in event.participants:
            entity = facts.entity(ref)
            if claim_.surname and ref.kind == EntityKind.PERSON:
                if fold(entity.name).split()[-1:] == [fold(claim_.surname)]:
                    return True
            elif claim_.surname is None and claim_.country:
                if ref.kind == EntityKind.COUNTRY and ref.key == claim_.country:
                    return True
                if ref.kind == EntityKind.PERSON and claim_.country in _person_countries(facts, entity):
                    return True
    return False


DIPLOMATIC = re.compile(
    r"\b(?:diplomat\w*|minister\w*|president\w*|summit\w*|talks|treaty|embass\w*|ambassador\w*|foreign|"
    r"bilateral|visit\w*|met|meeting|agreement|envoy|delegation)\b",
    re.I,
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    parser.add_argument("--limit", type=int, default=None, help="the first N articles of each folder")
    parser.add_argument("--misses", action="store_true", help="print every title whose event was not found")
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"{args.corpus} is not present beside this checkout")
        return 0
    extractor = Extractor()
    words = 0
    seconds = 0.0
    for folder in ("whitehouse", "ukraine-president"):
        articles = [a for a in read_articles([args.corpus / folder]) if isinstance(a, Article)][: args.limit]
        claims = {a.id: c for a in articles if (c := claim(a, folder))}
        started = time.perf_counter()
        facts = {f.article_id: f for f in extractor.extract_many(articles)}
        seconds += time.perf_counter() - started
        words += sum(len(a.text.split()) for a in articles)
        missed = [c for c in claims.values() if not yielded(facts[c.article], c)]
        found = len(claims) - len(missed)
        share = found / len(claims) if claims else 1.0
        print(f"{folder}: titles stating a meeting or call {len(claims)}, yielded {found} ({share:.3f})")
        if args.misses:
            for c in missed:
                print(f"   missed {c.kind.value:9} {c.surname or '-':14} {c.country or '-':3} {c.title[:110]}")
    for folder in ("wikinews", "wikinews-more"):
        articles = [a for a in read_articles([args.corpus / folder]) if isinstance(a, Article)][: args.limit]
        plain = {a.id for a in articles if not DIPLOMATIC.search(f"{a.title or ''} {a.text}")}
        started = time.perf_counter()
        counts = [(f.article_id, len(f.events)) for f in extractor.extract_many(articles)]
        seconds += time.perf_counter() - started
        words += sum(len(a.text.split()) for a in articles)
        with_events = sum(1 for _, n in counts if n)
        stray = sum(n for article, n in counts if article in plain)
        print(f"{folder}: articles {len(articles)}, with events {with_events}; "
              f"events in the {len(plain)} with no diplomatic word: {stray} (expected 0)")
    print(f"extraction {words} words in {seconds:.1f} s: {words / seconds:.0f} words/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
