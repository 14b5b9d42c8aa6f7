/**
 * Baselines and SARIF fingerprints, end to end on the bundled CLI (dist/cli.js): the round trip of
 * issue 14 (write; 20 blank lines above a finding and a renamed unrelated resource report nothing
 * new; a new violation alone is reported, exit 1; a removed one is reported as gone), fingerprints
 * equal across a line shift, the baseline file's stability and secrecy, and its errors.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import type * as sarif from 'sarif';
import { applyBaseline, buildBaseline, formatBaseline, parseBaseline, BaselineError } from '../cli/baseline';
import { formatSarif, sarifChunks } from '../cli/format-sarif';
import { sarifSchemaErrors } from './sarif-schema';
import { cleanup, mkFinding, mkMeta, mkResult, repoRoot, ROOT, tempDir, writeTree } from './cli-support';

const repo = repoRoot();
const cli = path.join(repo, 'dist', 'cli.js');
const dirs: string[] = [];
after(() => dirs.forEach(cleanup));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function awsdp(args: string[], cwd: string): Run {
  assert.ok(fs.existsSync(cli), `${cli} is missing: run node scripts/build.mjs before the tests`);
  const r = spawnSync(process.execPath, [cli, ...args, '--no-progress'], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonOut {
  findings: { file: string; ruleId: string; line: number; message: string }[];
  baseline?: { matched: number; gone: { rule: string; file: string; resource?: string; code: string; count?: number }[] };
}

function json(r: Run): JsonOut {
  try {
    return JSON.parse(r.stdout) as JsonOut;
  } catch {
    assert.fail(`not JSON (exit ${r.status}): ${r.stdout.slice(0, 300)} / ${r.stderr}`);
  }
}

const policy = (id: string, bucket: string) => `  ${id}:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref ${bucket}
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal:
              Service: cloudfront.amazonaws.com
            Action: s3:GetObject
            Resource: !Sub '\${${bucket}.Arn}/*'
`;

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  AssetsBucket:
    Type: AWS::S3::Bucket
  LogsBucket:
    Type: AWS::S3::Bucket
  Alerts:
    Type: AWS::SNS::Topic
${policy('AssetsBucketPolicy', 'AssetsBucket')}
${policy('LogsBucketPolicy', 'LogsBucket')}`;

const TERRAFORM = `resource "aws_sns_topic" "alerts" {
  name = "alerts"
}

provider "aws" {
  region     = "us-east-1"
  access_key = "AKIAIOSFODNN7EXAMPLE"
}

resource "aws_s3_bucket_policy" "logs" {
  bucket = "example-logs"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "logging.s3.amazonaws.com" }, Action = "s3:PutObject", Resource = "arn:aws:s3:::example-logs/*" }]
  })
}
`;

function project(): string {
  const d = tempDir('awsdp-baseline-');
  dirs.push(d);
  writeTree(d, { 'stack.yaml': TEMPLATE, 'infra/main.tf': TERRAFORM });
  return d;
}

function edit(file: string, change: (text: string) => string): void {
  const before = fs.readFileSync(file, 'utf8');
  const after = change(before);
  assert.notEqual(after, before, `the edit changes ${file}`);
  fs.writeFileSync(file, after);
}

const BLANK20 = '\n'.repeat(20);

describe('baseline round trip (dist/cli.js)', () => {
  test('write; blank lines + renamed neighbour: nothing new; new violation: only it, exit 1; removed: gone', () => {
    const d = project();
    const all = json(awsdp(['scan', '.', '--format', 'json'], d));
    const dp201 = all.findings.filter((f) => f.ruleId === 'DP201');
    assert.equal(dp201.length, 3, `two CloudFormation bucket policies and one Terraform one without TLS: ${JSON.stringify(all.findings)}`);
    assert.ok(all.findings.some((f) => f.ruleId === 'DP503'), 'the hard-coded access key is reported');

    const w = awsdp(['scan', '.', '--write-baseline', 'awsdp-baseline.json'], d);
    assert.equal(w.status, 0, `--write-baseline accepts today's findings: ${w.stderr}`);
    assert.match(w.stderr, new RegExp(`baseline awsdp-baseline\\.json: ${all.findings.length} findings recorded`));
    const text = fs.readFileSync(path.join(d, 'awsdp-baseline.json'), 'utf8');
    const b = parseBaseline(text, 'b');
    assert.equal(b.entries.reduce((n, e) => n + (e.count ?? 1), 0), all.findings.length);
    // DP201 is shown on the bucket or on its policy (the rule chooses): the logs pair has exactly one entry.
    const logs = b.entries.filter((e) => e.rule === 'DP201' && e.file === 'stack.yaml' && /^LogsBucket(Policy)?$/.test(e.resource ?? ''));
    assert.equal(logs.length, 1, JSON.stringify(b.entries));
    assert.ok(b.entries.some((e) => e.rule === 'DP201' && e.file === 'infra/main.tf' && e.resource === 'aws_s3_bucket_policy.logs'));
    // No secret and no code in clear: the access key (and its masked form) never appears.
    assert.doesNotMatch(text, /AKIA|EXAMPLE|PolicyDocument|jsonencode/);
    assert.doesNotMatch(text, /"line"|"column"/, 'no line numbers');
    // Stable: the same scan writes the same bytes.
    awsdp(['scan', '.', '--write-baseline', 'again.json'], d);
    assert.equal(fs.readFileSync(path.join(d, 'again.json'), 'utf8'), text);
    fs.rmSync(path.join(d, 'again.json'));

    // 20 blank lines above a finding, and an unrelated resource renamed (in both formats).
    edit(path.join(d, 'stack.yaml'), (t) => t.replace('  LogsBucketPolicy:', `${BLANK20}  LogsBucketPolicy:`).replace('  Alerts:', '  Notifications:'));
    edit(path.join(d, 'infra/main.tf'), (t) => BLANK20 + t.replace('"aws_sns_topic" "alerts"', '"aws_sns_topic" "notifications"'));
    const moved = json(awsdp(['scan', '.', '--format', 'json'], d));
    assert.notDeepEqual(
      moved.findings.map((f) => f.line),
      all.findings.map((f) => f.line),
      'the findings did move',
    );
    const same = awsdp(['scan', '.', '--format', 'json', '--baseline', 'awsdp-baseline.json'], d);
    assert.equal(same.status, 0, same.stderr);
    assert.deepEqual(json(same).findings, [], 'nothing new');
    assert.deepEqual(json(same).baseline, { matched: all.findings.length, gone: [] });
    assert.match(same.stderr, new RegExp(`${all.findings.length} known findings not reported; 0 baseline findings no longer occur`));

    // A new violation: only it is reported, and it fails the build.
    edit(path.join(d, 'stack.yaml'), (t) => t.replace('Resources:\n', `Resources:\n  AuditBucket:\n    Type: AWS::S3::Bucket\n${policy('AuditBucketPolicy', 'AuditBucket')}`));
    const added = awsdp(['scan', '.', '--format', 'json', '--baseline', 'awsdp-baseline.json'], d);
    assert.equal(added.status, 1, added.stderr);
    const fresh = json(added).findings;
    assert.equal(fresh.length, 1, JSON.stringify(fresh));
    assert.equal(fresh[0].ruleId, 'DP201');
    assert.equal(fresh[0].file, 'stack.yaml');
    const auditLine = fs.readFileSync(path.join(d, 'stack.yaml'), 'utf8').split('\n').indexOf('  AuditBucket:') + 1;
    assert.ok(fresh[0].line >= auditLine && fresh[0].line < auditLine + 15, `the finding is in AuditBucket or its policy (line ${fresh[0].line}, bucket at ${auditLine})`);
    assert.equal(json(added).baseline?.matched, all.findings.length);

    // An old one removed: reported as gone, by rule, file and resource.
    edit(path.join(d, 'stack.yaml'), (t) => t.replace(policy('LogsBucketPolicy', 'LogsBucket'), '').replace('  LogsBucket:\n    Type: AWS::S3::Bucket\n', ''));
    const removed = awsdp(['scan', '.', '--format', 'json', '--baseline', 'awsdp-baseline.json'], d);
    assert.equal(removed.status, 1, 'the new violation still fails');
    const gone = json(removed).baseline?.gone ?? [];
    assert.equal(gone.length, 1, JSON.stringify(gone));
    assert.deepEqual(gone[0], logs[0]);
    assert.match(removed.stderr, /1 baseline finding no longer occurs \(shrink it: awsdp scan --write-baseline awsdp-baseline\.json\)/);
    assert.match(removed.stderr, new RegExp(`gone: DP201 in stack\\.yaml \\(${logs[0].resource}\\)`));
    // Text and SARIF reports say the same: one new finding.
    const txt = awsdp(['scan', '.', '--baseline', 'awsdp-baseline.json'], d);
    assert.equal(txt.status, 1);
    assert.equal((txt.stdout.match(/DP201/g) ?? []).length, 1, txt.stdout);
    const s = JSON.parse(awsdp(['scan', '.', '--format', 'sarif', '--baseline', 'awsdp-baseline.json'], d).stdout) as sarif.Log;
    assert.deepEqual(
      s.runs[0].results?.map((r) => [r.ruleId, r.baselineState]),
      [['DP201', 'new']],
    );
    assert.deepEqual(sarifSchemaErrors(s), [], 'valid SARIF 2.1.0 with a baseline');
  });

  test('a file not scanned this time is not "gone"; a deleted file under the scanned directory is', () => {
    const d = project();
    assert.equal(awsdp(['scan', '.', '--write-baseline', 'b.json'], d).status, 0);
    // Only stack.yaml named (the root stays the current directory): the entries of infra/main.tf are out of scope.
    const only = json(awsdp(['scan', 'stack.yaml', '--format', 'json', '--baseline', 'b.json'], d));
    assert.deepEqual([only.findings, only.baseline?.gone], [[], []]);
    assert.ok((only.baseline?.matched ?? 0) >= 2);
    fs.rmSync(path.join(d, 'stack.yaml'));
    const del = json(awsdp(['scan', '.', '--format', 'json', '--baseline', 'b.json'], d));
    assert.deepEqual([...new Set(del.baseline?.gone.map((e) => e.file))], ['stack.yaml']);
  });

  test('errors: a missing, malformed or wrong-version baseline ends with a message and exit 2', () => {
    const d = project();
    const missing = awsdp(['scan', '.', '--baseline', 'nope.json'], d);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /cannot read baseline nope\.json: no such file or directory/);
    fs.writeFileSync(path.join(d, 'bad.json'), '{"version": 1, "entries": [');
    assert.match(awsdp(['scan', '.', '--baseline', 'bad.json'], d).stderr, /baseline bad\.json is not valid JSON/);
    fs.writeFileSync(path.join(d, 'v2.json'), '{"version": 2, "entries": []}');
    const v2 = awsdp(['scan', '.', '--baseline', 'v2.json'], d);
    assert.equal(v2.status, 2);
    assert.match(v2.stderr, /has version 2; this awsdp reads version 1/);
    fs.writeFileSync(path.join(d, 'e.json'), '{"version": 1, "entries": [{"rule": "DP201"}]}');
    assert.match(awsdp(['scan', '.', '--baseline', 'e.json'], d).stderr, /entries\[0\] has no "file" string/);
    const dir = awsdp(['scan', '.', '--write-baseline', 'infra'], d);
    assert.equal(dir.status, 2);
    assert.match(dir.stderr, /cannot write baseline infra/);
  });
});

describe('SARIF fingerprints (dist/cli.js)', () => {
  test('partialFingerprints are equal before and after a line shift; automationDetails; relative URIs', () => {
    const d = project();
    const sarifOf = () => JSON.parse(awsdp(['scan', '.', '--format', 'sarif'], d).stdout) as sarif.Log;
    const beforeLog = sarifOf();
    assert.deepEqual(sarifSchemaErrors(beforeLog), [], 'valid SARIF 2.1.0 (schema)');
    const before = beforeLog.runs[0];
    const prints = (run: sarif.Run) => (run.results ?? []).map((r) => `${r.ruleId} ${r.locations?.[0].physicalLocation?.artifactLocation?.uri} ${r.partialFingerprints?.['awsdpFindingHash/v1']}`);
    const lines = (run: sarif.Run) => (run.results ?? []).map((r) => r.locations?.[0].physicalLocation?.region?.startLine);
    assert.ok((before.results ?? []).length >= 4);
    // Every finding has its own fingerprint, even two of one rule.
    assert.equal(new Set(prints(before)).size, before.results!.length);
    for (const fp of prints(before)) assert.match(fp, / [0-9a-f]{32}$/);
    assert.deepEqual(before.automationDetails, { id: 'awsdp/' });
    assert.ok(before.originalUriBaseIds?.['%SRCROOT%']?.uri?.startsWith('file://'));
    for (const r of before.results!) {
      const loc = r.locations![0].physicalLocation!.artifactLocation!;
      assert.equal(loc.uriBaseId, '%SRCROOT%');
      assert.ok(!loc.uri!.startsWith('/') && !loc.uri!.includes(':'), `relative uri ${loc.uri}`);
    }
    for (const rule of before.tool.driver.rules ?? []) {
      assert.ok((rule.properties?.tags as string[]).includes('security'), `${rule.id} is tagged security`);
      assert.match(String(rule.properties?.['security-severity']), /^\d+\.\d$/);
    }

    edit(path.join(d, 'stack.yaml'), (t) => t.replace('Resources:\n', `Resources:${BLANK20}\n`).replace('  Alerts:', '  Renamed:'));
    edit(path.join(d, 'infra/main.tf'), (t) => `# a comment\n${BLANK20}${t.replace(/\n {2}/g, '\n    ')}`);
    const afterRun = sarifOf().runs[0];
    assert.notDeepEqual(lines(afterRun), lines(before), 'lines moved');
    assert.deepEqual(prints(afterRun), prints(before), 'same fingerprints');

  });
});

describe('streamed SARIF', () => {
  test('sarifChunks gives formatSarif\'s bytes, in one piece per result (with results, and with none)', () => {
    const file = path.join(ROOT, 'a.yaml');
    const findings = [mkFinding({ file, start: [1, 2], end: [1, 5] }), mkFinding({ file, ruleId: 'DP301', severity: 'info', start: [3, 0], end: [3, 4], message: 'line\nbreak "quoted"' })];
    const opts = { version: '1.2.3', rules: [mkMeta({ id: 'DP201' }), mkMeta({ id: 'DP301' })] };
    for (const results of [[mkResult(file, findings)], [mkResult(file)], []]) {
      const pieces = [...sarifChunks(results, ROOT, opts)];
      assert.deepEqual(sarifSchemaErrors(JSON.parse(pieces.join(''))), []);
      // The schema check can fail: a fingerprint that is not a string, a run without its tool.
      const log = JSON.parse(pieces.join('')) as sarif.Log;
      assert.notDeepEqual(sarifSchemaErrors({ ...log, runs: [{ ...log.runs[0], tool: undefined }] }), []);
      if (log.runs[0].results?.length) {
        log.runs[0].results[0].partialFingerprints = { x: 1 as unknown as string };
        assert.notDeepEqual(sarifSchemaErrors(log), []);
      }
      assert.equal(pieces.join(''), formatSarif(results, ROOT, opts));
      const n = results.flatMap((r) => r.findings).length;
      assert.equal(pieces.length, n ? n + 1 : 1);
    }
  });
});

describe('baseline units', () => {
  const f = (file: string, rule: string, code: string, resource?: string) => ({
    file,
    finding: { ...mkFinding({ file, ruleId: rule, start: [0, 0], end: [0, 1] }), identity: resource ? { resource, code } : { code } },
  });

  test('entries are sorted, counted, and the text is stable whatever the input order', () => {
    const a = [f('b.yaml', 'DP201', 'c1', 'P'), f('a.yaml', 'DP301', 'c2'), f('a.yaml', 'DP201', 'c3', 'Q'), f('a.yaml', 'DP201', 'c3', 'Q')];
    const t1 = formatBaseline(buildBaseline(a));
    const t2 = formatBaseline(buildBaseline([...a].reverse()));
    assert.equal(t1, t2);
    assert.deepEqual(
      parseBaseline(t1, 'x').entries,
      [
        { rule: 'DP201', file: 'a.yaml', resource: 'Q', code: 'c3', count: 2 },
        { rule: 'DP301', file: 'a.yaml', code: 'c2' },
        { rule: 'DP201', file: 'b.yaml', resource: 'P', code: 'c1' },
      ],
    );
    assert.equal(t1.split('\n').filter((l) => l.includes('"rule"')).length, 3, 'one entry per line');
  });

  test('counts: two known findings of one key, three now: one is new; one now: one gone', () => {
    const base = buildBaseline([f('a.yaml', 'DP201', 'c', 'P'), f('a.yaml', 'DP201', 'c', 'P')]);
    const three = applyBaseline([f('a.yaml', 'DP201', 'c', 'P'), f('a.yaml', 'DP201', 'c', 'P'), f('a.yaml', 'DP201', 'c', 'P')], base, () => true);
    assert.deepEqual([three.fresh.length, three.matched, three.gone], [1, 2, []]);
    const one = applyBaseline([f('a.yaml', 'DP201', 'c', 'P')], base, () => true);
    assert.deepEqual([one.fresh.length, one.matched, one.gone], [0, 1, [{ rule: 'DP201', file: 'a.yaml', resource: 'P', code: 'c' }]]);
    assert.deepEqual(applyBaseline([], base, () => false).gone, [], 'out of scope: not gone');
    // Another resource or another code is another finding.
    assert.equal(applyBaseline([f('a.yaml', 'DP201', 'c', 'R')], base, () => true).fresh.length, 1);
    assert.equal(applyBaseline([f('a.yaml', 'DP201', 'd', 'P')], base, () => true).fresh.length, 1);
  });

  test('parse errors name the entry', () => {
    assert.throws(() => parseBaseline('[]', 'x'), BaselineError);
    assert.throws(() => parseBaseline('{"version":1,"entries":[{"rule":"DP201","file":"a","code":"c","count":0}]}', 'x'), /entries\[0\] has a "count" that is not a positive integer/);
    assert.throws(() => parseBaseline('{"version":1,"entries":[{"rule":"DP201","file":"a","code":"c","resource":3}]}', 'x'), /"resource" that is not a string/);
  });
});
