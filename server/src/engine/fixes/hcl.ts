/**
 * Fix operations rendered in Terraform native syntax: attributes and nested blocks of resources,
 * the object syntax of `jsonencode({...})`, and `statement` blocks of
 * `data "aws_iam_policy_document"`. Output follows `terraform fmt` (aligned `=` over consecutive
 * one-line attributes) and the file's indentation and line endings.
 */
import type { Condition, PolicyDocument, Resource, Slot, Statement } from '../model/model';
import type { Span, TextEdit } from '../types';
import { get, scalarString, type VEntry, type VNode, type VObject } from '../value';
import type { RenderContext } from './context';
import { conditionPlacement, conditionSite, removeCommaEntry } from './tree';
import { Expr, Intrinsic, isLoweredMap, JsonEncode, type Lowered } from './lower';
import { conditionBlock, policyDocumentStatement } from './policy-document';
import { resolveSlot } from './slots';
import { alignedAttributes, indentationAt, isOneLine, lineBreaksBetween, lineEndOf, startsLine, wholeLines } from './style';

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

export function hclKey(k: string): string {
  return IDENTIFIER.test(k) ? k : hclString(k);
}

/** A value on one line: `"x"`, `["a", b.arn]`, `{ Bool = { "aws:SecureTransport" = "false" } }`. Expressions are written raw. */
export function hclValue(v: Lowered): string {
  if (v instanceof Expr) return v.text;
  if (v instanceof JsonEncode) return `jsonencode(${hclValue(v.value)})`;
  if (v instanceof Intrinsic) throw new Error('a CloudFormation intrinsic cannot be written in Terraform');
  if (v === null) return 'null';
  if (typeof v === 'string') return hclString(v);
  if (typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return `[${v.map(hclValue).join(', ')}]`;
  const entries = Object.entries(v);
  return entries.length ? `{ ${entries.map(([k, x]) => `${hclKey(k)} = ${hclValue(x)}`).join(', ')} }` : '{}';
}

/** Whether the existing statement objects separate their (multi-line) attributes with commas. */
function usesCommas(text: string, sample: VNode | undefined): boolean {
  if (sample?.kind !== 'object' || sample.entries.length < 2) return false;
  const [a, b] = sample.entries;
  const between = text.slice(a.span.end, b.keySpan.start);
  return between.includes('\n') && between.trimStart().startsWith(',');
}

/** An object as a multi-line HCL object; the closing brace is at `indent`. */
function hclObject(obj: { [k: string]: Lowered }, indent: string, unit: string, eol: string, commas: boolean): string {
  const attrs = Object.entries(obj).map(([k, v]): [string, string] => [hclKey(k), hclValue(v)]);
  const lines = alignedAttributes(attrs, indent + unit);
  return `{${eol}${lines.join((commas ? ',' : '') + eol)}${eol}${indent}}`;
}

// ---------------------------------------------------------------------------------------------
// Bodies: attributes and nested blocks

/** A nested block entry (`name { ... }` written once or more, or `dynamic "name"`), as opposed to an attribute. */
function isBlockEntry(e: VEntry): boolean {
  const v = e.value;
  return v.kind === 'array' && v.items.length > 0 && v.items.every((i) => (i.kind === 'object' && !i.flow) || (i.kind === 'unknown' && i.reason.startsWith('dynamic')));
}

/** The `{` that opens a body or object. */
function openBrace(text: string, obj: VObject): number {
  if (obj.flow) return text[obj.span.start] === '{' ? obj.span.start : -1;
  const first = obj.entries.reduce<number>((m, e) => Math.min(m, e.keySpan.start), obj.span.end);
  return text.lastIndexOf('{', first - 1) >= obj.span.start ? text.lastIndexOf('{', first - 1) : -1;
}

/** The consecutive one-line attributes (each at a line start, on successive lines) around `e`, as `terraform fmt` aligns them. */
function runAround(text: string, obj: VObject, e: VEntry): VEntry[] {
  const attrs = obj.entries.filter((x) => !isBlockEntry(x)).sort((a, b) => a.keySpan.start - b.keySpan.start);
  const i = attrs.indexOf(e);
  if (i < 0 || !startsLine(text, e.keySpan.start)) return [];
  const joins = (a: VEntry, b: VEntry) => isOneLine(text, a.span) && startsLine(text, b.keySpan.start) && lineBreaksBetween(text, a.span.end, b.keySpan.start) === 1 && !blockBetween(obj, a, b);
  let s = i;
  while (s > 0 && joins(attrs[s - 1], attrs[s])) s--;
  let t = i;
  while (t < attrs.length - 1 && isOneLine(text, attrs[t].span) && joins(attrs[t], attrs[t + 1])) t++;
  return attrs.slice(s, t + 1);
}

function blockBetween(obj: VObject, a: VEntry, b: VEntry): boolean {
  return obj.entries.some((x) => isBlockEntry(x) && x.span.start > a.span.end && x.span.start < b.keySpan.start);
}

/**
 * Edits that re-pad the `=` of a run so that it is aligned at `width` (keys as written, or as
 * renamed in `renamed`). Entries whose key and padding are already right get no edit.
 */
function realign(text: string, run: VEntry[], width: number, renamed = new Map<VEntry, string>()): TextEdit[] {
  const out: TextEdit[] = [];
  for (const e of run) {
    const eq = text.indexOf('=', e.keySpan.end);
    if (eq < 0) continue;
    const key = renamed.get(e) ?? text.slice(e.keySpan.start, e.keySpan.end);
    const want = key.padEnd(width) + ' ';
    if (text.slice(e.keySpan.start, eq) !== want) out.push({ span: { start: e.keySpan.start, end: eq }, newText: want });
  }
  return out;
}

function keyWidth(run: VEntry[]): number {
  return run.reduce((w, e) => Math.max(w, e.keySpan.end - e.keySpan.start), 0);
}

/** The indentation of a body's or multi-line object's entries. */
function entryIndent(ctx: RenderContext, obj: VObject): string {
  const first = obj.entries.find((e) => startsLine(ctx.text, e.keySpan.start));
  return first ? indentationAt(ctx.text, first.keySpan.start) : indentationAt(ctx.text, obj.span.start) + ctx.unit;
}

type Line = { block: string; lines: Line[] } | [string, string] | { attr: string; value: JsonEncode };

/**
 * `jsonencode({...})` over several lines, as people write policies: each object's attributes on
 * their own lines (aligned as `terraform fmt` does), lists of objects one object per item; other
 * values on one line. The first line continues `key = `; the others carry their indentation.
 */
function jsonencodeLines(v: JsonEncode, indent: string, unit: string): string[] {
  const object = (obj: { [k: string]: Lowered }, ind: string): string[] => {
    const out: string[] = [];
    let run: [string, string][] = [];
    const flush = () => {
      if (run.length) for (const line of alignedAttributes(run, ind)) out.push(line);
      run = [];
    };
    for (const [k, x] of Object.entries(obj)) {
      if (Array.isArray(x) && x.length > 0 && x.every(isLoweredMap)) {
        flush();
        out.push(`${ind}${hclKey(k)} = [`);
        for (const item of x) {
          out.push(`${ind}${unit}{`);
          for (const line of object(item as { [k: string]: Lowered }, ind + unit + unit)) out.push(line);
          out.push(`${ind}${unit}},`);
        }
        out.push(`${ind}]`);
      } else run.push([hclKey(k), hclValue(x)]);
    }
    flush();
    return out;
  };
  if (!isLoweredMap(v.value)) return [hclValue(v)];
  return ['jsonencode({', ...object(v.value, indent + unit), `${indent}})`];
}

function writeLines(body: Line[], indent: string, unit: string): string[] {
  const out: string[] = [];
  let run: [string, string][] = [];
  const flush = () => {
    if (run.length) for (const line of alignedAttributes(run, indent)) out.push(line);
    run = [];
  };
  for (const l of body) {
    if (Array.isArray(l)) run.push(l);
    else if ('attr' in l) {
      flush();
      const [first, ...rest] = jsonencodeLines(l.value, indent, unit);
      out.push(`${indent}${l.attr} = ${first}`);
      for (const line of rest) out.push(line);
    } else {
      flush();
      for (const line of writeBlock(l.block, l.lines, indent, unit)) out.push(line);
    }
  }
  flush();
  return out;
}

function writeBlock(name: string, body: Line[], indent: string, unit: string): string[] {
  return [`${indent}${name} {`, ...writeLines(body, indent + unit, unit), `${indent}}`];
}

/**
 * A body from a lowered object, in its order: a key whose value is a non-empty list of objects is
 * written as nested blocks (one per object), anything else as an attribute.
 */
function bodyOf(props: { [k: string]: Lowered }): Line[] {
  const out: Line[] = [];
  for (const [k, v] of Object.entries(props)) {
    if (Array.isArray(v) && v.length > 0 && v.every(isLoweredMap)) for (const item of v) out.push({ block: k, lines: bodyOf(item as { [k: string]: Lowered }) });
    else if (v instanceof JsonEncode && isLoweredMap(v.value)) out.push({ attr: hclKey(k), value: v });
    else out.push([hclKey(k), hclValue(v)]);
  }
  return out;
}

/** Attributes first, then blocks (how a new resource is written). */
function attributesFirst(props: { [k: string]: Lowered }): { [k: string]: Lowered } {
  const isBlocks = (v: Lowered) => Array.isArray(v) && v.length > 0 && v.every(isLoweredMap);
  const entries = Object.entries(props);
  return Object.fromEntries([...entries.filter(([, v]) => !isBlocks(v)), ...entries.filter(([, v]) => isBlocks(v))]);
}

/**
 * Adds an attribute (or, with `block`, a nested block holding `lines`) to a block body or an
 * object, aligned with the attributes around it.
 */
function addToBody(ctx: RenderContext, obj: VObject, item: { key: string; value: string } | { block: string; lines: Line[] }): TextEdit[] | undefined {
  const { text, eol, unit } = ctx;
  const isAttr = 'key' in item;
  if (obj.flow && isOneLine(text, obj.span)) {
    if (!isAttr) return undefined;
    const last = obj.entries[obj.entries.length - 1];
    if (!last) {
      if (text.slice(obj.span.start, obj.span.end).replace(/\s/g, '') !== '{}') return undefined;
      return [{ span: obj.span, newText: `{ ${item.key} = ${item.value} }` }];
    }
    return [{ span: { start: last.span.end, end: last.span.end }, newText: `, ${item.key} = ${item.value}` }];
  }
  const indent = entryIndent(ctx, obj);
  const ordered = [...obj.entries].sort((a, b) => a.keySpan.start - b.keySpan.start);
  const attrs = ordered.filter((e) => !isBlockEntry(e));
  const prev = isAttr ? attrs[attrs.length - 1] : ordered[ordered.length - 1];
  if (!prev) {
    const open = openBrace(text, obj);
    const close = obj.span.end - 1;
    if (open < 0 || text[close] !== '}') return undefined;
    const lines = isAttr ? [`${indent}${item.key} = ${item.value}`] : writeBlock(item.block, item.lines, indent, unit);
    if (text.slice(open + 1, close).trim() === '') return [{ span: { start: open + 1, end: close }, newText: `${eol}${lines.join(eol)}${eol}${indentationAt(text, obj.span.start)}` }];
    // Only blocks so far (or comments): the attribute goes first.
    const firstLine = lineEndOf(text, open) + (text[lineEndOf(text, open)] === '\r' ? 2 : 1);
    return [{ span: { start: firstLine, end: firstLine }, newText: `${lines.join(eol)}${eol}` }];
  }
  const commas = obj.flow && usesCommas(text, obj);
  let at = prev.span.end;
  let lead = commas ? ',' : '';
  let trail = '';
  let k = at;
  while (text[k] === ' ' || text[k] === '\t') k++;
  if (text[k] === ',') {
    at = k + 1;
    lead = '';
    trail = prev === ordered[ordered.length - 1] || !isAttr ? ',' : '';
  }
  if (!isAttr) {
    const block = writeBlock(item.block, item.lines, indent, unit).join(eol);
    return [{ span: { start: lineEndOf(text, at), end: lineEndOf(text, at) }, newText: `${eol}${eol}${block}` }];
  }
  if (!startsLine(text, prev.keySpan.start)) return undefined;
  const run = isOneLine(text, prev.span) ? runAround(text, obj, prev) : [];
  const width = Math.max(keyWidth(run), item.key.length);
  const edits = realign(text, run, width);
  // After a trailing comment: the comma stays with the value, the new line goes after the comment.
  const end = lineEndOf(text, at);
  if (lead) edits.push({ span: { start: at, end: at }, newText: lead });
  edits.push({ span: { start: end, end }, newText: `${eol}${indent}${item.key.padEnd(width)} = ${item.value}${trail}` });
  return edits;
}

/** Removes an attribute or a nested block written once; the attributes around it are aligned again. */
function removeFromBody(ctx: RenderContext, obj: VObject, e: VEntry): TextEdit[] | undefined {
  const { text } = ctx;
  if (isOneLine(text, obj.span) && obj.flow) return removeCommaEntry(obj, e);
  if (isBlockEntry(e)) {
    const v = e.value;
    if (v.kind !== 'array' || v.items.length !== 1) return undefined;
    return [{ span: wholeLines(text, v.items[0].span.start, v.items[0].span.end), newText: '' }];
  }
  if (!startsLine(text, e.keySpan.start)) return undefined;
  const run = runAround(text, obj, e).filter((x) => x !== e);
  const edits = realign(text, run, keyWidth(run));
  edits.push({ span: wholeLines(text, e.keySpan.start, e.span.end), newText: '' });
  return edits;
}

/** Replaces a value in place (on one line). */
function replaceValue(node: VNode, value: Lowered): TextEdit[] | undefined {
  if (node.kind === 'array' && node.items.some((i) => i.kind === 'object' && !i.flow)) return undefined; // a block, not a value
  return [{ span: node.span, newText: hclValue(value) }];
}

// ---------------------------------------------------------------------------------------------
// jsonencode({...}) policies

/**
 * Appends a statement to `Statement = [...]` in a `jsonencode({...})` policy; a single statement
 * object becomes a list. Undefined when the statement list is not written as a literal.
 */
export function insertStatementHclObject(ctx: RenderContext, doc: PolicyDocument, stmt: Lowered): TextEdit[] | undefined {
  const { text, eol, unit } = ctx;
  if (!isLoweredMap(stmt)) return undefined;
  const c = doc.statementContainer;
  if (!c) return doc.node.kind === 'object' ? addToBody(ctx, doc.node, { key: 'Statement', value: hclValue([stmt]) }) : undefined;
  if (c.embedded) return undefined;
  if (c.kind === 'array') {
    const last = c.items[c.items.length - 1];
    if (!last) {
      const indent = indentationAt(text, c.span.start);
      const at = c.span.start + 1;
      return [{ span: { start: at, end: at }, newText: `${eol}${indent + unit}${hclObject(stmt, indent + unit, unit, eol, false)}${eol}${indent}` }];
    }
    const commas = usesCommas(text, c.items.find((i) => i.kind === 'object'));
    if (startsLine(text, last.span.start)) {
      const indent = indentationAt(text, last.span.start);
      return [{ span: { start: last.span.end, end: last.span.end }, newText: `,${eol}${indent}${hclObject(stmt, indent, unit, eol, commas)}` }];
    }
    // `[{ ... }]`: continue on the line where the last statement closes.
    const indent = indentationAt(text, last.span.end);
    return [{ span: { start: last.span.end, end: last.span.end }, newText: `, ${hclObject(stmt, indent, unit, eol, commas)}` }];
  }
  if (c.kind === 'object') {
    const indent = indentationAt(text, c.span.end);
    const old = text.slice(c.span.start, c.span.end);
    return [{ span: { ...c.span }, newText: `[${old}, ${hclObject(stmt, indent, unit, eol, usesCommas(text, c))}]` }];
  }
  return undefined;
}

function addConditionHclObject(ctx: RenderContext, s: Statement, operator: string, key: string, values: Lowered[]): TextEdit[] | undefined {
  const p = conditionPlacement(s, operator, key, values);
  if (!p) return undefined;
  return p.kind === 'insert' ? addToBody(ctx, p.into, { key: hclKey(p.key), value: hclValue(p.value) }) : replaceValue(p.node, p.value);
}

function setConditionOperatorHclObject(ctx: RenderContext, doc: PolicyDocument, c: Condition, operator: string): TextEdit[] | undefined {
  const site = conditionSite(doc, c);
  if (!site) return undefined;
  const block = site.op.value as VObject;
  const target = site.block.entries.find((e) => e.key === operator);
  if (block.entries.length !== 1 || target) {
    // Other keys share the operator (or the new operator exists): move this key, its values as written (one line).
    const values = site.key.value;
    if (!isOneLine(ctx.text, values.span)) return undefined;
    const raw = ctx.text.slice(values.span.start, values.span.end);
    const removal = block.entries.length === 1 ? removeFromBody(ctx, site.block, site.op) : removeFromBody(ctx, block, site.key);
    let add: TextEdit[] | undefined;
    if (target) {
      if (target.value.kind !== 'object' || target.value.entries.some((e) => e.key === c.key)) return undefined;
      add = addToBody(ctx, target.value, { key: hclKey(c.key), value: raw });
    } else add = addToBody(ctx, site.block, { key: hclKey(operator), value: `{ ${hclKey(c.key)} = ${raw} }` });
    return removal && add ? [...removal, ...add] : undefined;
  }
  const key = hclKey(operator);
  const run = isOneLine(ctx.text, site.op.span) ? runAround(ctx.text, site.block, site.op) : [];
  if (run.length < 2) return [{ span: site.op.keySpan, newText: key }];
  const renamed = new Map([[site.op, key]]);
  const width = run.reduce((w, e) => Math.max(w, (renamed.get(e) ?? ctx.text.slice(e.keySpan.start, e.keySpan.end)).length), -Infinity);
  return realign(ctx.text, run, width, renamed);
}

// ---------------------------------------------------------------------------------------------
// data "aws_iam_policy_document" statement blocks

function blankLineBetween(text: string, a: Span, b: Span): boolean {
  return lineBreaksBetween(text, a.end, b.start) > 1;
}

/**
 * Appends a `statement { ... }` block after the last statement of a `data "aws_iam_policy_document"`
 * (or as the first one). Undefined for `.tf.json` files and statements without a block form.
 */
export function insertStatementPolicyDocumentBlock(ctx: RenderContext, doc: PolicyDocument, stmt: Lowered): TextEdit[] | undefined {
  const { text, eol, unit } = ctx;
  if (doc.resource?.dialect !== 'hcl' || !isLoweredMap(stmt)) return undefined;
  const body = doc.statementContainer ?? doc.node;
  if (body.kind !== 'object') return undefined;
  const args = policyDocumentStatement(stmt);
  if (!args) return undefined;
  const content = bodyOf(args);
  const statements = get(body, 'statement');
  const items = statements?.kind === 'array' ? statements.items : [];
  if (items.length) {
    const last = items.reduce((a, b) => (b.span.end > a.span.end ? b : a));
    const indent = indentationAt(text, last.span.start);
    const blank = items.length < 2 || blankLineBetween(text, items[items.length - 2].span, items[items.length - 1].span);
    const block = writeBlock('statement', content, indent, unit).join(eol);
    return [{ span: { start: last.span.end, end: last.span.end }, newText: `${eol}${blank ? eol : ''}${block}` }];
  }
  return firstStatement(body, text, writeBlock('statement', content, indentationAt(text, body.span.start) + unit, unit).join(eol), eol);
}

/** Inserts the first statement block of a data source: after its last argument, or into an empty body. */
function firstStatement(body: VObject, text: string, block: string, eol: string): TextEdit[] | undefined {
  const close = body.span.end - 1;
  if (text[close] !== '}') return undefined;
  const lastEntry = body.entries[body.entries.length - 1];
  if (lastEntry) return [{ span: { start: lastEntry.span.end, end: lastEntry.span.end }, newText: `${eol}${eol}${block}` }];
  const open = text.lastIndexOf('{', close - 1);
  if (open < body.span.start || text.slice(open + 1, close).trim() !== '') return undefined;
  return [{ span: { start: open + 1, end: close }, newText: `${eol}${block}${eol}${indentationAt(text, body.span.start)}` }];
}

function addConditionBlock(ctx: RenderContext, s: Statement, operator: string, key: string, values: Lowered[]): TextEdit[] | undefined {
  if (s.node.kind !== 'object') return undefined;
  const existing = get(s.node, 'condition');
  for (const c of existing?.kind === 'array' ? existing.items : []) {
    if (c.kind !== 'object' || scalarString(get(c, 'test')) !== operator || scalarString(get(c, 'variable')) !== key) continue;
    const v = get(c, 'values');
    return v ? [{ span: v.span, newText: hclValue(conditionBlock(operator, key, values).values) }] : undefined;
  }
  return addToBody(ctx, s.node, { block: 'condition', lines: bodyOf(conditionBlock(operator, key, values)) });
}

// ---------------------------------------------------------------------------------------------
// Operations

export function insertStatementHcl(ctx: RenderContext, doc: PolicyDocument, stmt: Lowered): TextEdit[] | undefined {
  return doc.dialect === 'hcl-policy-document' ? insertStatementPolicyDocumentBlock(ctx, doc, stmt) : insertStatementHclObject(ctx, doc, stmt);
}

export function addConditionHcl(ctx: RenderContext, doc: PolicyDocument, s: Statement, operator: string, key: string, values: Lowered[]): TextEdit[] | undefined {
  return doc.dialect === 'hcl-policy-document' ? addConditionBlock(ctx, s, operator, key, values) : addConditionHclObject(ctx, s, operator, key, values);
}

export function setConditionOperatorHcl(ctx: RenderContext, doc: PolicyDocument, c: Condition, operator: string): TextEdit[] | undefined {
  if (doc.dialect !== 'hcl-policy-document') return setConditionOperatorHclObject(ctx, doc, c, operator);
  // `test = "Bool"`: the operator span is the test's value.
  if (ctx.text[c.operatorSpan.start] !== '"') return undefined;
  return [{ span: c.operatorSpan, newText: hclString(operator) }];
}

export function setValueHcl(ctx: RenderContext, slot: Slot, value: Lowered): TextEdit[] | undefined {
  const r = resolveSlot(slot);
  if (!r) return undefined;
  if (r.entry) return replaceValue(r.entry.value, value);
  if (r.empty) {
    // `x = null`: an object attribute, written in its place.
    let v = value;
    for (let j = slot.path.length - 1; j >= r.depth; j--) v = { [slot.path[j]]: v };
    return replaceValue(r.empty.value, v);
  }
  const rest = slot.path.slice(r.depth);
  const blocks = slot.blocks?.slice(r.depth) ?? [];
  // The missing keys: nested blocks while `blocks` says so, then an attribute (an object for the remaining keys).
  const build = (i: number): Line => {
    if (i < rest.length - 1 && blocks[i]) return { block: rest[i], lines: [build(i + 1)] };
    let v = value;
    for (let j = rest.length - 1; j > i; j--) v = { [rest[j]]: v };
    return [hclKey(rest[i]), hclValue(v)];
  };
  const item = build(0);
  if (!Array.isArray(item) && 'attr' in item) return undefined;
  return addToBody(ctx, r.obj, Array.isArray(item) ? { key: item[0], value: item[1] } : item);
}

export function removeValueHcl(ctx: RenderContext, slot: Slot): TextEdit[] | undefined {
  const r = resolveSlot(slot);
  if (!r?.entry) return undefined;
  return removeFromBody(ctx, r.obj, r.entry);
}

export function replaceStringHcl(ctx: RenderContext, node: VNode, newValue: string): TextEdit[] | undefined {
  if (ctx.text[node.span.start] !== '"' || ctx.text[node.span.end - 1] !== '"') return undefined;
  return [{ span: node.span, newText: hclString(newValue) }];
}

/** A `resource "type" "name" { ... }` (or `data`) block after `near`'s block, separated by a blank line. */
export function insertResourceHcl(ctx: RenderContext, near: Resource, type: string, name: string, properties: Lowered, keyword: 'resource' | 'data' = 'resource'): TextEdit[] | undefined {
  return insertBlockHcl(ctx, near, `${keyword} ${hclString(type)} ${hclString(name)}`, properties);
}

/** A `variable "name" { type = string ... }` block after `near`'s block, separated by a blank line. */
export function addInputHcl(ctx: RenderContext, near: Resource, name: string, sensitive: boolean, description?: string): TextEdit[] | undefined {
  const body: { [k: string]: Lowered } = {};
  if (description) body.description = description;
  body.type = new Expr('string');
  if (sensitive) body.sensitive = true;
  return insertBlockHcl(ctx, near, `variable ${hclString(name)}`, body);
}

/** A top-level block (`header { ... }`, `header {}` when empty) after `near`'s block, separated by a blank line. */
function insertBlockHcl(ctx: RenderContext, near: Resource, header: string, properties: Lowered): TextEdit[] | undefined {
  if (!isLoweredMap(properties) || ctx.text[near.span.end - 1] !== '}') return undefined;
  const indent = indentationAt(ctx.text, near.span.start);
  const body = writeLines(bodyOf(attributesFirst(properties)), indent + ctx.unit, ctx.unit);
  const lines = body.length ? [`${indent}${header} {`, ...body, `${indent}}`] : [`${indent}${header} {}`];
  return [{ span: { start: near.span.end, end: near.span.end }, newText: `${ctx.eol}${ctx.eol}${lines.join(ctx.eol)}` }];
}
