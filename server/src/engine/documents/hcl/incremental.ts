/**
 * Incremental re-parsing of an edited `.tf` file: what a parse keeps for the next one (the syntax
 * tree and the converted blocks), the edit between two texts, and taking unchanged blocks over
 * (moved by the edit's length) instead of converting them again.
 */
import type { Tree as TSTree } from 'web-tree-sitter';
import type { Span } from '../../types';
import type { VNode, VObject } from '../../value';
import type { ParseHandle } from '../document';
import type { HclBlock } from './file';

/** A converted top-level block that a later parse of an edited text may reuse. */
export interface ReusableBlock {
  end: number;
  block: HclBlock;
}

/** What `parseHclDocument` keeps for the next parse of the same file (Engine.parse with `keep`). */
export class HclHandle implements ParseHandle {
  constructor(
    readonly path: string,
    readonly text: string,
    /** The text tree-sitter parsed: `text`, or `text` with long literals masked. */
    readonly parsedText: string,
    public tree: TSTree | undefined,
    /** Error-free top-level blocks by start offset. */
    readonly blocks: Map<number, ReusableBlock>,
  ) {}

  dispose(): void {
    this.tree?.delete();
    this.tree = undefined;
  }
}

/** The change between two texts as one replaced range: common prefix and suffix kept. */
export interface TextChange {
  start: number;
  oldEnd: number;
  newEnd: number;
}

export function diffTexts(oldText: string, newText: string): TextChange {
  const max = Math.min(oldText.length, newText.length);
  let start = 0;
  while (start < max && oldText.charCodeAt(start) === newText.charCodeAt(start)) start++;
  let suffix = 0;
  while (suffix < max - start && oldText.charCodeAt(oldText.length - 1 - suffix) === newText.charCodeAt(newText.length - 1 - suffix)) suffix++;
  return { start, oldEnd: oldText.length - suffix, newEnd: newText.length - suffix };
}

/**
 * The smallest change covering both, for two diffs between texts of the same lengths (masking
 * keeps lengths), which therefore move the text after them by the same amount.
 */
export function unionChange(a: TextChange, b: TextChange): TextChange {
  const newEnd = Math.max(a.newEnd, b.newEnd);
  return { start: Math.min(a.start, b.start), oldEnd: newEnd - (a.newEnd - a.oldEnd), newEnd };
}

/** tree-sitter's point of an offset: rows count `\n` only, columns are UTF-16 code units (web-tree-sitter). */
function pointAt(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

/** Tells the previous tree what changed, so that tree-sitter re-parses only around the edit. */
export function editTree(tree: TSTree, oldText: string, newText: string, c: TextChange): void {
  const startPosition = pointAt(newText, c.start);
  tree.edit({
    startIndex: c.start,
    oldEndIndex: c.oldEnd,
    newEndIndex: c.newEnd,
    startPosition,
    oldEndPosition: pointAt(oldText, c.oldEnd),
    newEndPosition: pointAt(newText, c.newEnd),
  } as Parameters<TSTree['edit']>[0]);
}

/** The previous parse's block for [start, end) when that text lies wholly outside the edit. */
export function reuseBlock(previous: HclHandle, c: TextChange, start: number, end: number): HclBlock | undefined {
  if (end <= c.start) {
    const r = previous.blocks.get(start);
    return r && r.end === end ? r.block : undefined;
  }
  const delta = c.newEnd - c.oldEnd;
  if (start >= c.newEnd) {
    const r = previous.blocks.get(start - delta);
    return r && r.end === end - delta ? (delta === 0 ? r.block : shiftBlock(r.block, delta)) : undefined;
  }
  return undefined;
}

function shiftSpan(s: Span, d: number): Span {
  return { start: s.start + d, end: s.end + d };
}

/** A copy of a block with every span moved by `d` (value trees are never changed in place). */
function shiftBlock(b: HclBlock, d: number): HclBlock {
  return {
    type: b.type,
    typeSpan: shiftSpan(b.typeSpan, d),
    labels: b.labels.map((l) => ({ value: l.value, span: shiftSpan(l.span, d) })),
    body: shiftNode(b.body, d) as VObject,
    span: shiftSpan(b.span, d),
  };
}

function shiftNode(n: VNode, d: number): VNode {
  // Depth is bounded by MAX_DEPTH (deeper values were cut at conversion).
  switch (n.kind) {
    case 'object':
      return { ...n, span: shiftSpan(n.span, d), entries: n.entries.map((e) => ({ key: e.key, keySpan: shiftSpan(e.keySpan, d), value: shiftNode(e.value, d), span: shiftSpan(e.span, d) })) };
    case 'array':
      return { ...n, span: shiftSpan(n.span, d), items: n.items.map((i) => shiftNode(i, d)) };
    case 'unknown': {
      const u = { ...n, span: shiftSpan(n.span, d) };
      if (n.args) u.args = shiftNode(n.args, d);
      return u;
    }
    default:
      return { ...n, span: shiftSpan(n.span, d) };
  }
}
