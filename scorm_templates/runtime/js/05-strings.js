/* ---------- interface strings (scorm_templates/locale, chosen by course.yml language) ---------- */

var STRINGS = D.strings || {};
var LANGUAGE = (D.course && D.course.language) || "en-GB";
/** The learner-facing text for key, with {name} filled from values (numbers in the course language); the key itself if unknown. */
function t(key, values) {
  var s = STRINGS.hasOwnProperty(key) ? STRINGS[key] : key;
  if (values) s = s.replace(/\{(\w+)\}/g, function (all, name) {
    if (!values.hasOwnProperty(name)) return all;
    return typeof values[name] === "number" ? formatNumber(values[name]) : String(values[name]);
  });
  return s;
}
/** A number as the course language writes it (Intl where the browser has it, e.g. 1,234.5 / 1.234,5). */
function formatNumber(n, options) {
  try { return new Intl.NumberFormat(LANGUAGE, options).format(n); } catch (e) { return String(n); }
}
/** A date as the course language writes it, e.g. "1 December 2026" / "1 Rhagfyr 2026"; ISO without Intl. */
function formatDate(date) {
  try { return new Intl.DateTimeFormat(LANGUAGE, { day: "numeric", month: "long", year: "numeric" }).format(date); }
  catch (e) { return date.toISOString().slice(0, 10); }
}
