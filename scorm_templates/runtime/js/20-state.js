/* ---------- learner state and the suspend_data contract (scr_course/checks/state.py) ---------- */

/** pages: id -> true; quizzes: module id -> {a, s, b, seed, pos}; answers: question id -> response;
 *  reflections: id -> text; loc: current page id. */
var S = newState();

function newState() {
  var state = { pages: {}, quizzes: {}, answers: {}, reflections: {}, loc: "" };
  each(scoredModules, function (m) { state.quizzes[m.id] = newQuiz(0, 0); });
  return state;
}
function newQuiz(attempts, best) {
  // pos: the question on screen (the drawn count means the check screen).
  return { a: attempts, s: "n", b: best, seed: Math.floor(Math.random() * 1679616), pos: 0 };
}

function encodeState(state) {
  var out = "3" + D.course.tag;
  var seen = pages.filter(function (p) { return state.pages[p.id]; });
  out += b36(seen.length, 2) + seen.map(function (p) { return p.key; }).join("");
  out += b36(scoredModules.length, 1);
  each(scoredModules, function (m) {
    var quiz = state.quizzes[m.id];
    out += m.key + b36(Math.min(quiz.a, 35), 1) + quiz.s + b36(quiz.b, 2) + b36(quiz.seed, 4) +
      b36(Math.min(quiz.pos || 0, 1295), 2);
  });
  var answered = questions.filter(function (q) { return state.answers[q.id] != null; });
  out += b36(answered.length, 2);
  each(answered, function (q) {
    var response = state.answers[q.id];
    out += q.key + q.check + b36(response.length, 1) + response;
  });
  var saved = reflections.filter(function (r) { return state.reflections[r.id]; });
  out += b36(saved.length, 1);
  each(saved, function (r) {
    var value = cut(state.reflections[r.id], LIMITS.reflectionChars);
    out += r.key + b36(value.length, 2) + value;
  });
  return out;
}

/** Parse a suspend_data string; throws on anything unexpected (then it is ignored). */
function decodeState(value) {
  var pos = 0;
  function take(n) {
    if (pos + n > value.length) throw new Error("short");
    var part = value.substr(pos, n);
    pos += n;
    return part;
  }
  function num(n) {
    var digits = take(n);
    if (!/^[0-9a-z]+$/.test(digits)) throw new Error("number");
    return parseInt(digits, 36);
  }
  // Format 2 (before issue 10) had no position; it is still read.
  var format = take(1);
  if ((format !== "2" && format !== "3") || take(4) !== D.course.tag) throw new Error("tag");
  var state = newState();
  var i, n, key;
  for (n = num(2), i = 0; i < n; i++) {
    key = take(4);
    if (pageByKey[key]) state.pages[pageByKey[key].id] = true;
  }
  for (n = num(1), i = 0; i < n; i++) {
    var module = moduleByKey[take(4)];
    var quiz = { a: num(1), s: take(1), b: num(2), seed: num(4), pos: 0 };
    if (format === "3") quiz.pos = num(2);
    if (!/^[npf]$/.test(quiz.s) || quiz.b > 100) throw new Error("quiz");
    if (module && module.scored) state.quizzes[module.id] = quiz;
  }
  for (n = num(2), i = 0; i < n; i++) {
    var q = qByKey[take(4)];
    var check = take(1);
    var response = take(num(1));
    // SCORM state survives course updates: a changed question drops only its own answer.
    if (q && q.check === check && validResponse(q, response)) state.answers[q.id] = response;
  }
  for (n = num(1), i = 0; i < n; i++) {
    var r = rByKey[take(4)];
    var body = take(num(2));
    if (r) state.reflections[r.id] = body;
  }
  if (pos !== value.length) throw new Error("trailing");
  return state;
}

function choiceIds(q) { return q.choices.map(function (c) { return c.id; }).join(""); }
function validResponse(q, response) {
  var ids = choiceIds(q);
  var chars = response.split("");
  var known = chars.every(function (ch) { return ids.indexOf(ch) >= 0; });
  switch (q.kind) {
    case "single": case "true-false": return response.length === 1 && known;
    case "multiple": return known;
    case "matching": return response.length === ids.length && chars.every(function (ch) { return ch === "-" || ids.indexOf(ch) >= 0; });
    case "ordering": return response.length === ids.length && known;
    default: return true;
  }
}

/* ---------- browser storage: the copy that survives LMS failures ---------- */

function readLocal() {
  try {
    var raw = window.localStorage.getItem(STORE_KEY);
    return raw ? JSON.parse(raw) : null;
  } catch (e) { return null; }
}
function writeLocal(committed) {
  try {
    window.localStorage.setItem(STORE_KEY, JSON.stringify({
      s: encodeState(S), l: S.loc, c: committed, i: pendingInteractions, t: Date.now(), k: pendingChecks
    }));
    return true;
  } catch (e) { return false; }
}

/* ---------- time formats ---------- */

function timespan12(ms) {
  // SCORM 1.2 CMITimespan HHHH:MM:SS.SS; hours need at least 2 digits (Moodle rejects 1).
  var cs = Math.round(ms / 10);
  var h = Math.floor(cs / 360000), m = Math.floor(cs / 6000) % 60, s = Math.floor(cs / 100) % 60, f = cs % 100;
  return pad(Math.min(h, 9999), 2) + ":" + pad(m, 2) + ":" + pad(s, 2) + (f ? "." + pad(f, 2) : "");
}
function duration2004(ms) {
  // ISO 8601 duration, seconds with at most 2 decimals (ADL DurationValidator).
  var cs = Math.round(ms / 10);
  var h = Math.floor(cs / 360000), m = Math.floor(cs / 6000) % 60, s = (cs % 6000) / 100;
  return "PT" + (h ? h + "H" : "") + (m ? m + "M" : "") + String(s) + "S";
}
function clock(date) {
  return pad(date.getHours(), 2) + ":" + pad(date.getMinutes(), 2) + ":" + pad(date.getSeconds(), 2);
}
function timestamp(date) {
  // No milliseconds: toISOString()'s 3 decimals fail ADL's and Moodle's validators.
  return date.getFullYear() + "-" + pad(date.getMonth() + 1, 2) + "-" + pad(date.getDate(), 2) + "T" + clock(date);
}

