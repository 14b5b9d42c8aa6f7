/**
 * Conversion of tree-sitter's Terraform syntax tree into the shared value tree: blocks and their
 * bodies, expressions (literals, collections, templates, `jsonencode`), and the references an
 * expression that is only known at plan time contains.
 *
 * tree-sitter parses JS strings as UTF-16, so node indices are JS string offsets: spans can be
 * used as they are. Each top-level block's syntax tree is read once into arrays (syntax.ts), and
 * converted from those: a node here is an index into them.
 */
import type { Node as TSNode } from 'web-tree-sitter';
import type { LineIndex } from '../../text';
import type { Notice, Span } from '../../types';
import type { VEntry, VNode, VObject, VUnknown } from '../../value';
import type { MaskedLiteral } from '../hcl-mask';
import { dedent, heredocParts, referenceOf, shortSource, templateSource, unescapeQuoted, unescapeTemplate } from '../hcl-template';
import { MAX_DEPTH } from '../limits';
import type { HclBlock, HclLabel } from './file';
import type { CursorBinding } from './runtime';
import { KEY, MISSING, Syntax, VAL } from './syntax';

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
  /** The block being converted, read into arrays (syntax.ts): nodes are its indices. Made on first use. */
  syntax?: Syntax;
  /** The WebAssembly binding's cursor calls the syntax reader uses, when there are (runtime.ts CursorBinding). */
  cursor?: CursorBinding;
}

/** The syntax reader of a parse (syntax.ts), made on first use. */
function syntaxOf(ctx: Ctx): Syntax {
  return (ctx.syntax ??= new Syntax(ctx.cursor));
}

function endOf(n: number, ctx: Ctx): number {
  const e = ctx.syntax!.end[n];
  return ctx.maskedEnds?.get(e) ?? e;
}

function spanOf(n: number, ctx: Ctx): Span {
  return { start: ctx.syntax!.start[n], end: endOf(n, ctx) };
}

/** The source text of a node, as tree-sitter delimits it. */
function textOf(n: number, ctx: Ctx): string {
  const t = ctx.syntax!;
  return ctx.text.slice(t.start[n], t.end[n]);
}

interface BlockHeader {
  type: string;
  typeSpan: Span;
  labels: HclLabel[];
  items: number[];
}

function blockHeader(n: number, ctx: Ctx): BlockHeader | undefined {
  const t = ctx.syntax!;
  let typeNode = -1;
  const labels: HclLabel[] = [];
  const items: number[] = [];
  const end = t.sub[n];
  for (let k = n + 1; k < end; k = t.sub[k]) {
    const type = t.type[k];
    if (typeNode < 0) {
      if (type === 'identifier') typeNode = k;
      continue;
    }
    if (type === 'string_lit' || type === 'identifier') {
      if (items.length === 0) {
        const m = ctx.masked && maskedLiteral(k, ctx);
        if (m) labels.push({ value: String((m as { value: unknown }).value), span: m.span });
        else labels.push({ value: type === 'identifier' ? textOf(k, ctx) : stringLitValue(k, ctx), span: spanOf(k, ctx) });
      }
    } else if (type === 'body' || type === 'ERROR') items.push(k);
  }
  if (typeNode < 0) return undefined;
  return { type: textOf(typeNode, ctx), typeSpan: spanOf(typeNode, ctx), labels, items };
}

/** Converts a top-level block (its syntax subtree is read once, syntax.ts). */
export function convertTopBlock(node: TSNode, ctx: Ctx): HclBlock | undefined {
  syntaxOf(ctx).read(node);
  return convertBlockAt(0, ctx);
}

/** Reads a whole syntax tree once (syntax.ts), for `convertBlockAt` and the tree's comments and blocks. */
export function readTree(root: TSNode, ctx: Ctx): Syntax {
  const t = syntaxOf(ctx);
  t.read(root);
  return t;
}

/** Converts the block at node `n` of the syntax read last (`convertTopBlock`: a block's own subtree; `readTree`: a whole tree). */
export function convertBlockAt(n: number, ctx: Ctx): HclBlock | undefined {
  const h = blockHeader(n, ctx);
  if (!h) return undefined;
  return { type: h.type, typeSpan: h.typeSpan, labels: h.labels, body: convertBody(n, h.items, ctx, 1), span: spanOf(n, ctx) };
}

