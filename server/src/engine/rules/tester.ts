/**
 * The rule tester, for `node:test`: a rule and a table of cases in, one test per case out.
 *
 *     testRule(dp201, {
 *       valid: [{ name: 'full deny', format: 'iam-json', code: code`...` }],
 *       invalid: [{
 *         name: 'no deny', format: 'iam-json', code: code`...`,
 *         errors: [{ at: '"Statement"', message: 'This bucket policy does not deny ...', fixes: [code`...`] }],
 *       }],
 *     });
 *
 * It runs the engine with this rule only, through the engine's entry module (engine/index.ts), and checks:
 * - the metadata (see metaProblems) and the table (unique case names, invalid cases expect findings);
 * - per case: the detected format (the case's `format`, or the format of its `file` name), no
 *   internal error (a rule that throws), findings only in the rule's declared formats;
 * - valid cases: no finding of the rule;
 * - invalid cases: exactly the listed findings, in file order, each with the exact text it points at
 *   and the exact message; every fix of every finding, in order: its output text, its
 *   applicability equal to `meta.fix` (a rule that declares `none` offers no fix), edits only in
 *   the case's file (or the one module file the expected fix names) and not overlapping; the fixed file parses without parse-error notices, the
 *   finding is gone and the fix brings no new finding of the rule;
 * - every docs example of the rule: `bad` has at least one finding, `good` none, both parse and
 *   are detected as the example's format;
 * - optionally a corpus (the shared fixtures): the rule never throws and reports only in its
 *   declared formats.
 *
 * The check functions throw assertion errors and can be called alone; `testRule` wraps them in tests.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createEngine, parseConfig, type Engine, type FileResult, type Finding, type Format, type Severity, type SourceFile, type TextEdit } from '../index';
import { docsUrl, metaProblems, type Rule } from './rule';

/** The file name a case gets from its format when it names none. */
export const DEFAULT_FILE: Record<Format, string> = {
  'iam-json': 'policy.json',
  cloudformation: 'template.yaml',
  terraform: 'main.tf',
  'terraform-json': 'main.tf.json',
  'aws-config': '.aws/config',
};

export interface RuleCase {
  /** Unique in the table. */
  name: string;
  /** The format the file must be detected as. The file name defaults to DEFAULT_FILE[format]. */
  format?: Format;
  /** The file name (its extension and content decide the format, as in a scan). */
  file?: string;
  /** The file's text (see `code` in rule.ts for indented template literals). */
  code: string;
  /** Other files of the same Terraform module: path (beside `file`) → text. */
  module?: Record<string, string>;
  /** The text of a `.awsdp.yaml` to analyse with (e.g. `fips: required\n`); default: no configuration. */
  config?: string;
}

/**
 * A fix: the whole file after applying it; with a title, the fix's title is checked too. With
 * `file` (a file of the case's `module`), the fix edits that file and `output` is its text after.
 */
export type ExpectedFix = string | { output: string; title?: string; file?: string };

export interface ExpectedFinding {
  /** The exact source text the finding points at. */
  at: string;
  /** The exact message (after the engine's redaction). */
  message: string;
  /** The finding's severity; defaults to the rule's `defaultSeverity`. */
  severity?: Severity;
  /** When given: the finding's related locations (text pointed at in the case's file, message). */
  related?: { at: string; message: string }[];
  /** Every fix of the finding, in order; omitted or empty: the finding has no fix. */
  fixes?: ExpectedFix[];
}

export interface InvalidCase extends RuleCase {
  /** Every finding of the rule in the file, in file order. */
  errors: ExpectedFinding[];
}

export interface RuleTable {
  valid: RuleCase[];
  invalid: InvalidCase[];
  /** Files the rule runs over to check it never throws and reports only in its declared formats. */
  corpus?: SourceFile[];
}

const engines = new WeakMap<Rule, Promise<Engine>>();

/** An engine that runs only this rule. */
function engineFor(rule: Rule): Promise<Engine> {
  let e = engines.get(rule);
  if (!e) engines.set(rule, (e = createEngine({ rules: [rule] })));
  return e;
}

function dirOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i + 1);
}

async function lint(rule: Rule, path: string, text: string, module: Record<string, string> = {}, config?: string): Promise<FileResult> {
  const e = await engineFor(rule);
  const siblings = Object.entries(module).map(([p, t]) => ({ path: dirOf(path) + p, text: t }));
  return e.analyzeDocument({ path, text }, siblings, config === undefined ? {} : { config: parseConfig(config) });
}

