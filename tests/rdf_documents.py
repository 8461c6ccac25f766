"""Reading the RDF documents of the application under test with rdflib, in any format.

Compacted JSON-LD names its context by URL (`http://HOST/context.jsonld`); a Flask test client has no HOST to
fetch it from, so the context is read through the client itself and put in place before rdflib parses.
"""

from __future__ import annotations

import json

import rdflib
from flask.testing import FlaskClient


def parse_rdf(client: FlaskClient, data: bytes, syntax: str, into: rdflib.Graph | None = None) -> rdflib.Graph:
    graph = rdflib.Graph() if into is None else into
    if syntax == "json-ld":
        document = json.loads(data)
        context = document.get("@context") if isinstance(document, dict) else None
        if isinstance(context, str) and context.endswith("/context.jsonld"):
            document["@context"] = json.loads(client.get("/context.jsonld").data)["@context"]
            data = json.dumps(document).encode("utf-8")
    return graph.parse(data=data, format=syntax)
