// Fills the generated parts of the extension README (docs/extension/README.md, the page the .vsix and
// the Marketplace show) between <!-- gen:NAME --> and <!-- /gen:NAME --> markers:
//   rules     what it finds, per category, from the rule metadata (server/out/engine/index.js)
//   settings  from package.json contributes.configuration
//   commands  from package.json contributes.commands
// so the listing never promises a rule, a setting or a command that is not built. Runs in
// scripts/build.mjs like gen-docs.
//
//   node scripts/gen-extension-readme.mjs          rewrite the generated parts
//   node scripts/gen-extension-readme.mjs --check  exit 1 if they are out of date (npm test, CI)
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const file = join(root, 'docs', 'extension', 'README.md');
const engine = join(root, 'server', 'out', 'engine', 'index.js');
if (!existsSync(engine)) {
  console.error('gen-extension-readme: server/out/engine/index.js is missing; run tsc -b (or node scripts/build.mjs) first');
  process.exit(2);
}
const { allRules, CATEGORY_TITLES, FIX_LABEL, mdCell, oneLine } = require(engine);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

function rulesSection() {
  const metas = allRules.map((r) => r.meta).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const out = [];
  const cats = Object.keys(CATEGORY_TITLES).filter((c) => metas.some((m) => m.category === c));
  for (const c of [...cats, ...new Set(metas.map((m) => m.category).filter((x) => !cats.includes(x)))]) {
    out.push(`### ${CATEGORY_TITLES[c] ?? c}`, '');
    for (const m of metas.filter((x) => x.category === c)) {
      const fix = m.fix === 'none' ? '' : ` *(${FIX_LABEL[m.fix]})*`;
      out.push(`- [${m.id}](${m.docsUrl}) \`${m.name}\` — ${oneLine(m.summary)}${fix}`);
    }
    out.push('');
  }
  out.push(`${metas.length} rules. *${FIX_LABEL.safe}*: a quick fix that changes only what the finding is about; *${FIX_LABEL.unsafe}*: a quick fix to review before you keep it (it can change what the policy allows).`);
  return out.join('\n');
}

function settingsSection() {
  const props = Object.entries(pkg.contributes?.configuration?.properties ?? {});
  if (!props.length) return 'No settings.';
  const out = ['| Setting | Default | Description |', '|---|---|---|'];
  for (const [key, p] of props) {
    const def = p.default === undefined ? '' : `\`${JSON.stringify(p.default)}\``;
    const desc = oneLine(p.markdownDescription ?? p.description ?? '') + (p.enum ? ` One of ${p.enum.map((e) => `\`${e}\``).join(', ')}.` : '');
    out.push(`| \`${key}\` | ${def} | ${mdCell(desc)} |`);
  }
  return out.join('\n');
}

function commandsSection() {
  const cmds = pkg.contributes?.commands ?? [];
  if (!cmds.length) return 'No commands.';
  return cmds.map((c) => `- **${c.category ? `${c.category}: ` : ''}${c.title}** (\`${c.command}\`)`).join('\n');
}

const sections = { rules: rulesSection(), settings: settingsSection(), commands: commandsSection() };
const current = readFileSync(file, 'utf8');
let next = current;
for (const [name, body] of Object.entries(sections)) {
  const re = new RegExp(`(<!-- gen:${name} -->)[\\s\\S]*?(<!-- /gen:${name} -->)`);
  if (!re.test(next)) {
    console.error(`gen-extension-readme: docs/extension/README.md has no <!-- gen:${name} --> … <!-- /gen:${name} --> markers`);
    process.exit(1);
  }
  next = next.replace(re, (_m, a, b) => `${a}\n${body}\n${b}`);
}
if (process.argv.includes('--check')) {
  if (next !== current) {
    console.error('gen-extension-readme: docs/extension/README.md is out of date (rules, settings or commands changed): run `node scripts/gen-extension-readme.mjs` (or `npm run build`) and commit it');
    process.exit(1);
  }
} else if (next !== current) {
  writeFileSync(file, next);
  console.error('gen-extension-readme: docs/extension/README.md updated');
}
