/**
 * Credential-shaped text in file paths is masked in every report format and message, the way
 * messages are masked, keeping what locates the file (issue 15, item 9).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { maskPath } from '../engine/index';
import { cleanup, repoRoot, tempDir } from './cli-support';

const KEY = 'AKIAZ7Q3XK2M4N5P6R8T';
const NAME = `alice@corp.com-${KEY}.json`;

test('maskPath: names with credential-shaped text are masked, the rest of the path and the extensions kept', () => {
  assert.equal(maskPath(`team/${NAME}`), 'team/alic****************.json');
  assert.equal(maskPath(`${KEY}/main.tf`), 'AKIA********/main.tf');
  assert.equal(maskPath(`x/${KEY}.tf.json`), 'x/AKIA********.tf.json');
  assert.equal(maskPath('C:\\repo\\AKIAZ7Q3XK2M4N5P6R8T\\p.json'), 'C:\\repo\\AKIA********\\p.json');
  assert.equal(maskPath('infra/prod/main.tf'), 'infra/prod/main.tf');
});

describe('the CLI prints no credential-shaped path in clear', () => {
  let dir: string;
  const CLI_JS = path.join(repoRoot(), 'dist', 'cli.js');
  before(() => {
    dir = tempDir('awsdp-mask-');
    mkdirSync(path.join(dir, 'ws'));
    copyFileSync(path.join(repoRoot(), 'samples', 'iam', 'shared-reports-bucket-policy.json'), path.join(dir, 'ws', NAME));
    symlinkSync('nowhere', path.join(dir, `gone-${KEY}.json`));
  });
  after(() => cleanup(dir));
  for (const format of ['text', 'json', 'sarif']) {
    test(`--format ${format}, and the stderr message of a file that cannot be read`, () => {
      const r = spawnSync(process.execPath, [CLI_JS, 'scan', '--no-progress', '--format', format, 'ws', `gone-${KEY}.json`], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
      assert.equal(r.status, 1, r.stderr);
      const all = r.stdout + r.stderr;
      assert.ok(!all.includes('Z7Q3XK2M4N5P6R8T') && !all.includes('alice@'), `in clear:\n${all}`);
      assert.ok(r.stdout.includes('alic****************.json'), 'the masked name locates the file');
      assert.match(r.stderr, /awsdp: cannot read gone-AKIA\*+\.json: /);
    });
  }
});
