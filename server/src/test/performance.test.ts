/**
 * The engine's performance features keep results unchanged: incremental Terraform re-parsing
 * (seeded random edits), lazily computed fixes and links, the timing hook, the long-form intrinsic
 * rewrite and the JSON comment scan.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { ParsedDocument } from '../engine/documents/document';
import { diffTexts, hclOf, HclRuntime, parseHclDocument } from '../engine/documents/hcl';
import { findLongLiterals, maskLiterals } from '../engine/documents/hcl-mask';
import { commentSpans, masksHeld } from '../engine/documents/hcl/recovery';
import { KEY, MISSING, NAMED, Syntax, VAL } from '../engine/documents/hcl/syntax';
import type { Node as TSNode } from 'web-tree-sitter';
import { LineIndex } from '../engine/text';
import { parseJson } from '../engine/documents/json';
import { withLazyFixes } from '../engine/findings';
import { buildLinks } from '../engine/model/links';
import { resolveLongFormIntrinsics } from '../engine/model/intrinsics';
import type { Fix } from '../engine/types';
import { toPlain, type VNode } from '../engine/value';
import { engine } from './helpers';
import { Engine } from '../engine/engine';

const REPO = path.resolve(__dirname, '..', '..', '..');

/** A small deterministic generator (no Math.random: failures must reproduce). */
function rng(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

function tfModule(n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(
      `# bucket ${i}`,
      `resource "aws_s3_bucket" "b${i}" {`,
      `  bucket = "\${var.prefix}-bench-${i}"`,
      '}',
      '',
      `resource "aws_s3_bucket_policy" "b${i}" {`,
      `  bucket = aws_s3_bucket.b${i}.id`,
      '  policy = jsonencode({',
      '    Statement = [{',
      '      Effect    = "Allow" // allow reads',
      '      Principal = "*"',
      '      Action    = "s3:GetObject"',
      `      Resource  = "\${aws_s3_bucket.b${i}.arn}/*"`,
      '    }]',
      '  })',
      '}',
      '',
      `data "aws_iam_policy_document" "d${i}" {`,
      '  statement {',
      '    actions   = ["s3:*"]',
      '    resources = ["*"]',
      '  }',
      '  /* multi',
      '     line */',
      '}',
      '',
    );
  }
  return out.join('\n') + 'variable "prefix" {\n  default = <<EOT\nbench\nEOT\n}\n';
}

const SNIPPETS = ['x', '"', '{', '}', '\n', '=', ' ', '#', '${', '}\n', 'resource "a" "b" {\n}\n', '<<EOT\n', 'EOT\n', '[', ']', ',', '/*', '*/', 'é', '\r\n'];

function randomEdit(text: string, r: (n: number) => number): string {
  const at = r(text.length + 1);
  switch (r(4)) {
    case 0:
      return text.slice(0, at) + SNIPPETS[r(SNIPPETS.length)] + text.slice(at);
    case 1:
      return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + r(40)));
    case 2: {
      // Retype a word: the most common edit in an editor.
      const end = Math.min(text.length, at + r(8));
      return text.slice(0, at) + text.slice(at, end).split('').reverse().join('') + text.slice(end);
    }
    default: {
      // Move a slice elsewhere (cut and paste).
      const end = Math.min(text.length, at + r(200));
      const piece = text.slice(at, end);
      const rest = text.slice(0, at) + text.slice(end);
      const to = r(rest.length + 1);
      return rest.slice(0, to) + piece + rest.slice(to);
    }
  }
}

/** What a parse produces, without the handle and line index. */
function outcome(d: ParsedDocument | undefined): unknown {
  assert.ok(d);
  return { hcl: d.hcl, comments: d.comments, notices: d.notices, format: d.format, text: d.text };
}

