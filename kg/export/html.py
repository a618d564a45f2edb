"""One self-contained, offline, interactive HTML page of the network, drawn with pyvis / vis-network.

How the page stays offline: pyvis's own ``template.html`` always links Bootstrap from a CDN (and
tom-select/vis-network too unless ``cdn_resources="in_line"``), so the page is rendered through pyvis
with our own Jinja template (``net.templateEnv`` / ``net.path``). That template inlines the
vis-network JS and CSS shipped inside the installed pyvis package, declares a Content-Security-Policy
of ``default-src 'none'`` (scripts allowed only by their sha256 hash), and contains no http(s) URL in
any ``src``/``href``/``url()``.

How the page stays safe with untrusted text (entity names, evidence sentences, titles, sources):
nothing from the graph is put in pyvis ``title`` attributes (vis renders those as HTML). All data is
embedded once as JSON in a ``<script type="application/json">`` block with ``<``, ``>``, ``&`` and
non-ASCII characters (including U+2028/U+2029) escaped, so ``</script>`` cannot end the block; the
page's script shows details only with ``textContent`` and DOM nodes, sets link ``href`` only for
http(s) URLs, and builds Wikidata links only from a validated Q-id. Labels are drawn on the canvas.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx
import pyvis
from jinja2 import ChoiceLoader, DictLoader, Environment, FileSystemLoader
from markupsafe import Markup
from pyvis.edge import Edge
from pyvis.network import Network
from pyvis.node import Node

from kg.export.layout import seed_layout
from kg.vocab import ENTITY_TYPES, PREDICATES

__all__ = ["FAMILY_COLOR", "INITIAL_ACTORS", "LARGE_GRAPH", "NODE_STYLE", "PREDICATE_FAMILY", "render_html"]

# Above this many nodes the page starts with only the INITIAL_ACTORS most connected actors.
LARGE_GRAPH = 2000
INITIAL_ACTORS = 300
LABEL_CHARS = 36  # longer names are shortened on the canvas
SEEDED = 50  # drawings of more actors start from kg.export.layout's positions

NODE_STYLE: dict[str, dict[str, str]] = {
    "State": {"shape": "dot", "color": "#4e79a7"},
    "Leader": {"shape": "star", "color": "#f28e2b"},
    "Person": {"shape": "triangle", "color": "#e0b000"},
    "Treaty": {"shape": "square", "color": "#76b7b2"},
    "Region": {"shape": "hexagon", "color": "#9c755f"},
    "Organization": {"shape": "diamond", "color": "#b07aa1"},
}
_UNKNOWN_STYLE = {"shape": "dot", "color": "#999999"}

PREDICATE_FAMILY: dict[str, str] = {
    **dict.fromkeys(
        ("attacks", "atWarWith", "condemns", "threatens", "sanctions", "demands", "deploysTo"), "conflict"
    ),
    **dict.fromkeys(
        ("alliedWith", "suppliesArmsTo", "providesAidTo", "meetsWith", "partyTo", "memberOf"), "cooperation"
    ),
    **dict.fromkeys(("leaderOf", "partOf", "locatedIn"), "structural"),
}
FAMILY_COLOR = {"conflict": "#d1495b", "cooperation": "#2e9e5b", "structural": "#8d939b"}
FAMILIES = ("conflict", "cooperation", "structural")
MODALITIES = ("Asserted", "Reported", "Hypothetical", "Negated")

_QID = re.compile(r"^https?://www\.wikidata\.org/entity/(Q[1-9][0-9]*)$")
_VIS_DIR = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"

_LEGEND_SVG = {
    "dot": '<circle cx="9" cy="9" r="6.5"/>',
    "star": '<polygon points="9,1.5 11,6.8 16.6,7 12.2,10.5 13.7,16 9,12.8 4.3,16 5.8,10.5 1.4,7 7,6.8"/>',
    "triangle": '<polygon points="9,2 16.5,15.5 1.5,15.5"/>',
    "square": '<rect x="3" y="3" width="12" height="12"/>',
    "hexagon": '<polygon points="9,1.5 15.5,5.2 15.5,12.8 9,16.5 2.5,12.8 2.5,5.2"/>',
    "diamond": '<polygon points="9,1 17,9 9,17 1,9"/>',
}


def _script_json(value: Any) -> Markup:
    """JSON text that is safe inside a <script> element (no <, >, & or raw non-ASCII)."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=True, sort_keys=True)
    text = (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
    return Markup(text)


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def _qid(wikidata: Any) -> str | None:
    match = _QID.match(str(wikidata)) if wikidata else None
    return match.group(1) if match else None


def _short(name: str, limit: int = LABEL_CHARS) -> str:
    """The name drawn on the canvas: cut at a word boundary with an ellipsis (the panel shows it whole).

    >>> _short("Mutual Defense Treaty between the Republic of the Philippines and the United States")
    'Mutual Defense Treaty between the…'
    """
    if len(name) <= limit:
        return name
    cut = name[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-") + "…"


def _edge_width(sources: int) -> float:
    return round(min(10.0, 1.0 + 2.0 * math.log2(1 + max(0, sources))), 2)


def _curves(edges: list[tuple[str, str, str]]) -> dict[tuple[str, str, str], dict[str, Any]]:
    """vis ``smooth`` option per edge so that parallel edges between two nodes fan out."""
    groups: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    for edge in edges:
        u, v, _ = edge
        groups.setdefault((min(u, v), max(u, v)), []).append(edge)
    smooth: dict[tuple[str, str, str], dict[str, Any]] = {}
    for (low, _high), members in groups.items():
        n = len(members)
        for i, edge in enumerate(members):
            slot = i - (n - 1) / 2  # ..., -1, 0, 1, ... (half steps when n is even)
            if slot == 0:
                smooth[edge] = {"enabled": False}
                continue
            clockwise = slot > 0
            if edge[0] != low:  # drawn in the other direction: the same side is the other turn
                clockwise = not clockwise
            smooth[edge] = {
                "enabled": True,
                "type": "curvedCW" if clockwise else "curvedCCW",
                "roundness": round(min(0.8, 0.22 * abs(slot) * (2 if n % 2 == 0 else 1)), 3),
            }
    return smooth


def _vis_data(net: nx.MultiDiGraph) -> tuple[Network, dict[str, Any], list[dict[str, Any]]]:
    """A pyvis Network holding the vis-network node and edge dicts, page metadata, and the documents.

    Evidence items point into the documents list (``doc``) instead of repeating the title, source
    and date of their document: a document is typically cited by several relations.
    """
    documents: list[dict[str, Any]] = []
    doc_index: dict[tuple[Any, ...], int] = {}
    degree: Counter[str] = Counter()
    for u, v in net.edges():
        degree[u] += 1
        degree[v] += 1
    nodes = sorted(net.nodes)
    order = {p: i for i, p in enumerate(PREDICATES)}
    edge_keys = sorted(
        ((u, v, k) for u, v, k in net.edges(keys=True)),
        key=lambda e: (e[0], e[1], order.get(e[2], len(order)), e[2]),
    )
    smooth = _curves(edge_keys)
    many_edges = len(edge_keys) > 400
    few_edges = len(edge_keys) <= 800  # above, edges are drawn lighter so that the actors stay visible
    large = len(nodes) > LARGE_GRAPH
    # the actors drawn first: all, or above LARGE_GRAPH the most connected (ties by IRI)
    initial = sorted(nodes, key=lambda n: (-degree[n], n))[:INITIAL_ACTORS] if large else nodes
    # above SEEDED actors vis's force layout starts from kg.export.layout's positions (it then settles
    # in a few dozen iterations); below, its own layout from scratch takes a second and looks best
    seeds = seed_layout(initial, [(u, v) for u, v, _k in edge_keys]) if len(initial) > SEEDED else {}

    pv = Network(height="100%", width="100%", directed=True, cdn_resources="in_line", bgcolor="#fbfbfd")
    for n in nodes:
        data = net.nodes[n]
        type_name = data.get("type") or "Entity"
        style = NODE_STYLE.get(type_name, _UNKNOWN_STYLE)
        mentions = int(data.get("mentions") or 0)
        name = str(data.get("label") or n)
        node = Node(
            n,
            style["shape"],
            label=_short(name),
            value=mentions + degree[n],
            geokg={
                "name": name,
                "type": type_name,
                "aliases": [str(a) for a in data.get("aliases") or []],
                "qid": _qid(data.get("wikidata")),
                "mentions": mentions,
                "degree": degree[n],
            },
        )
        del node.options["shape"]  # shape and colour come from the type's vis group (_groups): smaller pages
        node.options["group"] = type_name if type_name in NODE_STYLE else "Entity"
        if n in seeds:
            node.options["x"], node.options["y"] = seeds[n]
        pv.nodes.append(node.options)  # Network.add_node is O(n) per call; same dicts, built by pyvis
        pv.node_ids.append(n)
        pv.node_map[n] = node.options
    dates: set[str] = set()  # the date of each evidence item: its event date, else its publication date
    for i, (u, v, k) in enumerate(edge_keys):
        data = net.edges[u, v, k]
        predicate = str(data.get("predicate") or k)
        family = PREDICATE_FAMILY.get(predicate, "structural")
        evidence = []
        for ev in data.get("evidence") or []:
            doc = {name: ev.get(name) for name in ("document", "title", "source", "published")}
            key = tuple(doc.values()) if doc["document"] is None else (doc["document"],)
            if key not in doc_index:
                doc_index[key] = len(documents)
                documents.append(doc)
            evidence.append({
                "sentence": ev.get("sentence"), "doc": doc_index[key], "event_date": ev.get("event_date"),
                "modality": ev.get("modality"), "confidence": ev.get("confidence"),
            })
            dates.update(d for d in (ev.get("event_date") or doc["published"],) if d)
        asserted = bool(data.get("asserted", True))
        color = FAMILY_COLOR[family]
        edge = Edge(
            u,
            v,
            directed=True,
            id=f"e{i}",
            label="" if many_edges else predicate,
            color={"color": color, "highlight": color, "hover": color, "opacity": 0.85 if few_edges else 0.45},
            width=_edge_width(int(data.get("sources") or 0)),
            dashes=not asserted,
            smooth=smooth[(u, v, k)],
            geokg={
                "predicate": predicate,
                "family": family,
                "sources": int(data.get("sources") or 0),
                "first_seen": data.get("first_seen"),
                "last_seen": data.get("last_seen"),
                "asserted": asserted,
                "evidence": evidence,
            },
        )
        for option, default in (("arrows", "to"), ("dashes", False), ("label", ""), ("smooth", {"enabled": False})):
            if edge.options.get(option) == default:  # the options' defaults (_options): smaller pages
                del edge.options[option]
        pv.edges.append(edge.options)  # Network.add_edge checks node membership in a list: O(n) per call
    meta = {
        "large": large,
        "initial_actors": INITIAL_ACTORS,
        "initial": sorted(initial) if large else None,
        "relayout_iterations": _iterations(len(nodes)),
        "min_date": min(dates) if dates else "",
        "max_date": max(dates) if dates else "",
        "dates": sorted(dates),  # the stops of the date-range slider
        "edge_labels": not many_edges,
        "types": list(ENTITY_TYPES),
        "predicates": list(PREDICATES),
        "modalities": list(MODALITIES),
        "families": {p: PREDICATE_FAMILY.get(p, "structural") for p in PREDICATES},
    }
    return pv, meta, documents


def _groups() -> dict[str, dict[str, Any]]:
    """vis node groups, one per entity type: its shape and colour (white border, dark when selected)."""
    return {
        type_name: {
            "shape": style["shape"],
            "color": {
                "background": style["color"],
                "border": "#ffffff",
                "highlight": {"background": style["color"], "border": "#1f2430"},
                "hover": {"background": style["color"], "border": "#1f2430"},
            },
        }
        for type_name, style in {**NODE_STYLE, "Entity": _UNKNOWN_STYLE}.items()
    }


def _iterations(node_count: int) -> int:
    """Layout iterations: fewer for more actors (each costs O(n log n)); above SEEDED the seed did the rough work."""
    return 600 if node_count <= SEEDED else 300 if node_count <= 200 else 150 if node_count <= 1000 else 30


def _options(node_count: int, edge_count: int) -> dict[str, Any]:
    shown = min(node_count, INITIAL_ACTORS) if node_count > LARGE_GRAPH else node_count
    iterations = _iterations(shown)
    # the more actors share the canvas, the smaller the zoom that fits them: hubs grow so that they
    # and their names still stand out when everything is in view
    grow = max(1.0, math.sqrt(shown / 200))
    return {
        "autoResize": True,
        "groups": _groups(),
        "layout": {"randomSeed": 7, "improvedLayout": node_count <= 100},
        "nodes": {
            "borderWidth": 1.5,
            # size (and label size) grows with documents + relations; hubs stay legible when zoomed out
            "scaling": {
                "min": round(12 * grow),
                "max": round(min(160, 40 * grow)),
                "label": {
                    "enabled": True, "min": 17, "max": round(min(300, 28 * grow * grow)), "maxVisible": 30,
                    "drawThreshold": 6,
                },
            },
            "borderWidthSelected": 3,
            # long names wrap instead of running over their neighbours (the limit grows with the font)
            "widthConstraint": {"maximum": round(210 * grow * grow)},
            "font": {
                "size": 15,
                "face": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
                "color": "#1f2430",
                "strokeWidth": 4,
                "strokeColor": "#ffffff",
            },
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.55}},
            "smooth": {"enabled": False},  # straight unless parallel edges fan out (per-edge smooth)
            "arrowStrikethrough": False,
            "font": {
                "size": 11,
                "face": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
                "color": "#3d4350",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
                "align": "horizontal",
            },
            "selectionWidth": 2,
            "hoverWidth": 1,
            # relation labels appear once the view is zoomed in enough to read them (11px * scale >= 8px)
            "scaling": {"label": {"enabled": False, "drawThreshold": 9}},
        },
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -120 if shown <= 40 else -110,
                "centralGravity": 0.012 if shown <= 40 else 0.02,
                "springLength": 170 if shown <= 40 else 140,
                "springConstant": 0.05,
                "damping": 0.6,
                "avoidOverlap": 0.8,
            },
            "maxVelocity": 60,
            "minVelocity": 0.8,
            "timestep": 0.45,
            "stabilization": {"enabled": True, "iterations": iterations, "updateInterval": 25, "fit": True},
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 300,
            "hideEdgesOnDrag": edge_count > 1500,
            "hideEdgesOnZoom": edge_count > 1500,
            "multiselect": False,
            "navigationButtons": False,
            "keyboard": False,
        },
    }


