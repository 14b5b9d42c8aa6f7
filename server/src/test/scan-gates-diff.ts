/**
 * Differential check of the whole-file scans' pre-filters (scan-gates.ts) against their plain
 * expressions, over every IaC file under the given directories (default: the repository, and the
 * shared corpus and realworld folders beside it when present). Not part of the suite; after `npx tsc -b`:
 *   node server/out/test/scan-gates-diff.js [--mutations N] [dir...]
 * Prints how many files were checked and every text a pre-filter ruled out although its expression
 * matches (exit code 1 when there is one). With --mutations N, also N mutations per file.
 */
import { lcg, runDiffScript } from './differential';
import { ScanGateTally } from './scan-gates';

const tally = new ScanGateTally();
let shown = 0;

function compare(label: string, text: string): string | undefined {
  if (tally.check(label, text)) return undefined;
  for (; shown < tally.failures.length; shown++) console.log(`DIFF ${tally.failures[shown]}`);
  return 'DIFF';
}

const INSERTS = ['_', '.', '-', 'y', 'Y', 'K', 'IA', 'KEY', 'AKIA', 'secret', 'TOKEN', 'amazonaws.', 'AWS_USE_FIPS_ENDPOINT', ' ', '\n', '"', '\\'];

process.on('exit', () => console.log(`matches of the plain expressions: ${[...tally.matched].map(([k, n]) => `${k.slice(0, 40)}: ${n}`).join('; ')}`));
runDiffScript({ names: /\.(json|jsonc|template|ya?ml|tf|hcl|tfvars)$|^(config|credentials)$/i, maxBytes: 5_000_000, compare, rnd: lcg(11, 'high'), inserts: INSERTS, kinds: 4 });
