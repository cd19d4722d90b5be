/* ---------- reflections ---------- */

function reflectionInput(id) { return $('[data-reflection-input="' + cssEscape(id) + '"]'); }

function saveReflection(id, announce) {
  var input = reflectionInput(id);
  var value = cut(input.value, LIMITS.reflectionChars);
  clearTimeout(reflectionTimers[id]);
  delete reflectionTimers[id];
  if ((S.reflections[id] || "") !== value) {
    if (value) S.reflections[id] = value; else delete S.reflections[id];
    save();
  }
  if (announce || value) text($('[data-reflection-status="' + cssEscape(id) + '"]'), t("reflection.saved"));
}

/** Issue 10: no printed counter; the limit is kept by maxlength (set on start). */
function countReflection(id) {
  var input = reflectionInput(id);
  if (input) input.maxLength = LIMITS.reflectionChars;
}

// Saved as the learner types: at most REFLECTION_DELAY ms behind, and at once on pagehide
// (registered before 99-start's pagehide, which ends the session).
var reflectionTimers = {};
var REFLECTION_DELAY = 700;
doc.addEventListener("input", function (event) {
  var id = event.target.getAttribute && event.target.getAttribute("data-reflection-input");
  if (!id) return;
  clearTimeout(reflectionTimers[id]);
  reflectionTimers[id] = setTimeout(function () { saveReflection(id, false); }, REFLECTION_DELAY);
});
window.addEventListener("pagehide", function () {
  each(reflections, function (r) { if (reflectionTimers[r.id]) saveReflection(r.id, false); });
});

function promptText(id) {
  var node = byId("reflection-" + id + "--prompt");
  return node ? node.textContent.replace(/\s+/g, " ").trim() : id;
}

function today() {
  var d = new Date();
  return d.getFullYear() + "-" + pad(d.getMonth() + 1, 2) + "-" + pad(d.getDate(), 2);
}

function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, function (ch) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[ch];
  });
}
