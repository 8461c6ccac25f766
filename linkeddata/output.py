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
import itertools
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


def write_union_turtle(triples: Iterable[pyoxigraph.Triple], target: IO[bytes]) -> None:
    """The Turtle of a large graph, streamed by pyoxigraph in the sorted order given."""
    prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    pyoxigraph.serialize(triples, target, pyoxigraph.RdfFormat.TURTLE, prefixes=prefixes)


def read_triples(path: Path) -> Iterator[pyoxigraph.Triple]:
    """The triples of an N-Triples file, read as a stream."""
    for quad in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.N_TRIPLES):
        yield quad if isinstance(quad, pyoxigraph.Triple) else quad.triple


def write_merged_lines(path: Path, runs: Iterable[tuple[list[str], str | None]]) -> int:
    """Write the sorted union of runs of N-Triples lines to `path`, one per line; returns the count.

    A run is (lines, graph): a graph IRI turns its lines into N-Quads as they are written. The bytes are
    those of joining `sorted(set(all lines))`, written as they come; appending ` <graph>` keeps a run's
    order, since where two lines first differ both continue with a space or the ` .` ending. A run that
    is not sorted is sorted first, so that the output never depends on how a run was made.
    """
    def ordered(lines: list[str], graph: str | None) -> Iterator[str]:
        if not all(a <= b for a, b in itertools.pairwise(lines)):
            lines = sorted(lines)
        suffix = f" <{graph}> ." if graph else None
        return iter(lines) if suffix is None else (line[:-2] + suffix for line in lines)

    count = 0
    previous: str | None = None
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for line in heapq.merge(*(ordered(lines, graph) for lines, graph in runs)):
            if line != previous:
                out.write(line)
                out.write("\n")
                count += 1
                previous = line
    return count


def parse_triples(data: bytes, format_: pyoxigraph.RdfFormat) -> list[pyoxigraph.Triple]:
    return [item if isinstance(item, pyoxigraph.Triple) else item.triple
            for item in pyoxigraph.parse(data, format_)]


def write_json(path: Path, value: object) -> None:
    path.write_text(json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for line in handle if line.strip())
