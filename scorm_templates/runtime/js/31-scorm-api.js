/* ---------- SCORM API: finding the LMS's API, the adapter, and what a SCORM commit writes ---------- */

/* Only in SCORM packages (scr_course/resources.py TARGET_PARTS): a cmi5 AU talks xAPI instead
 * (35-cmi5.js), and its 30 KB budget has no room for code it never runs (issue 20). */

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

/** The elements to write, in order: score before status (stale grades otherwise, openedx#56). */
function trackingValues(ending) {
  var E = ELEMENTS;
  var values = [[E.suspend, encodeState(S)], [E.location, S.loc]];
  var outcome = quizOutcome();
  var complete = isComplete();
  var failedNow = outcome.finalFail || (outcome.anyFail && D.tracking.onFail === "failed");
  // A failing score while retries remain could make an LMS with a mastery score report "failed"
  // (RS-score), so the score is reported once it is final, passing, or failure is to be shown.
  var reportScore = scoredModules.length && (outcome.passed || failedNow);
  if (!readOnly) {
    if (reportScore) {
      if (is2004) values.push(["cmi.score.scaled", String(outcome.score / 100)]);
      values.push([E.min, "0"], [E.max, "100"], [E.raw, String(outcome.score)]);
    }
    if (is2004) {
      values.push(["cmi.progress_measure", String(Math.round(progress() * 10000) / 10000)]);
      values.push(["cmi.completion_status", complete ? "completed" : "incomplete"]);
      if (scoredModules.length) {
        values.push(["cmi.success_status", outcome.passed ? "passed" : failedNow ? "failed" : "unknown"]);
      }
    } else {
      var status = complete ? "completed" : "incomplete";
      if (scoredModules.length) {
        var good = D.tracking.status === "completed-incomplete" ? "completed" : "passed";
        status = outcome.passed ? (complete ? good : "incomplete") : failedNow ? "failed" : "incomplete";
      }
      values.push(["cmi.core.lesson_status", status]);
    }
  }
  // exit=suspend from the start keeps the data when the window just closes (spoor#320).
  // Only a session that ends with everything done exits normally (a new attempt next time).
  values.push([E.exit, ending && isDone() ? (is2004 ? "normal" : "") : "suspend"]);
  if (ending) values.push([E.session, is2004 ? duration2004(Date.now() - startedAt) : timespan12(Date.now() - startedAt)]);
  return values;
}

function writeInteraction(record) {
  var base;
  var fields = interactionFields(record);
  if (is2004) {
    if (!interactionIndex) {
      interactionIndex = {};
      var count = parseInt(lms.get("cmi.interactions._count"), 10) || 0;
      for (var i = 0; i < count; i++) interactionIndex[lms.get("cmi.interactions." + i + ".id")] = i;
    }
    var id = fields[0][1], known = interactionIndex[id] != null;
    if (!known) interactionIndex[id] = parseInt(lms.get("cmi.interactions._count"), 10) || 0;
    base = "cmi.interactions." + interactionIndex[id] + ".";
    // A question's record is updated in place; its key, once written, is not written again
    // (Moodle's scorm_13.js answers 351 to a choice pattern equal to one already there).
    if (known && parseInt(lms.get(base + "correct_responses._count"), 10) > 0) {
      fields = fields.filter(function (field) { return field[0].indexOf("correct_responses.") !== 0; });
    }
  } else {
    // SCORM 1.2 interactions are write-only: append at _count.
    base = "cmi.interactions." + (parseInt(lms.get("cmi.interactions._count"), 10) || 0) + ".";
  }
  var ok = true;
  each(fields, function (field) { if (ok && !lms.setField(base + field[0], field[1])) ok = false; });
  return ok;
}
