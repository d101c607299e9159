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
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      wrap.classList.toggle("scrolls", scrolls);
      // A region that scrolls must be reachable from the keyboard.
      if (scrolls) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        if (!wrap.hasAttribute("aria-label")) wrap.setAttribute("aria-label", "Tableau (faire glisser pour voir la suite)");
      } else if (wrap.getAttribute("role") === "region") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
      }
    });
  }
  markScrolling();
  window.addEventListener("resize", markScrolling);
});

// Pickers (search-as-you-type radio lists): a choice from the results stays chosen when the
// results change, by moving it next to the current choice.
document.addEventListener("change", function (event) {
  var input = event.target;
  if (input.type !== "radio" || !input.closest(".picker-results")) return;
  var current = input.closest(".picker").querySelector(".picker-current");
  current.querySelectorAll("label").forEach(function (label) {
    var radio = label.querySelector("input");
    if (radio && radio.value !== "") label.remove();
  });
  current.insertBefore(input.closest("label"), current.firstChild);
});

// Logging out forgets the fiche drafts kept on this device (fiche.js): a shared phone keeps
// no patient answers.
document.addEventListener("submit", function (event) {
  if (!event.target.matches("form[data-clear-drafts]")) return;
  try {
    Object.keys(localStorage).forEach(function (key) {
      if (key.indexOf("concerto-fiche-") === 0) localStorage.removeItem(key);
    });
  } catch (e) { /* storage disabled: nothing kept */ }
});
