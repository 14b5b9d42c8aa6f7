import type { PolicyDocument } from '../model/model';
import { detectEol, indentationAt } from '../text';
import type { TextEdit } from '../types';
import { isHclExpr, type PlainValue } from './statement';

/** Detects the indentation unit of a JSON file from its first indented line. */
export function jsonIndentUnit(text: string): string {
  const m = /\n([ \t]+)\S/.exec(text);
  if (!m) return '  ';
  return m[1].startsWith('\t') ? '\t' : m[1].length >= 4 && m[1].length % 4 === 0 ? '    ' : '  ';
}

/** Writes a value as pretty JSON, indented from `indent`, with the file's unit and line ending. */
export function writeJson(v: PlainValue, indent: string, unit: string, eol: string): string {
  if (isHclExpr(v)) throw new Error('a Terraform expression cannot be written as JSON');
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  const inner = indent + unit;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    if (v.every((x) => x === null || typeof x !== 'object')) {
      const flat = `[${v.map((x) => JSON.stringify(x)).join(', ')}]`;
      if (flat.length <= 80) return flat;
    }
    return `[${eol}${v.map((x) => inner + writeJson(x, inner, unit, eol)).join(',' + eol)}${eol}${indent}]`;
  }
  const entries = Object.entries(v);
  if (entries.length === 0) return '{}';
  return `{${eol}${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${writeJson(x, inner, unit, eol)}`).join(',' + eol)}${eol}${indent}}`;
}

/** Appends a statement to the `Statement` array (or turns a single statement into an array). */
export function insertStatementJson(doc: PolicyDocument, text: string, stmt: Record<string, PlainValue>): TextEdit | undefined {
  const c = doc.statementContainer;
  if (!c || c.embedded) return undefined;
  const eol = detectEol(text);
  const unit = jsonIndentUnit(text);
  if (c.kind === 'array') {
    const last = c.items[c.items.length - 1];
    if (!last) {
      const indent = indentationAt(text, c.span.start) + unit;
      return { span: { start: c.span.start + 1, end: c.span.start + 1 }, newText: `${eol}${indent}${writeJson(stmt, indent, unit, eol)}${eol}${indentationAt(text, c.span.start)}` };
    }
    const sameLine = text.slice(c.span.start, last.span.start).indexOf('\n') < 0;
    const indent = sameLine ? indentationAt(text, c.span.start) + unit : indentationAt(text, last.span.start);
    return { span: { start: last.span.end, end: last.span.end }, newText: `,${eol}${indent}${writeJson(stmt, indent, unit, eol)}` };
  }
  if (c.kind === 'object') {
    const indent = indentationAt(text, c.span.start);
    const itemIndent = indent + unit;
    const old = text.slice(c.span.start, c.span.end).replace(/\r?\n/g, eol + unit);
    return {
      span: c.span,
      newText: `[${eol}${itemIndent}${old},${eol}${itemIndent}${writeJson(stmt, itemIndent, unit, eol)}${eol}${indent}]`,
    };
  }
  return undefined;
}
