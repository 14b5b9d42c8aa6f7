import type { FixSpec } from '../fixes/ops';
import type { PolicyDocument, Statement, Val } from '../model/model';
import { documentIsPartial } from '../model/policy';
import { attachmentOf, groupWhat, hasUnknown, MFA_PRESENT, mfaConditions, mfaDenyCovering, patternMatches, SENSITIVE_ACTIONS, type SensitiveAction, type SensitiveGroup } from './lib/mfa';
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
function sensitiveHits(doc: PolicyDocument, s: Statement, groups: ReadonlySet<SensitiveGroup>, named: boolean): Hit[] {
  const hits: Hit[] = [];
  const catalogue = SENSITIVE_ACTIONS.filter((a) => groups.has(a.group) && !mfaDenyCovering(doc, a.action));
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

function check(ctx: RuleContext): void {
  // A Terraform aws_iam_policy_document used by several resources is one document per use, sharing its statements.
  const reported = new Set<Statement>();
  for (const doc of ctx.model.policies) {
    if (doc.kind !== 'identity' || documentIsPartial(doc)) continue;
    const attachment = attachmentOf(doc, ctx.model);
    if (attachment === 'role') continue;
    const known = attachment === 'human';
    for (const s of doc.statements) {
      if (effectOf(s) !== 'allow' || s.partial || mfaConditions(s).length || reported.has(s)) continue;
      const hits = sensitiveHits(doc, s, known ? ALL_GROUPS : UNKNOWN_GROUPS, !known);
      if (!hits.length) continue;
      reported.add(s);
      const at = hits[0].at;
      const through = s.action ? (/[*?]/.test(at.value) && hits.every((h) => h.at === at) ? at.value : undefined) : `NotAction ${at.value}`;
      const via = through && ACTION_NAME.test(at.value) ? ` (through ${through})` : '';
      // The MFA condition is missing: embedded in a resource, the finding sits on the key that holds
      // the policy and names the statement; the action that grants is a related location.
      const { span, related, away } = missingInStatement(doc, s, [...new Set(hits.map((h) => h.at))].map((v) => v.span), 'An action granted without MFA.');
      const subject = away ? capitalise(statementName(doc, s)) : 'This statement';
      ctx.report({
        file: doc.file,
        span,
        related,
        message: known
          ? `${subject} allows ${describe(hits)}${via} to users without MFA, so a stolen password or access key is enough to ${consequences(hits)}.`
          : `${subject} allows ${describe(hits)}${via} without MFA; if the policy is for IAM users or groups, a stolen password or access key is enough to ${consequences(hits)}.`,
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
      'request where MFA can be checked.',
      '',
      'In a standalone policy file the finding points at the action that grants. In a template or module nothing inside the',
      'statement is wrong (the MFA condition is missing), so the finding sits on the key that holds the policy',
      '(`PolicyDocument`, `policy`; the `statement` block of an `aws_iam_policy_document`), names the statement (its `Sid`,',
      'or its position), and points at the action as related information.',
      '',
      'Not reported:',
      '',
      '- a statement with a condition on `aws:MultiFactorAuthPresent` or `aws:MultiFactorAuthAge` (DP101 checks that it works);',
      '- an action the same policy denies without MFA (AWS\'s `DenyAllExceptListedIfNoMFA` statement, `Deny` + `BoolIfExists`);',
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
