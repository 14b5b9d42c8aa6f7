/**
 * Nothing leaves the machine. Three checks, each on the bundles users run (dist/):
 *
 * 1. A preload (no-network-preload.ts, through NODE_OPTIONS so that worker threads and child
 *    processes get it) makes every network API throw and records each attempt. A CLI scan (also
 *    with worker threads) and a language server session must work and record none.
 * 2. On Linux, the same scan and session run in a network namespace with no interfaces
 *    (`unshare -n`, or `unshare -rn` for a user that is not root). If neither works the test fails
 *    (it does not skip): run the suite where unshare is allowed.
 * 3. None of it writes a file in the workspace.
 * 4. The bundles require no network module (http, https, http2, tls, dns, dgram; `net` only where
 *    the LSP socket transports need it) and no telemetry package; the server sends no
 *    `telemetry/event`.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CodeActionRequest, DidOpenTextDocumentNotification } from 'vscode-languageserver/node';
import { pathToUri, REPO_ROOT, SERVER_JS, TestClient } from './server-lsp-client';

const CLI_JS = path.join(REPO_ROOT, 'dist', 'cli.js');
const PRELOAD = path.join(__dirname, 'no-network-preload.js');
const SAMPLES = path.join(REPO_ROOT, 'samples');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], opts: { launcher?: string[]; env?: NodeJS.ProcessEnv; cwd: string }): Run {
  const [command, ...prefix] = [...(opts.launcher ?? []), process.execPath];
  const r = spawnSync(command, [...prefix, CLI_JS, ...args], { cwd: opts.cwd, env: opts.env ?? process.env, encoding: 'utf8', timeout: 120_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function attempts(log: string): string[] {
  return existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
}

/** A workspace with every sample, copied many times so that the CLI uses its worker threads. */
function makeWorkspace(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'awsdp-offline-'));
  for (let i = 0; i < 12; i++) cpSync(SAMPLES, path.join(dir, `copy${i}`), { recursive: true });
  return dir;
}

/** Every file under `dir` with a hash of its content and its modification time. */
function filesOf(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else out.set(path.relative(dir, p), `${createHash('sha256').update(readFileSync(p)).digest('hex')} ${statSync(p).mtimeMs}`);
    }
  }
  return new Map([...out].sort());
}

/** The findings of a JSON report, as comparable lines. */
function findingsOf(stdout: string): string[] {
  const report = JSON.parse(stdout) as { findings: { file: string; line: number; ruleId: string }[] };
  return report.findings.map((f) => `${f.file}:${f.line}:${f.ruleId}`);
}

async function serverSession(root: string, opts: { env?: NodeJS.ProcessEnv; launcher?: string[] }): Promise<{ diagnostics: number; client: TestClient }> {
  const client = await TestClient.start({ rootDir: root, ...opts });
  try {
    let diagnostics = 0;
    const files: [string, string][] = [
      ['copy0/iam/shared-reports-bucket-policy.json', 'json'],
      ['copy0/cloudformation/bucket-policy-missing-tls.yaml', 'yaml'],
      ['copy0/terraform/logs-bucket.tf', 'terraform'],
    ];
    for (const [rel, languageId] of files) {
      const uri = pathToUri(path.join(root, rel));
      await client.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text: readFileSync(path.join(root, rel), 'utf8') } });
      const d = await client.diagnosticsFor(uri, 1);
      diagnostics += d.diagnostics.length;
      if (d.diagnostics.length) await client.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: d.diagnostics[0].range, context: { diagnostics: d.diagnostics } });
    }
    assert.deepEqual(client.otherNotifications, [], 'no telemetry/event');
    assert.equal(await client.stop(), 0);
    return { diagnostics, client };
  } finally {
    client.kill();
  }
}

