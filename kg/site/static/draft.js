/* The draft page: sends the pasted text to kg serve's POST /draft and shows the proposals.
   Every string from the answer is put into the page as text (textContent), never as HTML. */
"use strict";
(function () {
  var form = document.getElementById("draft-form");
  if (!form) { return; }
  var status = document.getElementById("draft-status");
  var result = document.getElementById("draft-result");

  function cell(row, text, title) {
    var td = document.createElement("td");
    td.textContent = text === null || text === undefined ? "—" : String(text);
    if (title) { td.title = title; }
    row.appendChild(td);
  }

  function shown(f) {
    if (f.value !== null) { return f.value.toLocaleString("en"); }
    if (f.low !== null && f.high !== null) { return f.low.toLocaleString("en") + "–" + f.high.toLocaleString("en"); }
    return f.low !== null ? "≥ " + f.low : f.high !== null ? "≤ " + f.high : "?";
  }

  function mark(text, figures) {
    var box = document.getElementById("draft-marked");
    box.textContent = "";
    var at = 0;
    var chars = Array.from(text);  /* offsets are code points */
    figures.slice().sort(function (a, b) { return a.start - b.start; }).forEach(function (f) {
      if (f.start < at) { return; }
      box.appendChild(document.createTextNode(chars.slice(at, f.start).join("")));
      var m = document.createElement("mark");
      m.setAttribute("data-figure", f.id);
      m.title = f.id + ": " + shown(f) + (f.qualifier ? " (" + f.qualifier + ")" : "");
      m.textContent = chars.slice(f.start, f.end).join("");
      box.appendChild(m);
      at = f.end;
    });
    box.appendChild(document.createTextNode(chars.slice(at).join("")));
  }

  function show(text, answer) {
    var figures = answer.draft.figures;
    mark(text, figures);
    var body = document.getElementById("draft-figures");
    body.textContent = "";
    figures.forEach(function (f) {
      var row = document.createElement("tr");
      row.setAttribute("data-figure", f.id);
      var r = f.reasons || {};
      cell(row, "“" + f.words + "”", r.words);
      cell(row, shown(f), r.words);
      cell(row, f.qualifier, r.qualifier);
      cell(row, f.counts, r.counts);
      cell(row, f.group, r.group);
      cell(row, f.stated_by, r.stated_by);
      cell(row, f.perpetrator ? f.perpetrator + (f.stance ? " (" + f.stance + ")" : "") : null, r.perpetrator);
      cell(row, (f.inferred || []).join(", ") || "none");
      body.appendChild(row);
    });
    document.getElementById("draft-yaml").textContent = answer.yaml;
    result.hidden = false;
    status.textContent = figures.length + " figure(s) proposed. Check each one before you confirm it.";
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = document.getElementById("draft-text").value;
    if (!text.trim()) { status.textContent = "Paste a text first."; return; }
    if (location.protocol === "file:") {
      status.textContent = "Drafting needs kg serve: open this page from the address kg serve prints.";
      return;
    }
    status.textContent = "Drafting…";
    fetch("draft", { method: "POST", headers: { "Content-Type": "text/plain; charset=utf-8" }, body: text })
      .then(function (response) {
        return response.text().then(function (body) {
          if (!response.ok) { throw new Error(body.trim() || response.statusText); }
          return JSON.parse(body);
        });
      })
      .then(function (answer) { show(text, answer); })
      .catch(function (error) { status.textContent = "No draft: " + error.message; });
  });
}());
