/**
 * Finds the files to analyse. Directories are walked depth-first in name order (deterministic),
 * honouring .gitignore files — those of the directory walked and its subdirectories, and, when the
 * directory is inside a git work tree, those between the work tree's top and the directory.
 *
 * - `.git`, `node_modules` and `.terraform` directories are never entered.
 * - `cdk.out` is entered even when a .gitignore lists it (CDK's own .gitignore does): the
 *   synthesised templates are the CloudFormation that gets deployed. Exclude it with the config
 *   file's `exclude` if unwanted.
 * - Only candidate files (isCandidatePath) found by walking are returned, and only those the
 *   `accept` filter (config include/exclude) lets through. Explicit file arguments are always
 *   returned; an explicit directory is walked even when a .gitignore above it excludes it.
 * - Symbolic links met while walking are not followed to directories (as git and ripgrep do: a link
 *   to `/` must not walk the file system); a link to a file is followed only when the file is inside
 *   the directory walked. Dangling links are skipped quietly. Every directory is entered once by real
 *   path, so loops end. Explicit arguments are followed wherever they point.
 * - The walk goes at most MAX_WALK_DEPTH directories deep; a deeper directory is reported (onError)
 *   and not entered.
 */
import * as path from 'node:path';
import { isCandidatePath } from '../documents/detect';
import { nodeFs, type DirEntry, type FileStat, type WorkspaceFs } from './fs';
import { Gitignore } from '../glob';
import { below } from './scan';

export const SKIP_DIRS: ReadonlySet<string> = new Set(['.git', 'node_modules', '.terraform']);
/** Directory levels below a walked argument; deeper directories are reported and not entered. */
export const MAX_WALK_DEPTH = 100;
/** Walked even when .gitignore'd. */
export const ALWAYS_WALK_DIRS: ReadonlySet<string> = new Set(['cdk.out']);

export interface WalkOptions {
  /** Config include/exclude for walked files; gets the absolute path. */
  accept?: (file: string) => boolean;
  /** An explicit path or a directory could not be read. The walk goes on. */
  onError: (file: string, err: NodeJS.ErrnoException) => void;
  /** The file system walked (default: the real one). */
  fs?: WorkspaceFs;
}

interface IgnoreLevel {
  base: string;
  ig: Gitignore;
}

const IGNORE_CASE = process.platform === 'darwin' || process.platform === 'win32';

function loadGitignore(fs: WorkspaceFs, dir: string): IgnoreLevel | undefined {
  let text: string;
  try {
    text = fs.readText(path.join(dir, '.gitignore'));
  } catch {
    return undefined;
  }
  return { base: dir, ig: new Gitignore(text, { ignoreCase: IGNORE_CASE }) };
}

function posixRel(from: string, to: string): string {
  const rel = below(from, to) ?? path.relative(from, to);
  return path.sep === '/' ? rel : rel.split(path.sep).join('/');
}

/** Whether `abs` is ignored by the chain of .gitignore files (outermost first; the innermost rule that matches wins). */
function isIgnored(levels: readonly IgnoreLevel[], abs: string, isDir: boolean): boolean {
  let ignored = false;
  for (const l of levels) {
    const rel = posixRel(l.base, abs);
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) continue;
    const r = l.ig.test(isDir ? `${rel}/` : rel);
    if (r.ignored) ignored = true;
    else if (r.unignored) ignored = false;
  }
  return ignored;
}

/** The .gitignore chain above `dir` up to the top of its git work tree (none outside a work tree). */
function ancestorLevels(fs: WorkspaceFs, dir: string): IgnoreLevel[] {
  const chain: string[] = [];
  let d = path.dirname(dir);
  let top: string | undefined;
  if (fs.exists(path.join(dir, '.git'))) return [];
  for (;;) {
    chain.push(d);
    if (fs.exists(path.join(d, '.git'))) {
      top = d;
      break;
    }
    const up = path.dirname(d);
    if (up === d) break;
    d = up;
  }
  if (!top) return [];
  return chain
    .reverse()
    .map((d) => loadGitignore(fs, d))
    .filter((l): l is IgnoreLevel => !!l);
}

function realpathOrUndefined(fs: WorkspaceFs, p: string): string | undefined {
  try {
    return fs.realpath(p);
  } catch {
    return undefined;
  }
}

/**
 * Returns the absolute paths of the files to analyse, without duplicates: explicit files first
 * (in argument order), then the files of each directory argument (in walk order).
 */
export function collectFiles(targets: readonly string[], opts: WalkOptions): string[] {
  const fs = opts.fs ?? nodeFs;
  const files: string[] = [];
  const seenFiles = new Set<string>();
  const seenDirs = new Set<string>();
  const addFile = (f: string) => {
    if (seenFiles.has(f)) return;
    seenFiles.add(f);
    files.push(f);
  };
  const dirs: string[] = [];
  for (const t of targets) {
    const abs = path.resolve(t);
    let st: FileStat;
    try {
      st = fs.stat(abs);
    } catch (e) {
      opts.onError(abs, e as NodeJS.ErrnoException);
      continue;
    }
    if (st.isDirectory()) dirs.push(abs);
    else if (st.isFile()) addFile(abs);
    else opts.onError(abs, Object.assign(new Error('not a regular file'), { code: 'ENOTREG' }));
  }
  for (const d of dirs) {
    // A directory named explicitly is walked even if a .gitignore above excludes it; those rules
    // would exclude all of it, so they are dropped.
    let levels = ancestorLevels(fs, d);
    if (isIgnored(levels, d, true)) levels = [];
    walkDir(d, levels, opts, seenDirs, addFile);
  }
  return files;
}

