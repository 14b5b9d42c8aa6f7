/**
 * Related locations (Finding.related) in every report format: JSON `related` (paths relative like the
 * finding's, 1-based positions), SARIF `relatedLocations` (ids, the result's uriBaseId; the log stays
 * valid SARIF 2.1.0) and one indented "related:" line per location in text. Hand-built findings,
 * then one real scan of a sample whose finding has a related location (DP201: the bucket policy without the Deny).
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { buildJsonReport } from '../cli/format-json';
import { buildSarif } from '../cli/format-sarif';
import { formatText } from '../cli/format-text';
import { run, type CliIo } from '../cli/run';
import type { Finding } from '../engine/index';
import { mkFinding, mkMeta, mkResult, repoRoot, ROOT } from './cli-support';
import { sarifSchemaErrors } from './sarif-schema';

const f = (rel: string) => path.join(ROOT, ...rel.split('/'));

function withRelated(): Finding {
  const finding = mkFinding({ file: f('a/policy.yaml'), ruleId: 'DP103', category: 'mfa', start: [4, 2], end: [4, 18], message: 'Trust policy without MFA' });
  finding.related = [
    { file: f('a/policy.yaml'), span: { start: 0, end: 1 }, range: { start: { line: 9, character: 6 }, end: { line: 9, character: 30 } }, message: 'The principal trusted without MFA.' },
    { file: f('b/other.tf'), span: { start: 0, end: 1 }, range: { start: { line: 0, character: 0 }, end: { line: 2, character: 1 } }, message: 'The bucket policy without a Deny.' },
  ];
  return finding;
}
const results = () => [mkResult(f('a/policy.yaml'), [withRelated(), mkFinding({ file: f('a/policy.yaml'), start: [1, 0], end: [1, 3] })])];

describe('related locations in reports', () => {
  test('JSON: related with relative paths, 1-based positions and messages; absent when a finding has none', () => {
    const report = buildJsonReport(results(), ROOT);
    const [plain, rel] = report.findings;
    assert.equal(plain.ruleId, 'DP201');
    assert.equal('related' in plain, false);
    assert.deepEqual(rel.related, [
      { file: 'a/policy.yaml', line: 10, column: 7, endLine: 10, endColumn: 31, message: 'The principal trusted without MFA.' },
      { file: 'b/other.tf', line: 1, column: 1, endLine: 3, endColumn: 2, message: 'The bucket policy without a Deny.' },
    ]);
  });

  test('SARIF: relatedLocations with ids, the same uriBaseId as the location, and a valid 2.1.0 log', () => {
    const log = buildSarif(results(), ROOT, { version: '1.0.0', rules: [mkMeta({ id: 'DP103', category: 'mfa' }), mkMeta({ id: 'DP201' })] });
    const [plain, rel] = log.runs[0].results!;
    assert.equal(plain.relatedLocations, undefined);
    assert.deepEqual(rel.relatedLocations, [
      {
        id: 0,
        physicalLocation: { artifactLocation: { uri: 'a/policy.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 10, startColumn: 7, endLine: 10, endColumn: 31 } },
        message: { text: 'The principal trusted without MFA.' },
      },
      {
        id: 1,
        physicalLocation: { artifactLocation: { uri: 'b/other.tf', uriBaseId: '%SRCROOT%' }, region: { startLine: 1, startColumn: 1, endLine: 3, endColumn: 2 } },
        message: { text: 'The bucket policy without a Deny.' },
      },
    ]);
    assert.equal(rel.locations![0].physicalLocation!.artifactLocation!.uriBaseId, '%SRCROOT%');
    assert.deepEqual(sarifSchemaErrors(log), []);
  });

  test('text: one indented line per related location under its finding (line:column in the same file, path otherwise)', () => {
    assert.equal(
      formatText(results(), ROOT),
      [
        'a/policy.yaml',
        '  2:1  error  message of DP201          DP201',
        '  5:3  error  Trust policy without MFA  DP103',
        '              related: 10:7  The principal trusted without MFA.',
        '              related: b/other.tf:1:1  The bucket policy without a Deny.',
        '',
        '✖ 2 problems (2 errors, 0 warnings, 0 infos)',
        '',
      ].join('\n'),
    );
  });
});

describe('related locations from a real scan', () => {
  const sample = path.join(repoRoot(), 'samples', 'cloudformation');
  async function scan(format: string): Promise<string> {
    const out: string[] = [];
    const io: CliIo = { cwd: sample, env: {}, stdout: { write: (s: string) => out.push(s) }, stderr: { write: () => true } };
    await run(['scan', '--no-progress', '--format', format, 'bucket-policy-missing-tls.yaml'], io);
    return out.join('');
  }

  test('a DP201 finding carries its bucket policy as related, in JSON, SARIF and text alike', async () => {
    const json = JSON.parse(await scan('json')) as { findings: { ruleId: string; file: string; related?: { file: string; line: number; message: string }[] }[] };
    const withRelated = json.findings.filter((x) => x.related?.length);
    assert.ok(withRelated.length > 0, `a finding with related locations: ${JSON.stringify(json.findings.map((x) => x.ruleId))}`);
    for (const x of withRelated) for (const r of x.related!) assert.equal(r.file, 'bucket-policy-missing-tls.yaml');
    const sarif = JSON.parse(await scan('sarif')) as { runs: { results: { relatedLocations?: { physicalLocation: { region: { startLine: number } } }[] }[] }[] };
    const lines = sarif.runs[0].results.flatMap((r) => (r.relatedLocations ?? []).map((l) => l.physicalLocation.region.startLine));
    assert.deepEqual(lines, withRelated.flatMap((x) => x.related!.map((r) => r.line)));
    assert.deepEqual(sarifSchemaErrors(sarif), []);
    const text = await scan('text');
    const first = withRelated[0].related![0];
    assert.ok(text.includes(`related: ${first.line}:`), text);
  });
});
