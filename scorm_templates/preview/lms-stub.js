/*
 * scr-course preview: a simulated LMS run-time for SCORM 1.2 and SCORM 2004 4th Edition.
 *
 * Served only by `scr-course preview`; never part of a package. It validates every call the way
 * a strict LMS does (error codes from SCORM 1.2 RTE 3.3 and SCORM 2004 RTE 3.1.7), logs each
 * call for the inspector panel, and keeps the learner's record in localStorage so "close and
 * relaunch" behaves like a real LMS (entry=resume with the suspended data after exit=suspend).
 */
(function (root) {
  "use strict";

  var ERRORS = {
    "1.2": {
      "0": "No error", "101": "General exception", "201": "Invalid argument error",
      "202": "Element cannot have children", "203": "Element not an array - cannot have count",
      "301": "Not initialized", "401": "Not implemented error", "402": "Invalid set value, element is a keyword",
      "403": "Element is read only", "404": "Element is write only", "405": "Incorrect data type"
    },
    "2004": {
      "0": "No Error", "101": "General Exception", "102": "General Initialization Failure",
      "103": "Already Initialized", "104": "Content Instance Terminated", "111": "General Termination Failure",
      "112": "Termination Before Initialization", "113": "Termination After Termination",
      "122": "Retrieve Data Before Initialization", "123": "Retrieve Data After Termination",
      "132": "Store Data Before Initialization", "133": "Store Data After Termination",
      "142": "Commit Before Initialization", "143": "Commit After Termination",
      "201": "General Argument Error", "301": "General Get Failure", "351": "General Set Failure",
      "391": "General Commit Failure", "401": "Undefined Data Model Element",
      "402": "Unimplemented Data Model Element", "403": "Data Model Element Value Not Initialized",
      "404": "Data Model Element Is Read Only", "405": "Data Model Element Is Write Only",
      "406": "Data Model Element Type Mismatch", "407": "Data Model Element Value Out Of Range",
      "408": "Data Model Dependency Not Established"
    }
  };

  /* ---------- value types: each returns null (valid), "type" or "range" ---------- */

  var RE = {
    decimal: /^-?(\d+(\.\d*)?|\.\d+)$/,
    timespan12: /^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/,
    time12: /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2})?$/,
    identifier12: /^[\x21-\x7e]{1,255}$/,
    char12: /^[0-9a-z]$/,
    interval: /^P(?!$)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$/,
    time2004: /^(19[7-9]\d|20[0-3]\d)(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3])(:[0-5]\d(:[0-5]\d(\.\d{1,2})?)?)?(Z|[+-]([01]\d|2[0-3])(:[0-5]\d)?)?)?)?)?$/,
    shortId: /^[^\s[\]]{1,250}$/,
    moodleShortId: /^[\w.]{1,250}$/,
    lang: /^\{lang=([A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*)?\}/,
    langTag: /^([A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*)?$/,
    urn: /^urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:\S+$/
  };

  function vocab(words) {
    return function (v) { return words.indexOf(v) >= 0 ? null : "type"; };
  }
  function text(max, hard) {
    return function (v, ctx) {
      if (v.length <= max) { return null; }
      if (hard) { return "type"; }
      ctx.note("longer than the " + max + " characters every LMS must store: some truncate it");
      return null;
    };
  }
  function decimal(min, max, blank) {
    return function (v) {
      if (blank && v === "") { return null; }
      if (!RE.decimal.test(v)) { return "type"; }
      var n = parseFloat(v);
      return (min !== null && n < min) || (max !== null && n > max) ? "range" : null;
    };
  }
  function integer(min, max) {
    return function (v) {
      if (!/^-?\d+$/.test(v)) { return "type"; }
      var n = parseInt(v, 10);
      return n < min || n > max ? "range" : null;
    };
  }
  function matches(re) { return function (v) { return re.test(v) ? null : "type"; }; }
  function localized(max) {
    return function (v, ctx) {
      var m = RE.lang.exec(v);
      if (v.indexOf("{lang=") === 0 && !m) { return "type"; }
      return text(max, false)(m ? v.slice(m[0].length) : v, ctx);
    };
  }
  function longId(v) {
    if (v === "" || v.length > 4000 || /\s/.test(v)) { return "type"; }
    return v.indexOf("urn:") === 0 && !RE.urn.test(v) ? "type" : null;
  }
  function shortId(v, ctx) {
    if (!RE.shortId.test(v)) { return "type"; }
    if (!RE.moodleShortId.test(v)) {
      // scorm-conformance.md 5.2: Moodle's 2004 short identifier rule is [\w.] only.
      ctx.note("'" + v + "' is a valid SCORM token, but Moodle refuses anything but letters, digits, _ and .");
    }
    return null;
  }
  function each(list, check, ctx) {
    for (var i = 0; i < list.length; i += 1) {
      var r = check(list[i], ctx);
      if (r) { return r; }
    }
    return null;
  }
  function unique(list) {
    var seen = {};
    for (var i = 0; i < list.length; i += 1) {
      if (seen[list[i]]) { return false; }
      seen[list[i]] = true;
    }
    return true;
  }

  /* SCORM 1.2 RTE 3.4.2.7 CMIFeedback, by interaction type. */
  function feedback12(type) {
    var chars = "[0-9a-z]";
    var list = new RegExp("^\\{?(" + chars + "(," + chars + ")*)?\\}?$");
    var pairs = new RegExp("^\\{?" + chars + "\\." + chars + "(," + chars + "\\." + chars + ")*\\}?$");
    var byType = {
      "true-false": /^[01tf]$/, "choice": list, "likert": /^[0-9a-z]?$/, "matching": pairs,
      "sequencing": new RegExp("^" + chars + "(," + chars + ")*$")
    };
    if (type === "numeric") { return decimal(null, null, false); }
    if (byType[type]) { return matches(byType[type]); }
    return text(255, true);
  }

  /* SCORM 2004 RTE 4.2.9.1-2: learner_response and correct_responses.n.pattern formats. */
  function response2004(type, pattern) {
    function split(v, sep) { return v === "" ? [] : v.split(sep); }
    function ids(v, ctx, max) {
      var list = split(v, "[,]");
      if (list.length > max || !unique(list)) { return "type"; }
      return each(list, shortId, ctx);
    }
    function pairs(v, ctx) {
      return each(split(v, "[,]"), function (pair, c) {
        var sides = pair.split("[.]");
        return sides.length === 2 ? each(sides, shortId, c) : "type";
      }, ctx);
    }
    var options = /^(\{(case_matters|order_matters)=(true|false)\})*/;
    var checks = {
      "true-false": function (v) { return v === "true" || v === "false" ? null : "type"; },
      "choice": function (v, ctx) { return ids(v, ctx, 36); },
      "sequencing": function (v, ctx) { return v === "" ? "type" : ids(v, ctx, 36); },
      "likert": shortId,
      "matching": pairs,
      "fill-in": function (v, ctx) {
        var body = pattern ? v.replace(options, "") : v;
        var list = split(body, "[,]");
        return list.length > 10 ? "type" : each(list, localized(250), ctx);
      },
      "long-fill-in": function (v, ctx) { return localized(4000)(pattern ? v.replace(options, "") : v, ctx); },
      "performance": function (v, ctx) {
        var body = pattern ? v.replace(options, "") : v;
        return split(body, "[,]").length > 250 ? "type" : text(4000, true)(body, ctx);
      },
      "numeric": function (v) {
        if (!pattern) { return RE.decimal.test(v) ? null : "type"; }
        var range = v.split("[:]");
        if (range.length > 2) { return "type"; }
        return each(range, function (side) { return side === "" || RE.decimal.test(side) ? null : "type"; });
      },
      "other": text(4000, true)
    };
    return checks[type] || text(4000, true);
  }

  /* Correct-response counts each type may hold (RTE 4.2.9.1 table). */
  var PATTERN_LIMITS = { "true-false": 1, "choice": 10, "fill-in": 5, "long-fill-in": 5, "likert": 1,
    "matching": 5, "performance": 5, "sequencing": 5, "numeric": 1, "other": 1 };

  /* ---------- data models: canonical element (indices as "n") → definition ---------- */

  var STATUS12 = ["passed", "completed", "failed", "incomplete", "browsed"];
  var TYPES12 = ["true-false", "choice", "fill-in", "matching", "performance", "sequencing", "likert", "numeric"];

  function model12() {
    var score = decimal(0, 100, true);
    return {
      "cmi._version": { a: "r", value: "3.4" },
      "cmi.core._children": { a: "r", value: "student_id,student_name,lesson_location,credit,lesson_status,entry,score,total_time,lesson_mode,exit,session_time" },
      "cmi.core.student_id": { a: "r", launch: "learnerId" },
      "cmi.core.student_name": { a: "r", launch: "learnerName12" },
      "cmi.core.lesson_location": { a: "rw", t: text(255, true) },
      "cmi.core.credit": { a: "r", value: "credit" },
      "cmi.core.lesson_status": { a: "rw", t: vocab(STATUS12), initial: "not attempted" },
      "cmi.core.entry": { a: "r", launch: "entry" },
      "cmi.core.score._children": { a: "r", value: "raw,min,max" },
      "cmi.core.score.raw": { a: "rw", t: score },
      "cmi.core.score.min": { a: "rw", t: score },
      "cmi.core.score.max": { a: "rw", t: score },
      "cmi.core.total_time": { a: "r", launch: "totalTime" },
      "cmi.core.lesson_mode": { a: "r", value: "normal" },
      "cmi.core.exit": { a: "w", t: vocab(["time-out", "suspend", "logout", ""]) },
      "cmi.core.session_time": { a: "w", t: matches(RE.timespan12) },
      "cmi.suspend_data": { a: "rw", t: text(4096, true) },
      "cmi.launch_data": { a: "r", launch: "launchData" },
      "cmi.comments": { a: "rw", t: text(4096, true) },
      "cmi.comments_from_lms": { a: "r", value: "" },
      "cmi.objectives._children": { a: "r", value: "id,score,status" },
      "cmi.objectives._count": { a: "r", count: true },
      "cmi.objectives.n.id": { a: "rw", t: matches(RE.identifier12) },
      "cmi.objectives.n.score._children": { a: "r", value: "raw,min,max" },
      "cmi.objectives.n.score.raw": { a: "rw", t: decimal(null, null, true) },
      "cmi.objectives.n.score.min": { a: "rw", t: decimal(null, null, true) },
      "cmi.objectives.n.score.max": { a: "rw", t: decimal(null, null, true) },
      "cmi.objectives.n.status": { a: "rw", t: vocab(STATUS12.concat(["not attempted"])) },
      "cmi.student_data._children": { a: "r", value: "mastery_score,max_time_allowed,time_limit_action" },
      "cmi.student_data.mastery_score": { a: "r", launch: "masteryScore" },
      "cmi.student_data.max_time_allowed": { a: "r", value: "" },
      "cmi.student_data.time_limit_action": { a: "r", value: "continue,no message" },
      "cmi.student_preference._children": { a: "r", value: "audio,language,speed,text" },
      "cmi.student_preference.audio": { a: "rw", t: integer(-1, 100), initial: "0" },
      "cmi.student_preference.language": { a: "rw", t: text(255, true), initial: "" },
      "cmi.student_preference.speed": { a: "rw", t: integer(-100, 100), initial: "0" },
      "cmi.student_preference.text": { a: "rw", t: integer(-1, 1), initial: "0" },
      "cmi.interactions._children": { a: "r", value: "id,objectives,time,type,correct_responses,weighting,student_response,result,latency" },
      "cmi.interactions._count": { a: "r", count: true },
      "cmi.interactions.n.id": { a: "w", t: matches(RE.identifier12) },
      "cmi.interactions.n.objectives._count": { a: "r", count: true },
      "cmi.interactions.n.objectives.n.id": { a: "w", t: matches(RE.identifier12) },
      "cmi.interactions.n.time": { a: "w", t: matches(RE.time12) },
      "cmi.interactions.n.type": { a: "w", t: vocab(TYPES12) },
      "cmi.interactions.n.correct_responses._count": { a: "r", count: true },
      "cmi.interactions.n.correct_responses.n.pattern": { a: "w", response: feedback12 },
      "cmi.interactions.n.weighting": { a: "w", t: decimal(null, null, false) },
      "cmi.interactions.n.student_response": { a: "w", response: feedback12 },
      "cmi.interactions.n.result": { a: "w", t: function (v) {
        return ["correct", "wrong", "unanticipated", "neutral"].indexOf(v) >= 0 || RE.decimal.test(v) ? null : "type";
      } },
      "cmi.interactions.n.latency": { a: "w", t: matches(RE.timespan12) }
    };
  }

  var TYPES2004 = ["true-false", "choice", "fill-in", "long-fill-in", "matching", "performance", "sequencing",
    "likert", "numeric", "other"];
  var NAV = ["continue", "previous", "exit", "exitAll", "abandon", "abandonAll", "suspendAll", "_none_"];

  function model2004() {
    var real = decimal(null, null, false);
    var time = matches(RE.time2004);
    var success = vocab(["passed", "failed", "unknown"]);
    var completion = vocab(["completed", "incomplete", "not attempted", "unknown"]);
    return {
      "cmi._version": { a: "r", value: "1.0" },
      "cmi.comments_from_learner._children": { a: "r", value: "comment,location,timestamp" },
      "cmi.comments_from_learner._count": { a: "r", count: true, max: 250 },
      "cmi.comments_from_learner.n.comment": { a: "rw", t: localized(4000) },
      "cmi.comments_from_learner.n.location": { a: "rw", t: text(250, false) },
      "cmi.comments_from_learner.n.timestamp": { a: "rw", t: time },
      "cmi.comments_from_lms._children": { a: "r", value: "comment,location,timestamp" },
      "cmi.comments_from_lms._count": { a: "r", value: "0" },
      "cmi.completion_status": { a: "rw", t: completion, initial: "unknown", evaluate: "completion" },
      "cmi.completion_threshold": { a: "r", launch: "completionThreshold" },
      "cmi.credit": { a: "r", value: "credit" },
      "cmi.entry": { a: "r", launch: "entry" },
      "cmi.exit": { a: "w", t: vocab(["time-out", "suspend", "logout", "normal", ""]) },
      "cmi.interactions._children": { a: "r", value: "id,type,objectives,timestamp,correct_responses,weighting,learner_response,result,latency,description" },
      "cmi.interactions._count": { a: "r", count: true, max: 250 },
      "cmi.interactions.n.id": { a: "rw", t: longId },
      "cmi.interactions.n.type": { a: "rw", t: vocab(TYPES2004), needs: "id" },
      "cmi.interactions.n.objectives._count": { a: "r", count: true, max: 10 },
      "cmi.interactions.n.objectives.n.id": { a: "rw", t: longId, needs: "id", uniqueIn: true },
      "cmi.interactions.n.timestamp": { a: "rw", t: time, needs: "id" },
      "cmi.interactions.n.correct_responses._count": { a: "r", count: true },
      "cmi.interactions.n.correct_responses.n.pattern": { a: "rw", response: response2004, pattern: true, needs: "type" },
      "cmi.interactions.n.weighting": { a: "rw", t: real, needs: "id" },
      "cmi.interactions.n.learner_response": { a: "rw", response: response2004, needs: "type" },
      "cmi.interactions.n.result": { a: "rw", needs: "id", t: function (v) {
        return ["correct", "incorrect", "unanticipated", "neutral"].indexOf(v) >= 0 || RE.decimal.test(v) ? null : "type";
      } },
      "cmi.interactions.n.latency": { a: "rw", t: matches(RE.interval), needs: "id" },
      "cmi.interactions.n.description": { a: "rw", t: localized(250), needs: "id" },
      "cmi.launch_data": { a: "r", launch: "launchData" },
      "cmi.learner_id": { a: "r", launch: "learnerId" },
      "cmi.learner_name": { a: "r", launch: "learnerName" },
      "cmi.learner_preference._children": { a: "r", value: "audio_level,language,delivery_speed,audio_captioning" },
      "cmi.learner_preference.audio_level": { a: "rw", t: decimal(0, null, false), initial: "1" },
      "cmi.learner_preference.language": { a: "rw", t: matches(RE.langTag), initial: "" },
      "cmi.learner_preference.delivery_speed": { a: "rw", t: decimal(0, null, false), initial: "1" },
      "cmi.learner_preference.audio_captioning": { a: "rw", t: vocab(["-1", "0", "1"]), initial: "0" },
      "cmi.location": { a: "rw", t: text(1000, false) },
      "cmi.max_time_allowed": { a: "r" },
      "cmi.mode": { a: "r", value: "normal" },
      "cmi.objectives._children": { a: "r", value: "id,score,success_status,completion_status,progress_measure,description" },
      "cmi.objectives._count": { a: "r", count: true, max: 100 },
      "cmi.objectives.n.id": { a: "rw", t: longId, fixedId: true },
      "cmi.objectives.n.score._children": { a: "r", value: "scaled,raw,min,max" },
      "cmi.objectives.n.score.scaled": { a: "rw", t: decimal(-1, 1, false), needs: "id" },
      "cmi.objectives.n.score.raw": { a: "rw", t: real, needs: "id" },
      "cmi.objectives.n.score.min": { a: "rw", t: real, needs: "id" },
      "cmi.objectives.n.score.max": { a: "rw", t: real, needs: "id" },
      "cmi.objectives.n.success_status": { a: "rw", t: success, needs: "id", initial: "unknown" },
      "cmi.objectives.n.completion_status": { a: "rw", t: completion, needs: "id", initial: "unknown" },
      "cmi.objectives.n.progress_measure": { a: "rw", t: decimal(0, 1, false), needs: "id" },
      "cmi.objectives.n.description": { a: "rw", t: localized(250), needs: "id" },
      "cmi.progress_measure": { a: "rw", t: decimal(0, 1, false) },
      "cmi.scaled_passing_score": { a: "r", launch: "scaledPassingScore" },
      "cmi.score._children": { a: "r", value: "scaled,raw,min,max" },
      "cmi.score.scaled": { a: "rw", t: decimal(-1, 1, false) },
      "cmi.score.raw": { a: "rw", t: real },
      "cmi.score.min": { a: "rw", t: real },
      "cmi.score.max": { a: "rw", t: real },
      "cmi.session_time": { a: "w", t: matches(RE.interval) },
      "cmi.success_status": { a: "rw", t: success, initial: "unknown", evaluate: "success" },
      "cmi.suspend_data": { a: "rw", t: text(64000, false) },
      "cmi.time_limit_action": { a: "r", value: "continue,no message" },
      "cmi.total_time": { a: "r", launch: "totalTime" },
      "adl.nav.request": { a: "rw", initial: "_none_", t: function (v) {
        return NAV.indexOf(v) >= 0 || /^\{target=[^\s}]+\}(choice|jump)$/.test(v) ? null : "type";
      } },
      "adl.nav.request_valid.continue": { a: "r", value: "unknown" },
      "adl.nav.request_valid.previous": { a: "r", value: "unknown" },
      "adl.nav.request_valid.choice.{target}": { a: "r", value: "unknown" },
      "adl.nav.request_valid.jump.{target}": { a: "r", value: "unknown" }
    };
  }

  /* Element → canonical name (indices replaced by "n"), the indices, and each index's array path. */
  function parse(element) {
    var nav = /^adl\.nav\.request_valid\.(choice|jump)\.\{target=[^\s}]+\}$/.exec(element);
    if (nav) { return { canon: "adl.nav.request_valid." + nav[1] + ".{target}", arrays: [] }; }
    var parts = element.split(".");
    var canon = [];
    var arrays = [];
    for (var i = 0; i < parts.length; i += 1) {
      if (/^\d+$/.test(parts[i])) {
        if (!/^(0|[1-9]\d{0,5})$/.test(parts[i])) { return null; }
        arrays.push({ path: parts.slice(0, i).join("."), index: parseInt(parts[i], 10),
          record: parts.slice(0, i + 1).join(".") });
        canon.push("n");
      } else {
        canon.push(parts[i]);
      }
    }
    return { canon: canon.join("."), arrays: arrays };
  }

  /* ---------- time helpers (session_time is added to total_time at Terminate) ---------- */

  function seconds12(v) {
    var p = v.split(":");
    return parseInt(p[0], 10) * 3600 + parseInt(p[1], 10) * 60 + parseFloat(p[2]);
  }
  function seconds2004(v) {
    var m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?)?$/.exec(v);
    if (!m) { return 0; }
    var n = function (x) { return x ? parseFloat(x) : 0; };
    return n(m[1]) * 31536000 + n(m[2]) * 2592000 + n(m[3]) * 86400 + n(m[4]) * 3600 + n(m[5]) * 60 + n(m[6]);
  }
  function pad(n, width) { var s = String(n); while (s.length < width) { s = "0" + s; } return s; }
  function format12(total) {
    var h = Math.floor(total / 3600);
    var m = Math.floor((total % 3600) / 60);
    var s = total - h * 3600 - m * 60;
    return pad(Math.min(h, 9999), 4) + ":" + pad(m, 2) + ":" + (s < 10 ? "0" : "") + s.toFixed(2);
  }
  function format2004(total) {
    var h = Math.floor(total / 3600);
    var m = Math.floor((total % 3600) / 60);
    var s = Math.round((total - h * 3600 - m * 60) * 100) / 100;
    return "PT" + (h ? h + "H" : "") + (m ? m + "M" : "") + s + "S";
  }

  /* ---------- storage: one learner record per course, target and SCO ---------- */

  var memory = {};
  var storage = {
    get: function (key) {
      try { return root.localStorage.getItem(key); } catch (e) { return memory[key] || null; }
    },
    set: function (key, value) {
      try { root.localStorage.setItem(key, value); } catch (e) { memory[key] = value; }
    },
    removePrefix: function (prefix) {
      Object.keys(memory).forEach(function (k) { if (k.indexOf(prefix) === 0) { delete memory[k]; } });
      try {
        var keys = [];
        for (var i = 0; i < root.localStorage.length; i += 1) { keys.push(root.localStorage.key(i)); }
        keys.forEach(function (k) { if (k && k.indexOf(prefix) === 0) { root.localStorage.removeItem(k); } });
      } catch (e) { /* storage unavailable: memory only */ }
    }
  };

  function loadRecord(key) {
    try {
      var data = JSON.parse(storage.get(key) || "null");
      if (data && typeof data.values === "object") { return data; }
    } catch (e) { /* a damaged record starts afresh */ }
    return null;
  }

  /* ---------- the LMS ---------- */

  /**
   * Create the simulated LMS for one SCORM version.
   * @param {{version: string}} options version "1.2" or "2004".
   * @returns {object} the LMS: .api (to install as window.API / window.API_1484_11), launch(), close(), reset().
   */
  function createLms(options) {
    var version = options.version;
    var v12 = version === "1.2";
    var defs = v12 ? model12() : model2004();
    var listeners = [];
    var sequence = 0;
    var session = null;
    var sessions = 0;
    var lastError = "0";
    var lastDiagnostic = "";
    var started = Date.now();
    var lms = { version: version, log: [], session: null };

    function emit(kind, detail) {
      listeners.forEach(function (fn) {
        try { fn(kind, detail); } catch (e) { /* a panel bug must not break the SCO */ }
      });
    }

    function fail(code, diagnostic) {
      lastError = String(code);
      lastDiagnostic = diagnostic || "";
      return false;
    }

    function record(method, element, value, result, notes) {
      sequence += 1;
      var entry = { seq: sequence, session: session ? session.number : 0, ms: Date.now() - started,
        method: method, element: element, value: value, result: result,
        error: /GetLastError|GetErrorString|GetDiagnostic/.test(method) ? "" : lastError,
        diagnostic: lastDiagnostic, notes: notes || [] };
      lms.log.push(entry);
      if (lms.log.length > 2000) { lms.log.splice(0, lms.log.length - 2000); }
      emit("call", entry);
      return result;
    }

    function count(path) {
      return parseInt(session.values[path + "._count"] || "0", 10);
    }

    function launchValue(name) {
      var l = session.launch;
      if (name === "learnerName12") { return "Learner, Preview"; }
      if (name === "totalTime") { return v12 ? format12(session.totalSeconds) : format2004(session.totalSeconds); }
      return l[name] === undefined || l[name] === null ? undefined : String(l[name]);
    }

    /* SCORM 2004 4th Ed. status evaluation, as ADL's Sample RTE does it (scorm-conformance.md 5). */
    function evaluate(kind, stored) {
      var values = session.values;
      if (kind === "completion" && session.launch.completionThreshold) {
        var progress = values["cmi.progress_measure"];
        if (progress === undefined) { return "unknown"; }
        return parseFloat(progress) >= parseFloat(session.launch.completionThreshold) ? "completed" : "incomplete";
      }
      if (kind === "success" && session.launch.scaledPassingScore) {
        var scaled = values["cmi.score.scaled"];
        if (scaled === undefined) { return "unknown"; }
        return parseFloat(scaled) >= parseFloat(session.launch.scaledPassingScore) ? "passed" : "failed";
      }
      return stored;
    }

    function lookup(canon) {
      return Object.prototype.hasOwnProperty.call(defs, canon) ? defs[canon] : null;
    }

    function read(element) {
      var parsed = parse(element);
      var def = parsed && lookup(parsed.canon);
      if (!def) {
        var parent = parsed && lookup(parsed.canon.replace(/\.(_children|_count)$/, ""));
        if (parent && /\._children$/.test(element)) { return fail(v12 ? 202 : 301, element + ": this element has no children"); }
        if (parent && /\._count$/.test(element)) { return fail(v12 ? 203 : 301, element + ": this element is not an array"); }
        return fail(v12 ? 201 : 401, element + " is not in the SCORM " + version + " data model");
      }
      if (def.a.indexOf("r") < 0) { return fail(v12 ? 404 : 405, element + " is write-only"); }
      for (var i = 0; i < parsed.arrays.length; i += 1) {
        var a = parsed.arrays[i];
        if (a.index >= count(a.path)) {
          return fail(v12 ? 201 : 301, a.path + " has " + count(a.path) + " records; there is no record " + a.index);
        }
      }
      if (def.value !== undefined) { return def.value; }
      if (def.count) { return String(count(element.replace(/\._count$/, ""))); }
      var value = def.launch ? launchValue(def.launch) : session.values[element];
      if (value === undefined) { value = def.initial; }
      if (def.evaluate) { value = evaluate(def.evaluate, value); }
      if (value === undefined) {
        // SCORM 2004: reading an element nobody has set is error 403, not an empty success.
        return v12 ? "" : fail(403, element + " has not been set");
      }
      return value;
    }

    function write(element, value, ctx) {
      var parsed = parse(element);
      if (/\.(_children|_count|_version)$/.test(element)) {
        return fail(v12 ? 402 : 404, element + " is a keyword and cannot be set");
      }
      var def = parsed && lookup(parsed.canon);
      if (!def) { return fail(v12 ? 201 : 401, element + " is not in the SCORM " + version + " data model"); }
      if (def.a.indexOf("w") < 0) { return fail(v12 ? 403 : 404, element + " is read-only"); }
      var values = session.values;
      var creating = [];
      for (var i = 0; i < parsed.arrays.length; i += 1) {
        var a = parsed.arrays[i];
        var n = count(a.path);
        if (a.index > n) { return fail(v12 ? 201 : 351, a.path + " has " + n + " records: set index " + n + " next, not " + a.index); }
        if (a.index === n) { creating.push(a); }
        var limit = lookup(parse(a.path + "._count").canon);
        if (a.index === n && limit && limit.max && n >= limit.max) {
          ctx.note(a.path + " already holds " + n + " records, the most an LMS must keep");
        }
      }
      var owner = parsed.arrays.length ? parsed.arrays[0].record : "";
      if (!v12 && def.needs) {
        // RTE 4.2.9: an interaction's id must be set first, and its type before any response.
        var needed = owner + "." + def.needs;
        if (values[needed] === undefined) {
          return fail(408, "set " + needed + " before " + element.slice(owner.length + 1));
        }
      }
      var type = values[owner + ".type"];
      var check = def.response ? def.response(type, def.pattern) : def.t;
      var problem = check ? check(value, ctx) : null;
      if (problem) {
        var why = problem === "range" ? "is out of range" : "is not a valid value";
        return fail(v12 ? 405 : (problem === "range" ? 407 : 406), "'" + value + "' " + why + " for " + element);
      }
      if (!v12 && def.pattern && creating.length && PATTERN_LIMITS[type] && count(owner + ".correct_responses") >= PATTERN_LIMITS[type]) {
        return fail(351, "a " + type + " interaction has at most " + PATTERN_LIMITS[type] + " correct response pattern(s)");
      }
      if (!v12 && def.uniqueIn) {
        var path = element.replace(/\.\d+\.id$/, "");
        for (var k = 0; k < count(path); k += 1) {
          if (path + "." + k + ".id" !== element && values[path + "." + k + ".id"] === value) {
            return fail(351, "objective id '" + value + "' is already used by this interaction");
          }
        }
      }
      if (!v12 && def.fixedId && values[element] !== undefined && values[element] !== value) {
        return fail(351, "an objective's id cannot change once set (RTE 4.2.17)");
      }
      creating.forEach(function (a) { values[a.path + "._count"] = String(a.index + 1); });
      values[element] = value;
      session.dirty = true;
      return true;
    }

    function persist() {
      var keep = {};
      Object.keys(session.values).forEach(function (k) { keep[k] = session.values[k]; });
      var data = { values: keep, totalSeconds: session.totalSeconds, launches: session.launches,
        attempt: session.attempt, terminated: session.state === "terminated",
        exit: session.values[v12 ? "cmi.core.exit" : "cmi.exit"] };
      storage.set(session.key, JSON.stringify(data));
      session.dirty = false;
      session.committed = JSON.stringify(keep);
    }

    function entryFor(previous, how, notes) {
      if (!previous) { return { entry: "ab-initio", keep: false }; }
      if (how === "reload") {
        // Not "resume": the SCO goes straight back to its bookmark instead of asking the author.
        notes.push("live reload: learner data kept, entry '' so the SCO returns to its bookmark");
        return { entry: "", keep: true };
      }
      if (previous.exit === "suspend") { return { entry: "resume", keep: true }; }
      if (!previous.terminated) {
        notes.push("the last session ended without " + (v12 ? "LMSFinish" : "Terminate") + ": its uncommitted data was lost");
      }
      notes.push("last exit was '" + (previous.exit || "") + "', not 'suspend': a new attempt starts" +
        (v12 ? " (SCORM 1.2 LMSs differ here; some keep the data)" : ""));
      return { entry: v12 ? "" : "ab-initio", keep: false, newAttempt: true };
    }

    /**
     * Start a session for a SCO before its page loads (call close() first, once the old page has unloaded).
     * @param {object} sco storageKey, masteryScore, completionThreshold, scaledPassingScore, title.
     * @param {string} how "launch", "relaunch" (LMS rules decide entry) or "reload" (learner data kept).
     */
    lms.launch = function (sco, how) {
      var previous = loadRecord(sco.storageKey);
      var notes = [];
      var decision = entryFor(previous, how, notes);
      sessions += 1;
      var values = decision.keep ? previous.values : {};
      // exit and session_time are write-only and belong to one session.
      ["cmi.core.exit", "cmi.core.session_time", "cmi.exit", "cmi.session_time", "adl.nav.request"].forEach(function (k) {
        delete values[k];
      });
      session = {
        number: sessions, key: sco.storageKey, values: values, state: "not initialized", dirty: false,
        totalSeconds: decision.keep ? previous.totalSeconds || 0 : 0,
        launches: (previous ? previous.launches || 0 : 0) + 1,
        attempt: (previous ? previous.attempt || 1 : 1) + (decision.newAttempt ? 1 : 0),
        launch: { entry: decision.entry, learnerId: "preview-learner", learnerName: "Preview Learner",
          masteryScore: sco.masteryScore, completionThreshold: sco.completionThreshold,
          scaledPassingScore: sco.scaledPassingScore, launchData: "" },
        sco: sco
      };
      session.committed = JSON.stringify(values);
      lms.session = session;
      emit("launch", { session: session.number, entry: decision.entry, how: how, notes: notes, title: sco.title });
      emit("state", lms.state());
    };

    var pending = null;

    /**
     * Launch ``sco`` when its page calls Initialize (or at activate()): until then the old page,
     * while it unloads, still talks to its own session. Saves a blank page between launches.
     */
    lms.prepare = function (sco, how) { pending = { sco: sco, how: how }; };

    /** Start the prepared launch now, if Initialize has not done so (the page never called it). */
    lms.activate = function () {
      if (!pending) { return; }
      var next = pending;
      pending = null;
      lms.close();
      lms.launch(next.sco, next.how);
    };

    /** End the current session from the LMS side (the SCO's page is gone). */
    lms.close = function () {
      pending = null;
      if (session) {
        emit("close", { session: session.number, state: session.state, dirty: session.dirty });
      }
      session = null;
      lms.session = null;
      emit("state", lms.state());
    };

    /**
     * Forget learner records.
     * @param {string[]} prefixes storage keys starting with any of these are removed (one course's records).
     */
    lms.reset = function (prefixes) {
      prefixes.forEach(storage.removePrefix);
      emit("reset", { prefixes: prefixes });
    };

    /** What the inspector shows: the session's values and how the LMS reports them. */
    lms.state = function () {
      if (!session) { return { active: false, version: version }; }
      var evaluated = {};
      if (!v12) {
        evaluated.completion = evaluate("completion", session.values["cmi.completion_status"] || "unknown");
        evaluated.success = evaluate("success", session.values["cmi.success_status"] || "unknown");
      }
      return { active: true, version: version, number: session.number, state: session.state,
        dirty: session.dirty, values: session.values, launch: session.launch, attempt: session.attempt,
        launches: session.launches, totalTime: launchValue("totalTime"), evaluated: evaluated, sco: session.sco };
    };

    lms.on = function (fn) { listeners.push(fn); };

    /* ---- the API methods, shared by both versions; names differ only ---- */

    function guard(beforeCode, afterCode, verb) {
      if (!session) { return fail(v12 ? 301 : beforeCode, "no SCO is running: the preview is between launches"); }
      if (session.state === "not initialized") { return fail(v12 ? 301 : beforeCode, verb + " before Initialize"); }
      if (session.state === "terminated") { return fail(v12 ? 301 : afterCode, verb + " after Terminate"); }
      return true;
    }

    function initialize(param) {
      lms.activate();
      lastDiagnostic = "";
      if (param !== "") { return fail(201, "the argument must be the empty string"); }
      if (!session) { return fail(v12 ? 101 : 102, "no SCO is running: the preview is between launches"); }
      if (session.state === "running") { return fail(v12 ? 101 : 103, "Initialize was already called"); }
      if (session.state === "terminated") { return fail(v12 ? 101 : 104, "this session has terminated"); }
      session.state = "running";
      lastError = "0";
      return true;
    }

    function terminate(param) {
      lastDiagnostic = "";
      if (param !== "") { return fail(201, "the argument must be the empty string"); }
      if (!session) { return fail(v12 ? 301 : 112, "no SCO is running"); }
      if (session.state === "not initialized") { return fail(v12 ? 301 : 112, "Terminate before Initialize"); }
      if (session.state === "terminated") { return fail(v12 ? 101 : 113, "Terminate was already called"); }
      var time = session.values[v12 ? "cmi.core.session_time" : "cmi.session_time"];
      if (time) { session.totalSeconds += v12 ? seconds12(time) : seconds2004(time); }
      session.state = "terminated";
      persist();   // Terminate implies Commit (RTE 3.1.3.2)
      lastError = "0";
      emit("terminate", { session: session.number, nav: session.values["adl.nav.request"] || "" });
      return true;
    }

    function commit(param) {
      lastDiagnostic = "";
      if (param !== "") { return fail(201, "the argument must be the empty string"); }
      if (guard(142, 143, "Commit") !== true) { return false; }
      persist();
      lastError = "0";
      return true;
    }

    function getValue(element) {
      lastDiagnostic = "";
      if (guard(122, 123, "GetValue") !== true) { return ""; }
      if (typeof element !== "string" || element === "") {
        fail(v12 ? 201 : 301, "GetValue needs an element name");
        return "";
      }
      lastError = "0";
      var value = read(element);
      return value === false ? "" : value;
    }

    function setValue(element, value, ctx) {
      lastDiagnostic = "";
      if (guard(132, 133, "SetValue") !== true) { return false; }
      if (typeof element !== "string" || element === "") { return fail(v12 ? 201 : 351, "SetValue needs an element name"); }
      lastError = "0";
      return write(element, value, ctx);
    }

    function wrap(method, fn, kind) {
      return function (a, b) {
        var notes = [];
        var ctx = { note: function (n) { notes.push(n); } };
        var value = b;
        if (kind === "set" && typeof b !== "string") {
          // All SCORM values are strings (RTE 3.1.2): LMSs differ on what they do with a number.
          notes.push("value passed as " + typeof b + ", not a string");
          value = b === undefined || b === null ? "" : String(b);
        }
        if (kind !== "info" && a !== undefined && typeof a !== "string") {
          notes.push("argument passed as " + typeof a + ", not a string");
        }
        var arg = kind === "info" ? (a === undefined ? "" : String(a)) : a;
        var result;
        try {
          result = kind === "set" ? fn(arg, value, ctx) : fn(arg);
        } catch (e) {
          fail(101, "preview error: " + e);
          result = false;
        }
        if (result === true) { result = "true"; } else if (result === false) { result = "false"; }
        if (session && kind !== "info") { emit("state", lms.state()); }
        return record(method, kind === "get" || kind === "set" ? String(a) : "",
          kind === "set" ? value : (kind === "info" || kind === "call" ? arg : ""), String(result), notes);
      };
    }

    var names = v12
      ? ["LMSInitialize", "LMSFinish", "LMSGetValue", "LMSSetValue", "LMSCommit", "LMSGetLastError", "LMSGetErrorString", "LMSGetDiagnostic"]
      : ["Initialize", "Terminate", "GetValue", "SetValue", "Commit", "GetLastError", "GetErrorString", "GetDiagnostic"];
    var api = {};
    api[names[0]] = wrap(names[0], initialize, "call");
    api[names[1]] = wrap(names[1], terminate, "call");
    api[names[2]] = wrap(names[2], getValue, "get");
    api[names[3]] = wrap(names[3], setValue, "set");
    api[names[4]] = wrap(names[4], commit, "call");
    api[names[5]] = wrap(names[5], function () { return lastError; }, "info");
    function errorText(code) {
      return Object.prototype.hasOwnProperty.call(ERRORS[version], code) ? ERRORS[version][code] : "";
    }
    api[names[6]] = wrap(names[6], errorText, "info");
    api[names[7]] = wrap(names[7], function (code) {
      return code === "" || code === lastError ? lastDiagnostic || errorText(lastError) : errorText(code);
    }, "info");
    if (!v12) { api.version = "1.0"; }
    lms.api = api;
    return lms;
  }

  root.ScrPreviewLms = { createLms: createLms, ERRORS: ERRORS };
}(window));
