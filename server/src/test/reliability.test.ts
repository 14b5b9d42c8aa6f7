/**
 * Engine-level regressions of issue 15 (what a hostile repository could still do): a module or a
 * template with more resources than fit on the stack, YAML with CR-only or mixed line endings,
 * 100,000-deep YAML flow nesting. Each asserts the behaviour, never a time.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { exitCode } from '../cli/run';
import { Budget, DeadlinePassed } from '../engine/budget';
import { hclOf, HclRuntime, parseHclDocument } from '../engine/documents/hcl';
import { findLongLiterals, maskLiterals } from '../engine/documents/hcl-mask';
import { LineIndex } from '../engine/text';
import { parseJson } from '../engine/documents/json';
import { MAX_JSON_VALUES, MAX_YAML_TOKENS } from '../engine/documents/limits';
import { parseYamlDocument } from '../engine/documents/yaml';
import { visit } from 'jsonc-parser';
import { Lexer } from 'yaml';
import { formatText } from '../cli/format-text';
import { buildJsonReport } from '../cli/format-json';
import { buildSarif } from '../cli/format-sarif';
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

describe('the time budget is looked at inside JSON parsing (it was looked at only after it)', () => {
  // More values than one look at the clock covers (every 4,096 parser events).
  const statements = Array.from({ length: 3000 }, (_, i) => ({ Sid: `S${i}`, Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }));
  const policy = JSON.stringify({ Statement: statements });

  test('parseJson with a deadline that has passed stops midway (DeadlinePassed); without one, or before it, it parses', () => {
    assert.throws(() => parseJson(policy, 'p.json', undefined, { deadline: performance.now() - 1 }), DeadlinePassed);
    assert.equal(parseJson(policy, 'p.json', undefined, { deadline: performance.now() + 600_000 }).root?.kind, 'object');
    assert.equal(parseJson(policy, 'p.json').root?.kind, 'object');
    // A small file is read before the first look at the clock: it is never stopped.
    assert.equal(parseJson('{"Statement": []}', 'p.json', undefined, { deadline: performance.now() - 1 }).root?.kind, 'object');
  });

  test('a policy written as JSON text in a template or a heredoc is parsed under the budget too (model building)', async () => {
    const e = await engine();
    const cfn = JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: { P: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: 'b', PolicyDocument: policy } } } });
    const tf = `resource "aws_s3_bucket_policy" "p" {\n  bucket = "b"\n  policy = <<EOF\n${policy}\nEOF\n}\n`;
    for (const [path, text] of [['t.json', cfn], ['m/main.tf', tf]]) {
      const doc = e.parse({ path, text })!;
      assert.throws(() => e.buildModel([doc], performance.now() - 1), DeadlinePassed, path);
      assert.equal(e.buildModel([doc], performance.now() + 600_000).policies.length, 1, path);
    }
    // The engine says so, and reports nothing for the file.
    let now = 0;
    class StopsAfterParsing extends Budget {
      constructor() {
        super(100, 0);
      }
      // The parse sees a far deadline; the model a passed one.
      override get deadline(): number {
        return now++ === 0 ? performance.now() + 600_000 : performance.now() - 1;
      }
      override expired(): boolean {
        return false;
      }
    }
    const r = e.analyzeDocument({ path: 't.json', text: cfn }, [], { budget: new StopsAfterParsing() });
    assert.deepEqual(r.findings, []);
    assert.match(r.notices.map((n) => n.message).join('\n'), /^analysis stopped after \d+ ms: reading policies written as JSON text did not finish in time; the file is not analysed \(time budget 100 ms\)$/m);
  });
});

test('a long heredoc is masked line by line: same text as one replacement per character', () => {
  const text = 'locals {\n  x = <<EOF\n' + 'a b\tc\r\n'.repeat(50) + 'é😀\nEOF\n}\n';
  const literals = findLongLiterals(text, 10);
  assert.equal(literals.length, 1);
  const masked = maskLiterals(text, literals);
  assert.equal(masked.length, text.length);
  const l = literals[0];
  const inner = text.slice(l.start + 4, l.end - 2);
  assert.equal(masked.slice(l.start + 4, l.end - 2), inner.replace(/[^\r\n]/g, ' '));
  assert.equal(masked.slice(0, l.start) + masked.slice(l.end), text.slice(0, l.start) + text.slice(l.end));
});

describe('a large Terraform file is parsed a part at a time (the parser\'s memory is that of one part)', () => {
  const block = (i: number) =>
    `# block ${i} é😀\nresource "aws_s3_bucket_policy" "p${i}" {\n  bucket = "b${i}-é"\n  policy = <<EOF\n{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b${i}/*", "Sid": "${'x'.repeat(i % 4 === 0 ? 300 : 3)}"}]}\nEOF\n  tags = { a = "b" }\n}\n`;
  const many = Array.from({ length: 60 }, (_, i) => block(i)).join('');
  // Lines that look like block starts where a cut would split a token: the part does not parse clean,
  // and the file is parsed whole instead.
  const fake = 'resource "x" "y" {\n  z = 1\n}\n';
  const cases: [string, string][] = [
    ['blocks, comments, heredocs, masked long literals, non-ASCII text', many],
    ['block-like lines inside a heredoc with interpolations', many + `locals {\n  x = <<EOT\n\${var.a}\n${fake.repeat(40)}EOT\n}\n` + many],
    ['block-like lines inside a block comment', many + `/*\n${fake.repeat(40)}*/\n` + many],
    ['a syntax error in a later part', many + 'resource "a" "b" {\n  x = \n}\n}\n' + many],
    ['an unterminated heredoc at the end', many + 'locals {\n  x = <<EOT\n' + fake.repeat(40)],
  ];
  for (const [name, text] of cases) {
    test(`${name}: the same blocks, comments and notices as parsed whole`, async () => {
      const rt = await HclRuntime.create();
      const lines = new LineIndex(text);
      const whole = parseHclDocument(rt, 'm/main.tf', text, lines, { partChars: Infinity });
      const parts = parseHclDocument(rt, 'm/main.tf', text, lines, { partChars: 300 });
      assert.ok(hclOf(whole)!.blocks.length >= 60);
      assert.deepEqual(JSON.parse(JSON.stringify([hclOf(parts)!.blocks, parts.comments, parts.notices])), JSON.parse(JSON.stringify([hclOf(whole)!.blocks, whole.comments, whole.notices])));
    });
  }

  test('an edit re-parsed from a handle kept by a parse in parts gives the same result as a fresh parse', async () => {
    const rt = await HclRuntime.create();
    const first = parseHclDocument(rt, 'm/main.tf', many, new LineIndex(many), { partChars: 300, keep: true });
    const edited = many.replace('"b7-é"', '"b7-edited"');
    const again = parseHclDocument(rt, 'm/main.tf', edited, new LineIndex(edited), { partChars: 300, keep: true, previous: first.handle });
    const fresh = parseHclDocument(rt, 'm/main.tf', edited, new LineIndex(edited), { partChars: Infinity });
    assert.deepEqual(JSON.parse(JSON.stringify(hclOf(again)!.blocks)), JSON.parse(JSON.stringify(hclOf(fresh)!.blocks)));
    again.handle?.dispose();
  });

  test('the parser\'s WebAssembly memory stays that of one part (fresh processes: that memory never shrinks)', () => {
    // About 540 KB: parsed whole, tree-sitter grows its memory past its 32 MB start; in 64 KB parts it does not.
    // Short strings are not masked (as when a file is edited): masked, the whole tree would be too small to grow it.
    const script = (partChars: number) => `
      const { HclRuntime, parseHclDocument, hclOf } = require(${JSON.stringify(path.join(__dirname, '..', 'engine', 'documents', 'hcl.js'))});
      const { LineIndex } = require(${JSON.stringify(path.join(__dirname, '..', 'engine', 'text.js'))});
      HclRuntime.create().then((rt) => {
        const text = Array.from({ length: 12000 }, (_, i) => 'resource "aws_s3_bucket" "b' + i + '" { a = 1 }\\n').join('');
        const before = process.memoryUsage().external;
        const d = parseHclDocument(rt, 'main.tf', text, new LineIndex(text), { partChars: ${partChars}, maskMinLength: 256 });
        process.stdout.write(JSON.stringify({ grew: process.memoryUsage().external - before, blocks: hclOf(d).blocks.length }));
      });`;
    const run = (partChars: number) => {
      const r = spawnSync(process.execPath, ['-e', script(partChars)], { encoding: 'utf8', timeout: 120_000 });
      assert.equal(r.status, 0, r.stderr);
      return JSON.parse(r.stdout) as { grew: number; blocks: number };
    };
    const whole = run(Infinity);
    const parts = run(64 * 1024);
    assert.equal(whole.blocks, 12000);
    assert.equal(parts.blocks, 12000);
    assert.ok(whole.grew > 0, `parsed whole, the memory grew by ${whole.grew} bytes`);
    assert.ok(parts.grew < whole.grew / 2, `in parts it grew by ${parts.grew} bytes, whole by ${whole.grew}`);
  });
});

describe('memory is bounded by counting tokens: a file over a bound is not analysed, with a notice', () => {
  test('YAML: more lexemes than the bound (default 1,500,000) stops the parse before yaml holds them all', () => {
    assert.equal(MAX_YAML_TOKENS, 1_500_000);
    // [a, a, …]: two lexemes an item (and the spaces).
    const text = 'AWSTemplateFormatVersion: "2010-09-09"\nResources: {L: [' + 'a,'.repeat(1000) + 'a]}\n';
    const r = parseYamlDocument('t.yaml', text, undefined, { maxTokens: 1000 });
    assert.deepEqual(r.roots, []);
    assert.deepEqual(r.notices.map((n) => [n.kind, n.message]), [['limit', 'file not analysed: more than 1,000 YAML tokens (a bound on memory; a CloudFormation template, at most 1 MB, has at most about 1,000,000)']]);
    // Under the bound, the same text is read.
    assert.equal(parseYamlDocument('t.yaml', text, undefined, { maxTokens: 10_000 }).roots.length, 1);
  });

  test('JSON: more values than the bound (default 2,000,000) leaves no tree', () => {
    assert.equal(MAX_JSON_VALUES, 2_000_000);
    const text = '{"Statement": [' + '1,'.repeat(1000) + '1]}';
    const r = parseJson(text, 'p.json', undefined, { maxValues: 1000 });
    assert.equal(r.root, undefined);
    assert.deepEqual(r.notices.map((n) => [n.kind, n.message]), [['limit', 'file not analysed: more than 1,000 JSON values (a bound on memory; a CloudFormation template, at most 1 MB, has at most about 500,000)']]);
    assert.equal(parseJson(text, 'p.json', undefined, { maxValues: 1003 }).root?.kind, 'object');
  });

  test('the densest CloudFormation template AWS accepts (1 MB) is within both bounds', () => {
    // One-character keys and values in flow style: the most tokens 1 MB of YAML can hold in a template.
    const yamlItems: string[] = [];
    let n = 0;
    for (let len = 0; len < 1_000_000; len += 8) yamlItems.push(`R${(n++).toString(36)}: {}`);
    const yaml = 'Resources: {' + yamlItems.join(', ') + '}\n';
    const lexemes = [...new Lexer().lex(yaml)].length;
    assert.ok(lexemes > 900_000 && lexemes < MAX_YAML_TOKENS / 1.4, `${lexemes} lexemes`);
    const json = '{"Resources": {"L": [' + '1,'.repeat(500_000) + '1]}}';
    let values = 0;
    visit(json, { onLiteralValue: () => void values++, onObjectBegin: () => void values++, onArrayBegin: () => void values++ });
    assert.ok(values > 490_000 && values < MAX_JSON_VALUES / 3, `${values} values`);
  });
});

describe('a file a limit stopped is an incomplete analysis, not a pass', () => {
  const limited = { file: '/w/t.yaml', format: 'cloudformation' as const, findings: [], notices: [{ file: '/w/t.yaml', kind: 'limit' as const, message: 'file not analysed: more than 1,500,000 YAML tokens' }], suppressed: 0 };
  const warned = { ...limited, file: '/w/u.yaml', notices: [], findings: [{ severity: 'warning' } as never] };
  const failing = { ...limited, file: '/w/v.yaml', notices: [], findings: [{ severity: 'error' } as never] };
  test('exit status 2 unless --allow-incomplete (then 0); a finding that reaches --fail-on still gives 1', () => {
    assert.equal(exitCode([limited], 0, 'error'), 2);
    assert.equal(exitCode([limited], 0, 'none'), 2);
    assert.equal(exitCode([limited, warned], 0, 'error'), 2, 'a warning below --fail-on does not hide it');
    assert.equal(exitCode([limited], 0, 'error', true), 0);
    assert.equal(exitCode([limited, failing], 0, 'error'), 1);
    assert.equal(exitCode([limited, failing], 0, 'error', true), 1);
  });
  test('the text report never says "No problems found" for it, and names --allow-incomplete', () => {
    const text = formatText([limited], '/w', { color: false, reportClean: true, incomplete: 1 });
    assert.match(text, /note {2}file not analysed: more than 1,500,000 YAML tokens/);
    assert.doesNotMatch(text, /✔/);
    assert.match(text, /✖ No problems found, but the analysis is incomplete \(1 file stopped by a limit\)/);
    assert.match(text, /1 file not fully analysed: stopped by a limit \(see its note\); exit status 2 unless a finding fails the scan \(--allow-incomplete accepts this\)/);
    const quiet = formatText([{ ...limited, notices: [] }], '/w', { color: false, reportClean: false, incomplete: 1 });
    assert.match(quiet, /analysis is incomplete/, '--quiet still says why the exit status is 2');
  });
  test('JSON: "incomplete" lists the files and whether they were accepted; absent when none', () => {
    assert.deepEqual(buildJsonReport([limited], '/w', { incomplete: ['/w/t.yaml'] }).incomplete, { files: ['t.yaml'], allowed: false });
    assert.deepEqual(buildJsonReport([limited], '/w', { incomplete: ['/w/t.yaml'], allowIncomplete: true }).incomplete, { files: ['t.yaml'], allowed: true });
    assert.equal('incomplete' in buildJsonReport([{ ...limited, notices: [] }], '/w', { incomplete: [] }), false);
  });
  test('SARIF: the run is not successful and the limit is an error notification, unless accepted', () => {
    const inv = (allowIncomplete: boolean) => buildSarif([limited], '/w', { version: '0.0.0', rules: [], incomplete: ['/w/t.yaml'], allowIncomplete }).runs[0].invocations![0];
    assert.equal(inv(false).executionSuccessful, false);
    assert.deepEqual(inv(false).toolExecutionNotifications!.map((n) => [n.level, n.descriptor?.id]), [['error', 'limit']]);
    assert.equal(inv(true).executionSuccessful, true);
    assert.deepEqual(inv(true).toolExecutionNotifications!.map((n) => [n.level, n.descriptor?.id]), [['warning', 'limit']]);
    const failed = { ...limited, notices: [{ file: '/w/t.yaml', kind: 'internal' as const, message: 'boom' }] };
    assert.equal(buildSarif([failed], '/w', { version: '0.0.0', rules: [] }).runs[0].invocations![0].executionSuccessful, false, 'an internal error is not a successful run either');
  });
  test('with --allow-incomplete: counted among the files analysed, and the acceptance is said', () => {
    const text = formatText([limited], '/w', { color: false, reportClean: true, incomplete: 1, allowIncomplete: true });
    assert.match(text, /✔ No problems found \(1 file analysed\)/);
    assert.match(text, /1 file not fully analysed: stopped by a limit \(see its note\); accepted by --allow-incomplete/);
  });
});
