import type { FixSpec } from '../fixes/ops';
import type { PolicyDocument, Statement, Val } from '../model/model';
import { hasPrincipal } from '../model/policy';
import { gapReason, isMfaDeny, MFA_PRESENT, mfaGap, patternMatches, statementCovers, withConditions } from './lib/mfa';
import { missingInStatement } from './lib/policy-anchor';
import { effectOf } from './lib/policy-checks';
import { code, defineRule, type RuleContext } from './rule';

/** An account id, or the ARN of an account (`:root`) or an IAM user, in any partition. */
const HUMAN_ARN = /^arn:aws(?:-cn|-us-gov)?:iam::(\d{12}):(root|user\/.+)$/;
const ACCOUNT_ID = /^\d{12}$/;
/** The same, written around deploy-time values (`!Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:root`, `${data.aws_caller_identity.current.account_id}`). */
const HUMAN_ARN_TEMPLATE = /^arn:(?:aws(?:-cn|-us-gov)?|\$\{[^}]+\}):iam::(\d{12}|\$\{[^}]+\}):(root|user\/.+)$/;

interface Human {
  at: Val<string> & { state: 'literal' | 'unknown' };
  /** How the message names it. */
  who: string;
}

function describe(value: string): string | undefined {
  if (value === '*') return 'Any AWS principal';
  if (ACCOUNT_ID.test(value)) return `Principals of account ${value}`;
  const m = HUMAN_ARN.exec(value);
  if (m) return m[2] === 'root' ? `Principals of account ${m[1]}` : `The IAM user ${m[2].slice('user/'.length)}`;
  return undefined;
}

/** Principals that may be people signing in with a password or access key: accounts, users, everyone. */
function humanPrincipals(s: Statement): Human[] {
  const out: Human[] = [];
  const p = s.principal;
  if (!p || p.unknown) return out;
  for (const e of p.entries) {
    if (e.type !== '*' && e.type.toUpperCase() !== 'AWS') continue;
    for (const v of e.values) {
      if (v.state === 'literal') {
        const who = describe(v.value);
        if (who) out.push({ at: v, who });
      } else if (v.state === 'unknown') {
        const n = v.node;
        const text = n.kind === 'unknown' ? (n.intrinsic === 'Fn::Sub' && n.args?.kind === 'string' ? String(n.args.value) : n.reason) : '';
        const m = HUMAN_ARN_TEMPLATE.exec(text.replace(/^"|"$/g, ''));
        if (m) out.push({ at: v, who: m[2] === 'root' ? 'Principals of the account' : 'An IAM user' });
      }
    }
  }
  return out;
}

/** The statement allows sts:AssumeRole (by name or wildcard); AssumeRoleWithSAML/WithWebIdentity cannot carry MFA. */
function allowsAssumeRole(s: Statement): boolean {
  if (s.action) return s.action.some((v) => v.state === 'literal' && patternMatches(v.value, 'sts:AssumeRole'));
  if (s.notAction) return s.notAction.every((v) => v.state === 'literal' && !patternMatches(v.value, 'sts:AssumeRole'));
  return false;
}

/**
 * Whether a Deny of the same trust policy refuses sts:AssumeRole to this principal when MFA is
 * absent (`Deny` + `BoolIfExists aws:MultiFactorAuthPresent = false` for `"AWS": "*"`): MFA is then
 * required by the policy, not by the Allow. As in DP102, any MFA condition counts on a Deny (DP101
 * reports one that does not work, and its fix is the edit that closes the gap).
 */
