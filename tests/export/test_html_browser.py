"""kg.export.html in a real headless Chromium (playwright driving Debian's /usr/bin/chromium).

Every page is loaded from file:// with all other requests aborted and recorded; console errors and
uncaught exceptions fail the test that caused them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

from kg.api import write_view
from kg.export.html import render_html
from kg.export.network import network
from kg.ingest import sample_dir
from kg.pipeline import build
from kg.store import open_store
from kg.vocab import PREDICATES
from tests.conftest import FIXTURES

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
ID = "https://w3id.org/geokg/id/"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)"
    ),
]

playwright_api = pytest.importorskip("playwright.sync_api", reason="needs playwright (pip install playwright)")

ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

XSS_NAME = "<img src=x onerror=alert(1)>"
XSS_SENTENCE = 'Officials said </script><script>alert(2)</script> "nothing happened".'

# An invented world: (key, label, type, aliases)
ACTORS = [
    ("freedonia", "Freedonia", "State", ["Freedonian"]),
    ("sylvania", "Sylvania", "State", []),
    ("grand_fenwick", "Grand Fenwick", "State", ["Fenwick"]),
    ("latveria", "Latveria", "State", []),
    ("genovia", "Genovia", "State", []),
    ("elbonia", "Elbonia", "State", []),
    ("borduria", "Borduria", "State", []),
    ("syldavia", "Syldavia", "State", []),
    ("ruritania", "Ruritania", "State", []),
    ("rufus_firefly", "Rufus Firefly", "Leader", ["Firefly"]),
    ("ambassador_trentino", "Ambassador Trentino", "Person", []),
    ("duchess_gloriana", "Duchess Gloriana", "Leader", []),
    ("victor_vashko", "Victor Vashko", "Leader", []),
    ("queen_renaldi", "Queen Renaldi", "Leader", []),
    ("colonel_sponsz", "Colonel Sponsz", "Person", []),
    ("northern_accord", "Northern Accord Alliance", "Organization", ["NAA"]),
    ("council_five_seas", "Council of Five Seas", "Organization", []),
    ("relief_corps", "Harbour Relief Corps", "Organization", []),
    ("marsh_hollow", "Marsh Hollow", "Region", []),
    ("eastern_shelf", "Eastern Shelf", "Region", []),
    ("kessel_valley", "Kessel Valley", "Region", []),
    ("marsh_hollow_pact", "Marsh Hollow Pact", "Treaty", []),
    ("tidewater_convention", "Tidewater Convention", "Treaty", []),
]

# (subject, predicate, object, [(doc number, modality, event day of March 2031 or None)], asserted)
RELATIONS = [
    ("freedonia", "attacks", "sylvania", [(1, "Asserted", 1), (2, "Reported", None), (3, "Asserted", 2)], True),
    ("freedonia", "threatens", "sylvania", [(4, "Asserted", 5)], True),
    ("sylvania", "condemns", "freedonia", [(2, "Asserted", 3), (5, "Asserted", 3)], True),
    ("freedonia", "atWarWith", "sylvania", [(6, "Reported", 8)], True),
    ("rufus_firefly", "leaderOf", "freedonia", [], True),
    ("ambassador_trentino", "meetsWith", "rufus_firefly", [(7, "Asserted", 10)], True),
    ("duchess_gloriana", "leaderOf", "grand_fenwick", [], True),
    ("victor_vashko", "leaderOf", "latveria", [], True),
    ("queen_renaldi", "leaderOf", "genovia", [], True),
    ("latveria", "suppliesArmsTo", "freedonia", [(8, "Reported", 12), (9, "Asserted", 14)], True),
    ("latveria", "deploysTo", "marsh_hollow", [(9, "Asserted", 14)], True),
    ("latveria", "sanctions", "grand_fenwick", [(10, "Hypothetical", None)], False),
    ("grand_fenwick", "sanctions", "latveria", [(11, "Asserted", 15), (12, "Asserted", 16)], True),
    ("grand_fenwick", "providesAidTo", "sylvania", [(11, "Asserted", 15)], True),
    ("genovia", "providesAidTo", "sylvania", [(13, "Asserted", 17)], True),
    ("relief_corps", "providesAidTo", "sylvania", [(13, "Asserted", 17), (14, "Reported", 18)], True),
    ("grand_fenwick", "memberOf", "northern_accord", [], True),
    ("genovia", "memberOf", "northern_accord", [], True),
    ("sylvania", "memberOf", "northern_accord", [], True),
    ("elbonia", "memberOf", "council_five_seas", [], True),
    ("borduria", "memberOf", "council_five_seas", [], True),
    ("syldavia", "memberOf", "council_five_seas", [], True),
    ("borduria", "threatens", "syldavia", [(15, "Asserted", 20)], True),
    ("borduria", "attacks", "syldavia", [(16, "Negated", 21)], False),
    ("syldavia", "alliedWith", "ruritania", [(17, "Asserted", 22)], True),
    ("ruritania", "demands", "borduria", [(17, "Asserted", 22)], True),
    ("colonel_sponsz", "meetsWith", "victor_vashko", [(18, "Reported", 24)], True),
    ("borduria", "meetsWith", "latveria", [(18, "Asserted", 24)], True),
    ("elbonia", "condemns", "latveria", [(19, "Asserted", 25)], True),
    ("marsh_hollow", "partOf", "sylvania", [], True),
    ("eastern_shelf", "locatedIn", "elbonia", [], True),
    ("kessel_valley", "partOf", "borduria", [], True),
    ("borduria", "deploysTo", "kessel_valley", [(20, "Asserted", 26)], True),
    ("sylvania", "partyTo", "marsh_hollow_pact", [(21, "Asserted", 27)], True),
    ("freedonia", "partyTo", "marsh_hollow_pact", [(21, "Asserted", 27)], True),
    ("elbonia", "partyTo", "tidewater_convention", [(22, "Asserted", 28)], True),
    ("genovia", "partyTo", "tidewater_convention", [(22, "Asserted", 28)], True),
    ("council_five_seas", "condemns", "borduria", [(23, "Asserted", 29)], True),
    ("northern_accord", "demands", "freedonia", [(23, "Asserted", 29), (24, "Reported", 30)], True),
    ("elbonia", "deploysTo", "eastern_shelf", [(24, "Hypothetical", 30)], False),
]


LABELS = {key: label for key, label, _t, _a in ACTORS}


def _doc(number: int) -> str:
    return f"https://w3id.org/geokg/doc/{number:016x}"


def world() -> nx.MultiDiGraph:
    """A networkx graph in the shape of kg.export.network.network()."""
    g = nx.MultiDiGraph()
    mentions: dict[str, set[int]] = {}
    for s, _p, o, evidence, _a in RELATIONS:
        for doc, _m, _d in evidence:
            mentions.setdefault(s, set()).add(doc)
            mentions.setdefault(o, set()).add(doc)
    for key, label, type_name, aliases in ACTORS:
        g.add_node(ID + key, label=label, type=type_name, wikidata=None, aliases=sorted(aliases),
                   mentions=len(mentions.get(key, ())))
    g.nodes[ID + "freedonia"]["wikidata"] = "http://www.wikidata.org/entity/Q9990001"
    for s, p, o, evidence, asserted in RELATIONS:
        items = []
        for doc, modality, day in evidence:
            items.append({
                "sentence": f"Dispatch {doc}: {LABELS[s]} {p} {LABELS[o]}.",
                "document": _doc(doc),
                "title": f"Dispatch {doc}",
                "source": f"https://news.example/dispatch-{doc}" if doc % 2 else f"archive/dispatch-{doc}.txt",
                "published": f"2031-03-{min(doc + 1, 31):02d}",
                "event_date": f"2031-03-{day:02d}" if day else None,
                "modality": modality,
                "confidence": 0.8,
            })
        dates = [ev["event_date"] or ev["published"] for ev in items]
        g.add_edge(ID + s, ID + o, key=p, predicate=p, sources=len({ev["document"] for ev in items}),
                   evidence=items, first_seen=min(dates) if dates else None,
                   last_seen=max(dates) if dates else None, asserted=asserted)
    return g


def xss_world() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node(ID + "evil", label=XSS_NAME, type="State", wikidata="javascript:alert(4)//www.wikidata.org/entity/Q1",
               aliases=["<b>bold</b>"], mentions=1)
    g.add_node(ID + "calm", label="Calmland", type="State", wikidata=None, aliases=[], mentions=1)
    g.add_edge(ID + "evil", ID + "calm", key="threatens", predicate="threatens", sources=1, evidence=[{
        "sentence": XSS_SENTENCE, "document": _doc(99), "title": "<i>Title</i>", "source": "javascript:alert(3)",
        "published": "2031-04-01", "event_date": None, "modality": "Asserted", "confidence": 0.5,
    }], first_seen="2031-04-01", last_seen="2031-04-01", asserted=True)
    return g


@pytest.fixture(scope="session")
def browser() -> Iterator:
    with playwright_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield chromium
        chromium.close()


class Loaded:
    """A page loaded from file:// with its external requests, console errors and dialogs."""

    def __init__(self, browser, path: Path, *, offline: bool = False):
        self.external: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.context = browser.new_context(viewport={"width": 1500, "height": 900}, offline=offline)
        self.page = self.context.new_page()
        self.page.route("**/*", self._route)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("body[data-stable='1']", timeout=20_000)

    def _route(self, route) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.external.append(route.request.url)
            route.abort()

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def counts(self) -> dict[str, int]:
        return self.page.evaluate("window.geokg.visibleCounts()")

    def edge_id(self, s: str, p: str, o: str) -> str:
        return self.page.evaluate(
            "([s, p, o]) => window.geokg.data.edges.find(e => e.from === s && e.to === o"
            " && e.geokg.predicate === p).id",
            [ID + s, p, ID + o],
        )

    def panel(self) -> str:
        return self.page.inner_text("#panel")


