/**
 * Glob matching in time linear in the path (issue 15, item 3). Regular-expression glob matchers
 * (picomatch, the `ignore` package) backtrack: `**` / `a` / `**` / `a` / … against a deep path takes
 * hours, and the globs come with the repository scanned (`.awsdp.yaml`, `.gitignore`).
 *
 * Here a glob is a list of segments; a path is matched segment by segment with the set of pattern
 * positions reachable so far (an NFA run, no backtracking across segments): O(path segments ×
 * pattern segments) segment tests. One segment is matched against one name by the classic two-pointer
 * wildcard algorithm: O(name × segment pattern) at worst.
 *
 * Syntax (the common subset of picomatch and gitignore): `**` as a whole segment matches zero or more
 * segments; `*` any run of characters but `/`; `?` one such character; `[abc]`, `[a-z]`, `[!a]` /
 * `[^a]` a class; `\x` the character x. `*` and `?` match a leading dot too. Braces `{a,b}` are
 * expanded by `expandBraces` (config globs only; gitignore has none).
 */

type Atom = { kind: 'lit'; ch: string } | { kind: 'any' } | { kind: 'star' } | { kind: 'class'; negate: boolean; items: ([string, string] | string)[] };
type Segment = { kind: 'globstar' } | { kind: 'seg'; atoms: Atom[] };

export interface GlobOptions {
  ignoreCase?: boolean;
}

/** Most alternatives one glob may expand to with braces. */
export const MAX_BRACE_ALTERNATIVES = 256;

export class GlobError extends Error {}

function parseSegment(s: string, fold: (c: string) => string): Segment {
  if (s === '**') return { kind: 'globstar' };
  const atoms: Atom[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\' && i + 1 < s.length) atoms.push({ kind: 'lit', ch: fold(s[++i]) });
    else if (c === '*') {
      if (atoms[atoms.length - 1]?.kind !== 'star') atoms.push({ kind: 'star' });
    } else if (c === '?') atoms.push({ kind: 'any' });
    else if (c === '[') {
      const close = classEnd(s, i);
      if (close < 0) atoms.push({ kind: 'lit', ch: '[' });
      else {
        let j = i + 1;
        const negate = s[j] === '!' || s[j] === '^';
        if (negate) j++;
        const items: ([string, string] | string)[] = [];
        for (; j < close; j++) {
          let a = s[j];
          if (a === '\\' && j + 1 < close) a = s[++j];
          if (s[j + 1] === '-' && j + 2 < close) {
            let b = s[j + 2];
            j += 2;
            if (b === '\\' && j + 1 < close) b = s[++j];
            items.push([fold(a), fold(b)]);
          } else items.push(fold(a));
        }
        atoms.push({ kind: 'class', negate, items });
        i = close;
      }
    } else atoms.push({ kind: 'lit', ch: fold(c) });
  }
  return { kind: 'seg', atoms };
}

/** Index of the `]` that closes the class opened at `open`, or -1. A `]` right after `[` or `[!` is literal. */
function classEnd(s: string, open: number): number {
  let j = open + 1;
  if (s[j] === '!' || s[j] === '^') j++;
  if (s[j] === ']') j++;
  for (; j < s.length; j++) {
    if (s[j] === '\\') j++;
    else if (s[j] === ']') return j;
  }
  return -1;
}

function atomMatches(a: Atom, c: string): boolean {
  if (a.kind === 'lit') return a.ch === c;
  if (a.kind === 'any') return true;
  if (a.kind === 'star') return true;
  let hit = false;
  for (const it of a.items) {
    if (typeof it === 'string' ? it === c : c >= it[0] && c <= it[1]) {
      hit = true;
      break;
    }
  }
  return hit !== a.negate;
}

/** Two-pointer wildcard match of one name: on a mismatch, the last `*` takes one more character. */
function segmentMatches(atoms: Atom[], name: string): boolean {
  let p = 0;
  let n = 0;
  let starP = -1;
  let starN = 0;
  while (n < name.length) {
    const a = atoms[p];
    if (a && a.kind === 'star') {
      starP = p++;
      starN = n;
    } else if (a && atomMatches(a, name[n])) {
      p++;
      n++;
    } else if (starP >= 0) {
      p = starP + 1;
      n = ++starN;
    } else return false;
  }
  while (atoms[p]?.kind === 'star') p++;
  return p === atoms.length;
}

export type Matcher = (path: string) => boolean;

