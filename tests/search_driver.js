/* Runs kg/site/static/search.js under node for tests/test_search.py: reads a JSON request on stdin, prints JSON.
 *
 * {"mode": "core", "site": DIR, "queries": [...], "strings": [...]}: the pure parts, loading the index files
 *   with the vm module (each file only calls kgSearch.load): hits of each query, normalised strings, tokens.
 * {"mode": "page", "site": DIR, "root": "../", "search": "?q=...", "type": "...", "more": true}: the whole
 *   script on a fake page (a document with just what search.js touches; <script> tags run the file from DIR):
 *   the results as HTML after loading, after a click on "more", and after typing.
 */
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const SCRIPT = path.join(__dirname, "..", "kg", "site", "static", "search.js");
const request = JSON.parse(fs.readFileSync(0, "utf8"));

function runIndexFile(file, kgSearch) {
  vm.runInContext(fs.readFileSync(file, "utf8"), vm.createContext({ kgSearch }));
}

async function core() {
  const search = require(SCRIPT);
  const searcher = new search.Searcher(async (name) => {
    let got;
    runIndexFile(path.join(request.site, "search", name + ".js"), { load(n, data) { if (n === name) got = data; } });
    if (got === undefined) throw new Error("no " + name);
    return got;
  });
  const queries = {};
  for (const q of request.queries) {
    const found = await searcher.query(q);
    const docs = await searcher.docs(found.hits.slice(0, 20));
    queries[q] = { count: found.hits.length, ignored: found.ignored, urls: docs.map((d) => d[0]), kinds: docs.map((d) => d[1]) };
  }
  await searcher.query("");
  const fold = searcher.manifest.fold;
  return {
    queries,
    normalised: request.strings.map((s) => search.normalise(s, fold)),
    tokens: request.strings.map((s) => search.tokens(s, fold)),
  };
}

class Node {
  constructor(tag) {
    Object.assign(this, { tagName: tag, children: [], className: "", hidden: false, attributes: {}, listeners: {} });
  }
  append(...items) { for (const i of items) this.children.push(typeof i === "string" ? { text: i } : i); }
  appendChild(child) {
    this.children.push(child);
    if (child.tagName === "script") setTimeout(() => runScriptTag(child), 1);
    return child;
  }
  replaceChildren(...items) { this.children = []; this.append(...items); }
  set textContent(text) { this.children = [{ text }]; }
  get textContent() { return this.children.map((c) => (c.text !== undefined ? c.text : c.textContent)).join(""); }
  addEventListener(type, f) { this.listeners[type] = f; }
  getAttribute(name) { return this.attributes[name]; }
  focus() { page.document.activeElement = this; }
  html() {
    const attrs = (this.className ? ` class="${this.className}"` : "") + (this.href ? ` href="${this.href}"` : "")
      + (this.hidden ? " hidden" : "");
    return `<${this.tagName}${attrs}>` + this.children.map((c) => (c.text !== undefined ? c.text : c.html())).join("")
      + `</${this.tagName}>`;
  }
}

const page = {};

function runScriptTag(script) {
  const file = path.join(request.site, script.src.slice(request.root.length));
  if (!script.src.startsWith(request.root) || !fs.existsSync(file)) { script.onerror(); return; }
  runIndexFile(file, page.window.kgSearch);
  script.onload();
}

async function settle() {
  for (let i = 0; i < 40; i += 1) await new Promise((r) => setTimeout(r, 10));
}

async function pageMode() {
  const results = new Node("div");
  const input = new Node("input");
  input.value = "";
  input.form = new Node("form");
  const meta = new Node("meta");
  meta.attributes.content = request.root;
  const head = new Node("head");
  const replaced = [];
  const document = {
    readyState: "complete", head, activeElement: null,
    getElementById: (id) => ({ "search-results": results, q: input })[id] || null,
    querySelector: (sel) => (sel === 'meta[name="kg-root"]' ? meta : null),
    createElement: (tag) => new Node(tag),
  };
  const window = {
    document, location: { search: request.search }, URLSearchParams, setTimeout, clearTimeout,
    history: { replaceState: (s, t, url) => replaced.push(url) },
  };
  window.window = window;
  Object.assign(page, { document, window });
  const context = vm.createContext(window);
  vm.runInContext(fs.readFileSync(SCRIPT, "utf8"), context);
  await settle();
  const out = { input: input.value, loaded: results.html(), scripts: head.children.map((s) => s.src) };
  const more = results.children.find((c) => c.tagName === "button");
  if (request.more && more) {
    more.onclick();
    await settle();
    out.more = results.html();
    out.focused = document.activeElement ? document.activeElement.href : null;
  }
  if (request.type !== undefined) {
    input.value = request.type;
    input.listeners.input();
    await settle();
    out.typed = results.html();
    out.replaced = replaced;
  }
  return out;
}

(request.mode === "core" ? core() : pageMode())
  .then((out) => process.stdout.write(JSON.stringify(out)))
  .catch((error) => { process.stderr.write(String(error && error.stack)); process.exit(1); });
