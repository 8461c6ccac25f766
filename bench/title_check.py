"""Title check: a readout or press release whose title states a meeting or call with a named counterpart ("Readout
of ... Call with President X of Y", "... had a phone conversation with X", "... met with X") should yield that
event from its body, with X (or, for a counterpart named by office and country, someone of that country) among
its participants.

    python bench/title_check.py [FOLDER ...] [--limit N] [--misses]

Default folders: ../shared/corpus/whitehouse and ../shared/corpus/ukraine-president. Prints, per folder, the
share of such titles whose event the body yields, and with --misses every title it misses.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from linkeddata.articles import Article, read_articles  # noqa: E402
from linkeddata.extract import gazetteer  # noqa: E402
from linkeddata.extract.extractor import Extractor  # noqa: E402
from linkeddata.facts import ArticleFacts, EntityKind, EventType  # noqa: E402

SHARED = ROOT.parent / "shared"
DEFAULT_FOLDERS = [SHARED / "corpus" / "whitehouse", SHARED / "corpus" / "ukraine-president"]

# What a title says happened, and the words after which its counterpart is named.
CALL = re.compile(r"\b(?:call|phone conversation|telephone conversation|phone call|spoke by phone|video call)\s+"
                  r"(?:with|between)\s+(?P<who>.+)$", re.IGNORECASE)
MEETING = re.compile(r"\b(?:meeting|met|meets|talks|held talks|held a meeting)\s+(?:with|between)\s+(?P<who>.+)$",
                     re.IGNORECASE)
STOP = re.compile(r"\s+(?:on|to|about|regarding|in|at|during|ahead of|following)\s+.*$|[,:;].*$")


def stated(title: str) -> tuple[EventType, str] | None:
    for kind, pattern in ((EventType.PHONE_CALL, CALL), (EventType.MEETING, MEETING)):
        found = pattern.search(title)
        if found:
            who = STOP.sub("", found.group("who")).strip(" .")
            return kind, who
    return None


def name_words(text: str) -> set[str]:
    """Capitalised words of `who` that are no office, glue, country or organisation word: a person's name."""
    for name in re.findall(r"[A-Z][A-Za-z.]+(?: (?:of |the )?[A-Z][A-Za-z.]+)*", text):
        if gazetteer.country_by_name(name) or gazetteer.organizations_by_name().get(gazetteer.fold(name)):
            text = text.replace(name, " ")
    words = {gazetteer.fold(w) for w in re.findall(r"[A-Za-zÀ-ÿ'-]+", text) if w[:1].isupper()}
    offices = gazetteer.TITLE_HEADS | gazetteer.OFFICE_WORDS | gazetteer.TITLE_GLUE | gazetteer.HONORIFICS
    return {w for w in words if w not in offices and not gazetteer.country_by_name(w)
            and not gazetteer.country_by_demonym(w) and w.upper() not in gazetteer.organizations_by_acronym()}


def sides(who: str) -> set[str]:
    """Keys of the countries and organisations `who` names ("the Secretary General of NATO", "US Secretary")."""
    found = {gazetteer.country_by_name(m) for m in re.findall(r"[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)*", who)}
    found |= {gazetteer.country_by_demonym(w) for w in re.findall(r"[A-Za-z.]+", who)}
    found |= {gazetteer.slug(gazetteer.organizations_by_acronym()[w].name) for w in re.findall(r"[A-Z]{2,}", who)
              if w in gazetteer.organizations_by_acronym()}
    for name in re.findall(r"(?:the )?[A-Z][A-Za-z]+(?: (?:of |the |for |and )?[A-Z][A-Za-z]+)+", who):
        org = gazetteer.organizations_by_name().get(gazetteer.fold(name.removeprefix("the ")))
        if org is not None:
            found.add(gazetteer.slug(org.name))
    return found - {None}


def foreign_counterpart(who: str) -> bool:
    """A named person, or an office of a named country or organisation."""
    return len(name_words(who)) >= 2 or bool(sides(who))


def yields(facts: ArticleFacts, kind: EventType, who: str) -> bool:
    """The body gives an event of `kind` with a participant named like `who`, or acting for the country or
    organisation `who` names."""
    wanted, named_sides = name_words(who), sides(who)
    for event in facts.events:
        if event.type != kind:
            continue
        for ref in event.participants:
            entity = facts.entity(ref)
            if ref.kind == EntityKind.PERSON:
                parts = entity.name.split()
                if parts and gazetteer.fold(parts[-1]) in wanted:
                    return True
                represents = getattr(entity, "represents", None)
                if not wanted and represents is not None and represents.key in named_sides:
                    return True
            elif not wanted and ref.key in named_sides:
                return True
    return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", nargs="*", type=Path, default=DEFAULT_FOLDERS)
    parser.add_argument("--limit", type=int, default=0, help="articles per folder (0: all)")
    parser.add_argument("--misses", action="store_true", help="print every title whose event the body misses")
    args = parser.parse_args()
    extractor = Extractor()
    for folder in args.folders:
        if not folder.is_dir():
            print(f"{folder}: not present, skipped")
            continue
        articles = [a for a in read_articles([folder]) if isinstance(a, Article) and a.title and stated(a.title)
                    and foreign_counterpart(stated(a.title)[1])]
        if args.limit:
            articles = articles[:args.limit]
        hits, misses = 0, []
        for article, facts in zip(articles, extractor.extract_many(articles), strict=True):
            kind, who = stated(article.title)
            if yields(facts, kind, who):
                hits += 1
            else:
                misses.append(f"   {kind.value:9} {who!r:40.40} | {article.title[:110]}")
        share = hits / len(articles) if articles else 0.0
        print(f"{folder.name}: {hits} of {len(articles)} titles stating a meeting or call yield it ({share:.2f})")
        if args.misses:
            print("\n".join(misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
