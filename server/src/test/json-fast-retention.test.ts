/**
 * A JSON value tree that lived through a minor collection (as it does while it is analysed) must die
 * young once dropped. V8 pretenures an object literal's allocation site whose objects keep surviving
 * minor collections; the intrinsic nodes of a CloudFormation template were such literals: made in the
 * old generation, they held their young arguments (whole subtrees under `Fn::If`), and after the tree
 * was dropped minor collections kept copying those subtrees and promoted them (about 9 MB after each
 * parse of this 2 MB template). Intrinsic nodes are now made by `new` (cfn-intrinsics.ts), in YAML
 * trees too.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parseJson } from '../engine/documents/json';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as (o?: { type: 'minor' | 'major' }) => void;
const oldSpace = () => getHeapSpaceStatistics().find((s) => s.space_name === 'old_space')!.space_used_size;

const LEFT_BEHIND = 1024 * 1024;

/** A template whose intrinsic calls hold large arguments (`Fn::If` around a block of 20 tags). */
function cfnIf(n: number): Record<string, unknown> {
  const resources: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) {
    const tags: Record<string, unknown> = {};
    for (let k = 0; k < 20; k++) tags[`Key${k}`] = { Value: `v${i}-${k}`, Other: [1, 2, 3] };
    resources[`Bucket${i}`] = { Type: 'AWS::S3::Bucket', Properties: { Tags: { 'Fn::If': ['Cond', tags, { Ref: 'AWS::NoValue' }] } } };
  }
  return { AWSTemplateFormatVersion: '2010-09-09', Resources: resources };
}

/**
 * Bytes that two minor collections promote after `parse`'s tree, kept alive through one minor
 * collection, was dropped: the least of three attempts (see heap-retention.test.ts).
 */
function promotedAfter(parse: () => unknown): number {
  const call = () => {
    const tree = parse();
    gc({ type: 'minor' });
    return tree !== undefined;
  };
  // Enough calls for V8 to make its pretenuring decisions.
  for (let i = 0; i < 30; i++) call();
  let least = Infinity;
  for (let attempt = 0; attempt < 3 && least >= LEFT_BEHIND; attempt++) {
    gc();
    call();
    const before = oldSpace();
    gc({ type: 'minor' });
    gc({ type: 'minor' });
    least = Math.min(least, oldSpace() - before);
  }
  return least;
}

test('a CloudFormation JSON tree with large intrinsic arguments dies young once dropped', () => {
  const text = JSON.stringify(cfnIf(400), null, 2);
  const first = parseJson(text, 't.json', undefined, { cfnIntrinsics: true });
  assert.deepEqual(first.notices, []);
  const promoted = promotedAfter(() => parseJson(text, 't.json', undefined, { cfnIntrinsics: true }).root);
  assert.ok(promoted < LEFT_BEHIND, `${(promoted / 1e6).toFixed(2)} MB promoted after the tree was dropped`);
});
