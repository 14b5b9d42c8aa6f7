/**
 * What `npm run package` puts in the .vsix, checked without building one: the staging folder of
 * scripts/vsix-stage.mjs, listed by `vsce ls`, against scripts/vsix-contents.mjs (what is allowed: bundles,
 * wasm, licences, grammars, manifest, README, CHANGELOG, icon; what is required). The build (npm test
 * builds first) leaves dist/cli.js, dist/worker.js and source maps beside the bundles: they must stay
 * out. `npm run package` checks the built .vsix itself with the same rules.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from './server-lsp-client';

interface VsixContents {
  vsixProblems(entries: string[], opts?: { required?: string[] }): string[];
  REQUIRED_ON_DISK: string[];
}
interface VsixStage {
  stageExtension(root: string, stage: string): string[];
}

const importMjs = new Function('p', 'return import(p)') as <T>(p: string) => Promise<T>;

test('vsce ls in the staging folder: only the bundles, wasm, licences, grammars, manifest and listing files', async () => {
  const { vsixProblems, REQUIRED_ON_DISK } = await importMjs<VsixContents>(path.join(REPO_ROOT, 'scripts', 'vsix-contents.mjs'));
  const { stageExtension } = await importMjs<VsixStage>(path.join(REPO_ROOT, 'scripts', 'vsix-stage.mjs'));
  assert.ok(existsSync(path.join(REPO_ROOT, 'dist', 'cli.js')), 'the build left dist/cli.js, which the .vsix must not take');
  const stage = mkdtempSync(path.join(tmpdir(), 'awsdp-vsix-test-'));
  try {
    stageExtension(REPO_ROOT, stage);
    const vsce = require.resolve('@vscode/vsce/vsce');
    const out = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: stage, encoding: 'utf8', timeout: 120_000 });
    const files = out.split('\n').map((l) => l.trim()).filter(Boolean);
    assert.deepEqual(vsixProblems(files, { required: REQUIRED_ON_DISK }), [], `vsce ls:\n${files.join('\n')}`);
    for (const f of files) assert.doesNotMatch(f, /node_modules|\.map$|\.ts$|(^|\/)(test|samples|server|client|scripts|bin)\//, f);
    // The README is the extension's page, and the manifest is the extension's, not the npm package's.
    assert.equal(readFileSync(path.join(stage, 'README.md'), 'utf8'), readFileSync(path.join(REPO_ROOT, 'docs', 'extension', 'README.md'), 'utf8'));
    const manifest = JSON.parse(readFileSync(path.join(stage, 'package.json'), 'utf8')) as Record<string, unknown> & { engines: Record<string, string> };
    for (const k of ['files', 'bin', 'scripts', 'devDependencies', 'dependencies']) assert.equal(manifest[k], undefined, k);
    assert.ok(manifest.engines.vscode && manifest.main === './dist/client.js' && manifest.contributes);
    // Everything the manifest points at ships: icon, grammars, language configuration, walkthrough media.
    const c = manifest.contributes as {
      grammars: { path: string }[];
      languages: { configuration?: string }[];
      walkthroughs?: { steps: { media: { image?: string; markdown?: string } }[] }[];
    };
    const referenced = [
      manifest.icon as string,
      ...c.grammars.map((g) => g.path),
      ...c.languages.flatMap((l) => (l.configuration ? [l.configuration] : [])),
      ...(c.walkthroughs ?? []).flatMap((w) => w.steps.flatMap((st) => [st.media.image, st.media.markdown].filter((x): x is string => !!x))),
    ].map((f) => f.replace(/^\.\//, ''));
    assert.ok(c.walkthroughs?.length, 'a walkthrough is contributed');
    for (const f of referenced) assert.ok(files.includes(f), `${f} (named in package.json) is in the package`);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
});

test('the rules of scripts/vsix-contents.mjs catch what must not ship and what is missing', async () => {
  const { vsixProblems } = await importMjs<VsixContents>(path.join(REPO_ROOT, 'scripts', 'vsix-contents.mjs'));
  const good = ['extension.vsixmanifest', '[Content_Types].xml', ...['package.json', 'readme.md', 'changelog.md', 'LICENSE.txt', 'THIRD_PARTY_NOTICES.md', 'dist/client.js', 'dist/server.js', 'dist/web-tree-sitter.wasm', 'dist/tree-sitter-terraform.wasm', 'dist/THIRD_PARTY_LICENSES.txt', 'syntaxes/terraform.tmLanguage.json', 'syntaxes/iam.injection.tmLanguage.json', 'language-configuration.json', 'docs/extension/icon.png'].map((f) => `extension/${f}`)];
  assert.deepEqual(vsixProblems(good), []);
  for (const bad of ['extension/dist/cli.js', 'extension/dist/server.js.map', 'extension/node_modules/yaml/index.js', 'extension/server/src/engine/index.ts', 'extension/samples/iam/x.json', 'extension/client/out/test/suite/index.js'])
    assert.deepEqual(vsixProblems([...good, bad]), [`not allowed in the .vsix: ${bad.slice('extension/'.length)}`]);
  assert.deepEqual(vsixProblems(good.filter((f) => f !== 'extension/dist/server.js')), ['missing from the .vsix: dist/server.js']);
});

test('the icon is a 128x128 PNG, the one scripts/make-icon.mjs draws', () => {
  const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { icon: string };
  const png = readFileSync(path.join(REPO_ROOT, manifest.icon));
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.equal(png.toString('ascii', 12, 16), 'IHDR');
  assert.equal(png.readUInt32BE(16), 128);
  assert.equal(png.readUInt32BE(20), 128);
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'make-icon.mjs'), '--check'], { cwd: REPO_ROOT });
});
