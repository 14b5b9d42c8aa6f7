/**
 * The CLI the way a user gets it: `npm pack` the package (the bundles already built by
 * `node scripts/build.mjs`), install the tarball into an empty folder offline (a fresh npm cache,
 * `--offline`, and inside a network namespace with no interfaces where `unshare` allows it), and run
 * the installed `awsdp` on samples/. The package has no runtime dependencies: everything the CLI
 * needs is bundled into dist/ by esbuild, so the install must bring exactly one package.
 */
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import type * as sarif from 'sarif';
import { allRules } from '../engine/index';
import { cleanup, repoRoot, tempDir } from './cli-support';
import { sarifSchemaErrors } from './sarif-schema';

const repo = repoRoot();
const dirs: string[] = [];
after(() => dirs.forEach(cleanup));

function sh(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 180_000 });
  if (r.error) throw r.error;
  return r;
}

/** `unshare` arguments that give a process no network, or undefined where that is not allowed. */
function noNetwork(): string[] | undefined {
  if (process.platform !== 'linux') return undefined;
  for (const args of [['-n'], ['-rn']]) {
    const r = spawnSync('unshare', [...args, 'true'], { encoding: 'utf8' });
    if (!r.error && r.status === 0) return args;
  }
  return undefined;
}

/** Total size in bytes of the regular files under `dir`. */
function duBytes(dir: string): number {
  let sum = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) sum += fs.statSync(path.join(e.parentPath, e.name)).size;
  }
  return sum;
}

interface PackInfo {
  filename: string;
  size: number;
  unpackedSize: number;
  files: { path: string; size: number }[];
}

/** What may be in the package: the bundles, the wasm files and licences, the grammar, the docs at the root. */
const ALLOWED = [
  /^bin\/[a-z-]+\.js$/,
  /^dist\/[a-z-]+\.js$/,
  /^dist\/[a-z-]+\.wasm$/,
  /^dist\/[a-z-]+\.(LICENSE|NOTICE)$/,
  /^dist\/THIRD_PARTY_LICENSES\.txt$/,
  /^syntaxes\/[a-zA-Z.-]+\.json$/,
  /^(package\.json|README\.md|LICENSE|THIRD_PARTY_NOTICES\.md|CHANGELOG\.md|language-configuration\.json)$/,
];

