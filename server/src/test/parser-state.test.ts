/**
 * The parsers keep no state in module variables: an engine owns its parsers' state (the Terraform
 * parser is an HclRuntime that Engine.create makes), so two engines in one process never share it.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { Engine } from '../engine/engine';
import { MAX_PARSER_MEMORY } from '../engine/documents/hcl';

const ENGINE = join(__dirname, '..', '..', 'src', 'engine');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : n.endsWith('.ts') ? [p] : [];
  });
}

/** Module-level `let`/`var` declarations and module-level collections made with `new`, as `file: line`. */
function moduleState(file: string): string[] {
  const rel = relative(ENGINE, file).split('\\').join('/');
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => /^(export )?(let|var) /.test(l) || /^(export )?const \w+(: [^=]+)? = new (Map|Set|WeakMap|WeakSet)\b/.test(l))
    .map((l) => `${rel}: ${l.trim()}`);
}

test('engine/documents and engine.ts keep no mutable state in module variables', () => {
  const files = [...sources(join(ENGINE, 'documents')), join(ENGINE, 'engine.ts')];
  assert.ok(files.some((f) => f.endsWith(join('hcl', 'runtime.ts'))), 'the scan reads documents/hcl/');
  const found = files.flatMap(moduleState);
  // The one exception: web-tree-sitter keeps one WebAssembly instance per process inside the
  // library, so its load is done once and shared (runtime.ts explains); parsers are per engine.
  const wasmLoad = 'documents/hcl/runtime.ts: let wasmLoad: Promise<Wasm> | undefined;';
  // Constant lookup tables (UPPER_CASE names, as the house style writes constants): built once, never written.
  const tables = (l: string) => /^[\w/.-]+: (export )?const [A-Z][A-Z0-9_]* = new (Set|Map)\b/.test(l);
  assert.deepEqual(found.filter((l) => l !== wasmLoad && !tables(l)), []);
  assert.ok(found.includes(wasmLoad), 'the scan sees module-level `let`');
});

test('each engine has its own Terraform parser with its own memory cap', async () => {
  const capped = await Engine.create({ maxParserMemory: 64 * 1024 * 1024 });
  const plain = await Engine.create();
  const hclOf = (e: Engine) => (e as unknown as { hcl: { maxMemory: number } }).hcl;
  assert.notEqual(hclOf(capped), hclOf(plain));
  assert.equal(hclOf(capped).maxMemory, 64 * 1024 * 1024);
  assert.equal(hclOf(plain).maxMemory, MAX_PARSER_MEMORY);
  // Both parse, in turn, in the same process.
  const text = 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n';
  for (const e of [capped, plain, capped]) assert.equal(e.parse({ path: 'm/main.tf', text })?.notices.length, 0);
});
