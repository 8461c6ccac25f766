"""The embedded pyoxigraph store: bulk loading, read-only opening, and query evaluation that can be stopped.

Building (`build_store`) loads N-Quads/TriG/Turtle files with their named graphs, and materialises the
default graph as the union of all named graphs, so that FROM, FROM NAMED and the protocol's
default-graph-uri keep their standard meaning while a plain query sees every article graph.

Serving opens the store read-only. Queries run in child processes (`QueryPool`): pyoxigraph cannot
cancel a query, so a query that outlives its deadline is stopped by killing its process, which frees
the web worker at once. The children also have no network (their own network namespace where the
kernel allows it), on top of the refusal of SERVICE before evaluation.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import io
import itertools
import json
import logging
import os
import pickle
import queue
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from abc import ABC, abstractmethod
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

import pyoxigraph as ox

from linkeddata.formats import FORMATS, Format, Kind, NotAcceptable, from_parameter, negotiate, offers

log = logging.getLogger(__name__)

STORE_INFO = "linkeddata-store.json"  # written next to RocksDB's files, which RocksDB leaves alone
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


# --------------------------------------------------------------------------------------------- building


def source_format(path: Path) -> ox.RdfFormat:
    """The pyoxigraph format of a data file, from its extension (per the one format table)."""
    suffix = path.suffix.lower().lstrip(".")
    for fmt in FORMATS:
        if fmt.extension == suffix and fmt.oxigraph and (Kind.GRAPH in fmt.kinds or Kind.DATASET in fmt.kinds):
            return getattr(ox.RdfFormat, fmt.oxigraph)
    known = ", ".join(f".{f.extension}" for f in FORMATS if f.oxigraph and Kind.RESULTS not in f.kinds)
    raise ValueError(f"{path}: cannot tell its RDF format from the extension; use one of {known}")


def _fingerprint(files: Sequence[Path]) -> list[list[Any]]:
    return [[str(p.resolve()), p.stat().st_size, p.stat().st_mtime_ns] for p in files]


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


def build_store(dataset_files: Sequence[Path], store_dir: Path, *, base_iri: str | None = None) -> int:
    """Bulk-load RDF files into a new pyoxigraph store at `store_dir`; returns the number of statements.

    Quad formats (N-Quads, TriG) keep their graphs; the triples of a triple format (Turtle,
    N-Triples, RDF/XML) go into a named graph named after the file's `file:` IRI. The default graph
    is then filled with the union of all named graphs. The store is built beside `store_dir` and
    moved into place when complete, so a reader never sees half a store.
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
    digest = hashlib.sha256()
    store = ox.Store(str(staging))
    for path, fmt in zip(files, formats, strict=True):
        file_iri = path.resolve().as_uri()
        graph = None if fmt.supports_datasets else ox.NamedNode(file_iri)
        store.bulk_load(path=str(path), format=fmt, base_iri=base_iri or file_iri, to_graph=graph)
        with path.open("rb") as stream:
            for chunk in iter(lambda: stream.read(1 << 20), b""):
                digest.update(chunk)
    statements = _count(store, "SELECT (COUNT(*) AS ?n) { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }")
    # The union goes through an N-Triples file so that the copy stays in Rust (seconds at 1M triples).
    with tempfile.NamedTemporaryFile(suffix=".nt", dir=staging.parent, prefix=f".{store_dir.name}.") as union:
        store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }").serialize(
            union.name, format=ox.RdfFormat.N_TRIPLES
        )
        store.bulk_load(path=union.name, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    info = StoreInfo(
        statements=statements,
        union_triples=_count(store, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"),
        graphs=_count(store, "SELECT (COUNT(DISTINCT ?g) AS ?n) { GRAPH ?g { ?s ?p ?o } }"),
        version=digest.hexdigest(),
        sources=tuple(str(p) for p in files),
        fingerprint=tuple(tuple(item) for item in _fingerprint(files)),
        built=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    store.flush()
    del store
    (staging / STORE_INFO).write_text(json.dumps(asdict(info), indent=2) + "\n", encoding="utf-8")
    if store_dir.exists():
        shutil.rmtree(store_dir)
    staging.rename(store_dir)
    return statements


def is_current(store_dir: Path, sources: Sequence[Path]) -> bool:
    """Whether `store_dir` holds a complete store built from `sources` as they are now."""
    try:
        info = StoreInfo.read(store_dir)
    except (OSError, ValueError, TypeError, KeyError):
        return False
    current = tuple(tuple(item) for item in _fingerprint(sources))
    return info.fingerprint == current


def ensure_store(sources: Sequence[Path], store_dir: Path, *, base_iri: str | None = None) -> Path:
    """`store_dir`, (re)built from `sources` unless it already holds them."""
    if not is_current(store_dir, sources):
        log.info("loading %s into %s", ", ".join(map(str, sources)), store_dir)
        build_store(sources, store_dir, base_iri=base_iri)
    return store_dir


def cache_dir_for(sources: Sequence[Path]) -> Path:
    """A store location for loose data files, stable across restarts of the server."""
    key = hashlib.sha256(json.dumps(sorted(str(p.resolve()) for p in sources)).encode()).hexdigest()[:16]
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "linkeddata" / "stores"
    return root / key


def open_read_only(store_dir: Path) -> ox.Store:
    """The store for serving: several processes may open it at once, and none can write to it."""
    return ox.Store.read_only(str(store_dir))


# ---------------------------------------------------------------------------------------------- refusal

_CODEPOINT_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# What cannot hide a keyword: strings (the grammar's four forms, exactly), IRIs and comments.
_INERT = re.compile(
    r'"""(?:(?:"|"")?(?:[^"\\]|\\.))*"""'
    r"|'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r"|<[^<>\"{}|^`\\\x00-\x20]*>"
    r"|#[^\n\r]*",
    re.DOTALL,
)
# A keyword is harmless inside a variable name or the local part of a prefixed name, when only
# name characters precede it there (a dot or an escape could end the name early).
_NAME_PREFIX = r"(?:[?$]|[A-Za-z0-9_\u00b7\u00c0-\uffff.-]*:)[A-Za-z0-9_\u00b7\u00c0-\uffff-]*"
_SERVICE = re.compile("service", re.IGNORECASE)
_IN_NAME = re.compile(rf"{_NAME_PREFIX}$")
_PROLOGUE = re.compile(r"\s*(?:BASE\s*|PREFIX\s+[^\s:]*:\s*)", re.IGNORECASE)
_UPDATE_KEYWORD = re.compile(r"(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE)


def _unescape_codepoints(text: str) -> str:
    def decode(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code < 0x110000 else match.group(0)

    return _CODEPOINT_ESCAPE.sub(decode, text)


def _code_only(text: str) -> str:
    """The query with strings, IRIs and comments blanked out (replaced by spaces, which join nothing)."""
    return _INERT.sub(" ", _unescape_codepoints(text))


def refusal(text: str) -> str | None:
    """Why this endpoint will not run `text`, or None. Errs on the side of refusing."""
    code = _code_only(text)
    rest = code
    while match := _PROLOGUE.match(rest):
        rest = rest[match.end() :]
    if _UPDATE_KEYWORD.match(rest.lstrip()):
        return ("This is a SPARQL Update request (INSERT, DELETE, LOAD, CLEAR...). The endpoint is read-only: "
                "it answers queries only.")
    for match in _SERVICE.finditer(code):
        if not _IN_NAME.search(code, 0, match.start()):
            return ("SERVICE (federated query) is not available here: the endpoint never fetches data from the "
                    "network. Query the other endpoint directly.")
    return None


# ---------------------------------------------------------------------------------------------- queries


class QueryForm(StrEnum):
    SELECT = "select"
    ASK = "ask"
    GRAPH = "graph"  # CONSTRUCT and DESCRIBE


class Outcome(StrEnum):
    OK = "ok"
    MALFORMED = "malformed"  # the parser's message, for a 400
    REFUSED = "refused"  # update, LOAD, SERVICE: 403
    NOT_ACCEPTABLE = "not_acceptable"  # 406
    FAILED = "failed"  # the store failed: 500


@dataclass(frozen=True)
class QueryRequest:
    """Everything a query process needs; the negotiation happens there, once the query form is known."""

    text: str
    default_graph_uris: tuple[str, ...] = ()
    named_graph_uris: tuple[str, ...] = ()
    accept: str | None = None
    format_parameter: str | None = None
    limit: int = 10_000
    base_iri: str | None = None
    html: bool = True  # offer an HTML table to browsers
    prefixes: tuple[tuple[str, str], ...] = ()  # for Turtle, TriG and RDF/XML answers


# A table cell for HTML: (kind, value, annotation); kind is "uri", "literal", "bnode" or "triple", and
# the annotation is "@lang" or a datatype IRI for literals.
Cell = tuple[str, str, str]


@dataclass
class QueryReply:
    outcome: Outcome
    message: str = ""
    form: QueryForm | None = None
    format_name: str | None = None
    body: bytes = b""
    count: int = 0  # solutions or triples sent
    truncated: bool = False
    boolean: bool | None = None
    columns: list[str] = field(default_factory=list)  # HTML only
    rows: list[list[Cell | None]] = field(default_factory=list)  # HTML only
    offered: list[str] = field(default_factory=list)  # media types, for a 406


def _form_of(result: object) -> QueryForm:
    if isinstance(result, ox.QuerySolutions):
        return QueryForm.SELECT
    if isinstance(result, ox.QueryBoolean):
        return QueryForm.ASK
    return QueryForm.GRAPH


def _choose_format(request: QueryRequest, form: QueryForm) -> Format:
    kind = Kind.GRAPH if form is QueryForm.GRAPH else Kind.RESULTS
    candidates = offers(kind, html=request.html)
    if request.format_parameter:
        chosen = from_parameter(request.format_parameter, kind)
        if chosen is None or chosen not in candidates:
            raise NotAcceptable(f"format={request.format_parameter}", candidates)
        return chosen
    return negotiate(request.accept, candidates)


def run_query(store: ox.Store, request: QueryRequest) -> QueryReply:
    """Evaluate a query in this process and serialise the answer (no time limit: see `QueryPool`)."""
    reason = refusal(request.text)
    if reason:
        return QueryReply(Outcome.REFUSED, reason)
    dataset: dict[str, Any] = {}
    try:
        if request.default_graph_uris or request.named_graph_uris:
            # The protocol's dataset replaces the query's FROM / FROM NAMED entirely (SPARQL 1.1 Protocol 2.1.4).
            dataset = {
                "default_graph": [ox.NamedNode(iri) for iri in request.default_graph_uris],
                "named_graphs": [ox.NamedNode(iri) for iri in request.named_graph_uris],
            }
    except ValueError as error:
        return QueryReply(Outcome.MALFORMED, f"Malformed default-graph-uri or named-graph-uri: {error}")
    try:
        result = store.query(request.text, base_iri=request.base_iri, **dataset)
    except SyntaxError as error:
        return QueryReply(Outcome.MALFORMED, f"Malformed query: {error}")
    form = _form_of(result)
    try:
        fmt = _choose_format(request, form)
    except NotAcceptable as refused:
        return QueryReply(Outcome.NOT_ACCEPTABLE, str(refused), form=form,
                          offered=[f.media_type for f in refused.offered])
    reply = QueryReply(Outcome.OK, form=form, format_name=fmt.name)
    try:
        if isinstance(result, ox.QueryBoolean):
            _answer_boolean(result, fmt, reply)
        elif isinstance(result, ox.QuerySolutions):
            _answer_solutions(result, fmt, request.limit, reply)
        else:
            _answer_triples(result, fmt, request, reply)
    except OSError as error:  # raised by the store while the lazy evaluation reads it
        return QueryReply(Outcome.FAILED, f"The store failed while evaluating the query: {error}")
    return reply


def _answer_boolean(result: ox.QueryBoolean, fmt: Format, reply: QueryReply) -> None:
    reply.boolean = bool(result)
    reply.count = 1
    if fmt.name != "html":
        reply.body = result.serialize(format=getattr(ox.QueryResultsFormat, fmt.oxigraph or "JSON"))


def _take(iterator: Iterable[Any], limit: int) -> tuple[list[Any], bool]:
    taken: list[Any] = []
    for item in iterator:
        if len(taken) == limit:
            return taken, True
        taken.append(item)
    return taken, False


def _answer_solutions(result: ox.QuerySolutions, fmt: Format, limit: int, reply: QueryReply) -> None:
    names = [variable.value for variable in result.variables]
    solutions, reply.truncated = _take(result, limit)
    reply.count = len(solutions)
    rows = [list(solution) for solution in solutions]
    if fmt.name == "html":
        reply.columns = names
        reply.rows = [[_cell(term) for term in row] for row in rows]
    else:
        reply.body = RESULT_WRITERS[fmt.name](names, rows)


def _answer_triples(result: ox.QueryTriples, fmt: Format, request: QueryRequest, reply: QueryReply) -> None:
    triples, reply.truncated = _take(result, request.limit)
    reply.count = len(triples)
    if fmt.name == "html":
        reply.columns = ["subject", "predicate", "object"]
        reply.rows = [[_cell(t.subject), _cell(t.predicate), _cell(t.object)] for t in triples]
        return
    rdf_format = getattr(ox.RdfFormat, fmt.oxigraph or "TURTLE")
    statements: list[Any] = triples
    if rdf_format.supports_datasets and rdf_format is not ox.RdfFormat.JSON_LD:
        statements = [ox.Quad(t.subject, t.predicate, t.object) for t in triples]
    prefixes = dict(request.prefixes) if rdf_format in _PREFIXED else None
    reply.body = ox.serialize(statements, format=rdf_format, prefixes=prefixes)


_PREFIXED = (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML)


def _cell(term: Any) -> Cell | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return ("uri", term.value, "")
    if isinstance(term, ox.Literal):
        annotation = f"@{term.language}" if term.language else term.datatype.value
        return ("literal", term.value, "" if annotation == XSD_STRING else annotation)
    if isinstance(term, ox.BlankNode):
        return ("bnode", term.value, "")
    return ("triple", str(term), "")


# -------------------------------------------------------------------- SPARQL results, written by hand
# pyoxigraph cannot serialise a prefix of a solution sequence, and capped results need exactly that.


def _json_term(term: Any) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.Literal):
        value: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            value["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            value["datatype"] = term.datatype.value
        return value
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    return {"type": "triple", "value": {"subject": _json_term(term.subject), "predicate": _json_term(term.predicate),
                                        "object": _json_term(term.object)}}


def write_json(names: list[str], rows: list[list[Any]]) -> bytes:
    bindings = [{name: _json_term(term) for name, term in zip(names, row, strict=True) if term is not None}
                for row in rows]
    return json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}},
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _xml_term(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{xml_escape(term.value)}</uri>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{xml_escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{xml_escape(term.value)}</literal>"
        return f"<literal>{xml_escape(term.value)}</literal>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{xml_escape(term.value)}</bnode>"
    return (f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}"
            f"</predicate><object>{_xml_term(term.object)}</object></triple>")


def write_xml(names: list[str], rows: list[list[Any]]) -> bytes:
    parts = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
    parts.extend(f"<variable name={quoteattr(name)}/>" for name in names)
    parts.append("</head>\n<results>\n")
    for row in rows:
        parts.append("<result>")
        parts.extend(f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>"
                     for name, term in zip(names, row, strict=True) if term is not None)
        parts.append("</result>\n")
    parts.append("</results>\n</sparql>\n")
    return "".join(parts).encode("utf-8")


def _csv_field(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        text = f"_:{term.value}"
    elif isinstance(term, ox.NamedNode | ox.Literal):
        text = term.value
    else:
        text = str(term)
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def write_csv(names: list[str], rows: list[list[Any]]) -> bytes:
    lines = [",".join(names)]
    lines.extend(",".join(_csv_field(term) for term in row) for row in rows)
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def write_tsv(names: list[str], rows: list[list[Any]]) -> bytes:
    # str() of a pyoxigraph term is its N-Triples form, which already escapes tabs and newlines.
    lines = ["\t".join(f"?{name}" for name in names)]
    lines.extend("\t".join("" if term is None else str(term) for term in row) for row in rows)
    return ("\n".join(lines) + "\n").encode("utf-8")


RESULT_WRITERS = {"json": write_json, "xml": write_xml, "csv": write_csv, "tsv": write_tsv}
assert set(RESULT_WRITERS) == {f.name for f in offers(Kind.RESULTS, html=False)}


# ------------------------------------------------------------------------------ query processes


class QueryTimeout(Exception):
    """The query ran past its time limit and its process was stopped."""


class QueryProcessFailed(Exception):
    """A query process ended or answered nonsense; the query was not answered."""


class QueryCrashed(QueryProcessFailed):
    """The query process died of a signal while evaluating the query: the query is beyond the evaluator,
    in practice nested or chained so deeply that the parser's recursion overflows even `QUERY_STACK_BYTES`."""


# The parser and the evaluator recurse once per level of nesting (and per link of a UNION, OPTIONAL,
# FILTER or || chain): at the 8 MB of a main thread, 10,000 levels crash the process. Queries run on a
# thread with this much stack instead; only what a query uses is ever touched.
QUERY_STACK_BYTES = 256 << 20


_HEADER = struct.Struct(">Q")
_CHILD_COMMAND = "import sys; from linkeddata.store import _child_main; sys.exit(_child_main(sys.argv[1:]))"


def _signal_name(number: int) -> str:
    return signal.strsignal(number) or f"signal {number}"


def _send(stream: IO[bytes], message: object) -> None:
    payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(payload)) + payload)
    stream.flush()


def _receive_blocking(stream: IO[bytes]) -> Any:
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        return None
    (size,) = _HEADER.unpack(header)
    return pickle.loads(stream.read(size))  # our own parent wrote it, never a client


class QueryProcess:
    """One child process holding the store open read-only, answering one query at a time."""

    def __init__(self, store_dir: Path, *, start_timeout: float = 120.0) -> None:
        self.store_dir = Path(store_dir)
        self.start_timeout = start_timeout
        self._child: subprocess.Popen[bytes] | None = None
        self._owner = os.getpid()

    @property
    def running(self) -> bool:
        return self._child is not None and self._child.poll() is None and self._owner == os.getpid()

    def start(self) -> None:
        if self._owner != os.getpid():
            # Inherited through fork (gunicorn forks its workers): the child is the parent's to manage.
            self._child, self._owner = None, os.getpid()
        if self.running:
            return
        self._child = subprocess.Popen(
            # Imported by name (not run as __main__) so that pickled replies name linkeddata.store's classes.
            [sys.executable, "-c", _CHILD_COMMAND, "--serve-queries", str(self.store_dir)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, close_fds=True,
        )
        try:
            ready = self._read(time.monotonic() + self.start_timeout)
        except QueryTimeout:
            ready = f"no answer within {self.start_timeout:g} s"
        if ready != "ready":
            self.stop()
            raise QueryProcessFailed(f"the query process could not open the store at {self.store_dir}: {ready}")

    def stop(self) -> int | None:
        """Kill the child (if it still runs) and return its exit status (negative: the signal it died of)."""
        child, self._child = self._child, None
        if child is None or self._owner != os.getpid():
            return None
        child.kill()  # a child that already died keeps the status it died with
        status = child.wait()
        for stream in (child.stdin, child.stdout):
            if stream:
                stream.close()
        return status

    def run(self, request: QueryRequest, deadline: float) -> QueryReply:
        """The reply, or QueryTimeout once `deadline` (a `time.monotonic()` value) has passed."""
        self.start()
        assert self._child is not None and self._child.stdin is not None
        try:
            _send(self._child.stdin, request)
        except BrokenPipeError as error:
            self.stop()
            raise QueryProcessFailed("the query process had ended") from error
        reply = self._read(deadline)
        if not isinstance(reply, QueryReply):
            self.stop()
            raise QueryProcessFailed(f"the query process answered {reply!r}")
        return reply

    def _read(self, deadline: float) -> Any:
        assert self._child is not None and self._child.stdout is not None
        fd = self._child.stdout.fileno()
        header = self._read_exactly(fd, _HEADER.size, deadline)
        (size,) = _HEADER.unpack(header)
        return pickle.loads(self._read_exactly(fd, size, deadline))  # our own child wrote it, never a client

    def _read_exactly(self, fd: int, size: int, deadline: float) -> bytes:
        chunks: list[bytes] = []
        remaining = size
        while remaining:
            wait = deadline - time.monotonic()
            ready = select.select([fd], [], [], max(wait, 0))[0] if wait > 0 else []
            if not ready:
                self.stop()  # the only way to stop a running pyoxigraph query
                raise QueryTimeout
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                status = self.stop()
                if status is not None and status < 0:
                    # Not our kill (that comes after the end of its output): the query made it crash.
                    raise QueryCrashed(f"the query process died while answering: {_signal_name(-status)}")
                raise QueryProcessFailed("the query process ended while answering")
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)


class QueryPool:
    """`size` query processes; a query waits for a free one, within its own time limit."""

    def __init__(self, store_dir: Path, *, size: int = 1, timeout: float = 10.0) -> None:
        self.store_dir = Path(store_dir)
        self.timeout = timeout
        self._processes = [QueryProcess(self.store_dir) for _ in range(size)]
        self._idle: queue.LifoQueue[QueryProcess] = queue.LifoQueue()
        for process in self._processes:
            self._idle.put(process)
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start every process now rather than at its first query."""
        for process in self._processes:
            process.start()

    def run(self, request: QueryRequest, timeout: float | None = None) -> QueryReply:
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        try:
            process = self._idle.get(timeout=max(deadline - time.monotonic(), 0))
        except queue.Empty:
            raise QueryTimeout from None
        try:
            # Starting a process after a timeout is not the next query's fault: it gets its full time.
            if not process.running:
                process.start()
                deadline = max(deadline, time.monotonic() + (self.timeout if timeout is None else timeout))
            return process.run(request, deadline)
        finally:
            self._idle.put(process)

    def close(self) -> None:
        for process in self._processes:
            process.stop()


def _isolate_from_network() -> bool:
    """Enter an empty network namespace (no interface but a down loopback); False if the kernel says no."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    clone_newnet, clone_newuser = 0x40000000, 0x10000000
    return libc.unshare(clone_newnet) == 0 or libc.unshare(clone_newuser | clone_newnet) == 0


def _die_with_parent() -> None:
    if sys.platform.startswith("linux"):
        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)


def serve_queries(store_dir: Path, requests: IO[bytes], replies: IO[bytes]) -> None:
    """The loop of a query process: one pickled QueryRequest in, one QueryReply out, until EOF."""
    try:
        store = open_read_only(store_dir)
    except (OSError, RuntimeError) as error:  # RocksDB reports a damaged store as a RuntimeError
        _send(replies, f"{error}")
        return
    _send(replies, "ready")
    while (request := _receive_blocking(requests)) is not None:
        _send(replies, _on_deep_stack(store, request))


def _answer(store: ox.Store, request: QueryRequest) -> QueryReply:
    try:
        return run_query(store, request)
    except Exception:  # a bug: logged here, reported as a server fault (500), the process lives on
        traceback.print_exc()
        return QueryReply(Outcome.FAILED, "The query could not be answered because of an internal error.")


def _on_deep_stack(store: ox.Store, request: QueryRequest) -> QueryReply:
    """`_answer` on a thread of its own with QUERY_STACK_BYTES of stack, freed when the query is done."""
    replies: list[QueryReply] = []
    try:
        threading.stack_size(QUERY_STACK_BYTES)
        worker = threading.Thread(target=lambda: replies.append(_answer(store, request)), name="query")
        worker.start()
    except (RuntimeError, ValueError, MemoryError):  # no room for such a stack here: the main thread's will do
        return _answer(store, request)
    worker.join()
    return replies[0]


def _child_main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] != "--serve-queries":
        print("usage: python -m linkeddata.store --serve-queries STORE_DIR", file=sys.stderr)
        return 2
    _die_with_parent()
    if os.getppid() == 1:  # the parent died before prctl took effect
        return 0
    if not _isolate_from_network():
        print("linkeddata.store: no network namespace available; SERVICE is still refused", file=sys.stderr)
    # Replies own the real stdout; anything printed by accident goes to stderr instead.
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    with contextlib.suppress(KeyboardInterrupt, BrokenPipeError):
        serve_queries(Path(argv[1]), sys.stdin.buffer, replies)
    return 0




# ---------------------------------------------------------------------------------------------- backends
# The web layer reads through one backend: the endpoint's queries (`run`, with the time limit, the result
# cap and the refusals) and the resource pages' lookups (`triples`, `select`, the graphs). The embedded
# store answers in this process and its query processes; a remote store over the SPARQL 1.1 Protocol,
# holding no state between requests, so that any number of web workers or app instances share it.

Term = ox.NamedNode | ox.BlankNode | ox.Literal
TermPattern = Term | Collection[Term] | None  # one term, any of several, or anything


class StoreUnavailable(Exception):
    """The store could not be reached or would not answer; the message is safe to show (no credentials)."""


class QueryBackend(ABC):
    """Where the web layer reads."""

    @abstractmethod
    def start(self) -> None:
        """Get ready for requests (a server worker calls this once it is forked)."""

    @abstractmethod
    def close(self) -> None:
        """Let go of processes and connections."""

    @abstractmethod
    def run(self, request: QueryRequest, timeout: float | None = None) -> QueryReply:
        """A query of the endpoint; raises QueryTimeout, QueryProcessFailed or StoreUnavailable."""

    @abstractmethod
    def select(self, query: str, *, prefixes: Mapping[str, str] | None = None,
               bindings: Mapping[str, Term] | None = None) -> list[ox.QuerySolution]:
        """A fixed SELECT of the pages; `bindings` fix projected variables, values never go into the text."""

    @abstractmethod
    def triples(self, subject: TermPattern = None, predicate: TermPattern = None, obj: TermPattern = None, *,
                limit: int | None = None) -> Iterator[ox.Triple]:
        """Triples of the default graph (the union of the article graphs) matching the pattern."""

    @abstractmethod
    def graphs_of(self, subject: ox.NamedNode) -> list[str]:
        """The named graphs holding triples about `subject`, sorted."""

    @abstractmethod
    def contains_named_graph(self, graph: ox.NamedNode) -> bool: ...

    @abstractmethod
    def graph_triples(self, graph: ox.NamedNode) -> list[ox.Triple]: ...


def _alternatives(pattern: TermPattern) -> list[Term] | None:
    if pattern is None:
        return None
    if isinstance(pattern, ox.NamedNode | ox.BlankNode | ox.Literal):
        return [pattern]
    return list(pattern)


def matching(store: ox.Store, subject: TermPattern = None, predicate: TermPattern = None, obj: TermPattern = None,
             ) -> Iterator[ox.Triple]:
    """Triples of a pyoxigraph store's default graph matching a pattern of alternatives."""
    choices = [_alternatives(pattern) for pattern in (subject, predicate, obj)]
    for s, p, o in itertools.product(*([None] if terms is None else terms for terms in choices)):
        for quad in store.quads_for_pattern(s, p, o, ox.DefaultGraph()):
            yield quad.triple


class EmbeddedBackend(QueryBackend):
    """The pyoxigraph store of a build: queries in the `QueryPool`, pages on a read-only handle here."""

    def __init__(self, store_dir: Path, *, size: int = 1, timeout: float = 10.0) -> None:
        self.store_dir = Path(store_dir)
        self.pool = QueryPool(self.store_dir, size=size, timeout=timeout)
        self._store: ox.Store | None = None
        self._store_pid: int | None = None

    @property
    def store(self) -> ox.Store:
        # Opened on first use in each process: a server that forks its workers gives each its own handle.
        if self._store is None or self._store_pid != os.getpid():
            self._store = open_read_only(self.store_dir)
            self._store_pid = os.getpid()
        return self._store

    def start(self) -> None:
        self.pool.start()

    def close(self) -> None:
        self.pool.close()

    def run(self, request: QueryRequest, timeout: float | None = None) -> QueryReply:
        return self.pool.run(request, timeout)

    def select(self, query: str, *, prefixes: Mapping[str, str] | None = None,
               bindings: Mapping[str, Term] | None = None) -> list[ox.QuerySolution]:
        substitutions = {ox.Variable(name): value for name, value in (bindings or {}).items()}
        return list(self.store.query(query, prefixes=dict(prefixes or {}), substitutions=substitutions))

    def triples(self, subject: TermPattern = None, predicate: TermPattern = None, obj: TermPattern = None, *,
                limit: int | None = None) -> Iterator[ox.Triple]:
        yield from itertools.islice(matching(self.store, subject, predicate, obj), limit)

    def graphs_of(self, subject: ox.NamedNode) -> list[str]:
        return sorted({quad.graph_name.value for quad in self.store.quads_for_pattern(subject, None, None)
                       if isinstance(quad.graph_name, ox.NamedNode)})

    def contains_named_graph(self, graph: ox.NamedNode) -> bool:
        return bool(self.store.contains_named_graph(graph))

    def graph_triples(self, graph: ox.NamedNode) -> list[ox.Triple]:
        return [quad.triple for quad in self.store.quads_for_pattern(None, None, None, graph)]


# What a remote store is asked for: formats read back losslessly and as a stream, so that the cap, the
# negotiation and the serialisation are this module's, and the answers the same bytes as the embedded store's.
_REMOTE_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.5"


class _DeadlineReader(io.RawIOBase):
    """The body of a store's answer, read within a deadline (the same time limit as the embedded store)."""

    def __init__(self, answer: Any, deadline: float) -> None:
        self.answer = answer
        self.deadline = deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise QueryTimeout
        self.answer.wait_at_most(remaining)
        try:
            return int(self.answer.response.readinto(buffer))
        except TimeoutError:
            raise QueryTimeout from None


def _sparql_term(term: Term) -> str:
    """A term in SPARQL syntax: pyoxigraph's N-Triples form, which escapes whatever a value holds."""
    return str(term)


class RemoteBackend(QueryBackend):
    """A SPARQL 1.1 endpoint elsewhere (`linkeddata.remote.RemoteStore`); nothing kept between requests.

    Blank nodes cannot be named in a query to another server, so the pages follow none there (the
    builds mint IRIs for everything they publish).
    """

    def __init__(self, remote: Any, *, timeout: float = 10.0) -> None:
        from linkeddata.remote import redact

        self.remote = remote
        self.timeout = timeout
        self.where = redact(remote.query_url)

    def start(self) -> None:
        """Nothing to start: every request opens its own connection."""

    def close(self) -> None:
        """Nothing held between requests."""

    def _open(self, parameters: list[tuple[str, str]], accept: str, deadline: float) -> Any:
        from linkeddata.remote import StoreError

        try:
            return self.remote.open_query(parameters, accept, deadline - time.monotonic())
        except TimeoutError:
            raise QueryTimeout from None
        except StoreError as error:
            if error.status is None:
                raise StoreUnavailable(f"The triple store at {self.where} cannot be reached.") from None
            if error.status == 400:
                raise _StoreRefused(error.detail or "The store found the query malformed.") from None
            log.error("the store at %s answered %s: %s", self.where, error.status, error.detail[:500])
            if error.status in (401, 403, 407):
                raise StoreUnavailable(f"The triple store at {self.where} refused access (HTTP {error.status}): "
                                       "check the credentials this server was started with.") from None
            raise StoreUnavailable(f"The triple store at {self.where} failed (HTTP {error.status}).") from None

    # ---- the endpoint

    def run(self, request: QueryRequest, timeout: float | None = None) -> QueryReply:
        reason = refusal(request.text)
        if reason:
            return QueryReply(Outcome.REFUSED, reason)
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        parameters = [("query", request.text)]
        parameters += [("default-graph-uri", iri) for iri in request.default_graph_uris]
        parameters += [("named-graph-uri", iri) for iri in request.named_graph_uris]
        try:
            answer = self._open(parameters, _REMOTE_ACCEPT, deadline)
        except _StoreRefused as refused:
            return QueryReply(Outcome.MALFORMED, f"Malformed query (the store says): {refused}")
        try:
            return self._reply(request, answer, deadline)
        finally:
            answer.close()

    def _reply(self, request: QueryRequest, answer: Any, deadline: float) -> QueryReply:
        sent = next((f for f in FORMATS if f.media_type == answer.mimetype and f.oxigraph), None)
        if sent is None:
            raise StoreUnavailable(f"The triple store at {self.where} answered in a format this server does not "
                                   f"read ({answer.mimetype or 'no Content-Type'}).")
        body = io.BufferedReader(_DeadlineReader(answer, deadline), 1 << 16)
        result: Any
        if Kind.RESULTS in sent.kinds:
            result = ox.parse_query_results(body, format=getattr(ox.QueryResultsFormat, sent.oxigraph or "JSON"))
            form = QueryForm.ASK if isinstance(result, ox.QueryBoolean) else QueryForm.SELECT
        else:
            result = (quad.triple for quad in ox.parse(body, format=getattr(ox.RdfFormat, sent.oxigraph or "")))
            form = QueryForm.GRAPH
        try:
            fmt = _choose_format(request, form)
        except NotAcceptable as refused:
            return QueryReply(Outcome.NOT_ACCEPTABLE, str(refused), form=form,
                              offered=[f.media_type for f in refused.offered])
        reply = QueryReply(Outcome.OK, form=form, format_name=fmt.name)
        try:
            if form is QueryForm.ASK:
                _answer_boolean(result, fmt, reply)
            elif form is QueryForm.SELECT:
                _answer_solutions(result, fmt, request.limit, reply)
            else:
                _answer_triples(result, fmt, request, reply)
        except SyntaxError as error:
            log.error("the store at %s sent an unreadable answer: %s", self.where, error)
            raise StoreUnavailable(f"The triple store at {self.where} sent an answer that could not be read."
                                   ) from None
        except OSError as error:
            raise StoreUnavailable(f"The connection to the triple store at {self.where} failed: "
                                   f"{error.__class__.__name__}.") from None
        return reply

    # ---- the pages

    def _solutions(self, query: str) -> list[ox.QuerySolution]:
        deadline = time.monotonic() + self.timeout
        try:
            answer = self._open([("query", query)], "application/sparql-results+json", deadline)
        except _StoreRefused as refused:  # our own fixed queries: a bug, or a store that reads SPARQL otherwise
            raise StoreUnavailable(f"The triple store at {self.where} refused a query of this server: {refused}"
                                   ) from None
        try:
            body = io.BufferedReader(_DeadlineReader(answer, deadline), 1 << 16)
            result = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
            if isinstance(result, ox.QueryBoolean):
                return []
            return list(result)
        except (SyntaxError, OSError) as error:
            raise StoreUnavailable(f"The triple store at {self.where} sent an answer that could not be read "
                                   f"({error.__class__.__name__}).") from None
        finally:
            answer.close()

    def select(self, query: str, *, prefixes: Mapping[str, str] | None = None,
               bindings: Mapping[str, Term] | None = None) -> list[ox.QuerySolution]:
        prologue = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in (prefixes or {}).items())
        # A trailing VALUES clause fixes the projected variables as pyoxigraph's substitutions do.
        values = "".join(f"\nVALUES ?{ox.Variable(name).value} {{ {_sparql_term(term)} }}"
                         for name, term in (bindings or {}).items())
        return self._solutions(prologue + query + values)

    def triples(self, subject: TermPattern = None, predicate: TermPattern = None, obj: TermPattern = None, *,
                limit: int | None = None) -> Iterator[ox.Triple]:
        clauses = []
        for variable, pattern in (("s", subject), ("p", predicate), ("o", obj)):
            terms = _alternatives(pattern)
            if terms is None:
                continue
            terms = [t for t in terms if not isinstance(t, ox.BlankNode)]
            if not terms:
                return
            clauses.append(f"VALUES ?{variable} {{ {' '.join(_sparql_term(t) for t in terms)} }}")
        query = f"SELECT ?s ?p ?o WHERE {{ {' '.join(clauses)} ?s ?p ?o }}"
        if limit is not None:
            query += f" LIMIT {int(limit)}"
        for row in self._solutions(query):
            yield ox.Triple(row["s"], row["p"], row["o"])

    def graphs_of(self, subject: ox.NamedNode) -> list[str]:
        rows = self._solutions(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ {_sparql_term(subject)} ?p ?o }} }}")
        return sorted(row["g"].value for row in rows if isinstance(row["g"], ox.NamedNode))

    def contains_named_graph(self, graph: ox.NamedNode) -> bool:
        return bool(self._solutions(f"SELECT ?s WHERE {{ GRAPH {_sparql_term(graph)} {{ ?s ?p ?o }} }} LIMIT 1"))

    def graph_triples(self, graph: ox.NamedNode) -> list[ox.Triple]:
        rows = self._solutions(f"SELECT ?s ?p ?o WHERE {{ GRAPH {_sparql_term(graph)} {{ ?s ?p ?o }} }}")
        return [ox.Triple(row["s"], row["p"], row["o"]) for row in rows]


class _StoreRefused(Exception):
    """The store answered 400: the query is malformed in its eyes; the message is the store's."""
