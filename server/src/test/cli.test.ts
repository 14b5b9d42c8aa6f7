/**
 * CLI units: the report formatters (JSON contract, SARIF, text), the rule listing and docs pages,
 * argument parsing and the in-process run() for usage errors. Findings are hand-built, so these
 * tests do not depend on which rules exist.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { parseCommandLine, UsageError, type Command } from '../cli/args';
import { buildJsonReport, formatJson } from '../cli/format-json';
import { formatRulesJson, formatRulesMarkdown, formatRulesText } from '../cli/format-rules';
import { buildSarif, formatSarif, toUri } from '../cli/format-sarif';
import { formatText } from '../cli/format-text';
import { Progress } from '../cli/progress';
import { collectFindings, relativePath, toLocation } from '../cli/report';
import { batchFiles, CHUNK, codeBlock, defaultConfig, fenceLanguage, renderRulePage, renderRulesIndex } from '../engine/index';
import { applyOverrides, errorsOnly, exitCode, run, type CliIo } from '../cli/run';
import { assertContract, mkFinding, mkMeta, mkResult, ROOT } from './cli-support';

const f = (rel: string) => path.join(ROOT, ...rel.split('/'));

/** Two files given out of order, findings out of order, a notice, a suppressed count. */
function sampleResults() {
  return [
    mkResult(f('b/two.yaml'), [
      mkFinding({ file: f('b/two.yaml'), ruleId: 'DP301', severity: 'warning', category: 'tls-version', start: [9, 2], end: [9, 20] }),
      mkFinding({ file: f('b/two.yaml'), ruleId: 'DP201', start: [2, 4], end: [2, 5] }),
    ]),
    mkResult(
      f('a/one.json'),
      [
        mkFinding({ file: f('a/one.json'), ruleId: 'DP201', start: [0, 0], end: [3, 1], fixes: [{ title: 'Add a Deny', applicability: 'unsafe', edits: [{ span: { start: 10, end: 10 }, newText: 'X' }] }] }),
        mkFinding({ file: f('a/one.json'), ruleId: 'DP101', severity: 'info', category: 'mfa', start: [0, 0], end: [0, 7] }),
      ],
      [{ file: f('a/one.json'), kind: 'parse-error', message: 'Unexpected token', range: { start: { line: 4, character: 0 }, end: { line: 4, character: 1 } } }],
      2,
    ),
    { file: f('ignored.yaml'), findings: [], notices: [], suppressed: 0 },
  ];
}

describe('report basics', () => {
  test('relative paths are /-separated and keep ../ outside the root', () => {
    assert.equal(relativePath(ROOT, f('cases/kics/x/positive1.tf')), 'cases/kics/x/positive1.tf');
    assert.equal(relativePath(f('cases'), f('other/y.tf')), '../other/y.tf');
  });

  test('LSP range to 1-based location: end column is just after the last character', () => {
    // One character at 0-based (4, 4): column 5, endColumn 6.
    assert.deepEqual(toLocation({ start: { line: 4, character: 4 }, end: { line: 4, character: 5 } }), { line: 5, column: 5, endLine: 5, endColumn: 6 });
  });

  test('findings are ordered by file, line, column, rule id', () => {
    const order = collectFindings(sampleResults(), ROOT).map((x) => `${x.file}:${x.line}:${x.column}:${x.finding.ruleId}`);
    assert.deepEqual(order, ['a/one.json:1:1:DP101', 'a/one.json:1:1:DP201', 'b/two.yaml:3:5:DP201', 'b/two.yaml:10:3:DP301']);
  });
});