/** Attributes, blocks and ERROR pieces of a body, flattened out of `body`/`ERROR` wrappers, in order. */
function bodyItems(containers: number[], t: Syntax): number[] {
  const out: number[] = [];
  const stack: { n: number; d: number }[] = [];
  for (let i = containers.length - 1; i >= 0; i--) stack.push({ n: containers[i], d: 0 });
  while (stack.length) {
    const { n, d } = stack.pop()!;
    const type = t.type[n];
    if (type === 'attribute' || type === 'block' || type === 'identifier') {
      out.push(n);
      continue;
    }
    if (type !== 'body' && type !== 'ERROR') continue;
    const kids = t.kids(n);
    const hasStructure = kids.some((k) => t.type[k] === 'attribute' || t.type[k] === 'block' || t.type[k] === 'body');
    if (type === 'ERROR' && !hasStructure) {
      out.push(n);
      continue;
    }
    if (d > 8) continue;
    for (let i = kids.length - 1; i >= 0; i--) {
      const k = kids[i];
      const kt = t.type[k];
      if (kt === 'attribute' || kt === 'block' || kt === 'body' || kt === 'ERROR') stack.push({ n: k, d: d + 1 });
      else if (type === 'ERROR' && kt === 'identifier') stack.push({ n: k, d: d + 1 });
    }
  }
  return out;
}

function convertBody(block: number, containers: number[], ctx: Ctx, depth: number): VObject {
  const t = ctx.syntax!;
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
  for (const n of bodyItems(containers, t)) {
    const type = t.type[n];
    if (type === 'attribute') {
      const id = t.kidOfType(n, 'identifier');
      const expr = t.kidOfType(n, 'expression');
      if (id < 0) continue;
      const value: VNode = expr >= 0 ? convertExpr(expr, ctx, depth) : syntaxErrorValue(n, ctx);
      obj.entries.push({ key: textOf(id, ctx), keySpan: spanOf(id, ctx), value, span: spanOf(n, ctx) });
    } else if (type === 'block') {
      const h = blockHeader(n, ctx);
      if (!h) continue;
      if (h.type === 'dynamic' && h.labels.length > 0) {
        const label = h.labels[0];
        const dyn: VUnknown = { kind: 'unknown', reason: `dynamic "${label.value}"`, refs: collectRefs(n, ctx), span: spanOf(n, ctx) };
        addToGroup(label.value, label.span, dyn);
      } else addToGroup(h.type, h.typeSpan, convertBody(n, h.items, ctx, depth + 1));
    } else if (type === 'ERROR' || type === 'identifier') {
      // A half-typed attribute (`key =` with no value): keep the key, with an unknown value.
      const id = type === 'identifier' ? n : t.kidOfType(n, 'identifier');
      if (id < 0) continue;
      const next = t.nextSibling(id);
      if (next < 0 || (t.type[next] !== '=' && t.type[next] !== ':')) continue;
      const span = { start: t.start[id], end: type === 'ERROR' ? t.end[n] : t.end[next] };
      obj.entries.push({ key: textOf(id, ctx), keySpan: spanOf(id, ctx), value: syntaxErrorValue(n, ctx, span), span });
    }
  }
  return obj;
}

/**
 * The value of a long literal that was parsed masked (hcl-mask.ts): tree-sitter saw `""` at its
 * start; the value is read from the real text exactly as the unmasked parse would read it.
 */
function maskedLiteral(n: number, ctx: Ctx): VNode | undefined {
  const t = ctx.syntax!;
  const m = ctx.masked?.get(t.start[n]);
  if (!m || t.end[n] !== m.start + 2) return undefined;
  const span = { start: m.start, end: m.end };
  if (!m.heredoc) return { kind: 'string', value: unescapeQuoted(ctx.text.slice(m.start + 1, m.end - 1), false), span };
  const h = heredocParts(ctx.text, span);
  if (!h) return undefined;
  const content = ctx.text.slice(h.contentStart, h.contentEnd);
  return { kind: 'string', value: unescapeTemplate(h.flush ? dedent(content) : content), span };
}

function syntaxErrorValue(n: number, ctx: Ctx, span: Span = spanOf(n, ctx)): VUnknown {
  return { kind: 'unknown', reason: 'syntax error', refs: [], span };
}

