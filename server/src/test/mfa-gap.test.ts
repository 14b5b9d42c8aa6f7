/**
 * An Allow whose MFA condition does not require MFA (`Bool` = "false", `BoolIfExists` = "true"...)
 * gets two complementary findings: DP101 on the condition's token (what is wrong, with the fix that
 * rewrites it) and DP102/DP103 on the policy (what it means: who gets in without MFA), which points
 * at the condition and offers no second fix. Applying DP101's fix clears both, in every format.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createEngine, type Engine, type Finding } from '../engine/index';
import type { Condition, Statement } from '../engine/model/model';
import { dp101 } from '../engine/rules/dp101-ineffective-mfa-condition';
import { dp102 } from '../engine/rules/dp102-sensitive-actions-without-mfa';
import { dp103 } from '../engine/rules/dp103-role-trust-without-mfa';
import { gapReason, mfaGap } from '../engine/rules/lib/mfa';
import { code } from '../engine/rules/rule';
import { applyFix } from '../engine/rules/tester';

// ---------------------------------------------------------------------------------------------
// mfaGap: which requests without MFA an Allow's MFA conditions let through (AWS semantics)

const span = { start: 0, end: 0 };

function condition(operator: string, key: string, values: string[]): Condition {
  const m = /^(?:(ForAllValues|ForAnyValue):)?(.*?)(IfExists)?$/.exec(operator)!;
  return {
    operator,
    operatorSpan: span,
    baseOperator: m[2],
    ifExists: !!m[3],
    qualifier: m[1] as Condition['qualifier'],
    key,
    keySpan: span,
    values: values.map((value) => ({ state: 'literal', value, span }) as Condition['values'][number]),
    valuesSpan: span,
  };
}

const statement = (...conditions: Condition[]) => ({ conditions }) as unknown as Statement;
const P = 'aws:MultiFactorAuthPresent';
const AGE = 'aws:MultiFactorAuthAge';

test('mfaGap: conditions that require MFA leave no gap', () => {
  const working: [string, Condition[]][] = [
    ['Bool true', [condition('Bool', P, ['true'])]],
    ['ForAnyValue:Bool true (a missing key does not match)', [condition('ForAnyValue:Bool', P, ['true'])]],
    ['NumericLessThan on the age', [condition('NumericLessThan', AGE, ['3600'])]],
    ['NumericGreaterThan on the age (the key must be there)', [condition('NumericGreaterThan', AGE, ['60'])]],
    ['Null false on the age (MFA was used)', [condition('Null', AGE, ['false'])]],
    ['BoolIfExists true AND NumericLessThan age', [condition('BoolIfExists', P, ['true']), condition('NumericLessThan', AGE, ['3600'])]],
    ['StringEquals "true" (compared as text)', [condition('StringEquals', P, ['true'])]],
    ['a value that never matches', [condition('Bool', P, ['yes'])]],
  ];
  for (const [what, cs] of working) assert.equal(mfaGap(statement(...cs)), undefined, what);
});

test('mfaGap: conditions that do not require MFA, with the requests they let through', () => {
  const gaps: [string, Condition[], { keys: boolean; sessions: boolean; withMfa: boolean }, string][] = [
    ['Bool false', [condition('Bool', P, ['false'])], { keys: false, sessions: true, withMfa: false }, 'requires the absence of MFA'],
    ['BoolIfExists false', [condition('BoolIfExists', P, ['false'])], { keys: true, sessions: true, withMfa: false }, 'requires the absence of MFA'],
    ['Null true', [condition('Null', P, ['true'])], { keys: true, sessions: false, withMfa: false }, 'requires the absence of MFA'],
    ['BoolIfExists true', [condition('BoolIfExists', P, ['true'])], { keys: true, sessions: false, withMfa: true }, 'long-term access keys'],
    ['ForAllValues:Bool true', [condition('ForAllValues:Bool', P, ['true'])], { keys: true, sessions: false, withMfa: true }, 'long-term access keys'],
    ['StringNotEquals "false" (a negated operator matches a missing key)', [condition('StringNotEquals', P, ['false'])], { keys: true, sessions: false, withMfa: true }, 'long-term access keys'],
    ['Null false', [condition('Null', P, ['false'])], { keys: false, sessions: true, withMfa: true }, 'console and temporary sessions'],
    ['Bool with both values', [condition('Bool', P, ['true', 'false'])], { keys: false, sessions: true, withMfa: true }, 'console and temporary sessions'],
    ['NumericLessThanIfExists on the age', [condition('NumericLessThanIfExists', AGE, ['3600'])], { keys: true, sessions: true, withMfa: true }, 'matches requests made without MFA'],
    ['Null true on the age', [condition('Null', AGE, ['true'])], { keys: true, sessions: true, withMfa: false }, 'requires the absence of MFA'],
  ];
  for (const [what, cs, want, reason] of gaps) {
    const gap = mfaGap(statement(...cs));
    assert.ok(gap, `${what}: a gap`);
    assert.deepEqual({ keys: gap.keys, sessions: gap.sessions, withMfa: gap.withMfa }, want, what);
    assert.ok(gapReason(gap).includes(reason), `${what}: ${gapReason(gap)}`);
  }
  const none = mfaGap(statement());
  assert.deepEqual(none && { n: none.conditions.length, keys: none.keys, sessions: none.sessions }, { n: 0, keys: true, sessions: true }, 'no MFA condition at all');
});

test('mfaGap: a value known only at deploy time gets the benefit of the doubt', () => {
  const unknown = condition('Bool', P, ['true']);
  unknown.values = [{ state: 'unknown', span } as unknown as Condition['values'][number]];
  assert.equal(mfaGap(statement(unknown)), undefined);
});

// ---------------------------------------------------------------------------------------------
// DP101 and DP102/DP103 together, in every format

let engine: Promise<Engine> | undefined;
const lint = async (path: string, text: string): Promise<Finding[]> => {
  engine ??= createEngine({ rules: [dp101, dp102, dp103] });
  const r = await (await engine).analyzeDocument({ path, text }, []);
  return r.findings.filter((f) => /^DP10[123]$/.test(f.ruleId));
};

const TRUST_JSON = (condition: string) => code`
  {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole", "Condition": ${condition}}]
  }
`;

const cases: { name: string; path: string; text: string; rule: 'DP102' | 'DP103' }[] = [
  { name: 'policy JSON trust policy, Bool false', path: 'trust.json', text: TRUST_JSON('{"Bool": {"aws:MultiFactorAuthPresent": "false"}}'), rule: 'DP103' },
  {
    name: 'CloudFormation JSON trust policy, Bool false',
    path: 'template.json',
    text: code`
      {
        "Resources": {
          "RootRole": {
            "Type": "AWS::IAM::Role",
            "Properties": {
              "AssumeRolePolicyDocument": {
                "Statement": {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::987654321145:root"}, "Action": "sts:AssumeRole", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}
              }
            }
          }
        }
      }
    `,
    rule: 'DP103',
  },
  {
    name: 'CloudFormation YAML trust policy, BoolIfExists true',
    path: 'template.yaml',
    text: code`
      Resources:
        AdminRole:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument:
              Statement:
                - Effect: Allow
                  Principal: {AWS: '111122223333'}
                  Action: sts:AssumeRole
                  Condition:
                    BoolIfExists:
                      aws:MultiFactorAuthPresent: 'true'
    `,
    rule: 'DP103',
  },
  {
    name: 'Terraform heredoc trust policy, Bool false',
    path: 'main.tf',
    text: code`
      resource "aws_iam_role" "r" {
        assume_role_policy = <<EOF
      {
        "Statement": {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::987654321145:root"}, "Action": "sts:AssumeRole", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}
      }
      EOF
      }
    `,
    rule: 'DP103',
  },
  {
    name: 'Terraform aws_iam_policy_document user policy, BoolIfExists false',
    path: 'main.tf',
    text: code`
      data "aws_iam_policy_document" "assume" {
        statement {
          actions   = ["sts:AssumeRole"]
          resources = ["*"]
          condition {
            test     = "BoolIfExists"
            variable = "aws:MultiFactorAuthPresent"
            values   = ["false"]
          }
        }
      }

      resource "aws_iam_user_policy" "assume" {
        user   = "alice"
        policy = data.aws_iam_policy_document.assume.json
      }
    `,
    rule: 'DP102',
  },
  {
    name: 'Terraform jsonencode user policy, Null true',
    path: 'main.tf',
    text: code`
      resource "aws_iam_user_policy" "keys" {
        user   = "alice"
        policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "iam:CreateAccessKey", Resource = "*", Condition = { Null = { "aws:MultiFactorAuthPresent" = "true" } } }] })
      }
    `,
    rule: 'DP102',
  },
  {
    name: 'Terraform JSON trust policy string, Bool false',
    path: 'main.tf.json',
    text: '{"resource": {"aws_iam_role": {"r": {"assume_role_policy": "{\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"AWS\\":\\"111122223333\\"},\\"Action\\":\\"sts:AssumeRole\\",\\"Condition\\":{\\"Bool\\":{\\"aws:MultiFactorAuthPresent\\":\\"false\\"}}}]}"}}}}\n',
    rule: 'DP103',
  },
  {
    name: 'policy JSON trust policy, Bool with both values',
    path: 'trust.json',
    text: TRUST_JSON('{"Bool": {"aws:MultiFactorAuthPresent": ["true", "false"]}}'),
    rule: 'DP103',
  },
  {
    name: 'CloudFormation YAML user policy, Null true on the MFA age',
    path: 'template.yaml',
    text: code`
      Resources:
        Alice:
          Type: AWS::IAM::User
          Properties:
            Policies:
              - PolicyName: keys
                PolicyDocument:
                  Statement:
                    - Effect: Allow
                      Action: iam:CreateAccessKey
                      Resource: '*'
                      Condition:
                        'Null':
                          aws:MultiFactorAuthAge: 'true'
    `,
    rule: 'DP102',
  },
];

describe('an MFA condition that does not work: DP101 on the token, DP102/DP103 on the policy, one fix for both', () => {
  for (const c of cases)
    test(c.name, async () => {
      const before = await lint(c.path, c.text);
      const ids = before.map((f) => f.ruleId).sort();
      assert.deepEqual(ids, ['DP101', c.rule], 'two findings: the condition and what it means');
      const token = before.find((f) => f.ruleId === 'DP101')!;
      const missing = before.find((f) => f.ruleId === c.rule)!;
      assert.equal(missing.fixes.length, 0, `${c.rule} offers no second fix`);
      assert.equal(token.fixes.length, 1, 'DP101 offers the fix');
      assert.notDeepEqual(missing.span, token.span, 'not the same place: the policy and the token');
      const same = (missing.related ?? []).some((r) => r.span.start === token.span.start && r.span.end === token.span.end);
      assert.ok(same, `${c.rule} has a related location on the token DP101 reports`);
      const fixed = applyFix(c.text, c.path, token.fixes[0].edits);
      assert.deepEqual(await lint(c.path, fixed), [], `after DP101's fix, MFA is required and both findings are gone:\n${fixed}`);
    });
});
