/**
 * The YAML fast path (documents/yaml-fast.ts: yaml's CST converted straight into value trees)
 * against the full path (yaml's Documents, then conversion): for every YAML file of the repository,
 * generated tricky cases and mutations of them, the fast path gives exactly the full path's result
 * (trees with kinds, values, spans, key spans, flow and embedded flags, intrinsics with their
 * arguments and refs; comments; notices) or falls back to it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parseYamlDocument, parseYamlWith, type YamlParse } from '../engine/documents/yaml';
import { FAST_MAX_DEPTH } from '../engine/documents/yaml-fast';
import { MAX_DEPTH } from '../engine/documents/limits';
import { LineIndex } from '../engine/text';
import { REPO } from './fixtures';
import { lcg, mutate } from './differential';
import { HOSTILE } from './hostile-inputs';

type Outcome = { fast: true } | { fast: false; reason: string };

/** Both paths on `text`: equal results, or a fast-path fallback (with its reason). */
function same(text: string, label: string): Outcome {
  const full = parseYamlWith('full', 't.yaml', text, new LineIndex(text)) as YamlParse;
  const fast = parseYamlWith('fast', 't.yaml', text, new LineIndex(text));
  // parseYamlDocument is the fast path when it does not fall back, else the full path.
  assert.deepStrictEqual(parseYamlDocument('t.yaml', text, new LineIndex(text)), full, `${label}: parseYamlDocument`);
  if ('fallback' in fast) return { fast: false, reason: fast.fallback };
  assert.deepStrictEqual(fast, full, label);
  return { fast: true };
}

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = join(dir, n);
      if (statSync(p).isDirectory()) return yamlFilesUnder(p);
      return /\.(ya?ml|template)$/i.test(n) ? [p] : [];
    });
}

const REPO_YAML = [join(REPO, 'samples'), join(REPO, 'server', 'src', 'test', 'fixtures')].flatMap(yamlFilesUnder);

/** The repository's YAML files that the fast path leaves to the full path, and why. */
const EXPECTED_FALLBACKS: Record<string, string> = {
  'server/src/test/fixtures/fuzz/cfn-anchors.yaml': 'directive token', // %YAML 1.2
};

test('every YAML file of the repository: the fast path gives the full path result', () => {
  assert.ok(REPO_YAML.length >= 20, `found ${REPO_YAML.length} YAML files`);
  const fellBack: Record<string, string> = {};
  for (const p of REPO_YAML) {
    const text = readFileSync(p, 'utf8');
    const rel = relative(REPO, p).split('\\').join('/');
    const r = same(text, rel);
    if (!r.fast) fellBack[rel] = r.reason;
    // The same file with CRLF and with lone CR line endings.
    same(text.replace(/\r?\n/g, '\r\n'), `${rel} (CRLF)`);
    same(text.replace(/\r?\n/g, '\r'), `${rel} (CR)`);
  }
  assert.deepEqual(fellBack, EXPECTED_FALLBACKS);
});

