'use strict';
// End-to-end check of the client with the real vscode-languageclient: extension.js is
// activated against a permissive stub of the `vscode` API and must spawn `<server> lsp`
// (no extra `--stdio`) and complete the LSP initialize handshake over stdio.
const test = require('node:test');
const assert = require('node:assert');
const path = require('path');
const Module = require('module');

function stub(name) {
  const fn = function () {};
  return new Proxy(fn, {
    get(_, p) {
      if (p === 'then') return undefined;
      if (p === 'dispose') return () => {};
      return stub(`${name}.${String(p)}`);
    },
    construct: () => stub(`new ${name}`),
    apply: () => stub(`${name}()`),
  });
}

class Disposable {
  constructor(f) { this.f = f; }
  dispose() { if (this.f) this.f(); }
  static from(...ds) { return new Disposable(() => ds.forEach((d) => d && d.dispose && d.dispose())); }
}
class EventEmitter {
  constructor() { this.listeners = []; this.event = (l) => { this.listeners.push(l); return new Disposable(); }; }
  fire(e) { this.listeners.forEach((l) => l(e)); }
  dispose() {}
}

function fakeVscode(serverPath, output, errors) {
  const none = () => new Disposable();
  const withFallback = (obj, name) => new Proxy(obj, { get: (t, p) => (p in t ? t[p] : stub(`${name}.${String(p)}`)) });
  return withFallback({
    Disposable,
    EventEmitter,
    FoldingRange: class { constructor(s, e) { this.start = s; this.end = e; } },
    version: '1.85.0',
    env: { language: 'en', appName: 'test', machineId: 'm', sessionId: 's', uriScheme: 'vscode' },
    workspace: withFallback({
      workspaceFolders: undefined,
      textDocuments: [],
      notebookDocuments: [],
      getConfiguration: (section) => ({
        get: (key, dflt) => (section === 'clause' && key === 'server.path' ? serverPath : dflt),
      }),
      onDidOpenTextDocument: none, onDidChangeTextDocument: none, onDidCloseTextDocument: none,
      onDidSaveTextDocument: none, onWillSaveTextDocument: none, onDidChangeConfiguration: none,
      onDidChangeWorkspaceFolders: none,
      createFileSystemWatcher: () => ({ onDidCreate: none, onDidChange: none, onDidDelete: none, dispose() {} }),
    }, 'workspace'),
    window: withFallback({
      createOutputChannel: (name) => ({
        name, append: (s) => output.push(s), appendLine: (s) => output.push(`${s}\n`),
        show() {}, dispose() {}, replace() {}, clear() {},
      }),
      showErrorMessage: async (m) => { errors.push(m); },
      showWarningMessage: async (m) => { errors.push(m); },
      showInformationMessage: async () => undefined,
      setStatusBarMessage: () => new Disposable(),
      activeTextEditor: undefined,
      visibleTextEditors: [],
    }, 'window'),
    commands: withFallback({ registerCommand: none, executeCommand: async () => undefined }, 'commands'),
    languages: withFallback({ registerFoldingRangeProvider: none }, 'languages'),
  }, 'vscode');
}

test('real vscode-languageclient starts `<server> lsp` over stdio', { timeout: 20000 }, async () => {
  const server = path.join(__dirname, '..', 'fixtures', 'fake-lsp-server.js');
  const output = [];
  const errors = [];
  const vscode = fakeVscode(server, output, errors);
  const original = Module._load;
  Module._load = function (request, ...rest) {
    return request === 'vscode' ? vscode : original.call(this, request, ...rest);
  };
  try {
    for (const key of Object.keys(require.cache)) {
      if (key.includes('vscode-languageclient') || key.endsWith('extension.js')) delete require.cache[key];
    }
    const ext = require('../../extension.js');
    await ext.activate({ subscriptions: [] });
    // the fake server prints its arguments on stderr, which the client copies to the output channel
    for (let i = 0; i < 50 && !output.join('').includes('argv='); i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.deepStrictEqual(errors, []);
    assert.match(output.join(''), /argv=\["lsp"\]/);
    await ext.deactivate();
  } finally {
    Module._load = original;
  }
});
