/**
 * Conversion of tree-sitter's Terraform syntax tree into the shared value tree: blocks and their
 * bodies, expressions (literals, collections, templates, `jsonencode`), and the references an
 * expression that is only known at plan time contains.
 *
 * tree-sitter parses JS strings as UTF-16, so node indices are JS string offsets: spans can be
 * used as they are.
 */
import type { Node as TSNode } from 'web-tree-sitter';
import type { LineIndex } from '../../text';
import type { Notice, Span } from '../../types';
import type { VEntry, VNode, VObject, VUnknown } from '../../value';
import type { MaskedLiteral } from '../hcl-mask';
import { dedent, heredocParts, referenceOf, shortSource, templateSource, unescapeQuoted, unescapeTemplate } from '../hcl-template';
import { MAX_DEPTH } from '../limits';
import type { HclBlock, HclLabel } from './file';

/** One parse's conversion state. */
export interface Ctx {
  text: string;
  file: string;
  lines: LineIndex;
  notices: Notice[];
  deepReported: boolean;
  syntaxErrors: number;
  /** Long literals that were parsed masked (hcl-mask.ts), by start offset: their values come from `text`. */
  masked?: Map<number, MaskedLiteral>;
  /**
   * With `masked`: the end of each masked literal's `""` → the literal's real end. A node ending
   * with a masked literal ends where the literal really ends (`endOf`).
   */
  maskedEnds?: Map<number, number>;
}

function endOf(n: TSNode, ctx: Ctx): number {
  const e = n.endIndex;
  return ctx.maskedEnds?.get(e) ?? e;
}

function spanOf(n: TSNode, ctx: Ctx): Span {
  return { start: n.startIndex, end: endOf(n, ctx) };
}

interface BlockHeader {
  type: string;
  typeSpan: Span;
  labels: HclLabel[];
  items: TSNode[];
}

function blockHeader(n: TSNode, ctx: Ctx): BlockHeader | undefined {
  let typeNode: TSNode | undefined;
  const labels: HclLabel[] = [];
  const items: TSNode[] = [];
  for (const k of n.children) {
    if (!typeNode) {
      if (k.type === 'identifier') typeNode = k;
      continue;
    }
    if (k.type === 'string_lit' || k.type === 'identifier') {
      if (items.length === 0) {
        const m = ctx.masked && maskedLiteral(k, ctx);
        if (m) labels.push({ value: String((m as { value: unknown }).value), span: m.span });
        else labels.push({ value: k.type === 'identifier' ? ctx.text.slice(k.startIndex, k.endIndex) : stringLitValue(k, ctx.text), span: spanOf(k, ctx) });
      }
    } else if (k.type === 'body' || k.type === 'ERROR') items.push(k);
  }
  if (!typeNode) return undefined;
  return { type: ctx.text.slice(typeNode.startIndex, typeNode.endIndex), typeSpan: spanOf(typeNode, ctx), labels, items };
}

export function convertTopBlock(n: TSNode, ctx: Ctx): HclBlock | undefined {
  const h = blockHeader(n, ctx);
  if (!h) return undefined;
  return { type: h.type, typeSpan: h.typeSpan, labels: h.labels, body: convertBody(n, h.items, ctx, 1), span: spanOf(n, ctx) };
}

/** Attributes, blocks and ERROR pieces of a body, flattened out of `body`/`ERROR` wrappers, in order. */
function bodyItems(containers: TSNode[]): TSNode[] {
  const out: TSNode[] = [];
  const stack: { n: TSNode; d: number }[] = [];
  for (let i = containers.length - 1; i >= 0; i--) stack.push({ n: containers[i], d: 0 });
  while (stack.length) {
    const { n, d } = stack.pop()!;
    if (n.type === 'attribute' || n.type === 'block' || n.type === 'identifier') {
      out.push(n);
      continue;
    }
    if (n.type !== 'body' && n.type !== 'ERROR') continue;
    const kids = n.children;
    const hasStructure = kids.some((k) => k.type === 'attribute' || k.type === 'block' || k.type === 'body');
    if (n.type === 'ERROR' && !hasStructure) {
      out.push(n);
      continue;
    }
    if (d > 8) continue;
    for (let i = kids.length - 1; i >= 0; i--) {
      const k = kids[i];
      if (k.type === 'attribute' || k.type === 'block' || k.type === 'body' || k.type === 'ERROR') stack.push({ n: k, d: d + 1 });
      else if (n.type === 'ERROR' && k.type === 'identifier') stack.push({ n: k, d: d + 1 });
    }
  }
  return out;
}

