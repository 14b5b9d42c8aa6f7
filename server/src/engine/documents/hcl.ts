/**
 * Terraform (HCL native syntax) parsing with tree-sitter (WebAssembly build, no native binding)
 * into the shared value tree. This file is the entry (`parseHclDocument`); the parts are in hcl/:
 *   hcl/runtime.ts      loading tree-sitter, the parser and its memory guard (an HclRuntime, owned by the Engine)
 *   hcl/incremental.ts  re-parsing an edited file from the previous parse (handle, edit, block reuse)
 *   hcl/recovery.ts     syntax errors, comments, resuming after a top-level error
 *   hcl/convert.ts      syntax tree → value tree
 *   hcl/file.ts         what a parsed file is (HclFile, HclBlock)
 * hcl-template.ts (template strings, also read by the model) and hcl-mask.ts (long literals) are beside it.
 */
import type { Tree as TSTree } from 'web-tree-sitter';
import { sanitizeMessage } from '../redact';
import type { LineIndex } from '../text';
import type { Span } from '../types';
import type { ParsedDocument, ParseHandle } from './document';
import { findLongLiterals, MASK_MIN_LENGTH, MASK_MIN_SHORT, maskLiterals, type MaskedLiteral } from './hcl-mask';
import { convertBlockAt, convertTopBlock, readTree, type Ctx } from './hcl/convert';
import type { HclFile } from './hcl/file';
import type { Syntax } from './hcl/syntax';
import { diffTexts, editTree, HclHandle, reuseBlock, unionChange, type ReusableBlock, type TextChange } from './hcl/incremental';
import { collectComments, collectSyntaxErrors, commentSpans, firstTopLevelError, masksHeld, MAX_RESYNC, nextBlockLine, topLevelBlocks } from './hcl/recovery';
import { isWasmAbort, type HclRuntime } from './hcl/runtime';

export { hclOf, type HclBlock, type HclFile, type HclLabel } from './hcl/file';
export { diffTexts, type TextChange } from './hcl/incremental';
export { HclRuntime, MAX_PARSER_MEMORY, type HclRuntimeOptions } from './hcl/runtime';

