// The engine as it stands: its folders (files, lines) and which folder imports which (runtime and type
// imports alike), from the TypeScript sources. For reviews and notes; not part of the build.
// Usage: node scripts/engine-map.mjs [--json]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'server', 'src', 'engine');
const walk = (d) => readdirSync(d).flatMap((n) => {
  const p = join(d, n);
  return statSync(p).isDirectory() ? walk(p) : /\.ts$/.test(n) && !/\.test\.ts$/.test(n) ? [p] : [];
});
const files = walk(root);
/** Area of a file: engine/<name> for the engine's top-level modules, else its first-level folder. */
const area = (f) => {
  const r = relative(root, f).split(/[\\/]/);
  if (r.length === 1) return `engine/${r[0].replace(/\.ts$/, '')}`;
  // The rule tester is a front end of the engine (it drives createEngine like the CLI): shown apart from the rules.
  return r[0] === 'rules' && r[1] === 'tester.ts' ? 'rules/tester' : r[0];
};
const areas = new Map();
const edges = new Map();
for (const f of files) {
  const text = readFileSync(f, 'utf8');
  const a = area(f);
  const s = areas.get(a) ?? { files: 0, lines: 0 };
  s.files++;
  s.lines += text.split('\n').length;
  areas.set(a, s);
  for (const m of text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]/gm)) {
    const target = resolve(dirname(f), m[1]);
    if (!target.startsWith(root)) continue;
    const b = area(target.endsWith('.ts') ? target : target + '.ts');
    if (b === a) continue;
    const key = `${a} -> ${b}`;
    edges.set(key, (edges.get(key) ?? 0) + 1);
  }
}
const byArea = [...areas].sort((x, y) => x[0].localeCompare(y[0]));
if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ areas: Object.fromEntries(byArea), imports: Object.fromEntries([...edges].sort()) }, null, 2));
} else {
  console.log('| area | files | lines | imports (areas) |');
  console.log('|---|---|---|---|');
  for (const [a, s] of byArea) {
    const out = [...edges.keys()].filter((k) => k.startsWith(`${a} -> `)).map((k) => k.slice(a.length + 4)).sort();
    console.log(`| ${a} | ${s.files} | ${s.lines} | ${out.join(', ') || '—'} |`);
  }
  const total = byArea.reduce((t, [, s]) => ({ files: t.files + s.files, lines: t.lines + s.lines }), { files: 0, lines: 0 });
  console.log(`\n${total.files} files, ${total.lines} lines (tests excluded)`);
}
