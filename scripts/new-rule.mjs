#!/usr/bin/env node
// Scaffolds a rule: the rule module (defineRule, with a docs example per declared format to fill
// in), its entry in the registry (server/src/engine/rules/index.ts, in id order) and its test table
// (server/src/test/<id>.test.ts, run by `node scripts/run-tests.mjs <id>`). See README "Adding a rule".
//
//   node scripts/new-rule.mjs DP301 tls-policy-below-1-2 [--category tls-version]
//        [--formats cloudformation,terraform,terraform-json] [--fix safe|unsafe|none] [--severity error|warning|info]
//
// The category follows from the id's hundreds (1xx mfa, 2xx secure-transport, 3xx tls-version,
// 4xx fips-endpoint, 5xx sensitive-data); --category is checked against it. --root <dir> writes
// into another checkout (the tests use a copy). Nothing is written when an argument is wrong.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const CATEGORIES = ['mfa', 'secure-transport', 'tls-version', 'fips-endpoint', 'sensitive-data'];
const FORMATS = ['iam-json', 'cloudformation', 'terraform', 'terraform-json', 'aws-config'];

function fail(message) {
  console.error(`new-rule: ${message}`);
  console.error('usage: node scripts/new-rule.mjs DP301 kebab-case-name [--category c] [--formats f,g] [--fix safe|unsafe|none] [--severity error|warning|info]');
  process.exit(2);
}

function parseArgs(argv) {
  const positional = [];
  const opts = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) positional.push(a);
    else {
      const [k, inline] = a.slice(2).split('=', 2);
      const v = inline ?? argv[++i];
      if (v === undefined) fail(`--${k} needs a value`);
      opts[k] = v;
    }
  }
  for (const k of Object.keys(opts)) if (!['category', 'formats', 'fix', 'severity', 'root'].includes(k)) fail(`unknown option --${k}`);
  if (positional.length !== 2) fail('give the rule id and its name');
  return { id: positional[0], name: positional[1], opts };
}

const { id, name, opts } = parseArgs(process.argv.slice(2));
const root = resolve(opts.root ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
const m = /^DP([1-5])\d\d$/.exec(id);
if (!m) fail(`the id "${id}" is not DP followed by three digits, the first from 1 to 5`);
const category = CATEGORIES[Number(m[1]) - 1];
if (opts.category && opts.category !== category) fail(`${id} is in category ${category} (its hundreds), not ${opts.category}`);
if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) fail(`the name "${name}" is not kebab-case (say what is wrong: tls-policy-below-1-2)`);
const formats = (opts.formats ?? 'cloudformation,terraform,terraform-json').split(',').map((f) => f.trim()).filter(Boolean);
for (const f of formats) if (!FORMATS.includes(f)) fail(`unknown format "${f}" (one of ${FORMATS.join(', ')})`);
if (new Set(formats).size !== formats.length || formats.length === 0) fail('list each format once');
const fix = opts.fix ?? 'none';
if (!['safe', 'unsafe', 'none'].includes(fix)) fail(`--fix is safe, unsafe or none, not "${fix}"`);
const severity = opts.severity ?? 'error';
if (!['error', 'warning', 'info'].includes(severity)) fail(`--severity is error, warning or info, not "${severity}"`);

const rulesDir = join(root, 'server', 'src', 'engine', 'rules');
const testDir = join(root, 'server', 'src', 'test');
const registryFile = join(rulesDir, 'index.ts');
if (!existsSync(registryFile)) fail(`no rule registry at ${registryFile}`);
const lower = id.toLowerCase();
const moduleName = `${lower}-${name}`;
const ruleFile = join(rulesDir, `${moduleName}.ts`);
const tableFile = join(testDir, `${lower}.test.ts`);
const registry = readFileSync(registryFile, 'utf8');
const taken = readdirSync(rulesDir).find((f) => f.startsWith(`${lower}-`));
if (taken || new RegExp(`\\b${lower}\\b`).test(registry)) fail(`${id} exists already (${taken ? `server/src/engine/rules/${taken}` : 'in the registry'})`);
if (readdirSync(rulesDir).some((f) => f.replace(/\.(d\.ts|ts|js)$/, '').endsWith(`-${name}`))) fail(`a rule named ${name} exists already`);
if (existsSync(tableFile)) fail(`${tableFile} exists already`);

