/* ---------- pages, addresses and history ---------- */

/* The start screen comes first in the reading order but is not a tracked page (no state key). */
var START = { id: D.start, title: D.course.title, module: null, counts: false, start: true };
var order = [START].concat(pages);
var sections = [];
var current = null;
var pageShownAt = {};

function collectSections() { sections = $$("section.page"); }
collectSections();

function view(id) { return id === START.id ? START : pageById[id]; }
function pageIndex(id) {
  for (var i = 0; i < order.length; i++) if (order[i].id === id) return i;
  return -1;
}
function sectionOf(id) { return byId(id) && byId(id).matches("section.page") ? byId(id) : null; }

function pageTitle(page) {
  if (page.start) return D.course.title;
  var module = page.module && moduleById[page.module];
  return module && module.title !== page.title
    ? t("title.page_module", { page: page.title, module: module.title, course: D.course.title })
    : t("title.page", { page: page.title, course: D.course.title });
}

/** Show a page. focus: move focus to its heading (after Next, a link, Back). how: "push" (a new
 *  history entry, the default), "replace" (first display, resume) or "none" (Back/Forward). */
function showPage(id, focus, how) {
  var page = view(id) || START;
  // Gating (52-gating.js): a locked page is explained, never shown, however it was asked for.
  var lock = lockOf(page.id);
  if (lock) { showLocked(page, lock, how); return; }
  if (!sectionOf(page.id)) {
    // Later pages arrive in their chunk's script (51-chunks.js); open this one as soon as it does,
    // unless the learner has gone elsewhere meanwhile.
    wanted = page.id;
    waitForPage(page.id, function () { if (wanted === page.id) showPage(page.id, focus, how); });
    return;
  }
  wanted = null;
  current = page;
  pageLoading(null);
  show(byId("resume-panel"), false);
  show(byId("locked-panel"), false);
  show(byId("finish-panel"), false);
  each(sections, function (s) { s.hidden = s.getAttribute("data-page") !== page.id; });
  var link = null;
  $$("[data-page-link]").forEach(function (a) {
    if (a.getAttribute("data-page-link") === page.id) { a.setAttribute("aria-current", "page"); link = a; }
    else a.removeAttribute("aria-current");
  });
  if (link) revealInContents(link);
  var i = pageIndex(page.id);
  byId("prev-page").hidden = i === 0;
  byId("next-page").hidden = i === order.length - 1;
  show(byId("pager"), true);
  byId("print-module").hidden = page.start;
  text(byId("print-module"), page.module ? t("nav.print_module") : t("nav.print_page"));
  text(byId("page-position"), position(page));
  doc.title = pageTitle(page);
  var now = Date.now();
  each(questions, function (q) { if (q.page === page.id && !pageShownAt[q.id]) pageShownAt[q.id] = now; });
  if (!page.start) {
    S.pages[page.id] = true;
    S.loc = page.id;
  } else if (!S.loc) {
    S.loc = page.id;  // an empty location is refused by SCORM 2004 LMSs
  }
  remember(page.id, how || "push");
  refreshStatus();
  if (focus) {
    var heading = byId(page.id + "--title");
    if (heading) heading.focus();
  }
  if (!focus || !link) window.scrollTo(0, 0);
  save();
}

/** "Module 2: page 3 of 8": the same units the contents and the progress bar count in. */
function position(page) {
  var module = page.module && moduleById[page.module];
  if (!module) return page.start ? "" : t("nav.position_course");
  return t("nav.position", { module: module.title, page: module.pages.indexOf(page.id) + 1, pages: module.pages.length });
}

function remember(id, how) {
  if (how === "none") return;
  var hash = "#" + id;
  try {
    // Each page is a history entry, so Back and Forward move inside the course (and the frame):
    // the LMS page around it stays where it is and the session goes on.
    if (how === "replace" || location.hash === hash) history.replaceState({ scrPage: id }, "", hash);
    else history.pushState({ scrPage: id }, "", hash);
  } catch (e) { /* sandboxed frame without history: pages still work */ }
}

function revealInContents(link) {
  var box = $(".contents");
  if (!box || !link.getClientRects().length) return;
  var boxRect = box.getBoundingClientRect(), rect = link.getBoundingClientRect();
  // Only the contents column scrolls: the page itself must not jump.
  if (box.scrollHeight > box.clientHeight && (rect.top < boxRect.top || rect.bottom > boxRect.bottom)) {
    box.scrollTop += rect.top - boxRect.top - box.clientHeight / 3;
  }
}

function move(step) {
  var i = pageIndex(current.id) + step;
  if (i >= 0 && i < order.length) showPage(order[i].id, true);
}

/** Internal links: "#page-id" (or an id inside a page) opens that page. */
function followLink(id, how) {
  if (view(id)) { showPage(id, true, how); return true; }
  var target = id && byId(id);
  var section = target && target.closest && target.closest("section.page");
  if (section) {
    var pageId = section.getAttribute("data-page");
    // A place inside a locked page: the page's explanation, not the place.
    if (lockOf(pageId)) { showPage(pageId, true, how); return true; }
    showPage(pageId, false, how);
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus();
    return true;
  }
  return false;
}

function showPanel(id) {
  wanted = null;
  each(sections, function (s) { s.hidden = true; });
  each($$("#main > section.panel"), function (s) { s.hidden = s.id !== id; });
  pageLoading(null);
  show(byId("pager"), false);
  var panel = byId(id);
  var heading = $("h1", panel);
  if (heading) heading.focus();
}

/* ---------- small improvements to the authored markup ---------- */

function enhance(scope) {
  // External links open a new tab (the LMS session stays in this one): say so (WCAG 3.2.5).
  each($$("a[target=_blank]:not([data-enhanced])", scope), function (a) {
    a.setAttribute("data-enhanced", "");
    var mark = doc.createElement("span");
    mark.className = "external-mark";
    mark.setAttribute("aria-hidden", "true");
    mark.textContent = "\u2197";
    var note = doc.createElement("span");
    note.className = "visually-hidden";
    note.textContent = " " + t("link.new_tab");
    a.appendChild(mark);
    a.appendChild(note);
  });
  // Wide tables scroll inside their own region, reachable and scrollable by keyboard.
  each($$("table:not([data-enhanced])", scope), function (table) {
    table.setAttribute("data-enhanced", "");
    var box = doc.createElement("div");
    box.className = "table-scroll";
    box.setAttribute("role", "region");
    box.setAttribute("tabindex", "0");
    box.setAttribute("aria-label", t("table.region"));
    table.parentNode.insertBefore(box, table);
    box.appendChild(table);
  });
}
