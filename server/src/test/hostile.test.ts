/**
 * Hostile input for the engine: a seeded fuzz test over the samples and the fuzz seeds
 * (fixtures/fuzz), and hand-made bombs. Whatever the input: no exception escapes, every analysis
 * ends within its time budget, every range lies inside the text and agrees with its span, and
 * every message is one masked, bounded line (redact.ts).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { MAX_PARSER_MEMORY } from '../engine/documents/hcl';
import { DEFAULT_BUDGET_MS, MAX_DEPTH } from '../engine/documents/limits';
import { Budget } from '../engine/budget';
import { Engine, type FileResult } from '../engine/engine';
import { allRules } from '../engine/rules/index';
import type { Rule } from '../engine/rules/rule';
import { MAX_MESSAGE_LENGTH } from '../engine/redact';
import { decodeText, LineIndex } from '../engine/text';
import type { Range } from '../engine/types';
import { engine } from './helpers';
import { HOSTILE, LONG } from './hostile-inputs';
import { withinTime } from './timing';

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
      // Up to 20,000 characters (the hand-made bombs below have 5 MB lines).
      return t.slice(0, p) + pick(['a', ' ', '"', '\\', '$', '{', '#', '\t'], r).repeat(1 + Math.floor(r() * 20_000)) + t.slice(p);
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
const BUDGET_SLACK_MS = 2000;
/** How many mutations the fuzz test tries: the same sequence on every run and every machine (AWSDP_FUZZ_COUNT for a longer run). */
const FUZZ_COUNT = Number(process.env.AWSDP_FUZZ_COUNT) || 400;

test('fuzz: seeded mutations of the samples and seeds never throw, keep ranges exact (and stay within budget: timing lane)', async () => {
  const e = await engine();
  const rnd = prng(20261128);
  const files = [...filesUnder(SAMPLES), ...filesUnder(SEEDS)];
  assert.ok(files.length >= 10, 'samples and seeds present');
  // Terraform files are mutated with their module around them: references across files stay in play.
  const moduleOf = (p: string) => files.filter((f) => /\.tf(\.json)?$/.test(f.path) && f.path !== p && f.path.slice(0, f.path.lastIndexOf('/')) === p.slice(0, p.lastIndexOf('/')));
  let n = 0;
  let worst = 0;
  let stopped = 0;
  const byOp = new Map<string, number>();
  const t0 = Date.now();
  while (n < FUZZ_COUNT) {
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
    withinTime(ms, DEFAULT_BUDGET_MS + BUDGET_SLACK_MS, what);
    assert.ok(r, `${what}: a result`);
    assert.deepEqual(r.notices.filter((x) => x.kind === 'internal').map((x) => x.message), [], `${what}: no internal error`);
    if (r.notices.some((x) => x.message.startsWith('analysis stopped after'))) stopped++;
    checkResult(text, r, what);
    for (const op of ops) byOp.set(op, (byOp.get(op) ?? 0) + 1);
    n++;
  }
  const secs = (Date.now() - t0) / 1000;
  assert.equal(byOp.size, MUTATIONS.length, 'every kind of mutation was tried');
  process.stdout.write(`# fuzz: ${n} mutations of ${files.length} files in ${secs.toFixed(1)} s (${Math.round(n / secs)}/s), slowest ${Math.round(worst)} ms, ${stopped} stopped at the time budget\n`);
});

