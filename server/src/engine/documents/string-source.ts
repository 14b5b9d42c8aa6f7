/**
 * The text a string value holds, as written in its file, with where each character of it is in
 * the file: for JSON held as text in a string (ECS container definitions, state machine
 * definitions, event inputs), so that what is read from that JSON points at the exact characters
 * of the outer file, through whatever quoting and escaping the outer string uses.
 *
 * `content` is the string's value (Terraform: its template source, `${...}` and `$${` kept);
 * `offsets[i]` is the file offset of `content[i]`, and `offsets[content.length]` the end of the
 * last one. An escape (`\"` in a JSON or HCL string, `''` in a YAML single-quoted scalar) maps to
 * the escape's first character, so a span of `content` maps to the whole escape sequence.
 */
import { heredocParts } from './hcl-template';
import type { Span } from '../types';

export interface StringSource {
  content: string;
  offsets: Int32Array;
  /**
   * How the outer string is written: what an edit of a plain run inside it must respect (a JSON
   * or HCL string escapes quotes and backslashes; a heredoc or YAML block takes them as they are).
   */
  quoting: 'heredoc' | 'hcl-quoted' | 'json-string' | 'yaml-single' | 'yaml-block';
}

/** `[start, end)` of `content` as a file span. */
export function fileSpan(src: StringSource, start: number, end: number): Span {
  return { start: src.offsets[start], end: end > start ? src.offsets[end - 1] + rawLength(src, end - 1) : src.offsets[start] };
}

/** Length in the file of the character `content[i]` (1, or the length of its escape). */
function rawLength(src: StringSource, i: number): number {
  const next = src.offsets[i + 1];
  const cur = src.offsets[i];
  // The next character may begin after a line break that is not part of the content (YAML blocks).
  return src.quoting === 'yaml-block' || src.quoting === 'heredoc' ? 1 : Math.max(1, next - cur);
}

function identity(text: string, start: number, end: number, quoting: StringSource['quoting']): StringSource {
  const offsets = new Int32Array(end - start + 1);
  for (let i = 0; i <= end - start; i++) offsets[i] = start + i;
  return { content: text.slice(start, end), offsets, quoting };
}

const JSON_ESCAPES: Record<string, string | undefined> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const HCL_ESCAPES: Record<string, string | undefined> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** Decodes backslash escapes of `text[start, end)` (the inside of the quotes), with offsets. Undefined on a malformed escape. */
function unescape(text: string, start: number, end: number, hcl: boolean): StringSource | undefined {
  let content = '';
  const offsets: number[] = [];
  let i = start;
  while (i < end) {
    const c = text[i];
    if (c !== '\\') {
      content += c;
      offsets.push(i);
      i++;
      continue;
    }
    const e = text[i + 1];
    const simple = (hcl ? HCL_ESCAPES : JSON_ESCAPES)[e];
    if (simple !== undefined && i + 1 < end) {
      content += simple;
      offsets.push(i);
      i += 2;
      continue;
    }
    const len = e === 'u' ? 4 : hcl && e === 'U' ? 8 : 0;
    const hex = text.slice(i + 2, i + 2 + len);
    if (!len || i + 2 + len > end || !/^[0-9a-fA-F]+$/.test(hex) || parseInt(hex, 16) > 0x10ffff) return undefined;
    const s = String.fromCodePoint(parseInt(hex, 16));
    for (const ch of s.split('')) {
      content += ch;
      offsets.push(i);
    }
    i += 2 + len;
  }
  offsets.push(end);
  return { content, offsets: Int32Array.from(offsets), quoting: hcl ? 'hcl-quoted' : 'json-string' };
}

/**
 * The source of a Terraform string written at `span` in a `.tf` file: a heredoc (`<<EOF`; a
 * `<<-EOF` heredoc too, whose indentation JSON does not mind), or a quoted string.
 */
