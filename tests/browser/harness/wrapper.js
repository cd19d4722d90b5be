/* One level of frame nesting: load ?src=<url> into a child iframe, synchronously so the
   top page's load event still waits for the SCO. */
(function () {
  "use strict";
  var src = new URLSearchParams(window.location.search).get("src") || "about:blank";
  var frame = document.createElement("iframe");
  frame.title = "Course";
  frame.src = src;
  document.body.appendChild(frame);
})();
