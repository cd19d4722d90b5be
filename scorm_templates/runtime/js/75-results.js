/* ---------- results: score, pass/fail, topics to revise, and (review: answers) keyed answers ---------- */

function topicInfo(name) { return (D.topics || {})[name] || { title: name, page: null }; }

/** Per topic of the attempt: right and total, in the order the draw names them (else the pool's). */
function topicScores(module, quiz) {
  var order = [], by = {};
  var named = (module.drawTopics || []).map(function (d) { return d[0]; });
  function rank(name) {
    var i = named.indexOf(name);
    return i >= 0 ? i : named.length + module.questions.map(function (id) { return qById[id].topic || ""; }).indexOf(name);
  }
  each(quiz.drawn, function (id) {
    var q = qById[id], name = q.topic || "";
    if (!by[name]) { by[name] = { name: name, right: 0, total: 0 }; order.push(by[name]); }
    by[name].total += 1;
    if (S.answers[id] != null && isCorrect(q, S.answers[id])) by[name].right += 1;
  });
  order.sort(function (x, y) { return rank(x.name) - rank(y.name); });
  return order.some(function (x) { return x.name; }) ? order : [];
}

function topicNode(name) {
  var info = topicInfo(name);
  var label = name ? info.title : t("results.topic_other");
  if (!info.page) { var span = doc.createElement("span"); span.textContent = label; return span; }
  var link = doc.createElement("a");
  link.href = "#" + info.page;
  link.textContent = label;
  return link;
}

function showResults(module, focus) {
  var quiz = S.quizzes[module.id];
  var results = part(module, "results");
  var score = quiz.last != null ? quiz.last : scoreAttempt(module, quiz.drawn);
  var passed = quiz.s === "p";
  var left = module.attempts ? module.attempts - quiz.a : Infinity;
  var mode = module.review || "topics";
  show(part(module, "attempt"), false);
  show(part(module, "attempt-check"), false);
  each(quiz.drawn, function (id) { formOf(id).hidden = true; });
  results.hidden = false;
  text(part(module, "results-score"), t("results.score", { score: score, mark: passMark(module) }));
  text(part(module, "results-verdict"), t(passed ? "results.passed" : "results.failed"));
  text(part(module, "results-attempts"), passed ? "" : left === Infinity ? t("results.try_again")
    : left > 1 ? t("results.attempts_left", { n: left }) : left === 1 ? t("results.attempts_left_one") : t("results.no_attempts"));
  // Topics to revise: those scored below the pass mark in this attempt.
  var topics = mode === "score" ? [] : topicScores(module, quiz);
  var list = part(module, "topic-list");
  list.textContent = "";
  var revise = [];
  each(topics, function (x) {
    var item = doc.createElement("li");
    var weak = x.right * 100 < passMark(module) * x.total;
    if (weak) revise.push(x);
    item.className = weak ? "topic-weak" : "topic-ok";
    item.appendChild(topicNode(x.name));
    item.appendChild(doc.createTextNode(" – " + t("results.topic_score", { right: x.right, total: x.total })));
    list.appendChild(item);
  });
  var reviseLine = part(module, "results-revise");
  reviseLine.textContent = "";
  if (revise.length) {
    reviseLine.appendChild(doc.createTextNode(t("results.revise") + " "));
    each(revise, function (x, i) {
      if (i) reviseLine.appendChild(doc.createTextNode(", "));
      reviseLine.appendChild(topicNode(x.name));
    });
  } else {
    reviseLine.textContent = t("results.revise_none");
  }
  show(part(module, "results-topics"), topics.length > 0);
  // Keyed answers: only with review: answers, and only after a pass or with no attempts left.
  var reveal = mode === "answers" && keysRevealable(module);
  var review = part(module, "review");
  review.textContent = "";
  if (reveal) each(quiz.drawn, function (id) { review.appendChild(reviewItem(qById[id], S.answers[id] || "")); });
  show(part(module, "results-review"), reveal);
  var note = part(module, "results-note");
  var canRetry = !passed && left > 0;
  var fresh = module.questions.length > quiz.drawn.length;
  text(note, mode === "answers" && !reveal ? t("results.review_later") + (canRetry && fresh ? " " + t("results.retry_note") : "")
    : canRetry && fresh ? t("results.retry_note") : "");
  show(note, !!note.textContent);
  show(part(module, "quiz-retry"), canRetry);
  attemptChrome();
  if (focus) {
    ensureOnPage(module);
    focusInView($("h2", results));
  }
}