describe('incremental Terraform parsing', () => {
  const sources: [string, string][] = [
    ['generated module', tfModule(6)],
    ...fs
      .readdirSync(path.join(REPO, 'samples', 'terraform', 's3-website'))
      .filter((f) => f.endsWith('.tf'))
      .map((f): [string, string] => [f, fs.readFileSync(path.join(REPO, 'samples', 'terraform', 's3-website', f), 'utf8')]),
    ['logs-bucket.tf', fs.readFileSync(path.join(REPO, 'samples', 'terraform', 'logs-bucket.tf'), 'utf8')],
  ];

  for (const [name, original] of sources) {
    test(`random edits give the same document as a fresh parse: ${name}`, async () => {
      const e = await engine();
      const r = rng(name.length * 7919 + 17);
      let text = original;
      let doc = e.parse({ path: 'mod/main.tf', text }, { keep: true });
      assert.ok(doc?.handle, 'parse with keep returns a handle');
      for (let i = 0; i < 80; i++) {
        text = randomEdit(text, r);
        const next = e.parse({ path: 'mod/main.tf', text }, { previous: doc!.handle, keep: true });
        const fresh = e.parse({ path: 'mod/main.tf', text });
        assert.deepStrictEqual(outcome(next), outcome(fresh), `edit ${i} of ${name}`);
        assert.equal(fresh?.handle, undefined, 'no handle without keep');
        doc = next;
      }
      doc?.handle?.dispose();
    });
  }

  test('blocks outside the edit are reused; spans after it move with the edit', async () => {
    const e = await engine();
    const text = tfModule(4);
    const first = e.parse({ path: 'm/main.tf', text }, { keep: true })!;
    const at = text.indexOf('bench-2') + 'bench-'.length;
    const edited = text.slice(0, at) + 'xyz' + text.slice(at);
    const second = e.parse({ path: 'm/main.tf', text: edited }, { previous: first.handle, keep: true })!;
    const before = (first.hcl as { blocks: { span: { start: number } }[] }).blocks;
    const after = (second.hcl as { blocks: { span: { start: number } }[] }).blocks;
    assert.equal(after.length, before.length);
    // Blocks before the edit are the very same objects; blocks after it are moved copies.
    assert.equal(after[0], before[0]);
    const last = after.length - 1;
    assert.notEqual(after[last], before[last]);
    assert.equal(after[last].span.start, before[last].span.start + 3);
    assert.deepStrictEqual(outcome(second), outcome(e.parse({ path: 'm/main.tf', text: edited })));
    second.handle?.dispose();
  });

  test('a handle is consumed by the parse it is passed to; a disposed one means a full parse', async () => {
    const e = await engine();
    const text = tfModule(2);
    const first = e.parse({ path: 'a/main.tf', text }, { keep: true })!;
    const handle = first.handle!;
    const second = e.parse({ path: 'a/main.tf', text: text + '\n' }, { previous: handle })!;
    assert.equal(second.handle, undefined);
    // Passing the consumed handle again is harmless: the text is parsed from scratch.
    const third = e.parse({ path: 'a/main.tf', text: text + '\n\n' }, { previous: handle, keep: true })!;
    assert.deepStrictEqual(outcome(third), outcome(e.parse({ path: 'a/main.tf', text: text + '\n\n' })));
    third.handle!.dispose();
    third.handle!.dispose(); // idempotent
  });

  test('two engines in one process each own their parser: interleaved incremental parses match fresh ones', async () => {
    const [e1, e2] = await Promise.all([Engine.create(), Engine.create()]);
    const r = rng(31337);
    let t1 = tfModule(3);
    let t2 = tfModule(4);
    let d1 = e1.parse({ path: 'a/main.tf', text: t1 }, { keep: true })!;
    let d2 = e2.parse({ path: 'a/main.tf', text: t2 }, { keep: true })!;
    for (let i = 0; i < 20; i++) {
      t1 = randomEdit(t1, r);
      t2 = randomEdit(t2, r);
      // Same path in both engines, parsed in turn: neither sees the other's syntax tree or blocks.
      d1 = e1.parse({ path: 'a/main.tf', text: t1 }, { previous: d1.handle, keep: true })!;
      d2 = e2.parse({ path: 'a/main.tf', text: t2 }, { previous: d2.handle, keep: true })!;
      assert.deepStrictEqual(outcome(d1), outcome(e2.parse({ path: 'a/main.tf', text: t1 })), `engine 1, edit ${i}`);
      assert.deepStrictEqual(outcome(d2), outcome(e1.parse({ path: 'a/main.tf', text: t2 })), `engine 2, edit ${i}`);
    }
    d1.handle?.dispose();
    d2.handle?.dispose();
  });

  test('a handle of another file, or for a format without incremental parsing, is disposed and ignored', async () => {
    const e = await engine();
    const tf = tfModule(1);
    const a = e.parse({ path: 'a/main.tf', text: tf }, { keep: true })!;
    const b = e.parse({ path: 'b/main.tf', text: tf }, { previous: a.handle })!;
    assert.deepStrictEqual(outcome(b), outcome(e.parse({ path: 'b/main.tf', text: tf })));
    const yaml = "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n";
    const y = e.parse({ path: 't.yaml', text: yaml }, { keep: true })!;
    assert.equal(y.handle, undefined, 'only Terraform keeps a handle');
  });

  test('analyzeDocument: incremental and fresh analyses give the same findings', async () => {
    const e = await engine();
    const r = rng(4242);
    let text = tfModule(6);
    let handle = e.analyzeDocument({ path: 'm/main.tf', text }, [], { keep: true }).handle;
    assert.ok(handle);
    for (let i = 0; i < 30; i++) {
      text = randomEdit(text, r);
      const inc = e.analyzeDocument({ path: 'm/main.tf', text }, [], { previous: handle, keep: true });
      const fresh = e.analyzeDocument({ path: 'm/main.tf', text }, []);
      handle = inc.handle;
      delete inc.handle;
      assert.deepStrictEqual(JSON.parse(JSON.stringify(inc)), JSON.parse(JSON.stringify(fresh)), `edit ${i}`);
    }
    handle?.dispose();
  });

  test('long literals parsed masked give the same document as the real text, fresh and incremental', async () => {
    const hcl = await HclRuntime.create();
    const parse = (text: string, opts: Parameters<typeof parseHclDocument>[4] = {}) => parseHclDocument(hcl, 'm/main.tf', text, new LineIndex(text), opts);
    const long = 'p'.repeat(300);
    const base = [
      tfModule(3),
      `locals {\n  a = "${long}"\n  b = "${long}\\"${long}\\n"\n  c = "\${var.x}${long}"\n  d = "$\${${long}"\n  e = x ? "${long}" : "${long}"\n  f = ["${long}", "${long}"]\n  g = { "${long}" = "${long}", k = "${long}" }\n  h = <<EOT\n${long}\n  EOT\n  i = <<-EOT\n    ${long}\n    EOT\n  j = "\${"${long}"}"\n  # "${long}"\n  /* "${long}" */\n}\n`,
      `resource "aws_s3_bucket_policy" "${long}" {\n  policy = <<POLICY\n{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::${long}/*"}]}\nPOLICY\n}\n`,
    ].join('\n');
    const r = rng(99);
    let text = base;
    let masked = parse(text, { maskMinLength: 4, keep: true });
    for (let i = 0; i < 60; i++) {
      const real = parse(text, { maskMinLength: Infinity });
      assert.deepStrictEqual(outcome(masked), outcome(real), `edit ${i}`);
      assert.deepStrictEqual(outcome(parse(text, { maskMinLength: 4 })), outcome(real), `fresh, edit ${i}`);
      text = randomEdit(text, r);
      masked = parse(text, { maskMinLength: 4, keep: true, previous: masked.handle });
    }
    masked.handle?.dispose();
  });

  test('a file parsed once has its short strings masked: the same document as the real text, also when tree-sitter rejects a string', async () => {
    const hcl = await HclRuntime.create();
    const parse = (text: string, opts: Parameters<typeof parseHclDocument>[4] = {}) => parseHclDocument(hcl, 'm/main.tf', text, new LineIndex(text), opts);
    const texts = [
      tfModule(3),
      'locals {\n  a = "abcd"\n  b = "ab\\"c\\\\d\\n\\u00e9\\U0001F600"\n  c = { "key-1" = "v", k = ["abcd", "efgh"] }\n}\n',
      // Escapes tree-sitter's scanner rejects and a NUL character end the string with a syntax error.
      'locals {\n  a = "ab\\qcdef"\n  b = "abcdef"\n}\n',
      'locals {\n  a = "ab\\u12gcdef"\n}\n',
      'locals {\n  a = "ab\\\ncdef"\n}\n',
      'locals {\n  a = "ab\0cdef"\n}\n',
      // A heredoc is closed only by a marker line followed by a line break.
      `locals {\n  a = <<EOF\n${'h'.repeat(300)}\nEOF`,
      `locals {\n  a = <<EOF\n${'h'.repeat(300)}\0\nEOF\n}\n`,
    ];
    for (const [i, text] of texts.entries()) {
      const real = outcome(parse(text, { maskMinLength: Infinity }));
      assert.deepStrictEqual(outcome(parse(text)), real, `text ${i}`);
      assert.deepStrictEqual(outcome(parse(text, { maskMinLength: 4 })), real, `text ${i}, masked from 4 characters`);
    }
    // Which strings are proposed: not those tree-sitter rejects.
    const scan = (text: string) => findLongLiterals(text, 4).map((l) => text.slice(l.start, l.end));
    assert.deepEqual(scan('a = "abcd"\nb = "abc"\nc = "ab\\ncd"\nd = "ab\\qcd"\ne = "ab\0cd"\nf = "\\u00e9abcd"\ng = "\\u00eXabcd"\n'), ['"abcd"', '"ab\\ncd"', '"\\u00e9abcd"']);
    assert.deepEqual(scan('a = <<EOF\nabcdef\nEOF'), []);
    assert.deepEqual(scan('a = <<EOF\nabcdef\nEOF\n'), ['<<EOF\nabcdef\nEOF']);
  });

  test('the long-literal scan: quoted strings and heredocs without templates, not comments or templates', () => {
    const long = 'q'.repeat(20);
    const text = `a = "${long}"\nb = "\${x}${long}"\n# "${long}"\nc = <<EOT\n${long}\nEOT\nd = "\${ "${long}" }"\ne = "short"\n`;
    const found = findLongLiterals(text, 16).map((l) => text.slice(l.start, l.end));
    assert.deepEqual(found, [`"${long}"`, `<<EOT\n${long}\nEOT`, `"${long}"`]);
    // Nesting beyond reason: no masking at all.
    assert.deepEqual(findLongLiterals('x = ' + '"${'.repeat(100) + `"${long}"` + '}"'.repeat(100), 16), []);
  });

  test('diffTexts finds the one replaced range', () => {
    assert.deepEqual(diffTexts('abcdef', 'abXYef'), { start: 2, oldEnd: 4, newEnd: 4 });
    assert.deepEqual(diffTexts('aaaa', 'aaaaa'), { start: 4, oldEnd: 4, newEnd: 5 });
    assert.deepEqual(diffTexts('same', 'same'), { start: 4, oldEnd: 4, newEnd: 4 });
    assert.deepEqual(diffTexts('', 'new'), { start: 0, oldEnd: 0, newEnd: 3 });
    assert.deepEqual(diffTexts('old', ''), { start: 0, oldEnd: 3, newEnd: 0 });
  });
});

