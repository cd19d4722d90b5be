/* scr-course learner runtime: page player, questions, reflections and SCORM 1.2 / 2004 tracking.
 * Plain ES5-compatible JavaScript, no dependencies, nothing loaded from outside the package. */
(function () {
  "use strict";

  var doc = document;
  var root = doc.documentElement;
  var dataNode = doc.getElementById("scr-data");
  if (!dataNode) return;
  var D = JSON.parse(dataNode.textContent);
  root.className += " js";

  var is2004 = D.target === "scorm2004";
  var LIMITS = D.limits;
  var B36 = "0123456789abcdefghijklmnopqrstuvwxyz";

  /* ---------- small helpers ---------- */

  function $(sel, ctx) { return (ctx || doc).querySelector(sel); }
  function $$(sel, ctx) { return Array.prototype.slice.call((ctx || doc).querySelectorAll(sel)); }
  function byId(id) { return doc.getElementById(id); }
  function show(node, on) { if (node) node.hidden = !on; }
  function text(node, value) { if (node) node.textContent = value; }
  function each(list, fn) { for (var i = 0; i < list.length; i++) fn(list[i], i); }
  function index(list, field) {
    var map = {};
    each(list, function (item) { map[item[field]] = item; });
    return map;
  }
  function cssEscape(id) { return window.CSS && CSS.escape ? CSS.escape(id) : id; }
  function b36(n, width) {
    var s = "";
    n = Math.max(0, Math.floor(n));
    do { s = B36.charAt(n % 36) + s; n = Math.floor(n / 36); } while (n);
    while (s.length < width) s = "0" + s;
    return s.slice(-width);
  }
  function pad(n, w) { n = String(n); while (n.length < w) n = "0" + n; return n; }
  /** Cut text to at most max UTF-16 units without splitting a surrogate pair. */
  function cut(value, max) {
    value = String(value || "");
    if (value.length <= max) return value;
    var code = value.charCodeAt(max - 1);
    return value.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
  }
  function norm(value) { return String(value).replace(/\s+/g, " ").trim().toLowerCase(); }

  /** Small seeded PRNG (mulberry32): the same seed gives the same draw and order on resume. */
  function prng(seed) {
    var a = seed >>> 0;
    return function () {
      a = (a + 0x6d2b79f5) >>> 0;
      var t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  function shuffled(list, rand) {
    var copy = list.slice();
    for (var i = copy.length - 1; i > 0; i--) {
      var j = Math.floor(rand() * (i + 1));
      var t = copy[i]; copy[i] = copy[j]; copy[j] = t;
    }
    return copy;
  }

  /* ---------- course data ---------- */

  var pages = D.pages;
  var pageById = index(pages, "id");
  var pageByKey = index(pages, "key");
  var modules = D.modules;
  var moduleById = index(modules, "id");
  var moduleByKey = index(modules, "key");
  var questions = D.questions;
  var qById = index(questions, "id");
  var qByKey = index(questions, "key");
  var reflections = D.reflections;
  var rById = index(reflections, "id");
  var rByKey = index(reflections, "key");
  var scoredModules = modules.filter(function (m) { return m.scored; });
  var countedPages = pages.filter(function (p) { return p.counts; });
  var STORE_KEY = "scr:" + D.course.id + ":" + D.course.version + ":" + D.sco.id;

  function passMark(module) {
    return module.passMark != null ? module.passMark : D.tracking.passMark != null ? D.tracking.passMark : 80;
  }

  /* ---------- learner state and the suspend_data contract (scr_course/state.py) ---------- */

  /** pages: id -> true; quizzes: module id -> {a, s, b, seed}; answers: question id -> response;
   *  reflections: id -> text; loc: current page id. */
  var S = newState();

  function newState() {
    var state = { pages: {}, quizzes: {}, answers: {}, reflections: {}, loc: "" };
    each(scoredModules, function (m) { state.quizzes[m.id] = newQuiz(0, 0); });
    return state;
  }
  function newQuiz(attempts, best) {
    return { a: attempts, s: "n", b: best, seed: Math.floor(Math.random() * 1679616) };
  }

  function encodeState(state) {
    var out = "2" + D.course.tag;
    var seen = pages.filter(function (p) { return state.pages[p.id]; });
    out += b36(seen.length, 2) + seen.map(function (p) { return p.key; }).join("");
    out += b36(scoredModules.length, 1);
    each(scoredModules, function (m) {
      var quiz = state.quizzes[m.id];
      out += m.key + b36(Math.min(quiz.a, 35), 1) + quiz.s + b36(quiz.b, 2) + b36(quiz.seed, 4);
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
    if (take(1) !== "2" || take(4) !== D.course.tag) throw new Error("tag");
    var state = newState();
    var i, n, key;
    for (n = num(2), i = 0; i < n; i++) {
      key = take(4);
      if (pageByKey[key]) state.pages[pageByKey[key].id] = true;
    }
    for (n = num(1), i = 0; i < n; i++) {
      var module = moduleByKey[take(4)];
      var quiz = { a: num(1), s: take(1), b: num(2), seed: num(4) };
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
        s: encodeState(S), l: S.loc, c: committed, i: pendingInteractions, t: Date.now()
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
    mode: "cmi.mode", exit: "cmi.exit", session: "cmi.session_time", name: "cmi.learner_name",
    raw: "cmi.score.raw", min: "cmi.score.min", max: "cmi.score.max"
  } : {
    init: "LMSInitialize", get: "LMSGetValue", set: "LMSSetValue", commit: "LMSCommit", finish: "LMSFinish",
    error: "LMSGetLastError", location: "cmi.core.lesson_location", suspend: "cmi.suspend_data",
    entry: "cmi.core.entry", mode: "cmi.core.lesson_mode", exit: "cmi.core.exit",
    session: "cmi.core.session_time", name: "cmi.core.student_name",
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
    var correctIds = q.choices.filter(function (c) { return c.correct; }).map(function (c) { return c.id; });
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
        patterns = correctIds.slice(0, 5).map(function (id) {
          return fillInText(q.choices.filter(function (c) { return c.id === id; })[0].text);
        }).filter(function (p, i, all) { return all.indexOf(p) === i; });
        break;
      case "numeric":
        learner = numberText(parseNumber(response));
        patterns = [is2004 ? numberText(q.value - q.tolerance) + "[:]" + numberText(q.value + q.tolerance)
                           : numberText(q.value)];
        break;
      case "matching":
        learner = q.choices.map(function (c, i) { return response.charAt(i) === "-" ? "" : c.id + pair + response.charAt(i); })
          .filter(Boolean).join(sep);
        patterns = [q.choices.map(function (c) { return c.id + pair + c.id; }).join(sep)];
        break;
      default: // ordering -> sequencing
        learner = response.split("").join(sep);
        patterns = [choiceIds(q).split("").join(sep)];
    }
    var suffix = record.n > 1 ? (is2004 ? ":attempt-" : "-attempt-") + record.n : "";
    var fields = is2004 ? [
      ["id", "urn:scr:" + D.course.id + ":" + q.id + suffix], ["type", TYPES[q.kind]],
      ["description", langText(q.description, 250)]
    ] : [["id", q.id.replace(/[^A-Za-z0-9_-]/g, "_") + suffix], ["type", TYPES[q.kind]]];
    each(patterns, function (p, i) { fields.push(["correct_responses." + i + ".pattern", p]); });
    fields.push(["weighting", String(q.weight)]);
    fields.push([is2004 ? "learner_response" : "student_response", learner]);
    fields.push(["result", record.ok ? "correct" : is2004 ? "incorrect" : "wrong"]);
    fields.push(["latency", is2004 ? duration2004(record.lat) : timespan12(record.lat)]);
    fields.push(is2004 ? ["timestamp", timestamp(new Date(record.t))] : ["time", clock(new Date(record.t))]);
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

  /* ---------- tracking: status, score, suspend_data, commits with retry ---------- */

  var lms = null;
  var startedAt = Date.now();
  var pendingInteractions = [];
  var sent = {};
  var retryTimer = null, retryCount = 0, failing = false, verified = false, finished = false;
  var interactionIndex = null;
  var readOnly = false;

  function quizOutcome() {
    var out = { passed: scoredModules.length > 0, finalFail: false, anyFail: false, score: 0 };
    each(scoredModules, function (m) {
      var quiz = S.quizzes[m.id];
      var passed = quiz.a > 0 && quiz.b >= passMark(m);
      if (!passed) out.passed = false;
      if (!passed && quiz.a > 0) out.anyFail = true;
      if (!passed && m.attempts && quiz.a >= m.attempts) out.finalFail = true;
      out.score += quiz.b / scoredModules.length;
    });
    out.score = Math.round(out.score);
    return out;
  }
  function pagesDone() { return countedPages.every(function (p) { return S.pages[p.id]; }); }
  function progress() {
    if (!countedPages.length) return 1;
    return countedPages.filter(function (p) { return S.pages[p.id]; }).length / countedPages.length;
  }
  function isComplete() {
    var outcome = quizOutcome();
    if (D.tracking.completion === "assessment" && scoredModules.length) return outcome.passed || outcome.finalFail;
    return pagesDone();
  }
  /** Done: nothing left to do, so the attempt may end normally instead of suspending. */
  function isDone() {
    var outcome = quizOutcome();
    return isComplete() && (!scoredModules.length || outcome.passed || outcome.finalFail);
  }

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
      var id = fields[0][1];
      if (interactionIndex[id] == null) interactionIndex[id] = parseInt(lms.get("cmi.interactions._count"), 10) || 0;
      base = "cmi.interactions." + interactionIndex[id] + ".";
    } else {
      // SCORM 1.2 interactions are write-only: append at _count.
      base = "cmi.interactions." + (parseInt(lms.get("cmi.interactions._count"), 10) || 0) + ".";
    }
    var ok = true;
    each(fields, function (field) { if (ok && !lms.setField(base + field[0], field[1])) ok = false; });
    return ok;
  }

  /** Save everywhere: browser storage first, then the LMS, then Commit. */
  function save() {
    writeLocal(false);
    if (!lms || finished) return;
    flush(false);
  }

  function flush(ending) {
    clearTimeout(retryTimer);
    retryTimer = null;
    if (!lms.init()) return fail();
    var ok = true;
    each(trackingValues(ending), function (pair) {
      if (sent[pair[0]] === pair[1]) return;
      if (lms.set(pair[0], pair[1])) sent[pair[0]] = pair[1]; else ok = false;
    });
    var written = [];
    while (pendingInteractions.length) {
      var record = pendingInteractions[0];
      if (!writeInteraction(record)) { ok = false; break; }
      written.push(pendingInteractions.shift());
    }
    if (!lms.commit()) {
      // Nothing since the last good commit can be trusted: write it all again next time.
      sent = {};
      pendingInteractions = written.concat(pendingInteractions);
      return fail();
    }
    if (ok && !verified) {
      // A Commit returning true is not proof (spoor README): read the state back once.
      var stored = lms.get(ELEMENTS.suspend);
      if (stored !== encodeState(S)) { sent = {}; ok = false; }
      else verified = true;
    }
    if (!ok) return fail();
    failing = false;
    retryCount = 0;
    text(byId("lms-alert"), "");
    writeLocal(true);
    return true;
  }

  function fail() {
    writeLocal(false);
    if (!failing) {
      failing = true;
      text(byId("lms-alert"), "Your progress is not being recorded by the learning system right now. " +
        "Keep this window open; we will keep trying.");
    }
    if (!finished && retryCount < 30) {
      var delay = Math.min(30000, 1000 * Math.pow(2, retryCount++));
      retryTimer = setTimeout(function () { if (!finished) flush(false); }, delay);
    }
    return false;
  }

  function finish() {
    if (finished) return;
    S.loc = S.loc || (current && current.id) || "";
    writeLocal(false);
    if (lms) {
      flush(true);
      finished = true;
      clearTimeout(retryTimer);
      lms.finish();
    }
    finished = true;
  }

  /** Connect to the LMS and choose the state to start from. */
  function launch() {
    var api = findApi(is2004 ? "API_1484_11" : "API");
    var local = readLocal();
    var localState = null, lmsState = null, entry = "", lmsLocation = "";
    if (local) {
      try { localState = decodeState(local.s); } catch (e) { localState = null; }
      if (local.i && local.i.length) pendingInteractions = local.i.filter(function (r) { return qById[r.q]; });
    }
    var notice = "";
    if (api) {
      lms = new Adapter(api);
      if (lms.init()) {
        var mode = lms.get(ELEMENTS.mode) || "normal";
        readOnly = mode === "review" || mode === "browse";
        entry = lms.get(ELEMENTS.entry) || "";
        var suspend = lms.get(ELEMENTS.suspend) || "";
        lmsLocation = lms.get(ELEMENTS.location) || "";
        learnerName = lms.get(ELEMENTS.name) || "";
        if (suspend) {
          try { lmsState = decodeState(suspend); } catch (e) {
            notice = "Saved progress from an earlier version of this course could not be used.";
          }
        }
      } else {
        fail();
      }
    } else {
      notice = "Progress is saved in this browser only.";
    }
    // The browser copy wins when the LMS never confirmed it, or the LMS copy is missing or unusable.
    var useLocal = localState && (!lms || !lms.live || local.c === false || (!lmsState && !!notice));
    if (useLocal) {
      S = localState;
      S.loc = local.l || "";
    } else if (lmsState) {
      S = lmsState;
      S.loc = lmsLocation;
    }
    if (notice) text(byId("lms-note"), notice);
    return entry === "resume" || !!useLocal;
  }
  var learnerName = "";

  /* ---------- pages and navigation ---------- */

  var sections = $$("section.page");
  var current = null;
  var pageShownAt = {};

  function pageIndex(id) {
    for (var i = 0; i < pages.length; i++) if (pages[i].id === id) return i;
    return -1;
  }

  function showPage(id, focus) {
    var page = pageById[id] || pages[0];
    current = page;
    show(byId("resume-panel"), false);
    show(byId("finish-panel"), false);
    each(sections, function (s) { s.hidden = s.getAttribute("data-page") !== page.id; });
    $$("[data-page-link]").forEach(function (a) {
      if (a.getAttribute("data-page-link") === page.id) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    });
    var i = pageIndex(page.id);
    byId("prev-page").hidden = i === 0;
    byId("next-page").hidden = i === pages.length - 1;
    byId("finish").hidden = i !== pages.length - 1;
    show(byId("pager"), true);
    text(byId("page-position"), "Page " + (i + 1) + " of " + pages.length);
    var now = Date.now();
    each(questions, function (q) { if (q.page === page.id && !pageShownAt[q.id]) pageShownAt[q.id] = now; });
    S.pages[page.id] = true;
    S.loc = page.id;
    // Not on the first display: Chromium would move the Tab starting point past the skip link.
    if (focus || location.hash) {
      try { history.replaceState(null, "", "#" + page.id); } catch (e) { /* sandboxed frame */ }
    }
    updateProgress();
    if (focus) {
      var heading = byId(page.id + "--title");
      if (heading) heading.focus();
    }
    window.scrollTo(0, 0);
    save();
  }

  function updateProgress() {
    var share = Math.round(progress() * 100);
    var bar = byId("progress-bar");
    if (bar) bar.value = share;
    var seen = countedPages.filter(function (p) { return S.pages[p.id]; }).length;
    text(byId("progress-text"), "Progress: " + seen + " of " + countedPages.length + " pages seen");
  }

  function move(step) {
    var i = pageIndex(current.id) + step;
    if (i >= 0 && i < pages.length) showPage(pages[i].id, true);
  }

  /** Internal links: "#page-id" (or an id inside a page) opens that page. */
  function followLink(id) {
    if (pageById[id]) { showPage(id, true); return true; }
    var target = id && byId(id);
    var section = target && target.closest && target.closest("section.page");
    if (section) {
      showPage(section.getAttribute("data-page"), false);
      if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
      target.focus();
      return true;
    }
    return false;
  }

  function showPanel(id) {
    each(sections, function (s) { s.hidden = true; });
    show(byId("pager"), false);
    var panel = byId(id);
    panel.hidden = false;
    var heading = $("h1", panel);
    if (heading) heading.focus();
  }

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

  /* ---------- reflections ---------- */

  function reflectionInput(id) { return $('[data-reflection-input="' + cssEscape(id) + '"]'); }

  function saveReflection(id, announce) {
    var input = reflectionInput(id);
    var value = cut(input.value, LIMITS.reflectionChars);
    if ((S.reflections[id] || "") === value) {
      if (announce) text($('[data-reflection-status="' + cssEscape(id) + '"]'), "Saved.");
      return;
    }
    if (value) S.reflections[id] = value; else delete S.reflections[id];
    text($('[data-reflection-status="' + cssEscape(id) + '"]'), "Saved.");
    save();
  }

  function countReflection(id) {
    var input = reflectionInput(id);
    text($('[data-reflection-count="' + cssEscape(id) + '"]'),
      input.value.length + " of " + LIMITS.reflectionChars + " characters");
  }

  function promptText(id) {
    var node = byId("reflection-" + id + "--prompt");
    return node ? node.textContent.replace(/\s+/g, " ").trim() : id;
  }

  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + pad(d.getMonth() + 1, 2) + "-" + pad(d.getDate(), 2);
  }

  function escapeHtml(value) {
    return String(value).replace(/[&<>"']/g, function (ch) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[ch];
    });
  }

  /** A CPD record of the learner's reflections, built in the browser; nothing is sent anywhere. */
  function reflectionsHtml() {
    var parts = ["<!DOCTYPE html><html lang=\"" + escapeHtml(D.course.language) + "\"><head><meta charset=\"utf-8\">",
      "<title>My reflections: " + escapeHtml(D.course.title) + "</title></head><body>",
      "<h1>My reflections</h1><p>CPD record for the course <strong>" + escapeHtml(D.course.title) +
        "</strong> (version " + escapeHtml(D.course.version) + ").</p>",
      "<p>Date: " + today() + "</p>"];
    if (learnerName) parts.push("<p>Learner: " + escapeHtml(learnerName) + "</p>");
    each(reflections, function (r) {
      var value = S.reflections[r.id] || "";
      parts.push("<h2>" + escapeHtml(promptText(r.id)) + "</h2>",
        value ? "<p>" + escapeHtml(value).replace(/\n/g, "<br>") + "</p>" : "<p><em>No answer saved.</em></p>");
    });
    parts.push("</body></html>");
    return parts.join("\n");
  }

  function downloadReflections() {
    each(reflections, function (r) { if (reflectionInput(r.id)) saveReflection(r.id, false); });
    var blob = new Blob([reflectionsHtml()], { type: "text/html;charset=utf-8" });
    var link = doc.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "my-reflections-" + D.course.id + ".html";
    link.className = "visually-hidden";
    doc.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.parentNode.removeChild(link); }, 1000);
  }

  function printReflections() {
    each(reflections, function (r) { if (reflectionInput(r.id)) saveReflection(r.id, false); });
    var box = byId("reflections-print");
    box.textContent = "";
    function add(tag, value) {
      var node = doc.createElement(tag);
      node.textContent = value;
      box.appendChild(node);
      return node;
    }
    add("h1", "My reflections");
    add("p", "CPD record for the course " + D.course.title + " (version " + D.course.version + ").");
    add("p", "Date: " + today());
    if (learnerName) add("p", "Learner: " + learnerName);
    each(reflections, function (r) {
      add("h2", promptText(r.id));
      add("p", S.reflections[r.id] || "No answer saved.").className = "print-answer";
    });
    root.classList.add("printing-reflections");
    window.print();
    setTimeout(function () { root.classList.remove("printing-reflections"); }, 500);
  }

  /* ---------- two tabs ---------- */

  function watchOtherTabs() {
    var me = Math.random().toString(36).slice(2);
    var warning = "This course is also open in another tab or window. Close one of them so that your progress is not overwritten.";
    var channel;
    try { channel = new BroadcastChannel(STORE_KEY); } catch (e) { channel = null; }
    if (!channel) return;
    channel.onmessage = function (event) {
      var msg = event.data || {};
      if (msg.from === me) return;
      if (msg.t === "hello") channel.postMessage({ t: "here", from: me });
      if (msg.t === "hello" || msg.t === "here") text(byId("tab-alert"), warning);
      if (msg.t === "bye") text(byId("tab-alert"), "");
    };
    channel.postMessage({ t: "hello", from: me });
    window.addEventListener("pagehide", function () { try { channel.postMessage({ t: "bye", from: me }); } catch (e) { /* closed */ } });
  }

  /* ---------- start ---------- */

  function restoreQuestions() {
    each(scoredModules, function (m) {
      resetQuiz(m);
      if (S.quizzes[m.id].s !== "n") showResults(m, false);
    });
    each(questions, function (q) {
      if (moduleById[q.module].scored || S.answers[q.id] == null) return;
      var form = formOf(q.id);
      if (!form) return;
      writeResponse(q, form, S.answers[q.id]);
      revealFeedback(q, form, S.answers[q.id]);
    });
    each(reflections, function (r) {
      var input = reflectionInput(r.id);
      if (!input) return;
      input.maxLength = LIMITS.reflectionChars;
      input.value = S.reflections[r.id] || "";
      countReflection(r.id);
    });
  }

  function prepareOrdering() {
    // A list that happens to start in the right order is rotated by one.
    each($$("[data-ordering]"), function (list) {
      var q = qById[list.closest("form").getAttribute("data-question")];
      var order = $$("li", list).map(function (li) { return li.getAttribute("data-choice"); }).join("");
      if (q && order === choiceIds(q) && list.children.length > 1) list.appendChild(list.firstElementChild);
    });
  }

  function bind() {
    byId("prev-page").addEventListener("click", function () { move(-1); });
    byId("next-page").addEventListener("click", function () { move(1); });
    byId("finish").addEventListener("click", function () {
      finish();
      text(byId("finish-text"), isComplete() ? "You have completed this course. Your progress has been saved."
        : "Your progress has been saved. You can come back later to carry on.");
      byId("contents").open = false;
      showPanel("finish-panel");
    });
    byId("resume-continue").addEventListener("click", function () { showPage(S.loc, true); });
    byId("resume-restart").addEventListener("click", function () { showPage(pages[0].id, true); });
    doc.addEventListener("submit", onSubmit);
    doc.addEventListener("click", function (event) {
      var t = event.target;
      var link = t.closest("a[href^='#']");
      if (link && followLink(decodeURIComponent(link.getAttribute("href").slice(1)))) {
        event.preventDefault();
        return;
      }
      var button = t.closest("button");
      if (!button) return;
      if (button.hasAttribute("data-move")) onOrderMove(button);
      else if (button.hasAttribute("data-reflection-save")) saveReflection(button.getAttribute("data-reflection-save"), true);
      else if (button.hasAttribute("data-reflections-download")) downloadReflections();
      else if (button.hasAttribute("data-reflections-print")) printReflections();
      else if (button.hasAttribute("data-quiz-submit")) submitQuiz(moduleById[button.closest("[data-quiz-end]").getAttribute("data-quiz-end")]);
      else if (button.hasAttribute("data-quiz-retry")) retryQuiz(moduleById[button.closest("[data-quiz-end]").getAttribute("data-quiz-end")]);
    });
    doc.addEventListener("input", function (event) {
      var id = event.target.getAttribute("data-reflection-input");
      if (id) {
        countReflection(id);
        text($('[data-reflection-status="' + cssEscape(id) + '"]'), "");
      }
      var form = event.target.closest && event.target.closest("form[data-question]");
      if (form) text($("[data-save-status]", form), "");
    });
    doc.addEventListener("focusout", function (event) {
      var id = event.target.getAttribute && event.target.getAttribute("data-reflection-input");
      if (id) saveReflection(id, false);
    });
    window.addEventListener("hashchange", function () {
      var id = decodeURIComponent(location.hash.slice(1));
      if (id !== current.id) followLink(id);
    });
    doc.addEventListener("visibilitychange", function () {
      if (doc.visibilityState === "hidden" && lms && !finished) flush(false);
    });
    // Chrome blocks sync XHR during unload (RS-chrome): everything was committed already;
    // pagehide is the last-chance Terminate when the learner just closes the window.
    window.addEventListener("pagehide", function () { if (!finished) finish(); });
    var narrow = window.matchMedia && window.matchMedia("(max-width: 54em)").matches;
    if (narrow) byId("contents").open = false;
  }

  var resumed = launch();
  prepareOrdering();
  restoreQuestions();
  bind();
  watchOtherTabs();
  var hash = decodeURIComponent(location.hash.slice(1));
  var start = S.loc && pageById[S.loc] ? S.loc : pageById[hash] ? hash : pages[0].id;
  if (resumed && start !== pages[0].id) {
    each(sections, function (s) { s.hidden = true; });
    show(byId("pager"), false);
    updateProgress();
    byId("resume-panel").hidden = false;
    save();
  } else {
    showPage(start, false);
  }
})();
