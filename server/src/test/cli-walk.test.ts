/** The directory walker: .gitignore (root, nested, negation, above the scan root), skipped and forced directories, symlinks. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { collectFiles } from '../engine/index';
import { cleanup, tempDir, writeTree } from './cli-support';

const dirs: string[] = [];
after(() => dirs.forEach(cleanup));

function tree(files: Record<string, string>): string {
  const d = tempDir('awsdp-walk-');
  dirs.push(d);
  writeTree(d, files);
  return d;
}

function walk(targets: string[], root: string, accept?: (f: string) => boolean) {
  const errors: string[] = [];
  const files = collectFiles(
    targets.map((t) => path.resolve(root, t)),
    { accept, onError: (f, e) => errors.push(`${path.relative(root, f)}: ${e.code}`) },
  );
  return { files: files.map((f) => path.relative(root, f).split(path.sep).join('/')), errors };
}

describe('walker', () => {
  test('candidate files only, in name order, directory files before subdirectories', () => {
    const d = tree({ 'b.tf': '', 'a.yaml': '', 'z/c.json': '', 'README.md': '', 'notes.txt': '', 'y/t.template': '', 'x.jsonc': '', 'k.yml': '', 'm.tf.json': '' });
    assert.deepEqual(walk(['.'], d).files, ['a.yaml', 'b.tf', 'k.yml', 'm.tf.json', 'x.jsonc', 'y/t.template', 'z/c.json']);
  });

  test('.gitignore at the root and nested, with negation and directory-only patterns', () => {
    const d = tree({
      '.gitignore': 'build/\n*.gen.json\n/top-only.tf\n',
      'main.tf': '',
      'top-only.tf': '',
      'build/out.json': '',
      'x.gen.json': '',
      'sub/top-only.tf': '',
      'sub/.gitignore': 'secret/\n!keep.gen.json\n',
      'sub/keep.gen.json': '',
      'sub/other.gen.json': '',
      'sub/secret/a.yaml': '',
      'sub/deeper/build/b.yaml': '',
      'other/secret/c.yaml': '',
    });
    assert.deepEqual(walk(['.'], d).files, ['main.tf', 'other/secret/c.yaml', 'sub/keep.gen.json', 'sub/top-only.tf']);
  });

  test('.git, node_modules and .terraform are never entered; cdk.out always is', () => {
    const d = tree({
      '.gitignore': 'cdk.out\n',
      '.git/config.json': '',
      'node_modules/pkg/policy.json': '',
      'a/node_modules/pkg/policy.json': '',
      '.terraform/modules/m/main.tf': '',
      'cdk.out/App.template.json': '',
      'cdk.out/nested/Stack.template.json': '',
      'app.yaml': '',
    });
    assert.deepEqual(walk(['.'], d).files, ['app.yaml', 'cdk.out/App.template.json', 'cdk.out/nested/Stack.template.json']);
  });

  test('.gitignore files above the scanned directory count inside a git work tree', () => {
    const d = tree({ '.git/HEAD': '', '.gitignore': 'generated/\n*.bak.json\n', 'infra/generated/x.tf': '', 'infra/a.bak.json': '', 'infra/main.tf': '' });
    assert.deepEqual(walk(['infra'], d).files, ['infra/main.tf']);
    assert.deepEqual(walk(['infra/generated'], d).files, ['infra/generated/x.tf'], 'an explicit directory is walked even if ignored above');
    const outside = tree({ '.gitignore': 'generated/\n', 'infra/generated/x.tf': '' });
    assert.deepEqual(walk(['infra'], outside).files, ['infra/generated/x.tf'], 'no work tree: only .gitignore files from the scanned directory down');
  });

  test('explicit files are always scanned: ignored, not candidates, given twice', () => {
    const d = tree({ '.gitignore': 'ignored/\n', 'ignored/x.tf': '', 'notes.txt': '', 'a.tf': '' });
    const r = walk(['ignored/x.tf', 'notes.txt', 'a.tf', '.', 'a.tf'], d);
    assert.deepEqual(r.files, ['ignored/x.tf', 'notes.txt', 'a.tf']);
    assert.deepEqual(r.errors, []);
  });

  test('the accept filter (config include/exclude) applies to walked files only', () => {
    const d = tree({ 'keep/a.tf': '', 'drop/b.tf': '' });
    const accept = (f: string) => !f.includes(`${path.sep}drop${path.sep}`);
    assert.deepEqual(walk(['.'], d, accept).files, ['keep/a.tf']);
    assert.deepEqual(walk(['drop/b.tf'], d, accept).files, ['drop/b.tf']);
  });

  test('symlinks to directories are not followed (loops end); dangling links are skipped', () => {
    const d = tree({ 'a/x.tf': '', 'b/y.tf': '' });
    fs.symlinkSync(d, path.join(d, 'a', 'loop'), 'dir');
    fs.symlinkSync(path.join(d, 'b'), path.join(d, 'a', 'to-b'), 'dir');
    fs.symlinkSync(path.join(d, 'nowhere.tf'), path.join(d, 'dangling.tf'));
    fs.symlinkSync(path.join(d, 'self.tf'), path.join(d, 'self.tf'));
    // It terminates (a loop would hang the test until the runner's limit), with each file once.
    const r = walk(['.'], d);
    assert.deepEqual(r.files, ['a/x.tf', 'b/y.tf']);
    assert.deepEqual(r.errors, []);
  });

  test('missing explicit paths and unreadable entries are reported, the walk goes on', () => {
    const d = tree({ 'a.tf': '' });
    fs.symlinkSync(path.join(d, 'self.tf'), path.join(d, 'self.tf'));
    const r = walk(['missing.tf', 'self.tf', '.'], d);
    assert.deepEqual(r.files, ['a.tf']);
    assert.deepEqual(r.errors, ['missing.tf: ENOENT', 'self.tf: ELOOP']);
  });
});