function pathOf(c: RuleCase): string {
  if (c.file) return c.file;
  if (c.format) return DEFAULT_FILE[c.format];
  throw new Error(`case "${c.name}": give a format or a file name`);
}

function own(rule: Rule, r: FileResult): Finding[] {
  return r.findings.filter((f) => f.ruleId === rule.meta.id);
}

function show(text: string, f: Finding): string {
  return `${JSON.stringify(text.slice(f.span.start, f.span.end))}: ${f.message}`;
}

/** Format, internal errors and declared formats: what every linted file must satisfy. */
function checkFile(rule: Rule, r: FileResult, text: string, expectFormat: Format | undefined, what: string): Finding[] {
  assert.ok(r.format, `${what}: the file was not recognised as any format (name it, or give the case a format)`);
  if (expectFormat) assert.equal(r.format, expectFormat, `${what}: detected as ${r.format}, not ${expectFormat}`);
  const internal = r.notices.filter((n) => n.kind === 'internal' || n.kind === 'limit').map((n) => n.message);
  assert.deepEqual(internal, [], `${what}: the rule must not fail or run out of budget`);
  const mine = own(rule, r);
  if (mine.length) assert.ok(rule.meta.formats.includes(r.format), `${what}: ${rule.meta.id} reported in ${r.format}, which it does not declare (${rule.meta.formats.join(', ')}): ${mine.map((f) => show(text, f)).join('; ')}`);
  return mine;
}

function parseErrors(r: FileResult): string[] {
  return r.notices.filter((n) => n.kind === 'parse-error').map((n) => n.message);
}

/** Applies the edits of one fix to a file's text; they must be in this file and must not overlap. */
export function applyFix(text: string, path: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start);
  for (const [i, e] of sorted.entries()) {
    assert.ok(e.file === undefined || e.file === path, `an edit of the fix is in another file (${e.file})`);
    assert.ok(0 <= e.span.start && e.span.start <= e.span.end && e.span.end <= text.length, `an edit of the fix is outside the file: ${JSON.stringify(e.span)}`);
    if (i > 0) assert.ok(e.span.end <= sorted[i - 1].span.start, 'edits of the fix overlap');
  }
  for (const e of sorted) text = text.slice(0, e.span.start) + e.newText + text.slice(e.span.end);
  return text;
}

/** The problems of a table, one sentence each: duplicate or empty names, invalid cases without findings. */
export function tableProblems(table: RuleTable): string[] {
  const p: string[] = [];
  const seen = new Set<string>();
  for (const c of [...table.valid, ...table.invalid]) {
    if (!c.name?.trim()) p.push('a case has no name');
    else if (seen.has(c.name)) p.push(`duplicate case name "${c.name}"`);
    seen.add(c.name);
    if (!c.format && !c.file) p.push(`case "${c.name}" has neither a format nor a file name`);
  }
  for (const c of table.invalid) if (!c.errors?.length) p.push(`invalid case "${c.name}" expects no finding: make it a valid case`);
  return p;
}

export async function checkValid(rule: Rule, c: RuleCase): Promise<void> {
  const path = pathOf(c);
  const r = await lint(rule, path, c.code, c.module, c.config);
  const mine = checkFile(rule, r, c.code, c.format, `valid case "${c.name}"`);
  assert.deepEqual(mine.map((f) => show(c.code, f)), [], `valid case "${c.name}": expected no finding of ${rule.meta.id}`);
}

/** A finding's identity that survives edits elsewhere in the file: its text and message. */
const keyOf = (text: string, f: Finding) => show(text, f);

