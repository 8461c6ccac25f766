"""Write a built dataset to a folder, byte for byte the same for the same input.

Layout of a build folder:
    dataset.nq  dataset.nq.gz     every article graph, as sorted N-Quads
    dataset.ttl dataset.ttl.gz    the union of the graphs, as Turtle
    dataset.nt  dataset.nt.gz     the union, as sorted N-Triples
    graphs/ARTICLE.ttl            one Turtle file per published article
    ontology.ttl  shapes.ttl      the vocabulary and the shapes the data was checked against
    void.ttl                      the VoID/DCAT description
    manifest.json                 base URI, code fingerprint, per-article checksums and graph files,
                                  each dump's checksums and segments (see `segments`)
    registry.json                 entity keys given out so far, so URIs never change
    report.txt                    refusals and violations of this build
"""

from __future__ import annotations

import hashlib
import heapq
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
from rdflib import Graph

from linkeddata import segments

DUMP_FILES = ("dataset.nq", "dataset.ttl", "dataset.nt")


def sha256_file(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def triple_lines(turtle: bytes) -> list[str]:
    """Sorted, distinct N-Triples lines of a Turtle document; one writer (pyoxigraph) for every dump."""
    triples = parse_triples(turtle, pyoxigraph.RdfFormat.TURTLE)
    return sorted({f"{t.subject} {t.predicate} {t.object} ." for t in triples})


def article_turtle(graph: Graph) -> bytes:
    """The Turtle of one article graph, sorted by subject and predicate (rdflib orders them)."""
    return graph.serialize(format="turtle", encoding="utf-8")


class UnsortedRun(ValueError):
    """Lines given to `write_dumps` were not in order (an earlier dump edited by hand, say)."""


def merged(runs: Iterable[Iterable[str]]) -> Iterator[str]:
    """The lines of sorted runs, in order (duplicates kept: `write_dumps` writes each once)."""
    return heapq.merge(*runs)


def merged_into(ordered: Iterable[str], few: Iterable[str]) -> Iterator[str]:
    """The lines of a long sorted run and a few others, in order: cheaper than `merged` for that case."""
    extra = sorted(set(few))
    at, end = 0, len(extra)
    for line in ordered:
        while at < end and extra[at] < line:
            yield extra[at]
            at += 1
        yield line
    yield from extra[at:]


@dataclass(frozen=True)
class DumpLines:
    """What `write_dumps` wrote: the counts, and where each file's segments begin (see `segments`)."""

    quads: int
    triples: int
    quad_cuts: list[int]
    triple_cuts: list[int]


def write_dumps(nq: Path, nt: Path, lines: Iterable[str]) -> DumpLines:
    """Write sorted N-Quads lines (each ending in a newline) to `nq`, once each, and the triples of those
    quads to `nt` (the union graph, sorted and distinct too).

    The bytes are those of `sorted(set(...))`, written as they come. All the quads of one triple come
    together in that order: they share the triple, followed by a space and the graph, and where two
    different triples first differ, quads and triples order them alike (a term never continues with a
    space). So a triple is written when it differs from the last one, and one pass gives both files.
    The lines of one subject come together for the same reason, and both files are cut into segments
    before the same subjects. Lines out of order raise UnsortedRun.
    """
    quads = triples = 0
    previous_quad = previous_triple = ""
    subject = "\n"  # the current subject and its space; no line begins with a newline
    quad_cuts: list[int] = []
    triple_cuts: list[int] = []
    with nq.open("w", encoding="utf-8", newline="\n") as quad_out, \
            nt.open("w", encoding="utf-8", newline="\n") as triple_out:
        for line in lines:
            if line <= previous_quad:
                if line == previous_quad:
                    continue
                raise UnsortedRun(f"{line[:80]!r} comes after {previous_quad[:80]!r}")
            previous_quad = line
            triple = line[: line.rindex(" <")]
            if triple != previous_triple:
                if not triple.startswith(subject):
                    subject = triple[: triple.index(" ") + 1]
                    if segments.starts_segment(subject[:-1]):
                        quad_cuts.append(quad_out.tell())
                        triple_cuts.append(triple_out.tell())
                previous_triple = triple
                triple_out.write(triple + " .\n")
                triples += 1
            quad_out.write(line)
            quads += 1
    return DumpLines(quads, triples, quad_cuts, triple_cuts)


def quad_lines(triples: list[str], graph: str) -> list[str]:
    """N-Quads lines (with their newline) of sorted, distinct N-Triples lines in `graph`: still sorted
    (see `write_dumps`)."""
    suffix = f" <{graph}> .\n"
    return [line[:-2] + suffix for line in triples]


def parse_triples(data: bytes, format_: pyoxigraph.RdfFormat) -> list[pyoxigraph.Triple]:
    return [item if isinstance(item, pyoxigraph.Triple) else item.triple
            for item in pyoxigraph.parse(data, format_)]


def write_json(path: Path, value: object) -> None:
    path.write_text(json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for line in handle if line.strip())
