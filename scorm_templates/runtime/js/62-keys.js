/* ---------- answer keys: digests to score with, hidden data to reveal (scr_course/render/keys.py) ---------- */

/* SHA-256 (FIPS 180-4), small and synchronous: crypto.subtle needs a secure context, which
 * an LMS on http or a package opened from file:// does not give. Its constants are the
 * fractional parts of the square roots (H) and cube roots (K) of the first primes. */
var SHA_H = [], SHA_K = [];
for (var shaN = 2, shaFound = 0; shaFound < 64; shaN++) {
  for (var shaD = 2; shaD * shaD <= shaN && shaN % shaD; shaD++) {}
  if (shaD * shaD > shaN) {
    if (shaFound < 8) SHA_H[shaFound] = fraction32(Math.sqrt(shaN));
    SHA_K[shaFound++] = fraction32(Math.cbrt(shaN));
  }
}
function fraction32(x) { return (x - Math.floor(x)) * 4294967296 | 0; }
function rotr(x, n) { return x >>> n | x << 32 - n; }

/** SHA-256 of a byte array, as 32 bytes. */
function sha256(data) {
  var n = data.length, m = new Int32Array((n + 72 >> 6) << 4), h = SHA_H.slice(), w = [], i, j;
  for (i = 0; i < n; i++) m[i >> 2] |= data[i] << 24 - (i & 3) * 8;
  m[n >> 2] |= 0x80 << 24 - (n & 3) * 8;
  m[m.length - 1] = n * 8;
  for (i = 0; i < m.length; i += 16) {
    var v = h.slice();
    for (j = 0; j < 64; j++) {
      var x = w[j - 15], y = w[j - 2], e = v[4], a = v[0];
      w[j] = j < 16 ? m[i + j] : (rotr(x, 7) ^ rotr(x, 18) ^ x >>> 3) + w[j - 7] +
        (rotr(y, 17) ^ rotr(y, 19) ^ y >>> 10) + w[j - 16] | 0;
      var t1 = v[7] + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + (e & v[5] ^ ~e & v[6]) + SHA_K[j] + w[j] | 0;
      var t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + (a & v[1] ^ a & v[2] ^ v[1] & v[2]) | 0;
      v.pop();
      v.unshift(t1 + t2 | 0);
      v[4] = v[4] + t1 | 0;
    }
    for (j = 0; j < 8; j++) h[j] = h[j] + v[j] | 0;
  }
  var out = new Uint8Array(32);
  for (i = 0; i < 32; i++) out[i] = h[i >> 2] >>> 24 - (i & 3) * 8;
  return out;
}
function utf8(s) { return new TextEncoder().encode(s); }

/** The first 64 bits of SHA-256 of "salt:value" in hex, as keys.py digest(). */
function digest(salt, value) {
  var d = sha256(utf8(salt + ":" + value)), s = "";
  for (var i = 0; i < 8; i++) s += (d[i] + 256).toString(16).slice(1);
  return s;
}

var secrets = {};
/** A question's reveal data {k, c, a, f, x, m, v, t}: decode only when the learner may see it
 *  (after answering a knowledge check, or once assessment keys are revealable), or to score numbers. */
function secret(q) {
  if (!secrets[q.id]) {
    // Keystream: SHA-256 of "salt:0", "salt:1", … (keys.py _keystream), 32 bytes a block.
    var raw = atob(q.reveal), bytes = new Uint8Array(raw.length), block;
    for (var i = 0; i < raw.length; i++) {
      if (!(i & 31)) block = sha256(utf8(q.salt + ":" + (i >> 5)));
      bytes[i] = raw.charCodeAt(i) ^ block[i & 31];
    }
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
