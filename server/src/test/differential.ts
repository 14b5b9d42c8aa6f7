/**
 * What the fast-path differential checks share (yaml-fast / json-fast: their tests and their
 * `*-diff.ts` scripts): a deterministic generator, one-character mutations, and the scripts' main
 * (arguments, the file walk, counts, exit code).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { REPO as root } from './fixtures';

/**
 * A deterministic generator (a linear congruential one): `rnd(n)` in [0, n). `high`: from its high
 * bits (its low bits repeat with a short period); the YAML checks were written with the low bits.
 */
export function lcg(seed: number, bits: 'low' | 'high'): (n: number) => number {
  return (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return (bits === 'high' ? seed >>> 8 : seed) % n;
  };
}

/**
 * One mutation of `text`: a character deleted, one of `inserts` inserted, two characters swapped,
 * or (with 4 kinds) the text cut there. `what` says which, for messages.
 */
export function mutate(text: string, rnd: (n: number) => number, inserts: readonly string[], kinds: 3 | 4): { text: string; what: string } {
  const at = rnd(text.length + 1);
  const kind = rnd(kinds);
  const mutated =
    kind === 0
      ? text.slice(0, at) + text.slice(at + 1)
      : kind === 1
        ? text.slice(0, at) + inserts[rnd(inserts.length)] + text.slice(at)
        : kind === 2
          ? text.slice(0, at) + text.slice(at + 1, at + 2) + text.slice(at, at + 1) + text.slice(at + 2)
          : text.slice(0, at);
  return { text: mutated, what: `kind ${kind} at ${at}` };
}

/** Prints where two results first differ. */
export function printDiff(label: string, full: unknown, fast: unknown): void {
  console.log(`DIFF ${label}`);
  const a = JSON.stringify(full);
  const b = JSON.stringify(fast);
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  console.log(`  full: …${a.slice(Math.max(0, i - 200), i + 200)}`);
  console.log(`  fast: …${b.slice(Math.max(0, i - 200), i + 200)}`);
}

export interface DiffScript {
  /** Files to read (by name) and their size bound. */
  names: RegExp;
  maxBytes: number;
  /** undefined: the fast path gave the same result; 'DIFF' (printed with printDiff); else the fallback reason. */
  compare(label: string, text: string): string | undefined;
  /** How fallback reasons are grouped in the summary. */
  reasonKey?(reason: string): string;
  /** Mutations (`--mutations N` per file). */
  rnd: (n: number) => number;
  inserts: readonly string[];
  kinds: 3 | 4;
}

/**
 * A diff script's main: `[--mutations N] [dir...]` (default: the repository, and the shared corpus
 * and realworld folders beside it when present). Prints counts, fallback reasons and every
 * difference; exits with 1 when there is one.
 */
export function runDiffScript(s: DiffScript): never {
  const args = process.argv.slice(2);
  let mutations = 0;
  const mi = args.indexOf('--mutations');
  if (mi >= 0) {
    mutations = Number(args[mi + 1]);
    args.splice(mi, 2);
  }
  const isDir = (d: string) => {
    try {
      return statSync(d).isDirectory();
    } catch {
      return false;
    }
  };
  const shared = [resolve(root, '../shared'), resolve(root, '../../shared')].find(isDir);
  const dirs = args.length ? args : [root, ...(shared ? [join(shared, 'corpus'), join(shared, 'realworld')] : [])];
  function* files(dir: string): Generator<string> {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names.sort()) {
      if (name === 'node_modules' || name === '.git' || name === 'out' || name === 'dist') continue;
      const p = join(dir, name);
      const st = statSync(p);
      if (st.isDirectory()) yield* files(p);
      else if (s.names.test(name) && st.size < s.maxBytes) yield p;
    }
  }
  let count = 0;
  let fast = 0;
  let diffs = 0;
  let mFast = 0;
  let mFall = 0;
  let mDiffs = 0;
  const reasons = new Map<string, string[]>();
  for (const dir of dirs) {
    for (const p of files(dir)) {
      count++;
      const text = readFileSync(p, 'utf8');
      const r = s.compare(p, text);
      if (r === undefined) fast++;
      else if (r === 'DIFF') diffs++;
      else {
        const k = s.reasonKey ? s.reasonKey(r) : r;
        if (!reasons.has(k)) reasons.set(k, []);
        reasons.get(k)!.push(p);
      }
      for (let m = 0; m < mutations; m++) {
        const mutated = mutate(text, s.rnd, s.inserts, s.kinds);
        const mr = s.compare(`${p} mutation ${m} (${mutated.what})`, mutated.text);
        if (mr === undefined) mFast++;
        else if (mr === 'DIFF') mDiffs++;
        else mFall++;
      }
    }
  }
  console.log(`files: ${count}; fast path: ${fast}; fell back: ${[...reasons.values()].reduce((a, b) => a + b.length, 0)}; differences: ${diffs}`);
  for (const [k, ps] of [...reasons].sort((a, b) => b[1].length - a[1].length)) console.log(`  ${ps.length} × ${k}  (e.g. ${ps[0]})`);
  if (mutations) console.log(`mutations: ${mFast} fast, ${mFall} fell back, ${mDiffs} differences`);
  process.exit(diffs + mDiffs ? 1 : 0);
}