@pytest.fixture(scope="module")
def world_html(tmp_path_factory) -> Path:
    return render_html(world(), tmp_path_factory.mktemp("html") / "world.html", title="Invented world")


@pytest.fixture(scope="module")
def world_page(browser, world_html) -> Iterator[Loaded]:
    loaded = Loaded(browser, world_html)
    yield loaded
    loaded.context.close()


@pytest.fixture
def page(world_page) -> Iterator[Loaded]:
    """The world page, reset to its defaults; fails the test on external requests, errors or dialogs."""
    world_page.page.click("#reset")
    yield world_page
    assert world_page.external == []
    assert world_page.errors == []
    assert world_page.dialogs == []


def test_html_browser_makes_no_external_requests_and_shows_everything(page):
    assert page.page.locator("#mynetwork canvas").count() == 1
    assert page.counts() == {"nodes": len(ACTORS), "edges": len(RELATIONS)}
    assert page.external == []


def test_html_browser_screenshot_is_readable(page):
    ARTIFACTS.mkdir(exist_ok=True)
    page.page.evaluate("id => window.geokg.showEdge(id)", page.edge_id("freedonia", "attacks", "sylvania"))
    page.page.screenshot(path=str(ARTIFACTS / "graph.png"))
    assert (ARTIFACTS / "graph.png").stat().st_size > 10_000