/** Generated cases the fast path converts itself ([label, text]). */
const FAST_CASES: [string, string][] = [
  ['empty file', ''],
  ['only comments', '# a\n# b\n'],
  ['only a document marker', '---\n'],
  ['scalar document', 'hello\n'],
  ['BOM', '\ufeffa: 1\n'],
  ['plain scalars of every core type', 'a: 1\nb: -2\nc: +3\nd: 0o17\ne: 0x1F\nf: 1.5\ng: .5\nh: 1e3\ni: -.inf\nj: .NaN\nk: true\nl: False\nm: NULL\nn: ~\no:\np: yes\nq: 2024-01-01\nr: 1_000\ns: 0777\nt: 12:30\nu: 1.\nv: TRUE\n'],
  ['keys of every core type', '1: a\ntrue: b\nnull: c\n~: d\n1.50: e\n0x10: f\n.inf: g\n"quoted": h\n\'single\': i\n'],
  ['quoted scalars', "a: 'it''s'\nb: \"tab\\there \\u00e9 \\x41 \\\\ \\\"\"\nc: ''\nd: \"\"\ne: 'x'\nf: \"y\"\ng: \"a\\\n   b\"\n"],
  ['multi-line quoted and plain scalars', "a: 'one\n  two\n\n  three'\nb: \"one\n  two  \n  three\"\nc: one\n  two\n\n  three\n"],
  ['block scalars', 'a: |\n  line 1\n  line 2\nb: >\n  folded\n  text\n\n  para\nc: |-\n  strip\nd: >+\n  keep\n\ne: |2\n    indented\nf: |\n\n  leading blank\ng: >-\n  x\n'],
  ['block scalar at the end without newline', 'a: |\n  x'],
  ['block scalar with comments', 'a: | # c\n  x\n# after\nb: 1\n'],
  ['flow maps and sequences', 'a: {b: 1, c: [x, y, {d: e}], f: {}}\ng: []\nh: [ a , b , ]\ni: {j: k,}\nj: {k}\nk: {l: }\n'],
  ['multi-line flow', 'a: [\n  x,\n  y # c\n  , z\n]\nb: {\n  c: d,\n  # c\n  e: f\n}\n'],
  ['comments everywhere', '# head\na: 1 # after a\n# between\nb: # after key\n  c: 2\n  # inside\n  d:\n    - x # item\n    # between items\n    - y\n# tail\n'],
  ['trailing comment items in a sequence', 'a:\n  - x\n  # c\nb: 1\n'],
  ['empty values', 'a:\nb:\n  c:\nd: []\ne:\n  -\n  - \n  - x\n'],
  ['nested block collections', 'a:\n  - b: 1\n    c: 2\n  - - x\n    - y\n  - d:\n      e: f\n'],
  ['sequence of maps at the key indent', 'a:\n- b: 1\n- c: 2\nd: 3\n'],
  ['CloudFormation tags everywhere', "A: !Ref B\nC: !Sub '${X}-${Y}'\nD: !GetAtt E.Arn\nF: !GetAtt [G, Arn]\nH: !If\n  - Cond\n  - !Ref I\n  - !Ref AWS::NoValue\nJ: !Join\n  - ''\n  - - a\n    - !Ref K\nL: !Sub\n  - '${M}'\n  - M: !Ref N\nO: [!Ref P, !Select [0, !GetAZs '']]\nQ: {R: !Ref S}\nT: !Base64 |\n  #!/bin/bash\n  echo ${U}\nV: !Sub |\n  text ${W}\nX: !Equals [!Ref Y, prod]\nZ: !Not [!Condition C]\n"],
  ['tag on its own line before a collection', 'A: !If\n  - C\n  - x\n  - y\nB: !Sub\n  - x\nC:\n  !Ref D\nE: !Transform\n  Name: X\n'],
  ['tagged empty values', 'A: !Ref\nB: !Sub\nC: [!Ref ]\nD: !GetAZs\n'],
  ['tagged numbers stay strings', 'A: !Ref 123\nB: !Sub true\nC: !GetAtt 1.5\n'],
  ['unknown local tags', 'A: !Rain::Embed file.txt\nB: !ValueOf [a, b]\nC: !Custom\n  k: v\nD: !Other 42\nE: !Empty\n'],
  ['Fn::Sub without variables is a string', "A: !Sub 'arn:aws:s3:::b'\nB: !Sub '${!Literal}'\n"],
  ['several documents', 'a: 1\n---\nb: 2\n--- # c\n- x\n---\n'],
  ['document marker with content', '--- a\n'],
  ['half-typed keys', 'Resources:\n  A:\n    Type: AWS::S3::Bucket\n    Properties:\n      B:\n'],
  ['keys with odd characters', 'a b: 1\n"a:b": 2\nx-y.z/w: 3\n"": 4\n? : 5\n'.replace('? : 5\n', '')],
  ['long key', 'k'.repeat(2000) + ': v\n'],
  ['unicode', 'ключ: значение\n"é": \'ü\'\nemoji: 😀\n'],
  ['trailing spaces and tabs after values', 'a: b   \nc: d\t\ne: [x]  \n'],
  ['windows line endings', 'a: 1\r\nb:\r\n  - x\r\n  - y\r\nc: |\r\n  l1\r\n  l2\r\n'],
  ['no final newline', 'a:\n  b: c'],
  ['indented root map', '  a: 1\n  b: 2\n'],
  ['hashes without space are not comments', 'a: 1#c\nb: x#c\n'],
  ['plain scalar with colons and hashes', 'a: http://x.y/z#frag\nb: a:b\nc: x #comment\nd: "#not"\n'],
];

/** Generated cases the fast path leaves to the full path (label, text, reason substring). */
const FALLBACK_CASES: [string, string, string][] = [
  ['anchor and alias', 'a: &x 1\nb: *x\n', 'anchor'],
  ['merge key', 'a: &x {k: 1}\nb:\n  <<: *x\n', 'anchor'],
  ['directive', '%YAML 1.2\n---\na: 1\n', 'directive'],
  ['document end marker', 'a: 1\n...\n', 'doc-end'],
  ['explicit key', '? a\n: b\n', 'explicit key'],
  ['collection as a key', '[a, b]: c\n', ''],
  ['standard tag', 'a: !!str 1\n', 'tag'],
  ['non-specific tag', 'a: ! 1\n', 'tag'],
  ['verbatim tag', 'a: !<tag:x> 1\n', 'tag'],
  ['pair in a flow sequence', 'a: [b: c]\n', 'pair in a flow sequence'],
  ['missing value', 'a: 1\nb\n', ''],
  ['bad indentation', 'a:\n  b: 1\n c: 2\n', ''],
  ['tab indentation', 'a:\n\tb: 1\n', ''],
  ['unclosed flow', 'a: [1, 2\nb: 3\n', ''],
  ['unclosed quote', 'a: "x\nb: 2\n', ''],
  ['bad escape', 'a: "\\q"\n', ''],
  ['tag without space', 'a: !Ref[x]\n', ''],
  ['compact nested map', 'a: b: c\n', ''],
  ['block sequence props on one line', '- !Sub - a\n', ''],
  ['deep nesting', 'a: ' + '['.repeat(FAST_MAX_DEPTH + 5) + ']'.repeat(FAST_MAX_DEPTH + 5) + '\n', 'deep nesting'],
];

