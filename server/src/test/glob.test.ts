/**
 * Globs of `.awsdp.yaml` and patterns of `.gitignore` files are matched in time linear in the path
 * (engine/glob.ts; issue 15, item 3). Same answers as picomatch and the `ignore` package on ordinary
 * globs (a differential test), and the patterns that made those backtrack for hours end — checked
 * through the CLI with a generous child timeout and a functional assertion, never a time bound.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import ignore from 'ignore';
import picomatch from 'picomatch';
import { ConfigError, FileFilter, parseConfig } from '../engine/config';
import { compileGlobs, Gitignore } from '../engine/glob';
import { cleanup, repoRoot, tempDir } from './cli-support';

const PATHS = [
  'main.tf', 'a/main.tf', 'a/b/main.tf', 'infra/legacy/x.tf', 'infra/x.tf', 'infra', '.hidden/x.tf', 'x/.env.json', 'cdk.out/t.json',
  'a.b.json', 'ab', 'abc', 'a/b', 'a/x/b', 'a/x/y/b', 'build/out/t.yaml', 'src/build', 'docs/[x].tf', 'Main.TF', 'a/b/c/d/e/f.yaml',
];
const GLOBS = [
  '**/*.tf', '*.tf', 'infra/**', 'infra/legacy/**', '**/legacy/**', 'a/**/b', '**/b', 'a/*/b', 'a?c', '[ab]*', '[^a]*', '**/*.{tf,json}',
  '.hidden/**', '**/.env.*', 'cdk.out/*.json', 'a/b/**/*.yaml', '**', '*', 'a/**', '**/x/**', '{a,infra}/**/*.tf', 'docs/\\[x\\].tf',
];

test('config globs: the same answers as picomatch (dot: true) on ordinary globs', () => {
  // One difference, on purpose: `[!a]` is a negated class (as in the shell and .gitignore); picomatch reads `!` literally.
  assert.equal(compileGlobs(['[!a]*'])('main.tf'), true);
  for (const g of GLOBS) {
    const ours = compileGlobs([g]);
    const theirs = picomatch(g, { dot: true });
    for (const p of PATHS) assert.equal(ours(p), theirs(p), `${g} on ${p}`);
  }
});

const GITIGNORES = [
  '*.tf', '/build', 'build/', 'build', 'a/b', '**/b', 'a/**/b', '!main.tf', 'x/', '*.json\n!a.b.json', 'infra/*\n!infra/x.tf', 'docs/\\[x\\].tf',
  '# comment\n\n*.yaml', 'a?c', '[ab]*', '**/legacy', 'legacy/', '/a/', 'cdk.out', 'e/', '\\!x', 'trailing.tf   ',
];

test('.gitignore: the same answers as the ignore package on ordinary patterns, files and directories', () => {
  for (const text of GITIGNORES) {
    const ours = new Gitignore(text);
    const theirs = ignore({ ignorecase: false }).add(text);
    for (const p of PATHS) {
      for (const rel of [p, `${p}/`]) {
        const a = ours.test(rel);
        const b = theirs.test(rel);
        assert.deepEqual([a.ignored, a.unignored], [b.ignored, b.unignored], `${JSON.stringify(text)} on ${rel}`);
      }
    }
  }
});

const DEEP_GLOB = Array(8).fill('**/a').join('/') + '/**/b';
const deepPath = (depth: number, seg = 'a') => Array(depth).fill(seg).join('/') + '/x.tf';

test('patterns that backtrack in regular-expression matchers are answered (deep and long paths)', () => {
  const f = new FileFilter(parseConfig(`exclude: ["${DEEP_GLOB}", "**/*a*/**/*a*/**/*a*/**/b"]\ninclude: ["**/a*/**/a*/**/a*/**/*.tf"]`));
  for (const p of [deepPath(60), deepPath(200), deepPath(64, 'a'.repeat(200))]) assert.equal(f.accepts(p), true);
  const g = new Gitignore(`${DEEP_GLOB}\n**/*a*a*a*a*a*a*a*a*a*a*b\n*a*a*a*a*a*a*a*a*a*a*a*a*b/`);
  for (const p of [deepPath(60), deepPath(200), deepPath(64, 'a'.repeat(200))]) {
    assert.deepEqual(g.test(p), { ignored: false, unignored: false });
    assert.deepEqual(g.test(p.replace(/x\.tf$/, '')), { ignored: false, unignored: false });
  }
  assert.equal(new Gitignore(DEEP_GLOB).test(deepPath(60).replace(/x\.tf$/, 'b')).ignored, true);
});

test('brace expansion is bounded, with a message that says so', () => {
  assert.throws(() => parseConfig(`exclude: ["${'{a,b}'.repeat(9)}"]`), (e: unknown) => e instanceof ConfigError && /braces expand to more than 256 alternatives/.test(e.message));
});

describe('the CLI ends on a deep tree with a crafted glob in .awsdp.yaml or .gitignore', () => {
  let dir: string;
  const CLI_JS = path.join(repoRoot(), 'dist', 'cli.js');
  before(() => {
    dir = tempDir('awsdp-glob-');
    for (const [name, file, text] of [['cfg', '.awsdp.yaml', `exclude: ["${DEEP_GLOB}"]\n`], ['gi', '.gitignore', `${DEEP_GLOB}\n`]]) {
      const leaf = path.join(dir, name, ...Array(60).fill('a'));
      mkdirSync(leaf, { recursive: true });
      copyFileSync(path.join(repoRoot(), 'samples', 'terraform', 'logs-bucket.tf'), path.join(leaf, 'x.tf'));
      writeFileSync(path.join(dir, name, file), text);
    }
  });
  after(() => cleanup(dir));
  for (const name of ['cfg', 'gi']) {
    test(`${name === 'cfg' ? '.awsdp.yaml exclude' : '.gitignore'}: the scan ends and reports the file 60 directories down`, () => {
      // The timeout only stops a hang; the assertion is what the scan reports.
      const r = spawnSync(process.execPath, [CLI_JS, 'scan', '--no-progress', '--format', 'json', name], { cwd: dir, encoding: 'utf8', timeout: 90_000 });
      assert.equal(r.signal, null, 'the scan did not end (killed by the test timeout)');
      assert.equal(r.status, 1, r.stderr);
      const files = (JSON.parse(r.stdout) as { findings: { file: string }[] }).findings.map((f) => f.file);
      assert.deepEqual(files, [`${Array(60).fill('a').join('/')}/x.tf`]);
    });
  }
});
