/**
 * Reads files and hands them to the engine in batches: all Terraform files of a directory together
 * (a directory is a module), other files in bounded chunks, so memory stays bounded on huge trees.
 */
import * as path from 'node:path';
import type { Config } from '../config';
import { detectFormat, isTerraformPath, moduleKey } from '../documents/detect';
import { CLI_BUDGET_MS, MAX_FILE_BYTES } from '../documents/limits';
import type { Engine, FileResult } from '../engine';
import { materializeFixes } from '../findings';
import { decodeText } from '../text';
import type { Notice, SourceFile } from '../types';
import { nodeFs, type WorkspaceFs } from './fs';

/** A file that could not be read (reported on stderr; the scan goes on). */
export interface IoError {
  /** Absolute path. */
  file: string;
  /** Short reason, e.g. `permission denied`. */
  reason: string;
}

/**
 * The path of `file` relative to `root`, `/`-separated: the form config globs and reports use.
 * A path outside the root keeps its `../` segments; a path on another drive (Windows) stays absolute.
 */
export function relativePath(root: string, file: string): string {
  const under = below(root, file);
  if (under !== undefined) return path.sep === '/' ? under : under.split(path.sep).join('/');
  const rel = path.relative(root, file);
  if (rel === '') return path.basename(file);
  return rel.split(path.sep).join('/');
}

/** Whether a path is normalised and absolute (what path.resolve returns), by path: the roots asked about (a scan's root, .gitignore folders). */
const normalRoots = new Map<string, boolean>();
/** A `.` or `..` segment, an empty one, or a separator at either end. */
const ODD_SEGMENT = /(?:^|[\\/])\.\.?(?:[\\/]|$)|[\\/][\\/]|^[\\/]|[\\/]$/;

/**
 * `path.relative(root, file)` for a file below the root, without resolving both paths again (it did,
 * for every file of a scan): when `root` is normalised and absolute, `file` starts with it and a
 * separator, and the rest has no `.`, `..` or empty segment, the rest is the relative path (with the
 * platform's separators). Undefined otherwise: path.relative then decides.
 */
export function below(root: string, file: string): string | undefined {
  if (file.length <= root.length + 1 || !file.startsWith(root)) return undefined;
  const sep = file.charCodeAt(root.length);
  if (sep !== 47 /* / */ && !(path.sep === '\\' && sep === 92)) return undefined;
  let normal = normalRoots.get(root);
  if (normal === undefined) {
    if (normalRoots.size >= 1000) normalRoots.clear();
    normal = path.isAbsolute(root) && path.resolve(root) === root;
    normalRoots.set(root, normal);
  }
  if (!normal) return undefined;
  const rest = file.slice(root.length + 1);
  return ODD_SEGMENT.test(rest) ? undefined : rest;
}

/** Non-Terraform files per analyze() call. */
export const CHUNK = 100;
/** How much of an oversized file is read to tell whether awsdp would analyse it at all. */
const HEAD_BYTES = 200_000;

export interface ScanHooks {
  onIoError?(e: IoError): void;
  onProgress?(done: number, total: number): void;
}

export interface ScanOutcome {
  results: FileResult[];
  ioErrors: IoError[];
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'not a directory',
  ELOOP: 'too many levels of symbolic links',
  EMFILE: 'too many open files',
  ENOTREG: 'not a regular file',
  EIO: 'input/output error',
};

export function ioReason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return (err?.code && REASONS[err.code]) || (err instanceof Error ? err.message.split('\n')[0] : String(e));
}

/** Groups files into analyze() batches: per module (directory), Terraform together, the rest in chunks. */
export function batchFiles(files: readonly string[], chunk = CHUNK): string[][] {
  const byDir = new Map<string, { tf: string[]; other: string[] }>();
  for (const f of files) {
    const d = moduleKey(f);
    let g = byDir.get(d);
    if (!g) byDir.set(d, (g = { tf: [], other: [] }));
    (isTerraformPath(f) ? g.tf : g.other).push(f);
  }
  const batches: string[][] = [];
  for (const g of byDir.values()) {
    if (g.tf.length) batches.push(g.tf);
    for (let i = 0; i < g.other.length; i += chunk) batches.push(g.other.slice(i, i + chunk));
  }
  return batches;
}

/** The time budget per file: `fallback` (the CLI's: CLI_BUDGET_MS), or AWSDP_FILE_BUDGET_MS when set (milliseconds). */
export function fileBudgetMs(env: Record<string, string | undefined>, fallback = CLI_BUDGET_MS): number {
  const v = Number(env.AWSDP_FILE_BUDGET_MS);
  return env.AWSDP_FILE_BUDGET_MS && Number.isFinite(v) && v > 0 ? v : fallback;
}

type ReadResult = { kind: 'text'; source: SourceFile; notices: Notice[] } | { kind: 'result'; result: FileResult } | { kind: 'error'; error: IoError };

/**
 * Reads one file, never more than MAX_FILE_BYTES + 1 bytes of it (a file that grows while it is
 * read is still cut there), and only regular files (a FIFO or a device would block or never end).
 * Bytes are decoded as editors do (decodeText); invalid UTF-8 gets a notice.
 */