export interface HclParseOptions {
  /** The handle of the previous parse of this file: consumed (disposed) by this call. */
  previous?: ParseHandle;
  /** Return a handle (`doc.handle`) for the next incremental parse. */
  keep?: boolean;
  /**
   * Literals at least this long are parsed masked (hcl-mask.ts); `Infinity` turns masking off (tests compare both).
   * Default: MASK_MIN_LENGTH, and MASK_MIN_SHORT for quoted strings when the file is parsed once (see parseHclDocument).
   */
  maskMinLength?: number;
  /** `performance.now()` time at which tree-sitter is stopped (its progress callback); the file is then not analysed. */
  deadline?: number;
  /** Called when the deadline stopped the parse, with what was being done. */
  onDeadline?: (what: string) => void;
  /** Files longer than this are parsed in parts (parseInParts); default PART_CHARS, `Infinity` never (tests compare both). */
  partChars?: number;
  /**
   * Read each syntax tree whole, once (see `whole` in parseHclDocument); default true. False: through
   * web-tree-sitter's Node API and one read per block, as when blocks may be reused (tests compare both).
   */
  wholeTrees?: boolean;
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
export function parseHclDocument(runtime: HclRuntime, path: string, text: string, lines: LineIndex, opts: HclParseOptions = {}): ParsedDocument {
  const doc: ParsedDocument = { path, text, format: 'terraform', lines, comments: [], notices: [] };
  const file: HclFile = { blocks: [] };
  doc.hcl = file;
  const previous = opts.previous instanceof HclHandle && opts.previous.path === path ? opts.previous : undefined;
  if (runtime.unusable) {
    doc.notices.push({ file: path, kind: 'internal', message: 'the Terraform parser ran out of memory earlier and is unavailable until awsdp restarts' });
    opts.previous?.dispose();
    return doc;
  }
  const ctx: Ctx = { text, file: path, lines, notices: doc.notices, deepReported: false, syntaxErrors: 0, cursor: runtime.cursor };
  // Long literals are parsed masked (hcl-mask.ts); when the masked parse is not clean, the real text is parsed.
  // A file parsed once (no previous parse, none kept: a scan) has its short quoted strings masked too. An
  // edited file is not: half-typed text often does not parse clean, and each edit would then be parsed twice.
  const once = !previous && !opts.previous && !opts.keep;
  let literals = findLongLiterals(text, opts.maskMinLength ?? (once ? MASK_MIN_SHORT : MASK_MIN_LENGTH), opts.maskMinLength ?? MASK_MIN_LENGTH);
  let parsedText = literals.length ? maskLiterals(text, literals) : text;
  let change: TextChange | undefined;
  let oldTree: TSTree | undefined;
  if (previous) {
    oldTree = previous.tree;
    if (oldTree) editTree(oldTree, previous.parsedText, parsedText, diffTexts(previous.parsedText, parsedText));
  }
  const reusable = new Map<number, ReusableBlock>();
  // A file whose blocks are not reused (no previous parse, no handle kept: a scan), with the binding's
  // cursor calls (hcl/runtime.ts CursorBinding): each syntax tree is read whole, once, into arrays
  // (hcl/syntax.ts), and its comments, its top-level blocks and their conversion come from those —
  // instead of a walk of the whole tree for the comments, node objects for the top of the tree, and
  // a cursor per block.
  const whole = runtime.cursor !== undefined && !previous && !opts.keep && opts.wholeTrees !== false;
  let wholeRead: TSTree | undefined;
  const wholeSyntax = (tree: TSTree): Syntax => {
    if (wholeRead !== tree) {
      readTree(tree.rootNode, ctx);
      wholeRead = tree;
    }
    return ctx.syntax!;
  };
  let kept: TSTree | undefined;
  let from = 0;
  const deadline = opts.deadline;
  const tooBig = runtime.memoryGuard();
  // tree-sitter calls this every few hundred steps; `true` cancels the parse.
  const progress = () => (deadline !== undefined && performance.now() > deadline) || tooBig();
  // A large file without a syntax tree to start from is parsed a part at a time (parseInParts).
  const partChars = opts.partChars ?? PART_CHARS;
  if (!oldTree && text.length > partChars) {
    try {
      const parts = parseInParts(runtime, text, parsedText, literals, ctx, doc, progress, tooBig, opts, partChars, previous && change0(previous, text, parsedText), reusable, whole);
      if (parts) {
        opts.previous?.dispose();
        if (opts.keep) doc.handle = new HclHandle(path, text, parsedText, undefined, reusable);
        return doc;
      }
    } catch (e) {
      if (!isWasmAbort(e)) throw e;
      runtime.markAborted();
      file.blocks.length = 0;
      doc.notices.push({ file: path, kind: 'internal', message: 'the Terraform parser ran out of memory; Terraform files are not analysed until awsdp restarts' });
      opts.previous?.dispose();
      return doc;
    }
    // Not clean in parts: the whole text is parsed as one, below.
    file.blocks.length = 0;
    doc.comments.length = 0;
    doc.notices.length = 0;
    ctx.deepReported = false;
    ctx.syntaxErrors = 0;
    ctx.masked = undefined;
    ctx.maskedEnds = undefined;
    reusable.clear();
  }
  try {
    for (let attempt = 0; from >= 0; attempt++) {
      let tree = from === 0 ? runtime.parse(parsedText, oldTree, progress) : runtime.parse(' '.repeat(from) + text.slice(from), null, progress);
      let comments: Span[] | undefined;
      if (tree && from === 0 && literals.length) {
        const root = tree.rootNode;
        comments = root.hasError ? undefined : whole ? wholeSyntax(tree).comments() : commentSpans(root, runtime.cursor);
        if (comments && masksHeld(root, literals, comments, runtime.cursor)) {
          ctx.masked = new Map(literals.map((l) => [l.start, l]));
          ctx.maskedEnds = new Map(literals.map((l) => [l.start + 2, l.end]));
        } else {
          tree.delete();
          comments = undefined;
          literals = [];
          parsedText = text;
          tree = runtime.parse(text, null, progress);
        }
      }
      // Blocks outside the edit, in the real and in the parsed text, are taken over from the previous parse.
      if (from === 0 && previous) change = unionChange(diffTexts(previous.text, text), diffTexts(previous.parsedText, parsedText));
      if (!tree) {
        runtime.reset(); // else the next parse would resume this one
        file.blocks.length = 0;
        if (tooBig()) doc.notices.push({ file: path, kind: 'limit', message: `file not analysed: the Terraform parser needed more than ${Math.round(runtime.maxMemory / 1024 / 1024)} MB of memory` });
        else if (deadline !== undefined && performance.now() > deadline) opts.onDeadline?.('parsing Terraform');
        else doc.notices.push({ file: path, kind: 'internal', message: 'Terraform parser returned no tree' });
        break;
      }
      try {
        const root = tree.rootNode;
        const error = attempt < MAX_RESYNC && root.hasError ? firstTopLevelError(root, from) : undefined;
        let next = error ? nextBlockLine(text, error.startIndex + 1) : -1;
        const to = next < 0 ? text.length + 1 : next;
        const syntax = whole ? wholeSyntax(tree) : undefined;
        for (const c of collectComments(comments ?? syntax?.comments() ?? commentSpans(root, runtime.cursor), text, from, to, ctx.masked)) doc.comments.push(c);
        if (root.hasError) collectSyntaxErrors(root, ctx, from, to);
        const { outOfTime, notAnalysed } = conversionChecks(doc, file, path, lines, opts);
        if (syntax) {
          for (const k of syntax.topLevelBlocks()) {
            const start = syntax.start[k];
            if (start < from || start >= to) continue;
            if (outOfTime()) {
              next = -1;
              break;
            }
            try {
              const block = convertBlockAt(k, ctx);
              if (block) file.blocks.push(block);
            } catch (e) {
              notAnalysed(e, { start, end: syntax.end[k] });
            }
          }
          from = next;
          continue;
        }
        const blocks = topLevelBlocks(root);
        for (let i = 0; i < blocks.length; i++) {
          const b = blocks[i]!;
          // Dropped once read: its node objects (and the children web-tree-sitter caches on them) can go.
          blocks[i] = undefined;
          if (b.startIndex < from || b.startIndex >= to) continue;
          if (outOfTime()) {
            next = -1;
            break;
          }
          try {
            const start = b.startIndex;
            // Whether and where the block ends only matter for reusing blocks (a previous parse, or a handle kept): each is a call into WebAssembly.
            const reuse = !!previous || !!opts.keep;
            const end = reuse ? b.endIndex : -1;
            const clean = reuse && !b.hasError;
            let block = clean && previous && change ? reuseBlock(previous, change, start, end) : undefined;
            const before = ctx.notices.length;
            block ??= convertTopBlock(b, ctx);
            if (!block) continue;
            file.blocks.push(block);
            // Blocks whose conversion said something (depth limits) are converted again next time.
            if (clean && ctx.notices.length === before) reusable.set(start, { end, block });
          } catch (e) {
            notAnalysed(e, { start: b.startIndex, end: b.endIndex });
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
    if (!isWasmAbort(e)) throw e;
    runtime.markAborted();
    file.blocks.length = 0;
    kept = undefined;
    doc.notices.push({ file: path, kind: 'internal', message: 'the Terraform parser ran out of memory; Terraform files are not analysed until awsdp restarts' });
  } finally {
    opts.previous?.dispose();
  }
  if (opts.keep) doc.handle = new HclHandle(path, text, parsedText, kept, reusable);
  return doc;
}

/**
 * Files larger than this are parsed PART_CHARS at a time when they can be (parseInParts). tree-sitter
 * needs about 110 bytes of WebAssembly memory per character of a tree it holds, and that memory never
 * shrinks: a 9 MB file parsed whole left the process with 1 GB of it.
 */
export const PART_CHARS = 512 * 1024;

/**
 * The checks of every loop that converts top-level blocks (whole file or in parts, whole-tree reader
 * or node walk). Converting is part of parsing: the deadline holds here too, looked at every 64
 * blocks (many small blocks parse fast, convert slowly); when it has passed the file gives no
 * blocks. A block whose conversion throws is left out with an internal notice.
 */
function conversionChecks(doc: ParsedDocument, file: HclFile, path: string, lines: LineIndex, opts: HclParseOptions) {
  let converted = 0;
  return {
    outOfTime(): boolean {
      if (opts.deadline === undefined || ++converted % 64 !== 0 || performance.now() <= opts.deadline) return false;
      opts.onDeadline?.('parsing Terraform');
      file.blocks.length = 0;
      doc.comments.length = 0;
      return true;
    },
    notAnalysed(e: unknown, span: { start: number; end: number }): void {
      const msg = e instanceof Error ? e.message : String(e);
      doc.notices.push({ file: path, kind: 'internal', message: sanitizeMessage(`Terraform block not analysed: ${msg}`), span, range: lines.range(span) });
    },
  };
}

function change0(previous: HclHandle, text: string, parsedText: string): TextChange {
  return unionChange(diffTexts(previous.text, text), diffTexts(previous.parsedText, parsedText));
}

/**
 * Parses a large file a part at a time: each part runs from a line that starts a top-level block
 * (nextBlockLine) to the next such line at least PART_CHARS further, and is parsed on its own
 * (tree-sitter's included ranges: offsets stay the file's), converted, and its tree freed. So the
 * parser's memory is that of one part, whatever the file's size. A line that only looks like a
 * block start (inside a heredoc, a comment, a multi-line string) cuts a token in two, and its part
 * does not parse clean: then, as for any syntax error or masked literal that did not hold, false
 * is returned and the caller parses the whole text at once (with its recovery). Undefined work is
 * never left: a stop (deadline, memory) is reported here and returns true with no blocks.
 */
function parseInParts(
  runtime: HclRuntime,
  text: string,
  parsedText: string,
  literals: MaskedLiteral[],
  ctx: Ctx,
  doc: ParsedDocument,
  progress: () => boolean,
  tooBig: () => boolean,
  opts: HclParseOptions,
  partChars: number,
  change: TextChange | undefined,
  reusable: Map<number, ReusableBlock>,
  whole: boolean,
): boolean {
  const file = doc.hcl as HclFile;
  const lines = ctx.lines;
  if (literals.length) {
    ctx.masked = new Map(literals.map((l) => [l.start, l]));
    ctx.maskedEnds = new Map(literals.map((l) => [l.start + 2, l.end]));
  }
  const previous = opts.previous instanceof HclHandle ? opts.previous : undefined;
  const position = (offset: number) => {
    const p = lines.positionAt(offset);
    return { row: p.line, column: p.character * 2 };
  };
  let li = 0;
  const { outOfTime, notAnalysed } = conversionChecks(doc, file, ctx.file, lines, opts);
  for (let start = 0; start < parsedText.length; ) {
    const next = nextBlockLine(parsedText, start + partChars);
    const end = next < 0 ? parsedText.length : next;
    const tree = runtime.parse(parsedText, null, progress, { start, end, startPosition: position(start), endPosition: position(end) });
    if (!tree) {
      runtime.reset();
      file.blocks.length = 0;
      doc.comments.length = 0;
      if (tooBig()) doc.notices.push({ file: ctx.file, kind: 'limit', message: `file not analysed: the Terraform parser needed more than ${Math.round(runtime.maxMemory / 1024 / 1024)} MB of memory` });
      else opts.onDeadline?.('parsing Terraform');
      return true;
    }
    try {
      const root = tree.rootNode;
      const first = li;
      while (li < literals.length && literals[li].start < end) li++;
      if (root.hasError) return false;
      const syntax = whole ? readTree(root, ctx) : undefined;
      const comments = syntax ? syntax.comments() : commentSpans(root, runtime.cursor);
      if (li > first && !masksHeld(root, literals.slice(first, li), comments, runtime.cursor)) return false;
      for (const c of collectComments(comments, text, start, end, ctx.masked)) doc.comments.push(c);
      if (syntax) {
        // As below, from the whole tree read (see `whole` in parseHclDocument); no block is reused.
        for (const k of syntax.topLevelBlocks()) {
          const s = syntax.start[k];
          if (s < start || s >= end) continue;
          if (outOfTime()) return true;
          try {
            const block = convertBlockAt(k, ctx);
            if (block) file.blocks.push(block);
          } catch (err) {
            notAnalysed(err, { start: s, end: syntax.end[k] });
          }
        }
      } else {
        const blocks = topLevelBlocks(root);
        for (let i = 0; i < blocks.length; i++) {
          const b = blocks[i]!;
          blocks[i] = undefined;
          if (b.startIndex < start || b.startIndex >= end) continue;
          if (outOfTime()) return true;
          try {
            const s = b.startIndex;
            const reuse = !!previous || !!opts.keep;
            const e = reuse ? b.endIndex : -1;
            let block = previous && change ? reuseBlock(previous, change, s, e) : undefined;
            const before = ctx.notices.length;
            block ??= convertTopBlock(b, ctx);
            if (!block) continue;
            file.blocks.push(block);
            if (reuse && ctx.notices.length === before) reusable.set(s, { end: e, block });
          } catch (err) {
            notAnalysed(err, { start: b.startIndex, end: b.endIndex });
          }
        }
      }
    } finally {
      tree.delete();
    }
    start = end;
  }
  return true;
}
