/* ---------- pages and navigation ---------- */

var sections = $$("section.page");
var current = null;
var pageShownAt = {};

function pageIndex(id) {
  for (var i = 0; i < pages.length; i++) if (pages[i].id === id) return i;
  return -1;
}

function showPage(id, focus) {
  var page = pageById[id] || pages[0];
  current = page;
  show(byId("resume-panel"), false);
  show(byId("finish-panel"), false);
  each(sections, function (s) { s.hidden = s.getAttribute("data-page") !== page.id; });
  $$("[data-page-link]").forEach(function (a) {
    if (a.getAttribute("data-page-link") === page.id) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  });
  var i = pageIndex(page.id);
  byId("prev-page").hidden = i === 0;
  byId("next-page").hidden = i === pages.length - 1;
  byId("finish").hidden = i !== pages.length - 1;
  show(byId("pager"), true);
  text(byId("page-position"), "Page " + (i + 1) + " of " + pages.length);
  var now = Date.now();
  each(questions, function (q) { if (q.page === page.id && !pageShownAt[q.id]) pageShownAt[q.id] = now; });
  S.pages[page.id] = true;
  S.loc = page.id;
  // Not on the first display: Chromium would move the Tab starting point past the skip link.
  if (focus || location.hash) {
    try { history.replaceState(null, "", "#" + page.id); } catch (e) { /* sandboxed frame */ }
  }
  updateProgress();
  if (focus) {
    var heading = byId(page.id + "--title");
    if (heading) heading.focus();
  }
  window.scrollTo(0, 0);
  save();
}

function updateProgress() {
  var share = Math.round(progress() * 100);
  var bar = byId("progress-bar");
  if (bar) bar.value = share;
  var seen = countedPages.filter(function (p) { return S.pages[p.id]; }).length;
  text(byId("progress-text"), "Progress: " + seen + " of " + countedPages.length + " pages seen");
}

function move(step) {
  var i = pageIndex(current.id) + step;
  if (i >= 0 && i < pages.length) showPage(pages[i].id, true);
}

/** Internal links: "#page-id" (or an id inside a page) opens that page. */
function followLink(id) {
  if (pageById[id]) { showPage(id, true); return true; }
  var target = id && byId(id);
  var section = target && target.closest && target.closest("section.page");
  if (section) {
    showPage(section.getAttribute("data-page"), false);
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus();
    return true;
  }
  return false;
}

function showPanel(id) {
  each(sections, function (s) { s.hidden = true; });
  show(byId("pager"), false);
  var panel = byId(id);
  panel.hidden = false;
  var heading = $("h1", panel);
  if (heading) heading.focus();
}

