'use strict';
// dist/cli.js, written by scripts/build.mjs from scripts/cli-loader.js: runs the CLI's bundle
// (dist/cli-main.js) with V8's code cache, so that a run does not compile again what earlier runs
// compiled: the 2 MB bundle, and every function a scan calls (measured on 2 cores: a scan of
// ../shared/realworld 60-100 ms faster, `awsdp --version` 15-25 ms; without a cache, 5-10 ms slower).
//
// The cache is one file per build of the bundle in the user's own cache folder ($XDG_CACHE_HOME or
// ~/.cache, ~/Library/Caches, %LOCALAPPDATA%), under awsdp/v8/: never in the project scanned. Its
// name holds the bundle's SHA-256 (put here by the build), size and mtime, and node's version and
// architecture; V8 itself refuses a cache made by another V8 or with other flags. Code runs from it,
// so it is read only from a folder and a file owned by the user and writable by no one else. It is
// written atomically (a private temporary file renamed over it) when there was none, when V8 refused
// it, or when this run took more than twice as long as the run that wrote it (it compiled more of the
// bundle); the caches of the KEEP builds written last are kept. Any failure to read or write it is
// ignored: the bundle is then compiled as without a cache. AWSDP_CODE_CACHE=0 turns it off;
// with AWSDP_DEBUG set, stderr says whether it was used.
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

const BUNDLE = path.join(__dirname, 'cli-main.js');
const BUNDLE_SHA256 = '@BUNDLE_SHA256@';
const MAGIC = 'AWSDPCC1';
/**
 * Cache files kept in the folder (one per build of the CLI, about 2 MB each). Several checkouts or
 * versions used side by side each have theirs: with room for only a few, each run of one pushed
 * out another's, which then compiled everything again.
 */
const KEEP = 8;
const HEADER = 16; // MAGIC, then the run time in ms of the run that wrote the cache (uint32 LE), then 4 bytes reserved

/** The cache folder, or undefined where there is none to use. */
function cacheDir(env) {
  if (env.AWSDP_CODE_CACHE === '0') return undefined;
  let base;
  if (process.platform === 'win32') base = env.LOCALAPPDATA;
  else if (process.platform === 'darwin') base = env.HOME && path.join(env.HOME, 'Library', 'Caches');
  else base = env.XDG_CACHE_HOME || (env.HOME && path.join(env.HOME, '.cache'));
  return base && path.isAbsolute(base) ? path.join(base, 'awsdp', 'v8') : undefined;
}

/** Whether a folder or file may be trusted with code: owned by this user, writable by no one else (POSIX). */
function private_(st) {
  if (typeof process.getuid !== 'function') return true;
  return st.uid === process.getuid() && (st.mode & 0o022) === 0;
}

function main() {
  const source = fs.readFileSync(BUNDLE, 'utf8');
  let dir;
  let file;
  let cached;
  let madeMs = 0;
  try {
    dir = cacheDir(process.env);
    if (dir) {
      const st = fs.statSync(BUNDLE);
      file = path.join(dir, `cli-${BUNDLE_SHA256.slice(0, 24)}-${st.size}-${Math.floor(st.mtimeMs)}-${process.version}-${process.arch}.bin`);
      const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW || 0));
      try {
        const fst = fs.fstatSync(fd);
        const dst = fs.lstatSync(dir);
        if (fst.isFile() && private_(fst) && dst.isDirectory() && private_(dst)) {
          const buf = fs.readFileSync(fd);
          if (buf.length > HEADER && buf.toString('latin1', 0, MAGIC.length) === MAGIC) {
            madeMs = buf.readUInt32LE(MAGIC.length);
            cached = buf.subarray(HEADER);
          }
        }
      } finally {
        fs.closeSync(fd);
      }
    }
  } catch {
    // no cache yet, or one that cannot be read: compile without
  }
  const script = new vm.Script(Module.wrap(source), { filename: BUNDLE, cachedData: cached });
  if (file && (!cached || script.cachedDataRejected)) madeMs = 0;
  if (process.env.AWSDP_DEBUG) debug(file ? `code cache ${file}: ${!cached ? 'none' : script.cachedDataRejected ? 'refused by V8' : 'used'}` : 'code cache off');
  if (file) process.once('exit', () => writeCache(script, dir, file, madeMs));
  const m = new Module(BUNDLE, module);
  m.filename = BUNDLE;
  m.paths = Module._nodeModulePaths(__dirname);
  script.runInThisContext().call(m.exports, m.exports, require, m, BUNDLE, __dirname);
  m.loaded = true;
}

function debug(msg) {
  process.stderr.write(`awsdp: ${msg}\n`);
}

function writeCache(script, dir, file, madeMs) {
  const ms = Math.round(performance.now());
  if (madeMs && ms <= 2 * madeMs) return;
  let tmp;
  try {
    const data = script.createCachedData();
    const header = Buffer.alloc(HEADER);
    header.write(MAGIC, 'latin1');
    header.writeUInt32LE(Math.min(ms, 0xffffffff), MAGIC.length);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!private_(fs.lstatSync(dir)) || !fs.lstatSync(dir).isDirectory()) return;
    tmp = path.join(dir, `.tmp-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
    const fd = fs.openSync(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
    try {
      for (const b of [header, data]) for (let at = 0; at < b.length; ) at += fs.writeSync(fd, b, at, b.length - at);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
    tmp = undefined;
    if (process.env.AWSDP_DEBUG) debug(`code cache ${file}: written`);
    // The caches of other builds (other versions, checkouts, node versions): the KEEP most recently written are kept.
    const others = fs
      .readdirSync(dir)
      .filter((f) => f.startsWith('cli-') && f.endsWith('.bin'))
      .map((f) => ({ f, t: fs.statSync(path.join(dir, f)).mtimeMs }))
      .sort((a, b) => b.t - a.t);
    for (const o of others.slice(KEEP)) fs.rmSync(path.join(dir, o.f), { force: true });
  } catch {
    // a cache that cannot be written is no cache
  } finally {
    if (tmp) fs.rmSync(tmp, { force: true });
  }
}

main();
