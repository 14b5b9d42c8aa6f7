// Generates a repository-like tree of IaC files for the scale benchmark (npm run bench, target
// `tree`): copies of samples/ (every format: IAM policy JSON, CloudFormation YAML/JSON, Terraform
// modules, Terraform JSON) under team-NN/service-NNN/ directories, each copy with its own bucket and
// resource names, until exactly N files are written. Deterministic: the same N gives the same tree.
//
//   node scripts/gen-tree.mjs DIR [N=20000]
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The sample files (relative paths and text), in a fixed order. */
function sampleFiles(dir = join(repo, 'samples')) {
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(tf|json|ya?ml|template)$/.test(e.name)) out.push({ rel: relative(dir, p), text: readFileSync(p, 'utf8') });
    }
  };
  walk(dir);
  return out;
}

/** Writes `n` files under `dir`; returns { files, bytes }. */
export function generateTree(dir, n = 20_000) {
  const samples = sampleFiles();
  if (!samples.length) throw new Error('gen-tree: samples/ has no files');
  let files = 0;
  let bytes = 0;
  for (let copy = 0; files < n; copy++) {
    const base = join(dir, `team-${String(copy % 50).padStart(2, '0')}`, `service-${String(copy).padStart(3, '0')}`);
    for (const s of samples) {
      if (files >= n) break;
      // Names that differ per copy (buckets, users, descriptions), so no two files are the same text.
      const text = s.text.replaceAll('example', `example${copy}`).replaceAll('assets', `assets${copy}`).replaceAll('alice', `alice${copy}`);
      const f = join(base, s.rel);
      mkdirSync(dirname(f), { recursive: true });
      writeFileSync(f, text);
      files++;
      bytes += Buffer.byteLength(text);
    }
  }
  return { files, bytes };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [dir, n] = process.argv.slice(2);
  if (!dir) {
    console.error('usage: node scripts/gen-tree.mjs DIR [N=20000]');
    process.exit(2);
  }
  const t0 = Date.now();
  const r = generateTree(dir, n ? Number(n) : 20_000);
  console.error(`gen-tree: ${r.files} files, ${(r.bytes / 1024 / 1024).toFixed(1)} MB in ${dir} (${Date.now() - t0} ms)`);
}
