/* ---------- questions: reading and writing responses, marks, feedback (both knowledge checks and assessments) ---------- */

function formOf(qid) { return $('form[data-question="' + cssEscape(qid) + '"]'); }
function isChoiceKind(q) { return q.kind === "single" || q.kind === "true-false" || q.kind === "multiple"; }

/** The learner's response in the suspend_data encoding, or "" when nothing is answered. */
function readResponse(q, form) {
  switch (q.kind) {
    case "single": case "true-false": case "multiple":
      // In written order whatever order the options are shown in, so records read the same.
      return $$("input", form).filter(function (i) { return i.checked; }).map(function (i) { return i.value; }).sort().join("");
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

function answerProblem(q, response) {
  if (!response) return t(q.kind === "matching" ? "question.choose_match" : "question.give_answer");
  if (q.kind === "numeric" && (isNaN(parseNumber(response)) || !/^[-+]?[\d\s]*[.,]?\d+\s*$/.test(response))) {
    return t("question.enter_number");
  }
  return "";
}

function choiceText(q, id) {
  var c = q.choices.filter(function (x) { return x.id === id; })[0];
  if (c && q.kind === "true-false") return t(/^true$/i.test(c.text) ? "question.true" : "question.false");
  return c ? c.text : "";
}
function targetText(q, letter) {
  var i = B36.indexOf(letter);
  return i >= 0 && i < q.targets.length ? q.targets[i] : "";
}

/** The keyed answer as a list of lines (reveals the key: only where revealing is allowed). */
function correctLines(q) {
  var key = secret(q);
  switch (q.kind) {
    case "numeric": return [numberText(key.v) + (key.t ? " (± " + numberText(key.t) + ")" : "")];
    case "fill-in": return key.a.slice(0, 1);
    case "matching": return q.choices.map(function (c, i) { return c.text + " – " + targetText(q, key.k.charAt(i)); });
    case "ordering": return key.k.split("").map(function (id) { return choiceText(q, id); });
    default: return key.c.map(function (id) { return choiceText(q, id); });
  }
}
/** The learner's response as a list of lines. */
function responseLines(q, response) {
  if (!response) return [];
  switch (q.kind) {
    case "fill-in": case "numeric": return [response];
    case "matching":
      return q.choices.map(function (c, i) {
        var ch = response.charAt(i);
        return c.text + " – " + (ch && ch !== "-" ? targetText(q, ch) : t("results.no_answer"));
      });
    default: return response.split("").map(function (id) { return choiceText(q, id); });
  }
}
/** Lines as a paragraph when there is one, a list (ordered for ordering questions) when several. */
function linesNode(lines, ordered) {
  if (lines.length === 1) { var p = doc.createElement("span"); p.textContent = lines[0]; return p; }
  var list = doc.createElement(ordered ? "ol" : "ul");
  each(lines, function (line) { var li = doc.createElement("li"); li.textContent = line; list.appendChild(li); });
  return list;
}

/** The option whose feedback belongs to this response (choice kinds: each chosen option). */
function feedbackIds(q, response) {
  var key = secret(q);
  if (isChoiceKind(q)) return response.split("");
  if (q.kind === "fill-in") return key.m[norm(response)] ? [key.m[norm(response)]] : [];
  if (q.kind === "numeric") return isCorrect(q, response) ? key.c : [];
  return [];
}
/** Put the chosen options' feedback in place (after the option, or after the answer box). */
function showOptionFeedback(q, form, response) {
  var key = secret(q), nodes = [];
  each(feedbackIds(q, response), function (id) {
    if (!key.f[id]) return;
    var box = doc.createElement("div");
    box.className = "option-feedback";
    box.id = q.id + "--feedback-" + id;
    box.innerHTML = key.f[id]; // our own Markdown renderer's HTML
    var host = isChoiceKind(q) ? $('.option[data-choice="' + id + '"]', form) : $(".options", form);
    if (host) { host.appendChild(box); nodes.push(box); }
  });
  return nodes;
}
function showExplanation(q, form) {
  var box = $("[data-explanation]", form);
  if (!box) return;
  box.innerHTML = "";
  var label = doc.createElement("p");
  label.className = "explanation-label";
  label.textContent = t("question.explanation");
  box.appendChild(label);
  box.insertAdjacentHTML("beforeend", secret(q).x);
  box.hidden = false;
}

/** Marks on the options: "Your answer" while the key is hidden; right, wrong and missed once revealed. */
function markOptions(q, form, response, revealed) {
  var key = revealed ? secret(q) : null;
  if (isChoiceKind(q)) {
    each($$(".option", form), function (opt) {
      var id = opt.getAttribute("data-choice");
      var chosen = response.indexOf(id) >= 0;
      var right = key && key.c.indexOf(id) >= 0;
      var state = chosen ? (key ? (right ? " is-correct" : " is-wrong") : "") + " is-chosen" : right ? " is-missed" : "";
      opt.className = "option" + state;
      text($("[data-mark]", opt), chosen ? t(!key ? "question.your_answer" : right ? "question.your_answer_correct"
        : "question.your_answer_wrong") : right ? t("question.correct_not_chosen") : "");
    });
  } else if (q.kind === "fill-in" || q.kind === "numeric") {
    var ok = isCorrect(q, response), mark = $("[data-mark]", form);
    mark.className = "mark" + (key ? (ok ? " is-correct" : " is-wrong") : "");
    text(mark, !key ? "" : ok ? t("question.your_answer_correct") : t("question.accepted", { answer: correctLines(q)[0] }));
  } else if (q.kind === "matching") {
    // Each row is marked right or not on every check, a wrong try too (issue 21); the right
    // match itself is named only once the key is revealed.
    var rows = secret(q).k;
    each($$(".match-row", form), function (row, i) {
      var good = response.charAt(i) === rows.charAt(i);
      row.className = "match-row" + (good ? " is-correct" : " is-wrong");
      text($("[data-mark]", row), !key ? t(good ? "question.row_right" : "question.row_wrong")
        : good ? t("question.your_answer_correct") : t("question.correct_match", { target: targetText(q, rows.charAt(i)) }));
    });
  } else if (key && !isCorrect(q, response)) {
    var order = doc.createElement("div");
    order.className = "correct-order";
    order.setAttribute("data-answer-order", "");
    var label = doc.createElement("p");
    label.textContent = t("question.correct_order");
    order.appendChild(label);
    order.appendChild(linesNode(correctLines(q), true));
    $(".options", form).parentNode.appendChild(order);
  }
}

/** Inputs locked (after a check) or open again; locked choices keep full contrast in the CSS. */
function lockForm(form, locked) {
  each($$("input, select, textarea", form), function (i) { i.disabled = locked; });
  each($$("[data-move]", form), function (b) { b.disabled = locked; });
  form.classList.toggle("is-locked", locked);
  if (!locked) clearMarks(form);
}
function clearMarks(form) {
  each($$(".option-feedback, [data-answer-order]", form), function (f) { f.parentNode.removeChild(f); });
  each($$("[data-mark]", form), function (m) { text(m, ""); m.className = "mark"; });
  each($$(".option, .match-row", form), function (o) { o.className = o.className.split(" ")[0]; });
  var explanation = $("[data-explanation]", form);
  if (explanation) { explanation.hidden = true; explanation.innerHTML = ""; }
}

/** One interaction record; ``known`` when the key may be written (issue 10: correct_responses). */
function queueInteraction(q, response, attempt, known) {
  var ok = isCorrect(q, response);
  pendingInteractions.push({
    q: q.id, r: response, ok: ok, n: attempt, k: !!(known || ok),
    lat: Math.max(0, Date.now() - (pageShownAt[q.id] || startedAt)), t: Date.now()
  });
}

function onOrderMove(button) {
  var li = button.closest("li");
  var list = li.parentNode;
  var up = button.getAttribute("data-move") === "up";
  var sibling = up ? li.previousElementSibling : li.nextElementSibling;
  var status = $("[data-order-status]", li.closest("form"));
  var label = $(".order-text", li).textContent;
  if (!sibling) {
    text(status, t(up ? "question.already_first" : "question.already_last", { item: label }));
    return;
  }
  list.insertBefore(li, up ? sibling : sibling.nextElementSibling);
  button.focus();
  var position = $$("li", list).indexOf(li) + 1;
  text(status, t("question.moved", { item: label, n: position, total: list.children.length }));
  answerChanged(li.closest("form"));
}
