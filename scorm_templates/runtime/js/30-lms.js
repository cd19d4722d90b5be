/* ---------- LMS adapter: one interface, a SCORM 1.2 and a SCORM 2004 implementation ---------- */

/** Find the LMS API: the parent chain (bounded), then the opener and its parents. */
function findApi(name) {
  function scan(win) {
    for (var hops = 0; win && hops < 600; hops++) {
      try { if (win[name]) return win[name]; } catch (e) { /* cross-origin frame */ }
      var parent = null;
      try { parent = win.parent; } catch (e) { parent = null; }
      if (!parent || parent === win) break;
      win = parent;
    }
    return null;
  }
  var api = scan(window);
  if (!api) {
    try { if (window.opener) api = scan(window.opener); } catch (e) { api = null; }
  }
  return api;
}

var ELEMENTS = is2004 ? {
  init: "Initialize", get: "GetValue", set: "SetValue", commit: "Commit", finish: "Terminate",
  error: "GetLastError", location: "cmi.location", suspend: "cmi.suspend_data", entry: "cmi.entry",
  mode: "cmi.mode", exit: "cmi.exit", session: "cmi.session_time", name: "cmi.learner_name", learner: "cmi.learner_id",
  raw: "cmi.score.raw", min: "cmi.score.min", max: "cmi.score.max"
} : {
  init: "LMSInitialize", get: "LMSGetValue", set: "LMSSetValue", commit: "LMSCommit", finish: "LMSFinish",
  error: "LMSGetLastError", location: "cmi.core.lesson_location", suspend: "cmi.suspend_data",
  entry: "cmi.core.entry", mode: "cmi.core.lesson_mode", exit: "cmi.core.exit",
  session: "cmi.core.session_time", name: "cmi.core.student_name", learner: "cmi.core.student_id",
  raw: "cmi.core.score.raw", min: "cmi.core.score.min", max: "cmi.core.score.max"
};

/** Wraps the LMS API object; every call is guarded (an LMS may throw) and returns plain values. */
function Adapter(api) {
  this.api = api;
  this.live = false;
  this.ended = false;
}
Adapter.prototype.call = function (fn, args) {
  try {
    var result = this.api[ELEMENTS[fn]].apply(this.api, args);
    return result == null ? "" : String(result);
  } catch (e) { return null; }
};
Adapter.prototype.ok = function (fn, args) {
  var result = this.call(fn, args);
  return result === "true" || result === "1";
};
Adapter.prototype.lastError = function () { return this.call("error", []); };
Adapter.prototype.init = function () {
  if (this.live) return true;
  if (this.ok("init", [""])) { this.live = true; return true; }
  // 2004 error 103 / 1.2 error 101 after a reload: already initialised is usable.
  var code = this.lastError();
  if (code === "103") { this.live = true; return true; }
  return false;
};
/** A value, "" when empty (2004 answers "" + 403 for never-set elements), or null on failure. */
Adapter.prototype.get = function (name) {
  var value = this.call("get", [name]);
  if (value === null) return null;
  if (value !== "") return value;
  return "";
};
Adapter.prototype.set = function (name, value) { return this.ok("set", [name, String(value)]); };
/** Interaction fields: true also when the LMS refused the value itself (1.2 405, 2004 406/407),
 *  a data error no retry can fix; false only when the LMS failed and it must be sent again. */
Adapter.prototype.setField = function (name, value) {
  if (this.set(name, value)) return true;
  var code = this.lastError();
  return is2004 ? code === "406" || code === "407" : code === "405";
};
Adapter.prototype.commit = function () { return this.ok("commit", [""]); };
Adapter.prototype.finish = function () {
  if (this.ended) return true;
  this.ended = true;
  return this.ok("finish", [""]);
};

var TYPES = {
  single: "choice", multiple: "choice", "true-false": "true-false", "fill-in": "fill-in",
  numeric: "numeric", matching: "matching", ordering: "sequencing"
};

