/**
 * Reading a Terraform syntax tree that has errors: syntax-error notices, the comments, the
 * top-level blocks tree-sitter kept (also those it wrapped in an ERROR node), where to resume
 * after a top-level error that swallowed the rest of the file, and whether a masked parse held.
 */
import type { Node as TSNode } from 'web-tree-sitter';
import { quoteSource } from '../../redact';
import type { Span } from '../../types';
import type { Comment } from '../document';
import type { MaskedLiteral } from '../hcl-mask';
import { isIdentChar, isIdentStart } from '../hcl-template';
import type { Ctx } from './convert';
import type { CursorBinding } from './runtime';

/** At most this many syntax errors are reported per file. */
const MAX_SYNTAX_NOTICES = 5;

/** Re-parses after a top-level syntax error at most this many times (see `parseHclDocument`). */
export const MAX_RESYNC = 10;

/**
 * The comment tokens of a tree, in order, as offsets: read once for masksHeld and collectComments.
 * With `binding` (runtime.ts CursorBinding), through the same calls as web-tree-sitter's
 * `descendantsOfType` and `endIndex`, without a `Node` object per comment.
 */
export function commentSpans(root: TSNode, binding?: CursorBinding): Span[] {
  if (!binding) return root.descendantsOfType('comment').map((n) => ({ start: n.startIndex, end: n.endIndex }));
  const b = binding;
  const tree = treeOf(root);
  const types = root.tree.language.types;
  const symbols: number[] = [];
  for (let i = 0; i < types.length; i++) if (types[i] === 'comment') symbols.push(i);
  if (symbols.length === 0) return [];
  const out: Span[] = [];
  const symbolsAddress = b.malloc(4 * symbols.length);
  let nodes = 0;
  try {
    let h = heap(b);
    for (let i = 0; i < symbols.length; i++) h[(symbolsAddress >> 2) + i] = symbols[i];
    putNode(b, root);
    b.descendantsOfType(tree, symbolsAddress, symbols.length, 0, 0, 0, 0);
    h = heap(b);
    const t = b.transfer >> 2;
    const count = h[t];
    nodes = h[t + 1];
    for (let i = 0; i < count; i++) {
      // Each node (5 words) into the transfer buffer, for its end.
      const n = (nodes >> 2) + 5 * i;
      for (let k = 0; k < 5; k++) h[t + k] = h[n + k];
      out.push({ start: h[n + 1], end: b.nodeEndIndex(tree) });
    }
  } finally {
    if (nodes) b.free(nodes);
    b.free(symbolsAddress);
  }
  return out;
}

/** The tree's WebAssembly address (web-tree-sitter's `Tree` handle). */
function treeOf(n: TSNode): number {
  return (n.tree as unknown as { 0: number })[0];
}

/** The binding's memory as 32-bit words (a view of its current buffer: one made before the memory grew is empty). */
function heap(b: CursorBinding): Int32Array {
  return new Int32Array(b.memory.buffer);
}

/** Writes `n` into the binding's transfer buffer as web-tree-sitter's `marshalNode` does. */
function putNode(b: CursorBinding, n: TSNode): void {
  const h = heap(b);
  const t = b.transfer >> 2;
  h[t] = n.id;
  h[t + 1] = n.startIndex;
  h[t + 2] = n.startPosition.row;
  h[t + 3] = n.startPosition.column;
  h[t + 4] = (n as unknown as { 0: number })[0];
}

/**
 * Whether the masked parse is clean and every masked literal became `""` followed by one comment
 * (`comments`: the tree's, commentSpans). With `binding`, through the same calls as web-tree-sitter's
 * `descendantForIndex`, `type`, `endIndex` and `parent`, without `Node` objects.
 */
export function masksHeld(root: TSNode, literals: readonly MaskedLiteral[], comments: readonly Span[], binding?: CursorBinding): boolean {
  if (root.hasError) return false;
  const types = root.tree.language.types;
  const tree = treeOf(root);
  let c = 0;
  for (const l of literals) {
    // The smallest node spanning the two quotes: in a tree without errors, the empty string itself if there is one.
    if (binding) {
      const b = binding;
      const t = b.transfer >> 2;
      putNode(b, root);
      let h = heap(b);
      h[t + 5] = l.start;
      h[t + 6] = l.start + 2;
      b.descendantForIndex(tree);
      h = heap(b);
      if (h[t] === 0 || (types[b.nodeSymbol(tree)] || 'ERROR') !== 'string_lit' || h[t + 1] !== l.start || b.nodeEndIndex(tree) !== l.start + 2) return false;
      // A block label may be a quoted string but not a heredoc: masking must not make bad syntax good.
      if (l.heredoc) {
        b.nodeParent(tree);
        if (heap(b)[t] !== 0 && (types[b.nodeSymbol(tree)] || 'ERROR') === 'block') return false;
      }
    } else {
      const s = root.descendantForIndex(l.start, l.start + 2);
      if (!s || s.type !== 'string_lit' || s.startIndex !== l.start || s.endIndex !== l.start + 2) return false;
      // A block label may be a quoted string but not a heredoc: masking must not make bad syntax good.
      if (l.heredoc && s.parent?.type === 'block') return false;
    }
    while (c < comments.length && comments[c].start < l.start + 2) c++;
    if (c === comments.length || comments[c].start !== l.start + 2 || comments[c].end !== l.end) return false;
  }
  return true;
}

