// `npm run package`: the .vsix, with @vscode/vsce, from the minified esbuild bundles. Builds
// (`node scripts/build.mjs --minify`), copies what the extension needs into a staging folder
// (scripts/vsix-stage.mjs: bundles, wasm, licences, grammars, language configuration, icon, the
// extension README docs/extension/README.md, CHANGELOG, and a manifest without the npm package's keys),
// packages it, then opens the .vsix, checks every entry against scripts/vsix-contents.mjs and prints its
// contents and size. Exit code 1 on a problem.  `--no-build`: package the current dist/.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import yauzl from 'yauzl';
import { vsixProblems } from './vsix-contents.mjs';
import { stageExtension } from './vsix-stage.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const out = join(root, `${pkg.name}-${pkg.version}.vsix`);
const repo = 'https://github.com/awsdp/aws-data-protection';

function run(args, cwd) {
  const r = spawnSync(process.execPath, args, { cwd, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`package: ${args.slice(0, 2).join(' ')} failed (${r.status ?? r.error})`);
    process.exit(1);
  }
}

if (!process.argv.includes('--no-build')) run([join(root, 'scripts', 'build.mjs'), '--minify'], root);

const stage = mkdtempSync(join(tmpdir(), 'awsdp-vsix-'));
try {
  stageExtension(root, stage);
  // Relative links and images of the README point into the repository's docs/extension/.
  run([require.resolve('@vscode/vsce/vsce'), 'package', '--no-dependencies', '--baseContentUrl', `${repo}/blob/main/docs/extension`, '--baseImagesUrl', `${repo}/raw/main/docs/extension`, '--out', out], stage);
} finally {
  rmSync(stage, { recursive: true, force: true });
}

/** [name, uncompressed size] of every entry of the zip. */
function entries(file) {
  return new Promise((res, rej) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err) return rej(err);
      const list = [];
      zip.on('entry', (e) => {
        list.push([e.fileName, e.uncompressedSize]);
        zip.readEntry();
      });
      zip.on('end', () => res(list));
      zip.on('error', rej);
      zip.readEntry();
    });
  });
}

const list = await entries(out);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`\n${out.slice(root.length + 1)}: ${kb(statSync(out).size)} on disk, ${list.length} entries, ${kb(list.reduce((s, [, n]) => s + n, 0))} unpacked`);
for (const [name, size] of list) console.log(`  ${name.padEnd(52)} ${kb(size).padStart(10)}`);
const problems = vsixProblems(list.map(([n]) => n));
if (problems.length) {
  for (const p of problems) console.error(`package: ${p}`);
  process.exit(1);
}
console.log('package: contents checked (scripts/vsix-contents.mjs): bundles, wasm, licences, grammars, manifest, README, CHANGELOG, icon only');
