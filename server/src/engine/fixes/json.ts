/**
 * Fix operations rendered in JSON: standalone policies, CloudFormation JSON (long-form
 * intrinsics), `.tf.json` and JSON policies in Terraform heredocs. A container written on one
 * line gets a compact edit; a multi-line one gets the file's indentation and line ending.
 */
import type { Condition, PolicyDocument, Slot, Statement } from '../model/model';
import type { TextEdit } from '../types';
import { entry, get, scalarString, type VEntry, type VNode, type VObject } from '../value';
import type { RenderContext } from './context';
import { Expr, Intrinsic, isLoweredMap, type Lowered } from './lower';
import { conditionBlock, policyDocumentStatement } from './policy-document';
import { resolveSlot } from './slots';
import { conditionPlacement, conditionSite, nest, removeCommaEntry } from './tree';
import { endsLine, indentationAt, isOneLine, lineEndOf, lineStartOf, startsLine } from './style';

interface Separators {
  colon: string;
  comma: string;
}

/** Writes a value as pretty JSON, indented from `indent`, with the file's unit and line ending. */
export function writeJson(v: Lowered, indent: string, unit: string, eol: string): string {
  const out: string[] = [];
  emitJson(out, v, indent, unit, eol);
  return out.join('');
}

/** Writes a value on one line with the given separators (`{"a": 1, "b": [2]}` or `{"a":1,"b":[2]}`). */
export function writeJsonCompact(v: Lowered, sep: Separators = { colon: ': ', comma: ', ' }): string {
  const out: string[] = [];
  emitJsonCompact(out, v, sep);
  return out.join('');
}

// The writers append their pieces to one list, joined once: a fix may write hundreds of values, and
// strings built level by level (and the entry lists and closures of `Object.entries(...).map`) were
// most of the garbage a fix made.

function scalarJson(v: Lowered): string | undefined {
  if (v instanceof Expr) return v.text; // text copied as written
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  return undefined;
}

function emitJson(out: string[], v: Lowered, indent: string, unit: string, eol: string): void {
  const scalar = scalarJson(v);
  if (scalar !== undefined) {
    out.push(scalar);
    return;
  }
  const inner = indent + unit;
  if (v instanceof Intrinsic) {
    out.push('{', eol, inner, JSON.stringify(v.name), ': ');
    emitJson(out, v.arg, inner, unit, eol);
    out.push(eol, indent, '}');
    return;
  }
  if (Array.isArray(v)) {
    if (v.length === 0) {
      out.push('[]');
      return;
    }
    if (v.every((x) => x === null || typeof x !== 'object')) {
      const flat = `[${v.map((x) => JSON.stringify(x)).join(', ')}]`;
      if (flat.length <= 80) {
        out.push(flat);
        return;
      }
    }
    out.push('[', eol);
    for (let i = 0; i < v.length; i++) {
      if (i > 0) out.push(',', eol);
      out.push(inner);
      emitJson(out, v[i], inner, unit, eol);
    }
    out.push(eol, indent, ']');
    return;
  }
  const obj = v as { [key: string]: Lowered };
  const open = out.length;
  out.push('{', eol);
  let first = true;
  for (const k in obj) {
    if (!first) out.push(',', eol);
    first = false;
    out.push(inner, JSON.stringify(k), ': ');
    emitJson(out, obj[k], inner, unit, eol);
  }
  if (first) {
    out.length = open;
    out.push('{}');
  } else out.push(eol, indent, '}');
}

function emitJsonCompact(out: string[], v: Lowered, sep: Separators): void {
  const scalar = scalarJson(v);
  if (scalar !== undefined) {
    out.push(scalar);
    return;
  }
  if (v instanceof Intrinsic) {
    out.push('{', JSON.stringify(v.name), sep.colon);
    emitJsonCompact(out, v.arg, sep);
    out.push('}');
    return;
  }
  if (Array.isArray(v)) {
    out.push('[');
    for (let i = 0; i < v.length; i++) {
      if (i > 0) out.push(sep.comma);
      emitJsonCompact(out, v[i], sep);
    }
    out.push(']');
    return;
  }
  const obj = v as { [key: string]: Lowered };
  out.push('{');
  let first = true;
  for (const k in obj) {
    if (!first) out.push(sep.comma);
    first = false;
    out.push(JSON.stringify(k), sep.colon);
    emitJsonCompact(out, obj[k], sep);
  }
  out.push('}');
}

