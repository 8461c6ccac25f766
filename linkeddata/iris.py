"""Where every URI of the dataset is minted.

A URI depends only on the base URI and on the identity of the thing (an article's id, an entity's
key, an event's content), never on the order of the build or on what else was built, so building
again, or with more articles, leaves every existing URI alone.

Layout, under the base URI:
    id/article/{article}                 the article (schema:NewsArticle)
    id/article/{article}/text            its text (nif:Context); evidence spans are
    id/article/{article}/text#char=B,E   RFC 5147 fragments of it, as NIF 2.0 does
    id/person/{key}  id/post/{key}  id/country/{iso2}  id/organization/{key}  id/place/{key}
    id/event/{article}/{type}-{hash}     a diplomatic event, minted from its content
    id/membership/{article}/{person}-{hash}  a person holding a post, as the article reports it (org:Membership)
    id/topic/{key}                       a skos:Concept of the topic scheme id/topic
    graph/{article}                      the named graph holding everything from the article
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote

from rdflib import URIRef

from linkeddata.facts import EntityKind, Post, Ref

DEFAULT_BASE_URI = "http://127.0.0.1:8080/"

_SLUG_DROP = re.compile(r"[^\w]+", re.UNICODE)

ENTITY_SEGMENTS: dict[EntityKind, str] = {
    EntityKind.PERSON: "person",
    EntityKind.COUNTRY: "country",
    EntityKind.ORGANIZATION: "organization",
    EntityKind.PLACE: "place",
}


def slug(text: str) -> str:
    """A readable, stable path segment: ASCII-folded where the script allows, lower case, dashes."""
    folded = unicodedata.normalize("NFKD", text)
    ascii_only = folded.encode("ascii", "ignore").decode()
    # Names in non-Latin scripts fold to nothing: keep them (percent-encoded in the URI) rather than lose them.
    basis = ascii_only if re.search(r"[A-Za-z0-9]", ascii_only) else unicodedata.normalize("NFC", text)
    return _SLUG_DROP.sub("-", basis.lower()).strip("-_") or "x"


def segment(text: str) -> str:
    """Percent-encode what a path segment must not hold, and every non-ASCII character: plain URIs,
    which every RDF tool and HTTP client takes, where IRIs would trip some of them."""
    return quote(text, safe="-._~!$&'()*+,;=:@")


def normalise_base(base_uri: str) -> str:
    if not re.match(r"^https?://[^/\s]+", base_uri):
        raise ValueError(f"--base-uri {base_uri!r} is not an http(s) URI")
    return base_uri if base_uri.endswith("/") else base_uri + "/"


@dataclass(frozen=True)
class Minter:
    """Mints the URIs of one dataset under `base`."""

    base: str = DEFAULT_BASE_URI

    def __post_init__(self) -> None:
        object.__setattr__(self, "base", normalise_base(self.base))

    def _iri(self, *segments: str) -> URIRef:
        return URIRef(self.base + "/".join(segment(s) for s in segments))

    def article(self, article_id: str) -> URIRef:
        return self._iri("id", "article", article_id)

    def context(self, article_id: str) -> URIRef:
        return self._iri("id", "article", article_id, "text")

    def span(self, article_id: str, begin: int, end: int) -> URIRef:
        return URIRef(f"{self.context(article_id)}#char={begin},{end}")

    def graph(self, article_id: str) -> URIRef:
        return self._iri("graph", article_id)

    def entity(self, ref: Ref) -> URIRef:
        return self._iri("id", ENTITY_SEGMENTS[ref.kind], ref.key)

    def post(self, post: Post) -> URIRef:
        return self._iri("id", "post", slug(post.label or post.title))

    def membership(self, article_id: str, person_key: str, post: Post) -> URIRef:
        """The holding of a post by a person as one article reports it."""
        digest = hashlib.sha1(f"{person_key}|{post.label or post.title}".encode()).hexdigest()[:10]
        return self._iri("id", "membership", article_id, f"{slug(person_key)}-{digest}")

    def topic(self, label: str) -> URIRef:
        return self._iri("id", "topic", slug(label))

    def topic_scheme(self) -> URIRef:
        return self._iri("id", "topic")

    def event(self, article_id: str, type_name: str, identity: str) -> URIRef:
        digest = hashlib.sha1(identity.encode("utf-8")).hexdigest()[:10]
        return self._iri("id", "event", article_id, f"{slug(type_name)}-{digest}")

    def dataset(self) -> URIRef:
        return self._iri("dataset")

    def sparql_endpoint(self) -> URIRef:
        return self._iri("sparql")

    def download(self, file_name: str) -> URIRef:
        return self._iri("downloads", file_name)


# ------------------------------------------------------------------------------ where documents live
#
# The web publishes every identifier with the 303 pattern of "Cool URIs for the Semantic Web": the
# identifier IRI names the thing, and answers 303 See Other to a document about it, chosen by Accept:
#     {path}                      the thing (id/..., graph/..., dataset, ontology, shapes)
#     page/{path}                 the HTML page about it
#     data/{path}.{extension}     its RDF, one URL per format (ttl, nt, jsonld, rdf, trig, nq)
# The ontology and the shapes are minted under VOCABULARY_SPACE (w3id.org redirects there), and this
# server publishes them at the same paths under its own root.

VOCABULARY_SPACE = "https://w3id.org/linkeddata-diplomacy/"
IDENTIFIER_ROOTS = ("id", "graph")  # every path under these names a resource
SINGLE_IDENTIFIERS = ("dataset", "ontology", "shapes")  # and these paths name one each
VOCABULARY_IDENTIFIERS = ("ontology", "shapes")  # minted under VOCABULARY_SPACE, not the base
PAGE_ROOT = "page"
DATA_ROOT = "data"


@dataclass(frozen=True)
class Documents:
    """The one URL builder of the web pages: identifier IRI <-> served path, and its document URLs.

    Paths are relative to the application root and start with "/"; the web layer prefixes the
    mount point (a proxy may publish the site under a path), so no view concatenates paths itself.
    """

    base: str = DEFAULT_BASE_URI

    def __post_init__(self) -> None:
        object.__setattr__(self, "base", normalise_base(self.base))

    def _local_rest(self, iri: str) -> str | None:
        """What follows our root in `iri`: the base URI for the data, VOCABULARY_SPACE for the
        ontology and the shapes."""
        if iri.startswith(VOCABULARY_SPACE):
            rest = iri[len(VOCABULARY_SPACE):]
            return rest if rest.split("#", 1)[0] in VOCABULARY_IDENTIFIERS else None
        if iri.startswith(self.base):
            rest = iri[len(self.base):]
            return None if rest.split("#", 1)[0] in VOCABULARY_IDENTIFIERS else rest
        return None

    def path_of(self, iri: str) -> str | None:
        """The served path of an identifier ("/id/person/x", "/ontology#Meeting"), None if not ours."""
        rest = self._local_rest(iri)
        if rest is None or not is_identifier_path(rest.split("#", 1)[0]):
            return None
        return "/" + rest

    def iri_of(self, path: str) -> str:
        """The identifier IRI a request path (decoded, without the leading "/") names."""
        clean = path.strip("/")
        space = VOCABULARY_SPACE if clean in VOCABULARY_IDENTIFIERS else self.base
        return space + "/".join(segment(part) for part in clean.split("/"))

    def page(self, iri: str) -> str | None:
        """The HTML page about an identifier (its fragment kept, so that the browser scrolls to it)."""
        path = self.path_of(iri)
        return None if path is None else f"/{PAGE_ROOT}{path}"

    def data(self, iri: str, extension: str) -> str | None:
        """The RDF document about an identifier, in the format of `extension` (no fragment: it is about
        the whole document, hash children included)."""
        path = self.path_of(iri)
        return None if path is None else f"/{DATA_ROOT}{path.split('#', 1)[0]}.{extension}"

    def href(self, iri: str) -> str:
        """Where a link to `iri` goes: its served path when it is ours (an identifier, or any other
        page of the site such as the endpoint or a download), else the IRI itself."""
        rest = self._local_rest(iri)
        return iri if rest is None else "/" + rest

    def public(self, path: str) -> str:
        """The absolute public URL of a served path (as named inside the RDF we send)."""
        return self.base + path.lstrip("/")


def is_identifier_path(path: str) -> bool:
    """Whether a path (no leading "/", no fragment) is one that names a resource."""
    if path in SINGLE_IDENTIFIERS:
        return True
    root, _, rest = path.partition("/")
    return root in IDENTIFIER_ROOTS and bool(rest)


def is_web_iri(text: str) -> bool:
    """An http(s) IRI that Turtle and N-Triples can write (no spaces, no characters IRIs exclude)."""
    return re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", text) is not None


_CREATIVE_COMMONS = re.compile(r"\bCC[ -]?(BY(?:[ -](?:SA|NC|ND))*)[ -]+(\d\.\d)\b", re.IGNORECASE)
_CC_ZERO = re.compile(r"\bCC[ -]?0\b", re.IGNORECASE)


def licence_iri(text: str) -> URIRef | None:
    """The IRI of a licence as an article's front matter writes it: an http(s) IRI, an SPDX identifier
    ("CC-BY-SA-4.0"), or a Creative Commons licence by name ("CC BY 2.5", "CC BY-NC-SA 3.0", "CC0")."""
    text = text.strip()
    if is_web_iri(text):
        return URIRef(text)
    named = _CREATIVE_COMMONS.search(text)
    if named:
        kind = "-".join(named[1].lower().replace(" ", "-").split("-"))
        return URIRef(f"https://creativecommons.org/licenses/{kind}/{named[2]}/")
    if _CC_ZERO.search(text):
        return URIRef("https://creativecommons.org/publicdomain/zero/1.0/")
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9.+-]*", text):
        return URIRef(f"https://spdx.org/licenses/{text}")
    return None