describe('JSON formatter (corpus findings contract)', () => {
  test('an empty scan is exactly {"version":1,"findings":[]}', () => {
    assert.equal(formatJson([], ROOT), '{"version":1,"findings":[]}\n');
    assert.equal(formatJson([mkResult(f('clean.yaml'))], ROOT), '{"version":1,"findings":[]}\n');
  });

  test('fields, 1-based positions, relative paths, order', () => {
    const text = formatJson(sampleResults(), ROOT);
    const doc = JSON.parse(text);
    const findings = assertContract(doc);
    assert.deepEqual(findings[2], {
      file: 'b/two.yaml',
      ruleId: 'DP201',
      ruleName: 'name-of-dp201',
      category: 'secure-transport',
      severity: 'error',
      line: 3,
      column: 5,
      endLine: 3,
      endColumn: 6,
      message: 'message of DP201',
      docsUrl: 'https://example.test/docs/DP201.md',
      fixes: [],
    });
    assert.deepEqual(findings[1].fixes, ['Add a Deny']);
    assert.deepEqual([findings[1].endLine, findings[1].endColumn], [4, 2]);
    // Contract keys come first, in the documented order.
    assert.deepEqual(Object.keys(findings[0]).slice(0, 10), ['file', 'ruleId', 'ruleName', 'category', 'severity', 'line', 'column', 'endLine', 'endColumn', 'message']);
    assert.deepEqual(doc.notices, [{ file: 'a/one.json', kind: 'parse-error', message: 'Unexpected token', line: 5, column: 1, endLine: 5, endColumn: 2 }]);
    // One finding per line, and byte-identical on a second run.
    assert.equal(text.split('\n').length, 4 + 1 + 1 + 2 + 1);
    assert.equal(formatJson(sampleResults().reverse(), ROOT), text);
  });

  test('unreadable files are listed as io-error notices', () => {
    const doc = buildJsonReport([], ROOT, { ioErrors: [{ file: f('x/locked.tf'), reason: 'permission denied' }] });
    assert.deepEqual(doc.notices, [{ file: 'x/locked.tf', kind: 'io-error', message: 'cannot read: permission denied' }]);
  });

  test('Windows-style separators never leak: the root relative path uses /', () => {
    const doc = buildJsonReport([mkResult(f('deep/er/x.tf'), [mkFinding({ file: f('deep/er/x.tf'), start: [0, 0], end: [0, 1] })])], ROOT);
    assert.equal(doc.findings[0].file, 'deep/er/x.tf');
  });
});

