import { consoleUsers, mfaDevicesOf, policiesOfUser } from '../model/iam-principals';
import { documentIsPartial } from '../model/policy';
import { isDenyAllWithoutMfa } from './lib/mfa';
import { code, defineRule, type RuleContext } from './rule';

function check(ctx: RuleContext): void {
  for (const cu of consoleUsers(ctx.model)) {
    if (cu.unseen || !cu.user) continue;
    if (mfaDevicesOf(ctx.model, cu.user).length) continue;
    const { policies, unseen } = policiesOfUser(ctx.model, cu.user);
    if (unseen || policies.some((d) => documentIsPartial(d) || d.statements.some(isDenyAllWithoutMfa))) continue;
    const where = cu.user.format === 'cloudformation' ? 'template' : 'module';
    ctx.report({
      file: cu.file,
      span: cu.span,
      message: `The IAM user ${cu.name} gets a console password, but this ${where} gives it no MFA device and no policy that denies requests without MFA, so the password alone opens the console.`,
      related: [{ file: cu.user.file, span: cu.user.idSpan, message: `Give the user ${cu.name} a virtual MFA device, or attach a policy that denies requests without MFA (BoolIfExists aws:MultiFactorAuthPresent = false).` }],
    });
  }
}

export const dp104 = defineRule({
  meta: {
    id: 'DP104',
    name: 'console-user-without-mfa',
    category: 'mfa',
    defaultSeverity: 'warning',
    summary: 'An IAM user gets a console password with no MFA device or MFA-enforcing policy in reach.',
    description: [
      'AWS asks for multi-factor authentication (MFA) on every account, and CIS AWS Foundations asks for it on every IAM',
      'user with a console password. A template or module that gives a user a password (`AWS::IAM::User` `LoginProfile`,',
      '`aws_iam_user_login_profile`) should also make MFA unavoidable for that user: a virtual MFA device for the user',
      '(`AWS::IAM::VirtualMFADevice` with the user in `Users`; a Terraform `aws_iam_virtual_mfa_device` named after the user)',
      'or a policy that reaches the user (inline, attached, or through a group) with AWS\'s "deny everything except MFA',
      'setup without MFA" statement (`Deny` + `BoolIfExists` `aws:MultiFactorAuthPresent` = `false`,',
      '[IAM User Guide example](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_aws_my-sec-creds-self-manage.html)).',
      '',
      'The finding sits on the password (the `LoginProfile` key, the `aws_iam_user_login_profile` block) and names the',
      'user. It is not reported when the user, one of its groups or one of its managed policies is outside the',
      'template or module (MFA may be enforced there), or when a policy that reaches the user cannot be read in full.',
      'There is no fix: an MFA device is enabled by the person who holds it, with two codes from the device.',
    ].join('\n'),
    fix: 'none',
    formats: ['cloudformation', 'terraform', 'terraform-json'],
    examples: [
      {
        title: 'AWS::IAM::User with a password in CloudFormation',
        format: 'cloudformation',
        fileName: 'template.yaml',
        bad: code`
          Resources:
            Alice:
              Type: AWS::IAM::User
              Properties:
                UserName: alice
                LoginProfile:
                  Password: '{{resolve:secretsmanager:alice-initial-password}}'
                  PasswordResetRequired: true
        `,
        good: code`
          Resources:
            Alice:
              Type: AWS::IAM::User
              Properties:
                UserName: alice
                LoginProfile:
                  Password: '{{resolve:secretsmanager:alice-initial-password}}'
                  PasswordResetRequired: true
            AliceMfa:
              Type: AWS::IAM::VirtualMFADevice
              Properties:
                Users:
                  - !Ref Alice
        `,
      },
      {
        title: 'aws_iam_user_login_profile in Terraform',
        format: 'terraform',
        fileName: 'main.tf',
        bad: code`
          resource "aws_iam_user" "alice" {
            name = "alice"
          }

          resource "aws_iam_user_login_profile" "alice" {
            user = aws_iam_user.alice.name
          }
        `,
        good: code`
          resource "aws_iam_user" "alice" {
            name = "alice"
          }

          resource "aws_iam_user_login_profile" "alice" {
            user = aws_iam_user.alice.name
          }

          resource "aws_iam_user_policy" "alice_mfa" {
            user = aws_iam_user.alice.name
            policy = jsonencode({
              Version = "2012-10-17"
              Statement = [{
                Sid       = "DenyAllExceptListedIfNoMFA"
                Effect    = "Deny"
                NotAction = ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetUser", "iam:ListMFADevices", "sts:GetSessionToken"]
                Resource  = "*"
                Condition = { BoolIfExists = { "aws:MultiFactorAuthPresent" = "false" } }
              }]
            })
          }
        `,
      },
      {
        title: 'aws_iam_user_login_profile in Terraform JSON',
        format: 'terraform-json',
        fileName: 'main.tf.json',
        bad: code`
          {
            "resource": {
              "aws_iam_user": {"alice": {"name": "alice"}},
              "aws_iam_user_login_profile": {"alice": {"user": "\${aws_iam_user.alice.name}"}}
            }
          }
        `,
        good: code`
          {
            "resource": {
              "aws_iam_user": {"alice": {"name": "alice"}},
              "aws_iam_user_login_profile": {"alice": {"user": "\${aws_iam_user.alice.name}"}},
              "aws_iam_virtual_mfa_device": {"alice": {"virtual_mfa_device_name": "\${aws_iam_user.alice.name}"}}
            }
          }
        `,
      },
    ],
  },
  check,
});
