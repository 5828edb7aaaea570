'use strict';
// Activates extension.js against minimal fakes of `vscode` and `vscode-languageclient/node`
// (no VS Code needed) and checks how the client is configured.
const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const Module = require('module');

function makeFakes({ language = 'en', serverPath = 'clause', startError } = {}) {
  const state = { errors: [], clients: [], commands: {}, foldingProviders: [], watchers: [] };
  const vscode = {
    env: { language },
    window: {
      createOutputChannel: (name) => ({ name, appendLine() {}, append() {}, show() {}, dispose() {} }),
      showErrorMessage: async (msg, ...actions) => { state.errors.push({ msg, actions }); return undefined; },
      setStatusBarMessage: () => ({ dispose() {} }),
    },
    workspace: {
      workspaceFolders: undefined,
      getConfiguration: (section) => ({
        get: (key, dflt) => (section === 'clause' && key === 'server.path' ? serverPath : dflt),
      }),
      createFileSystemWatcher: (glob) => { state.watchers.push(glob); return { glob, dispose() {} }; },
      onDidChangeConfiguration: () => ({ dispose() {} }),
    },
    commands: {
      registerCommand: (id, fn) => { state.commands[id] = fn; return { dispose() {} }; },
      executeCommand: async () => undefined,
    },
    languages: {
      registerFoldingRangeProvider: (selector, provider) => {
        state.foldingProviders.push({ selector, provider });
        return { dispose() {} };
      },
    },
    FoldingRange: class { constructor(start, end) { this.start = start; this.end = end; } },
  };
  class LanguageClient {
    constructor(id, name, serverOptions, clientOptions) {
      Object.assign(this, { id, name, serverOptions, clientOptions, running: false });
      state.clients.push(this);
    }
    async start() { if (startError) throw startError; this.running = true; }
    async stop() { this.running = false; }
    async dispose() { this.running = false; }
  }
  const client = { LanguageClient, RevealOutputChannelOn: { Never: 4 } };
  return { vscode, client, state };
}

function loadExtension(fakes) {
  const original = Module._load;
  Module._load = function (request, parent, isMain) {
    if (request === 'vscode') return fakes.vscode;
    if (request === 'vscode-languageclient/node') return fakes.client;
    return original.call(this, request, parent, isMain);
  };
  try {
    const file = require.resolve('../../extension.js');
    delete require.cache[file];
    return require(file);
  } finally {
    Module._load = original;
  }
}

function fakeServer() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clause-ext-'));
  const bin = path.join(dir, 'clause');
  fs.writeFileSync(bin, '#!/bin/sh\nexit 0\n');
  fs.chmodSync(bin, 0o755);
  return bin;
}

test('starts `clause lsp` over stdio for file-scheme clause documents', async () => {
  const bin = fakeServer();
  const fakes = makeFakes({ serverPath: bin });
  const ext = loadExtension(fakes);
  const context = { subscriptions: [] };
  await ext.activate(context);

  assert.strictEqual(fakes.state.errors.length, 0);
  assert.strictEqual(fakes.state.clients.length, 1);
  const c = fakes.state.clients[0];
  assert.strictEqual(c.id, 'clause');
  assert.strictEqual(c.serverOptions.command, bin);
  assert.deepStrictEqual(c.serverOptions.args, ['lsp']);
  assert.strictEqual(c.serverOptions.transport, undefined, 'stdio without an extra --stdio argument');
  assert.deepStrictEqual(c.clientOptions.documentSelector, [{ scheme: 'file', language: 'clause' }]);
  assert.deepStrictEqual(fakes.state.watchers, ['**/*.clause']);
  assert.ok(c.running);
  assert.ok(fakes.state.commands['clause.restartServer']);
  assert.strictEqual(fakes.state.foldingProviders.length, 1);

  // restart: a new client replaces the old one
  await fakes.state.commands['clause.restartServer']();
  assert.strictEqual(fakes.state.clients.length, 2);
  assert.ok(!c.running);
  assert.ok(fakes.state.clients[1].running);

  await ext.deactivate();
  assert.ok(!fakes.state.clients[1].running);
});

for (const [language, pattern] of [['fr', /introuvable/], ['en', /not found/]]) {
  test(`missing binary: error message in ${language}, no client`, async () => {
    const fakes = makeFakes({ language, serverPath: '/nonexistent/clause' });
    const ext = loadExtension(fakes);
    await ext.activate({ subscriptions: [] });
    assert.strictEqual(fakes.state.clients.length, 0);
    assert.strictEqual(fakes.state.errors.length, 1);
    assert.match(fakes.state.errors[0].msg, pattern);
    assert.match(fakes.state.errors[0].msg, /clause\.server\.path/);
    await ext.deactivate();
  });
}

test('start failure is reported, not thrown', async () => {
  const fakes = makeFakes({ serverPath: fakeServer(), startError: new Error('spawn EACCES') });
  const ext = loadExtension(fakes);
  await ext.activate({ subscriptions: [] });
  assert.strictEqual(fakes.state.errors.length, 1);
  assert.match(fakes.state.errors[0].msg, /spawn EACCES/);
  await ext.deactivate();
});

test('folding provider returns FoldingRange objects', async () => {
  const fakes = makeFakes({ serverPath: '/nonexistent/clause' });
  const ext = loadExtension(fakes);
  await ext.activate({ subscriptions: [] });
  const { provider } = fakes.state.foldingProviders[0];
  const ranges = provider.provideFoldingRanges({ getText: () => 'accord a {\n  statut projet\n}\n' });
  assert.deepStrictEqual(ranges.map((r) => [r.start, r.end]), [[0, 1]]);
  await ext.deactivate();
});