describe('SARIF formatter', () => {
  const rules = [mkMeta({ id: 'DP101', category: 'mfa', defaultSeverity: 'warning', fix: 'safe' }), mkMeta({ id: 'DP201' }), mkMeta({ id: 'DP301', defaultSeverity: 'info', category: 'tls-version' })];
  const log = buildSarif(sampleResults(), ROOT, { version: '9.8.7', rules });
  const run0 = log.runs[0];

  test('header and tool driver', () => {
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema ?? '', /sarif-2\.1\.0/);
    const d = run0.tool.driver;
    assert.equal(d.name, 'awsdp');
    assert.equal(d.version, '9.8.7');
    assert.match(d.informationUri ?? '', /^https:\/\//);
    assert.equal(run0.columnKind, 'utf16CodeUnits');
    assert.equal(run0.originalUriBaseIds?.['%SRCROOT%']?.uri, `${pathToFileURL(ROOT).href}/`);
  });

  test('the full rule catalogue, fired or not', () => {
    const d = run0.tool.driver;
    assert.deepEqual(
      d.rules?.map((r) => r.id),
      ['DP101', 'DP201', 'DP301'],
    );
    const r0 = d.rules![0];
    assert.equal(r0.name, 'name-of-dp101');
    assert.equal(r0.shortDescription?.text, 'Summary of DP101.');
    assert.ok(r0.fullDescription?.text && !r0.fullDescription.text.includes('**'), 'plain-text full description');
    assert.equal(r0.helpUri, 'https://github.com/awsdp/aws-data-protection/blob/main/docs/rules/DP101.md');
    assert.equal(r0.defaultConfiguration?.level, 'warning');
    assert.equal(d.rules![2].defaultConfiguration?.level, 'note');
    assert.equal(r0.properties?.category, 'mfa');
    assert.ok(Array.isArray(r0.properties?.tags) && r0.properties.tags.includes('mfa'));
  });

  test('results: ruleIndex, level, message, relative location, 1-based region', () => {
    const res = run0.results!;
    assert.equal(res.length, 4);
    const [first, , third, fourth] = res;
    assert.equal(first.ruleId, 'DP101');
    assert.equal(first.ruleIndex, 0);
    assert.equal(first.level, 'note');
    assert.equal(third.ruleId, 'DP201');
    assert.equal(third.ruleIndex, 1);
    assert.equal(third.level, 'error');
    assert.equal(third.message.text, 'message of DP201');
    assert.equal(fourth.level, 'warning');
    const loc = third.locations![0].physicalLocation!;
    assert.deepEqual(loc.artifactLocation, { uri: 'b/two.yaml', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(loc.region, { startLine: 3, startColumn: 5, endLine: 3, endColumn: 6 });
  });

  test('fixes become SARIF fixes with offset regions', () => {
    const withFix = run0.results!.find((r) => r.fixes)!;
    assert.equal(withFix.fixes![0].description?.text, 'Add a Deny');
    const change = withFix.fixes![0].artifactChanges[0];
    assert.equal(change.artifactLocation.uri, 'a/one.json');
    assert.deepEqual(change.replacements[0], { deletedRegion: { charOffset: 10, charLength: 0 }, insertedContent: { text: 'X' } });
  });

  test('notices and unreadable files are tool notifications; unknown rule ids have no ruleIndex', () => {
    const r = buildSarif([mkResult(f('z.yaml'), [mkFinding({ file: f('z.yaml'), ruleId: 'DP999', start: [0, 0], end: [0, 1] })])], ROOT, {
      version: '1',
      rules,
      ioErrors: [{ file: f('locked.tf'), reason: 'permission denied' }],
    }).runs[0];
    assert.equal(r.results![0].ruleIndex, undefined);
    assert.equal(r.invocations![0].executionSuccessful, false);
    assert.equal(r.invocations![0].toolExecutionNotifications![0].message.text, 'cannot read: permission denied');
    const ok = buildSarif(sampleResults(), ROOT, { version: '1', rules }).runs[0].invocations![0];
    assert.equal(ok.executionSuccessful, true);
    assert.equal(ok.toolExecutionNotifications![0].message.text, 'Unexpected token');
  });

  test('plain-text descriptions keep policy syntax', () => {
    const r = buildSarif([], ROOT, { version: '1', rules: [mkMeta({ id: 'DP1', description: 'Use `s3:*` on **every** `aws_s3_bucket` resource.' })] });
    assert.equal(r.runs[0].tool.driver.rules![0].fullDescription?.text, 'Use s3:* on every aws_s3_bucket resource.');
  });

  test('URIs are percent-encoded per segment; the text output is valid JSON', () => {
    assert.equal(toUri('my dir/a#b.tf'), 'my%20dir/a%23b.tf');
    assert.equal(toUri('../x.tf'), '../x.tf');
    assert.doesNotThrow(() => JSON.parse(formatSarif([], ROOT, { version: '1', rules: [] })));
  });
});

describe('text formatter', () => {
  const strip = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

  test('grouped by file, aligned columns, notes, summary', () => {
    const out = formatText(sampleResults(), ROOT);
    assert.equal(
      out,
      [
        'a/one.json',
        '  1:1  info   message of DP101  DP101',
        '  1:1  error  message of DP201  DP201',
        '  5:1  note   Unexpected token  parse-error',
        '',
        'b/two.yaml',
        '   3:5  error    message of DP201  DP201',
        '  10:3  warning  message of DP301  DP301',
        '',
        '✖ 4 problems (2 errors, 1 warning, 1 info)',
        '  1 note, 2 suppressed',
        '',
      ].join('\n'),
    );
  });

  test('no colour unless asked; colour codes do not change the text', () => {
    const plain = formatText(sampleResults(), ROOT);
    assert.ok(!plain.includes('\x1b['));
    const coloured = formatText(sampleResults(), ROOT, { color: true });
    assert.ok(coloured.includes('\x1b[31m'), 'errors in red');
    assert.equal(strip(coloured), plain);
  });

  test('a clean scan says so, unless quiet; messages are kept on one line', () => {
    assert.equal(formatText([mkResult(f('a.yaml'))], ROOT), '✔ No problems found (1 file analysed)\n');
    assert.equal(formatText([mkResult(f('a.yaml'))], ROOT, { reportClean: false }), '');
    const multi = formatText([mkResult(f('a.yaml'), [mkFinding({ file: f('a.yaml'), start: [0, 0], end: [0, 1], message: 'first\n  second' })])], ROOT);
    assert.match(multi, /1:1 {2}error {2}first second {2}DP201/);
  });
});

describe('exit status and --quiet', () => {
  const results = sampleResults(); // 2 errors, 1 warning, 1 info
  const warnOnly = [mkResult(f('w.yaml'), [mkFinding({ file: f('w.yaml'), severity: 'warning', start: [0, 0], end: [0, 1] })])];
  test('--fail-on thresholds', () => {
    assert.equal(exitCode(results, 0, 'error'), 1);
    assert.equal(exitCode(warnOnly, 0, 'error'), 0);
    assert.equal(exitCode(warnOnly, 0, 'warning'), 1);
    assert.equal(exitCode(warnOnly, 0, 'info'), 1);
    assert.equal(exitCode(results, 0, 'none'), 0);
    assert.equal(exitCode([], 0, 'info'), 0);
  });
  test('an unreadable file gives 2 unless a finding reaches the threshold', () => {
    assert.equal(exitCode(warnOnly, 1, 'error'), 2);
    assert.equal(exitCode(results, 1, 'error'), 1);
    assert.equal(exitCode(results, 1, 'none'), 2);
  });
  test('--quiet keeps errors only and drops notices', () => {
    const q = errorsOnly(results);
    assert.deepEqual(
      q.flatMap((r) => r.findings.map((x) => x.severity)),
      ['error', 'error'],
    );
    assert.equal(
      q.reduce((n, r) => n + r.notices.length, 0),
      0,
    );
  });
  test('--rule overrides go over the config, keyed by id', () => {
    const cfg = { ...defaultConfig(), rules: { 'bucket-policy-without-secure-transport-deny': 'warning' as const } };
    const rules = [{ meta: mkMeta({ id: 'DP201', name: 'bucket-policy-without-secure-transport-deny' }), check() {} }];
    assert.deepEqual(applyOverrides(cfg, { DP201: 'off' }, rules).rules, { DP201: 'off' });
    assert.deepEqual(cfg.rules, { 'bucket-policy-without-secure-transport-deny': 'warning' }, 'config not mutated');
  });
});

describe('batching', () => {
  test('Terraform files of a directory stay together; other files are chunked; directories apart', () => {
    const others = Array.from({ length: CHUNK + 5 }, (_, i) => `/r/a/p${i}.json`);
    const batches = batchFiles(['/r/a/main.tf', ...others, '/r/a/vars.tf', '/r/a/x.tf.json', '/r/b/main.tf']);
    assert.deepEqual(batches[0], ['/r/a/main.tf', '/r/a/vars.tf', '/r/a/x.tf.json']);
    assert.equal(batches[1].length, CHUNK);
    assert.equal(batches[2].length, 5);
    assert.deepEqual(batches[3], ['/r/b/main.tf']);
  });
});

describe('progress line', () => {
  test('only on a terminal, only for long scans, erased at the end', () => {
    let clock = 0;
    const out: string[] = [];
    const tty = { isTTY: true, write: (s: string) => out.push(s) };
    const p = new Progress(tty, true, () => clock);
    p.update(10, 50);
    assert.equal(out.length, 0, 'short scan: nothing yet');
    clock = 1500;
    p.update(20, 50);
    assert.equal(out.length, 1);
    assert.match(out[0], /20\/50/);
    p.end();
    assert.equal(out[1], '\r\x1b[2K');
    const pipe: string[] = [];
    const q = new Progress({ isTTY: false, write: (s: string) => pipe.push(s) }, true, () => 5000);
    q.update(500, 500);
    q.end();
    assert.deepEqual(pipe, []);
    const big: string[] = [];
    new Progress({ isTTY: true, write: (s: string) => big.push(s) }, true, () => 0).update(1, 201);
    assert.equal(big.length, 1, 'more than 200 files: shown at once');
  });
});

describe('rule listing and docs', () => {
  const metas = [
    mkMeta({ id: 'DP101', category: 'mfa', fix: 'safe', formats: ['terraform', 'iam-json'] }),
    mkMeta({
      id: 'DP201',
      summary: 'A | pipe.',
      examples: [
        { title: 'YAML template', format: 'cloudformation', fileName: 'template.yaml', bad: 'Resources: {}\n# ``` inside\n', good: 'Resources: {}\n' },
        { title: 'Terraform', format: 'terraform', fileName: 'main.tf', bad: 'resource "x" "y" {}\n', good: 'resource "x" "z" {}\n' },
      ],
    }),
  ];

  test('awsdp rules: text, json, markdown', () => {
    const text = formatRulesText(metas);
    assert.match(text.split('\n')[0], /^ID\s+NAME\s+CATEGORY\s+SEVERITY\s+FIX\s+SUMMARY$/);
    assert.match(text, /DP101\s+name-of-dp101\s+mfa\s+error\s+safe\s+Summary of DP101\./);
    const json = JSON.parse(formatRulesJson(metas));
    assert.deepEqual(Object.keys(json.rules[0]), ['id', 'name', 'category', 'severity', 'fix', 'formats', 'summary', 'docsUrl']);
    const md = formatRulesMarkdown(metas);
    assert.match(md, /\| \[DP201\]\(https:\/\/.*DP201\.md\) \|/);
    assert.ok(md.includes('A \\| pipe.'), 'pipes escaped in table cells');
  });

  test('rule page: title, metadata table, examples in the right language, suppression', () => {
    const page = renderRulePage(metas[1]);
    assert.ok(page.startsWith('<!-- Generated'));
    assert.match(page, /^# DP201 — name-of-dp201$/m);
    assert.match(page, /\| Default severity \| error \|/);
    assert.match(page, /\| Fix \| No \|/);
    assert.ok(page.includes('````yaml\nResources: {}\n# ``` inside\n````'), 'fence longer than the backticks inside');
    assert.ok(page.includes('```hcl\nresource "x" "y" {}\n```'));
    assert.ok(page.includes('# awsdp-ignore DP201: <reason>'));
    assert.ok(page.includes('"ignore": [{ "rule": "DP201", "reason": "<reason>" }]'), 'CloudFormation Metadata form');
    assert.ok(page.includes('rules: [DP201]'), '.awsdp.yaml ignore entry');
    const iamOnly = renderRulePage(mkMeta({ id: 'DP501', formats: ['iam-json'] }));
    assert.ok(!iamOnly.includes('awsdp-ignore DP501'), 'no comment form for JSON-only rules');
    assert.ok(iamOnly.includes('IAM policy JSON, or any file'));
  });

  test('index groups by category and links pages relatively', () => {
    const index = renderRulesIndex(metas);
    assert.match(index, /## Multi-factor authentication — `mfa`/);
    assert.ok(index.includes('[DP101](DP101.md)'));
    assert.ok(index.indexOf('DP101') < index.indexOf('DP201'));
    assert.match(renderRulesIndex([]), /No rules are registered yet/);
  });

  test('fence languages', () => {
    assert.equal(fenceLanguage('main.tf', 'terraform'), 'hcl');
    assert.equal(fenceLanguage('main.tf.json', 'terraform-json'), 'json');
    assert.equal(fenceLanguage('t.yml', 'cloudformation'), 'yaml');
    assert.equal(fenceLanguage('stack.template', 'cloudformation', '{"Resources":{}}'), 'json');
    assert.equal(fenceLanguage('stack.template', 'cloudformation', 'Resources: {}'), 'yaml');
    assert.equal(codeBlock('x\n\n', 'json'), '```json\nx\n```');
  });
});

describe('argument parsing', () => {
  const scan = (argv: string[], known?: Set<string>) => {
    const c = parseCommandLine(argv, known);
    assert.equal(c.kind, 'scan');
    return (c as Extract<Command, { kind: 'scan' }>).options;
  };
  const usage = (argv: string[], re: RegExp, known?: Set<string>) => assert.throws(() => parseCommandLine(argv, known), (e: unknown) => e instanceof UsageError && re.test(e.message));

  test('scan defaults', () => {
    assert.deepEqual(scan(['scan']), { paths: ['.'], format: 'text', output: undefined, config: undefined, failOn: 'error', rules: {}, quiet: false, color: undefined, progress: true, baseline: undefined, writeBaseline: undefined, changedSince: undefined, root: undefined, allowIncomplete: false });
    assert.equal(scan(['scan', '--allow-incomplete']).allowIncomplete, true);
    const p = scan(['scan', '--baseline', 'b.json', '--write-baseline=n.json', '--changed-since', 'origin/main']);
    assert.deepEqual([p.baseline, p.writeBaseline, p.changedSince], ['b.json', 'n.json', 'origin/main']);
  });

  test('scan options, short forms, = values, paths after --', () => {
    const o = scan(['scan', 'a', '-f', 'json', '--output=r.json', '-c', 'cfg.yaml', '--fail-on', 'warning', '--rule', 'DP201=off', '--rule=DP301=info', '-q', 'b', '--no-color', '--', '-odd']);
    assert.deepEqual(o.paths, ['a', 'b', '-odd']);
    assert.equal(o.format, 'json');
    assert.equal(o.output, 'r.json');
    assert.equal(o.config, 'cfg.yaml');
    assert.equal(o.failOn, 'warning');
    assert.deepEqual(o.rules, { DP201: 'off', DP301: 'info' });
    assert.equal(o.quiet, true);
    assert.equal(o.color, false);
    assert.equal(scan(['scan', '--no-color', '--color']).color, true, 'last of --color/--no-color wins');
    assert.equal(scan(['--no-progress', 'scan']).progress, false, 'options may precede the command');
  });

  test('help, version, rules', () => {
    assert.deepEqual(parseCommandLine([]), { kind: 'help', topic: 'main' });
    assert.deepEqual(parseCommandLine(['--help']), { kind: 'help', topic: 'main' });
    assert.deepEqual(parseCommandLine(['scan', '--help']), { kind: 'help', topic: 'scan' });
    assert.deepEqual(parseCommandLine(['scan', '--bogus', '-h']), { kind: 'help', topic: 'scan' });
    assert.deepEqual(parseCommandLine(['help', 'rules']), { kind: 'help', topic: 'rules' });
    assert.deepEqual(parseCommandLine(['--version']), { kind: 'version' });
    assert.deepEqual(parseCommandLine(['-v']), { kind: 'version' });
    assert.deepEqual(parseCommandLine(['rules']), { kind: 'rules', format: 'text', output: undefined });
    assert.deepEqual(parseCommandLine(['rules', '--format', 'markdown']), { kind: 'rules', format: 'markdown', output: undefined });
  });

  test('usage errors', () => {
    usage(['scan', '--bogus'], /^unknown option '--bogus'$/);
    usage(['scan', '-x'], /unknown option '-x'/);
    usage(['scan', '--format', 'xml'], /invalid value 'xml' for --format \(expected text, json or sarif\)/);
    usage(['rules', '--format', 'sarif'], /expected text, json or markdown/);
    usage(['scan', '--fail-on', 'fatal'], /--fail-on/);
    usage(['scan', '--format'], /option '--format' needs a value/);
    usage(['scan', '--format', '--quiet'], /option '--format' needs a value/);
    usage(['scan', '--quiet=yes'], /takes no value/);
    usage(['scan', '--rule', 'DP201'], /expected RULE=error\|warning\|info\|off/);
    usage(['scan', '--rule', 'DP201=fatal'], /invalid value 'fatal' for --rule DP201/);
    usage(['scan', '--rule', 'DP999=off'], /unknown rule 'DP999'/, new Set(['DP201']));
    usage(['rules', '--fail-on', 'error'], /not valid for 'awsdp rules'/);
    usage(['rules', 'extra'], /takes no arguments/);
    usage(['lint'], /unknown command 'lint'/);
    usage(['./infra'], /unknown command '\.\/infra' \(to scan it: awsdp scan \.\/infra\)/);
    usage(['--format', 'json'], /needs a command/);
    usage(['help', 'nope'], /no help for 'nope'/);
  });
});

describe('run() in process', () => {
  function io(): CliIo & { out: string[]; err: string[] } {
    const out: string[] = [];
    const err: string[] = [];
    return {
      out,
      err,
      cwd: ROOT,
      env: {},
      stdout: { write: (s: string) => out.push(s) },
      stderr: { write: (s: string) => err.push(s) },
      createEngine: () => Promise.reject(new Error('the engine is not needed here')),
      rules: [],
    };
  }

  test('usage error: exit 2, one line on stderr with a hint, nothing on stdout', async () => {
    for (const argv of [['scan', '--bogus'], ['scan', '--format', 'xml'], ['scan', '--fail-on', 'x'], ['frobnicate']]) {
      const o = io();
      assert.equal(await run(argv, o), 2, argv.join(' '));
      assert.equal(o.out.join(''), '');
      const err = o.err.join('');
      assert.equal(err.split('\n').length, 2, `one line: ${err}`);
      assert.match(err, /^awsdp: .*Run 'awsdp --help' for usage\.\n$/);
    }
  });

  test('help and version go to stdout with exit 0', async () => {
    const h = io();
    assert.equal(await run(['scan', '--help'], h), 0);
    assert.match(h.out.join(''), /Usage: awsdp scan/);
    assert.match(h.out.join(''), /--fail-on/);
    const v = io();
    assert.equal(await run(['--version'], v), 0);
    assert.match(v.out.join(''), /^\d+\.\d+\.\d+\n$/);
  });

  test('a missing path: exit 2 with a one-line message', async () => {
    // A missing path gives nothing to analyse, so the engine is not started: exit 2 for the I/O error.
    const o = io();
    assert.equal(await run(['scan', path.join(ROOT, 'definitely-missing.tf')], o), 2);
    assert.match(o.err.join(''), /^awsdp: cannot read .*definitely-missing\.tf: no such file or directory\n$/);
  });
});
