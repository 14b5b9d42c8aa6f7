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