function convertBody(block: TSNode, containers: TSNode[], ctx: Ctx, depth: number): VObject {
  const obj: VObject = { kind: 'object', entries: [], span: spanOf(block, ctx) };
  if (depth > MAX_DEPTH) {
    tooDeep(block, ctx);
    return obj;
  }
  const groups = new Map<string, VEntry>();
  const addToGroup = (key: string, keySpan: Span, item: VNode) => {
    let e = groups.get(key);
    if (!e) {
      e = { key, keySpan, value: { kind: 'array', items: [], span: { ...item.span } }, span: { ...item.span } };
      groups.set(key, e);
      obj.entries.push(e);
    }
    const arr = e.value as { items: VNode[]; span: Span };
    arr.items.push(item);
    arr.span.end = Math.max(arr.span.end, item.span.end);
    e.span.end = arr.span.end;
  };
  for (const n of bodyItems(containers)) {
    if (n.type === 'attribute') {
      const id = n.children.find((k) => k.type === 'identifier');
      const expr = n.children.find((k) => k.type === 'expression');
      if (!id) continue;
      const value: VNode = expr ? convertExpr(expr, ctx, depth) : syntaxErrorValue(n, ctx);
      obj.entries.push({ key: ctx.text.slice(id.startIndex, id.endIndex), keySpan: spanOf(id, ctx), value, span: spanOf(n, ctx) });
    } else if (n.type === 'block') {
      const h = blockHeader(n, ctx);
      if (!h) continue;
      if (h.type === 'dynamic' && h.labels.length > 0) {
        const label = h.labels[0];
        const dyn: VUnknown = { kind: 'unknown', reason: `dynamic "${label.value}"`, refs: collectRefs(n, ctx.text), span: spanOf(n, ctx) };
        addToGroup(label.value, label.span, dyn);
      } else addToGroup(h.type, h.typeSpan, convertBody(n, h.items, ctx, depth + 1));
    } else if (n.type === 'ERROR' || n.type === 'identifier') {
      // A half-typed attribute (`key =` with no value): keep the key, with an unknown value.
      const id = n.type === 'identifier' ? n : n.children.find((k) => k.type === 'identifier');
      if (!id) continue;
      const next = id.nextSibling;
      if (!next || (next.type !== '=' && next.type !== ':')) continue;
      const span = { start: id.startIndex, end: n.type === 'ERROR' ? n.endIndex : next.endIndex };
      obj.entries.push({ key: ctx.text.slice(id.startIndex, id.endIndex), keySpan: spanOf(id, ctx), value: syntaxErrorValue(n, ctx, span), span });
    }
  }
  return obj;
}

/**
 * The value of a long literal that was parsed masked (hcl-mask.ts): tree-sitter saw `""` at its
 * start; the value is read from the real text exactly as the unmasked parse would read it.
 */
function maskedLiteral(n: TSNode, ctx: Ctx): VNode | undefined {
  const m = ctx.masked?.get(n.startIndex);
  if (!m || n.endIndex !== m.start + 2) return undefined;
  const span = { start: m.start, end: m.end };
  if (!m.heredoc) return { kind: 'string', value: unescapeQuoted(ctx.text.slice(m.start + 1, m.end - 1), false), span };
  const h = heredocParts(ctx.text, span);
  if (!h) return undefined;
  const content = ctx.text.slice(h.contentStart, h.contentEnd);
  return { kind: 'string', value: unescapeTemplate(h.flush ? dedent(content) : content), span };
}

function syntaxErrorValue(n: TSNode, ctx: Ctx, span: Span = spanOf(n, ctx)): VUnknown {
  return { kind: 'unknown', reason: 'syntax error', refs: [], span };
}

function tooDeep(n: TSNode, ctx: Ctx): VUnknown {
  const span = spanOf(n, ctx);
  if (!ctx.deepReported) {
    ctx.deepReported = true;
    ctx.notices.push({
      file: ctx.file,
      kind: 'limit',
      message: `Terraform value nested deeper than ${MAX_DEPTH} levels; the deeper part is not analysed`,
      span,
      range: ctx.lines.range(span),
    });
  }
  return { kind: 'unknown', reason: 'nesting too deep', refs: [], span };
}

// ---------------------------------------------------------------------------------------------
// Expressions

function namedKids(n: TSNode): TSNode[] {
  return n.namedChildren.filter((k) => k.type !== 'comment');
}