function deniedWithoutMfa(doc: PolicyDocument, human: Human): boolean {
  for (const d of doc.statements) {
    if (!isMfaDeny(d) || !statementCovers(d, 'sts:AssumeRole')) continue;
    if (d.notPrincipal) {
      // Denies everyone except the listed principals.
      if (d.notPrincipal.unknown || !d.notPrincipal.entries.some((e) => e.values.some((v) => v.state === 'literal' && human.at.state === 'literal' && v.value === human.at.value))) return true;
      continue;
    }
    const p = d.principal;
    if (!p || p.unknown || p.wildcard) return true;
    for (const e of p.entries) {
      if (e.type !== '*' && e.type.toUpperCase() !== 'AWS') continue;
      if (e.values.some((v) => v.state !== 'literal' || v.value === '*' || (human.at.state === 'literal' && v.value === human.at.value))) return true;
    }
  }
  return false;
}

function fixFor(doc: PolicyDocument, s: Statement): FixSpec[] {
  // A service or federated principal in the same statement never carries MFA: the condition would lock it out.
  if (s.principal?.entries.some((e) => e.type !== '*' && e.type.toUpperCase() !== 'AWS')) return [];
  return [
    {
      title: 'Require MFA to assume the role: Bool aws:MultiFactorAuthPresent = true (unsafe: callers without MFA can no longer assume it)',
      applicability: 'unsafe',
      ops: [{ op: 'addCondition', policy: doc, statement: s, operator: 'Bool', key: MFA_PRESENT, values: ['true'] }],
    },
  ];
}

/**
 * A trust policy: a role's AssumeRolePolicyDocument, or a standalone document whose statements with
 * a principal only allow STS actions (`sts:*` makes the file's inferred kind `resource`).
 */
function isTrustPolicy(doc: PolicyDocument): boolean {
  if (doc.kind === 'trust') return true;
  if (doc.resource || doc.kind !== 'resource') return false;
  // One pass, out at the first statement with a principal and a non-STS action (principals not normalised).
  let withPrincipal = false;
  for (const s of doc.statements) {
    if (!hasPrincipal(s)) continue;
    withPrincipal = true;
    if (!s.action?.length || !s.action.every((v) => v.state === 'literal' && /^sts:/i.test(v.value))) return false;
  }
  return withPrincipal;
}

/** Related information on an MFA condition that does not require MFA (DP101 reports it, with its fix). */
const CONDITION = 'This condition lets requests without MFA through.';

function check(ctx: RuleContext): void {
  // A Terraform aws_iam_policy_document used by several roles is one document per use, sharing its statements.
  const reported = new Set<Statement>();
  for (const doc of ctx.model.policies) {
    if (!isTrustPolicy(doc)) continue;
    for (const s of doc.statements) {
      if (effectOf(s) !== 'allow' || s.partial || reported.has(s) || !allowsAssumeRole(s)) continue;
      // No MFA condition, or only conditions that do not require MFA (`Bool` = false lets callers in only WITHOUT MFA).
      const gap = mfaGap(s);
      if (!gap) continue;
      const humans = humanPrincipals(s).filter((h) => !deniedWithoutMfa(doc, h));
      if (!humans.length) continue;
      reported.add(s);
      const { who: first } = humans[0];
      const others = humans.length - 1;
      const who = others ? `${first} and ${others} other principal${others > 1 ? 's' : ''}` : first;
      // Nothing in the statement is wrong: the MFA condition is missing. Embedded in a role, the
      // finding sits on the trust policy's key; the principal is a related location.
      const { span, related: principals } = missingInStatement(doc, s, humans.map((h) => h.at.span), 'A principal that can assume the role without MFA.');
      if (gap.conditions.length) {
        // A condition on the MFA keys that does not work: DP101 reports it on its token and its fix
        // rewrites it; this finding says what that means for the role, points at the condition, and
        // offers no second fix (adding Bool = true beside it would leave the broken condition in place).
        ctx.report({
          file: doc.file,
          span,
          related: withConditions(doc, principals, gap, CONDITION),
          message: `${who} can assume this role ${gap.withMfa ? '' : 'only '}without MFA: ${gapReason(gap)}, and the trust policy is the only place to require MFA for the role.`,
        });
        continue;
      }
      const externalId = s.conditions.some((c) => c.key.toLowerCase() === 'sts:externalid');
      if (externalId) {
        ctx.report({
          file: doc.file,
          span,
          related: principals,
          severity: 'info',
          message: `${who} can assume this role with only an sts:ExternalId check, which guards a third party against the confused deputy but is not MFA; if people assume this role, require MFA here too.`,
        });
        continue;
      }
      ctx.report({
        file: doc.file,
        span,
        related: principals,
        message: `${who} can assume this role without MFA; the trust policy is the place to require it, because the role's sessions carry no MFA to later requests.`,
        fixes: () => fixFor(doc, s),
      });
    }
  }
}