describe('lazy fixes, lazy links and the timing hook', () => {
  const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] }, null, 2);

  test('fixes are computed when read, and are ordinary enumerable data', async () => {
    const e = await engine();
    const [res] = e.analyze([{ path: 'p.json', text: POLICY }]);
    const f = res.findings[0];
    assert.ok(f, 'DP201 reports the policy');
    assert.ok(Object.keys(f).includes('fixes'));
    assert.equal(f.fixes.length, 1);
    assert.equal(f.fixes, f.fixes, 'computed once');
    assert.deepEqual(JSON.parse(JSON.stringify(f)).fixes, f.fixes);
    assert.deepEqual(structuredClone(f).fixes, f.fixes);
    assert.deepEqual({ ...f }.fixes, f.fixes);
  });

  test('a fix writer that throws gives no fixes; fixes can be replaced', () => {
    const base = { ruleId: 'DP201', ruleName: 'x', category: 'secure-transport' as const, severity: 'error' as const, message: 'm', file: 'f', span: { start: 0, end: 1 }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, docsUrl: 'u' };
    const bad = withLazyFixes({ ...base }, () => {
      throw new Error('writer bug');
    });
    assert.deepEqual(bad.fixes, []);
    const fix: Fix = { title: 't', applicability: 'safe', edits: [] };
    const good = withLazyFixes({ ...base }, () => [fix]);
    good.fixes = [];
    assert.deepEqual(good.fixes, []);
  });

  test('model links are resolved on first read, as buildLinks does', async () => {
    const e = await engine();
    const text = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  B:\n    Type: AWS::S3::Bucket\n  P:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref B\n      PolicyDocument: {Statement: []}\n";
    const model = e.buildModel([e.parse({ path: 't.yaml', text })!]);
    assert.ok(Object.keys(model).includes('links'));
    assert.equal(model.links, model.links);
    assert.deepEqual(model.links, buildLinks(model.resources));
    assert.equal(model.links.length, 1);
  });

  test('onRuleTiming is called once per rule and model, with a duration', async () => {
    const e = await engine();
    const calls: [string, number][] = [];
    e.analyze([{ path: 'p.json', text: POLICY }, { path: 'q.json', text: POLICY }], { onRuleTiming: (id, ms) => calls.push([id, ms]) });
    assert.equal(calls.length, e.rules.length * 2);
    for (const [id, ms] of calls) {
      assert.ok(e.rules.some((r) => r.meta.id === id));
      assert.ok(ms >= 0 && Number.isFinite(ms));
    }
    const off = e.analyze([{ path: 'p.json', text: POLICY }], { config: { rules: { DP201: 'off' }, include: [], exclude: [], ignore: [] }, onRuleTiming: (id) => calls.push([id, -1]) });
    assert.equal(off[0].findings.length, 0);
    assert.ok(!calls.some(([id, ms]) => ms === -1 && id === 'DP201'), 'rules turned off are not timed');
    assert.deepEqual(
      calls.filter(([, ms]) => ms === -1).map(([id]) => id),
      e.rules.map((r) => r.meta.id).filter((id) => id !== 'DP201'),
      'the other rules still are',
    );
  });
});

