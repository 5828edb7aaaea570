'use strict';
// Resolution of the `clause.server.path` setting to an executable file.
// Kept free of the `vscode` module so that it can be unit-tested with plain Node.

const fs = require('fs');
const os = require('os');
const path = require('path');

/**
 * Expands `~`, `${userHome}`, `${workspaceFolder}` and `${env:NAME}` in a configured path.
 * @param {string} value
 * @param {{ workspaceFolder?: string, env?: NodeJS.ProcessEnv, home?: string }} ctx
 */
function expand(value, ctx = {}) {
  const env = ctx.env || process.env;
  const home = ctx.home || os.homedir();
  let out = value.trim();
  out = out.replace(/\$\{userHome\}/g, home);
  out = out.replace(/\$\{env:([^}]+)\}/g, (_, name) => env[name] || '');
  if (ctx.workspaceFolder) out = out.replace(/\$\{workspaceFolder\}/g, ctx.workspaceFolder);
  if (out === '~') out = home;
  else if (out.startsWith('~/') || out.startsWith('~\\')) out = path.join(home, out.slice(2));
  return out;
}

function isExecutableFile(file, platform) {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) return false;
    if (platform === 'win32') return true;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Returns the absolute path of the server executable, or `undefined` if it cannot be found.
 *
 * - an empty setting means `clause`;
 * - a bare name (`clause`) is looked up on the PATH (with PATHEXT on Windows);
 * - a relative path (`target/release/clause`) is relative to the first workspace folder;
 * - an absolute path is used as is.
 *
 * @param {string | undefined} configured the value of `clause.server.path`
 * @param {{ workspaceFolder?: string, env?: NodeJS.ProcessEnv, platform?: string, home?: string }} ctx
 * @returns {string | undefined}
 */
function resolveServerPath(configured, ctx = {}) {
  const env = ctx.env || process.env;
  const platform = ctx.platform || process.platform;
  const p = platform === 'win32' ? path.win32 : path.posix;
  const value = expand(configured && configured.trim() ? configured : 'clause', ctx);
  // On Windows, `clause` means `clause.exe` (PATHEXT); an explicit `clause.exe` is kept as is.
  const exts = platform === 'win32'
    ? [...(env.PATHEXT || '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean), '']
    : [''];
  const withExts = (file) => exts.map((ext) => file + ext).find((f) => isExecutableFile(f, platform));

  const hasSeparator = value.includes('/') || (platform === 'win32' && value.includes('\\'));
  if (p.isAbsolute(value)) return withExts(value);
  if (hasSeparator) {
    const base = ctx.workspaceFolder || process.cwd();
    return withExts(p.resolve(base, value));
  }
  const pathVar = env.PATH || env.Path || '';
  for (const dir of pathVar.split(p.delimiter)) {
    if (!dir) continue;
    const found = withExts(p.join(dir, value));
    if (found) return found;
  }
  return undefined;
}

module.exports = { expand, resolveServerPath };
