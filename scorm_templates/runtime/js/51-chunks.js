/* ---------- later pages: one script per chunk (a module, or course pages), loaded by need ---------- */

/* The launch file carries the first pages; the others travel in chunk scripts, one per module
 * (scr_course/render/html.py), with their questions' reveal data. They are added with script tags,
 * never fetch, so a package opened from disk (file://) works too. The chunk holding a page the
 * learner asks for (resume, contents, a deep link) is loaded at once; the rest follow one at a
 * time in reading order, so on a slow connection they never compete with the page being waited for. */

var chunks = D.chunks || [];
var chunkOfPage = {};
each(chunks, function (chunk, i) { each(chunk.pages, function (id) { chunkOfPage[id] = i; }); });
var chunkState = [];    // per chunk: undefined (not asked for), "loading", "loaded", "failed"
var chunkWaiters = [];  // per chunk: what runs once its pages are in place
var wanted = null;      // the page the learner last asked for while it was on its way

/** Run fn once the page's chunk is in place, loading that chunk now. */
function waitForPage(id, fn) {
  var i = chunkOfPage[id];
  if (i == null) return;  // in no chunk: not a page of this SCO
  (chunkWaiters[i] = chunkWaiters[i] || []).push(fn);
  pageLoading(id);
  loadChunk(i);
}

function loadChunk(i) {
  if (chunkState[i] === "loading" || chunkState[i] === "loaded") return;
  chunkState[i] = "loading";
  var script = doc.createElement("script");
  script.src = chunks[i].src;
  script.onload = function () {
    var data = (window.scrPageChunks || {})[chunks[i].src] || {};
    addPages(i, data.html || "", data.keys || {}, data.texts || {});
    loadInBackground(null);
  };
  script.onerror = function () {
    // A dropped connection: say so to a learner who is waiting; asking again tries again.
    chunkState[i] = "failed";
    script.parentNode.removeChild(script);
    var waiting = chunkWaiters[i] || [];
    chunkWaiters[i] = [];
    if (waiting.length) pageLoading(chunks[i].pages[0], true);
    loadInBackground(null);
  };
  doc.head.appendChild(script);
}

/** Load the chunks nobody has asked for, one at a time; first: a page whose chunk goes first. */
function loadInBackground(first) {
  if (first && chunkOfPage[first] != null) loadChunk(chunkOfPage[first]);
  for (var i = 0; i < chunks.length; i++) if (chunkState[i] === "loading") return;
  for (i = 0; i < chunks.length; i++) if (!chunkState[i]) { loadChunk(i); return; }
}

/** Put a chunk's pages in reading order and its questions' reveal data and texts in place, restore
 *  their questions, write the interactions that waited for them, then run what waited for the pages. */
function addPages(i, html, keys, texts) {
  if (chunkState[i] === "loaded") return;
  chunkState[i] = "loaded";
  each(Object.keys(keys), function (id) { if (qById[id]) qById[id].reveal = keys[id]; });
  each(Object.keys(texts), function (id) {
    var q = qById[id], words = texts[id];
    if (!q) return;
    q.description = words.description;
    each(q.choices, function (c, n) { c.text = words.choices[n]; });
    if (words.targets) q.targets = words.targets;
  });
  var holder = doc.createElement("div");
  holder.innerHTML = html;
  var added = $$("section.page", holder), ids = {};
  each(added, function (section) {
    ids[section.getAttribute("data-page")] = true;
    placeSection(section);
    prepareOrdering(section);
    shuffleCheckOptions(section);
  });
  collectSections();  // the new sections come hidden: what is on screen stays as it is
  each(added, enhance);
  restoreQuestions(ids);
  if (pendingInteractions.length) save();
  if (current) refreshStatus();
  var waiting = chunkWaiters[i] || [];
  chunkWaiters[i] = [];
  each(waiting, function (fn) { fn(); });
}

/** Insert a section before the first page that comes after it, so printing keeps the reading order. */
function placeSection(section) {
  var main = byId("main"), at = pageIndex(section.getAttribute("data-page"));
  var after = $$("section.page", main).filter(function (s) { return pageIndex(s.getAttribute("data-page")) > at; })[0];
  main.insertBefore(section, after || null);
}

/** The "Opening…" line while a page is on its way (failed: it could not be loaded); null hides it.
 *  It sits in the panel on screen above its buttons (the resume panel after Continue: where the
 *  learner is looking), else at the top of the page, and is scrolled into view. */
function pageLoading(id, failed) {
  var note = byId("page-loading");
  if (!note) return;
  if (!id) {
    note.hidden = true;
    text(note, "");
    return;
  }
  var page = view(id);
  var panel = $("#main > section.panel:not([hidden])");
  var main = byId("main");
  if (panel) panel.insertBefore(note, $(".panel-actions", panel));
  else if (main.firstChild !== note) main.insertBefore(note, main.firstChild);
  note.hidden = false;
  note.setAttribute("data-state", failed ? "failed" : "loading");
  text(note, t(failed ? "loading.failed" : "loading.page", { place: placeName(page) }));
  if (note.scrollIntoView) note.scrollIntoView({ block: "nearest" });
}

/** "Module 2: page 3 of 8, Neglect": where a page sits, in the words the pager uses. */
function placeName(page) {
  if (!page || page.start) return D.course.title;
  return page.module ? position(page) + ", " + page.title : page.title;
}
