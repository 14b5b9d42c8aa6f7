import type { FixSpec } from '../fixes/ops';
import type { Resource } from '../model/model';
import { settingValues, type SettingValue } from '../model/settings';
import type { Severity } from '../types';
import { holderSpan } from './lib/setting-anchor';
import { code, defineRule, type RuleContext } from './rule';

const TITLE = 'Require MFA for every user: set the MFA configuration to ON (unsafe: users without a second factor must set one up at their next sign-in)';

/** Resources whose settings say a second factor is configured (a fix to ON then deploys). */
function withFactor(ctx: RuleContext): Set<Resource> {
  const out = new Set<Resource>();
  for (const s of settingValues(ctx.model, 'cognito-user-pool.smsConfiguration')) if (s.value.state !== 'missing') out.add(s.resource);
  for (const s of settingValues(ctx.model, 'cognito-user-pool.enabledMfas')) if (s.node?.kind === 'array' ? s.node.items.length > 0 : s.value.state !== 'missing') out.add(s.resource);
  for (const s of settingValues(ctx.model, 'cognito-user-pool.softwareTokenMfaEnabled')) if (s.value.state === 'literal' && s.value.value === 'true') out.add(s.resource);
  return out;
}

function fixFor(s: SettingValue): FixSpec[] {
  if (!s.slot || (s.value.state === 'literal' && s.value.resolved)) return [];
  return [{ title: TITLE, applicability: 'unsafe', ops: [{ op: 'setValue', slot: s.slot, value: 'ON' }] }];
}

function check(ctx: RuleContext): void {
  let factors: Set<Resource> | undefined;
  for (const s of settingValues(ctx.model, 'cognito-user-pool.mfaConfiguration')) {
    const v = s.value;
    let value: string;
    if (v.state === 'missing') value = 'OFF';
    else if (v.state === 'literal' && v.resolved?.from !== 'default') value = v.value.toUpperCase();
    else continue; // known only at deploy time (a parameter, a variable, an expression)
    if (value !== 'OFF' && value !== 'OPTIONAL') continue;
    const via = v.state === 'literal' && v.resolved ? ` (from ${v.resolved.name})` : '';
    let message: string;
    let severity: Severity | undefined;
    if (v.state === 'missing')
      message = 'This user pool does not set its MFA configuration, which defaults to OFF: users sign in with a password alone, so a stolen or guessed password is enough to take over their account.';
    else if (value === 'OFF')
      message = `MFA is OFF for this user pool${via}: users sign in with a password alone, so a stolen or guessed password is enough to take over their account.`;
    else {
      severity = 'info';
      message = `MFA is OPTIONAL for this user pool${via}: users who have not set up a second factor sign in with a password alone, so a stolen password is enough to take over their account.`;
    }
    // OPTIONAL needs a second factor configured already; OFF can be turned ON only where one is.
    const fixable = value === 'OPTIONAL' || (factors ??= withFactor(ctx)).has(s.resource);
    ctx.report({
      file: s.resource.file,
      span: v.state === 'missing' ? holderSpan(s) : v.span,
      message,
      severity,
      fixes: fixable ? () => fixFor(s) : undefined,
    });
  }
}

export const dp105 = defineRule({
  meta: {
    id: 'DP105',
    name: 'cognito-user-pool-mfa-not-required',
    category: 'mfa',
    defaultSeverity: 'warning',
    summary: 'A Cognito user pool lets its users sign in without MFA (MfaConfiguration OFF, or OPTIONAL).',
    description: [
      'AWS asks for multi-factor authentication (MFA) on every account; for the accounts of your own application\'s users,',
      'an Amazon Cognito user pool decides. Its MFA configuration is one of',
      '([Cognito API: MfaConfiguration](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SetUserPoolMfaConfig.html)):',
      '',
      '- `OFF` (the default when `MfaConfiguration` / `mfa_configuration` is not written): "MFA will not be used for any',
      '  users". A stolen or guessed password is enough to take over an account. Reported at severity `warning`.',
      '- `OPTIONAL`: "MFA will be required only for individual users who have an MFA factor enabled". Users who never set',
      '  one up sign in with a password alone. Reported at severity `info`: an application may offer MFA as a choice on',
      '  purpose, but a demanding reviewer wants to know.',
      '- `ON`: "MFA is required for all users to sign in". Not reported.',
      '',
      'This rule is about end users of an application, not about IAM principals, so it is a step below the IAM rules',
      '(DP101 is an error; this is a warning at most). A written `OFF` or `OPTIONAL` is reported on the value; an omitted',
      'setting on the key of the resource\'s properties (CloudFormation `Properties`) or on the Terraform resource.',
      'Values known only at deploy time (a parameter or variable, including its default) are not reported.',
      '',
      'The fix sets the configuration to `ON`. `ON` needs a second factor configured (CloudFormation `EnabledMfas` or',
      '`SmsConfiguration`; Terraform `software_token_mfa_configuration { enabled = true }` or `sms_configuration`), so the',
      'fix is offered only where one is (always for `OPTIONAL`, which needs one too). Users without a factor are asked to',
      'set one up at their next sign-in, so the fix is a suggestion. A pool set to `ON` without any factor fails to deploy;',
      'that is a schema problem, not reported here.',
    ].join('\n'),
    fix: 'unsafe',
    formats: ['cloudformation', 'terraform', 'terraform-json'],
    examples: [
      {
        title: 'AWS::Cognito::UserPool in CloudFormation',
        format: 'cloudformation',
        fileName: 'template.yaml',
        bad: code`
          Resources:
            Customers:
              Type: AWS::Cognito::UserPool
              Properties:
                UserPoolName: customers
                MfaConfiguration: 'OFF'
                EnabledMfas:
                  - SOFTWARE_TOKEN_MFA
        `,
        good: code`
          Resources:
            Customers:
              Type: AWS::Cognito::UserPool
              Properties:
                UserPoolName: customers
                MfaConfiguration: 'ON'
                EnabledMfas:
                  - SOFTWARE_TOKEN_MFA
        `,
      },
      {
        title: 'aws_cognito_user_pool in Terraform',
        format: 'terraform',
        fileName: 'main.tf',
        bad: code`
          resource "aws_cognito_user_pool" "customers" {
            name              = "customers"
            mfa_configuration = "OPTIONAL"

            software_token_mfa_configuration {
              enabled = true
            }
          }
        `,
        good: code`
          resource "aws_cognito_user_pool" "customers" {
            name              = "customers"
            mfa_configuration = "ON"

            software_token_mfa_configuration {
              enabled = true
            }
          }
        `,
      },
      {
        title: 'aws_cognito_user_pool in Terraform JSON',
        format: 'terraform-json',
        fileName: 'main.tf.json',
        bad: code`
          {
            "resource": {
              "aws_cognito_user_pool": {
                "customers": {"name": "customers"}
              }
            }
          }
        `,
        good: code`
          {
            "resource": {
              "aws_cognito_user_pool": {
                "customers": {
                  "name": "customers",
                  "mfa_configuration": "ON",
                  "software_token_mfa_configuration": {"enabled": true}
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
