/**
 * Reads files and hands them to the engine in batches: all Terraform files of a directory together
 * (a directory is a module), other files in bounded chunks, so memory stays bounded on huge trees.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Config } from '../engine/config';
import { detectFormat } from '../engine/documents/detect';
import { MAX_FILE_BYTES } from '../engine/documents/limits';
import type { Engine, FileResult } from '../engine/engine';
import type { SourceFile } from '../engine/types';
import type { IoError } from './report';

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

const isTerraformPath = (f: string) => /\.tf(\.json)?$/i.test(f);

/** Groups files into analyze() batches: per directory, Terraform together, the rest in chunks. */
export function batchFiles(files: readonly string[]): string[][] {
  const byDir = new Map<string, { tf: string[]; other: string[] }>();
  for (const f of files) {
    const d = path.dirname(f);
    let g = byDir.get(d);
    if (!g) byDir.set(d, (g = { tf: [], other: [] }));
    (isTerraformPath(f) ? g.tf : g.other).push(f);
  }
  const batches: string[][] = [];
  for (const g of byDir.values()) {
    if (g.tf.length) batches.push(g.tf);
    for (let i = 0; i < g.other.length; i += CHUNK) batches.push(g.other.slice(i, i + CHUNK));
  }
  return batches;
}

type ReadResult = { kind: 'text'; source: SourceFile } | { kind: 'result'; result: FileResult } | { kind: 'error'; error: IoError };

function readOne(file: string): ReadResult {
  try {
    const st = fs.statSync(file);
    if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (st.size > MAX_FILE_BYTES) {
      // Do not load it: read the head to tell whether it is a file awsdp analyses, and say it was skipped.
      const fd = fs.openSync(file, 'r');
      let head: string;
      try {
        const buf = Buffer.alloc(HEAD_BYTES);
        const n = fs.readSync(fd, buf, 0, HEAD_BYTES, 0);
        head = buf.subarray(0, n).toString('utf8');
      } finally {
        fs.closeSync(fd);
      }
      const format = detectFormat(file, head);
      const notices = format ? [{ file, kind: 'limit' as const, message: `file skipped: larger than ${MAX_FILE_BYTES / 1024 / 1024} MB` }] : [];
      return { kind: 'result', result: { file, format, findings: [], notices, suppressed: 0 } };
    }
    return { kind: 'text', source: { path: file, text: fs.readFileSync(file, 'utf8') } };
  } catch (e) {
    return { kind: 'error', error: { file, reason: ioReason(e) } };
  }
}

export interface ScanRequest {
  files: readonly string[];
  config: Config;
  /** Path relative to the root, `/`-separated, for config globs. */
  relativePath: (file: string) => string;
}

export function scanFiles(engine: Engine, req: ScanRequest, hooks: ScanHooks = {}): ScanOutcome {
  const results: FileResult[] = [];
  const ioErrors: IoError[] = [];
  let done = 0;
  const total = req.files.length;
  for (const batch of batchFiles(req.files)) {
    const sources: SourceFile[] = [];
    for (const f of batch) {
      const r = readOne(f);
      if (r.kind === 'text') sources.push(r.source);
      else if (r.kind === 'result') results.push(r.result);
      else {
        ioErrors.push(r.error);
        hooks.onIoError?.(r.error);
      }
    }
    if (sources.length) {
      try {
        results.push(...engine.analyze(sources, { config: req.config, relativePath: req.relativePath }));
      } catch (e) {
        const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
        for (const s of sources) results.push({ file: s.path, findings: [], notices: [{ file: s.path, kind: 'internal', message: `analysis failed: ${msg}` }], suppressed: 0 });
      }
    }
    done += batch.length;
    hooks.onProgress?.(done, total);
  }
  return { results, ioErrors };
}
