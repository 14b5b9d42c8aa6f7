import type { FixOp, FixSpec } from '../fixes/ops';
import type { Condition, PolicyDocument, Statement } from '../model/model';
import type { Severity } from '../types';
import { isMfaAgeKey, isMfaPresentKey, literalValues, mfaConditions } from './lib/mfa';
import { effectOf } from './lib/policy-checks';
import { code, defineRule, type RuleContext } from './rule';

const UNSAFE_DENY_KEYS = 'unsafe: requests made with long-term access keys are denied too';
const UNSAFE_DENY_NO_MFA = 'unsafe: sessions without MFA are denied too';
const UNSAFE_ALLOW = 'unsafe: requests made without MFA are no longer allowed';

interface Problem {
  span: Condition['operatorSpan'];
  message: string;
  severity?: Severity;
  fix?: { title: string; operator?: string; values?: string[] };
}

/** The fix: a new operator and/or new values for the condition (values are found under the operator as written). */
function fixFor(doc: PolicyDocument, c: Condition, fix: Problem['fix']): FixSpec[] {
  const s = statementOf(doc, c);
  if (!fix || !s) return [];
  const ops: FixOp[] = [];
  if (fix.values) ops.push({ op: 'addCondition', policy: doc, statement: s, operator: c.operator, key: c.key, values: fix.values });
  if (fix.operator && fix.operator !== c.operator) ops.push({ op: 'setConditionOperator', policy: doc, condition: c, operator: fix.operator });
  return ops.length ? [{ title: fix.title, applicability: 'unsafe', ops }] : [];
}

function statementOf(doc: PolicyDocument, c: Condition): Statement | undefined {
  return doc.statements.find((s) => s.conditions.includes(c));
}

/** Conditions sharing this one's operator entry (the values can only be rewritten when it is alone there). */
function aloneUnderOperator(s: Statement, c: Condition): boolean {
  return s.conditions.filter((o) => o.operatorSpan.start === c.operatorSpan.start).length === 1;
}

function quoted(v: string): string {
  return JSON.stringify(v.length > 24 ? `${v.slice(0, 24)}…` : v);
}

function falseValue(c: Condition): (Condition['values'][number] & { state: 'literal' }) | undefined {
  for (const v of c.values) if (v.state === 'literal' && v.value.toLowerCase() === 'false') return v;
  return undefined;
}

