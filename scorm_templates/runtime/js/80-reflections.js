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

/** A CPD record of the learner's reflections, built in the browser; nothing is sent anywhere. */
function reflectionsHtml() {
  var parts = ["<!DOCTYPE html><html lang=\"" + escapeHtml(D.course.language) + "\"><head><meta charset=\"utf-8\">",
    "<title>My reflections: " + escapeHtml(D.course.title) + "</title></head><body>",
    "<h1>My reflections</h1><p>CPD record for the course <strong>" + escapeHtml(D.course.title) +
      "</strong> (version " + escapeHtml(D.course.version) + ").</p>",
    "<p>Date: " + today() + "</p>"];
  if (learnerName) parts.push("<p>Learner: " + escapeHtml(learnerName) + "</p>");
  each(reflections, function (r) {
    var value = S.reflections[r.id] || "";
    parts.push("<h2>" + escapeHtml(promptText(r.id)) + "</h2>",
      value ? "<p>" + escapeHtml(value).replace(/\n/g, "<br>") + "</p>" : "<p><em>No answer saved.</em></p>");
  });
  parts.push("</body></html>");
  return parts.join("\n");
}

function downloadReflections() {
  each(reflections, function (r) { if (reflectionInput(r.id)) saveReflection(r.id, false); });
  var blob = new Blob([reflectionsHtml()], { type: "text/html;charset=utf-8" });
  var link = doc.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = "my-reflections-" + D.course.id + ".html";
  link.className = "visually-hidden";
  doc.body.appendChild(link);
  link.click();
  setTimeout(function () { URL.revokeObjectURL(link.href); link.parentNode.removeChild(link); }, 1000);
}

function printReflections() {
  each(reflections, function (r) { if (reflectionInput(r.id)) saveReflection(r.id, false); });
  var box = byId("reflections-print");
  box.textContent = "";
  function add(tag, value) {
    var node = doc.createElement(tag);
    node.textContent = value;
    box.appendChild(node);
    return node;
  }
  add("h1", "My reflections");
  add("p", "CPD record for the course " + D.course.title + " (version " + D.course.version + ").");
  add("p", "Date: " + today());
  if (learnerName) add("p", "Learner: " + learnerName);
  each(reflections, function (r) {
    add("h2", promptText(r.id));
    add("p", S.reflections[r.id] || "No answer saved.").className = "print-answer";
  });
  root.classList.add("printing-reflections");
  window.print();
  setTimeout(function () { root.classList.remove("printing-reflections"); }, 500);
}

