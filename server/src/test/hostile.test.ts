/**
 * Hostile input for the engine: a seeded fuzz test over the samples and the fuzz seeds
 * (fixtures/fuzz), and hand-made bombs. Whatever the input: no exception escapes, every analysis
 * ends within its time budget, every range lies inside the text and agrees with its span, and
 * every message is one masked, bounded line (redact.ts).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_BUDGET_MS, MAX_DEPTH } from '../engine/documents/limits';
import type { Engine, FileResult } from '../engine/engine';
import { allRules } from '../engine/rules/index';
import type { Rule } from '../engine/rules/rule';
import { MAX_MESSAGE_LENGTH } from '../engine/redact';
import { decodeText, LineIndex } from '../engine/text';
import type { Range } from '../engine/types';
import { engine } from './helpers';

const REPO = join(__dirname, '..', '..', '..');
const SAMPLES = join(REPO, 'samples');
/** In-repo seeds (the tests never depend on anything outside the repository). */
const SEEDS = join(REPO, 'server', 'src', 'test', 'fixtures', 'fuzz');

function filesUnder(root: string): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  const stack = [root];
  while (stack.length) {
    const d = stack.pop()!;
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) stack.push(p);
      else out.push({ path: p, text: readFileSync(p, 'utf8') });
    }
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** Seeded PRNG (mulberry32): the same mutations on every run. */
function prng(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const JUNK = ['{', '}', '[', ']', '(', ')', '"', "'", ':', ',', '=', '\n', '\r\n', '\r', '\t', '\0', '\ufeff', '!Ref ', '!Sub ', '!GetAtt ', '${', '%{', '<<EOF\n', '<<-EOT\n', 'EOF\n', '- ', '? ', '&a ', '*a', '<<: *a', '#', '//', '/*', '*/', '\\', '\\u', '😀', '\ud800', '\udc00', '---\n', '...\n', '%YAML 1.2\n', '|\n', '>-\n', 'awsdp-ignore DP201', '"Statement": [', 'resource "aws_s3_bucket_policy" "x" {', 'jsonencode(', 'dynamic "statement" {', 'Fn::Sub', '\u202e'];

type Mutation = (text: string, rnd: () => number) => string;

const at = (text: string, rnd: () => number) => Math.floor(rnd() * (text.length + 1));
const pick = <T>(xs: readonly T[], rnd: () => number): T => xs[Math.floor(rnd() * xs.length)];

const MUTATIONS: [string, Mutation][] = [
  ['truncate', (t, r) => t.slice(0, at(t, r))],
  [
    'delete a range',
    (t, r) => {
      const a = at(t, r);
      const b = at(t, r);
      return t.slice(0, Math.min(a, b)) + t.slice(Math.max(a, b));
    },
  ],
  [
    'duplicate a range',
    (t, r) => {
      const a = at(t, r);
      const b = Math.min(t.length, a + Math.floor(r() * 200));
      const c = at(t, r);
      return t.slice(0, c) + t.slice(a, b).repeat(1 + Math.floor(r() * 3)) + t.slice(c);
    },
  ],
  [
    'insert junk',
    (t, r) => {
      for (let i = 0; i < 1 + Math.floor(r() * 5); i++) {
        const p = at(t, r);
        t = t.slice(0, p) + pick(JUNK, r) + t.slice(p);
      }
      return t;
    },
  ],
  ['line endings and tabs', (t, r) => t.replace(/\n/g, pick(['\r\n', '\r', '\n\t', '\t\n', '\n\n'], r))],
  [
    'random bytes, decoded as UTF-8 (invalid sequences become U+FFFD)',
    (t, r) => {
      const bytes = Buffer.from(t, 'utf8');
      const p = Math.floor(r() * (bytes.length + 1));
      const junk = Buffer.from(Array.from({ length: 1 + Math.floor(r() * 8) }, () => Math.floor(r() * 256)));
      return decodeText(Buffer.concat([bytes.subarray(0, p), junk, bytes.subarray(p)])).text;
    },
  ],
  [
    'cut inside a multi-byte character',
    (t, r) => {
      const bytes = Buffer.from(t + 'é😀', 'utf8');
      return decodeText(bytes.subarray(0, Math.max(0, bytes.length - 1 - Math.floor(r() * 3)))).text;
    },
  ],
  [
    'deep nesting',
    (t, r) => {
      const p = at(t, r);
      const n = 1 + Math.floor(r() * 2 * MAX_DEPTH);
      const [open, close] = pick([['[', ']'], ['{', '}'], ['(', ')'], ['{"a":', '}'], ['- ', ''], ['f(', ')']], r);
      return t.slice(0, p) + open.repeat(n) + (r() < 0.5 ? close.repeat(n) : '') + t.slice(p);
    },
  ],
  [
    'long line',
    (t, r) => {
      const p = at(t, r);
      return t.slice(0, p) + pick(['a', ' ', '"', '\\', '$', '{', '#', '\t'], r).repeat(1 + Math.floor(r() * 100_000)) + t.slice(p);
    },
  ],
  [
    'swap two ranges',
    (t, r) => {
      const [a, b, c, d] = [at(t, r), at(t, r), at(t, r), at(t, r)].sort((x, y) => x - y);
      return t.slice(0, a) + t.slice(c, d) + t.slice(b, c) + t.slice(a, b) + t.slice(d);
    },
  ],
];

function mutate(text: string, rnd: () => number): { text: string; ops: string[] } {
  const ops: string[] = [];
  // Mostly one mutation, sometimes a few stacked.
  const n = rnd() < 0.8 ? 1 : 2 + Math.floor(rnd() * 3);
  for (let i = 0; i < n; i++) {
    const [name, m] = pick(MUTATIONS, rnd);
    text = m(text, rnd);
    ops.push(name);
  }
  return { text, ops };
}

const sameRange = (a: Range, b: Range) => a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;

/** Every result is well formed: spans inside the text, ranges that agree with them, one-line bounded messages. */
function checkResult(text: string, r: FileResult, what = ''): void {
  const bom = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  const lines = new LineIndex(bom);
  for (const f of r.findings) {
    assert.ok(f.span.start >= 0 && f.span.start <= f.span.end && f.span.end <= text.length, `span inside the text (${f.ruleId}) ${what}`);
    assert.ok(sameRange(f.range, lines.range(f.span)), `finding range agrees with its span ${what}`);
    for (const fix of f.fixes) for (const e of fix.edits) assert.ok(e.span.start >= 0 && e.span.end <= text.length && e.span.start <= e.span.end, `fix edit inside the text ${what}`);
    checkMessage(f.message, what);
  }
  for (const n of r.notices) {
    if (n.span) {
      assert.ok(n.span.start >= 0 && n.span.start <= n.span.end && n.span.end <= text.length + 1, `notice span inside the text ${what}`);
      if (n.range) assert.ok(sameRange(n.range, lines.range(n.span)), `notice range agrees with its span ${what}`);
    }
    checkMessage(n.message, what);
  }
}

function checkMessage(m: string, what: string): void {
  assert.ok(m.length <= MAX_MESSAGE_LENGTH, `message bounded ${what}: ${m.slice(0, 80)}…`);
  assert.doesNotMatch(m, /[\0-\x08\x0b-\x1f\x7f]/, `message without control characters ${what}`);
}

/** What a budgeted analysis may take beyond its budget: the one step in flight when it runs out (jsonc-parser, composing one YAML document, one rule). */
const BUDGET_SLACK_MS = 1500;
/** How long the fuzz test runs; the mutation sequence is the same on every run, its length depends on the machine. */
const FUZZ_MS = 10_000;
const FUZZ_MAX = 20_000;

test('fuzz: seeded mutations of the samples and seeds never throw, stay within budget, keep ranges exact', async () => {
  const e = await engine();
  const rnd = prng(20261128);
  const files = [...filesUnder(SAMPLES), ...filesUnder(SEEDS)];
  assert.ok(files.length >= 10, 'samples and seeds present');
  // Terraform files are mutated with their module around them: references across files stay in play.
  const moduleOf = (p: string) => files.filter((f) => /\.tf(\.json)?$/.test(f.path) && f.path !== p && f.path.slice(0, f.path.lastIndexOf('/')) === p.slice(0, p.lastIndexOf('/')));
  let n = 0;
  let worst = 0;
  const byOp = new Map<string, number>();
  const t0 = Date.now();
  while (Date.now() - t0 < FUZZ_MS && n < FUZZ_MAX) {
    const f = files[n % files.length];
    const { text, ops } = mutate(f.text, rnd);
    const what = `${f.path} mutation ${n} (${ops.join(' + ')})`;
    const s = performance.now();
    let r: FileResult | undefined;
    try {
      r = n % 2 === 0 ? e.analyze([{ path: f.path, text }, ...moduleOf(f.path)]).find((x) => x.file === f.path) : e.analyzeDocument({ path: f.path, text }, moduleOf(f.path));
    } catch (err) {
      assert.fail(`${what}: threw ${(err as Error)?.stack ?? err}`);
    }
    const ms = performance.now() - s;
    worst = Math.max(worst, ms);
    assert.ok(ms < DEFAULT_BUDGET_MS + BUDGET_SLACK_MS, `${what} took ${Math.round(ms)} ms`);
    assert.ok(r, `${what}: a result`);
    assert.deepEqual(r.notices.filter((x) => x.kind === 'internal').map((x) => x.message), [], `${what}: no internal error`);
    checkResult(text, r, what);
    for (const op of ops) byOp.set(op, (byOp.get(op) ?? 0) + 1);
    n++;
  }
  const secs = (Date.now() - t0) / 1000;
  assert.ok(n >= 200, `at least 200 mutations (got ${n})`);
  assert.equal(byOp.size, MUTATIONS.length, 'every kind of mutation was tried');
  process.stdout.write(`# fuzz: ${n} mutations of ${files.length} files in ${secs.toFixed(1)} s (${Math.round(n / secs)}/s), slowest ${Math.round(worst)} ms\n`);
});

const LONG = 5 * 1024 * 1024;

const hostile: [string, string, () => string][] = [
  ['empty JSON', 'p.json', () => ''],
  ['empty YAML', 't.yaml', () => ''],
  ['empty Terraform', 'main.tf', () => ''],
  ['empty .tf.json', 'main.tf.json', () => ''],
  ['only a BOM', 't.yaml', () => '\ufeff'],
  ['only NUL bytes (Terraform)', 'main.tf', () => '\0'.repeat(10_000)],
  ['only NUL bytes (JSON policy)', 'p.json', () => '{"Statement": [' + '\0'.repeat(10_000)],
  ['random bytes as a template', 't.yaml', () => 'AWSTemplateFormatVersion: x\n' + Array.from({ length: 5000 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join('')],
  ['random bytes decoded as UTF-8 (Terraform)', 'main.tf', () => decodeText(Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 7919 + 13) % 256))).text],
  ['invalid UTF-8 before a finding', 'p.json', () => decodeText(Buffer.concat([Buffer.from('{"Statement": [{"Sid": "'), Buffer.from([0xff, 0xc3, 0xc0, 0xaf, 0xed, 0xa0, 0x80]), Buffer.from('", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}')])).text],
  ['UTF-16 with a BOM, decoded', 'p.json', () => decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"}]}', 'utf16le')])).text],
  ['lone surrogates and NUL', 'main.tf', () => 'resource "aws_s3_bucket" "b\ud800" {\n  bucket = "\0\udfff"\n}\n'],
  ['BOM and CRLF', 'p.json', () => '\ufeff{\r\n  "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"}]\r\n}\r\n'],
  ['CR-only line endings', 't.yaml', () => "AWSTemplateFormatVersion: '2010-09-09'\rResources:\r  P:\r    Type: AWS::S3::BucketPolicy\r    Properties:\r      Bucket: b\r      PolicyDocument: {Statement: [{Effect: Allow, Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::b/*'}]}\r"],
  ['100,000-deep JSON', 'p.json', () => '{"Statement":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}'],
  ['100,000-deep JSON, unclosed', 'p.json', () => '{"Statement":' + '[{"a":'.repeat(100_000)],
  ['100,000-deep CloudFormation JSON', 't.json', () => '{"AWSTemplateFormatVersion": "x", "Resources": {"A": {"Type": "AWS::S3::BucketPolicy", "Properties": ' + '{"Fn::Sub": ['.repeat(100_000) + ']}'.repeat(100_000) + '}}}'],
  ['100,000-deep .tf.json', 'main.tf.json', () => '{"locals": {"x": ' + '['.repeat(100_000) + ']'.repeat(100_000) + '}}'],
  ['100,000-deep YAML flow', 't.yaml', () => 'Resources:\n  A: ' + '['.repeat(100_000) + ']'.repeat(100_000) + '\n'],
  ['100,000-deep YAML block sequences on one line', 't.yaml', () => 'AWSTemplateFormatVersion: x\nResources:\n  A: \n    ' + '- '.repeat(100_000) + 'x\n'],
  ['100,000-deep YAML short-form intrinsics', 't.yaml', () => 'AWSTemplateFormatVersion: x\nResources:\n  A:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: ' + '[!Sub '.repeat(100_000) + ']'.repeat(100_000) + '\n'],
  ['2,000-deep YAML block', 't.yaml', () => 'AWSTemplateFormatVersion: x\nResources:\n' + Array.from({ length: 2000 }, (_, i) => ' '.repeat(i + 2) + `k${i}:`).join('\n') + ' v\n'],
  ['100,000-deep HCL', 'main.tf', () => 'locals {\n  x = ' + '['.repeat(100_000) + ']'.repeat(100_000) + '\n}\n'],
  ['100,000-deep HCL objects', 'main.tf', () => 'locals {\n  x = ' + '{a = '.repeat(20_000) + '1' + '}'.repeat(20_000) + '\n}\n'],
  ['100,000-deep HCL parentheses', 'main.tf', () => 'locals {\n  x = ' + '('.repeat(100_000) + '1' + ')'.repeat(100_000) + '\n}\n'],
  ['100,000-deep HCL function calls', 'main.tf', () => 'locals {\n  x = ' + 'f('.repeat(100_000) + ')'.repeat(100_000) + '\n}\n'],
  ['100,000-deep HCL blocks', 'main.tf', () => 'a {\n'.repeat(100_000) + '}\n'.repeat(100_000)],
  ['100,000-deep template interpolations', 'main.tf', () => 'locals {\n  x = "' + '${"'.repeat(100_000) + '"}'.repeat(100_000) + '"\n}\n'],
  ['100,000-deep JSON in a heredoc policy', 'main.tf', () => 'resource "aws_s3_bucket_policy" "p" {\n  bucket = "b"\n  policy = <<EOF\n{"Statement": ' + '['.repeat(100_000) + ']'.repeat(100_000) + '}\nEOF\n}\n'],
  ['100,000-deep JSON in a CloudFormation string policy', 't.json', () => JSON.stringify({ AWSTemplateFormatVersion: 'x', Resources: { P: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: 'b', PolicyDocument: '{"Statement":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}' } } } })],
  ['YAML alias bomb', 't.yaml', () => "AWSTemplateFormatVersion: '2010-09-09'\n" + ['a0: &a0 [x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 9 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(', ')}]`)].join('\n') + '\n'],
  ['YAML alias bomb in a policy', 't.yaml', () => "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  P:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: b\n      PolicyDocument:\n        Statement: " + ['&a0 [{Effect: Allow, Principal: "*", Action: "s3:*", Resource: "arn:aws:s3:::b/*"}]'].join('') + '\n' + Array.from({ length: 12 }, (_, i) => `x${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`).join('\n') + '\n'],
  ['YAML merge-key bomb', 't.yaml', () => "AWSTemplateFormatVersion: '2010-09-09'\n" + ['m0: &m0 {a: 1, b: 2, c: 3}', ...Array.from({ length: 12 }, (_, i) => `m${i + 1}: &m${i + 1} {${Array.from({ length: 8 }, (_, j) => `k${j}: {<<: *m${i}}`).join(', ')}}`)].join('\n') + '\n'],
  ['100,000 anchors and aliases', 't.yaml', () => 'AWSTemplateFormatVersion: x\nl:\n' + Array.from({ length: 50_000 }, (_, i) => `  - &a${i} v\n  - *a${i}`).join('\n') + '\n'],
  ['unresolved aliases', 't.yaml', () => 'AWSTemplateFormatVersion: x\n' + Array.from({ length: 1000 }, (_, i) => `k${i}: *missing${i}`).join('\n') + '\n'],
  ['10,000 YAML documents', 't.yaml', () => "AWSTemplateFormatVersion: '2010-09-09'\n" + 'Resources: {}\n---\n'.repeat(10_000)],
  ['5 MB single line JSON policy', 'p.json', () => '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"' + 'a'.repeat(LONG) + '"}]}'],
  ['5 MB single line JSON, unterminated string', 'p.json', () => '{"Statement":[{"Effect":"' + 'a\\'.repeat(LONG / 2)],
  ['5 MB single line Terraform string', 'main.tf', () => 'resource "aws_s3_bucket" "b" { bucket = "' + 'a'.repeat(LONG) + '" }\n'],
  ['5 MB single line Terraform comment', 'main.tf', () => '#' + 'x'.repeat(LONG) + '\nresource "aws_s3_bucket" "b" {}\n'],
  ['5 MB single line YAML scalar', 't.yaml', () => 'AWSTemplateFormatVersion: x\nDescription: ' + 'a'.repeat(LONG) + '\n'],
  ['5 MB single line YAML flow sequence', 't.yaml', () => 'AWSTemplateFormatVersion: x\nl: [' + 'a, '.repeat(LONG / 3) + ']\n'],
  ['5 MB single line YAML comment', 't.yaml', () => 'AWSTemplateFormatVersion: x\n# ' + ' '.repeat(LONG) + '!\n'],
  ['long suppression comment of blanks', 't.yaml', () => 'AWSTemplateFormatVersion: x\n# awsdp-ignore' + ' '.repeat(100_000) + '!\n'],
  ['long suppression comment of rule names', 'main.tf', () => '# awsdp-ignore ' + 'DP201, '.repeat(50_000) + '\nresource "aws_s3_bucket" "b" {}\n'],
  ['Fn::Sub with 100,000 unclosed ${', 't.yaml', () => "AWSTemplateFormatVersion: x\nResources:\n  A:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Sub '" + '${a'.repeat(100_000) + "'\n"],
  ['Terraform template with 100,000 unclosed ${', 'main.tf', () => 'locals {\n  x = "' + '${a'.repeat(100_000) + '"\n}\n'],
  ['1,000,000 empty lines', 'main.tf', () => '\n'.repeat(1_000_000) + 'resource "aws_s3_bucket" "b" {}\n'],
  ['200,000 stray closing braces (re-parse after top-level errors)', 'main.tf', () => '}\nresource "a" "b" {}\n'.repeat(200_000)],
  ['100,000-character key', 't.yaml', () => 'AWSTemplateFormatVersion: x\n' + 'k'.repeat(100_000) + ': v\n'],
  ['duplicate keys (YAML)', 't.yaml', () => "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  A:\n    Type: AWS::S3::BucketPolicy\n  A:\n    Type: AWS::S3::BucketPolicy\n    Properties: {PolicyDocument: {Statement: []}}\n"],
  ['duplicate keys (JSON)', 'p.json', () => '{"Statement": [], "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"}], "Statement": 1}'],
  ['duplicate blocks (Terraform)', 'main.tf', () => 'resource "aws_s3_bucket_policy" "p" { bucket = "b" }\n'.repeat(3)],
  ['tabs in YAML', 't.yaml', () => "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n\tA:\n\t\tType: AWS::S3::Bucket\n"],
  ['tabs in Terraform', 'main.tf', () => 'resource\t"aws_s3_bucket"\t"b"\t{\n\tbucket\t=\t"b"\n}\n'],
  ['unterminated heredoc', 'main.tf', () => 'resource "aws_s3_bucket_policy" "p" {\n  policy = <<EOF\n{"Statement": [\n'],
  ['unterminated everything', 't.yaml', () => 'AWSTemplateFormatVersion: "x\nResources: {A: [!Sub "${'],
  ['multi-document YAML with a template in the second', 't.yaml', () => "a: 1\n---\nAWSTemplateFormatVersion: '2010-09-09'\nResources:\n  P:\n    Type: AWS::S3::BucketPolicy\n    Properties: {Bucket: b, PolicyDocument: {Statement: [{Effect: Allow, Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::b/*'}]}}\n"],
  ['YAML directives and odd tags', 't.yaml', () => '%YAML 9.9\n%TAG ! tag:x,2000:\n%BOGUS x\n--- !<tag:yaml.org,2002:map>\nAWSTemplateFormatVersion: !!binary x\nResources: !Unknown {a: !!str 1}\n'],
];

for (const [name, path, make] of hostile) {
  test(`hostile input: ${name}`, async () => {
    const e = await engine();
    const text = make();
    const s = performance.now();
    let r: FileResult | undefined;
    assert.doesNotThrow(() => {
      r = e.analyze([{ path, text }])[0];
    });
    const ms = performance.now() - s;
    assert.ok(ms < DEFAULT_BUDGET_MS + BUDGET_SLACK_MS, `took ${Math.round(ms)} ms`);
    assert.deepEqual(r!.notices.filter((x) => x.kind === 'internal').map((x) => x.message), []);
    checkResult(text, r!);
  });
}

test('a file over the size limit is skipped with a clear message', async () => {
  const e = await engine();
  const text = '{"Statement": []}' + ' '.repeat(11 * 1024 * 1024);
  const [r] = e.analyze([{ path: 'big.json', text }]);
  assert.deepEqual(r.findings, []);
  assert.match(r.notices.map((n) => n.message).join('\n'), /file skipped: larger than 10 MB/);
});

test('time budget: a parse that runs out of time is stopped with a notice, and the engine goes on', async () => {
  const e = await engine();
  const tf = 'resource "aws_s3_bucket" "b" { bucket = "' + 'a'.repeat(LONG) + '" }\n';
  let s = performance.now();
  const [r] = e.analyze([{ path: 'main.tf', text: tf }], { budgetMs: 100 });
  assert.ok(performance.now() - s < 1000, 'stopped near the budget');
  assert.match(r.notices.map((n) => n.message).join('\n'), /^analysis stopped after \d+ ms: parsing Terraform did not finish in time; the file is not analysed \(time budget 100 ms\)$/m);
  assert.deepEqual(r.findings, []);

  const yaml = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n" + '  B: {Type: AWS::S3::Bucket}\n'.repeat(200_000);
  s = performance.now();
  const [y] = e.analyze([{ path: 't.yaml', text: yaml }], { budgetMs: 100 });
  assert.ok(performance.now() - s < 1500, 'stopped near the budget');
  assert.match(y.notices.map((n) => n.message).join('\n'), /^analysis stopped after \d+ ms: parsing YAML did not finish in time/m);

  // The next file is analysed as usual: the parser was reset, nothing is left over.
  const policy = '{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}';
  const [ok, ok2] = e.analyze([
    { path: 'p.json', text: policy },
    { path: 'x/main.tf', text: 'resource "aws_s3_bucket_policy" "p" {\n  bucket = "b"\n  policy = jsonencode({Statement = [{Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::b/*"}]})\n}\n' },
  ]);
  assert.equal(ok.findings.length, 1);
  assert.equal(ok2.findings.length, 1);
  assert.deepEqual([...ok.notices, ...ok2.notices], []);
});

test('time budget: rules not run when the budget is used up are named', async () => {
  const e = await engine();
  // The engine with a slow rule first: the budget runs out between rules.
  const slow: Rule = {
    meta: { ...allRules[0].meta, id: 'DP299', name: 'slow-test-rule' },
    check() {
      const end = performance.now() + 150;
      while (performance.now() < end) {
        // busy: a rule that takes its time
      }
    },
  };
  const slowEngine = Object.assign(Object.create(Object.getPrototypeOf(e)) as Engine, { rules: [slow, ...allRules] });
  const policy = '{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}';
  const [r] = slowEngine.analyze([{ path: 'p.json', text: policy }], { budgetMs: 100 });
  assert.deepEqual(r.findings, []);
  assert.match(r.notices.map((n) => n.message).join('\n'), new RegExp(`^analysis stopped after \\d+ ms: the time budget was used up; rules not run: ${allRules.map((x) => x.meta.id).join(', ')} \\(time budget 100 ms\\)$`, 'm'));
  // Within budget, the same engine reports as usual.
  const [ok] = slowEngine.analyze([{ path: 'p.json', text: policy }], { budgetMs: 5000 });
  assert.equal(ok.findings.length, 1);
  // An expired budget stops before the model is built.
  const d = e.analyzeDocument({ path: 'p.json', text: policy }, [], { budgetMs: -1 });
  assert.match(d.notices.map((n) => n.message).join('\n'), /^analysis stopped after \d+ ms/m);
});