/**
 * A node's children, read with a cursor: `node.children` keeps them on the node (web-tree-sitter
 * caches them, recursively as the conversion reads deeper), so the file's whole tree of JS node
 * objects stayed alive as long as the root did — two thirds of the memory a large file's parse took.
 */
export function childrenOf(n: TSNode): TSNode[] {
  const c = n.walk();
  const out: TSNode[] = [];
  try {
    if (c.gotoFirstChild()) {
      do out.push(c.currentNode);
      while (c.gotoNextSibling());
    }
  } finally {
    c.delete();
  }
  return out;
}

/** The first ERROR node at the top of the file (not inside a block), at or after `from`. */
export function firstTopLevelError(root: TSNode, from: number): TSNode | undefined {
  for (const k of childrenOf(root)) {
    if (k.endIndex <= from) continue;
    if (k.type === 'ERROR') return k;
    if (k.type === 'body' && k.hasError) for (const b of childrenOf(k)) if (b.type === 'ERROR' && b.endIndex > from) return b;
  }
  return undefined;
}

/** Start of the first line at or after `offset` that begins (in column 0) like a block: `name "label" {`, `name {`. */
export function nextBlockLine(text: string, offset: number): number {
  let i = text.indexOf('\n', offset);
  while (i >= 0) {
    const s = i + 1;
    let e = s;
    while (e < text.length && isIdentChar(text.charCodeAt(e))) e++;
    if (e > s && isIdentStart(text.charCodeAt(s))) {
      let k = e;
      while (text[k] === ' ' || text[k] === '\t') k++;
      if (k > e && (text[k] === '"' || text[k] === '{' || isIdentStart(text.charCodeAt(k)))) return s;
    }
    i = text.indexOf('\n', s);
  }
  return -1;
}

/** The comments (`comments`: the tree's, commentSpans) starting in [from, to), other than the masks of literals. */
export function collectComments(comments: readonly Span[], text: string, from: number, to: number, masked?: Map<number, MaskedLiteral>): Comment[] {
  const out: Comment[] = [];
  for (const { start, end } of comments) {
    if (start < from || start >= to || masked?.get(start - 2)?.end === end) continue;
    const raw = text.slice(start, end);
    const body = raw.startsWith('#') ? raw.slice(1) : raw.startsWith('//') ? raw.slice(2) : raw.slice(2, raw.endsWith('*/') ? -2 : undefined);
    out.push({ span: { start, end }, text: body });
  }
  return out;
}

const MISSING_NAMES: Record<string, string> = {
  quoted_template_end: '"',
  template_interpolation_end: '}',
  block_end: '}',
  object_end: '}',
  tuple_end: ']',
  heredoc_identifier: 'heredoc end marker',
};

export function collectSyntaxErrors(root: TSNode, ctx: Ctx, from: number, to: number): void {
  const stack: TSNode[] = [root];
  while (stack.length && ctx.syntaxErrors < MAX_SYNTAX_NOTICES) {
    const n = stack.pop()!;
    if (n.endIndex < from || n.startIndex >= to) continue;
    let message: string | undefined;
    let span: Span | undefined;
    if (n.isError) {
      const firstLine = ctx.text.slice(n.startIndex, n.endIndex).split(/\r?\n|\r/, 1)[0];
      // Only a short code token is quoted: the text may hold a secret (see redact.ts).
      message = firstLine.trim() ? `Terraform syntax error: unexpected ${quoteSource(firstLine)}` : 'Terraform syntax error: unexpected end of file';
      span = { start: n.startIndex, end: n.startIndex + firstLine.length };
    } else if (n.isMissing) {
      const what = n.isNamed ? MISSING_NAMES[n.type] ?? n.type : n.type;
      message = `Terraform syntax error: missing '${what}'`;
      span = { start: n.startIndex, end: n.endIndex };
    } else if (n.hasError) {
      const kids = n.children;
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
      continue;
    } else continue;
    if (span.start < from) continue;
    ctx.syntaxErrors++;
    ctx.notices.push({ file: ctx.file, kind: 'parse-error', message, span, range: ctx.lines.range(span) });
  }
}

/**
 * `block` nodes at the top of the file, including intact blocks tree-sitter wrapped in an ERROR node.
 * Read without caching children on the root (childrenOf): the caller drops each block once converted.
 */
export function topLevelBlocks(root: TSNode): (TSNode | undefined)[] {
  const out: TSNode[] = [];
  const stack: { n: TSNode; d: number }[] = [{ n: root, d: 0 }];
  while (stack.length) {
    const { n, d } = stack.pop()!;
    const kids = childrenOf(n);
    for (let i = kids.length - 1; i >= 0; i--) {
      const k = kids[i];
      if (k.type === 'block') out.push(k);
      else if ((k.type === 'body' || k.type === 'ERROR') && d < 8) stack.push({ n: k, d: d + 1 });
    }
  }
  return out.sort((a, b) => a.startIndex - b.startIndex);
}

