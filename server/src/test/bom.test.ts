/**
 * A file that starts with a byte-order mark reads as the same file without it, in every format:
 * the same findings on the same lines. (YAML once saw the mark as a space that indented the first
 * key: "unexpected 'Description'" and no findings.)
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyze } from './helpers';

const SAMPLES = join(__dirname, '..', '..', '..', 'samples');
const CASES = [
  'cloudformation/tls-dp301-policies.yaml',
  'cloudformation/bucket-policy-missing-tls.yaml',
  'cloudformation/data-lake.template.json',
  ...readdirSync(join(SAMPLES, 'iam')).filter((f) => f.endsWith('.json')).slice(0, 2).map((f) => `iam/${f}`),
  'terraform/logs-bucket.tf',
  'aws-config/fips-dp403/.aws/config',
];

for (const rel of CASES) {
  test(`a BOM changes nothing: ${rel}`, async () => {
    const text = readFileSync(join(SAMPLES, rel), 'utf8').replace(/^\ufeff/, '');
    const plain = await analyze(rel, text);
    const marked = await analyze(rel, '\ufeff' + text);
    assert.ok(plain.findings.length > 0, `${rel} should have findings`);
    const lines = (r: typeof plain) => r.findings.map((f) => `${f.ruleId}@${f.range.start.line}`).sort();
    assert.deepEqual(lines(marked), lines(plain));
    assert.deepEqual(marked.notices.filter((n) => n.kind === 'parse-error'), []);
  });
}
