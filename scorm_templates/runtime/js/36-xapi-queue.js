/* ---------- xAPI outbox: statements and the state document, kept until the LRS has them ---------- */

/* Only in cmi5 packages. Statements get their id in the browser (xAPI 2.4.1), so sending one
 * twice is harmless: an LRS keeps the first and accepts or ignores the repeat (xAPI 2.1.3).
 * The outbox lives in localStorage, so a closed window or a dead network loses nothing.
 *
 * Issue 19 (H3): what waits belongs to one owner, the endpoint, actor and registration it was
 * made for. Another owner's copy on a shared computer is kept for them (bounded in number and
 * age), never shown, never sent. Issue 20: the session's last request is `terminated`; nothing
 * goes after it, and the state document goes before it. */

var XAPI_VERSION = "1.0.3";
var BATCH = 25;
var outbox = { owner: "", items: [], old: {}, carried: [], state: null, end: null, aside: [], asideState: false,
  auth: "", endpoint: "", busy: false, timer: null, tries: 0, failing: false, single: 0, closed: false,
  drained: null, sentDoc: "" };

function outboxKey() { return STORE_KEY + ":xapi"; }

/** The owner of a launch: endpoint, actor (its account or mbox) and registration. */
function outboxOwner(p) {
  var a = p.actor, who = a.account ? [a.account.homePage, a.account.name] : [a.mbox, a.mbox_sha1sum, a.openid];
  return JSON.stringify([p.endpoint, who, p.registration]);
}
function outboxAll() {
  try {
    var all = JSON.parse(window.localStorage.getItem(outboxKey()) || "{}");
    // An outbox without owners (runtime before issue 19) cannot be given to anyone: dropped.
    return all && !all.items && typeof all === "object" ? all : {};
  } catch (e) { return {}; }
}
/** This owner's waiting work comes back (sent after `initialized`); everyone else's stays put. */
function outboxLoad(owner) {
  outbox.owner = owner;
  var mine = outboxAll()[owner];
  if (mine) { outbox.carried = mine.items || []; outbox.state = mine.state || null; }
  outboxSave();
}
function outboxSave() {
  var all = outboxAll(), now = Date.now();
  var items = outbox.carried.concat(outbox.aside, outbox.items, outbox.end ? [outbox.end] : []);
  // What a browser keeps for learners who are not here: 8 owners, 500 statements each, 30 days.
  if (items.length || outbox.state) all[outbox.owner] = { items: items.slice(-500), state: outbox.state, t: now };
  else delete all[outbox.owner];
  var kept = {}, owners = Object.keys(all).filter(function (k) { return all[k].t > now - 2592e6; });
  owners.sort(function (x, y) { return all[y].t - all[x].t; });
  each(owners.slice(0, 8), function (k) { kept[k] = all[k]; });
  try {
    if (owners.length) window.localStorage.setItem(outboxKey(), JSON.stringify(kept));
    else window.localStorage.removeItem(outboxKey());
  } catch (e) { /* full or blocked: the copy in memory is still sent */ }
}

/** A random RFC 4122 version 4 UUID (statement ids are made here so a retry never double-counts). */
function uuid() {
  var b = new Uint8Array(16);
  (window.crypto || window.msCrypto).getRandomValues(b);
  b[6] = (b[6] & 15) | 64;
  b[8] = (b[8] & 63) | 128;
  var h = "";
  for (var i = 0; i < 16; i++) h += (b[i] + 256).toString(16).slice(1) + (i === 3 || i === 5 || i === 7 || i === 9 ? "-" : "");
  return h;
}

function xapiRequest(method, url, body, keepalive) {
  var headers = { "X-Experience-API-Version": XAPI_VERSION, Authorization: outbox.auth };
  if (body != null) headers["Content-Type"] = "application/json";
  var options = { method: method, headers: headers, body: body == null ? undefined : JSON.stringify(body),
    cache: "no-store", credentials: "omit", keepalive: !!keepalive };
  var controller = window.AbortController ? new AbortController() : null;
  if (controller) { options.signal = controller.signal; setTimeout(function () { controller.abort(); }, 15000); }
  return fetch(url, options);
}

