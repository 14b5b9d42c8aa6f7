/**
 * End to end: spawns the bundled CLI (`node dist/cli.js`, built by `node scripts/build.mjs`) on
 * temporary directories and on samples/. Finding counts are never hard-coded: the rule examples of
 * the registry provide the files that must (and must not) give findings, so the tests grow with
 * the rules.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { allRules, type Rule } from '../engine/index';
import { assertContract, cleanup, repoRoot, tempDir, writeTree, type ContractFinding } from './cli-support';

const repo = repoRoot();
const cli = path.join(repo, 'dist', 'cli.js');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function awsdp(args: string[], cwd: string, env: Record<string, string> = {}): Run {
  // Checked in every test (a failing before() hook is not counted as a failed test).
  assert.ok(fs.existsSync(cli), `${cli} is missing: run node scripts/build.mjs before the tests`);
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '', ...env }, timeout: 60_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json(r: Run): ContractFinding[] {
  let doc: unknown;
  assert.doesNotThrow(() => (doc = JSON.parse(r.stdout)), `stdout is JSON: ${r.stdout.slice(0, 200)} / stderr: ${r.stderr}`);
  return assertContract(doc);
}

const dirs: string[] = [];
after(() => dirs.forEach(cleanup));
function tree(files: Record<string, string>): string {
  const d = tempDir('awsdp-e2e-');
  dirs.push(d);
  writeTree(d, files);
  return d;
}

/** The first rule with an example, and `--rule X=off` for every other rule so that only it speaks. */
function exampleRule(): { rule: Rule; ex: Rule['meta']['examples'][number]; isolate: string[] } {
  const rule = allRules.find((r) => r.meta.examples.length > 0);
  assert.ok(rule, 'the registry (server/src/engine/rules/index.ts) has at least one rule with an example');
  const isolate = allRules.filter((r) => r !== rule).flatMap((r) => ['--rule', `${r.meta.id}=off`]);
  return { rule, ex: rule.meta.examples[0], isolate };
}