/** Placeholder docs examples, one per format: valid for defineRule, to be replaced by real ones. */
const EXAMPLES = {
  'iam-json': ['policy.json', (k) => `{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Sid": "Todo${k}", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}\n  ]\n}`],
  cloudformation: ['template.yaml', (k) => `Resources:\n  Todo:\n    Type: AWS::TODO::Resource\n    Properties:\n      # TODO: ${k === 'Bad' ? 'the setting the rule flags' : 'the compliant setting'}\n      Name: todo`],
  terraform: ['main.tf', (k) => `resource "aws_todo" "example" {\n  # TODO: ${k === 'Bad' ? 'the setting the rule flags' : 'the compliant setting'}\n  name = "todo"\n}`],
  'terraform-json': ['main.tf.json', (k) => `{\n  "resource": {\n    "aws_todo": {\n      "example": {"name": "todo-${k.toLowerCase()}"}\n    }\n  }\n}`],
  'aws-config': ['.aws/config', (k) => `[profile todo]\n# TODO: ${k === 'Bad' ? 'the setting the rule flags' : 'the compliant setting'}\nregion = us-east-1`],
};
const indent = (text, n) => text.split('\n').map((l) => (l ? ' '.repeat(n) + l : l)).join('\n');
const examples = formats
  .map((f) => {
    const [fileName, make] = EXAMPLES[f];
    return `      {
        title: 'TODO: what the example shows (${f})',
        format: '${f}',
        fileName: '${fileName}',
        bad: code\`
${indent(make('Bad'), 10)}
        \`,
        good: code\`
${indent(make('Good'), 10)}
        \`,
      },`;
  })
  .join('\n');

const ruleText = `import { code, defineRule } from './rule';

/**
 * ${id} ${name}. Rules ask the model for facts, never for syntax: settings across formats with
 * settingValues(ctx.model, '<setting>') (model/settings.ts; settings are named in
 * data/settings.json), policies with ctx.model.policies. Fixes are fix operations (fixes/ops.ts),
 * rendered by the engine in the file's own syntax.
 */
export const ${lower} = defineRule({
  meta: {
    id: '${id}',
    name: '${name}',
    category: '${category}',
    defaultSeverity: '${severity}',
    summary: 'TODO say in one sentence what the rule flags.',
    description: [
      'TODO: why it matters, what AWS says (with a link), what counts as compliant, and which values are never',
      'reported (only known at deploy time, defaults a deployment may override).',
    ].join('\\n'),
    fix: '${fix}',
    formats: [${formats.map((f) => `'${f}'`).join(', ')}],
    examples: [
${examples}
    ],
  },
  check(ctx) {
    // TODO: for each fact the rule is about, report the exact token and say why in one sentence:
    //   ctx.report({ file, span, message: '...', fixes: () => [{ title, applicability: '${fix === 'none' ? 'safe' : fix}', ops: [...] }] });
    void ctx;
  },
});
`;

const tableText = `import { ${lower} } from '../engine/rules/${moduleName}';
import { testRule } from '../engine/rules/tester';
import { corpus } from './fixtures';

// Run with: npx tsc -b && node scripts/run-tests.mjs ${lower}
// Each case: a format (or a file name) and the code; an invalid case lists every finding (the exact
// text it points at, the exact message) and every fix of each finding (the whole file after it).
// Write code with the code\`...\` tag of '../engine/rules/rule' (indented template literals); shared
// inputs go in server/src/test/fixtures/<format>/ (fixture('<format>/<file>') from './fixtures').
testRule(${lower}, {
  valid: [
    // { name: 'compliant', format: '${formats[0]}', code: code\`...\` },
  ],
  invalid: [
    // {
    //   name: 'non-compliant',
    //   format: '${formats[0]}',
    //   code: code\`...\`,
    //   errors: [{ at: 'the exact token', message: 'The exact message.', fixes: [code\`the whole file after the fix\`] }],
    // },
  ],
  corpus: corpus(),
});
`;

// The registry: an import and an entry, both in id order.
const importLine = `import { ${lower} } from './${moduleName}';`;
const lines = registry.split('\n');
const imports = lines.map((l, i) => [l, i]).filter(([l]) => /^import \{ dp\d{3} \} from '\.\/dp\d{3}-[a-z0-9-]+';$/.test(l));
const after = imports.filter(([l]) => l < importLine).pop();
const at = after ? after[1] + 1 : imports.length ? imports[0][1] : 0;
lines.splice(at, 0, importLine);
let updated = lines.join('\n');
const list = /(export const allRules: readonly Rule\[\] = \[)([^\]]*)(\];)/.exec(updated);
if (!list) fail('cannot find `export const allRules: readonly Rule[] = [...]` in the registry');
const ids = [...list[2].split(',').map((s) => s.trim()).filter(Boolean), lower].sort();
updated = updated.replace(list[0], `${list[1]}${ids.join(', ')}${list[3]}`);

writeFileSync(ruleFile, ruleText);
writeFileSync(tableFile, tableText);
writeFileSync(registryFile, updated);
const rel = (p) => p.slice(root.length + 1);
console.log(`new-rule: ${id} ${name} (${category}, ${formats.join(', ')}, fix ${fix})
  created  ${rel(ruleFile)}
  created  ${rel(tableFile)}
  updated  ${rel(registryFile)}
Next: write the check and the docs examples, fill the table, then
  npx tsc -b && node scripts/run-tests.mjs ${lower} rules.test
  node scripts/gen-docs.mjs    (docs/rules/${id}.md; commit it)`);
