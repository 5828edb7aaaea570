'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const path = require('path');
const { bracketFoldingRanges } = require('../../lib/folding');

test('nested braces and brackets, ignoring strings and comments', () => {
  const text = [
    'accord a "x { y" {',       // 0
    '  # } not a closer',        // 1
    '  mission m socle {',       // 2
    '    indicateur "]"',        // 3
    '  }',                       // 4
    '  valeur v = [',            // 5
    '    1, 2',                  // 6
    '  ]',                       // 7
    '}',                         // 8
  ].join('\n');
  assert.deepStrictEqual(bracketFoldingRanges(text), [
    { start: 0, end: 7 },
    { start: 2, end: 3 },
    { start: 5, end: 6 },
  ]);
});

test('single-line blocks do not fold; unbalanced input is tolerated', () => {
  assert.deepStrictEqual(bracketFoldingRanges('énumération E { a, b }\n}\n{'), []);
});

test('the example agreement folds its agreement and mission blocks', () => {
  const file = path.join(__dirname, '..', '..', '..', '..', 'agreements', 'aci_cpts_2019.clause');
  if (!fs.existsSync(file)) return;
  const ranges = bracketFoldingRanges(fs.readFileSync(file, 'utf8'));
  assert.ok(ranges.length >= 7, `expected at least 7 ranges, got ${ranges.length}`);
});
