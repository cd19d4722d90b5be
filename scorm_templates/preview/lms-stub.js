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

  var model = root.ScrPreviewModel;
  var model12 = model.model12;
  var model2004 = model.model2004;
  var parse = model.parse;
  var seconds12 = model.seconds12;
  var seconds2004 = model.seconds2004;
  var format12 = model.format12;
  var format2004 = model.format2004;
  var PATTERN_LIMITS = model.PATTERN_LIMITS;

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
