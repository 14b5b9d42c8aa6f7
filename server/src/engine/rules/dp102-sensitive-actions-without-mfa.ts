import type { FixSpec } from '../fixes/ops';
import { referencedResource } from '../model/links';
import type { Model, PolicyDocument, Statement, Val } from '../model/model';
import { documentIsPartial } from '../model/policy';
import { attachmentOf, gapReason, groupWhat, hasUnknown, MFA_PRESENT, type MfaGap, mfaDenyCovering, mfaGap, patternMatches, SENSITIVE_ACTIONS, type SensitiveAction, type SensitiveGroup, withConditions } from './lib/mfa';
import { missingInStatement, statementName } from './lib/policy-anchor';
import { effectOf } from './lib/policy-checks';
import { code, defineRule, type RuleContext } from './rule';

const ALL_GROUPS: ReadonlySet<SensitiveGroup> = new Set(['credentials', 'mfa-device', 'role-assumption', 'destructive']);
/** For a policy whose attachment is unknown: only actions that exist for people (credentials and MFA devices). */
const UNKNOWN_GROUPS: ReadonlySet<SensitiveGroup> = new Set(['credentials', 'mfa-device']);
const ACTION_NAME = /^[a-z0-9-]{1,32}:[A-Za-z0-9*?]{0,128}$/;

interface Hit {
  at: Val<string> & { state: 'literal' };
  action: SensitiveAction;
}

/** Sensitive actions the Allow statement grants, with the value that grants each. */
function sensitiveHits(model: Model, doc: PolicyDocument, s: Statement, groups: ReadonlySet<SensitiveGroup>, named: boolean): Hit[] {
  const hits: Hit[] = [];
  const roles = mayNameRole(s, model);
  const catalogue = SENSITIVE_ACTIONS.filter((a) => groups.has(a.group) && (roles || a.group !== 'role-assumption') && !mfaDenyCovering(doc, a.action));
  if (s.action) {
    for (const v of s.action) {
      if (v.state !== 'literal') continue;
      for (const a of catalogue) {
        if (!patternMatches(v.value, a.action)) continue;
        // An unknown attachment: only patterns that name the credential (`iam:*AccessKey*`, not `iam:*`).
        if (named && !(a.noun && v.value.toLowerCase().includes(a.noun.toLowerCase()))) continue;
        // Destructive actions: only when named (`ec2:TerminateInstances`, `ec2:Terminate*`), not through a
        // service-wide grant (`ec2:*`, `*`), which makes an operator policy by design.
        if (a.group === 'destructive' && !namesAction(v.value)) continue;
        if (!hits.some((h) => h.action === a)) hits.push({ at: v, action: a });
      }
    }
  } else if (s.notAction && !named && !hasUnknown(s.notAction)) {
    const first = s.notAction.find((v) => v.state === 'literal');
    if (first && first.state === 'literal')
      for (const a of catalogue) if (a.group !== 'destructive' && !s.notAction.some((v) => v.state === 'literal' && patternMatches(v.value, a.action))) hits.push({ at: first, action: a });
  }
  return hits;
}

/**
 * An ARN that cannot name an IAM role: its partition, service, account and resource type are written
 * out (no wildcard before the type) and it is not `iam` + `role/` (a user, a bucket...).
 */
const NOT_A_ROLE = /^arn:[^:*?]+:([^:*?]+):[^:*?]*:[^:*?]*:(?!role\/)[^*?]/i;

/** Resources whose every attribute (name, ARN) names a user or group, never a role. */
const USER_OR_GROUP_TYPES: ReadonlySet<string> = new Set(['AWS::IAM::User', 'AWS::IAM::Group', 'aws_iam_user', 'aws_iam_group']);

/**
 * Whether the statement's Resource can name a role, which is what sts:AssumeRole acts on: false only
 * when every value is a literal ARN of something else or a reference to an IAM user or group
 * (`aws_iam_user.alice.arn`, `!GetAtt Alice.Arn`): a user's own ARN grants no role to assume.
 * NotResource, other deploy-time values and wildcards count as naming one.
 */
function mayNameRole(s: Statement, model: Model): boolean {
  if (!s.resource?.length) return true;
  return s.resource.some((v) => (v.state === 'literal' ? !NOT_A_ROLE.test(v.value) : v.state !== 'unknown' || !referencedResource(model, v.node, USER_OR_GROUP_TYPES)));
}

