// The header's menu button (phones): shows and hides the menu and says so with aria-expanded.
// Without JavaScript the button stays hidden and the menu open (see samplan.css).
(function () {
  "use strict";
  var button = document.querySelector(".sp-menu-button");
  if (!button) {
    return;
  }
  document.documentElement.classList.add("sp-menu-enhanced");
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") === "true";
    button.setAttribute("aria-expanded", open ? "false" : "true");
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      button.setAttribute("aria-expanded", "false");
      button.focus();
    }
  });
})();
