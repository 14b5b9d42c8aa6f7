/**
 * Statements written as objects (model/policy.ts ObjectStatement) note where each element is and
 * normalise it when first read: every getter must give what reading the element straight from the
 * object's entries gives (the last entry whose key is the element's name in any case), whatever the
 * order, case, duplicates and number of entries (more than the compact form indexes, too).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseJson } from '../engine/documents/json';
import { conditionsOf, effectKind, effectText, hasPrincipal, hasPrincipalElement, lit, policyFromNode, principalOf, statementOf, valList, valOf } from '../engine/model/policy';
import { isUnknown, type VNode } from '../engine/value';
import { lcg } from './differential';

const ELEMENTS = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];
const SPELLINGS = (name: string) => [name, name.toLowerCase(), name.toUpperCase()];
const OTHER_KEYS = ['Version', 'Id', 'x', 'Statement', 'Sids', 'Effects', 'Actions', 'Condition2', 'ABCDEFGHIJKLMNOP'];
const VALUES = ['"Allow"', '"Deny"', '"allow"', '"DENY"', '"Audit"', '7', 'null', 'true', '"*"', '["s3:GetObject", "s3:*"]', '[]', '{"AWS": "arn:aws:iam::111122223333:root"}', '{"Ref": "X"}', '{"Bool": {"aws:SecureTransport": "false"}}', '{}', '{"StringEquals": "not an object"}'];

/** The node of the last entry whose key is `name` in any case (IAM element names are case-insensitive). */
function reference(node: VNode, name: string): VNode | undefined {
  if (node.kind !== 'object') return undefined;
  let found: VNode | undefined;
  for (const e of node.entries) if (e.key.toLowerCase() === name.toLowerCase()) found = e.value;
  return found;
}

function expectedEffectKind(n: VNode | undefined): 'allow' | 'deny' | undefined {
  const v = lit(valOf(n))?.toLowerCase();
  return v === 'allow' || v === 'deny' ? v : undefined;
}

test('object statements give, for every element, what the last entry of that name holds (random statements up to 45 entries)', () => {
  const rnd = lcg(5, 'high');
  let wide = 0;
  for (let t = 0; t < 3000; t++) {
    const entries: string[] = [];
    const count = rnd(5) === 0 ? 32 + rnd(14) : rnd(12);
    for (let i = 0; i < count; i++) {
      const key = rnd(3) ? SPELLINGS(ELEMENTS[rnd(ELEMENTS.length)])[rnd(3)] : OTHER_KEYS[rnd(OTHER_KEYS.length)];
      entries.push(`${JSON.stringify(key)}: ${VALUES[rnd(VALUES.length)]}`);
    }
    if (count > 31) wide++;
    const text = `{${entries.join(', ')}}`;
    const node = parseJson(text, 's.json').root!;
    const s = statementOf(node);
    // Read in a random order: what one getter normalises must not change another's answer.
    const reads = [
      () => assert.deepEqual(s.sid, valOf(reference(node, 'Sid')), `${text} Sid`),
      () => assert.deepEqual(s.effect, valOf(reference(node, 'Effect')), `${text} Effect`),
      () => assert.equal(effectText(s), lit(valOf(reference(node, 'Effect'))), `${text} effectText`),
      () => assert.equal(effectKind(s), expectedEffectKind(reference(node, 'Effect')), `${text} effectKind`),
      () => assert.deepEqual(s.principal, principalOf(reference(node, 'Principal')), `${text} Principal`),
      () => assert.deepEqual(s.notPrincipal, principalOf(reference(node, 'NotPrincipal')), `${text} NotPrincipal`),
      () => assert.equal(hasPrincipal(s), reference(node, 'Principal') !== undefined, `${text} hasPrincipal`),
      () => assert.equal(hasPrincipalElement(s), reference(node, 'Principal') !== undefined || reference(node, 'NotPrincipal') !== undefined, `${text} hasPrincipalElement`),
      () => assert.deepEqual(s.action, valList(reference(node, 'Action')), `${text} Action`),
      () => assert.deepEqual(s.notAction, valList(reference(node, 'NotAction')), `${text} NotAction`),
      () => assert.deepEqual(s.resource, valList(reference(node, 'Resource')), `${text} Resource`),
      () => assert.deepEqual(s.notResource, valList(reference(node, 'NotResource')), `${text} NotResource`),
      () => assert.deepEqual(s.conditions, conditionsOf(reference(node, 'Condition')), `${text} conditions`),
      () => assert.equal(s.conditionNode, reference(node, 'Condition'), `${text} conditionNode`),
      () => assert.equal(s.partial, isUnknown(reference(node, 'Condition')), `${text} partial`),
      () => {
        const sid = reference(node, 'Sid');
        assert.deepEqual(s.span, sid ? sid.span : { start: node.span.start, end: node.span.start + 1 }, `${text} span`);
      },
    ];
    for (let k = reads.length; k > 0; k--) reads.splice(rnd(k), 1)[0]();
    // Read twice: the same objects (normalised once, then kept).
    assert.equal(s.action, s.action);
    assert.equal(s.principal, s.principal);
    assert.equal(s.span, s.span);
    assert.equal(s.conditions, s.conditions);
  }
  assert.ok(wide > 300, `${wide} statements of more than 31 entries`);
});

test('an object statement of more than 31 entries reads elements written after the 31st', () => {
  const filler = Array.from({ length: 40 }, (_, i) => `"k${i}": ${i}`).join(', ');
  const node = parseJson(`{"Effect": "Allow", ${filler}, "Effect": "Deny", "Action": "s3:*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}`, 's.json').root!;
  const s = statementOf(node);
  assert.equal(effectKind(s), 'deny');
  assert.equal(effectText(s), 'Deny');
  assert.deepEqual(s.action?.map(lit), ['s3:*']);
  assert.deepEqual(s.conditions.map((c) => c.key), ['aws:SecureTransport']);
  assert.equal(hasPrincipal(s), false);
});

test('a Statement list: one statement per object item, in order; items that are not objects are left out', () => {
  const init = { file: 'p.json', kind: 'resource' as const, property: '', dialect: 'json' as const, anchor: { start: 0, end: 1 } };
  const mixed = parseJson('{"Statement": [{"Sid": "A", "Effect": "Allow"}, "x", {"Sid": "B"}, 5, null, [], {"Sid": "C"}]}', 'p.json').root!;
  assert.deepEqual(policyFromNode(mixed, init).statements.map((s) => lit(s.sid)), ['A', 'B', 'C']);
  const objects = parseJson('{"Statement": [{"Sid": "A"}, {"Sid": "B"}]}', 'p.json').root!;
  assert.deepEqual(policyFromNode(objects, init).statements.map((s) => lit(s.sid)), ['A', 'B']);
  // After a list with non-objects, a list of objects only keeps all of them (the count starts again).
  assert.deepEqual(policyFromNode(mixed, init).statements.length, 3);
  assert.deepEqual(policyFromNode(objects, init).statements.length, 2);
  const none = parseJson('{"Statement": ["x", 1]}', 'p.json').root!;
  assert.deepEqual(policyFromNode(none, init).statements, []);
  const one = parseJson('{"Statement": {"Sid": "only"}}', 'p.json').root!;
  assert.deepEqual(policyFromNode(one, init).statements.map((s) => lit(s.sid)), ['only']);
});
