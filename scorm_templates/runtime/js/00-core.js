var doc = document;
var root = doc.documentElement;
var dataNode = doc.getElementById("scr-data");
if (!dataNode) return;
var D = JSON.parse(dataNode.textContent);
root.className += " js";

var isCmi5 = D.target === "cmi5";
// xAPI interaction formats are SCORM 2004's ([,] [.] [:] delimiters, true/false): cmi5 shares them.
var is2004 = D.target === "scorm2004" || isCmi5;
var LIMITS = D.limits;
var B36 = "0123456789abcdefghijklmnopqrstuvwxyz";

/* ---------- small helpers ---------- */

function $(sel, ctx) { return (ctx || doc).querySelector(sel); }
function $$(sel, ctx) { return Array.prototype.slice.call((ctx || doc).querySelectorAll(sel)); }
function byId(id) { return doc.getElementById(id); }
function show(node, on) { if (node) node.hidden = !on; }
function text(node, value) { if (node) node.textContent = value; }
function each(list, fn) { for (var i = 0; i < list.length; i++) fn(list[i], i); }
function index(list, field) {
  var map = {};
  each(list, function (item) { map[item[field]] = item; });
  return map;
}
function cssEscape(id) { return window.CSS && CSS.escape ? CSS.escape(id) : id; }
function b36(n, width) {
  var s = "";
  n = Math.max(0, Math.floor(n));
  do { s = B36.charAt(n % 36) + s; n = Math.floor(n / 36); } while (n);
  while (s.length < width) s = "0" + s;
  return s.slice(-width);
}
function pad(n, w) { n = String(n); while (n.length < w) n = "0" + n; return n; }
/** Cut text to at most max UTF-16 units without splitting a surrogate pair. */
function cut(value, max) {
  value = String(value || "");
  if (value.length <= max) return value;
  var code = value.charCodeAt(max - 1);
  return value.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}
function norm(value) { return String(value).replace(/\s+/g, " ").trim().toLowerCase(); }

/** Small seeded PRNG (mulberry32): the same seed gives the same draw and order on resume. */
function prng(seed) {
  var a = seed >>> 0;
  return function () {
    a = (a + 0x6d2b79f5) >>> 0;
    var t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function shuffled(list, rand) {
  var copy = list.slice();
  for (var i = copy.length - 1; i > 0; i--) {
    var j = Math.floor(rand() * (i + 1));
    var t = copy[i]; copy[i] = copy[j]; copy[j] = t;
  }
  return copy;
}