def _legend_html() -> Markup:
    rows = []
    for type_name in ENTITY_TYPES:
        style = NODE_STYLE[type_name]
        rows.append(
            f'<li><svg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true" fill="{style["color"]}" '
            f'stroke="#ffffff">{_LEGEND_SVG[style["shape"]]}</svg>{type_name}</li>'
        )
    for family in FAMILIES:
        rows.append(
            f'<li><svg width="22" height="10" aria-hidden="true"><line x1="1" y1="5" x2="21" y2="5" '
            f'stroke="{FAMILY_COLOR[family]}" stroke-width="3"/></svg>{family}</li>'
        )
    rows.append(
        '<li><svg width="22" height="10" aria-hidden="true"><line x1="1" y1="5" x2="21" y2="5" stroke="#555" '
        'stroke-width="2" stroke-dasharray="4 3"/></svg>dashed: not asserted</li>'
    )
    return Markup("\n".join(rows))


def _checkboxes(name: str, values: list[str], colors: dict[str, str]) -> Markup:
    rows = []
    for value in values:
        swatch = f'<span class="swatch" style="background:{colors[value]}"></span>' if value in colors else ""
        rows.append(
            f'<label><input type="checkbox" name="{name}" value="{value}" checked>{swatch}'
            f'<span class="name">{value}</span><span class="count" data-count="{name}:{value}"></span></label>'
        )
    return Markup("\n".join(rows))