/** Compiles one glob (no braces) into a matcher of `/`-separated relative paths. */
export function compileGlob(glob: string, opts: GlobOptions = {}): Matcher {
  const fold = opts.ignoreCase ? (c: string) => c.toLowerCase() : (c: string) => c;
  const raw = glob.startsWith('./') ? glob.slice(2) : glob;
  const segs: Segment[] = [];
  for (const s of raw.split('/')) {
    if (s === '' && segs.length) continue; // a//b, trailing slash
    const seg = parseSegment(s, fold);
    // Consecutive ** are one.
    if (seg.kind === 'globstar' && segs[segs.length - 1]?.kind === 'globstar') continue;
    segs.push(seg);
  }
  const n = segs.length;
  return (p: string) => {
    const names = (opts.ignoreCase ? p.toLowerCase() : p).split('/');
    if (names.length > 1 && names[names.length - 1] === '') names.pop(); // "dir/"
    // states[i]: pattern position i reached; closed over globstars (which may match nothing).
    let states = new Uint8Array(n + 1);
    const close = (s: Uint8Array) => {
      for (let i = 0; i < n; i++) if (s[i] && segs[i].kind === 'globstar') s[i + 1] = 1;
    };
    states[0] = 1;
    close(states);
    for (const name of names) {
      const next = new Uint8Array(n + 1);
      let any = false;
      for (let i = 0; i < n; i++) {
        if (!states[i]) continue;
        const seg = segs[i];
        if (seg.kind === 'globstar') {
          next[i] = 1; // consumes this segment, may take more
          any = true;
        } else if (segmentMatches(seg.atoms, name)) {
          next[i + 1] = 1;
          any = true;
        }
      }
      if (!any) return false;
      close(next);
      states = next;
    }
    return states[n] === 1;
  };
}

/**
 * Expands `{a,b}` alternatives (nested too) into plain globs; a `\{` is literal. At most
 * MAX_BRACE_ALTERNATIVES results, else GlobError.
 */
export function expandBraces(glob: string): string[] {
  // The first top-level brace group that contains a comma.
  let depth = 0;
  let open = -1;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '{') {
      if (depth++ === 0) open = i;
    } else if (c === '}' && depth > 0) {
      if (--depth === 0) {
        const parts = splitTopLevel(glob.slice(open + 1, i));
        if (parts.length > 1) {
          const pre = glob.slice(0, open);
          const post = glob.slice(i + 1);
          const out: string[] = [];
          for (const part of parts) {
            for (const e of expandBraces(pre + part + post)) {
              out.push(e);
              if (out.length > MAX_BRACE_ALTERNATIVES) throw new GlobError(`braces expand to more than ${MAX_BRACE_ALTERNATIVES} alternatives`);
            }
          }
          return out;
        }
      }
    }
  }
  return [glob];
}

function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts;
}

/** A matcher for several config globs (braces expanded): true when any matches. */
export function compileGlobs(globs: readonly string[], opts: GlobOptions = {}): Matcher {
  const ms: Matcher[] = [];
  for (const g of globs) for (const e of expandBraces(g)) ms.push(compileGlob(e, opts));
  return (p) => ms.some((m) => m(p));
}

interface GitignoreRule {
  negate: boolean;
  dirOnly: boolean;
  match: Matcher;
  /** The same pattern as a parent directory: what it excludes, it excludes with all its contents. */
  under: Matcher;
}

/**
 * The rules of one .gitignore file (git's semantics: blank lines and `#` comments skipped, trailing
 * unescaped spaces dropped, `!` negates, a trailing `/` matches directories only, a pattern with a
 * `/` before its end is anchored to the file's directory, otherwise it matches at any depth), matched
 * linearly. `test` tells, as the `ignore` package does, whether the last matching rule ignores or
 * re-includes the path.
 */
export class Gitignore {
  private readonly rules: GitignoreRule[] = [];
  constructor(text: string, opts: GlobOptions = {}) {
    for (let line of text.replace(/^\ufeff/, '').split(/\r?\n/)) {
      if (!line || line.startsWith('#')) continue;
      line = trimTrailingSpaces(line);
      if (!line) continue;
      let negate = false;
      if (line.startsWith('!')) {
        negate = true;
        line = line.slice(1);
      } else if (line.startsWith('\\!') || line.startsWith('\\#')) line = line.slice(1);
      let dirOnly = false;
      if (line.endsWith('/') && !line.endsWith('\\/')) {
        dirOnly = true;
        let end = line.length;
        while (end > 0 && line[end - 1] === '/') end--;
        line = line.slice(0, end);
      }
      if (!line) continue;
      const anchored = line.includes('/');
      if (line.startsWith('/')) line = line.slice(1);
      const glob = anchored ? line : `**/${line}`;
      this.rules.push({ negate, dirOnly, match: compileGlob(glob, opts), under: compileGlob(`${glob}/**`, opts) });
    }
  }

  /** `rel`: `/`-separated, relative to the .gitignore's directory; a trailing `/` marks a directory. */
  test(rel: string): { ignored: boolean; unignored: boolean } {
    const isDir = rel.endsWith('/');
    const p = isDir ? rel.slice(0, -1) : rel;
    let state: boolean | undefined;
    for (const r of this.rules) {
      // A parent directory matched by the rule (dir-only or not) takes its contents along.
      const hit = ((!r.dirOnly || isDir) && r.match(p)) || hasMatchingParent(r, p);
      if (hit) state = !r.negate;
    }
    return { ignored: state === true, unignored: state === false };
  }
}

/** Whether the rule matches a proper parent directory of `p` (`under` is glob/**: the glob or below it). */
function hasMatchingParent(r: GitignoreRule, p: string): boolean {
  const slash = p.lastIndexOf('/');
  return slash > 0 && r.under(p.slice(0, slash));
}

function trimTrailingSpaces(line: string): string {
  let end = line.length;
  while (end > 0 && line[end - 1] === ' ' && line[end - 2] !== '\\') end--;
  const kept = line.slice(0, end);
  return kept.endsWith('\\ ') ? `${kept.slice(0, -2)} ` : kept;
}
