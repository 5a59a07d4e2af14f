// The instalment plan form of a 临时救助 case (temporary/case.html): add rows and show the sum as typed.
// A static file, not an inline script, so the Content-Security-Policy can forbid inline scripts.
(function () {
  // Progressive: without JS the "more rows" link reloads the page with more empty rows.
  var body = document.getElementById("instalment-rows");
  var out = document.getElementById("instalment-sum");
  var add = document.getElementById("add-instalment");
  document.getElementById("more-rows").hidden = true;
  add.hidden = false;
  add.addEventListener("click", function () {
    var rows = body.getElementsByTagName("tr");
    var n = rows.length + 1;
    var copy = rows[rows.length - 1].cloneNode(true);
    copy.cells[0].textContent = n;
    Array.prototype.forEach.call(copy.getElementsByTagName("input"), function (input) {
      input.name = input.name.replace(/^inst-\d+-/, "inst-" + n + "-");
      input.value = "";
      input.removeAttribute("aria-invalid");
    });
    body.appendChild(copy);
  });
  function fen(text) {  // yuan text -> integer fen, exactly (no floats); null when not an amount
    var m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text.replace(/[,，]/g, ""));
    return m ? parseInt(m[1], 10) * 100 + parseInt(((m[2] || "") + "00").slice(0, 2), 10) : null;
  }
  function sum() {
    var total = 0, ok = true;
    Array.prototype.forEach.call(body.querySelectorAll("input[name$='-amount']"), function (input) {
      var v = input.value.trim();
      if (!v) { return; }
      var f = fen(v);
      if (f === null) { ok = false; } else { total += f; }
    });
    out.textContent = ok ? Math.floor(total / 100) + "." + ("0" + (total % 100)).slice(-2) : "—";
  }
  body.addEventListener("input", sum);
  sum();
})();
