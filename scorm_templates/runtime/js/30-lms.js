/* ---------- LMS data: interactions as SCORM and cmi5 both record them ---------- */

/* The SCORM API itself (finding it, the Adapter) is in 31-scorm-api.js, which cmi5 packages do not carry. */

var TYPES = {
  single: "choice", multiple: "choice", "true-false": "true-false", "fill-in": "fill-in",
  numeric: "numeric", matching: "matching", ordering: "sequencing"
};

/** Interaction fields in the order they must be set (id, then type, then the rest). */
function interactionFields(record) {
  var q = qById[record.q];
  var sep = is2004 ? "[,]" : ",";
  var pair = is2004 ? "[.]" : ".";
  var response = record.r;
  var learner, patterns;
  // Issue 10: the page holds no readable key, so a pattern is written only when the key is
  // known to the learner anyway: the answer was right, or the keys are revealable.
  var key = record.k ? secret(q) : null;
  var correctIds = key ? key.c : [];
  switch (q.kind) {
    case "true-false":
      var isTrue = function (id) {
        var label = choiceText(q, id).trim();
        return /^true$/i.test(label) || (!/^false$/i.test(label) && q.choices[0].id === id);
      };
      learner = isTrue(response) ? (is2004 ? "true" : "t") : (is2004 ? "false" : "f");
      patterns = [isTrue(correctIds[0]) ? (is2004 ? "true" : "t") : (is2004 ? "false" : "f")];
      break;
    case "single": case "multiple":
      learner = response.split("").join(sep);
      patterns = [correctIds.join(sep)];
      break;
    case "fill-in":
      learner = fillInText(response);
      patterns = (key ? key.a : []).slice(0, 5).map(fillInText)
        .filter(function (p, i, all) { return all.indexOf(p) === i; });
      break;
    case "numeric":
      learner = numberText(parseNumber(response));
      patterns = key ? [is2004 ? numberText(key.v - key.t) + "[:]" + numberText(key.v + key.t) : numberText(key.v)] : [];
      break;
    case "matching":
      learner = q.choices.map(function (c, i) { return response.charAt(i) === "-" ? "" : c.id + pair + response.charAt(i); })
        .filter(Boolean).join(sep);
      patterns = key ? [q.choices.map(function (c, i) { return c.id + pair + key.k.charAt(i); }).join(sep)] : [];
      break;
    default: // ordering -> sequencing
      learner = response.split("").join(sep);
      patterns = key ? [key.k.split("").join(sep)] : [];
  }
  if (!key) patterns = [];
  if (is2004) {
    // SCORM 2004: one record per question (its latest answer: a retry or retake updates it in
    // place) with only the fields an LMS report reads. Moodle re-posts every interaction on every
    // Commit and sends the last one as a beacon Chromium caps at 64 KiB (docs/lms/moodle.md).
    // Each field costs ~120 bytes there whatever its value, so: no description, latency or
    // timestamp, and a knowledge check (unscored practice) is only its id and latest result.
    var id = ["id", "urn:scr:" + D.course.id + ":" + q.id], result = ["result", record.ok ? "correct" : "incorrect"];
    // (A cmi5 "answered" statement describes the question whatever the module: 35-cmi5.js.)
    if (!moduleById[q.module].scored && !isCmi5) return [id, result];
    var fields2004 = [id, ["type", TYPES[q.kind]]];
    each(patterns, function (p, i) { fields2004.push(["correct_responses." + i + ".pattern", p]); });
    if (String(q.weight) !== "1") fields2004.push(["weighting", String(q.weight)]);
    fields2004.push(["learner_response", learner], result);
    return fields2004;
  }
  // SCORM 1.2 interactions are a journal (write-only): each try and each attempt is a new record.
  var fields = [["id", q.id.replace(/[^A-Za-z0-9_-]/g, "_") + (record.n > 1 ? "-attempt-" + record.n : "")],
    ["type", TYPES[q.kind]]];
  each(patterns, function (p, i) { fields.push(["correct_responses." + i + ".pattern", p]); });
  fields.push(["weighting", String(q.weight)], ["student_response", learner], ["result", record.ok ? "correct" : "wrong"]);
  fields.push(["latency", timespan12(record.lat)], ["time", clock(new Date(record.t))]);
  return fields;
}
/** 2004 localized strings may not start with "{" unless it is a {lang=} tag, nor hold delimiters. */
function langText(value, max) {
  value = cut(String(value || "").replace(/\s+/g, " ").replace(/\[[,.:]\]/g, " ").trim(), max);
  return value.charAt(0) === "{" ? cut("{lang=" + D.course.language + "}" + value, max) : value;
}
function fillInText(value) { return is2004 ? langText(value, 250) : cut(value, 255); }
function parseNumber(value) { return parseFloat(String(value).replace(",", ".").replace(/\s+/g, "")); }
function numberText(n) {
  var s = String(Math.round(n * 1e6) / 1e6);
  return /e/.test(s) ? n.toFixed(0) : s;
}