def test_html_browser_edge_panel_lists_every_evidence_sentence(page):
    edge = page.edge_id("freedonia", "attacks", "sylvania")
    page.page.evaluate("id => window.geokg.showEdge(id)", edge)
    text = page.panel()
    for doc in (1, 2, 3):
        assert f"Dispatch {doc}: Freedonia attacks Sylvania." in text
    links = page.page.eval_on_selector_all("#panel a", "as => as.map(a => a.href)")
    assert links == ["https://news.example/dispatch-1", "https://news.example/dispatch-3"]  # dispatch-2 is a path


def test_html_browser_canvas_clicks_open_the_panel(page):
    def dom_point(js_canvas_point: str) -> dict[str, float]:
        return page.page.evaluate(
            "() => { const n = window.geokg.network; const c = " + js_canvas_point + ";"
            " const d = n.canvasToDOM(c); const r = document.querySelector('#mynetwork canvas')"
            ".getBoundingClientRect(); return {x: r.left + d.x, y: r.top + d.y}; }"
        )

    node = dom_point(f"window.geokg.network.getPositions(['{ID}latveria'])['{ID}latveria']")
    page.page.mouse.click(node["x"], node["y"])
    assert page.page.inner_text("#panel h2") == "Latveria"

    edge = page.edge_id("grand_fenwick", "providesAidTo", "sylvania")  # the only edge between the two
    point = dom_point(
        f"(() => {{ const p = window.geokg.network.getPositions(['{ID}grand_fenwick', '{ID}sylvania']);"
        f" const a = p['{ID}grand_fenwick'], b = p['{ID}sylvania'];"
        " return {x: (a.x + b.x) / 2, y: (a.y + b.y) / 2}; })()"
    )
    page.page.mouse.click(point["x"], point["y"])
    assert page.page.evaluate("window.geokg.network.getSelectedEdges()") == [edge]
    assert "Dispatch 11: Grand Fenwick providesAidTo Sylvania." in page.panel()


