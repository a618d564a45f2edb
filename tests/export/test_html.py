"""kg.export.html: the page is offline, self-contained, deterministic and does not let article text out."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
import pyvis

from kg.export.html import render_html

ID = "https://w3id.org/geokg/id/"
VIS_JS = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js"

XSS_NAME = "<img src=x onerror=alert(1)>"
XSS_SENTENCE = "They said </script><script>alert(2)</script> and left."


class Page(HTMLParser):
    """Collects the attributes, scripts and CSS of a page with the standard library's HTML parser."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.attributes: list[tuple[str, str, str]] = []  # (tag, name, value)
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.css: list[str] = []
        self._open: tuple[str, dict[str, str | None]] | None = None
        self._buffer: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            self.attributes.append((tag, name, value or ""))
            if name == "style":
                self.css.append(value or "")
        if tag in ("script", "style"):
            self._open = (tag, dict(attrs))
            self._buffer = []

    def handle_data(self, data):
        if self._open is not None:
            self._buffer.append(data)

    def handle_endtag(self, tag):
        if self._open is not None and tag == self._open[0]:
            text = "".join(self._buffer)
            if tag == "script":
                self.scripts.append((self._open[1], text))
            else:
                self.css.append(text)
            self._open = None

    def data(self) -> dict:
        (text,) = [t for attrs, t in self.scripts if attrs.get("id") == "geokg-data"]
        return json.loads(text)

    def options(self) -> dict:
        (text,) = [t for attrs, t in self.scripts if attrs.get("id") == "geokg-options"]
        return json.loads(text)


def small() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node(ID + "freedonia", label="Freedonia", type="State", wikidata="http://www.wikidata.org/entity/Q9990001",
               aliases=["Freedonian"], mentions=2)
    g.add_node(ID + "sylvania", label="Sylvania", type="State", wikidata=None, aliases=[], mentions=1)
    g.add_node(ID + "rufus_firefly", label="Rufus Firefly", type="Leader", wikidata=None, aliases=[], mentions=0)
    g.add_edge(ID + "freedonia", ID + "sylvania", key="attacks", predicate="attacks", sources=2, evidence=[
        {"sentence": "Gunboats shelled the harbour.", "document": "https://w3id.org/geokg/doc/1", "title": "Dispatch",
         "source": "https://news.example/1", "published": "2031-03-02", "event_date": "2031-03-01",
         "modality": "Asserted", "confidence": 0.9},
        {"sentence": "It happened again.", "document": "https://w3id.org/geokg/doc/2", "title": "Wire",
         "source": "wire.txt", "published": "2031-03-05", "event_date": None, "modality": "Reported",
         "confidence": 0.7},
    ], first_seen="2031-03-01", last_seen="2031-03-05", asserted=True)
    g.add_edge(ID + "rufus_firefly", ID + "freedonia", key="leaderOf", predicate="leaderOf", sources=0, evidence=[],
               first_seen=None, last_seen=None, asserted=True)
    return g


def with_text(label: str, sentence: str, source: str = "https://news.example/1") -> nx.MultiDiGraph:
    g = small()
    g.nodes[ID + "sylvania"]["label"] = label
    g.nodes[ID + "sylvania"]["aliases"] = [label]
    evidence = g.edges[ID + "freedonia", ID + "sylvania", "attacks"]["evidence"]
    evidence[0] = {**evidence[0], "sentence": sentence, "title": sentence, "source": source}
    return g


@pytest.fixture(scope="module")
def page_text(tmp_path_factory) -> str:
    return render_html(small(), tmp_path_factory.mktemp("html") / "small.html").read_text(encoding="utf-8")


def test_html_has_no_remote_urls_in_src_href_or_css(page_text):
    page = Page(page_text)
    links = [(tag, name, value) for tag, name, value in page.attributes if name in ("src", "href")]
    assert links == [("link", "href", "data:,")]
    assert not any(re.match(r"\s*(https?:)?//", value) for _t, _n, value in links)
    css = "\n".join(page.css)
    urls = re.findall(r"url\(\s*['\"]?([^'\")]*)", css)
    assert urls and all(u.startswith("data:") for u in urls)
    assert "@import" not in css


