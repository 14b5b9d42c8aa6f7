/**
 * Seeded fuzz of the shapes issue 15 found the earlier fuzz never made: many resources around one
 * finding (in every format, with LF, CRLF, CR-only and mixed line breaks), deep paths matched against
 * globs of many `**`, workspaces full of symbolic links, and broken JSON-RPC framing. The same
 * inputs on every run (a seeded PRNG); inputs are kept small so the suite stays fast on a busy
 * machine; nothing is timed (a matcher that backtracks, or a walk that loops, never ends).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, test } from 'node:test';
import picomatch from 'picomatch';
import { StreamMessageReader } from 'vscode-jsonrpc/node';
import { compileGlobs } from '../engine/glob';
import { collectFiles } from '../engine/index';
import { FramingGuard } from '../server/framing';
import { cleanup, tempDir } from './cli-support';
import { engine } from './helpers';

/** Seeded PRNG (mulberry32). */
function prng(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const int = (rnd: () => number, lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
const pick = <T>(xs: readonly T[], rnd: () => number): T => xs[Math.floor(rnd() * xs.length)];

const dirs: string[] = [];
after(() => dirs.forEach(cleanup));

// ---------------------------------------------------------------------------------------------
// Many resources around one finding, in every format and with every kind of line break.

const POLICY = { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' };

/** A file (or module) of `n` padding resources with a bucket policy without TLS at position `at`. */
function manyResources(format: string, n: number, at: number): { files: { path: string; text: string }[]; key: string } {
  const idx = Array.from({ length: n }, (_, i) => i);
  switch (format) {
    case 'terraform': {
      const lines = idx.map((i) => `resource "null_resource" "n${i}" {}\n`);
      lines.splice(at, 0, `resource "aws_s3_bucket_policy" "p" {\n  bucket = "b"\n  policy = jsonencode({\n    Statement = [{\n      Effect = "Allow"\n      Principal = "*"\n      Action = "s3:GetObject"\n      Resource = "arn:aws:s3:::b/*"\n    }]\n  })\n}\n`);
      return { files: [{ path: 'm/main.tf', text: lines.join('') }], key: 'policy' };
    }
    case 'terraform-json': {
      const nulls = Object.fromEntries(idx.map((i) => [`n${i}`, {}]));
      const main = `resource "aws_s3_bucket_policy" "p" {\n  bucket = "b"\n  policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::b/*" }] })\n}\n`;
      return { files: [{ path: 'm/main.tf', text: main }, { path: 'm/padding.tf.json', text: JSON.stringify({ resource: { null_resource: nulls } }, null, at % 2 ? 1 : undefined) }], key: 'policy' };
    }
    case 'cloudformation-json': {
      const entries: [string, unknown][] = idx.map((i) => [`T${i}`, { Type: 'AWS::SNS::Topic' }]);
      entries.splice(at, 0, ['Policy', { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: 'b', PolicyDocument: { Statement: [POLICY] } } }]);
      return { files: [{ path: 't.json', text: JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: Object.fromEntries(entries) }, null, 2) }], key: 'PolicyDocument' };
    }
    default: {
      const lines = idx.map((i) => `  T${i}:\n    Type: AWS::SNS::Topic\n`);
      lines.splice(at, 0, `  Policy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: b\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Principal: '*'\n            Action: s3:GetObject\n            Resource: arn:aws:s3:::b/*\n`);
      return { files: [{ path: 't.yaml', text: "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n" + lines.join('') }], key: 'PolicyDocument' };
    }
  }
}

/** Line breaks each format allows: YAML 1.2 reads a lone CR as a line break, JSON any whitespace; HCL only LF and CRLF. */
function withBreaks(text: string, format: string, rnd: () => number): { text: string; kind: string } {
  const kinds = format === 'terraform' || format === 'terraform-json' ? ['LF', 'CRLF'] : ['LF', 'CRLF', 'CR', 'mixed'];
  const kind = pick(kinds, rnd);
  if (kind === 'LF') return { text, kind };
  if (kind === 'CRLF') return { text: text.replace(/\n/g, '\r\n'), kind };
  if (kind === 'CR') return { text: text.replace(/\n/g, '\r'), kind };
  return { text: text.replace(/\n/g, () => pick(['\n', '\r\n', '\r'], rnd)), kind };
}

