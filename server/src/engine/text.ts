import { isUtf8 } from 'node:buffer';
import type { Position, Range, Span } from './types';

/** Maps offsets to 0-based line/character positions (UTF-16 code units) and back. */
export class LineIndex {
  /**
   * Offsets where lines start, in a typed array: its memory is outside the garbage-collected heap,
   * so the collector neither copies nor marks it while an analysis holds the document. Found as far
   * as needed, when first needed: most files of a scan have no finding, a file's first line
   * (FileResult.firstLine) is read without them, and a finding near the top of a large file (a
   * standalone policy's) needs only the lines above it.
   */
  private starts = NO_STARTS;
  /** How many of `starts` are found: every line start up to the last of them is. */
  private count = 0;
  /** Every line start is found. */
  private complete = false;
  /**
   * A carriage return was found before the next line start to find: from there \r\n, \r and \n all end a
   * line, read a character at a time (before it, only \n does, found with indexOf).
   */
  private cr = false;
  /** The text up to here holds no carriage return (looked for a chunk at a time, as far as lines are found). */
  private crFreeTo = 0;
  /** The line lineAt found last (where the next search starts when it can). */
  private near = 0;

  constructor(private readonly text: string) {}

  get lineCount(): number {
    this.findAll();
    return this.count;
  }

  positionAt(offset: number): Position {
    offset = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineAt(offset, 0);
    return { line, character: offset - this.starts[line] };
  }

  /** The line holding `offset` (already clamped to the text), searching from line `from` (a line at or before it). */
  private lineAt(offset: number, from: number): number {
    this.findPast(offset);
    const starts = this.starts;
    let lo = from;
    let hi = this.count - 1;
    // The line of the last answer, or the next one: a file's findings come in order, and the end of a
    // span (or the related place of a finding) is usually a line or two below its start.
    const near = this.near;
    if (near > lo && starts[near] <= offset) lo = near;
    if (lo < hi && starts[lo + 1] > offset) return (this.near = lo);
    if (lo + 1 < hi && starts[lo + 2] > offset) return (this.near = lo + 1);
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return (this.near = lo);
  }

  offsetAt(pos: Position): number {
    if (pos.line < 0) return 0;
    this.findLine(pos.line + 1);
    if (pos.line >= this.count) return this.text.length;
    const lineStart = this.starts[pos.line];
    const next = pos.line + 1 < this.count ? this.starts[pos.line + 1] : this.text.length;
    return Math.max(lineStart, Math.min(lineStart + pos.character, next));
  }

  /**
   * The positions of a span's ends (as `positionAt` gives them). One search for the start; the end,
   * usually on the same line or a few lines below, is looked for from there.
   */
  range(span: Span): Range {
    const max = this.text.length;
    const s = Math.max(0, Math.min(span.start, max));
    const e = Math.max(0, Math.min(span.end, max));
    const sl = this.lineAt(s, 0);
    let el = sl;
    if (e < s) el = this.lineAt(e, 0);
    else {
      this.findPast(e);
      const starts = this.starts;
      const last = this.count - 1;
      for (let k = 0; el < last && starts[el + 1] <= e; k++) {
        if (k === 4) {
          el = this.lineAt(e, el);
          break;
        }
        el++;
      }
    }
    const starts = this.starts;
    return { start: { line: sl, character: s - starts[sl] }, end: { line: el, character: e - starts[el] } };
  }

  lineStart(line: number): number {
    this.findLine(line);
    return this.starts[Math.max(0, Math.min(line, this.count - 1))];
  }

  /** Text of a line without its line terminator. */
  lineText(line: number): string {
    if (line === 0 && this.count === 0) {
      // The first line: up to the first \n or \r.
      const text = this.text;
      const nl = text.indexOf('\n');
      let end = nl < 0 ? text.length : nl;
      for (let i = 0; i < end; i++) {
        if (text.charCodeAt(i) === 13) {
          end = i;
          break;
        }
      }
      return text.slice(0, end);
    }
    const s = this.lineStart(line);
    this.findLine(line + 1);
    const e = line + 1 < this.count ? this.starts[line + 1] : this.text.length;
    return this.text.slice(s, e).replace(/\r?\n$|\r$/, '');
  }

  /** Finds line starts until one past `offset` is found (or all are): every start at or before `offset` is then known. */
  private findPast(offset: number): void {
    if (this.count === 0) this.begin();
    while (!this.complete && this.starts[this.count - 1] <= offset) this.findNext();
  }

