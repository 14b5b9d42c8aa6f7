/**
 * `awsdp scan --changed-since REF` on a real git repository (dist/cli.js): the files changed since
 * the ref (committed, staged, unstaged, untracked) and the Terraform modules they belong to, and
 * nothing else; clear errors outside a repository and for an unknown ref.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { cleanup, repoRoot, tempDir, writeTree } from './cli-support';

const repo = repoRoot();
const cli = path.join(repo, 'dist', 'cli.js');
const samples = path.join(repo, 'samples');
const dirs: string[] = [];
after(() => dirs.forEach(cleanup));

const GIT_ENV = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.test', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.test', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };

function git(args: string[], cwd: string): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...GIT_ENV } });
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function awsdp(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  assert.ok(fs.existsSync(cli), `${cli} is missing: run node scripts/build.mjs before the tests`);
  const r = spawnSync(process.execPath, [cli, ...args, '--no-progress'], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
  if (r.error) throw r.error;
  return r;
}

function files(r: { stdout: string; stderr: string }): string[] {
  const doc = JSON.parse(r.stdout) as { findings: { file: string }[] };
  return [...new Set(doc.findings.map((f) => f.file))].sort();
}

const copy = (rel: string) => fs.readFileSync(path.join(samples, rel), 'utf8');

/** A repository with findings in every file, committed once (tag `base`). */
function repository(): string {
  const d = tempDir('awsdp-changed-');
  dirs.push(d);
  writeTree(d, {
    'site/main.tf': copy('terraform/s3-website/main.tf'),
    'site/policy.tf': copy('terraform/s3-website/policy.tf'),
    'site/variables.tf': copy('terraform/s3-website/variables.tf'),
    'logs/logs-bucket.tf': copy('terraform/logs-bucket.tf'),
    'stacks/assets.yaml': copy('cloudformation/bucket-policy-missing-tls.yaml'),
    'stacks/tls.yaml': copy('cloudformation/tls-dp301-policies.yaml'),
    'iam/reports.json': copy('iam/shared-reports-bucket-policy.json'),
    'legacy/old.yaml': copy('cloudformation/bucket-policy-missing-tls.yaml'),
    '.awsdp.yaml': 'exclude: ["legacy/**"]\n',
  });
  git(['init', '-q', '-b', 'main'], d);
  git(['add', '-A'], d);
  git(['commit', '-qm', 'base'], d);
  git(['tag', 'base'], d);
  return d;
}

