// manifesto report, document pages: filter highlights by kind; show a highlight's fields on click.
// Plain DOM code, no library; the page reads fully without it (hover titles carry the coding).
(function () {
  "use strict";
  var details = JSON.parse(document.getElementById("row-details").textContent);
  var panel = document.getElementById("details");
  var content = panel.querySelector(".content");
  var selected = [];

  document.querySelectorAll("input[data-filter]").forEach(function (box) {
    box.addEventListener("change", function () {
      document.body.classList.toggle("hide-" + box.dataset.filter, !box.checked);
    });
  });

  function shown(mark) {
    return !document.body.classList.contains("hide-" + mark.dataset.kind);
  }

  function fieldsTable(fields) {
    var table = document.createElement("table");
    fields.forEach(function (pair) {
      var name = pair[0], value = pair[1];
      if (value === null || value === "") { return; }
      var row = table.insertRow();
      var th = document.createElement("th");
      th.textContent = name.replace(/_/g, " ");
      row.appendChild(th);
      row.insertCell().textContent = String(value);
    });
    return table;
  }

  // The clicked highlight and every highlight around it, innermost first.
  function show(mark) {
    selected.forEach(function (m) { m.classList.remove("selected"); });
    selected = [];
    content.textContent = "";
    for (var m = mark; m; m = m.parentElement && m.parentElement.closest("mark[data-id]")) {
      if (!shown(m)) { continue; }
      var row = details[m.dataset.id] || {kind: m.dataset.kind, fields: []};
      var heading = document.createElement("h3");
      heading.textContent = row.kind;
      var quote = document.createElement("blockquote");
      var text = m.textContent;
      quote.textContent = text.length > 200 ? text.slice(0, 199) + "…" : text;
      content.append(heading, quote, fieldsTable(row.fields));
      m.classList.add("selected");
      selected.push(m);
    }
    panel.hidden = selected.length === 0;
  }

  document.querySelector(".doc-text").addEventListener("click", function (event) {
    var mark = event.target.closest("mark[data-id]");
    if (mark) { show(mark); }
  });
  document.querySelectorAll("a[data-mark]").forEach(function (link) {
    link.addEventListener("click", function () {
      var mark = document.getElementById("m-" + link.dataset.mark);
      if (mark) { show(mark); }
    });
  });
  panel.querySelector(".close").addEventListener("click", function () { show(null); });
})();
