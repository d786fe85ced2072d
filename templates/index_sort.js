// index_sort.js: sorts the index page's table of inputs when a column
// heading (a button) is activated, by click or keyboard. The sort keys come
// from the JSON in #index-sort-keys, one array per row (by data-row) with a
// number, a string or null per column, so numbers, durations and dates sort
// by value, not by their displayed text. The first activation sorts
// ascending, the next one descending; empty keys go last; ties keep the
// page's default order (worst severity, then input). aria-sort says which
// column sorts the table and how.
(function () {
  "use strict";
  var table = document.getElementById("index-inputs");
  var data = document.getElementById("index-sort-keys");
  if (!table || !data) return;
  var keys = JSON.parse(data.textContent).rows;
  var body = table.tBodies[0];
  var headers = table.tHead.rows[0].cells;
  var lang = document.documentElement.lang;
  document.documentElement.classList.add("js-sort");

  function compareKeys(a, b) {
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a).localeCompare(String(b), lang);
  }

  function sortBy(column, descending) {
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (x, y) {
      var i = Number(x.getAttribute("data-row"));
      var j = Number(y.getAttribute("data-row"));
      var a = keys[i][column];
      var b = keys[j][column];
      if (a === null || b === null) {
        if (a === b) return i - j;
        return a === null ? 1 : -1;
      }
      var c = compareKeys(a, b);
      if (descending) c = -c;
      return c !== 0 ? c : i - j;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    for (var k = 0; k < headers.length; k++) {
      if (k === column) {
        headers[k].setAttribute("aria-sort", descending ? "descending" : "ascending");
      } else {
        headers[k].removeAttribute("aria-sort");
      }
    }
  }

  Array.prototype.forEach.call(headers, function (header, column) {
    var button = header.querySelector("button");
    if (!button) return;
    button.addEventListener("click", function () {
      sortBy(column, header.getAttribute("aria-sort") === "ascending");
    });
  });
})();
