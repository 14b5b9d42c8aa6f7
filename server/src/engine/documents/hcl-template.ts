/**
 * HCL template strings and references, as plain text functions (no parser): shared by the `.tf`
 * converter (documents/hcl.ts) and the Terraform model builder, which also reads templates in
 * `.tf.json` strings and JSON policies written in heredocs.
 */
import type { Span } from '../types';

/** Shortened, one-line source text for `VUnknown.reason`. */
export function shortSource(s: string, max = 80): string {
  const one = (s.length > 4 * max ? s.slice(0, 4 * max) : s).replace(/\s+/g, ' ').trim();
  return one.length > max ? one.slice(0, max - 1) + '…' : one;
}

/**
 * The reference a traversal names: `aws_s3_bucket.b.arn` → `aws_s3_bucket.b`, `var.x` → `var.x`,
 * `data.aws_iam_policy_document.p.json` → `data.aws_iam_policy_document.p`.
 */
export function referenceOf(root: string, attrs: string[]): string | undefined {
  if (root === 'data') return attrs.length >= 2 ? `data.${attrs[0]}.${attrs[1]}` : undefined;
  if (attrs.length < 1) return undefined;
  return `${root}.${attrs[0]}`;
}

export interface TemplatePart {
  start: number;
  end: number;
  kind: 'interpolation' | 'directive';
}

/** The `${...}` and `%{...}` sequences of a template string (`$${` and `%%{` are escapes). Linear. */
export function templateParts(s: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if ((c === 36 /* $ */ || c === 37) /* % */ && s.charCodeAt(i + 1) === c && s.charCodeAt(i + 2) === 123) {
      i += 3;
      continue;
    }
    if ((c === 36 || c === 37) && s.charCodeAt(i + 1) === 123 /* { */) {
      let j = i + 2;
      let depth = 1;
      while (j < n && depth > 0) {
        const d = s.charCodeAt(j);
        if (d === 34 /* " */) {
          for (j++; j < n && s.charCodeAt(j) !== 34; j++) if (s.charCodeAt(j) === 92) j++;
        } else if (d === 123) depth++;
        else if (d === 125) depth--;
        j++;
      }
      parts.push({ start: i, end: Math.min(j, n), kind: c === 36 ? 'interpolation' : 'directive' });
      i = j;
      continue;
    }
    i++;
  }
  return parts;
}

export function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
export function isIdentChar(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57) || c === 45;
}

/** References named inside the `${...}`/`%{...}` parts of a template string (for `.tf.json` and embedded JSON). */
export function templateRefs(s: string, parts: TemplatePart[] = templateParts(s)): string[] {
  const refs = new Set<string>();
  for (const p of parts) {
    let k = p.start + 2;
    while (k < p.end) {
      const c = s.charCodeAt(k);
      if (c === 34) {
        for (k++; k < p.end && s.charCodeAt(k) !== 34; k++) if (s.charCodeAt(k) === 92) k++;
        k++;
        continue;
      }
      if (!isIdentStart(c) || isIdentChar(s.charCodeAt(k - 1)) || s.charCodeAt(k - 1) === 46 /* . */) {
        k++;
        continue;
      }
      const names: string[] = [];
      let e = k;
      for (;;) {
        const st = e;
        while (e < p.end && isIdentChar(s.charCodeAt(e))) e++;
        names.push(s.slice(st, e));
        if (s.charCodeAt(e) === 46 && isIdentStart(s.charCodeAt(e + 1))) e++;
        else break;
      }
      if (s.charCodeAt(e) !== 40 /* ( : a function call */) {
        const r = referenceOf(names[0], names.slice(1));
        if (r) refs.add(r);
      }
      k = e;
    }
  }
  return [...refs];
}

/** Decodes `$${` and `%%{` (template escapes) in a literal template. */
export function unescapeTemplate(s: string): string {
  return s.includes('$${') || s.includes('%%{') ? s.split('$${').join('${').split('%%{').join('%{') : s;
}

const SIMPLE_ESCAPES: Record<string, string | undefined> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/**
 * Decodes the backslash escapes of a quoted HCL string. With `keepTemplateEscapes`, `$${` and
 * `%%{` stay as written (the result is still a template).
 */