def _evidence_date(doc: int, day: int | None) -> str:
    """The date the page filters an evidence item by: its event date, else its document's publication date."""
    return f"2031-03-{day:02d}" if day else f"2031-03-{min(doc + 1, 31):02d}"


def _expected(predicate_off=(), modality_off=(), min_sources=0, date_from="", date_to=""):
    """Edge count the page should show, computed from RELATIONS with the page's documented rules."""
    shown = 0
    for s, p, o, evidence, _a in RELATIONS:
        if p in predicate_off:
            continue
        if not evidence:
            shown += "Asserted" not in modality_off and min_sources <= 0
            continue
        docs = set()
        for doc, modality, day in evidence:
            date = _evidence_date(doc, day)
            if modality in modality_off or (date_from and date < date_from) or (date_to and date > date_to):
                continue
            docs.add(doc)
        shown += bool(docs) and len(docs) >= min_sources
    return shown


@pytest.mark.parametrize(
    ("action", "expected_edges"),
    [
        pytest.param(
            "document.querySelector('input[name=predicate][value=attacks]').click()",
            _expected(predicate_off={"attacks"}),
            id="uncheck-attacks",
        ),
        pytest.param(
            "document.querySelector('input[name=predicate][value=memberOf]').click()",
            _expected(predicate_off={"memberOf"}),
            id="uncheck-memberOf",
        ),
        pytest.param(
            "['Hypothetical', 'Negated'].forEach(m => "
            "document.querySelector('input[name=modality][value=' + m + ']').click())",
            _expected(modality_off={"Hypothetical", "Negated"}),
            id="hide-hypothetical-and-negated",
        ),
        pytest.param(
            "(() => { const x = document.getElementById('min-sources'); x.value = '2';"
            " x.dispatchEvent(new Event('input')); })()",
            _expected(min_sources=2),
            id="min-sources-2",
        ),
        pytest.param(
            "(() => { const a = document.getElementById('date-from'), b = document.getElementById('date-to');"
            " a.value = '2031-03-10'; b.value = '2031-03-20'; a.dispatchEvent(new Event('change'));"
            " b.dispatchEvent(new Event('change')); })()",
            _expected(date_from="2031-03-10", date_to="2031-03-20"),
            id="date-range",
        ),
    ],
)
def test_html_browser_filters_reduce_visible_edges(page, action, expected_edges):
    assert expected_edges < len(RELATIONS)
    page.page.evaluate(action)
    assert page.counts()["edges"] == expected_edges
    page.page.click("#reset")
    assert page.counts() == {"nodes": len(ACTORS), "edges": len(RELATIONS)}


def test_html_browser_type_filter_hides_actors_and_their_edges(page):
    page.page.click("input[name=type][value=Leader]")
    leaders = {key for key, _l, t, _a in ACTORS if t == "Leader"}
    kept = [(s, o) for s, _p, o, _e, _a in RELATIONS if s not in leaders and o not in leaders]
    # actors whose every relation is hidden are hidden too (Trentino and Sponsz only meet leaders)
    assert page.counts() == {"nodes": len({x for edge in kept for x in edge}), "edges": len(kept)}
    assert page.page.evaluate(f"window.geokg.nodes.get('{ID}ambassador_trentino').hidden") is True


