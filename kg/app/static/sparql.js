/* The SPARQL query page: sends the query to /sparql/query on this server and shows the answer.
   Values are put into the page with textContent only, so no result can become markup. */
(function () {
  "use strict";
  var form = document.getElementById("sparql-form");
  if (!form) { return; }
  var query = document.getElementById("query"), status = document.getElementById("status");
  var results = document.getElementById("results"), examples = document.getElementById("examples");
  var ID_NS = "https://w3id.org/kg/id/";
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function cell(term) {
    var td = el("td");
    if (!term) { return td; }
    if (term.type === "uri" && term.value.indexOf(ID_NS) === 0) {
      var key = term.value.slice(ID_NS.length), a = el("a", decodeURIComponent(key));
      a.href = "/entity/" + key.split("/").map(encodeURIComponent).join("/");
      td.appendChild(a);
    } else {
      td.textContent = term.value;
    }
    return td;
  }
  function table(data) {
    if (data.boolean !== undefined) { return el("p", data.boolean ? "是（true）" : "否（false）", "answer"); }
    var vars = data.head.vars, rows = data.results.bindings, t = el("table"), head = el("tr"), body = el("tbody");
    vars.forEach(function (v) { head.appendChild(el("th", "?" + v)); });
    var thead = el("thead"); thead.appendChild(head); t.appendChild(thead);
    rows.forEach(function (row) {
      var tr = el("tr");
      vars.forEach(function (v) { tr.appendChild(cell(row[v])); });
      body.appendChild(tr);
    });
    t.appendChild(body);
    return t;
  }
  examples.addEventListener("change", function () {
    var option = examples.options[examples.selectedIndex];
    if (option && option.dataset.query) { query.value = option.dataset.query; }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    status.textContent = "正在查询…";
    results.textContent = "";
    var started = Date.now();
    fetch("/sparql/query", {method: "POST", body: query.value, headers: {
      "Content-Type": "application/sparql-query",
      "Accept": "application/sparql-results+json, text/turtle;q=0.9"}})
      .then(function (response) {
        var type = response.headers.get("content-type") || "";
        return response.text().then(function (text) { return {ok: response.ok, status: response.status, type: type, text: text}; });
      })
      .then(function (answer) {
        var seconds = ((Date.now() - started) / 1000).toFixed(2);
        if (!answer.ok) {
          status.textContent = "查询失败（HTTP " + answer.status + "）";
          results.appendChild(el("pre", answer.text, "error"));
          return;
        }
        if (answer.type.indexOf("json") >= 0) {
          var data = JSON.parse(answer.text);
          var n = data.results ? data.results.bindings.length : 1;
          status.textContent = "共 " + n + " 行，用时 " + seconds + " 秒";
          results.appendChild(table(data));
        } else {
          status.textContent = "用时 " + seconds + " 秒";
          results.appendChild(el("pre", answer.text));
        }
      })
      .catch(function (error) { status.textContent = "无法连接服务器：" + error; });
  });
})();
