/**
 * Linear-time detectors: no regular expression and no text function of awsdp can be made to
 * backtrack on user text.
 *
 * 1. Every regular expression literal (and `new RegExp`) in server/src and client/src, found with
 *    the TypeScript parser, is run on adversarial strings built from its own literals: 20,000
 *    repetitions of each fragment, behind every literal prefix, with and without a failing
 *    suffix. It runs in a worker thread, so that a catastrophic pattern fails the test instead of
 *    hanging it (a pattern whose inputs get no answer within a generous watchdog).
 * 2. Every function that applies patterns to user text is run on its worst-case fragment repeated
 *    20,000 times.
 *
 * The time bounds (a polynomial pattern: over 100 ms and at least 3 times slower at twice the
 * length; a function over 200 ms; superlinear growth of the engine) are asserted in the timing
 * lane only (`npm run test:timing`, see timing.ts): `npm test` must pass on a busy machine.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import * as ts from 'typescript';
import { FileFilter, parseConfig } from '../engine/config';
import { Gitignore } from '../engine/glob';
import { oneLine, printable } from '../cli/report';
import { mdCell } from '../cli/format-rules';
import { plainText } from '../cli/format-sarif';
import { detectFormat } from '../engine/documents/detect';
import { findLongLiterals } from '../engine/documents/hcl-mask';
import { shortSource, templateParts, templateRefs, unescapeQuoted, unescapeTemplate, dedent } from '../engine/documents/hcl-template';
import { parseJson } from '../engine/documents/json';
import { subVariables } from '../engine/documents/cfn-intrinsics';
import { parseOperator } from '../engine/model/policy';
import { mask, quoteSource, redactSecrets, sanitizeMessage } from '../engine/redact';
import { credentialsIn, sensitiveIn, urlCredentials } from '../engine/rules/lib/sensitive';
import { parseDirective } from '../engine/suppress';
import { indentationAt, LineIndex } from '../engine/text';
import { engine } from './helpers';
import { TIMING_LANE, timingHolds, withinTime } from './timing';

const REPO = join(__dirname, '..', '..', '..');
const N = 20_000;

interface Found {
  where: string;
  source: string;
  flags: string;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return n === 'test' ? [] : tsFiles(p);
    return p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

/** Every regular expression literal and `new RegExp('…')` with literal arguments in the sources. */
function findRegexes(): Found[] {
  const out: Found[] = [];
  for (const f of [...tsFiles(join(REPO, 'server', 'src')), ...tsFiles(join(REPO, 'client', 'src'))]) {
    const sf = ts.createSourceFile(f, readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true);
    const where = (n: ts.Node) => `${relative(REPO, f)}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
    const visit = (n: ts.Node): void => {
      if (n.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = n.getText();
        const end = text.lastIndexOf('/');
        out.push({ where: where(n), source: text.slice(1, end), flags: text.slice(end + 1) });
      } else if ((ts.isNewExpression(n) || ts.isCallExpression(n)) && n.expression.getText() === 'RegExp') {
        const [pattern, flags] = n.arguments ?? [];
        // A pattern built at run time would need its own test: there must be none.
        assert.ok(pattern && ts.isStringLiteralLike(pattern), `${where(n)}: RegExp from a non-literal pattern`);
        out.push({ where: where(n), source: pattern.text, flags: flags && ts.isStringLiteralLike(flags) ? flags.text : '' });
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return out;
}

/** Runs in a worker: for each pattern, every adversarial input; posts a line per pattern. */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { patterns, n, timing } = workerData;
const BASE = [' ', '\\t', '\\n', '\\r', '\\r\\n', 'a', 'A', 'z', '0', '9', '-', '_', '.', ':', '/', ',', ';', '"', "'", '\`', '{', '}', '[', ']', '(', ')', '<', '>',
  '$', '%', '!', '?', '@', '#', '&', '*', '+', '=', '|', '~', '^', '\\\\', 'é', '\\u2028', '\\0', 'a ', ' a', 'a:', 'a@', 'a.', '1 ', '1-', 'aA1', '\${a', '\${', '%{', '[](', '](', '\`\`\`', '://a', 'a=', '"a":', 'eyJ', '-----', '\\n ', ' \\n', '\\n-', '- '];
function literalWords(source) {
  const words = source.replace(/\\\\[dDwWsSbBnrtfv0]/g, ' ').match(/[A-Za-z0-9:_-]{2,}/g) || [];
  return [...new Set(words)].sort((a, b) => b.length - a.length).slice(0, 4);
}
function literalChars(source) {
  return [...new Set(source.replace(/\\\\./g, (m) => m[1]).split(''))].filter((c) => c >= ' ');
}
function time(re, s) {
  const t = performance.now();
  if (re.global) s.replace(re, '');
  else re.exec(s);
  return performance.now() - t;
}
for (const [i, p] of patterns.entries()) {
  // A sticky pattern is called at every position of a scan: search is the same work.
  const re = new RegExp(p.source, p.flags.replace('y', ''));
  const words = literalWords(p.source);
  const pumps = [...new Set([...BASE, ...literalChars(p.source), ...words, ...words.map((w) => w + ' ')])];
  // The literal a match must start with, before the part that repeats.
  const prefixes = ['', ...words.slice(0, 3)];
  let worst = { ms: 0, input: '' };
  let runs = 0;
  sweep: for (const prefix of prefixes) for (const pump of pumps) for (const suffix of ['', '!\\0\\n']) {
    const ms = time(re, prefix + pump.repeat(n) + suffix);
    const input = JSON.stringify(prefix) + ' + ' + JSON.stringify(pump) + ' x ' + n + ' + ' + JSON.stringify(suffix);
    runs++;
    if (ms > worst.ms) worst = { ms, input };
    if (timing && ms > 100) {
      // Confirm with twice the length (best of two runs each, against noise): linear doubles,
      // polynomial at least quadruples.
      const ms1 = Math.min(ms, time(re, prefix + pump.repeat(n) + suffix));
      const ms2 = Math.min(time(re, prefix + pump.repeat(2 * n) + suffix), time(re, prefix + pump.repeat(2 * n) + suffix));
      // (A slow first run that a second run does not confirm was noise: a pause of the collector.)
      if (ms1 > 100 && (ms2 > 3 * ms1 || ms1 > 1000)) {
        parentPort.postMessage({ i, bad: true, ms: ms1, ms2, input });
        break sweep; // one report per pattern
      }
    }
  }
  parentPort.postMessage({ i, done: true, runs, worst });
}
`;

interface WorkerMessage {
  i: number;
  done?: boolean;
  bad?: boolean;
  ms: number;
  ms2?: number;
  input: string;
  runs: number;
}

/** A pattern's inputs get no answer within this: catastrophic (a linear pattern takes milliseconds; generous for a busy machine). */
const WATCHDOG_MS = TIMING_LANE ? 20_000 : 60_000;

/** Sweeps patterns[from..] in a worker; a pattern with no answer within WATCHDOG_MS is reported and the sweep goes on after it. */
function sweep(patterns: Found[], from: number, bad: string[]): Promise<{ runs: number; next: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData: { patterns: patterns.slice(from), n: N, timing: TIMING_LANE } });
    let runs = 0;
    let current = from;
    let watchdog: NodeJS.Timeout | undefined;
    const finish = (next: number) => {
      clearTimeout(watchdog);
      void worker.terminate().then(() => resolve({ runs, next }));
    };
    const arm = () => {
      clearTimeout(watchdog);
      // No pattern may take this long over all its inputs (a linear one takes milliseconds).
      watchdog = setTimeout(() => {
        const p = patterns[current];
        bad.push(`${p.where} /${p.source}/${p.flags}: no answer within ${WATCHDOG_MS / 1000} s (catastrophic backtracking)`);
        finish(current + 1);
      }, WATCHDOG_MS);
    };
    arm();
    worker.on('message', (m: WorkerMessage) => {
      const p = patterns[from + m.i];
      if (m.bad) bad.push(`${p.where} /${p.source}/${p.flags}: ${Math.round(m.ms)} ms, then ${Math.round(m.ms2!)} ms at twice the length, on ${m.input}`);
      if (m.done) {
        runs += m.runs;
        current = from + m.i + 1;
        if (current === patterns.length) finish(current);
        else arm();
      }
    });
    worker.on('error', (e) => {
      clearTimeout(watchdog);
      reject(e);
    });
  });
}