def test_html_browser_search_focuses_actor_and_neighbourhood(page):
    page.page.fill("#search", "naa")  # an alias, any case
    page.page.press("#search", "Enter")
    assert page.page.inner_text("#panel h2") == "Northern Accord Alliance"
    expected = [0, 0, 1.1, [ID + "northern_accord"]]
    for _ in range(100):  # the 400 ms zoom animation onto the actor (the page's CSP forbids wait_for_function)
        # scale and position animate together: wait for both, a loaded machine lags either one
        view = page.page.evaluate(
            f"(() => {{ const n = window.geokg.network; const p = n.getPositions(['{ID}northern_accord'])"
            f"['{ID}northern_accord']; const v = n.getViewPosition();"
            " return [Math.round(p.x - v.x), Math.round(p.y - v.y), Math.round(100 * n.getScale()) / 100,"
            " n.getSelectedNodes()]; })()"
        )
        if view == expected:
            break
        page.page.wait_for_timeout(100)
    assert view == expected
    page.page.click("#neighbourhood")
    hood = {"northern_accord"} | {
        x for s, _p, o, _e, _a in RELATIONS if "northern_accord" in (s, o) for x in (s, o)
    }
    assert page.counts() == {
        "nodes": len(hood),
        "edges": sum(1 for s, _p, o, _e, _a in RELATIONS if s in hood and o in hood),
    }
    page.page.click("#reset")
    assert page.counts() == {"nodes": len(ACTORS), "edges": len(RELATIONS)}


def test_html_browser_untrusted_text_is_shown_as_text(browser, tmp_path):
    loaded = Loaded(browser, render_html(xss_world(), tmp_path / "xss.html"))
    try:
        page = loaded.page
        page.evaluate(f"window.geokg.showNode({json.dumps(ID + 'evil')})")
        assert page.inner_text("#panel h2") == XSS_NAME
        assert page.locator("#panel img, #panel b").count() == 0
        assert page.locator("#panel a").count() == 0  # the wikidata value is not a valid Q-id IRI
        page.evaluate("window.geokg.showEdge(window.geokg.edges.get()[0].id)")
        text = loaded.panel()
        assert XSS_SENTENCE in text
        assert "<i>Title</i>" in text and "javascript:alert(3)" in text
        assert page.locator("#panel a, #panel script, #panel i").count() == 0
        page.wait_for_timeout(200)
        assert page.evaluate("document.querySelectorAll('script').length") == 4
    finally:
        loaded.context.close()
    assert loaded.dialogs == []
    assert loaded.errors == []
    assert loaded.external == []


def test_html_browser_large_graph_starts_with_top_actors(browser, tmp_path):
    g = nx.MultiDiGraph()
    n = 2100
    for i in range(n):
        g.add_node(f"{ID}a{i:04d}", label=f"Actor {i}", type="State", wikidata=None, aliases=[], mentions=0)
    for i in range(1, n):  # a tree: low indices are the hubs
        g.add_edge(f"{ID}a{(i - 1) // 7:04d}", f"{ID}a{i:04d}", key="meetsWith", predicate="meetsWith", sources=0,
                   evidence=[], first_seen=None, last_seen=None, asserted=True)
    loaded = Loaded(browser, render_html(g, tmp_path / "large.html"))
    try:
        assert loaded.counts() == {"nodes": 300, "edges": 299}
        assert loaded.page.inner_text("#show-all") == f"Show all {n} actors"
        # click and count in one task: the re-layout of 2,100 nodes that follows is not waited for
        shown = loaded.page.evaluate("document.getElementById('show-all').click(); window.geokg.visibleCounts()")
        assert shown == {"nodes": n, "edges": n - 1}
    finally:
        loaded.context.close()
    assert loaded.errors == [] and loaded.external == []


def _dom_point(page, canvas_point_js: str) -> dict[str, float]:
    """Viewport coordinates of a point of the network's canvas space."""
    return page.evaluate(
        "() => { const n = window.geokg.network; const c = " + canvas_point_js + ";"
        " const d = n.canvasToDOM(c); const r = document.querySelector('#mynetwork canvas')"
        ".getBoundingClientRect(); return {x: r.left + d.x, y: r.top + d.y}; }"
    )


def _node_point(page, node_id: str) -> dict[str, float]:
    return _dom_point(page, f"window.geokg.network.getPositions([{json.dumps(node_id)}])[{json.dumps(node_id)}]")


