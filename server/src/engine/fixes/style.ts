/**
 * The style around an edit, shared by every dialect's renderer: line ending, indentation unit,
 * line geometry and `terraform fmt` alignment. Pure text functions; no parser, no state.
 */
import type { Span } from '../types';

export { detectEol, indentationAt } from '../text';

/**
 * The indentation unit of a file: a tab when its first indented line starts with one, else the
 * spaces of that line (4 when it is a multiple of 4, 2 otherwise: a file whose first indented line
 * is nested deeper still says 2 or 4). Two spaces when nothing is indented.
 */
export function indentUnit(text: string, opts: { tabs?: boolean } = {}): string {
  const allowTabs = opts.tabs ?? true;
  for (let i = text.indexOf('\n'); i >= 0 && i < text.length - 1; i = text.indexOf('\n', i + 1)) {
    let e = i + 1;
    while (text[e] === ' ' || text[e] === '\t') e++;
    if (e === i + 1 || e >= text.length || text[e] === '\n' || text[e] === '\r') continue;
    if (text[i + 1] === '\t') return allowTabs ? '\t' : '  ';
    const width = e - (i + 1);
    return width % 4 === 0 ? '    ' : '  ';
  }
  return '  ';
}

/** Offset of the start of the line holding `offset`. */
export function lineStartOf(text: string, offset: number): number {
  let s = offset;
  while (s > 0 && text[s - 1] !== '\n' && text[s - 1] !== '\r') s--;
  return s;
}

/** Offset of the end of the line holding `offset` (before its line break). */
export function lineEndOf(text: string, offset: number): number {
  let e = offset;
  while (e < text.length && text[e] !== '\n' && text[e] !== '\r') e++;
  return e;
}

/** Offset just after the line break that ends the line holding `offset` (text length on the last line). */
export function nextLineStart(text: string, offset: number): number {
  const e = lineEndOf(text, offset);
  if (text[e] === '\r' && text[e + 1] === '\n') return e + 2;
  return e < text.length ? e + 1 : e;
}

/** True when only spaces and tabs precede `offset` on its line. */
export function startsLine(text: string, offset: number): boolean {
  for (let i = offset - 1; i >= 0; i--) {
    const c = text[i];
    if (c === '\n' || c === '\r') return true;
    if (c !== ' ' && c !== '\t') return false;
  }
  return true;
}

/** True when only spaces, tabs or a comment (`#`, `//`) follow `offset` on its line. */
export function endsLine(text: string, offset: number): boolean {
  const rest = text.slice(offset, lineEndOf(text, offset)).trimStart();
  return rest === '' || rest.startsWith('#') || rest.startsWith('//');
}

/** True when the text under `span` holds no line break. */
export function isOneLine(text: string, span: Span): boolean {
  for (let i = span.start; i < span.end; i++) if (text[i] === '\n' || text[i] === '\r') return false;
  return true;
}

/** Number of line breaks between two offsets (a blank line between two items gives 2). */
export function lineBreaksBetween(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (text[i] === '\n') n++;
  return n;
}

/** Lines `key = value` with the `=` aligned, as `terraform fmt` writes consecutive attributes. */
export function alignedAttributes(attrs: [string, string][], indent: string): string[] {
  const width = attrs.reduce((w, [k]) => Math.max(w, k.length), -Infinity);
  return attrs.map(([k, v]) => `${indent}${k.padEnd(width)} = ${v}`);
}

/** The edit that deletes whole lines from the line holding `start` through the line holding `end`. */
export function wholeLines(text: string, start: number, end: number): Span {
  return { start: lineStartOf(text, start), end: nextLineStart(text, Math.max(start, end - 1)) };
}
