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
import { isDeepStrictEqual } from 'node:util';
import { parseYamlWith } from '../engine/documents/yaml';
import { LineIndex } from '../engine/text';
import { lcg, printDiff, runDiffScript } from './differential';

function compare(label: string, text: string): string | undefined {
  const full = parseYamlWith('full', 'f.yaml', text, new LineIndex(text));
  const f = parseYamlWith('fast', 'f.yaml', text, new LineIndex(text));
  if ('fallback' in f) return f.fallback;
  if (!isDeepStrictEqual(f, full)) {
    printDiff(label, full, f);
    return 'DIFF';
  }
  return undefined;
}

const INSERTS = [':', '-', ' ', '\t', '\n', '#', '!', '&', '*', '?', '[', ']', '{', '}', ',', '"', "'", '|', '>', '%', '@', '\\', '!Ref ', '!Foo ', '!!str ', ' #x', ': ', '- '];

runDiffScript({
  names: /\.(ya?ml|template)$/i,
  maxBytes: 2_000_000,
  compare,
  reasonKey: (r) => r.replace(/ [^ ]*$/, (m) => (m.length > 20 ? '' : m)),
  rnd: lcg(1, 'low'),
  inserts: INSERTS,
  kinds: 3,
});
