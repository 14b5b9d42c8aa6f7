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
import type { ParsedDocument, ParseHandle } from './document';
import { findLongLiterals, maskLiterals } from './hcl-mask';
import { convertTopBlock, type Ctx } from './hcl/convert';
import type { HclFile } from './hcl/file';
import { diffTexts, editTree, HclHandle, reuseBlock, unionChange, type ReusableBlock, type TextChange } from './hcl/incremental';
import { collectComments, collectSyntaxErrors, firstTopLevelError, masksHeld, MAX_RESYNC, nextBlockLine, topLevelBlocks } from './hcl/recovery';
import { isWasmAbort, type HclRuntime } from './hcl/runtime';

export { hclOf, type HclBlock, type HclFile, type HclLabel } from './hcl/file';
export { diffTexts, type TextChange } from './hcl/incremental';
export { HclRuntime, MAX_PARSER_MEMORY, type HclRuntimeOptions } from './hcl/runtime';

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
  const tooBig = runtime.memoryGuard();
  // tree-sitter calls this every few hundred steps; `true` cancels the parse.
  const progress = () => (deadline !== undefined && performance.now() > deadline) || tooBig();
  try {
    for (let attempt = 0; from >= 0; attempt++) {
      let tree = from === 0 ? runtime.parse(parsedText, oldTree, progress) : runtime.parse(' '.repeat(from) + text.slice(from), null, progress);
      if (tree && from === 0 && literals.length) {
        if (masksHeld(tree.rootNode, literals)) {
          ctx.masked = new Map(literals.map((l) => [l.start, l]));
          ctx.maskedEnds = new Map(literals.map((l) => [l.start + 2, l.end]));
        } else {
          tree.delete();
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
