// The fiche: a follow-up question shows only when its answer makes it apply (the server
// clears hidden answers too: FicheForm.dependencies), and what is typed is kept on this
// device as a draft until the fiche is saved (restored after a reload or a lost connection).
(function () {
  var form = document.getElementById("fiche-form");
  if (!form) return;
  var blocks = Array.prototype.slice.call(form.querySelectorAll("[data-show-when]"));

  function chosen(name) {
    return Array.prototype.filter.call(form.querySelectorAll('[name="' + name + '"]'), function (el) {
      return el.type === "radio" || el.type === "checkbox" ? el.checked : el.value !== "";
    }).map(function (el) { return el.value; });
  }

  function refresh() {
    var hidden = {};
    blocks.forEach(function (block) {  // document order: a question before its follow-ups
      var values = block.dataset.showValues.split(" ");
      var question = block.dataset.showWhen;
      var show = !hidden[question] && chosen(question).some(function (v) { return values.indexOf(v) >= 0; });
      if (!show) hidden[block.dataset.field] = true;
      block.hidden = !show;
    });
  }

  // Draft: keyed by the fiche, valid only on top of the server state it was typed on.
  var key = "concerto-" + form.dataset.draftKey;
  var status = document.getElementById("draft-status");
  var notice = document.getElementById("draft-notice");
  function serialize() {
    var pairs = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken") pairs.push([name, value]);
    });
    return JSON.stringify(pairs);
  }
  function apply(serialized) {
    var pairs = JSON.parse(serialized);
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrfmiddlewaretoken" || el.type === "submit") return;
      if (el.type === "radio" || el.type === "checkbox") el.checked = false; else el.value = "";
    });
    pairs.forEach(function (pair) {
      Array.prototype.forEach.call(form.querySelectorAll('[name="' + pair[0] + '"]'), function (el) {
        if (el.type === "radio" || el.type === "checkbox") { if (el.value === pair[1]) el.checked = true; }
        else el.value = pair[1];
      });
    });
    refresh();
  }
  var base = serialize();
  var draft = null;
  try { draft = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { draft = null; }
  if (draft && draft.base === base && draft.values !== base) {
    apply(draft.values);
    if (notice) notice.hidden = false;
  } else if (draft) {
    localStorage.removeItem(key);  // saved since, or typed on another state: not ours any more
  }
  var timer = null;
  function keep() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var values = serialize();
      try {
        if (values === base) localStorage.removeItem(key);
        else localStorage.setItem(key, JSON.stringify({ base: base, values: values, at: Date.now() }));
        if (status) status.textContent = values === base ? "" : "Brouillon gardé sur cet appareil";
      } catch (e) { /* storage full or disabled: the page still works */ }
    }, 300);
  }
  form.addEventListener("change", function () { refresh(); keep(); });
  form.addEventListener("input", keep);
  var discard = document.getElementById("draft-discard");
  if (discard) discard.addEventListener("click", function () {
    localStorage.removeItem(key);
    apply(base);
    notice.hidden = true;
    if (status) status.textContent = "";
  });
  refresh();
})();
