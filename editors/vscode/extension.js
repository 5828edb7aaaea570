'use strict';
// VS Code client for the Clause language server (`clause lsp`, JSON-RPC over stdio).
// Plain JavaScript, no build step: this file is the extension's `main`.

const vscode = require('vscode');
const { LanguageClient, RevealOutputChannelOn } = require('vscode-languageclient/node');
const { resolveServerPath } = require('./lib/server-path');
const { bracketFoldingRanges } = require('./lib/folding');
const { messages } = require('./lib/messages');

const CLIENT_ID = 'clause'; // also makes vscode-languageclient read `clause.trace.server`
const CLIENT_NAME = 'Clause';

/** @type {LanguageClient | undefined} */
let client;
/** @type {vscode.OutputChannel | undefined} */
let outputChannel;
/** Serialises start/stop so that quick successive restarts do not race. */
let queue = Promise.resolve();

function t() {
  return messages(vscode.env.language);
}

function log(line) {
  if (outputChannel) outputChannel.appendLine(`[client] ${line}`);
}

function configuredPath() {
  return vscode.workspace.getConfiguration('clause').get('server.path', 'clause') || 'clause';
}

function firstWorkspaceFolder() {
  const folders = vscode.workspace.workspaceFolders;
  return folders && folders.length > 0 ? folders[0].uri.fsPath : undefined;
}

async function showNotFound(configured) {
  const m = t();
  const choice = await vscode.window.showErrorMessage(m.notFound(configured), m.openSettings);
  if (choice === m.openSettings) {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'clause.server.path');
  }
}

async function showStartFailed(command, error) {
  const m = t();
  const detail = error && error.message ? error.message : String(error);
  const choice = await vscode.window.showErrorMessage(
    m.startFailed(command, detail), m.showOutput, m.openSettings);
  if (choice === m.showOutput && outputChannel) outputChannel.show(true);
  if (choice === m.openSettings) {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'clause.server.path');
  }
}

/** Creates the client; returns undefined (after telling the user) if the binary is missing. */
function createClient() {
  const configured = configuredPath();
  const workspaceFolder = firstWorkspaceFolder();
  const command = resolveServerPath(configured, { workspaceFolder });
  if (!command) {
    log(`executable not found for clause.server.path = "${configured}"`);
    void showNotFound(configured);
    return undefined;
  }
  log(`starting ${command} lsp`);

  /** @type {import('vscode-languageclient/node').ServerOptions} */
  const serverOptions = {
    command,
    args: ['lsp'],
    // JSON-RPC over the process's stdin/stdout. `transport` is deliberately left unset:
    // setting it to TransportKind.stdio would make vscode-languageclient append a
    // `--stdio` argument, which `clause lsp` does not need.
    options: { cwd: workspaceFolder, env: process.env },
  };

  /** @type {import('vscode-languageclient/node').LanguageClientOptions} */
  const clientOptions = {
    documentSelector: [{ scheme: 'file', language: 'clause' }],
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.clause'),
    },
    outputChannel,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
  };

  return new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
}

async function stopClient() {
  const current = client;
  client = undefined;
  if (!current) return;
  try {
    await current.stop();
  } catch (error) {
    log(`stop: ${error && error.message ? error.message : error}`);
  }
  try {
    await current.dispose();
  } catch {
    // already disposed
  }
}

async function startClient() {
  const next = createClient();
  if (!next) return false;
  client = next;
  try {
    await next.start();
    return true;
  } catch (error) {
    log(`start failed: ${error && error.message ? error.message : error}`);
    if (client === next) client = undefined;
    try {
      await next.dispose();
    } catch {
      // ignore
    }
    void showStartFailed(configuredPath(), error);
    return false;
  }
}

function enqueue(job) {
  queue = queue.then(job, job);
  return queue;
}

function restart(notify) {
  return enqueue(async () => {
    await stopClient();
    const ok = await startClient();
    if (ok && notify) void vscode.window.setStatusBarMessage(t().restarted, 3000);
  });
}

/** @param {vscode.ExtensionContext} context */
async function activate(context) {
  outputChannel = vscode.window.createOutputChannel(CLIENT_NAME);
  context.subscriptions.push(outputChannel);

  // Folding of `{ … }` and `[ … ]` blocks, available even without the server.
  context.subscriptions.push(
    vscode.languages.registerFoldingRangeProvider({ language: 'clause' }, {
      provideFoldingRanges(document) {
        return bracketFoldingRanges(document.getText()).map(
          (r) => new vscode.FoldingRange(r.start, r.end));
      },
    }));

  context.subscriptions.push(
    vscode.commands.registerCommand('clause.restartServer', () => restart(true)));

  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('clause.server.path')) void restart(false);
    }));

  await enqueue(() => startClient());
}

function deactivate() {
  return enqueue(() => stopClient());
}

module.exports = { activate, deactivate };