test('fuzz: many resources around one finding, any format and line breaks — the finding is kept, on its token', async () => {
  const e = await engine();
  const rnd = prng(15_2026);
  const formats = ['terraform', 'terraform-json', 'cloudformation-json', 'cloudformation-yaml'];
  for (let k = 0; k < 16; k++) {
    const format = formats[k % formats.length];
    const n = int(rnd, 100, 2000);
    const at = int(rnd, 0, n);
    const { files, key } = manyResources(format, n, at);
    const broken = files.map((f) => ({ path: f.path, ...withBreaks(f.text, format, rnd) }));
    const what = `${format}, ${n} resources, the policy at ${at}, ${broken.map((b) => b.kind).join('+')} line breaks`;
    const results = e.analyze(broken.map(({ path, text }) => ({ path, text })), { budgetMs: 600_000 });
    assert.deepEqual(results.flatMap((r) => r.notices.map((x) => x.message)), [], what);
    const findings = results.flatMap((r) => r.findings.map((f) => ({ ...f, text: broken.find((b) => b.path === r.file)!.text })));
    assert.deepEqual(findings.map((f) => f.ruleId), ['DP201'], what);
    assert.equal(findings[0].text.slice(findings[0].span.start, findings[0].span.end).replace(/^"(.*)"$/, '$1'), key, what);
  }
});

// ---------------------------------------------------------------------------------------------
// Deep paths against globs of many `**`: the linear matcher answers as a reference does.