function reviewItem(q, response) {
  var ok = isCorrect(q, response);
  var item = doc.createElement("li");
  item.className = ok ? "is-correct" : "is-wrong";
  function line(className, label, node) {
    var p = doc.createElement(node && node.tagName !== "SPAN" ? "div" : "p");
    p.className = className;
    if (label) { var b = doc.createElement("strong"); b.textContent = label + " "; p.appendChild(b); }
    if (node) p.appendChild(node);
    item.appendChild(p);
  }
  var prompt = doc.createElement("span");
  // The whole prompt as the learner read it: q.description is cut to SCORM's 250 characters.
  var legend = byId(q.id + "--prompt");
  prompt.textContent = legend ? legend.textContent.replace(/\s+/g, " ").trim() : q.description;
  line("review-q", "", prompt);
  line("", t("results.your_answer"), linesNode(response ? responseLines(q, response) : [t("results.no_answer")], q.kind === "ordering"));
  line("review-result", "", linesNode([t(ok ? "results.result_correct" : "results.result_wrong")]));
  if (!ok) line("", t("results.correct_answer"), linesNode(correctLines(q), q.kind === "ordering"));
  var why = secret(q).x;
  if (why) {
    var box = doc.createElement("div");
    box.className = "review-why";
    box.innerHTML = why; // our own Markdown renderer's HTML
    item.appendChild(box);
  }
  return item;
}

/** A retake draws afresh: of many random seeds, the one whose draw repeats the fewest questions
 *  of the attempt just taken (the draw depends on the seed alone, so nothing more is stored). */
function freshSeed(module, previous) {
  var best = null, fewest = Infinity;
  for (var i = 0; i < 500 && fewest > 0; i++) {
    var seed = Math.floor(Math.random() * 1679616);
    var repeats = drawFor(module, seed).filter(function (id) { return previous.indexOf(id) >= 0; }).length;
    if (repeats < fewest) { fewest = repeats; best = seed; }
  }
  return best;
}

function retryQuiz(module) {
  var old = S.quizzes[module.id];
  var quiz = newQuiz(old.a, old.b);
  quiz.seed = freshSeed(module, old.drawn || []);
  S.quizzes[module.id] = quiz;
  each(module.questions, function (id) { delete S.answers[id]; });
  resetQuiz(module);
  showQuestion(module, 0, true);
  save();
}

/** Fresh forms for the attempt in S (on start and on a retake), on the screen it was left at. */
function resetQuiz(module) {
  var quiz = S.quizzes[module.id];
  each(module.questions, function (id) {
    var form = formOf(id);
    if (!form) return;
    form.reset();
    lockForm(form, false);
  });
  var drawn = arrangeQuiz(module);
  each(drawn, function (id) { if (S.answers[id] != null) writeResponse(qById[id], formOf(id), S.answers[id]); });
  if (quiz.s !== "n") return; // showResults follows
  if ((quiz.pos || 0) >= drawn.length && drawn.length) showCheckScreen(module, false);
  else showQuestion(module, quiz.pos || 0, false);
}

function moduleOf(node) {
  var end = node.closest("[data-quiz-end]");
  return end ? moduleById[end.getAttribute("data-quiz-end")] : null;
}

// Registered before 99-start's bind(), so these run first; links to questions stop there.
doc.addEventListener("click", function (event) {
  var target = event.target.closest && event.target.closest("[data-attempt-prev], [data-attempt-next], [data-attempt-review], [data-check-back], [data-goto-question]");
  if (!target) return;
  var module = moduleOf(target), quiz = S.quizzes[module.id];
  event.preventDefault();
  event.stopImmediatePropagation();
  if (target.hasAttribute("data-attempt-prev")) showQuestion(module, quiz.pos - 1, true);
  else if (target.hasAttribute("data-attempt-next")) showQuestion(module, quiz.pos + 1, true);
  else if (target.hasAttribute("data-attempt-review")) showCheckScreen(module, true);
  else if (target.hasAttribute("data-check-back")) {
    var first = quiz.drawn.filter(function (id) { return S.answers[id] == null; })[0];
    showQuestion(module, first ? quiz.drawn.indexOf(first) : quiz.drawn.length - 1, true);
  } else showQuestion(module, parseInt(target.getAttribute("data-goto-question"), 10), true);
  saveSoon();
});
doc.addEventListener("change", function (event) { answerChanged(event.target.closest && event.target.closest("form[data-question]")); });
doc.addEventListener("input", function (event) {
  if (event.target.hasAttribute && event.target.hasAttribute("data-answer-input")) answerChanged(event.target.closest("form[data-question]"));
});
