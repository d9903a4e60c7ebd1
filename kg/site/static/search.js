/* The site's search, in the browser: queries the index that kg/site/search.py writes to search/.
 *
 * Every index file is a script calling kgSearch.load(name, data), loaded with a <script> tag, because
 * browsers refuse fetch() and XMLHttpRequest from file:// and the site must work opened from a folder.
 * A query loads search/manifest.js, the shards of its words (prefix "zard" finds "zardana") and then only
 * the entry files of the 20 hits shown. The text rules mirror kg/site/textnorm.py, step for step; the
 * tests run both on the same strings. Plain ES2017, no framework, no external resource.
 *
 * On a page with <div id="search-results">, it reads ?q=, fills <input id="q">, shows the hits, and
 * searches again while the user types. The site root is <meta name="kg-root" content="../">.
 * Under node (the tests), it only exports its pure parts.
 */
"use strict";

(function (global) {
  const PAGE = 20;
  const ARABIC = {
    "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627", "\u0649": "\u064A",
    "\u0629": "\u0647", "\u0624": "\u0648", "\u0626": "\u064A", "\u0640": "", "\u066B": ".",
  };
  for (let d = 0; d < 10; d += 1) {
    ARABIC[String.fromCharCode(0x0660 + d)] = String(d);
    ARABIC[String.fromCharCode(0x06F0 + d)] = String(d);
  }
  const ARABIC_RE = new RegExp("[" + Object.keys(ARABIC).join("") + "]", "g");
  const THOUSANDS = /([0-9])[,\u066C](?=[0-9]{3}(?![0-9]))/g;
  const TOKEN = /[0-9]+(?:\.[0-9]+)+|[\p{L}\p{N}]+/gu;

  /* NFKC, case fold (fold: the manifest's table of characters whose fold is not their lower case),
   * NFKD without non-spacing marks, Arabic letter forms and digits unified, NFC, thousands separators dropped. */
  function normalise(text, fold) {
    let t = text.normalize("NFKC").replace(/[\s\S]/gu, (ch) => (ch in fold ? fold[ch] : ch.toLowerCase()));
    if (!/^[\x00-\x7F]*$/.test(t)) {
      t = t.normalize("NFKD").replace(/\p{Mn}/gu, "").replace(ARABIC_RE, (ch) => ARABIC[ch]).normalize("NFC");
    }
    return t.replace(THOUSANDS, "$1");
  }

  function tokens(text, fold) {
    return normalise(text, fold).match(TOKEN) || [];
  }

  function shardFile(prefix) {
    return "t-" + Array.from(prefix, (ch) => ch.codePointAt(0).toString(16)).join("_");
  }

  function docsFile(manifest, id) {
    const slot = Math.floor(id / 2 ** manifest.chunkBits) % 2 ** manifest.slotBits;
    return "d-" + slot.toString(16);
  }

  /* The shard prefixes that can hold ``token`` or, for two characters and more, words it begins. */
  function shardsFor(manifest, token) {
    let own = "";
    const found = [];
    for (const prefix of manifest.shards) {
      if (token.startsWith(prefix) && prefix.length > own.length) own = prefix;
      else if (token.length >= 2 && prefix.startsWith(token)) found.push(prefix);
    }
    return own ? [own].concat(found) : found;
  }

  function decode(deltas) {
    const ids = new Array(deltas.length);
    let id = 0;
    deltas.forEach((d, i) => { id += d; ids[i] = id; });
    return ids;
  }

  /* Doc id -> whether ``token`` is one of its words (true) or begins one (false). */
  function matches(token, shards) {
    const found = new Map();
    for (const shard of shards) {
      for (const key of Object.keys(shard)) {
        const exact = key === token;
        if (exact || (token.length >= 2 && key.startsWith(token))) {
          for (const id of decode(shard[key])) found.set(id, exact || found.get(id) === true);
        }
      }
    }
    return found;
  }

  /* The ids holding every searchable word of the query, ranked: kind tier, words matched exactly, id. */
  function rank(manifest, perToken) {
    if (!perToken.length) return [];
    perToken.sort((a, b) => a.size - b.size);
    const scored = [];
    for (const [id, exact] of perToken[0]) {
      let count = exact ? 1 : 0;
      let all = true;
      for (let i = 1; i < perToken.length && all; i += 1) {
        const e = perToken[i].get(id);
        if (e === undefined) all = false;
        else if (e) count += 1;
      }
      if (all) scored.push([manifest.tiers[Math.floor(id / 2 ** (manifest.chunkBits + manifest.slotBits))], -count, id]);
    }
    scored.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
    return scored.map((s) => s[2]);
  }

  /* Queries through ``load(name) -> Promise<data>``: a script tag in the browser, the vm module in the tests. */
  class Searcher {
    constructor(load) {
      this.load = load;
      this.manifest = null;
    }

    async query(text) {
      if (!this.manifest) this.manifest = await this.load("manifest");
      const m = this.manifest;
      const words = Array.from(new Set(tokens(text, m.fold)));
      const common = new Set(m.common);
      const searched = words.filter((w) => !common.has(w));
      const perToken = await Promise.all(searched.map(async (w) => {
        const shards = await Promise.all(shardsFor(m, w).map((p) => this.load(shardFile(p))));
        return matches(w, shards);
      }));
      return { words, ignored: words.filter((w) => common.has(w)), hits: rank(m, perToken) };
    }

    /* [url, kind, title, snippet] of each id, loading the entry files they are in. */
    async docs(ids) {
      const files = await Promise.all(ids.map((id) => this.load(docsFile(this.manifest, id))));
      return ids.map((id, i) => files[i][String(id)]);
    }
  }

  const core = { normalise, tokens, shardFile, docsFile, shardsFor, matches, rank, Searcher };
  if (typeof module === "object" && module.exports) module.exports = core;
  if (typeof document === "undefined") return;

  /* The browser: files register through kgSearch.load as their <script> runs. */
  const loaded = new Map();
  const pending = new Map();
  global.kgSearch = { load(name, data) { loaded.set(name, data); } };

  function rootPath() {
    const meta = document.querySelector('meta[name="kg-root"]');
    return meta ? meta.getAttribute("content") || "" : "";
  }

  function loadScript(name) {
    if (!pending.has(name)) {
      pending.set(name, new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = rootPath() + "search/" + name + ".js";
        script.onload = () => (loaded.has(name) ? resolve(loaded.get(name)) : reject(new Error(name)));
        script.onerror = () => { pending.delete(name); reject(new Error(name)); };
        document.head.appendChild(script);
      }));
    }
    return pending.get(name);
  }

  const ARABIC_SCRIPT = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/;

  function element(tag, className, text) {
    const el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) {
      el.textContent = text;
      if (ARABIC_SCRIPT.test(text)) {  /* a hit in Arabic is read as Arabic, right to left */
        el.lang = "ar";
        el.dir = "rtl";
      }
    }
    return el;
  }

  function start(results) {
    const searcher = new Searcher(loadScript);
    const input = document.getElementById("q");
    const form = input && input.form;
    let generation = 0;

    async function showMore(list, hits, from, more) {
      const ids = hits.slice(from, from + PAGE);
      const docs = await searcher.docs(ids);
      let first = null;
      docs.forEach((doc) => {
        if (!doc) return;
        const li = element("li", "hit");
        const a = element("a", "", doc[2]);
        a.href = rootPath() + doc[0];
        li.append(a, " ", element("span", "kind", doc[1]), element("p", "", doc[3]));
        list.appendChild(li);
        first = first || a;
      });
      const left = hits.length - from - PAGE;
      more.hidden = left <= 0;
      more.textContent = "Show " + Math.min(PAGE, left) + " more";
      more.onclick = () => showMore(list, hits, from + PAGE, more).then((a) => { if (a) a.focus(); }, report);
      return first;
    }

    async function run(text) {
      const mine = (generation += 1);
      const query = text.trim();
      if (!query) {
        results.replaceChildren();
        return;
      }
      const found = await searcher.query(query);
      if (mine !== generation) return;
      const status = element("p", "search-status");
      const list = element("ol", "hits");
      const more = element("button", "more", "Show " + PAGE + " more");
      more.type = "button";
      more.hidden = true;
      /* the typed query in its own direction (<bdi>), whatever its script */
      const typed = (text) => element("bdi", "", text);
      if (found.hits.length) {
        status.append(found.hits.length + (found.hits.length === 1 ? " result" : " results") + " for \u201C",
          typed(query), "\u201D");
      } else if (found.ignored.length && found.ignored.length === found.words.length) {
        status.append("\u201C", typed(found.ignored.join(" ")), "\u201D is too common to search for; add another word.");
      } else {
        status.append("No results for \u201C", typed(query), "\u201D");
      }
      if (found.ignored.length && found.hits.length) status.textContent += " (ignoring " + found.ignored.join(", ") + ")";
      if (found.hits.length) await showMore(list, found.hits, 0, more);
      if (mine !== generation) return;
      results.replaceChildren(status, list, more);
    }

    function report(error) {
      results.replaceChildren(element("p", "search-status", "The search index could not be loaded (" + error.message + ")."));
    }

    const initial = new URLSearchParams(window.location.search).get("q") || "";
    if (input) {
      input.value = initial;
      let timer = 0;
      input.addEventListener("input", () => {
        window.clearTimeout(timer);
        timer = window.setTimeout(() => {
          try {
            window.history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
          } catch (e) { /* some browsers refuse history changes on file:// pages: the results still show */ }
          run(input.value).catch(report);
        }, 200);
      });
    }
    if (form) {
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        run(input.value).catch(report);
      });
    }
    run(initial).catch(report);
  }

  function init() {
    const results = document.getElementById("search-results");
    if (results) start(results);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
}(typeof window !== "undefined" ? window : globalThis));
