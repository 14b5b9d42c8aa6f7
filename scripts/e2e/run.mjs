// `npm run test:e2e` (after `npm run package`, which the npm script runs first): the extension in a
// real VS Code workbench, offline. code-server (installed by scripts/setup-e2e.sh, with Node 24) serves
// VS Code's workbench; Debian's Chromium, driven by playwright-core, opens it.
//
//   1. extension-host suite: client/out/test/suite (the same suite `npm run test:vscode` runs with
//      @vscode/test-electron) runs inside code-server's real Node extension host, with the extension
//      loaded from this checkout (extensionDevelopmentPath);
//   2. UI test: the packaged .vsix is installed with `code-server --install-extension`, like a user
//      would, and the workbench is driven with the keyboard (scripts/e2e/ui.mjs).
//
// Each layer works on its own copy of samples/ (nothing in the repository is edited). Screenshots and
// logs go to e2e-results/ (git-ignored). Ends with "N passed, N failed"; exit code 1 on any failure.
//
// Environment: AWSDP_E2E_HOME (where setup-e2e.sh installed; default ~/.cache/awsdp-e2e),
// AWSDP_E2E_ONLY=exthost|ui (one layer), AWSDP_E2E_VERBOSE=1 (browser console and code-server log).
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, waitFor } from './browser.mjs';
import { runUiTest } from './ui.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const E2E_HOME = process.env.AWSDP_E2E_HOME || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'awsdp-e2e');
// Keep in step with scripts/setup-e2e.sh.
const NODE24 = join(E2E_HOME, 'node-24.21.0', 'node_modules', 'node', 'bin');
const CODE_SERVER = join(E2E_HOME, 'code-server-4.139.1', 'node_modules', '.bin', 'code-server');
const CHROMIUM = process.env.AWSDP_E2E_CHROMIUM || '/usr/bin/chromium';
const only = process.env.AWSDP_E2E_ONLY;
const verbose = !!process.env.AWSDP_E2E_VERBOSE;
const out = join(root, 'e2e-results');
const t0 = Date.now();
const lap = (m) => console.log(`[e2e ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);

const results = [];
function record(name, ok, detail = '') {
  results.push({ name, ok });
  console.log(`${ok ? '✔' : '✖'} ${name}${detail ? ` — ${detail}` : ''}`);
}

function fail(msg) {
  console.error(`test:e2e: ${msg}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

for (const [what, p] of [
  ['Node 24', join(NODE24, 'node')],
  ['code-server', CODE_SERVER],
  ['Chromium', CHROMIUM],
])
  if (!existsSync(p)) fail(`${what} is not installed (${p} is missing): run \`bash scripts/setup-e2e.sh\` first.`);
const vsix = join(root, `${pkg.name}-${pkg.version}.vsix`);
if (!existsSync(vsix)) fail(`${vsix} is missing: \`npm run test:e2e\` packages first (npm run package).`);
const suite = join(root, 'client', 'out', 'test', 'suite', 'index.js');
if (!existsSync(suite)) fail(`${suite} is missing: run \`npx tsc -b\`.`);
for (const f of ['dist/client.js', 'dist/server.js'])
  if (statSync(join(root, f)).mtimeMs < statSync(join(root, 'package.json')).mtimeMs - 1) console.warn(`test:e2e: ${f} is older than package.json`);

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const run = mkdtempSync(join(tmpdir(), 'awsdp-e2e-'));

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

/** A workspace folder holding a copy of samples/ (as runTest.ts gives the suite; the tests edit copies). */
function workspace(name) {
  const ws = join(run, name);
  cpSync(join(root, 'samples'), join(ws, 'samples'), { recursive: true });
  return ws;
}

const userData = join(run, 'user-data');
const extensionsDir = join(run, 'extensions');
const xdg = join(run, 'xdg');
mkdirSync(join(userData, 'User'), { recursive: true });
mkdirSync(extensionsDir, { recursive: true });
mkdirSync(xdg, { recursive: true });
writeFileSync(
  join(userData, 'User', 'settings.json'),
  JSON.stringify(
    {
      'workbench.startupEditor': 'none',
      'security.workspace.trust.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'update.mode': 'none',
      'extensions.autoUpdate': false,
      'extensions.autoCheckUpdates': false,
      'extensions.ignoreRecommendations': true,
      'workbench.enableExperiments': false,
      'workbench.tips.enabled': false,
      'chat.disableAIFeatures': true,
      'files.hotExit': 'off',
      'window.restoreWindows': 'none',
      'editor.minimap.enabled': false,
      'editor.stickyScroll.enabled': false,
      'workbench.colorTheme': 'Default Light Modern',
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      'chat.commandCenter.enabled': false,
    },
    null,
    2,
  ),
);
const csEnv = { ...process.env, PATH: `${NODE24}:${process.env.PATH}`, XDG_CONFIG_HOME: xdg, XDG_DATA_HOME: xdg };
delete csEnv.NODE_OPTIONS;
const csCommon = ['--user-data-dir', userData, '--extensions-dir', extensionsDir];

let cs;
let browser;
function stopAll() {
  if (cs?.pid && cs.exitCode === null) {
    try {
      process.kill(-cs.pid, 'SIGTERM');
    } catch {}
  }
}
process.on('exit', () => {
  if (cs?.pid && cs.exitCode === null) {
    try {
      process.kill(-cs.pid, 'SIGKILL');
    } catch {}
  }
});
for (const sig of ['SIGINT', 'SIGTERM'])
  process.on(sig, () => {
    stopAll();
    process.exit(1);
  });

try {
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const wsA = workspace('ws-exthost');
  const wsB = workspace('ws-ui');
  // Its own process group (detached), so the whole tree (extension hosts, language servers) stops together.
  const log = join(out, 'code-server.log');
  const { openSync } = await import('node:fs');
  const logFd = openSync(log, 'w');
  cs = spawn(
    CODE_SERVER,
    [
      '--bind-addr', host, '--auth', 'none', ...csCommon,
      '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
      '--reconnection-grace-time', '10',
    ],
    { env: csEnv, detached: true, stdio: ['ignore', logFd, logFd] },
  );
  const healthy = await waitFor(async () => {
    if (cs.exitCode !== null) throw new Error(`code-server exited with ${cs.exitCode}; see ${log}`);
    try {
      return (await fetch(`http://${host}/healthz`)).ok;
    } catch {
      return false;
    }
  }, 120_000);
  if (!healthy) throw new Error(`code-server did not answer on ${host} within 120 s; see ${log}`);
  lap(`code-server ${spawnSync(join(NODE24, 'node'), [CODE_SERVER, '--version'], { env: csEnv, encoding: 'utf8' }).stdout.split('\n')[0]} up on ${host}`);

  browser = await launchBrowser(CHROMIUM, join(run, 'chromium'));

  if (!only || only === 'exthost') {
    const r = await runExtensionHostSuite(host, wsA);
    record('extension-host suite in code-server (client/out/test/suite)', r.ok, r.detail);
  }

  if (!only || only === 'ui') {
    const inst = spawnSync(CODE_SERVER, [...csCommon, '--install-extension', vsix, '--force'], { env: csEnv, encoding: 'utf8', timeout: 180_000 });
    const installed = inst.status === 0 && /successfully installed/i.test(inst.stdout);
    lap(`code-server --install-extension ${vsix.slice(root.length + 1)}: ${(inst.stdout || inst.stderr || String(inst.error)).trim().split('\n').pop()}`);
    record('the packaged .vsix installs into code-server', installed);
    if (installed) {
      const r = await runUiTest({ browser, url: `http://${host}/?folder=${encodeURIComponent(wsB)}`, workspace: wsB, out, lap, verbose });
      for (const s of r.steps) record(s.name, s.ok, s.detail);
    }
  }
} catch (e) {
  record('e2e run', false, e instanceof Error ? e.message : String(e));
} finally {
  await browser?.close().catch(() => {});
  stopAll();
  if (cs?.pid) await waitFor(() => cs.exitCode !== null || cs.signalCode !== null, 10_000);
  if (verbose) process.stdout.write(readFileSync(join(out, 'code-server.log'), 'utf8'));
  rmSync(run, { recursive: true, force: true });
}

const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
lap(`done; screenshots and the code-server log are in ${out.slice(root.length + 1)}/ (${readdirSync(out).join(', ')})`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);

/**
 * The extension-host suite, the way VS Code's own browser integration tests run: the workbench URL's
 * `payload` names extensionDevelopmentPath/extensionTestsPath, and the test runner reports through
 * window.codeAutomationLog / codeAutomationExit. A built workbench honours the payload only with
 * developmentOptions.enableSmokeTestDriver, which code-server has no flag for: it is set in the
 * configuration <meta> as the parser inserts it, before the workbench reads it.
 */
async function runExtensionHostSuite(host, ws) {
  const remote = (p) => `vscode-remote://${host}${p}`;
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', remote(root)],
    ['extensionTestsPath', remote(suite)],
    ['skipWelcome', 'true'],
  ]);
  const url = `http://${host}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(payload)}`;
  const page = await browser.newPage();
  let resolveDone;
  const done = new Promise((r) => (resolveDone = r));
  const lines = [];
  // The workbench's own log comes through here too: it all goes to e2e-results/exthost.log, and only the
  // suite's lines (and errors that are not known offline noise) to the console.
  const noise = /open-vsx\.org|authentication provider|AccountPolicyGate|AgentHost|connection token|Creating a socket|grace.time|workbench contribution|builtin extensions|Service Worker|vsda|Extension host .* started/i;
  const logFile = join(out, 'exthost.log');
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const line = args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
    lines.push(line);
    appendFileSync(logFile, `[${type}] ${line}\n`);
    if (!noise.test(line)) console.log(`  [exthost] ${line.split('\n').filter((l) => !/^\s+at /.test(l)).join('\n  ')}`);
  });
  await page.exposeFunction('codeAutomationExit', (code) => resolveDone(code));
  if (verbose) page.on('console', (m) => console.log('  [browser]', m.type(), m.text().slice(0, 400)));
  await page.addInitScript(() => {
    const patch = (el) => {
      const cfg = JSON.parse(el.getAttribute('data-settings'));
      cfg.developmentOptions = Object.assign({}, cfg.developmentOptions, { enableSmokeTestDriver: true });
      el.setAttribute('data-settings', JSON.stringify(cfg));
    };
    new MutationObserver((_m, obs) => {
      const el = document.getElementById('vscode-workbench-web-configuration');
      if (el) {
        patch(el);
        obs.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  lap('extension-host suite: opening the workbench with the extension under development');
  await page.goto(url);
  // A bound for a hung run only (each test has its own bound inside); generous for a busy machine.
  const limitMs = Number(process.env.AWSDP_E2E_EXTHOST_TIMEOUT_MS || 900_000);
  let timer;
  const code = await Promise.race([done, new Promise((r) => (timer = setTimeout(() => r('timeout'), limitMs)))]);
  clearTimeout(timer);
  lap(`extension-host suite: exit code ${code}`);
  if (code !== 0) await page.screenshot({ path: join(out, 'exthost-failure.png') }).catch(() => {});
  await page.close().catch(() => {});
  const summary = lines.filter((l) => /^\d+ passed, \d+ failed/.test(l.trim())).pop();
  return { ok: code === 0 && !!summary && /, 0 failed/.test(summary), detail: code === 'timeout' ? `no result within ${limitMs / 1000} s` : (summary ?? `exit code ${code}`) };
}