  /** Finds line starts until line `line` has one (or all are). */
  private findLine(line: number): void {
    if (this.count === 0) this.begin();
    while (!this.complete && this.count <= line) this.findNext();
  }

  private findAll(): void {
    if (this.count === 0) this.begin();
    while (!this.complete) this.findNext();
  }

  private begin(): void {
    const text = this.text;
    // About one line per 32 characters, at most 1,024 lines to begin with (4 KB: most questions are about
    // lines near the top, such as a standalone policy's findings); grown by doubling.
    this.starts = new Uint32Array(Math.min(1 + (text.length >> 5), 1 << 10) + 1);
    this.count = 1; // starts[0] = 0
  }

  /**
   * Whether the text holds a carriage return before `end`, as far as one has not been found yet: looked
   * for a chunk at a time (a slice shares the text's characters), so a question about a line near the
   * top of a large file does not read the whole file.
   */
  private crBefore(end: number): boolean {
    const text = this.text;
    while (this.crFreeTo < end) {
      const to = Math.min(text.length, Math.max(end, this.crFreeTo + CR_CHUNK));
      const at = text.slice(this.crFreeTo, to).indexOf('\r');
      if (at >= 0) {
        this.crFreeTo += at;
        return this.crFreeTo < end;
      }
      this.crFreeTo = to;
    }
    return false;
  }

  /** Finds the start of the line after the last one found, or notes that there is none. */
  private findNext(): void {
    const text = this.text;
    let from = this.starts[this.count - 1];
    let next = -1;
    if (!this.cr) {
      const nl = text.indexOf('\n', from);
      // The line and its break (a \r before the \n ends the line there) must hold no carriage return.
      if (this.crBefore(nl < 0 ? text.length : nl + 1)) this.cr = true;
      else if (nl >= 0) next = nl + 1;
    }
    if (this.cr) {
      for (; from < text.length; from++) {
        const c = text.charCodeAt(from);
        if (c !== 10 /* \n */ && c !== 13 /* \r */) continue;
        next = c === 13 && text.charCodeAt(from + 1) === 10 ? from + 2 : from + 1;
        break;
      }
    }
    if (next < 0) {
      this.complete = true;
      return;
    }
    if (this.count === this.starts.length) {
      const grown = new Uint32Array(this.count * 2);
      grown.set(this.starts);
      this.starts = grown;
    }
    this.starts[this.count++] = next;
  }
}

const NO_STARTS = new Uint32Array(1);
/** Characters looked at for a carriage return at a time (LineIndex.crBefore). */
const CR_CHUNK = 1 << 16;

/** The indentation (spaces/tabs) of the line holding `offset`. */
export function indentationAt(text: string, offset: number): string {
  let s = offset;
  while (s > 0 && text[s - 1] !== '\n' && text[s - 1] !== '\r') s--;
  let e = s;
  while (e < text.length && (text[e] === ' ' || text[e] === '\t')) e++;
  return text.slice(s, e);
}

/** The line ending the file uses, from its first line break ("\r\n" or "\n"); O(first line). */
export function detectEol(text: string): string {
  const i = text.indexOf('\n');
  return i > 0 && text.charCodeAt(i - 1) === 13 ? '\r\n' : '\n';
}

export interface DecodedText {
  text: string;
  /** The bytes were meant as UTF-8 but some were not: those were read as U+FFFD. */
  invalidUtf8: boolean;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be';
}

/**
 * Decodes a file's bytes as editors do: UTF-8, or UTF-16 when the file starts with its byte order
 * mark. Invalid UTF-8 is read as U+FFFD (one per invalid sequence, as VS Code and TextDecoder do),
 * so offsets and positions are those of the decoded text, the text an editor shows. A BOM stays in
 * the text (the engine blanks it out, keeping offsets).
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return { text: buf.toString('utf16le', 0, buf.length & ~1), invalidUtf8: false, encoding: 'utf-16le' };
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    const swapped = Buffer.from(buf.subarray(0, buf.length & ~1));
    swapped.swap16();
    return { text: swapped.toString('utf16le'), invalidUtf8: false, encoding: 'utf-16be' };
  }
  const text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(buf);
  // U+FFFD in the text is either invalid bytes or a real U+FFFD: only then is the full check needed.
  return { text, invalidUtf8: text.includes('\ufffd') && !isUtf8(buf), encoding: 'utf-8' };
}
