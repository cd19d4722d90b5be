/* ---------- start ---------- */

function restoreQuestions() {
  each(scoredModules, function (m) {
    resetQuiz(m);
    if (S.quizzes[m.id].s !== "n") showResults(m, false);
  });
  each(questions, function (q) {
    if (moduleById[q.module].scored || S.answers[q.id] == null) return;
    var form = formOf(q.id);
    if (!form) return;
    writeResponse(q, form, S.answers[q.id]);
    revealFeedback(q, form, S.answers[q.id]);
  });
  each(reflections, function (r) {
    var input = reflectionInput(r.id);
    if (!input) return;
    input.maxLength = LIMITS.reflectionChars;
    input.value = S.reflections[r.id] || "";
    countReflection(r.id);
  });
}

function prepareOrdering() {
  // A list that happens to start in the right order is rotated by one.
  each($$("[data-ordering]"), function (list) {
    var q = qById[list.closest("form").getAttribute("data-question")];
    var order = $$("li", list).map(function (li) { return li.getAttribute("data-choice"); }).join("");
    if (q && order === choiceIds(q) && list.children.length > 1) list.appendChild(list.firstElementChild);
  });
}

function bind() {
  byId("prev-page").addEventListener("click", function () { move(-1); });
  byId("next-page").addEventListener("click", function () { move(1); });
  byId("finish").addEventListener("click", function () {
    finish();
    text(byId("finish-text"), isComplete() ? "You have completed this course. Your progress has been saved."
      : "Your progress has been saved. You can come back later to carry on.");
    byId("contents").open = false;
    showPanel("finish-panel");
  });
  byId("resume-continue").addEventListener("click", function () { showPage(S.loc, true); });
  byId("resume-restart").addEventListener("click", function () { showPage(pages[0].id, true); });
  doc.addEventListener("submit", onSubmit);
  doc.addEventListener("click", function (event) {
    var t = event.target;
    var link = t.closest("a[href^='#']");
    if (link && followLink(decodeURIComponent(link.getAttribute("href").slice(1)))) {
      event.preventDefault();
      return;
    }
    var button = t.closest("button");
    if (!button) return;
    if (button.hasAttribute("data-move")) onOrderMove(button);
    else if (button.hasAttribute("data-reflection-save")) saveReflection(button.getAttribute("data-reflection-save"), true);
    else if (button.hasAttribute("data-reflections-download")) downloadReflections();
    else if (button.hasAttribute("data-reflections-print")) printReflections();
    else if (button.hasAttribute("data-quiz-submit")) submitQuiz(moduleById[button.closest("[data-quiz-end]").getAttribute("data-quiz-end")]);
    else if (button.hasAttribute("data-quiz-retry")) retryQuiz(moduleById[button.closest("[data-quiz-end]").getAttribute("data-quiz-end")]);
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
  window.addEventListener("hashchange", function () {
    var id = decodeURIComponent(location.hash.slice(1));
    if (id !== current.id) followLink(id);
  });
  doc.addEventListener("visibilitychange", function () {
    if (doc.visibilityState === "hidden" && lms && !finished) flush(false);
  });
  // Chrome blocks sync XHR during unload (RS-chrome): everything was committed already;
  // pagehide is the last-chance Terminate when the learner just closes the window.
  window.addEventListener("pagehide", function () { if (!finished) finish(); });
  var narrow = window.matchMedia && window.matchMedia("(max-width: 54em)").matches;
  if (narrow) byId("contents").open = false;
}

connect(function (resumed) {
  prepareOrdering();
  restoreQuestions();
  bind();
  watchOtherTabs();
  var hash = decodeURIComponent(location.hash.slice(1));
  var start = S.loc && pageById[S.loc] ? S.loc : pageById[hash] ? hash : pages[0].id;
  if (resumed && start !== pages[0].id) {
    each(sections, function (s) { s.hidden = true; });
    show(byId("pager"), false);
    updateProgress();
    byId("resume-panel").hidden = false;
    save();
  } else {
    showPage(start, false);
  }
});
