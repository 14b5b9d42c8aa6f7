/**
 * The GitHub Action (action.yml). GitHub's runner cannot run here, so its structure is validated
 * (composite steps, every input declared and used, inputs reaching scripts only through the
 * environment, the SARIF upload and the final failure) and its own shell scripts are run with bash
 * the way the runner would: the scan step against samples/ with the `awsdp` of this checkout on the
 * PATH, writing $GITHUB_OUTPUT, then the failing step.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import type * as sarif from 'sarif';
import { parse as parseYaml } from 'yaml';
import { cleanup, repoRoot, tempDir } from './cli-support';

const repo = repoRoot();
const dirs: string[] = [];
after(() => dirs.forEach(cleanup));

interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}
interface Action {
  name: string;
  description: string;
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: Step[] };
}

/** How GitHub's runner starts a `shell: bash` step. */
const GITHUB_BASH = ['--noprofile', '--norc', '-eo', 'pipefail'];
const text = fs.readFileSync(path.join(repo, 'action.yml'), 'utf8');
const action = parseYaml(text) as Action;
const step = (id: string) => {
  const s = action.runs.steps.find((x) => x.id === id || x.name === id);
  assert.ok(s, `a step ${id}`);
  return s;
};

describe('action.yml (GitHub Action)', () => {
  test('a composite action: install, scan, upload SARIF, fail', () => {
    assert.equal(typeof action.name, 'string');
    assert.equal(typeof action.description, 'string');
    assert.equal(action.runs.using, 'composite');
    for (const s of action.runs.steps) {
      assert.ok(!!s.uses !== !!s.run, `step ${s.name}: either uses or run`);
      if (s.run) assert.equal(s.shell, 'bash', `step ${s.name}: composite run steps need a shell`);
      if (s.run) assert.doesNotMatch(s.run, /\$\{\{/, `step ${s.name}: inputs reach the script through env, never \${{ }} in the script`);
    }
    assert.match(step('Set up Node.js').uses!, /^actions\/setup-node@v\d+$/);
    assert.match(step('Install awsdp').run!, /npm install --global .*"aws-data-protection@\$\{AWSDP_VERSION\}"/);
    const upload = action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
    assert.ok(upload, 'the SARIF upload step');
    assert.match(upload.uses!, /@v3$/);
    assert.equal(upload.with?.sarif_file, '${{ inputs.sarif-file }}');
    assert.equal(upload.with?.category, '${{ inputs.category }}');
    assert.match(upload.if!, /always\(\)/, 'uploads even when the scan found problems');
    const order = action.runs.steps.map((s) => s.id ?? s.uses ?? s.name);
    assert.ok(order.indexOf('scan') < order.indexOf(upload.uses!), 'scan before upload');
    assert.equal(action.runs.steps.at(-1)!.name, 'Fail on findings', 'the job fails last, after the upload');
    assert.match(action.runs.steps.at(-1)!.if!, /steps\.scan\.outputs\.exit-code != '0'/);
  });

  test('inputs: paths, baseline, fail threshold and the rest are declared, documented and used', () => {
    for (const k of ['paths', 'baseline', 'fail-on', 'changed-since', 'sarif-file', 'upload-sarif', 'category', 'version']) {
      assert.ok(action.inputs[k], `input ${k}`);
      assert.ok(action.inputs[k].description.length > 10, `input ${k} is described`);
    }
    assert.equal(action.inputs['fail-on'].default, 'error');
    assert.equal(action.inputs.paths.default, '.');
    const used = new Set([...text.matchAll(/\$\{\{[^}]*?\binputs\.([a-z-]+)/g)].map((m) => m[1]));
    assert.deepEqual([...used].sort(), Object.keys(action.inputs).sort(), 'every input used, every use declared');
    for (const [k, o] of Object.entries(action.outputs)) assert.match(o.value, /^\$\{\{ steps\.scan\.outputs\.[a-z-]+ \}\}$/, `output ${k}`);
  });

  test("the scan step's script, run with bash: SARIF written, exit code in GITHUB_OUTPUT; baseline and threshold honoured", () => {
    assert.ok(fs.existsSync(path.join(repo, 'dist', 'cli.js')), 'run node scripts/build.mjs before the tests');
    const work = tempDir('awsdp-action-');
    dirs.push(work);
    fs.cpSync(path.join(repo, 'samples'), path.join(work, 'samples'), { recursive: true });
    const binDir = path.join(work, '.bin');
    fs.mkdirSync(binDir);
    fs.writeFileSync(path.join(binDir, 'awsdp'), `#!/bin/sh\nexec "${process.execPath}" "${path.join(repo, 'bin', 'awsdp.js')}" "$@"\n`, { mode: 0o755 });
    const scan = step('scan');
    const runScan = (inputs: Record<string, string>) => {
      const out = path.join(work, `output-${Math.random().toString(36).slice(2)}`);
      fs.writeFileSync(out, '');
      // The step's env with the inputs' defaults, then the ones given: what the runner would set.
      const env: Record<string, string> = { ...(process.env as Record<string, string>), PATH: `${binDir}${path.delimiter}${process.env.PATH}`, GITHUB_OUTPUT: out, NO_COLOR: '1' };
      for (const [k, v] of Object.entries(scan.env!)) {
        const name = /inputs\.([a-z-]+)/.exec(v)![1];
        env[k] = inputs[name] ?? action.inputs[name].default ?? '';
      }
      const r = spawnSync('bash', [...GITHUB_BASH, '-c', scan.run!], { cwd: work, env, encoding: 'utf8', timeout: 120_000 });
      assert.equal(r.status, 0, `the scan step itself succeeds (the job fails later): ${r.stderr}`);
      return Object.fromEntries(
        fs
          .readFileSync(out, 'utf8')
          .trim()
          .split('\n')
          .map((l) => l.split('=', 2) as [string, string]),
      );
    };

    const first = runScan({ paths: 'samples/cloudformation\nsamples/terraform  samples/iam' });
    assert.deepEqual(first, { 'exit-code': '1', 'sarif-file': 'awsdp.sarif' });
    const log = JSON.parse(fs.readFileSync(path.join(work, 'awsdp.sarif'), 'utf8')) as sarif.Log;
    const uris = new Set(log.runs[0].results!.map((r) => r.locations![0].physicalLocation!.artifactLocation!.uri!.split('/')[0]));
    assert.deepEqual([...uris], ['samples'], 'paths relative to the repository root (--root .), not to the first path');
    assert.equal(new Set(log.runs[0].results!.map((r) => r.locations![0].physicalLocation!.artifactLocation!.uri!.split('/')[1])).size, 3, 'the three directories scanned');

    assert.deepEqual(runScan({ paths: 'samples', 'fail-on': 'none', 'sarif-file': 'out.sarif' }), { 'exit-code': '0', 'sarif-file': 'out.sarif' });
    // A baseline of today's findings, written with the same root as the action (the repository root): nothing new, exit 0.
    const w = spawnSync(process.execPath, [path.join(repo, 'bin', 'awsdp.js'), 'scan', 'samples', '--root', '.', '--write-baseline', 'baseline.json', '--no-progress'], { cwd: work, encoding: 'utf8' });
    assert.equal(w.status, 0, w.stderr);
    assert.equal(runScan({ paths: 'samples', baseline: 'baseline.json' })['exit-code'], '0');
    // A missing baseline is an error (2), not a pass.
    assert.equal(runScan({ paths: 'samples', baseline: 'missing.json' })['exit-code'], '2');
    // A file a limit stopped (over 10 MB): analysis incomplete, 2; allow-incomplete accepts it.
    fs.mkdirSync(path.join(work, 'big'));
    fs.writeFileSync(path.join(work, 'big', 'huge.json'), `{"Version": "2012-10-17", "Statement": [], "pad": "${'x'.repeat(10 * 1024 * 1024 + 10)}"}`);
    assert.equal(runScan({ paths: 'big', 'fail-on': 'none' })['exit-code'], '2');
    assert.equal(runScan({ paths: 'big', 'fail-on': 'none', 'allow-incomplete': 'true' })['exit-code'], '0');

    const fail = step('Fail on findings');
    const failWith = (code: string) => spawnSync('bash', [...GITHUB_BASH, '-c', fail.run!], { env: { ...process.env, CODE: code, INPUT_FAIL_ON: 'error' }, encoding: 'utf8' });
    const f1 = failWith('1');
    assert.equal(f1.status, 1);
    assert.match(f1.stdout, /^::error::awsdp: findings at or above 'error'/);
    const f2 = failWith('2');
    assert.equal(f2.status, 2);
    assert.match(f2.stdout, /could not complete the scan \(exit status 2\)/);
  });
});