function enqueue(statement, old) {
  if (outbox.closed || outbox.end) return;
  outbox.items.push(statement);
  if (old) outbox.old[statement.id] = 1;
  outboxSave();
  outboxKick(0);
}
function enqueueState(url, doc) {
  if (outbox.closed || outbox.end) return;
  // Unchanged since the LRS last confirmed it: nothing to send (a window closing needs that, or
  // `terminated` cannot go). The time spent (85-cpd-record) grows by itself: alone it is no
  // change, it goes with the next one (so the close after a last page view still terminates).
  if (docKey(doc) === outbox.sentDoc && !outbox.state) return;
  outbox.state = { url: url, doc: doc };
  outboxSave();
  outboxKick(0);
}
/** The state document as compared with the one the LRS confirmed: all but the time spent. */
function docKey(doc) {
  var copy = {};
  for (var k in doc) if (k !== "spent" && Object.prototype.hasOwnProperty.call(doc, k)) copy[k] = doc[k];
  return JSON.stringify(copy);
}
/** The session's last statement: sent once every statement and the state document are through. */
function enqueueEnd(statement) {
  outbox.end = statement;
  outboxSave();
  outboxKick(0);
}
function outboxKick(delay) {
  if (outbox.timer || !outbox.auth || outbox.closed) return;
  outbox.timer = setTimeout(function () { outbox.timer = null; outboxRun(false); }, delay);
}

/** The window is closing and no reply can be waited for: one keepalive request per resource.
 *  `terminated` goes only when it cannot overtake anything: in the same POST as the statements
 *  before it (an LRS stores a batch in order), with no state document or request in flight.
 *  Otherwise the session is left for the LMS to abandon, and the rest goes at the next launch. */
function outboxLastCall() {
  if (!outbox.auth || outbox.closed) return;
  var batch = [], size = 0;
  // Chromium refuses keepalive bodies over 64 KiB in all; what does not fit waits in storage.
  each(outbox.items, function (s) { size += JSON.stringify(s).length; if (size < 40000) batch.push(s); });
  // Not even `initialized` is through: it goes alone (see outboxNext), the rest next launch.
  // Not when it is on its way already or its last try got no answer (it may be stored; an LMS
  // refuses a second one, 9.3.0.0-2): a reload looks it up by id first (35-cmi5 begin).
  if (batch.length && /initialized$/.test(batch[0].verb.id)) batch = outbox.busy || outbox.unsure ? [] : batch.slice(0, 1);
  var last = outbox.end && !outbox.busy && !outbox.state && batch.length === outbox.items.length;
  if (last) batch.push(outbox.end);
  try {
    if (batch.length) xapiRequest("POST", outbox.endpoint + "statements", batch, true);
    if (outbox.state) xapiRequest("PUT", outbox.state.url, outbox.state.doc, true);
  } catch (e) { /* the copy in localStorage goes out at the owner's next launch */ }
  // Nothing more from this page; a later launch never replays this session's terminated.
  outbox.end = null;
  outbox.closed = true;
  outboxSave();
  if (last) outboxEnded();
}
/** The session is over, and so is its token (cmi5 8.1.2.0-2): a reload must not reuse it. */
function outboxEnded() { keptFlag(0, 1); }
/** Whether this window's session was initialized (set once the LMS stored `initialized`). */
function keptFlag(set, end) {
  var store = window.sessionStorage;
  try {
    if (end) store.removeItem(outbox.tokenKey);
    if (set) store.setItem(outbox.tokenKey + ":i", 1);
    return store.getItem(outbox.tokenKey + ":i");
  } catch (e) { return null; }
}

/** The next request, in the order cmi5 needs: statements (oldest first, never mixing another
 *  session's with this one's), then the state document, then `terminated`. */
function outboxNext() {
  var items = outbox.items;
  if (items.length) {
    // `initialized` goes alone: an LMS counts the session as started once it has stored it.
    var old = !!outbox.old[items[0].id], n = 1, most = outbox.single || /initialized$/.test(items[0].verb.id) ? 1 : BATCH;
    while (n < items.length && n < most && !!outbox.old[items[n].id] === old) n++;
    return { batch: items.slice(0, n) };
  }
  if (outbox.state && !outbox.asideState) return { state: outbox.state };
  if (outbox.end) return { batch: [outbox.end], end: true };
  return null;
}

/** Whether the LRS has a statement: true, false (404), or null when it cannot tell. */
function arrived(s) {
  return xapiRequest("GET", outbox.endpoint + "statements?statementId=" + s.id).then(function (response) {
    return response.ok || (response.status === 404 ? false : null);
  }, function () { return null; });
}

