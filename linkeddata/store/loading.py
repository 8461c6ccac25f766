"""Loading RDF files into an embedded pyoxigraph store, and opening it read-only for serving.

Building (`build_store`) loads N-Quads/TriG/Turtle files with their named graphs, and materialises the
default graph as the union of all named graphs, so that FROM, FROM NAMED and the protocol's
default-graph-uri keep their standard meaning while a plain query sees every article graph.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from linkeddata.formats import FORMATS, Kind

log = logging.getLogger(__name__)
STORE_INFO = "linkeddata-store.json"  # written next to RocksDB's files, which RocksDB leaves alone



def source_format(path: Path) -> ox.RdfFormat:
    """The pyoxigraph format of a data file, from its extension (per the one format table)."""
    suffix = path.suffix.lower().lstrip(".")
    for fmt in FORMATS:
        if fmt.extension == suffix and fmt.oxigraph and (Kind.GRAPH in fmt.kinds or Kind.DATASET in fmt.kinds):
            return getattr(ox.RdfFormat, fmt.oxigraph)
    known = ", ".join(f".{f.extension}" for f in FORMATS if f.oxigraph and Kind.RESULTS not in f.kinds)
    raise ValueError(f"{path}: cannot tell its RDF format from the extension; use one of {known}")


def _version(files: Sequence[Path]) -> str:
    """SHA-256 of the sources' bytes, one after the other: it changes exactly when the data does."""
    digest = hashlib.sha256()
    for path in files:
        with Path(path).open("rb") as stream:
            for chunk in iter(lambda: stream.read(1 << 20), b""):
                digest.update(chunk)
    return digest.hexdigest()


def _fingerprint(files: Sequence[Path], store_dir: Path) -> list[list[Any]]:
    """(path, size, mtime) of each source; a path beside the store is kept relative to the folder holding
    both, so that a build folder, renamed into place after the store was made, still matches it."""
    home = Path(store_dir).resolve().parent
    fingerprint = []
    for path in files:
        resolved = path.resolve()
        shown = str(resolved.relative_to(home)) if resolved.is_relative_to(home) else str(resolved)
        fingerprint.append([shown, path.stat().st_size, path.stat().st_mtime_ns])
    return fingerprint


@dataclass(frozen=True)
class StoreInfo:
    """What `build_store` records about a store; `version` changes exactly when the data does."""

    statements: int  # quads read from the sources (named graphs and any default-graph triples)
    union_triples: int  # distinct triples of the default graph, the union of the named graphs
    graphs: int  # named graphs
    version: str  # SHA-256 of the sources' bytes
    sources: tuple[str, ...]
    fingerprint: tuple[tuple[Any, ...], ...] = ()  # (path, size, mtime) of each source, to notice edits
    built: str = ""

    @classmethod
    def read(cls, store_dir: Path) -> StoreInfo:
        path = store_dir / STORE_INFO
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            data["sources"] = tuple(data["sources"])
            data["fingerprint"] = tuple(tuple(item) for item in data.get("fingerprint", ()))
            return cls(**data)
        except (ValueError, TypeError, KeyError) as error:
            raise ValueError(f"{path}: not a valid store description ({error!r})") from None


def _count(store: ox.Store, query: str) -> int:
    solution = next(iter(store.query(query)))
    return int(solution["n"].value)


