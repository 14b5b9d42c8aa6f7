/**
 * The rule API and the rule tester themselves: defineRule rejects bad metadata, and the tester
 * fails a table that does not match what the rule does (each of its checks, one at a time), with
 * a fake rule whose behaviour each test chooses.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { code, defineRule, metaProblems, type RuleDefinition } from '../engine/rules/rule';
import { checkExamples, checkInvalid, checkValid, tableProblems, type InvalidCase } from '../engine/rules/tester';
import type { FixOp } from '../engine/fixes/ops';
import type { PolicyDocument, Statement } from '../engine/model/model';
import type { Format } from '../engine/types';
import type { VNode } from '../engine/value';

const BAD = '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}\n';
const GOOD = '{"Statement": [{"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"}]}\n';
const MESSAGE = 'This statement allows.';

const META: RuleDefinition['meta'] = {
  id: 'DP199',
  name: 'allow-statement',
  category: 'mfa',
  defaultSeverity: 'warning',
  summary: 'A policy statement has the effect Allow.',
  description: 'A rule for the tester\'s own tests.',
  fix: 'safe',
  formats: ['iam-json'],
  examples: [{ title: 'Allow', format: 'iam-json', fileName: 'p.json', bad: BAD, good: GOOD }],
};

interface Behaviour {
  meta?: Partial<RuleDefinition['meta']>;
  /**
   * The fix: `Deny` written over `Allow`; `Allow` written again (`same`); `Deny` and a new Allow
   * statement (`more`); an edit that breaks the file (`broken`: a string written over a whole
   * `"Effect": "Allow"` entry, as a faulty renderer could). Undefined: no fix.
   */
  fix?: 'deny' | 'same' | 'more' | 'broken';
  applicability?: 'safe' | 'unsafe';
  throws?: boolean;
}

/** The fix operations of a behaviour, for the statement `s` of `doc`. */
function fixOps(b: Behaviour, doc: PolicyDocument, s: Statement): FixOp[] {
  const node = s.effect.state === 'literal' ? s.effect.node : s.node;
  const deny: FixOp = { op: 'replaceInString', file: doc.file, node, start: 0, end: 5, text: 'Deny' };
  switch (b.fix) {
    case 'same':
      return [{ ...deny, text: 'Allow' }];
    case 'more':
      return [deny, { op: 'insertStatement', policy: doc, statement: { Effect: 'Allow' } }];
    case 'broken': {
      const key = s.node.kind === 'object' ? s.node.entries.find((e) => e.value === node) : undefined;
      return [{ ...deny, node: { ...node, span: { start: key?.keySpan.start ?? node.span.start, end: node.span.end } } as VNode }];
    }
    default:
      return [deny];
  }
}

/** A rule that reports every literal `Allow` effect, with a fix as `b` says. */
function fakeRule(b: Behaviour = { fix: 'deny' }) {
  return defineRule({
    meta: { ...META, ...b.meta },
    check(ctx) {
      if (b.throws) throw new Error('boom');
      for (const doc of ctx.model.policies)
        for (const s of doc.statements) {
          if (s.effect.state !== 'literal' || s.effect.value !== 'Allow') continue;
          const span = s.effect.span;
          ctx.report({
            file: doc.file,
            span,
            message: MESSAGE,
            fixes: () => (b.fix === undefined ? [] : [{ title: 'Deny instead', applicability: b.applicability ?? 'safe', ops: fixOps(b, doc, s) }]),
          });
        }
    },
  });
}

const invalid = (o: Partial<InvalidCase> = {}): InvalidCase => ({
  name: 'allow',
  format: 'iam-json',
  code: BAD,
  errors: [{ at: '"Allow"', message: MESSAGE, fixes: [GOOD] }],
  ...o,
});

