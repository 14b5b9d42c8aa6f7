/**
 * The walk stays in the repository (issue 15, item 4): symbolic links to directories are not followed
 * (a link to `/` walked the whole file system, /proc included), links to files only inside the walked
 * directory, and the depth is bounded.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { collectFiles } from '../engine/index';
import { below, relativePath } from '../engine/workspace/scan';
import { MAX_WALK_DEPTH } from '../engine/workspace/walk';
import { cleanup, tempDir, writeTree } from './cli-support';

const dirs: string[] = [];
after(() => dirs.forEach(cleanup));

function walk(root: string, target = '.') {
  const errors: string[] = [];
  const files = collectFiles([path.resolve(root, target)], { onError: (f, e) => errors.push(`${path.relative(root, f).split(path.sep).join('/')}: ${e.code} ${e.message}`) });
  return { files: files.map((f) => path.relative(root, f).split(path.sep).join('/')), errors };
}

test('links to directories out of the repository (/, its parent, elsewhere) are not followed; linked files only inside it', { skip: process.platform === 'win32' && 'symlinks need privileges on Windows' }, () => {
  const outside = tempDir('awsdp-outside-');
  const ws = tempDir('awsdp-ws-');
  dirs.push(outside, ws);
  writeTree(outside, { 'secret.tf': 'resource "x" "y" {}\n', 'd/other.json': '{}' });
  writeTree(ws, { 'main.tf': '', 'shared/policy.json': '{}' });
  fs.symlinkSync('/', path.join(ws, 'root'), 'dir');
  fs.symlinkSync(outside, path.join(ws, 'elsewhere'), 'dir');
  fs.symlinkSync('..', path.join(ws, 'up'), 'dir');
  fs.symlinkSync(path.join(outside, 'secret.tf'), path.join(ws, 'linked-out.tf'));
  fs.symlinkSync(path.join(ws, 'shared', 'policy.json'), path.join(ws, 'linked-in.json'));
  const r = walk(ws);
  assert.deepEqual(r.files, ['linked-in.json', 'main.tf', 'shared/policy.json']);
  assert.deepEqual(r.errors, []);
  // Named explicitly, a link is followed.
  assert.deepEqual(walk(ws, 'elsewhere').files, ['elsewhere/secret.tf', 'elsewhere/d/other.json']);
});

test(`the walk goes ${MAX_WALK_DEPTH} directories deep and reports what it did not enter`, () => {
  const ws = tempDir('awsdp-deep-');
  dirs.push(ws);
  const levels = Array.from({ length: MAX_WALK_DEPTH + 5 }, () => 'd');
  fs.mkdirSync(path.join(ws, ...levels), { recursive: true });
  fs.writeFileSync(path.join(ws, ...levels.slice(0, MAX_WALK_DEPTH), 'last.tf'), '');
  fs.writeFileSync(path.join(ws, ...levels, 'too-deep.tf'), '');
  const r = walk(ws);
  assert.deepEqual(r.files, [`${levels.slice(0, MAX_WALK_DEPTH).join('/')}/last.tf`]);
  assert.deepEqual(r.errors, [`${levels.slice(0, MAX_WALK_DEPTH + 1).join('/')}: ETOODEEP more than ${MAX_WALK_DEPTH} directory levels deep; not walked`]);
});

test('relative paths below a root are those path.relative gives (workspace/scan.ts below, relativePath)', () => {
  const roots = ['/work/repo', '/work/repo/', '/work/./repo', 'work/repo', '/', '/work/repo/..'];
  const rests = ['a.tf', 'dir/a.yaml', '.aws/config', '..b', 'a/../b', './a', 'a//b', 'a/', '/a', 'a/.', 'a/..', '.', '..', 'a\\b', '.github/x.yml'];
  let fast = 0;
  for (const root of roots)
    for (const rest of rests) {
      const file = root.endsWith('/') ? root + rest : `${root}/${rest}`;
      const rel = below(root, file);
      if (rel !== undefined) {
        fast++;
        assert.equal(rel, path.relative(root, file), `${root} + ${rest}`);
      }
      const expected = path.relative(root, file) === '' ? path.basename(file) : path.relative(root, file).split(path.sep).join('/');
      assert.equal(relativePath(root, file), expected, `${root} + ${rest}`);
    }
  assert.ok(fast > 0, 'some paths take the short way');
  assert.equal(below('/work/repo', '/work/repository/a.tf'), undefined, 'a sibling with the same prefix is not below');
});
