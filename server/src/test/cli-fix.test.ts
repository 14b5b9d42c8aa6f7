/**
 * `awsdp scan --fix` and `--fix-dry-run` on temporary copies of samples (CloudFormation YAML, a
 * CloudFormation JSON template with a BOM and CRLF line ends, Terraform, a UTF-16 file): the safe
 * fixes are written, each file once, in its own encoding and line ends, and a re-scan no longer
 * reports what they fixed; a file with only unsafe fixes, and a file that is not valid UTF-8, are
 * left byte for byte; the dry run prints a unified diff and writes nothing.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, beforeEach, describe, test } from 'node:test';
import { parseCommandLine } from '../cli/args';
import { run, type CliIo } from '../cli/run';
import { cleanup, repoRoot, tempDir } from './cli-support';

const SAMPLES = path.join(repoRoot(), 'samples');
const sample = (rel: string) => fs.readFileSync(path.join(SAMPLES, ...rel.split('/')));

/** A CloudFront distribution letting viewers use HTTP (DP202, safe fix), as JSON with a BOM and CRLF. */
const CFN_JSON = `\ufeff${[
  '{',
  '  "AWSTemplateFormatVersion": "2010-09-09",',
  '  "Resources": {',
  '    "Site": {',
  '      "Type": "AWS::CloudFront::Distribution",',
  '      "Properties": {',
  '        "DistributionConfig": {',
  '          "Enabled": true,',
  '          "Origins": [{ "Id": "o", "DomainName": "example.com", "CustomOriginConfig": { "OriginProtocolPolicy": "https-only" } }],',
  '          "DefaultCacheBehavior": { "TargetOriginId": "o", "ViewerProtocolPolicy": "allow-all", "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6" }',
  '        }',
  '      }',
  '    }',
  '  }',
  '}',
  '',
].join('\r\n')}`;

/** The findings the safe fixes remove (the distribution's DP301, default certificate, has no fix). */
const FIXED = ['listener.yaml DP301', 'site.template.json DP202', 'tf/main.tf DP301'];

interface Ran {
  status: number;
  stdout: string;
  stderr: string;
}

async function cli(cwd: string, ...argv: string[]): Promise<Ran> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { cwd, env: {}, stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) } };
  const status = await run(['scan', '--no-progress', ...argv], io);
  return { status, stdout: out.join(''), stderr: err.join('') };
}

interface JsonFinding {
  file: string;
  ruleId: string;
}

