"""SPARQL results written by hand in JSON, XML, CSV and TSV."""

from __future__ import annotations

import json
from typing import Any
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

import pyoxigraph as ox

from linkeddata.formats import Kind, offers

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

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


