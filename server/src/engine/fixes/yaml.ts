import type { PolicyDocument } from '../model/model';
import { isIntrinsicKey } from '../model/intrinsics';
import { detectEol, indentationAt } from '../text';
import type { TextEdit } from '../types';
import { isHclExpr, type PlainValue } from './statement';

const PLAIN_SAFE = /^[A-Za-z0-9_./][A-Za-z0-9_ ./:*-]*$/;
const YAML_WORDS = /^(true|false|yes|no|on|off|null|~|y|n)$/i;

/** A YAML scalar, quoted only when needed (single quotes, as CloudFormation templates usually do). */
export function yamlScalar(v: string | number | boolean | null): string {
  if (v === null) return 'null';
  if (typeof v !== 'string') return String(v);
  if (PLAIN_SAFE.test(v) && !YAML_WORDS.test(v) && !/^[0-9.]+$/.test(v) && !v.includes(': ') && !v.endsWith(':') && v.trim() === v) return v;
  return `'${v.replace(/'/g, "''")}'`;
}

function isIntrinsicCall(v: PlainValue): v is Record<string, PlainValue> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isHclExpr(v) && Object.keys(v).length === 1 && isIntrinsicKey(Object.keys(v)[0]);
}

function shortTag(key: string): string {
  return '!' + key.replace(/^Fn::/, '');
}

/**
 * Writes `v` as the value of a block mapping entry or sequence item at `indent` (the column of
 * the entry's key). Returns text starting right after `key:` or `- ` (with a leading space or a
 * newline as YAML requires).
 */
function writeValue(v: PlainValue, indent: string, unit: string, eol: string, short: boolean): string {
  if (isHclExpr(v)) throw new Error('a Terraform expression cannot be written as YAML');
  if (v === null || typeof v !== 'object') return ' ' + yamlScalar(v);
  if (isIntrinsicCall(v)) {
    const [k, arg] = Object.entries(v)[0];
    if (short && (arg === null || typeof arg !== 'object')) return ` ${shortTag(k)} ${yamlScalar(arg)}`;
    if (short) return ` ${shortTag(k)}${writeValue(arg, indent, unit, eol, short)}`;
  }
  const inner = indent + unit;
  if (Array.isArray(v)) {
    if (v.length === 0) return ' []';
    return v.map((x) => `${eol}${inner}-${writeItem(x, inner + '  ', unit, eol, short)}`).join('');
  }
  const entries = Object.entries(v);
  if (entries.length === 0) return ' {}';
  return entries.map(([k, x]) => `${eol}${inner}${yamlScalar(k)}:${writeValue(x, inner, unit, eol, short)}`).join('');
}

/** A sequence item's content: a mapping starts on the dash's line. */
function writeItem(v: PlainValue, itemIndent: string, unit: string, eol: string, short: boolean): string {
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && !isHclExpr(v) && !isIntrinsicCall(v)) {
    const entries = Object.entries(v as Record<string, PlainValue>);
    return entries
      .map(([k, x], i) => `${i === 0 ? ' ' : eol + itemIndent}${yamlScalar(k)}:${writeValue(x, itemIndent, unit, eol, short)}`)
      .join('');
  }
  return writeValue(v, itemIndent.slice(0, -2), unit, eol, short);
}

function yamlIndentUnit(text: string): string {
  const m = /\n( +)\S/.exec(text);
  return m && m[1].length >= 4 && m[1].length % 4 === 0 ? '    ' : '  ';
}

let lastText: string | undefined;
let lastShort = false;
/** Whether the file writes intrinsics in the short form (cached for the last text: fixes of one file ask repeatedly). */
function usesShortForms(text: string): boolean {
  if (text !== lastText) {
    lastText = text;
    lastShort = /(^|[\s[,:-])!(Ref|Sub|GetAtt|Join|If|Select)\b/.test(text);
  }
  return lastShort;
}

/** Appends a statement to a block-style `Statement` sequence in the file's own style. */
export function insertStatementYaml(doc: PolicyDocument, text: string, stmt: Record<string, PlainValue>): TextEdit | undefined {
  const c = doc.statementContainer;
  if (!c || c.kind !== 'array' || c.flow || c.embedded) return undefined;
  const last = c.items[c.items.length - 1];
  if (!last) return undefined;
  const eol = detectEol(text);
  const unit = yamlIndentUnit(text);
  // The dash of the last item: items start after "- " on a line whose indentation is the dash's column.
  const dashIndent = indentationAt(text, last.span.start);
  const lineStart = last.span.start - (last.span.start - text.lastIndexOf('\n', last.span.start - 1) - 1);
  const prefix = text.slice(lineStart, last.span.start);
  if (!/^\s*-\s*$/.test(prefix) && !/^\s*-\s+\S/.test(text.slice(lineStart, last.span.end))) return undefined;
  const short = usesShortForms(text);
  // Insert at the end of the line where the last item ends (after any trailing comment).
  let at = last.span.end;
  while (at < text.length && text[at] !== '\n' && text[at] !== '\r') at++;
  const itemIndent = dashIndent + '  ';
  const body = writeItem(stmt, itemIndent, unit, eol, short);
  return { span: { start: at, end: at }, newText: `${eol}${dashIndent}-${body}` };
}
