/**
 * dist/cli.js (scripts/cli-loader.js) runs the CLI's bundle with V8's code cache: the cache is
 * written in the user's cache folder only (private, atomically), the output is the same with or
 * without it, AWSDP_CODE_CACHE=0 turns it off, and a cache that is damaged, not private or cannot be
 * written changes nothing but speed.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { cleanup, repoRoot, tempDir, writeTree } from './cli-support';

const CLI_JS = path.join(repoRoot(), 'dist', 'cli.js');

/** The environment that points the cache at `home` on every platform. */
function envFor(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, XDG_CACHE_HOME: path.join(home, '.cache'), LOCALAPPDATA: path.join(home, 'AppData') };
  delete env.AWSDP_CODE_CACHE;
  delete env.AWSDP_DEBUG;
  return { ...env, ...extra };
}
function cacheDirOf(home: string): string {
  if (process.platform === 'win32') return path.join(home, 'AppData', 'awsdp', 'v8');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Caches', 'awsdp', 'v8');
  return path.join(home, '.cache', 'awsdp', 'v8');
}
function cacheFiles(home: string): string[] {
  const dir = cacheDirOf(home);
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

function scan(dir: string, env: NodeJS.ProcessEnv) {
  const r = spawnSync(process.execPath, [CLI_JS, 'scan', dir, '--format', 'json', '--no-progress'], { env, encoding: 'utf8', cwd: dir });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the CLI loader and its V8 code cache (dist/cli.js)', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach(cleanup));
  const fixture = () => {
    const d = tempDir('awsdp-cc-');
    dirs.push(d);
    const work = path.join(d, 'work');
    writeTree(work, {
      'bucket.yaml': "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: secret-customer-data\n",
      'main.tf': 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n',
    });
    const home = path.join(d, 'home');
    fs.mkdirSync(home);
    return { work, home };
  };

  test('written in the user cache folder only (private), then used by the next run: the same output', () => {
    const { work, home } = fixture();
    const before = fs.readdirSync(work).sort();
    const first = scan(work, envFor(home, { AWSDP_DEBUG: '1' }));
    assert.match(first.stderr, /^awsdp: code cache .*: none\nawsdp: code cache .*: written$/m);
    assert.ok(first.stdout.includes('"findings"'), first.stdout.slice(0, 200));
    const files = cacheFiles(home);
    assert.equal(files.length, 1, `one cache file: ${files.join(', ')}`);
    assert.match(files[0], /^cli-[0-9a-f]{24}-\d+-\d+-v\d+\.\d+\.\d+-\w+\.bin$/);
    const file = path.join(cacheDirOf(home), files[0]);
    if (process.platform !== 'win32') {
      assert.equal(fs.statSync(file).mode & 0o777, 0o600);
      assert.equal(fs.statSync(cacheDirOf(home)).mode & 0o777, 0o700);
    }
    assert.ok(fs.statSync(file).size > 100_000, 'the cache holds compiled code');
    assert.deepEqual(fs.readdirSync(work).sort(), before, 'nothing written in the workspace');
    const second = scan(work, envFor(home, { AWSDP_DEBUG: '1' }));
    assert.equal(second.stdout, first.stdout);
    assert.equal(second.code, first.code);
    assert.match(second.stderr, /^awsdp: code cache .*: used$/m, 'V8 took the cache');
    const off = scan(work, envFor(home, { AWSDP_CODE_CACHE: '0', AWSDP_DEBUG: '1' }));
    assert.equal(off.stdout, first.stdout);
    assert.match(off.stderr, /^awsdp: code cache off$/m);
  });

  test('AWSDP_CODE_CACHE=0: nothing written', () => {
    const { work, home } = fixture();
    const r = scan(work, envFor(home, { AWSDP_CODE_CACHE: '0' }));
    assert.equal(r.stderr, '');
    assert.deepEqual(cacheFiles(home), []);
  });

  test('a damaged cache is refused and replaced; the output is the same', () => {
    const { work, home } = fixture();
    const good = scan(work, envFor(home));
    const [name] = cacheFiles(home);
    const file = path.join(cacheDirOf(home), name);
    const bytes = fs.readFileSync(file);
    // The loader's header kept, V8's data garbled; then cut short.
    for (const damaged of [Buffer.concat([bytes.subarray(0, 16), Buffer.alloc(bytes.length - 16, 0x5a)]), bytes.subarray(0, 1000)]) {
      fs.writeFileSync(file, damaged, { mode: 0o600 });
      const r = scan(work, envFor(home, { AWSDP_DEBUG: '1' }));
      assert.equal(r.stdout, good.stdout);
      assert.match(r.stderr, /: refused by V8\n.*: written$/m);
      assert.ok(fs.readFileSync(file).length > 100_000, 'rewritten whole');
    }
  });

  test('a cache folder others may write to is not used; an unusable one changes nothing', { skip: process.platform === 'win32' ? 'POSIX permissions' : false }, () => {
    const { work, home } = fixture();
    const good = scan(work, envFor(home, { AWSDP_CODE_CACHE: '0' }));
    const dir = cacheDirOf(home);
    fs.mkdirSync(dir, { recursive: true });
    fs.chmodSync(dir, 0o777);
    const open = scan(work, envFor(home, { AWSDP_DEBUG: '1' }));
    assert.equal(open.stdout, good.stdout);
    assert.match(open.stderr, /: none$/m);
    assert.doesNotMatch(open.stderr, /written/);
    assert.deepEqual(fs.readdirSync(dir), [], 'nothing written in a folder others can write to');
    // The cache "folder" is a file: nothing can be written; the scan is the same.
    const blocked = path.join(home, 'blocked');
    fs.writeFileSync(blocked, 'a file');
    const r = scan(work, envFor(home, { XDG_CACHE_HOME: blocked, HOME: blocked, LOCALAPPDATA: blocked }));
    assert.equal(r.stdout, good.stdout);
    assert.equal(r.stderr, '');
    assert.equal(fs.readFileSync(blocked, 'utf8'), 'a file');
  });
});