test('every regular expression in the sources is linear on adversarial input', async () => {
  const patterns = findRegexes();
  assert.ok(patterns.length >= 40, `found the regular expressions (${patterns.length})`);
  const bad: string[] = [];
  let runs = 0;
  for (let next = 0; next < patterns.length; ) {
    const r = await sweep(patterns, next, bad);
    runs += r.runs;
    next = r.next;
  }
  assert.deepEqual(bad, []);
  process.stdout.write(`# redos: ${patterns.length} regular expressions, ${runs} adversarial inputs of ${N} repetitions\n`);
});

/** [name, function, worst-case input]: each input is a fragment repeated N times. */
const FUNCTIONS: [string, (s: string) => unknown, string][] = [
  ['parseDirective: blanks then no colon', parseDirective, 'awsdp-ignore' + ' '.repeat(N) + '!'],
  ['parseDirective: rule list then junk', parseDirective, 'awsdp-ignore' + ' DP201,'.repeat(N) + '!'],
  ['parseDirective: -file and blanks', parseDirective, 'awsdp-ignore-file' + '\t '.repeat(N) + ':' + ' '.repeat(N)],
  ['subVariables: unclosed ${', subVariables, '${a'.repeat(N)],
  ['subVariables: ${ only', subVariables, '${'.repeat(N)],
  ['subVariables: escapes', subVariables, '${!'.repeat(N) + '}'],
  ['parseOperator', parseOperator, 'ForAnyValue:' + 'IfExists'.repeat(N) + 'x'],
  ['oneLine: blanks without a break', oneLine, ' '.repeat(N) + 'x'],
  ['oneLine: breaks and blanks', oneLine, '\n \t'.repeat(N)],
  ['mdCell', mdCell, ' '.repeat(N) + '|'],
  ['plainText: unclosed links', plainText, '[](('.repeat(N)],
  ['plainText: brackets', plainText, '['.repeat(N) + ']('.repeat(N)],
  ['plainText: fences', plainText, '```'.repeat(N) + 'x'],
  ['printable', printable, '\x1b[31m'.repeat(N)],
  ['redactSecrets: e-mail local part', redactSecrets, 'a'.repeat(N) + '@'],
  ['redactSecrets: dotted', redactSecrets, 'a.'.repeat(N) + '@b'],
  ['redactSecrets: digits and blanks', redactSecrets, '1 '.repeat(N)],
  ['redactSecrets: digits and dashes', redactSecrets, '1-'.repeat(N) + 'x'],
  ['redactSecrets: secret names', redactSecrets, 'password='.repeat(N)],
  ['redactSecrets: key id prefixes', redactSecrets, 'AKIA'.repeat(N)],
  ['redactSecrets: URL schemes', redactSecrets, 'a://'.repeat(N)],
  ['redactSecrets: user info without a host', redactSecrets, 'https://' + 'a:'.repeat(N)],
  ['redactSecrets: base64 run', redactSecrets, 'aA1/'.repeat(N)],
  ['redactSecrets: PEM headers', redactSecrets, '-----BEGIN '.repeat(N)],
  ['sanitizeMessage: everything', sanitizeMessage, 'x@y.z 4111 1111 1111 1111 AKIAIOSFODNN7EXAMPLE \x1b\n'.repeat(N / 10)],
  ['quoteSource: blanks', quoteSource, ' '.repeat(N) + 'x'],
  ['quoteSource: one long token', quoteSource, 'a1'.repeat(N)],
  ['mask', mask, 'a'.repeat(N)],
  ['detectFormat: Type and blanks', (s) => detectFormat('t.yaml', s), 'Resources:\n"Type"' + ' '.repeat(N)],
  ['detectFormat: repeated keys', (s) => detectFormat('t.json', s), 'Resources:' + 'Type:'.repeat(N)],
  ['detectFormat: Statement and blanks', (s) => detectFormat('p.json', s), '"Statement"' + ' '.repeat(N)],
  ['shortSource', shortSource, ' a'.repeat(N)],
  ['templateParts', templateParts, '${'.repeat(N)],
  ['templateRefs', (s) => templateRefs(s), '${a.b.'.repeat(N)],
  ['unescapeQuoted', (s) => unescapeQuoted(s, false), '\\u'.repeat(N)],
  ['unescapeTemplate', unescapeTemplate, '$${'.repeat(N)],
  ['dedent', dedent, ' \n'.repeat(N)],
  ['findLongLiterals: quotes', findLongLiterals, '"'.repeat(N)],
  ['findLongLiterals: heredoc starts', findLongLiterals, '<<EOF\n'.repeat(N)],
  ['findLongLiterals: interpolations', findLongLiterals, '"${'.repeat(N)],
  ['parseJson: unterminated string of escapes', (s) => parseJson(s, 'f.json'), '"\\'.repeat(N)],
  ['parseJson: deep nesting', (s) => parseJson(s, 'f.json'), '[{"a":'.repeat(N)],
  ['LineIndex.lineText', (s) => new LineIndex(s).lineText(0), 'a' + '\r'.repeat(N)],
  ['indentationAt', (s) => indentationAt(s, s.length), ' '.repeat(N)],
  ['sensitiveIn: phone-like runs', sensitiveIn, '+1 2'.repeat(N)],
  ['sensitiveIn: + and long digit runs', sensitiveIn, ('+1' + '2'.repeat(49) + ' ').repeat(N / 50)],
  ['sensitiveIn: base64 runs', sensitiveIn, 'aB1/'.repeat(N) + '='],
  ['sensitiveIn: digits and dashes', sensitiveIn, '123-45-'.repeat(N)],
  ['credentialsIn: PEM headers without footers', credentialsIn, '-----BEGIN RSA PRIVATE KEY-----\n'.repeat(N / 10)],
  ['credentialsIn: PuTTY headers', credentialsIn, 'PuTTY-User-Key-File-2: '.repeat(N / 10)],
  ['credentialsIn: named secret keys', credentialsIn, 'aws_secret_access_key = '.repeat(N / 10)],
  ['credentialsIn: token prefixes', credentialsIn, 'AIza ghp_ glpat- xoxb-1234567890- sk_live_ npm_ '.repeat(N / 10)],
  ['urlCredentials: schemes and at signs', urlCredentials, 'a://b@'.repeat(N)],
];

