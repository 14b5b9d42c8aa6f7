import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { FileResult } from '../engine/engine';
import { engine } from './helpers';

const SAMPLES = join(__dirname, '..', '..', '..', 'samples');

function sampleFiles(): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  const stack = [SAMPLES];
  while (stack.length) {
    const d = stack.pop()!;
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) stack.push(p);
      else out.push({ path: p, text: readFileSync(p, 'utf8') });
    }
  }
  return out.sort((a, b) => a.path.localeCompare(b.path));
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

const JUNK = ['{', '}', '[', ']', '"', "'", ':', ',', '\n', '\r\n', '\t', '\0', '\ufeff', '!Ref ', '!Sub ', '${', '<<EOF\n', 'EOF\n', '- ', '&a ', '*a', '#', '/*', '\\', '😀', '\ud800'];

function mutate(text: string, rnd: () => number): string {
  const at = () => Math.floor(rnd() * (text.length + 1));
  switch (Math.floor(rnd() * 5)) {
    case 0:
      return text.slice(0, at());
    case 1: {
      const a = at();
      const b = at();
      return text.slice(0, Math.min(a, b)) + text.slice(Math.max(a, b));
    }
    case 2: {
      const a = at();
      const b = Math.min(text.length, a + Math.floor(rnd() * 200));
      const c = at();
      return text.slice(0, c) + text.slice(a, b) + text.slice(c);
    }
    case 3: {
      let t = text;
      for (let i = 0; i < 1 + Math.floor(rnd() * 5); i++) {
        const p = Math.floor(rnd() * (t.length + 1));
        t = t.slice(0, p) + JUNK[Math.floor(rnd() * JUNK.length)] + t.slice(p);
      }
      return t;
    }
    default:
      return text.replace(/\n/g, rnd() < 0.5 ? '\r\n' : '\n\t');
  }
}

/** Every result is well formed: ranges inside the text, positions consistent. */
function checkResult(text: string, r: FileResult): void {
  for (const f of r.findings) {
    assert.ok(f.span.start >= 0 && f.span.start <= f.span.end && f.span.end <= text.length, `span inside the text (${f.ruleId})`);
    assert.ok(f.range.start.line <= f.range.end.line);
    for (const fix of f.fixes) for (const e of fix.edits) assert.ok(e.span.start >= 0 && e.span.end <= text.length && e.span.start <= e.span.end);
  }
}

const PER_FILE_BUDGET_MS = 2000;

test('fuzz: seeded mutations of every sample never throw and stay within budget', async () => {
  const e = await engine();
  const rnd = prng(20261128);
  const files = sampleFiles();
  assert.ok(files.length >= 5, 'samples present');
  let n = 0;
  const t0 = Date.now();
  for (let round = 0; round < 60; round++) {
    for (const f of files) {
      const text = mutate(f.text, rnd);
      const s = Date.now();
      const [r] = e.analyze([{ path: f.path, text }]);
      const ms = Date.now() - s;
      assert.ok(ms < PER_FILE_BUDGET_MS, `${f.path} mutation ${round} took ${ms} ms`);
      assert.deepEqual(r.notices.filter((x) => x.kind === 'internal').map((x) => x.message), [], `${f.path} mutation ${round}: no internal error`);
      checkResult(text, r);
      n++;
    }
  }
  const secs = (Date.now() - t0) / 1000;
  process.stdout.write(`# fuzz: ${n} mutations in ${secs.toFixed(1)} s (${Math.round(n / secs)}/s)\n`);
});

const hostile: [string, string, () => string][] = [
  ['empty JSON', 'p.json', () => ''],
  ['empty YAML', 't.yaml', () => ''],
  ['empty Terraform', 'main.tf', () => ''],
  ['random bytes as a template', 't.yaml', () => 'AWSTemplateFormatVersion: x\n' + Array.from({ length: 5000 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join('')],
  ['lone surrogates and NUL', 'main.tf', () => 'resource "aws_s3_bucket" "b\ud800" {\n  bucket = "\0\udfff"\n}\n'],
  ['BOM and CRLF', 'p.json', () => '\ufeff{\r\n  "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"}]\r\n}\r\n'],
  ['100,000-deep JSON', 'p.json', () => '{"Statement":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}'],
  ['100,000-deep YAML flow', 't.yaml', () => 'Resources:\n  A: ' + '['.repeat(100_000) + ']'.repeat(100_000) + '\n'],
  ['2,000-deep YAML block', 't.yaml', () => 'AWSTemplateFormatVersion: x\nResources:\n' + Array.from({ length: 2000 }, (_, i) => ' '.repeat(i + 2) + `k${i}:`).join('\n') + ' v\n'],
  ['100,000-deep HCL', 'main.tf', () => 'locals {\n  x = ' + '['.repeat(100_000) + ']'.repeat(100_000) + '\n}\n'],
  ['100,000-deep HCL objects', 'main.tf', () => 'locals {\n  x = ' + '{a = '.repeat(20_000) + '1' + '}'.repeat(20_000) + '\n}\n'],
  ['YAML alias bomb', 't.yaml', () => "AWSTemplateFormatVersion: '2010-09-09'\n" + ['a0: &a0 [x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 9 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(', ')}]`)].join('\n') + '\n'],
  ['5 MB single line JSON policy', 'p.json', () => '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"' + 'a'.repeat(5 * 1024 * 1024) + '"}]}'],
  ['5 MB single line Terraform string', 'main.tf', () => 'resource "aws_s3_bucket" "b" { bucket = "' + 'a'.repeat(5 * 1024 * 1024) + '" }\n'],
  ['duplicate keys', 't.yaml', () => "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  A:\n    Type: AWS::S3::BucketPolicy\n  A:\n    Type: AWS::S3::BucketPolicy\n    Properties: {PolicyDocument: {Statement: []}}\n"],
  ['tabs in YAML', 't.yaml', () => "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n\tA:\n\t\tType: AWS::S3::Bucket\n"],
  ['unterminated heredoc', 'main.tf', () => 'resource "aws_s3_bucket_policy" "p" {\n  policy = <<EOF\n{"Statement": [\n'],
];

for (const [name, path, make] of hostile) {
  test(`hostile input: ${name}`, async () => {
    const e = await engine();
    const text = make();
    const s = Date.now();
    let r: FileResult | undefined;
    assert.doesNotThrow(() => {
      r = e.analyze([{ path, text }])[0];
    });
    const ms = Date.now() - s;
    assert.ok(ms < 10_000, `took ${ms} ms`);
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