def test_html_inlines_vis_network_from_the_pyvis_package(page_text):
    page = Page(page_text)
    assert all("src" not in attrs for attrs, _text in page.scripts)
    assert VIS_JS.read_text(encoding="utf-8") in [text for _attrs, text in page.scripts]
    assert "vis-network" in "\n".join(page.css)


def test_html_content_security_policy_allows_only_the_inline_scripts(page_text):
    page = Page(page_text)
    (csp,) = [value for tag, name, value in page.attributes
              if tag == "meta" and name == "content" and "default-src" in value]
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp.split("style-src")[0]
    executable = [text for attrs, text in page.scripts if attrs.get("type") != "application/json"]
    assert len(executable) == 2
    for text in executable:
        digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_html_embeds_the_network_as_data(page_text):
    data = Page(page_text).data()
    assert [n["id"] for n in data["nodes"]] == [ID + "freedonia", ID + "rufus_firefly", ID + "sylvania"]
    assert [(e["id"], e["from"], e["to"], e["geokg"]["predicate"]) for e in data["edges"]] == [
        ("e0", ID + "freedonia", ID + "sylvania", "attacks"),
        ("e1", ID + "rufus_firefly", ID + "freedonia", "leaderOf"),
    ]
    attack = data["edges"][0]
    sentences = [ev["sentence"] for ev in attack["geokg"]["evidence"]]
    assert sentences == ["Gunboats shelled the harbour.", "It happened again."]
    assert attack["width"] > data["edges"][1]["width"]
    assert data["nodes"][0]["geokg"]["qid"] == "Q9990001"
    assert [n["group"] for n in data["nodes"]] == ["State", "Leader", "State"]
    assert all("title" not in item for item in data["nodes"] + data["edges"])  # no HTML tooltips


def test_html_is_deterministic(tmp_path):
    one = render_html(small(), tmp_path / "one.html").read_bytes()
    two = render_html(small(), tmp_path / "two.html").read_bytes()
    assert one == two


@pytest.mark.parametrize(
    ("label", "sentence", "forbidden"),
    [
        pytest.param(XSS_NAME, XSS_SENTENCE, ["</script><script>alert", "<img src=x"], id="script-break-out"),
        pytest.param("</SCRIPT ><!--", "<!-- <script>", ["</SCRIPT", "<!-- <script"], id="comment-and-case"),
        pytest.param("Line\u2028Sep\u2029", "a & b > c", ["\u2028", "\u2029", "a & b > c"], id="js-line-separators"),
        pytest.param('"quoted" \'single\'', "back\\slash `tick` ${x}", ['"quoted"'], id="quotes-and-templates"),
    ],
)
def test_html_untrusted_text_stays_data(tmp_path, label, sentence, forbidden):
    text = render_html(with_text(label, sentence), tmp_path / "page.html", title=label).read_text(encoding="utf-8")
    assert "</script><script>alert" not in text and "<img" not in text  # also not in the escaped <title>/<h1>
    page = Page(text)
    assert len(page.scripts) == 4  # nothing broke out of the JSON block
    assert not [tag for tag, _n, _v in page.attributes if tag == "img"]
    for _attrs, script in page.scripts:
        for raw in forbidden:
            assert raw not in script
    data = page.data()
    (node,) = [n for n in data["nodes"] if n["id"] == ID + "sylvania"]
    assert node["label"] == label and node["geokg"]["aliases"] == [label]
    assert data["edges"][0]["geokg"]["evidence"][0]["sentence"] == sentence


def test_html_rejects_non_wikidata_identifiers(tmp_path):
    g = small()
    g.nodes[ID + "freedonia"]["wikidata"] = "javascript:alert(1)//http://www.wikidata.org/entity/Q1"
    data = Page(render_html(g, tmp_path / "page.html").read_text(encoding="utf-8")).data()
    assert data["nodes"][0]["geokg"]["qid"] is None


