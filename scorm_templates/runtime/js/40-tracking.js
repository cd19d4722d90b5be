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

/** Save everywhere: browser storage first, then the LMS, then Commit. */
function save() {
  writeLocal(false);
  if (!lms || finished) return;
  flush(false);
}

function flush(ending) {
  if (isCmi5) return cmi5Flush(ending);
  clearTimeout(retryTimer);
  retryTimer = null;
  if (!lms.init()) return fail();
  // The LMS did not answer at launch: the learner is known now, so the browser may keep their copy.
  if (ownerUnknown) { ownerUnknown = false; storeOwner = scormOwner(); }
  var ok = true;
  each(trackingValues(ending), function (pair) {
    if (sent[pair[0]] === pair[1]) return;
    if (lms.set(pair[0], pair[1])) sent[pair[0]] = pair[1]; else ok = false;
  });
  var written = [];
  while (pendingInteractions.length) {
    var record = pendingInteractions[0];
    if (keyLater(record)) break;
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
    text(byId("lms-alert"), t("lms.not_recording"));
  }
  if (!finished && retryCount < 30) {
    var delay = Math.min(30000, 1000 * Math.pow(2, retryCount++));
    retryTimer = setTimeout(function () { if (!finished) flush(false); }, delay);
  }
  return false;
}

function finish() {
  if (isCmi5 && lms) return cmi5Finish();
  if (finished) return;
  S.loc = S.loc || (current && current.id) || "";
  writeLocal(false);
  if (lms) {
    // Nothing the LMS lacks is left (no unsent answer, no check waiting for its retry): forget it all.
    if (flush(true) && !pendingInteractions.length && !Object.keys(pendingChecks).length) forgetLocal();
    finished = true;
    clearTimeout(retryTimer);
    lms.finish();
  }
  finished = true;
}

/** Connect to the LMS, then start the page with whether the learner resumes (cmi5 connects asynchronously). */
function connect(start) {
  if (isCmi5) cmi5Connect(start);
  else start(launch());
}

/** The tag of the LMS's learner, or null when the LMS names none (then nothing is kept in the browser). */
function scormOwner() {
  var id = lms.get(ELEMENTS.learner);
  return id ? learnerTag("scorm", id) : null;
}

/** Connect to a SCORM LMS and choose the state to start from. lmsExpected: a cmi5 launch that
 *  failed, so the learner is someone the page cannot name (no browser copy is used). */
function launch(lmsExpected) {
  // cmi5 packages carry no SCORM API code (31-scorm-api.js): they look for no SCORM LMS.
  var api = isCmi5 ? null : findApi(is2004 ? "API_1484_11" : "API");
  var local = null, localState = null, lmsState = null, entry = "", lmsLocation = "";
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
      // Issue 19 (H2): only this learner's own copy; another's is never shown, adopted or sent.
      local = openStore(scormOwner());
      if (suspend) {
        try { lmsState = decodeState(suspend); } catch (e) {
          notice = t("lms.old_progress");
        }
      }
    } else {
      ownerUnknown = true;
      fail();
    }
  } else {
    notice = t("lms.browser_only");
    // No LMS at all: whoever opens the package in this browser shares its copy.
    if (!lmsExpected) local = openStore(learnerTag("browser"));
  }
  if (local) {
    try { localState = decodeState(local.s); } catch (e) { localState = null; }
    if (local.i && local.i.length) pendingInteractions = local.i.filter(function (r) { return qById[r.q]; });
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
var ownerUnknown = false;

