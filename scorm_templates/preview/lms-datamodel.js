/*
 * scr-course preview: the SCORM 1.2 and 2004 data models the simulated LMS validates against.
 *
 * Loaded before lms-stub.js (served only by `scr-course preview`). Each element's definition says
 * who may read or write it and which value type it takes; values are checked the way a strict LMS
 * checks them (SCORM 1.2 RTE 3.4, SCORM 2004 RTE 4.2).
 */
(function (root) {
  "use strict";

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

  root.ScrPreviewModel = {
    model12: model12,
    model2004: model2004,
    parse: parse,
    seconds12: seconds12,
    seconds2004: seconds2004,
    format12: format12,
    format2004: format2004,
    PATTERN_LIMITS: PATTERN_LIMITS
  };
}(window));
