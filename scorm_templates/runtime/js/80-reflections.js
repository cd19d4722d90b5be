/* ---------- reflections ---------- */

function reflectionInput(id) { return $('[data-reflection-input="' + cssEscape(id) + '"]'); }

function saveReflection(id, announce) {
  var input = reflectionInput(id);
  var value = cut(input.value, LIMITS.reflectionChars);
  if ((S.reflections[id] || "") === value) {
    if (announce) text($('[data-reflection-status="' + cssEscape(id) + '"]'), "Saved.");
    return;
  }
  if (value) S.reflections[id] = value; else delete S.reflections[id];
  text($('[data-reflection-status="' + cssEscape(id) + '"]'), "Saved.");
  save();
}

function countReflection(id) {
  var input = reflectionInput(id);
  text($('[data-reflection-count="' + cssEscape(id) + '"]'),
    input.value.length + " of " + LIMITS.reflectionChars + " characters");
}

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
