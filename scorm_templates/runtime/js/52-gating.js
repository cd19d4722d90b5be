/* ---------- gating (course.yml navigation): which pages are locked, why, and what opens them ---------- */

/* free: nothing is locked. modules-before-assessment: the assessment's pages open once every
 * other module is done (the rule the progress bar counts by). sequential: a module page opens once
 * every counted page before it has been seen. Locks only ever open: what was seen stays seen. */
var NAVIGATION = D.navigation || "free";
var LOCK_ICON = '<svg class="lock-icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">'
  + '<path fill="currentColor" fill-rule="evenodd" d="M5 7V5a3 3 0 0 1 6 0v2h1.5v8h-9V7H5zm1.5 0h3V5a1.5 1.5 0 0 0-3 0v2z"/></svg>';

/** Why a page is locked, or null: {rule: "modules" | "pages", todo: [page ids that open it]}. */
function lockOf(id) {
  var page = pageById[id];
  if (NAVIGATION === "free" || !page || !page.module) return null;
  if (NAVIGATION === "modules-before-assessment") {
    if (!moduleById[page.module].assessment) return null;
    var left = modules.filter(function (m) {
      var state = moduleState(m);
      return !m.assessment && state !== "done" && state !== "passed";
    });
    return left.length ? { rule: "modules", todo: left.map(firstUnseen) } : null;
  }
  if (NAVIGATION !== "sequential") return null;
  for (var i = 0; i < pages.length && pages[i].id !== id; i++) {
    if (pages[i].counts && !S.pages[pages[i].id]) return { rule: "pages", todo: [pages[i].id] };
  }
  return null;
}

/** Where a module still needs the learner: its first unseen page (its first page once all are seen). */
function firstUnseen(module) {
  return module.pages.filter(function (id) { return !S.pages[id]; })[0] || module.pages[0];
}

/** The explanation instead of a locked page: why, and links to what opens it. */
function showLocked(page, lock, how) {
  text(byId("locked-title"), t("lock.title", { page: page.title }));
  text(byId("locked-text"), t(lock.rule === "modules" ? "lock.modules_text" : "lock.pages_text"));
  var list = byId("locked-todo");
  list.textContent = "";
  each(lock.todo, function (id) {
    var target = pageById[id], module = moduleById[target.module];
    var item = doc.createElement("li"), link = doc.createElement("a");
    link.href = "#" + id;
    link.textContent = lock.rule === "modules" ? module.title : placeName(target);
    item.appendChild(link);
    if (lock.rule === "modules") item.appendChild(doc.createTextNode(" (" + moduleStatusText(module) + ")"));
    list.appendChild(item);
  });
  $$("[data-page-link]").forEach(function (a) { a.removeAttribute("aria-current"); });
  refreshStatus();  // the first display may be this one (a deep link): statuses and locks too
  showPanel("locked-panel");
  doc.title = t("title.page", { page: t("lock.title", { page: page.title }), course: D.course.title });
  remember(page.id, how || "push");
}

/** Mark the links to locked pages (contents, start screen): a lock and the reason, in the link's
 *  name, so a screen reader hears it on the link; the link still opens the explanation. */
function markLocks() {
  if (NAVIGATION === "free") return;
  each($$(".contents a[data-page-link], .start-modules a[href^='#']"), function (a) {
    var lock = lockOf(a.getAttribute("data-page-link") || decodeURIComponent(a.getAttribute("href").slice(1)));
    var note = $(".lock-note", a);
    if (!lock) {
      a.removeAttribute("data-locked");
      if (note) note.parentNode.removeChild(note);
      return;
    }
    a.setAttribute("data-locked", "");
    if (!note) {
      note = doc.createElement("span");
      note.className = "lock-note";
      a.appendChild(note);
    }
    note.innerHTML = LOCK_ICON;
    note.appendChild(doc.createTextNode(" " + t(lock.rule === "modules" ? "lock.note_modules" : "lock.note_pages")));
  });
}
