"""The pictures of the pages, as positions for SVG templates: a timeline of events and the network of who met
whom (on a circle, the most connected first)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pyoxigraph as ox

from linkeddata.vocab import DIP, compact
from linkeddata.web.pages.terms import Term, link_of, term
from linkeddata.web.state import Description, Network, get_published

NETWORK_SIZE = 560  # the side of the network picture, in SVG units


@dataclass
class TimelineEvent:
    event: Term
    date: str
    kind: str
    status: str
    y: int = 0


def timeline(description: Description, events: list[ox.NamedNode]) -> list[TimelineEvent]:
    items = []
    for event in events:
        date = description.first(event, str(DIP.date))
        status = description.first(event, str(DIP.status))
        shown = term(description, event)
        kinds = [description.label(ox.NamedNode(t)) or compact(t)
                 for t in get_published().most_specific(description.types(event))]
        # Generated labels already begin with the kind ("Meeting: ..."): say it once.
        kind = "" if any(shown.text.lower().startswith(k.lower()) for k in kinds) else ", ".join(kinds)
        items.append(TimelineEvent(shown, date.value if date is not None else "", kind,
                                   compact(status.value).split(":")[-1] if status else ""))
    items.sort(key=lambda item: (item.date or "9999", item.event.text))
    for number, item in enumerate(items):
        item.y = 24 + number * 28
    return items


@dataclass
class Node:
    term: Term
    x: float
    y: float
    kind: str
    degree: int
    anchor: str = "start"


@dataclass
class Edge:
    x1: float
    y1: float
    x2: float
    y2: float
    weight: int


def network_picture(network: Network, size: int = NETWORK_SIZE) -> tuple[list[Node], list[Edge]]:
    """The members on a circle, in the order of their IRIs, and a line for each pairing."""
    places: dict[str, tuple[float, float]] = {}
    nodes = []
    centre, radius = size / 2, size / 2 - 150
    members = network.members
    for number, member in enumerate(members):
        angle = 2 * math.pi * number / max(1, len(members)) - math.pi / 2
        x, y = centre + radius * math.cos(angle), centre + radius * math.sin(angle)
        places[member.iri] = (x, y)
        href, external = link_of(member.iri)
        shown = Term(member.label or compact(member.iri), href, iri=member.iri, external=external)
        nodes.append(Node(shown, round(x, 1), round(y, 1), member.kind, member.degree,
                          "start" if math.cos(angle) >= -1e-9 else "end"))
    edges = [Edge(*(round(v, 1) for v in (*places[p.a], *places[p.b])), weight=p.times) for p in network.pairings]
    return nodes, edges
