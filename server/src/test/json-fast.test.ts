/**
 * The JSON fast path (documents/json-fast.ts: one charCodeAt pass building the value tree) against
 * the jsonc-parser path (json.ts): for every JSON file of the repository, generated tricky cases and
 * mutations of them, the fast path gives exactly the jsonc-parser result (trees with their classes,
 * kinds, values, keys, key spans, value and entry spans, intrinsics with their arguments and refs;
 * comments; notices) or falls back to it, and parseJson (the automatic choice) always gives the
 * jsonc-parser result.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseJson, parseJsonWith, type JsonParse, type JsonParseOptions } from '../engine/documents/json';
import { MAX_DEPTH } from '../engine/documents/limits';
import type { VNode } from '../engine/value';
import { LineIndex } from '../engine/text';
import { DeadlinePassed } from '../engine/budget';
import { REPO } from './fixtures';
import { lcg, mutate } from './differential';
import { HOSTILE } from './hostile-inputs';

type Outcome = { fast: true } | { fast: false; reason: string };

/**
 * A tree as plain data, every span read through its getter (the nodes make spans on demand): kinds,
 * values (-0 stays -0 under deepStrictEqual), classes, spans, keys and key spans, entry spans,
 * intrinsics with their arguments and refs.
 */
function shape(n: VNode | undefined): unknown {
  if (!n) return n;
  const base = { cls: Object.getPrototypeOf(n)?.constructor?.name, kind: n.kind, span: { ...n.span } };
  switch (n.kind) {
    case 'object':
      return { ...base, entries: n.entries.map((e) => ({ cls: Object.getPrototypeOf(e)?.constructor?.name, key: e.key, keySpan: { ...e.keySpan }, span: { ...e.span }, value: shape(e.value) })) };
    case 'array':
      return { ...base, items: n.items.map(shape) };
    case 'unknown':
      return { ...base, reason: n.reason, intrinsic: n.intrinsic, refs: [...n.refs], args: shape(n.args) };
    default:
      return { ...base, value: n.value };
  }
}

/** Both paths on `text` (with and without CloudFormation intrinsics): equal results, or a fast-path fallback (with its reason). */
function same(text: string, label: string, opts: JsonParseOptions = {}): Outcome {
  let outcome: Outcome = { fast: true };
  for (const cfnIntrinsics of [false, true]) {
    const o = { ...opts, cfnIntrinsics };
    const l = `${label}${cfnIntrinsics ? ' (intrinsics)' : ''}`;
    const full = parseJsonWith('full', text, 't.json', new LineIndex(text), o) as JsonParse;
    // parseJson is the fast path when it does not fall back, else the jsonc-parser path.
    const auto = parseJson(text, 't.json', new LineIndex(text), o);
    assert.deepStrictEqual(auto, full, `${l}: parseJson`);
    const fast = parseJsonWith('fast', text, 't.json', new LineIndex(text), o);
    if ('fallback' in fast) {
      outcome = { fast: false, reason: fast.fallback };
      continue;
    }
    // Own fields first (offsets, classes), then every span through its getter, then the rest.
    assert.deepStrictEqual(fast, full, l);
    assert.deepStrictEqual(shape(fast.root), shape(full.root), `${l}: shape`);
    assert.deepStrictEqual(fast.comments, full.comments, `${l}: comments`);
    assert.deepStrictEqual(fast.notices, [], `${l}: notices`);
    assert.deepStrictEqual(full.notices, [], `${l}: notices`);
  }
  return outcome;
}

function jsonFilesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      if (n === 'node_modules' || n === '.git' || n === 'out' || n === 'dist' || n.startsWith('.')) return [];
      const p = join(dir, n);
      const st = statSync(p);
      if (st.isDirectory()) return jsonFilesUnder(p);
      return /\.(json|jsonc|template)$/i.test(n) && st.size < 1_000_000 ? [p] : [];
    });
}

const REPO_JSON = jsonFilesUnder(REPO);

/** The repository's JSON files that the fast path leaves to jsonc-parser, and why (none: the repository holds no broken JSON file). */
const EXPECTED_FALLBACKS: Record<string, string> = {};