export const dp103 = defineRule({
  meta: {
    id: 'DP103',
    name: 'role-trust-without-mfa',
    category: 'mfa',
    defaultSeverity: 'warning',
    summary: 'A role trust policy lets IAM users or whole accounts assume the role without MFA.',
    description: [
      'AWS asks for multi-factor authentication (MFA) on every account. For roles that people assume, the check belongs in',
      'the **trust policy**: "The temporary credentials returned by AssumeRole do not include MFA information in the',
      'context, so you cannot check individual API operations for MFA"',
      '([Configuring MFA-protected API access](https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html)).',
      'Once a role is assumed, no later request can tell whether its caller used MFA.',
      '',
      'The rule reports an `Allow` of `sts:AssumeRole` (also through `sts:*`, `sts:AssumeRole*`, `*`) to AWS principals that',
      'can be people: a 12-digit account id, an account\'s `:root`, an IAM user, or `*`, in every partition (`arn:aws`,',
      '`arn:aws-cn`, `arn:aws-us-gov`), when the statement does not require MFA: it has no condition on',
      '`aws:MultiFactorAuthPresent` or `aws:MultiFactorAuthAge`, or only conditions that let callers without MFA through.',
      'A condition counts only if it works: `Bool` = `false` (or `BoolIfExists` = `false`, `Null` = `true`) admits callers',
      '**only** without MFA; `BoolIfExists` = `true` and `ForAllValues:` admit IAM users calling with long-term access keys,',
      'which never carry MFA; `Null` = `false` admits sessions without MFA; `…IfExists` on `aws:MultiFactorAuthAge` admits',
      'any caller without MFA. `Bool` = `true`, a `Numeric…` test of the MFA age without `IfExists` and `Null` = `false` on',
      'the age do require MFA. In a standalone policy file it points at the',
      'principal. In a template or module nothing inside the statement is wrong (the condition is missing), so the finding',
      'sits on the key that holds the trust policy (`AssumeRolePolicyDocument`, `assume_role_policy`; the `statement` block',
      'of an `aws_iam_policy_document`), names the principal, and points at it as related information.',
      '',
      'Not reported: a principal that a `Deny` of the same trust policy refuses `sts:AssumeRole` without MFA (`Deny` +',
      '`BoolIfExists aws:MultiFactorAuthPresent = false` for `"AWS": "*"` or for that principal; DP101 checks that the',
      'Deny\'s condition works), service principals (`ec2.amazonaws.com`), federated principals and `sts:AssumeRoleWithSAML` /',
      '`sts:AssumeRoleWithWebIdentity` (MFA is the identity provider\'s business there), role principals (a role session',
      'never carries MFA), and principals only known at deploy time.',
      '',
      'A statement that requires `sts:ExternalId` and has no MFA condition is reported at severity `info`: an external id',
      'protects a third party against the confused-deputy problem; it is a different control from MFA, and a third party\'s',
      'automation cannot use MFA. If people assume the role, require MFA too.',
      '',
      'When the statement has a condition on the MFA keys that does not work, the message says what it lets through (for',
      '`Bool` = `false`: "can assume this role only without MFA ... requires the absence of MFA") and a related location',
      'points at the condition. DP101 reports the common forms of such a condition on their exact token, with a fix that',
      'rewrites them (`Bool` = `true`); this finding offers no fix of its own, because adding a second condition beside',
      'the broken one would leave it in place. Applying DP101\'s fix clears both findings.',
      '',
      'The fix adds `"Bool": {"aws:MultiFactorAuthPresent": "true"}` to the statement (AWS\'s example). Callers without MFA',
      '(scripts using access keys, CI) can then no longer assume the role, so the fix is a suggestion. It is not offered',
      'when the statement also trusts a service, which never carries MFA: split the statement first.',
    ].join('\n'),
    fix: 'unsafe',
    formats: ['iam-json', 'cloudformation', 'terraform', 'terraform-json'],
    examples: [
      {
        title: 'Cross-account trust policy',
        format: 'iam-json',
        fileName: 'trust-policy.json',
        bad: code`
          {
            "Version": "2012-10-17",
            "Statement": [
              {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                "Action": "sts:AssumeRole"
              }
            ]
          }
        `,
        good: code`
          {
            "Version": "2012-10-17",
            "Statement": [
              {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                "Action": "sts:AssumeRole",
                "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
              }
            ]
          }
        `,
      },
      {
        title: 'AWS::IAM::Role in CloudFormation',
        format: 'cloudformation',
        fileName: 'template.yaml',
        bad: code`
          Resources:
            AdminRole:
              Type: AWS::IAM::Role
              Properties:
                AssumeRolePolicyDocument:
                  Version: '2012-10-17'
                  Statement:
                    - Effect: Allow
                      Principal:
                        AWS: !Sub 'arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root'
                      Action: sts:AssumeRole
        `,
        good: code`
          Resources:
            AdminRole:
              Type: AWS::IAM::Role
              Properties:
                AssumeRolePolicyDocument:
                  Version: '2012-10-17'
                  Statement:
                    - Effect: Allow
                      Principal:
                        AWS: !Sub 'arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root'
                      Action: sts:AssumeRole
                      Condition:
                        Bool:
                          aws:MultiFactorAuthPresent: 'true'
        `,
      },
      {
        title: 'aws_iam_role with aws_iam_policy_document in Terraform',
        format: 'terraform',
        fileName: 'main.tf',
        bad: code`
          data "aws_iam_policy_document" "assume" {
            statement {
              actions = ["sts:AssumeRole"]
              principals {
                type        = "AWS"
                identifiers = ["arn:aws:iam::111122223333:user/alice"]
              }
            }
          }

          resource "aws_iam_role" "admin" {
            name               = "admin"
            assume_role_policy = data.aws_iam_policy_document.assume.json
          }
        `,
        good: code`
          data "aws_iam_policy_document" "assume" {
            statement {
              actions = ["sts:AssumeRole"]
              principals {
                type        = "AWS"
                identifiers = ["arn:aws:iam::111122223333:user/alice"]
              }
              condition {
                test     = "Bool"
                variable = "aws:MultiFactorAuthPresent"
                values   = ["true"]
              }
            }
          }

          resource "aws_iam_role" "admin" {
            name               = "admin"
            assume_role_policy = data.aws_iam_policy_document.assume.json
          }
        `,
      },
      {
        title: 'aws_iam_role in Terraform JSON',
        format: 'terraform-json',
        fileName: 'main.tf.json',
        bad: code`
          {
            "resource": {
              "aws_iam_role": {
                "admin": {
                  "name": "admin",
                  "assume_role_policy": "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"AWS\\":\\"111122223333\\"},\\"Action\\":\\"sts:AssumeRole\\"}]}"
                }
              }
            }
          }
        `,
        good: code`
          {
            "resource": {
              "aws_iam_role": {
                "admin": {
                  "name": "admin",
                  "assume_role_policy": "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"AWS\\":\\"111122223333\\"},\\"Action\\":\\"sts:AssumeRole\\",\\"Condition\\":{\\"Bool\\":{\\"aws:MultiFactorAuthPresent\\":\\"true\\"}}}]}"
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