function walkDir(start: string, startLevels: IgnoreLevel[], opts: WalkOptions, seenDirs: Set<string>, addFile: (f: string) => void): void {
  const fs = opts.fs ?? nodeFs;
  // Explicit stack (no recursion: deep trees must not overflow). Reversed pushes keep name order.
  const stack: { dir: string; levels: IgnoreLevel[]; depth: number }[] = [{ dir: start, levels: startLevels, depth: 0 }];
  const root = realpathOrUndefined(fs, start);
  const inside = (p: string) => !!root && (p === root || p.startsWith(root.endsWith(path.sep) ? root : root + path.sep));
  while (stack.length) {
    const { dir, levels: parentLevels, depth } = stack.pop()!;
    const real = realpathOrUndefined(fs, dir);
    if (!real || seenDirs.has(real)) continue;
    seenDirs.add(real);
    if (depth > MAX_WALK_DEPTH) {
      opts.onError(dir, Object.assign(new Error(`more than ${MAX_WALK_DEPTH} directory levels deep; not walked`), { code: 'ETOODEEP' }));
      continue;
    }
    let entries: DirEntry[];
    try {
      entries = fs.readdir(dir);
    } catch (e) {
      opts.onError(dir, e as NodeJS.ErrnoException);
      continue;
    }
    // Only a directory that lists a .gitignore has one to read: most have none, and a failed read
    // throws (../shared/realworld: 145 directories, none with a .gitignore, about 4 ms of failed reads).
    const own = entries.some((e) => e.name === '.gitignore') ? loadGitignore(fs, dir) : undefined;
    const levels = own ? [...parentLevels, own] : parentLevels;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: { dir: string; levels: IgnoreLevel[]; depth: number }[] = [];
    for (const ent of entries) {
      const abs = path.join(dir, ent.name);
      let isDir = ent.isDirectory();
      let isFile = ent.isFile();
      if (ent.isSymbolicLink()) {
        // Never into a linked directory; a linked file only when it is inside the walked directory.
        const target = realpathOrUndefined(fs, abs);
        if (!target || !inside(target)) continue; // dangling, or pointing out of the walk
        try {
          const st = fs.stat(target);
          if (!st.isFile()) continue;
          isDir = false;
          isFile = true;
        } catch {
          continue;
        }
      }
      if (isDir) {
        if (SKIP_DIRS.has(ent.name)) continue;
        if (ALWAYS_WALK_DIRS.has(ent.name)) {
          // The .gitignore rules above do not reach into it (they would exclude it whole).
          if (isIgnored(levels, abs, true)) subdirs.push({ dir: abs, levels: [], depth: depth + 1 });
          else subdirs.push({ dir: abs, levels, depth: depth + 1 });
          continue;
        }
        if (isIgnored(levels, abs, true)) continue;
        subdirs.push({ dir: abs, levels, depth: depth + 1 });
      } else if (isFile) {
        if (!isCandidatePath(abs)) continue; // the path: `.aws/config` is one by its directory
        if (isIgnored(levels, abs, false)) continue;
        if (opts.accept && !opts.accept(abs)) continue;
        addFile(abs);
      }
    }
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]);
  }
}

/**
 * Whether a walk of `root` would return `file` (collectFiles with the same `accept`): the editor's
 * file watcher asks this of a file created or changed, instead of walking the tree again. Symbolic
 * links are not looked at (a watcher reports the path it saw).
 */
export function isWalked(root: string, file: string, opts: { accept?: (file: string) => boolean; fs?: WorkspaceFs } = {}): boolean {
  const fs = opts.fs ?? nodeFs;
  const rel = path.relative(root, file);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return false;
  const parts = rel.split(path.sep);
  if (parts.length - 1 > MAX_WALK_DEPTH || !isCandidatePath(file)) return false;
  let levels = ancestorLevels(fs, root);
  if (isIgnored(levels, root, true)) levels = [];
  const own = loadGitignore(fs, root);
  if (own) levels = [...levels, own];
  let dir = root;
  for (const name of parts.slice(0, -1)) {
    if (SKIP_DIRS.has(name)) return false;
    const next = path.join(dir, name);
    if (ALWAYS_WALK_DIRS.has(name)) {
      if (isIgnored(levels, next, true)) levels = [];
    } else if (isIgnored(levels, next, true)) return false;
    dir = next;
    const g = loadGitignore(fs, dir);
    if (g) levels = [...levels, g];
  }
  if (isIgnored(levels, file, false)) return false;
  return opts.accept ? opts.accept(file) : true;
}
