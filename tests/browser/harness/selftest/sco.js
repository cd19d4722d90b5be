/* The smallest honest SCO for both SCORM versions: it proves the harness, not the course runtime.
   On load: Initialize, read entry and suspend_data, count the visit, bookmark, Commit.
   "Finish": score 85 %, passed/completed, session time, Finish. Closing without Finish: suspend. */
(function () {
  "use strict";

  var NAMES = {
    scorm2004: { init: "Initialize", finish: "Terminate", get: "GetValue", set: "SetValue", commit: "Commit",
                 error: "GetLastError", entry: "cmi.entry", exit: "cmi.exit", location: "cmi.location",
                 sessionTime: "cmi.session_time" },
    scorm12: { init: "LMSInitialize", finish: "LMSFinish", get: "LMSGetValue", set: "LMSSetValue",
               commit: "LMSCommit", error: "LMSGetLastError", entry: "cmi.core.entry", exit: "cmi.core.exit",
               location: "cmi.core.lesson_location", sessionTime: "cmi.core.session_time" }
  };
  var started = Date.now();
  var sco = { api: null, version: null, finished: false, entry: "", visits: 0 };
  window.selftest = sco;

  /* Climb parents (then the opener's) looking for the API; 2004 first. Same-origin probes can
     still throw in odd hosts, hence the try. */
  function findApi() {
    var windows = [window];
    var win = window;
    for (var hops = 0; hops < 500 && win.parent && win.parent !== win; hops++) {
      win = win.parent;
      windows.push(win);
    }
    if (window.opener) { windows.push(window.opener); }
    var versions = [["scorm2004", "API_1484_11"], ["scorm12", "API"]];
    for (var v = 0; v < versions.length; v++) {
      for (var i = 0; i < windows.length; i++) {
        try {
          if (windows[i][versions[v][1]]) { return [versions[v][0], windows[i][versions[v][1]]]; }
        } catch (e) { /* cross-origin */ }
      }
    }
    return [null, null];
  }

  function call(name) {
    var args = Array.prototype.slice.call(arguments, 1);
    return sco.api[NAMES[sco.version][name]].apply(sco.api, args);
  }

  function sessionTime() {
    var seconds = Math.round((Date.now() - started) / 1000);
    if (sco.version === "scorm2004") { return "PT" + seconds + "S"; }
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return pad(Math.floor(seconds / 3600)) + ":" + pad(Math.floor(seconds / 60) % 60) + ":" + pad(seconds % 60);
  }

  function show(id, text) { document.getElementById(id).textContent = text; }

  function start() {
    var found = findApi();
    sco.version = found[0];
    sco.api = found[1];
    if (!sco.api) { show("status", "No LMS found: progress is not saved."); return; }
    if (call("init", "") !== "true") { show("status", "The LMS did not start the session."); sco.api = null; return; }
    sco.entry = call("get", NAMES[sco.version].entry);
    var saved = /^visits=(\d+)$/.exec(call("get", "cmi.suspend_data"));
    sco.visits = (saved ? parseInt(saved[1], 10) : 0) + 1;
    if (sco.version === "scorm2004") {
      call("set", "cmi.completion_status", "incomplete");
    } else {
      call("set", "cmi.core.lesson_status", "incomplete");
    }
    call("set", NAMES[sco.version].location, "page-1");
    call("set", "cmi.suspend_data", "visits=" + sco.visits);
    call("set", NAMES[sco.version].exit, "suspend");
    call("commit", "");
    show("entry", sco.entry || "(empty)");
    show("visits", String(sco.visits));
    show("status", "Tracking with " + sco.version + ".");
  }

  function finish() {
    if (!sco.api || sco.finished) { return; }
    call("set", "cmi." + (sco.version === "scorm2004" ? "" : "core.") + "score.raw", "85");
    call("set", "cmi." + (sco.version === "scorm2004" ? "" : "core.") + "score.min", "0");
    call("set", "cmi." + (sco.version === "scorm2004" ? "" : "core.") + "score.max", "100");
    if (sco.version === "scorm2004") {
      call("set", "cmi.score.scaled", "0.85");
      call("set", "cmi.progress_measure", "1");
      call("set", "cmi.completion_status", "completed");
      call("set", "cmi.success_status", "passed");
      call("set", "cmi.exit", "normal");
    } else {
      call("set", "cmi.core.lesson_status", "passed");
      call("set", "cmi.core.exit", "");
    }
    call("set", NAMES[sco.version].sessionTime, sessionTime());
    sco.finished = call("finish", "") === "true";
    show("status", sco.finished ? "Finished." : "The LMS did not save the result.");
  }

  /* Closing the window without Finish: keep the attempt open (suspend) and end the session. */
  function leave() {
    if (!sco.api || sco.finished) { return; }
    call("set", NAMES[sco.version].exit, "suspend");
    call("set", NAMES[sco.version].sessionTime, sessionTime());
    sco.finished = call("finish", "") === "true";
  }

  sco.finish = finish;
  document.getElementById("finish").addEventListener("click", finish);
  window.addEventListener("pagehide", leave);
  start();
})();
