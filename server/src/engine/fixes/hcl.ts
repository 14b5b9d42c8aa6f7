import type { PolicyDocument } from '../model/model';
import { detectEol, indentationAt } from '../text';
import type { Span, TextEdit } from '../types';
import { get, type VNode, type VObject } from '../value';
import { isHclExpr, type PlainValue } from './statement';

/**
 * Writers that append a statement to a policy written in Terraform: the object syntax of
 * `jsonencode({...})`, and `statement` blocks of `data "aws_iam_policy_document"`. Output follows
 * `terraform fmt` (aligned `=`) and the file's indentation and line endings.
 */

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** A string as an HCL quoted string (template sequences escaped, so the text is taken literally). */
export function hclString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '"' || c === '\\') out += '\\' + c;
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if ((c === '$' || c === '%') && s[i + 1] === '{') out += c + c;
    else out += c;
  }
  return out + '"';
}

function hclKey(k: string): string {
  return IDENTIFIER.test(k) ? k : hclString(k);
}

/** A value on one line: `"x"`, `["a", b.arn]`, `{ Bool = { "aws:SecureTransport" = "false" } }`. HclExpr is written raw. */
export function hclValue(v: PlainValue): string {
  if (isHclExpr(v)) return v.$hcl;
  if (v === null) return 'null';
  if (typeof v === 'string') return hclString(v);
  if (typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return `[${v.map(hclValue).join(', ')}]`;
  const entries = Object.entries(v);
  return entries.length ? `{ ${entries.map(([k, x]) => `${hclKey(k)} = ${hclValue(x)}`).join(', ')} }` : '{}';
}

/** The indentation unit of a file: the whitespace of its first indented line (two spaces when none). */
function indentUnit(text: string): string {
  for (let i = text.indexOf('\n'); i >= 0 && i < text.length; i = text.indexOf('\n', i + 1)) {
    let e = i + 1;
    while (text[e] === ' ' || text[e] === '\t') e++;
    if (e > i + 1 && e < text.length && text[e] !== '\n' && text[e] !== '\r') return text[i + 1] === '\t' ? '\t' : text.slice(i + 1, e);
  }
  return '  ';
}

/** Lines `key = value` with the `=` aligned, as `terraform fmt` writes consecutive attributes. */
function alignedAttributes(attrs: [string, string][], indent: string): string[] {
  const width = Math.max(...attrs.map(([k]) => k.length));
  return attrs.map(([k, v]) => `${indent}${k.padEnd(width)} = ${v}`);
}

function startsLine(text: string, offset: number): boolean {
  for (let i = offset - 1; i >= 0; i--) {
    const c = text[i];
    if (c === '\n' || c === '\r') return true;
    if (c !== ' ' && c !== '\t') return false;
  }
  return true;
}

/** Whether the existing statement objects separate their (multi-line) attributes with commas. */
function usesCommas(text: string, sample: VNode | undefined): boolean {
  if (sample?.kind !== 'object' || sample.entries.length < 2) return false;
  const [a, b] = sample.entries;
  const between = text.slice(a.span.end, b.keySpan.start);
  return between.includes('\n') && between.trimStart().startsWith(',');
}

/** A statement as a multi-line HCL object; the closing brace is at `indent`. */
function hclObject(stmt: Record<string, PlainValue>, indent: string, unit: string, eol: string, commas: boolean): string {
  const attrs = Object.entries(stmt).map(([k, v]): [string, string] => [hclKey(k), hclValue(v)]);
  const lines = alignedAttributes(attrs, indent + unit);
  return `{${eol}${lines.join((commas ? ',' : '') + eol)}${eol}${indent}}`;
}

/**
 * Appends a statement to `Statement = [...]` in a `jsonencode({...})` policy; a single statement
 * object becomes a list. Undefined when the statement list is not written as a literal.
 */
export function insertStatementHclObject(doc: PolicyDocument, text: string, stmt: Record<string, PlainValue>): TextEdit | undefined {
  const c = doc.statementContainer;
  if (!c || c.embedded) return undefined;
  const eol = detectEol(text);
  const unit = indentUnit(text);
  if (c.kind === 'array') {
    const last = c.items[c.items.length - 1];
    if (!last) {
      const indent = indentationAt(text, c.span.start);
      const at = c.span.start + 1;
      return { span: { start: at, end: at }, newText: `${eol}${indent + unit}${hclObject(stmt, indent + unit, unit, eol, false)}${eol}${indent}` };
    }
    const commas = usesCommas(text, c.items.find((i) => i.kind === 'object'));
    if (startsLine(text, last.span.start)) {
      const indent = indentationAt(text, last.span.start);
      return { span: { start: last.span.end, end: last.span.end }, newText: `,${eol}${indent}${hclObject(stmt, indent, unit, eol, commas)}` };
    }
    // `[{ ... }]`: continue on the line where the last statement closes.
    const indent = indentationAt(text, last.span.end);
    return { span: { start: last.span.end, end: last.span.end }, newText: `, ${hclObject(stmt, indent, unit, eol, commas)}` };
  }
  if (c.kind === 'object') {
    const indent = indentationAt(text, c.span.end);
    const old = text.slice(c.span.start, c.span.end);
    return { span: { ...c.span }, newText: `[${old}, ${hclObject(stmt, indent, unit, eol, usesCommas(text, c))}]` };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// data "aws_iam_policy_document" statement blocks

type Line = { block: string; lines: BlockBody } | [string, string];
type BlockBody = Line[];

function asItems(v: PlainValue): PlainValue[] {
  return Array.isArray(v) ? v : [v];
}

/** Condition values are strings in `aws_iam_policy_document`. */
function stringList(v: PlainValue): string {
  return hclValue(asItems(v).map((x) => (typeof x === 'number' || typeof x === 'boolean' ? String(x) : x)));
}

function principalBlocks(name: string, v: PlainValue): Line[] | undefined {
  if (v === '*') return [{ block: name, lines: [['type', '"*"'], ['identifiers', '["*"]']] }];
  if (typeof v !== 'object' || v === null || Array.isArray(v) || isHclExpr(v)) return undefined;
  return Object.entries(v).map(([type, ids]) => ({ block: name, lines: [['type', hclString(type)], ['identifiers', stringList(ids)]] }));
}

function conditionBlocks(v: PlainValue): Line[] | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || isHclExpr(v)) return undefined;
  const out: Line[] = [];
  for (const [test, byKey] of Object.entries(v)) {
    if (typeof byKey !== 'object' || byKey === null || Array.isArray(byKey) || isHclExpr(byKey)) return undefined;
    for (const [variable, values] of Object.entries(byKey)) {
      out.push({ block: 'condition', lines: [['test', hclString(test)], ['variable', hclString(variable)], ['values', stringList(values)]] });
    }
  }
  return out;
}

const LIST_ARGUMENTS: Record<string, string> = { Action: 'actions', NotAction: 'not_actions', Resource: 'resources', NotResource: 'not_resources' };
const ORDER = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];

