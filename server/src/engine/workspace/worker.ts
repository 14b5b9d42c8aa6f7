/**
 * A scan worker (bundled to dist/worker.js): its own engine, fed batches of files by the pool in
 * pool.ts; reads and analyses each batch and posts the results back. Nothing is kept between
 * batches.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Engine } from '../engine';
import type { BatchRequest, WorkerData, WorkerMessage } from './pool';
import { relativePath, scanBatch } from './scan';

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('worker.js must run in a worker thread');
  const data = workerData as WorkerData;
  const post = (m: WorkerMessage) => port.postMessage(m);
  let engine: Engine;
  try {
    engine = await Engine.create({ wasmDir: data.wasmDir });
  } catch (e) {
    post({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
    return;
  }
  const rel = (f: string) => relativePath(data.root, f);
  port.on('message', (req: BatchRequest) => {
    try {
      const out = scanBatch(engine, req.files, { config: data.config, relativePath: rel, identities: data.identities, fixes: data.fixes });
      post({ type: 'done', id: req.id, results: out.results, ioErrors: out.ioErrors });
    } catch (e) {
      post({ type: 'error', id: req.id, message: e instanceof Error ? e.message : String(e) });
    }
  });
  post({ type: 'ready' });
}

void main();