export async function checkInvalid(rule: Rule, c: InvalidCase): Promise<void> {
  const path = pathOf(c);
  const what = `invalid case "${c.name}"`;
  const r = await lint(rule, path, c.code, c.module, c.config);
  const mine = checkFile(rule, r, c.code, c.format, what);
  assert.deepEqual(
    mine.map((f) => ({ at: c.code.slice(f.span.start, f.span.end), message: f.message })),
    c.errors.map((e) => ({ at: e.at, message: e.message })),
    `${what}: the findings (text pointed at, message)`,
  );
  const { meta } = rule;
  const before = mine.map((f) => keyOf(c.code, f));
  for (const [i, f] of mine.entries()) {
    const which = `${what}, finding ${i + 1} (${JSON.stringify(c.errors[i].at)})`;
    assert.deepEqual(
      { ruleName: f.ruleName, category: f.category, severity: f.severity, docsUrl: f.docsUrl },
      { ruleName: meta.name, category: meta.category, severity: c.errors[i].severity ?? meta.defaultSeverity, docsUrl: docsUrl(meta) },
      `${which}: finding metadata`,
    );
    const related = c.errors[i].related;
    if (related) assert.deepEqual((f.related ?? []).map((x) => ({ at: c.code.slice(x.span.start, x.span.end), message: x.message })), related, `${which}: related locations`);
    const expected = (c.errors[i].fixes ?? []).map((x): { output: string; title?: string; file?: string } => (typeof x === 'string' ? { output: x } : x));
    // A fix may edit another file of the module (a bucket policy beside its bucket): `file` names it.
    const target = (j: number) => expected[j]?.file;
    const outputs = f.fixes.map((fix, j) => {
      const other = target(j);
      if (other === undefined) return applyFix(c.code, path, fix.edits);
      const text = c.module?.[other];
      assert.ok(text !== undefined, `${which}: fix ${j + 1} names ${other}, which is not a file of the case's module`);
      return applyFix(text, dirOf(path) + other, fix.edits);
    });
    assert.deepEqual(outputs, expected.map((x) => x.output), `${which}: the output of every fix`);
    for (const [j, fix] of f.fixes.entries()) {
      const fixWhat = `${which}, fix ${j + 1} (${fix.title})`;
      const want = expected[j];
      if (want.title !== undefined) assert.equal(fix.title, want.title, `${fixWhat}: title`);
      assert.notEqual(meta.fix, 'none', `${fixWhat}: ${meta.id} declares fix: none but offers a fix`);
      assert.equal(fix.applicability, meta.fix, `${fixWhat}: applicability must be what meta.fix declares`);
      const other = target(j);
      const fixed = other === undefined ? outputs[j] : c.code;
      const again = await lint(rule, path, fixed, other === undefined ? c.module : { ...c.module, [other]: outputs[j] }, c.config);
      assert.deepEqual(parseErrors(again), [], `${fixWhat}: the fixed file must parse`);
      const after = checkFile(rule, again, fixed, c.format, `${fixWhat}, fixed file`);
      // What is left must be the other findings (or fewer): this one is gone, nothing new appears.
      const left = [...before];
      left.splice(i, 1);
      for (const g of after) {
        const k = keyOf(fixed, g);
        const at = left.indexOf(k);
        assert.ok(at >= 0, `${fixWhat}: after the fix, ${k === before[i] ? 'the finding is still there' : 'a new finding appears'}: ${k}`);
        left.splice(at, 1);
      }
    }
  }
}

/** Every docs example of the rule: `bad` has a finding of the rule, `good` none; both parse. */
export async function checkExamples(rule: Rule): Promise<void> {
  assert.ok(rule.meta.examples.length > 0, `${rule.meta.id} has no docs example`);
  for (const ex of rule.meta.examples) {
    for (const kind of ['bad', 'good'] as const) {
      const text = ex[kind];
      const what = `${rule.meta.id} docs example "${ex.title}" (${kind})`;
      const r = await lint(rule, ex.fileName, text);
      const mine = checkFile(rule, r, text, ex.format, what);
      assert.deepEqual(parseErrors(r), [], `${what}: must parse`);
      if (kind === 'bad') assert.ok(mine.length > 0, `${what}: expected a finding of ${rule.meta.id}`);
      else assert.deepEqual(mine.map((f) => show(text, f)), [], `${what}: expected no finding of ${rule.meta.id}`);
    }
  }
}

/** The rule over many files: it never throws and reports only in its declared formats. */
export async function checkCorpus(rule: Rule, files: SourceFile[]): Promise<void> {
  for (const f of files) {
    const r = await lint(rule, f.path, f.text);
    if (!r.format) continue;
    checkFile(rule, r, f.text, undefined, f.path);
  }
}

/** Registers the rule's tests with node:test: metadata, table, every case, docs examples, corpus. */
export function testRule(rule: Rule, table: RuleTable): void {
  describe(`${rule.meta.id} ${rule.meta.name}`, () => {
    test('metadata', () => assert.deepEqual(metaProblems(rule.meta), []));
    test('table', () => assert.deepEqual(tableProblems(table), []));
    for (const c of table.valid) test(`valid: ${c.name}`, () => checkValid(rule, c));
    for (const c of table.invalid) test(`invalid: ${c.name}`, () => checkInvalid(rule, c));
    test('docs examples', () => checkExamples(rule));
    const corpus = table.corpus;
    if (corpus) test(`corpus: ${corpus.length} files, findings only in ${rule.meta.formats.join(', ')}`, () => checkCorpus(rule, corpus));
  });
}
