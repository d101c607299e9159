// The request form (CSP: no inline script). Choosing a known professional fills the
// request's territories (editable afterwards); the DAC's case coordinator is asked only for
// the « Appui au DAC » mission.

document.addEventListener("click", function (event) {
  var pick = event.target.closest(".pick-person");
  if (pick) {
    document.getElementById("id_person").value = pick.dataset.pk;
    document.getElementById("person-name").textContent = pick.dataset.name;
    document.getElementById("person-chosen").hidden = false;
    if (pick.dataset.cpts) document.getElementById("id_territory_cpts").value = pick.dataset.cpts;
    if (pick.dataset.cls) document.getElementById("id_territory_cls").value = pick.dataset.cls;
    document.getElementById("person-results").innerHTML = "";
    document.getElementById("person-q").value = "";
  }
  if (event.target.id === "person-clear") {
    document.getElementById("id_person").value = "";
    document.getElementById("person-chosen").hidden = true;
  }
});
function showDac() {
  var box = document.getElementById("dac-coordinator");
  var dac = document.querySelector("input[name=mission][value=dac]");
  var isDac = !!(dac && dac.checked);
  if (box) box.hidden = !isDac;
  // The DAC's response types (group « Appui au DAC ») only for that mission; a ticked one stays.
  document.querySelectorAll("input[name=responses][data-group]").forEach(function (input) {
    var label = input.closest("label");
    if (label) label.hidden = !isDac && !input.checked;
  });
}
document.addEventListener("change", function (event) { if (event.target.name === "mission") showDac(); });
showDac();
// Enter in the directory search must not submit the request.
document.addEventListener("keydown", function (event) {
  if (event.target.id === "person-q" && event.key === "Enter") event.preventDefault();
});
