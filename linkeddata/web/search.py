"""Finding things without SPARQL: `/search` for people and programs, and `/reconcile`, a W3C Reconciliation
Service API endpoint (version 0.2, the protocol OpenRefine speaks) with preview and suggest services.

Both read one `LabelIndex` per process, built from the store by fixed queries and kept with the other answers
to fixed questions (`Published.kept`).
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from flask import Blueprint, Flask, Response, abort, request, url_for

from linkeddata.formats import BY_NAME, NotAcceptable, negotiate
from linkeddata.search import Hit, LabelIndex, fold, label_match
from linkeddata.vocab import DIP, NIF, ORG, OWL, PREFIXES, SCHEMA, SH, SKOS, XSD
from linkeddata.web.responses import TemplateContext, render, site_url
from linkeddata.web.state import RDF_TYPE, RDFS_LABEL, Published, get_published

bp = Blueprint("search", __name__)

SKOS_ALT_LABEL = str(SKOS.altLabel)
MAX_LIMIT = 100
MAX_QUERY_CHARS = 500
MAX_BATCH = 100  # queries in one reconciliation request; OpenRefine sends 10
# The types offered first in OpenRefine and in the search form: the things people reconcile.
DEFAULT_TYPES = (SCHEMA.Person, DIP.Country, ORG.Organization, SCHEMA.Place, DIP.DiplomaticEvent,
                 SCHEMA.NewsArticle, ORG.Post, SKOS.Concept)
# Machinery of provenance and of validation, never a search result.
HIDDEN_TYPES = frozenset({str(NIF.Context), str(NIF.String), str(NIF.OffsetBasedString), str(NIF.Phrase),
                          str(SH.NodeShape), str(SH.PropertyShape)})

_LABELS = f"""SELECT ?s ?p ?label WHERE {{
    VALUES ?p {{ <{RDFS_LABEL}> <{SKOS.prefLabel}> <{SKOS.altLabel}> <{SCHEMA.name}> }}
    ?s ?p ?label . FILTER(isIRI(?s) && isLITERAL(?label))
}}"""
_TYPES = f"""SELECT DISTINCT ?s ?type WHERE {{
    ?s <{RDFS_LABEL}>|<{SKOS.prefLabel}> ?label ; a ?type . FILTER(isIRI(?s) && isIRI(?type))
}}"""
# How often a resource occurs: the triples pointing at it (mentions, participations, links), types aside.
_OCCURRENCES = f"""SELECT ?s (COUNT(*) AS ?n) WHERE {{
    ?x ?p ?s . FILTER(isIRI(?s) && ?p != <{RDF_TYPE}>)
}} GROUP BY ?s"""
_KIND = {RDFS_LABEL: "label", str(SCHEMA.name): "label", str(SKOS.prefLabel): "pref", SKOS_ALT_LABEL: "alt"}


_INDEXING = threading.Lock()  # one index built at a time: a search during the warm-up waits for it


def label_index(pub: Published) -> LabelIndex:
    with _INDEXING:
        return pub.kept(_index_labels)


def warm_up(app: Flask) -> threading.Thread:
    """Build the label index in the background as a server worker starts, so that the first search does not
    wait for it (seconds on a million triples)."""
    def build() -> None:
        with app.app_context():
            try:
                label_index(get_published())
            except Exception:  # the store may be away at start; the first search tries again, and says why
                logging.getLogger(__name__).warning("the search index was not built at start", exc_info=True)

    thread = threading.Thread(target=build, name="search-index", daemon=True)
    thread.start()
    return thread


def _index_labels(pub: Published) -> LabelIndex:
    index = LabelIndex()
    for row in pub.select(_LABELS):
        label = row["label"]
        index.add_label(row["s"].value, label.value, _KIND[row["p"].value], label.language)
    for row in pub.select(_TYPES):
        index.add_type(row["s"].value, row["type"].value)
    for iri in [iri for iri, entry in index.entries.items() if entry.types & HIDDEN_TYPES]:
        del index.entries[iri]
    index.set_occurrences({row["s"].value: int(row["n"].value) for row in pub.select(_OCCURRENCES)})
    return index


# ------------------------------------------------------------------------------------------ types


def class_label(pub: Published, iri: str) -> str:
    """A class or property as people read it: its English label in the ontology, else its local name in words,
    with a capital (the ontology writes "country", the web page a heading)."""
    name = next((quad.object.value for quad in pub.vocabulary.quads_for_pattern(
        ox.NamedNode(iri), ox.NamedNode(RDFS_LABEL), None)
        if isinstance(quad.object, ox.Literal) and quad.object.language in (None, "en")), None)
    if name is None:
        name = _words_of(iri)
    return name[:1].upper() + name[1:]


def _words_of(iri: str) -> str:
    local = re.split(r"[#/]", iri.rstrip("/#"))[-1]
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", local).lower()


def expand_type(value: str) -> str:
    """A type or property as a client writes it: a full IRI, `schema:Person`, or a local name of our
    ontology (`Meeting`, `participant`)."""
    value = value.strip()
    prefix, colon, local = value.partition(":")
    if colon and prefix in PREFIXES and not local.startswith("//"):
        return str(PREFIXES[prefix]) + local
    if not colon and re.fullmatch(r"[A-Za-z][\w-]*", value):
        return str(DIP) + value
    return value


def class_node(value: str, parameter: str = "type") -> ox.NamedNode:
    """A type or property a client named, as an IRI; a 400 naming the parameter when it is none."""
    expanded = expand_type(value)
    try:
        if _is_iri(expanded):
            return ox.NamedNode(expanded)
    except ValueError:
        pass
    abort(400, description=f"The {parameter} {value!r} is neither an IRI nor a prefixed name such as schema:Person "
                           f"({', '.join(sorted(PREFIXES))}).")


def wanted_types(pub: Published, values: Iterable[str]) -> set[str] | None:
    chosen = [class_node(v).value for v in values if v and v.strip()]
    if not chosen:
        return None
    found: set[str] = set()
    for value in chosen:
        found |= pub.subclasses_of(value)
    return found


def type_records(pub: Published, types: Iterable[str]) -> list[dict[str, str]]:
    """Types as the reconciliation API writes them, the most specific of ours first."""
    ordered = sorted(t for t in types if t not in HIDDEN_TYPES)
    ordered.sort(key=lambda t: (not t.startswith(str(DIP)), t))
    return [{"id": t, "name": class_label(pub, t)} for t in ordered]


# ------------------------------------------------------------------------------------------ /search


@dataclass
class SearchContext(TemplateContext):
    template = "search.html"
    query: str = ""
    results: list[dict[str, Any]] = field(default_factory=list)  # as `hit_record` writes them
    offered: list[tuple[str, str, int]] = field(default_factory=list)  # (type, its name, how many) for the form
    chosen: set[str] = field(default_factory=set)  # the types asked for
    json_url: str = ""


def _limit(raw: str | None, default: int) -> int:
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        abort(400, description=f"The parameter 'limit' must be a whole number, not {raw!r}.")
    if not 1 <= value <= MAX_LIMIT:
        abort(400, description=f"The parameter 'limit' must be between 1 and {MAX_LIMIT}.")
    return value


def _query_text(raw: str | None, name: str) -> str:
    text = (raw or "").strip()
    if len(text) > MAX_QUERY_CHARS:
        abort(400, description=f"The parameter '{name}' is longer than {MAX_QUERY_CHARS} characters.")
    return text


def hit_record(pub: Published, hit: Hit) -> dict[str, Any]:
    page = pub.documents.page(hit.entry.iri)
    return {
        "id": hit.entry.iri,
        "label": hit.entry.label,
        "types": type_records(pub, hit.entry.types),
        "score": hit.score,
        "match": round(hit.match, 3),
        "occurrences": hit.entry.occurrences,
        "page": request.host_url.rstrip("/") + site_url(page) if page else hit.entry.iri,
    }


@bp.route("/search", methods=["GET"])
def search() -> Response:
    """`?q=` words of a name, `&type=` a class (repeatable), `&limit=`; HTML or JSON (`Accept` or `format=json`)."""
    pub = get_published()
    query = _query_text(request.args.get("q"), "q")
    type_values = request.args.getlist("type")
    limit = _limit(request.args.get("limit"), 20)
    wanted = wanted_types(pub, type_values)
    index = label_index(pub)
    hits = index.find(query, types=wanted, limit=limit) if query else []
    as_json = _wants_json()
    if as_json:
        body = {"query": query, "types": [expand_type(t) for t in type_values if t.strip()],
                "results": [hit_record(pub, hit) for hit in hits]}
        response = Response(json.dumps(body, ensure_ascii=False, indent=1), content_type="application/json")
    else:
        counts = index.type_counts()
        offered = [(str(t), class_label(pub, str(t)), sum(counts.get(c, 0) for c in pub.subclasses_of(str(t))))
                   for t in DEFAULT_TYPES]
        response = Response(render(SearchContext(
            query=query, results=[hit_record(pub, hit) for hit in hits], offered=offered,
            chosen={expand_type(t) for t in type_values}, json_url=url_for(
                "search.search", q=query, type=type_values, format="json"))),
            content_type="text/html; charset=utf-8")
    response.vary.add("Accept")
    return response


def _wants_json() -> bool:
    chosen = request.args.get("format")
    if chosen:
        if chosen.lower() in ("json", "application/json"):
            return True
        if chosen.lower() in ("html", "text/html"):
            return False
        abort(400, description=f"The parameter 'format' must be 'json' or 'html', not {chosen!r}.")
    json_format = BY_NAME["json"]
    try:
        found = negotiate(request.headers.get("Accept"), [BY_NAME["html"], json_format])
    except NotAcceptable:
        return True
    return found is json_format


# ------------------------------------------------------------------------------------------ /reconcile


def service_root() -> str:
    return request.host_url.rstrip("/") + site_url("")


def manifest(pub: Published) -> dict[str, Any]:
    root = service_root()
    return {
        "versions": ["0.2"],
        "name": "Diplomatic events from news articles",
        "identifierSpace": pub.documents.base + "id/",
        "schemaSpace": str(DIP),
        "documentation": root + "/search",
        "view": {"url": "{{id}}"},
        "defaultTypes": [{"id": str(t), "name": class_label(pub, str(t))} for t in DEFAULT_TYPES],
        "preview": {"url": root + "/reconcile/preview?id={{id}}", "width": 420, "height": 160},
        "suggest": {
            "entity": {"service_url": root, "service_path": "/reconcile/suggest/entity"},
            "type": {"service_url": root, "service_path": "/reconcile/suggest/type"},
            "property": {"service_url": root, "service_path": "/reconcile/suggest/property"},
        },
        "extend": {
            "propose_properties": {"service_url": root, "service_path": "/reconcile/propose_properties"},
            "property_settings": [{"name": "limit", "label": "Limit", "type": "number", "default": 0,
                                   "help_text": "The most values fetched per property (0: all of them)"}],
        },
    }


def _jsonp(body: Any) -> Response:
    """JSON, or JSONP when a `callback` is named (older OpenRefine and browser widgets use it)."""
    text = json.dumps(body, ensure_ascii=False)
    callback = request.values.get("callback")
    if callback:
        if not re.fullmatch(r"[A-Za-z_$][\w$.]{0,100}", callback):
            abort(400, description="The parameter 'callback' must be a JavaScript identifier.")
        return Response(f"/**/{callback}({text});", content_type="application/javascript; charset=utf-8")
    return Response(text, content_type="application/json")


@bp.route("/reconcile", methods=["GET", "POST"])
def reconcile() -> Response:
    pub = get_published()
    raw = request.values.get("queries")
    extend = request.values.get("extend")
    if extend is not None and raw is None:
        return _jsonp(extend_data(pub, extend))
    if raw is None:
        single = request.values.get("query")
        if single is None:
            return _jsonp(manifest(pub))
        # The oldest form: one query, a JSON object or a bare string.
        try:
            parsed = json.loads(single)
        except ValueError:
            parsed = single
        one = parsed if isinstance(parsed, dict) else {"query": str(parsed)}
        return _jsonp(reconcile_one(pub, one, "query"))
    try:
        batch = json.loads(raw)
    except ValueError as error:
        abort(400, description=f"The parameter 'queries' is not JSON: {error}.")
    if not isinstance(batch, dict):
        abort(400, description="The parameter 'queries' must be a JSON object of queries by key (q0, q1...).")
    if len(batch) > MAX_BATCH:
        abort(400, description=f"At most {MAX_BATCH} queries are answered in one request.")
    return _jsonp({key: reconcile_one(pub, query, key) for key, query in batch.items()})


def reconcile_one(pub: Published, query: Any, key: str) -> dict[str, Any]:
    if not isinstance(query, dict):
        abort(400, description=f"The query {key!r} must be a JSON object with a 'query' string.")
    text = query.get("query", "")
    properties = query.get("properties") or []
    if not isinstance(text, str) or not isinstance(properties, list):
        abort(400, description=f"In the query {key!r}, 'query' must be a string and 'properties' a list.")
    text = text.strip()[:MAX_QUERY_CHARS]
    type_value = query.get("type")
    types = [type_value] if isinstance(type_value, str) else list(type_value or [])
    if not all(isinstance(t, str) for t in types):
        abort(400, description=f"In the query {key!r}, 'type' must be a type id or a list of them.")
    limit = query.get("limit", 5)
    if not isinstance(limit, int | float) or limit < 1:
        abort(400, description=f"In the query {key!r}, 'limit' must be a positive number.")
    limit = min(int(limit), MAX_LIMIT)
    index = label_index(pub)
    wanted = wanted_types(pub, types)
    if text:
        hits = index.find(text, types=wanted, limit=max(limit, 20))
    else:  # properties only: every resource of the type is a candidate, the properties decide
        hits = [Hit(entry, 0.0, "") for entry in index.entries.values()
                if wanted is None or entry.types & wanted][:1000]
    results = []
    for hit in hits:
        features, agreed = property_features(pub, hit.entry.iri, properties, key)
        if properties and not text and agreed == 0:
            continue
        score = hit.score
        if properties:
            score = round(score * 0.7 + 30 * agreed / len(properties), 2) if text else round(
                100 * agreed / len(properties), 2)
        results.append({"id": hit.entry.iri, "name": hit.entry.label, "score": score,
                        "type": type_records(pub, hit.entry.types),
                        "features": [{"id": "name", "value": round(hit.match, 3)}, *features],
                        "match": False, "_exact": hit.exact, "_agreed": agreed})
    results.sort(key=lambda r: (-r["score"], r["name"], r["id"]))
    results = results[:limit]
    exact = [r for r in results if r["_exact"] and r["_agreed"] == len(properties)]
    # A sure match: the only candidate whose name is the query's, agreeing with every property given.
    if len(exact) == 1:
        exact[0]["match"] = True
    for record in results:
        del record["_exact"], record["_agreed"]
    return {"result": results}


def property_features(pub: Published, iri: str, properties: list[Any], key: str) -> tuple[list[dict[str, Any]], int]:
    """One feature per property of the query: whether the candidate has a value agreeing with it."""
    features, agreed = [], 0
    for number, item in enumerate(properties):
        if not isinstance(item, dict) or "pid" not in item or "v" not in item:
            abort(400, description=f"In the query {key!r}, each property needs a 'pid' and a 'v'.")
        pid = class_node(str(item["pid"]), "property")
        expected = item["v"] if isinstance(item["v"], list) else [item["v"]]
        values = list(pub.triples(ox.NamedNode(iri), pid, None, limit=200))
        ok = any(_agrees(pub, triple.object, wanted) for triple in values for wanted in expected)
        agreed += ok
        features.append({"id": f"property_{number}", "value": ok})
    return features, agreed


def _is_iri(value: str) -> bool:
    return bool(re.match(r"^[a-z][a-z0-9+.-]*:[^\s<>\"{}|\\^`]*$", value, re.IGNORECASE))


def _agrees(pub: Published, value: Any, wanted: Any) -> bool:
    if isinstance(wanted, dict):
        wanted = wanted.get("id", wanted.get("name", ""))
    wanted_text = str(wanted)
    if isinstance(value, ox.NamedNode):
        if value.value == wanted_text:
            return True
        entry = label_index(pub).entries.get(value.value)
        folded = fold(wanted_text)
        return entry is not None and any(label_match(folded, label) >= 0.7 for label in entry.labels)
    if isinstance(value, ox.Literal):
        return fold(value.value) == fold(wanted_text)
    return False


@dataclass
class PreviewContext(TemplateContext):
    template = "reconcile_preview.html"
    label: str
    iri: str
    types: list[dict[str, str]] = field(default_factory=list)
    occurrences: int = 0
    alt: list[str] = field(default_factory=list)  # the other names, folded
    page: str = ""


@bp.route("/reconcile/preview", methods=["GET"])
def preview() -> Response:
    pub = get_published()
    iri = _query_text(request.args.get("id"), "id")
    entry = label_index(pub).entries.get(iri)
    if entry is None:
        abort(404, description=f"No resource {iri!r} in this dataset.")
    page = pub.documents.page(iri)
    body = render(PreviewContext(label=entry.label, iri=iri, types=type_records(pub, entry.types),
                                 occurrences=entry.occurrences,
                                 alt=sorted({label for label in entry.labels if label != fold(entry.label)}),
                                 page=site_url(page) if page else iri))
    return Response(body, content_type="text/html; charset=utf-8")


@bp.route("/reconcile/suggest/entity", methods=["GET"])
def suggest_entity() -> Response:
    pub = get_published()
    prefix = _query_text(request.args.get("prefix"), "prefix")
    wanted = wanted_types(pub, request.args.getlist("type"))
    hits = label_index(pub).find(prefix, types=wanted, limit=_limit(request.args.get("limit"), 10))
    return _jsonp({"result": [{"id": h.entry.iri, "name": h.entry.label,
                               "description": ", ".join(t["name"] for t in type_records(pub, h.entry.types)),
                               "notable": type_records(pub, h.entry.types)} for h in hits]})


@bp.route("/reconcile/suggest/type", methods=["GET"])
def suggest_type() -> Response:
    pub = get_published()
    prefix = fold(_query_text(request.args.get("prefix"), "prefix"))
    counts = label_index(pub).type_counts()
    found = []
    for iri, count in counts.items():
        if iri in HIDDEN_TYPES:
            continue
        name = class_label(pub, iri)
        match = max(label_match(prefix, fold(name)), label_match(prefix, fold(_words_of(iri))))
        if not prefix or match > 0:
            found.append((-match, -count, name, iri))
    found.sort()
    return _jsonp({"result": [{"id": iri, "name": name} for _, _, name, iri in found[:20]]})


@bp.route("/reconcile/suggest/property", methods=["GET"])
def suggest_property() -> Response:
    pub = get_published()
    prefix = fold(_query_text(request.args.get("prefix"), "prefix"))
    found = []
    kinds = (ox.NamedNode(str(OWL.ObjectProperty)), ox.NamedNode(str(OWL.DatatypeProperty)))
    for kind in kinds:
        for quad in pub.vocabulary.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), kind):
            iri = quad.subject.value
            name = class_label(pub, iri)
            local = iri.rsplit("#", 1)[-1]
            match = max(label_match(prefix, fold(name)), label_match(prefix, fold(local)))
            if not prefix or match > 0:
                found.append((-match, name, iri))
    found.sort()
    return _jsonp({"result": [{"id": iri, "name": name} for _, name, iri in found[:20]]})


# ------------------------------------------------------------------------------------------ data extension

MAX_EXTEND_IDS = 500
MAX_EXTEND_VALUES = 200
_INTEGERS = {str(XSD.integer), str(XSD.int), str(XSD.long), str(XSD.nonNegativeInteger),
             str(XSD.positiveInteger)}
_FLOATS = {str(XSD.decimal), str(XSD.double), str(XSD.float)}


def extend_data(pub: Published, raw: str) -> dict[str, Any]:
    """Property values of reconciled resources, as OpenRefine's "Add columns from reconciled values" asks."""
    try:
        asked = json.loads(raw)
    except ValueError as error:
        abort(400, description=f"The parameter 'extend' is not JSON: {error}.")
    ids, properties = (asked.get("ids"), asked.get("properties")) if isinstance(asked, dict) else (None, None)
    if not isinstance(ids, list) or not isinstance(properties, list) or not all(isinstance(i, str) for i in ids):
        abort(400, description="The parameter 'extend' must hold 'ids' (a list of ids) and 'properties' "
                               "(a list of {\"id\": ...}).")
    if len(ids) > MAX_EXTEND_IDS:
        abort(400, description=f"At most {MAX_EXTEND_IDS} ids are extended in one request.")
    wanted: list[tuple[str, str, int]] = []
    for item in properties:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            abort(400, description="Each property to extend is an object with an 'id'.")
        settings = item.get("settings") or {}
        limit = settings.get("limit", 0) if isinstance(settings, dict) else 0
        try:
            limit = int(limit or 0)
        except (TypeError, ValueError):
            abort(400, description=f"The limit of property {item['id']!r} must be a number.")
        wanted.append((item["id"], expand_type(item["id"]), max(0, min(limit, MAX_EXTEND_VALUES))))
    meta = [{"id": given, "name": class_label(pub, iri)} for given, iri, _ in wanted]
    rows: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for identifier in ids:
        row = rows.setdefault(identifier, {})
        for given, iri, limit in wanted:
            values = []
            subject, predicate = _node_or_none(identifier), _node_or_none(iri)
            if subject is not None and predicate is not None:
                found = pub.triples(subject, predicate, None, limit=MAX_EXTEND_VALUES)
                values = sorted((_cell(pub, triple.object) for triple in found), key=lambda c: json.dumps(c))
            row[given] = values[:limit] if limit else values
    return {"meta": meta, "rows": rows}