for (const [name, path, make] of HOSTILE) {
  test(`hostile input: ${name}`, async () => {
    const e = await engine();
    const text = make();
    const s = performance.now();
    let r: FileResult | undefined;
    assert.doesNotThrow(() => {
      r = e.analyze([{ path, text }])[0];
    });
    withinTime(performance.now() - s, DEFAULT_BUDGET_MS + BUDGET_SLACK_MS, name);
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

/** A budget of 100 ms that ran out a millisecond ago: the parser stops at its first look at the clock, however fast the machine. */
const expiredBudget = () => new Budget(100, performance.now() - 101);

test('time budget: a parse that runs out of time is stopped with a notice, and the engine goes on', async () => {
  const e = await engine();
  // Many small blocks: tree-sitter's own work (long literals are parsed fast, see hcl-mask.ts).
  const tf = 'locals { x = 1 }\n'.repeat(300_000);
  const r = e.analyzeDocument({ path: 'main.tf', text: tf }, [], { budget: expiredBudget() });
  assert.match(r.notices.map((n) => n.message).join('\n'), /^analysis stopped after \d+ ms: parsing Terraform did not finish in time; the file is not analysed \(time budget 100 ms\)$/m);
  assert.deepEqual(r.findings, []);

  const yaml = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n" + '  B: {Type: AWS::S3::Bucket}\n'.repeat(200_000);
  const y = e.analyzeDocument({ path: 't.yaml', text: yaml }, [], { budget: expiredBudget() });
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
  // A fake clock: the budget reads it, and the slow rule moves it on by 150 ms (no real waiting).
  let now = 0;
  class FakeClockBudget extends Budget {
    constructor(ms: number) {
      super(ms, 0);
    }
    override get deadline(): number {
      return Infinity; // parsers look at the real clock: never stopped here
    }
    override expired(): boolean {
      return now > this.ms;
    }
    override elapsed(): number {
      return now;
    }
  }
  // The engine with a slow rule first: the budget runs out between rules.
  const slow: Rule = {
    meta: { ...allRules[0].meta, id: 'DP299', name: 'slow-test-rule' },
    check() {
      now += 150;
    },
  };
  const slowEngine = await Engine.create({ rules: [slow, ...allRules] });
  const policy = '{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}';
  const r = slowEngine.analyzeDocument({ path: 'p.json', text: policy }, [], { budget: new FakeClockBudget(100) });
  assert.deepEqual(r.findings, []);
  assert.match(r.notices.map((n) => n.message).join('\n'), new RegExp(`^analysis stopped after 150 ms: the time budget was used up; rules not run: ${allRules.map((x) => x.meta.id).join(', ')} \\(time budget 100 ms\\)$`, 'm'));
  // Within budget, the same engine reports as usual.
  now = 0;
  const ok = slowEngine.analyzeDocument({ path: 'p.json', text: policy }, [], { budget: new FakeClockBudget(1000) });
  assert.equal(ok.findings.length, 1);
  assert.deepEqual(ok.notices, []);
  // An expired budget stops before the model is built.
  const d = e.analyzeDocument({ path: 'p.json', text: policy }, [], { budgetMs: -1 });
  assert.match(d.notices.map((n) => n.message).join('\n'), /^analysis stopped after \d+ ms/m);
});

test('memory guard: a parse that would exhaust tree-sitter\'s memory is stopped, and the parser stays usable', () => {
  // Error recovery on this text takes about 7 KB of WebAssembly memory per character: 200,000
  // repetitions reach the 2 GB limit, where WebAssembly aborts and no Terraform file parses any
  // more. In a fresh process (WebAssembly memory never shrinks) with a lower cap, to stay light.
  assert.ok(MAX_PARSER_MEMORY < 2 * 1024 * 1024 * 1024 * 0.7, 'the default cap leaves room below WebAssembly\'s 2 GB');
  const script = `
    const { Engine } = require(${JSON.stringify(join(__dirname, '..', 'engine', 'engine.js'))});
    Engine.create({ maxParserMemory: 160 * 1024 * 1024 }).then((e) => {
      const [bomb] = e.analyze([{ path: 'bomb/main.tf', text: '}\\nresource "a" "b" {}\\n'.repeat(30000) }], { budgetMs: 120000 });
      const [ok] = e.analyze([{ path: 'ok/main.tf', text: 'resource "aws_s3_bucket_policy" "p" {\\n  bucket = "b"\\n  policy = jsonencode({Statement = [{Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::b/*"}]})\\n}\\n' }]);
      process.stdout.write(JSON.stringify({ bomb: bomb.notices.filter((n) => n.kind !== 'parse-error').map((n) => n.message), ok: [ok.findings.length, ok.notices.length] }));
    });
  `;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  assert.deepEqual(JSON.parse(r.stdout), { bomb: ['file not analysed: the Terraform parser needed more than 160 MB of memory'], ok: [1, 0] });
});
