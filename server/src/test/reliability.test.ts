/**
 * Engine-level regressions of issue 15 (what a hostile repository could still do): a module or a
 * template with more resources than fit on the stack, YAML with CR-only or mixed line endings,
 * 100,000-deep YAML flow nesting. Each asserts the behaviour, never a time.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { exitCode } from '../cli/run';
import { formatText } from '../cli/format-text';
import { repoRoot } from './cli-support';
import { engine } from './helpers';

const SAMPLES = path.join(repoRoot(), 'samples');
/** More than one call's arguments can hold (~120k on V8's default stack). */
const MANY = 130_000;
/** No budget stop in these tests: the point is what happens when the analysis runs to its end. */
const BUDGET = { budgetMs: 600_000 };

describe('a module or template with more resources than fit on the stack keeps its findings', () => {
  test(`Terraform: ${MANY.toLocaleString('en')} resources beside a bucket policy without TLS`, async () => {
    const e = await engine();
    // The padding is JSON syntax (.tf.json, same module): quick to parse, the same model building.
    const nulls: Record<string, object> = {};
    for (let i = 0; i < MANY; i++) nulls[`n${i}`] = {};
    const padding = JSON.stringify({ resource: { null_resource: nulls } });
    const main = readFileSync(path.join(SAMPLES, 'terraform', 'logs-bucket.tf'), 'utf8');
    const results = e.analyze([{ path: 'm/main.tf', text: main }, { path: 'm/padding.tf.json', text: padding }], BUDGET);
    const main1 = results.find((r) => r.file === 'm/main.tf')!;
    assert.deepEqual(results.flatMap((r) => r.notices), []);
    assert.deepEqual(main1.findings.map((f) => f.ruleId), ['DP201']);
  });

  test(`CloudFormation JSON: ${MANY.toLocaleString('en')} resources beside a bucket policy without TLS`, async () => {
    const e = await engine();
    const resources: Record<string, unknown> = {};
    for (let i = 0; i < MANY; i++) resources[`T${i}`] = { Type: 'AWS::SNS::Topic' };
    resources.Policy = {
      Type: 'AWS::S3::BucketPolicy',
      Properties: { Bucket: 'b', PolicyDocument: { Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] } },
    };
    const [r] = e.analyze([{ path: 't.json', text: JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources }) }], BUDGET);
    assert.deepEqual(r.notices, []);
    assert.deepEqual(r.findings.map((f) => f.ruleId), ['DP201']);
  });
});

describe('an internal error on a file never looks like a pass', () => {
  const failed = { file: '/w/t.yaml', format: 'cloudformation' as const, findings: [], notices: [{ file: '/w/t.yaml', kind: 'internal' as const, message: 'analysis failed: boom' }], suppressed: 0 };
  test('the CLI exits 2 (not 0) when a file could not be analysed, whatever --fail-on says', () => {
    assert.equal(exitCode([failed], 0, 'error'), 2);
    assert.equal(exitCode([failed], 0, 'none'), 2);
  });
  test('the text report does not say "No problems found"', () => {
    const text = formatText([failed], '/w', { color: false, reportClean: true });
    assert.doesNotMatch(text, /No problems found/);
    assert.match(text, /✖ 1 file not analysed: internal error/);
  });
});

describe('YAML with CR-only or mixed line endings (valid YAML 1.2) is analysed, positions in the original text', () => {
  const lf = readFileSync(path.join(SAMPLES, 'cloudformation', 'bucket-policy-missing-tls.yaml'), 'utf8');
  const variants: [string, string][] = [
    ['CR only', lf.replace(/\n/g, '\r')],
    ['CR, CRLF and LF mixed', lf.split('\n').map((l, i) => l + (i % 3 === 0 ? '\r' : i % 3 === 1 ? '\r\n' : '\n')).join('')],
  ];
  for (const [name, text] of variants) {
    test(name, async () => {
      const e = await engine();
      const [expected] = e.analyze([{ path: 't.yaml', text: lf }], BUDGET);
      const [r] = e.analyze([{ path: 't.yaml', text }], BUDGET);
      assert.deepEqual(r.notices, []);
      assert.deepEqual(r.findings.map((f) => [f.ruleId, f.range]), expected.findings.map((f) => [f.ruleId, f.range]));
      assert.equal(expected.findings.length, 1);
      // The span points at the same token in the original text.
      assert.equal(text.slice(r.findings[0].span.start, r.findings[0].span.end), lf.slice(expected.findings[0].span.start, expected.findings[0].span.end));
    });
  }
});

test('100,000-deep YAML flow nesting reports the depth limit, not "too many aliases"', async () => {
  const e = await engine();
  const text = 'AWSTemplateFormatVersion: "2010-09-09"\nResources: ' + '['.repeat(100_000) + ']'.repeat(100_000) + '\n';
  const [r] = e.analyze([{ path: 'deep.yaml', text }], BUDGET);
  assert.deepEqual(r.notices.map((n) => [n.kind, n.message]), [['limit', 'YAML nested deeper than 500 levels; the deeper part is not analysed']]);
});

test('language server: a slow Terraform sibling uses its own time budget, not the opened file’s', async () => {
  const e = await engine();
  const main = readFileSync(path.join(SAMPLES, 'terraform', 'logs-bucket.tf'), 'utf8');
  // 100,000 blocks: seconds of parsing (tens on a busy machine), far past a 1 s budget; main.tf takes milliseconds.
  const sibling = Array.from({ length: 100_000 }, (_, i) => `resource "aws_s3_bucket" "b${i}" { a = 1 }\n`).join('');
  const r = e.analyzeDocument({ path: 'm/main.tf', text: main }, [{ path: 'm/big.tf', text: sibling }], { budgetMs: 1000 });
  assert.deepEqual(r.findings.map((f) => f.ruleId), ['DP201']);
  assert.deepEqual(r.notices.map((n) => n.message), ['module file big.tf was not parsed within its time budget (1000 ms); the module is analysed without it']);
});