def _node_or_none(text: str) -> ox.NamedNode | None:
    """An IRI a client sent as an id; None for anything else (it has no values here)."""
    try:
        return ox.NamedNode(text) if _is_iri(text) else None
    except ValueError:
        return None


def _cell(pub: Published, value: Any) -> dict[str, Any]:
    if isinstance(value, ox.NamedNode):
        entry = label_index(pub).entries.get(value.value)
        return {"id": value.value, "name": entry.label if entry else value.value}
    if isinstance(value, ox.Literal):
        datatype = value.datatype.value if value.datatype else ""
        try:
            if datatype in _INTEGERS:
                return {"int": int(value.value)}
            if datatype in _FLOATS:
                return {"float": float(value.value)}
        except ValueError:
            pass
        if datatype == str(XSD.date) and re.fullmatch(r"-?\d{4,}-\d\d-\d\d", value.value):
            return {"date": f"{value.value}T00:00:00Z"}
        if datatype == str(XSD.dateTime):
            return {"date": value.value}
        return {"str": value.value}
    return {"str": str(value)}


@bp.route("/reconcile/propose_properties", methods=["GET"])
def propose_properties() -> Response:
    """The properties resources of a type have in the data, for OpenRefine to offer as columns."""
    pub = get_published()
    type_value = _query_text(request.args.get("type"), "type")
    if not type_value:
        abort(400, description="The parameter 'type' names the type whose properties are proposed.")
    limit = _limit(request.args.get("limit"), 50)
    # The data carries every superclass type, so the type alone finds the resources of its subclasses too.
    rows = pub.select(_PROPERTIES_OF_TYPE, type=class_node(type_value))
    found = {row["p"].value: int(row["n"].value) for row in rows}
    ordered = sorted(found, key=lambda p: (-found[p], p))[:limit]
    return _jsonp({"type": type_value, "properties": [{"id": p, "name": class_label(pub, p)} for p in ordered]})


_PROPERTIES_OF_TYPE = f"""SELECT ?type ?p (COUNT(*) AS ?n) WHERE {{
    ?s a ?type ; ?p ?o . FILTER(?p != <{RDF_TYPE}>)
}} GROUP BY ?type ?p"""