describe('model and parser shortcuts', () => {
  function tree(depth: number, seed: number): VNode {
    const r = rng(seed);
    const span = { start: 0, end: 0 };
    const mk = (d: number): VNode => {
      if (d === 0) return r(3) ? { kind: 'string', value: `v${r(100)}`, span } : { kind: 'object', entries: [{ key: 'Ref', keySpan: span, value: { kind: 'string', value: `R${r(9)}`, span }, span }], span };
      switch (r(4)) {
        case 0:
          return { kind: 'array', items: [mk(d - 1), mk(d - 1)], span };
        case 1:
          return { kind: 'object', entries: [{ key: r(2) ? 'Fn::Join' : 'K', keySpan: span, value: { kind: 'array', items: ['-', mk(d - 1)].map((x) => (typeof x === 'string' ? { kind: 'string' as const, value: x, span } : x)), span }, span }], span };
        case 2:
          return { kind: 'object', entries: [{ key: 'A', keySpan: span, value: mk(d - 1), span }, { key: 'B', keySpan: span, value: mk(d - 1), span }], span };
        default:
          return { kind: 'object', entries: [{ key: 'Fn::Sub', keySpan: span, value: { kind: 'string', value: '${X}-${AWS::Region}', span }, span }], span };
      }
    };
    return mk(depth);
  }

  test('long-form intrinsics resolve the same as a plain recursive rewrite', () => {
    // The reference: a direct recursive post-order rewrite.
    const reference = (n: VNode): unknown => {
      if (n.kind === 'array') return n.items.map(reference);
      if (n.kind === 'object') {
        if (n.entries.length === 1 && (n.entries[0].key === 'Ref' || n.entries[0].key.startsWith('Fn::'))) return { $unknown: n.entries[0].key === 'Fn::Sub' ? 'Fn::Sub' : n.entries[0].key };
        return Object.fromEntries(n.entries.map((e) => [e.key, reference(e.value)]));
      }
      return toPlain(n);
    };
    for (let seed = 1; seed <= 40; seed++) {
      const t = tree(6, seed);
      const expected = reference(t);
      assert.deepStrictEqual(toPlain(resolveLongFormIntrinsics(t)), expected, `seed ${seed}`);
    }
    // Deep nesting is handled without recursion.
    let deep: VNode = { kind: 'string', value: 'x', span: { start: 0, end: 0 } };
    for (let i = 0; i < 50_000; i++) deep = { kind: 'array', items: [deep], span: { start: 0, end: 0 } };
    assert.equal(resolveLongFormIntrinsics(deep), deep);
  });

  test('JSON comments are found after strings holding slashes and after an unterminated string', () => {
    assert.deepEqual(parseJson('{"a": "http://x/y", "b": "/*not*/"}', 'f.json').comments, []);
    const c = parseJson('{"a": "x", // one\n "b": 1 /* two */}', 'f.json').comments.map((x) => x.text);
    assert.deepEqual(c, [' one', ' two ']);
    const u = parseJson('{"a": "open\n // after\n}', 'f.json').comments.map((x) => x.text);
    assert.deepEqual(u, [' after']);
  });
});

