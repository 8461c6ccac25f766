/* The query page's editor: YASGUI over the plain form, with the dataset's prefixes, the example queries as
   tabs, and the IRIs of a results table shown by their labels. Without JavaScript (or if YASGUI fails to load)
   the plain form stays. Nothing here reaches beyond this server. */
(function () {
  "use strict";
  var configElement = document.getElementById("query-editor-config");
  var holder = document.getElementById("query-editor");
  if (!configElement || !holder || typeof Yasgui === "undefined") {
    return;
  }
  var config = JSON.parse(configElement.textContent);
  var LABEL_BATCH = 200;
  // Characters no IRI may hold inside <...> in SPARQL: an IRI holding one is left as it is.
  var UNSAFE_IRI = /[\s<>"{}|\\^`]/;
  var labels = {}; // IRI -> label, or "" when it has none

  function sparqlPrefixes() {
    return Object.keys(config.prefixes).map(function (prefix) {
      return "PREFIX " + prefix + ": <" + config.prefixes[prefix] + ">";
    }).join("\n");
  }

  function fetchLabels(iris) {
    var values = iris.map(function (iri) { return "<" + iri + ">"; }).join(" ");
    var query = "SELECT ?s ?label WHERE { VALUES ?s { " + values + " } " +
      "?s <http://www.w3.org/2004/02/skos/core#prefLabel>|<http://www.w3.org/2000/01/rdf-schema#label> ?label . " +
      "FILTER (LANG(?label) = \"en\" || LANG(?label) = \"\") }";
    var body = new URLSearchParams();
    body.set("query", query);
    return fetch(config.endpoint, {
      method: "POST",
      headers: { "Accept": "application/sparql-results+json" },
      body: body
    }).then(function (response) {
      return response.ok ? response.json() : { results: { bindings: [] } };
    }).then(function (answer) {
      iris.forEach(function (iri) { if (!(iri in labels)) { labels[iri] = ""; } });
      answer.results.bindings.forEach(function (row) {
        var iri = row.s.value;
        if (!labels[iri] || row.label.value < labels[iri]) { labels[iri] = row.label.value; }
      });
    });
  }

  function showLabels(root) {
    var anchors = Array.prototype.slice.call(root.querySelectorAll("a.iri:not([data-labelled])"));
    if (!anchors.length) { return; }
    var wanted = [];
    anchors.forEach(function (anchor) {
      var iri = anchor.getAttribute("href");
      if (iri && !UNSAFE_IRI.test(iri) && !(iri in labels) && wanted.indexOf(iri) < 0) { wanted.push(iri); }
    });
    var batches = [];
    for (var i = 0; i < wanted.length; i += LABEL_BATCH) { batches.push(fetchLabels(wanted.slice(i, i + LABEL_BATCH))); }
    Promise.all(batches).then(function () {
      anchors.forEach(function (anchor) {
        var iri = anchor.getAttribute("href");
        anchor.setAttribute("data-labelled", "");
        if (labels[iri]) {
          anchor.setAttribute("title", anchor.textContent);
          anchor.textContent = labels[iri];
          anchor.classList.add("labelled");
        }
      });
    }).catch(function () { /* labels are a help; the IRIs stay */ });
  }

  // Shown before the editor is made: CodeMirror measures its box when it starts.
  holder.hidden = false;
  var yasgui = new Yasgui(holder, {
    autoAddOnInit: false,
    persistenceId: null,
    populateFromUrl: false,
    copyEndpointOnNewTab: true,
    requestConfig: { endpoint: config.endpoint, method: "POST" },
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: config.endpoint }]; } },
    // The class and property completers ask a vocabulary service on the web. Prefixes are completed from the
    // dataset's own table, handed over as a data: URL, which the editor reads as it would a prefix service.
    yasqe: {
      autocompleters: ["prefixes", "variables"],
      prefixCcApi: "data:application/json," + encodeURIComponent(JSON.stringify(config.prefixes)),
      value: sparqlPrefixes() + "\n\nSELECT * WHERE {\n  ?s ?p ?o\n}\nLIMIT 10",
      resizeable: true,
      editorHeight: "320px"
    },
    yasr: { prefixes: config.prefixes, maxPersistentResponseSize: 0 }
  });
  config.examples.forEach(function (example, index) {
    yasgui.addTab(index === 0, { name: example.title, yasqe: { value: example.query } });
  });
  if (!config.examples.length) {
    yasgui.addTab(true, { name: "Query", yasqe: { value: sparqlPrefixes() + "\n\nSELECT * WHERE { ?s ?p ?o } LIMIT 10" } });
  }

  new MutationObserver(function () { showLabels(holder); }).observe(holder, { childList: true, subtree: true });

  var textarea = document.querySelector("form textarea[name=query]");
  if (textarea && textarea.form) {
    textarea.form.hidden = true;
  }
  window.linkeddataYasgui = yasgui;
})();
