/* ---------- honest progress: modules and the assessment, the things completion depends on ---------- */

/** "done" / "progress" / "new" for a module; for a scored one "passed" / "failed" / "new". */
function moduleState(m) {
  if (m.scored) {
    var quiz = S.quizzes[m.id];
    if (quiz.a > 0 && quiz.b >= passMark(m)) return "passed";
    return quiz.a > 0 ? "failed" : "new";
  }
  var seen = m.pages.filter(function (id) { return S.pages[id]; }).length;
  return seen === m.pages.length ? "done" : seen ? "progress" : "new";
}
function moduleStatusText(m) {
  var state = moduleState(m);
  var best = m.scored ? S.quizzes[m.id].b : 0;
  switch (state) {
    case "passed": return t("status.assessment_passed", { score: best });
    case "failed": return t("status.assessment_failed", { score: best });
    case "done": return t("status.done");
    case "progress": return t("status.in_progress");
    default: return m.scored ? t("status.assessment_not_passed") : t("status.not_started");
  }
}

/** One total everywhere: the modules, the assessment counted as one of them (passed = done). */
function progressCounts() {
  var done = modules.filter(function (m) { var s = moduleState(m); return s === "done" || s === "passed"; }).length;
  return { done: done, total: modules.length };
}

function refreshStatus() {
  each(modules, function (m) {
    var state = moduleState(m), label = moduleStatusText(m);
    each($$('[data-module-status="' + cssEscape(m.id) + '"]'), function (node) {
      text(node, label);
      node.setAttribute("data-state", state === "passed" ? "done" : state);
    });
  });
  var counts = progressCounts();
  var share = counts.total ? counts.done / counts.total : 1;
  var fill = byId("progress-fill");
  if (fill) {
    fill.style.width = Math.round(share * 100) + "%";
    if (counts.done) fill.removeAttribute("data-zero"); else fill.setAttribute("data-zero", "");
  }
  var pending = scoredModules.length && !quizOutcome().passed;
  text(byId("progress-text"), t(pending ? "progress.assessment_pending" : "progress.modules", counts));
  markLocks();  // 52-gating.js: a module just done may open the assessment
  offerFinish();
}

/* ---------- Finish, offered as soon as the course is complete ---------- */

function offerFinish() {
  var complete = isComplete();
  var last = current && pageIndex(current.id) === order.length - 1;
  var finishButton = byId("finish");
  // Always on the last page (leave and come back later); anywhere once the course is complete.
  if (finishButton) finishButton.hidden = finished || !(complete || last);
  if (complete && !finished) {
    each(scoredModules, function (m) {
      var end = quizEnd(m);
      if (!end || $(".finish-offer", end) || S.quizzes[m.id].s === "n") return;
      var box = doc.createElement("div");
      box.className = "finish-offer";
      var p = doc.createElement("p");
      p.textContent = t("finish.offer_text");
      var button = doc.createElement("button");
      button.type = "button";
      button.className = "button button-primary";
      button.setAttribute("data-finish", "");
      button.textContent = t("finish.offer_button");
      box.appendChild(p);
      box.appendChild(button);
      end.appendChild(box);
    });
  }
}

function finishCourse() {
  var complete = isComplete();
  each(reflections, function (r) { if (reflectionInput(r.id)) saveReflection(r.id, false); });
  finish();  // 40-tracking: final save, exit normal when everything is done, Terminate once
  finishedAt = new Date();
  text(byId("finish-text"), complete ? t("finish.done_text") : t("finish.not_done_text"));
  var list = byId("finish-outcome");
  list.textContent = "";
  each(outcomeRows(), function (row) {
    var dt = doc.createElement("dt"), dd = doc.createElement("dd");
    dt.textContent = row[0];
    dd.textContent = row[1];
    list.appendChild(dt);
    list.appendChild(dd);
  });
  each($$(".finish-offer"), function (box) { box.parentNode.removeChild(box); });
  byId("contents").open = false;
  showPanel("finish-panel");
  doc.title = t("title.page", { page: t("finish.title"), course: D.course.title });
  remember("finish", "push");
  offerFinish();
}
var finishedAt = null;

/** Outcome lines for the finish screen and the CPD record: score, result, date. */
function outcomeRows() {
  var rows = [];
  var outcome = quizOutcome();
  var complete = isComplete();
  if (scoredModules.length) {
    var attempted = scoredModules.some(function (m) { return S.quizzes[m.id].a > 0; });
    if (attempted) rows.push([t("outcome.score"), outcome.score + "%"]);
    rows.push([t("outcome.result"), outcome.passed ? t("outcome.passed") : attempted ? t("outcome.not_passed") : t("status.assessment_not_passed")]);
  } else {
    rows.push([t("outcome.result"), complete ? t("outcome.completed") : t("outcome.not_completed")]);
  }
  rows.push([t("outcome.date"), longDate(finishedAt || new Date())]);
  return rows;
}
function longDate(date) {
  return formatDate(date);  // 05-strings.js: Intl in the course language, else the catalogue's month names
}
