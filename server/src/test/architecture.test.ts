/**
 * The layers, held by reading the imports of every source file (server/src and scripts/):
 *
 *   front ends (cli/, server/, scripts/, their tests) ──► engine/index.ts only
 *   engine/index.ts ──► the engine
 *   rules/ ──► model/, fixes/ops.ts, rules/ (rule API, lib/), types.ts, redact.ts (message masking);
 *              the rule tester (rules/tester.ts) runs the engine through engine/index.ts, as a front end
 *   documents/ (the parsers) ──► nothing above them: documents/, types, text, value, redact, budget
 *   the engine ──► never the editor, the protocol, the CLI or the server
 *   no import cycles anywhere
 *
 * Imports are read with the TypeScript scanner's grammar in mind but by pattern: `import … from`,
 * `export … from`, `import('…')`, `require('…')` and, in scripts, `join(…, '…engine/…')` paths.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { allRules } from '../engine/index';

const SRC = join(__dirname, '..', '..', 'src');
const ROOT = join(SRC, '..', '..');

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? files(p, ext) : ext.test(n) ? [p] : [];
    });
}

/** Source path relative to server/src (or to the repository root for scripts), `/`-separated. */
function rel(f: string): string {
  const r = f.startsWith(SRC) ? relative(SRC, f) : relative(ROOT, f);
  return r.split('\\').join('/');
}

interface Import {
  spec: string;
  /** The file it names (relative to server/src, without extension), for relative imports. */
  target?: string;
  /** `import type` / `export type`: erased at run time, so not part of the cycle graph. */
  typeOnly: boolean;
}