export function hclStringSource(text: string, span: Span): StringSource | undefined {
  if (text[span.start] === '"') {
    if (span.end - span.start < 2 || text[span.end - 1] !== '"') return undefined;
    return unescape(text, span.start + 1, span.end - 1, true);
  }
  const h = heredocParts(text, span);
  return h ? identity(text, h.contentStart, h.contentEnd, 'heredoc') : undefined;
}

/** A JSON string literal written at `span` (CloudFormation JSON, `.tf.json`). */
export function jsonStringSource(text: string, span: Span): StringSource | undefined {
  if (text[span.start] !== '"' || span.end - span.start < 2 || text[span.end - 1] !== '"') return undefined;
  return unescape(text, span.start + 1, span.end - 1, false);
}

/**
 * A YAML scalar written at `span` whose value is `value`: single-quoted on one line, double-quoted
 * on one line (JSON escapes), or a literal block (`|`, `|-`, `|+`) whose lines are the value's
 * lines after their indentation. Folded blocks and multi-line quoted or plain scalars fold line
 * breaks into spaces: not mapped (undefined). The result is checked against `value`.
 */
export function yamlStringSource(text: string, span: Span, value: string): StringSource | undefined {
  const c = text[span.start];
  let src: StringSource | undefined;
  if (c === "'" || c === '"') {
    const raw = text.slice(span.start, span.end);
    if (/[\r\n]/.test(raw) || raw.length < 2 || raw[raw.length - 1] !== c) return undefined;
    if (c === '"') src = unescape(text, span.start + 1, span.end - 1, false);
    else {
      let content = '';
      const offsets: number[] = [];
      for (let i = span.start + 1; i < span.end - 1; i++) {
        content += text[i];
        offsets.push(i);
        if (text[i] === "'" && text[i + 1] === "'") i++;
      }
      offsets.push(span.end - 1);
      src = { content, offsets: Int32Array.from(offsets), quoting: 'yaml-single' };
    }
  } else if (c === '|') src = literalBlock(text, span);
  else return undefined;
  // A block's trailing line breaks depend on its chomping indicator; the JSON in it does not.
  const expected = src?.quoting === 'yaml-block' ? value.replace(/\n+$/, '') : value;
  return src && src.content === expected ? src : undefined;
}

/** A literal block scalar: every line after the header, without the block's indentation. */
function literalBlock(text: string, span: Span): StringSource | undefined {
  let i = span.start;
  while (i < span.end && text[i] !== '\n') i++;
  const header = text.slice(span.start, i);
  if (!/^\|[+-]?[1-9]?[+-]?\s*(?:#.*)?$/.test(header)) return undefined;
  i++;
  // The indentation of the first non-blank line (an explicit indentation indicator is rare: not mapped).
  if (/[1-9]/.test(header.replace(/#.*/, ''))) return undefined;
  let indent = -1;
  for (let j = i; j < span.end; ) {
    let k = j;
    while (k < span.end && text[k] === ' ') k++;
    if (k < span.end && text[k] !== '\n' && text[k] !== '\r') {
      indent = k - j;
      break;
    }
    while (k < span.end && text[k] !== '\n') k++;
    j = k + 1;
  }
  if (indent <= 0) return undefined;
  let content = '';
  const offsets: number[] = [];
  let j = i;
  while (j < span.end) {
    let e = j;
    while (e < span.end && text[e] !== '\n') e++;
    const lineEnd = e > j && text[e - 1] === '\r' ? e - 1 : e;
    const from = Math.min(j + indent, lineEnd);
    for (let k = from; k < lineEnd; k++) {
      content += text[k];
      offsets.push(k);
    }
    if (e < span.end) {
      content += '\n';
      offsets.push(lineEnd);
    }
    j = e + 1;
  }
  offsets.push(span.end);
  // Chomping: the value's trailing line breaks are the parser's to decide; compare without them.
  const trimmed = content.replace(/\n+$/, '');
  return { content: trimmed, offsets: Int32Array.from(offsets.slice(0, trimmed.length + 1)), quoting: 'yaml-block' };
}
