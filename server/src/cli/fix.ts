/**
 * `awsdp scan --fix` and `--fix-dry-run`: the engine's safe fixes (fixAll, as the editor's "Fix all")
 * applied to the files on disk.
 *
 * - Only safe fixes; each file is fixed pass after pass by the engine (a pass that would add a parse
 *   error is dropped there), its Terraform module's other files as context (their fixed text once fixed).
 * - A file is written once, atomically (a temporary file in its directory renamed over it, mode kept,
 *   a link followed), in the encoding it was read in (UTF-8 with or without BOM, UTF-16 LE/BE with its
 *   BOM); line endings are the engine's (fix text uses the file's own). A file that is not valid UTF-8
 *   (its bytes would not survive), changed on disk meanwhile, whose fixes fail, or whose fixed text
 *   parses worse than before, is never written: it is reported on stderr and left alone.
 * - The dry run writes nothing and returns a unified diff of what would change.
 */
import * as fs from 'node:fs';
import {
  decodeText,
  fixAll,
  isTerraformPath,
  moduleKey,
  selectFixes,
  type AnalyzeOptions,
  type Engine,
  type FileResult,
  type SourceFile,
} from '../engine/index';
import { unifiedDiff } from './diff';
import { replaceFile } from './output';

export interface FixRequest {
  /** The scan's results: the files with a safe fix are fixed. */
  results: readonly FileResult[];
  /** Every file of the scan (Terraform module context). */
  files: readonly string[];
  options: AnalyzeOptions;
  /** Write nothing; return the diff. */
  dryRun: boolean;
  /** Path shown in the diff headers. */
  display: (file: string) => string;
}

export interface FixedFile {
  file: string;
  /** Fixes applied. */
  applied: number;
  /** The findings left in the fixed text. */
  remaining: FileResult['findings'];
}

export interface FixOutcome {
  fixed: FixedFile[];
  /** Files left alone, with the reason (printed on stderr). */
  skipped: { file: string; reason: string }[];
  /** The unified diff of every change (dry run only; '' otherwise). */
  diff: string;
}

type Encoding = ReturnType<typeof decodeText>['encoding'];

function encode(text: string, encoding: Encoding): Buffer {
  if (encoding === 'utf-8') return Buffer.from(text, 'utf8');
  const b = Buffer.from(text, 'utf16le');
  return encoding === 'utf-16be' ? b.swap16() : b;
}

const parseProblems = (r: FileResult) => r.notices.filter((n) => n.kind === 'parse-error' || n.kind === 'internal').length;

/** Whether `r` has a safe fix fix-all would apply (one whose every edit is in the file). */
export function hasSafeFix(r: FileResult): boolean {
  return selectFixes(r.file, r.findings).fixes.length > 0;
}

export function applyFixes(engine: Engine, req: FixRequest): FixOutcome {
  const out: FixOutcome = { fixed: [], skipped: [], diff: '' };
  const diffs: string[] = [];
  // The current text of every file read so far (fixed text once fixed): module context for the next.
  const texts = new Map<string, string>();
  const read = (file: string): { bytes: Buffer; text: string; encoding: Encoding; invalid: boolean } => {
    const bytes = fs.readFileSync(file);
    const d = decodeText(bytes);
    return { bytes, text: d.text, encoding: d.encoding, invalid: d.invalidUtf8 };
  };
  const siblingsOf = (file: string): SourceFile[] => {
    if (!isTerraformPath(file)) return [];
    const key = moduleKey(file);
    const out: SourceFile[] = [];
    for (const f of req.files) {
      if (f === file || moduleKey(f) !== key || !isTerraformPath(f)) continue;
      let text = texts.get(f);
      if (text === undefined) {
        try {
          text = read(f).text;
        } catch {
          continue; // unreadable now: the scan has said so
        }
        texts.set(f, text);
      }
      out.push({ path: f, text });
    }
    return out;
  };

  for (const r of req.results) {
    if (!r.format || !hasSafeFix(r) || r.notices.some((n) => n.kind === 'internal')) continue;
    const skip = (reason: string) => out.skipped.push({ file: r.file, reason });
    let cur: ReturnType<typeof read>;
    try {
      cur = read(r.file);
    } catch (e) {
      skip(`cannot read it: ${(e as Error).message.split('\n')[0]}`);
      continue;
    }
    if (cur.invalid) {
      skip('not valid UTF-8 (its bytes would not survive a rewrite)');
      continue;
    }
    texts.set(r.file, cur.text);
    const siblings = siblingsOf(r.file);
    let fixedText: string;
    let remaining: FileResult['findings'];
    let applied: number;
    try {
      const before = engine.analyzeDocument({ path: r.file, text: cur.text }, siblings, req.options);
      const res = fixAll(engine, { path: r.file, text: cur.text }, siblings, req.options);
      if (!res.applied || res.text === cur.text) continue;
      // fixAll drops a pass that adds a parse error; check the whole once more before any write.
      const after = engine.analyzeDocument({ path: r.file, text: res.text }, siblings, req.options);
      if (parseProblems(after) > parseProblems(before)) {
        skip('the fixed text would not parse as well as the original');
        continue;
      }
      fixedText = res.text;
      remaining = after.findings;
      applied = res.applied;
    } catch (e) {
      skip(`its fixes failed: ${(e as Error).message.split('\n')[0]}`);
      continue;
    }
    if (req.dryRun) {
      diffs.push(unifiedDiff(req.display(r.file), cur.text, fixedText));
    } else {
      try {
        // Changed on disk since it was read (an editor saving): not overwritten.
        if (!fs.readFileSync(r.file).equals(cur.bytes)) {
          skip('it changed on disk while being fixed');
          continue;
        }
        replaceFile(r.file, encode(fixedText, cur.encoding));
      } catch (e) {
        skip(`cannot write it: ${(e as Error).message.split('\n')[0]}`);
        continue;
      }
    }
    texts.set(r.file, fixedText);
    out.fixed.push({ file: r.file, applied, remaining });
  }
  out.diff = diffs.join('');
  return out;
}