/** A pattern whose action part names something (`ec2:Terminate*`), not a service-wide wildcard (`ec2:*`, `*`). */
function namesAction(pattern: string): boolean {
  const i = pattern.indexOf(':');
  return i >= 0 && pattern.slice(i + 1).replace(/[*?]/g, '').length >= 4;
}

function describe(hits: Hit[]): string {
  const names = hits.map((h) => h.action.action);
  const shown = names.slice(0, 3).join(', ');
  return names.length > 3 ? `${shown} and ${names.length - 3} more sensitive actions` : shown;
}

function consequences(hits: Hit[]): string {
  const groups = [...new Set(hits.map((h) => h.action.group))];
  const whats = groups.map(groupWhat);
  return whats.length > 1 ? `${whats.slice(0, -1).join(', ')} or ${whats[whats.length - 1]}` : whats[0];
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function fixFor(doc: PolicyDocument, s: Statement): FixSpec[] {
  return [
    {
      title: 'Require MFA for this statement: Bool aws:MultiFactorAuthPresent = true (unsafe: requests made with long-term access keys are no longer allowed)',
      applicability: 'unsafe',
      ops: [{ op: 'addCondition', policy: doc, statement: s, operator: 'Bool', key: MFA_PRESENT, values: ['true'] }],
    },
  ];
}

/** Related information on an MFA condition that does not require MFA (DP101 reports it, with its fix). */
const CONDITION = 'This condition lets requests without MFA through.';

/**
 * What a thief needs when the statement's MFA conditions do not work: a stolen access key always
 * (GetSessionToken without MFA turns it into a session that carries MultiFactorAuthPresent = false);
 * a stolen password only when console sessions without MFA get through.
 */
function stolen(gap: MfaGap): string {
  return gap.keys && !gap.sessions ? 'a stolen access key' : 'a stolen password or access key';
}

function check(ctx: RuleContext): void {
  // A Terraform aws_iam_policy_document used by several resources is one document per use, sharing its statements.
  const reported = new Set<Statement>();
  for (const doc of ctx.model.policies) {
    if (doc.kind !== 'identity' || documentIsPartial(doc)) continue;
    const attachment = attachmentOf(doc, ctx.model);
    if (attachment === 'role') continue;
    const known = attachment === 'human';
    for (const s of doc.statements) {
      if (effectOf(s) !== 'allow' || s.partial || reported.has(s)) continue;
      // No MFA condition, or only conditions that do not require MFA (`BoolIfExists` = true lets access keys through).
      const gap = mfaGap(s);
      if (!gap) continue;
      const hits = sensitiveHits(ctx.model, doc, s, known ? ALL_GROUPS : UNKNOWN_GROUPS, !known);
      if (!hits.length) continue;
      reported.add(s);
      const at = hits[0].at;
      const through = s.action ? (/[*?]/.test(at.value) && hits.every((h) => h.at === at) ? at.value : undefined) : `NotAction ${at.value}`;
      const via = through && ACTION_NAME.test(at.value) ? ` (through ${through})` : '';
      // The MFA condition is missing: embedded in a resource, the finding sits on the key that holds
      // the policy and names the statement; the action that grants is a related location.
      const { span, related, away } = missingInStatement(doc, s, [...new Set(hits.map((h) => h.at))].map((v) => v.span), 'An action granted without MFA.');
      const subject = away ? capitalise(statementName(doc, s)) : 'This statement';
      const granted = `${subject} allows ${describe(hits)}${via}`;
      const what = consequences(hits);
      if (gap.conditions.length) {
        // A condition on the MFA keys that does not work: DP101 reports it on its token and its fix
        // rewrites it; this finding says what that means for the actions, points at the condition,
        // and offers no second fix (adding Bool = true beside it would leave the broken condition in place).
        const without = `${gap.withMfa ? 'without MFA' : 'only when they have not used MFA'}: ${gapReason(gap)}`;
        ctx.report({
          file: doc.file,
          span,
          related: withConditions(doc, related, gap, CONDITION),
          message: known
            ? `${granted} to users ${without}, so ${stolen(gap)} is enough to ${what}.`
            : `${granted}${gap.withMfa ? ' ' : ' to callers '}${without}; if the policy is for IAM users or groups, ${stolen(gap)} is enough to ${what}.`,
          severity: known ? undefined : 'info',
        });
        continue;
      }
      ctx.report({
        file: doc.file,
        span,
        related,
        message: known
          ? `${granted} to users without MFA, so a stolen password or access key is enough to ${what}.`
          : `${granted} without MFA; if the policy is for IAM users or groups, a stolen password or access key is enough to ${what}.`,
        severity: known ? undefined : 'info',
        fixes: () => fixFor(doc, s),
      });
    }
  }
}

export const dp102 = defineRule({
  meta: {
    id: 'DP102',
    name: 'sensitive-actions-without-mfa',
    category: 'mfa',
    defaultSeverity: 'warning',
    summary: 'An IAM user or group policy allows credential management, MFA device removal, role assumption or destructive actions without MFA.',
    description: [
      'AWS asks for multi-factor authentication (MFA) on every account, and its own policies put the actions that matter',
      'behind it: creating or changing access keys, passwords, signing certificates, SSH keys and service-specific',
      'credentials, deactivating an MFA device ([IAM User Guide: users manage their own credentials with MFA](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_aws_my-sec-creds-self-manage.html)),',
      'and destructive actions such as `ec2:StopInstances` and `ec2:TerminateInstances`',
      '([Configuring MFA-protected API access](https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html)).',
      'Without MFA, a stolen password or access key is enough to mint new long-term credentials or remove the MFA device.',
      '',
      'The rule reports an `Allow` statement of a policy **attached to IAM users or groups** (inline `Policies` of',
      '`AWS::IAM::User`/`Group`, `AWS::IAM::UserPolicy`/`GroupPolicy`, `AWS::IAM::Policy`/`ManagedPolicy` with `Users` or',
      '`Groups` or named in their `ManagedPolicyArns`, `aws_iam_user_policy`, `aws_iam_group_policy`, an `aws_iam_policy`',
      'attached to users or groups) that grants one of these actions, by name or by a wildcard (`iam:*`, `iam:*AccessKey*`,',
      '`*`, an `Allow` with `NotAction`; destructive actions only when named, as in `ec2:Terminate*`: a service-wide grant',
      'such as `ec2:*` makes an operator policy by design, and which operations need MFA there is the organisation\'s choice).',
      'The catalogue is data (`rules/data/mfa-sensitive-actions.json`), each entry with',
      'its source; `sts:AssumeRole` is in it because role sessions carry no MFA, so the `AssumeRole` call is the last',
      'request where MFA can be checked (not when every `Resource` of the statement is the ARN of something other than a',
      'role, such as a user\'s own ARN, written out or as a reference to the user (`aws_iam_user.alice.arn`,',
      '`!GetAtt Alice.Arn`): `AssumeRole` acts on roles, so such a grant lets no role be assumed).',
      '',
      'In a standalone policy file the finding points at the action that grants. In a template or module nothing inside the',
      'statement is wrong (the MFA condition is missing), so the finding sits on the key that holds the policy',
      '(`PolicyDocument`, `policy`; the `statement` block of an `aws_iam_policy_document`), names the statement (its `Sid`,',
      'or its position), and points at the action as related information.',
      '',
      'Not reported:',
      '',
      '- a statement whose condition on `aws:MultiFactorAuthPresent` or `aws:MultiFactorAuthAge` requires MFA (`Bool` = `true`,',
      '  a `Numeric…` test of the MFA age without `IfExists`). A condition that does not work is no MFA condition: `Bool` or',
      '  `BoolIfExists` = `false` and `Null` = `true` allow the actions **only** without MFA, `BoolIfExists` = `true` (what the',
      '  IAM console\'s "MFA required" writes) lets long-term access keys through, `Null` = `false` lets sessions without MFA',
      '  through. Such a statement is reported with a message that says what the condition lets through and a related',
      '  location on it; DP101 reports the common forms of such a condition on their token with a fix that rewrites them,',
      '  so this finding offers no fix of its own (a second condition beside the broken one would leave it in place);',
      '- an action the same policy denies without MFA (AWS\'s `DenyAllExceptListedIfNoMFA` statement, `Deny` + `BoolIfExists`).',
      '  Any MFA condition on the `Deny` counts here, even one that misses some requests (`Deny` + `Bool` = `false` does not',
      '  apply to long-term access keys): DP101 reports that condition, and its fix (`BoolIfExists`) is the one edit that',
      '  closes the gap for every action the Deny covers;',
      '- `iam:ChangePassword`, `iam:ResyncMFADevice`, `iam:EnableMFADevice`, `iam:CreateVirtualMFADevice`: AWS\'s own',
      '  MFA policy allows them before MFA is used, so that a user can change an expired password and set up a device;',
      '- policies of roles (`AWS::IAM::Role`, `aws_iam_role_policy`, SAM functions, permission sets): a role session',
      '  carries no MFA, so MFA for roles belongs in the trust policy (DP103).',
      '',
      'A policy whose attachment is unknown (a standalone policy file, a managed policy attached nowhere in the template or',
      'module) is reported at severity `info`, and only for actions named explicitly (`iam:CreateAccessKey`,',
      '`iam:*AccessKey*`): broad wildcards in such policies are usually for roles.',
      '',
      'The fix adds `"Bool": {"aws:MultiFactorAuthPresent": "true"}` to the statement, merged into its `Condition`. It also',
      'refuses requests made with long-term access keys (which never carry MFA), so it is offered as a suggestion.',
    ].join('\n'),
    fix: 'unsafe',
    formats: ['iam-json', 'cloudformation', 'terraform', 'terraform-json'],
    examples: [
      {
        title: 'Self-service access keys in a standalone policy',
        format: 'iam-json',
        fileName: 'policy.json',
        bad: code`
          {
            "Version": "2012-10-17",
            "Statement": [
              {
                "Sid": "ManageOwnAccessKeys",
                "Effect": "Allow",
                "Action": ["iam:CreateAccessKey", "iam:DeleteAccessKey", "iam:ListAccessKeys"],
                "Resource": "arn:aws:iam::*:user/\${aws:username}"
              }
            ]
          }
        `,
        good: code`
          {
            "Version": "2012-10-17",
            "Statement": [
              {
                "Sid": "ManageOwnAccessKeys",
                "Effect": "Allow",
                "Action": ["iam:CreateAccessKey", "iam:DeleteAccessKey", "iam:ListAccessKeys"],
                "Resource": "arn:aws:iam::*:user/\${aws:username}",
                "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
              }
            ]
          }
        `,
      },
      {
        title: 'Group policy in CloudFormation',
        format: 'cloudformation',
        fileName: 'template.yaml',
        bad: code`
          Resources:
            Operators:
              Type: AWS::IAM::Group
              Properties:
                Policies:
                  - PolicyName: operate
                    PolicyDocument:
                      Version: '2012-10-17'
                      Statement:
                        - Effect: Allow
                          Action:
                            - ec2:StartInstances
                            - ec2:StopInstances
                          Resource: '*'
        `,
        good: code`
          Resources:
            Operators:
              Type: AWS::IAM::Group
              Properties:
                Policies:
                  - PolicyName: operate
                    PolicyDocument:
                      Version: '2012-10-17'
                      Statement:
                        - Effect: Allow
                          Action:
                            - ec2:StartInstances
                            - ec2:StopInstances
                          Resource: '*'
                          Condition:
                            Bool:
                              aws:MultiFactorAuthPresent: 'true'
        `,
      },
      {
        title: 'aws_iam_user_policy in Terraform',
        format: 'terraform',
        fileName: 'main.tf',
        bad: code`
          resource "aws_iam_user_policy" "admin" {
            user = "alice"
            policy = jsonencode({
              Version = "2012-10-17"
              Statement = [
                { Effect = "Allow", Action = "iam:*", Resource = "*" },
              ]
            })
          }
        `,
        good: code`
          resource "aws_iam_user_policy" "admin" {
            user = "alice"
            policy = jsonencode({
              Version = "2012-10-17"
              Statement = [
                {
                  Effect    = "Allow"
                  Action    = "iam:*"
                  Resource  = "*"
                  Condition = { Bool = { "aws:MultiFactorAuthPresent" = "true" } }
                },
              ]
            })
          }
        `,
      },
      {
        title: 'aws_iam_group_policy in Terraform JSON',
        format: 'terraform-json',
        fileName: 'main.tf.json',
        bad: code`
          {
            "resource": {
              "aws_iam_group_policy": {
                "keys": {
                  "group": "developers",
                  "policy": "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":\\"iam:CreateAccessKey\\",\\"Resource\\":\\"*\\"}]}"
                }
              }
            }
          }
        `,
        good: code`
          {
            "resource": {
              "aws_iam_group_policy": {
                "keys": {
                  "group": "developers",
                  "policy": "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":\\"iam:CreateAccessKey\\",\\"Resource\\":\\"*\\",\\"Condition\\":{\\"Bool\\":{\\"aws:MultiFactorAuthPresent\\":\\"true\\"}}}]}"
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
