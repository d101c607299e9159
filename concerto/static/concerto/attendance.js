// The attendance grid posts one field for all its rows: a request may carry at most 1,000
// fields, and a large meeting (an AG, a webinar: 300+ people, each with three boxes) has more.
// « grille » = "id:flags id:flags …" (p present, r remote, c camera, a added without
// invitation), read by meetings.forms.expand_grid. Without this script the boxes post as they are.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.id !== "attendance-form") return;
  var entries = [];
  var named = [];
  form.querySelectorAll("input[name=person]").forEach(function (input) {
    var pk = input.value;
    var flags = "";
    [["present", "p"], ["remote", "r"], ["camera", "c"]].forEach(function (pair) {
      var box = form.elements[pair[0] + "-" + pk];
      if (box && box.checked) flags += pair[1];
      if (box) named.push(box);
    });
    var added = form.querySelector("input[name=added][value='" + pk + "']");
    if (added) { flags += "a"; named.push(added); }
    entries.push(pk + ":" + flags);
    named.push(input);
  });
  named.forEach(function (input) { input.removeAttribute("name"); });
  var field = document.createElement("input");
  field.type = "hidden";
  field.name = "grille";
  field.value = entries.join(" ");
  form.appendChild(field);
});
