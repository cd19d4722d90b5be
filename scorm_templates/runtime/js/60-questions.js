/* ---------- questions ---------- */

function formOf(qid) { return $('form[data-question="' + cssEscape(qid) + '"]'); }

/** The learner's response in the suspend_data encoding, or "" when nothing is answered. */
function readResponse(q, form) {
  switch (q.kind) {
    case "single": case "true-false": case "multiple":
      return $$("input", form).filter(function (i) { return i.checked; }).map(function (i) { return i.value; }).join("");
    case "fill-in":
      return cut($("[data-answer-input]", form).value.replace(/\s+/g, " ").trim(), LIMITS.fillInChars);
    case "numeric":
      return cut($("[data-answer-input]", form).value.trim(), LIMITS.numericChars);
    case "matching":
      var chosen = q.choices.map(function (c) {
        return $('select[name="' + cssEscape(q.id + "--" + c.id) + '"]', form).value || "-";
      }).join("");
      return /^-+$/.test(chosen) ? "" : chosen;
    default:
      return $$("[data-choice]", form).map(function (li) { return li.getAttribute("data-choice"); }).join("");
  }
}

function writeResponse(q, form, response) {
  switch (q.kind) {
    case "single": case "true-false": case "multiple":
      each($$("input", form), function (i) { i.checked = response.indexOf(i.value) >= 0; });
      break;
    case "fill-in": case "numeric":
      $("[data-answer-input]", form).value = response;
      break;
    case "matching":
      each(q.choices, function (c, i) {
        var ch = response.charAt(i);
        $('select[name="' + cssEscape(q.id + "--" + c.id) + '"]', form).value = ch && ch !== "-" ? ch : "";
      });
      break;
    default:
      var list = $("[data-ordering]", form);
      each(response.split(""), function (id) {
        var li = $('[data-choice="' + id + '"]', list);
        if (li) list.appendChild(li);
      });
  }
}

function isCorrect(q, response) {
  var correct = q.choices.filter(function (c) { return c.correct; });
  switch (q.kind) {
    case "single": case "true-false": case "multiple":
      return response.split("").sort().join("") === correct.map(function (c) { return c.id; }).sort().join("");
    case "fill-in":
      return correct.some(function (c) { return norm(c.text) === norm(response); });
    case "numeric":
      var n = parseNumber(response);
      return !isNaN(n) && Math.abs(n - q.value) <= q.tolerance + 1e-9;
    default: // matching and ordering: choice order is the answer
      return response === choiceIds(q);
  }
}

function answerProblem(q, response) {
  if (!response) return q.kind === "matching" ? "Choose a match for at least one item first." : "Give an answer first.";
  if (q.kind === "numeric" && (isNaN(parseNumber(response)) || !/^[-+]?[\d\s]*[.,]?\d+\s*$/.test(response))) {
    return "Enter a number, for example 12 or 3.5.";
  }
  return "";
}

function choiceText(q, id) {
  var c = q.choices.filter(function (x) { return x.id === id; })[0];
  return c ? c.text : "";
}

/** What the right answer was, in words (for feedback and the review list). */
function correctText(q) {
  var correct = q.choices.filter(function (c) { return c.correct; });
  switch (q.kind) {
    case "numeric": return numberText(q.value) + (q.tolerance ? " (give or take " + numberText(q.tolerance) + ")" : "");
    case "fill-in": return correct.length ? correct[0].text : "";
    case "matching": return q.choices.map(function (c, i) { return c.text + " – " + q.targets[i]; }).join("; ");
    case "ordering": return q.choices.map(function (c) { return c.text; }).join(", ");
    default: return correct.map(function (c) { return c.text; }).join("; ");
  }
}
function responseText(q, response) {
  switch (q.kind) {
    case "fill-in": case "numeric": return response;
    case "matching":
      return q.choices.map(function (c, i) {
        var ch = response.charAt(i);
        var t = q.choices.map(function (x) { return x.id; }).indexOf(ch);
        return c.text + " – " + (t >= 0 ? q.targets[t] : "no match");
      }).join("; ");
    case "ordering": return response.split("").map(function (id) { return choiceText(q, id); }).join(", ");
    default: return response.split("").map(function (id) { return choiceText(q, id); }).join("; ");
  }
}

