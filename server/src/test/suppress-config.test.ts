import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, FileFilter, parseConfig } from '../engine/config';
import { engine } from './helpers';

const bucketYaml = (comment: string, resourceComment = '') => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
${resourceComment}  Policy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: my-bucket
      PolicyDocument: ${comment}
        Statement:
          - Effect: Allow
            Principal: '*'
            Action: s3:GetObject
            Resource: arn:aws:s3:::my-bucket/*
`;

async function run(path: string, text: string, config = parseConfig('')) {
  const e = await engine();
  return e.analyze([{ path, text }], { config })[0];
}

test('inline suppression on the line, above the line and above the resource', async () => {
  const plain = await run('t.yaml', bucketYaml(''));
  assert.equal(plain.findings.length, 1);
  const sameLine = await run('t.yaml', bucketYaml('# awsdp-ignore DP201: public website, HTTP needed by legacy clients'));
  assert.deepEqual([sameLine.findings.length, sameLine.suppressed, sameLine.notices.length], [0, 1, 0]);
  const byName = await run('t.yaml', bucketYaml('# awsdp-ignore bucket-policy-without-secure-transport-deny: reason'));
  assert.equal(byName.findings.length, 0);
  const aboveResource = await run('t.yaml', bucketYaml('', '  # awsdp-ignore DP201: accepted risk, ticket SEC-12\n'));
  assert.deepEqual([aboveResource.findings.length, aboveResource.suppressed], [0, 1]);
  const otherRule = await run('t.yaml', bucketYaml('# awsdp-ignore DP999: wrong rule'));
  assert.equal(otherRule.findings.length, 1);
  assert.match(otherRule.notices.map((n) => n.message).join('\n'), /unknown rule "DP999"/);
});

test('a suppression without a reason still applies but is reported', async () => {
  const r = await run('t.yaml', bucketYaml('# awsdp-ignore DP201'));
  assert.equal(r.findings.length, 0);
  assert.match(r.notices.map((n) => n.message).join('\n'), /has no reason/);
});

test('file-level suppression', async () => {
  const r = await run('t.yaml', '# awsdp-ignore-file DP201: sandbox account\n' + bucketYaml(''));
  assert.equal(r.findings.length, 0);
});

test('CloudFormation JSON suppression through Metadata', async () => {
  const tpl = (meta: object | undefined) =>
    JSON.stringify(
      {
        Resources: {
          P: {
            Type: 'AWS::S3::BucketPolicy',
            ...(meta ? { Metadata: meta } : {}),
            Properties: { Bucket: 'b', PolicyDocument: { Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] } },
          },
        },
      },
      null,
      2,
    );
  assert.equal((await run('t.json', tpl(undefined))).findings.length, 1);
  const ok = await run('t.json', tpl({ awsdp: { ignore: [{ rule: 'DP201', reason: 'CDN origin, TLS enforced at CloudFront' }] } }));
  assert.deepEqual([ok.findings.length, ok.suppressed], [0, 1]);
  const noReason = await run('t.json', tpl({ awsdp: { ignore: [{ rule: 'DP201' }] } }));
  assert.match(noReason.notices.map((n) => n.message).join('\n'), /no reason/);
});

test('config: severity overrides, off, ignore entries for plain policy JSON', async () => {
  const policy = '{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}';
  assert.equal((await run('p.json', policy)).findings[0].severity, 'error');
  assert.equal((await run('p.json', policy, parseConfig('rules:\n  DP201: warning\n'))).findings[0].severity, 'warning');
  assert.equal((await run('p.json', policy, parseConfig('rules:\n  bucket-policy-without-secure-transport-deny: off\n'))).findings.length, 0);
  const ign = parseConfig('ignore:\n  - files: "policies/public/*.json"\n    rules: [DP201]\n    reason: public website\n');
  const e = await engine();
  const [inside, outside] = e.analyze(
    [
      { path: '/ws/policies/public/p.json', text: policy },
      { path: '/ws/policies/private/p.json', text: policy },
    ],
    { config: ign, relativePath: (p) => p.replace('/ws/', '') },
  );
  assert.deepEqual([inside.findings.length, inside.suppressed, outside.findings.length], [0, 1, 1]);
});

test('config validation names the bad key', () => {
  const known = new Set(['DP201', 'bucket-policy-without-secure-transport-deny']);
  assert.throws(() => parseConfig('rules:\n  DP201: fatal\n', '.awsdp.yaml', known), /rule "DP201": expected error, warning, info or off/);
  assert.throws(() => parseConfig('rules:\n  DP777: off\n', '.awsdp.yaml', known), /unknown rule "DP777"/);
  assert.throws(() => parseConfig('exclud: [a]\n'), /unknown key "exclud"/);
  assert.throws(() => parseConfig('ignore:\n  - files: a\n    rules: [DP201]\n'), /a "reason" is required/);
  assert.throws(() => parseConfig('rules: [\n'), (e: unknown) => e instanceof ConfigError && /not valid YAML/.test(e.message));
  const f = new FileFilter(parseConfig('include: ["infra/**"]\nexclude: ["infra/legacy/**"]\n'));
  assert.deepEqual([f.accepts('infra/a.yaml'), f.accepts('infra/legacy/a.yaml'), f.accepts('app/a.yaml')], [true, false, false]);
});
