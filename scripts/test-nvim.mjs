// Headless Neovim (Debian's `neovim`) as a second, non-VS Code LSP client: `npm run test:nvim`.
// Copies samples/ to a temporary folder (the buffers are edited, never the repository's files),
// starts dist/server.js --stdio from Neovim and checks diagnostics and quick fixes.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const which = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
if (which.error) {
  console.error('test:nvim needs Neovim (apt-get install neovim); it is not installed.');
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const work = mkdtempSync(join(tmpdir(), 'awsdp-nvim-'));
try {
  cpSync(join(root, 'samples'), work, { recursive: true });
  const files = [
    'iam/shared-reports-bucket-policy.json',
    'cloudformation/bucket-policy-missing-tls.yaml',
    'cloudformation/data-lake.template.json',
    'terraform/logs-bucket.tf',
    // DP201 sits on the bucket (main.tf); its fix edits policy.tf, a file this test does not open.
    'terraform/s3-website/main.tf',
    'terraform-json/main.tf.json',
  ];
  const fixable = files.filter((f) => !f.endsWith('.tf.json') && !f.startsWith('terraform/s3-website/'));
  const r = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${join(root, 'test/nvim/lsp-e2e.lua')}`], {
    cwd: work,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, AWSDP_FILES: files.join('\n'), AWSDP_FIXABLE: fixable.join('\n'), AWSDP_SERVER_CMD: `${process.execPath} ${join(root, 'dist/server.js')} --stdio` },
  });
  process.stdout.write(r.stdout ?? '');
  process.stderr.write(r.stderr ?? '');
  if (r.error) console.log(`nvim: ${r.error.message}\n0 passed, 1 failed`);
  process.exitCode = r.status === 0 ? 0 : 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