def test_html_browser_legend_names_every_type_and_relation_family(page):
    items = page.page.eval_on_selector_all("#legend li", "ls => ls.map(l => l.textContent)")
    assert items == [
        "State", "Leader", "Person", "Treaty", "Region", "Organization",
        "conflict", "cooperation", "structural", "dashed: not asserted",
    ]


def test_html_browser_more_connected_actors_are_drawn_bigger(page):
    sizes = page.page.evaluate(  # the size vis computed from each node's value (documents + relations)
        "ids => ids.map(id => window.geokg.network.body.nodes[id].options.size)",
        [ID + "sylvania", ID + "latveria", ID + "eastern_shelf"],
    )
    assert sizes[0] > sizes[1] > sizes[2]  # 10 relations + 11 documents > 7 + 6 > 2 + 1


def test_html_browser_layout_stops_once_settled(page):
    """Dragging an actor after the layout settled moves that actor only: physics is off."""
    assert page.page.evaluate("window.geokg.timing.layouts") == 1
    before = page.page.evaluate("window.geokg.network.getPositions()")
    start = _node_point(page.page, ID + "latveria")
    page.page.mouse.move(start["x"], start["y"])
    page.page.mouse.down()
    page.page.mouse.move(start["x"] + 60, start["y"] + 40, steps=8)
    page.page.mouse.up()
    page.page.wait_for_timeout(300)
    after = page.page.evaluate("window.geokg.network.getPositions()")
    moved = sorted(k for k in before if before[k] != after[k])
    assert moved == [ID + "latveria"]
    page.page.evaluate(f"window.geokg.network.moveNode({json.dumps(ID + 'latveria')}, "
                       f"{before[ID + 'latveria']['x']}, {before[ID + 'latveria']['y']})")


def test_html_browser_actor_panel_shows_names_type_wikidata_and_relations(page):
    page.page.evaluate(f"window.geokg.showNode({json.dumps(ID + 'freedonia')})")
    panel = page.page.locator("#panel")
    assert panel.locator("h2").text_content() == "Freedonia"
    assert panel.locator(".badge").text_content() == "State"
    mine = [(s, p, o, ev) for s, p, o, ev, _a in RELATIONS if "freedonia" in (s, o)]
    documents = len({doc for *_spo, ev in mine for doc, _m, _d in ev})
    assert panel.locator(".meta").nth(0).text_content() == f"State{documents} documents, {len(mine)} relations"
    assert panel.locator(".meta").nth(1).text_content() == "Freedonian"
    assert page.page.eval_on_selector_all("#panel a", "as => as.map(a => [a.textContent, a.href])") == [
        ["Q9990001", "https://www.wikidata.org/wiki/Q9990001"]
    ]
    order = {p: i for i, p in enumerate(PREDICATES)}
    expected = [
        f"{LABELS[s]} \u2192 {p} \u2192 {LABELS[o]}  ({n} {'source' if n == 1 else 'sources'})"
        for _k, s, p, o, n in sorted(((ID + s, ID + o, order[p]), s, p, o, len(ev)) for s, p, o, ev in mine)
    ]
    assert page.page.eval_on_selector_all("#panel li.relation button", "bs => bs.map(b => b.textContent)") == expected


def test_html_browser_edge_panel_gives_title_dates_and_source_of_each_sentence(page):
    page.page.evaluate("id => window.geokg.showEdge(id)", page.edge_id("freedonia", "attacks", "sylvania"))
    items = page.page.eval_on_selector_all(
        "#panel li.evidence",
        "ls => ls.map(l => Array.from(l.children).map(c => c.textContent))",
    )
    assert items == [
        ["Dispatch 1: Freedonia attacks Sylvania.",
         "AssertedDispatch 1 \u00b7 published 2031-03-02 \u00b7 event 2031-03-01 \u00b7 confidence 0.80",
         "https://news.example/dispatch-1"],
        ["Dispatch 2: Freedonia attacks Sylvania.",
         "ReportedDispatch 2 \u00b7 published 2031-03-03 \u00b7 confidence 0.80",
         "archive/dispatch-2.txt"],
        ["Dispatch 3: Freedonia attacks Sylvania.",
         "AssertedDispatch 3 \u00b7 published 2031-03-04 \u00b7 event 2031-03-02 \u00b7 confidence 0.80",
         "https://news.example/dispatch-3"],
    ]


