'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { resolveServerPath, expand } = require('../../lib/server-path');

function fakeBinary(dir, name) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, '#!/bin/sh\nexit 0\n');
  fs.chmodSync(file, 0o755);
  return file;
}

test('bare name is looked up on the PATH', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clause-path-'));
  const bin = fakeBinary(dir, 'clause');
  const env = { PATH: ['/nonexistent', dir].join(path.delimiter) };
  assert.strictEqual(resolveServerPath('clause', { env }), bin);
  assert.strictEqual(resolveServerPath('', { env }), bin, 'empty setting means `clause`');
  assert.strictEqual(resolveServerPath(undefined, { env }), bin);
});

test('missing binary gives undefined', () => {
  const env = { PATH: '/nonexistent' };
  assert.strictEqual(resolveServerPath('clause', { env }), undefined);
  assert.strictEqual(resolveServerPath('/nonexistent/clause', { env }), undefined);
});

test('non-executable file is not accepted on Unix', { skip: process.platform === 'win32' }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clause-path-'));
  fs.writeFileSync(path.join(dir, 'clause'), 'not executable');
  assert.strictEqual(resolveServerPath('clause', { env: { PATH: dir } }), undefined);
});

test('absolute and workspace-relative paths', () => {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'clause-ws-'));
  fs.mkdirSync(path.join(ws, 'target', 'release'), { recursive: true });
  const bin = fakeBinary(path.join(ws, 'target', 'release'), 'clause');
  const env = { PATH: '' };
  assert.strictEqual(resolveServerPath(bin, { env }), bin);
  assert.strictEqual(resolveServerPath('target/release/clause', { env, workspaceFolder: ws }), bin);
  assert.strictEqual(resolveServerPath('${workspaceFolder}/target/release/clause', { env, workspaceFolder: ws }), bin);
});

test('expand ~, ${userHome} and ${env:NAME}', () => {
  const ctx = { home: '/home/u', env: { CLAUSE_HOME: '/opt/clause' } };
  assert.strictEqual(expand('~/bin/clause', ctx), path.join('/home/u', 'bin/clause'));
  assert.strictEqual(expand('${userHome}/bin/clause', ctx), '/home/u/bin/clause');
  assert.strictEqual(expand('${env:CLAUSE_HOME}/bin/clause', ctx), '/opt/clause/bin/clause');
});