@pytest.mark.parametrize(
    ("key", "shape", "color", "value"),
    [
        pytest.param("freedonia", "dot", "#4e79a7", 4, id="state-2-documents-2-relations"),
        pytest.param("sylvania", "dot", "#4e79a7", 2, id="state-1-document-1-relation"),
        pytest.param("rufus_firefly", "star", "#f28e2b", 1, id="leader-0-documents-1-relation"),
    ],
)
def test_html_node_shape_colour_and_size_follow_type_and_connectivity(page_text, key, shape, color, value):
    (node,) = [n for n in Page(page_text).data()["nodes"] if n["id"] == ID + key]
    group = Page(page_text).options()["groups"][node["group"]]  # vis draws a node with its group's style
    assert (group["shape"], group["color"]["background"], node["value"]) == (shape, color, value)
    assert "shape" not in node and "color" not in node


@pytest.mark.parametrize(
    ("edge", "color", "width", "dashes"),
    [
        pytest.param("e0", "#d1495b", 4.17, False, id="attacks-conflict-2-sources"),
        pytest.param("e1", "#8d939b", 1.0, False, id="leaderOf-structural-0-sources"),
    ],
)
def test_html_edge_colour_by_family_and_width_by_sources(page_text, edge, color, width, dashes):
    (data,) = [e for e in Page(page_text).data()["edges"] if e["id"] == edge]
    assert (data["color"]["color"], data["width"], data.get("dashes", False)) == (color, width, dashes)
    options = Page(page_text).options()["edges"]  # what an edge leaves out, the page's options say
    assert (options["arrows"]["to"]["enabled"], options["smooth"]) == (True, {"enabled": False})
    assert "arrows" not in data and "smooth" not in data


def test_html_long_names_are_shortened_on_the_canvas_only(tmp_path):
    name = "Mutual Defense Treaty between the Republic of the Philippines and the United States of America"
    data = Page(render_html(with_text(name, "s"), tmp_path / "page.html").read_text(encoding="utf-8")).data()
    (node,) = [n for n in data["nodes"] if n["id"] == ID + "sylvania"]
    assert (node["label"], node["geokg"]["name"]) == ("Mutual Defense Treaty between the\u2026", name)


def test_html_date_slider_stops_are_the_evidence_dates(page_text):
    meta = Page(page_text).data()["meta"]
    # event date of the first sentence, publication date of the second (it has no event date)
    assert (meta["dates"], meta["min_date"], meta["max_date"]) == (
        ["2031-03-01", "2031-03-05"], "2031-03-01", "2031-03-05"
    )


def test_html_edge_not_asserted_by_the_graph_is_dashed(tmp_path):
    g = small()
    g.edges[ID + "freedonia", ID + "sylvania", "attacks"]["asserted"] = False
    edges = Page(render_html(g, tmp_path / "page.html").read_text(encoding="utf-8")).data()["edges"]
    assert [(e["id"], e.get("dashes", False), e["geokg"]["asserted"]) for e in edges] == [
        ("e0", True, False), ("e1", False, True),
    ]


def test_html_evidence_points_into_one_table_of_documents(tmp_path):
    g = small()
    g.add_edge(ID + "sylvania", ID + "freedonia", key="condemns", predicate="condemns", sources=1, evidence=[
        {**g.edges[ID + "freedonia", ID + "sylvania", "attacks"]["evidence"][1], "sentence": "Wire again."},
    ], first_seen="2031-03-05", last_seen="2031-03-05", asserted=True)
    data = Page(render_html(g, tmp_path / "page.html").read_text(encoding="utf-8")).data()
    assert data["documents"] == [
        {"document": "https://w3id.org/geokg/doc/1", "title": "Dispatch", "source": "https://news.example/1",
         "published": "2031-03-02"},
        {"document": "https://w3id.org/geokg/doc/2", "title": "Wire", "source": "wire.txt", "published": "2031-03-05"},
    ]
    assert [[(ev["sentence"], ev["doc"]) for ev in e["geokg"]["evidence"]] for e in data["edges"]] == [
        [("Gunboats shelled the harbour.", 0), ("It happened again.", 1)],
        [],
        [("Wire again.", 1)],
    ]