/** Reference glob match over path segments (memoised: polynomial), one segment matched by picomatch. */
function referenceMatch(glob: string, p: string): boolean {
  const g = glob.split('/');
  const s = p.split('/');
  const segs = new Map<string, (x: string) => boolean>();
  const seg = (x: string) => {
    let m = segs.get(x);
    // picomatch reads `[!a]` literally; globs (as the shell and .gitignore) read it as `[^a]`.
    if (!m) segs.set(x, (m = picomatch(x.replace(/\[!/g, '[^'), { dot: true })));
    return m;
  };
  const memo = new Map<number, boolean>();
  const f = (i: number, j: number): boolean => {
    const k = i * (s.length + 1) + j;
    let v = memo.get(k);
    if (v !== undefined) return v;
    if (i === g.length) v = j === s.length;
    else if (g[i] === '**') v = f(i + 1, j) || (j < s.length && f(i, j + 1));
    else v = j < s.length && seg(g[i])(s[j]) && f(i + 1, j + 1);
    memo.set(k, v);
    return v;
  };
  return f(0, 0);
}

test('fuzz: deep paths (up to 120 levels) against globs of many ** — the same answers as a reference matcher', () => {
  const rnd = prng(3_15);
  const segments = ['**', '**', 'a', 'b', '*', '?', 'a*', '*b', '[ab]', 'a?', '[!a]*'];
  const names = ['a', 'b', 'ab', 'ba', 'c', 'x.tf'];
  let matched = 0;
  for (let k = 0; k < 400; k++) {
    const glob = Array.from({ length: int(rnd, 1, 16) }, () => pick(segments, rnd)).join('/');
    const p = Array.from({ length: int(rnd, 1, k % 4 === 0 ? 120 : 12) }, () => pick(names, rnd)).join('/');
    const ours = compileGlobs([glob])(p);
    assert.equal(ours, referenceMatch(glob, p), `${glob} on ${p}`);
    if (ours) matched++;
  }
  // The adversarial shape of issue 15 (nine `**/a` against a 60-deep path of a's that never ends in b).
  const bomb = '**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/b';
  const deep = Array(60).fill('a').join('/') + '/x.tf';
  assert.equal(compileGlobs([bomb])(deep), false);
  assert.equal(compileGlobs([bomb])(Array(60).fill('a').join('/') + '/b'), true);
  assert.ok(matched >= 10 && matched <= 390, `both answers are exercised (${matched} of 400 matched)`);
});

// ---------------------------------------------------------------------------------------------
// Workspaces full of symbolic links: the walk ends, stays inside, and follows no directory link.

test('fuzz: workspaces with links to /, to parents, in loops, outside and dangling — the walk stays inside and follows no directory link', { skip: process.platform === 'win32' && 'symlinks need privileges on Windows' }, () => {
  const rnd = prng(4_15);
  const outside = tempDir('awsdp-fuzz-out-');
  dirs.push(outside);
  fs.mkdirSync(path.join(outside, 'd'));
  fs.writeFileSync(path.join(outside, 'secret.tf'), '');
  fs.writeFileSync(path.join(outside, 'd', 'x.json'), '{}');
  for (let k = 0; k < 8; k++) {
    const ws = tempDir('awsdp-fuzz-ws-');
    dirs.push(ws);
    const dirsIn = [ws];
    const regular: string[] = [];
    for (let i = 0; i < int(rnd, 3, 12); i++) {
      const d = path.join(pick(dirsIn, rnd), `d${i}`);
      fs.mkdirSync(d);
      dirsIn.push(d);
    }
    for (let i = 0; i < int(rnd, 3, 12); i++) {
      const f = path.join(pick(dirsIn, rnd), `f${i}.${pick(['tf', 'json', 'yaml'], rnd)}`);
      fs.writeFileSync(f, '');
      regular.push(f);
    }
    const linkedIn: string[] = [];
    for (let i = 0; i < int(rnd, 4, 14); i++) {
      const at = path.join(pick(dirsIn, rnd), `l${i}${pick(['', '.tf', '.json'], rnd)}`);
      const kind = pick(['/', '..', 'loop', 'outside-dir', 'outside-file', 'inside-file', 'inside-dir', 'dangling'], rnd);
      const target = { '/': '/', '..': '..', loop: '.', 'outside-dir': outside, 'outside-file': path.join(outside, 'secret.tf'), 'inside-file': regular.length ? pick(regular, rnd) : '/nonexistent', 'inside-dir': pick(dirsIn, rnd), dangling: path.join(ws, 'missing') }[kind]!;
      fs.symlinkSync(target, at);
      // Links are analysed files when their own name is one (as any file).
      if (kind === 'inside-file' && regular.length && /\.(tf|json)$/.test(at)) linkedIn.push(at);
    }
    const errors: string[] = [];
    const files = collectFiles([ws], { onError: (f, e) => errors.push(`${f}: ${e.code}`) });
    const what = `workspace ${k}`;
    // Exactly the regular files and the links to files inside the workspace; no duplicates.
    assert.deepEqual([...files].sort(), [...regular, ...linkedIn].sort(), what);
    for (const f of files) assert.ok(fs.realpathSync(f).startsWith(ws + path.sep), `${f} is inside (${what})`);
    assert.deepEqual(errors.filter((x) => !/: E(NOENT|LOOP)$/.test(x)), [], what);
  }
});

// ---------------------------------------------------------------------------------------------
// Broken JSON-RPC framing: whatever the guard lets through, vscode-jsonrpc reads without a header error.

const HEADER_MUTATIONS: [string, (body: string, rnd: () => number) => string][] = [
  ['well formed', (b) => `Content-Length: ${Buffer.byteLength(b)}\r\n\r\n${b}`],
  ['with a content type', (b) => `Content-Length: ${Buffer.byteLength(b)}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n${b}`],
  ['lower-case name', (b) => `content-length: ${Buffer.byteLength(b)}\r\n\r\n${b}`],
  ['no space after the colon', (b) => `Content-Length:${Buffer.byteLength(b)}\r\n\r\n${b}`],
  ['no Content-Length', (b) => `Content-Type: x\r\n\r\n${b}`],
  ['space before the colon', (b) => `Content-Length : ${Buffer.byteLength(b)}\r\n\r\n${b}`],
  ['space before the name', (b) => ` Content-Length: ${Buffer.byteLength(b)}\r\n\r\n${b}`],
  ['negative', (b) => `Content-Length: -${Buffer.byteLength(b)}\r\n\r\n${b}`],
  ['not a number', (b) => `Content-Length: x${Buffer.byteLength(b)}\r\n\r\n${b}`],
  ['empty value', (b) => `Content-Length:\r\n\r\n${b}`],
  ['huge', (b) => `Content-Length: 99999999999\r\n\r\n${b}`],
  ['shorter than the body', (b, r) => `Content-Length: ${Math.max(0, Buffer.byteLength(b) - int(r, 1, 8))}\r\n\r\n${b}`],
  ['a line without a colon', (b) => `Content-Length: ${Buffer.byteLength(b)}\r\nX\r\n\r\n${b}`],
  ['junk before the header', (b) => `{"jsonrpc":"2.0"}\r\nContent-Length: ${Buffer.byteLength(b)}\r\n\r\n${b}`],
  ['LF only', (b) => `Content-Length: ${Buffer.byteLength(b)}\n\n${b}`],
  ['duplicate Content-Length, last wrong', (b) => `Content-Length: ${Buffer.byteLength(b)}\r\nContent-Length: x\r\n\r\n${b}`],
];

/** vscode-jsonrpc's errors about the header: after one of them its reader waits for ever (a deaf server). */
const HEADER_ERROR = /^(Header must provide a Content-Length property|Content-Length value must be a number|Message header must separate key and value)/;

test('fuzz: broken JSON-RPC framing — whatever the guard passes, vscode-jsonrpc reads without a header error', async () => {
  const rnd = prng(8_15);
  const seen = new Set<string>();
  for (let k = 0; k < 300; k++) {
    const messages: string[] = [];
    const names: string[] = [];
    for (let i = 0; i < int(rnd, 1, 4); i++) {
      const body = JSON.stringify({ jsonrpc: '2.0', id: i, method: 'x', params: { s: 'é'.repeat(int(rnd, 0, 20)) } });
      const [name, make] = rnd() < 0.6 ? HEADER_MUTATIONS[0] : pick(HEADER_MUTATIONS, rnd);
      names.push(name);
      seen.add(name);
      messages.push(make(body, rnd));
    }
    const bytes = Buffer.from(messages.join(''));
    let violation: string | undefined;
    const guard = new FramingGuard((reason) => (violation ??= reason));
    const through = new PassThrough();
    const reader = new StreamMessageReader(through);
    // Its partial-message timer re-arms itself for ever and dispose() does not clear it: never started.
    reader.partialMessageTimeout = 0;
    const headerErrors: string[] = [];
    let read = 0;
    reader.onError((e) => void (HEADER_ERROR.test(e.message) && headerErrors.push(e.message)));
    reader.listen(() => void read++);
    guard.on('data', (d: Buffer) => through.write(d));
    const size = int(rnd, 1, 64);
    for (let i = 0; i < bytes.length; i += size) guard.write(bytes.subarray(i, i + size));
    await new Promise((res) => setImmediate(res));
    await new Promise((res) => setImmediate(res));
    reader.dispose();
    const what = `${names.join(', ')} (chunks of ${size})`;
    if (violation === undefined) assert.deepEqual(headerErrors, [], `${what}: the guard passed what vscode-jsonrpc cannot read`);
    if (names.every((n) => n === 'well formed' || n === 'with a content type' || n === 'lower-case name' || n === 'no space after the colon')) {
      assert.equal(violation, undefined, what);
      assert.equal(read, names.length, what);
    }
  }
  assert.equal(seen.size, HEADER_MUTATIONS.length, 'every mutation was tried');
});