describe('defineRule', () => {
  test('accepts good metadata and derives the docs URL', () => {
    const r = fakeRule();
    assert.equal(r.meta.docsUrl, 'https://github.com/awsdp/aws-data-protection/blob/main/docs/rules/DP199.md');
    assert.deepEqual(metaProblems(META), []);
  });

  test('names every problem of bad metadata at once', () => {
    const bad = {
      ...META,
      id: 'DP299',
      name: 'Allow_Statement',
      summary: 'Two sentences. Here is the second.',
      fix: 'maybe' as 'safe',
      formats: ['iam-json', 'terraform'] as Format[],
      examples: [{ title: 'x', format: 'cloudformation' as Format, fileName: 't.yaml', bad: 'a', good: '' }],
    };
    assert.deepEqual(metaProblems(bad), [
      'id DP299 does not match category mfa (expected DP1xx)',
      'name "Allow_Statement" is not kebab-case',
      'summary is not one sentence (a capital first, a full stop last, none in between)',
      'fix "maybe" is not one of safe, unsafe, none',
      'example 1 (x) is in format cloudformation, which the rule does not declare',
      'example 1 (x) has no good code',
      'no docs example for format iam-json',
      'no docs example for format terraform',
    ]);
    assert.throws(() => defineRule({ meta: bad, check() {} }), /^Error: defineRule\(DP299\): id DP299 does not match category mfa .*; no docs example for format terraform$/);
  });

  test('ids, categories, formats and severities', () => {
    assert.deepEqual(metaProblems({ ...META, id: 'DP1000' }), ['id "DP1000" is not DP followed by three digits']);
    assert.deepEqual(metaProblems({ ...META, id: 'DP501', category: 'sensitive-data' }), []);
    assert.deepEqual(metaProblems({ ...META, id: 'DP401', category: 'tls-version' }), ['id DP401 does not match category tls-version (expected DP3xx)']);
    assert.deepEqual(metaProblems({ ...META, formats: [] }), ['formats is empty', 'example 1 (Allow) is in format iam-json, which the rule does not declare']);
    assert.deepEqual(metaProblems({ ...META, formats: ['iam-json', 'iam-json'] }), ['formats lists a format twice']);
    assert.deepEqual(metaProblems({ ...META, defaultSeverity: 'fatal' as 'error' }), ['defaultSeverity "fatal" is not one of error, warning, info']);
    assert.deepEqual(metaProblems({ ...META, examples: [] }), ['no docs example for format iam-json']);
    assert.deepEqual(metaProblems({ ...META, examples: [{ ...META.examples[0], good: BAD }] }), ['example 1 (Allow): bad and good are the same']);
  });

  test('code`...` removes the first line break and the common indentation', () => {
    const v = 'x';
    assert.equal(
      code`
        a {
          b = "\${${v}}"
        }
      `,
      'a {\n  b = "${x}"\n}\n',
    );
    assert.equal(code`one line`, 'one line\n');
  });
});

