import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

// bin/awsdp.js in a source checkout warns when dist/ is older than server/src (a `git pull`
// without `npm run build` would otherwise run an earlier commit's rules without a word).
const repo = join(__dirname, '..', '..', '..');

function checkout(opts: { sources: boolean }): string {
  const dir = mkdtempSync(join(tmpdir(), 'awsdp-stale-'));
  mkdirSync(join(dir, 'bin'));
  cpSync(join(repo, 'bin', 'awsdp.js'), join(dir, 'bin', 'awsdp.js'));
  cpSync(join(repo, 'bin', 'check-build.js'), join(dir, 'bin', 'check-build.js'));
  mkdirSync(join(dir, 'dist'));
  writeFileSync(join(dir, 'dist', 'cli.js'), "process.stdout.write('ran');\n");
  if (opts.sources) {
    mkdirSync(join(dir, 'server', 'src', 'engine', 'rules'), { recursive: true });
    writeFileSync(join(dir, 'server', 'src', 'engine', 'rules', 'index.ts'), 'export {};\n');
  }
  return dir;
}

function run(dir: string) {
  return spawnSync(process.execPath, [join(dir, 'bin', 'awsdp.js')], { encoding: 'utf8' });
}

test('a build newer than the sources runs without a warning', () => {
  const dir = checkout({ sources: true });
  try {
    utimesSync(join(dir, 'server', 'src', 'engine', 'rules', 'index.ts'), 1_000_000, 1_000_000);
    const r = run(dir);
    assert.equal(r.stdout, 'ran');
    assert.equal(r.stderr, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a build older than a source file warns once, names the file, and still runs', () => {
  const dir = checkout({ sources: true });
  try {
    utimesSync(join(dir, 'dist', 'cli.js'), 1_000_000, 1_000_000);
    const r = run(dir);
    assert.equal(r.stdout, 'ran');
    assert.match(r.stderr, /^awsdp: dist\/cli\.js is older than the sources \(server[/\\]src[/\\]engine[/\\]rules[/\\]index\.ts\); run `npm run build`/);
    assert.equal(r.stderr.split('\n').filter(Boolean).length, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an installed package (no sources) is not checked', () => {
  const dir = checkout({ sources: false });
  try {
    utimesSync(join(dir, 'dist', 'cli.js'), 1_000_000, 1_000_000);
    const r = run(dir);
    assert.equal(r.stdout, 'ran');
    assert.equal(r.stderr, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
