/* ---------- start ---------- */

/** Put saved answers back; only: the ids of pages just added (51-chunks.js), else every page. */
function restoreQuestions(only) {
  function here(pageId) { return !only || only[pageId]; }
  each(scoredModules, function (m) {
    // Its questions may still be on their way in a chunk (addPages runs this for them).
    if (!quizEnd(m) || !m.pages.some(here)) return;
    resetQuiz(m);
    if (S.quizzes[m.id].s !== "n") showResults(m, false);
  });
  each(questions, function (q) {
    if (moduleById[q.module].scored || S.answers[q.id] == null || !here(q.page)) return;
    var form = formOf(q.id);
    if (!form) return;
    writeResponse(q, form, S.answers[q.id]);
    revealFeedback(q, form, S.answers[q.id]);
  });
  each(reflections, function (r) {
    var input = reflectionInput(r.id);
    if (!input || !here(r.page)) return;
    input.maxLength = LIMITS.reflectionChars;
    input.value = S.reflections[r.id] || "";
    countReflection(r.id);
  });
}

function prepareOrdering(scope) {
  // A list that happens to start in the right order is rotated by one.
  each($$("[data-ordering]", scope), function (list) {
    var q = qById[list.closest("form").getAttribute("data-question")];
    var order = $$("li", list).map(function (li) { return li.getAttribute("data-choice"); }).join("");
    if (q && order === choiceIds(q) && list.children.length > 1) list.appendChild(list.firstElementChild);
  });
}

function bind() {
  byId("prev-page").addEventListener("click", function () { move(-1); });
  byId("next-page").addEventListener("click", function () { move(1); });
  byId("finish").addEventListener("click", finishCourse);
  byId("print-module").addEventListener("click", function () { window.print(); });
  byId("resume-continue").addEventListener("click", function () { showPage(S.loc, true, "replace"); });
  byId("resume-restart").addEventListener("click", function () { showPage(START.id, true, "replace"); });
  window.addEventListener("beforeprint", markForPrint);
  doc.addEventListener("submit", onSubmit);
  doc.addEventListener("click", function (event) {
    var t = event.target;
    var link = t.closest("a[href^='#']");
    if (link && followLink(decodeURIComponent(link.getAttribute("href").slice(1)))) {
      event.preventDefault();
      // Phones: the contents drawer closes once a page is chosen.
      if (link.closest(".contents") && narrowScreen()) byId("contents").open = false;
      return;
    }
    var button = t.closest("button");
    if (!button) return;
    if (button.hasAttribute("data-move")) onOrderMove(button);
    else if (button.hasAttribute("data-reflection-save")) saveReflection(button.getAttribute("data-reflection-save"), true);
    else if (button.hasAttribute("data-reflections-download") || button.hasAttribute("data-record-download")) downloadRecord();
    else if (button.hasAttribute("data-reflections-print") || button.hasAttribute("data-record-print")) printRecord();
    else if (button.hasAttribute("data-start")) move(1);
    else if (button.hasAttribute("data-continue")) showPage(S.loc, true);
    else if (button.hasAttribute("data-finish")) finishCourse();
    else if (button.hasAttribute("data-quiz-submit")) submitQuiz(moduleById[button.closest("[data-quiz-end]").getAttribute("data-quiz-end")]);
    else if (button.hasAttribute("data-quiz-retry")) retryQuiz(moduleById[button.closest("[data-quiz-end]").getAttribute("data-quiz-end")]);
    // Any answer or result may have changed what is complete.
    refreshStatus();
  });
  doc.addEventListener("input", function (event) {
    var id = event.target.getAttribute("data-reflection-input");
    if (id) {
      countReflection(id);
      text($('[data-reflection-status="' + cssEscape(id) + '"]'), "");
    }
    var form = event.target.closest && event.target.closest("form[data-question]");
    if (form) text($("[data-save-status]", form), "");
  });
  doc.addEventListener("focusout", function (event) {
    var id = event.target.getAttribute && event.target.getAttribute("data-reflection-input");
    if (id) saveReflection(id, false);
  });
  // Back and Forward: the frame's own history entries, one per page.
  window.addEventListener("popstate", function (event) {
    var id = (event.state && event.state.scrPage) || decodeURIComponent(location.hash.slice(1)) || START.id;
    if (finished) { showPanel("finish-panel"); return; }
    if (id === "finish" || !view(id)) return;
    // A panel on screen (resume, a locked page's explanation): the page asked for replaces it.
    if (!current || id !== current.id || $("#main > section.panel:not([hidden])")) showPage(id, true, "none");
  });
  window.addEventListener("hashchange", function () {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!finished && (!current || id !== current.id)) followLink(id, "replace");
  });
  doc.addEventListener("visibilitychange", function () {
    if (doc.visibilityState === "hidden" && lms && !finished) flush(false);
  });
  // Chrome blocks sync XHR during unload (RS-chrome): everything was committed already;
  // pagehide is the last-chance Terminate when the learner just closes the window.
  window.addEventListener("pagehide", function () { if (!finished) finish(); });
  doc.addEventListener("keydown", function (event) {
    var drawer = byId("contents");
    if (event.key === "Escape" && narrowScreen() && drawer.open && drawer.contains(doc.activeElement)) {
      drawer.open = false;
      byId("contents-title").focus();
    }
  });
  if (narrowScreen()) byId("contents").open = false;
  // Zooming in (or turning a tablet) turns the sidebar into the drawer: closed, not over the page.
  var query = window.matchMedia && window.matchMedia(NARROW);
  if (query && query.addEventListener) query.addEventListener("change", function () { byId("contents").open = !query.matches; });
}
var NARROW = "(max-width: 53.99em)";
function narrowScreen() { return window.matchMedia && window.matchMedia(NARROW).matches; }

enhance(doc);
// The LMS connection may be asynchronous (cmi5 fetches its token first): start once it is there.
connect(function (resumed) {
  prepareOrdering();
  shuffleCheckOptions();
  restoreQuestions();
  bind();
  watchOtherTabs();
  var hash = decodeURIComponent(location.hash.slice(1));
  var saved = S.loc && pageById[S.loc] ? S.loc : "";
  show(byId("start-continue"), !!saved);
  show(byId("start-course"), !saved);
  if (hash && (view(hash) || (byId(hash) && byId(hash).closest("section.page")))) {
    // A link to a page opens it, for a returning learner too: the resume offer is only for no page named.
    followLink(hash, "replace");
  } else if (resumed && saved) {
    each(sections, function (s) { s.hidden = true; });
    show(byId("pager"), false);
    refreshStatus();
    text(byId("resume-where"), resumePlace(pageById[saved]));
    byId("resume-panel").hidden = false;
    doc.title = t("title.page", { page: t("resume.title"), course: D.course.title });
    save();
  } else {
    // No address on the first display: Chromium would move the Tab starting point past the skip link.
    showPage(START.id, false, "none");
  }
  // After the launch file's own images (a script added earlier would hold the load event back),
  // the resumed page's chunk first: it is what "Continue" will need.
  var first = resumed && saved ? saved : null;
  if (doc.readyState === "complete") loadInBackground(first);
  else window.addEventListener("load", function () { loadInBackground(first); });
});

/** The resume panel's "You will carry on in Module 2, page 3 of 8: Neglect." */
function resumePlace(page) {
  var module = page.module && moduleById[page.module];
  return module
    ? t("resume.where", { module: module.title, page: module.pages.indexOf(page.id) + 1, pages: module.pages.length, title: page.title })
    : t("resume.where_course", { title: page.title });
}
