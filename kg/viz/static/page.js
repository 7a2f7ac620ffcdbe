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
        (area.kgMembers || []).forEach(function (id) { members[id] = true; });  // placement, computed by kg
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
