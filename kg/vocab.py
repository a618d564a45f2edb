"""The ontology's terms as typed namespaces, and ``mint_iri``: the one place IRIs are made."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

__all__ = [
    "BASE",
    "ENTITY_TYPES",
    "EVENT_PREDICATES",
    "GEO",
    "KGR",
    "NIF",
    "PREDICATES",
    "STANDING_PREDICATES",
    "SYMMETRIC_PREDICATES",
    "WD",
    "mint_iri",
    "slug",
]

BASE = "https://w3id.org/geokg/"


class GEO(DefinedNamespace):
    """geokg ontology terms (``ontology/geokg.ttl``)."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # classes
    Entity: URIRef
    Actor: URIRef
    State: URIRef
    Organization: URIRef
    Person: URIRef
    Leader: URIRef
    Place: URIRef
    Region: URIRef
    Treaty: URIRef
    Statement: URIRef
    Document: URIRef
    Modality: URIRef
    EdgeSummary: URIRef
    # modality individuals
    Asserted: URIRef
    Negated: URIRef
    Hypothetical: URIRef
    Reported: URIRef
    # relation predicates
    deploysTo: URIRef
    condemns: URIRef
    demands: URIRef
    alliedWith: URIRef
    suppliesArmsTo: URIRef
    providesAidTo: URIRef
    sanctions: URIRef
    attacks: URIRef
    threatens: URIRef
    meetsWith: URIRef
    atWarWith: URIRef
    leaderOf: URIRef
    partOf: URIRef
    locatedIn: URIRef
    partyTo: URIRef
    memberOf: URIRef
    # super-properties grouping the predicates
    relation: URIRef
    standingRelation: URIRef
    eventRelation: URIRef
    # annotation properties mapping events to coding schemes
    cameoCode: URIRef
    ploverType: URIRef
    # statement and document data properties
    evidenceText: URIRef
    confidence: URIRef
    modality: URIRef
    eventDate: URIRef
    contentHash: URIRef
    # the store's edge summary (kg.edge_summary)
    edgeSubject: URIRef
    edgePredicate: URIRef
    edgeObject: URIRef
    documentCount: URIRef
    firstSeen: URIRef
    lastSeen: URIRef
    singleSourceSeen: URIRef


KGR = Namespace(BASE + "id/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
WD = Namespace("http://www.wikidata.org/entity/")

ENTITY_TYPES: tuple[str, ...] = ("State", "Leader", "Person", "Treaty", "Region", "Organization")
STANDING_PREDICATES: tuple[str, ...] = (
    "alliedWith", "leaderOf", "partOf", "locatedIn", "partyTo", "memberOf", "atWarWith",
)
EVENT_PREDICATES: tuple[str, ...] = (
    "deploysTo", "condemns", "demands", "suppliesArmsTo", "providesAidTo",
    "sanctions", "attacks", "threatens", "meetsWith",
)
PREDICATES: tuple[str, ...] = EVENT_PREDICATES + STANDING_PREDICATES
SYMMETRIC_PREDICATES: frozenset[str] = frozenset({"alliedWith", "meetsWith", "atWarWith"})

_SLUG_DROP = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """Return the ASCII snake_case key of a name.

    >>> slug("Kim Jong-un's  Vučić")
    'kim_jong_un_s_vucic'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _SLUG_DROP.sub("_", ascii_text.lower()).strip("_") or "x"


def _digest(*parts: object) -> str:
    joined = "\x1f".join(str(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:16]


def mint_iri(kind: str, *key: object) -> URIRef:
    """Return the stable IRI of a thing; the same key gives the same IRI in every run.

    kinds: ``entity`` (key: the entity id), ``document`` (key: source, content hash),
    ``statement`` (key: document IRI, subject, predicate, object, begin, end),
    ``edge`` (key: subject, predicate, object IRIs: an edge of the store's edge summary),
    ``agent`` (key: name, version).

    >>> mint_iri("entity", "north_korea")
    rdflib.term.URIRef('https://w3id.org/geokg/id/north_korea')
    """
    if kind == "entity":
        (entity_id,) = key
        return KGR[str(entity_id)]
    if kind == "document":
        return URIRef(f"{BASE}doc/{_digest(*key)}")
    if kind == "statement":
        return URIRef(f"{BASE}stmt/{_digest(*key)}")
    if kind == "edge":
        return URIRef(f"{BASE}edge/{_digest(*key)}")
    if kind == "agent":
        name, version = key
        return URIRef(f"{BASE}agent/{slug(str(name))}/{version}")
    raise ValueError(f"unknown IRI kind {kind!r}")
