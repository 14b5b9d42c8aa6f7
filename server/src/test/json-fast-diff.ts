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
import { isDeepStrictEqual } from 'node:util';
import { parseJson, parseJsonWith } from '../engine/documents/json';
import type { VNode } from '../engine/value';
import { lcg, printDiff, runDiffScript } from './differential';

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

/** undefined: the fast path gave the same result; 'DIFF'; else the fallback reason. */
function compare(label: string, text: string): string | undefined {
  let out: string | undefined;
  for (const cfnIntrinsics of [true, false]) {
    const l = `${label}${cfnIntrinsics ? ' (intrinsics)' : ''}`;
    const full = parseJsonWith('full', text, 'f.json', undefined, { cfnIntrinsics });
    const auto = parseJson(text, 'f.json', undefined, { cfnIntrinsics });
    if (!isDeepStrictEqual(auto, full)) {
      printDiff(`${l}: parseJson`, full, auto);
      return 'DIFF';
    }
    const f = parseJsonWith('fast', text, 'f.json', undefined, { cfnIntrinsics });
    if ('fallback' in f) {
      out ??= f.fallback;
      continue;
    }
    if (!isDeepStrictEqual(f, full) || !('root' in full) || !isDeepStrictEqual(shape(f.root), shape(full.root))) {
      printDiff(l, 'root' in full ? shape(full.root) : full, shape(f.root));
      return 'DIFF';
    }
  }
  return out;
}

const INSERTS = ['{', '}', '[', ']', ',', ':', '"', '\\', '/', '*', '//', '/*', ' ', '\n', '\r', '\t', '0', '-', '.', 'e', 'null', '\\u', '\u00a0', '\0', ',]', ',}', '{"Ref":"X"}'];

runDiffScript({ names: /\.(json|jsonc|template)$/i, maxBytes: 5_000_000, compare, rnd: lcg(1, 'high'), inserts: INSERTS, kinds: 4 });