/** Converts an expression node. `depth` counts nesting (collections, parentheses, calls). */
function convertExpr(n: TSNode, ctx: Ctx, depth: number): VNode {
  if (depth > MAX_DEPTH) return tooDeep(n, ctx);
  if (ctx.masked) {
    const m = maskedLiteral(n, ctx);
    if (m) return m;
  }
  switch (n.type) {
    case 'expression': {
      const kids = namedKids(n);
      if (kids.length !== 1) return unknownOf(n, ctx);
      const k = kids[0];
      if (k.type === 'expression') return n.firstChild?.type === '(' ? convertExpr(k, ctx, depth + 1) : unknownOf(n, ctx);
      if (k.type === 'variable_expr' || k.type === 'ERROR') return unknownOf(n, ctx);
      return convertExpr(k, ctx, depth);
    }
    case 'literal_value':
      return convertLiteral(n, ctx);
    case 'collection_value': {
      const k = n.firstNamedChild;
      return k ? convertExpr(k, ctx, depth) : unknownOf(n, ctx);
    }
    case 'tuple':
      return convertTuple(n, ctx, depth + 1);
    case 'object':
      return convertObject(n, ctx, depth + 1);
    case 'template_expr': {
      const k = n.firstNamedChild;
      return k ? convertExpr(k, ctx, depth) : unknownOf(n, ctx);
    }
    case 'quoted_template':
    case 'heredoc_template':
      return convertTemplate(n, ctx);
    case 'function_call':
      return convertCall(n, ctx, depth);
    case 'operation':
      return convertOperation(n, ctx);
    default:
      return unknownOf(n, ctx);
  }
}

function convertLiteral(n: TSNode, ctx: Ctx): VNode {
  const text = ctx.text;
  const k = n.firstNamedChild;
  const span = spanOf(n, ctx);
  if (!k) return unknownOf(n, ctx);
  const raw = text.slice(k.startIndex, k.endIndex);
  switch (k.type) {
    case 'numeric_lit': {
      const v = Number(raw);
      return Number.isFinite(v) ? { kind: 'number', value: v, span } : unknownOf(n, ctx);
    }
    case 'bool_lit':
      return { kind: 'boolean', value: raw === 'true', span };
    case 'null_lit':
      return { kind: 'null', value: null, span };
    case 'string_lit':
      return { kind: 'string', value: stringLitValue(k, text), span };
    default:
      return unknownOf(n, ctx);
  }
}

/** Value of a `string_lit` node (quotes removed, escapes decoded). */
function stringLitValue(n: TSNode, text: string): string {
  const start = n.firstChild?.type === 'quoted_template_start' ? n.firstChild.endIndex : n.startIndex;
  const last = n.lastChild;
  const end = last?.type === 'quoted_template_end' && !last.isMissing ? last.startIndex : n.endIndex;
  return unescapeQuoted(text.slice(start, Math.max(start, end)), false);
}

function convertTuple(n: TSNode, ctx: Ctx, depth: number): VNode {
  const items: VNode[] = [];
  for (const k of n.namedChildren) {
    if (k.type === 'expression') items.push(convertExpr(k, ctx, depth));
    else if (k.type === 'ERROR') items.push(syntaxErrorValue(k, ctx));
  }
  return { kind: 'array', items, span: spanOf(n, ctx), flow: true };
}

function convertObject(n: TSNode, ctx: Ctx, depth: number): VNode {
  const entries: VEntry[] = [];
  for (const k of n.namedChildren) {
    if (k.type === 'object_elem') {
      const keyNode = k.childForFieldName('key');
      const valNode = k.childForFieldName('val');
      if (!keyNode) continue;
      const value = valNode ? convertExpr(valNode, ctx, depth) : syntaxErrorValue(k, ctx);
      const masked = ctx.masked?.get(keyNode.startIndex);
      if (masked && keyNode.endIndex === masked.start + 2) {
        // A long literal key, parsed masked: as objectKey reads it from the real text.
        const key = masked.heredoc ? ctx.text.slice(masked.start, masked.end) : unescapeQuoted(ctx.text.slice(masked.start + 1, masked.end - 1), false);
        entries.push({ key, keySpan: { start: masked.start, end: masked.end }, value, span: spanOf(k, ctx) });
        continue;
      }
      entries.push({
        key: objectKey(keyNode, ctx),
        keySpan: spanOf(keyNode, ctx),
        value,
        span: spanOf(k, ctx),
      });
    } else if (k.type === 'ERROR') {
      // `Key =` with the value not typed yet.
      const keyNode = k.firstNamedChild;
      const sep = keyNode?.nextSibling;
      if (keyNode && sep && (sep.type === '=' || sep.type === ':')) {
        entries.push({ key: objectKey(keyNode, ctx), keySpan: spanOf(keyNode, ctx), value: syntaxErrorValue(k, ctx), span: spanOf(k, ctx) });
      }
    }
  }
  return { kind: 'object', entries, span: spanOf(n, ctx), flow: true };
}