/** The body of a `statement` block for an IAM statement; undefined when an element has no block form here. */
function statementBody(stmt: Record<string, PlainValue>): BlockBody | undefined {
  const body: BlockBody = [];
  const keys = Object.keys(stmt);
  if (keys.some((k) => !ORDER.includes(k))) return undefined;
  for (const k of ORDER) {
    if (!(k in stmt)) continue;
    const v = stmt[k];
    if (k === 'Sid' || k === 'Effect') body.push([k.toLowerCase(), hclValue(v)]);
    else if (k in LIST_ARGUMENTS) body.push([LIST_ARGUMENTS[k], hclValue(asItems(v))]);
    else {
      const blocks = k === 'Condition' ? conditionBlocks(v) : principalBlocks(k === 'Principal' ? 'principals' : 'not_principals', v);
      if (!blocks) return undefined;
      body.push(...blocks);
    }
  }
  return body;
}

function writeBlock(name: string, body: BlockBody, indent: string, unit: string): string[] {
  const out = [`${indent}${name} {`];
  const inner = indent + unit;
  let run: [string, string][] = [];
  const flush = () => {
    if (run.length) out.push(...alignedAttributes(run, inner));
    run = [];
  };
  for (const l of body) {
    if (Array.isArray(l)) run.push(l);
    else {
      flush();
      out.push(...writeBlock(l.block, l.lines, inner, unit));
    }
  }
  flush();
  out.push(`${indent}}`);
  return out;
}

function blankLineBetween(text: string, a: Span, b: Span): boolean {
  const between = text.slice(a.end, b.start);
  return between.split('\n').length > 2;
}

/**
 * Appends a `statement { ... }` block after the last statement of a `data "aws_iam_policy_document"`
 * (or as the first one). Undefined for `.tf.json` files and statements without a block form.
 */
export function insertStatementPolicyDocumentBlock(doc: PolicyDocument, text: string, stmt: Record<string, PlainValue>): TextEdit | undefined {
  if (doc.resource?.dialect !== 'hcl') return undefined;
  const body = doc.statementContainer ?? doc.node;
  if (body.kind !== 'object') return undefined;
  const content = statementBody(stmt);
  if (!content) return undefined;
  const eol = detectEol(text);
  const unit = indentUnit(text);
  const statements = get(body, 'statement');
  const items = statements?.kind === 'array' ? statements.items : [];
  if (items.length) {
    const last = items.reduce((a, b) => (b.span.end > a.span.end ? b : a));
    const indent = indentationAt(text, last.span.start);
    const blank = items.length < 2 || blankLineBetween(text, items[items.length - 2].span, items[items.length - 1].span);
    const block = writeBlock('statement', content, indent, unit).join(eol);
    return { span: { start: last.span.end, end: last.span.end }, newText: `${eol}${blank ? eol : ''}${block}` };
  }
  return firstStatement(body, text, writeBlock('statement', content, indentationAt(text, body.span.start) + unit, unit).join(eol), eol);
}

/** Inserts the first statement block of a data source: after its last argument, or into an empty body. */
function firstStatement(body: VObject, text: string, block: string, eol: string): TextEdit | undefined {
  const close = body.span.end - 1;
  if (text[close] !== '}') return undefined;
  const lastEntry = body.entries[body.entries.length - 1];
  if (lastEntry) return { span: { start: lastEntry.span.end, end: lastEntry.span.end }, newText: `${eol}${eol}${block}` };
  const open = text.lastIndexOf('{', close - 1);
  if (open < body.span.start || text.slice(open + 1, close).trim() !== '') return undefined;
  return { span: { start: open + 1, end: close }, newText: `${eol}${block}${eol}${indentationAt(text, body.span.start)}` };
}
