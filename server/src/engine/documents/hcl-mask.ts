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
/**
 * Quoted strings at least this long are masked too when a file is parsed once (no later
 * incremental parse): most strings of a file then cost one token instead of one per character.
 */
export const MASK_MIN_SHORT = 4;
/** The shortest literal (characters inside) a mask fits in: `""` and an empty block comment. */
const MASK_MIN_FIT = 4;
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
/**
 * The characters the scanner acts on in code and in a quoted string; it steps over any other one,
 * and these searches do that stepping (a character at a time in JavaScript was most of the scan's
 * time in a one-off process such as a CLI run, whose code is not optimised yet).
 */
const CODE_STOP = /[#/"<{}]/g;
const QUOTED_STOP = /[\\\0"\n$%]/g;

class Scanner {
  pos = 0;
  ok = true;
  readonly out: MaskedLiteral[] = [];

  constructor(
    private readonly text: string,
    private readonly min: number,
    private readonly heredocMin: number,
  ) {}

  /** Code (top level, or inside an interpolation when `inner`): up to the end, or the `}` that closes the interpolation. */
  code(inner: boolean, depth: number): void {
    const t = this.text;
    const n = t.length;
    let braces = 0;
    while (this.pos < n && this.ok) {
      // Straight to the next character that matters here (any other is stepped over).
      CODE_STOP.lastIndex = this.pos;
      if (!CODE_STOP.test(t)) {
        this.pos = n;
        break;
      }
      this.pos = CODE_STOP.lastIndex - 1;
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
    // A template, or a literal tree-sitter stops at (a NUL character, an escape it rejects): not masked.
    let asIs = false;
    while (this.pos < n && this.ok) {
      QUOTED_STOP.lastIndex = this.pos;
      if (!QUOTED_STOP.test(t)) {
        this.pos = n; // unterminated
        return;
      }
      this.pos = QUOTED_STOP.lastIndex - 1;
      const c = t.charCodeAt(this.pos);
      if (c === 92 /* \ */) {
        if (!validEscape(t, this.pos)) asIs = true;
        this.pos += 2;
      } else if (c === 0) {
        asIs = true;
        this.pos++;
      } else if (c === 34) {
        this.pos++;
        if (!asIs && this.pos - start - 2 >= this.min) this.out.push({ start, end: this.pos, heredoc: false });
        return;
      } else if (c === 10 /* \n */) return; // unterminated
      else if ((c === 36 /* $ */ || c === 37) /* % */ && t.charCodeAt(this.pos + 1) === c && t.charCodeAt(this.pos + 2) === 123) {
        asIs = true; // `$${` / `%%{`: an escaped sequence; not worth the special case
        this.pos += 3;
      } else if ((c === 36 || c === 37) && t.charCodeAt(this.pos + 1) === 123) {
        asIs = true;
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
        // tree-sitter ends a heredoc only at a marker line followed by a line break, and stops at a NUL character.
        if (ls - contentStart >= this.heredocMin && le < t.length && !/[$%]\{|\0/.test(content)) this.out.push({ start, end, heredoc: true });
        this.pos = end;
        return true;
      }
      ls = le + 1;
    }
    this.pos = t.length; // unterminated: the rest of the file is its content
    return true;
  }
}

/**
 * The long literals of a Terraform file, in order; empty when the scan is unsure. `min` is the
 * shortest quoted string, `heredocMin` the shortest heredoc (characters inside).
 */
export function findLongLiterals(text: string, min = MASK_MIN_LENGTH, heredocMin = min): MaskedLiteral[] {
  if (text.length < Math.min(min, heredocMin)) return [];
  const s = new Scanner(text, Math.max(min, MASK_MIN_FIT), Math.max(heredocMin, MASK_MIN_FIT));
  s.code(false, 0);
  return s.ok ? s.out : [];
}

/**
 * Whether the escape at `i` (a backslash) is one tree-sitter's HCL scanner accepts: `\n \r \t \" \\`,
 * `\u` and 4 hex digits, `\U` and 8. On any other it stops the string with a syntax error, which
 * the masked text must keep (so such a string is not masked).
 */
function validEscape(t: string, i: number): boolean {
  const e = t.charCodeAt(i + 1);
  if (e === 110 /* n */ || e === 114 /* r */ || e === 116 /* t */ || e === 34 /* " */ || e === 92 /* \ */) return true;
  const len = e === 117 /* u */ ? 4 : e === 85 /* U */ ? 8 : 0;
  if (!len) return false;
  for (let k = i + 2; k < i + 2 + len; k++) if (!isHexDigit(t.charCodeAt(k))) return false;
  return true;
}

function isHexDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
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
