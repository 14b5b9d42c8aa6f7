/**
 * What an analysis built must die young once it returns. V8's young-generation collector treats
 * some references as strong that only a full collection clears (call sites' memory of the function
 * they called, WeakMap values, accessors of one object's hidden class), so a parse or a model
 * reachable that way survived every minor collection after the call and was promoted to the old
 * generation: the next analyses then paid page faults and full collections for it (the bench's
 * policy JSON analysis: about 1,000 page faults and 20 ms per call). These tests run two minor
 * collections after the call returned and measure what they moved to the old generation.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { OwnerMemo } from '../engine/model/memo';
import { createEngine } from '../engine/index';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as (o?: { type: 'minor' | 'major' }) => void;
const oldSpace = () => getHeapSpaceStatistics().find((s) => s.space_name === 'old_space')!.space_used_size;

// A tree of these inputs is 3-5 MB: before, two minor collections promoted all of it.
const LEFT_BEHIND = 1024 * 1024;

/**
 * Bytes that two minor collections promote after `call` returned (its result dropped): the least of
 * three attempts. What the call keeps reachable is promoted every time; on a busy machine a major
 * collection's concurrent marking, started by V8 during one call, can promote that call's garbage
 * once (the test failed so with two CPU-bound processes beside it), and the next attempt shows the truth.
 */
function promotedAfter(call: () => unknown, opts: { warm?: number; full?: boolean } = {}): number {
  for (let i = 0; i < (opts.warm ?? 3); i++) call();
  let least = Infinity;
  for (let attempt = 0; attempt < 3 && least >= LEFT_BEHIND; attempt++) {
    if (opts.full !== false) gc();
    call();
    const before = oldSpace();
    gc({ type: 'minor' });
    gc({ type: 'minor' });
    least = Math.min(least, oldSpace() - before);
  }
  return least;
}

function policyJson(n: number): string {
  const Statement = [];
  for (let i = 0; i < n; i++) Statement.push({ Sid: `S${i}`, Effect: 'Allow', Principal: { AWS: `arn:aws:iam::111122223333:root` }, Action: ['s3:GetObject', 's3:ListBucket'], Resource: [`arn:aws:s3:::b`, `arn:aws:s3:::b/p${i}/*`] });
  return JSON.stringify({ Version: '2012-10-17', Statement }, null, 2);
}
function cfnJson(n: number): string {
  const resources: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) {
    resources[`Bucket${i}`] = { Type: 'AWS::S3::Bucket', Properties: { BucketName: { 'Fn::Sub': `b-${i}-\${AWS::Region}` } } };
    resources[`Bucket${i}Policy`] = { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: `Bucket${i}` }, PolicyDocument: { Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: { 'Fn::GetAtt': [`Bucket${i}`, 'Arn'] } }] } } };
  }
  return JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources }, null, 2);
}


test('a JSON parse leaves nothing for minor collections to promote once it returned (CloudFormation intrinsics included)', async () => {
  const engine = await createEngine();
  const file = { path: 't.template.json', text: cfnJson(1000) };
  assert.equal(engine.parse(file)?.format, 'cloudformation');
  const promoted = promotedAfter(() => engine.parse(file));
  assert.ok(promoted < LEFT_BEHIND, `${(promoted / 1e6).toFixed(2)} MB promoted after the parse returned`);
});

test('an analysis of a policy file leaves its documents and model for minor collections to free', async () => {
  const engine = await createEngine();
  const file = { path: 'p.json', text: policyJson(2000) };
  const [r] = engine.analyze([file]);
  assert.equal(r.format, 'iam-json');
  assert.deepEqual(r.notices, []);
  const promoted = promotedAfter(() => engine.analyze([file], { budgetMs: 1e9 }));
  assert.ok(promoted < LEFT_BEHIND, `${(promoted / 1e6).toFixed(2)} MB promoted after the analysis returned`);
});

test('an analysis of a CloudFormation template with a finding per bucket leaves its tree for minor collections to free', async () => {
  // V8 allocates the objects of an object literal that keep surviving minor collections straight in
  // the old generation: findings (the result) and policy documents (the model) made as literals held
  // the young tree through their fix writers and nodes, and it was promoted after every analysis.
  const engine = await createEngine();
  const file = { path: 't.template.json', text: cfnJson(1000) };
  const [r] = engine.analyze([file], { budgetMs: 1e9 });
  assert.equal(r.format, 'cloudformation');
  assert.equal(r.findings.filter((f) => f.ruleId === 'DP201').length, 1000);
  // In a steady state (no full collection before the call: one throws optimised code away, and the
  // compilations it causes, still running when the call returns, hold what they compile for).
  const promoted = promotedAfter(() => engine.analyze([file], { budgetMs: 1e9 }), { warm: 30, full: false });
  assert.ok(promoted < LEFT_BEHIND, `${(promoted / 1e6).toFixed(2)} MB promoted after the analysis returned`);
});

test('OwnerMemo: values per owner and per memo, kept out of sight (not enumerable, not in JSON)', () => {
  const a = new OwnerMemo<object, number>();
  const b = new OwnerMemo<object, number>();
  const x = { n: 1 };
  const y = { n: 2 };
  assert.equal(a.get(x), undefined);
  assert.equal(a.has(x), false);
  a.set(x, 10).set(y, 20);
  b.set(x, 30);
  assert.deepEqual([a.get(x), a.get(y), b.get(x), b.has(y), a.has(y)], [10, 20, 30, false, true]);
  assert.deepEqual([Object.keys(x), JSON.stringify(x), { ...x }], [['n'], '{"n":1}', { n: 1 }]);
  assert.deepStrictEqual(x, { n: 1 });
});