describe('nothing leaves the machine', () => {
  let root: string;
  let logDir: string;
  let offlineEnv: (log: string) => NodeJS.ProcessEnv;
  let baseline: string[];
  let snapshot: Map<string, string>;

  before(() => {
    assert.ok(existsSync(CLI_JS) && existsSync(SERVER_JS), 'run "node scripts/build.mjs" first');
    root = makeWorkspace();
    snapshot = filesOf(root);
    logDir = mkdtempSync(path.join(tmpdir(), 'awsdp-netlog-'));
    offlineEnv = (log) => ({ ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${PRELOAD}`.trim(), AWSDP_NET_LOG: log });
    const r = runCli(['scan', '--format', 'json', '--no-progress', '.'], { cwd: root, env: { ...process.env, AWSDP_WORKERS: '2' } });
    assert.equal(r.status, 1, r.stderr);
    baseline = findingsOf(r.stdout);
    assert.ok(baseline.length >= 12, 'the samples have findings');
  });

  after(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(logDir, { recursive: true, force: true });
  });

  test('the preload blocks and records every network API (self-test)', () => {
    const log = path.join(logDir, 'self-test.log');
    const code = `
      const tryIt = (f) => { try { f(); } catch {} };
      tryIt(() => require('https').get('https://example.com'));
      tryIt(() => require('http').request('http://example.com'));
      tryIt(() => require('net').connect(443, 'example.com'));
      tryIt(() => new (require('net').Socket)().connect(443, '1.1.1.1'));
      tryIt(() => require('tls').connect(443, 'example.com'));
      tryIt(() => require('dns').lookup('example.com', () => {}));
      tryIt(() => require('dgram').createSocket('udp4'));
      tryIt(() => fetch('https://example.com'));
      const { Worker } = require('worker_threads');
      new Worker("try { require('https').get('https://example.com'); } catch {}", { eval: true });
    `;
    const r = spawnSync(process.execPath, ['-e', code], { env: offlineEnv(log), encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 0, r.stderr);
    const apis = attempts(log).map((l) => (JSON.parse(l) as { api: string; thread: string }).api + '@' + (JSON.parse(l) as { thread: string }).thread);
    for (const api of ['node:https.get@main', 'node:http.request@main', 'node:net.connect@main', 'net.Socket.prototype.connect@main', 'node:tls.connect@main', 'node:dns.lookup@main', 'node:dgram.createSocket@main', 'fetch@main', 'node:https.get@worker']) {
      assert.ok(apis.includes(api), `${api} is blocked and recorded (got ${apis.join(', ')})`);
    }
  });

  test('CLI scan, in the main thread and with worker threads, makes no network call', () => {
    for (const workers of ['0', '2']) {
      const log = path.join(logDir, `cli-${workers}.log`);
      const r = runCli(['scan', '--format', 'json', '--no-progress', '.'], { cwd: root, env: { ...offlineEnv(log), AWSDP_WORKERS: workers } });
      assert.equal(r.status, 1, r.stderr);
      assert.deepEqual(findingsOf(r.stdout), baseline, 'same findings offline');
      assert.deepEqual(attempts(log), [], `no network attempt (AWSDP_WORKERS=${workers})`);
    }
  });

  test('language server session makes no network call and sends no telemetry', async () => {
    const log = path.join(logDir, 'server.log');
    const { diagnostics } = await serverSession(root, { env: offlineEnv(log) });
    assert.ok(diagnostics >= 2, 'the server analysed the files');
    assert.deepEqual(attempts(log), []);
  });

  test('in a network namespace with no interfaces (unshare), the CLI and the server work', async (t) => {
    if (process.platform !== 'linux') {
      t.diagnostic(`unshare exists on Linux only (platform ${process.platform}); the preload checks above still ran`);
      return;
    }
    // root may use `unshare -n`; another user needs a user namespace as well (`-r`).
    const launcher = [['unshare', '-n'], ['unshare', '-rn']].find((l) => spawnSync(l[0], [...l.slice(1), 'true']).status === 0);
    assert.ok(launcher, 'neither `unshare -n` nor `unshare -rn` works here: install util-linux and allow (user) namespaces, or run as root');
    // Inside, there is really no network: a connection fails at once.
    const probe = spawnSync(launcher[0], [...launcher.slice(1), process.execPath, '-e', "require('net').connect(53, '8.8.8.8').on('error', (e) => { console.log(e.code); process.exit(0); }).on('connect', () => { console.log('CONNECTED'); process.exit(1); })"], { encoding: 'utf8', timeout: 30_000 });
    assert.match(probe.stdout.trim(), /^(ENETUNREACH|EHOSTUNREACH|ECONNREFUSED|EACCES|EPERM)$/, `no network inside the namespace: ${probe.stdout} ${probe.stderr}`);

    const r = runCli(['scan', '--format', 'json', '--no-progress', '.'], { cwd: root, launcher, env: { ...process.env, AWSDP_WORKERS: '2' } });
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual(findingsOf(r.stdout), baseline, 'same findings without a network');
    const { diagnostics } = await serverSession(root, { launcher });
    assert.ok(diagnostics >= 2);
  });

  test('the scans and sessions above wrote nothing in the workspace', () => {
    // No `--fix`, no cache, no temp file: the user's files are only ever changed by an edit they pick.
    assert.deepEqual(filesOf(root), snapshot);
  });

  test('the bundles need no network module and ship no telemetry', () => {
    const FORBIDDEN = ['http', 'https', 'http2', 'tls', 'dns', 'dgram', 'undici'];
    const requires = (file: string) => [...readFileSync(file, 'utf8').matchAll(/\brequire\("(?:node:)?([^"]+)"\)/g)].map((m) => m[1]);
    const bundles = ['cli.js', 'cli-main.js', 'server.js', 'worker.js', 'client.js'].map((b) => path.join(REPO_ROOT, 'dist', b)).filter(existsSync);
    assert.ok(bundles.length >= 3);
    for (const b of bundles) {
      const mods = requires(b);
      assert.deepEqual(mods.filter((m) => FORBIDDEN.includes(m)), [], `${path.basename(b)} requires no network module`);
      // `net` is for the LSP socket/pipe transports (server, client), never the CLI.
      if (['cli.js', 'cli-main.js', 'worker.js'].includes(path.basename(b))) assert.ok(!mods.includes('net'), `${path.basename(b)} does not require net`);
      // Telemetry packages as bundled (esbuild's `// node_modules/<package>/…` markers) or required; not
      // the words alone: AWS's own service names (the `applicationinsights` endpoint in the FIPS table) are data.
      const TELEMETRY = /(node_modules\/|require\(")(applicationinsights|@vscode\/extension-telemetry|@vscode\/telemetry|@sentry\/|posthog|mixpanel|analytics-node|@segment\/)|segment\.io/i;
      assert.doesNotMatch(readFileSync(b, 'utf8'), TELEMETRY, `${path.basename(b)} has no telemetry package`);
    }
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { dependencies?: object; devDependencies?: object; contributes: { configuration: { properties: Record<string, { default?: unknown }> } } };
    const deps = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies });
    assert.deepEqual(deps.filter((d) => /telemetry|analytics|sentry|insights/i.test(d)), []);
    // The protocol trace (which would log document contents) is off unless the user turns it on.
    assert.equal(pkg.contributes.configuration.properties['awsdp.trace.server'].default, 'off');
  });
});

