/**
 * Fix operations rendered in YAML (CloudFormation templates): block or flow style as the edited
 * collection is written, intrinsics in the short form (`!GetAtt`, `!Sub`) when the file uses
 * short forms and in the long form (`Fn::GetAtt:`) otherwise.
 */
import { parse as parseYamlText } from 'yaml';
import type { Condition, PolicyDocument, Slot, Statement } from '../model/model';
import type { TextEdit } from '../types';
import { entry, type VEntry, type VNode, type VObject } from '../value';
import type { RenderContext } from './context';
import { conditionPlacement, conditionSite, nest, removeCommaEntry } from './tree';
import { Expr, Intrinsic, isLoweredMap, type Lowered } from './lower';
import { resolveSlot } from './slots';
import { indentationAt, isOneLine, lineBreaksBetween, lineEndOf, lineStartOf, startsLine, wholeLines } from './style';

const PLAIN_SAFE = /^[A-Za-z0-9_./][A-Za-z0-9_ ./:*-]*$/;
const YAML_WORDS = /^(true|false|yes|no|on|off|null|~|y|n)$/i;

/** A YAML scalar, quoted only when needed (single quotes, as CloudFormation templates usually do). */
export function yamlScalar(v: string | number | boolean | null): string {
  if (v === null) return 'null';
  if (typeof v !== 'string') return String(v);
  if (PLAIN_SAFE.test(v) && !YAML_WORDS.test(v) && !/^[0-9.]+$/.test(v) && !v.includes(': ') && !v.endsWith(':') && v.trim() === v) return v;
  if (/[\x00-\x1f\x7f]/.test(v)) return JSON.stringify(v);
  return `'${v.replace(/'/g, "''")}'`;
}

const FLOW_INDICATOR = /[,[\]{}]/g;

/**
 * Whether `value` can take the place of the plain scalar written `raw` and stay plain (the file's own
 * style: `Uri: http://host/{proxy}` becomes `Uri: https://host/{proxy}`, not a quoted string). It must
 * read back as the same string (not a number, a boolean, a tag, an alias, a comment...), and every flow
 * indicator in it must be in `raw` already: a plain scalar inside `[...]` or `{...}` has none, so the
 * new one may not either.
 */
function staysPlain(raw: string, value: string): boolean {
  if (!value || value.trim() !== value || raw.includes('\n') || /[\x00-\x1f\x7f]/.test(value) || YAML_WORDS.test(value)) return false;
  for (const c of value.match(FLOW_INDICATOR) ?? []) if (!raw.includes(c)) return false;
  try {
    const back = parseYamlText(`k: ${value}\n`) as unknown;
    return typeof back === 'object' && back !== null && (back as { k?: unknown }).k === value;
  } catch {
    return false;
  }
}

/** The written text of a plain scalar node (not quoted, not a block scalar, tag, anchor or alias), else undefined. */
function plainText(ctx: RenderContext, node: VNode): string | undefined {
  if (node.span.start === node.span.end || (node.kind !== 'string' && node.kind !== 'number' && node.kind !== 'boolean' && node.kind !== 'null')) return undefined;
  const first = ctx.text[node.span.start];
  if ('\'"|>!&*[{'.includes(first)) return undefined;
  return ctx.text.slice(node.span.start, node.span.end);
}

function shortTag(name: string): string {
  return '!' + name.replace(/^Fn::/, '');
}

function isScalar(v: Lowered): v is string | number | boolean | null {
  return v === null || typeof v !== 'object';
}

/** A value on one line, in flow style (`{Sid: X, Resource: [!GetAtt B.Arn]}`). */
export function flowValue(v: Lowered, short: boolean): string {
  if (v instanceof Expr) return v.text;
  if (isScalar(v)) return yamlScalar(v);
  if (v instanceof Intrinsic) return short ? `${shortTag(v.name)} ${flowValue(v.arg, short)}` : `{${yamlScalar(v.name)}: ${flowValue(v.arg, short)}}`;
  if (Array.isArray(v)) return `[${v.map((x) => flowValue(x, short)).join(', ')}]`;
  return `{${Object.entries(v)
    .map(([k, x]) => `${yamlScalar(k)}: ${flowValue(x, short)}`)
    .join(', ')}}`;
}

/**
 * Writes `v` as the value of a block mapping entry or sequence item at `indent` (the column of
 * the entry's key). Returns text starting right after `key:` or `-` (with a leading space or a
 * newline as YAML requires).
 */
