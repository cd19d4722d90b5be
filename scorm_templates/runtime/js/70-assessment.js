/* ---------- scored modules: one question per screen, check screen, results and review ---------- */

var optionOrder = {};
var saveTimer = null;

function quizEnd(module) { return $('[data-quiz-end="' + cssEscape(module.id) + '"]'); }
function part(module, name) { return $("[data-" + name + "]", quizEnd(module)); }

/** Browser storage now, the LMS a moment later: a burst of choices makes one commit. */
function saveSoon() {
  writeLocal(false);
  clearTimeout(saveTimer);
  saveTimer = setTimeout(save, 400);
}

/** The questions of one attempt, from its seed alone (so a resume gets the same draw).
 *  A stratified draw takes n from each topic. */
function drawFor(module, seed) {
  var rand = prng(seed);
  var pool = module.questions.filter(function (id) { return formOf(id); });
  function take(ids, n) { return shuffled(ids, rand).slice(0, n); }
  var drawn = [];
  if (module.drawTopics && module.drawTopics.length) {
    each(module.drawTopics, function (d) {
      drawn = drawn.concat(take(pool.filter(function (id) { return qById[id].topic === d[0]; }), d[1]));
    });
  } else {
    drawn = module.draw ? take(pool, module.draw) : pool.slice();
  }
  return module.shuffle ? shuffled(drawn, rand) : pool.filter(function (id) { return drawn.indexOf(id) >= 0; });
}

/** Put the attempt's questions, in order, on the attempt's stage; the others stay hidden there. */
function arrangeQuiz(module) {
  var quiz = S.quizzes[module.id];
  var stage = part(module, "stage");
  var drawn = drawFor(module, quiz.seed);
  var rand = prng(quiz.seed ^ 0x5f3759df);
  each(module.questions, function (id) {
    var form = formOf(id);
    if (!form) return;
    form.hidden = true;
    form.removeAttribute("data-drawn");
    stage.appendChild(form);
    var q = qById[id];
    if (!optionOrder[id]) optionOrder[id] = $$(".option", form);
    if (module.shuffle && q.shuffle && (q.kind === "single" || q.kind === "multiple") && optionOrder[id].length) {
      var box = optionOrder[id][0].parentNode;
      each(shuffled(optionOrder[id], rand), function (opt) { box.appendChild(opt); });
    }
  });
  each(drawn, function (id, i) {
    formOf(id).setAttribute("data-drawn", String(i));
    stage.appendChild(formOf(id));
  });
  quiz.drawn = drawn;
  return drawn;
}

function answeredCount(quiz) { return quiz.drawn.filter(function (id) { return S.answers[id] != null; }).length; }

/** Show question pos (0-based) of the attempt: "Question n of N", answered count, Previous/Next. */
function showQuestion(module, pos, focus) {
  var quiz = S.quizzes[module.id];
  var total = quiz.drawn.length;
  pos = Math.max(0, Math.min(pos, total - 1));
  quiz.pos = pos;
  each(quiz.drawn, function (id, i) { formOf(id).hidden = i !== pos; });
  show(part(module, "attempt"), true);
  show(part(module, "attempt-check"), false);
  show(part(module, "results"), false);
  text(part(module, "position"), t("assessment.position", { n: pos + 1, total: total }));
  updateAnswered(module);
  show(part(module, "attempt-prev"), pos > 0);
  show(part(module, "attempt-next"), pos < total - 1);
  show(part(module, "attempt-review"), pos === total - 1);
  if (focus) {
    ensureOnPage(module);
    part(module, "position").focus();
  }
}
function updateAnswered(module) {
  var quiz = S.quizzes[module.id];
  text(part(module, "answered"), t("assessment.answered", { n: answeredCount(quiz), total: quiz.drawn.length }));
}
function ensureOnPage(module) {
  var page = quizEnd(module).closest("section.page").getAttribute("data-page");
  if (!current || current.id !== page) showPage(page, false);
}

/** The check screen before Submit: unanswered questions by number, as links back to them. */
function showCheckScreen(module, focus) {
  var quiz = S.quizzes[module.id];
  quiz.pos = quiz.drawn.length;
  show(part(module, "attempt"), false);
  show(part(module, "results"), false);
  show(part(module, "attempt-check"), true);
  var missing = [];
  each(quiz.drawn, function (id, i) { if (S.answers[id] == null) missing.push(i); });
  var total = quiz.drawn.length;
  text(part(module, "check-summary"), missing.length
    ? t("assessment.check_some", { n: total - missing.length, total: total }) : t("assessment.check_all", { total: total }));
  var list = part(module, "check-missing");
  list.textContent = "";
  each(missing, function (i) {
    var item = doc.createElement("li");
    var link = doc.createElement("a");
    link.href = "#" + quiz.drawn[i];
    link.setAttribute("data-goto-question", String(i));
    link.textContent = t("assessment.check_question", { n: i + 1 });
    item.appendChild(link);
    list.appendChild(item);
  });
  show(list, missing.length > 0);
  show(part(module, "quiz-submit"), missing.length === 0);
  if (focus) {
    ensureOnPage(module);
    $("h2", part(module, "attempt-check")).focus();
  }
}

/** A choice was made or changed: keep it at once (no Save button). */
function answerChanged(form) {
  if (!form) return;
  var q = qById[form.getAttribute("data-question")];
  if (!q) return;
  var response = readResponse(q, form);
  if (!moduleById[q.module].scored) {
    var pending = pendingChecks[q.id];
    if (S.answers[q.id] == null && (!pending || pending.u || !pending.r)) {
      pendingChecks[q.id] = { t: pending ? pending.t : 0, r: response, u: 1 };
      writeLocal(false);
    }
    return;
  }
  if (S.quizzes[q.module].s !== "n") return;
  if (response && !answerProblem(q, response)) S.answers[q.id] = response;
  else delete S.answers[q.id];
  updateAnswered(moduleById[q.module]);
  saveSoon();
}

function scoreAttempt(module, drawn) {
  var total = 0, got = 0;
  each(drawn, function (id) {
    var q = qById[id];
    total += q.weight;
    if (S.answers[id] != null && isCorrect(q, S.answers[id])) got += q.weight;
  });
  return total ? Math.round(100 * got / total) : 0;
}

/** Keyed answers may be shown once the learner has passed or has no attempts left. */
function keysRevealable(module) {
  var quiz = S.quizzes[module.id];
  return quiz.b >= passMark(module) && quiz.a > 0 || (module.attempts > 0 && quiz.a >= module.attempts);
}

function submitQuiz(module) {
  var quiz = S.quizzes[module.id];
  each(quiz.drawn, function (id) { answerChanged(formOf(id)); });
  if (quiz.drawn.some(function (id) { return S.answers[id] == null; })) {
    showCheckScreen(module, true);
    return;
  }
  var score = scoreAttempt(module, quiz.drawn);
  quiz.a += 1;
  quiz.b = Math.max(quiz.b, score);
  quiz.s = score >= passMark(module) ? "p" : "f";
  quiz.last = score;
  var known = keysRevealable(module);
  each(quiz.drawn, function (id) { queueInteraction(qById[id], S.answers[id], quiz.a, known); });
  clearTimeout(saveTimer);
  showResults(module, true);
  save();
}