def _stops() -> list[str]:
    return sorted({_evidence_date(doc, day) for _s, _p, _o, ev, _a in RELATIONS for doc, _m, day in ev})


def test_html_browser_date_slider_narrows_the_range(page):
    stops = _stops()
    page.page.focus("#date-slider-from")
    for _ in range(3):
        page.page.keyboard.press("ArrowRight")
    page.page.focus("#date-slider-to")
    for _ in range(5):
        page.page.keyboard.press("ArrowLeft")
    low, high = stops[3], stops[-6]
    assert (page.page.input_value("#date-from"), page.page.input_value("#date-to")) == (low, high)
    expected = _expected(date_from=low, date_to=high)
    assert expected < len(RELATIONS)
    assert page.counts()["edges"] == expected


def test_html_browser_date_slider_thumbs_do_not_cross_and_follow_typed_dates(page):
    stops = _stops()
    page.page.evaluate("(() => { const a = document.getElementById('date-slider-to'); a.value = '2';"
                       " a.dispatchEvent(new Event('input')); })()")
    page.page.evaluate("(() => { const a = document.getElementById('date-slider-from'); a.value = '5';"
                       " a.dispatchEvent(new Event('input')); })()")
    assert (page.page.input_value("#date-slider-from"), page.page.input_value("#date-slider-to")) == ("5", "5")
    assert (page.page.input_value("#date-from"), page.page.input_value("#date-to")) == (stops[5], stops[5])
    page.page.fill("#date-from", "2031-03-09")  # between stops: the thumb goes to the next date on or after it
    page.page.fill("#date-to", "2031-03-23")
    first = next(i for i, d in enumerate(stops) if d >= "2031-03-09")
    last = max(i for i, d in enumerate(stops) if d <= "2031-03-23")
    assert (page.page.input_value("#date-slider-from"), page.page.input_value("#date-slider-to")) == (
        str(first), str(last)
    )
    assert page.counts()["edges"] == _expected(date_from="2031-03-09", date_to="2031-03-23")


def test_html_browser_renders_with_the_network_disabled(browser, world_html):
    loaded = Loaded(browser, world_html, offline=True)
    try:
        assert loaded.counts() == {"nodes": len(ACTORS), "edges": len(RELATIONS)}
        state_pixels = loaded.page.evaluate(
            "() => { const c = document.querySelector('#mynetwork canvas');"
            " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;"
            " for (let i = 0; i < d.length; i += 4) if (d[i] === 0x4e && d[i + 1] === 0x79 && d[i + 2] === 0xa7) n++;"
            " return n; }"
        )
        assert state_pixels > 2000  # the nine State discs are painted
    finally:
        loaded.context.close()
    assert loaded.errors == [] and loaded.external == [] and loaded.dialogs == []


@pytest.fixture(scope="module")
def samples_page(browser, tmp_path_factory) -> Iterator[tuple[Loaded, int, int]]:
    store = open_store(":memory:")
    build(store, [sample_dir()])
    result = write_view(store, tmp_path_factory.mktemp("samples") / "samples.html", title="geokg samples")
    loaded = Loaded(browser, result.path)
    yield loaded, result.actors, result.relations
    loaded.context.close()


def test_html_browser_sample_articles_page_is_complete_and_uncluttered(samples_page):
    loaded, actors, relations = samples_page
    assert actors > 50 and relations > 50
    assert loaded.counts() == {"nodes": actors, "edges": relations}
    ARTIFACTS.mkdir(exist_ok=True)
    loaded.page.screenshot(path=str(ARTIFACTS / "samples.png"))
    # no hairball: after the fit, no two actors' centres are closer than 14 screen pixels
    closest = loaded.page.evaluate(
        "() => { const n = window.geokg.network; const p = Object.values(n.getPositions()).map(q => n.canvasToDOM(q));"
        " let m = Infinity; for (let i = 0; i < p.length; i++) for (let j = i + 1; j < p.length; j++)"
        " m = Math.min(m, Math.hypot(p[i].x - p[j].x, p[i].y - p[j].y)); return m; }"
    )
    assert closest >= 14
    assert loaded.page.evaluate("window.geokg.network.getScale()") >= 0.35
    assert loaded.errors == [] and loaded.external == [] and loaded.dialogs == []


