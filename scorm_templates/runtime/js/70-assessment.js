/* ---------- scored modules: draw, shuffle, attempts, results ---------- */

var slots = {};

/** Show the questions drawn for the current attempt, in the attempt's order. */
function arrangeQuiz(module) {
  var quiz = S.quizzes[module.id];
  var rand = prng(quiz.seed);
  var pool = module.questions.filter(function (id) { return formOf(id); });
  var drawn = module.draw ? shuffled(pool, rand).slice(0, module.draw) : pool.slice();
  if (!module.shuffle) drawn = pool.filter(function (id) { return drawn.indexOf(id) >= 0; });
  else drawn = shuffled(drawn, rand);
  if (!slots[module.id]) {
    // Fixed markers keep the authored positions, so an order depends only on the seed.
    slots[module.id] = pool.map(function (id) {
      var form = formOf(id);
      var marker = doc.createComment("q");
      form.parentNode.insertBefore(marker, form);
      return { id: id, marker: marker, page: qById[id].page, options: $$(".option", form) };
    });
  }
  each(module.pages, function (pageId) {
    var here = slots[module.id].filter(function (s) { return s.page === pageId; });
    var order = drawn.filter(function (id) { return qById[id].page === pageId; });
    each(here, function (slot, i) {
      var form = formOf(slot.id);
      form.hidden = drawn.indexOf(slot.id) < 0;
      if (order[i]) slot.marker.parentNode.insertBefore(formOf(order[i]), slot.marker.nextSibling);
    });
    // Put undrawn forms after the drawn ones; they stay hidden.
    each(here, function (slot) {
      var form = formOf(slot.id);
      if (form.hidden) here[here.length - 1].marker.parentNode.appendChild(form);
    });
  });
  each(slots[module.id], function (slot) {
    var q = qById[slot.id];
    if (!module.shuffle || (q.kind !== "single" && q.kind !== "multiple") || !slot.options.length) return;
    var box = slot.options[0].parentNode;
    each(shuffled(slot.options, rand), function (opt) { box.appendChild(opt); });
  });
  quiz.drawn = drawn;
  return drawn;
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

function quizEnd(module) { return $('[data-quiz-end="' + cssEscape(module.id) + '"]'); }

function submitQuiz(module) {
  var quiz = S.quizzes[module.id];
  var end = quizEnd(module);
  // Answers typed but not saved count too.
  each(quiz.drawn, function (id) {
    var response = readResponse(qById[id], formOf(id));
    if (response && !answerProblem(qById[id], response)) S.answers[id] = response;
  });
  var missing = quiz.drawn.filter(function (id) { return S.answers[id] == null; });
  if (missing.length) {
    text($("[data-quiz-missing]", end), "Please answer every question first. Not answered yet: " +
      missing.map(function (id) { return "“" + qById[id].description + "”"; }).join(", ") + ".");
    return;
  }
  text($("[data-quiz-missing]", end), "");
  var score = scoreAttempt(module, quiz.drawn);
  quiz.a += 1;
  quiz.b = Math.max(quiz.b, score);
  quiz.s = score >= passMark(module) ? "p" : "f";
  quiz.last = score;
  each(quiz.drawn, function (id) { queueInteraction(qById[id], S.answers[id], quiz.a); });
  showResults(module, true);
  save();
}

function showResults(module, focus) {
  var quiz = S.quizzes[module.id];
  var end = quizEnd(module);
  var score = quiz.last != null ? quiz.last : scoreAttempt(module, quiz.drawn);
  var passed = quiz.s === "p";
  var left = module.attempts ? module.attempts - quiz.a : Infinity;
  show($("[data-quiz-submit-area]", end), false);
  var results = $("[data-results]", end);
  results.hidden = false;
  text($("[data-results-score]", results), "Your score: " + score + "%. The pass mark is " + passMark(module) + "%.");
  text($("[data-results-verdict]", results), passed ? "You passed." : "You did not pass this time.");
  text($("[data-results-attempts]", results), passed ? "" : left === Infinity ? "You can try again."
    : left > 0 ? "You have " + left + " attempt" + (left === 1 ? "" : "s") + " left." : "You have no attempts left.");
  show($("[data-quiz-retry]", results), !passed && left > 0);
  var review = $("[data-review]", results);
  review.textContent = "";
  each(quiz.drawn, function (id) {
    var q = qById[id];
    var response = S.answers[id] || "";
    var ok = revealFeedback(q, formOf(id), response);
    var item = doc.createElement("li");
    item.className = ok ? "is-correct" : "is-wrong";
    var lines = [["review-q", q.description], ["", "Your answer: " + responseText(q, response)],
      ["", ok ? "Result: correct" : "Result: not correct"]];
    if (!ok) lines.push(["", "Correct answer: " + correctText(q)]);
    each(lines, function (line) {
      var p = doc.createElement("p");
      p.className = line[0];
      p.textContent = line[1];
      item.appendChild(p);
    });
    review.appendChild(item);
  });
  if (focus) {
    var last = end.closest("section.page").getAttribute("data-page");
    if (current.id !== last) showPage(last, false);
    $("h2", results).focus();
  }
}

function retryQuiz(module) {
  var old = S.quizzes[module.id];
  var quiz = newQuiz(old.a, old.b);
  S.quizzes[module.id] = quiz;
  each(module.questions, function (id) { delete S.answers[id]; });
  resetQuiz(module);
  var end = quizEnd(module);
  show($("[data-results]", end), false);
  show($("[data-quiz-submit-area]", end), true);
  var first = quiz.drawn.length ? qById[quiz.drawn[0]].page : module.pages[0];
  showPage(first, true);
}

function resetQuiz(module) {
  each(module.questions, function (id) {
    var form = formOf(id);
    if (!form) return;
    form.reset();
    lockForm(form, false);
    text($("[data-save-status]", form), "");
  });
  var drawn = arrangeQuiz(module);
  each(drawn, function (id) { if (S.answers[id] != null) writeResponse(qById[id], formOf(id), S.answers[id]); });
}