export function unescapeQuoted(raw: string, keepTemplateEscapes: boolean): string {
  if (!raw.includes('\\') && (keepTemplateEscapes || (!raw.includes('$${') && !raw.includes('%%{')))) return raw;
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const c = raw[i];
    if (c === '\\' && i + 1 < raw.length) {
      const e = raw[i + 1];
      const simple = SIMPLE_ESCAPES[e];
      if (simple !== undefined) {
        out += simple;
        i += 2;
        continue;
      }
      const len = e === 'u' ? 4 : e === 'U' ? 8 : 0;
      const hex = raw.slice(i + 2, i + 2 + len);
      if (len && hex.length === len && /^[0-9a-fA-F]+$/.test(hex) && parseInt(hex, 16) <= 0x10ffff) {
        out += String.fromCodePoint(parseInt(hex, 16));
        i += 2 + len;
        continue;
      }
      out += c;
      i++;
      continue;
    }
    if (!keepTemplateEscapes && (c === '$' || c === '%') && raw[i + 1] === c && raw[i + 2] === '{') {
      out += c + '{';
      i += 3;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

export interface HeredocParts {
  flush: boolean;
  contentStart: number;
  contentEnd: number;
}

/** Where the content of a heredoc (`<<EOF` / `<<-EOF`) written at `span` lies in `text`. */
export function heredocParts(text: string, span: Span): HeredocParts | undefined {
  if (!text.startsWith('<<', span.start)) return undefined;
  const flush = text[span.start + 2] === '-';
  let idEnd = span.start + (flush ? 3 : 2);
  const idStart = idEnd;
  while (idEnd < span.end && isIdentChar(text.charCodeAt(idEnd))) idEnd++;
  const marker = text.slice(idStart, idEnd);
  let nl = idEnd;
  while (nl < span.end && text[nl] !== '\n') nl++;
  const contentStart = Math.min(nl + 1, span.end);
  // The closing marker is the last line of the span (absent when the file is cut short).
  let ls = span.end;
  while (ls > contentStart && text[ls - 1] !== '\n') ls--;
  const contentEnd = marker && text.slice(ls, span.end).trim() === marker ? ls : span.end;
  return { flush, contentStart, contentEnd: Math.max(contentStart, contentEnd) };
}

/** Removes the indentation common to all non-blank lines (`<<-` heredocs). */
export function dedent(s: string): string {
  const lines = s.split('\n');
  let min = Infinity;
  for (const l of lines) {
    if (!l.trim()) continue;
    let w = 0;
    while (w < l.length && (l[w] === ' ' || l[w] === '\t')) w++;
    min = Math.min(min, w);
  }
  if (!Number.isFinite(min) || min === 0) return s;
  return lines.map((l) => l.slice(Math.min(min, l.length - l.trimStart().length))).join('\n');
}

/**
 * The template text of a string value written at `span` in a `.tf` file: a heredoc's raw content
 * (with `offset`, where the content starts in the file, so spans into it can be mapped back), or a
 * quoted string with its backslash escapes decoded (no offset: positions inside do not map 1:1).
 * `$${`/`%%{` escapes are kept. Undefined when the text at `span` is neither.
 */
export function templateSource(text: string, span: Span): { content: string; offset?: number } | undefined {
  if (text[span.start] === '"') {
    const end = span.end - 1 > span.start && text[span.end - 1] === '"' ? span.end - 1 : span.end;
    const inner = text.slice(span.start + 1, end);
    return isOneQuotedTemplate(inner) ? { content: unescapeQuoted(inner, true) } : undefined;
  }
  const h = heredocParts(text, span);
  if (!h) return undefined;
  return { content: text.slice(h.contentStart, h.contentEnd), offset: h.contentStart };
}

/** True when `inner` has no unescaped `"` outside `${...}`: the span is one quoted string, not e.g. `"a" == x ? ...`. */
function isOneQuotedTemplate(inner: string): boolean {
  const parts = templateParts(inner);
  let p = 0;
  for (let i = 0; i < inner.length; i++) {
    while (p < parts.length && parts[p].end <= i) p++;
    if (p < parts.length && parts[p].start <= i) {
      i = parts[p].end - 1;
      continue;
    }
    const c = inner[i];
    if (c === '\\') i++;
    else if (c === '"') return false;
  }
  return true;
}

/**
 * JSON written as a Terraform template (`jsonencode`-free policies in strings and heredocs): each
 * `${...}` is replaced by filler of the same length so the JSON parses with unchanged offsets —
 * letters inside a JSON string, a JSON string elsewhere.
 */
export function maskInterpolations(content: string, parts: TemplatePart[] = templateParts(content)): string {
  if (!parts.length) return content;
  let out = '';
  let inString = false;
  let i = 0;
  for (const p of parts) {
    for (; i < p.start; i++) {
      const c = content[i];
      if (c === '\\' && inString) {
        i++;
        continue;
      }
      if (c === '"') inString = !inString;
    }
    const len = p.end - p.start;
    out += content.slice(out.length, p.start) + (inString ? 'x'.repeat(len) : `"${'x'.repeat(Math.max(0, len - 2))}"`);
    i = p.end;
  }
  return out + content.slice(out.length);
}
