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

/** SHA-256 of a byte array, as 32 bytes.
 *  The eight working words are plain locals and the schedule one reused typed array: issue 24's
 *  budget is 1 ms to decode a question's reveal data on a 4x throttled phone CPU
 *  (benchmarks/reveal_decode.py), and array shifting per round was ten times too slow for it. */
var SHA_W = new Int32Array(64);
function sha256(data) {
  var n = data.length, m = new Int32Array((n + 72 >> 6) << 4), h = SHA_H.slice(), i;
  for (i = 0; i < n; i++) m[i >> 2] |= data[i] << 24 - (i & 3) * 8;
  m[n >> 2] |= 0x80 << 24 - (n & 3) * 8;
  m[m.length - 1] = n * 8;
  for (i = 0; i < m.length; i += 16) shaBlock(m, i, h);
  var out = new Uint8Array(32);
  for (i = 0; i < 32; i++) out[i] = h[i >> 2] >>> 24 - (i & 3) * 8;
  return out;
}
/** One 64-byte block of m (from word at) into the hash state h. */
function shaBlock(m, at, h) {
  var w = SHA_W, a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
  for (var j = 0; j < 64; j++) {
    if (j < 16) w[j] = m[at + j];
    else {
      var x = w[j - 15], y = w[j - 2];
      w[j] = (rotr(x, 7) ^ rotr(x, 18) ^ x >>> 3) + w[j - 7] + (rotr(y, 17) ^ rotr(y, 19) ^ y >>> 10) + w[j - 16] | 0;
    }
    var t1 = k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + (e & f ^ ~e & g) + SHA_K[j] + w[j] | 0;
    var t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + (a & b ^ a & c ^ b & c) | 0;
    k = g; g = f; f = e; e = d + t1 | 0; d = c; c = b; b = a; a = t1 + t2 | 0;
  }
  h[0] = h[0] + a | 0; h[1] = h[1] + b | 0; h[2] = h[2] + c | 0; h[3] = h[3] + d | 0;
  h[4] = h[4] + e | 0; h[5] = h[5] + f | 0; h[6] = h[6] + g | 0; h[7] = h[7] + k | 0;
}
function utf8(s) { return new TextEncoder().encode(s); }
var KEY_M = new Int32Array(16), KEY_H = new Int32Array(8);
/** SHA-256 of "salt:n" into out: one block, no allocation, as the keystream needs it 30-90 times
 *  a question. The salt is hex and n digits, so the text is ASCII (its bytes are its char codes)
 *  and short; anything longer than one block can hold goes the general way. */
function keyBlock(text, out) {
  var n = text.length, m = KEY_M, h = KEY_H, i;
  if (n > 55) { out.set(sha256(utf8(text))); return; }
  for (i = 0; i < 16; i++) m[i] = 0;
  for (i = 0; i < n; i++) m[i >> 2] |= text.charCodeAt(i) << 24 - (i & 3) * 8;
  m[n >> 2] |= 0x80 << 24 - (n & 3) * 8;
  m[15] = n * 8;
  for (i = 0; i < 8; i++) h[i] = SHA_H[i];
  shaBlock(m, 0, h);
  for (i = 0; i < 32; i++) out[i] = h[i >> 2] >>> 24 - (i & 3) * 8;
}

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
    var raw = atob(q.reveal), bytes = new Uint8Array(raw.length), block = new Uint8Array(32);
    for (var i = 0; i < raw.length; i++) {
      if (!(i & 31)) keyBlock(q.salt + ":" + (i >> 5), block);
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