/** The problem with one condition on aws:MultiFactorAuthPresent, if any. */
function presentProblem(effect: 'allow' | 'deny', s: Statement, c: Condition): Problem | undefined {
  const values = literalValues(c.values);
  if (!values || values.length === 0) return undefined;
  const base = c.baseOperator.toLowerCase();
  if (base === 'bool') {
    const odd = c.values.find((v) => v.state === 'literal' && v.value.toLowerCase() !== 'true' && v.value.toLowerCase() !== 'false');
    if (odd && odd.state === 'literal')
      return { span: odd.span, message: `aws:MultiFactorAuthPresent is "true" or "false": the value ${quoted(odd.value)} never matches, so this condition never applies.` };
  }
  const hasFalse = values.includes('false');
  const hasTrue = values.includes('true');
  if (c.qualifier) {
    const wants = effect === 'deny' ? (hasFalse && !hasTrue ? 'BoolIfExists' : undefined) : hasTrue && !hasFalse ? 'Bool' : undefined;
    const what =
      c.qualifier === 'ForAllValues'
        ? 'also matches requests that do not carry the key (long-term access keys)'
        : 'never matches requests that do not carry the key (long-term access keys)';
    return {
      span: c.operatorSpan,
      message: `${c.qualifier}: is for multivalued keys; on the single-valued aws:MultiFactorAuthPresent it ${what}; use ${effect === 'deny' ? 'BoolIfExists' : 'Bool'}.`,
      fix: base === 'bool' && wants ? { title: `Use ${wants} (${effect === 'deny' ? UNSAFE_DENY_KEYS : UNSAFE_ALLOW})`, operator: wants } : undefined,
    };
  }
  const alone = aloneUnderOperator(s, c);
  if (effect === 'deny') {
    if (base === 'bool' && !c.ifExists && hasFalse && !hasTrue)
      return {
        span: c.operatorSpan,
        message: 'This Deny does not apply to requests made with long-term access keys: they do not carry aws:MultiFactorAuthPresent, and Bool does not match a missing key; use BoolIfExists.',
        fix: { title: `Use BoolIfExists (${UNSAFE_DENY_KEYS})`, operator: 'BoolIfExists' },
      };
    if (base === 'null' && !c.ifExists && hasTrue && !hasFalse)
      return {
        span: c.operatorSpan,
        message: 'Null = true denies only requests that do not carry aws:MultiFactorAuthPresent (long-term access keys): console and temporary sessions without MFA carry it as false and are not denied; use BoolIfExists = false.',
        fix: alone ? { title: `Use BoolIfExists = false (${UNSAFE_DENY_NO_MFA})`, operator: 'BoolIfExists', values: ['false'] } : undefined,
      };
    return undefined;
  }
  if (base === 'bool' && hasTrue && hasFalse)
    return {
      span: c.operatorSpan,
      message: `With both "true" and "false", ${c.operator} matches sessions with or without MFA${c.ifExists ? ' and requests made with long-term access keys' : ''}, so this Allow does not require MFA.`,
      fix: !c.ifExists || alone ? { title: `Require MFA: Bool = true (${UNSAFE_ALLOW})`, operator: 'Bool', values: ['true'] } : undefined,
    };
  if (base === 'bool' && c.ifExists && hasTrue && !hasFalse)
    return {
      span: c.operatorSpan,
      severity: 'warning',
      message: 'BoolIfExists = true also allows requests made with long-term access keys, which never carry MFA, so this only requires MFA for console and temporary sessions.',
      fix: { title: `Use Bool (${UNSAFE_ALLOW.replace('without MFA', 'with long-term access keys')})`, operator: 'Bool' },
    };
  if (base === 'bool' && hasFalse && !hasTrue)
    return {
      // The value is what is wrong here (an Allow wants "true"): point at it.
      span: falseValue(c)?.span ?? c.operatorSpan,
      message: 'This Allow applies only to requests made without MFA (aws:MultiFactorAuthPresent = false), the opposite of requiring MFA.',
      fix: alone ? { title: `Require MFA: Bool = true (${UNSAFE_ALLOW})`, operator: 'Bool', values: ['true'] } : undefined,
    };
  if (base === 'null' && !c.ifExists && hasTrue && !hasFalse)
    return {
      span: c.operatorSpan,
      message: 'Null = true on aws:MultiFactorAuthPresent allows only requests that do not carry the key: those made with long-term access keys, which never carry MFA.',
      fix: alone ? { title: `Require MFA: Bool = true (${UNSAFE_ALLOW})`, operator: 'Bool', values: ['true'] } : undefined,
    };
  if (base === 'null' && !c.ifExists && hasFalse && !hasTrue)
    return {
      span: c.operatorSpan,
      message: 'Null = false on aws:MultiFactorAuthPresent only requires temporary credentials, and console or role sessions without MFA carry the key as false, so they are allowed.',
      fix: alone ? { title: `Require MFA: Bool = true (${UNSAFE_ALLOW})`, operator: 'Bool', values: ['true'] } : undefined,
    };
  return undefined;
}

/** The problem with one condition on aws:MultiFactorAuthAge, if any. */
function ageProblem(effect: 'allow' | 'deny', c: Condition): Problem | undefined {
  const base = c.baseOperator;
  if (effect === 'allow' && base.toLowerCase() === 'null' && !c.qualifier) {
    const values = literalValues(c.values);
    if (values?.includes('true') && !values.includes('false'))
      return {
        span: c.operatorSpan,
        message: 'Null = true on aws:MultiFactorAuthAge matches only requests made without MFA (the key is absent then), so this Allow applies only when MFA was not used.',
        fix: { title: `Require MFA: Null = false (${UNSAFE_ALLOW})`, values: ['false'] },
      };
  }
  if (!/^Numeric/i.test(base)) return undefined;
  if (c.qualifier)
    return {
      span: c.operatorSpan,
      message: `${c.qualifier}: is for multivalued keys; on the single-valued aws:MultiFactorAuthAge it ${c.qualifier === 'ForAllValues' ? 'also matches requests made without MFA (the key is absent)' : 'never matches requests made without MFA (the key is absent)'}.`,
    };
  const greater = /^NumericGreaterThan(Equals)?$/i.test(base);
  if (effect === 'deny' && greater && !c.ifExists)
    return {
      span: c.operatorSpan,
      message: `aws:MultiFactorAuthAge is absent when MFA was not used, so this Deny with ${base} never applies to requests made without MFA; use ${base}IfExists.`,
      fix: { title: `Use ${base}IfExists (unsafe: requests made without MFA are denied too)`, operator: `${base}IfExists` },
    };
  // Any numeric test with IfExists matches the missing key (NumericLessThanIfExists, NumericGreaterThanIfExists...).
  if (effect === 'allow' && c.ifExists)
    return {
      span: c.operatorSpan,
      message: `${c.operator} also matches requests made without MFA (aws:MultiFactorAuthAge is absent), so this Allow does not require MFA; use ${base}.`,
      fix: { title: `Use ${base} (${UNSAFE_ALLOW})`, operator: base },
    };
  return undefined;
}

