"""The HTML page of a graph view: one self-contained file, no network access.

The template is rendered by Jinja with autoescaping on; graph data goes in
through ``tojson`` (which escapes ``<``, ``>``, ``&`` and ``'``), and the
script only ever puts names and sentences into the page with
``textContent``, so no label or sentence can become markup.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2
import pyvis
from markupsafe import Markup

FONT_STACK = ('"Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", '
              '"WenQuanYi Micro Hei", "PingFang SC", "Hiragino Sans GB", '
              '"Microsoft YaHei", "SimHei", sans-serif')

VIS_DIR = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"


@lru_cache(maxsize=1)
def vis_assets() -> tuple[str, str]:
    """The vis-network script and stylesheet shipped with pyvis, to inline."""
    js = (VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8")
    css = (VIS_DIR / "vis-network.css").read_text(encoding="utf-8")
    return js, css


CSS = """
html, body { margin: 0; height: 100%; font-family: FONTS; font-size: 14px; color: #222; }
body { display: flex; flex-direction: column; }
#kg-bar { display: flex; gap: 10px; align-items: center; padding: 6px 10px;
  border-bottom: 1px solid #ddd; background: #fafafa; flex-wrap: wrap; }
#kg-bar h1 { font-size: 16px; margin: 0 12px 0 0; }
#kg-bar input { font: inherit; padding: 3px 6px; width: 16em; }
#kg-bar button { font: inherit; padding: 2px 8px; }
#kg-note { color: #a33; font-size: 12px; }
#kg-status { color: #666; font-size: 12px; }
#kg-main { flex: 1; display: flex; min-height: 0; }
#kg-net { flex: 1; position: relative; min-width: 0; }
#mynetwork { position: absolute; inset: 0; }
#kg-legend { font-size: 12px; padding-bottom: 6px; border-bottom: 1px solid #eee; columns: 2; column-gap: 8px; }
#kg-legend b { display: block; margin: 2px 0; column-span: all; }
#kg-legend label { display: block; white-space: nowrap; cursor: pointer; break-inside: avoid; }
#kg-legend .hint { color: #888; column-span: all; margin-top: 4px; }
#kg-legend .sym { display: inline-block; width: 1.3em; text-align: center; }
#kg-legend .line { display: inline-block; width: 1.6em; height: 0; vertical-align: middle;
  border-top: 3px solid; margin: 0 .2em 0 0; }
#kg-panel { width: 400px; border-left: 1px solid #ddd; overflow: auto; padding: 8px 10px;
  background: #fff; font-size: 13px; }
#kg-panel h2 { font-size: 15px; margin: 4px 0; word-break: break-all; }
#kg-panel .meta { color: #666; margin: 2px 0; word-break: break-all; }
#kg-panel .rel { margin: 8px 0 2px; font-weight: bold; }
#kg-panel .ev { margin: 2px 0 4px 8px; padding-left: 6px; border-left: 3px solid #ddd; }
#kg-panel .src { color: #888; font-size: 11px; }
#kg-tip { position: absolute; display: none; z-index: 10; pointer-events: none; max-width: 380px;
  background: #fffef2; border: 1px solid #aaa; border-radius: 3px; padding: 5px 7px;
  font-size: 12px; box-shadow: 2px 2px 6px rgba(0,0,0,0.15); white-space: pre-wrap; }
