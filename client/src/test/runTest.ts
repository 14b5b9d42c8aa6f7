/**
 * Runs the extension-host suite in VS Code through @vscode/test-electron: `npm run test:vscode`
 * (after `node scripts/build.mjs`). It downloads VS Code unless VSCODE_EXECUTABLE points at one,
 * so it needs network access or a local VS Code; it is not part of `npm test`.
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  // client/out/test/runTest.js → the repository root holds the extension manifest.
  const extensionDevelopmentPath = path.resolve(__dirname, '..', '..', '..');
  const extensionTestsPath = path.resolve(__dirname, 'suite', 'index');
  if (!existsSync(path.join(extensionDevelopmentPath, 'dist', 'server.js'))) {
    throw new Error('dist/server.js is missing: run "node scripts/build.mjs" first');
  }
  // The tests edit documents (in memory only); give them a copy of the samples as the workspace.
  const workspace = mkdtempSync(path.join(tmpdir(), 'awsdp-vscode-'));
  cpSync(path.join(extensionDevelopmentPath, 'samples'), path.join(workspace, 'samples'), { recursive: true });
  try {
    await runTests({
      version: process.env.VSCODE_VERSION,
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE,
      extensionDevelopmentPath,
      extensionTestsPath,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    });
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error('VS Code extension tests failed:', e instanceof Error ? e.message : e);
  process.exit(1);
});
