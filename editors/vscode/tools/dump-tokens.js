#!/usr/bin/env node
// Debug helper: prints the TextMate scopes of each token of a .clause file.
//   node tools/dump-tokens.js ../../agreements/aci_cpts_2019.clause
'use strict';
const fs = require('fs');
const path = require('path');
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer;
const registry = new vsctm.Registry({
  onigLib: oniguruma.loadWASM(wasm).then(() => ({
    createOnigScanner: (p) => new oniguruma.OnigScanner(p),
    createOnigString: (s) => new oniguruma.OnigString(s),
  })),
  loadGrammar: async () => vsctm.parseRawGrammar(
    fs.readFileSync(path.join(__dirname, '..', 'syntaxes', 'clause.tmLanguage.json'), 'utf8'),
    'clause.tmLanguage.json'),
});

(async () => {
  const grammar = await registry.loadGrammar('source.clause');
  const text = fs.readFileSync(process.argv[2], 'utf8');
  let stack = vsctm.INITIAL;
  for (const line of text.split(/\r?\n/)) {
    const r = grammar.tokenizeLine(line, stack);
    console.log(line);
    for (const t of r.tokens) {
      const s = line.slice(t.startIndex, t.endIndex);
      if (s.trim() === '') continue;
      console.log(`    ${JSON.stringify(s)} ${t.scopes.slice(1).join(' ')}`);
    }
    stack = r.ruleStack;
  }
})();
