/**
 * The worker-pool scan: same bytes out as the single-threaded scan, in every format, and a
 * main-thread fallback when workers cannot run.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { collectFiles, defaultConfig, MAX_FILE_BYTES, poolSize, POOL_MIN_BYTES, POOL_MIN_FILES, POOL_MIN_FILES_ALONE, scanFiles, scanFilesInPool, workerScript } from '../engine/index';
import { relativePath } from '../cli/report';
import { formatJson } from '../cli/format-json';
import { formatText } from '../cli/format-text';
import type { FileResult } from '../engine/index';
import { run } from '../cli/run';
import { cleanup, tempDir, writeTree } from './cli-support';
import { engine } from './helpers';

const BUCKET_POLICY = (i: number) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::bucket-${i}/*` }] }, null, 2);

const TEMPLATE = (i: number) => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  Policy${i}:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: '*'
            Action: s3:GetObject
            Resource: !Sub 'arn:aws:s3:::\${Bucket}/*'
`;

const MODULE_FILE = (i: number) => `resource "aws_s3_bucket" "b${i}" {
  bucket = "bucket-${i}"
}
`;
const MODULE_POLICY = (i: number) => `resource "aws_s3_bucket_policy" "p${i}" {
  bucket = aws_s3_bucket.b${i}.id
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "\${aws_s3_bucket.b${i}.arn}/*" }]
  })
}
`;

function fixture(): string {
  const dir = tempDir('awsdp-pool-');
  const files: Record<string, string> = {};
  for (let i = 0; i < 30; i++) files[`policies/p${String(i).padStart(2, '0')}.json`] = BUCKET_POLICY(i);
  for (let i = 0; i < 25; i++) files[`templates/nested/t${i}.yaml`] = TEMPLATE(i);
  // Terraform modules: a module's files must be analysed together (the policy refers to the bucket).
  for (let m = 0; m < 6; m++) {
    files[`modules/m${m}/bucket.tf`] = MODULE_FILE(m);
    files[`modules/m${m}/policy.tf`] = MODULE_POLICY(m);
  }
  files['broken/half.json'] = '{"Statement": [{"Effect": "Allow", "Principal": "*", "Act';
  files['templates/not-aws.yaml'] = 'just: yaml\n';
  writeTree(dir, files);
  // An oversized file: reported as skipped, never read whole.
  fs.writeFileSync(path.join(dir, 'policies', 'huge.json'), `{"Statement": [], "pad": "${'x'.repeat(MAX_FILE_BYTES)}"}`);
  return dir;
}

interface Out {
  code: number;
  stdout: string;
  stderr: string;
}

async function scan(dir: string, args: string[], env: Record<string, string>): Promise<Out> {
  let stdout = '';
  let stderr = '';
  const code = await run(['scan', dir, ...args], {
    cwd: dir,
    env,
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  return { code, stdout, stderr };
}

describe('worker-pool scan', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach(cleanup));

  test('the worker script is next to the pool (tsc output and bundle alike)', () => {
    assert.ok(workerScript(), 'out/engine/workspace/worker.js exists');
    assert.ok(fs.existsSync(path.join(__dirname, '..', '..', '..', 'dist', 'worker.js')), 'dist/worker.js exists');
  });

  for (const format of ['json', 'sarif', 'text']) {
    test(`--format ${format}: byte-identical to the single-threaded scan`, async () => {
      const dir = fixture();
      dirs.push(dir);
      const single = await scan(dir, ['--format', format], { AWSDP_WORKERS: '0' });
      const pooled = await scan(dir, ['--format', format], { AWSDP_WORKERS: '2' });
      const three = await scan(dir, ['--format', format], { AWSDP_WORKERS: '3' });
      assert.equal(single.code, 1, single.stderr);
      assert.ok(single.stdout.length > 1000);
      assert.equal(pooled.stdout, single.stdout);
      assert.equal(three.stdout, single.stdout);
      assert.equal(pooled.code, single.code);
      assert.equal(pooled.stderr, single.stderr);
      if (format === 'json') {
        const report = JSON.parse(single.stdout) as { findings: { file: string }[]; notices?: { file: string; message: string }[] };
        // The Terraform modules were analysed as modules: the policy's bucket reference resolved.
        assert.equal(report.findings.filter((f) => f.file.startsWith('modules/')).length, 6);
        assert.ok(report.notices?.some((n) => n.file === 'policies/huge.json' && /larger than/.test(n.message)));
      }
    });
  }

  test('workers that cannot start: the main thread scans, same results', async () => {
    const dir = fixture();
    dirs.push(dir);
    const files = collectFiles([dir], { onError: () => {} });
    const config = defaultConfig();
    const rel = (f: string) => relativePath(dir, f);
    const e = await engine();
    const expected = scanFiles(e, { files, config, relativePath: rel });
    const bogus = path.join(dir, 'no-such-worker.js');
    const progress: number[] = [];
    const got = await scanFilesInPool(
      { files, config, root: dir, relativePath: rel, workers: 2, script: bogus, fallbackEngine: engine },
      { onProgress: (done) => progress.push(done) },
    );
    const norm = (o: { results: unknown[] }) => JSON.parse(JSON.stringify(o.results.map((r) => ({ ...(r as object) })).sort((a, b) => ((a as { file: string }).file < (b as { file: string }).file ? -1 : 1))));
    assert.deepStrictEqual(norm(got), norm(expected));
    assert.equal(progress[progress.length - 1], files.length);
    assert.deepEqual(progress, [...progress].sort((a, b) => a - b), 'progress only grows');
  });

  test('fixes: titles (JSON reports) keep each fix\'s title and applicability, no edits; none (text reports) keep no fix; same reports; in workers too', async () => {
    const dir = fixture();
    dirs.push(dir);
    const files = collectFiles([dir], { onError: () => {} });
    const config = defaultConfig();
    const rel = (f: string) => relativePath(dir, f);
    const e = await engine();
    const full = scanFiles(e, { files, config, relativePath: rel, identities: true });
    const lean = scanFiles(e, { files, config, relativePath: rel, fixes: 'titles' });
    const bare = scanFiles(e, { files, config, relativePath: rel, fixes: 'none' });
    const fixesOf = (o: { results: FileResult[] }) => o.results.flatMap((r) => r.findings.flatMap((f) => f.fixes));
    const findingsOf = (o: { results: FileResult[] }) => o.results.flatMap((r) => r.findings);
    assert.ok(fixesOf(full).length > 5 && fixesOf(full).every((x) => x.edits.length > 0), 'the fixture has fixes with edits');
    assert.deepEqual(fixesOf(lean).map((x) => [x.title, x.applicability, x.edits.length]), fixesOf(full).map((x) => [x.title, x.applicability, 0]));
    assert.ok(lean.results.every((r) => r.findings.every((f) => f.identity === undefined)));
    // The JSON report prints fix titles only: the same bytes either way.
    assert.equal(formatJson(lean.results, dir), formatJson(full.results, dir));
    // No fix at all, the same findings otherwise, and the text report (which prints no fix) the same bytes.
    assert.deepEqual(fixesOf(bare), []);
    assert.deepEqual(findingsOf(bare).map(({ fixes, identity, ...f }) => f), findingsOf(full).map(({ fixes, identity, ...f }) => f));
    assert.equal(formatText(bare.results, dir, { color: false }), formatText(full.results, dir, { color: false }));
    const pooled = await scanFilesInPool({ files, config, root: dir, relativePath: rel, workers: 2, script: workerScript()!, fallbackEngine: engine, fixes: 'titles' });
    assert.deepEqual(fixesOf(pooled).map((x) => x.edits.length).filter((n) => n > 0), [], 'workers drop the edits before posting them');
    assert.equal(fixesOf(pooled).length, fixesOf(full).length);
    const pooledBare = await scanFilesInPool({ files, config, root: dir, relativePath: rel, workers: 2, script: workerScript()!, fallbackEngine: engine, fixes: 'none' });
    assert.deepEqual(fixesOf(pooledBare), [], 'workers write no fix');
    assert.equal(findingsOf(pooledBare).length, findingsOf(full).length);
  });

  test('pool size: only for large scans, unless AWSDP_WORKERS says otherwise', () => {
    const many = Array.from({ length: POOL_MIN_FILES + 1 }, (_, i) => `/f${i}.json`);
    const big = () => POOL_MIN_BYTES;
    const small = () => POOL_MIN_BYTES - 1;
    assert.equal(poolSize(many, {}, 2, big), 2);
    assert.equal(poolSize(many, {}, 8, big), 4);
    assert.equal(poolSize(many, {}, 1, big), 0, 'one core: no pool');
    assert.equal(poolSize(many, {}, 2, small), 0, 'little text: no pool');
    assert.equal(poolSize(many.slice(0, POOL_MIN_FILES), {}, 2, big), 0, 'few files: no pool');
    const thousands = Array.from({ length: POOL_MIN_FILES_ALONE }, (_, i) => `/f${i}.json`);
    assert.equal(poolSize(thousands, {}, 2, small), 2, 'many small files: the pool');
    assert.equal(poolSize(thousands.slice(1), {}, 2, small), 0, 'fewer small files: no pool');
    assert.equal(poolSize(thousands, {}, 1, small), 0, 'one core: no pool');
    assert.equal(poolSize(['/a.json'], { AWSDP_WORKERS: '3' }, 2, small), 3);
    assert.equal(poolSize(many, { AWSDP_WORKERS: '1' }, 8, big), 0);
    assert.equal(poolSize(many, { AWSDP_WORKERS: '0' }, 8, big), 0);
    assert.equal(poolSize(many, { AWSDP_WORKERS: 'lots' }, 8, big), 0);
  });
});