function outboxRun(keepalive) {
  if (outbox.busy || !outbox.auth || outbox.closed) return;
  var next = outboxNext();
  if (!next) return outboxDone();
  var batch = next.batch || [];
  if (outbox.unsure && batch.length) {
    // The last try got no answer, so it may have arrived: an LMS refuses a cmi5-defined statement
    // twice (9.3.0.0-2), so those are looked up by id first and dropped when there.
    outbox.unsure = false;
    outbox.busy = true;
    return Promise.all(batch.map(function (s) { return !s.object.definition && arrived(s); })).then(function (found) {
      outbox.busy = false;
      outbox.items = outbox.items.filter(function (s) { return found[batch.indexOf(s)] !== true; });
      if (found[0] === true && next.end) outboxSent(next);
      else if (found[0] === true && /initialized$/.test(batch[0].verb.id)) keptFlag(1);
      outboxRun(false);
    });
  }
  var request = next.state ? xapiRequest("PUT", next.state.url, next.state.doc, keepalive)
    : xapiRequest("POST", outbox.endpoint + "statements", batch, keepalive);
  outbox.busy = true;
  request.then(function (response) {
    outbox.busy = false;
    var code = response.status;
    if (code >= 200 && code < 300 || code === 409 && batch.length === 1) {
      // 409 for one statement: the LRS holds a statement with this id already; it arrived before.
      outboxSent(next);
      if (outbox.single) outbox.single--;
      outbox.tries = 0;
      return outboxRun(false);
    }
    if (code === 400 || code === 409) {
      // One bad statement must not hold back the others: send one by one, and drop only it.
      if (batch.length > 1) { outbox.single = batch.length; return outboxRun(false); }
      if (window.console) console.error("xAPI: the LRS refused a statement", code, batch[0] || next.state);
      outboxSent(next);
      return outboxRun(false);
    }
    if (code === 401 || code === 403) return outboxRefused(next);
    outboxRetry();
  }, function () {
    outbox.busy = false;
    outbox.unsure = true;
    outboxRetry();
  });
}

/** A request is through (or dropped): take it out, and after `terminated` stop for good. */
function outboxSent(next) {
  if (next.end) outbox.end = null, outbox.closed = true, outboxEnded();
  else if (next.state) {
    if (outbox.state === next.state) { outbox.state = null; outbox.sentDoc = docKey(next.state.doc); }
  } else {
    if (/initialized$/.test(next.batch[0].verb.id)) keptFlag(1);
    outbox.items.splice(0, next.batch.length);
  }
  outboxSave();
  if (outbox.closed) outboxDone();
}

/** 401/403: refused for good. It is set aside for its owner (sent at their next launch), the
 *  learner is told, and whatever comes next goes at once; a refused `terminated` is dropped. */
function outboxRefused(next) {
  if (next.end) outbox.end = null, outbox.closed = true, outboxEnded();
  else if (next.state) outbox.asideState = true;
  else outbox.aside = outbox.aside.concat(outbox.items.splice(0, next.batch.length));
  outboxSave();
  text(byId("lms-alert"), t("cmi5.refused", { n: outbox.aside.length + (outbox.asideState ? 1 : 0) }));
  if (outbox.closed) outboxDone(); else outboxRun(false);
}

/** Network errors, 5xx, 429: keep everything and try again, 1 s doubling to 30 s. */
function outboxRetry() {
  outbox.failing = true;
  text(byId("lms-note"), "");
  text(byId("lms-alert"), t("cmi5.pending", { n: outbox.items.length + (outbox.state ? 1 : 0) }));
  var delay = Math.min(30000, 1000 * Math.pow(2, outbox.tries++));
  outboxKick(delay);
}

function outboxDone() {
  if (outbox.failing) {
    outbox.failing = false;
    if (!outbox.aside.length) text(byId("lms-alert"), "");
    text(byId("lms-note"), t("cmi5.sent"));
  }
  if (outbox.drained) { var then = outbox.drained; outbox.drained = null; then(); }
}

/** Call back once nothing is waiting, or after `patience` ms with things still waiting
 *  (the learner is then told what is kept, and is never held on the page). */
function outboxWhenEmpty(then, patience) {
  var timer = setTimeout(function () { outbox.drained = null; then(); }, patience);
  outbox.drained = function () { clearTimeout(timer); then(); };
  if (!outbox.busy && !outboxNext()) outboxDone();
}

window.addEventListener("online", function () {
  if (outbox.failing) { clearTimeout(outbox.timer); outbox.timer = null; outbox.tries = 0; outboxRun(false); }
});
