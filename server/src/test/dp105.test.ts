import { dp105 } from '../engine/rules/dp105-cognito-user-pool-mfa-not-required';
import { code } from '../engine/rules/rule';
import { testRule } from '../engine/rules/tester';
import { corpus } from './fixtures';

const OFF = (via = '') =>
  `MFA is OFF for this user pool${via}: users sign in with a password alone, so a stolen or guessed password is enough to take over their account.`;
const DEFAULT_OFF =
  'This user pool does not set its MFA configuration, which defaults to OFF: users sign in with a password alone, so a stolen or guessed password is enough to take over their account.';
const OPTIONAL =
  'MFA is OPTIONAL for this user pool: users who have not set up a second factor sign in with a password alone, so a stolen password is enough to take over their account.';
const TITLE = 'Require MFA for every user: set the MFA configuration to ON (unsafe: users without a second factor must set one up at their next sign-in)';

const cfnPool = (props: string) => `Resources:
  Customers:
    Type: AWS::Cognito::UserPool
    Properties:
      UserPoolName: customers
${props}
`;

const tfPool = (args: string) => code`
  resource "aws_cognito_user_pool" "customers" {
    name = "customers"
  ${args}
  }
`;

testRule(dp105, {
  valid: [
    { name: 'CloudFormation: MFA ON with a software token', format: 'cloudformation', code: cfnPool("      MfaConfiguration: 'ON'\n      EnabledMfas:\n        - SOFTWARE_TOKEN_MFA") },
    {
      name: 'CloudFormation: a parameter (even with default OFF) is decided at deploy time',
      format: 'cloudformation',
      code: `Parameters:
  Mfa:
    Type: String
    Default: 'OFF'
${cfnPool('      MfaConfiguration: !Ref Mfa')}`,
    },
    { name: 'Terraform: MFA ON', format: 'terraform', code: tfPool('  mfa_configuration = "ON"\n\n  software_token_mfa_configuration {\n    enabled = true\n  }') },
    { name: 'Terraform: a variable', format: 'terraform', code: tfPool('  mfa_configuration = var.mfa') },
    { name: 'Terraform: a data source is a lookup, not a configuration', format: 'terraform', code: 'data "aws_cognito_user_pool" "existing" {\n  user_pool_id = "eu-west-1_abc"\n}\n' },
    { name: 'Terraform JSON: MFA ON', format: 'terraform-json', code: '{"resource": {"aws_cognito_user_pool": {"p": {"name": "p", "mfa_configuration": "ON", "sms_configuration": {"external_id": "x", "sns_caller_arn": "arn:aws:iam::111122223333:role/sms"}}}}}\n' },
  ],
  invalid: [
    {
      name: 'CloudFormation YAML: OFF with a second factor configured',
      format: 'cloudformation',
      code: cfnPool("      MfaConfiguration: 'OFF'\n      EnabledMfas:\n        - SOFTWARE_TOKEN_MFA"),
      errors: [{ at: "'OFF'", message: OFF(), fixes: [{ title: TITLE, output: cfnPool("      MfaConfiguration: 'ON'\n      EnabledMfas:\n        - SOFTWARE_TOKEN_MFA") }] }],
    },
    {
      name: 'CloudFormation YAML: not set (defaults to OFF), SMS configured: reported on Properties',
      format: 'cloudformation',
      code: cfnPool('      SmsConfiguration:\n        ExternalId: customers\n        SnsCallerArn: !GetAtt SmsRole.Arn'),
      errors: [
        {
          at: 'Properties',
          message: DEFAULT_OFF,
          fixes: [cfnPool("      SmsConfiguration:\n        ExternalId: customers\n        SnsCallerArn: !GetAtt SmsRole.Arn\n      MfaConfiguration: 'ON'")],
        },
      ],
    },
    {
      name: 'CloudFormation YAML: OFF without any second factor (no fix: ON would not deploy)',
      format: 'cloudformation',
      code: cfnPool('      MfaConfiguration: "OFF"'),
      errors: [{ at: '"OFF"', message: OFF() }],
    },
    {
      name: 'CloudFormation JSON: OPTIONAL is info',
      format: 'cloudformation',
      file: 'template.json',
      code: code`
        {
          "Resources": {
            "Customers": {
              "Type": "AWS::Cognito::UserPool",
              "Properties": {"MfaConfiguration": "OPTIONAL", "EnabledMfas": ["SOFTWARE_TOKEN_MFA"]}
            }
          }
        }
      `,
      errors: [
        {
          at: '"OPTIONAL"',
          message: OPTIONAL,
          severity: 'info',
          fixes: [
            code`
              {
                "Resources": {
                  "Customers": {
                    "Type": "AWS::Cognito::UserPool",
                    "Properties": {"MfaConfiguration": "ON", "EnabledMfas": ["SOFTWARE_TOKEN_MFA"]}
                  }
                }
              }
            `,
          ],
        },
      ],
    },
    {
      name: 'Terraform: not set, with a software token: reported on the resource, fix adds the argument',
      format: 'terraform',
      code: code`
        resource "aws_cognito_user_pool" "customers" {
          name = "customers"

          software_token_mfa_configuration {
            enabled = true
          }
        }
      `,
      errors: [
        {
          at: '"aws_cognito_user_pool" "customers"',
          message: DEFAULT_OFF,
          fixes: [
            code`
              resource "aws_cognito_user_pool" "customers" {
                name              = "customers"
                mfa_configuration = "ON"

                software_token_mfa_configuration {
                  enabled = true
                }
              }
            `,
          ],
        },
      ],
    },
    {
      name: 'Terraform: OFF without a second factor (no fix)',
      format: 'terraform',
      code: tfPool('  mfa_configuration = "OFF"'),
      errors: [{ at: '"OFF"', message: OFF() }],
    },
    {
      name: 'Terraform: OFF from a local, reported where it is used (no fix: the value is shared)',
      format: 'terraform',
      code: code`
        locals {
          mfa = "OFF"
        }

        resource "aws_cognito_user_pool" "customers" {
          name              = "customers"
          mfa_configuration = local.mfa
        }
      `,
      errors: [{ at: 'local.mfa', message: OFF(' (from local.mfa)') }],
    },
    {
      name: 'Terraform JSON: not set, no second factor',
      format: 'terraform-json',
      code: '{"resource": {"aws_cognito_user_pool": {"customers": {"name": "customers"}}}}\n',
      errors: [{ at: '"customers"', message: DEFAULT_OFF }],
    },
  ],
  corpus: corpus(),
});