describe('the Terraform syntax reader (hcl/syntax.ts)', () => {
  const samples = fs
    .readdirSync(path.join(REPO, 'samples', 'terraform'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.tf'))
    .map((f) => fs.readFileSync(path.join(REPO, 'samples', 'terraform', f), 'utf8'));
  const broken = (t: string) => [t.slice(0, t.length / 3), t.slice(0, (2 * t.length) / 3), t.replace('=', ''), t.replace('"', '')];
  const texts = [tfModule(2), 'x = { a = 1, "b" : 2, (c) = 3 }\nlocals {\n  y = [for k, v in var.m : k if v]\n}\n', ...samples, ...samples.flatMap(broken), ...broken(tfModule(2))];

  for (const direct of [false, true]) {
    test(`lists the nodes web-tree-sitter's Node API gives: types, offsets, children, named, missing, object keys and values (${direct ? "the binding's cursor calls" : 'TreeCursor'})`, async () => {
      const hcl = await HclRuntime.create();
      // The installed web-tree-sitter has the cursor calls the direct reader uses (hcl/runtime.ts CursorBinding).
      if (direct) assert.ok(hcl.cursor, 'CursorBinding of the installed web-tree-sitter');
      const t = new Syntax(direct ? hcl.cursor : undefined);
      let nodes = 0;
      let missing = 0;
      let fields = 0;
      const same = (i: number, n: TSNode, where: string): void => {
        nodes++;
        assert.equal(t.type[i], n.type, where);
        assert.equal(t.start[i], n.startIndex, where);
        assert.equal(t.end[i], n.endIndex, where);
        assert.equal(Boolean(t.flags[i] & NAMED), n.isNamed, where);
        assert.equal(Boolean(t.flags[i] & MISSING), n.isMissing, where);
        if (n.isMissing) missing++;
        const kids = t.kids(i);
        assert.equal(kids.length, n.childCount, where);
        const key = n.type === 'object_elem' ? n.childForFieldName('key') : null;
        const val = n.type === 'object_elem' ? n.childForFieldName('val') : null;
        for (const [j, k] of n.children.entries()) {
          assert.equal(Boolean(t.flags[kids[j]] & KEY), key !== null && k.equals(key), where);
          assert.equal(Boolean(t.flags[kids[j]] & VAL), val !== null && k.equals(val), where);
          if (t.flags[kids[j]] & (KEY | VAL)) fields++;
          assert.equal(t.nextSibling(kids[j]), j + 1 < kids.length ? kids[j + 1] : -1, where);
          same(kids[j], k, `${where}/${j}`);
        }
      };
      for (const [x, text] of texts.entries()) {
        const tree = hcl.parse(text, null, () => false);
        assert.ok(tree);
        try {
          t.read(tree.rootNode);
          const before = nodes;
          same(0, tree.rootNode, `text ${x}`);
          assert.equal(t.n, nodes - before, `text ${x}: every node read is one the Node API lists`);
        } finally {
          tree.delete();
        }
      }
      // The texts have what the reader must get right.
      assert.ok(missing > 0 && fields > 0, `${missing} missing nodes, ${fields} object keys and values`);
    });
  }

  test('a Terraform file read as whole trees parses as with the Node API and a read per block: blocks, comments, notices (in parts too)', async () => {
    const hcl = await HclRuntime.create();
    let blocks = 0;
    let notices = 0;
    for (const [x, text] of [...texts, ...texts.map((t) => t + '\n}\n' + t)].entries())
      for (const partChars of [undefined, 200]) {
        const parse = (wholeTrees: boolean) => {
          const d = parseHclDocument(hcl, 'm/main.tf', text, new LineIndex(text), { wholeTrees, partChars });
          return { blocks: hclOf(d)!.blocks, comments: d.comments, notices: d.notices };
        };
        const expected = parse(false);
        assert.deepEqual(parse(true), expected, `text ${x}, parts of ${partChars ?? 'default'}`);
        blocks += expected.blocks.length;
        notices += expected.notices.length;
      }
    assert.ok(blocks > 0 && notices > 0, `${blocks} blocks, ${notices} notices`);
  });

  test("comments and masked literals read through the binding's calls are those the Node API gives (hcl/recovery.ts)", async () => {
    const hcl = await HclRuntime.create();
    assert.ok(hcl.cursor, 'CursorBinding of the installed web-tree-sitter');
    // Masks that hold, and masks that do not: a heredoc as a block label, a masked string in a broken file.
    const extra = ['a "<<EOT\nlong label text\nEOT\n" {}\n', 'resource "x" <<EOT\nlong label text here\nEOT\n {\n}\n', '# c1\nx = "long string value" /* c2 */\ny = <<EOT\nheredoc body text\nEOT\n// c3\n'];
    let held = 0;
    let notHeld = 0;
    let comments = 0;
    for (const [x, text] of [...texts, ...extra].entries()) {
      const literals = findLongLiterals(text, 4, 4);
      for (const parsed of literals.length ? [text, maskLiterals(text, literals)] : [text]) {
        const tree = hcl.parse(parsed, null, () => false);
        assert.ok(tree);
        try {
          const root = tree.rootNode;
          const viaNodes = commentSpans(root);
          assert.deepEqual(commentSpans(root, hcl.cursor), viaNodes, `text ${x}`);
          comments += viaNodes.length;
          if (parsed !== text) {
            const expected = masksHeld(root, literals, viaNodes);
            assert.equal(masksHeld(root, literals, viaNodes, hcl.cursor), expected, `text ${x}`);
            if (expected) held++;
            else notHeld++;
          }
        } finally {
          tree.delete();
        }
      }
    }
    assert.ok(held > 0 && notHeld > 0 && comments > 0, `${held} masked parses held, ${notHeld} did not, ${comments} comments`);
  });
});
