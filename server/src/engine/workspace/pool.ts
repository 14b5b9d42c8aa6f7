/**
 * Directory scans on every core: a pool of worker threads (worker.ts), each with its own engine,
 * fed batches of files (all Terraform files of a directory in one batch: a module is a directory).
 * Results are handed on in batch order whatever order the workers finish in, so the output is
 * the same as a single-threaded scan. At most two batches per worker are in flight, and workers
 * keep nothing between batches: memory stays bounded by the batches, not by the tree scanned.
 *
 * A worker costs more than its start-up (about 100 ms): each has to compile and optimise the
 * parsers' code again, and a single-threaded scan already keeps more than one core busy (V8
 * optimises code and collects garbage on background threads). Measured on 2 cores, a scan of
 * ../shared/realworld (533 files, 4 MB) is no faster with 2 workers, 4 copies of it (20 MB) are
 * 13% faster. So the pool is only used for large scans (`poolSize`).
 *
 * Also tried for a scan of that size (branch perfcli-shared, not merged): the main thread scanning
 * YAML and JSON while one worker takes the Terraform modules, so that each thread warms up only its
 * own parser. Measured on 2 cores at load average 18-20, 6 interleaved runs: 17.9 s wall and 4.46 s
 * CPU against 14.1 s and 3.87 s for the main thread alone (the worker's start-up, its own copy of
 * the bundle, engine and rules code to warm up, costs more than the share it takes).
 * Measured again without other load (branch startup, realtime priority so that other processes did not
 * run, 5 interleaved runs): one worker beside the main thread, Terraform batches to the worker, the
 * rest to the main thread, each stealing from the other's end when done: 1,907 ms wall and 3,387 ms CPU
 * against 1,774 ms and 2,896 ms for the main thread alone. A single-threaded scan already keeps the
 * second core busy: V8 optimises code on background threads (`--trace-opt`: 259 functions, 990 ms of
 * concurrent TurboFan work per scan of ../shared/realworld) and collects garbage there.
 */
import { existsSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
// node:worker_threads is required when a pool starts: most scans never use one.
import type { Worker } from 'node:worker_threads';
import type { Config } from '../config';
import type { Engine, FileResult } from '../engine';
import { batchFiles, scanBatch, type FixDetail, type IoError, type ScanHooks, type ScanOutcome } from './scan';

/** Fewer files than this are scanned in the main thread. */
export const POOL_MIN_FILES = 40;
/** Less text than this (bytes, all files together) is scanned in the main thread... */
export const POOL_MIN_BYTES = 16 * 1024 * 1024;
/**
 * ...unless there are at least this many files: the cost per file (reading, parsing, a model per
 * template) spreads over the workers. `npm run bench -- --only tree` (20,000 small files, 10 MB):
 * 2 workers took 74 s where one thread took 119 s, on 2 cores (loaded: load average 17).
 */
export const POOL_MIN_FILES_ALONE = 2000;
/** At most this many workers. */
export const POOL_MAX_WORKERS = 4;
/** Files per batch for non-Terraform files: small batches keep the workers evenly loaded. */
export const POOL_CHUNK = 8;
/** Batches sent ahead to each worker, so that none waits for the main thread. */
const IN_FLIGHT = 2;

export interface WorkerData {
  wasmDir?: string;
  config: Config;
  /** Root that config globs are relative to. */
  root: string;
  identities?: boolean;
  fixes?: FixDetail;
}

export interface BatchRequest {
  id: number;
  files: string[];
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'done'; id: number; results: FileResult[]; ioErrors: IoError[] }
  | { type: 'error'; id: number; message: string };

/**
 * How many workers to use for a scan: 0 means scan in the main thread. `AWSDP_WORKERS=N`
 * overrides the default (min(cores, 4) for large scans); 0 or 1 turns the pool off.
 */
export function poolSize(files: readonly string[], env: Record<string, string | undefined>, cores = availableCores(), bytes = totalBytes): number {
  const forced = env.AWSDP_WORKERS;
  if (forced !== undefined && forced !== '') {
    const n = Math.floor(Number(forced));
    return Number.isFinite(n) && n > 1 ? Math.min(n, 16) : 0;
  }
  if (files.length <= POOL_MIN_FILES || cores < 2) return 0;
  if (files.length < POOL_MIN_FILES_ALONE && bytes(files) < POOL_MIN_BYTES) return 0;
  return Math.min(cores, POOL_MAX_WORKERS);
}

/** Total size of the files (unreadable ones count as empty); stops counting at POOL_MIN_BYTES. */
function totalBytes(files: readonly string[]): number {
  let sum = 0;
  for (const f of files) {
    try {
      sum += statSync(f).size;
    } catch {
      // reported when the scan reads it
    }
    if (sum >= POOL_MIN_BYTES) break;
  }
  return sum;
}

function availableCores(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/** The worker script next to this file (dist/worker.js in the bundle, out/engine/workspace/worker.js from tsc). */
export function workerScript(dir = __dirname): string | undefined {
  const f = path.join(dir, 'worker.js');
  return existsSync(f) ? f : undefined;
}

export interface PoolRequest {
  files: readonly string[];
  config: Config;
  root: string;
  relativePath: (file: string) => string;
  workers: number;
  script: string;
  wasmDir?: string;
  /** Engine for batches no worker could take (a worker failed to start or died). */
  fallbackEngine: () => Promise<Engine>;
  /** Give findings their identity (AnalyzeOptions.identities). */
  identities?: boolean;
  /** What the findings keep of their fixes (ScanRequest.fixes). */
  fixes?: FixDetail;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  dead: boolean;
  inFlight: Set<number>;
}

export async function scanFilesInPool(req: PoolRequest, hooks: ScanHooks = {}): Promise<ScanOutcome> {
  const batches = batchFiles(req.files, POOL_CHUNK);
  const outcomes: (ScanOutcome | undefined)[] = new Array(batches.length);
  const queue: number[] = batches.map((_, i) => i);
  const results: FileResult[] = [];
  const ioErrors: IoError[] = [];
  const total = req.files.length;
  let emitted = 0;
  let done = 0;

  // Hands on finished batches in order: batch i only after batches 0..i-1.
  const emit = () => {
    while (emitted < batches.length && outcomes[emitted]) {
      const out = outcomes[emitted]!;
      outcomes[emitted] = undefined;
      for (const r of out.results) results.push(r);
      for (const e of out.ioErrors) {
        ioErrors.push(e);
        hooks.onIoError?.(e);
      }
      done += batches[emitted].length;
      hooks.onProgress?.(done, total);
      emitted++;
    }
  };

  return new Promise<ScanOutcome>((resolve, reject) => {
    const slots: Slot[] = [];
    let finished = false;
    let fallback: Promise<void> | undefined;

    const finish = () => {
      if (finished) return;
      finished = true;
      for (const s of slots) void s.worker.terminate();
      resolve({ results, ioErrors });
    };
    const fail = (e: unknown) => {
      if (finished) return;
      finished = true;
      for (const s of slots) void s.worker.terminate();
      reject(e);
    };
    const complete = (id: number, out: ScanOutcome) => {
      outcomes[id] = out;
      emit();
      if (emitted === batches.length) finish();
    };
    const feed = (s: Slot) => {
      while (!s.dead && s.ready && s.inFlight.size < IN_FLIGHT && queue.length) {
        const id = queue.shift()!;
        s.inFlight.add(id);
        s.worker.postMessage({ id, files: batches[id] } satisfies BatchRequest);
      }
    };
    // No live worker left: the main thread takes what remains.
    const runInMainThread = () => {
      fallback ??= req
        .fallbackEngine()
        .then((engine) => {
          while (queue.length) {
            const id = queue.shift()!;
            complete(id, scanBatch(engine, batches[id], { config: req.config, relativePath: req.relativePath, identities: req.identities, fixes: req.fixes }));
          }
        })
        .catch(fail);
    };
    const lost = (s: Slot) => {
      if (s.dead) return;
      s.dead = true;
      // Its batches go back to the front of the queue, in order.
      const back = [...s.inFlight].sort((a, b) => a - b);
      for (let i = back.length - 1; i >= 0; i--) queue.unshift(back[i]);
      s.inFlight.clear();
      void s.worker.terminate();
      const alive = slots.filter((x) => !x.dead);
      if (alive.length === 0) runInMainThread();
      else alive.forEach(feed);
    };

    const data: WorkerData = { wasmDir: req.wasmDir, config: req.config, root: req.root, identities: req.identities, fixes: req.fixes };
    for (let i = 0; i < req.workers; i++) {
      let worker: Worker;
      try {
        worker = new (require('node:worker_threads') as typeof import('node:worker_threads')).Worker(req.script, { workerData: data });
      } catch {
        continue;
      }
      const s: Slot = { worker, ready: false, dead: false, inFlight: new Set() };
      slots.push(s);
      worker.on('message', (m: WorkerMessage) => {
        if (finished) return;
        if (m.type === 'ready') {
          s.ready = true;
          feed(s);
        } else if (m.type === 'failed') lost(s);
        else {
          s.inFlight.delete(m.id);
          if (m.type === 'done') complete(m.id, { results: m.results, ioErrors: m.ioErrors });
          else {
            const msg = m.message.split('\n')[0];
            complete(m.id, {
              results: batches[m.id].map((file) => ({ file, findings: [], notices: [{ file, kind: 'internal' as const, message: `analysis failed: ${msg}` }], suppressed: 0 })),
              ioErrors: [],
            });
          }
          feed(s);
        }
      });
      worker.on('error', () => !finished && lost(s));
      worker.on('exit', () => !finished && lost(s));
    }
    if (batches.length === 0) finish();
    else if (slots.length === 0) runInMainThread();
  });
}