for (const [name, fn, input] of FUNCTIONS) {
  test(`linear: ${name}`, () => {
    assert.doesNotThrow(() => fn(input)); // warm up
    const t = performance.now();
    const again = fn(input);
    withinTime(performance.now() - t, 200, `${name} on ${input.length} characters`);
    // The same answer twice: the function holds no state between calls.
    assert.deepEqual(again, fn(input));
  });
}

test('bounded: globs from .awsdp.yaml and .gitignore files (they come with the repository scanned)', () => {
  // picomatch's worst case grows with the wildcards of one path segment: more than two are refused.
  assert.throws(() => parseConfig('exclude: ["**/*a*a*a*a*a*a*a*a*a*b"]'), /at most 2 wildcards \(\* or \?\) in one path segment, got 10/);
  assert.throws(() => parseConfig('ignore: [{files: "*a*a*b", rules: [DP201], reason: x}]'), /ignore\[0\]\.files: a glob may have at most 2 wildcards/);
  assert.throws(() => parseConfig(`include: ["${'a'.repeat(2000)}"]`), /glob longer than 1000 characters/);
  const longPaths = ['x/' + 'a'.repeat(250) + '.tf', 'a/'.repeat(120) + 'x.tf', 'a'.repeat(250)];
  const worstGlobs = ['**/*a*b', '**/a*/**/b*/**/c*/**/*d', '**/**/**/**/**/**/**/x', '{a,b}{a,b}{a,b}{a,b}*', '**/*.{tf,json,yaml}'];
  const filter = new FileFilter(parseConfig(`exclude: ${JSON.stringify(worstGlobs)}\nignore: [{files: "**/*a*a", rules: [DP201], reason: x}]`));
  for (const p of longPaths) {
    const t = performance.now();
    assert.equal(filter.accepts(p), false, `${p.slice(0, 20)}…: an exclude glob matches it (*.tf, or {a,b}{a,b}{a,b}{a,b}*)`);
    filter.ignores(p, 'DP201', 'x');
    withinTime(performance.now() - t, 200, `globs on ${p.slice(0, 20)}…`);
  }
  // .gitignore patterns (engine/glob.ts) with many wildcards stay fast.
  const ig = new Gitignore(['*a*a*a*a*a*a*a*a*a*a*b', '**/*a*a*a*a*a*a*a*a*b/', 'a*a*a*a*a*a*a*a*a*a*a*a*b'].join('\n'));
  for (const p of longPaths) {
    const t = performance.now();
    assert.equal(ig.test(p).ignored, false, `${p.slice(0, 20)}…: no pattern ends in b`);
    withinTime(performance.now() - t, 200, `.gitignore patterns on ${p.slice(0, 20)}…`);
  }
});

