/**
 * Terraform (HCL native syntax) parsing with tree-sitter (WebAssembly build, no native binding),
 * and conversion of blocks and expressions into the shared value tree.
 *
 * tree-sitter parses JS strings as UTF-16, so node indices are JS string offsets: spans can be
 * used as they are.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Node as TSNode, Parser as TSParser, Tree as TSTree } from 'web-tree-sitter';
import { quoteSource, sanitizeMessage } from '../redact';
import type { LineIndex } from '../text';
import type { Notice, Span } from '../types';
import type { VEntry, VNode, VObject, VUnknown } from '../value';
import type { Comment, ParsedDocument, ParseHandle } from './document';
import { findLongLiterals, maskLiterals, type MaskedLiteral } from './hcl-mask';
import { dedent, heredocParts, isIdentChar, isIdentStart, referenceOf, shortSource, templateSource, unescapeQuoted, unescapeTemplate } from './hcl-template';
import { MAX_DEPTH } from './limits';

export interface HclLabel {
  value: string;
  /** Span of the label as written (with its quotes). */
  span: Span;
}

/** A top-level block: `resource "aws_s3_bucket" "b" { ... }`, `data`, `module`, `locals`... */
export interface HclBlock {
  type: string;
  typeSpan: Span;
  labels: HclLabel[];
  /**
   * The body as a value tree (dialect 'hcl'). Its span is the whole block. Attributes are entries;
   * nested blocks of one type are one entry whose value is an array of objects (each spanning its
   * whole block); a `dynamic "x"` block adds an unknown item to the `x` array.
   */
  body: VObject;
  span: Span;
}

/** What `parseHclDocument` stores on `ParsedDocument.hcl`. */
export interface HclFile {
  blocks: HclBlock[];
}

/** The parsed Terraform file of a document, if it is one. */
export function hclOf(doc: ParsedDocument): HclFile | undefined {
  const h = doc.hcl as HclFile | undefined;
  return h && Array.isArray(h.blocks) ? h : undefined;
}

// ---------------------------------------------------------------------------------------------
// Loading

const RUNTIME_WASM = 'web-tree-sitter.wasm';
const GRAMMAR_WASM = 'tree-sitter-terraform.wasm';

let parser: TSParser | undefined;
let loading: Promise<void> | undefined;

function locateWasm(wasmDir?: string): { runtime: string; grammar: string } {
  if (wasmDir) return { runtime: join(wasmDir, RUNTIME_WASM), grammar: join(wasmDir, GRAMMAR_WASM) };
  // The esbuild bundle ships both files next to dist/*.js.
  const local = { runtime: join(__dirname, RUNTIME_WASM), grammar: join(__dirname, GRAMMAR_WASM) };
  if (existsSync(local.runtime) && existsSync(local.grammar)) return local;
  // Unbundled (tsc output), or a bundle elsewhere run from the project directory: node_modules.
  for (const req of [require, createRequire(join(process.cwd(), 'package.json'))]) {
    try {
      return {
        runtime: req.resolve('web-tree-sitter/web-tree-sitter.wasm'),
        grammar: req.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm'),
      };
    } catch {
      // try the next location
    }
  }
  throw new Error(`cannot find ${RUNTIME_WASM} and ${GRAMMAR_WASM}`);
}

/**
 * tree-sitter's WebAssembly memory, created here so that its size can be watched while parsing.
 * WebAssembly memory never shrinks, and at its 2 GB maximum the module aborts for good; error
 * recovery on pathological text takes about 7 KB a character. So a parse that makes it grow past
 * MAX_PARSER_MEMORY is stopped (a normal 10 MB file needs about 1 GB).
 */
let wasmMemory: { readonly buffer: ArrayBuffer } | undefined;
/** The WebAssembly global (the engine's TypeScript lib has no DOM or WebAssembly types). */
declare const WebAssembly: {
  Memory: new (d: { initial: number; maximum: number }) => { readonly buffer: ArrayBuffer };
  RuntimeError: new (message?: string) => Error;
};
export const MAX_PARSER_MEMORY = 1280 * 1024 * 1024;
let maxParserMemory = MAX_PARSER_MEMORY;
/** For tests: a lower memory cap (the default when called without an argument). */
export function setMaxParserMemory(bytes = MAX_PARSER_MEMORY): void {
  maxParserMemory = bytes;
}
/** Set when tree-sitter aborted (out of memory all the same): it cannot be used again in this process. */
let parserBroken = false;

