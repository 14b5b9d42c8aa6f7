// Generates docs/rules/<ID>.md for every rule and docs/rules/README.md (the index) from the rules'
// metadata. Runs at the end of scripts/build.mjs, on the tsc output (server/out). The pages are
// committed; stale DPnnn.md pages of removed rules are deleted.
//
//   node scripts/gen-docs.mjs          write the pages
//   node scripts/gen-docs.mjs --check  exit 1 if a page is missing, stale or out of date (npm test, CI)
//   --docs-dir=<dir>                   another folder than docs/rules/ (the tests check a copy)
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const out = join(root, 'server', 'out');
for (const f of ['engine/index.js']) {
  if (!existsSync(join(out, f))) {
    console.error(`gen-docs: server/out/${f} is missing; run tsc -b (or node scripts/build.mjs) first`);
    process.exit(2);
  }
}
const { allRules, renderRulePage, renderRulesIndex } = require(join(out, 'engine/index.js'));

const check = process.argv.includes('--check');
const dirArg = process.argv.find((a) => a.startsWith('--docs-dir='));
const docsDir = dirArg ? dirArg.slice('--docs-dir='.length) : join(root, 'docs', 'rules');
const shown = dirArg ? `${docsDir}/` : 'docs/rules/';
const metas = allRules.map((r) => r.meta).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

const wanted = new Map(metas.map((m) => [`${m.id}.md`, renderRulePage(m)]));
wanted.set('README.md', renderRulesIndex(metas));

const problems = [];
let written = 0;
if (!check) mkdirSync(docsDir, { recursive: true });
for (const [name, text] of wanted) {
  const file = join(docsDir, name);
  const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (current === text) continue;
  if (check) problems.push(`${current === undefined ? 'missing' : 'out of date'}: ${shown}${name}`);
  else {
    writeFileSync(file, text);
    written++;
  }
}
// Pages of rules that no longer exist (only generated DPnnn.md pages are touched).
if (existsSync(docsDir)) {
  for (const name of readdirSync(docsDir)) {
    if (!/^DP\d{3}\.md$/.test(name) || wanted.has(name)) continue;
    if (check) problems.push(`stale: ${shown}${name}`);
    else {
      rmSync(join(docsDir, name));
      written++;
    }
  }
}
if (check) {
  if (problems.length) {
    for (const p of problems) console.error(`gen-docs: ${p}`);
    console.error('gen-docs: the rule docs are generated from the rule metadata: run `node scripts/gen-docs.mjs` (or `npm run build`) and commit docs/rules/');
    process.exit(1);
  }
  console.error(`gen-docs: docs/rules/ is up to date (${metas.length} rules)`);
} else {
  console.error(`gen-docs: ${metas.length} rules, ${written} file${written === 1 ? '' : 's'} updated in docs/rules/`);
}