function readOne(file: string, files: WorkspaceFs): ReadResult {
  try {
    // Do not load an oversized file: its head tells whether awsdp would analyse it at all.
    const { bytes, size } = files.readHead(file, (n) => (n > MAX_FILE_BYTES ? HEAD_BYTES : MAX_FILE_BYTES + 1));
    if (size > MAX_FILE_BYTES || bytes.length > MAX_FILE_BYTES) {
      const format = detectFormat(file, decodeText(bytes.subarray(0, HEAD_BYTES)).text);
      const notices = format ? [{ file, kind: 'limit' as const, message: `file skipped: larger than ${MAX_FILE_BYTES / 1024 / 1024} MB` }] : [];
      return { kind: 'result', result: { file, format, findings: [], notices, suppressed: 0 } };
    }
    const decoded = decodeText(bytes);
    const notices: Notice[] = decoded.invalidUtf8
      ? [{ file, kind: 'parse-error', message: 'file is not valid UTF-8: invalid bytes were read as U+FFFD (positions count the decoded text, as an editor shows it)' }]
      : [];
    return { kind: 'text', source: { path: file, text: decoded.text }, notices };
  } catch (e) {
    return { kind: 'error', error: { file, reason: ioReason(e) } };
  }
}

export interface ScanRequest {
  files: readonly string[];
  config: Config;
  /** Path relative to the root, `/`-separated, for config globs. */
  relativePath: (file: string) => string;
  /** Where files are read from (default: the real file system). */
  fs?: WorkspaceFs;
  /** Give findings their identity (AnalyzeOptions.identities). */
  identities?: boolean;
  /** What the findings keep of their fixes (default `edits`; WorkspaceRequest.fixes). */
  fixes?: FixDetail;
}

/** What a scan's findings keep of their fixes: all, each fix's title and applicability only, or nothing. */
export type FixDetail = 'edits' | 'titles' | 'none';

/**
 * Reads and analyses one batch. The findings' fixes are written (or, with `fixes: 'none'`, dropped)
 * before returning, so that the results hold no reference to the parsed documents (memory stays
 * bounded by the batch).
 */
export function scanBatch(engine: Engine, batch: readonly string[], req: Omit<ScanRequest, 'files'>): ScanOutcome {
  const results: FileResult[] = [];
  const ioErrors: IoError[] = [];
  const sources: SourceFile[] = [];
  const readNotices = new Map<string, Notice[]>();
  for (const f of batch) {
    const r = readOne(f, req.fs ?? nodeFs);
    if (r.kind === 'text') {
      sources.push(r.source);
      if (r.notices.length) readNotices.set(f, r.notices);
    } else if (r.kind === 'result') results.push(r.result);
    else ioErrors.push(r.error);
  }
  if (sources.length) {
    try {
      const analysed = engine.analyze(sources, { config: req.config, relativePath: req.relativePath, budgetMs: fileBudgetMs(process.env), identities: req.identities });
      // Decoding notices only for files awsdp analyses (others are ignored quietly).
      for (const r of analysed) if (r.format) for (const n of readNotices.get(r.file) ?? []) r.notices.push(n);
      for (const r of analysed) results.push(r);
    } catch (e) {
      const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
      for (const s of sources) results.push({ file: s.path, findings: [], notices: [{ file: s.path, kind: 'internal', message: `analysis failed: ${msg}` }], suppressed: 0 });
    }
  }
  const detail = req.fixes ?? 'edits';
  for (const r of results) {
    if (detail === 'none') for (const f of r.findings) f.fixes = [];
    else materializeFixes(r.findings);
    if (detail === 'titles') for (const f of r.findings) if (f.fixes.length) f.fixes = f.fixes.map((x) => ({ title: x.title, applicability: x.applicability, edits: [] }));
  }
  return { results, ioErrors };
}

export function scanFiles(engine: Engine, req: ScanRequest, hooks: ScanHooks = {}): ScanOutcome {
  const results: FileResult[] = [];
  const ioErrors: IoError[] = [];
  let done = 0;
  const total = req.files.length;
  for (const batch of batchFiles(req.files)) {
    const out = scanBatch(engine, batch, req);
    for (const r of out.results) results.push(r);
    for (const e of out.ioErrors) {
      ioErrors.push(e);
      hooks.onIoError?.(e);
    }
    done += batch.length;
    hooks.onProgress?.(done, total);
  }
  return { results, ioErrors };
}

export interface AsyncScanHooks extends ScanHooks {
  /** Awaited between batches: an editor yields to its event loop there (typing is never blocked for more than a batch). */
  between?(): Promise<void>;
  /** Asked before each batch: true stops the scan (the results so far are returned). */
  cancelled?(): boolean;
  /** Each batch's results as they come. */
  onResults?(results: readonly FileResult[]): void;
}

/** scanFiles for an editor: batches of at most `chunk` non-Terraform files, `between` awaited after each, cancellable. */
export async function scanFilesAsync(engine: Engine, req: ScanRequest, hooks: AsyncScanHooks, chunk = CHUNK): Promise<ScanOutcome & { cancelled: boolean }> {
  const results: FileResult[] = [];
  const ioErrors: IoError[] = [];
  let done = 0;
  const total = req.files.length;
  for (const batch of batchFiles(req.files, chunk)) {
    if (hooks.cancelled?.()) return { results, ioErrors, cancelled: true };
    const out = scanBatch(engine, batch, req);
    for (const r of out.results) results.push(r);
    for (const e of out.ioErrors) {
      ioErrors.push(e);
      hooks.onIoError?.(e);
    }
    hooks.onResults?.(out.results);
    done += batch.length;
    hooks.onProgress?.(done, total);
    await hooks.between?.();
  }
  return { results, ioErrors, cancelled: false };
}
