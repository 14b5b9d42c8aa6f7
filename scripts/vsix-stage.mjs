// The folder `vsce` packages: only what the extension needs, copied from the checkout, with a manifest
// for the extension (package.json without the npm package's `files`, `bin`, scripts and dependency
// lists). The repository's package.json serves the npm package (its `files` list holds the CLI, which
// the extension does not use), and vsce refuses a `files` list next to an ignore file: a separate
// folder keeps the two packages apart. Used by scripts/package.mjs and server/src/test/vsix.test.ts.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Files copied as they are (paths relative to the repository root; * matches within a folder). */
const COPY = [
  'dist/client.js',
  'dist/server.js',
  'dist/*.wasm',
  'dist/*.LICENSE',
  'dist/*.NOTICE',
  'dist/THIRD_PARTY_LICENSES.txt',
  'syntaxes/*.tmLanguage.json',
  'language-configuration.json',
  'docs/extension/icon.png',
  'docs/extension/walkthrough/*',
  'docs/extension/images/quick-fix.png', // the walkthrough's picture
  'LICENSE',
  'THIRD_PARTY_NOTICES.md',
  'CHANGELOG.md',
];

/** package.json keys that belong to the npm package or the build, not to the extension. */
const DROP = ['files', 'bin', 'scripts', 'devDependencies', 'dependencies', 'allowScripts', 'private', 'engines.node'];

function expand(root, pattern) {
  const dir = dirname(pattern);
  const base = pattern.slice(dir.length + 1);
  if (!base.includes('*')) return existsSync(join(root, pattern)) ? [pattern] : [];
  if (!existsSync(join(root, dir))) return [];
  const re = new RegExp(`^${base.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
  return readdirSync(join(root, dir)).filter((n) => re.test(n)).sort().map((n) => `${dir}/${n}`);
}

/** Fills `stage` (an empty folder) from `root`; returns the files it copied. Throws when a required input is missing. */
export function stageExtension(root, stage) {
  const copied = [];
  for (const pattern of COPY) {
    const files = expand(root, pattern);
    if (!files.length && !pattern.includes('walkthrough')) throw new Error(`vsix-stage: ${pattern} is missing (run node scripts/build.mjs)`);
    for (const f of files) {
      mkdirSync(dirname(join(stage, f)), { recursive: true });
      cpSync(join(root, f), join(stage, f));
      copied.push(f);
    }
  }
  // The extension README is the Marketplace page; the repository README is the developer one.
  cpSync(join(root, 'docs', 'extension', 'README.md'), join(stage, 'README.md'));
  copied.push('README.md');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  for (const k of DROP) {
    const [a, b] = k.split('.');
    if (b) delete pkg[a]?.[b];
    else delete pkg[a];
  }
  writeFileSync(join(stage, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
  // The repository's .vscodeignore goes with the stage: what vsce must never ship, whatever is copied.
  cpSync(join(root, '.vscodeignore'), join(stage, '.vscodeignore'));
  return copied;
}
