/**
 * The pre-commit hook for real: Debian's `pre-commit` (apt-get install pre-commit) installs the hook
 * from a local copy of this repository's .pre-commit-hooks.yaml into a temporary git repository, and
 * a commit that adds a violation is blocked while a clean one goes through. The hook runs the
 * `awsdp` on the PATH (here: this checkout's bin/awsdp.js), offline — inside a network namespace
 * with no interfaces where `unshare` allows it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { cleanup, repoRoot, tempDir, writeTree } from './cli-support';

const repo = repoRoot();
const dirs: string[] = [];
after(() => dirs.forEach(cleanup));

const GIT_ENV = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.test', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.test', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };

function noNetwork(): string[] | undefined {
  if (process.platform !== 'linux') return undefined;
  for (const args of [['-n'], ['-rn']]) {
    const r = spawnSync('unshare', [...args, 'true'], { encoding: 'utf8' });
    if (!r.error && r.status === 0) return args;
  }
  return undefined;
}

describe('.pre-commit-hooks.yaml', () => {
  test('the hook definition: awsdp on the staged files, one process, no install step', () => {
    const hooks = parseYaml(fs.readFileSync(path.join(repo, '.pre-commit-hooks.yaml'), 'utf8')) as Record<string, unknown>[];
    assert.ok(Array.isArray(hooks) && hooks.length >= 1);
    const h = hooks.find((x) => x.id === 'awsdp')!;
    assert.ok(h, 'a hook with id awsdp');
    for (const k of ['id', 'name', 'entry', 'language']) assert.equal(typeof h[k], 'string', `${k} is required by pre-commit`);
    assert.equal(h.language, 'system', 'runs the installed awsdp: nothing is downloaded when the hook runs');
    assert.match(h.entry as string, /^awsdp scan\b/);
    assert.equal(h.require_serial, true);
    const files = new RegExp(h.files as string);
    for (const f of ['main.tf', 'a/b.tf.json', 'policy.json', 'stack.yaml', 'stack.yml', 'x.template']) assert.ok(files.test(f), f);
    for (const f of ['README.md', 'main.py', 'tf']) assert.ok(!files.test(f), f);
  });

  test('pre-commit blocks a commit that adds a violation (temporary repository, real pre-commit)', (t) => {
    const which = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
    assert.ok(!which.error && which.status === 0, "Debian's pre-commit is needed for this test: apt-get install pre-commit (.ci/run installs it)");
    t.diagnostic(which.stdout.trim());
    assert.ok(fs.existsSync(path.join(repo, 'dist', 'cli.js')), 'run node scripts/build.mjs before the tests');

    const work = tempDir('awsdp-precommit-');
    dirs.push(work);
    const env = { ...process.env, ...GIT_ENV, PRE_COMMIT_HOME: path.join(work, 'cache'), NO_COLOR: '1', PRE_COMMIT_COLOR: 'never' } as Record<string, string>;
    // `awsdp` on the PATH, as `npm install -g aws-data-protection` puts it there.
    const binDir = path.join(work, 'bin');
    fs.mkdirSync(binDir);
    fs.writeFileSync(path.join(binDir, 'awsdp'), `#!/bin/sh\nexec "${process.execPath}" "${path.join(repo, 'bin', 'awsdp.js')}" "$@"\n`, { mode: 0o755 });
    env.PATH = `${binDir}${path.delimiter}${env.PATH}`;
    const unshare = noNetwork();
    if (!unshare) t.diagnostic('unshare is not allowed here: the commits ran with the network reachable');
    const run = (cmd: string, args: string[], cwd: string) => {
      const r = unshare ? spawnSync('unshare', [...unshare, cmd, ...args], { cwd, env, encoding: 'utf8', timeout: 180_000 }) : spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 180_000 });
      if (r.error) throw r.error;
      return r;
    };
    const ok = (cmd: string, args: string[], cwd: string) => {
      const r = run(cmd, args, cwd);
      assert.equal(r.status, 0, `${cmd} ${args.join(' ')}: ${r.stdout}\n${r.stderr}`);
      return r.stdout.trim();
    };

    // The hook repository: this checkout's hook definition, committed (pre-commit clones a rev).
    const hookRepo = path.join(work, 'hooks');
    fs.mkdirSync(hookRepo);
    fs.copyFileSync(path.join(repo, '.pre-commit-hooks.yaml'), path.join(hookRepo, '.pre-commit-hooks.yaml'));
    ok('git', ['init', '-q'], hookRepo);
    ok('git', ['add', '-A'], hookRepo);
    ok('git', ['commit', '-qm', 'hooks'], hookRepo);
    const rev = ok('git', ['rev-parse', 'HEAD'], hookRepo);

    // The project using the hook.
    const project = path.join(work, 'project');
    fs.mkdirSync(project);
    ok('git', ['init', '-q'], project);
    writeTree(project, {
      '.pre-commit-config.yaml': `repos:\n  - repo: ${hookRepo}\n    rev: ${rev}\n    hooks:\n      - id: awsdp\n`,
      'README.md': '# project\n',
      'stacks/good.yaml': fs.readFileSync(path.join(repo, 'samples/cloudformation/bucket-policy-tls-enforced.yaml'), 'utf8'),
    });
    ok('pre-commit', ['install'], project);
    ok('git', ['add', '-A'], project);
    const first = run('git', ['commit', '-m', 'clean infrastructure'], project);
    assert.equal(first.status, 0, `a clean commit goes through: ${first.stdout}\n${first.stderr}`);
    assert.match(first.stdout + first.stderr, /awsdp \(AWS data-protection linter\)\.+Passed/);
    const head = ok('git', ['rev-parse', 'HEAD'], project);

    // An untracked violation is not staged: it does not block a clean commit.
    writeTree(project, { 'scratch/wip.yaml': fs.readFileSync(path.join(repo, 'samples/cloudformation/bucket-policy-missing-tls.yaml'), 'utf8') });
    fs.appendFileSync(path.join(project, 'README.md'), 'more\n');
    ok('git', ['add', 'README.md'], project);
    const readme = run('git', ['commit', '-m', 'docs'], project);
    assert.equal(readme.status, 0, `${readme.stdout}\n${readme.stderr}`);
    fs.rmSync(path.join(project, 'scratch'), { recursive: true });

    // A commit adding a violation is blocked, with the finding in the hook's output.
    const before = ok('git', ['rev-parse', 'HEAD'], project);
    assert.notEqual(before, head);
    writeTree(project, { 'stacks/assets.yaml': fs.readFileSync(path.join(repo, 'samples/cloudformation/bucket-policy-missing-tls.yaml'), 'utf8') });
    ok('git', ['add', 'stacks/assets.yaml'], project);
    const blocked = run('git', ['commit', '-m', 'assets bucket'], project);
    const out = blocked.stdout + blocked.stderr;
    assert.notEqual(blocked.status, 0, `the commit is blocked: ${out}`);
    assert.match(out, /awsdp \(AWS data-protection linter\)\.+Failed/);
    assert.match(out, /^stacks\/assets\.yaml\n +\d+:\d+ +error /m);
    assert.match(out, /DP201/);
    assert.equal(ok('git', ['rev-parse', 'HEAD'], project), before, 'no commit was made');
    assert.match(ok('git', ['status', '--porcelain'], project), /^A {2}stacks\/assets\.yaml$/m, 'the file is still staged');
    ok('git', ['rm', '-q', '--cached', 'stacks/assets.yaml'], project);
    fs.rmSync(path.join(project, 'stacks/assets.yaml'));

    // A Terraform module: the bucket (main.tf) is committed clean-looking alone; the policy that lacks
    // TLS (policy.tf) is staged later, and its finding sits on the bucket in main.tf, a file not staged.
    // The hook analyses the module as a whole, so the commit is blocked all the same.
    const site = (f: string) => fs.readFileSync(path.join(repo, 'samples/terraform/s3-website', f), 'utf8');
    writeTree(project, { 'site/main.tf': site('main.tf'), 'site/variables.tf': site('variables.tf') });
    ok('git', ['add', 'site'], project);
    ok('git', ['commit', '-qm', 'site bucket', '--no-verify'], project);
    writeTree(project, { 'site/policy.tf': site('policy.tf') });
    ok('git', ['add', 'site/policy.tf'], project);
    const tf = run('git', ['commit', '-m', 'site policy'], project);
    const tfOut = tf.stdout + tf.stderr;
    assert.notEqual(tf.status, 0, `the module's violation blocks the commit: ${tfOut}`);
    assert.match(tfOut, /^site\/main\.tf\n +\d+:\d+ +error .*DP201/m);
  });
});
