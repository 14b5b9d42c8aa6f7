'use strict';
// In a source checkout (server/src next to dist/), a build older than the sources would run the
// rules of an earlier commit without a word: after `git pull`, say so once on stderr. Installed
// packages have no sources, so this costs one failed stat there.
const { readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

module.exports = function checkBuild(root, bundle) {
  const src = join(root, 'server', 'src');
  let built;
  try {
    statSync(src);
    built = statSync(join(root, 'dist', bundle)).mtimeMs;
  } catch {
    return;
  }
  let newest;
  for (const f of readdirSync(src, { recursive: true })) {
    if (!/\.(ts|json)$/.test(f)) continue;
    const t = statSync(join(src, f)).mtimeMs;
    if (t > built) {
      newest = f;
      break;
    }
  }
  if (newest) process.stderr.write(`awsdp: dist/${bundle} is older than the sources (${join('server', 'src', newest)}); run \`npm run build\` to check with the current rules.\n`);
};