/** The separators written in a span of the file: `": "` or `":"`, `", "` or `","`. */
function separatorsIn(text: string, node: VNode): Separators {
  const own = text.slice(node.span.start, node.span.end);
  // Without a comma (or colon) of its own, the object's line says.
  const line = text.slice(lineStartOf(text, node.span.start), lineEndOf(text, node.span.end));
  const withColon = /"\s*:/.test(own) ? own : line;
  const withComma = own.includes(',') ? own : line;
  return { colon: /"\s*:[ \t]/.test(withColon) || !/"\s*:/.test(withColon) ? ': ' : ':', comma: /,[ \t]/.test(withComma) || !withComma.includes(',') ? ', ' : ',' };
}

/** True when the file has no line break at all (minified). */
function oneLineFile(text: string): boolean {
  return !text.includes('\n') && !text.includes('\r');
}

function skipSpaces(text: string, i: number): number {
  while (text[i] === ' ' || text[i] === '\t') i++;
  return i;
}

/** Adds `key: value` to an object, after `after` (default: its last entry), in the object's style. */
export function insertEntry(ctx: RenderContext, obj: VObject, key: string, value: Lowered, after?: VEntry): TextEdit[] | undefined {
  const { text, eol, unit } = ctx;
  if (text[obj.span.start] !== '{' || text[obj.span.end - 1] !== '}') return undefined;
  const k = JSON.stringify(key);
  const prev = after ?? obj.entries[obj.entries.length - 1];
  if (!prev) {
    const inner = { start: obj.span.start + 1, end: obj.span.end - 1 };
    if (text.slice(inner.start, inner.end).trim() !== '') return undefined; // comments only: leave it to the user
    if (oneLineFile(text)) return [{ span: inner, newText: `${k}:${writeJsonCompact(value, { colon: ':', comma: ',' })}` }];
    const indent = indentationAt(text, obj.span.start);
    const ii = indent + unit;
    return [{ span: inner, newText: `${eol}${ii}${k}: ${writeJson(value, ii, unit, eol)}${eol}${indent}` }];
  }
  if (isOneLine(text, obj.span)) {
    const sep = separatorsIn(text, obj);
    return [{ span: { start: prev.span.end, end: prev.span.end }, newText: `${sep.comma}${k}${sep.colon}${writeJsonCompact(value, sep)}` }];
  }
  const indent = startsLine(text, prev.keySpan.start) ? indentationAt(text, prev.keySpan.start) : indentationAt(text, obj.span.start) + unit;
  const body = `${k}: ${writeJson(value, indent, unit, eol)}`;
  const next = skipSpaces(text, prev.span.end);
  const isLast = prev === obj.entries[obj.entries.length - 1];
  if (text[next] === ',') {
    const at = endsLine(text, next + 1) ? lineEndOf(text, next + 1) : next + 1;
    return [{ span: { start: at, end: at }, newText: `${eol}${indent}${body}${isLast ? '' : ','}` }];
  }
  if (!isLast) return undefined;
  // After a trailing comment: the comma stays with the value, the new entry goes after the comment.
  if (endsLine(text, prev.span.end) && lineEndOf(text, prev.span.end) > next) {
    const end = lineEndOf(text, prev.span.end);
    return [
      { span: { start: prev.span.end, end: prev.span.end }, newText: ',' },
      { span: { start: end, end }, newText: `${eol}${indent}${body}` },
    ];
  }
  return [{ span: { start: prev.span.end, end: prev.span.end }, newText: `,${eol}${indent}${body}` }];
}

/** Replaces a value in place: compact when its object is written on one line. */
export function replaceValue(ctx: RenderContext, node: VNode, value: Lowered, container?: VNode): TextEdit[] {
  const { text, eol, unit } = ctx;
  const compact = container ? isOneLine(text, container.span) : isOneLine(text, node.span);
  const newText = compact ? writeJsonCompact(value, separatorsIn(text, container ?? node)) : writeJson(value, indentationAt(text, node.span.start), unit, eol);
  return [{ span: node.span, newText }];
}

// ---------------------------------------------------------------------------------------------
// Operations