def _environment() -> Environment:
    env = Environment(
        loader=ChoiceLoader([DictLoader({"geokg.html": _TEMPLATE}), FileSystemLoader(str(_VIS_DIR.parent.parent))]),
        autoescape=True,
        keep_trailing_newline=True,
    )
    env.filters["scriptjson"] = _script_json
    return env


def render_html(net: nx.MultiDiGraph, out: Path, *, title: str = "geokg network") -> Path:
    """Write ``net`` (from ``kg.export.network.network``) as one offline HTML page and return its path."""
    out = Path(out)
    pv, meta, documents = _vis_data(net)
    pv.heading = title
    pv.options = _options(len(pv.nodes), len(pv.edges))  # a dict: pyvis passes json.dumps(options)
    vis_js = (_VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8")
    vis_css = (_VIS_DIR / "vis-network.css").read_text(encoding="utf-8")
    env = _environment()
    env.globals.update(
        documents=documents,
        vis_js=Markup(vis_js),
        vis_css=Markup(vis_css),
        app_js=Markup(_APP_JS),
        app_css=Markup(_APP_CSS),
        csp_scripts=" ".join((_csp_hash(vis_js), _csp_hash(_APP_JS))),
        meta=meta,
        legend=_legend_html(),
        type_boxes=_checkboxes("type", list(ENTITY_TYPES), {t: NODE_STYLE[t]["color"] for t in ENTITY_TYPES}),
        predicate_boxes={
            family: _checkboxes(
                "predicate",
                [p for p in PREDICATES if PREDICATE_FAMILY.get(p) == family],
                {p: FAMILY_COLOR[family] for p in PREDICATES},
            )
            for family in FAMILIES
        },
        modality_boxes=_checkboxes("modality", list(MODALITIES), {}),
        families=FAMILIES,
        type_colors={t: s["color"] for t, s in NODE_STYLE.items()},
        family_colors=FAMILY_COLOR,
    )
    pv.templateEnv = env
    pv.path = "geokg.html"
    html = pv.generate_html()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return out


_APP_CSS = r"""
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #1f2430; background: #f3f4f7; }
body { display: flex; flex-direction: column; }
header { display: flex; align-items: baseline; gap: 16px; padding: 8px 14px; background: #1f2430; color: #fff; }
header h1 { font-size: 16px; margin: 0; font-weight: 600; }
header #counts { color: #c9ccd6; font-size: 12px; }
#app { flex: 1; display: flex; min-height: 0; }
#controls { width: 236px; overflow-y: auto; padding: 8px 10px; background: #fff; border-right: 1px solid #dde0e7; }
#controls fieldset { border: 0; border-top: 1px solid #e6e8ee; margin: 6px 0 0; padding: 6px 0 2px; }
#controls legend { font-weight: 600; font-size: 11px; text-transform: uppercase; letter-spacing: .04em;
  color: #5b6170; padding: 0 4px 0 0; }
#controls label { display: flex; align-items: center; gap: 5px; padding: 1px 0; cursor: pointer; }
#controls .family { font-size: 11px; color: #7a8090; margin: 4px 0 0; }
#controls .count { margin-left: auto; color: #8a90a0; font-size: 11px; }
#controls input[type=date], #controls input[type=number], #controls input[type=search] {
  width: 100%; font: inherit; padding: 3px 5px; border: 1px solid #c8ccd6; border-radius: 4px; }
#controls .row { display: flex; gap: 6px; align-items: center; margin: 3px 0; }
#controls .row > span { width: 34px; color: #5b6170; }
#controls button { font: inherit; padding: 4px 8px; border: 1px solid #b9bfcc; border-radius: 4px; background: #f6f7fa;
  cursor: pointer; }
#controls button:hover { background: #e9ecf3; }
#controls button:disabled { opacity: .5; cursor: default; }
.buttons { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 6px; }
.slider { position: relative; height: 20px; margin: 2px 0 4px; background-color: transparent; }
.slider::before { content: ""; position: absolute; left: 7px; right: 7px; top: 9px; height: 3px; border-radius: 2px;
  background: #d5d8e0; z-index: -1; }
#controls .slider input[type=range] { position: absolute; inset: 0; width: 100%; margin: 0; background: none;
  pointer-events: none; -webkit-appearance: none; appearance: none; height: 20px; }
#controls .slider input[type=range]::-webkit-slider-thumb { pointer-events: auto; -webkit-appearance: none;
  width: 14px; height: 14px; border-radius: 50%; background: #2b59c3; border: 2px solid #fff;
  box-shadow: 0 0 0 1px #2b59c3; cursor: pointer; }
#controls .slider input[type=range]::-moz-range-thumb { pointer-events: auto; width: 12px; height: 12px;
  border-radius: 50%; background: #2b59c3; border: 2px solid #fff; cursor: pointer; }
#controls .slider input[type=range]:focus-visible { outline: none; }
#controls .slider input[type=range]:focus-visible::-webkit-slider-thumb { box-shadow: 0 0 0 3px #9db4ea; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; }
#search-msg { color: #a0342f; min-height: 1em; font-size: 12px; }
#graph-wrap { flex: 1; display: flex; flex-direction: column; min-width: 0; }
#legend { display: flex; flex-wrap: wrap; align-items: center; gap: 2px 14px; padding: 5px 12px; background: #fff;
  border-bottom: 1px solid #dde0e7; }
#legend h2 { font-size: 11px; margin: 0; text-transform: uppercase; letter-spacing: .04em; color: #5b6170; }
#legend ul { display: contents; list-style: none; }
#legend li { display: flex; align-items: center; gap: 5px; font-size: 12px; line-height: 20px; }
#canvas-wrap { flex: 1; position: relative; min-height: 0; }
#mynetwork { position: absolute; inset: 0; background: #fbfbfd; }
#status { position: absolute; bottom: 10px; left: 10px; background: rgba(31,36,48,.85); color: #fff; padding: 4px 9px;
  border-radius: 4px; font-size: 12px; }
#status:empty { display: none; }
#panel { width: 360px; overflow-y: auto; padding: 10px 14px; background: #fff; border-left: 1px solid #dde0e7; }
#panel h2 { font-size: 16px; margin: 2px 0 6px; overflow-wrap: anywhere; }
#panel h3 { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: #5b6170; margin: 14px 0 4px; }
#panel .hint { color: #7a8090; }
#panel .badge { display: inline-block; padding: 1px 7px; border-radius: 9px; color: #fff; font-size: 11px;
  margin-right: 4px; }
#panel .meta { color: #5b6170; font-size: 12px; overflow-wrap: anywhere; }
#panel ul { padding-left: 0; list-style: none; margin: 0; }
#panel li.relation { padding: 3px 0; border-bottom: 1px solid #f0f1f4; }
#panel li.relation button { all: unset; cursor: pointer; color: #2b59c3; overflow-wrap: anywhere; }
#panel li.relation button:hover { text-decoration: underline; }
#panel li.evidence { border-left: 3px solid #c8ccd6; padding: 4px 0 4px 9px; margin: 8px 0; }
#panel li.evidence blockquote { margin: 0 0 3px; font-size: 13px; overflow-wrap: anywhere; white-space: pre-wrap; }
#panel .mod-Asserted { background: #2e7d4f; } #panel .mod-Reported { background: #4e79a7; }
#panel .mod-Hypothetical { background: #b07a10; } #panel .mod-Negated { background: #8b3a3a; }
#panel .mod-none { background: #8d939b; }
#panel a { color: #2b59c3; overflow-wrap: anywhere; }
#panel button.expand { font: inherit; margin: 8px 0 0; padding: 4px 9px; border: 1px solid #2b59c3; border-radius: 4px;
  background: #eef2fb; color: #2b59c3; cursor: pointer; }
"""

_APP_JS = r"""
(function () {
  "use strict";
  var payload = JSON.parse(document.getElementById("geokg-data").textContent);
  payload.edges.forEach(function (e) {  // each evidence item gets its document's title, source and dates
    e.geokg.evidence.forEach(function (ev) {
      var d = payload.documents[ev.doc];
      ev.document = d.document; ev.title = d.title; ev.source = d.source; ev.published = d.published;
    });
  });
  var options = JSON.parse(document.getElementById("geokg-options").textContent);
  var meta = payload.meta;
  // vis gets the drawing attributes only: its DataSets copy items on every read, and the evidence
  // lists would make each copy expensive; the page's own details stay in payload
  function drawable(item) {
    var copy = {};
    Object.keys(item).forEach(function (k) { if (k !== "geokg") copy[k] = item[k]; });
    return copy;
  }
  var nodes = new vis.DataSet(payload.nodes.map(drawable));
  var edges = new vis.DataSet(payload.edges.map(drawable));
  var byId = {};
  payload.nodes.forEach(function (n) { byId[n.id] = n; });
  var incident = {};
  payload.nodes.forEach(function (n) { incident[n.id] = []; });
  payload.edges.forEach(function (e) { incident[e.from].push(e.id); incident[e.to].push(e.id); });
  var edgeById = {};
  payload.edges.forEach(function (e) { edgeById[e.id] = e; });

  // ---- scope: above LARGE_GRAPH nodes start with the most connected actors only --------------
  var scope = meta.large ? new Set(meta.initial) : null;  // null = everything
  var nodesView = new vis.DataView(nodes, { filter: function (n) { return scope === null || scope.has(n.id); } });
  // a relation hidden by the filters leaves the view (vis re-parses every updated edge: hiding by a
  // "hidden" flag costs ~1 ms per edge, removing it almost nothing); actors keep a flag, and so their place
  var hiddenNode = {}, hiddenEdge = {};
  var edgesView = new vis.DataView(edges, {
    filter: function (e) { return !hiddenEdge[e.id] && (scope === null || (scope.has(e.from) && scope.has(e.to))); }
  });

  var container = document.getElementById("mynetwork");
  var network = new vis.Network(container, { nodes: nodesView, edges: edgesView }, options);
  var networkReadyMs = Math.round(performance.now());
  var statusEl = document.getElementById("status");
  statusEl.textContent = "Laying out\u2026";
  // milliseconds since navigation start at which the layout first settled / last settled (read by bench_view.py)
  var timing = { network_ms: networkReadyMs, first_stable_ms: null, last_stable_ms: null, layouts: 0 };
  function settled() {
    network.setOptions({ physics: false });  // the layout stays where it settled: nothing moves by itself
    network.fit({ animation: false });
    statusEl.textContent = payload.nodes.length ? "" : "No actors to show (the graph, or --where, selected none).";
    var now = Math.round(performance.now());
    if (timing.first_stable_ms === null) timing.first_stable_ms = now;
    timing.last_stable_ms = now;
    timing.layouts += 1;
    document.body.setAttribute("data-stable", "1");
  }
  function settle() { network.once("stabilizationIterationsDone", settled); }
  if (payload.nodes.length) settle(); else settled();  // vis lays out nothing and never reports it
  network.on("stabilizationProgress", function (p) {
    statusEl.textContent = "Laying out\u2026 " + Math.round(100 * p.iterations / p.total) + "%";
  });
  function relayout() {
    document.body.removeAttribute("data-stable");
    statusEl.textContent = "Laying out\u2026";
    settle();
    network.setOptions({ physics: { enabled: true } });
    network.stabilize(scope === null ? meta.relayout_iterations : options.physics.stabilization.iterations);
  }

  // ---- controls ------------------------------------------------------------------------------
  function $(id) { return document.getElementById(id); }
  function boxes(name) { return Array.prototype.slice.call(document.querySelectorAll('input[name="' + name + '"]')); }
  function checked(name) {
    return new Set(boxes(name).filter(function (b) { return b.checked; }).map(function (b) { return b.value; }));
  }
  var dateFrom = $("date-from"), dateTo = $("date-to"), minSources = $("min-sources");
  dateFrom.min = dateTo.min = meta.min_date; dateFrom.max = dateTo.max = meta.max_date;
  // the slider's stops are the distinct evidence dates; its two thumbs drive the two date fields
  var stops = meta.dates, slideFrom = $("date-slider-from"), slideTo = $("date-slider-to");
  slideFrom.max = slideTo.max = String(Math.max(0, stops.length - 1));
  slideFrom.disabled = slideTo.disabled = stops.length < 2;
  function paintSlider() {
    var last = Math.max(1, stops.length - 1);
    var a = 100 * (+slideFrom.value) / last, b = 100 * (+slideTo.value) / last;
    $("date-slider").style.background = "linear-gradient(to right, transparent " + a + "%, #2b59c3 " + a +
      "%, #2b59c3 " + b + "%, transparent " + b + "%) center / 100% 3px no-repeat";
  }
  function sliderMoved(ev) {
    var a = +slideFrom.value, b = +slideTo.value;
    if (a > b) { if (ev && ev.target === slideTo) slideFrom.value = String(b); else slideTo.value = String(a); }
    dateFrom.value = stops[+slideFrom.value] || ""; dateTo.value = stops[+slideTo.value] || "";
    paintSlider();
    applyFilters();
  }
  function datesTyped() {
    var a = 0, b = Math.max(0, stops.length - 1);
    while (dateFrom.value && a < stops.length - 1 && stops[a] < dateFrom.value) a++;
    while (dateTo.value && b > 0 && stops[b] > dateTo.value) b--;
    slideFrom.value = String(a); slideTo.value = String(Math.max(a, b));
    paintSlider();
  }
  var focusId = null, selectedNode = null;

  function setDefaults() {
    ["type", "predicate", "modality"].forEach(function (n) { boxes(n).forEach(function (b) { b.checked = true; }); });
    dateFrom.value = meta.min_date; dateTo.value = meta.max_date; minSources.value = "0";
    slideFrom.value = "0"; slideTo.value = String(Math.max(0, stops.length - 1)); paintSlider();
    $("edge-labels").checked = meta.edge_labels;
    focusId = null;
  }

  // counts per checkbox (static totals)
  (function () {
    var counts = {};
    payload.nodes.forEach(function (n) { var k = "type:" + n.geokg.type; counts[k] = (counts[k] || 0) + 1; });
    payload.edges.forEach(function (e) {
      var k = "predicate:" + e.geokg.predicate; counts[k] = (counts[k] || 0) + 1;
      var seen = {};
      if (!e.geokg.evidence.length) counts["modality:Asserted"] = (counts["modality:Asserted"] || 0) + 1;
      e.geokg.evidence.forEach(function (ev) {
        var m = "modality:" + (ev.modality || "Asserted");
        if (!seen[m]) { seen[m] = 1; counts[m] = (counts[m] || 0) + 1; }
      });
    });
    document.querySelectorAll("[data-count]").forEach(function (el) {
      el.textContent = String(counts[el.getAttribute("data-count")] || 0);
    });
  })();

  function evidencePasses(ev, st) {
    if (!st.modalities.has(ev.modality || "Asserted")) return false;
    var d = ev.event_date || ev.published;
    if (d && st.from && d < st.from) return false;
    if (d && st.to && d > st.to) return false;
    return true;
  }

  function typeOk(n, st) {  // entities of a type without a checkbox are never hidden by type
    return st.types.has(n.geokg.type) || !Object.prototype.hasOwnProperty.call(payload.typeColors, n.geokg.type);
  }

  function edgePasses(e, st) {
    var g = e.geokg;
    if (!st.predicates.has(g.predicate)) return false;
    if (!typeOk(byId[e.from], st) || !typeOk(byId[e.to], st)) return false;
    if (st.hood && !(st.hood.has(e.from) && st.hood.has(e.to))) return false;
    if (g.evidence.length === 0) return st.modalities.has("Asserted") && st.minSources <= 0;
    var docs = new Set(), any = false;
    g.evidence.forEach(function (ev) {
      if (evidencePasses(ev, st)) { any = true; if (ev.document) docs.add(ev.document); }
    });
    return any && docs.size >= st.minSources;
  }

  function neighbourhood(id) {
    var hood = new Set([id]);
    incident[id].forEach(function (eid) { var e = edgeById[eid]; hood.add(e.from); hood.add(e.to); });
    return hood;
  }

  function state() {
    var n = parseInt(minSources.value, 10);
    return {
      types: checked("type"), predicates: checked("predicate"), modalities: checked("modality"),
      from: dateFrom.value || "", to: dateTo.value || "", minSources: isNaN(n) ? 0 : n,
      hood: focusId === null ? null : neighbourhood(focusId)
    };
  }

  function applyFilters() {
    var st = state();
    var visibleDegree = {};
    var edgesChanged = false;
    payload.edges.forEach(function (e) {
      var show = edgePasses(e, st);
      if (show) { visibleDegree[e.from] = 1; visibleDegree[e.to] = 1; }
      if (!show !== !!hiddenEdge[e.id]) { hiddenEdge[e.id] = !show; edgesChanged = true; }
    });
    var nodeUpdates = [];
    payload.nodes.forEach(function (n) {
      var show = typeOk(n, st) &&
        (st.hood === null || st.hood.has(n.id)) &&
        (visibleDegree[n.id] === 1 || incident[n.id].length === 0 || n.id === focusId);
      if (!show !== !!hiddenNode[n.id]) { hiddenNode[n.id] = !show; nodeUpdates.push({ id: n.id, hidden: !show }); }
    });
    if (nodeUpdates.length) nodes.update(nodeUpdates);  // only the actors whose state changed
    if (edgesChanged) edgesView.refresh();
    var c = visibleCounts();
    $("counts").textContent = c.nodes + " of " + payload.nodes.length + " actors, " +
      c.edges + " of " + payload.edges.length + " relations shown";
    $("neighbourhood").textContent = focusId === null ? "Neighbourhood only" : "Show everyone";
    return c;
  }

  function visibleCounts() {  // what is drawn: in scope and not hidden by a filter
    var n = 0, m = 0;
    payload.nodes.forEach(function (x) { if (!hiddenNode[x.id] && (scope === null || scope.has(x.id))) n++; });
    payload.edges.forEach(function (e) {
      if (!hiddenEdge[e.id] && (scope === null || (scope.has(e.from) && scope.has(e.to)))) m++;
    });
    return { nodes: n, edges: m };
  }

  var labelsOn = meta.edge_labels;  // as drawn: each label update makes vis re-parse every edge
  function setEdgeLabels(on) {
    if (on === labelsOn) return;
    labelsOn = on;
    edges.update(payload.edges.map(function (e) { return { id: e.id, label: on ? e.geokg.predicate : "" }; }));
  }

  // ---- side panel (DOM + textContent only) -----------------------------------------------------
  var panel = $("panel-body");
  function el(tag, cls, text) {
    var x = document.createElement(tag);
    if (cls) x.className = cls;
    if (text !== undefined && text !== null) x.textContent = String(text);
    return x;
  }
  function clearPanel() { while (panel.firstChild) panel.removeChild(panel.firstChild); }
  function safeHttpUrl(s) {
    if (typeof s !== "string") return null;
    try {
      var u = new URL(s);
      return (u.protocol === "http:" || u.protocol === "https:") ? u.href : null;
    } catch (err) { return null; }
  }
  function typeBadge(type) {
    var b = el("span", "badge", type);
    b.style.backgroundColor = (payload.typeColors[type] || "#999999");
    return b;
  }
  function label(id) { return byId[id] ? byId[id].geokg.name : id; }

  function showNode(id) {
    var n = byId[id];
    if (!n) return false;
    selectedNode = id;
    if (!nodes.get(id).hidden && nodesView.get(id)) network.selectNodes([id]);
    $("neighbourhood").disabled = false;
    clearPanel();
    panel.appendChild(el("h2", null, n.geokg.name));
    var line = el("div", "meta");
    line.appendChild(typeBadge(n.geokg.type));
    line.appendChild(document.createTextNode(
      n.geokg.mentions + (n.geokg.mentions === 1 ? " document, " : " documents, ") +
      n.geokg.degree + (n.geokg.degree === 1 ? " relation" : " relations")));
    panel.appendChild(line);
    if (n.geokg.aliases.length) {
      panel.appendChild(el("h3", null, "Also called"));
      panel.appendChild(el("div", "meta", n.geokg.aliases.join(" \u00b7 ")));
    }
    var qid = n.geokg.qid;
    if (typeof qid === "string" && /^Q[1-9][0-9]*$/.test(qid)) {
      panel.appendChild(el("h3", null, "Wikidata"));
      var a = el("a", null, qid);
      a.href = "https://www.wikidata.org/wiki/" + qid;
      a.target = "_blank"; a.rel = "noopener noreferrer";
      panel.appendChild(a);
    }
    var more = hiddenNeighbours(id).length;
    if (more) {
      var x = el("button", "expand", "Show " + more + (more === 1 ? " more neighbour" : " more neighbours"));
      x.type = "button"; x.id = "expand";
      x.addEventListener("click", function () { expand(id); });
      panel.appendChild(x);
    }
    panel.appendChild(el("h3", null, "Relations"));
    var ul = el("ul");
    incident[id].forEach(function (eid) {
      var e = edgeById[eid];
      var li = el("li", "relation");
      var b = el("button", null, label(e.from) + " \u2192 " + e.geokg.predicate + " \u2192 " + label(e.to) +
        "  (" + e.geokg.sources + (e.geokg.sources === 1 ? " source)" : " sources)"));
      b.type = "button";
      b.addEventListener("click", function () { network.selectEdges([eid]); showEdge(eid); });
      li.appendChild(b);
      if (hiddenEdge[eid]) li.appendChild(el("span", "meta", " (hidden by filters)"));
      ul.appendChild(li);
    });
    if (!incident[id].length) ul.appendChild(el("li", "hint", "No relations."));
    panel.appendChild(ul);
    return true;
  }

  function showEdge(eid) {
    var e = edgeById[eid];
    if (!e) return false;
    var g = e.geokg;
    if (edgesView.get(eid) && !nodes.get(e.from).hidden && !nodes.get(e.to).hidden) network.selectEdges([eid]);
    clearPanel();
    var h = el("h2");
    h.appendChild(document.createTextNode(label(e.from) + " "));
    var p = el("span", null, g.predicate);
    p.style.color = payload.familyColors[g.family];
    h.appendChild(p);
    h.appendChild(document.createTextNode(" " + label(e.to)));
    panel.appendChild(h);
    var seen = g.first_seen ? (g.first_seen === g.last_seen ? g.first_seen : g.first_seen + " \u2013 " + g.last_seen)
      : "undated";
    panel.appendChild(el("div", "meta", g.sources + (g.sources === 1 ? " source" : " sources") + " \u00b7 " + seen +
      (g.asserted ? "" : " \u00b7 not asserted by the graph")));
    panel.appendChild(el("h3", null, "Evidence (" + g.evidence.length + ")"));
    var ul = el("ul");
    g.evidence.forEach(function (ev) {
      var li = el("li", "evidence");
      li.appendChild(el("blockquote", "sentence", ev.sentence || "(no sentence recorded)"));
      var m = el("div", "meta");
      m.appendChild(el("span", "badge mod-" + (ev.modality && /^[A-Za-z]+$/.test(ev.modality) ? ev.modality : "none"),
        ev.modality || "unknown"));
      var bits = [];
      bits.push(ev.title || "(untitled document)");
      if (ev.published) bits.push("published " + ev.published);
      if (ev.event_date) bits.push("event " + ev.event_date);
      if (typeof ev.confidence === "number") bits.push("confidence " + ev.confidence.toFixed(2));
      m.appendChild(document.createTextNode(bits.join(" \u00b7 ")));
      li.appendChild(m);
      if (ev.source) {
        var src = el("div", "meta");
        var url = safeHttpUrl(ev.source);
        if (url) {
          var a = el("a", null, ev.source);
          a.href = url; a.target = "_blank"; a.rel = "noopener noreferrer";
          src.appendChild(a);
        } else {
          src.textContent = ev.source;
        }
        li.appendChild(src);
      }
      ul.appendChild(li);
    });
    if (!g.evidence.length) ul.appendChild(el("li", "hint", "No statement supports this edge (direct edge only)."));
    panel.appendChild(ul);
    return true;
  }

  function showHint() {
    clearPanel();
    panel.appendChild(el("p", "hint", "Click an actor or a relation to see its details and evidence."));
  }

  network.on("click", function (params) {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
  });

  // ---- search ----------------------------------------------------------------------------------
  (function () {
    var list = $("actor-list");
    payload.nodes.map(function (n) { return n.geokg.name; }).sort()
      .forEach(function (name) { var o = document.createElement("option"); o.value = name; list.appendChild(o); });
  })();
  function findActor(q) {
    q = (q || "").trim().toLowerCase();
    if (!q) return null;
    var tests = [
      function (n) { return n.geokg.name.toLowerCase() === q; },
      function (n) { return n.geokg.aliases.some(function (a) { return a.toLowerCase() === q; }); },
      function (n) { return n.geokg.name.toLowerCase().indexOf(q) === 0; },
      function (n) { return n.geokg.name.toLowerCase().indexOf(q) >= 0; },
      function (n) { return n.geokg.aliases.some(function (a) { return a.toLowerCase().indexOf(q) >= 0; }); }
    ];
    for (var i = 0; i < tests.length; i++) {
      var hits = payload.nodes.filter(tests[i]);
      if (hits.length) {
        hits.sort(function (a, b) { return (b.geokg.degree - a.geokg.degree) || (a.id < b.id ? -1 : 1); });
        return hits[0].id;
      }
    }
    return null;
  }
  function hiddenNeighbours(id) {
    return scope === null ? [] : Array.from(neighbourhood(id)).filter(function (x) { return !scope.has(x); });
  }
  // Actors entering the drawing start next to a drawn neighbour (breadth-first outwards), so the
  // re-layout only has to relax them instead of untangling random positions.
  function placeNewcomers(ids) {
    var fresh = new Set(ids), at = network.getPositions(), queue = Object.keys(at), moves = [], children = {};
    for (var i = 0; i < queue.length; i++) {
      var from = queue[i];
      incident[from].forEach(function (eid) {
        var e = edgeById[eid], to = e.from === from ? e.to : e.from;
        if (!fresh.has(to) || at[to]) return;
        var k = children[from] = (children[from] || 0) + 1;
        var angle = 2.39996 * k, r = 80 + 12 * Math.sqrt(k);  // golden-angle spiral around the neighbour
        at[to] = { x: at[from].x + r * Math.cos(angle), y: at[from].y + r * Math.sin(angle) };
        moves.push({ id: to, x: at[to].x, y: at[to].y });
        queue.push(to);
      });
    }
    nodes.update(moves);
  }
  // Large graphs: bring an actor and its neighbours into the drawing, placed around it, and lay out again.
  function expand(id) {
    if (!byId[id]) return 0;
    var add = hiddenNeighbours(id);
    if (!add.length) return 0;
    placeNewcomers(add);
    add.forEach(function (x) { scope.add(x); });
    nodesView.refresh(); edgesView.refresh();
    applyFilters();
    relayout();
    if (selectedNode === id) showNode(id);
    return add.length;
  }
  network.on("doubleClick", function (params) { if (params.nodes.length) expand(params.nodes[0]); });

  function focusActor(id) {
    expand(id);
    showNode(id);
    network.selectNodes([id]);
    if (!nodes.get(id).hidden) network.focus(id, { scale: 1.1, animation: { duration: 400 } });
    $("search-msg").textContent = nodes.get(id).hidden ? "Found, but hidden by the current filters." : "";
  }
  function search() {
    var id = findActor($("search").value);
    if (id === null) { $("search-msg").textContent = "No actor matches."; return null; }
    focusActor(id);
    return id;
  }
  $("search").addEventListener("keydown", function (ev) { if (ev.key === "Enter") { ev.preventDefault(); search(); } });
  $("search-go").addEventListener("click", search);

  // ---- wiring ----------------------------------------------------------------------------------
  document.querySelectorAll("#controls input[type=checkbox][name]").forEach(function (b) {
    b.addEventListener("change", applyFilters);
  });
  [dateFrom, dateTo, minSources].forEach(function (x) {
    x.addEventListener("input", applyFilters); x.addEventListener("change", applyFilters);
  });
  [dateFrom, dateTo].forEach(function (x) { x.addEventListener("change", datesTyped); });
  [slideFrom, slideTo].forEach(function (x) { x.addEventListener("input", sliderMoved); });
  $("edge-labels").addEventListener("change", function () { setEdgeLabels($("edge-labels").checked); });
  $("neighbourhood").addEventListener("click", function () {
    if (focusId !== null) { focusId = null; applyFilters(); network.fit({ animation: { duration: 400 } }); return; }
    if (selectedNode === null) return;
    focusId = selectedNode;
    applyFilters();
    network.fit({ nodes: Array.from(neighbourhood(focusId)), animation: { duration: 400 } });
  });
  $("reset").addEventListener("click", function () {
    setDefaults(); setEdgeLabels(meta.edge_labels); applyFilters();
    network.unselectAll(); selectedNode = null; $("neighbourhood").disabled = true;
    $("search").value = ""; $("search-msg").textContent = ""; showHint();
    network.fit({ animation: false });
  });
  var showAll = $("show-all");
  if (scope !== null) {
    showAll.hidden = false;
    showAll.textContent = "Show all " + payload.nodes.length + " actors";
    $("scope-note").textContent = "Showing the " + meta.initial_actors + " most connected actors; " +
      "double-click an actor (or search one) to bring in its neighbours.";
    showAll.addEventListener("click", function () {
      placeNewcomers(payload.nodes.filter(function (n) { return !scope.has(n.id); }).map(function (n) { return n.id; }));
      scope = null; nodesView.refresh(); edgesView.refresh();
      showAll.hidden = true; $("scope-note").textContent = "";
      applyFilters(); relayout();
    });
  }

  setDefaults();
  applyFilters();
  showHint();
  timing.ready_ms = Math.round(performance.now());  // controls wired; the layout runs from here on
  window.geokg = {
    data: payload, nodes: nodes, edges: edges, nodesView: nodesView, edgesView: edgesView, network: network,
    visibleCounts: visibleCounts, applyFilters: applyFilters, showEdge: showEdge, showNode: showNode,
    findActor: findActor, focusActor: focusActor, expand: expand, timing: timing
  };
})();
"""

_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src {{ csp_scripts }}; \
style-src 'unsafe-inline'; img-src data:; font-src data:; connect-src 'none'; form-action 'none'; base-uri 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="geokg (pyvis {{ cdn_resources }} template)">
<link rel="icon" href="data:,">
<title>{{ heading }}</title>
<style>{{ vis_css }}</style>
<style>{{ app_css }}</style>
</head>
<body>
<header><h1>{{ heading }}</h1><span id="counts"></span></header>
<div id="app">
<aside id="controls" aria-label="Filters">
  <fieldset><legend>Find actor</legend>
    <div class="row"><input type="search" id="search" list="actor-list" placeholder="name or alias" \
autocomplete="off"><button type="button" id="search-go">Go</button></div>
    <datalist id="actor-list"></datalist>
    <div id="search-msg"></div>
    <div class="buttons">
      <button type="button" id="neighbourhood" disabled>Neighbourhood only</button>
      <button type="button" id="reset">Reset</button>
      <button type="button" id="show-all" hidden>Show all</button>
    </div>
    <div id="scope-note" class="meta"></div>
  </fieldset>
  <fieldset><legend>Actor types</legend>
{{ type_boxes }}
  </fieldset>
  <fieldset><legend>Relations</legend>
{% for family in families %}    <div class="family">{{ family }}</div>
{{ predicate_boxes[family] }}
{% endfor %}    <label><input type="checkbox" id="edge-labels"><span class="name">show relation labels</span></label>
  </fieldset>
  <fieldset><legend>Modality</legend>
{{ modality_boxes }}
  </fieldset>
  <fieldset><legend>Dates</legend>
    <div class="slider" id="date-slider">
      <input type="range" id="date-slider-from" min="0" max="0" step="1" value="0" aria-label="first date">
      <input type="range" id="date-slider-to" min="0" max="0" step="1" value="0" aria-label="last date">
    </div>
    <div class="row"><span>from</span><input type="date" id="date-from"></div>
    <div class="row"><span>to</span><input type="date" id="date-to"></div>
  </fieldset>
  <fieldset><legend>Minimum sources</legend>
    <input type="number" id="min-sources" min="0" step="1" value="0">
  </fieldset>
</aside>
<main id="graph-wrap">
  <div id="legend"><h2>Legend</h2><ul>
{{ legend }}
  </ul></div>
  <div id="canvas-wrap"><div id="mynetwork"></div><div id="status"></div></div>
</main>
<aside id="panel" aria-label="Details"><div id="panel-body"></div></aside>
</div>
<script type="application/json" id="geokg-data">{{ {"nodes": nodes, "edges": edges, "meta": meta, \
"documents": documents, "typeColors": type_colors, "familyColors": family_colors} | scriptjson }}</script>
<script type="application/json" id="geokg-options">{{ options | scriptjson }}</script>
<script>{{ vis_js }}</script>
<script>{{ app_js }}</script>
</body>
</html>
"""
