/**
 * Differential check of the YAML fast path (documents/yaml-fast.ts) against the full path, over
 * every .yaml/.yml/.template file under the given directories (default: the repository, and the
 * shared corpus and realworld folders beside it when present). Not part of the suite; after
 * `npx tsc -b`:
 *   node server/out/test/yaml-fast-diff.js [--mutations N] [dir...]
 * Prints how many files took the fast path, how many fell back and why, and every difference
 * (exit code 1 when there is one). With --mutations N, also N single-character mutations per file
 * (deletions, insertions of YAML indicators, swaps): the fast path must fall back or agree.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parseYamlWith } from '../engine/documents/yaml';
import { LineIndex } from '../engine/text';
import { REPO as root } from './fixtures';

const args = process.argv.slice(2);
let mutations = 0;
const mi = args.indexOf('--mutations');
if (mi >= 0) {
  mutations = Number(args[mi + 1]);
  args.splice(mi, 2);
}
const shared = [resolve(root, '../shared'), resolve(root, '../../shared')].find((d) => { try { return statSync(d).isDirectory(); } catch { return false; } });
const dirs = args.length ? args : [root, ...(shared ? [join(shared, 'corpus'), join(shared, 'realworld')] : [])];

function* files(dir: string): Generator<string> {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (name === 'node_modules' || name === '.git' || name === 'out' || name === 'dist') continue;
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) yield* files(p);
    else if (/\.(ya?ml|template)$/i.test(name) && st.size < 2_000_000) yield p;
  }
}

let fast = 0;
let diffs = 0;
const reasons = new Map<string, string[]>();
let mFast = 0;
let mFall = 0;
let mDiffs = 0;

function compare(label: string, text: string): string | undefined {
  const full = parseYamlWith('full', 'f.yaml', text, new LineIndex(text));
  const f = parseYamlWith('fast', 'f.yaml', text, new LineIndex(text));
  if ('fallback' in f) return f.fallback;
  if (!isDeepStrictEqual(f, full)) {
    console.log(`DIFF ${label}`);
    const a = JSON.stringify(full);
    const b = JSON.stringify(f);
    let i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    console.log(`  full: …${a.slice(Math.max(0, i - 200), i + 200)}`);
    console.log(`  fast: …${b.slice(Math.max(0, i - 200), i + 200)}`);
    return 'DIFF';
  }
  return undefined;
}

let seed = 1;
const rnd = (n: number) => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
};
const INSERTS = [':', '-', ' ', '\t', '\n', '#', '!', '&', '*', '?', '[', ']', '{', '}', ',', '"', "'", '|', '>', '%', '@', '\\', '!Ref ', '!Foo ', '!!str ', ' #x', ': ', '- '];

for (const dir of dirs) {
  for (const p of files(dir)) {
    const text = readFileSync(p, 'utf8');
    const r = compare(p, text);
    if (r === undefined) fast++;
    else if (r === 'DIFF') diffs++;
    else {
      const k = r.replace(/ [^ ]*$/, (m) => (m.length > 20 ? '' : m));
      if (!reasons.has(k)) reasons.set(k, []);
      reasons.get(k)!.push(p);
    }
    for (let m = 0; m < mutations; m++) {
      const at = rnd(text.length + 1);
      const kind = rnd(3);
      const mutated =
        kind === 0 ? text.slice(0, at) + text.slice(at + 1) : kind === 1 ? text.slice(0, at) + INSERTS[rnd(INSERTS.length)] + text.slice(at) : text.slice(0, at) + text.slice(at + 1, at + 2) + text.slice(at, at + 1) + text.slice(at + 2);
      const mr = compare(`${p} mutation ${m} (kind ${kind} at ${at})`, mutated);
      if (mr === undefined) mFast++;
      else if (mr === 'DIFF') mDiffs++;
      else mFall++;
    }
  }
}
console.log(`fast path: ${fast} files; fell back: ${[...reasons.values()].reduce((a, b) => a + b.length, 0)}; differences: ${diffs}`);
for (const [k, ps] of [...reasons].sort((a, b) => b[1].length - a[1].length)) console.log(`  ${ps.length} × ${k}  (e.g. ${ps[0]})`);
if (mutations) console.log(`mutations: ${mFast} fast, ${mFall} fell back, ${mDiffs} differences`);
process.exit(diffs + mDiffs ? 1 : 0);
