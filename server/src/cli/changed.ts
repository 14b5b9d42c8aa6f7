/**
 * `awsdp scan --changed-since REF`: the files changed between a git ref (its merge base with HEAD,
 * as a pull request shows them) and the working tree
 * (committed, staged or not, and untracked files git does not ignore), plus every Terraform file
 * of the modules (directories) a changed or deleted Terraform file belongs to — a module is
 * analysed as a whole, so a bucket policy in an unchanged policy.tf is still linked to the bucket
 * changed in main.tf. Only the paths under the scan's targets are kept, and the configuration's
 * include/exclude still apply. A change to the configuration file itself scans everything.
 */
// Required where used (only --changed-since runs git): loading node:child_process costs every command's start-up.
import type * as ChildProcess from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE_NAMES, FileFilter, isCandidatePath, isTerraformPath, SKIP_DIRS, type Config } from '../engine/index';
import { printable } from './report';

export class ChangedError extends Error {}

export interface ChangedFiles {
  /** Absolute paths to analyse (existing regular files), sorted. */
  files: string[];
  /** Every path git reports as changed under the targets (deleted ones too), absolute. */
  changed: Set<string>;
  /** The configuration file changed: the whole targets must be scanned. */
  configChanged: boolean;
}

const GIT_TIMEOUT_MS = 60_000;
const GIT_MAX_OUTPUT = 256 * 1024 * 1024;

function git(args: string[], cwd: string): { ok: boolean; stdout: string; stderr: string } {
  const r = (require('node:child_process') as typeof ChildProcess).spawnSync('git', args, { cwd, encoding: 'utf8', timeout: GIT_TIMEOUT_MS, maxBuffer: GIT_MAX_OUTPUT, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' } });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ChangedError('--changed-since needs git, which was not found on the PATH');
    throw new ChangedError(`--changed-since: git failed: ${r.error.message.split('\n')[0]}`);
  }
  return { ok: r.status === 0, stdout: r.stdout, stderr: r.stderr };
}

function isInside(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The Terraform files (`.tf`, `.tf.json`) directly in each directory that `accept` lets through. */
function moduleFiles(dirs: Iterable<string>, accept: (abs: string) => boolean): string[] {
  const out: string[] = [];
  for (const m of dirs) {
    let names: string[];
    try {
      names = fs.readdirSync(m);
    } catch {
      continue; // the module's directory was deleted
    }
    for (const n of names.sort()) {
      const f = path.join(m, n);
      if (isTerraformPath(n) && isFile(f) && accept(f)) out.push(f);
    }
  }
  return out;
}

/**
 * Terraform files named on the command line (pre-commit passes the staged files) bring the rest of
 * their module: a module is analysed as a whole, and a finding may sit in another of its files (a
 * bucket policy in policy.tf reported on the bucket in main.tf). Siblings the configuration excludes
 * stay out. Returns the targets with the siblings added after them.
 */
export function withModules(targets: readonly string[], root: string, config: Config): string[] {
  const filter = new FileFilter(config);
  const accept = (abs: string) => {
    const rel = path.relative(root, abs);
    return rel.startsWith('..') || path.isAbsolute(rel) || filter.accepts(rel.split(path.sep).join('/'));
  };
  const dirs = new Set(targets.filter((t) => isTerraformPath(t) && isFile(t)).map((t) => path.dirname(t)));
  if (!dirs.size) return [...targets];
  const have = new Set(targets);
  // A sibling inside a directory that is itself a target is walked anyway.
  const walked = targets.filter((t) => !isFile(t));
  const extra = moduleFiles(dirs, accept).filter((f) => !have.has(f) && !walked.some((d) => isInside(f, d)));
  return [...targets, ...extra];
}

/**
 * The files to scan for `--changed-since ref`. `dir` is where git is asked (the scan root),
 * `targets` the absolute paths given on the command line, `root` the root config globs are
 * relative to.
 */
export function changedFiles(ref: string, dir: string, targets: readonly string[], root: string, config: Config): ChangedFiles {
  if (ref.startsWith('-')) throw new ChangedError(`--changed-since: '${printable(ref)}' is not a git ref`);
  const top = git(['rev-parse', '--show-toplevel'], dir);
  if (!top.ok) throw new ChangedError(`--changed-since needs a git repository: ${printable(dir)} is not in one`);
  const toplevel = fs.realpathSync(top.stdout.trim());
  const verify = git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], toplevel);
  if (!verify.ok) throw new ChangedError(`--changed-since: unknown git ref '${printable(ref)}' (a branch, tag or commit of this repository; in a shallow CI clone, fetch it first)`);
  // Since the merge base with HEAD, as a pull request shows its changes: commits made on the base
  // branch after this branch left it are not this branch's changes.
  const base = git(['merge-base', verify.stdout.trim(), 'HEAD'], toplevel);
  const commit = base.ok && base.stdout.trim() ? base.stdout.trim() : verify.stdout.trim();
  // Renames as a deletion and an addition: the old path's module changed too.
  const diff = git(['diff', '--name-only', '-z', '--no-renames', commit, '--'], toplevel);
  if (!diff.ok) throw new ChangedError(`--changed-since: git diff failed: ${diff.stderr.trim().split('\n')[0]}`);
  const untracked = git(['ls-files', '--others', '--exclude-standard', '-z', '--full-name'], toplevel);
  if (!untracked.ok) throw new ChangedError(`--changed-since: git ls-files failed: ${untracked.stderr.trim().split('\n')[0]}`);

  // Targets may be reached through links (macOS /tmp): compare real paths.
  const realTargets = targets.map((t) => {
    try {
      return fs.realpathSync(t);
    } catch {
      return path.resolve(t);
    }
  });
  const realRoot = (() => {
    try {
      return fs.realpathSync(root);
    } catch {
      return root;
    }
  })();
  const underTargets = (abs: string) => realTargets.some((t) => isInside(abs, t));
  const changed = new Set<string>();
  for (const rel of [...diff.stdout.split('\0'), ...untracked.stdout.split('\0')]) {
    if (!rel) continue;
    const abs = path.join(toplevel, rel.split('/').join(path.sep));
    if (underTargets(abs)) changed.add(abs);
  }

  const configChanged = [...changed].some((f) => CONFIG_FILE_NAMES.includes(path.basename(f)) && path.dirname(f) === realRoot);
  const filter = new FileFilter(config);
  const accepted = (abs: string) => {
    if (!isCandidatePath(abs)) return false;
    const rel = path.relative(realRoot, abs);
    if (rel.split(path.sep).some((s) => SKIP_DIRS.has(s))) return false;
    return rel.startsWith('..') || path.isAbsolute(rel) || filter.accepts(rel.split(path.sep).join('/'));
  };
  const out = new Set<string>();
  const modules = new Set<string>();
  for (const f of changed) {
    if (isTerraformPath(f)) modules.add(path.dirname(f));
    if (isFile(f) && accepted(f)) out.add(f);
  }
  for (const f of moduleFiles(modules, accepted)) out.add(f);
  // Back to the root as given (reports are relative to it), when it was reached through a link.
  const asGiven = (f: string) => (realRoot !== root && isInside(f, realRoot) ? path.join(root, path.relative(realRoot, f)) : f);
  return { files: [...out].map(asGiven).sort(), changed: new Set([...changed].map(asGiven)), configChanged };
}