describe('awsdp CLI end to end', () => {
  test('--version, --help, rules', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as { version: string };
    const v = awsdp(['--version'], repo);
    assert.deepEqual([v.status, v.stdout], [0, `${pkg.version}\n`]);
    const h = awsdp(['--help'], repo);
    assert.equal(h.status, 0);
    assert.match(h.stdout, /awsdp scan/);
    const r = awsdp(['rules', '--format', 'json'], repo);
    assert.equal(r.status, 0);
    const listed = (JSON.parse(r.stdout) as { rules: { id: string }[] }).rules.map((x) => x.id);
    assert.deepEqual(listed, allRules.map((x) => x.meta.id));
  });

  test('empty directory: exit 0, empty JSON report, text says clean', () => {
    const d = tree({ 'README.md': '# nothing here\n' });
    const j = awsdp(['scan', '.', '--format', 'json'], d);
    assert.deepEqual([j.status, j.stdout, j.stderr], [0, '{"version":1,"findings":[]}\n', '']);
    const t = awsdp(['scan'], d);
    assert.equal(t.status, 0);
    assert.match(t.stdout, /No problems found/);
  });

  test('usage errors: exit 2 and one line pointing at --help', () => {
    const d = tree({});
    for (const args of [['scan', '--bogus'], ['scan', '--format', 'xml'], ['scan', '--fail-on', 'sometimes'], ['scan', '--format'], ['lint', '.']]) {
      const r = awsdp(args, d);
      assert.equal(r.status, 2, args.join(' '));
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^awsdp: [^\n]*awsdp --help[^\n]*\n$/, r.stderr);
    }
  });

  test('invalid configuration: exit 2 with the one-line config error', () => {
    const d = tree({ '.awsdp.yaml': 'rules:\n  DP201: loud\n', 'a.tf': '' });
    const r = awsdp(['scan', '.'], d);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^awsdp: \.awsdp\.yaml: [^\n]+\n$/);
    const missing = awsdp(['scan', '.', '--config', 'nope.yaml'], d);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /^awsdp: cannot read config nope\.yaml: no such file or directory\n$/);
  });

  test('sensitive-data patterns of the config file: RE2 (dist/cli-patterns.js) loads in the main thread and in worker threads', () => {
    const config = 'sensitiveData:\n  patterns:\n    - {name: an employee id, pattern: "EMP-[0-9]{6}"}\n';
    const tf = (i: number) => `resource "aws_s3_bucket" "b${i}" {\n  bucket = "orders"\n  tags = { Owner = "EMP-12345${i % 10}" }\n}\n`;
    // 41 modules: batches for both workers when AWSDP_WORKERS=2 (each worker compiles the pattern itself).
    const files: Record<string, string> = { '.awsdp.yaml': config };
    for (let i = 0; i < 41; i++) files[`m${i}/main.tf`] = tf(i);
    const d = tree(files);
    for (const workers of ['0', '2']) {
      const r = awsdp(['scan', '.', '--format', 'json', '--rule', 'DP204=off'], d, { AWSDP_WORKERS: workers });
      const found = json(r).filter((f) => f.ruleId === 'DP501' && /holds an employee id/.test(f.message));
      assert.equal(found.length, 41, `one DP501 finding per module (AWSDP_WORKERS=${workers}); stderr: ${r.stderr}`);
    }
    const bad = tree({ '.awsdp.yaml': 'sensitiveData:\n  patterns:\n    - {name: bad, pattern: "(a)\\\\1"}\n', 'a.tf': '' });
    const r = awsdp(['scan', '.'], bad);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^awsdp: \.awsdp\.yaml: sensitiveData\.patterns\[0\] \(bad\): not a valid RE2 pattern: [^\n]+\n$/);
  });

  test('a rule example: exit codes follow --fail-on and --rule; paths are relative to the scanned root', () => {
    const { rule, ex, isolate } = exampleRule();
    const id = rule.meta.id;
    const d = tree({ [`infra/${ex.fileName}`]: ex.bad, [`clean/${ex.fileName}`]: ex.good });
    const scan = (...args: string[]) => awsdp(['scan', 'infra', ...isolate, ...args], d);

    const asError = scan('--format', 'json', '--rule', `${id}=error`);
    assert.equal(asError.status, 1, asError.stderr);
    const findings = json(asError);
    assert.ok(findings.length > 0 && findings.every((f) => f.ruleId === id), `only ${id} findings`);
    assert.ok(
      findings.every((f) => f.file === ex.fileName),
      'file is relative to the scanned root (infra/)',
    );
    assert.equal(findings[0].category, rule.meta.category);
    assert.equal(findings[0].docsUrl, `https://github.com/awsdp/aws-data-protection/blob/main/docs/rules/${id}.md`);

    assert.equal(scan('--rule', `${id}=warning`).status, 0, 'warning < fail-on error');
    assert.equal(scan('--rule', `${id}=warning`, '--fail-on', 'warning').status, 1);
    assert.equal(scan('--rule', `${id}=info`, '--fail-on', 'warning').status, 0);
    assert.equal(scan('--rule', `${id}=info`, '--fail-on', 'info').status, 1);
    assert.equal(scan('--rule', `${id}=error`, '--fail-on', 'none').status, 0);
    const off = scan('--rule', `${id}=off`, '--format', 'json');
    assert.deepEqual([off.status, json(off).length], [0, 0]);

    const good = awsdp(['scan', 'clean', ...isolate, '--format', 'json', '--fail-on', 'info'], d);
    assert.equal(good.status, 0);
    assert.deepEqual(json(good), []);

    // Scanning the parent: the path now includes infra/; the clean copy gives nothing.
    const parent = json(awsdp(['scan', '.', ...isolate, '--format', 'json'], d));
    assert.ok(parent.length === findings.length && parent.every((f) => f.file === `infra/${ex.fileName}`));
    // An explicit file: relative to the current directory.
    const explicit = json(awsdp(['scan', path.join('infra', ex.fileName), ...isolate, '--format', 'json'], d));
    assert.ok(explicit.every((f) => f.file === `infra/${ex.fileName}`) && explicit.length === findings.length);
  });

  test('the same findings in text, JSON and SARIF; --quiet; --color', () => {
    const { rule, ex, isolate } = exampleRule();
    const d = tree({ [`p/${ex.fileName}`]: ex.bad });
    const args = ['scan', '.', ...isolate, '--rule', `${rule.meta.id}=warning`];
    const findings = json(awsdp([...args, '--format', 'json'], d));
    assert.ok(findings.length > 0);

    const text = awsdp(args, d);
    assert.equal(text.status, 0);
    assert.ok(!text.stdout.includes('\x1b['), 'no colour when stdout is not a terminal');
    assert.ok(text.stdout.startsWith(`p/${ex.fileName}\n`));
    for (const f of findings) assert.ok(text.stdout.includes(`${f.line}:${f.column}`) && text.stdout.includes(rule.meta.id));
    assert.match(text.stdout, new RegExp(`✖ ${findings.length} problems? \\(0 errors, ${findings.length} warnings?, 0 infos\\)`));
    assert.ok(awsdp([...args, '--color'], d).stdout.includes('\x1b[33m'), '--color forces colour');
    assert.ok(!awsdp([...args, '--color', '--no-color'], d).stdout.includes('\x1b['));

    const quiet = awsdp([...args, '--quiet', '--format', 'json'], d);
    assert.deepEqual(json(quiet), [], '--quiet drops warnings');

    const s = awsdp([...args, '--format', 'sarif'], d);
    assert.equal(s.status, 0);
    const log = JSON.parse(s.stdout);
    assert.equal(log.version, '2.1.0');
    const run0 = log.runs[0];
    assert.deepEqual(
      run0.tool.driver.rules.map((r: { id: string }) => r.id),
      allRules.map((r) => r.meta.id),
    );
    assert.equal(run0.results.length, findings.length);
    for (const [i, r] of (run0.results as { ruleId: string; ruleIndex: number; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> } }[] }[]).entries()) {
      assert.equal(run0.tool.driver.rules[r.ruleIndex].id, r.ruleId);
      assert.equal(r.level, 'warning');
      const loc = r.locations[0].physicalLocation;
      assert.equal(decodeURIComponent(loc.artifactLocation.uri), findings[i].file);
      assert.deepEqual(loc.region, { startLine: findings[i].line, startColumn: findings[i].column, endLine: findings[i].endLine, endColumn: findings[i].endColumn });
    }
  });

  test('config: include/exclude relative to the root, ignore entries, .gitignore, --config', () => {
    const { rule, ex, isolate } = exampleRule();
    const id = rule.meta.id;
    const d = tree({
      [`keep/${ex.fileName}`]: ex.bad,
      [`vendor/${ex.fileName}`]: ex.bad,
      [`generated/${ex.fileName}`]: ex.bad,
      '.gitignore': 'generated/\n',
      '.awsdp.yaml': `exclude: ["vendor/**"]\n`,
      'alt.yaml': `ignore:\n  - files: "keep/**"\n    rules: [${id}]\n    reason: accepted for the test\n`,
    });
    const files = (args: string[]) => [...new Set(json(awsdp(['scan', '.', ...isolate, '--format', 'json', '--fail-on', 'none', ...args], d)).map((f) => f.file))];
    assert.deepEqual(files([]), [`keep/${ex.fileName}`], 'vendor/ excluded by the config, generated/ by .gitignore');
    // --config replaces .awsdp.yaml: vendor/ comes back, keep/ is suppressed.
    assert.deepEqual(files(['--config', 'alt.yaml']), [`vendor/${ex.fileName}`]);
    // Explicit files are always analysed.
    const explicit = json(awsdp(['scan', `generated/${ex.fileName}`, ...isolate, '--format', 'json'], d));
    assert.ok(explicit.length > 0);
  });

  test('unreadable input: reported on stderr, the scan goes on; exit 2 unless a finding reaches --fail-on', () => {
    const { rule, ex, isolate } = exampleRule();
    const d = tree({ [`bad/${ex.fileName}`]: ex.bad, 'empty/README.md': '' });
    const missing = awsdp(['scan', 'empty', 'missing.tf', '--format', 'json'], d);
    assert.equal(missing.status, 2);
    assert.equal(missing.stderr, 'awsdp: cannot read missing.tf: no such file or directory\n');
    const report = JSON.parse(missing.stdout);
    assert.deepEqual(report.findings, []);
    assert.deepEqual(report.notices, [{ file: '../missing.tf', kind: 'io-error', message: 'cannot read: no such file or directory' }]);

    const withFinding = awsdp(['scan', '.', 'missing.tf', ...isolate, '--rule', `${rule.meta.id}=error`, '--format', 'json'], d);
    assert.equal(withFinding.status, 1, 'the finding wins over the I/O error');
    assert.ok(json(withFinding).length > 0);
    assert.match(withFinding.stderr, /cannot read missing\.tf/);

    if (process.platform === 'linux' && fs.existsSync('/proc/self/mem')) {
      // A file that exists but whose read fails (EIO), even for root.
      const io = awsdp(['scan', 'empty', '/proc/self/mem'], d);
      assert.equal(io.status, 2);
      assert.match(io.stderr, /^awsdp: cannot read \/proc\/self\/mem: input\/output error\n$/);
    }
  });

  test('--output writes the report atomically and nothing to stdout', () => {
    const { ex, isolate } = exampleRule();
    const d = tree({ [`x/${ex.fileName}`]: ex.bad, 'out/.keep': '' });
    const r = awsdp(['scan', 'x', ...isolate, '--format', 'json', '--output', 'out/report.json', '--fail-on', 'none'], d);
    assert.deepEqual([r.status, r.stdout], [0, '']);
    const findings = assertContract(JSON.parse(fs.readFileSync(path.join(d, 'out', 'report.json'), 'utf8')));
    assert.ok(findings.length > 0);
    assert.deepEqual(fs.readdirSync(path.join(d, 'out')).sort(), ['.keep', 'report.json'], 'no temporary file left');
    const bad = awsdp(['scan', 'x', '--output', 'no/such/dir/r.json'], d);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /^awsdp: cannot write no\/such\/dir\/r\.json: no such file or directory\n$/);
  });

  test('samples/: the JSON report follows the contract and every finding points into an existing file and line', () => {
    const samples = path.join(repo, 'samples');
    assert.ok(fs.existsSync(samples), 'samples/ exists');
    const r = awsdp(['scan', 'samples', '--format', 'json', '--fail-on', 'none'], repo);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    const findings = json(r);
    const ids = new Set(allRules.map((x) => x.meta.id));
    for (const f of findings) {
      const file = path.join(samples, f.file);
      assert.ok(fs.existsSync(file), `${f.file} exists under samples/`);
      const lines = fs.readFileSync(file, 'utf8').split(/\r?\n|\r/);
      assert.ok(f.endLine <= lines.length, `${f.file}:${f.endLine} is inside the file`);
      assert.ok(f.column <= lines[f.line - 1].length + 1, `${f.file}:${f.line}:${f.column} is inside the line`);
      assert.ok(ids.has(f.ruleId), `${f.ruleId} is a registered rule`);
    }
    // Default --fail-on error: exit 1 exactly when an error is reported.
    const strict = awsdp(['scan', 'samples', '--format', 'json'], repo);
    assert.equal(strict.status, findings.some((f) => f.severity === 'error') ? 1 : 0);
    // Deterministic output.
    assert.equal(awsdp(['scan', 'samples', '--format', 'json', '--fail-on', 'none'], repo).stdout, r.stdout);
  });

  test('docs/rules/: one generated page per rule, the index links them all, and they are up to date', () => {
    const docs = path.join(repo, 'docs', 'rules');
    const index = fs.readFileSync(path.join(docs, 'README.md'), 'utf8');
    for (const { meta } of allRules) {
      const page = fs.readFileSync(path.join(docs, `${meta.id}.md`), 'utf8');
      assert.ok(page.includes(`# ${meta.id} — ${meta.name}\n`), `${meta.id}.md has its title`);
      assert.ok(index.includes(`[${meta.id}](${meta.id}.md)`), `README.md links ${meta.id}`);
    }
    const check = spawnSync(process.execPath, [path.join(repo, 'scripts', 'gen-docs.mjs'), '--check'], { cwd: repo, encoding: 'utf8' });
    assert.equal(check.status, 0, check.stderr);
  });
});
