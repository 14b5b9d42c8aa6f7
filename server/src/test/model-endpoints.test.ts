import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AWS_DNS_SUFFIXES, awsHostsIn, mayHoldAwsHost } from '../engine/model/endpoints';
import type { Model } from '../engine/model/model';
import { sourceText, spanInString, stringValues } from '../engine/model/settings';
import { engine } from './helpers';

async function modelOf(path: string, text: string): Promise<Model> {
  const e = await engine();
  return e.buildModel([e.parse({ path, text })!]);
}

test('AWS hosts in a string: URL hosts, a bare hostname, never an unresolved or foreign host', () => {
  const hosts = (v: string) => awsHostsIn(v).map((h) => `${h.url ? 'url' : 'bare'} ${h.host} ${v.slice(h.start, h.end) === h.host}`);
  assert.deepEqual(hosts('https://sqs.us-east-1.amazonaws.com/1/q'), ['url sqs.us-east-1.amazonaws.com true']);
  assert.deepEqual(hosts('aws s3 ls --endpoint-url https://s3.us-east-1.amazonaws.com; curl http://kms.us-east-2.amazonaws.com:443/x'), [
    'url s3.us-east-1.amazonaws.com true',
    'url kms.us-east-2.amazonaws.com true',
  ]);
  assert.deepEqual(hosts('https://user:p@ss@sts.us-east-1.amazonaws.com/'), ['url sts.us-east-1.amazonaws.com true']);
  assert.deepEqual(hosts(' sqs.us-east-1.amazonaws.com:443 '), ['bare sqs.us-east-1.amazonaws.com true']);
  assert.deepEqual(hosts('https://sqs.${AWS::Region}.amazonaws.com/q'), []);
  assert.deepEqual(hosts('https://${Bucket}.s3.amazonaws.com'), []);
  assert.deepEqual(hosts('https://sqs.${var.region}.amazonaws.com'), []);
  assert.deepEqual(hosts('https://sqs.us-east-1.amazonaws.com.evil.example/q'), []);
  assert.deepEqual(hosts('http://localhost:4566'), []);
  assert.deepEqual(hosts('see sqs.us-east-1.amazonaws.com for details'), []);
  // The literal labels after an interpolated leading label, only on request (afterInterpolation).
  const after = (v: string) => awsHostsIn(v, { afterInterpolation: true }).map((h) => `${h.prefixed ? 'prefixed' : 'whole'} ${h.host} ${v.slice(h.start, h.end) === h.host}`);
  assert.deepEqual(hosts('https://${Bucket}.s3.us-east-1.amazonaws.com/k'), []);
  assert.deepEqual(after('https://${Bucket}.s3.us-east-1.amazonaws.com/k https://sqs.us-east-1.amazonaws.com/q'), ['prefixed s3.us-east-1.amazonaws.com true', 'whole sqs.us-east-1.amazonaws.com true']);
  assert.deepEqual(after('"https://${aws_s3_bucket.b["x"].id}.s3.us-east-1.amazonaws.com:443/k"'), ['prefixed s3.us-east-1.amazonaws.com true']);
  assert.deepEqual(after('https://${Bucket}.s3.${AWS::Region}.amazonaws.com'), []);
  assert.deepEqual(after('https://${Bucket}-x.s3.us-east-1.amazonaws.com'), []);
  assert.deepEqual(after('https://${unclosed.s3.us-east-1.amazonaws.com'), []);
  assert.deepEqual(after('https://${a}.${b}.amazonaws.com'), []);
  for (const suffix of AWS_DNS_SUFFIXES) assert.ok(mayHoldAwsHost(`https://svc.region.${suffix}/`), `the pre-filter misses ${suffix}`);
  assert.ok(mayHoldAwsHost('x.API.AWS') && mayHoldAwsHost('kms.us-iso-east-1.c2s.ic.gov') && !mayHoldAwsHost('https://example.com'));
});

test('stringValues: a cheap filter, embedded strings on request; spanInString maps a part of the value to the file', async () => {
  const text = [
    'Resources:',
    '  Fn:',
    '    Type: AWS::Lambda::Function',
    '    Properties:',
    '      Environment:',
    '        Variables:',
    '          A: "https:\\/\\/sqs.us-east-1.amazonaws.com"',
    '          B: plain',
    '          C: |',
    '            curl https://kms.us-east-2.amazonaws.com',
    '',
  ].join('\n');
  const model = await modelOf('t.yaml', text);
  const seen: string[] = [];
  const filtered = stringValues(model, { filter: (v) => (seen.push(v), v.includes('amazonaws')) });
  assert.deepEqual(filtered.map((s) => s.value), ['https://sqs.us-east-1.amazonaws.com']);
  assert.ok(seen.includes('plain'), 'the filter sees every verbatim string');
  assert.ok(!seen.some((v) => v.startsWith('curl')), 'block scalars are left out by default');
  const all = stringValues(model, { filter: mayHoldAwsHost, embedded: true });
  assert.deepEqual(all.map((s) => [s.value.trim(), s.embedded ?? false, s.resource?.id, s.key]), [
    ['https://sqs.us-east-1.amazonaws.com', false, 'Fn', 'A'],
    ['curl https://kms.us-east-2.amazonaws.com', true, 'Fn', 'C'],
  ]);
  for (const s of all) {
    const [h] = awsHostsIn(s.value);
    const span = spanInString(model, s, h.start, h.end);
    assert.equal(text.slice(span.start, span.end), h.host);
  }
  // A part written differently in the file (escaped) falls back to the whole string.
  const a = all[0];
  const whole = spanInString(model, a, 0, 8); // `https://`, written `https:\/\/`
  assert.deepEqual(whole, a.span);
  assert.equal(sourceText(model, 't.yaml', a.span), '"https:\\/\\/sqs.us-east-1.amazonaws.com"');
  assert.equal(sourceText(model, 'other.yaml', a.span), undefined);
  // Numbers and booleans only with `scalars`.
  const m2 = await modelOf('b.yaml', 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  F:\n    Type: AWS::SSM::Parameter\n    Properties:\n      A: false\n      B: \'false\'\n      C: 3\n');
  assert.deepEqual(stringValues(m2, { filter: (v) => v === 'false' }).map((s) => s.key), ['B']);
  assert.deepEqual(stringValues(m2, { filter: (v) => v === 'false' || v === '3', scalars: true }).map((s) => `${s.key} ${s.node.kind}`), ['A boolean', 'B string', 'C number']);
});