const IMPORT = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]|\brequire\(\s*['"]([^'"]+)['"]\s*\)|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The code without comments and template literals (generated code in a template, e.g. scripts/new-rule.mjs, is not an import). */
function stripComments(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"\\])\/\/.*$/gm, '$1')
    .replace(/`(?:\\[\s\S]|[^`\\])*`/g, '``');
}

function resolveTs(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec).replace(/\.(js|ts|mjs)$/, '');
  for (const cand of [`${base}.ts`, join(base, 'index.ts')]) if (existsSync(cand)) return rel(cand).replace(/\.ts$/, '');
  return rel(base);
}

function importsOf(file: string): Import[] {
  const text = stripComments(readFileSync(file, 'utf8'));
  const out: Import[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[3] ?? m[4] ?? m[5];
    out.push({ spec, target: resolveTs(file, spec), typeOnly: !!m[2] });
  }
  // Scripts reach the compiled engine through paths built at run time.
  if (file.endsWith('.mjs')) {
    const seen = new Set(out.map((i) => i.target));
    for (const m of text.matchAll(/['"`]([^'"`]*(?:engine|cli|server)\/[^'"`]*\.js)['"`]/g)) {
      const p = m[1].replace(/^.*server\/(?:out|src)\//, '').replace(/\.js$/, '');
      if (/^(engine|cli|server)\//.test(p) && !seen.has(p)) out.push({ spec: m[1], target: p, typeOnly: false });
      seen.add(p);
    }
  }
  return out;
}

const sources = files(SRC, /\.ts$/).filter((f) => !f.endsWith('.d.ts'));
const runtime = sources.filter((f) => !rel(f).startsWith('test/'));
const scripts = files(join(ROOT, 'scripts'), /\.mjs$/);

/** Every import of `from` files that `allowed` refuses, as `file: target` lines. */
function violations(from: readonly string[], allowed: (target: string, file: string) => boolean): string[] {
  const out: string[] = [];
  for (const f of from) {
    for (const i of importsOf(f)) {
      if (i.target !== undefined && !allowed(i.target, rel(f))) out.push(`${rel(f)} → ${i.target}`);
    }
  }
  return out;
}

const under = (dir: string) => (t: string) => t === dir || t.startsWith(`${dir}/`);

test('the engine is pure: it never imports the editor, the protocol, the CLI or the server', () => {
  const offenders: string[] = [];
  for (const f of runtime.filter((f) => rel(f).startsWith('engine/'))) {
    for (const { spec, target } of importsOf(f)) {
      if (/^vscode(-|$)/.test(spec) || (target && /^(cli|server)\//.test(target)) || spec === 'node:http' || spec === 'node:https' || spec === 'node:net') {
        offenders.push(`${rel(f)}: ${spec}`);
      }
    }
  }
  assert.deepEqual(offenders, []);
});

test('the import reader sees what it must (a check on the check)', () => {
  // A broken reader would make every layer test pass vacuously.
  const server = importsOf(join(SRC, 'server', 'handlers', 'lifecycle.ts'));
  assert.ok(server.some((i) => i.spec === 'vscode-languageserver'), 'reads a package import');
  assert.ok(server.some((i) => i.target === 'engine/index'), 'resolves a relative import to its file');
  const index = importsOf(join(SRC, 'engine', 'index.ts'));
  assert.ok(index.some((i) => i.target === 'engine/engine'), 'reads `export … from`');
  assert.ok(runtime.length > 40 && scripts.length >= 5, `found ${runtime.length} sources and ${scripts.length} scripts`);
});

const ENGINE_ENTRY = 'engine/index';

test('front ends (cli/, server/, scripts/) import the engine only through engine/index', () => {
  const frontEnds = [...runtime.filter((f) => /^(cli|server)\//.test(rel(f))), ...scripts];
  assert.deepEqual(
    violations(frontEnds, (t) => !under('engine')(t) || t === ENGINE_ENTRY),
    [],
  );
});

test('front ends never compute text positions: the engine returns ranges (no LineIndex in cli/ or server/)', () => {
  const offenders = runtime.filter((f) => /^(cli|server)\//.test(rel(f)) && /\bLineIndex\b/.test(stripComments(readFileSync(f, 'utf8')))).map(rel);
  assert.deepEqual(offenders, []);
});

test('front-end tests import the engine only through engine/index', () => {
  const frontEndTests = sources.filter((f) => /^test\/(cli|server)[-.]/.test(rel(f)));
  assert.ok(frontEndTests.length >= 8);
  assert.deepEqual(
    violations(frontEndTests, (t) => !under('engine')(t) || t === ENGINE_ENTRY),
    [],
  );
});

test('the engine never imports its front ends or its own entry module', () => {
  // The rule tester is a front end of the engine (test tooling beside the rule API): it calls the entry module.
  assert.deepEqual(
    violations(
      runtime.filter((f) => rel(f).startsWith('engine/') && rel(f) !== 'engine/index.ts' && rel(f) !== 'engine/rules/tester.ts'),
      (t) => !/^(cli|server)\//.test(t) && t !== ENGINE_ENTRY,
    ),
    [],
  );
});

/** What a rule may import: the model, fix operations, the rule API and helpers, the vocabulary, message masking. */
function ruleMayImport(t: string): boolean {
  return under('engine/model')(t) || t === 'engine/fixes/ops' || under('engine/rules')(t) || t === 'engine/types' || t === 'engine/redact';
}

test('rules import only the model, fix operations, the rule API and helpers, and types', () => {
  // The rule tester (rules/tester.ts) runs rules through the engine: test tooling beside the rule API, not a rule.
  const rules = runtime.filter((f) => rel(f).startsWith('engine/rules/') && rel(f) !== 'engine/rules/tester.ts');
  assert.ok(rules.length >= 3);
  assert.deepEqual(violations(rules, ruleMayImport), []);
});

test('document parsers (engine/documents) import nothing above them', () => {
  const below = (x: string) => under('engine/documents')(x) || ['engine/types', 'engine/text', 'engine/value', 'engine/redact', 'engine/budget'].includes(x);
  const docs = runtime.filter((f) => rel(f).startsWith('engine/documents/'));
  assert.ok(docs.length >= 5);
  assert.deepEqual(violations(docs, below), []);
});

test('the model format adapters (CloudFormation, Terraform, IAM) do not import each other', () => {
  const adapters = ['engine/model/cloudformation', 'engine/model/terraform', 'engine/model/iam'];
  const files = runtime.filter((f) => adapters.includes(rel(f).replace(/\.ts$/, '')));
  assert.equal(files.length, adapters.length);
  assert.deepEqual(violations(files, (t) => !adapters.includes(t)), []);
});

/** Strongly connected components of more than one module (or a module importing itself). */
function cycles(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || graph.get(v)!.has(v)) out.push(scc.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) visit(v);
  return out;
}

function importGraph(withTypes: boolean): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const f of sources) {
    const from = rel(f).replace(/\.ts$/, '');
    graph.set(from, new Set(importsOf(f).filter((i) => i.target && (withTypes || !i.typeOnly)).map((i) => i.target!)));
  }
  return graph;
}

test('the cycle finder finds a cycle (a check on the check)', () => {
  const g = new Map([
    ['a', new Set(['b'])],
    ['b', new Set(['c'])],
    ['c', new Set(['a'])],
    ['d', new Set(['a'])],
  ]);
  assert.deepEqual(cycles(g), [['a', 'b', 'c']]);
});

test('no import cycles anywhere (type imports included)', () => {
  assert.deepEqual(
    cycles(importGraph(true)).map((c) => c.join(' ⇄ ')),
    [],
  );
});

test('rule registry: ids are unique, well-formed and match their category', () => {
  const prefixes: Record<string, string> = { mfa: '1', 'secure-transport': '2', 'tls-version': '3', 'fips-endpoint': '4', 'sensitive-data': '5' };
  const ids = new Set<string>();
  const names = new Set<string>();
  for (const r of allRules) {
    const { id, name, category } = r.meta;
    assert.match(id, /^DP\d{3}$/);
    assert.equal(id[2], prefixes[category], `${id} is in category ${category}`);
    assert.match(name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.ok(!ids.has(id) && !names.has(name), `duplicate ${id}/${name}`);
    ids.add(id);
    names.add(name);
    assert.ok(r.meta.summary.endsWith('.') && r.meta.description.length > 100);
    assert.ok(r.meta.examples.length > 0, `${id} has docs examples`);
  }
});