/** Lock a question and show its feedback (knowledge checks, and assessments after submission). */
function revealFeedback(q, form, response) {
  var ok = isCorrect(q, response);
  lockForm(form, true);
  each($$(".option-feedback", form), function (f) { f.hidden = true; });
  function reveal(id) {
    var f = $('[data-feedback-for="' + id + '"]', form);
    if (f) f.hidden = false;
  }
  if (q.kind === "single" || q.kind === "true-false" || q.kind === "multiple") {
    each($$(".option", form), function (opt) {
      var id = opt.getAttribute("data-choice");
      var chosen = response.indexOf(id) >= 0;
      var right = q.choices.filter(function (c) { return c.id === id; })[0].correct;
      opt.className = "option" + (right ? " is-correct" : chosen ? " is-wrong" : "");
      text($("[data-mark]", opt), right ? (chosen ? "Your answer: correct" : "Correct answer")
                                       : chosen ? "Your answer: not correct" : "");
      if (chosen) reveal(id);
    });
  } else if (q.kind === "fill-in" || q.kind === "numeric") {
    var matched = q.choices.filter(function (c) {
      return q.kind === "fill-in" ? norm(c.text) === norm(response) : c.correct && ok;
    })[0];
    if (matched) reveal(matched.id);
    text($("[data-mark]", form), ok ? "Correct" : "Not correct");
  } else if (q.kind === "matching") {
    each($$(".match-row", form), function (row, i) {
      var good = response.charAt(i) === q.choices[i].id;
      row.className = "match-row " + (good ? "is-correct" : "is-wrong");
      text($("[data-mark]", row), good ? "Correct" : "Correct match: " + q.targets[i]);
    });
  }
  var box = $("[data-question-feedback]", form);
  box.className = "question-feedback " + (ok ? "is-correct" : "is-wrong");
  var answer = correctText(q);
  text(box, ok ? "Correct." : "Not quite. The answer is: " + answer + (/[.!?]["'”’)]*$/.test(answer) ? "" : "."));
  show($("[data-explanation]", form), true);
  return ok;
}

function lockForm(form, locked) {
  each($$("input, select, textarea", form), function (i) { i.disabled = locked; });
  each($$("[data-move]", form), function (b) { b.disabled = locked; });
  show($(".question-actions", form), !locked);
  if (!locked) {
    each($$(".option-feedback", form), function (f) { f.hidden = true; });
    each($$("[data-mark]", form), function (m) { text(m, ""); });
    each($$(".option, .match-row", form), function (o) { o.className = o.className.split(" ")[0]; });
    var box = $("[data-question-feedback]", form);
    box.className = "question-feedback";
    text(box, "");
    show($("[data-explanation]", form), false);
  }
}

function queueInteraction(q, response, attempt) {
  pendingInteractions.push({
    q: q.id, r: response, ok: isCorrect(q, response), n: attempt,
    lat: Math.max(0, Date.now() - (pageShownAt[q.id] || startedAt)), t: Date.now()
  });
}

function onSubmit(event) {
  var form = event.target.closest("form[data-question]");
  if (!form) return;
  event.preventDefault();
  var q = qById[form.getAttribute("data-question")];
  var module = moduleById[q.module];
  var response = readResponse(q, form);
  var problem = answerProblem(q, response);
  var box = $("[data-question-feedback]", form);
  if (problem) {
    box.className = "question-feedback is-wrong";
    text(box, problem);
    return;
  }
  S.answers[q.id] = response;
  if (module.scored) {
    text($("[data-save-status]", form), "Answer saved.");
    text(box, "");
    save();
    return;
  }
  revealFeedback(q, form, response);
  box.focus();
  queueInteraction(q, response, 1);
  save();
}

function onOrderMove(button) {
  var li = button.closest("li");
  var list = li.parentNode;
  var up = button.getAttribute("data-move") === "up";
  var sibling = up ? li.previousElementSibling : li.nextElementSibling;
  var status = $("[data-order-status]", li.closest("form"));
  var label = $(".order-text", li).textContent;
  if (!sibling) {
    text(status, label + " is already " + (up ? "first." : "last."));
    return;
  }
  list.insertBefore(li, up ? sibling : sibling.nextElementSibling);
  button.focus();
  var position = $$("li", list).indexOf(li) + 1;
  text(status, label + " moved to position " + position + " of " + list.children.length + ".");
}

