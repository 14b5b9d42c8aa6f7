// What the .vsix may and must contain: the esbuild bundles, the wasm files and the licences, the
// grammars, the language configuration, the manifest, the extension README, CHANGELOG, icon and
// walkthrough pages. No dependencies (everything is bundled), no sources, no source maps, no tests, no
// samples, and not the CLI's bundles. Used by scripts/package.mjs (on the built .vsix) and by
// server/src/test/vsix.test.ts (on `vsce ls` in the staging folder of scripts/vsix-stage.mjs).

/** Paths inside the extension folder (the .vsix's `extension/`), `/`-separated. */
export const ALLOWED = [
  /^package\.json$/,
  /^readme\.md$/i,
  /^changelog\.md$/i,
  /^LICENSE(\.txt)?$/,
  /^THIRD_PARTY_NOTICES\.md$/,
  /^dist\/(client|server)\.js$/,
  /^dist\/[\w.-]+\.wasm$/,
  /^dist\/[\w.-]+\.(LICENSE|NOTICE)$/,
  /^dist\/THIRD_PARTY_LICENSES\.txt$/,
  /^syntaxes\/[\w.-]+\.tmLanguage\.json$/,
  /^language-configuration\.json$/,
  /^docs\/extension\/icon\.png$/,
  /^docs\/extension\/walkthrough\/[\w.-]+\.md$/,
  /^docs\/extension\/images\/quick-fix\.png$/,
];

export const REQUIRED = [
  'package.json',
  'readme.md',
  'changelog.md',
  'LICENSE.txt',
  'THIRD_PARTY_NOTICES.md',
  'dist/client.js',
  'dist/server.js',
  'dist/web-tree-sitter.wasm',
  'dist/tree-sitter-terraform.wasm',
  'dist/THIRD_PARTY_LICENSES.txt',
  'syntaxes/terraform.tmLanguage.json',
  'syntaxes/iam.injection.tmLanguage.json',
  'language-configuration.json',
  'docs/extension/icon.png',
];

/** The vsix's own metadata files, outside extension/. */
const VSIX_META = /^(extension\.vsixmanifest|\[Content_Types\]\.xml)$/;

/**
 * Problems with a list of entries (vsix entry names, or `vsce ls` paths relative to the extension);
 * an empty list means the package is clean. `required` is checked case-insensitively (vsce names
 * the README readme.md in the vsix, and `vsce ls` prints the path it reads it from).
 */
/** REQUIRED as `vsce ls` names the files in the staging folder (scripts/vsix-stage.mjs). */
export const REQUIRED_ON_DISK = REQUIRED.map((f) => ({ 'readme.md': 'README.md', 'changelog.md': 'CHANGELOG.md', 'LICENSE.txt': 'LICENSE' })[f] ?? f);

export function vsixProblems(entries, { required = REQUIRED } = {}) {
  const files = entries.filter((e) => !e.endsWith('/') && !VSIX_META.test(e)).map((e) => e.replace(/^extension\//, ''));
  const problems = files.filter((f) => !ALLOWED.some((re) => re.test(f))).map((f) => `not allowed in the .vsix: ${f}`);
  const lower = new Set(files.map((f) => f.toLowerCase()));
  for (const r of required) if (!lower.has(r.toLowerCase())) problems.push(`missing from the .vsix: ${r}`);
  return problems;
}