function memoryGuard(): () => boolean {
  const start = wasmMemory?.buffer.byteLength ?? 0;
  return () => {
    const now = wasmMemory?.buffer.byteLength ?? 0;
    return now > maxParserMemory && now > start;
  };
}

async function load(wasmDir?: string): Promise<void> {
  // `require`, not `import`: bundlers then pick the package's CommonJS build, which finds its
  // files without `import.meta`. The grammar package's own entry (a native binding) is never loaded.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Parser, Language } = require('web-tree-sitter') as typeof import('web-tree-sitter');
  const { runtime, grammar } = locateWasm(wasmDir);
  const memory = new WebAssembly.Memory({ initial: 512, maximum: 32768 }); // 32 MB, up to emscripten's 2 GB
  await Parser.init({
    locateFile: (name: string) => (name === RUNTIME_WASM ? runtime : join(dirname(runtime), name)),
    wasmMemory: memory,
    // emscripten prints "Aborted(…)" before throwing; the exception is what we report.
    printErr: (s: string) => void (/^Aborted\(/.test(s) || console.error(s)),
  } as Parameters<typeof Parser.init>[0]);
  wasmMemory = memory;
  const language = await Language.load(readFileSync(grammar));
  const p = new Parser();
  p.setLanguage(language);
  parser = p;
}

/** Loads the tree-sitter runtime and the Terraform grammar. Idempotent; call (and await) once before parsing. */
export function initHcl(wasmDir?: string): Promise<void> {
  if (parser) return Promise.resolve();
  if (!loading) {
    loading = load(wasmDir).catch((e: unknown) => {
      loading = undefined;
      throw e;
    });
  }
  return loading;
}

// ---------------------------------------------------------------------------------------------
// Parsing

const MAX_SYNTAX_NOTICES = 5;

interface Ctx {
  text: string;
  file: string;
  lines: LineIndex;
  notices: Notice[];
  deepReported: boolean;
  syntaxErrors: number;
  /** Long literals that were parsed masked (hcl-mask.ts), by start offset: their values come from `text`. */
  masked?: Map<number, MaskedLiteral>;
}

/** Re-parses after a top-level syntax error at most this many times (see `parseHclDocument`). */
const MAX_RESYNC = 10;

/** A converted top-level block that a later parse of an edited text may reuse. */
interface ReusableBlock {
  end: number;
  block: HclBlock;
}

/** What `parseHclDocument` keeps for the next parse of the same file (Engine.parse with `keep`). */
class HclHandle implements ParseHandle {
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
function editTree(tree: TSTree, oldText: string, newText: string, c: TextChange): void {
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

export interface HclParseOptions {
  /** The handle of the previous parse of this file: consumed (disposed) by this call. */
  previous?: ParseHandle;
  /** Return a handle (`doc.handle`) for the next incremental parse. */
  keep?: boolean;
  /** Literals at least this long are parsed masked (hcl-mask.ts); `Infinity` turns masking off (tests compare both). */
  maskMinLength?: number;
  /** `performance.now()` time at which tree-sitter is stopped (its progress callback); the file is then not analysed. */
  deadline?: number;
  /** Called when the deadline stopped the parse, with what was being done. */
  onDeadline?: (what: string) => void;
}

/**
 * Parses a `.tf` file. Never throws on bad input: syntax errors become notices, intact blocks are kept.
 *
 * tree-sitter's recovery sometimes swallows the rest of the file after a stray token at the top
 * level (e.g. one `}` too many). Then the text is parsed again from the next line that starts a
 * block, with the part before it blanked out so offsets stay the same.
 *
 * With `previous`, the text is re-parsed incrementally from the previous syntax tree, and the
 * error-free top-level blocks that lie wholly before or after the edit are taken over from the
 * previous parse (moved by the edit's length) instead of being converted again.
 */
export function parseHclDocument(path: string, text: string, lines: LineIndex, opts: HclParseOptions = {}): ParsedDocument {
  const doc: ParsedDocument = { path, text, format: 'terraform', lines, comments: [], notices: [] };
  const file: HclFile = { blocks: [] };
  doc.hcl = file;
  const previous = opts.previous instanceof HclHandle && opts.previous.path === path ? opts.previous : undefined;
  if (!parser) {
    opts.previous?.dispose();
    doc.notices.push({ file: path, kind: 'internal', message: 'Terraform parser not initialised (initHcl() was not awaited)' });
    return doc;
  }
  const ctx: Ctx = { text, file: path, lines, notices: doc.notices, deepReported: false, syntaxErrors: 0 };
  // Long literals are parsed masked (hcl-mask.ts); when the masked parse is not clean, the real text is parsed.
  let literals = findLongLiterals(text, opts.maskMinLength);
  let parsedText = literals.length ? maskLiterals(text, literals) : text;
  let change: TextChange | undefined;
  let oldTree: TSTree | undefined;
  if (previous) {
    oldTree = previous.tree;
    if (oldTree) editTree(oldTree, previous.parsedText, parsedText, diffTexts(previous.parsedText, parsedText));
  }
  const reusable = new Map<number, ReusableBlock>();
  let kept: TSTree | undefined;
  let from = 0;
  const deadline = opts.deadline;
  const tooBig = memoryGuard();
  // tree-sitter calls this every few hundred steps; `true` cancels the parse.
  const progress = { progressCallback: () => (deadline !== undefined && performance.now() > deadline) || tooBig() };
  if (parserBroken) {
    doc.notices.push({ file: path, kind: 'internal', message: 'the Terraform parser ran out of memory earlier and is unavailable until awsdp restarts' });
    opts.previous?.dispose();
    return doc;
  }
  try {
    for (let attempt = 0; from >= 0; attempt++) {
      let tree = from === 0 ? parser.parse(parsedText, oldTree, progress) : parser.parse(' '.repeat(from) + text.slice(from), null, progress);
      if (tree && from === 0 && literals.length) {
        if (masksHeld(tree.rootNode, literals)) {
          ctx.masked = new Map(literals.map((l) => [l.start, l]));
          maskedEnds = new Map(literals.map((l) => [l.start + 2, l.end]));
        }
        else {
          tree.delete();
          literals = [];
          parsedText = text;
          tree = parser.parse(text, null, progress);
        }
      }
      // Blocks outside the edit, in the real and in the parsed text, are taken over from the previous parse.
      if (from === 0 && previous) change = unionChange(diffTexts(previous.text, text), diffTexts(previous.parsedText, parsedText));
      if (!tree) {
        parser.reset(); // else the next parse would resume this one
        file.blocks.length = 0;
        if (tooBig()) doc.notices.push({ file: path, kind: 'limit', message: `file not analysed: the Terraform parser needed more than ${Math.round(maxParserMemory / 1024 / 1024)} MB of memory` });
        else if (deadline !== undefined && performance.now() > deadline) opts.onDeadline?.('parsing Terraform');
        else doc.notices.push({ file: path, kind: 'internal', message: 'Terraform parser returned no tree' });
        break;
      }
      try {
        const root = tree.rootNode;
        const error = attempt < MAX_RESYNC && root.hasError ? firstTopLevelError(root, from) : undefined;
        let next = error ? nextBlockLine(text, error.startIndex + 1) : -1;
        const to = next < 0 ? text.length + 1 : next;
        for (const c of collectComments(root, text, from, to, ctx.masked)) doc.comments.push(c);
        if (root.hasError) collectSyntaxErrors(root, ctx, from, to);
        let converted = 0;
        for (const b of topLevelBlocks(root)) {
          if (b.startIndex < from || b.startIndex >= to) continue;
          // Converting is part of parsing: the deadline holds here too (many small blocks parse fast, convert slowly).
          if (deadline !== undefined && ++converted % 64 === 0 && performance.now() > deadline) {
            opts.onDeadline?.('parsing Terraform');
            file.blocks.length = 0;
            doc.comments.length = 0;
            next = -1;
            break;
          }
          try {
            const start = b.startIndex;
            const end = b.endIndex;
            const clean = !b.hasError;
            let block = clean && previous && change ? reuseBlock(previous, change, start, end) : undefined;
            const before = ctx.notices.length;
            block ??= convertTopBlock(b, ctx);
            if (!block) continue;
            file.blocks.push(block);
            // Blocks whose conversion said something (depth limits) are converted again next time.
            if (clean && ctx.notices.length === before) reusable.set(start, { end, block });
          } catch (e) {
            const span = { start: b.startIndex, end: b.endIndex };
            const msg = e instanceof Error ? e.message : String(e);
            doc.notices.push({ file: path, kind: 'internal', message: sanitizeMessage(`Terraform block not analysed: ${msg}`), span, range: lines.range(span) });
          }
        }
        from = next;
      } finally {
        if (attempt === 0 && opts.keep) kept = tree;
        else tree.delete();
      }
    }
  } catch (e) {
    // WebAssembly aborted (memory exhausted despite the guard): the module is dead for this process.
    if (!(e instanceof WebAssembly.RuntimeError)) throw e;
    parserBroken = true;
    file.blocks.length = 0;
    kept = undefined;
    doc.notices.push({ file: path, kind: 'internal', message: 'the Terraform parser ran out of memory; Terraform files are not analysed until awsdp restarts' });
  } finally {
    maskedEnds = undefined;
    opts.previous?.dispose();
  }
  if (opts.keep) doc.handle = new HclHandle(path, text, parsedText, kept, reusable);
  return doc;
}

/**
 * The smallest change covering both, for two diffs between texts of the same lengths (masking
 * keeps lengths), which therefore move the text after them by the same amount.
 */
function unionChange(a: TextChange, b: TextChange): TextChange {
  const newEnd = Math.max(a.newEnd, b.newEnd);
  return { start: Math.min(a.start, b.start), oldEnd: newEnd - (a.newEnd - a.oldEnd), newEnd };
}

/** Whether the masked parse is clean and every masked literal became `""` followed by one comment. */
function masksHeld(root: TSNode, literals: readonly MaskedLiteral[]): boolean {
  if (root.hasError) return false;
  for (const l of literals) {
    let s: TSNode | null = root.descendantForIndex(l.start);
    while (s && s.type !== 'string_lit' && s.startIndex === l.start && s.endIndex <= l.start + 2) s = s.parent;
    if (!s || s.type !== 'string_lit' || s.startIndex !== l.start || s.endIndex !== l.start + 2) return false;
    // A block label may be a quoted string but not a heredoc: masking must not make bad syntax good.
    if (l.heredoc && s.parent?.type === 'block') return false;
    const c = root.descendantForIndex(l.start + 2);
    if (!c || c.type !== 'comment' || c.startIndex !== l.start + 2 || c.endIndex !== l.end) return false;
  }
  return true;
}

/** The previous parse's block for [start, end) when that text lies wholly outside the edit. */
function reuseBlock(previous: HclHandle, c: TextChange, start: number, end: number): HclBlock | undefined {
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

/** The first ERROR node at the top of the file (not inside a block), at or after `from`. */
function firstTopLevelError(root: TSNode, from: number): TSNode | undefined {
  for (const k of root.children) {
    if (k.endIndex <= from) continue;
    if (k.type === 'ERROR') return k;
    if (k.type === 'body' && k.hasError) for (const b of k.children) if (b.type === 'ERROR' && b.endIndex > from) return b;
  }
  return undefined;
}

/** Start of the first line at or after `offset` that begins (in column 0) like a block: `name "label" {`, `name {`. */
function nextBlockLine(text: string, offset: number): number {
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

function collectComments(root: TSNode, text: string, from: number, to: number, masked?: Map<number, MaskedLiteral>): Comment[] {
  return root
    .descendantsOfType('comment')
    .filter((n) => n.startIndex >= from && n.startIndex < to && masked?.get(n.startIndex - 2)?.end !== n.endIndex)
    .map((n) => {
      const raw = text.slice(n.startIndex, n.endIndex);
      const body = raw.startsWith('#') ? raw.slice(1) : raw.startsWith('//') ? raw.slice(2) : raw.slice(2, raw.endsWith('*/') ? -2 : undefined);
      return { span: { start: n.startIndex, end: n.endIndex }, text: body };
    });
}

const MISSING_NAMES: Record<string, string> = {
  quoted_template_end: '"',
  template_interpolation_end: '}',
  block_end: '}',
  object_end: '}',
  tuple_end: ']',
  heredoc_identifier: 'heredoc end marker',
};

function collectSyntaxErrors(root: TSNode, ctx: Ctx, from: number, to: number): void {
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

/** `block` nodes at the top of the file, including intact blocks tree-sitter wrapped in an ERROR node. */
function topLevelBlocks(root: TSNode): TSNode[] {
  const out: TSNode[] = [];
  const stack: { n: TSNode; d: number }[] = [{ n: root, d: 0 }];
  while (stack.length) {
    const { n, d } = stack.pop()!;
    const kids = n.children;
    for (let i = kids.length - 1; i >= 0; i--) {
      const k = kids[i];
      if (k.type === 'block') out.push(k);
      else if ((k.type === 'body' || k.type === 'ERROR') && d < 8) stack.push({ n: k, d: d + 1 });
    }
  }
  return out.sort((a, b) => a.startIndex - b.startIndex);
}

/**
 * While a masked parse is converted: the end of each masked literal's `""` → the literal's real
 * end. A node ending with a masked literal ends where the literal really ends (`endOf`).
 * Conversion is synchronous, so one module-level map serves.
 */
let maskedEnds: Map<number, number> | undefined;

function endOf(n: TSNode): number {
  const e = n.endIndex;
  return maskedEnds?.get(e) ?? e;
}

function spanOf(n: TSNode): Span {
  return { start: n.startIndex, end: endOf(n) };
}

// ---------------------------------------------------------------------------------------------
// Blocks and bodies

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
        else labels.push({ value: k.type === 'identifier' ? ctx.text.slice(k.startIndex, k.endIndex) : stringLitValue(k, ctx.text), span: spanOf(k) });
      }
    } else if (k.type === 'body' || k.type === 'ERROR') items.push(k);
  }
  if (!typeNode) return undefined;
  return { type: ctx.text.slice(typeNode.startIndex, typeNode.endIndex), typeSpan: spanOf(typeNode), labels, items };
}

function convertTopBlock(n: TSNode, ctx: Ctx): HclBlock | undefined {
  const h = blockHeader(n, ctx);
  if (!h) return undefined;
  return { type: h.type, typeSpan: h.typeSpan, labels: h.labels, body: convertBody(n, h.items, ctx, 1), span: spanOf(n) };
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
  const obj: VObject = { kind: 'object', entries: [], span: spanOf(block) };
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
      const value: VNode = expr ? convertExpr(expr, ctx, depth) : syntaxErrorValue(n);
      obj.entries.push({ key: ctx.text.slice(id.startIndex, id.endIndex), keySpan: spanOf(id), value, span: spanOf(n) });
    } else if (n.type === 'block') {
      const h = blockHeader(n, ctx);
      if (!h) continue;
      if (h.type === 'dynamic' && h.labels.length > 0) {
        const label = h.labels[0];
        const dyn: VUnknown = { kind: 'unknown', reason: `dynamic "${label.value}"`, refs: collectRefs(n, ctx.text), span: spanOf(n) };
        addToGroup(label.value, label.span, dyn);
      } else addToGroup(h.type, h.typeSpan, convertBody(n, h.items, ctx, depth + 1));
    } else if (n.type === 'ERROR' || n.type === 'identifier') {
      // A half-typed attribute (`key =` with no value): keep the key, with an unknown value.
      const id = n.type === 'identifier' ? n : n.children.find((k) => k.type === 'identifier');
      if (!id) continue;
      const next = id.nextSibling;
      if (!next || (next.type !== '=' && next.type !== ':')) continue;
      const span = { start: id.startIndex, end: n.type === 'ERROR' ? n.endIndex : next.endIndex };
      obj.entries.push({ key: ctx.text.slice(id.startIndex, id.endIndex), keySpan: spanOf(id), value: syntaxErrorValue(n, span), span });
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

function syntaxErrorValue(n: TSNode, span: Span = spanOf(n)): VUnknown {
  return { kind: 'unknown', reason: 'syntax error', refs: [], span };
}

function tooDeep(n: TSNode, ctx: Ctx): VUnknown {
  const span = spanOf(n);
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
      if (kids.length !== 1) return unknownOf(n, ctx.text);
      const k = kids[0];
      if (k.type === 'expression') return n.firstChild?.type === '(' ? convertExpr(k, ctx, depth + 1) : unknownOf(n, ctx.text);
      if (k.type === 'variable_expr' || k.type === 'ERROR') return unknownOf(n, ctx.text);
      return convertExpr(k, ctx, depth);
    }
    case 'literal_value':
      return convertLiteral(n, ctx.text);
    case 'collection_value': {
      const k = n.firstNamedChild;
      return k ? convertExpr(k, ctx, depth) : unknownOf(n, ctx.text);
    }
    case 'tuple':
      return convertTuple(n, ctx, depth + 1);
    case 'object':
      return convertObject(n, ctx, depth + 1);
    case 'template_expr': {
      const k = n.firstNamedChild;
      return k ? convertExpr(k, ctx, depth) : unknownOf(n, ctx.text);
    }
    case 'quoted_template':
    case 'heredoc_template':
      return convertTemplate(n, ctx.text);
    case 'function_call':
      return convertCall(n, ctx, depth);
    case 'operation':
      return convertOperation(n, ctx.text);
    default:
      return unknownOf(n, ctx.text);
  }
}

function convertLiteral(n: TSNode, text: string): VNode {
  const k = n.firstNamedChild;
  const span = spanOf(n);
  if (!k) return unknownOf(n, text);
  const raw = text.slice(k.startIndex, k.endIndex);
  switch (k.type) {
    case 'numeric_lit': {
      const v = Number(raw);
      return Number.isFinite(v) ? { kind: 'number', value: v, span } : unknownOf(n, text);
    }
    case 'bool_lit':
      return { kind: 'boolean', value: raw === 'true', span };
    case 'null_lit':
      return { kind: 'null', value: null, span };
    case 'string_lit':
      return { kind: 'string', value: stringLitValue(k, text), span };
    default:
      return unknownOf(n, text);
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
    else if (k.type === 'ERROR') items.push(syntaxErrorValue(k));
  }
  return { kind: 'array', items, span: spanOf(n), flow: true };
}

function convertObject(n: TSNode, ctx: Ctx, depth: number): VNode {
  const entries: VEntry[] = [];
  for (const k of n.namedChildren) {
    if (k.type === 'object_elem') {
      const keyNode = k.childForFieldName('key');
      const valNode = k.childForFieldName('val');
      if (!keyNode) continue;
      const value = valNode ? convertExpr(valNode, ctx, depth) : syntaxErrorValue(k);
      const masked = ctx.masked?.get(keyNode.startIndex);
      if (masked && keyNode.endIndex === masked.start + 2) {
        // A long literal key, parsed masked: as objectKey reads it from the real text.
        const key = masked.heredoc ? ctx.text.slice(masked.start, masked.end) : unescapeQuoted(ctx.text.slice(masked.start + 1, masked.end - 1), false);
        entries.push({ key, keySpan: { start: masked.start, end: masked.end }, value, span: spanOf(k) });
        continue;
      }
      entries.push({
        key: objectKey(keyNode, ctx.text),
        keySpan: spanOf(keyNode),
        value,
        span: spanOf(k),
      });
    } else if (k.type === 'ERROR') {
      // `Key =` with the value not typed yet.
      const keyNode = k.firstNamedChild;
      const sep = keyNode?.nextSibling;
      if (keyNode && sep && (sep.type === '=' || sep.type === ':')) {
        entries.push({ key: objectKey(keyNode, ctx.text), keySpan: spanOf(keyNode), value: syntaxErrorValue(k), span: spanOf(k) });
      }
    }
  }
  return { kind: 'object', entries, span: spanOf(n), flow: true };
}

/** An object key: a bare identifier or a literal string; anything else is kept as written. */
function objectKey(n: TSNode, text: string): string {
  let k: TSNode = n;
  while (k.type === 'expression' && k.namedChildCount === 1 && k.firstChild?.type !== '(') k = k.firstNamedChild!;
  if (k.type === 'variable_expr') return text.slice(k.startIndex, k.endIndex);
  if (k.type === 'literal_value' && k.firstNamedChild?.type === 'string_lit') return stringLitValue(k.firstNamedChild, text);
  return text.slice(n.startIndex, endOf(n));
}

function convertTemplate(n: TSNode, text: string): VNode {
  if (n.namedChildren.some((k) => k.type === 'template_interpolation' || k.type === 'template_directive')) return unknownOf(n, text);
  const span = spanOf(n);
  if (n.type === 'quoted_template') {
    const src = templateSource(text, span);
    return { kind: 'string', value: src ? unescapeTemplate(src.content) : '', span };
  }
  const h = heredocParts(text, span);
  if (!h) return unknownOf(n, text);
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
  return unknownOf(n, ctx.text);
}

function convertOperation(n: TSNode, text: string): VNode {
  const u = n.firstNamedChild;
  if (u?.type === 'unary_operation' && u.firstChild?.type === '-') {
    const operand = u.namedChildren[0];
    if (operand?.type === 'literal_value' && operand.firstNamedChild?.type === 'numeric_lit') {
      const v = -Number(text.slice(operand.startIndex, operand.endIndex));
      if (Number.isFinite(v)) return { kind: 'number', value: v, span: spanOf(n) };
    }
  }
  return unknownOf(n, text);
}

/** An unknown value: the expression's source (shortened) as reason, and the references it contains. */
function unknownOf(n: TSNode, text: string): VUnknown {
  const head = text.slice(n.startIndex, Math.min(endOf(n), n.startIndex + 320));
  return { kind: 'unknown', reason: shortSource(head) || 'expression', refs: collectRefs(n, text), span: spanOf(n) };
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