/** Interaction fields in the order they must be set (id, then type, then the rest). */
function interactionFields(record) {
  var q = qById[record.q];
  var sep = is2004 ? "[,]" : ",";
  var pair = is2004 ? "[.]" : ".";
  var response = record.r;
  var learner, patterns;
  // Issue 10: the page holds no readable key, so a pattern is written only when the key is
  // known to the learner anyway: the answer was right, or the keys are revealable.
  var key = record.k ? secret(q) : null;
  var correctIds = key ? key.c : [];
  switch (q.kind) {
    case "true-false":
      var isTrue = function (id) {
        var label = choiceText(q, id).trim();
        return /^true$/i.test(label) || (!/^false$/i.test(label) && q.choices[0].id === id);
      };
      learner = isTrue(response) ? (is2004 ? "true" : "t") : (is2004 ? "false" : "f");
      patterns = [isTrue(correctIds[0]) ? (is2004 ? "true" : "t") : (is2004 ? "false" : "f")];
      break;
    case "single": case "multiple":
      learner = response.split("").join(sep);
      patterns = [correctIds.join(sep)];
      break;
    case "fill-in":
      learner = fillInText(response);
      patterns = (key ? key.a : []).slice(0, 5).map(fillInText)
        .filter(function (p, i, all) { return all.indexOf(p) === i; });
      break;
    case "numeric":
      learner = numberText(parseNumber(response));
      patterns = key ? [is2004 ? numberText(key.v - key.t) + "[:]" + numberText(key.v + key.t) : numberText(key.v)] : [];
      break;
    case "matching":
      learner = q.choices.map(function (c, i) { return response.charAt(i) === "-" ? "" : c.id + pair + response.charAt(i); })
        .filter(Boolean).join(sep);
      patterns = key ? [q.choices.map(function (c, i) { return c.id + pair + key.k.charAt(i); }).join(sep)] : [];
      break;
    default: // ordering -> sequencing
      learner = response.split("").join(sep);
      patterns = key ? [key.k.split("").join(sep)] : [];
  }
  if (!key) patterns = [];
  if (is2004) {
    // SCORM 2004: one record per question (its latest answer: a retry or retake updates it in
    // place) with only the fields an LMS report reads. Moodle re-posts every interaction on every
    // Commit and sends the last one as a beacon Chromium caps at 64 KiB (docs/lms/moodle.md).
    // Each field costs ~120 bytes there whatever its value, so: no description, latency or
    // timestamp, and a knowledge check (unscored practice) is only its id and latest result.
    var id = ["id", "urn:scr:" + D.course.id + ":" + q.id], result = ["result", record.ok ? "correct" : "incorrect"];
    if (!moduleById[q.module].scored) return [id, result];
    var fields2004 = [id, ["type", TYPES[q.kind]]];
    each(patterns, function (p, i) { fields2004.push(["correct_responses." + i + ".pattern", p]); });
    if (String(q.weight) !== "1") fields2004.push(["weighting", String(q.weight)]);
    fields2004.push(["learner_response", learner], result);
    return fields2004;
  }
  // SCORM 1.2 interactions are a journal (write-only): each try and each attempt is a new record.
  var fields = [["id", q.id.replace(/[^A-Za-z0-9_-]/g, "_") + (record.n > 1 ? "-attempt-" + record.n : "")],
    ["type", TYPES[q.kind]]];
  each(patterns, function (p, i) { fields.push(["correct_responses." + i + ".pattern", p]); });
  fields.push(["weighting", String(q.weight)], ["student_response", learner], ["result", record.ok ? "correct" : "wrong"]);
  fields.push(["latency", timespan12(record.lat)], ["time", clock(new Date(record.t))]);
  return fields;
}
/** 2004 localized strings may not start with "{" unless it is a {lang=} tag, nor hold delimiters. */
function langText(value, max) {
  value = cut(String(value || "").replace(/\s+/g, " ").replace(/\[[,.:]\]/g, " ").trim(), max);
  return value.charAt(0) === "{" ? cut("{lang=" + D.course.language + "}" + value, max) : value;
}
function fillInText(value) { return is2004 ? langText(value, 250) : cut(value, 255); }
function parseNumber(value) { return parseFloat(String(value).replace(",", ".").replace(/\s+/g, "")); }
function numberText(n) {
  var s = String(Math.round(n * 1e6) / 1e6);
  return /e/.test(s) ? n.toFixed(0) : s;
}

