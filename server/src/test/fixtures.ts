/**
 * Shared test fixtures: real files per format under server/src/test/fixtures/<format>/, read by
 * name instead of pasting the same template into several test files. The corpus (every fixture
 * and every sample) is what rule tables run their rule over (see RuleTable.corpus).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { SourceFile } from '../engine/types';

export const REPO = join(__dirname, '..', '..', '..');
export const FIXTURES = join(REPO, 'server', 'src', 'test', 'fixtures');

/** A fixture's text, e.g. `fixture('cloudformation/bucket-policy.yaml')`. */
export function fixture(path: string): string {
  return readFileSync(join(FIXTURES, path), 'utf8');
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? filesUnder(p) : [p];
    });
}

/** Every fixture and every sample, with paths relative to the repository. */
export function corpus(): SourceFile[] {
  return [FIXTURES, join(REPO, 'samples')].flatMap(filesUnder).map((p) => ({ path: relative(REPO, p), text: readFileSync(p, 'utf8') }));
}