test('linear: the engine on comments, templates and keys built to backtrack', async () => {
  const e = await engine();
  const cases: [string, (n: number) => string][] = [
    ['t.yaml', (n) => 'AWSTemplateFormatVersion: x\n# awsdp-ignore' + ' '.repeat(n) + '!\n'],
    ['main.tf', (n) => '# awsdp-ignore' + ' '.repeat(n) + '!\nresource "aws_s3_bucket" "b" {}\n'],
    ['p.json', (n) => '// awsdp-ignore' + '\t'.repeat(n) + '!\n{"Statement": []}'],
    ['t.yaml', (n) => "AWSTemplateFormatVersion: x\nResources:\n  A:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Sub '" + '${a'.repeat(n) + "'\n"],
    ['p.json', (n) => '{"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": "*", "Condition": {"ForAnyValue:' + 'IfExists'.repeat(n) + '": {}}}]}'],
    ['main.tf', (n) => 'locals {\n  x = "' + '${a'.repeat(n) + '"\n}\n'],
  ];
  // Parsers have their own per-character cost (tree-sitter's is high): what matters is the growth.
  const time = (path: string, text: string) => {
    let best = Infinity;
    for (let i = 0; i < 2; i++) {
      const t = performance.now();
      const [r] = e.analyze([{ path, text }], { budgetMs: 600_000 });
      best = Math.min(best, performance.now() - t);
      assert.deepEqual(r.notices.filter((n) => n.kind === 'internal' || n.kind === 'limit').map((n) => n.message), [], `${path}: analysed to the end`);
    }
    return best;
  };
  for (const [path, make] of cases) {
    const half = time(path, make(N / 2));
    const full = time(path, make(N));
    timingHolds(full < 3.5 * half + 50, `${path}: ${Math.round(half)} ms for ${N / 2} repetitions, ${Math.round(full)} ms for ${N}: superlinear on ${make(2).slice(0, 40)}…`);
  }
});
