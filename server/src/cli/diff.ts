/** The dry run's output: a unified diff (git's a/ b/ headers, 3 lines of context), made by jsdiff. */
import { createTwoFilesPatch } from 'diff';

/** A unified diff of `before` → `after` for `file` ('' when they are equal). */
export function unifiedDiff(file: string, before: string, after: string): string {
  if (before === after) return '';
  const patch = createTwoFilesPatch(`a/${file}`, `b/${file}`, before, after, undefined, undefined, { context: 3 });
  // jsdiff starts with an "Index:"-less "===" line only for createPatch; drop any line before "---".
  const at = patch.indexOf('--- ');
  return at > 0 ? patch.slice(at) : patch;
}
