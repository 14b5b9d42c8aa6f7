/**
 * Linting a workspace: find the files (walk.ts: .gitignore, include/exclude), read them, group
 * Terraform modules, batch, and analyse in the main thread or, for large scans, in a pool of
 * worker threads (pool.ts). Results come in the same order either way.
 */
import * as path from 'node:path';
import { FileFilter, type Config } from '../config';
import type { Engine, FileResult } from '../engine';
import { poolSize, scanFilesInPool, workerScript } from './pool';
import type { WorkspaceFs } from './fs';
import { ioReason, relativePath, scanFiles, scanFilesAsync, type AsyncScanHooks, type FixDetail, type IoError, type ScanHooks } from './scan';
import { collectFiles } from './walk';

/**
 * The engine a workspace lint uses, started only when there is something to analyse (and, for a
 * scan in worker threads, only if a worker fails). `sameAsWorkers`: whether the engine is what a
 * worker thread builds on its own (the registry's rules); if not, the scan stays in the main thread.
 */
export interface EngineSource {
  engine(): Promise<Engine>;
  sameAsWorkers: boolean;
  wasmDir?: string;
  /** Where files are read (default: the real file system). */
  fs?: WorkspaceFs;
}

export interface WorkspaceRequest {
  /** Files and directories to lint (absolute, or relative to the process's working directory). */
  targets: readonly string[];
  /** The resolved configuration (resolveConfig): include/exclude filter walked files. */
  config: Config;
  /** The root config globs and relative paths are relative to. */
  root: string;
  /** Environment: AWSDP_WORKERS (pool size), AWSDP_FILE_BUDGET_MS (time budget per file). */
  env?: Record<string, string | undefined>;
  /**
   * Whether large scans may use worker threads (default true). Workers build their own engine with
   * the registry's rules, so an engine with another rule list always scans in the main thread.
   */
  workers?: boolean;
  /** Give findings their identity (baselines, SARIF fingerprints). */
  identities?: boolean;
  /**
   * What the findings keep of their fixes (FixDetail): `edits` (default) everything; `titles` each
   * fix's title and applicability, no edits, for reports that print no edit (a fix's edits are often
   * the largest part of a finding: a whole policy or resource to insert); `none` no fix at all, for
   * reports that print none: the fixes are then never written.
   */
  fixes?: FixDetail;
  /** Non-Terraform files per batch in the main thread (default CHUNK); an editor uses small batches. */
  chunk?: number;
}

export interface WorkspaceHooks extends AsyncScanHooks {
  /** Called once the files are known, before any is read (e.g. to decide on a progress display). */
  onFiles?(files: readonly string[]): void;
}

export interface WorkspaceOutcome {
  /** The files found (absolute paths), in walk order. */
  files: string[];
  results: FileResult[];
  ioErrors: IoError[];
  /** The scan stopped early (hooks.cancelled). */
  cancelled?: boolean;
}

/** Lints the files under `targets` with `engine` (and, for large scans, its twins in worker threads). */
export async function lintWorkspace(source: Engine | EngineSource, req: WorkspaceRequest, hooks: WorkspaceHooks = {}): Promise<WorkspaceOutcome> {
  const src: EngineSource = 'engine' in source ? source : { engine: () => Promise.resolve(source), sameAsWorkers: source.defaultRules, wasmDir: source.wasmDir, fs: source.fs };
  const readFs = src.fs;
  const filter = new FileFilter(req.config);
  const rel = (f: string) => relativePath(req.root, f);
  const ioErrors: IoError[] = [];
  const onIoError = (e: IoError) => {
    ioErrors.push(e);
    hooks.onIoError?.(e);
  };
  const files = collectFiles(
    req.targets.map((t) => path.resolve(t)),
    {
      // include/exclude globs are relative to the root; files outside it are not filtered.
      accept: (f) => {
        const r = rel(f);
        return r.startsWith('../') || path.isAbsolute(r) || filter.accepts(r);
      },
      onError: (file, err) => onIoError({ file, reason: ioReason(err) }),
      fs: readFs,
    },
  );
  hooks.onFiles?.(files);
  if (!files.length) return { files, results: [], ioErrors };
  const env = req.env ?? process.env;
  const scanHooks: ScanHooks = { onIoError, onProgress: hooks.onProgress };
  // Many files: worker threads, each with its own engine (only when they can build the same engine).
  // Worker threads read the real file system: with another one the scan stays in the main thread.
  // An editor (hooks.between): otherwise batches in the main thread, yielding between them, cancellable.
  const script = req.workers !== false && src.sameAsWorkers && !readFs ? workerScript() : undefined;
  const workers = script ? poolSize(files, env) : 0;
  if (script && workers > 1) {
    const outcome = await scanFilesInPool(
      { files, config: req.config, root: req.root, relativePath: rel, workers, script, wasmDir: src.wasmDir, fallbackEngine: () => src.engine(), identities: req.identities, fixes: req.fixes },
      scanHooks,
    );
    hooks.onResults?.(outcome.results);
    return { files, results: outcome.results, ioErrors };
  }
  const scanReq = { files, config: req.config, relativePath: rel, fs: readFs, identities: req.identities, fixes: req.fixes };
  if (hooks.between || hooks.cancelled || hooks.onResults) {
    const outcome = await scanFilesAsync(await src.engine(), scanReq, { ...hooks, ...scanHooks }, req.chunk);
    return { files, results: outcome.results, ioErrors, cancelled: outcome.cancelled };
  }
  const outcome = scanFiles(await src.engine(), scanReq, scanHooks);
  return { files, results: outcome.results, ioErrors };
}