async function findings(cwd: string): Promise<JsonFinding[]> {
  const r = await cli(cwd, '--format', 'json', '.');
  return (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings;
}

describe('awsdp scan --fix', () => {
  let dir: string;
  const files: Record<string, Buffer> = {};
  const read = (rel: string) => fs.readFileSync(path.join(dir, rel));
  beforeEach(() => {
    if (dir) cleanup(dir);
    dir = tempDir('awsdp-fix-');
    files['listener.yaml'] = sample('cloudformation/tls-dp301-policies.yaml');
    files['site.template.json'] = Buffer.from(CFN_JSON, 'utf8');
    files['tf/main.tf'] = sample('terraform/tls-dp301/main.tf');
    files['unsafe-only.yaml'] = sample('cloudformation/bucket-policy-missing-tls.yaml');
    for (const [rel, bytes] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), bytes);
    }
  });
  after(() => dir && cleanup(dir));

  test('applies the safe fixes, once per file, and a re-scan no longer reports them; unsafe-only files are untouched', async () => {
    const before = await findings(dir);
    const keys = (list: JsonFinding[]) => list.map((f) => `${f.file} ${f.ruleId}`);
    for (const k of FIXED) assert.ok(keys(before).includes(k), `${k} before --fix`);
    assert.ok(before.some((f) => f.file === 'unsafe-only.yaml' && f.ruleId === 'DP201'), 'an unsafe-only finding to leave');

    const r = await cli(dir, '--fix', '.');
    assert.match(r.stderr, /awsdp: fixed 3 problems in 3 files \(safe fixes only\)/);
    // The report is what remains: the DP201 of the unsafe-only file, nothing that was fixed.
    assert.match(r.stdout, /unsafe-only\.yaml[\s\S]*DP201/);
    assert.doesNotMatch(r.stdout, /DP202|listener\.yaml|main\.tf/);
    assert.match(r.stdout, /site\.template\.json[\s\S]*DP301/);
    assert.equal(r.status, 1);

    // The changes: one value each, the rest of the file as it was.
    const yaml = read('listener.yaml').toString('utf8');
    assert.doesNotMatch(yaml, /ELBSecurityPolicy-2016-08/);
    assert.match(yaml, /SslPolicy: ELBSecurityPolicy-TLS13?-1-2/);
    assert.equal(yaml.split('\n').length, files['listener.yaml'].toString().split('\n').length);
    const tf = read('tf/main.tf').toString('utf8');
    assert.doesNotMatch(tf, /ELBSecurityPolicy-TLS-1-1-2017-01/);
    assert.match(tf, /ssl_policy\s+= "ELBSecurityPolicy-TLS13?-1-2/);
    // JSON: BOM and CRLF line ends kept; only the protocol policy changed.
    const json = read('site.template.json');
    assert.deepEqual([...json.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'BOM kept');
    assert.equal(json.toString('utf8'), CFN_JSON.replace('"allow-all"', '"redirect-to-https"'));
    assert.deepEqual(read('unsafe-only.yaml'), files['unsafe-only.yaml']);
    // No temporary file left.
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);

    const after = await findings(dir);
    assert.deepEqual(keys(after).filter((k) => FIXED.includes(k)), []);
    assert.deepEqual(
      after.filter((f) => f.file === 'unsafe-only.yaml'),
      before.filter((f) => f.file === 'unsafe-only.yaml'),
    );
    // Nothing more to fix: a second run writes nothing.
    const again = await cli(dir, '--fix', '.');
    assert.match(again.stderr, /fixed 0 problems in 0 files/);
  });

  test('--fix-dry-run prints a unified diff of the same changes and writes nothing', async () => {
    const r = await cli(dir, '--fix-dry-run', '.');
    for (const [rel, bytes] of Object.entries(files)) assert.deepEqual(read(rel), bytes, `${rel} not written`);
    assert.match(r.stderr, /would fix 3 problems in 3 files/);
    assert.match(r.stdout, /^--- a\/listener\.yaml\n\+\+\+ b\/listener\.yaml\n@@ /m);
    assert.match(r.stdout, /^-      SslPolicy: ELBSecurityPolicy-2016-08$/m);
    assert.match(r.stdout, /^\+      SslPolicy: ELBSecurityPolicy-TLS13?-1-2/m);
    assert.match(r.stdout, /^--- a\/site\.template\.json\n/m);
    assert.match(r.stdout, /^-.*"ViewerProtocolPolicy": "allow-all"/m);
    assert.match(r.stdout, /^--- a\/tf\/main\.tf\n/m);
    assert.doesNotMatch(r.stdout, /unsafe-only/);
    // Exit status as after --fix: the unsafe-only DP201 error remains.
    assert.equal(r.status, 1);
    // Only the fixable files: without the unsafe-only one nothing at error level would remain.
    fs.rmSync(path.join(dir, 'unsafe-only.yaml'));
    assert.equal((await cli(dir, '--fix-dry-run', '--fail-on', 'warning', '.')).status, 0);
    assert.equal((await cli(dir, '--fail-on', 'warning', '.')).status, 1);
  });

  test('a UTF-16 file is written back in UTF-16 with its BOM; a file that is not valid UTF-8 is left alone', async () => {
    fs.mkdirSync(path.join(dir, 'u16'));
    fs.writeFileSync(path.join(dir, 'u16', 'main.tf'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(files['tf/main.tf'].toString('utf8'), 'utf16le')]));
    const text = files['listener.yaml'].toString('utf8');
    const broken = Buffer.concat([Buffer.from(text.replace('Resources:', '# caf'), 'utf8'), Buffer.from([0xe9, 0x0a]), Buffer.from('Resources:\n' + text.split('Resources:\n')[1], 'utf8')]);
    fs.writeFileSync(path.join(dir, 'latin1.yaml'), broken);
    const r = await cli(dir, '--fix', 'u16/main.tf', 'latin1.yaml');
    assert.match(r.stderr, /latin1\.yaml not fixed: not valid UTF-8/);
    assert.match(r.stderr, /fixed 1 problem in 1 file /);
    assert.deepEqual(read('latin1.yaml'), broken);
    const out = read('u16/main.tf');
    assert.deepEqual([...out.subarray(0, 2)], [0xff, 0xfe], 'UTF-16 LE BOM kept');
    const decoded = out.subarray(2).toString('utf16le');
    assert.doesNotMatch(decoded, /ELBSecurityPolicy-TLS-1-1-2017-01/);
    assert.match(decoded, /ssl_policy\s+= "ELBSecurityPolicy-TLS13?-1-2/);
    assert.equal(decoded.split('\n').length, files['tf/main.tf'].toString('utf8').split('\n').length);
  });
});

describe('--fix options', () => {
  test('parsed for scan only; --fix-dry-run wins over --fix; the help says safe fixes only', async () => {
    const opts = (argv: string[]) => {
      const c = parseCommandLine(argv);
      assert.equal(c.kind, 'scan');
      return c.kind === 'scan' ? c.options : undefined;
    };
    assert.equal(opts(['scan'])?.fix, undefined);
    assert.equal(opts(['scan', '--fix'])?.fix, 'write');
    assert.equal(opts(['scan', '--fix-dry-run'])?.fix, 'dry-run');
    assert.equal(opts(['scan', '--fix', '--fix-dry-run'])?.fix, 'dry-run');
    assert.throws(() => parseCommandLine(['rules', '--fix']), /not valid for 'awsdp rules'/);
    assert.throws(() => parseCommandLine(['scan', '--fix=yes']), /takes no value/);
    const out: string[] = [];
    await run(['scan', '--help'], { cwd: '.', env: {}, stdout: { write: (s: string) => out.push(s) }, stderr: { write: () => true }, rules: [] });
    assert.match(out.join(''), /--fix {2,}apply the safe fixes \(only those/);
    assert.match(out.join(''), /--fix-dry-run {2,}print the safe fixes as a unified diff/);
  });
});
