/**
 * Differential check of the JSON fast path (documents/json-fast.ts) against the jsonc-parser path,
 * over every .json/.jsonc/.template file under the given directories (default: the repository, and
 * the shared corpus and realworld folders beside it when present), each read with and without
 * CloudFormation intrinsics. Not part of the suite; after `npx tsc -b`:
 *   node server/out/test/json-fast-diff.js [--mutations N] [dir...]
 * Prints how many files took the fast path, how many fell back and why, and every difference (exit
 * code 1 when there is one). parseJson (the automatic choice) must always give the jsonc-parser
 * result. With --mutations N, also N mutations per file (deletions, insertions of JSON syntax, swaps,
 * truncations): the fast path must fall back or agree.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parseJson, parseJsonWith } from '../engine/documents/json';
import type { VNode } from '../engine/value';
import { REPO as root } from './fixtures';

const args = process.argv.slice(2);
let mutations = 0;
const mi = args.indexOf('--mutations');
if (mi >= 0) {
  mutations = Number(args[mi + 1]);
  args.splice(mi, 2);
}
const shared = [resolve(root, '../shared'), resolve(root, '../../shared')].find((d) => {
  try {
    return statSync(d).isDirectory();
  } catch {
    return false;
  }
});
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
    else if (/\.(json|jsonc|template)$/i.test(name) && st.size < 5_000_000) yield p;
  }
}

/** Every span read through its getter (the nodes make them on demand), with kinds, values, keys, intrinsics. */
function shape(n: VNode | undefined): unknown {
  if (!n) return n;
  const base = { cls: Object.getPrototypeOf(n)?.constructor?.name, kind: n.kind, span: { ...n.span } };
  switch (n.kind) {
    case 'object':
      return { ...base, entries: n.entries.map((e) => ({ key: e.key, keySpan: { ...e.keySpan }, span: { ...e.span }, value: shape(e.value) })) };
    case 'array':
      return { ...base, items: n.items.map(shape) };
    case 'unknown':
      return { ...base, reason: n.reason, intrinsic: n.intrinsic, refs: [...n.refs], args: shape(n.args) };
    default:
      return { ...base, value: n.value };
  }
}

let fast = 0;
let diffs = 0;
let files_ = 0;
const reasons = new Map<string, string[]>();
let mFast = 0;
let mFall = 0;
let mDiffs = 0;

function report(label: string, a: unknown, b: unknown): void {
  console.log(`DIFF ${label}`);
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  let i = 0;
  while (i < x.length && x[i] === y[i]) i++;
  console.log(`  full: …${x.slice(Math.max(0, i - 200), i + 200)}`);
  console.log(`  fast: …${y.slice(Math.max(0, i - 200), i + 200)}`);
}

/** undefined: the fast path gave the same result; 'DIFF'; else the fallback reason. */
function compare(label: string, text: string): string | undefined {
  let out: string | undefined;
  for (const cfnIntrinsics of [true, false]) {
    const l = `${label}${cfnIntrinsics ? ' (intrinsics)' : ''}`;
    const full = parseJsonWith('full', text, 'f.json', undefined, { cfnIntrinsics });
    const auto = parseJson(text, 'f.json', undefined, { cfnIntrinsics });
    if (!isDeepStrictEqual(auto, full)) {
      report(`${l}: parseJson`, full, auto);
      return 'DIFF';
    }
    const f = parseJsonWith('fast', text, 'f.json', undefined, { cfnIntrinsics });
    if ('fallback' in f) {
      out ??= f.fallback;
      continue;
    }
    if (!isDeepStrictEqual(f, full) || !('root' in full) || !isDeepStrictEqual(shape(f.root), shape(full.root))) {
      report(l, 'root' in full ? shape(full.root) : full, shape(f.root));
      return 'DIFF';
    }
  }
  return out;
}

let seed = 1;
const rnd = (n: number) => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return (seed >>> 8) % n; // the high bits: the low bits of this generator repeat with a short period
};
const INSERTS = ['{', '}', '[', ']', ',', ':', '"', '\\', '/', '*', '//', '/*', ' ', '\n', '\r', '\t', '0', '-', '.', 'e', 'null', '\\u', '\u00a0', '\0', ',]', ',}', '{"Ref":"X"}'];

for (const dir of dirs) {
  for (const p of files(dir)) {
    files_++;
    const text = readFileSync(p, 'utf8');
    const r = compare(p, text);
    if (r === undefined) fast++;
    else if (r === 'DIFF') diffs++;
    else {
      if (!reasons.has(r)) reasons.set(r, []);
      reasons.get(r)!.push(p);
    }
    for (let m = 0; m < mutations; m++) {
      const at = rnd(text.length + 1);
      const kind = rnd(4);
      const mutated =
        kind === 0
          ? text.slice(0, at) + text.slice(at + 1)
          : kind === 1
            ? text.slice(0, at) + INSERTS[rnd(INSERTS.length)] + text.slice(at)
            : kind === 2
              ? text.slice(0, at) + text.slice(at + 1, at + 2) + text.slice(at, at + 1) + text.slice(at + 2)
              : text.slice(0, at);
      const mr = compare(`${p} mutation ${m} (kind ${kind} at ${at})`, mutated);
      if (mr === undefined) mFast++;
      else if (mr === 'DIFF') mDiffs++;
      else mFall++;
    }
  }
}
console.log(`files: ${files_}; fast path: ${fast}; fell back: ${[...reasons.values()].reduce((a, b) => a + b.length, 0)}; differences: ${diffs}`);
for (const [k, ps] of [...reasons].sort((a, b) => b[1].length - a[1].length)) console.log(`  ${ps.length} × ${k}  (e.g. ${ps[0]})`);
if (mutations) console.log(`mutations: ${mFast} fast, ${mFall} fell back, ${mDiffs} differences`);
process.exit(diffs + mDiffs ? 1 : 0);
