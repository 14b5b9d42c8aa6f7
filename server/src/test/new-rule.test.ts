/**
 * scripts/new-rule.mjs, on a copy of the sources: it creates the rule module and its table,
 * registers the rule in id order, and what it writes type-checks and loads (defineRule accepts the
 * placeholder metadata); a wrong argument writes nothing. The copy is the compiled project
 * (server/out: declarations and JavaScript) with the registry's source, so that type-checking what
 * the script wrote does not type-check the whole engine again.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as ts from 'typescript';
import type { Rule } from '../engine/rules/rule';
import { metaProblems } from '../engine/rules/rule';
import { REPO } from './fixtures';

describe('scripts/new-rule.mjs', () => {
  let root: string;
  const rules = () => join(root, 'server', 'src', 'engine', 'rules');
  const newRule = (...args: string[]) => spawnSync(process.execPath, [join(REPO, 'scripts', 'new-rule.mjs'), ...args, '--root', root], { encoding: 'utf8' });
  /** An id of category `hundred` that no rule has (from the top: rule authors start at the bottom). */
  const freeId = (hundred: number) => {
    for (let n = hundred * 100 + 99; n > hundred * 100; n--) if (!readdirSync(rules()).some((f) => f.startsWith(`dp${n}-`))) return `DP${n}`;
    throw new Error(`no free id in DP${hundred}xx`);
  };
  const snapshot = () => readdirSync(rules()).sort().join(',') + readFileSync(join(rules(), 'index.ts'), 'utf8');

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'awsdp-new-rule-'));
    cpSync(join(REPO, 'server', 'out'), join(root, 'server', 'src'), { recursive: true, filter: (f) => !f.endsWith('.map') });
    cpSync(join(REPO, 'server', 'src', 'engine', 'rules', 'index.ts'), join(root, 'server', 'src', 'engine', 'rules', 'index.ts'));
    cpSync(join(REPO, 'tsconfig.base.json'), join(root, 'tsconfig.base.json'));
    symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'), 'dir');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  test('wrong arguments are refused and nothing is written', () => {
    const before = snapshot();
    const tls = freeId(3);
    const cases: [string[], RegExp][] = [
      [['DP201', 'anything-new'], /^new-rule: DP201 exists already \(server\/src\/engine\/rules\/dp201-/],
      [[tls, 'tls-too-old', '--category', 'mfa'], new RegExp(`^new-rule: ${tls} is in category tls-version \\(its hundreds\\), not mfa`)],
      [['DP601', 'x'], /^new-rule: the id "DP601" is not DP followed by three digits, the first from 1 to 5/],
      [[tls, 'Bad_Name'], /^new-rule: the name "Bad_Name" is not kebab-case/],
      [[tls, 'tls-too-old', '--formats', 'terraform,helm'], /^new-rule: unknown format "helm"/],
      [[tls, 'tls-too-old', '--fix', 'maybe'], /^new-rule: --fix is safe, unsafe or none/],
      [[tls, 'bucket-policy-without-secure-transport-deny'], /^new-rule: a rule named bucket-policy-without-secure-transport-deny exists already/],
    ];
    for (const [args, message] of cases) {
      const r = newRule(...args);
      assert.equal(r.status, 2, args.join(' '));
      assert.match(r.stderr, message);
    }
    assert.equal(snapshot(), before);
  });

  test('creates the module and the table, registers the rule in id order; it type-checks and loads', () => {
    const listed = (text: string) => /export const allRules: readonly Rule\[\] = \[([^\]]*)\];/.exec(text)![1].split(', ');
    const previous = listed(readFileSync(join(rules(), 'index.ts'), 'utf8'));
    const id = freeId(1);
    const lower = id.toLowerCase();
    const r = newRule(id, 'scaffold-test-rule', '--formats', 'iam-json,cloudformation,terraform,terraform-json', '--fix', 'unsafe', '--severity', 'warning');
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.stdout.includes(`created  server/src/engine/rules/${lower}-scaffold-test-rule.ts\n  created  server/src/test/${lower}.test.ts\n  updated  server/src/engine/rules/index.ts`), r.stdout);
    const registry = readFileSync(join(rules(), 'index.ts'), 'utf8');
    // In id order: the import before DP201's, the entry among the others.
    assert.ok(registry.indexOf(`import { ${lower} } from './${lower}-scaffold-test-rule';`) < registry.indexOf('import { dp201 }'), registry);
    assert.deepEqual(listed(registry), [...previous, lower].sort());
    const table = readFileSync(join(root, 'server', 'src', 'test', `${lower}.test.ts`), 'utf8');
    assert.ok(table.startsWith(`import { ${lower} } from '../engine/rules/${lower}-scaffold-test-rule';\n`), table);
    assert.ok(table.includes(`testRule(${lower}, {`), table);

    // What it wrote compiles with the project's settings, next to the real sources.
    const base = ts.readConfigFile(join(REPO, 'tsconfig.base.json'), ts.sys.readFile).config;
    const { options } = ts.convertCompilerOptionsFromJson({ ...base.compilerOptions, composite: false, declaration: false, sourceMap: false, types: ['node'] }, root);
    const program = ts.createProgram([join(rules(), 'index.ts'), join(rules(), `${lower}-scaffold-test-rule.ts`), join(root, 'server', 'src', 'test', `${lower}.test.ts`)], options);
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    assert.deepEqual(diagnostics, []);
    assert.equal(program.emit().emitSkipped, false);
    // It loads: defineRule accepts the placeholder metadata, with an example per declared format.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { allRules } = require(join(rules(), 'index.js')) as { allRules: Rule[] };
    const rule = allRules.find((x) => x.meta.id === id)!;
    assert.deepEqual(metaProblems(rule.meta), []);
    assert.deepEqual(
      { category: rule.meta.category, fix: rule.meta.fix, severity: rule.meta.defaultSeverity, formats: rule.meta.examples.map((e) => e.format) },
      { category: 'mfa', fix: 'unsafe', severity: 'warning', formats: ['iam-json', 'cloudformation', 'terraform', 'terraform-json'] },
    );
    assert.deepEqual(allRules.map((x) => x.meta.id.toLowerCase()), [...previous, lower].sort());
    // A second rule with the same id is refused now.
    assert.match(newRule(id, 'other-name').stderr, new RegExp(`${id} exists already`));
  });
});