function check(ctx: RuleContext): void {
  // A Terraform aws_iam_policy_document used by several resources is one document per use, sharing its statements.
  const seen = new Set<Statement>();
  for (const doc of ctx.model.policies) {
    for (const s of doc.statements) {
      const conditions = mfaConditions(s);
      if (conditions.length === 0 || seen.has(s)) continue;
      seen.add(s);
      const effect = effectOf(s);
      if (!effect) continue;
      for (const c of conditions) {
        const p = isMfaPresentKey(c) ? presentProblem(effect, s, c) : isMfaAgeKey(c) ? ageProblem(effect, c) : undefined;
        if (!p) continue;
        ctx.report({ file: doc.file, span: p.span, message: p.message, severity: p.severity, fixes: p.fix ? () => fixFor(doc, c, p.fix) : undefined });
      }
    }
  }
}

export const dp101 = defineRule({
  meta: {
    id: 'DP101',
    name: 'ineffective-mfa-condition',
    category: 'mfa',
    defaultSeverity: 'error',
    summary: 'A condition on aws:MultiFactorAuthPresent or aws:MultiFactorAuthAge does not do what it seems to: requests without MFA get through.',
    description: [
      'AWS asks for multi-factor authentication (MFA) on every account. In policies, MFA is checked with the condition keys',
      '`aws:MultiFactorAuthPresent` and `aws:MultiFactorAuthAge`, and both behave in ways that are easy to get wrong',
      '([IAM User Guide: AWS global condition context keys](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent)):',
      '',
      '- `aws:MultiFactorAuthPresent` is in the request only for temporary credentials (console sessions, `GetSessionToken`,',
      '  role sessions). Requests made with long-term access keys (the CLI or an SDK with an access key) do not carry it.',
      '- `aws:MultiFactorAuthAge` is in the request only when MFA was used.',
      '- Both keys are single-valued.',
      '',
      'What this rule reports, on the operator or the value at fault (the value `false` in an `Allow`):',
      '',
      '| Written | What happens at request time | Fix |',
      '|---|---|---|',
      '| `Deny` + `Bool` `aws:MultiFactorAuthPresent` = `false` | long-term access keys are not denied (AWS: "not recommended") | `BoolIfExists` |',
      '| `Deny` + `Null` `aws:MultiFactorAuthPresent` = `true` | console and temporary sessions without MFA are not denied | `BoolIfExists` = `false` |',
      '| `Allow` + `BoolIfExists` = `true` (what the IAM console\'s "MFA required" writes) | long-term access keys are allowed without MFA; MFA is only required for console sessions (warning) | `Bool` |',
      '| `Allow` + `Bool`/`BoolIfExists` = `false`, `Allow` + `Null` = `false` | requests without MFA are allowed | `Bool` = `true` |',
      '| `Allow` + `Null` = `true` | only requests made with long-term access keys, which never carry MFA, are allowed | `Bool` = `true` |',
      '| `Allow` + `Bool` with both `true` and `false` | sessions without MFA are allowed | `Bool` = `true` |',
      '| `Allow` + `Null` `aws:MultiFactorAuthAge` = `true` | only requests made without MFA are allowed | `Null` = `false` |',
      '| `ForAllValues:` / `ForAnyValue:` on either key | set operators on a single-valued key; `ForAllValues` matches a missing key | `Bool` / `BoolIfExists` |',
      '| a value other than `true`/`false` | the condition never matches | none |',
      '| `Deny` + `NumericGreaterThan` `aws:MultiFactorAuthAge` | never applies to requests made without MFA (the key is absent) | `NumericGreaterThanIfExists` |',
      '| `Allow` + `Numeric…IfExists` `aws:MultiFactorAuthAge` | also allows requests made without MFA | the operator without `IfExists` |',
      '',
      'AWS recommends `"Effect": "Deny"` with `"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}`, or `"Effect": "Allow"`',
      'with `"Bool": {"aws:MultiFactorAuthPresent": "true"}`. Both also refuse requests made with long-term access keys, which',
      'can break scripts that use them: every fix changes who is allowed or denied, so every fix is offered as a suggestion',
      'and its title says what changes. AWS\'s knowledge center adds `"aws:ViaAWSService": "false"` to the Deny so that calls',
      'services make on your behalf are not refused.',
      '',
      'Values only known at deploy time are never reported.',
    ].join('\n'),
    fix: 'unsafe',
    formats: ['iam-json', 'cloudformation', 'terraform', 'terraform-json'],
    examples: [
      {
        title: 'Deny without MFA written with Bool',
        format: 'iam-json',
        fileName: 'policy.json',
        bad: code`
          {
            "Version": "2012-10-17",
            "Statement": [
              {
                "Sid": "DenyWithoutMfa",
                "Effect": "Deny",
                "Action": "*",
                "Resource": "*",
                "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}
              }
            ]
          }
        `,
        good: code`
          {
            "Version": "2012-10-17",
            "Statement": [
              {
                "Sid": "DenyWithoutMfa",
                "Effect": "Deny",
                "Action": "*",
                "Resource": "*",
                "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}
              }
            ]
          }
        `,
      },
      {
        title: 'Managed policy in CloudFormation',
        format: 'cloudformation',
        fileName: 'template.yaml',
        bad: code`
          Resources:
            RequireMfa:
              Type: AWS::IAM::ManagedPolicy
              Properties:
                PolicyDocument:
                  Version: '2012-10-17'
                  Statement:
                    - Effect: Deny
                      Action: '*'
                      Resource: '*'
                      Condition:
                        'Null':
                          aws:MultiFactorAuthPresent: 'true'
        `,
        good: code`
          Resources:
            RequireMfa:
              Type: AWS::IAM::ManagedPolicy
              Properties:
                PolicyDocument:
                  Version: '2012-10-17'
                  Statement:
                    - Effect: Deny
                      Action: '*'
                      Resource: '*'
                      Condition:
                        BoolIfExists:
                          aws:MultiFactorAuthPresent: 'false'
        `,
      },
      {
        title: 'aws_iam_policy_document in Terraform',
        format: 'terraform',
        fileName: 'main.tf',
        bad: code`
          data "aws_iam_policy_document" "admins" {
            statement {
              actions   = ["*"]
              resources = ["*"]
              condition {
                test     = "BoolIfExists"
                variable = "aws:MultiFactorAuthPresent"
                values   = ["true"]
              }
            }
          }
        `,
        good: code`
          data "aws_iam_policy_document" "admins" {
            statement {
              actions   = ["*"]
              resources = ["*"]
              condition {
                test     = "Bool"
                variable = "aws:MultiFactorAuthPresent"
                values   = ["true"]
              }
            }
          }
        `,
      },
      {
        title: 'aws_iam_policy in Terraform JSON',
        format: 'terraform-json',
        fileName: 'main.tf.json',
        bad: code`
          {
            "resource": {
              "aws_iam_policy": {
                "recent_mfa": {
                  "policy": "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Deny\\",\\"Action\\":\\"iam:*\\",\\"Resource\\":\\"*\\",\\"Condition\\":{\\"NumericGreaterThan\\":{\\"aws:MultiFactorAuthAge\\":\\"3600\\"}}}]}"
                }
              }
            }
          }
        `,
        good: code`
          {
            "resource": {
              "aws_iam_policy": {
                "recent_mfa": {
                  "policy": "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Deny\\",\\"Action\\":\\"iam:*\\",\\"Resource\\":\\"*\\",\\"Condition\\":{\\"NumericGreaterThanIfExists\\":{\\"aws:MultiFactorAuthAge\\":\\"3600\\"}}}]}"
                }
              }
            }
          }
        `,
      },
    ],
  },
  check,
});