describe('awsdp scan --changed-since (dist/cli.js)', () => {
  test('only changed files and the Terraform modules they belong to', () => {
    const d = repository();
    // Which files have findings depends on the rules; the changed-file scan must give exactly the
    // full scan's findings of the files in scope.
    const everything = files(awsdp(['scan', '.', '--format', 'json'], d));
    for (const f of ['iam/reports.json', 'logs/logs-bucket.tf', 'stacks/assets.yaml', 'stacks/tls.yaml']) assert.ok(everything.includes(f), `${f} has findings`);
    // The website module's bucket policy lacks TLS: a finding in one of its files, never in variables.tf.
    const siteFindings = everything.filter((f) => f.startsWith('site/'));
    assert.ok(siteFindings.length > 0 && !siteFindings.includes('site/variables.tf'), `site/ has findings outside variables.tf: ${siteFindings}`);
    assert.ok(!everything.includes('legacy/old.yaml'), 'excluded by .awsdp.yaml');
    const inScope = (allowed: string[], prefix = '') => everything.filter((f) => allowed.some((a) => f === a || f.startsWith(`${a}/`))).map((f) => f.slice(prefix.length));

    const none = awsdp(['scan', '--changed-since', 'base', '--format', 'json'], d);
    assert.equal(none.status, 0);
    assert.deepEqual(files(none), []);
    assert.match(none.stderr, /no file to scan changed since base/);

    // A committed change to site/variables.tf (no finding there): its module's other files are scanned with it.
    fs.appendFileSync(path.join(d, 'site/variables.tf'), '\n# a comment\n');
    git(['commit', '-qam', 'site'], d);
    // An unstaged change, a staged change, an untracked file, and a change in an excluded file.
    fs.appendFileSync(path.join(d, 'stacks/assets.yaml'), '\n# unstaged\n');
    fs.appendFileSync(path.join(d, 'iam/reports.json'), '\n');
    git(['add', 'iam/reports.json'], d);
    writeTree(d, { 'new/extra.yaml': copy('cloudformation/bucket-policy-missing-tls.yaml') });
    fs.appendFileSync(path.join(d, 'legacy/old.yaml'), '\n# excluded by .awsdp.yaml\n');
    const r = awsdp(['scan', '--changed-since', 'base', '--format', 'json'], d);
    assert.equal(r.status, 1, r.stderr);
    everything.push('new/extra.yaml');
    everything.sort();
    assert.deepEqual(files(r), inScope(['iam/reports.json', 'new/extra.yaml', 'site', 'stacks/assets.yaml']));
    for (const f of siteFindings) assert.ok(files(r).includes(f), `${f}: an unchanged file of the changed module`);

    // Paths narrow it: only changes under the given directory (the root is site/ then).
    assert.deepEqual(files(awsdp(['scan', 'site', '--changed-since', 'base', '--format', 'json'], d)), inScope(['site'], 'site/'));
    // Since HEAD: the committed site/ change no longer counts.
    assert.deepEqual(files(awsdp(['scan', '--changed-since', 'HEAD', '--format', 'json'], d)), inScope(['iam/reports.json', 'new/extra.yaml', 'stacks/assets.yaml']));
  });

  test('a branch: changes since its merge base with the ref, not the ref\'s later commits', () => {
    const d = repository();
    git(['checkout', '-q', '-b', 'feature'], d);
    fs.appendFileSync(path.join(d, 'stacks/tls.yaml'), '\n# feature work\n');
    git(['commit', '-qam', 'feature'], d);
    git(['checkout', '-q', 'main'], d);
    fs.appendFileSync(path.join(d, 'stacks/assets.yaml'), '\n# later work on main\n');
    git(['commit', '-qam', 'main moves on'], d);
    git(['checkout', '-q', 'feature'], d);
    assert.deepEqual(files(awsdp(['scan', '--changed-since', 'main', '--format', 'json'], d)), ['stacks/tls.yaml']);
  });

  test('a deleted Terraform file rescans its module; a changed .awsdp.yaml rescans everything', () => {
    const d = repository();
    fs.rmSync(path.join(d, 'site/variables.tf'));
    const site = files(awsdp(['scan', 'site', '--format', 'json'], d)).map((f) => `site/${f}`);
    assert.ok(site.length > 0, 'the module has findings');
    assert.deepEqual(files(awsdp(['scan', '--changed-since', 'base', '--format', 'json'], d)), site);
    fs.writeFileSync(path.join(d, '.awsdp.yaml'), 'exclude: []\n');
    const all = awsdp(['scan', '--changed-since', 'base', '--format', 'json'], d);
    assert.match(all.stderr, /the configuration file changed since base: scanning every file/);
    assert.deepEqual(files(all), files(awsdp(['scan', '.', '--format', 'json'], d)));
    assert.ok(files(all).includes('legacy/old.yaml'));
  });

  test('a Terraform file named on the command line (pre-commit) brings its module; excluded siblings stay out', () => {
    const d = repository();
    const site = files(awsdp(['scan', 'site', '--format', 'json'], d)).map((f) => `site/${f}`);
    assert.ok(site.length > 0 && !site.includes('site/variables.tf'));
    // variables.tf has no finding of its own: the module's findings are those of its other files.
    assert.deepEqual(files(awsdp(['scan', 'site/variables.tf', '--format', 'json'], d)), site);
    fs.writeFileSync(path.join(d, '.awsdp.yaml'), `exclude: [${site.map((f) => JSON.stringify(f)).join(', ')}]\n`);
    assert.deepEqual(files(awsdp(['scan', 'site/variables.tf', '--format', 'json'], d)), []);
    // A named file is analysed even when excluded (as before); only the siblings it brings are filtered.
    assert.deepEqual(files(awsdp(['scan', site[0], '--format', 'json'], d)), [site[0]]);
  });

  test('errors: outside a git repository, an unknown ref, a ref that looks like an option', () => {
    const plain = tempDir('awsdp-nogit-');
    dirs.push(plain);
    writeTree(plain, { 'a.yaml': copy('cloudformation/bucket-policy-missing-tls.yaml') });
    // A directory outside any repository (the temp directory is not inside one).
    const outside = awsdp(['scan', '--changed-since', 'main'], plain);
    assert.equal(outside.status, 2);
    assert.match(outside.stderr, /^awsdp: --changed-since needs a git repository: .* is not in one/m);
    const d = repository();
    const unknown = awsdp(['scan', '--changed-since', 'no-such-branch'], d);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /--changed-since: unknown git ref 'no-such-branch'/);
    assert.equal(unknown.stdout, '', 'no report');
    const opt = awsdp(['scan', '--changed-since=--output=/tmp/x'], d);
    assert.equal(opt.status, 2);
    assert.match(opt.stderr, /is not a git ref/);
  });
});
