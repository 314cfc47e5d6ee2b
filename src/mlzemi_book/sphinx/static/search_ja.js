
var splitQuery = (function () {
  var model = %(model)s;
  var patterns = %(patterns)s.map(function (p) { return [new RegExp(p[0]), p[1]]; });
  function ctype(ch) {
    for (var i = 0; i < patterns.length; i++) { if (patterns[i][0].test(ch)) return patterns[i][1]; }
    return "O";
  }
  function ts(table, key) { return Object.prototype.hasOwnProperty.call(model[table], key) ? model[table][key] : 0; }
  function segment(input) {
    if (!input) return [];
    var chars = Array.from(input);
    var seg = ["B3", "B2", "B1"].concat(chars, ["E1", "E2", "E3"]);
    var ctypes = ["O", "O", "O"].concat(chars.map(ctype), ["O", "O", "O"]);
    var result = [], word = seg[3], p1 = "U", p2 = "U", p3 = "U";
    for (var i = 4; i < seg.length - 3; i++) {
      var w1 = seg[i-3], w2 = seg[i-2], w3 = seg[i-1], w4 = seg[i], w5 = seg[i+1], w6 = seg[i+2];
      var c1 = ctypes[i-3], c2 = ctypes[i-2], c3 = ctypes[i-1], c4 = ctypes[i], c5 = ctypes[i+1], c6 = ctypes[i+2];
      var score = model.BIAS;
      score += ts("UP1", p1) + ts("UP2", p2) + ts("UP3", p3) + ts("BP1", p1 + p2) + ts("BP2", p2 + p3);
      score += ts("UW1", w1) + ts("UW2", w2) + ts("UW3", w3) + ts("UW4", w4) + ts("UW5", w5) + ts("UW6", w6);
      score += ts("BW1", w2 + w3) + ts("BW2", w3 + w4) + ts("BW3", w4 + w5);
      score += ts("TW1", w1 + w2 + w3) + ts("TW2", w2 + w3 + w4) + ts("TW3", w3 + w4 + w5) + ts("TW4", w4 + w5 + w6);
      score += ts("UC1", c1) + ts("UC2", c2) + ts("UC3", c3) + ts("UC4", c4) + ts("UC5", c5) + ts("UC6", c6);
      score += ts("BC1", c2 + c3) + ts("BC2", c3 + c4) + ts("BC3", c4 + c5);
      score += ts("TC1", c1 + c2 + c3) + ts("TC2", c2 + c3 + c4) + ts("TC3", c3 + c4 + c5) + ts("TC4", c4 + c5 + c6);
      score += ts("UQ1", p1 + c1) + ts("UQ2", p2 + c2) + ts("UQ1", p3 + c3);
      score += ts("BQ1", p2 + c2 + c3) + ts("BQ2", p2 + c3 + c4) + ts("BQ3", p3 + c2 + c3) + ts("BQ4", p3 + c3 + c4);
      score += ts("TQ1", p2 + c1 + c2 + c3) + ts("TQ2", p2 + c2 + c3 + c4);
      score += ts("TQ3", p3 + c1 + c2 + c3) + ts("TQ4", p3 + c2 + c3 + c4);
      var p = "O";
      if (score > 0) { result.push(word.trim()); word = ""; p = "B"; }
      p1 = p2; p2 = p3; p3 = p;
      word += seg[i];
    }
    result.push(word.trim());
    return result;
  }
  // As SearchJapaneseSegmentedQuery.split: runs of word characters (Python's \w), each segmented. A leading "-"
  // (exclude this word) stays on the first piece. Pieces of one character are dropped, as the index drops them.
  var wordRun = /[\p{Letter}\p{Number}_]+/gu;
  return function (query) {
    var terms = [];
    query.split(/\s+/).forEach(function (part) {
      var exclude = part.charAt(0) === "-";
      var pieces = [];
      ((exclude ? part.slice(1) : part).match(wordRun) || []).forEach(function (run) {
        pieces = pieces.concat(segment(run).filter(function (w) { return w.length > 1; }));
      });
      if (exclude && pieces.length) pieces[0] = "-" + pieces[0];
      terms = terms.concat(pieces);
    });
    return terms;
  };
})();
