/**
 * Long string literals, parsed fast.
 *
 * tree-sitter's HCL grammar reads the inside of a string one character per token (its external
 * scanner returns a `template_literal` chunk per character): about 0.6 µs a character in the
 * WebAssembly build, so a 5 MB string takes seconds, however the text is handed over. Comments, on
 * the other hand, are single tokens. So before parsing, every long literal (a quoted string or a
 * heredoc with no `${`/`%{` sequence) is replaced, at the same offsets and with the same line
 * breaks, by an empty string followed by a block comment of the same length (slash-star, spaces,
 * star-slash). The
 * converter then reads such a string's value from the real text (hcl.ts).
 *
 * The scan below only proposes regions; the parse confirms them (hcl.ts checks that each region
 * became exactly that empty string and that comment, and that the tree has no error), and parses
 * the real text instead when anything is off. So a wrong guess costs time, never correctness.
 */

/** Literals shorter than this (characters inside the quotes or heredoc) are parsed as they are. */
export const MASK_MIN_LENGTH = 256;
/** Deeper nesting of interpolations than this: no masking at all. */
const MAX_NESTING = 32;

export interface MaskedLiteral {
  /** Offset of the opening quote, or of `<<`. */
  start: number;
  /** Offset just after the closing quote, or after the heredoc's closing marker. */
  end: number;
  heredoc: boolean;
}

const HEREDOC_START = /<<(-?)([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/y;

class Scanner {
  pos = 0;
  ok = true;
  readonly out: MaskedLiteral[] = [];

  constructor(
    private readonly text: string,
    private readonly min: number,
  ) {}

  /** Code (top level, or inside an interpolation when `inner`): up to the end, or the `}` that closes the interpolation. */
  code(inner: boolean, depth: number): void {
    const t = this.text;
    const n = t.length;
    let braces = 0;
    while (this.pos < n && this.ok) {
      const c = t.charCodeAt(this.pos);
      const d = t.charCodeAt(this.pos + 1);
      if (c === 35 /* # */ || (c === 47 /* / */ && d === 47)) {
        const e = t.indexOf('\n', this.pos);
        this.pos = e < 0 ? n : e;
      } else if (c === 47 && d === 42 /* * */) {
        const e = t.indexOf('*/', this.pos + 2);
        this.pos = e < 0 ? n : e + 2;
      } else if (c === 34 /* " */) {
        this.quoted(depth);
      } else if (c === 60 /* < */ && d === 60) {
        if (!this.heredoc()) this.pos += 2;
      } else if (c === 123 /* { */) {
        braces++;
        this.pos++;
      } else if (c === 125 /* } */) {
        this.pos++;
        if (inner && braces === 0) return;
        braces--;
      } else this.pos++;
    }
  }

  private quoted(depth: number): void {
    const t = this.text;
    const n = t.length;
    const start = this.pos++;
    let template = false;
    while (this.pos < n && this.ok) {
      const c = t.charCodeAt(this.pos);
      if (c === 92 /* \ */) this.pos += 2;
      else if (c === 34) {
        this.pos++;
        if (!template && this.pos - start - 2 >= this.min) this.out.push({ start, end: this.pos, heredoc: false });
        return;
      } else if (c === 10 /* \n */) return; // unterminated
      else if ((c === 36 /* $ */ || c === 37) /* % */ && t.charCodeAt(this.pos + 1) === c && t.charCodeAt(this.pos + 2) === 123) {
        template = true; // `$${` / `%%{`: an escaped sequence; not worth the special case
        this.pos += 3;
      } else if ((c === 36 || c === 37) && t.charCodeAt(this.pos + 1) === 123) {
        template = true;
        this.pos += 2;
        if (depth >= MAX_NESTING) {
          this.ok = false;
          return;
        }
        this.code(true, depth + 1);
      } else this.pos++;
    }
  }

  /** A heredoc at `<<`: skips it (recording it when long and literal); false when `<<` does not start one. */
  private heredoc(): boolean {
    const t = this.text;
    HEREDOC_START.lastIndex = this.pos;
    const m = HEREDOC_START.exec(t);
    if (!m) return false;
    const start = this.pos;
    const marker = m[2];
    const contentStart = this.pos + m[0].length;
    let ls = contentStart;
    while (ls < t.length) {
      let le = t.indexOf('\n', ls);
      if (le < 0) le = t.length;
      const line = t.slice(ls, le);
      if (line.trim() === marker) {
        const end = ls + line.indexOf(marker) + marker.length;
        const content = t.slice(contentStart, ls);
        if (ls - contentStart >= this.min && !/[$%]\{/.test(content)) this.out.push({ start, end, heredoc: true });
        this.pos = end;
        return true;
      }
      ls = le + 1;
    }
    this.pos = t.length; // unterminated: the rest of the file is its content
    return true;
  }
}

/** The long literals of a Terraform file, in order; empty when the scan is unsure. */
export function findLongLiterals(text: string, min = MASK_MIN_LENGTH): MaskedLiteral[] {
  if (text.length < min) return [];
  const s = new Scanner(text, min);
  s.code(false, 0);
  return s.ok ? s.out : [];
}

/** The text with each literal replaced by `""` and a block comment of the same length and line breaks. */
export function maskLiterals(text: string, literals: readonly MaskedLiteral[]): string {
  const parts: string[] = [];
  let last = 0;
  for (const r of literals) {
    parts.push(text.slice(last, r.start), '""/*');
    const inner = text.slice(r.start + 4, r.end - 2);
    // A heredoc keeps its line breaks: blanked line by line (one replacement per character made
    // seconds of garbage on a 5 MB heredoc, outside any look at the clock).
    parts.push(r.heredoc ? inner.replace(/[^\r\n]+/g, (line) => ' '.repeat(line.length)) : ' '.repeat(inner.length), '*/');
    last = r.end;
  }
  parts.push(text.slice(last));
  return parts.join('');
}
