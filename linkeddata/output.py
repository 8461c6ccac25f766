"""Write a built dataset to a folder, byte for byte the same for the same input.

Layout of a build folder:
    dataset.nq  dataset.nq.gz     every article graph, as sorted N-Quads
    dataset.ttl dataset.ttl.gz    the union of the graphs, as Turtle
    dataset.nt  dataset.nt.gz     the union, as sorted N-Triples
    graphs/ARTICLE.ttl            one Turtle file per published article
    ontology.ttl  shapes.ttl      the vocabulary and the shapes the data was checked against
    void.ttl                      the VoID/DCAT description
    manifest.json                 base URI, code fingerprint, per-article checksums and graph files
    registry.json                 entity keys given out so far, so URIs never change
    report.txt                    refusals and violations of this build
"""

from __future__ import annotations

import gzip
import hashlib
import heapq
import json
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

import pyoxigraph
from rdflib import Graph

from linkeddata.vocab import PREFIXES

DUMP_FILES = ("dataset.nq", "dataset.ttl", "dataset.nt")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_gzip_copy(path: Path) -> Path:
    """`path`.gz with no name or time in its header, so that it is reproducible."""
    target = path.with_name(path.name + ".gz")
    with path.open("rb") as source, target.open("wb") as raw, \
            gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6) as packed:
        shutil.copyfileobj(source, packed, 1 << 20)
    return target


def triple_lines(turtle: bytes) -> list[str]:
    """Sorted, distinct N-Triples lines of a Turtle document; one writer (pyoxigraph) for every dump."""
    triples = parse_triples(turtle, pyoxigraph.RdfFormat.TURTLE)
    return sorted({f"{t.subject} {t.predicate} {t.object} ." for t in triples})


def article_turtle(graph: Graph) -> bytes:
    """The Turtle of one article graph, sorted by subject and predicate (rdflib orders them)."""
    return graph.serialize(format="turtle", encoding="utf-8")


def write_union_turtle(ntriples: Path, target: IO[bytes]) -> None:
    """The Turtle of a large N-Triples file, streamed by pyoxigraph in the file's order."""
    prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    quads = pyoxigraph.parse(path=str(ntriples), format=pyoxigraph.RdfFormat.N_TRIPLES)
    pyoxigraph.serialize(quads, target, pyoxigraph.RdfFormat.TURTLE, prefixes=prefixes)


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


def write_dumps(nq: Path, nt: Path, lines: Iterable[str]) -> tuple[int, int]:
    """Write sorted N-Quads lines (each ending in a newline) to `nq`, once each, and the triples of those
    quads to `nt` (the union graph, sorted and distinct too); returns (quads, triples).

    The bytes are those of `sorted(set(...))`, written as they come. All the quads of one triple come
    together in that order: they share the triple, followed by a space and the graph, and where two
    different triples first differ, quads and triples order them alike (a term never continues with a
    space). So a triple is written when it differs from the last one, and one pass gives both files.
    Lines out of order raise UnsortedRun.
    """
    quads = triples = 0
    previous_quad = previous_triple = ""
    with nq.open("w", encoding="utf-8", newline="\n") as quad_out, \
            nt.open("w", encoding="utf-8", newline="\n") as triple_out:
        for line in lines:
            if line <= previous_quad:
                if line == previous_quad:
                    continue
                raise UnsortedRun(f"{line[:80]!r} comes after {previous_quad[:80]!r}")
            previous_quad = line
            quad_out.write(line)
            quads += 1
            triple = line[: line.rindex(" <")]
            if triple != previous_triple:
                previous_triple = triple
                triple_out.write(triple + " .\n")
                triples += 1
    return quads, triples


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
