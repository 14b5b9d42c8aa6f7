/**
 * Generated files that are committed (docs/rules/, the CloudFormation tables) are checked, never
 * rewritten, by `npm test` (scripts/build.mjs --check): a stale one fails with what to run.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readdirSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO } from './fixtures';

const genDocs = (...args: string[]) => spawnSync(process.execPath, [join(REPO, 'scripts', 'gen-docs.mjs'), ...args], { cwd: REPO, encoding: 'utf8' });

test('gen-docs --check: a page out of date, missing or left over fails with what to run; nothing is written', () => {
  const dir = mkdtempSync(join(tmpdir(), 'awsdp-docs-'));
  try {
    cpSync(join(REPO, 'docs', 'rules'), dir, { recursive: true });
    assert.equal(genDocs('--check', `--docs-dir=${dir}`).status, 0, 'an exact copy is up to date');
    appendFileSync(join(dir, 'DP201.md'), '\nedited by hand\n');
    unlinkSync(join(dir, 'README.md'));
    appendFileSync(join(dir, 'DP999.md'), '# a removed rule\n');
    const before = readdirSync(dir).sort();
    const r = genDocs('--check', `--docs-dir=${dir}`);
    assert.equal(r.status, 1);
    assert.equal(
      r.stderr,
      [
        `gen-docs: out of date: ${dir}/DP201.md`,
        `gen-docs: missing: ${dir}/README.md`,
        `gen-docs: stale: ${dir}/DP999.md`,
        'gen-docs: the rule docs are generated from the rule metadata: run `node scripts/gen-docs.mjs` (or `npm run build`) and commit docs/rules/',
        '',
      ].join('\n'),
    );
    assert.deepEqual(readdirSync(dir).sort(), before, '--check writes nothing');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('npm test builds with --check: the generators compare instead of writing', () => {
  const pkg = JSON.parse(spawnSync(process.execPath, ['-p', 'JSON.stringify(require("./package.json").scripts)'], { cwd: REPO, encoding: 'utf8' }).stdout);
  assert.match(pkg.test, /^node scripts\/build\.mjs --check && /);
  assert.match(pkg.build, /^node scripts\/build\.mjs$/);
});