/** Appends an item to an array in its style: compact on one line, else at the items' indentation. */
function appendItem(ctx: RenderContext, c: VNode & { kind: 'array' }, item: Lowered): TextEdit[] {
  const { text, eol, unit } = ctx;
  const last = c.items[c.items.length - 1];
  if (!last) {
    if (oneLineFile(text)) return [{ span: { start: c.span.start + 1, end: c.span.start + 1 }, newText: writeJsonCompact(item, { colon: ':', comma: ',' }) }];
    const indent = indentationAt(text, c.span.start) + unit;
    return [{ span: { start: c.span.start + 1, end: c.span.start + 1 }, newText: `${eol}${indent}${writeJson(item, indent, unit, eol)}${eol}${indentationAt(text, c.span.start)}` }];
  }
  if (isOneLine(text, c.span)) {
    const sep = separatorsIn(text, c);
    return [{ span: { start: last.span.end, end: last.span.end }, newText: `${sep.comma}${writeJsonCompact(item, sep)}` }];
  }
  const sameLine = text.slice(c.span.start, last.span.start).indexOf('\n') < 0;
  const indent = sameLine ? indentationAt(text, c.span.start) + unit : indentationAt(text, last.span.start);
  return [{ span: { start: last.span.end, end: last.span.end }, newText: `,${eol}${indent}${writeJson(item, indent, unit, eol)}` }];
}

/** A single item (a statement object) becomes a list of it and the new item. */
function wrapInList(ctx: RenderContext, c: VNode, item: Lowered): TextEdit[] {
  const { text, eol, unit } = ctx;
  if (isOneLine(text, c.span)) {
    const sep = separatorsIn(text, c);
    return [{ span: c.span, newText: `[${text.slice(c.span.start, c.span.end)}${sep.comma}${writeJsonCompact(item, sep)}]` }];
  }
  const indent = indentationAt(text, c.span.start);
  const itemIndent = indent + unit;
  const old = text.slice(c.span.start, c.span.end).replace(/\r?\n/g, eol + unit);
  return [{ span: c.span, newText: `[${eol}${itemIndent}${old},${eol}${itemIndent}${writeJson(item, itemIndent, unit, eol)}${eol}${indent}]` }];
}

export function insertStatementJson(ctx: RenderContext, doc: PolicyDocument, stmt: Lowered): TextEdit[] | undefined {
  const c = doc.statementContainer;
  if (!c) return doc.node.kind === 'object' ? insertEntry(ctx, doc.node, 'Statement', [stmt]) : undefined;
  if (c.embedded) return undefined;
  if (c.kind === 'array') return appendItem(ctx, c, stmt);
  if (c.kind === 'object') return wrapInList(ctx, c, stmt);
  return undefined;
}

/** `.tf.json` `aws_iam_policy_document`: a statement object with the data source's argument names. */
export function insertPolicyDocumentStatementJson(ctx: RenderContext, doc: PolicyDocument, stmt: Lowered): TextEdit[] | undefined {
  const args = policyDocumentStatement(stmt);
  const body = doc.statementContainer ?? doc.node;
  if (!args || body.kind !== 'object') return undefined;
  const e = entry(body, 'statement');
  if (!e) return insertEntry(ctx, body, 'statement', [args]);
  if (e.value.kind === 'array') return appendItem(ctx, e.value, args);
  if (e.value.kind === 'object') return wrapInList(ctx, e.value, args);
  return undefined;
}

/** `.tf.json` `aws_iam_policy_document`: a `condition` object in the statement (values replaced when test and variable match). */
export function addPolicyDocumentConditionJson(ctx: RenderContext, s: Statement, operator: string, key: string, values: Lowered[]): TextEdit[] | undefined {
  if (s.node.kind !== 'object') return undefined;
  const block = conditionBlock(operator, key, values);
  const e = entry(s.node, 'condition');
  if (!e) return insertEntry(ctx, s.node, 'condition', [block]);
  const items = e.value.kind === 'array' ? e.value.items : [e.value];
  for (const c of items) {
    if (c.kind === 'object' && scalarString(get(c, 'test')) === operator && scalarString(get(c, 'variable')) === key) {
      const v = get(c, 'values');
      return v ? replaceValue(ctx, v, block.values, c) : undefined;
    }
  }
  if (e.value.kind === 'array') return appendItem(ctx, e.value, block);
  return e.value.kind === 'object' ? wrapInList(ctx, e.value, block) : undefined;
}

/** One value as a scalar, several as a list (as IAM writes condition values). */

export function addConditionJson(ctx: RenderContext, s: Statement, operator: string, key: string, values: Lowered[]): TextEdit[] | undefined {
  const p = conditionPlacement(s, operator, key, values);
  if (!p) return undefined;
  return p.kind === 'insert' ? insertEntry(ctx, p.into, p.key, p.value) : replaceValue(ctx, p.node, p.value, p.container);
}

