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

/* ---------- browser storage: the copy that survives LMS failures, one per learner ---------- */

// Issue 19 (H2): computers are shared, so a copy belongs to one learner. Its key ends in the
// learner's tag and the copy holds the tag too; a copy with another tag is never read. Bounds
// (docs/reliability.md, "The next person at a shared PC"): KEEP_RECORDS records per course at
// most, each gone KEEP_MS after its last change.
var KEEP_RECORDS = 5, KEEP_MS = 30 * 86400000;
// The tag of the learner on screen; null while unknown: nothing is read or written then.
var storeOwner = null;

/** A learner's tag: a 64-bit hash (digest, 62-keys.js) of who they are (the SCORM learner id; cmi5
 *  actor and registration), so a storage key does not show the id. It hides the id; anyone who
 *  can guess an id can compute its tag, so it protects nothing by itself. */
function learnerTag() { return digest(D.course.id, [].join.call(arguments, "\0")); }
function storeKey(owner) { return STORE_KEY + ":" + owner; }

/** The owner check every reader of browser storage makes before it shows, adopts or sends
 *  anything: the record under key when it belongs to owner and has not expired, else null. */
function ownCopy(key, owner) {
  try { var copy = JSON.parse(localStorage.getItem(key)); } catch (e) { return null; }
  return owner && copy && copy.o === owner && Date.now() - copy.t <= KEEP_MS ? copy : null;
}

/** Drop, for this course (any version), what the bounds no longer allow: records past KEEP_MS,
 *  copies with no owner (written before issue 19: whose they are cannot be known), and all but
 *  the KEEP_RECORDS newest records, the owner's first. */
function pruneStore(owner) {
  var found = [];
  for (var i = 0; i < localStorage.length; i++) {
    try {
      var key = localStorage.key(i);
      var r = key.indexOf("scr:" + D.course.id + ":") ? 0 : JSON.parse(localStorage.getItem(key));
      if (r && (r.o || r.s)) found.push([key, r.o && r.t || 0, r.o === owner]);
    } catch (e) { /* not a record of ours */ }
  }
  found.sort(function (x, y) { return y[2] - x[2] || y[1] - x[1]; });
  each(found, function (x, n) {
    if (n >= KEEP_RECORDS || !(Date.now() - x[1] <= KEEP_MS)) localStorage.removeItem(x[0]);
  });
}

/** Use browser storage for one learner from now on (null: nobody, nothing is read or written);
 *  returns their own copy, or null. */
function openStore(owner) {
  storeOwner = owner;
  if (!owner) return null;
  try { pruneStore(owner); } catch (e) { /* storage blocked */ }
  var copy = ownCopy(storeKey(owner), owner);
  pendingChecks = (copy && copy.k) || {};
  return copy;
}
function writeLocal(committed) {
  var state = JSON.parse(JSON.stringify(S));
  // L9: once the LMS has confirmed, reflection text leaves the browser.
  if (committed) state.reflections = {};
  try {
    if (storeOwner) localStorage.setItem(storeKey(storeOwner), JSON.stringify({
      o: storeOwner, s: encodeState(state), l: S.loc, c: committed, i: pendingInteractions, t: Date.now(),
      k: pendingChecks
    }));
  } catch (e) { /* full or blocked */ }
}
/** A clean, confirmed finish: nothing of this learner stays in the browser. */
function forgetLocal() {
  try { localStorage.removeItem(storeKey(storeOwner)); } catch (e) { /* blocked */ }
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

