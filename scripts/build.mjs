// Build: type-check and compile (tsc -b, for the tests), then bundle the extension client, the
// language server and the CLI with esbuild, and copy the tree-sitter wasm files with their licences.
//
//   node scripts/build.mjs            build and regenerate the committed generated files (npm run build, npm ci)
//   node scripts/build.mjs --check    build, and only check the generated files (npm test): a stale one fails
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { bundlePlugins } from './esbuild-plugins.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
process.chdir(root);

/** --check: write nothing tracked; fail when a committed generated file is stale (npm test, CI). */
const check = process.argv.includes('--check');
const t0 = Date.now();
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-b'], { stdio: 'inherit' });

mkdirSync('dist', { recursive: true });
const common = {
  plugins: bundlePlugins(require), // scripts/esbuild-plugins.mjs
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: process.argv.includes('--minify'),
  logLevel: 'warning',
  legalComments: 'none', // licences go to dist/THIRD_PARTY_LICENSES.txt instead
  // jsonc-parser's UMD build cannot be bundled; its ESM build can.
  mainFields: ['module', 'main'],
};
/**
 * The CLI's bundles (dist/cli-main.js and its scan worker dist/worker.js) are compiled by V8 at every
 * start when there is no code cache (a first run, AWSDP_CODE_CACHE=0, a cache folder that cannot be
 * used): they are always minified (whitespace, identifiers, syntax: 2.0 MB -> 1.1 MB of JavaScript to
 * read, scan and parse), with their source maps beside them as before. re2js (270 KB), which only a
 * configuration with sensitive-data patterns uses (rules/lib/patterns.ts requires it then), is its own
 * file next to them, dist/cli-patterns.js, so that the other runs do not parse it at all. The extension's
 * bundles are minified by `--minify` (npm run package), as before.
 */
const cliSplit = {
  name: 'cli-patterns-file',
  setup(b) {
    b.onResolve({ filter: /^re2js$/ }, () => ({ path: './cli-patterns.js', external: true }));
  },
};
const cliBundle = { minify: true, plugins: [cliSplit, ...common.plugins] };
const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { entryPoints: ['server/src/server/main.ts'], outfile: 'dist/server.js' },
  // The CLI's bundle; dist/cli.js is its loader (below).
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli-main.js', ...cliBundle },
  { entryPoints: ['server/src/engine/workspace/worker.ts'], outfile: 'dist/worker.js', ...cliBundle },
  { entryPoints: [require.resolve('re2js')], outfile: 'dist/cli-patterns.js', minify: true },
].filter((e) => existsSync(e.entryPoints[0]));
const results = await Promise.all(entries.map((e) => esbuild.build({ ...common, ...e, metafile: true })));
// dist/cli.js runs dist/cli-main.js with V8's code cache (scripts/cli-loader.js); the cache is
// keyed by the bundle's hash, put in the loader here.
if (existsSync('dist/cli-main.js')) {
  const sha = createHash('sha256').update(readFileSync('dist/cli-main.js')).digest('hex');
  writeFileSync('dist/cli.js', readFileSync('scripts/cli-loader.js', 'utf8').replace('@BUNDLE_SHA256@', sha));
  rmSync('dist/cli.js.map', { force: true });
}

// The licence of every npm package that ends up in a bundle, from esbuild's own list of inputs.
const pkgDirs = new Set();
for (const r of results)
  for (const input of Object.keys(r.metafile.inputs)) {
    const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m) pkgDirs.add(m[1]);
  }
const notices = [...pkgDirs].sort().map((dir) => {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  // Every licence file (libphonenumber-js has LICENSE and LICENSE.Apache, for the metadata it takes from Google's libphonenumber).
  const files = readdirSync(dir).filter((f) => /^licen[cs]e/i.test(f)).sort();
  const texts = files.map((f) => readFileSync(join(dir, f), 'utf8').trim());
  return `${pkg.name}@${pkg.version} (${pkg.license})\n\n${texts.length ? texts.join('\n\n') : 'no licence file in the package'}\n`;
});
writeFileSync('dist/THIRD_PARTY_LICENSES.txt', `Packages bundled into dist/*.js\n\n${notices.join('\n' + '-'.repeat(72) + '\n\n')}`);

// tree-sitter runtime and the Terraform grammar: the only binary assets, copied with their licences.
const wts = dirname(require.resolve('web-tree-sitter'));
const hcl = dirname(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/package.json'));
cpSync(join(wts, 'web-tree-sitter.wasm'), 'dist/web-tree-sitter.wasm');
cpSync(join(wts, 'LICENSE'), 'dist/web-tree-sitter.LICENSE');
cpSync(join(hcl, 'tree-sitter-terraform.wasm'), 'dist/tree-sitter-terraform.wasm');
cpSync(join(hcl, 'LICENSE'), 'dist/tree-sitter-hcl.LICENSE');
cpSync('server/src/engine/data/aws-service-spec.LICENSE', 'dist/aws-service-spec.LICENSE');
cpSync('server/src/engine/data/cdktn-provider-aws.LICENSE', 'dist/cdktn-provider-aws.LICENSE');
cpSync('server/src/engine/data/botocore.LICENSE', 'dist/botocore.LICENSE');
cpSync('server/src/engine/data/botocore.NOTICE', 'dist/botocore.NOTICE');
// Generated files that are committed: rule docs (docs/rules/, from the rule metadata on the tsc
// output) are written by a build; with --check (what `npm test` runs) nothing tracked is written:
// every generator compares instead, and a stale file fails the build with what to run.
const GENERATED = [
  { script: 'gen-docs.mjs', writes: 'docs/rules/', onBuild: true },
  { script: 'gen-extension-readme.mjs', writes: 'docs/extension/README.md (rules, settings, commands)', onBuild: true },
  { script: 'gen-cfn-data.mjs', writes: 'server/src/engine/data/ (CloudFormation tables)', onBuild: false },
  { script: 'gen-fips-data.mjs', writes: 'server/src/engine/data/fips-endpoints.json', onBuild: false },
  // gen-tf-data.mjs needs a hand-downloaded provider schema (not installed by npm ci): its table is
  // checked against settings.json by the test suite instead.
];
const stale = [];
for (const g of GENERATED) {
  if (!check && !g.onBuild) continue;
  try {
    execFileSync(process.execPath, [join(root, 'scripts', g.script), ...(check ? ['--check'] : [])], { stdio: 'inherit' });
  } catch {
    if (!check) throw new Error(`build: scripts/${g.script} failed`);
    stale.push(g);
  }
}
if (stale.length) {
  for (const g of stale) console.error(`build --check: ${g.writes} is out of date; run \`node scripts/${g.script}\` and commit the result.`);
  process.exit(1);
}
console.error(`build: done in ${Date.now() - t0} ms`);