export function setConditionOperatorJson(ctx: RenderContext, doc: PolicyDocument, c: Condition, operator: string): TextEdit[] | undefined {
  // `.tf.json` aws_iam_policy_document: the operator span is the `test` value.
  if (doc.dialect === 'hcl-policy-document') return ctx.text[c.operatorSpan.start] === '"' ? [{ span: c.operatorSpan, newText: JSON.stringify(operator) }] : undefined;
  const site = conditionSite(doc, c);
  if (!site) return undefined;
  const block = site.op.value as VObject;
  if (block.entries.length === 1 && !entry(site.block, operator)) return [{ span: site.op.keySpan, newText: JSON.stringify(operator) }];
  // Other keys share the operator (or the new operator exists): move this key.
  // The values are copied as written.
  const raw = ctx.text.slice(site.key.value.span.start, site.key.value.span.end);
  const removal = removeCommaEntry(block, site.key);
  const target = entry(site.block, operator);
  let add: TextEdit[] | undefined;
  if (target) {
    if (target.value.kind !== 'object' || entry(target.value, c.key)) return undefined;
    add = insertEntry(ctx, target.value, c.key, new Expr(raw));
  } else add = insertEntry(ctx, site.block, operator, { [c.key]: new Expr(raw) });
  if (!removal || !add) return undefined;
  return [...removal, ...add];
}

export function setValueJson(ctx: RenderContext, slot: Slot, value: Lowered): TextEdit[] | undefined {
  const r = resolveSlot(slot);
  if (!r) return undefined;
  if (r.entry) return replaceValue(ctx, r.entry.value, value, r.obj);
  if (r.empty) return r.empty.value.span.start === r.empty.value.span.end ? undefined : replaceValue(ctx, r.empty.value, nest(slot.path.slice(r.depth), value), r.obj);
  return insertEntry(ctx, r.obj, slot.path[r.depth], nest(slot.path.slice(r.depth + 1), value));
}

export function removeValueJson(slot: Slot): TextEdit[] | undefined {
  const r = resolveSlot(slot);
  if (!r?.entry) return undefined;
  return removeCommaEntry(r.obj, r.entry);
}

/** A JSON string literal for a new value (already template-escaped by the caller when needed). */
export function replaceStringJson(ctx: RenderContext, node: VNode, newValue: string): TextEdit[] | undefined {
  if (ctx.text[node.span.start] !== '"' || ctx.text[node.span.end - 1] !== '"') return undefined;
  return [{ span: node.span, newText: JSON.stringify(newValue) }];
}

/**
 * A new input: CloudFormation JSON, an entry of `Parameters` (the section is created, before
 * `Resources`, when missing); `.tf.json`, an entry of `variable`.
 */
export function addInputJson(ctx: RenderContext, root: VNode | undefined, format: string | undefined, name: string, body: { [k: string]: Lowered }): TextEdit[] | undefined {
  if (root?.kind !== 'object') return undefined;
  const section = format === 'cloudformation' ? 'Parameters' : 'variable';
  const e = entry(root, section);
  if (!e) {
    const i = format === 'cloudformation' ? root.entries.findIndex((x) => x.key === 'Resources') : -1;
    return insertEntry(ctx, root, section, { [name]: body }, i > 0 ? root.entries[i - 1] : undefined);
  }
  if (e.value.kind !== 'object' || entry(e.value, name)) return undefined;
  return insertEntry(ctx, e.value, name, body);
}

/** CloudFormation JSON: a resource entry after `near`'s in `Resources`; `.tf.json`: under `resource.<type>` (or `data.<type>`). */
export function insertResourceJson(
  ctx: RenderContext,
  root: VNode | undefined,
  near: { idSpan: { start: number }; format: string },
  type: string,
  name: string,
  properties: Lowered,
  keyword: 'resource' | 'data' = 'resource',
): TextEdit[] | undefined {
  if (root?.kind !== 'object') return undefined;
  if (near.format === 'cloudformation') {
    if (keyword !== 'resource') return undefined;
    const resources = entry(root, 'Resources')?.value;
    if (resources?.kind !== 'object' || entry(resources, name)) return undefined;
    const after = resources.entries.find((e) => e.keySpan.start === near.idSpan.start);
    const body: { [k: string]: Lowered } = { Type: type };
    if (!isLoweredMap(properties) || Object.keys(properties).length) body.Properties = properties;
    return insertEntry(ctx, resources, name, body, after);
  }
  const res = entry(root, keyword);
  if (!res) return insertEntry(ctx, root, keyword, { [type]: { [name]: properties } });
  if (res.value.kind !== 'object') return undefined;
  const byType = entry(res.value, type);
  if (!byType) return insertEntry(ctx, res.value, type, { [name]: properties });
  if (byType.value.kind !== 'object' || entry(byType.value, name)) return undefined;
  return insertEntry(ctx, byType.value, name, properties);
}
