/*
 * scr-course preview: the inspector panel, SCO launching and live reload (served only by `scr-course preview`).
 *
 * Runs in the player page's <head>, after lms-stub.js and before the SCO frame exists, so the
 * SCO's own runtime finds window.API (1.2) or window.API_1484_11 (2004) by walking window.parent.
 */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("preview-config").textContent);
  var version = config.target === "scorm12" ? "1.2" : "2004";
  var lms = window.ScrPreviewLms.createLms({ version: version });
  if (version === "1.2") { window.API = lms.api; } else { window.API_1484_11 = lms.api; }
  window.scrPreview = { lms: lms };

  var MAX_ROWS = 600;
  var INFO = /GetLastError|GetErrorString|GetDiagnostic/;
  var status = null;
  var epoch = config.epoch;
  var playerVersion = null;
  var current = null;
  var queue = Promise.resolve();
  var busy = false;
  var failures = 0;
  var renderTimer = null;
  var frameDataScript = null;
  var frameDataCache = null;
  var ui = {};

  var views = window.ScrPreviewViews;
  var el = views.el;
  var clear = views.clear;

  /* ---------- SCOs, URLs and storage keys ---------- */

  function scos() { return status && status.scos ? status.scos : []; }
  function findSco(identifier) {
    return scos().filter(function (s) { return s.identifier === identifier; })[0] || null;
  }
  function scoOfPage(pageId) {
    return scos().filter(function (s) {
      return s.pages.some(function (p) { return p.id === pageId; });
    })[0] || null;
  }
  function scoUrl(sco) {
    var path = "/sco/" + config.target + "/" + config.package + "/" + sco.href.split("/").map(encodeURIComponent).join("/");
    return config.target === "cmi5" ? path + cmi5Query(sco) : path;
  }

  /* ---------- cmi5: the preview plays the LMS with its own in-memory xAPI endpoint (preview/xapi.py) ---------- */

  var cmi5Launches = 0;
  var statementCount = 0;
  function registration() {
    var key = storagePrefix() + "cmi5:registration";
    var value = null;
    try { value = localStorage.getItem(key); } catch (e) { value = null; }
    if (!value) {
      value = "10000000-1000-4000-8000-100000000000".replace(/[018]/g, function (c) {
        return (c ^ crypto.getRandomValues(new Uint8Array(1))[0] & 15 >> c / 4).toString(16);
      });
      try { localStorage.setItem(key, value); } catch (e) { /* a new learner on every launch, then */ }
    }
    return value;
  }
  /** The launch URL query of cmi5 8.1; a new one-time fetch URL for every launch. */
  function cmi5Query(sco) {
    var origin = location.origin;
    cmi5Launches += 1;
    var fetchUrl = origin + "/__preview/xapi/fetch?launch=" + Date.now() + "-" + cmi5Launches +
      "&moveOn=" + encodeURIComponent(sco.moveOn || "NotApplicable") + "&masteryScore=" + encodeURIComponent(sco.masteryScore || "");
    var actor = { objectType: "Agent", name: "Preview learner", account: { homePage: origin, name: "preview-learner" } };
    var params = { endpoint: origin + "/__preview/xapi/", fetch: fetchUrl, registration: registration(),
      activityId: sco.identifier, actor: JSON.stringify(actor) };
    return "?" + Object.keys(params).map(function (k) { return k + "=" + encodeURIComponent(params[k]); }).join("&");
  }
  function pollStatements() {
    fetch("/__preview/xapi/log?since=" + statementCount, { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (log) {
        var body = ui.statements.tBodies[0];
        if (log.total < statementCount) { clear(body); statementCount = 0; }
        log.statements.forEach(function (s) {
          statementCount += 1;
          var result = s.result || {};
          var bits = [];
          if (result.score) { bits.push("scaled " + result.score.scaled); }
          if (result.success !== undefined) { bits.push(result.success ? "success" : "no success"); }
          if (result.completion) { bits.push("completion"); }
          if (result.response !== undefined) { bits.push("response " + result.response); }
          if (result.duration) { bits.push(result.duration); }
          var object = s.object && s.object.id ? s.object.id : "";
          body.appendChild(el("tr", {}, [el("td", { text: String(statementCount) }),
            el("td", { text: (s.timestamp || "").slice(11, 19) }), el("td", { text: s.verb.display["en-US"] || s.verb.id }),
            el("td", { text: object.length > 60 ? "…" + object.slice(-59) : object }), el("td", { text: bits.join(", ") })]));
        });
        ui.statementCount.textContent = "(" + statementCount + ")";
      })
      .catch(function () { /* the preview stopped; the status poll says so */ })
      .then(function () { setTimeout(pollStatements, 1000); });
  }
  function courseId() { return status && status.course ? status.course.id : "course"; }
  function storagePrefix() { return "scr-preview:" + courseId() + ":"; }
  function launchInfo(sco) {
    return { storageKey: storagePrefix() + config.target + ":" + config.package + ":" + sco.identifier,
      title: sco.title, identifier: sco.identifier, masteryScore: sco.masteryScore,
      completionThreshold: sco.completionThreshold, scaledPassingScore: sco.scaledPassingScore };
  }
  function framePage() {
    try {
      var hash = decodeURIComponent(ui.frame.contentWindow.location.hash.slice(1));
      return hash && current && current.pages.some(function (p) { return p.id === hash; }) ? hash : null;
    } catch (e) { return null; }
  }

  /* ---------- launching: close the old page first, then start a session, then load ---------- */

  function waitForLoad() {
    return new Promise(function (resolve) {
      ui.frame.addEventListener("load", function once() { ui.frame.removeEventListener("load", once); resolve(); });
    });
  }

  /**
   * Launch ``sco`` in the frame. The running SCO's page unloads first (its pagehide handler may
   * still Commit and Terminate its own session); the new session starts at its Initialize.
   * @param {object} sco outline of the SCO to launch.
   * @param {string} how "launch", "relaunch" or "reload" (see lms-stub.js).
   * @param {?string} page page id to show once loaded, or null to let the SCO resume by itself.
   * @param {?function} prepare runs between the old page's unload and the new page's load (reset:
   *   the SCO reads its own browser copy before Initialize, so a blank page goes in between).
   */
  function navigate(sco, how, page, prepare) {
    queue = queue.then(function () {
      busy = true;
      var hasPage = !!ui.frame.getAttribute("src");
      var closing = prepare && hasPage ? waitForLoad() : Promise.resolve();
      if (prepare && hasPage) { ui.frame.setAttribute("src", "about:blank"); }
      return closing.then(function () {
        if (prepare) {
          lms.close();
          prepare();
          lms.launch(launchInfo(sco), how);
        } else {
          lms.prepare(launchInfo(sco), how);
        }
        current = sco;
        var loaded = waitForLoad();
        ui.frame.setAttribute("src", scoUrl(sco));
        renderPages();
        return loaded;
      }).then(function () {
        lms.activate();
        busy = false;
        watchFrameHash();
        // After load, not in the launch URL: a resuming SCO prefers its own bookmark to the URL's hash.
        if (page) { showInFrame(page); }
        document.documentElement.setAttribute("data-frame-epoch", String(epoch));
      });
    }).catch(function (e) { busy = false; logLms("preview error: " + e); });
    return queue;
  }

  function watchFrameHash() {
    try {
      ui.frame.contentWindow.addEventListener("hashchange", syncPage);
    } catch (e) { /* cross-origin: cannot happen for package files */ }
    syncPage();
  }

  function syncPage() {
    var page = framePage();
    if (!page) { return; }
    history.replaceState(null, "", location.pathname + location.search + "#" + encodeURIComponent(page));
    if (document.activeElement !== ui.page) { ui.page.value = current.identifier + "|" + page; }
  }

  function start() {
    var wanted = decodeURIComponent(location.hash.slice(1));
    var sco = (wanted && scoOfPage(wanted)) || scos()[0];
    if (sco) { navigate(sco, "launch", wanted && scoOfPage(wanted) ? wanted : null); }
  }

  function reloadFrame() {
    var page = framePage();
    var sco = (current && findSco(current.identifier)) || scos()[0];
    if (sco) { navigate(sco, "reload", page); }
  }

  /** Show a page of the running SCO the way a link in it would: through its hashchange handler. */
  function showInFrame(page) {
    try {
      var win = ui.frame.contentWindow;
      if (framePage() === page) { return; }
      // The runtime keeps the hash in step with the page shown; clear it so the change always fires.
      win.history.replaceState(null, "", win.location.pathname + win.location.search);
      win.location.hash = encodeURIComponent(page);
    } catch (e) { /* about:blank between launches */ }
  }

  function jump() {
    var parts = ui.page.value.split("|");
    var sco = findSco(parts[0]);
    if (!sco) { return; }
    if (current && sco.identifier === current.identifier) {
      queue = queue.then(function () { showInFrame(parts[1]); });
    } else {
      navigate(sco, "launch", parts[1]);
    }
  }

  /* ---------- live reload: long poll the server's build epoch ---------- */

  function url(path, extra) {
    return path + "?target=" + encodeURIComponent(config.target) + "&package=" + config.package + (extra || "");
  }

  function receive(next) {
    if (playerVersion !== null && next.player !== playerVersion) {
      location.reload();
      return;
    }
    playerVersion = next.player;
    var changed = next.epoch !== epoch;
    epoch = next.epoch;
    status = next;
    document.documentElement.setAttribute("data-epoch", String(epoch));
    renderStatus();
    if (!next.hasBuild) { return; }
    if (!current) { start(); } else if (changed && next.ok) { reloadFrame(); }
  }

  function poll() {
    fetch(url("/__preview/events", "&epoch=" + epoch + "&player=" + playerVersion), { cache: "no-store" })
      .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
      .then(function (next) { failures = 0; receive(next); poll(); })
      .catch(function () {
        failures += 1;
        ui.build.textContent = "Disconnected from scr-course preview; retrying…";
        ui.build.className = "build-status failed";
        setTimeout(poll, Math.min(5000, 300 * failures));
      });
  }

  /* ---------- rendering ---------- */

  function renderStatus() {
    var errors = status.problems.filter(function (p) { return p.severity === "error"; });
    var warnings = status.problems.length - errors.length;
    var label = status.ok
      ? "Built in " + Math.round(status.seconds * 1000) + " ms" + (warnings ? " · " + warnings + " warning(s)" : "")
      : "Build failed: " + errors.length + " error(s)" + (status.hasBuild ? " · showing the last good build" : "");
    ui.build.textContent = label;
    ui.build.className = "build-status " + (status.ok ? "ok" : "failed");
    clear(ui.problems);
    status.problems.forEach(function (p) {
      ui.problems.appendChild(el("li", { "class": p.severity, text: p.text }));
    });
    ui.overlay.hidden = status.ok;
    renderPackages();
    renderPages();
  }

  function renderPackages() {
    var packages = status.packages || [];
    ui.packageField.hidden = packages.length < 2;
    if (packages.length < 2) { return; }
    clear(ui.packageSelect);
    packages.forEach(function (p) {
      var option = el("option", { value: String(p.index), text: p.title });
      option.selected = p.index === config.package;
      ui.packageSelect.appendChild(option);
    });
  }

  function renderPages() {
    var keep = ui.page.value;
    clear(ui.page);
    var list = scos();
    list.forEach(function (sco) {
      var group = list.length > 1 ? el("optgroup", { label: sco.title }) : ui.page;
      sco.pages.forEach(function (p) {
        group.appendChild(el("option", { value: sco.identifier + "|" + p.id, text: p.title }));
      });
      if (group !== ui.page) { ui.page.appendChild(group); }
    });
    if (keep) { ui.page.value = keep; }
  }

  function scheduleState() {
    if (renderTimer === null) {
      renderTimer = setTimeout(function () { renderTimer = null; renderState(); if (!busy) { syncPage(); } }, 30);
    }
  }

  function pill(value, good, bad) {
    var kind = good.indexOf(value) >= 0 ? "pill good" : bad.indexOf(value) >= 0 ? "pill bad" : "pill";
    return el("span", { "class": kind, text: value === "" ? "(empty)" : value });
  }

  function renderState() {
    var s = lms.state();
    clear(ui.state);
    function row(name, value, field) {
      ui.state.appendChild(el("dt", { text: name }));
      ui.state.appendChild(el("dd", { "data-field": field || name }, [value]));
    }
    if (!s.active) {
      row("session", el("span", { "class": "empty", text: "no SCO running" }), "session");
      renderSuspend("");
      renderInteractions({});
      return;
    }
    var v = s.values;
    var entry = s.launch.entry === "" ? "(empty)" : s.launch.entry;
    row("session", "#" + s.number + " " + s.state + " · entry " + entry + " · attempt " + s.attempt, "session");
    if (version === "1.2") {
      row("lesson_status", pill(v["cmi.core.lesson_status"] || "not attempted", ["passed", "completed"], ["failed"]), "status");
      row("score.raw", score(v["cmi.core.score.raw"], v["cmi.core.score.min"], v["cmi.core.score.max"]), "score");
      if (s.launch.masteryScore) { row("mastery_score", s.launch.masteryScore, "mastery"); }
      row("lesson_location", v["cmi.core.lesson_location"] || "—", "location");
      row("exit", v["cmi.core.exit"] === undefined ? "—" : v["cmi.core.exit"] || "(empty)", "exit");
      row("session_time", v["cmi.core.session_time"] || "—", "session-time");
    } else {
      row("completion_status", lmsView(s.evaluated.completion, v["cmi.completion_status"], ["completed"], []), "status");
      row("success_status", lmsView(s.evaluated.success, v["cmi.success_status"], ["passed"], ["failed"]), "success");
      row("score.scaled", v["cmi.score.scaled"] === undefined ? "—" : v["cmi.score.scaled"] +
        (s.launch.scaledPassingScore ? " (passing " + s.launch.scaledPassingScore + ")" : ""), "score");
      row("score.raw", score(v["cmi.score.raw"], v["cmi.score.min"], v["cmi.score.max"]), "raw");
      row("progress_measure", (v["cmi.progress_measure"] || "—") +
        (s.launch.completionThreshold ? " (threshold " + s.launch.completionThreshold + ")" : ""), "progress");
      row("location", v["cmi.location"] || "—", "location");
      row("exit", v["cmi.exit"] === undefined ? "—" : v["cmi.exit"] || "(empty)", "exit");
      row("session_time", v["cmi.session_time"] || "—", "session-time");
      if (v["adl.nav.request"]) { row("adl.nav.request", v["adl.nav.request"], "nav"); }
    }
    row("total_time", s.totalTime, "total-time");
    row("saved", s.dirty ? el("span", { "class": "note", text: "changes not committed yet" }) : "all committed", "saved");
    renderSuspend(v["cmi.suspend_data"] || "");
    renderInteractions(v);
  }

  function score(raw, min, max) {
    if (raw === undefined || raw === "") { return "—"; }
    return raw + (min !== undefined || max !== undefined ? " (" + (min || "?") + "–" + (max || "?") + ")" : "");
  }

  function lmsView(reported, set, good, bad) {
    var node = el("span", {}, [pill(reported, good, bad)]);
    if (set !== undefined && set !== reported) {
      // SCORM 2004 4th Ed.: with a threshold or passing score the LMS decides, not the SCO.
      node.appendChild(el("span", { "class": "note", text: " SCO set '" + set + "'" }));
    }
    return node;
  }

  /** The SCO's own runtime data (page, module, question keys), read from the page the frame shows. */
  function frameData() {
    try {
      var script = ui.frame.contentDocument.getElementById("scr-data");
      if (script && script !== frameDataScript) {
        frameDataScript = script;
        frameDataCache = JSON.parse(script.textContent);
      }
      return script ? frameDataCache : null;
    } catch (e) { return null; }
  }

  function renderSuspend(raw) { views.renderSuspend(ui.suspend, raw, frameData(), version); }
  function renderInteractions(v) { views.renderInteractions(ui.interactions, ui.interactionCount, v, version); }


  /* ---------- the API call log ---------- */

  function trimLog(body) {
    while (body.rows.length > MAX_ROWS) { body.deleteRow(0); }
  }

  function appendRow(row) {
    var wrap = ui.logWrap;
    var atBottom = wrap.scrollTop + wrap.clientHeight >= wrap.scrollHeight - 24;
    var body = ui.calls.tBodies[0];
    body.appendChild(row);
    trimLog(body);
    ui.callCount.textContent = "(" + lms.log.length + ")";
    if (atBottom) { wrap.scrollTop = wrap.scrollHeight; }
  }

  function logCall(e) {
    var failed = e.error !== "" && e.error !== "0";
    var classes = [INFO.test(e.method) ? "info" : "", failed ? "error" : "", e.notes.length ? "notes" : ""].join(" ").trim();
    var explained = failed ? e.diagnostic || window.ScrPreviewLms.ERRORS[version][e.error] || "" : null;
    var isSet = e.method.indexOf("Set") >= 0;
    // Three columns so that long element names stay readable at 1280 px: the call on two lines
    // (method and element, then the value or argument), and the return above the error code.
    var call = el("td", { "class": "call" }, [
      el("span", { "class": "line" }, [el("span", { "class": "method", text: e.method }), e.element ? " " + e.element : ""]),
      e.element && !isSet ? null
        : el("span", { "class": "line value-line", title: e.value, text: e.element ? "= \"" + e.value + "\"" : "(\"" + e.value + "\")" })
    ]);
    var outcome = el("td", { "class": "outcome" }, [
      el("span", { "class": "line", title: e.result, text: e.result === "" ? "\"\"" : e.result }),
      e.error === "" ? null : el("span", { "class": "line err", title: explained, text: "error " + e.error })
    ]);
    appendRow(el("tr", { "class": classes, "data-method": e.method, "data-element": e.element, "data-error": e.error },
      [el("td", { "class": "seq", text: String(e.seq) }), call, outcome]));
    var notes = e.notes.slice();
    if (failed && e.diagnostic) { notes.unshift(e.error + ": " + e.diagnostic); }
    if (notes.length) {
      appendRow(el("tr", { "class": "lms " + (INFO.test(e.method) ? "info" : "") }, [el("td", { colspan: "3", text: notes.join(" · ") })]));
    }
  }

  function logLms(text) {
    appendRow(el("tr", { "class": "lms" }, [el("td", { colspan: "3", text: text })]));
  }

  lms.on(function (kind, detail) {
    if (!ui.calls) { return; }
    if (kind === "call") { logCall(detail); }
    if (kind === "launch") {
      logLms("launch #" + detail.session + " (" + detail.how + "): " + detail.title + ", entry=" +
        (detail.entry || "(empty)") + (detail.notes.length ? " · " + detail.notes.join(" · ") : ""));
    }
    if (kind === "close" && detail.state === "running") {
      logLms("closed while running: the SCO did not call " + (version === "1.2" ? "LMSFinish" : "Terminate") +
        (detail.dirty ? "; uncommitted changes are lost" : ""));
    }
    if (kind === "reset") { logLms("learner reset: every saved record for this course was removed"); }
    if (kind === "terminate") { followNavigation(detail.nav); }
    scheduleState();
  });

  /* SCORM 2004: adl.nav.request is acted on after Terminate (RTE 4.4). */
  function followNavigation(request) {
    if (busy || !request || request === "_none_") { return; }
    var list = scos();
    var index = list.findIndex(function (s) { return current && s.identifier === current.identifier; });
    var choice = /^\{target=([^}]+)\}(choice|jump)$/.exec(request);
    var target = request === "continue" ? list[index + 1] : request === "previous" ? list[index - 1]
      : choice ? list.filter(function (s) { return s.identifier === choice[1] || s.identifier === "ITEM-" + choice[1]; })[0] : null;
    if (target) {
      setTimeout(function () { navigate(target, "launch", null); }, 0);
    } else {
      logLms("navigation request '" + request + "': " + (/exit|suspend|abandon/i.test(request)
        ? "an LMS would close the course now" : "nothing to go to in this package"));
    }
  }

  /* ---------- wiring ---------- */

  document.addEventListener("DOMContentLoaded", function () {
    ui = {
      frame: document.getElementById("sco-frame"), overlay: document.getElementById("overlay"),
      problems: document.getElementById("overlay-problems"), build: document.getElementById("build-status"),
      page: document.getElementById("page-select"), packageField: document.getElementById("package-field"),
      packageSelect: document.getElementById("package-select"), state: document.getElementById("state"),
      suspend: document.getElementById("suspend"), interactions: document.getElementById("interactions"),
      interactionCount: document.getElementById("interaction-count"), calls: document.getElementById("calls"),
      callCount: document.getElementById("call-count"), logWrap: document.getElementById("log-wrap")
    };
    document.getElementById("page-go").addEventListener("click", jump);
    document.getElementById("relaunch").addEventListener("click", function () {
      if (current) { navigate(findSco(current.identifier) || current, "relaunch", null); }
    });
    document.getElementById("reset").addEventListener("click", function () {
      var sco = (current && findSco(current.identifier)) || scos()[0];
      // The runtime also keeps a browser copy ("scr:<course>:…", player.js): a reset learner has neither.
      if (sco) { navigate(sco, "launch", null, function () { lms.reset([storagePrefix(), "scr:" + courseId() + ":"]); }); }
    });
    document.getElementById("target-select").addEventListener("change", function (event) {
      location.assign("/?target=" + encodeURIComponent(event.target.value) + "&package=" + config.package + location.hash);
    });
    ui.packageSelect.addEventListener("change", function (event) {
      location.assign("/?target=" + encodeURIComponent(config.target) + "&package=" + encodeURIComponent(event.target.value));
    });
    document.getElementById("clear-log").addEventListener("click", function () {
      clear(ui.calls.tBodies[0]);
      lms.log.length = 0;
      ui.callCount.textContent = "(0)";
    });
    document.getElementById("hide-info").addEventListener("change", function (event) {
      ui.calls.classList.toggle("hide-info", event.target.checked);
    });
    ui.statements = document.getElementById("statements");
    ui.statementCount = document.getElementById("statement-count");
    if (config.target === "cmi5") { pollStatements(); }
    renderState();
    fetch(url("/__preview/status"), { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (first) { epoch = first.epoch; receive(first); poll(); })
      .catch(function () { poll(); });
  });
}());
