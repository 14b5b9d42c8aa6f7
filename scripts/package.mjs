// `npm run package`: builds the .vsix with @vscode/vsce from the esbuild bundles (vsce runs the
// `vscode:prepublish` script: a minified build), with the extension README (docs/extension/README.md;
// the repository README is the developer one) and CHANGELOG.md. Then opens the .vsix and checks every
// entry against scripts/vsix-contents.mjs, and prints its contents and size. Exit code 1 on a problem.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import yauzl from 'yauzl';
import { vsixProblems } from './vsix-contents.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const out = join(root, `${pkg.name}-${pkg.version}.vsix`);
const repo = 'https://github.com/awsdp/aws-data-protection';

const VSCE_ARGS = ['--no-dependencies', '--readme-path', 'docs/extension/README.md'];

const vsce = require.resolve('@vscode/vsce/vsce');
const r = spawnSync(
  process.execPath,
  [vsce, 'package', ...VSCE_ARGS, '--changelog-path', 'CHANGELOG.md', '--baseContentUrl', `${repo}/blob/main/docs/extension`, '--baseImagesUrl', `${repo}/raw/main/docs/extension`, '--out', out],
  { cwd: root, stdio: 'inherit' },
);
if (r.status !== 0) {
  console.error(`package: vsce package failed (${r.status ?? r.error})`);
  process.exit(1);
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
