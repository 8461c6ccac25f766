"""One query against a pyoxigraph store: its form, the negotiated answer format, the result cap."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import pyoxigraph as ox

from linkeddata.formats import Format, Kind, NotAcceptable, from_parameter, negotiate, offers
from linkeddata.store.diagnosis import explain_syntax_error, explain_unsupported
from linkeddata.store.refusal import refusal
from linkeddata.store.results import RESULT_WRITERS

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"



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


def choose_format(request: QueryRequest, form: QueryForm) -> Format:
    """The answer's format: the `format` parameter's, else the Accept header's.

    A format (named or accepted) that fits only the other family, a results format for a CONSTRUCT
    or an RDF format for a SELECT, gets this form's default format instead of a 406, as from Fuseki:
    SPARQL clients (roqet, SPARQLWrapper, rdflib's SPARQLStore) send one format for every query form.
    """
    kind = Kind.GRAPH if form is QueryForm.GRAPH else Kind.RESULTS
    other = Kind.RESULTS if kind is Kind.GRAPH else Kind.GRAPH
    candidates = offers(kind, html=request.html)
    if request.format_parameter:
        chosen = from_parameter(request.format_parameter, kind)
        if chosen is not None and chosen in candidates:
            return chosen
        if from_parameter(request.format_parameter, other) is not None:
            return candidates[0]
        raise NotAcceptable(f"format={request.format_parameter}", candidates)
    try:
        return negotiate(request.accept, candidates)
    except NotAcceptable:
        if _takes_any(request.accept, other):
            return candidates[0]
        raise


def _takes_any(accept: str | None, kind: Kind) -> bool:
    """Whether `accept` names some format of `kind` other than HTML."""
    if not accept:
        return False
    try:
        negotiate(accept, offers(kind, html=False))
    except NotAcceptable:
        return False
    return True


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
        return QueryReply(Outcome.MALFORMED, explain_syntax_error(request.text, str(error)))
    except RuntimeError as error:  # parsed, but not something this store can evaluate (an unknown function)
        unsupported = explain_unsupported(str(error))
        if unsupported is None:
            raise
        return QueryReply(Outcome.MALFORMED, unsupported)
    try:
        return reply_to(request, result, _form_of(result))
    except OSError as error:  # raised by the store while the lazy evaluation reads it
        return QueryReply(Outcome.FAILED, f"The store failed while evaluating the query: {error}")


def reply_to(request: QueryRequest, result: Any, form: QueryForm) -> QueryReply:
    """The reply to `request` from a result of `form`, in the negotiated format, capped.

    The result is read lazily here: what reading it raises (the store failing, a remote answer that
    does not parse) is the caller's to name.
    """
    try:
        fmt = choose_format(request, form)
    except NotAcceptable as refused:
        return QueryReply(Outcome.NOT_ACCEPTABLE, str(refused), form=form,
                          offered=[f.media_type for f in refused.offered])
    reply = QueryReply(Outcome.OK, form=form, format_name=fmt.name)
    if form is QueryForm.ASK:
        answer_boolean(result, fmt, reply)
    elif form is QueryForm.SELECT:
        answer_solutions(result, fmt, request.limit, reply)
    else:
        answer_triples(result, fmt, request, reply)
    return reply


def answer_boolean(result: ox.QueryBoolean, fmt: Format, reply: QueryReply) -> None:
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


def answer_solutions(result: ox.QuerySolutions, fmt: Format, limit: int, reply: QueryReply) -> None:
    names = [variable.value for variable in result.variables]
    solutions, reply.truncated = _take(result, limit)
    reply.count = len(solutions)
    rows = [list(solution) for solution in solutions]
    if fmt.name == "html":
        reply.columns = names
        reply.rows = [[_cell(term) for term in row] for row in rows]
    else:
        reply.body = RESULT_WRITERS[fmt.name](names, rows)


def answer_triples(result: ox.QueryTriples, fmt: Format, request: QueryRequest, reply: QueryReply) -> None:
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