def test_html_browser_hostile_article_is_shown_as_text(browser, tmp_path):
    """xss.txt puts <img onerror> in its title and a sentence, and </script><script> in another sentence."""
    store = open_store(":memory:")
    build(store, [FIXTURES / "articles" / "xss.txt"])
    net = network(store.graph())
    loaded = Loaded(browser, write_view(store, tmp_path / "hostile.html").path)
    try:
        page = loaded.page
        shown = 0
        for s, o, p, data in net.edges(keys=True, data=True):
            page.evaluate("id => window.geokg.showEdge(id)", loaded.edge_id(s[len(ID):], p, o[len(ID):]))
            sentences = page.eval_on_selector_all("#panel blockquote", "bs => bs.map(b => b.textContent)")
            assert sentences == [ev["sentence"] for ev in data["evidence"]]
            titles = page.eval_on_selector_all("#panel li.evidence .meta", "ms => ms.map(m => m.textContent)")
            assert all("Spokesman Max <img src=x onerror=alert(1)> Weber: Berlin condemns Moscow" in t
                       for t in titles[::2])
            shown += len(sentences)
        payloads = [ev["sentence"] for *_e, d in net.edges(keys=True, data=True) for ev in d["evidence"]]
        assert any("</script><script>alert(2)</script>" in x for x in payloads)
        assert any("<img src=x onerror=alert(1)>" in x for x in payloads)
        assert shown == len(payloads) >= 3
        assert page.locator("img").count() == 0
        page.wait_for_timeout(200)
        assert page.evaluate("document.querySelectorAll('script').length") == 4
    finally:
        loaded.context.close()
    assert loaded.dialogs == [] and loaded.errors == [] and loaded.external == []


def test_html_browser_large_graph_expands_around_an_actor(browser, tmp_path):
    g = nx.MultiDiGraph()
    n = 2100
    for i in range(n):
        g.add_node(f"{ID}a{i:04d}", label=f"Actor {i}", type="State", wikidata=None, aliases=[], mentions=0)
    for i in range(1, n):  # a 7-ary tree: a0001..a0298 have degree 8, so they and a0000, a0299 start shown
        g.add_edge(f"{ID}a{(i - 1) // 7:04d}", f"{ID}a{i:04d}", key="meetsWith", predicate="meetsWith", sources=0,
                   evidence=[], first_seen=None, last_seen=None, asserted=True)
    loaded = Loaded(browser, render_html(g, tmp_path / "large.html"))
    try:
        page = loaded.page
        assert loaded.counts() == {"nodes": 300, "edges": 299}
        page.evaluate(f"window.geokg.showNode('{ID}a0042')")  # children a0295..a0301: two are not shown yet
        assert page.inner_text("#expand") == "Show 2 more neighbours"
        page.click("#expand")
        assert loaded.counts() == {"nodes": 302, "edges": 301}
        assert page.locator("#expand").count() == 0
        page.wait_for_selector("body[data-stable='1']", timeout=20_000)
        point = _node_point(page, ID + "a0043")  # children a0302..a0308, none shown
        page.mouse.dblclick(point["x"], point["y"])
        assert loaded.counts() == {"nodes": 309, "edges": 308}
        page.wait_for_selector("body[data-stable='1']", timeout=20_000)
        page.fill("#search", "Actor 2000")  # a leaf under a0285
        page.press("#search", "Enter")
        assert page.inner_text("#panel h2") == "Actor 2000"
        assert loaded.counts() == {"nodes": 310, "edges": 309}
    finally:
        loaded.context.close()
    assert loaded.errors == [] and loaded.external == []


def test_html_browser_empty_graph_says_so(browser, tmp_path):
    loaded = Loaded(browser, render_html(nx.MultiDiGraph(), tmp_path / "empty.html"))  # waits for data-stable
    try:
        assert loaded.counts() == {"nodes": 0, "edges": 0}
        assert loaded.page.inner_text("#status") == "No actors to show (the graph, or --where, selected none)."
        assert loaded.page.inner_text("#counts") == "0 of 0 actors, 0 of 0 relations shown"
    finally:
        loaded.context.close()
    assert loaded.errors == [] and loaded.external == [] and loaded.dialogs == []