describe('rule tester', () => {
  test('a table that matches the rule passes', async () => {
    const r = fakeRule();
    await checkInvalid(r, invalid());
    await checkValid(r, { name: 'deny', format: 'iam-json', code: GOOD });
    await checkExamples(r);
  });

  test('a valid case with a finding fails', async () => {
    await assert.rejects(checkValid(fakeRule(), { name: 'x', format: 'iam-json', code: BAD }), /valid case "x": expected no finding of DP199/);
  });

  test('the exact message and the exact text pointed at', async () => {
    const r = fakeRule();
    await assert.rejects(checkInvalid(r, invalid({ errors: [{ at: '"Allow"', message: 'This statement allows', fixes: [GOOD] }] })), /the findings \(text pointed at, message\)/);
    await assert.rejects(checkInvalid(r, invalid({ errors: [{ at: 'Allow', message: MESSAGE, fixes: [GOOD] }] })), /the findings/);
    await assert.rejects(checkInvalid(r, invalid({ errors: [{ at: '"Allow"', message: MESSAGE, fixes: [GOOD] }, { at: '"Allow"', message: MESSAGE }] })), /the findings/);
  });

  test('the format the case names', async () => {
    await assert.rejects(checkInvalid(fakeRule(), invalid({ format: 'cloudformation', file: 'p.json' })), /detected as iam-json, not cloudformation/);
    await assert.rejects(checkValid(fakeRule(), { name: 'x', file: 'notes.txt', code: BAD }), /was not recognised/);
  });

  test('every fix: output, title, applicability as declared', async () => {
    const r = fakeRule();
    await assert.rejects(checkInvalid(r, invalid({ errors: [{ at: '"Allow"', message: MESSAGE }] })), /the output of every fix/);
    await assert.rejects(checkInvalid(r, invalid({ errors: [{ at: '"Allow"', message: MESSAGE, fixes: [GOOD.replace('Deny', 'Deny ')] }] })), /the output of every fix/);
    await assert.rejects(checkInvalid(r, invalid({ errors: [{ at: '"Allow"', message: MESSAGE, fixes: [{ output: GOOD, title: 'Other' }] }] })), /title/);
    await checkInvalid(r, invalid({ errors: [{ at: '"Allow"', message: MESSAGE, fixes: [{ output: GOOD, title: 'Deny instead' }] }] }));
    await assert.rejects(checkInvalid(fakeRule({ fix: 'deny', applicability: 'unsafe' }), invalid()), /applicability must be what meta.fix declares/);
    await assert.rejects(checkInvalid(fakeRule({ fix: 'deny', meta: { fix: 'unsafe' } }), invalid()), /applicability must be what meta.fix declares/);
    await assert.rejects(checkInvalid(fakeRule({ fix: 'deny', meta: { fix: 'none' } }), invalid()), /declares fix: none but offers a fix/);
    await checkInvalid(fakeRule({ meta: { fix: 'none' } }), invalid({ errors: [{ at: '"Allow"', message: MESSAGE }] }));
  });

  test('the fixed file must parse and be free of the finding, with no new finding', async () => {
    const broken = BAD.replace('"Effect": "Allow"', '"Deny"');
    await assert.rejects(checkInvalid(fakeRule({ fix: 'broken' }), invalid({ errors: [{ at: '"Allow"', message: MESSAGE, fixes: [broken] }] })), /the fixed file must parse/);
    const same = BAD;
    await assert.rejects(checkInvalid(fakeRule({ fix: 'same' }), invalid({ errors: [{ at: '"Allow"', message: MESSAGE, fixes: [same] }] })), /the finding is still there/);
    const more = BAD.replace('"Allow"', '"Deny"').replace('"*"}', '"*"}, {"Effect": "Allow"}');
    await assert.rejects(
      checkInvalid(fakeRule({ fix: 'more' }), invalid({ errors: [{ at: '"Allow"', message: MESSAGE, fixes: [more] }] })),
      /the finding is still there/,
    );
  });

  test('two findings: each fix removes its own finding and leaves the other', async () => {
    const two = '{"Statement": [{"Effect": "Allow", "Action": "a:b", "Resource": "*"}, {"Effect": "Allow", "Action": "a:c", "Resource": "*"}]}\n';
    const first = two.replace('"Allow"', '"Deny"');
    const second = two.replace(/"Allow"(?!.*"Allow")/, '"Deny"');
    await checkInvalid(fakeRule(), invalid({ code: two, errors: [{ at: '"Allow"', message: MESSAGE, fixes: [first] }, { at: '"Allow"', message: MESSAGE, fixes: [second] }] }));
    await assert.rejects(checkInvalid(fakeRule(), invalid({ code: two, errors: [{ at: '"Allow"', message: MESSAGE, fixes: [first] }, { at: '"Allow"', message: MESSAGE, fixes: [first] }] })), /the output of every fix/);
  });

  test('findings only in the declared formats', async () => {
    const cfnOnly = fakeRule({
      fix: 'deny',
      meta: { formats: ['cloudformation'], examples: [{ title: 'x', format: 'cloudformation', fileName: 't.yaml', bad: 'Resources: {}\n', good: 'Resources: {}\n# ok\n' }] },
    });
    await assert.rejects(checkInvalid(cfnOnly, invalid()), /DP199 reported in iam-json, which it does not declare \(cloudformation\)/);
    await assert.rejects(checkValid(cfnOnly, { name: 'x', format: 'iam-json', code: BAD }), /which it does not declare/);
  });

  test('a rule that throws fails every case, valid ones included', async () => {
    await assert.rejects(checkValid(fakeRule({ throws: true }), { name: 'x', format: 'iam-json', code: GOOD }), /the rule must not fail/);
  });

  test('docs examples: bad needs a finding, good none', async () => {
    await assert.rejects(checkExamples(fakeRule({ fix: 'deny', meta: { examples: [{ ...META.examples[0], bad: GOOD, good: GOOD.replace('Deny', 'Deny ') }] } })), /\(bad\): expected a finding of DP199/);
    await assert.rejects(checkExamples(fakeRule({ fix: 'deny', meta: { examples: [{ ...META.examples[0], good: ' ' + BAD }] } })), /\(good\): expected no finding/);
    await assert.rejects(checkExamples(fakeRule({ fix: 'deny', meta: { examples: [{ ...META.examples[0], good: GOOD.replace('}]}', '}') }] } })), /\(good\): must parse/);
  });

  test('tables: duplicate names, cases without a format, invalid cases without findings', () => {
    assert.deepEqual(
      tableProblems({
        valid: [
          { name: 'a', format: 'iam-json', code: GOOD },
          { name: 'b', code: GOOD },
        ],
        invalid: [invalid({ name: 'a' }), invalid({ name: 'c', errors: [] })],
      }),
      ['case "b" has neither a format nor a file name', 'duplicate case name "a"', 'invalid case "c" expects no finding: make it a valid case'],
    );
  });
});
