'use strict';
// Folding ranges for `{ … }` and `[ … ]` blocks spanning several lines, ignoring brackets
// inside strings and `#` comments. Free of the `vscode` module for unit tests.

/**
 * @param {string} text
 * @returns {{ start: number, end: number }[]} zero-based line ranges, sorted by start line
 */
function bracketFoldingRanges(text) {
  const ranges = [];
  const stack = [];
  let line = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      line++;
      inString = false; // strings do not span lines
      continue;
    }
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '#') {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
    } else if (c === '{' || c === '[') stack.push({ c, line });
    else if (c === '}' || c === ']') {
      const open = c === '}' ? '{' : '[';
      // tolerate unbalanced input: pop to the nearest matching opener
      let k = stack.length - 1;
      while (k >= 0 && stack[k].c !== open) k--;
      if (k < 0) continue;
      const start = stack[k].line;
      stack.length = k;
      // the closing line stays visible: fold up to the line before it
      if (line - 1 > start) ranges.push({ start, end: line - 1 });
    }
  }
  return ranges.sort((a, b) => a.start - b.start || b.end - a.end);
}

module.exports = { bracketFoldingRanges };
