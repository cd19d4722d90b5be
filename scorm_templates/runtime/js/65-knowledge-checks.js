/* ---------- knowledge checks (unscored): check, try again (front matter retries:), then reveal ---------- */

/** Checks in progress, kept in browser storage only: id -> {t: wrong tries used, r: response}.
 *  Final answers live in S.answers (suspend_data); a check waiting for its retry lives here. */
var pendingChecks = {};  // the learner's own, from openStore() once they are known

/** Knowledge checks show their options in a fresh order at each launch, so a key's place gives
 *  nothing away (issue 22); shuffle=false on a question keeps the author's order. Scored modules
 *  order their options per attempt instead (70-assessment). Answers are kept by option id. */
var checkOrder = prng(Math.floor(Math.random() * 4294967296));
function shuffleCheckOptions(scope) {
  each($$("form[data-question]", scope), function (form) {
    var q = qById[form.getAttribute("data-question")];
    if (!q || !q.shuffle || moduleById[q.module].scored) return;
    var options = $$(".option", form);
    if (options.length > 1) each(shuffled(options, checkOrder), function (opt) { options[0].parentNode.appendChild(opt); });
  });
}

function retriesOf(q) {
  var m = moduleById[q.module];
  return m && m.retries != null ? m.retries : 1;
}

/** The verdict line: one sentence, never the answer text itself. */
function verdictText(q, response, final) {
  if (isCorrect(q, response)) return t("question.correct");
  if (q.kind === "multiple") {
    var key = secret(q), chosen = response.split("");
    var right = chosen.filter(function (id) { return key.c.indexOf(id) >= 0; }).length;
    var wrong = chosen.length - right;
    if (right) {
      return t(wrong === 0 ? "question.partial_none" : wrong === 1 ? "question.partial_one" : "question.partial_many",
        { right: right, total: key.c.length, wrong: wrong }) + " " + t(final ? "question.then_marked" : "question.then_retry");
    }
  }
  if (!final) return t("question.retry");
  return t(q.kind === "multiple" ? "question.revealed_list" : isChoiceKind(q) ? "question.revealed" : "question.revealed_text");
}

/** Show a checked answer. final: locked with the key revealed; otherwise the retry state.
 *  announce: focus and speech for a check just made (not on restore). */
function showCheck(q, form, response, final, announce) {
  clearMarks(form);
  lockForm(form, true);
  markOptions(q, form, response, final);
  var feedback = showOptionFeedback(q, form, response);
  var verdict = $("[data-verdict]", form);
  var ok = isCorrect(q, response);
  verdict.className = "question-verdict " + (ok ? "is-correct" : "is-wrong");
  text(verdict, verdictText(q, response, final));
  verdict.hidden = false;
  if (final) showExplanation(q, form);
  var button = $("[data-check-answer]", form);
  button.setAttribute("data-mode", final ? "done" : "retry");
  text(button, t(final ? "question.check" : "question.try_again"));
  show(button.parentNode, !final);
  text($("[data-problem]", form), "");
  var ids = feedback.map(function (n) { return n.id; }).join(" ");
  if (ids) verdict.setAttribute("aria-describedby", ids); else verdict.removeAttribute("aria-describedby");
  if (!announce) return;
  // One announcement per check. Retry: focus stays on the same button (now "Try again") and the
  // status region speaks. Final: the button goes, so focus moves to the verdict, which is read
  // with its description (the feedback); the status region stays quiet. preventScroll keeps the
  // learner's choice on screen on a phone.
  if (final) {
    text($("[data-announce]", form), "");
    verdict.focus({ preventScroll: true });
  } else {
    text($("[data-announce]", form), verdict.textContent + " " + feedback.map(function (n) {
      return n.textContent.replace(/\s+/g, " ").trim();
    }).join(" "));
  }
}

function tryAgain(q, form) {
  var pending = pendingChecks[q.id] = pendingChecks[q.id] || { t: 1 };
  pending.r = "";
  lockForm(form, false);
  var verdict = $("[data-verdict]", form);
  verdict.hidden = true;
  text($("[data-announce]", form), "");
  var button = $("[data-check-answer]", form);
  button.setAttribute("data-mode", "check");
  text(button, t("question.check"));
  show(button.parentNode, true);
  writeLocal(false);
}

function onSubmit(event) {
  var form = event.target.closest("form[data-question]");
  if (!form) return;
  event.preventDefault();
  var q = qById[form.getAttribute("data-question")];
  if (moduleById[q.module].scored) return; // assessments save as the learner chooses; no submit
  if ($("[data-check-answer]", form).getAttribute("data-mode") === "retry") { tryAgain(q, form); return; }
  var response = readResponse(q, form);
  var problem = answerProblem(q, response);
  if (problem) {
    text($("[data-problem]", form), problem);
    text($("[data-announce]", form), problem);
    return;
  }
  var used = (pendingChecks[q.id] && pendingChecks[q.id].t) || 0;
  var ok = isCorrect(q, response);
  var final = ok || used >= retriesOf(q);
  queueInteraction(q, response, used + 1, final);
  if (final) {
    S.answers[q.id] = response;
    delete pendingChecks[q.id];
  } else {
    pendingChecks[q.id] = { t: used + 1, r: response };
  }
  var draft = pendingChecks[q.id];
  if (draft) delete draft.u;
  showCheck(q, form, response, final, true);
  save();
}

/** On start (99-start restoreQuestions): a final answer, shown with its feedback. */
function revealFeedback(q, form, response) {
  showCheck(q, form, response, true, false);
  return isCorrect(q, response);
}

/** Checks waiting for a retry come back from browser storage. */
function restorePendingChecks() {
  each(questions, function (q) {
    var pending = pendingChecks[q.id], form = formOf(q.id);
    if (!pending || !form || moduleById[q.module].scored || S.answers[q.id] != null) { delete pendingChecks[q.id]; return; }
    if (pending.r) writeResponse(q, form, pending.r);
    if (pending.r && !pending.u) showCheck(q, form, pending.r, false, false);
  });
}

/** After 99-start's restore: pending checks, and ordering lists that would start out correct. */
setTimeout(function () {
  restorePendingChecks();
  each($$("[data-ordering]"), function (list) {
    var q = qById[list.closest("form").getAttribute("data-question")];
    if (!q || S.answers[q.id] != null || list.children.length < 2) return;
    if (isCorrect(q, readResponse(q, list.closest("form")))) list.appendChild(list.firstElementChild);
  });
}, 0);