function tooDeep(n: number, ctx: Ctx): VUnknown {
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

/** Named children other than comments. */
function namedKids(n: number, t: Syntax): number[] {
  return t.namedKids(n).filter((k) => t.type[k] !== 'comment');
}

/** Converts an expression node. `depth` counts nesting (collections, parentheses, calls). */
function convertExpr(n: number, ctx: Ctx, depth: number): VNode {
  if (depth > MAX_DEPTH) return tooDeep(n, ctx);
  if (ctx.masked) {
    const m = maskedLiteral(n, ctx);
    if (m) return m;
  }
  const t = ctx.syntax!;
  switch (t.type[n]) {
    case 'expression': {
      const kids = namedKids(n, t);
      if (kids.length !== 1) return unknownOf(n, ctx);
      const k = kids[0];
      const kt = t.type[k];
      if (kt === 'expression') return t.type[n + 1] === '(' && t.hasKids(n) ? convertExpr(k, ctx, depth + 1) : unknownOf(n, ctx);
      if (kt === 'variable_expr' || kt === 'ERROR') return unknownOf(n, ctx);
      return convertExpr(k, ctx, depth);
    }
    case 'literal_value':
      return convertLiteral(n, ctx);
    case 'collection_value': {
      const k = t.firstNamed(n);
      return k >= 0 ? convertExpr(k, ctx, depth) : unknownOf(n, ctx);
    }
    case 'tuple':
      return convertTuple(n, ctx, depth + 1);
    case 'object':
      return convertObject(n, ctx, depth + 1);
    case 'template_expr': {
      const k = t.firstNamed(n);
      return k >= 0 ? convertExpr(k, ctx, depth) : unknownOf(n, ctx);
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

function convertLiteral(n: number, ctx: Ctx): VNode {
  const t = ctx.syntax!;
  const k = t.firstNamed(n);
  const span = spanOf(n, ctx);
  if (k < 0) return unknownOf(n, ctx);
  const raw = textOf(k, ctx);
  switch (t.type[k]) {
    case 'numeric_lit': {
      const v = Number(raw);
      return Number.isFinite(v) ? { kind: 'number', value: v, span } : unknownOf(n, ctx);
    }
    case 'bool_lit':
      return { kind: 'boolean', value: raw === 'true', span };
    case 'null_lit':
      return { kind: 'null', value: null, span };
    case 'string_lit':
      return { kind: 'string', value: stringLitValue(k, ctx), span };
    default:
      return unknownOf(n, ctx);
  }
}

/** Value of a `string_lit` node (quotes removed, escapes decoded). */
function stringLitValue(n: number, ctx: Ctx): string {
  const t = ctx.syntax!;
  const first = t.firstChild(n);
  const start = first >= 0 && t.type[first] === 'quoted_template_start' ? t.end[first] : t.start[n];
  const last = t.lastChild(n);
  const end = last >= 0 && t.type[last] === 'quoted_template_end' && !(t.flags[last] & MISSING) ? t.start[last] : t.end[n];
  return unescapeQuoted(ctx.text.slice(start, Math.max(start, end)), false);
}

function convertTuple(n: number, ctx: Ctx, depth: number): VNode {
  const t = ctx.syntax!;
  const items: VNode[] = [];
  for (const k of t.namedKids(n)) {
    if (t.type[k] === 'expression') items.push(convertExpr(k, ctx, depth));
    else if (t.type[k] === 'ERROR') items.push(syntaxErrorValue(k, ctx));
  }
  return { kind: 'array', items, span: spanOf(n, ctx), flow: true };
}

function convertObject(n: number, ctx: Ctx, depth: number): VNode {
  const t = ctx.syntax!;
  const entries: VEntry[] = [];
  for (const k of t.namedKids(n)) {
    if (t.type[k] === 'object_elem') {
      const keyNode = t.field(k, KEY);
      const valNode = t.field(k, VAL);
      if (keyNode < 0) continue;
      const value = valNode >= 0 ? convertExpr(valNode, ctx, depth) : syntaxErrorValue(k, ctx);
      const masked = ctx.masked?.get(t.start[keyNode]);
      if (masked && t.end[keyNode] === masked.start + 2) {
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
    } else if (t.type[k] === 'ERROR') {
      // `Key =` with the value not typed yet.
      const keyNode = t.firstNamed(k);
      const sep = keyNode >= 0 ? t.nextSibling(keyNode) : -1;
      if (sep >= 0 && (t.type[sep] === '=' || t.type[sep] === ':')) {
        entries.push({ key: objectKey(keyNode, ctx), keySpan: spanOf(keyNode, ctx), value: syntaxErrorValue(k, ctx), span: spanOf(k, ctx) });
      }
    }
  }
  return { kind: 'object', entries, span: spanOf(n, ctx), flow: true };
}

/** An object key: a bare identifier or a literal string; anything else is kept as written. */
function objectKey(n: number, ctx: Ctx): string {
  const t = ctx.syntax!;
  let k = n;
  while (t.type[k] === 'expression' && t.namedCount(k) === 1 && !(t.hasKids(k) && t.type[k + 1] === '(')) k = t.firstNamed(k);
  if (t.type[k] === 'variable_expr') return textOf(k, ctx);
  if (t.type[k] === 'literal_value') {
    const s = t.firstNamed(k);
    if (s >= 0 && t.type[s] === 'string_lit') return stringLitValue(s, ctx);
  }
  return ctx.text.slice(t.start[n], endOf(n, ctx));
}

function convertTemplate(n: number, ctx: Ctx): VNode {
  const t = ctx.syntax!;
  const text = ctx.text;
  if (t.namedKids(n).some((k) => t.type[k] === 'template_interpolation' || t.type[k] === 'template_directive')) return unknownOf(n, ctx);
  const span = spanOf(n, ctx);
  if (t.type[n] === 'quoted_template') {
    const src = templateSource(text, span);
    return { kind: 'string', value: src ? unescapeTemplate(src.content) : '', span };
  }
  const h = heredocParts(text, span);
  if (!h) return unknownOf(n, ctx);
  const content = text.slice(h.contentStart, h.contentEnd);
  return { kind: 'string', value: unescapeTemplate(h.flush ? dedent(content) : content), span };
}

function convertCall(n: number, ctx: Ctx, depth: number): VNode {
  const t = ctx.syntax!;
  const name = t.firstNamed(n);
  const args = t.namedKids(n).find((k) => t.type[k] === 'function_arguments') ?? -1;
  const fn = name >= 0 && args >= 0 ? textOf(name, ctx) : '';
  if (fn === 'jsonencode') {
    const a = namedKids(args, t);
    if (a.length === 1 && t.type[a[0]] === 'expression') return convertExpr(a[0], ctx, depth + 1);
  }
  // Maps built by a function (`merge({...}, {...})`, `tomap({...})`, the old `map("k", "v", ...)`):
  // the value is known only at plan time, but the literals written in the call are kept as its
  // arguments, so that what the file writes (tags, names) can still be read.
  if (MAP_FUNCTIONS.has(fn)) {
    const items: VNode[] = [];
    for (const k of namedKids(args, t)) if (t.type[k] === 'expression') items.push(convertExpr(k, ctx, depth + 1));
    return { ...unknownOf(n, ctx), args: { kind: 'array', items, span: spanOf(args, ctx), flow: true } };
  }
  return unknownOf(n, ctx);
}

/** Functions whose arguments are the literal pieces of a map (see convertCall). */
const MAP_FUNCTIONS = new Set(['merge', 'tomap', 'map']);

function convertOperation(n: number, ctx: Ctx): VNode {
  const t = ctx.syntax!;
  const u = t.firstNamed(n);
  if (u >= 0 && t.type[u] === 'unary_operation' && t.hasKids(u) && t.type[u + 1] === '-') {
    const operand = t.firstNamed(u);
    if (operand >= 0 && t.type[operand] === 'literal_value') {
      const lit = t.firstNamed(operand);
      if (lit >= 0 && t.type[lit] === 'numeric_lit') {
        const v = -Number(textOf(operand, ctx));
        if (Number.isFinite(v)) return { kind: 'number', value: v, span: spanOf(n, ctx) };
      }
    }
  }
  return unknownOf(n, ctx);
}

/** An unknown value: the expression's source (shortened) as reason, and the references it contains. */
function unknownOf(n: number, ctx: Ctx): VUnknown {
  const start = ctx.syntax!.start[n];
  const head = ctx.text.slice(start, Math.min(endOf(n, ctx), start + 320));
  return { kind: 'unknown', reason: shortSource(head) || 'expression', refs: collectRefs(n, ctx), span: spanOf(n, ctx) };
}

// ---------------------------------------------------------------------------------------------
// References

/** References inside a syntax subtree (iteratively: subtrees may be very deep). */
function collectRefs(root: number, ctx: Ctx): string[] {
  const t = ctx.syntax!;
  const text = ctx.text;
  const refs = new Set<string>();
  const locals = new Set<string>();
  const chains: { root: string; attrs: string[] }[] = [];
  const stack: number[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (!t.hasKids(n)) continue;
    const kids = t.kids(n);
    if (t.type[n] === 'for_intro' || t.type[n] === 'template_for_start') {
      for (const k of kids) if (t.type[k] === 'identifier') locals.add(text.slice(t.start[k], t.end[k]));
    }
    for (let i = 0; i < kids.length; i++) {
      const k = kids[i];
      if (t.type[k] === 'variable_expr') {
        const attrs: string[] = [];
        for (let j = i + 1; j < kids.length && t.type[kids[j]] === 'get_attr'; j++) {
          const id = t.lastNamed(kids[j]);
          if (id >= 0) attrs.push(text.slice(t.start[id], t.end[id]));
        }
        chains.push({ root: text.slice(t.start[k], t.end[k]), attrs });
      } else if (t.hasKids(k)) stack.push(k);
    }
  }
  for (const c of chains) {
    if (locals.has(c.root)) continue;
    const r = referenceOf(c.root, c.attrs);
    if (r) refs.add(r);
  }
  return [...refs];
}