test('generated cases: the fast path converts them exactly as the full path', () => {
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

test('generated cases: the fast path falls back where it does not convert exactly', () => {
  for (const [label, text, reason] of FALLBACK_CASES) {
    const r = same(text, label);
    assert.equal(r.fast, false, `${label}: expected a fallback`);
    if (!r.fast) assert.ok(r.reason.includes(reason), `${label}: fell back for ${r.reason}`);
  }
});

test('mutations of YAML files: the fast path agrees with the full path or falls back', () => {
  // Deterministic: single-character deletions, insertions of YAML indicators and swaps.
  const rnd = lcg(7, 'low');
  const inserts = [':', '-', ' ', '\t', '\n', '#', '!', '&', '*', '?', '[', ']', '{', '}', ',', '"', "'", '|', '>', '%', '@', '\\', '!Ref ', '!Foo ', '!!str ', ' #x', ': ', '- ', '---\n', '...\n'];
  const seeds = [...FAST_CASES.map(([, t]) => t), ...REPO_YAML.slice(0, 6).map((p) => readFileSync(p, 'utf8'))];
  let fast = 0;
  let fellBack = 0;
  for (const text of seeds) {
    for (let m = 0; m < 40; m++) {
      const mutated = mutate(text, rnd, inserts, 3);
      if (same(mutated.text, `mutation ${m} (${mutated.what}) of ${JSON.stringify(text.slice(0, 40))}`).fast) fast++;
      else fellBack++;
    }
  }
  // Both outcomes are exercised: most mutants stay valid YAML, many do not.
  assert.ok(fast > 100 && fellBack > 100, `${fast} fast, ${fellBack} fell back`);
});

test('hostile YAML inputs: parseYamlDocument gives the full path result (limits and notices included)', () => {
  let n = 0;
  for (const [label, path, make] of HOSTILE) {
    if (!path.endsWith('.yaml')) continue;
    const text = make();
    // The 5 MB inputs and the 100,000-deep nestings (slow on both paths) are covered by
    // hostile.test.ts through the engine, and depth by the limits test below.
    if (text.length > 190_000) continue;
    n++;
    const full = parseYamlWith('full', path, text, new LineIndex(text)) as YamlParse;
    const auto = parseYamlDocument(path, text, new LineIndex(text));
    // Where yaml's composer overflows the call stack (it reports RESOURCE_EXHAUSTION), the part it
    // keeps depends on the stack in use: the full path differs from itself; only notices compare.
    if (!isDeepStrictEqual(full, parseYamlWith('full', path, text, new LineIndex(text)))) assert.deepStrictEqual(auto.notices, full.notices, label);
    else assert.deepStrictEqual(auto, full, label);
  }
  assert.ok(n >= 10, `${n} hostile YAML inputs`);
});

test('limits: the token bound, the deadline and the depth limit act on the fast path as on the full path', () => {
  const text = 'a:\n' + Array.from({ length: 500 }, (_, i) => `  - k${i}: [x, y]\n`).join('');
  // The token bound: the same notice, no tree.
  const full = parseYamlWith('full', 't.yaml', text, undefined, { maxTokens: 1000 }) as YamlParse;
  assert.equal(full.notices.length, 1);
  assert.match(full.notices[0].message, /more than 1,000 YAML tokens/);
  assert.deepStrictEqual(parseYamlDocument('t.yaml', text, undefined, { maxTokens: 1000 }), full);
  assert.deepStrictEqual(parseYamlWith('fast', 't.yaml', text, undefined, { maxTokens: 1000 }), full);
  // A deadline already passed: nothing analysed, the caller told why.
  const whats: string[] = [];
  const stopped = parseYamlDocument('t.yaml', text, undefined, { deadline: performance.now() - 1, onDeadline: (w) => whats.push(w) });
  assert.deepEqual(stopped.roots, []);
  assert.deepEqual(whats, ['parsing YAML']);
  // Nesting past the fast path's depth falls back; past MAX_DEPTH the full path's notice remains.
  const deep = 'a: ' + '['.repeat(MAX_DEPTH + 10) + ']'.repeat(MAX_DEPTH + 10) + '\n';
  const d = parseYamlDocument('t.yaml', deep);
  assert.ok(d.notices.some((x) => x.kind === 'limit' && /nested deeper than/.test(x.message)), JSON.stringify(d.notices));
  assert.deepStrictEqual(d, parseYamlWith('full', 't.yaml', deep));
});
