"""The `/sparql` endpoint: the SPARQL 1.1 Protocol, read-only.

Reading the request (GET, POST form, POST `application/sparql-query`) and writing the response
happen here; evaluation, negotiation of the answer's format and serialisation happen in the store's
backend (`linkeddata.store`), which holds the time limit.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, request, url_for
from werkzeug.datastructures import CombinedMultiDict, MultiDict
from werkzeug.exceptions import (
    BadRequest,
    Forbidden,
    InternalServerError,
    NotAcceptable,
    RequestURITooLarge,
    ServiceUnavailable,
    UnsupportedMediaType,
)

from linkeddata import formats
from linkeddata.formats import Kind
from linkeddata.store import (
    Outcome,
    QueryCrashed,
    QueryForm,
    QueryProcessFailed,
    QueryReply,
    QueryRequest,
    QueryTimeout,
    StoreInfo,
    StoreUnavailable,
)
from linkeddata.vocab import DCTERMS, ENTAILMENT, RDF, RDFS, SD, VOID, XSD, prefixes, prologue
from linkeddata.web.jsonld import shape_document
from linkeddata.web.pages.terms import link_of
from linkeddata.web.responses import TemplateContext, negotiate_or_406, render
from linkeddata.web.state import LinkedData, get_site

bp = Blueprint("sparql", __name__)

FORM_TYPE = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"
READ_ONLY = ("This endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR...) is not accepted. "
             "It answers SPARQL queries only.")
SINGLE_PARAMETERS = ("query",)
FORMAT_PARAMETERS = ("format", "output")  # may repeat, when every value names the same format
UPDATE_PARAMETERS = ("update", "using-graph-uri", "using-named-graph-uri")

_DIP_PREFIXES = prologue("dip", "schema", "org", "rdfs", "xsd")
# The prefixes the service description declares in Turtle and TriG.
DESCRIPTION_PREFIXES = prefixes("sd", "void", "rdfs", "dct", "formats")

EXAMPLES: tuple[tuple[str, str], ...] = (
    ("People and the posts they hold", _DIP_PREFIXES + """SELECT ?person ?name ?post ?title WHERE {
  ?person a schema:Person ; rdfs:label ?name .
  OPTIONAL { ?person org:holds ?post . ?post rdfs:label ?title }
}
ORDER BY ?name
LIMIT 100"""),
    ("Meetings since 2025, with who took part and where it was reported",
     _DIP_PREFIXES + """SELECT ?meeting ?date ?participant ?name ?article WHERE {
  ?meeting a dip:Meeting ; dip:date ?date ; dip:participant ?participant ; dip:reportedIn ?article .
  ?participant rdfs:label ?name .
  FILTER (STR(?date) >= "2025")
}
ORDER BY DESC(?date)
LIMIT 100"""),
    ("Diplomatic events by type", _DIP_PREFIXES + """SELECT ?type (COUNT(?event) AS ?events) WHERE {
  ?event a ?type .
  VALUES ?type { dip:Meeting dip:PhoneCall dip:Visit dip:Summit dip:Invitation dip:AgreementSigning }
}
GROUP BY ?type
ORDER BY DESC(?events)"""),
    ("Who met whom most often", _DIP_PREFIXES + """SELECT ?a ?b (COUNT(DISTINCT ?event) AS ?times) WHERE {
  ?event dip:participant ?a , ?b .
  ?a a schema:Person . ?b a schema:Person .
  FILTER (STR(?a) < STR(?b))
}
GROUP BY ?a ?b
ORDER BY DESC(?times)
LIMIT 20"""),
    ("Labels mentioning a minister", _DIP_PREFIXES + """SELECT ?thing ?label WHERE {
  ?thing rdfs:label ?label .
  FILTER (CONTAINS(LCASE(STR(?label)), "minister"))
}
LIMIT 50"""),
    ("Everything about one meeting (DESCRIBE)", _DIP_PREFIXES + """DESCRIBE ?meeting WHERE {
  ?meeting a dip:Meeting .
}
LIMIT 1"""),
    ("Article graphs and their sizes", """SELECT ?graph (COUNT(*) AS ?triples) WHERE {
  GRAPH ?graph { ?s ?p ?o }
}
GROUP BY ?graph
ORDER BY DESC(?triples)
LIMIT 20"""),
)


# --------------------------------------------------------------------------------------- the pages


@dataclass
class QueryFormContext(TemplateContext):
    template = "sparql_query.html"
    endpoint: str
    query: str  # the query the form starts with
    examples: list[tuple[str, str, str]] = field(default_factory=list)  # (title, query, URL running it)
    info: StoreInfo | None = None
    timeout: float = 0.0
    limit: int = 0


@dataclass
class ResultsContext(TemplateContext):
    template = "sparql_results.html"
    query: str
    reply: QueryReply
    asked: ProtocolRequest
    elapsed: float = 0.0  # seconds
    limit: int = 0
    downloads: list[tuple[str, str]] = field(default_factory=list)  # (format name, URL of the same answer in it)
    base_uri: str | None = None
    # Where each IRI of the table links: ours to this server (wherever it runs), other web IRIs out, any
    # other scheme nowhere.
    links: dict[str, str | None] = field(default_factory=dict)


# --------------------------------------------------------------------------------------- the request


@dataclass
class ProtocolRequest:
    query: str | None
    default_graph_uris: list[str] = field(default_factory=list)
    named_graph_uris: list[str] = field(default_factory=list)
    format: str | None = None


def _decode_utf8(raw: bytes, what: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadRequest(f"The {what} is not valid UTF-8 (byte {error.start}); send the query in UTF-8.") from None


def _check_charset() -> None:
    charset = request.mimetype_params.get("charset")
    if charset and charset.strip().lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise UnsupportedMediaType(f"The charset {charset!r} is not supported: send the request in UTF-8.")


def _body_parameters() -> MultiDict[str, str]:
    """The parameters a POST carries, by its exact Content-Type (SPARQL 1.1 Protocol 2.1)."""
    mimetype = request.mimetype
    if mimetype == FORM_TYPE:
        _check_charset()
        text = _decode_utf8(request.get_data(cache=False), "form body")
        try:
            pairs = parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
        except UnicodeDecodeError:
            raise BadRequest("The form body percent-encodes bytes that are not UTF-8.") from None
        return MultiDict(pairs)
    if mimetype == QUERY_TYPE:
        _check_charset()
        return MultiDict([("query", _decode_utf8(request.get_data(cache=False), "query"))])
    if mimetype == UPDATE_TYPE:
        raise Forbidden(READ_ONLY)
    sent = f"Content-Type {mimetype!r}" if mimetype else "no Content-Type"
    raise UnsupportedMediaType(f"A POST to this endpoint must have Content-Type {QUERY_TYPE} or {FORM_TYPE}; "
                               f"this one has {sent}.")


def read_protocol_request() -> ProtocolRequest:
    limit = int(current_app.config["MAX_REQUEST_BYTES"])
    if len(request.query_string) > limit:
        raise RequestURITooLarge(f"The query string is longer than {limit} bytes; POST long queries instead.")
    parameters: MultiDict[str, str] | CombinedMultiDict[str, str] = request.args
    if request.method == "POST":
        parameters = CombinedMultiDict([request.args, _body_parameters()])
    if any(name in parameters for name in UPDATE_PARAMETERS):
        raise Forbidden(READ_ONLY)
    for name in SINGLE_PARAMETERS:
        given = len(parameters.getlist(name))
        if given > 1:
            raise BadRequest(f"The parameter {name!r} is given {given} times (in the URL and/or the body); give it "
                             "once.")
    # An empty value sets nothing (SPARQLWrapper sends `format=` beside the one it means).
    format_values = [value for name in FORMAT_PARAMETERS for value in parameters.getlist(name) if value.strip()]
    format_value = formats.agreed_parameter(format_values) if format_values else None
    if format_values and format_value is None:
        listed = ", ".join(repr(value) for value in format_values)
        raise BadRequest(f"The parameters 'format'/'output' are given {len(format_values)} times and name different "
                         f"formats ({listed}); give one, or only values that name the same format.")
    return ProtocolRequest(
        query=parameters.get("query"),
        default_graph_uris=parameters.getlist("default-graph-uri"),
        named_graph_uris=parameters.getlist("named-graph-uri"),
        format=format_value,
    )


# -------------------------------------------------------------------------------------------- views


@bp.route("/sparql/", methods=["GET", "POST"])  # the W3C tests' path; applied last, so URLs are built without it
@bp.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    asked = read_protocol_request()
    if asked.query is None:
        if request.method == "POST":
            raise BadRequest("The request has no 'query' parameter.")
        return service_description(asked)
    return answer(asked)


def _endpoint_url() -> str:
    # What request.base_url gives, without its IRI decoding, which costs more than a small query.
    return f"{request.scheme}://{request.host}{request.root_path}{request.path}"


def _etag(linked: LinkedData, query_request: QueryRequest) -> str | None:
    if linked.store_info is None:
        return None
    # A frozen dataclass of strings, numbers and tuples: its repr is the same in every process.
    return hashlib.sha256(f"{linked.store_info.version} {query_request!r}".encode()).hexdigest()[:40]


def _not_modified(etag: str) -> Response | None:
    if "HTTP_IF_NONE_MATCH" not in request.environ:
        return None
    # The gzip variant carries the same tag with a suffix; either one still describes this answer.
    if request.if_none_match.contains(etag) or request.if_none_match.contains(f"{etag}-gzip"):
        response = Response(status=304)
        response.set_etag(etag)
        response.vary.add("Accept")
        return response
    return None


def answer(asked: ProtocolRequest) -> Response:
    linked = get_site()
    if linked.queries is None:
        raise ServiceUnavailable("No dataset is loaded: start the server with --data or build the dataset first.")
    assert asked.query is not None
    if asked.format and not formats.is_known_parameter(asked.format):
        names = ", ".join(sorted({f.name for f in formats.FORMATS}))
        raise BadRequest(f"Unknown format {asked.format!r}; use one of {names}, or a media type.")
    query_request = QueryRequest(
        text=asked.query,
        default_graph_uris=tuple(asked.default_graph_uris),
        named_graph_uris=tuple(asked.named_graph_uris),
        accept=request.headers.get("Accept"),
        format_parameter=asked.format,
        limit=int(current_app.config["RESULT_LIMIT"]),
        base_iri=linked.base_uri or _endpoint_url(),  # relative IRIs need a base; the endpoint is one
        html=True,
        prefixes=tuple(prefixes().items()),
    )
    etag = _etag(linked, query_request)
    if etag and (unchanged := _not_modified(etag)):
        return unchanged
    started = time.monotonic()
    timeout = float(current_app.config["QUERY_TIMEOUT"])
    try:
        reply = linked.queries.run(query_request, timeout)
    except QueryTimeout:
        raise ServiceUnavailable(f"The query ran longer than the {timeout:g} s limit and was stopped. Narrow it "
                                 "(a LIMIT, a more selective pattern) and try again.") from None
    except QueryCrashed as crash:
        # Deterministic for the query (a retry crashes again); the process is replaced for the next one.
        current_app.logger.warning("a query crashed its process (%s): %.200r", crash, asked.query)
        raise BadRequest("The query could not be evaluated: it made the query process crash, most likely because "
                         "it nests or chains too deeply (thousands of levels of brackets, UNION, OPTIONAL, FILTER "
                         "or ||). Simplify it.") from None
    except QueryProcessFailed as failure:
        current_app.logger.error("query process failed: %s", failure)
        raise InternalServerError("The query could not be answered: its process failed.") from None
    except StoreUnavailable as unavailable:  # a remote store down or failing; the message names no secret
        raise ServiceUnavailable(str(unavailable)) from None
    elapsed = time.monotonic() - started
    _raise_for_outcome(reply)
    fmt = formats.BY_NAME[reply.format_name or "json"]
    if fmt.name == "html":
        response = Response(render(ResultsContext(asked.query, reply, asked, elapsed, query_request.limit,
                                                  _download_links(asked, reply), linked.base_uri,
                                                  _result_links(reply))),
                            content_type=fmt.content_type)
    elif fmt.name == "jsonld":
        response = Response(shape_document(reply.body), content_type=fmt.content_type)
    else:
        response = Response(reply.body, content_type=fmt.content_type)
    if reply.form is not QueryForm.ASK:
        response.headers["X-Result-Limit"] = str(query_request.limit)
        response.headers["X-Result-Count"] = str(reply.count)
        if reply.truncated:
            response.headers["X-Result-Truncated"] = "true"
    # Set as plain headers: werkzeug's Vary and Cache-Control objects cost more than a small query.
    response.headers["Vary"] = "Accept"
    response.headers["Cache-Control"] = "no-cache"  # reuse, but only after checking the ETag
    if etag:
        response.set_etag(etag)
    return response


def _raise_for_outcome(reply: QueryReply) -> None:
    if reply.outcome is Outcome.OK:
        return
    if reply.outcome is Outcome.MALFORMED:
        raise BadRequest(reply.message)
    if reply.outcome is Outcome.REFUSED:
        raise Forbidden(reply.message)
    if reply.outcome is Outcome.NOT_ACCEPTABLE:
        raise NotAcceptable(reply.message)
    current_app.logger.error("query failed: %s", reply.message)
    raise InternalServerError(reply.message)


def _result_links(reply: QueryReply) -> dict[str, str | None]:
    return {cell[1]: link_of(cell[1])[0] for row in reply.rows for cell in row if cell is not None and cell[0] == "uri"}


def _download_links(asked: ProtocolRequest, reply: QueryReply) -> list[tuple[str, str]]:
    kind = Kind.GRAPH if reply.form is QueryForm.GRAPH else Kind.RESULTS
    links = []
    for fmt in formats.offers(kind, html=False):
        url = url_for("sparql.endpoint", query=asked.query, format=fmt.name,
                      **{"default-graph-uri": asked.default_graph_uris, "named-graph-uri": asked.named_graph_uris})
        links.append((fmt.name, url))
    return links


# ------------------------------------------------------------------------------- service description


def service_description(asked: ProtocolRequest) -> Response:
    fmt = negotiate_or_406(Kind.GRAPH, parameter=asked.format)
    endpoint_url = request.base_url
    linked = get_site()
    if fmt.name == "html":
        response = Response(render(QueryFormContext(
            endpoint=endpoint_url,
            query=EXAMPLES[0][1],
            examples=[(title, text, url_for("sparql.endpoint", query=text)) for title, text in EXAMPLES],
            info=linked.store_info,
            timeout=current_app.config["QUERY_TIMEOUT"],
            limit=current_app.config["RESULT_LIMIT"],
        )), content_type=fmt.content_type)
        for alternate in (formats.BY_NAME["turtle"], formats.BY_NAME["jsonld"]):
            response.headers.add("Link", f'<{url_for("sparql.endpoint", format=alternate.name)}>; rel="alternate"; '
                                         f'type="{alternate.media_type}"')
    else:
        rdf_format = getattr(ox.RdfFormat, fmt.oxigraph or "TURTLE")
        triples = describe_service(endpoint_url, linked)
        statements = ([ox.Quad(t.subject, t.predicate, t.object) for t in triples]
                      if rdf_format.supports_datasets and rdf_format is not ox.RdfFormat.JSON_LD else triples)
        body = ox.serialize(statements, format=rdf_format, prefixes=DESCRIPTION_PREFIXES
                            if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None)
        response = Response(body, content_type=fmt.content_type)
    response.vary.add("Accept")
    return response


def describe_service(endpoint_url: str, linked: LinkedData) -> list[ox.Triple]:
    """The SPARQL 1.1 Service Description of this endpoint, with a VoID description of its dataset."""
    service = ox.NamedNode(endpoint_url)
    dataset, default_graph = ox.BlankNode("dataset"), ox.BlankNode("defaultGraph")

    def iri(value: str) -> ox.NamedNode:
        return ox.NamedNode(value)

    def integer(value: int) -> ox.Literal:
        return ox.Literal(str(value), datatype=iri(XSD.integer))

    triples = [
        (service, iri(RDF.type), iri(SD.Service)),
        (service, iri(SD.endpoint), service),
        (service, iri(SD.supportedLanguage), iri(SD.SPARQL11Query)),
        (service, iri(SD.feature), iri(SD.UnionDefaultGraph)),
        (service, iri(SD.defaultEntailmentRegime), iri(ENTAILMENT.Simple)),
        (service, iri(RDFS.comment), ox.Literal(
            "A read-only SPARQL 1.1 Query endpoint: SPARQL Update, LOAD and SERVICE are refused. Queries are "
            f"stopped after {current_app.config['QUERY_TIMEOUT']:g} s; answers hold at most "
            f"{current_app.config['RESULT_LIMIT']} solutions or triples (header X-Result-Truncated when capped).",
            language="en")),
        (service, iri(SD.defaultDataset), dataset),
        (dataset, iri(RDF.type), iri(SD.Dataset)),
        (dataset, iri(RDF.type), iri(VOID.Dataset)),
        (dataset, iri(VOID.sparqlEndpoint), service),
        (dataset, iri(SD.defaultGraph), default_graph),
        (default_graph, iri(RDF.type), iri(SD.Graph)),
        (default_graph, iri(RDFS.comment), ox.Literal(
            "The default graph is the union of all the named graphs (one named graph per article).", language="en")),
    ]
    triples += [(service, iri(SD.resultFormat), iri(f.w3c)) for f in formats.FORMATS if f.w3c]
    if linked.manifest.get("title"):
        triples.append((dataset, iri(DCTERMS.title), ox.Literal(str(linked.manifest["title"]))))
    if linked.base_uri:
        triples.append((dataset, iri(VOID.uriSpace), ox.Literal(linked.base_uri)))
    info = linked.store_info
    if info is not None:
        triples += [
            (dataset, iri(VOID.triples), integer(info.statements)),
            (default_graph, iri(VOID.triples), integer(info.union_triples)),
            (dataset, iri(RDFS.comment), ox.Literal(
                f"{info.statements} statements in {info.graphs} named graphs.", language="en")),
        ]
    return [ox.Triple(*triple) for triple in triples]


# ------------------------------------------------------------------------------------------- CORS


@bp.after_request
def open_for_reads(response: Response) -> Response:
    """Any web page may query the endpoint: it only reads public data."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = "ETag, X-Result-Limit, X-Result-Count, X-Result-Truncated"
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Accept, Content-Type, If-None-Match"
        response.headers["Access-Control-Max-Age"] = "86400"
    return response
