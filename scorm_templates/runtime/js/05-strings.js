/* ---------- interface strings (scorm_templates/locale, chosen by course.yml language) ---------- */

var STRINGS = D.strings || {};
/** The learner-facing text for key, with {name} filled from values; the key itself if unknown. */
function t(key, values) {
  var s = STRINGS.hasOwnProperty(key) ? STRINGS[key] : key;
  if (values) s = s.replace(/\{(\w+)\}/g, function (all, name) { return values.hasOwnProperty(name) ? String(values[name]) : all; });
  return s;
}
