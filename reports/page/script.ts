// The page's only script: text and state filters for long tables (inline; no request).

export const SCRIPT = `
(function () {
  function apply(box) {
    var table = document.getElementById(box.getAttribute('data-table'));
    if (!table) return;
    var text = box.querySelector('input[type=search]');
    var state = box.querySelector('select');
    var words = text ? text.value.toLowerCase().split(/\\s+/).filter(Boolean) : [];
    var want = state ? state.value : '';
    var rows = table.tBodies[0] ? table.tBodies[0].rows : [];
    var shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      var hay = r.textContent.toLowerCase();
      var ok = words.every(function (w) { return hay.indexOf(w) >= 0; }) && (!want || r.getAttribute('data-state') === want);
      r.hidden = !ok;
      if (ok) shown++;
    }
    var count = box.querySelector('.count');
    if (count) count.textContent = shown + ' of ' + rows.length + ' shown';
  }
  var boxes = document.querySelectorAll('.filters[data-table]');
  for (var i = 0; i < boxes.length; i++) {
    (function (box) {
      var inputs = box.querySelectorAll('input, select');
      for (var j = 0; j < inputs.length; j++) inputs[j].addEventListener('input', function () { apply(box); });
      apply(box);
    })(boxes[i]);
  }
})();
`;
