// The per-finding report path and the policy statement model, made cheaper for large files: each
// shortcut is checked here against the plain computation it replaces.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseJson } from '../engine/documents/json';
import { withLazyFixes } from '../engine/findings';
import { effectText, hasPrincipal, hasPrincipalElement, lit, policyFromNode, statementOf } from '../engine/model/policy';
import { referencedResource } from '../engine/model/links';
import type { Model, Resource } from '../engine/model/model';
import { isPlainMessage, MAX_MESSAGE_LENGTH, sanitizeFully, sentence } from '../engine/redact';
import { LineIndex } from '../engine/text';
import type { Finding, Fix } from '../engine/types';
import type { VNode } from '../engine/value';
import { engine, referenceLineStarts as reference } from './helpers';

/** isPlainMessage as it was before its pass noted what the two searches after it need (the reference). */
function plainReference(message: string): boolean {
  const n = message.length;
  if (n > MAX_MESSAGE_LENGTH) return false;
  let run = 0;
  let digits = 0;
  for (let i = 0; i < n; i++) {
    const c = message.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++digits >= 13 || ++run >= 20) return false;
    } else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 47 || c === 43 || c === 61) {
      if (++run >= 20) return false;
    } else {
      run = 0;
      if ((c < 32 && c !== 9) || c === 64 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) return false;
    }
  }
  return !message.includes('-----BEGIN ') && !/pass|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential/i.test(message);
}

