/* ---------- cmi5 adapter: launch, LMS.LaunchData, statements, the xAPI State API ---------- */

/* Only in cmi5 packages (scr_course/resources.py TARGET_PARTS). It plays the SCORM Adapter's
 * part for 40-tracking.js: lms is a Cmi5 object, and flush()/finish() hand over to it. xAPI is
 * asynchronous, so nothing waits for the LRS: statements go to the outbox (36-xapi-queue.js). */

var CMI5 = "https://w3id.org/xapi/cmi5/context/";
var VERB = "http://adlnet.gov/expapi/verbs/";
var STATE_ID = "scr-course-learner-state";
var closing = false;

/** The launch URL's query (cmi5 8.1); null when any of the five parameters is missing. */
function cmi5Params() {
  var query = new URLSearchParams(location.search), actor;
  var p = { endpoint: query.get("endpoint") || "", fetch: query.get("fetch") || "",
    registration: query.get("registration"), activityId: query.get("activityId") };
  try { actor = JSON.parse(query.get("actor")); } catch (e) { return null; }
  if (!p.registration || !p.activityId || !actor || !/^https?:\/\//i.test(p.endpoint) || !/^https?:\/\//i.test(p.fetch)) return null;
  p.endpoint = p.endpoint.replace(/\/?$/, "/");
  p.actor = actor;
  return p;
}

/** From here on the page may connect to the launch's endpoint and fetch URL only.
 *  The package's own policy cannot name them (html.py CMI5_CONTENT_SECURITY_POLICY); browsers
 *  enforce every policy a page has, so this second one narrows connect-src for good. */
function lockConnections(p) {
  function source(url, prefix) {
    var a = doc.createElement("a");
    a.href = url;
    var path = prefix ? a.pathname.replace(/[^\/]*$/, "") : a.pathname;
    // A path with ";" or "," cannot be written in a policy: the origin is the narrowest then.
    return a.protocol + "//" + a.host + (/[;,\s]/.test(path) ? "" : path);
  }
  var meta = doc.createElement("meta");
  meta.httpEquiv = "Content-Security-Policy";
  meta.content = "connect-src " + source(p.endpoint, true) + " " + source(p.fetch, false);
  doc.head.appendChild(meta);
}

function Cmi5(p) {
  this.p = p;
  this.ended = false;
  this.mode = "Normal";
  this.done = { completed: false, passed: false };
  this.judged = false;  // passed or failed sent in this session (at most one, cmi5 9.3.0.0-3)
  this.shown = "";
  this.lastStamp = 0;
}
Cmi5.prototype.url = function (resource, extra) {
  var p = this.p;
  var query = { activityId: p.activityId, agent: JSON.stringify(p.actor), registration: p.registration };
  var parts = [];
  for (var k in extra) if (extra.hasOwnProperty(k)) query[k] = extra[k];
  if (resource === "agents/profile") { delete query.activityId; delete query.registration; }
  for (k in query) if (query.hasOwnProperty(k)) parts.push(encodeURIComponent(k) + "=" + encodeURIComponent(query[k]));
  return p.endpoint + resource + "?" + parts.join("&");
};
/** GET a document: parsed JSON, null when there is none (404), a rejection when it failed. */
Cmi5.prototype.read = function (resource, extra) {
  var url = this.url(resource, extra);
  function attempt(left) {
    return xapiRequest("GET", url, null).then(function (response) {
      if (response.status === 404) return null;
      if (response.ok) return response.text().then(function (body) { return body ? JSON.parse(body) : null; });
      if (response.status >= 500 && left) return wait(left);
      throw new Error("HTTP " + response.status);
    }, function (error) { if (left) return wait(left); throw error; });
  }
  function wait(left) { return new Promise(function (ok) { setTimeout(ok, 1000); }).then(function () { return attempt(left - 1); }); }
  return attempt(2);
};

/** The auth token: POSTed for once per launch (cmi5 8.2.2); kept in sessionStorage so a reload reuses it. */
function cmi5Token(p) {
  var key = outbox.tokenKey = "scr-cmi5-token:" + p.fetch;
  var kept = null;
  try { kept = window.sessionStorage.getItem(key); } catch (e) { kept = null; }
  if (kept) return Promise.resolve(kept);
  return fetch(p.fetch, { method: "POST", cache: "no-store", credentials: "omit" }).then(function (response) {
    return response.json().then(function (body) {
      if (!response.ok || !body || !body["auth-token"]) {
        var error = new Error(body && body["error-text"] || "fetch " + response.status);
        error.fetch = true;
        throw error;
      }
      try { window.sessionStorage.setItem(key, body["auth-token"]); } catch (e) { /* reload will fail, told then */ }
      return body["auth-token"];
    });
  });
}

/** Connect, read LaunchData, preferences and saved state, send initialized, then start the page. */
function cmi5Connect(start) {
  var p = cmi5Params();
  if (!p) return start(launch());
  lockConnections(p);
  outboxLoad(outboxOwner(p));
  // Registered before the page's own pagehide handler (bind() in 99-start.js), which ends the session.
  window.addEventListener("pagehide", function () { closing = true; });
  var adapter = new Cmi5(p);
  var begun = false;
  text(byId("lms-note"), t("cmi5.connecting"));
  cmi5Token(p).then(function (token) {
    outbox.auth = "Basic " + token;
    outbox.endpoint = p.endpoint;
    return Promise.all([adapter.read("activities/state", { stateId: "LMS.LaunchData" }),
      adapter.read("agents/profile", { profileId: "cmi5LearnerPreferences" }).then(null, function () { return null; }),
      adapter.read("activities/state", { stateId: STATE_ID })]);
  }).then(function (found) {
    var launchData = found[0];
    if (!launchData || !launchData.contextTemplate) throw new Error("no LMS.LaunchData");
    text(byId("lms-note"), "");
    openStore(learnerTag("cmi5", JSON.stringify(p.actor), p.registration));
    lms = adapter;
    return adapter.begin(launchData, found[1] || {}, found[2]);
  }).then(function (resumed) {
    begun = true;
    start(resumed);
  }, function (error) {
    if (begun) throw error;
    if (window.console) console.error("cmi5 launch failed", error);
    lms = null;
    begun = true;
    start(launch(true));
    text(byId("lms-note"), "");
    text(byId("lms-alert"), t(error && error.fetch ? "cmi5.fetch_used" : "cmi5.no_lms"));
  });
}

/** Apply the LMS's launch data and the saved state; returns whether the learner is resuming. */
Cmi5.prototype.begin = function (data, preferences, saved) {
  this.template = data.contextTemplate;
  this.mode = data.launchMode || "Normal";
  this.returnURL = data.returnURL || "";
  this.language = preferences.languagePreference || "";
  readOnly = this.mode !== "Normal";
  if (typeof data.masteryScore === "number") {
    // cmi5 10.2.2: the LMS's masteryScore overrides the package's; the page shows and uses it.
    this.mastery = data.masteryScore;
    each(scoredModules, function (m) { m.passMark = Math.round(data.masteryScore * 10000) / 100; });
  }
  // The owner's own state document that the LRS never confirmed wins over the stored one.
  var pending = outbox.state && outbox.state.url === this.url("activities/state", { stateId: STATE_ID });
  var doc = pending ? outbox.state.doc : saved;
  var resumed = false;
  priorSpent = 0;  // 85-cpd-record: time of earlier sessions, kept in the state document
  if (doc && doc.tag === D.course.tag) {
    priorSpent = Math.max(0, +doc.spent || 0);
    this.done = doc.done || this.done;
    var state = decodeDoc(doc.state || {});
    if (state) { S = state; resumed = !!S.loc; }
  }
  // A reload of an open session: it is initialized already (once per session, 9.3.0.0-2).
  // A window that went while this session's initialized had no answer: it may be stored. That same
  // statement goes again, looked up by id first (outboxRun), never a second one with a new id.
  if (!keptFlag()) {
    var again = outbox.carried.filter(function (s) {
      return /initialized$/.test(s.verb.id) && sessionOf(s.context) && sessionOf(s.context) === sessionOf(data.contextTemplate);
    })[0];
    if (again) { outbox.unsure = true; enqueue(again); } else this.send("initialized", null);
  }
  this.adopt();
  return resumed;
};

function sessionOf(context) { return ((context || {}).extensions || {})[CMI5 + "extensions/sessionid"] || ""; }

/** The owner's statements from an earlier session (a closed window, a dead network, a refusal)
 *  go out after this session's `initialized`, in this session's context (cmi5 9.6.3.1: one
 *  session id per session). Never replayed: another session's bounds; a result the LRS has
 *  already (asked by id first, since an LMS refuses a second one, cmi5 9.3.0.0-6/7); a result
 *  outside Normal mode (kept for a Normal launch, 10.2.2); a `failed` a pass may still follow. */
Cmi5.prototype.adopt = function () {
  var a = this;
  Promise.all(outbox.carried.map(function (s) {
    var verb = s.verb.id.slice(VERB.length);
    if (/^(initialized|terminated)$/.test(verb) || verb === "failed" && !quizOutcome().finalFail) return 0;
    if (s.object.id !== a.p.activityId) return 1;
    if (a.mode !== "Normal") return 2;
    return arrived(s).then(function (found) { return found ? 0 : found === false ? 1 : 2; });
  })).then(function (fate) {
    var carried = outbox.carried;
    outbox.carried = carried.filter(function (s, n) { return fate[n] === 2; });
    each(carried, function (s, n) {
      var verb = s.verb.id.slice(VERB.length), defined = s.object.id === a.p.activityId;
      if (fate[n] !== 1) return;
      if (/^(passed|failed)$/.test(verb)) { if (a.judged) return; a.judged = true; }
      if (defined) a.done[verb] = true;
      s.context = a.statement(verb, s.object, null, defined).context;
      enqueue(s, true);
    });
    outboxSave();
  });
};

/** The saved JSON state, checked as the SCORM string is: a changed question drops only its own answer. */
function decodeDoc(saved) {
  var state = newState();
  var k;
  for (k in saved.pages) if (pageById[k]) state.pages[k] = true;
  for (k in saved.quizzes) {
    var quiz = saved.quizzes[k];
    if (moduleById[k] && moduleById[k].scored && quiz && /^[npf]$/.test(quiz.s) && quiz.b >= 0 && quiz.b <= 100) {
      // pos: the assessment question on screen (issue 10), so a resumed attempt opens where it was.
      state.quizzes[k] = { a: +quiz.a || 0, s: quiz.s, b: +quiz.b, seed: +quiz.seed || 0, pos: +quiz.pos || 0 };
    }
  }
  for (k in saved.answers) {
    var q = qById[k], a = saved.answers[k];
    if (q && a && a.c === q.check && typeof a.r === "string" && validResponse(q, a.r)) state.answers[k] = a.r;
  }
  for (k in saved.reflections) if (rById[k]) state.reflections[k] = cut(saved.reflections[k], LIMITS.reflectionChars);
  state.loc = pageById[saved.loc] ? saved.loc : "";
  return state;
}
function encodeDoc() {
  var answers = {};
  for (var k in S.answers) if (S.answers[k] != null && qById[k]) answers[k] = { r: S.answers[k], c: qById[k].check };
  var quizzes = {};
  for (k in S.quizzes) {
    var quiz = S.quizzes[k];
    quizzes[k] = { a: quiz.a, s: quiz.s, b: quiz.b, seed: quiz.seed, pos: quiz.pos || 0 };
  }
  return { tag: D.course.tag, version: D.course.version, done: lms.done, spent: Math.round(spentMs()),
    state: { pages: S.pages, quizzes: quizzes, answers: answers, reflections: S.reflections, loc: S.loc } };
}

/** A statement of this session; cmi5-defined verbs get the cmi5 category (cmi5 9.6.2.1). */
Cmi5.prototype.statement = function (verb, object, result, defined) {
  var context = JSON.parse(JSON.stringify(this.template || {}));
  context.registration = this.p.registration;
  var activities = context.contextActivities = context.contextActivities || {};
  var category = (activities.category || []).filter(function (a) { return a.id !== CMI5 + "categories/cmi5"; });
  if (defined) {
    category.push({ id: CMI5 + "categories/cmi5" });
    // completed, passed and failed are the statements the LMS evaluates moveOn from (cmi5 9.6.2.2).
    if (/^(completed|passed|failed)$/.test(verb)) category.push({ id: CMI5 + "categories/moveon" });
    if (this.mastery != null && /^(passed|failed)$/.test(verb)) {
      context.extensions = context.extensions || {};
      context.extensions[CMI5 + "extensions/masteryscore"] = this.mastery;
    }
  } else {
    activities.parent = [{ id: this.p.activityId, objectType: "Activity" }];
  }
  if (category.length) activities.category = category; else delete activities.category;
  // Strictly increasing timestamps keep the order visible in any LRS report.
  var now = Math.max(Date.now(), this.lastStamp + 1);
  this.lastStamp = now;
  var s = { id: uuid(), actor: this.p.actor, verb: { id: VERB + verb, display: { "en-US": verb } },
    object: object || { objectType: "Activity", id: this.p.activityId }, context: context,
    timestamp: new Date(now).toISOString() };
  if (result) s.result = result;
  return s;
};
Cmi5.prototype.send = function (verb, result, object) {
  enqueue(this.statement(verb, object, result, !object));
};

function langMap(value) { var m = {}; m[D.course.language] = String(value); return m; }
function sessionDuration() { return duration2004(Date.now() - startedAt); }

/** An answer as a cmi5 "allowed" statement: the question as an xAPI interaction activity. */
function answeredStatement(record) {
  var q = qById[record.q];
  var f = {};
  each(interactionFields(record), function (pair) { f[pair[0]] = pair[1]; });
  var patterns = [];
  for (var i = 0; f["correct_responses." + i + ".pattern"] != null; i++) patterns.push(f["correct_responses." + i + ".pattern"]);
  var definition = { type: "http://adlnet.gov/expapi/activities/cmi.interaction",
    name: langMap(q.description || q.id), description: langMap(q.description || q.id),
    interactionType: f.type };
  // Issue 10: the page knows the key only once it is no secret (a right answer, or revealed).
  // Left out otherwise: an empty correctResponsesPattern would tell the LRS "no answer is correct".
  if (patterns.length) definition.correctResponsesPattern = patterns;
  var parts = q.choices.map(function (c) { return { id: c.id, description: langMap(c.text || c.id) }; });
  if (f.type === "choice") definition.choices = parts;
  if (f.type === "sequencing") definition.choices = parts;
  if (f.type === "matching") {
    definition.source = parts;
    definition.target = q.choices.map(function (c, n) { return { id: c.id, description: langMap(q.targets[n] || c.id) }; });
  }
  var result = { response: f.learner_response, success: record.ok, duration: duration2004(record.lat) };
  if (record.n > 1) result.extensions = { "https://w3id.org/xapi/scr-course/extensions/attempt": record.n };
  return { object: { objectType: "Activity", id: D.cmi5.au + "/questions/" + q.id, definition: definition },
    result: result };
}

/** cmi5 counterpart of the SCORM flush: statements for what changed, then the state document. */
function cmi5Flush(ending) {
  if (!lms || lms.ended) return true;
  var a = lms;
  if (current && !current.start && current.id !== a.shown) {
    // Every page view (not the resume or start screen): "experienced" is a cmi5 allowed statement.
    a.shown = current.id;
    a.send("experienced", null, { objectType: "Activity", id: D.cmi5.au + "/pages/" + current.id,
      definition: { type: "http://activitystrea.ms/schema/1.0/page", name: langMap(current.title) } });
  }
  while (pendingInteractions.length && !keyLater(pendingInteractions[0])) {
    var answered = answeredStatement(pendingInteractions.shift());
    a.send("answered", answered.result, answered.object);
  }
  if (a.mode === "Normal") {
    var outcome = quizOutcome();
    var scaled = 0;
    each(scoredModules, function (m) { scaled += S.quizzes[m.id].b / 100 / scoredModules.length; });
    scaled = Math.floor(scaled * 10000) / 10000;
    if (!a.done.completed && isComplete()) {
      a.done.completed = true;  // once per registration (cmi5 9.3.3), remembered in the state document
      a.send("completed", { completion: true, duration: sessionDuration() });
    }
    // One of passed or failed per session (cmi5 9.3.0.0-3), none after passed (9.3.0.0-8). A fail
    // with attempts left (tracking.on_fail: failed) is sent as the session ends, so a pass later
    // in the same session is never blocked; a final fail is sent at once, and once.
    var fail = outcome.finalFail ? !a.done.failed : ending && outcome.anyFail && D.tracking.onFail === "failed";
    if (scoredModules.length && !a.done.passed && !a.judged && (outcome.passed || fail)) {
      a.judged = true;
      if (outcome.passed) a.done.passed = true; else a.done.failed = outcome.finalFail;
      a.send(outcome.passed ? "passed" : "failed",
        { success: outcome.passed, score: { scaled: scaled }, duration: sessionDuration() });
    }
  }
  // The state document goes before terminated: the token dies with it (cmi5 8.1.2.0-2).
  enqueueState(a.url("activities/state", { stateId: STATE_ID }), encodeDoc());
  writeLocal(true);
  if (ending) {
    a.ended = true;
    enqueueEnd(a.statement("terminated", null, { duration: sessionDuration() }, true));
  }
  // The window is going away: send now, with keepalive, instead of after a timer that will not run.
  if (closing) outboxLastCall();
  return true;
}

/** End the session: terminated last, then back to the LMS (cmi5 10.2.1 returnURL). Within 4 s
 *  the learner is either on the way back or told what was not recorded, with a way back. */
function cmi5Finish() {
  if (finished) return;
  S.loc = S.loc || (current && current.id) || "";
  cmi5Flush(true);
  finished = true;
  var a = lms;
  function leave() {
    if (!a.returnURL) return;
    text(byId("lms-note"), t("cmi5.returning"));
    location.assign(a.returnURL);
  }
  outboxWhenEmpty(function () {
    var what = notRecorded();
    // A clean, confirmed finish: nothing of this learner stays in the browser (issue 19, L9).
    if (!what && !Object.keys(pendingChecks).length) forgetLocal();
    if (!what) return leave();
    text(byId("lms-note"), "");
    text(byId("lms-alert"), t("cmi5.not_recorded", { what: what }));
    if (a.returnURL && !byId("lms-return")) {
      var back = doc.createElement("a");
      back.id = "lms-return";
      back.className = "button button-primary";
      back.href = a.returnURL;
      text(back, t("cmi5.return"));
      byId("lms-alert").parentNode.appendChild(back);
    }
    // Still trying: once everything is through after all, the learner goes back.
    outbox.drained = function () { if (!notRecorded()) leave(); };
  }, 4000);
}

/** Plain words for what the LRS does not have yet: the result, the progress, other records. */
function notRecorded() {
  var parts = [], result = 0, others = 0;
  each(outbox.aside.concat(outbox.items), function (s) {
    if (/(completed|passed|failed)$/.test(s.verb.id)) result = 1;
    else if (!/(initialized|terminated)$/.test(s.verb.id)) others++;
  });
  if (result) parts.push(t("cmi5.what_result"));
  if (outbox.state) parts.push(t("cmi5.what_progress"));
  if (others) parts.push(t("cmi5.what_activity", { n: others }));
  return parts.join(", ");
}
