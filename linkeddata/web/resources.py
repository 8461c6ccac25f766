"""Dereferencing: every IRI the build mints answers, for people and for machines.

One pattern everywhere (W3C "Cool URIs for the Semantic Web", section 4.3, as DBpedia and LodView do):
an identifier (`/id/...`, `/graph/...`, `/dataset`, `/ontology`, `/shapes`) answers `303 See Other`
to a document chosen by the Accept header: `/page/{path}` (HTML, see `pages/`) or
`/data/{path}.{ext}` (RDF, one URL per format, served here). The layout of those URLs is
`iris.Documents`, the formats are `formats.FORMATS`, the choice is `formats.negotiate`. What a document
holds is `state.Published.describe`.
"""

from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint, Response, redirect, request

from linkeddata.formats import Format, Kind, from_path_extension
from linkeddata.iris import DATA_ROOT, is_identifier_path
from linkeddata.vocab import FOAF, PROV, RDF, prefixes
from linkeddata.web.jsonld import shape, variant
from linkeddata.web.responses import add_links, alternates, entity_tag, negotiate_or_406, not_found, site_url
from linkeddata.web.state import Description, get_published

bp = Blueprint("resources", __name__)

# The prefixes of a resource's document: the data's, and FOAF for the triples about the document itself.
DOCUMENT_PREFIX_NAMES = (*prefixes(), "foaf")


# ------------------------------------------------------------------------------------ serialising


def serialize(description: Description, fmt: Format, document_url: str | None = None) -> bytes:
    """RDF bytes in `fmt`, with a few triples about the document itself (what it is about, where from)."""
    triples = list(description.triples)
    if document_url is not None:
        document = ox.NamedNode(document_url)
        triples.append(ox.Triple(document, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(FOAF.Document))))
        triples.append(ox.Triple(document, ox.NamedNode(str(FOAF.primaryTopic)), description.node))
        for graph in description.graphs:
            triples.append(ox.Triple(document, ox.NamedNode(str(PROV.wasDerivedFrom)), ox.NamedNode(graph)))
    rdf_format = getattr(ox.RdfFormat, fmt.oxigraph or "TURTLE")
    if rdf_format in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS):
        return ox.serialize(triples, format=rdf_format)
    if rdf_format is ox.RdfFormat.JSON_LD:
        return shape(triples)
    return ox.serialize(triples, format=rdf_format, prefixes=prefixes(*DOCUMENT_PREFIX_NAMES))


@bp.route("/id/<path:rest>", defaults={"root": "id"}, methods=["GET"])
@bp.route("/graph/<path:rest>", defaults={"root": "graph"}, methods=["GET"])
@bp.route("/dataset", defaults={"root": "dataset", "rest": ""}, methods=["GET"])
@bp.route("/ontology", defaults={"root": "ontology", "rest": ""}, methods=["GET"])
@bp.route("/shapes", defaults={"root": "shapes", "rest": ""}, methods=["GET"])
def identifier(root: str, rest: str) -> Response:
    """303 See Other from the thing to a document about it, by Accept (q-values honoured)."""
    path = f"{root}/{rest}" if rest else root
    pub = get_published()
    iri = pub.documents.iri_of(path)
    if not pub.exists(iri):
        return not_found(iri)
    surviving = pub.merged_into(iri) if root == "id" else None
    if surviving is not None:
        # A URI given out before two were found to be one person: moved for good, and links to it still work.
        moved_to = pub.documents.path_of(surviving)
        assert moved_to is not None
        return redirect(site_url(moved_to), code=301)
    chosen = negotiate_or_406()
    target = pub.documents.page(iri) if chosen.name == "html" else pub.documents.data(iri, chosen.extension)
    assert target is not None  # iri_of gives identifiers only
    response = redirect(site_url(target), code=303)
    response.vary.add("Accept")
    add_links(response, alternates(iri))
    return response


@bp.route(f"/{DATA_ROOT}/<path:rest>", methods=["GET"])
def data(rest: str) -> Response:
    """The RDF document about one resource, in the format its extension names."""
    stem, dot, extension = rest.rpartition(".")
    fmt = from_path_extension(extension, Kind.GRAPH) if dot else None
    if fmt is None or fmt.name == "html" or not is_identifier_path(stem):
        return not_found()
    pub = get_published()
    iri = pub.documents.iri_of(stem)
    description = pub.document(iri)
    if description is None:
        return not_found(iri)
    document_url = pub.documents.public(request.path)  # the path below the mount point, as published
    response = Response(serialize(description, fmt, document_url), content_type=fmt.content_type)
    add_links(response, alternates(iri, fmt))
    response.set_etag(entity_tag("data", iri, fmt.name, *variant(fmt)))
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response.make_conditional(request)
