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
/** True when this browser's Intl knows the course language (some builds carry English only). */
var INTL_KNOWS = (function () {
  try { return Intl.DateTimeFormat.supportedLocalesOf([LANGUAGE]).length > 0; } catch (e) { return false; }
})();
/** A number as the course language writes it (Intl where the browser knows the language; plain digits otherwise). */
function formatNumber(n, options) {
  if (!INTL_KNOWS) return String(n);
  try { return new Intl.NumberFormat(LANGUAGE, options).format(n); } catch (e) { return String(n); }
}
/** A date as the course language writes it, e.g. "1 December 2026" / "1 Rhagfyr 2026".
 *  Without Intl data for the language, the catalogue's month names and date pattern are used. */
function formatDate(date) {
  if (INTL_KNOWS) {
    try { return new Intl.DateTimeFormat(LANGUAGE, { day: "numeric", month: "long", year: "numeric" }).format(date); }
    catch (e) { /* fall through to the catalogue */ }
  }
  return t("date.long", { day: String(date.getDate()), month: t("date.month_" + (date.getMonth() + 1)),
                          year: String(date.getFullYear()) });
}