/** A small deterministic generator (the test must fail the same way every time). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

test('isPlainMessage gives the answer of the full scan and search, on messages made of secret-name pieces', () => {
  const pieces = ['pas', 'PAS', 'sword', 'pwd', 'PwD', 'se', 'cret', 'SeCrEt', 'tok', 'en', 'TOKEN', 'api', 'API', '_', '-', 'key', 'KEY', 'ke', 'y',
    'access', 'private', 'cred', 'ential', 'CREDENTIAL', ' ', 'x', '1', ':', '-----', 'BEGIN ', '-----BEGIN ', '@', '\n', 'p', 'a', 's', 'c', 'r', 'e', 't', 'o', 'k',
    'ſ', 'K', 'bucket policy ', 'Bucket12Policy', '\x85', '\u202e', '\u2067', '\x7f', '\t', 'é', '/', '+', '=', '1234567', 'AbCdEfGhIj', 'x'.repeat(200)];
  const next = random(42);
  let plain = 0;
  let notPlain = 0;
  for (let n = 0; n < 60000; n++) {
    let m = '';
    const count = 1 + Math.floor(next() * 6);
    for (let j = 0; j < count; j++) m += pieces[Math.floor(next() * pieces.length)];
    const expected = plainReference(m);
    assert.equal(isPlainMessage(m), expected, JSON.stringify(m));
    if (expected) {
      plain++;
      assert.equal(sanitizeFully(m), m);
    } else notPlain++;
  }
  assert.ok(plain > 1000 && notPlain > 1000, `${plain} plain, ${notPlain} not`);
  for (const m of ['my Password here', 'a pwd', 'the secret', 'a TOKEN', 'api-key', 'ApiKey', 'access_key', 'PRIVATEKEY', 'credentials', 'x -----BEGIN RSA PRIVATE KEY-----']) {
    assert.equal(isPlainMessage(`This bucket ${m} accepts requests.`), false, m);
  }
  assert.ok(isPlainMessage('This bucket accepts requests over plain HTTP: its bucket policy Bucket12Policy does not deny aws:SecureTransport = false.'));
});

test('sentence: what it says of a message is what isPlainMessage says of its text, for values between separators or not', () => {
  const values = ['pas', 'sword', 'PwD', 'cret', 'tok', 'en', 'key', 'ke', 'y', 'cred', '', ' ', '-', '--', '-----', 'BEGIN ', '@', '\n', '\x85', '\u202e', '\t',
    '1234567', '123456', 'AbCdEfGhIj', 'AbCdEfGhIjK', '/+=', 'Bucket12Policy', 'é', 'x'.repeat(150), 7, 1234567];
  const fixed = ['', ' ', ': ', 'its bucket policy ', ' does not deny aws:SecureTransport = false.', 'pa', 's ', ' word', '--', '-- ', 'x/', 'A1', '123456 ', ' 1234567', '\u00a0', '.', 'é',
    '-----BEGIN', ' -----BEGIN ', 'api', '_key ', ' tok', 'en '];
  const next = random(7);
  const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)];
  let shortcut = 0;
  for (let n = 0; n < 40000; n++) {
    const count = Math.floor(next() * 4);
    const parts = Array.from({ length: count + 1 }, () => pick(fixed));
    const vals = Array.from({ length: count }, () => pick(values));
    // Made the way a template literal makes its parts (one array per call site, kept: here one per message).
    const strings = Object.assign([...parts], { raw: [...parts] }) as unknown as TemplateStringsArray;
    const s = sentence(strings, ...vals);
    const text = parts[0] + vals.map((v, i) => String(v) + parts[i + 1]).join('');
    assert.equal(s.text, text);
    assert.equal(String(s), text);
    if (s.plain !== undefined) {
      shortcut++;
      assert.equal(s.plain, isPlainMessage(text), JSON.stringify(text));
    }
    // The same parts again: what was found of them is reused.
    if (count) assert.equal(sentence(strings, ...vals).plain, s.plain);
  }
  assert.ok(shortcut > 10000, `${shortcut} sentences decided from their values`);
  const id = 'Bucket12Policy';
  const m = sentence`This bucket accepts requests over plain HTTP: its bucket policy ${id} does not deny aws:SecureTransport = false.`;
  assert.equal(m.plain, true);
  assert.equal(sentence`The policy of ${'AKIAIOSFODNN7EXAMPLE'}: the Deny goes here.`.plain, false);
  assert.equal(sentence`The policy of ${'ops@example.com'}: the Deny goes here.`.plain, false);
  assert.equal(sentence`The policy of${id}: glued to a letter, decided by the engine's full pass.`.plain, undefined);
  const four = sentence`a ${1} b ${'two'} c ${3} d ${'Bucket4'} e`;
  assert.deepEqual([four.text, four.plain], ['a 1 b two c 3 d Bucket4 e', true]);
  assert.equal(sentence`digits ${'123456'} and ${'1234567'}: thirteen in all.`.plain, false);
});

test('LineIndex.range gives the positions positionAt gives, for spans on one line, over a few lines and over many', () => {
  for (const text of ['', 'one line', 'a\nb\n\nccc\r\nd\re\n', Array.from({ length: 200 }, (_, i) => 'x'.repeat(i % 7)).join('\n'), 'a\r\n'.repeat(50)]) {
    const lines = new LineIndex(text);
    const next = random(text.length + 1);
    const offsets = [-5, 0, text.length, text.length + 3];
    for (let i = 0; i < 300; i++) offsets.push(Math.floor(next() * (text.length + 1)));
    for (let i = 0; i < 600; i++) {
      const a = offsets[Math.floor(next() * offsets.length)];
      // Mostly spans that end at or after their start, some that do not (a range must never throw).
      const b = next() < 0.8 ? a + Math.floor(next() * (next() < 0.5 ? 4 : text.length + 2)) : offsets[Math.floor(next() * offsets.length)];
      const span = { start: a, end: b };
      assert.deepEqual(lines.range(span), { start: lines.positionAt(a), end: lines.positionAt(b) }, `${JSON.stringify(text.slice(0, 20))} ${a}-${b}`);
    }
  }
});

const doc = (json: string): VNode => parseJson(json, 'p.json').root!;

test('LineIndex: the first line read before the line starts are found is the line read after', () => {
  for (const text of ['', 'one', 'a\nb', 'a\r\nb', 'a\rb\nc', '\n', '\r', 'abc\r', 'x\ny\rz', 'long first line without a break'.repeat(20)]) {
    const fresh = new LineIndex(text).lineText(0);
    const lines = new LineIndex(text);
    lines.positionAt(text.length);
    assert.equal(fresh, lines.lineText(0), JSON.stringify(text));
    assert.equal(new LineIndex(text).lineText(-1), lines.lineText(-1));
    assert.equal(new LineIndex(text).lineText(1), lines.lineText(1));
  }
});

test('LineIndex finds line starts as far as asked: any order of questions gives what a table of every line gives', () => {
  const next = random(99);
  const pieces = ['a', 'bc', '\n', '\r', '\r\n', ' ', 'é', '😀'];
  for (let t = 0; t < 400; t++) {
    let text = '';
    for (let i = Math.floor(next() * 60); i > 0; i--) text += pieces[Math.floor(next() * pieces.length)];
    const { starts, lineOf } = reference(text);
    const lines = new LineIndex(text);
    for (let q = 0; q < 12; q++) {
      const o = Math.floor(next() * (text.length + 1));
      const l = Math.floor(next() * (starts.length + 2));
      switch (Math.floor(next() * 5)) {
        case 0:
          assert.deepEqual(lines.positionAt(o), { line: lineOf(o), character: o - starts[lineOf(o)] }, JSON.stringify(text));
          break;
        case 1:
          assert.equal(lines.lineStart(l), starts[Math.min(l, starts.length - 1)], JSON.stringify(text));
          break;
        case 2:
          assert.equal(lines.offsetAt({ line: l, character: 1 }), l >= starts.length ? text.length : Math.min(starts[l] + 1, l + 1 < starts.length ? starts[l + 1] : text.length), JSON.stringify(text));
          break;
        case 3:
          assert.equal(lines.lineText(l), text.slice(starts[Math.min(l, starts.length - 1)], l + 1 < starts.length ? starts[l + 1] : text.length).replace(/\r?\n$|\r$/, ''), JSON.stringify(text));
          break;
        default:
          assert.equal(lines.lineCount, starts.length, JSON.stringify(text));
      }
    }
  }
});

test('policy statements: elements read lazily give the values of the element nodes; span, principal presence, Effect text', () => {
  const root = doc(`{"Statement": [
    {"Sid": "S1", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "arn:aws:s3:::b/*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}},
    {"effect": "deny", "NotPrincipal": "*", "NotAction": "s3:*", "NotResource": ["x"]},
    {"Sid": null, "Effect": 7, "Condition": {}},
    {"EFFECT": {"Ref": "X"}, "Condition": {"Bool": "not an object"}}
  ]}`);
  const p = policyFromNode(root, { file: 'p.json', kind: 'resource', property: 'Policy', dialect: 'json', anchor: { start: 0, end: 1 } });
  assert.equal(p.statements.length, 4);
  const [a, b, c, d] = p.statements;
  // Presence of Principal / NotPrincipal, before and after normalising them.
  assert.equal(hasPrincipal(a), true);
  assert.equal(hasPrincipalElement(b), true);
  assert.equal(hasPrincipal(b), false);
  assert.equal(hasPrincipalElement(c), false);
  assert.equal(a.principal?.entries[0].type, 'AWS');
  assert.equal(b.notPrincipal?.wildcard, true);
  assert.equal(b.principal, undefined);
  assert.equal(hasPrincipal(a), true);
  assert.equal(hasPrincipalElement(b), true);
  assert.equal(hasPrincipal(b), false);
  // The Effect as text, before and after its value is built.
  assert.deepEqual([a, b, c, d].map(effectText), ['Allow', 'deny', '7', undefined]);
  assert.deepEqual([a, b, c, d].map((s) => lit(s.effect)), ['Allow', 'deny', '7', undefined]);
  assert.deepEqual([a, b, c, d].map(effectText), ['Allow', 'deny', '7', undefined]);
  assert.equal(d.effect.state, 'unknown');
  // Lists and conditions; a statement without conditions gets an empty list no one can change.
  assert.deepEqual(a.action?.map(lit), ['s3:GetObject', 's3:ListBucket']);
  assert.deepEqual(b.notAction?.map(lit), ['s3:*']);
  assert.deepEqual(b.notResource?.map(lit), ['x']);
  assert.equal(a.action, a.action, 'normalised once, then kept');
  assert.deepEqual(a.conditions.map((x) => [x.baseOperator, x.key]), [['Bool', 'aws:SecureTransport']]);
  for (const s of [b, c, d]) assert.deepEqual(s.conditions, []);
  for (const s of [b, c]) assert.throws(() => (s.conditions as unknown[]).push(1));
  assert.equal(c.conditionNode?.kind, 'object');
  assert.equal(b.conditionNode, undefined);
  // Span: the Sid's node (read before or after the Sid's value), else the statement's first character.
  const items = (root.kind === 'object' && root.entries[0].value.kind === 'array' ? root.entries[0].value.items : []) as VNode[];
  const sidSpan = (i: number) => {
    const n = items[i];
    return n.kind === 'object' ? n.entries.find((x) => x.key === 'Sid')!.value.span : undefined;
  };
  assert.deepEqual(a.span, sidSpan(0));
  assert.equal(lit(a.sid), 'S1');
  assert.deepEqual(a.span, sidSpan(0));
  assert.equal(b.sid.state, 'missing');
  assert.deepEqual(b.span, { start: items[1].span.start, end: items[1].span.start + 1 });
  // `"Sid": null`: the value is missing, the span is still the null's, whether the Sid is read first or not.
  assert.equal(c.sid.state, 'missing');
  assert.deepEqual(c.span, sidSpan(2));
  const again = statementOf(items[2]);
  assert.deepEqual(again.span, sidSpan(2));
  assert.equal(again.sid.state, 'missing');
});

test('policy statement elements are found by name in any case; other keys are not elements', () => {
  const read: Record<string, (s: ReturnType<typeof statementOf>) => unknown> = {
    Sid: (s) => lit(s.sid),
    Effect: (s) => effectText(s),
    Principal: (s) => s.principal?.entries[0]?.values.map(lit)[0],
    NotPrincipal: (s) => s.notPrincipal?.entries[0]?.values.map(lit)[0],
    Action: (s) => s.action?.map(lit)[0],
    NotAction: (s) => s.notAction?.map(lit)[0],
    Resource: (s) => s.resource?.map(lit)[0],
    NotResource: (s) => s.notResource?.map(lit)[0],
    Condition: (s) => s.conditionNode?.kind,
  };
  for (const name of Object.keys(read)) {
    for (const key of [name, name.toLowerCase(), name.toUpperCase(), name[0].toLowerCase() + name.slice(1)]) {
      const value = name === 'Condition' ? '{}' : '"v"';
      const s = statementOf(doc(`{${JSON.stringify(key)}: ${value}, "Other": "x", "Sids": "y"}`));
      for (const [other, get] of Object.entries(read)) assert.equal(get(s), other === name ? (name === 'Condition' ? 'object' : 'v') : undefined, `${key} read as ${other}`);
    }
  }
  // A later duplicate wins, whatever the spelling.
  assert.equal(effectText(statementOf(doc('{"Effect": "Allow", "effect": "Deny"}'))), 'Deny');
  assert.equal(effectText(statementOf(doc('{"effect": "Deny", "Effect": "Allow"}'))), 'Allow');
});

test('a policy document reads its Statement element case-insensitively, the last one written winning; lists of one and of several', () => {
  const anchor = { start: 0, end: 1 };
  const of = (json: string) => policyFromNode(doc(json), { file: 'p.json', kind: 'resource', property: 'Policy', dialect: 'json', anchor });
  assert.deepEqual(of('{"statement": {"Effect": "Deny"}}').statements.map(effectText), ['Deny']);
  assert.deepEqual(of('{"Statement": [{"Effect": "Allow"}], "STATEMENT": [{"Effect": "Deny"}, 3, {"Effect": "Allow"}]}').statements.map(effectText), ['Deny', 'Allow']);
  assert.deepEqual(of('{"Statement": "text"}').statements, []);
  assert.deepEqual(of('{"Statements": [{"Effect": "Deny"}]}').statements, []);
  assert.equal(of('{"Statement": "text"}').statementContainer?.kind, 'string');
});

test('referencedResource: the resource of the id among the given types, preferring the referring file when an id is defined twice', () => {
  const ref = (id: string): VNode => ({ kind: 'unknown', reason: 'Ref', intrinsic: 'Ref', refs: [id], span: { start: 0, end: 1 } });
  const r = (id: string, type: string, file: string) => ({ id, type, file }) as unknown as Resource;
  const a1 = r('A', 'AWS::S3::Bucket', 'one.json');
  const a2 = r('A', 'AWS::S3::Bucket', 'two.json');
  const b = r('B', 'AWS::SQS::Queue', 'one.json');
  const model = { resources: [a1, b, a2] } as unknown as Model;
  const buckets = new Set(['AWS::S3::Bucket']);
  assert.equal(referencedResource(model, ref('A'), buckets), a1);
  assert.equal(referencedResource(model, ref('A'), buckets, 'two.json'), a2);
  assert.equal(referencedResource(model, ref('A'), buckets, 'three.json'), a1);
  assert.equal(referencedResource(model, ref('B'), buckets), undefined);
  assert.equal(referencedResource(model, ref('B'), new Set(['AWS::SQS::Queue']), 'two.json'), b);
  assert.equal(referencedResource(model, ref('C'), buckets), undefined);
});

test('lazy fixes: a writer object is called once, on first read; one that throws gives no fixes', () => {
  const base = { ruleId: 'X', message: 'm' } as unknown as Omit<Finding, 'fixes'>;
  const fix = { title: 't', edits: [] } as unknown as Fix;
  let calls = 0;
  const f = withLazyFixes({ ...base }, { write: () => (calls++, [fix]) });
  assert.equal(calls, 0);
  assert.deepEqual(f.fixes, [fix]);
  assert.equal(f.fixes, f.fixes);
  assert.equal(calls, 1);
  assert.deepEqual(JSON.parse(JSON.stringify(f)).fixes, [{ title: 't', edits: [] }]);
  const bad = withLazyFixes({ ...base }, {
    write: () => {
      throw new Error('no');
    },
  });
  assert.deepEqual(bad.fixes, []);
});

test('a template of many buckets and policies: findings on the buckets, related policy location, fixes written when read', async () => {
  const e = await engine();
  const resources: Record<string, unknown> = {};
  for (let i = 0; i < 30; i++) {
    resources[`Bucket${i}`] = { Type: 'AWS::S3::Bucket' };
    resources[`Bucket${i}Policy`] = {
      Type: 'AWS::S3::BucketPolicy',
      Properties: { Bucket: { Ref: `Bucket${i}` }, PolicyDocument: { Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }] } },
    };
  }
  const text = JSON.stringify({ Resources: resources }, null, 2);
  const [r] = e.analyze([{ path: 't.template.json', text }]);
  const dp201 = r.findings.filter((f) => f.ruleId === 'DP201');
  assert.equal(dp201.length, 30);
  const lines = new LineIndex(text);
  for (const f of dp201) {
    const bucket = JSON.parse(text.slice(f.span.start, f.span.end));
    assert.match(bucket, /^Bucket\d+$/);
    assert.equal(f.message, `This bucket accepts requests over plain HTTP: its bucket policy ${bucket}Policy does not deny aws:SecureTransport = false; add a Deny statement for requests without TLS.`);
    assert.deepEqual(f.range, lines.range(f.span));
    assert.equal(f.related?.length, 1);
    assert.equal(f.related![0].message, `The bucket policy of ${bucket}: the Deny statement goes here.`);
    assert.deepEqual(f.related![0].range, lines.range(f.related![0].span));
    assert.equal(text.slice(f.related![0].span.start, f.related![0].span.end), '"PolicyDocument"');
    assert.equal(f.fixes.length, 1);
    assert.ok(f.fixes[0].edits.every((x) => x.range && x.range.start.line >= f.related![0].range.start.line));
  }
});
