// Concerto: the few behaviours pages need, as data-* attributes handled here, because the
// Content-Security-Policy forbids inline scripts and on*="…" handlers.
document.addEventListener("change", (event) => {
  const el = event.target;
  if (el.matches("select[data-autosubmit]")) el.form.submit();
  if (el.matches("select[data-navigate]") && el.value) window.location.href = el.value;
});
// A search form driven by htmx: Enter must not submit it as a page.
document.addEventListener("submit", (event) => {
  if (event.target.matches("form[data-no-submit]")) event.preventDefault();
});
// data-remove-closest="li": once its htmx request is done, the element's row goes away.
document.addEventListener("htmx:afterRequest", (event) => {
  const el = event.detail.elt;
  const selector = el && el.getAttribute && el.getAttribute("data-remove-closest");
  if (selector && event.detail.successful) el.closest(selector)?.remove();
});

// Every page: the menu folds behind a « Menu » button on a phone (without JavaScript it stays
// open), and a table wider than the screen says that it scrolls.
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", function () {
  var button = document.querySelector(".menu-button");
  var menu = document.getElementById("main-menu");
  if (button && menu) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = menu.classList.toggle("open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  function markScrolling() {
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      wrap.classList.toggle("scrolls", wrap.scrollWidth > wrap.clientWidth + 1);
    });
  }
  markScrolling();
  window.addEventListener("resize", markScrolling);
});
