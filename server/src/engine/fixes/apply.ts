/**
 * Applying fixes to a file's text: one fix (a quick fix), or every safe fix at once (fix-all:
 * `awsdp scan --fix`, the editor's "Fix all" and `editor.codeActionsOnSave`).
 *
 * Fixes are computed against one version of the text, so two of them may touch the same place (two
 * statements inserted at the end of one policy, a condition added twice to one statement). Fix-all
 * never applies overlapping edits together: each pass applies the fixes that do not overlap an edit
 * already taken, then the file is analysed again and the next pass takes what is still reported.
 * A pass whose result parses worse than its input (a new parse error) is thrown away.
 */
import type { AnalyzeOptions, Engine, FileResult } from '../engine';
import type { Fix, Finding, SourceFile, Span } from '../types';

/** An edit of one file's text, by offsets. */
export interface SpanEdit {
  span: Span;
  newText: string;
}

/** Whether two edits touch the same text (two insertions at one offset count: their order would be a guess). */
function overlaps(a: Span, b: Span): boolean {
  if (a.start === b.start) return true;
  return a.start < b.end && b.start < a.end;
}

/**
 * Applies non-overlapping edits to `text` (edits are sorted here; callers may pass them in any
 * order). Throws when two edits overlap: callers pick a conflict-free set first (selectFixes).
 */
export function applyEdits(text: string, edits: readonly SpanEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  for (let i = 1; i < sorted.length; i++) {
    if (overlaps(sorted[i - 1].span, sorted[i].span)) throw new Error('applyEdits: overlapping edits');
  }
  let out = '';
  let at = 0;
  for (const e of sorted) {
    if (e.span.start < at || e.span.end > text.length || e.span.start > e.span.end) throw new Error('applyEdits: edit out of range');
    out += text.slice(at, e.span.start) + e.newText;
    at = e.span.end;
  }
  return out + text.slice(at);
}

/**
 * The fixes of `findings` that fix-all may apply to `file`, without conflicts: safe fixes (the first
 * safe fix of each finding), every edit in `file` itself, none overlapping an edit taken before it.
 * Returns the chosen fixes and how many safe fixes were left for a later pass.
 */
export function selectFixes(file: string, findings: readonly Finding[]): { fixes: Fix[]; deferred: number } {
  const taken: Span[] = [];
  const fixes: Fix[] = [];
  const seen = new Set<string>();
  let deferred = 0;
  for (const f of findings) {
    if (f.file !== file) continue;
    const fix = f.fixes.find((x) => x.applicability === 'safe');
    if (!fix || !fix.edits.length) continue;
    if (fix.edits.some((e) => (e.file ?? f.file) !== file)) continue;
    // One fix may stand for several findings (the same statement inserted for two): apply it once.
    const key = JSON.stringify(fix.edits.map((e) => [e.span.start, e.span.end, e.newText]));
    if (seen.has(key)) continue;
    if (fix.edits.some((e) => taken.some((t) => overlaps(t, e.span)))) {
      deferred++;
      continue;
    }
    // A fix whose own edits overlap is not applied either.
    const own = fix.edits.map((e) => e.span);
    if (own.some((s, i) => own.some((t, j) => i < j && overlaps(s, t)))) continue;
    seen.add(key);
    for (const s of own) taken.push(s);
    fixes.push(fix);
  }
  return { fixes, deferred };
}

export interface FixAllOptions extends AnalyzeOptions {
  /** At most this many analyse-and-fix passes (default 5). */
  maxPasses?: number;
}

export interface FixAllResult {
  /** The text with the fixes applied (the input when none applied). */
  text: string;
  /** Fixes applied, over all passes. */
  applied: number;
  /** The findings left after the last pass (of the fixed text). */
  remaining: Finding[];
}

const parseErrors = (r: FileResult) => r.notices.filter((n) => n.kind === 'parse-error' || n.kind === 'internal').length;

/**
 * Applies every safe fix of `file` (its Terraform module's other files as context, as in
 * analyzeDocument), pass after pass until nothing more applies. Edits only `file`.
 */
export function fixAll(engine: Engine, file: SourceFile, moduleFiles: SourceFile[] = [], opts: FixAllOptions = {}): FixAllResult {
  const passes = opts.maxPasses ?? 5;
  let text = file.text;
  let result = engine.analyzeDocument({ path: file.path, text }, moduleFiles, opts);
  let applied = 0;
  for (let pass = 0; pass < passes; pass++) {
    const { fixes } = selectFixes(file.path, result.findings);
    if (!fixes.length) break;
    const next = applyEdits(
      text,
      fixes.flatMap((f) => f.edits.map((e) => ({ span: e.span, newText: e.newText }))),
    );
    const nextResult = engine.analyzeDocument({ path: file.path, text: next }, moduleFiles, opts);
    // A fix that breaks the file (it should never) is not kept.
    if (parseErrors(nextResult) > parseErrors(result)) break;
    text = next;
    result = nextResult;
    applied += fixes.length;
  }
  return { text, applied, remaining: result.findings };
}

/**
 * One edit that turns `before` into `after`: the changed middle, after the common prefix and
 * suffix (an editor keeps the cursor and folding outside it).
 */
export function minimalEdit(before: string, after: string): SpanEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  // Never split a surrogate pair or a CRLF.
  while (start > 0 && (isLow(before.charCodeAt(start)) || (before[start - 1] === '\r' && before[start] === '\n'))) start--;
  while (end > 0 && (isLow(before.charCodeAt(before.length - end)) || (before[before.length - end - 1] === '\r' && before[before.length - end] === '\n'))) end--;
  return { span: { start, end: before.length - end }, newText: after.slice(start, after.length - end) };
}

const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;
