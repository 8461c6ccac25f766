"""The ontology holds the public vocabulary, documents every term, and names what the code uses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from linkeddata.vocab import DIP
from tests.conftest import PROJECT_ROOT, shared_path

ONTOLOGY = PROJECT_ROOT / "ontology" / "diplomacy.ttl"
EVENT_CLASSES = ("Meeting", "PhoneCall", "Visit", "Summit", "Invitation", "AgreementSigning")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


def dip_terms_in(text: str) -> set[str]:
    return set(re.findall(r"\bdip:([A-Za-z]+)", text))


def test_every_term_of_the_public_vocabulary_is_defined(ontology: Graph) -> None:
    spec = shared_path("spec", "vocabulary.md").read_text()
    for name in sorted(dip_terms_in(spec)):
        assert (DIP[name], None, None) in ontology, f"dip:{name} of vocabulary.md is not in the ontology"


def test_every_dip_term_the_code_uses_is_defined(ontology: Graph) -> None:
    used: set[str] = set()
    for path in (PROJECT_ROOT / "linkeddata").rglob("*.py"):
        used |= set(re.findall(r"\bDIP(?:\.|\[\")([A-Za-z]+)", path.read_text()))
    used |= dip_terms_in((PROJECT_ROOT / "shapes" / "diplomacy-shapes.ttl").read_text())
    missing = sorted(name for name in used if (DIP[name], None, None) not in ontology)
    assert not missing, missing


def test_every_term_has_a_label_a_definition_and_an_alignment_or_parent(ontology: Graph) -> None:
    for term in set(ontology.subjects()) - {URIRef(str(DIP).rstrip("#"))}:
        if not str(term).startswith(str(DIP)):
            continue
        assert ontology.value(term, RDFS.label) is not None, term
        assert ontology.value(term, SKOS.definition) is not None, term
        kinds = set(ontology.objects(term, RDF.type))
        if kinds & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty} and term != DIP.EventStatus:
            aligned = any(ontology.objects(term, p) for p in (RDFS.subClassOf, RDFS.subPropertyOf, SKOS.closeMatch))
            assert aligned or term == DIP.dateUnknown, f"{term} is aligned to no standard term"


def test_event_classes_carry_cameo_codes_and_roles_are_participants(ontology: Graph) -> None:
    for name in EVENT_CLASSES:
        assert (DIP[name], RDFS.subClassOf, DIP.DiplomaticEvent) in ontology
        assert list(ontology.objects(DIP[name], SKOS.notation)), name
    for role in ("inviter", "invitee", "invitedTo", "visitor", "destination"):
        assert (DIP[role], RDFS.subPropertyOf, DIP.participant) in ontology


def test_the_ontology_declares_the_dip_prefix() -> None:
    assert "@prefix dip:    <https://w3id.org/linkeddata-diplomacy/ontology#>" in ONTOLOGY.read_text()


def test_the_ontology_and_shapes_are_in_one_turtle_file_each() -> None:
    for folder in ("ontology", "shapes"):
        files = list(Path(PROJECT_ROOT / folder).glob("*.ttl"))
        assert len(files) == 1, files
