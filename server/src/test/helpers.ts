import { Engine, type FileResult } from '../engine/engine';
import type { Finding, SourceFile, TextEdit } from '../engine/types';

let enginePromise: Promise<Engine> | undefined;
export function engine(): Promise<Engine> {
  return (enginePromise ??= Engine.create());
}

/** Applies non-overlapping edits to a text (last first). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start);
  for (const e of sorted) text = text.slice(0, e.span.start) + e.newText + text.slice(e.span.end);
  return text;
}

export async function analyze(path: string, text: string, siblings: SourceFile[] = []): Promise<FileResult> {
  const e = await engine();
  return e.analyzeDocument({ path, text }, siblings);
}

/** The source text a finding points at. */
export function textAt(text: string, f: Finding): string {
  return text.slice(f.span.start, f.span.end);
}

/**
 * Every line start of a text, found at once (the reference for LineIndex, which finds them lazily):
 * \r\n, \r and \n end a line when the text has a \r; else only \n. `lineOf` by binary search.
 */
export function referenceLineStarts(text: string): { starts: number[]; lineOf(o: number): number } {
  const starts = [0];
  const cr = text.includes('\r');
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n' || (cr && c === '\r')) {
      if (c === '\r' && text[i + 1] === '\n') i++;
      starts.push(i + 1);
    }
  }
  const lineOf = (o: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  return { starts, lineOf };
}