def build_store(dataset_files: Sequence[Path], store_dir: Path, *, base_iri: str | None = None,
                union: Path | None = None, graphs: Sequence[tuple[str, Path]] = ()) -> int:
    """Bulk-load RDF files into a new pyoxigraph store at `store_dir`; returns the number of statements.

    Quad formats (N-Quads, TriG) keep their graphs; the triples of a triple format (Turtle,
    N-Triples, RDF/XML) go into a named graph named after the file's `file:` IRI. The default graph
    is then filled with the union of all named graphs, read from `union` (N-Triples) where the caller
    has it already, as a build does in `dataset.nt`. Each of `graphs` (graph IRI, Turtle file: the
    ontology and the shapes) is then added as a named graph of its own and to the union. The store is
    built beside `store_dir` and moved into place when complete, so a reader never sees half a store.
    """
    files = [Path(f) for f in dataset_files]
    formats = [source_format(f) for f in files]
    for path in files:
        if not path.is_file():
            raise FileNotFoundError(f"{path}: no such data file")
    store_dir = Path(store_dir)
    store_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = store_dir.with_name(f".{store_dir.name}.building-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    store = ox.Store(str(staging))
    for path, fmt in zip(files, formats, strict=True):
        file_iri = path.resolve().as_uri()
        graph = None if fmt.supports_datasets else ox.NamedNode(file_iri)
        store.bulk_load(path=str(path), format=fmt, base_iri=base_iri or file_iri, to_graph=graph)
    statements = len(store)  # every quad read, named graphs and default graph alike
    if union is not None:
        store.bulk_load(path=str(union), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    else:
        # The union goes through an N-Triples file so that the copy stays in Rust (seconds at 1M triples).
        with tempfile.NamedTemporaryFile(suffix=".nt", dir=staging.parent, prefix=f".{store_dir.name}.") as made:
            store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }").serialize(
                made.name, format=ox.RdfFormat.N_TRIPLES
            )
            store.bulk_load(path=made.name, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    statements += _add_graphs(store, graphs)
    graph_count = sum(1 for _ in store.named_graphs())
    union_triples = _count(store, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
    store.flush()
    del store  # closed: see _finish
    _finish(staging, store_dir, files, StoreInfo(statements, union_triples, graph_count,
                                                 _version([*files, *(path for _, path in graphs)]),
                                                 tuple(str(p) for p in files)))
    return statements


def _add_graphs(store: ox.Store, graphs: Sequence[tuple[str, Path]]) -> int:
    """Add each (graph IRI, file) as a named graph and to the union default graph; returns the quads added
    to the named graphs. The file is parsed once and each triple added to both graphs, so that its blank
    nodes (the shapes have many) are the same nodes in both, and withdrawing the graph finds them again."""
    added = 0
    for iri, path in graphs:
        name = ox.NamedNode(iri)
        # The parser names blank nodes at random: renamed in order of appearance, the same file gives the
        # same quads in every build, so that a patched store equals a whole one.
        prefix = hashlib.sha256(iri.encode()).hexdigest()[:12]
        renamed: dict[ox.BlankNode, ox.BlankNode] = {}

        def stable(term, renamed=renamed, prefix=prefix):  # type: ignore[no-untyped-def]
            if isinstance(term, ox.BlankNode):
                return renamed.setdefault(term, ox.BlankNode(f"b{prefix}n{len(renamed)}"))
            return term

        for triple in ox.parse(path=str(path), format=source_format(path), base_iri=iri):
            subject, predicate, value = stable(triple.subject), triple.predicate, stable(triple.object)
            store.add(ox.Quad(subject, predicate, value, name))
            store.add(ox.Quad(subject, predicate, value, ox.DefaultGraph()))
        added += sum(1 for _ in store.quads_for_pattern(None, None, None, name))
    return added


def _finish(staging: Path, store_dir: Path, files: Sequence[Path], info: StoreInfo) -> None:
    """Record `info` (with the sources' fingerprint) beside the closed store at `staging` and move it into
    place. The store must be closed first: RocksDB writes into its folder from background threads (a
    compaction after the last flush), and a folder moved under them makes that fail, then sleep a second."""
    info = replace(info, fingerprint=tuple(tuple(item) for item in _fingerprint(files, store_dir)),
                   built=datetime.now(UTC).isoformat(timespec="seconds"))
    (staging / STORE_INFO).write_text(json.dumps(asdict(info), indent=2) + "\n", encoding="utf-8")
    if store_dir.exists():
        shutil.rmtree(store_dir)
    staging.rename(store_dir)


class StaleStore(Exception):
    """An earlier store cannot be patched into the new one (missing, damaged, or not what it claims)."""


def patch_store(previous_dir: Path, store_dir: Path, sources: Sequence[Path], *, withdrawn: Iterable[str],
                added: Sequence[tuple[str, Path]], statements: int, union_triples: int,
                graphs: Sequence[tuple[str, Path]] = ()) -> int:
    """What `build_store(sources, store_dir, union=...)` makes, made from the store of an earlier build.

    The earlier store is copied (RocksDB's checkpoint: hard links to its immutable files, so it costs
    almost nothing and leaves the original as it was), the `withdrawn` graphs are dropped with those of
    their triples that no other graph holds from the union default graph, and each `added` (graph IRI,
    Turtle file) is loaded into its graph and the union. The caller's counts of the new sources are
    checked against the result: on any mismatch, StaleStore, and the caller builds the store whole.
    `graphs` (the ontology and the shapes) are replaced whole, as `build_store` adds them.
    """
    store_dir = Path(store_dir)
    staging = store_dir.with_name(f".{store_dir.name}.patching-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        StoreInfo.read(previous_dir)
        open_read_only(previous_dir).backup(str(staging))
    except (OSError, RuntimeError, ValueError) as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise StaleStore(f"{previous_dir}: {error}") from None
    try:
        store = ox.Store(str(staging))
        _replace_graphs(store, [iri for iri, _ in graphs], ())
        graph_count = _replace_graphs(store, withdrawn, added)
        if len(store) != statements + union_triples:
            raise ValueError("patched, it holds other quads than the new dataset")
        statements += _add_graphs(store, graphs)
        graph_count += len(graphs)
        union_triples = len(store) - statements
    except (OSError, RuntimeError, SyntaxError, ValueError) as error:
        shutil.rmtree(staging, ignore_errors=True)  # RocksDB keeps no lock that stops this on Linux
        raise StaleStore(f"{previous_dir}: {error}") from None
    store.flush()
    del store  # closed: see _finish
    _finish(staging, store_dir, sources, StoreInfo(statements, union_triples, graph_count,
                                                   _version([*sources, *(path for _, path in graphs)]),
                                                   tuple(str(p) for p in sources)))
    return statements


def _replace_graphs(store: ox.Store, withdrawn: Iterable[str], added: Sequence[tuple[str, Path]]) -> int:
    """Drop the `withdrawn` graphs, with their triples that no other graph holds from the union default
    graph, and load each `added` (graph IRI, file) into its graph and the union; returns the graph count."""
    default = ox.DefaultGraph()
    dropped: set[ox.Triple] = set()
    for iri in withdrawn:
        graph = ox.NamedNode(iri)
        dropped.update(quad.triple for quad in store.quads_for_pattern(None, None, None, graph))
        store.remove_graph(graph)
    for triple in dropped:
        held = store.quads_for_pattern(triple.subject, triple.predicate, triple.object)
        if not any(not isinstance(quad.graph_name, ox.DefaultGraph) for quad in held):
            store.remove(ox.Quad(triple.subject, triple.predicate, triple.object, default))
    for iri, path in added:
        for graph in (ox.NamedNode(iri), default):
            store.load(path=str(path), format=source_format(path), base_iri=path.resolve().as_uri(), to_graph=graph)
    return sum(1 for _ in store.named_graphs())


def is_current(store_dir: Path, sources: Sequence[Path]) -> bool:
    """Whether `store_dir` holds a complete store built from `sources` as they are now."""
    try:
        info = StoreInfo.read(store_dir)
    except (OSError, ValueError, TypeError, KeyError):
        return False
    current = tuple(tuple(item) for item in _fingerprint(sources, store_dir))
    return info.fingerprint == current


def ensure_store(sources: Sequence[Path], store_dir: Path, *, base_iri: str | None = None,
                 graphs: Sequence[tuple[str, Path]] = ()) -> Path:
    """`store_dir`, (re)built from `sources` (and `graphs`, as `build_store` takes them) unless it already
    holds them."""
    if not is_current(store_dir, sources):
        log.info("loading %s into %s", ", ".join(map(str, sources)), store_dir)
        build_store(sources, store_dir, base_iri=base_iri, graphs=graphs)
    return store_dir


def cache_dir_for(sources: Sequence[Path]) -> Path:
    """A store location for loose data files, stable across restarts of the server."""
    key = hashlib.sha256(json.dumps(sorted(str(p.resolve()) for p in sources)).encode()).hexdigest()[:16]
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "linkeddata" / "stores"
    return root / key


def open_read_only(store_dir: Path) -> ox.Store:
    """The store for serving: several processes may open it at once, and none can write to it."""
    return ox.Store.read_only(str(store_dir))


