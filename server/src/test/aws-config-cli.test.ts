/**
 * AWS SDK/CLI shared config files in a workspace: the walker picks `.aws/config` and `.aws/credentials`
 * (and no other file of those names), the bundled CLI (`node dist/cli.js`) reports them, `--fix` writes
 * the safe fix, and the editor's file watcher (isWalked) says the same as the walk.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { collectFiles, isWalked } from '../engine/index';
import { assertContract, cleanup, repoRoot, tempDir, writeTree } from './cli-support';

const repo = repoRoot();
const cli = path.join(repo, 'dist', 'cli.js');
const dirs: string[] = [];
after(() => dirs.forEach(cleanup));

function tree(files: Record<string, string>): string {
  const d = tempDir('awsdp-awsconfig-');
  dirs.push(d);
  writeTree(d, files);
  return d;
}

function awsdp(args: string[], cwd: string) {
  assert.ok(fs.existsSync(cli), `${cli} is missing: run node scripts/build.mjs before the tests`);
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '' }, timeout: 60_000 });
  if (r.error) throw r.error;
  return r;
}

const FILES = {
  'infra/.aws/config': '[profile deploy]\nregion = us-east-2\nuse_fips_endpoint = false\n',
  'infra/.aws/credentials': '[ci]\ncredential_process = /usr/local/bin/creds\nregion = us-west-2\n',
  'app/config': '[default]\nuse_fips_endpoint = false\n',
  'app/.aws/cli/alias': '[toplevel]\nwhoami = sts get-caller-identity\n',
  '.aws/config.bak': '[default]\nuse_fips_endpoint = false\n',
  'main.tf': '',
};

describe('AWS config files in a workspace', () => {
  test('the walker picks .aws/config and .aws/credentials only; the watcher agrees', () => {
    const d = tree(FILES);
    const files = collectFiles([d], { onError: () => assert.fail('no error expected') }).map((f) => path.relative(d, f).split(path.sep).join('/'));
    assert.deepEqual(files, ['main.tf', 'infra/.aws/config', 'infra/.aws/credentials']);
    for (const rel of Object.keys(FILES)) assert.equal(isWalked(d, path.join(d, rel)), files.includes(rel), rel);
  });

  test('awsdp scan reports a profile of .aws/config; --fix writes the safe fix', () => {
    const d = tree(FILES);
    const r = awsdp(['scan', '.', '--format', 'json', '--fail-on', 'none', '--no-progress'], d);
    assert.equal(r.status, 0, r.stderr);
    const found = assertContract(JSON.parse(r.stdout)).map((f) => [f.ruleId, f.file, f.line, f.column]);
    assert.deepEqual(found, [
      ['DP403', 'infra/.aws/config', 3, 21],
      ['DP404', 'infra/.aws/credentials', 1, 2],
    ]);
    const fix = awsdp(['scan', '.', '--fix', '--fail-on', 'none', '--no-progress'], d);
    assert.equal(fix.status, 0, fix.stderr);
    assert.equal(fs.readFileSync(path.join(d, 'infra/.aws/config'), 'utf8'), '[profile deploy]\nregion = us-east-2\nuse_fips_endpoint = true\n');
    // The unsafe DP404 fix stays a suggestion; files that are not AWS config files are untouched.
    assert.equal(fs.readFileSync(path.join(d, 'infra/.aws/credentials'), 'utf8'), FILES['infra/.aws/credentials']);
    assert.equal(fs.readFileSync(path.join(d, 'app/config'), 'utf8'), FILES['app/config']);
  });
});
