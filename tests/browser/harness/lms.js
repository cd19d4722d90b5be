/* Test LMS: creates the scorm-again API in strict settings, preloads the learner's stored data,
   records every API call, keeps what each successful commit persisted, injects faults on request,
   and launches the SCO in a same-origin iframe.

   Configuration: window.__lmsConfig (set by Playwright's add_init_script), else the query string
   (?config=<JSON> or ?version=scorm12|scorm2004&launch=<url>). Keys (all optional but launch):
     version   "scorm12" | "scorm2004"
     launch    SCO URL, same origin (e.g. /pkg/minimal-scorm12/index.html)
     stored    what the previous session last persisted ({cmi: {...}} or flattened "cmi.x" keys)
     init      flattened LMS-initialised data from the manifest ({"cmi.launch_data": "..."})
     learner   {id, name}
     credit    "credit" | "no-credit"; mode: "normal" | "browse" | "review"
     settings  scorm-again settings merged over STRICT_SETTINGS
     strict    false turns off the extra value rules in STRICT_RULES (scorm-again alone)
     nesting   extra same-origin frames between this page and the SCO (API discovery depth)
     faults    see FAULTS below

   Page globals read by the Python side: __lms (state and helpers), __lmsCalls, __lmsStore. */
(function () {
  "use strict";

  var t0 = performance.now();

  /* Per-version names. Failure codes: SCORM 1.2 has no set/commit-specific codes, so 101
     (General exception); SCORM 2004 RTE 3.1.7: 351 General Set Failure, 391 General Commit
     Failure, 111 General Termination Failure. */
  var VERSIONS = {
    scorm12: {
      apiName: "API",
      constructorName: "Scorm12API",
      methods: {
        initialize: "LMSInitialize", finish: "LMSFinish", getValue: "LMSGetValue", setValue: "LMSSetValue",
        commit: "LMSCommit", getLastError: "LMSGetLastError", getErrorString: "LMSGetErrorString",
        getDiagnostic: "LMSGetDiagnostic"
      },
      codes: { general: 101, setFailure: 101, commitFailure: 101, finishFailure: 101, notInitialized: 301,
               typeMismatch: 405 },
      paths: { entry: "cmi.core.entry", exit: "cmi.core.exit", learnerId: "cmi.core.student_id",
               learnerName: "cmi.core.student_name", credit: "cmi.core.credit", mode: "cmi.core.lesson_mode" },
      /* Owned by the LMS, never carried over from the previous session's data. */
      notCarried: ["cmi.core.entry", "cmi.core.exit", "cmi.core.session_time", "cmi.core.credit",
                   "cmi.core.lesson_mode", "cmi.core.student_id", "cmi.core.student_name", "cmi.launch_data",
                   "cmi.student_data", "cmi.comments_from_lms"]
    },
    scorm2004: {
      apiName: "API_1484_11",
      constructorName: "Scorm2004API",
      methods: {
        initialize: "Initialize", finish: "Terminate", getValue: "GetValue", setValue: "SetValue",
        commit: "Commit", getLastError: "GetLastError", getErrorString: "GetErrorString",
        getDiagnostic: "GetDiagnostic"
      },
      codes: { general: 101, setFailure: 351, commitFailure: 391, finishFailure: 111, typeMismatch: 406 },
      paths: { entry: "cmi.entry", exit: "cmi.exit", learnerId: "cmi.learner_id", learnerName: "cmi.learner_name",
               credit: "cmi.credit", mode: "cmi.mode" },
      notCarried: ["cmi.entry", "cmi.exit", "cmi.session_time", "cmi.credit", "cmi.mode", "cmi.learner_id",
                   "cmi.learner_name", "cmi.launch_data", "cmi.completion_threshold", "cmi.scaled_passing_score",
                   "cmi.max_time_allowed", "cmi.time_limit_action", "cmi.comments_from_lms"]
    }
  };

  /* scorm-again settings (types/api_types.d.ts). The SCO must do all the work itself: nothing is
     committed, completed or scored for it. */
  var STRICT_SETTINGS = {
    autocommit: false,               // only the SCO's own Commit/Finish persist data
    throttleCommits: false,          // every Commit is a real, synchronous commit
    useAsynchronousCommits: false,   // results are real, not optimistic "true"
    lmsCommitUrl: false,             // no network: this page persists the rendered CMI itself
    sendFullCommit: true,            // the persisted copy is the whole data model
    dataCommitFormat: "json",        // nested {cmi: {...}}, loadable with loadFromJSON
    autoProgress: false,
    autoCompleteLessonStatus: false, // 1.2: an unset lesson_status ends as "incomplete", not "completed"
    mastery_override: false,         // 1.2: no passed/failed computed from score vs mastery score
    score_overrides_status: false,
    selfReportSessionTime: false,    // session_time is the SCO's own measure (RTE: SCO-reported)
    alwaysSendTotalTime: false,
    strict_errors: true,
    asyncModeBeaconBehavior: "never",
    enableOfflineSupport: false,
    globalStudentPreferences: false,
    logLevel: 3                      // WARN and above go to __lms.log (onLogMessage below)
  };

  var DECIMAL = /^-?\d+(\.\d+)?$/;
  var SINGLE = "[0-9a-z]";

  /* SCORM 1.2 CMIFeedback formats per interaction type (RTE 1.2 3.4.2.7): choice and matching
     identifiers are single characters. Empty responses are left to scorm-again. */
  var FEEDBACK_12 = {
    "true-false": /^[01tf]$/,
    "choice": new RegExp("^\\{?" + SINGLE + "(," + SINGLE + ")*\\}?$"),
    "likert": new RegExp("^" + SINGLE + "$"),
    "matching": new RegExp("^\\{?" + SINGLE + "\\." + SINGLE + "(," + SINGLE + "\\." + SINGLE + ")*\\}?$"),
    "sequencing": new RegExp("^" + SINGLE + "(," + SINGLE + ")*$"),
    "numeric": DECIMAL,
    "fill-in": /^[\s\S]{0,255}$/,
    "performance": /^[\s\S]{0,255}$/
  };

  /* Rules scorm-again 3.4.3 relaxes but the specifications or common LMSs (Moodle, ADL's
     reference RTE) enforce. A failing SetValue returns "false" with the version's type-mismatch
     code and the record carries strict: <rule id>, so a test can tell them from scorm-again's. */
  var STRICT_RULES = {
    scorm12: [
      { id: "timespan", element: /^cmi\.(core\.session_time|interactions\.\d+\.latency)$/,
        valid: function (v) { return /^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/.test(v); },
        why: "CMITimespan is HHHH:MM:SS.SS with 2-4 hour digits (RTE 1.2; Moodle rejects 0:05:03)" },
      { id: "time", element: /^cmi\.interactions\.\d+\.time$/,
        valid: function (v) { return /^\d{2}:\d{2}:\d{2}(\.\d{1,2})?$/.test(v); },
        why: "CMITime is HH:MM:SS.SS (RTE 1.2)" },
      { id: "identifier", element: /^cmi\.(interactions\.\d+\.id|objectives\.\d+\.id|interactions\.\d+\.objectives\.\d+\.id)$/,
        valid: function (v) { return /^[!-~]{1,255}$/.test(v); },
        why: "CMIIdentifier: 1-255 printable characters, no whitespace (RTE 1.2; Moodle)" },
      { id: "exit-vocabulary", element: /^cmi\.core\.exit$/,
        valid: function (v) { return ["time-out", "suspend", "logout", ""].indexOf(v) >= 0; },
        why: "cmi.core.exit vocabulary is time-out, suspend, logout or empty (scorm-again maps others to \"\")" },
      { id: "result-vocabulary", element: /^cmi\.interactions\.\d+\.result$/,
        valid: function (v) { return ["correct", "wrong", "unanticipated", "neutral"].indexOf(v) >= 0 || DECIMAL.test(v); },
        why: "1.2 result vocabulary uses \"wrong\" (scorm-again maps \"incorrect\" silently)" },
      { id: "suspend-data-length", element: /^cmi\.suspend_data$/,
        valid: function (v) { return v.length <= 4096; },
        why: "cmi.suspend_data is CMIString4096" },
      { id: "response-format", element: /^cmi\.interactions\.(\d+)\.(student_response|correct_responses\.\d+\.pattern)$/,
        valid: function (v, match, state) {
          var rule = FEEDBACK_12[state.interactionTypes[match[1]]];
          return v === "" || !rule || rule.test(v);
        },
        why: "CMIFeedback format for the interaction type (single-character choice/matching ids)" }
    ],
    scorm2004: [
      { id: "timestamp", element: /^cmi\.(interactions|comments_from_learner)\.\d+\.timestamp$/,
        valid: function (v) {
          return /^\d{4}(-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2}(\.\d{1,2})?)?)?)?)?)?(Z|[+-]\d{2}(:\d{2})?)?$/.test(v);
        },
        why: "time (second,10,2): at most 2 fractional digits (ADL DateTimeValidator; toISOString gives 3)" },
      { id: "timeinterval", element: /^cmi\.(session_time|interactions\.\d+\.latency)$/,
        valid: function (v) {
          return /^P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$/.test(v);
        },
        why: "timeinterval (second,10,2): no weeks, no fractional H/M, not ending in P or T (ADL DurationValidator)" },
      { id: "long-identifier", element: /^cmi\.(interactions\.\d+\.id|objectives\.\d+\.id|interactions\.\d+\.objectives\.\d+\.id)$/,
        valid: function (v) { return /^\S{1,4000}$/.test(v); },
        why: "long_identifier_type must be a URI: no whitespace (ADL URIValidator)" }
    ]
  };

  /* Faults (issue 6), all off by default:
       api_missing            no API object at all
       throw                  true or [method names]: those calls throw an Error
       set_value_fails        true or [element prefixes]: SetValue returns "false"
       commit_fails           every Commit returns "false"
       commit_fail_every      N: the N-th, 2N-th, ... Commit returns "false"
       commit_fail_first      N: the first N Commits return "false"
       finish_fails           LMSFinish/Terminate returns "false" (the session stays open)
       offline_after_ms       T: from T ms after the API was created, Commit and Finish fail
                              (a dropped connection; __lms.goOffline() does it on demand)
     Value faults apply only while the session is initialized; before that scorm-again answers. */

  function readConfig() {
    if (window.__lmsConfig && typeof window.__lmsConfig === "object") {
      return window.__lmsConfig;
    }
    var query = new URLSearchParams(window.location.search);
    if (query.get("config")) {
      return JSON.parse(query.get("config"));
    }
    return { version: query.get("version") || "scorm12", launch: query.get("launch") };
  }

  function copy(value) {
    return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
  }

  function flatten(tree, prefix, out) {
    Object.keys(tree).forEach(function (key) {
      var path = prefix ? prefix + "." + key : key;
      var value = tree[key];
      if (value !== null && typeof value === "object") {
        flatten(value, path, out);
      } else {
        out[path] = value;
      }
    });
    return out;
  }

  function nest(flat) {
    var tree = {};
    Object.keys(flat).forEach(function (path) {
      var parts = path.split(".");
      var node = tree;
      parts.slice(0, -1).forEach(function (part) {
        node[part] = node[part] || {};
        node = node[part];
      });
      node[parts[parts.length - 1]] = flat[path];
    });
    return tree;
  }

  /* Stored data may come nested ({cmi: {...}}, as __lmsStore keeps it) or flattened. */
  function flattenStored(stored) {
    if (!stored) {
      return null;
    }
    var flat = flatten(stored, "", {});
    var anyCmi = Object.keys(flat).some(function (key) { return key.indexOf("cmi.") === 0; });
    return anyCmi ? flat : flatten({ cmi: stored }, "", {});
  }

  function startsWithAny(path, prefixes) {
    return prefixes.some(function (prefix) { return path === prefix || path.indexOf(prefix + ".") === 0; });
  }

  /* What the LMS hands the SCO on this launch. SCORM 2004 RTE 4.2.8 / 1.2 cmi.core.entry: after
     exit "suspend" the attempt resumes with its data (entry "resume"); any other exit ended the
     attempt, so this launch is a new attempt with fresh data (entry "ab-initio"). */
  function startingData(config, spec) {
    var flat = {};
    var previous = flattenStored(config.stored);
    var resume = !!previous && previous[spec.paths.exit] === "suspend";
    if (resume) {
      Object.keys(previous).forEach(function (path) {
        var value = previous[path];
        var bookkeeping = /\._(count|children|version)$/.test(path);
        if (value === "" || value === null || bookkeeping || startsWithAny(path, spec.notCarried)) {
          return;
        }
        flat[path] = String(value);
      });
    }
    var learner = config.learner || {};
    flat[spec.paths.learnerId] = learner.id || "learner-001";
    flat[spec.paths.learnerName] = learner.name || "Learner, Test";
    flat[spec.paths.credit] = config.credit || "credit";
    flat[spec.paths.mode] = config.mode || "normal";
    flat[spec.paths.entry] = resume ? "resume" : "ab-initio";
    Object.keys(config.init || {}).forEach(function (path) {
      flat[path] = String(config.init[path]);
    });
    return flat;
  }

  /* Load the starting data before Initialize and check every value arrived: a harness that
     silently dropped data would make resume tests meaningless. */
  function preload(api, flat) {
    api.loadFromJSON(nest(flat));
    var rendered = api.getFlattenedCMI();
    var problems = [];
    Object.keys(flat).forEach(function (path) {
      // The JSON rendering leaves some elements out (1.2 total_time): read those from the model.
      var loaded = path in rendered ? rendered[path] : readModel(api, path);
      if (loaded !== undefined && String(loaded) !== flat[path]) {
        problems.push(path + ": wanted " + JSON.stringify(flat[path]) + ", got " + JSON.stringify(loaded));
      }
    });
    return problems;
  }

  /* A value straight from scorm-again's CMI objects; undefined when a getter refuses. */
  function readModel(api, path) {
    try {
      return path.split(".").reduce(function (node, part) {
        return node.childArray && /^\d+$/.test(part) ? node.childArray[Number(part)] : node[part];
      }, api);
    } catch (error) {
      return undefined;
    }
  }

  /* SCORM 2004 RTE 4.2.4.1 / 4.2.21.1: with a completion threshold (scaled passing score) the LMS
     reports completion (success) from progress_measure (score.scaled), and "unknown" when the SCO
     never set it, whatever completion_status (success_status) it wrote. The persisted copy holds
     what the LMS would report, as the ADL reference RTE does. */
  function evaluate2004(cmi) {
    if (cmi.completion_threshold !== "" && cmi.completion_threshold !== undefined) {
      cmi.completion_status = cmi.progress_measure === "" ? "unknown"
        : parseFloat(cmi.progress_measure) >= parseFloat(cmi.completion_threshold) ? "completed" : "incomplete";
    }
    if (cmi.scaled_passing_score !== "" && cmi.scaled_passing_score !== undefined) {
      cmi.success_status = cmi.score.scaled === "" ? "unknown"
        : parseFloat(cmi.score.scaled) >= parseFloat(cmi.scaled_passing_score) ? "passed" : "failed";
    }
    return cmi;
  }

  function describe(value) {
    if (value === undefined) {
      return null;
    }
    if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
      return value;
    }
    return String(value);
  }

  function listed(setting, name) {
    return setting === true || (Array.isArray(setting) && setting.indexOf(name) >= 0);
  }

  function launchUrl(config) {
    var url = config.launch;
    for (var level = 0; level < (config.nesting || 0); level++) {
      url = "wrapper.html?src=" + encodeURIComponent(url);
    }
    return url;
  }

  function loadSco(config) {
    var frame = document.createElement("iframe");
    frame.title = "Course";
    frame.src = launchUrl(config);
    frame.addEventListener("load", function () { state.frameLoads += 1; });
    document.body.appendChild(frame);
    state.frame = frame;
  }

  var config = readConfig();
  var spec = VERSIONS[config.version];
  if (!spec) {
    throw new Error("lms.js: unknown version " + JSON.stringify(config.version));
  }
  if (!config.launch) {
    throw new Error("lms.js: no launch URL in the configuration");
  }
  var faults = config.faults || {};
  var names = spec.methods;
  var errorFunctions = [names.getLastError, names.getErrorString, names.getDiagnostic];

  var state = {
    version: config.version,
    config: config,
    api: null,
    calls: [],
    commits: [],
    store: null,
    log: [],
    loadProblems: [],
    startingData: null,
    finished: false,
    commitAttempts: 0,
    forcedOffline: false,
    interactionTypes: {},
    frame: null,
    frameLoads: 0
  };

  function now() {
    return Math.round(performance.now() - t0);
  }

  function offline() {
    var limit = faults.offline_after_ms;
    return state.forcedOffline || (typeof limit === "number" && now() >= limit);
  }

  /* The injected fault for this call, or null: [kind, error code]. */
  function injectedFault(method, args) {
    if (method === names.setValue) {
      var element = String(args[0]);
      var failing = faults.set_value_fails === true || (Array.isArray(faults.set_value_fails)
        && startsWithAny(element, faults.set_value_fails));
      return failing ? ["set_value_fails", spec.codes.setFailure] : null;
    }
    if (method === names.commit) {
      state.commitAttempts += 1;
      var n = state.commitAttempts;
      if (offline()) { return ["offline", spec.codes.commitFailure]; }
      if (faults.commit_fails) { return ["commit_fails", spec.codes.commitFailure]; }
      if (faults.commit_fail_every && n % faults.commit_fail_every === 0) {
        return ["commit_fail_every", spec.codes.commitFailure];
      }
      if (faults.commit_fail_first && n <= faults.commit_fail_first) {
        return ["commit_fail_first", spec.codes.commitFailure];
      }
      return null;
    }
    if (method === names.finish) {
      if (offline()) { return ["offline", spec.codes.finishFailure]; }
      if (faults.finish_fails) { return ["finish_fails", spec.codes.finishFailure]; }
    }
    return null;
  }

  /* A strict rule this SetValue breaks, or null. */
  function brokenRule(args) {
    var element = String(args[0]);
    var value = args[1];
    if (typeof value !== "string") {
      return { id: "string-value", why: "SetValue values are strings (RTE API: characterstring), got " + typeof value };
    }
    var rules = STRICT_RULES[config.version];
    for (var i = 0; i < rules.length; i++) {
      var match = rules[i].element.exec(element);
      if (match && !rules[i].valid(value, match, state)) {
        return rules[i];
      }
    }
    return null;
  }

  function persist(method, callIndex) {
    var api = state.api;
    var data = copy(api.renderCommitCMI(true));  // includes total_time + session_time, as at session end
    if (config.version === "scorm2004") {
      evaluate2004(data.cmi);
    }
    var nav = config.version === "scorm2004" ? api.adl.nav.request : api.nav.event;
    state.store = data;
    window.__lmsStore = data;
    state.commits.push({ method: method, call: callIndex, t: now(), nav: nav, data: data });
  }

  /* One wrapped API method: record, then throw / refuse / inject / delegate. */
  function wrap(api, method) {
    var real = api[method].bind(api);
    api[method] = function () {
      var args = Array.prototype.slice.call(arguments);
      var call = {
        i: state.calls.length, method: method, args: args.map(describe),
        argTypes: args.map(function (a) { return a === null ? "null" : typeof a; }), t: now()
      };
      state.calls.push(call);
      function refuse(code, message, result) {
        api.throwSCORMError("api", code, message);
        call.result = result;
        call.error = String(api.lastErrorCode);
        return result;
      }
      if (listed(faults.throw, method)) {
        call.fault = "throw";
        call.threw = "LMS fault injected: " + method + " throws";
        call.error = String(api.lastErrorCode);
        throw new Error(call.threw);
      }
      var session = api.isInitialized();
      var valueCall = [names.getValue, names.setValue, names.commit].indexOf(method) >= 0;
      if (config.strict !== false && state.finished && valueCall) {
        /* SCORM 1.2: after LMSFinish the SCO may only call the error functions; scorm-again
           still answers, Moodle returns 301 like before LMSInitialize. */
        call.strict = "after-finish";
        return refuse(spec.codes.notInitialized, method + " after LMSFinish",
                      method === names.getValue ? "" : "false");
      }
      if (session) {
        var fault = injectedFault(method, args);
        if (fault) {
          call.fault = fault[0];
          return refuse(fault[1], "LMS fault injected: " + fault[0], "false");
        }
        if (method === names.setValue && config.strict !== false) {
          var rule = brokenRule(args);
          if (rule) {
            call.strict = rule.id;
            return refuse(spec.codes.typeMismatch, rule.why, "false");
          }
        }
      }
      try {
        call.result = real.apply(null, args);
      } catch (error) {
        call.threw = String(error && error.message || error);
        call.error = String(api.lastErrorCode);
        throw error;
      }
      call.error = String(api.lastErrorCode);
      if (call.result === "true") {
        var typed = /^cmi\.interactions\.(\d+)\.type$/.exec(String(args[0]));
        if (method === names.setValue && typed) {
          state.interactionTypes[typed[1]] = String(args[1]);
        }
        if (method === names.commit || method === names.finish) {
          persist(method, call.i);
        }
        if (method === names.finish && config.version === "scorm12") {
          state.finished = true;
        }
      }
      return call.result;
    };
  }

  function createApi() {
    var Constructor = window[spec.constructorName];
    if (typeof Constructor !== "function") {
      throw new Error("lms.js: scorm-again did not load (no window." + spec.constructorName + ")");
    }
    var settings = Object.assign({}, STRICT_SETTINGS, config.settings || {}, {
      onLogMessage: function (level, message) { state.log.push({ level: level, message: message, t: now() }); }
    });
    var api = new Constructor(settings);
    state.api = api;
    state.startingData = startingData(config, spec);
    state.loadProblems = preload(api, state.startingData);
    Object.keys(state.startingData).forEach(function (path) {
      var typed = /^cmi\.interactions\.(\d+)\.type$/.exec(path);
      if (typed) { state.interactionTypes[typed[1]] = state.startingData[path]; }
    });
    Object.keys(names).forEach(function (key) { wrap(api, names[key]); });
    window[spec.apiName] = api;
  }

  state.snapshot = function () {
    return {
      calls: copy(state.calls),
      commits: copy(state.commits),
      store: copy(state.store),
      cmi: state.api ? copy(state.api.renderCMIToJSONObject()) : null,
      log: copy(state.log)
    };
  };
  state.cmi = function () {
    return state.api ? copy(state.api.renderCMIToJSONObject()) : null;
  };
  state.goOffline = function () { state.forcedOffline = true; };
  state.goOnline = function () { state.forcedOffline = false; };
  /* The learner closes the window: the SCO document unloads (beforeunload, pagehide,
     visibilitychange, unload) while this page and its API stay alive to receive the last calls. */
  state.unloadSco = function (timeoutMs) {
    return new Promise(function (resolve) {
      var frame = state.frame;
      if (!frame) { resolve(true); return; }
      var timer = setTimeout(function () { resolve(false); }, timeoutMs || 5000);
      frame.addEventListener("load", function () { clearTimeout(timer); resolve(true); }, { once: true });
      frame.src = "about:blank";
    });
  };

  window.__lms = state;
  window.__lmsCalls = state.calls;
  window.__lmsStore = null;
  document.getElementById("lms-bar").textContent =
    "Test LMS: " + config.version + (faults.api_missing ? " (no API)" : "");
  if (!faults.api_missing) {
    createApi();
  }
  loadSco(config);
})();