.vis-tooltip { display: none !important; }
"""

SCRIPT = r"""
(function () {
  "use strict";
  var cfg = KG_CONFIG;
  var byId = function (id) { return document.getElementById(id); };
  var el = function (tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  };
  var typeName = function (t) { return (cfg.types[t] || {}).zh ? t + " " + cfg.types[t].zh : t; };
  var predName = function (p) { return (cfg.predicates[p] || {}).zh ? cfg.predicates[p].zh + " " + p : p; };
  var originalNodes = {}, originalEdges = {};
  nodes.get().forEach(function (n) { originalNodes[n.id] = {color: n.color, font: n.font || null}; });
  edges.get().forEach(function (e) { originalEdges[e.id] = {color: e.color}; });
  var shortArticle = function (a) { a = String(a || ""); return a.slice(a.lastIndexOf("/") + 1); };

  function evidenceOf(nodeId) {
    var out = [];
    network.getConnectedEdges(nodeId).forEach(function (eid) {
      var e = edges.get(eid);
      if (!e) { return; }
      var other = e.from === nodeId ? e.to : e.from;
      var on = nodes.get(other);
      out.push({edge: e, outgoing: e.from === nodeId, other: on ? on.name : other});
    });
    return out;
  }

  function showPanel(nodeId) {
    var panel = byId("kg-info"), n = nodeId === null || nodeId === undefined ? null : nodes.get(nodeId);
    panel.textContent = "";
    if (!n) { panel.appendChild(el("p", cfg.help, "meta")); return; }
    panel.appendChild(el("h2", n.name));
    panel.appendChild(el("div", typeName(n.kgType), "meta"));
    if (n.aliases && n.aliases.length) { panel.appendChild(el("div", "别名 aliases: " + n.aliases.join("、"), "meta")); }
    panel.appendChild(el("div", n.id, "meta"));
    evidenceOf(nodeId).forEach(function (r) {
      var arrow = r.edge.symmetric ? " ↔ " : (r.outgoing ? " → " : " ← ");
      panel.appendChild(el("div", predName(r.edge.predicate) + arrow + r.other, "rel"));
      if (r.edge.chainLevel) { panel.appendChild(el("div", cfg.chainText + " (" + r.edge.chainLevel + ")", "meta")); }
      (r.edge.evidence || []).forEach(function (ev) {
        var box = el("div", null, "ev");
        box.appendChild(el("div", ev.sentence));
        var src = "《" + (ev.title || shortArticle(ev.article)) + "》";
        if (ev.rule) { src += " · " + ev.rule; }
        if (ev.confidence !== undefined && ev.confidence !== null) { src += " · " + ev.confidence; }
        box.appendChild(el("div", src, "src"));
        panel.appendChild(box);
      });
    });
  }

  function tipText(nodeId) {
    var n = nodes.get(nodeId), lines = [n.name + "  (" + typeName(n.kgType) + ")"];
    if (n.aliases && n.aliases.length) { lines.push("别名: " + n.aliases.join("、")); }
    var shown = 0;
    evidenceOf(nodeId).forEach(function (r) {
      (r.edge.evidence || []).forEach(function (ev) {
        if (shown++ < 3) { lines.push("• " + ev.sentence + " 《" + (ev.title || shortArticle(ev.article)) + "》"); }
      });
    });
    if (shown > 3) { lines.push("… " + (shown - 3) + " more (click)"); }
    return lines.join("\n");
  }

  function edgeTipText(edgeId) {
    var e = edges.get(edgeId), a = nodes.get(e.from), b = nodes.get(e.to);
    var lines = [(a ? a.name : e.from) + (e.symmetric ? " ↔ " : " → ") + (b ? b.name : e.to), predName(e.predicate)];
    if (e.chainLevel) { lines.push(cfg.chainText + " (" + e.chainLevel + ")"); }
    (e.evidence || []).slice(0, 3).forEach(function (ev) {
      lines.push("• " + ev.sentence + " 《" + (ev.title || shortArticle(ev.article)) + "》");
    });
    return lines.join("\n");
  }

  var tip = byId("kg-tip");
  function showTip(text, pointer) {
    tip.textContent = text;
    tip.style.left = (pointer.DOM.x + 14) + "px";
    tip.style.top = (pointer.DOM.y + 14) + "px";
    tip.style.display = "block";
  }
  network.on("hoverNode", function (p) { showTip(tipText(p.node), p.pointer); });
  network.on("hoverEdge", function (p) { if (edges.get(p.edge)) { showTip(edgeTipText(p.edge), p.pointer); } });
  network.on("blurNode", function () { tip.style.display = "none"; });
  network.on("blurEdge", function () { tip.style.display = "none"; });
  network.on("dragStart", function () { tip.style.display = "none"; });

  // neighbour highlight: small views dim everything else; large ones (cfg.dim false) select the
  // neighbours and their links instead: no data update, which costs a pass over every node
  var highlighted = false;
  function highlight(nodeId) {
    var around = network.getConnectedNodes(nodeId).concat([nodeId]);
    if (!cfg.dim) {
      network.setSelection({nodes: around, edges: network.getConnectedEdges(nodeId)}, {highlightEdges: false});
      return;
    }
    var keep = {}, keepEdges = {};
    around.forEach(function (n) { keep[n] = true; });
    network.getConnectedEdges(nodeId).forEach(function (e) { keepEdges[e] = true; });
    nodes.update(Object.keys(originalNodes).map(function (id) {
      return keep[id] ? {id: id, color: originalNodes[id].color, font: {color: "#222"}}
                      : {id: id, color: "rgba(200,200,200,0.35)", font: {color: "rgba(150,150,150,0.5)"}};
    }));
    edges.update(Object.keys(originalEdges).map(function (id) {
      return keepEdges[id] ? {id: id, color: originalEdges[id].color, font: {color: "#222"}}
                           : {id: id, color: "rgba(200,200,200,0.25)", font: {color: "rgba(150,150,150,0.4)"}};
    }));
    highlighted = true;
  }
  function unhighlight() {
    if (!highlighted) { return; }
    nodes.update(Object.keys(originalNodes).map(function (id) {
      return {id: id, color: originalNodes[id].color, font: {color: "#222"}};
    }));
    edges.update(Object.keys(originalEdges).map(function (id) { return {id: id, color: originalEdges[id].color, font: {color: "#222"}}; }));
    highlighted = false;
  }
  function selectNode(nodeId) {
    if (network.isCluster(nodeId)) { return; }
    showPanel(nodeId);
    if (cfg.dim) { network.selectNodes([nodeId]); }
    highlight(nodeId);
  }
  network.on("click", function (p) {
    if (p.nodes.length) { selectNode(p.nodes[0]); }
    else if (p.edges.length === 1 && edges.get(p.edges[0])) {
      var e = edges.get(p.edges[0]); showPanel(e.from); unhighlight();
    } else { unhighlight(); showPanel(null); }
  });
  network.on("doubleClick", function (p) {
    if (p.nodes.length && network.isCluster(p.nodes[0])) { network.openCluster(p.nodes[0]); }
  });

  // search box: exact name or alias first, then a name or alias containing the text
  var search = byId("kg-search");
  function find(q) {
    q = q.replace(/\s+/g, "");
    if (!q) { return []; }
    var all = nodes.get(), exact = [], part = [];
    all.forEach(function (n) {
      var names = [n.name].concat(n.aliases || []);
      if (names.indexOf(q) >= 0) { exact.push(n.id); }
      else if (names.some(function (s) { return s.indexOf(q) >= 0; })) { part.push(n.id); }
    });
    return exact.concat(part);
  }
  function runSearch() {
    var hits = find(search.value);
    byId("kg-status").textContent = search.value ? hits.length + " match" + (hits.length === 1 ? "" : "es") : "";
    if (!hits.length) { return; }
    if (nodes.get(hits[0]).hidden) { nodes.update({id: hits[0], hidden: false}); }
    selectNode(hits[0]);
    network.focus(hits[0], {scale: Math.max(network.getScale(), 1.2), animation: false});
  }
  search.addEventListener("change", runSearch);
  search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { runSearch(); } });

  // filters: the legend's check boxes hide node types and predicates
  function applyFilters() {
    var offType = {}, offPred = {};
    document.querySelectorAll("input[data-type]").forEach(function (b) { if (!b.checked) { offType[b.dataset.type] = true; } });
    document.querySelectorAll("input[data-predicate]").forEach(function (b) { if (!b.checked) { offPred[b.dataset.predicate] = true; } });
    nodes.update(nodes.get().map(function (n) { return {id: n.id, hidden: !!offType[n.kgType]}; }));
    edges.update(edges.get().map(function (e) {
      var a = nodes.get(e.from), b = nodes.get(e.to);
      return {id: e.id, hidden: !!offPred[e.predicate] || !!(a && a.hidden) || !!(b && b.hidden)};
    }));
  }
  document.querySelectorAll("#kg-legend input").forEach(function (b) { b.addEventListener("change", applyFilters); });

  // parks and zones as groups (vis clusters): a park with what is located in it, then zones
  function groupAreas() {
    var byType = function (t) { return nodes.get({filter: function (n) { return n.kgType === t; }}); };
    ["Park", "Zone"].forEach(function (t) {
      byType(t).forEach(function (area) {
        var members = {}; members[area.id] = true;
        edges.get().forEach(function (e) {
          if (e.to === area.id && (e.predicate === "locatedIn" || e.predicate === "belongsTo")) { members[e.from] = true; }
        });
        if (Object.keys(members).length < 2) { return; }
        network.cluster({
          joinCondition: function (o) { return !!members[o.id] || (o.kgArea && members[o.kgArea]); },
          clusterNodeProperties: {id: "cluster:" + area.id, kgArea: area.id, label: area.name + " (" + Object.keys(members).length + ")",
            shape: area.shape, color: area.color, borderWidth: 3, size: 30, font: {size: 16}}
        });
      });
    });
  }
  function ungroup() {
    var top = function () { return network.body.nodeIndices.filter(function (id) { return network.isCluster(id); }); };
    for (var ids = top(); ids.length; ids = top()) {
      ids.forEach(function (id) { network.openCluster(id); });
    }
  }
  var grouped = false, groupButton = byId("kg-group");
  function setGrouped(on) {
    if (on && !grouped) { groupAreas(); } else if (!on && grouped) { ungroup(); }
    grouped = on;
    groupButton.textContent = on ? "取消分组 ungroup" : "按园区分组 group by park";
  }
  groupButton.addEventListener("click", function () { setGrouped(!grouped); });

  function ready() {
    if (cfg.physics) { network.setOptions({physics: {enabled: false}}); }
    if (cfg.grouped) { setGrouped(true); }
    window.kgView = {nodes: network.body.nodeIndices.length, edges: network.body.edgeIndices.length};
    document.body.setAttribute("data-ready", "1");
  }
  showPanel(null);
  if (cfg.physics) { network.once("stabilizationIterationsDone", ready); }
  else { network.once("afterDrawing", ready); network.redraw(); }
  window.kg = {find: find, selectNode: selectNode, showPanel: showPanel, setGrouped: setGrouped, tipText: tipText};
})();
"""

PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>{{ vis_css }}</style>
<style>{{ css }}</style>
<script>{{ vis_js }}</script>
</head>
<body>
<div id="kg-bar">
  <h1>{{ title }}</h1>
  <input id="kg-search" type="search" list="kg-names" placeholder="搜索 search a name…" aria-label="search a node">
  <datalist id="kg-names">{% for n in names %}<option value="{{ n }}">{% endfor %}</datalist>
  <span id="kg-status"></span>
  <button id="kg-group" type="button">按园区分组 group by park</button>
  <span id="kg-counts">{{ nodes|length }} nodes · {{ edges|length }} edges</span>
  {% if note %}<span id="kg-note">{{ note }}</span>{% endif %}
</div>
<div id="kg-main">
  <div id="kg-net">
    <div id="mynetwork"></div>
    <div id="kg-tip"></div>
  </div>
  <div id="kg-panel">
    <div id="kg-legend">
      <b>实体 entities</b>
      {% for t in legend_types %}<label><input type="checkbox" checked data-type="{{ t.name }}">
        <span class="sym" style="color: {{ t.color }}">{{ t.symbol }}</span>{{ t.zh }} {{ t.name }} ({{ t.count }})</label>
      {% endfor %}
      <b>关系 relations</b>
      {% for p in legend_predicates %}<label><input type="checkbox" checked data-predicate="{{ p.name }}">
        <span class="line" style="border-color: {{ p.color }}; border-top-width: {{ p.width }}px"></span>{{ p.zh }} {{ p.name }}{% if p.symmetric %} ↔{% else %} →{% endif %} ({{ p.count }})</label>
      {% endfor %}
      <div class="hint">取消勾选即隐藏 · untick to hide; 粗线 = 邻链: 同园区/同楼的供应或合作 (thick = neighbour chain: supply or cooperation between neighbours)</div>
    </div>
    <div id="kg-info"></div>
  </div>
</div>
<script>
var nodes = new vis.DataSet({{ nodes|tojson }});
var edges = new vis.DataSet({{ edges|tojson }});
var options = {{ options|tojson }};
var network = new vis.Network(document.getElementById("mynetwork"), {nodes: nodes, edges: edges}, options);
var KG_CONFIG = {{ config|tojson }};
{{ script }}
</script>
</body>
</html>
"""

_ENV = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)


@lru_cache(maxsize=1)
def page_template() -> jinja2.Template:
    """The compiled page, with the inlined assets bound as trusted markup."""
    js, vis_css = vis_assets()
    return _ENV.from_string(PAGE, globals={
        "vis_js": Markup(js),
        "vis_css": Markup(vis_css),
        "css": Markup(CSS.replace("FONTS", FONT_STACK)),
        "script": Markup(SCRIPT),
    })
