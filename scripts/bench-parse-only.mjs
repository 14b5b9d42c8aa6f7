// The floor for `awsdp scan`: a process that finds, reads and parses the same files with the same
// engine, and does nothing else (no model, no rules, no report). scripts/bench.mjs bundles this
// file with esbuild exactly like dist/cli.js is bundled, so both processes load the same code.
// Usage (bundled): node parse-only.js <file or directory>...
import * as fs from 'node:fs';
import * as path from 'node:path';
import { collectFiles, createEngine, MAX_FILE_BYTES } from '../server/src/engine/index';

async function main() {
  const wasmDir = process.env.AWSDP_WASM_DIR;
  const engine = await createEngine({ wasmDir });
  const files = collectFiles(
    process.argv.slice(2).map((p) => path.resolve(p)),
    { onError: () => {} },
  );
  let parsed = 0;
  for (const f of files) {
    let text;
    try {
      if (fs.statSync(f).size > MAX_FILE_BYTES) continue;
      text = fs.readFileSync(f, 'utf8');
    } catch {
      continue;
    }
    if (engine.parse({ path: f, text })) parsed++;
  }
  process.stderr.write(`parse-only: ${files.length} files, ${parsed} parsed\n`);
}

main().catch((e) => {
  process.stderr.write(`parse-only: ${e?.stack ?? e}\n`);
  process.exitCode = 2;
});
