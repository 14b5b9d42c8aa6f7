/**
 * The extension README (docs/extension/README.md, the page the .vsix and the Marketplace show) lists
 * what is built: every rule, every setting and every command of the manifest, and no other rule id.
 * Its generated parts are checked by scripts/gen-extension-readme.mjs --check (a stale page fails).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { allRules } from '../engine/index';
import { REPO_ROOT } from './server-lsp-client';

const readme = readFileSync(path.join(REPO_ROOT, 'docs', 'extension', 'README.md'), 'utf8');
const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
  contributes: { configuration?: { properties?: Record<string, unknown> }; commands?: { command: string }[] };
};

test('gen-extension-readme --check: the generated rule, setting and command lists are up to date', () => {
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'gen-extension-readme.mjs'), '--check'], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

test('the extension README names every rule, setting and command, and no rule that does not exist', () => {
  const ids = new Set(allRules.map((r) => r.meta.id));
  for (const id of ids) assert.ok(readme.includes(`[${id}](https://github.com/awsdp/aws-data-protection/blob/main/docs/rules/${id}.md)`), id);
  for (const m of readme.matchAll(/\bDP\d{3}\b/g)) assert.ok(ids.has(m[0]), `the README names ${m[0]}, which is not a rule`);
  for (const key of Object.keys(manifest.contributes.configuration?.properties ?? {})) assert.ok(readme.includes(`\`${key}\``), key);
  for (const c of manifest.contributes.commands ?? []) assert.ok(readme.includes(`\`${c.command}\``), c.command);
  // The screenshot the README shows is in the repository (vsce rewrites the link to it).
  const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
  assert.ok(images.length > 0, 'the README shows a screenshot');
  for (const img of images) assert.ok(existsSync(path.join(REPO_ROOT, 'docs', 'extension', img)), `${img} exists`);
});
