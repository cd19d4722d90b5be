/* ---------- xAPI outbox: statements and the state document, kept until the LRS has them ---------- */

/* Only in cmi5 packages. Statements get their id in the browser (xAPI 2.4.1), so sending one
 * twice is harmless: an LRS keeps the first and accepts or ignores the repeat (xAPI 2.1.3).
 * The outbox lives in localStorage, so a closed window or a dead network loses nothing: the
 * next launch sends what is left. */

var XAPI_VERSION = "1.0.3";
var BATCH = 25;
var outbox = { items: [], state: null, auth: "", endpoint: "", busy: false, timer: null, tries: 0, failing: false,
  single: 0 };

function outboxKey() { return STORE_KEY + ":xapi"; }
function outboxLoad() {
  try {
    var saved = JSON.parse(window.localStorage.getItem(outboxKey()) || "null");
    if (saved && saved.items) { outbox.items = saved.items; outbox.state = saved.state || null; }
  } catch (e) { /* unreadable: start empty */ }
}
function outboxSave() {
  try {
    window.localStorage.setItem(outboxKey(), JSON.stringify({ items: outbox.items, state: outbox.state }));
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

function enqueue(statement) {
  outbox.items.push(statement);
  outboxSave();
  outboxKick(0);
}
function enqueueState(url, doc) {
  outbox.state = { url: url, doc: doc };
  outboxSave();
  outboxKick(0);
}
function outboxKick(delay) {
  if (outbox.timer || !outbox.auth) return;
  outbox.timer = setTimeout(function () { outbox.timer = null; outboxRun(false); }, delay);
}

/** The window is closing: send what is waiting at once, with keepalive so it outlives the page.
 *  Whatever is already in flight is sent again; the LRS keeps one copy of each statement id. */
function outboxLastCall() {
  if (!outbox.auth) return;
  try {
    if (outbox.items.length) xapiRequest("POST", outbox.endpoint + "statements", outbox.items.slice(0, BATCH), true);
    if (outbox.state) xapiRequest("PUT", outbox.state.url, outbox.state.doc, true);
  } catch (e) { /* the copy in localStorage goes out on the next launch */ }
}

/** Send the oldest statements (in order), then the latest state document; back off on failure. */
function outboxRun(keepalive) {
  if (outbox.busy || !outbox.auth) return;
  var batch = outbox.items.slice(0, outbox.single ? 1 : BATCH);
  var request;
  if (batch.length) request = xapiRequest("POST", outbox.endpoint + "statements", batch, keepalive);
  else if (outbox.state) request = xapiRequest("PUT", outbox.state.url, outbox.state.doc, keepalive);
  else return outboxDone();
  var sentState = batch.length ? null : outbox.state;
  outbox.busy = true;
  request.then(function (response) {
    outbox.busy = false;
    var code = response.status;
    if (code >= 200 && code < 300 || code === 409 && batch.length === 1) {
      // 409 for one statement: the LRS holds a statement with this id already; it arrived before.
      if (batch.length) outbox.items.splice(0, batch.length);
      else if (outbox.state === sentState) outbox.state = null;
      if (outbox.single) outbox.single--;
      outbox.tries = 0;
      outboxSave();
      return outboxRun(false);
    }
    if (code === 400 || code === 409) {
      // One bad statement must not hold back the others: send one by one, and drop only it.
      if (batch.length > 1) { outbox.single = batch.length; return outboxRun(false); }
      if (window.console) console.error("xAPI: the LRS refused a statement", code, batch[0] || sentState);
      if (batch.length) outbox.items.shift(); else outbox.state = null;
      outboxSave();
      return outboxRun(false);
    }
    outboxRetry(code);
  }, function () {
    outbox.busy = false;
    outboxRetry(0);
  });
}

/** Network errors, 5xx, 429, 401/403: keep everything and try again, 1 s doubling to 30 s. */
function outboxRetry(code) {
  outbox.failing = true;
  text(byId("lms-note"), "");
  text(byId("lms-alert"), t(code === 401 || code === 403 ? "cmi5.refused" : "cmi5.pending",
    { n: outbox.items.length + (outbox.state ? 1 : 0) }));
  var delay = Math.min(30000, 1000 * Math.pow(2, outbox.tries++));
  outboxKick(delay);
}

function outboxDone() {
  if (outbox.failing) {
    outbox.failing = false;
    text(byId("lms-alert"), "");
    text(byId("lms-note"), t("cmi5.sent"));
  }
  if (outbox.drained) { var then = outbox.drained; outbox.drained = null; then(); }
}

/** Call back once nothing is waiting (at once when the outbox is already empty). */
function outboxWhenEmpty(then) {
  outbox.drained = then;
  if (!outbox.busy && !outbox.items.length && !outbox.state) outboxDone();
}

window.addEventListener("online", function () {
  if (outbox.failing) { clearTimeout(outbox.timer); outbox.timer = null; outbox.tries = 0; outboxRun(false); }
});
