/* ---------- answer keys: digests to score with, hidden data to reveal (scr_course/render/keys.py) ---------- */

/** Two 32-bit FNV-1a style hashes of "salt:value" over UTF-16 units, as keys.py digest(). */
function digest(salt, value) {
  var s = salt + ":" + value, a = 0x811c9dc5, b = 0x2f3a91e7;
  for (var i = 0; i < s.length; i++) {
    var c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 16777619);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return hex8(a) + hex8(b);
}
function hex8(n) { return ("0000000" + (n >>> 0).toString(16)).slice(-8); }

var secrets = {};
/** A question's reveal data {k, c, a, f, x, m, v, t}: decode only when the learner may see it
 *  (after answering a knowledge check, or once assessment keys are revealable), or to score numbers. */
function secret(q) {
  if (!secrets[q.id]) {
    var raw = atob(q.reveal), rand = prng(parseInt(q.salt, 16)), bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i) ^ Math.floor(rand() * 256);
    secrets[q.id] = JSON.parse(new TextDecoder().decode(bytes));
  }
  return secrets[q.id];
}

/** An interaction (unsent last time) whose question's key or texts are still on their way in a chunk
 *  script (51-chunks.js): addPages writes it. */
function keyLater(record) {
  var q = qById[record.q];
  return q.description === undefined || (record.k && !q.reveal);
}

function isCorrect(q, response) {
  switch (q.kind) {
    case "numeric":
      var key = secret(q), n = parseNumber(response);
      return !isNaN(n) && Math.abs(n - key.v) <= key.t + 1e-9;
    case "fill-in":
      return q.digests.indexOf(digest(q.salt, norm(response))) >= 0;
    case "single": case "true-false": case "multiple":
      return q.digests[0] === digest(q.salt, response.split("").sort().join(""));
    default: // matching and ordering: one letter per item
      return q.digests[0] === digest(q.salt, response);
  }
}