test('every JSON file of the repository: the fast path gives the jsonc-parser result', () => {
  assert.ok(REPO_JSON.length >= 40, `found ${REPO_JSON.length} JSON files`);
  const fellBack: Record<string, string> = {};
  for (const p of REPO_JSON) {
    const text = readFileSync(p, 'utf8');
    const rel = relative(REPO, p).split('\\').join('/');
    const r = same(text, rel);
    if (!r.fast) fellBack[rel] = r.reason;
    // The same file with CRLF line endings (the smaller files: the suite stays fast).
    if (text.length < 50_000) same(text.replace(/\r?\n/g, '\r\n'), `${rel} (CRLF)`);
  }
  assert.deepEqual(fellBack, EXPECTED_FALLBACKS);
});

const big = (n: number) => JSON.stringify({ Statement: Array.from({ length: n }, (_, i) => ({ Sid: `S${i}`, Effect: 'Allow', Action: ['s3:GetObject'], Resource: `arn:aws:s3:::b${i}/*` })) }, null, 2);

/** Generated cases the fast path reads itself ([label, text]). */
const FAST_CASES: [string, string][] = [
  ['scalar document: number', '1'],
  ['scalar document: string', '  "abc"  '],
  ['scalar document: true', 'true'],
  ['scalar document: null', '\nnull\n'],
  ['scalar document: -0', '-0'],
  ['simple escapes', '["\\" \\\\ \\/ \\b \\f \\n \\r \\t", "a\\"", "\\\\", "x\\ty\\nz"]'],
  ['\\u escapes, surrogate pairs and lone surrogates', '["\\u00e9", "\\uD83D\\uDE00", "\\ud83d\\ude00", "\\ud800", "\\udc00x", "x\\uDBFF", "a\\u0000b", "\\u002F\\u005c", "\\uFFFF\\uFeFf", "\\uDE00\\uD83D"]'],
  ['escaped keys', '{"\\u0041": 1, "a\\nb": 2, "\\"": 3, "\\ud800": 4}'],
  ['numbers', '[0, -0, 1, -1, 1.5, -1.5e-3, 1E+2, 1e-2, 1e400, -1e400, 1e-400, 12345678901234567890, 123456789012345, -123456789012345, 1234567890123456, 9007199254740993, 0.1, 0e0, 0E-0, 5e-324, 1.7976931348623157e308, 100000000000000000000000000000000000, 0.30000000000000004, 999999999999999, 9999999999999999]'],
  ['numbers as values and keys of objects', '{"0": 0, "-1": -1, "a": 1.0, "b": 10, "c": 2e0}'],
  ['keywords', '[true, false, null, {"t": true, "f": false, "n": null}]'],
  ['keywords followed by comments', '[true//x\n,false/*y*/,null/**/]'],
  ['comments everywhere', '// head\n{ /* a */ "a" /* b */ : /* c */ 1 /* d */ , // e\n "b": [ /**/ 1 // f\n , 2 /* g\n multi */ ] /* h */ } // tail'],
  ['comments only around', '/* a */ /* b */ // c\r\n{}\n// d'],
  ['comment at the end without newline', '{}//x'],
  ['comment with stars and slashes', '{/***/ /* * / ** */ "a": 1 /*/ x */}'],
  ['line comment ended by CR', '{// a\r"b": 1}'],
  ['trailing commas', '{"a": [1, 2,], "b": {"c": 1,}, "d": [[],], "e": {"f": {},},}'],
  ['trailing comma before comment', '[1, /* c */ ]'],
  ['empty containers', '{"a": {}, "b": [], "c": [[]], "d": [{}], "e": {  }, "f": [ \n ]}'],
  ['empty object and array documents', '{}'],
  ['empty array document', '[]'],
  ['CRLF, CR and tabs', '{\r\n\t"a":\t1,\r"b":\n[\r\n2\r]\r\n}\r\n'],
  ['duplicate keys', '{"a": 1, "a": 2, "a": {"a": 3, "a": [4]}}'],
  ['empty key and empty string', '{"": "", " ": " "}'],
  ['unicode keys and values', '{"ключ": "значение", "é": "😀", "中文": ["\u2028\u2029", "\u007f", "\u0085", "\u00a0"]}'],
  ['long strings', JSON.stringify({ a: 'x'.repeat(5000), b: 'y\n'.repeat(100), ['k'.repeat(300)]: 'é'.repeat(20) })],
  ['whitespace around', '\n\n  \t{"a":1}  \n\n'],
  ['no whitespace at all', '{"a":[1,{"b":null},"c"],"d":{"e":true}}'],
  [
    'CloudFormation intrinsics',
    JSON.stringify({
      Resources: {
        A: {
          Type: 'T',
          Condition: 'C',
          Properties: {
            R: { Ref: 'B' },
            P: { Ref: 'AWS::Region' },
            S: { 'Fn::Sub': 'x-${C}-${D.Arn}-${AWS::Region}' },
            L: { 'Fn::Sub': 'literal' },
            E: { 'Fn::Sub': '${!Lit}-x' },
            M: { 'Fn::Sub': ['${a}-${B}', { a: { Ref: 'Q' } }] },
            G: { 'Fn::GetAtt': ['D', 'Arn'] },
            H: { 'Fn::GetAtt': 'D.Arn' },
            J: { 'Fn::Join': ['', [{ Ref: 'E' }, 'x', { 'Fn::GetAtt': ['F', 'Arn'] }]] },
            I: { 'Fn::If': ['C', { Ref: 'F' }, { Ref: 'AWS::NoValue' }] },
            U: { 'Fn::Unknown': 1 },
            FE: { 'Fn::ForEach::X': ['i', ['a'], { 'X${i}': {} }] },
            F: { 'Fn::ForEach': 1 },
            C: { Condition: 'X' },
            X: { Ref: 'B', Extra: 1 },
            Y: { Extra: 1, Ref: 'B' },
            B: { 'Fn::Base64': { 'Fn::Sub': 'echo ${W}' } },
            N: [{ Ref: 'N1' }, { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }],
            T: { 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://x' } } },
          },
        },
      },
    }, null, 2),
  ],
  ['intrinsic with a trailing comma', '{"A": {"Ref": "B",}, "C": {"Fn::Sub": "${D}" /* c */}}'],
  ['deep nesting at the limit (arrays)', '['.repeat(MAX_DEPTH) + ']'.repeat(MAX_DEPTH)],
  ['deep nesting at the limit (objects)', '{"a":'.repeat(MAX_DEPTH - 1) + '{}' + '}'.repeat(MAX_DEPTH - 1)],
  ['a large policy', big(300)],
];

/** Generated cases the fast path leaves to jsonc-parser (label, text, reason substring). */
const FALLBACK_CASES: [string, string, string][] = [
  ['empty text', '', 'value expected'],
  ['only whitespace', '  \n\t ', 'value expected'],
  ['only a comment', '// x\n', 'value expected'],
  ['unclosed object', '{"a": 1', 'unclosed container'],
  ['unclosed array', '[1, 2', 'unclosed container'],
  ['unclosed nested', '{"a": [{"b": 1}', 'unclosed container'],
  ['unclosed string', '{"a": "x', 'unclosed string'],
  ['unclosed key', '{"a', 'unclosed string'],
  ['unclosed block comment', '{"a": 1} /* x', 'unclosed comment'],
  ['block comment closed by the end only', '{} /*/', 'unclosed comment'],
  ['missing colon', '{"a" 1}', 'colon expected'],
  ['key without value', '{"a"}', 'colon expected'],
  ['missing value', '{"a":}', 'unknown symbol'],
  ['missing value at the end', '{"a":', 'value expected'],
  ['comma first in an object', '{,}', 'property name expected'],
  ['comma first in an array', '[,]', 'unknown symbol'],
  ['double comma', '[1,,2]', 'unknown symbol'],
  ['double comma in an object', '{"a":1,,"b":2}', 'property name expected'],
  ['missing comma between properties', '{"a":1 "b":2}', 'comma expected'],
  ['missing comma between items', '[1 2]', 'comma expected'],
  ['unquoted key', '{a: 1}', 'property name expected'],
  ['single-quoted key', "{'a': 1}", 'property name expected'],
  ['single-quoted string', "['a']", 'unknown symbol'],
  ['hex escape', '"\\x41"', 'invalid escape'],
  ['short unicode escape', '"\\u12"', 'invalid unicode escape'],
  ['bad unicode escape', '"\\u12G4"', 'invalid unicode escape'],
  ['backslash at the end', '"\\', 'invalid escape'],
  ['tab in a string', '"a\tb"', 'control character'],
  ['line break in a string', '"a\nb"', 'control character'],
  ['NUL in a string', '"a\0b"', 'control character'],
  ['leading zero', '01', 'end of file expected'],
  ['leading zero in an array', '[01]', 'comma expected'],
  ['negative leading zero', '-01', 'end of file expected'],
  ['dot without digits', '1.', 'unexpected end of number'],
  ['dot then exponent', '1.e5', 'unexpected end of number'],
  ['leading dot', '.5', 'unknown symbol'],
  ['exponent without digits', '1e', 'unexpected end of number'],
  ['signed exponent without digits', '[1e+]', 'unexpected end of number'],
  ['plus sign', '+1', 'unknown symbol'],
  ['lone minus', '-', 'unknown symbol'],
  ['minus letter', '-a', 'unknown symbol'],
  ['NaN', 'NaN', 'unknown symbol'],
  ['Infinity', '[Infinity]', 'unknown symbol'],
  ['hex number', '0x10', 'end of file expected'],
  ['two dots', '1.5.3', 'end of file expected'],
  ['number followed by a letter', '[1a]', 'comma expected'],
  ['capitalised keyword', 'True', 'unknown symbol'],
  ['short keyword', 'nul', 'unknown symbol'],
  ['keyword with more letters', 'truex', 'end of file expected'],
  ['undefined', '{"a": undefined}', 'unknown symbol'],
  ['BOM', '\ufeff{}', 'unknown symbol'],
  ['no-break space', '\u00a0{}', 'unknown symbol'],
  ['form feed', '{\f}', 'property name expected'],
  ['vertical tab', '[1\v]', 'comma expected'],
  ['lone slash', '{"a": 1 / 2}', 'unknown symbol'],
  ['two documents', '{} {}', 'end of file expected'],
  ['two scalars', '1 2', 'end of file expected'],
  ['extra closing bracket', '{}]', 'end of file expected'],
  ['mismatched brackets', '[1}', 'comma expected'],
  ['mismatched braces', '{"a":1]', 'comma expected'],
  ['nesting past the limit', '['.repeat(MAX_DEPTH + 1) + ']'.repeat(MAX_DEPTH + 1), 'MAX_DEPTH'],
  ['a half-typed template', '{\n  "Resources": {\n    "B": {\n      "Type": "AWS::S3::Bucket",\n      "Properties": {\n        "BucketName": ', 'value expected'],
];

test('generated cases: the fast path reads them exactly as jsonc-parser', () => {
  for (const [label, text] of FAST_CASES) {
    for (const [variant, t] of [
      ['', text],
      [' (CRLF)', text.replace(/\r?\n/g, '\r\n')],
    ] as const) {
      const r = same(t, label + variant);
      assert.ok(r.fast, `${label}${variant}: fell back (${r.fast ? '' : r.reason})`);
    }
  }
});

test('generated cases: values read as jsonc-parser reads them', () => {
  // Spot checks that the compared results are what they should be (not merely equal on both paths).
  const p = parseJson(FAST_CASES.find(([l]) => l === 'numbers')![1], 't.json');
  const nums = p.root?.kind === 'array' ? p.root.items.map((n) => (n.kind === 'number' ? n.value : undefined)) : [];
  assert.ok(Object.is(nums[1], -0));
  assert.equal(nums[8], Infinity);
  assert.equal(nums[11], 12345678901234567000);
  assert.equal(nums[15], 9007199254740992);
  const s = parseJson(FAST_CASES.find(([l]) => l.startsWith('\\u escapes'))![1], 't.json');
  const strs = s.root?.kind === 'array' ? s.root.items.map((n) => n.kind === 'string' && n.value) : [];
  assert.deepEqual(strs.slice(0, 4), ['é', '😀', '😀', '\ud800']);
  const c = parseJson(FAST_CASES.find(([l]) => l === 'comments everywhere')![1], 't.json');
  assert.deepEqual(c.comments.map((x) => x.text), [' head', ' a ', ' b ', ' c ', ' d ', ' e', '', ' f', ' g\n multi ', ' h ', ' tail']);
  const t = parseJson(FAST_CASES.find(([l]) => l === 'CloudFormation intrinsics')![1], 't.json', undefined, { cfnIntrinsics: true });
  const props = t.root?.kind === 'object' ? JSON.stringify(shape(t.root)) : '';
  assert.match(props, /"intrinsic":"Ref","refs":\["B"\]/);
});

test('generated cases: the fast path falls back where jsonc-parser reports something', () => {
  for (const [label, text, reason] of FALLBACK_CASES) {
    const r = same(text, label);
    assert.equal(r.fast, false, `${label}: expected a fallback`);
    if (!r.fast) assert.ok(r.reason.includes(reason), `${label}: fell back for ${r.reason}`);
    // And jsonc-parser does report something there.
    const full = parseJsonWith('full', text, 't.json') as JsonParse;
    assert.ok(full.notices.length > 0, `${label}: jsonc-parser reports nothing`);
  }
});

test('mutations: the fast path agrees with jsonc-parser or falls back', () => {
  // Deterministic: single-character deletions, insertions of JSON syntax, swaps and truncations.
  const rnd = lcg(11, 'high');
  const inserts = ['{', '}', '[', ']', ',', ':', '"', '\\', '/', '*', '//', '/*', '*/', ' ', '\n', '\r', '\t', '0', '1', '-', '+', '.', 'e', 'E', 't', 'null', '\\u', '\\uD800', 'x', '\u00a0', '\0', '\ufeff', ',]', ',}', '"":', '{"Ref":"X"}'];
  const seeds = [
    ...FAST_CASES.filter(([l]) => !l.startsWith('deep') && !l.startsWith('a large')).map(([, t]) => t),
    ...REPO_JSON.map((p) => readFileSync(p, 'utf8')).filter((t) => t.length < 4000 && /^\s*[[{]/.test(t)).slice(0, 12),
  ];
  let fast = 0;
  let fellBack = 0;
  for (const text of seeds) {
    for (let m = 0; m < 40; m++) {
      const mutated = mutate(text, rnd, inserts, 4);
      if (same(mutated.text, `mutation ${m} (${mutated.what}) of ${JSON.stringify(text.slice(0, 40))}`).fast) fast++;
      else fellBack++;
    }
  }
  // Both outcomes are exercised: many mutants stay valid JSON, many do not.
  assert.ok(fast > 300 && fellBack > 300, `${fast} fast, ${fellBack} fell back`);
});

test('hostile JSON inputs: parseJson gives the jsonc-parser result (limits and notices included)', () => {
  let n = 0;
  for (const [label, path, make] of HOSTILE) {
    if (!path.endsWith('.json')) continue;
    const text = make();
    // The 5 MB inputs and the 130,000 resources (slow on the jsonc-parser path) are covered by
    // hostile.test.ts through the engine.
    if (text.length > 700_000) continue;
    n++;
    same(text, label);
  }
  assert.ok(n >= 8, `${n} hostile JSON inputs`);
});

test('limits: the value bound, the deadline and the depth limit act as on the jsonc-parser path', () => {
  const text = big(50);
  // The value bound: the fast path falls back, and the notice is jsonc-parser's.
  const full = parseJsonWith('full', text, 't.json', undefined, { maxValues: 100 }) as JsonParse;
  assert.equal(full.root, undefined);
  assert.match(full.notices[0].message, /more than 100 JSON values/);
  assert.deepEqual(parseJsonWith('fast', text, 't.json', undefined, { maxValues: 100 }), { fallback: 'too many values' });
  assert.deepStrictEqual(parseJson(text, 't.json', undefined, { maxValues: 100 }), full);
  // Exactly at the bound (every value counted: scalars, objects, arrays): read by the fast path.
  const atBound = parseJsonWith('full', text, 't.json') as JsonParse;
  assert.ok(atBound.root);
  let count = 0;
  const countValues = (n: VNode): void => {
    count++;
    if (n.kind === 'object') for (const e of n.entries) countValues(e.value);
    else if (n.kind === 'array') for (const i of n.items) countValues(i);
  };
  countValues(atBound.root!);
  assert.ok(!('fallback' in parseJsonWith('fast', text, 't.json', undefined, { maxValues: count })));
  assert.deepEqual(parseJsonWith('fast', text, 't.json', undefined, { maxValues: count - 1 }), { fallback: 'too many values' });
  // A deadline already passed: the fast path gives up at its first look at the clock, and
  // jsonc-parser throws DeadlinePassed at its own.
  const large = big(2000);
  assert.deepEqual(parseJsonWith('fast', large, 't.json', undefined, { deadline: performance.now() - 1 }), { fallback: 'deadline' });
  assert.throws(() => parseJson(large, 't.json', undefined, { deadline: performance.now() - 1 }), DeadlinePassed);
  // Nesting past MAX_DEPTH: jsonc-parser's notice.
  const deep = '{"a": ' + '['.repeat(MAX_DEPTH + 10) + ']'.repeat(MAX_DEPTH + 10) + '}';
  const d = parseJson(deep, 't.json');
  assert.ok(d.notices.some((x) => x.kind === 'limit' && /nested deeper than/.test(x.message)), JSON.stringify(d.notices));
  assert.deepStrictEqual(d, parseJsonWith('full', deep, 't.json'));
});