describe('the npm package, installed from its tarball', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as Record<string, unknown> & { version: string; name: string };

  test('package.json: public, Node >= 20, no runtime dependencies, a files list, both commands, still a VS Code extension', () => {
    assert.equal(pkg.private, undefined, 'not private: it is published');
    assert.equal((pkg.engines as Record<string, string>).node, '>=20');
    assert.match((pkg.engines as Record<string, string>).vscode, /^\^1\.\d+\.\d+$/, 'vsce needs engines.vscode');
    for (const k of ['dependencies', 'optionalDependencies', 'peerDependencies', 'bundleDependencies', 'bundledDependencies']) assert.equal(pkg[k], undefined, `no ${k}: everything is bundled`);
    assert.deepEqual(pkg.bin, { awsdp: './bin/awsdp.js', 'awsdp-language-server': './bin/awsdp-language-server.js' });
    assert.equal(pkg.main, './dist/client.js', 'the extension entry (vsce)');
    assert.ok(Array.isArray(pkg.files) && pkg.files.length > 0, 'a files list');
    // The files list serves npm; vsce packages a staged folder (scripts/vsix-stage.mjs) whose manifest has no
    // files list and whose ignore file is the repository's .vscodeignore (vsce refuses the two together).
    assert.ok(fs.existsSync(path.join(repo, '.vscodeignore')), 'the .vscodeignore vsce applies to the staged extension');
    // Every library the bundles need is a devDependency (bundled by esbuild), never installed for users.
    const dev = pkg.devDependencies as Record<string, string>;
    for (const lib of ['yaml', 'jsonc-parser', 'web-tree-sitter', 'vscode-languageserver', 'vscode-languageclient']) assert.ok(dev[lib], `${lib} is a devDependency`);
  });

  test('npm pack, install offline into an empty folder, awsdp scan samples --format sarif', (t) => {
    for (const b of ['cli.js', 'cli-main.js', 'worker.js', 'server.js', 'client.js', 'web-tree-sitter.wasm', 'tree-sitter-terraform.wasm']) {
      assert.ok(fs.existsSync(path.join(repo, 'dist', b)), `dist/${b} is missing: run node scripts/build.mjs before the tests`);
    }
    const work = tempDir('awsdp-pack-');
    dirs.push(work);
    // --ignore-scripts: pack the bundles as built (prepare would rebuild them).
    const packed = sh('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], repo);
    assert.equal(packed.status, 0, packed.stderr);
    const [info] = JSON.parse(packed.stdout) as PackInfo[];
    const tarball = path.join(work, info.filename);
    assert.ok(fs.existsSync(tarball));

    const names = info.files.map((f) => f.path).sort();
    for (const n of names) assert.ok(ALLOWED.some((re) => re.test(n)), `unexpected file in the package: ${n}`);
    for (const n of ['bin/awsdp.js', 'bin/awsdp-language-server.js', 'bin/check-build.js', 'dist/cli.js', 'dist/cli-main.js', 'dist/worker.js', 'dist/cli-patterns.js', 'dist/server.js', 'dist/client.js', 'dist/web-tree-sitter.wasm', 'dist/tree-sitter-terraform.wasm', 'dist/THIRD_PARTY_LICENSES.txt', 'LICENSE', 'README.md', 'THIRD_PARTY_NOTICES.md']) {
      assert.ok(names.includes(n), `${n} is in the package`);
    }
    assert.ok(!names.some((n) => n.endsWith('.map') || n.endsWith('.ts')), 'no source maps, no sources');

    // An empty folder, an empty npm cache, --offline: nothing can come from a registry.
    const app = path.join(work, 'app');
    fs.mkdirSync(app);
    const cache = path.join(work, 'npm-cache');
    const unshare = noNetwork();
    const npmArgs = ['install', '--offline', '--no-audit', '--no-fund', '--no-package-lock', '--cache', cache, tarball];
    const inst = unshare ? sh('unshare', [...unshare, 'npm', ...npmArgs], app) : sh('npm', npmArgs, app);
    assert.equal(inst.status, 0, `npm install of the tarball: ${inst.stderr}`);
    if (!unshare) t.diagnostic('unshare is not allowed here: the install ran with --offline and an empty cache, not in a network namespace');
    const installed = fs.readdirSync(path.join(app, 'node_modules')).filter((n) => !n.startsWith('.'));
    assert.deepEqual(installed, ['aws-data-protection'], 'exactly one package installed: no runtime dependencies');
    const bin = path.join(app, 'node_modules', '.bin', 'awsdp');
    assert.ok(fs.existsSync(bin), 'node_modules/.bin/awsdp');

    const version = sh(bin, ['--version'], app);
    assert.deepEqual([version.status, version.stdout], [0, `${pkg.version}\n`]);

    // Scan a copy of samples/ next to the installed package (not the checkout: no sources nearby).
    fs.cpSync(path.join(repo, 'samples'), path.join(app, 'samples'), { recursive: true });
    const scan = unshare ? sh('unshare', [...unshare, bin, 'scan', 'samples', '--format', 'sarif', '--no-progress'], app) : sh(bin, ['scan', 'samples', '--format', 'sarif', '--no-progress'], app);
    assert.equal(scan.status, 1, `samples hold errors: exit 1 (stderr: ${scan.stderr})`);
    assert.doesNotMatch(scan.stderr, /older than the sources|internal error|not analysed/);
    const log = JSON.parse(scan.stdout) as sarif.Log;
    assert.equal(log.version, '2.1.0');
    assert.deepEqual(sarifSchemaErrors(log), [], 'valid against the SARIF 2.1.0 schema');
    const run = log.runs[0];
    assert.equal(run.tool.driver.name, 'awsdp');
    assert.equal(run.tool.driver.version, pkg.version);
    assert.deepEqual(
      run.tool.driver.rules?.map((r) => r.id),
      allRules.map((r) => r.meta.id),
      'the installed CLI runs every rule of this checkout',
    );
    const results = run.results ?? [];
    assert.ok(results.length > 0, 'findings in samples/');
    // Every format is analysed by the installed bundle (Terraform needs the wasm files next to it).
    const uris = new Set(results.map((r) => r.locations?.[0].physicalLocation?.artifactLocation?.uri ?? ''));
    for (const ext of ['.tf', '.yaml', '.json']) assert.ok([...uris].some((u) => u.endsWith(ext)), `a finding in a ${ext} file`);
    for (const r of results) assert.ok(r.partialFingerprints && Object.keys(r.partialFingerprints).length > 0, 'fingerprints for code scanning');

    const installedBytes = duBytes(path.join(app, 'node_modules'));
    t.diagnostic(`tarball ${info.filename}: ${(info.size / 1024).toFixed(0)} KiB (${info.files.length} files); installed: ${(installedBytes / 1024 / 1024).toFixed(2)} MiB`);
    assert.ok(info.size > 0 && installedBytes >= info.unpackedSize);
  });
});