function writeValue(v: Lowered, indent: string, unit: string, eol: string, short: boolean): string {
  if (v instanceof Expr) return ' ' + v.text;
  if (isScalar(v)) return ' ' + yamlScalar(v);
  if (v instanceof Intrinsic) {
    const arg = v.arg;
    // An intrinsic's list of scalars (`[X, Arn]`) is written in flow style.
    const flat = Array.isArray(arg) && arg.every(isScalar);
    if (short) return ` ${shortTag(v.name)}${isScalar(arg) || flat ? ' ' + flowValue(arg, short) : writeValue(arg, indent, unit, eol, short)}`;
    const inner = indent + unit;
    return `${eol}${inner}${yamlScalar(v.name)}:${flat ? ' ' + flowValue(arg, short) : writeValue(arg, inner, unit, eol, short)}`;
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
function writeItem(v: Lowered, itemIndent: string, unit: string, eol: string, short: boolean): string {
  if (v instanceof Intrinsic && !short) {
    // The long form is a one-key mapping: it starts on the dash's line.
    const arg = v.arg;
    const flat = isScalar(arg) || (Array.isArray(arg) && arg.every(isScalar));
    return ` ${yamlScalar(v.name)}:${flat ? ' ' + flowValue(arg, short) : writeValue(arg, itemIndent, unit, eol, short)}`;
  }
  if (isLoweredMap(v)) {
    const entries = Object.entries(v);
    if (entries.length === 0) return ' {}';
    return entries.map(([k, x], i) => `${i === 0 ? ' ' : eol + itemIndent}${yamlScalar(k)}:${writeValue(x, itemIndent, unit, eol, short)}`).join('');
  }
  return writeValue(v, itemIndent.slice(0, -2), unit, eol, short);
}

/** Spaces up to the column of `offset` (YAML indentation, also after a `- `). */
function columnIndent(text: string, offset: number): string {
  return ' '.repeat(offset - lineStartOf(text, offset));
}

/** Adds `key: value` to a mapping after `after` (default: its last entry). */
export function insertEntry(ctx: RenderContext, obj: VObject, key: string, value: Lowered, after?: VEntry): TextEdit[] | undefined {
  const { text, eol, unit } = ctx;
  const short = ctx.shortForms;
  const prev = after ?? obj.entries[obj.entries.length - 1];
  if (obj.flow) {
    if (text[obj.span.start] !== '{' || text[obj.span.end - 1] !== '}') return undefined;
    if (!prev) return [{ span: { start: obj.span.start + 1, end: obj.span.end - 1 }, newText: `${yamlScalar(key)}: ${flowValue(value, short)}` }];
    return [{ span: { start: prev.span.end, end: prev.span.end }, newText: `, ${yamlScalar(key)}: ${flowValue(value, short)}` }];
  }
  if (!prev) return undefined;
  const indent = columnIndent(text, prev.keySpan.start);
  const at = lineEndOf(text, Math.max(prev.span.end, prev.keySpan.end));
  return [{ span: { start: at, end: at }, newText: `${eol}${indent}${yamlScalar(key)}:${writeValue(value, indent, unit, eol, short)}` }];
}

/** Removes an entry: its lines in a block mapping, the entry and a comma in a flow one. */
export function removeEntry(text: string, obj: VObject, e: VEntry): TextEdit[] | undefined {
  const i = obj.entries.indexOf(e);
  if (i < 0) return undefined;
  if (obj.flow) return removeCommaEntry(obj, e);
  if (startsLine(text, e.keySpan.start)) return [{ span: wholeLines(text, e.keySpan.start, e.span.end), newText: '' }];
  // First entry of a sequence item (`- Key: value`): the next entry moves up to the dash.
  const next = obj.entries[i + 1];
  if (next) return [{ span: { start: e.keySpan.start, end: next.keySpan.start }, newText: '' }];
  return [{ span: e.span, newText: '{}' }];
}

/** Replaces a value in place, in flow style (valid wherever the old value stood). */
function replaceValue(ctx: RenderContext, node: VNode, value: Lowered): TextEdit[] {
  // A string over a quoted scalar keeps its quotes.
  if (typeof value === 'string' && node.span.start !== node.span.end) {
    const q = ctx.text[node.span.start];
    if (q === "'" || q === '"') return replaceStringYaml(ctx, node, value) ?? [];
  }
  const raw = typeof value === 'string' ? plainText(ctx, node) : undefined;
  const text = raw !== undefined && staysPlain(raw, value as string) ? (value as string) : flowValue(value, ctx.shortForms);
  if (node.span.start === node.span.end) return [{ span: node.span, newText: ' ' + text }];
  return [{ span: node.span, newText: text }];
}

/**
 * Writes a block value into an entry that has none (`Key:` half typed, or `Key: null`/`~`):
 * after the colon, on the lines below, indented one unit from the key.
 */
function fillEmpty(ctx: RenderContext, e: VEntry, value: Lowered): TextEdit[] | undefined {
  const { text } = ctx;
  const colon = text.indexOf(':', e.keySpan.end);
  if (colon < 0 || !isOneLine(text, { start: e.keySpan.end, end: colon })) return undefined;
  const end = e.value.span.end > colon ? e.value.span.end : colon + 1;
  const indent = columnIndent(text, e.keySpan.start);
  return [{ span: { start: colon + 1, end }, newText: writeValue(value, indent, ctx.unit, ctx.eol, ctx.shortForms) }];
}

// ---------------------------------------------------------------------------------------------
// Operations

export function insertStatementYaml(ctx: RenderContext, doc: PolicyDocument, stmt: Lowered): TextEdit[] | undefined {
  const { text, eol, unit } = ctx;
  const c = doc.statementContainer;
  if (!c) return doc.node.kind === 'object' ? insertEntry(ctx, doc.node, 'Statement', [stmt]) : undefined;
  if (c.embedded) return undefined;
  if (c.kind === 'object') return singleToList(ctx, c, stmt);
  if (c.kind !== 'array') return undefined;
  const last = c.items[c.items.length - 1];
  if (c.flow) {
    if (text[c.span.start] !== '[') return undefined;
    if (!last) return [{ span: { start: c.span.start + 1, end: c.span.start + 1 }, newText: flowValue(stmt, ctx.shortForms) }];
    return [{ span: { start: last.span.end, end: last.span.end }, newText: `, ${flowValue(stmt, ctx.shortForms)}` }];
  }
  if (!last) return undefined;
  // The dash of the last item: items start after "- " on a line whose indentation is the dash's column.
  const dashIndent = indentationAt(text, last.span.start);
  const lineStart = lineStartOf(text, last.span.start);
  if (!/^\s*-\s+\S/.test(text.slice(lineStart, last.span.end)) && !/^\s*-\s*$/.test(text.slice(lineStart, last.span.start))) return undefined;
  // Insert at the end of the line where the last item ends (after any trailing comment).
  const at = lineEndOf(text, last.span.end);
  const body = writeItem(stmt, dashIndent + '  ', unit, eol, ctx.shortForms);
  return [{ span: { start: at, end: at }, newText: `${eol}${dashIndent}-${body}` }];
}

/** A single statement (a mapping) becomes a sequence of it and the new statement. */
function singleToList(ctx: RenderContext, c: VObject, stmt: Lowered): TextEdit[] | undefined {
  const { text, eol, unit } = ctx;
  if (c.flow) {
    if (text[c.span.start] !== '{') return undefined;
    return [{ span: c.span, newText: `[${text.slice(c.span.start, c.span.end)}, ${flowValue(stmt, ctx.shortForms)}]` }];
  }
  if (!startsLine(text, c.span.start)) return undefined;
  const start = lineStartOf(text, c.span.start);
  const end = lineEndOf(text, c.span.end);
  const col = c.span.start - start;
  const lines = text.slice(start, end).split(/\r?\n/);
  const moved = lines.map((l, i) => (i === 0 ? `${l.slice(0, col)}- ${l.slice(col)}` : l.trim() === '' ? l : `  ${l}`));
  const dash = ' '.repeat(col);
  return [{ span: { start, end }, newText: `${moved.join(eol)}${eol}${dash}-${writeItem(stmt, dash + '  ', unit, eol, ctx.shortForms)}` }];
}

export function addConditionYaml(ctx: RenderContext, s: Statement, operator: string, key: string, values: Lowered[]): TextEdit[] | undefined {
  const p = conditionPlacement(s, operator, key, values);
  if (!p) return undefined;
  return p.kind === 'insert' ? insertEntry(ctx, p.into, p.key, p.value) : replaceValue(ctx, p.node, p.value);
}

export function setConditionOperatorYaml(ctx: RenderContext, doc: PolicyDocument, c: Condition, operator: string): TextEdit[] | undefined {
  const site = conditionSite(doc, c);
  if (!site) return undefined;
  const block = site.op.value as VObject;
  if (block.entries.length === 1 && !entry(site.block, operator)) return [{ span: site.op.keySpan, newText: yamlScalar(operator) }];
  // Moving a key to another operator copies its values as written: only when they fit on one line.
  const values = site.key.value;
  if (!isOneLine(ctx.text, values.span) || values.span.start === values.span.end) return undefined;
  const raw = new Expr(ctx.text.slice(values.span.start, values.span.end));
  const removal = removeEntry(ctx.text, block, site.key);
  const target = entry(site.block, operator);
  let add: TextEdit[] | undefined;
  if (target) {
    if (target.value.kind !== 'object' || entry(target.value, c.key)) return undefined;
    add = insertEntry(ctx, target.value, c.key, raw);
  } else add = insertEntry(ctx, site.block, operator, { [c.key]: raw });
  return removal && add ? [...removal, ...add] : undefined;
}

export function setValueYaml(ctx: RenderContext, slot: Slot, value: Lowered): TextEdit[] | undefined {
  const r = resolveSlot(slot);
  if (!r) return undefined;
  if (r.entry) return replaceValue(ctx, r.entry.value, value);
  if (r.empty) return fillEmpty(ctx, r.empty, nest(slot.path.slice(r.depth), value));
  return insertEntry(ctx, r.obj, slot.path[r.depth], nest(slot.path.slice(r.depth + 1), value));
}

export function removeValueYaml(ctx: RenderContext, slot: Slot): TextEdit[] | undefined {
  const r = resolveSlot(slot);
  if (!r?.entry) return undefined;
  return removeEntry(ctx.text, r.obj, r.entry);
}

/** A string value written again in the quoting style of the original scalar (block scalars are left alone). */
export function replaceStringYaml(ctx: RenderContext, node: VNode, newValue: string): TextEdit[] | undefined {
  const first = ctx.text[node.span.start];
  if (first === '|' || first === '>' || first === '!' || first === '&' || first === '*') return undefined;
  let out: string;
  if (first === '"' || /[\x00-\x1f\x7f]/.test(newValue)) out = JSON.stringify(newValue);
  else if (first === "'") out = `'${newValue.replace(/'/g, "''")}'`;
  else {
    const raw = plainText(ctx, node);
    out = raw !== undefined && staysPlain(raw, newValue) ? newValue : yamlScalar(newValue);
  }
  return [{ span: node.span, newText: out }];
}

export function insertResourceYaml(ctx: RenderContext, root: VNode | undefined, near: { idSpan: { start: number } }, name: string, body: Lowered): TextEdit[] | undefined {
  if (root?.kind !== 'object') return undefined;
  const resources = entry(root, 'Resources')?.value;
  if (resources?.kind !== 'object' || resources.flow || entry(resources, name)) return undefined;
  const i = resources.entries.findIndex((e) => e.keySpan.start === near.idSpan.start);
  if (i < 0) return undefined;
  const e = resources.entries[i];
  const other = resources.entries[i + 1] ?? resources.entries[i - 1];
  const blank = other ? lineBreaksBetween(ctx.text, Math.min(e.span.end, other.span.end), Math.max(e.keySpan.start, other.keySpan.start)) > 1 : false;
  const edits = insertEntry(ctx, resources, name, body, e);
  return edits?.map((x) => ({ ...x, newText: (blank ? ctx.eol : '') + x.newText }));
}

/**
 * A new CloudFormation parameter: an entry of `Parameters`, or the section itself, created before
 * `Resources` (a top-level key at the start of a line) when missing.
 */
export function addInputYaml(ctx: RenderContext, root: VNode | undefined, name: string, body: { [k: string]: Lowered }): TextEdit[] | undefined {
  if (root?.kind !== 'object' || root.flow) return undefined;
  const params = entry(root, 'Parameters');
  if (params) {
    if (params.value.kind !== 'object' || entry(params.value, name) || !params.value.entries.length) return undefined;
    return insertEntry(ctx, params.value, name, body);
  }
  const resources = entry(root, 'Resources');
  if (!resources) return undefined;
  const { text, eol, unit } = ctx;
  const at = resources.keySpan.start;
  if (at > 0 && text[at - 1] !== '\n') return undefined;
  // A blank line before `Resources` says sections are apart: the new one is too.
  const blank = /\n[ \t]*\r?\n$/.test(text.slice(0, at));
  const section = `Parameters:${eol}${unit}${yamlScalar(name)}:${writeValue(body, unit, unit, eol, ctx.shortForms)}${eol}`;
  return [{ span: { start: at, end: at }, newText: section + (blank ? eol : '') }];
}