/** An object key: a bare identifier or a literal string; anything else is kept as written. */
function objectKey(n: TSNode, ctx: Ctx): string {
  const text = ctx.text;
  let k: TSNode = n;
  while (k.type === 'expression' && k.namedChildCount === 1 && k.firstChild?.type !== '(') k = k.firstNamedChild!;
  if (k.type === 'variable_expr') return text.slice(k.startIndex, k.endIndex);
  if (k.type === 'literal_value' && k.firstNamedChild?.type === 'string_lit') return stringLitValue(k.firstNamedChild, text);
  return text.slice(n.startIndex, endOf(n, ctx));
}

function convertTemplate(n: TSNode, ctx: Ctx): VNode {
  const text = ctx.text;
  if (n.namedChildren.some((k) => k.type === 'template_interpolation' || k.type === 'template_directive')) return unknownOf(n, ctx);
  const span = spanOf(n, ctx);
  if (n.type === 'quoted_template') {
    const src = templateSource(text, span);
    return { kind: 'string', value: src ? unescapeTemplate(src.content) : '', span };
  }
  const h = heredocParts(text, span);
  if (!h) return unknownOf(n, ctx);
  const content = text.slice(h.contentStart, h.contentEnd);
  return { kind: 'string', value: unescapeTemplate(h.flush ? dedent(content) : content), span };
}

function convertCall(n: TSNode, ctx: Ctx, depth: number): VNode {
  const name = n.firstNamedChild;
  const args = n.namedChildren.find((k) => k.type === 'function_arguments');
  if (name && args && ctx.text.slice(name.startIndex, name.endIndex) === 'jsonencode') {
    const a = namedKids(args);
    if (a.length === 1 && a[0].type === 'expression') return convertExpr(a[0], ctx, depth + 1);
  }
  // Maps built by a function (`merge({...}, {...})`, `tomap({...})`, the old `map("k", "v", ...)`):
  // the value is known only at plan time, but the literals written in the call are kept as its
  // arguments, so that what the file writes (tags, names) can still be read.
  const fn = name && args ? ctx.text.slice(name.startIndex, name.endIndex) : '';
  if (MAP_FUNCTIONS.has(fn)) {
    const items: VNode[] = [];
    for (const k of namedKids(args!)) if (k.type === 'expression') items.push(convertExpr(k, ctx, depth + 1));
    return { ...unknownOf(n, ctx), args: { kind: 'array', items, span: spanOf(args!, ctx), flow: true } };
  }
  return unknownOf(n, ctx);
}

/** Functions whose arguments are the literal pieces of a map (see convertCall). */
const MAP_FUNCTIONS = new Set(['merge', 'tomap', 'map']);

function convertOperation(n: TSNode, ctx: Ctx): VNode {
  const text = ctx.text;
  const u = n.firstNamedChild;
  if (u?.type === 'unary_operation' && u.firstChild?.type === '-') {
    const operand = u.namedChildren[0];
    if (operand?.type === 'literal_value' && operand.firstNamedChild?.type === 'numeric_lit') {
      const v = -Number(text.slice(operand.startIndex, operand.endIndex));
      if (Number.isFinite(v)) return { kind: 'number', value: v, span: spanOf(n, ctx) };
    }
  }
  return unknownOf(n, ctx);
}

/** An unknown value: the expression's source (shortened) as reason, and the references it contains. */
function unknownOf(n: TSNode, ctx: Ctx): VUnknown {
  const text = ctx.text;
  const head = text.slice(n.startIndex, Math.min(endOf(n, ctx), n.startIndex + 320));
  return { kind: 'unknown', reason: shortSource(head) || 'expression', refs: collectRefs(n, text), span: spanOf(n, ctx) };
}

// ---------------------------------------------------------------------------------------------
// References

/** References inside a syntax subtree (iteratively: subtrees may be very deep). */
function collectRefs(root: TSNode, text: string): string[] {
  const refs = new Set<string>();
  const locals = new Set<string>();
  const chains: { root: string; attrs: string[] }[] = [];
  const stack: TSNode[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.childCount === 0) continue;
    const kids = n.children;
    if (n.type === 'for_intro' || n.type === 'template_for_start') {
      for (const k of kids) if (k.type === 'identifier') locals.add(text.slice(k.startIndex, k.endIndex));
    }
    for (let i = 0; i < kids.length; i++) {
      const k = kids[i];
      if (k.type === 'variable_expr') {
        const attrs: string[] = [];
        for (let j = i + 1; j < kids.length && kids[j].type === 'get_attr'; j++) {
          const id = kids[j].lastNamedChild;
          if (id) attrs.push(text.slice(id.startIndex, id.endIndex));
        }
        chains.push({ root: text.slice(k.startIndex, k.endIndex), attrs });
      } else if (k.childCount > 0) stack.push(k);
    }
  }
  for (const c of chains) {
    if (locals.has(c.root)) continue;
    const r = referenceOf(c.root, c.attrs);
    if (r) refs.add(r);
  }
  return [...refs];
}
