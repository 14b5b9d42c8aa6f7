import { dp101 } from '../engine/rules/dp101-ineffective-mfa-condition';
import { code } from '../engine/rules/rule';
import { testRule } from '../engine/rules/tester';
import { corpus } from './fixtures';

const DENY_BOOL = 'This Deny does not apply to requests made with long-term access keys: they do not carry aws:MultiFactorAuthPresent, and Bool does not match a missing key; use BoolIfExists.';
const DENY_NULL =
  'Null = true denies only requests that do not carry aws:MultiFactorAuthPresent (long-term access keys): console and temporary sessions without MFA carry it as false and are not denied; use BoolIfExists = false.';
const ALLOW_IFEXISTS = 'BoolIfExists = true also allows requests made with long-term access keys, which never carry MFA, so this only requires MFA for console and temporary sessions.';
const ALLOW_FALSE = 'This Allow applies only to requests made without MFA (aws:MultiFactorAuthPresent = false), the opposite of requiring MFA.';
const ALLOW_NULL_FALSE =
  'Null = false on aws:MultiFactorAuthPresent only requires temporary credentials, and console or role sessions without MFA carry the key as false, so they are allowed.';
const ALLOW_NULL_TRUE = 'Null = true on aws:MultiFactorAuthPresent allows only requests that do not carry the key: those made with long-term access keys, which never carry MFA.';
const BOTH = (op: string, keys = '') => `With both "true" and "false", ${op} matches sessions with or without MFA${keys}, so this Allow does not require MFA.`;
const AGE_NULL = 'Null = true on aws:MultiFactorAuthAge matches only requests made without MFA (the key is absent then), so this Allow applies only when MFA was not used.';
const AGE_ALLOW_OP = (op: string, base: string) => `${op} also matches requests made without MFA (aws:MultiFactorAuthAge is absent), so this Allow does not require MFA; use ${base}.`;
const FOR_ALL = (use: string) =>
  `ForAllValues: is for multivalued keys; on the single-valued aws:MultiFactorAuthPresent it also matches requests that do not carry the key (long-term access keys); use ${use}.`;
const FOR_ANY = (use: string) =>
  `ForAnyValue: is for multivalued keys; on the single-valued aws:MultiFactorAuthPresent it never matches requests that do not carry the key (long-term access keys); use ${use}.`;
const AGE_DENY = (op: string) => `aws:MultiFactorAuthAge is absent when MFA was not used, so this Deny with ${op} never applies to requests made without MFA; use ${op}IfExists.`;
const AGE_ALLOW = 'NumericLessThanIfExists also matches requests made without MFA (aws:MultiFactorAuthAge is absent), so this Allow does not require MFA; use NumericLessThan.';
const ODD_VALUE = (v: string) => `aws:MultiFactorAuthPresent is "true" or "false": the value "${v}" never matches, so this condition never applies.`;

const T_BOOLIFEXISTS = 'Use BoolIfExists (unsafe: requests made with long-term access keys are denied too)';
const T_DENY_NULL = 'Use BoolIfExists = false (unsafe: sessions without MFA are denied too)';
const T_BOOL = 'Use Bool (unsafe: requests made with long-term access keys are no longer allowed)';
const T_REQUIRE = 'Require MFA: Bool = true (unsafe: requests made without MFA are no longer allowed)';

/** A standalone policy with one statement. */
const policy = (effect: string, condition: string, action = '"*"') => code`
  {
    "Version": "2012-10-17",
    "Statement": [
      {
        "Effect": "${effect}",
        "Action": ${action},
        "Resource": "*",
        "Condition": ${condition}
      }
    ]
  }
`;

const cfnYaml = (statement: string) => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Admins:
    Type: AWS::IAM::Group
    Properties:
      Policies:
        - PolicyName: require-mfa
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
${statement}
`;

const cfnJson = (condition: string) => code`
  {
    "Resources": {
      "RequireMfa": {
        "Type": "AWS::IAM::ManagedPolicy",
        "Properties": {
          "PolicyDocument": {
            "Version": "2012-10-17",
            "Statement": [
              {
                "Effect": "Deny",
                "NotAction": ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "sts:GetSessionToken"],
                "Resource": "*",
                "Condition": ${condition}
              }
            ]
          }
        }
      }
    }
  }
`;

const tfJsonencode = (condition: string, effect = 'Deny') => code`
  resource "aws_iam_policy" "admins" {
    name = "admins"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [
        {
          Effect    = "${effect}"
          Action    = "*"
          Resource  = "*"
          Condition = ${condition}
        },
      ]
    })
  }
`;

const tfHeredoc = (condition: string, effect = 'Allow') => code`
  resource "aws_iam_user_policy" "ops" {
    user   = "ops"
    policy = <<-EOT
      {
        "Statement": [{
          "Effect": "${effect}",
          "Action": "ec2:StopInstances",
          "Resource": "*",
          "Condition": ${condition}
        }]
      }
    EOT
  }
`;

const tfDocument = (test: string, variable: string, values: string, effect = 'Deny') => code`
  data "aws_iam_policy_document" "ops" {
    statement {
      effect    = "${effect}"
      actions   = ["*"]
      resources = ["*"]
      condition {
        test     = "${test}"
        variable = "${variable}"
        values   = ${values}
      }
    }
  }
`;

const tfJson = (policyString: string) => `{
  "resource": {
    "aws_iam_policy": {
      "admins": {
        "policy": ${JSON.stringify(policyString)}
      }
    }
  }
}
`;

const tfJsonDocument = (test: string, values: string) => code`
  {
    "data": {
      "aws_iam_policy_document": {
        "admins": {
          "statement": [
            {
              "effect": "Deny",
              "actions": ["*"],
              "resources": ["*"],
              "condition": [{"test": "${test}", "variable": "aws:MultiFactorAuthPresent", "values": ${values}}]
            }
          ]
        }
      }
    }
  }
`;

const denyBoolFalse = policy('Deny', '{"Bool": {"aws:MultiFactorAuthPresent": "false"}}');

testRule(dp101, {
  valid: [
    {
      name: 'Terraform JSON: aws_iam_policy with Deny + BoolIfExists false (AWS recommended)',
      format: 'terraform-json',
      code: '{"resource": {"aws_iam_policy": {"mfa": {"policy": "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Deny\\",\\"NotAction\\":\\"iam:*MFA*\\",\\"Resource\\":\\"*\\",\\"Condition\\":{\\"BoolIfExists\\":{\\"aws:MultiFactorAuthPresent\\":\\"false\\"}}}]}"}}}}\n',
    },
    { name: 'Deny + BoolIfExists false (AWS recommended)', format: 'iam-json', code: policy('Deny', '{"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}') },
    { name: 'Deny + BoolIfExists false as a JSON boolean', format: 'iam-json', code: policy('Deny', '{"BoolIfExists": {"aws:MultiFactorAuthPresent": false}}') },
    { name: 'Allow + Bool true', format: 'iam-json', code: policy('Allow', '{"Bool": {"aws:MultiFactorAuthPresent": "true"}}') },
    { name: 'Allow + NumericLessThanEquals on the MFA age (AWS example)', format: 'iam-json', code: policy('Allow', '{"NumericLessThanEquals": {"aws:MultiFactorAuthAge": "3600"}}', '"iam:DeactivateMFADevice"') },
    { name: 'Deny + NumericGreaterThanIfExists on the MFA age', format: 'iam-json', code: policy('Deny', '{"NumericGreaterThanIfExists": {"aws:MultiFactorAuthAge": "3600"}}') },
    { name: 'other keys are not looked at', format: 'iam-json', code: policy('Deny', '{"Bool": {"aws:SecureTransport": "false"}}') },
    {
      name: 'CloudFormation: a value from a parameter is unknown, never reported',
      format: 'cloudformation',
      code: cfnYaml(`              - Effect: Deny
                Action: '*'
                Resource: '*'
                Condition:
                  Bool:
                    aws:MultiFactorAuthPresent: !Ref MfaValue`),
    },
    {
      name: 'CloudFormation: an effect from a parameter is unknown, never reported',
      format: 'cloudformation',
      code: cfnYaml(`              - Effect: !Ref Effect
                Action: '*'
                Resource: '*'
                Condition:
                  Bool:
                    aws:MultiFactorAuthPresent: 'false'`),
    },
    { name: 'Terraform aws_iam_policy_document: Deny + BoolIfExists false', format: 'terraform', code: tfDocument('BoolIfExists', 'aws:MultiFactorAuthPresent', '["false"]') },
    { name: 'Terraform aws_iam_policy_document: values from a variable', format: 'terraform', code: tfDocument('Bool', 'aws:MultiFactorAuthPresent', 'var.mfa_values') },
  ],
  invalid: [
    {
      name: 'policy JSON: Deny + Bool false',
      format: 'iam-json',
      code: denyBoolFalse,
      errors: [{ at: '"Bool"', message: DENY_BOOL, fixes: [{ title: T_BOOLIFEXISTS, output: denyBoolFalse.replace('"Bool"', '"BoolIfExists"') }] }],
    },
    {
      name: 'policy JSON: the key in another case, value as a JSON boolean',
      format: 'iam-json',
      code: policy('Deny', '{"Bool": {"aws:multifactorauthpresent": false}}'),
      errors: [{ at: '"Bool"', message: DENY_BOOL, fixes: [policy('Deny', '{"BoolIfExists": {"aws:multifactorauthpresent": false}}')] }],
    },
    {
      name: 'policy JSON: Bool shared with aws:ViaAWSService moves the MFA key to BoolIfExists',
      format: 'iam-json',
      code: policy('Deny', '{"Bool": {"aws:ViaAWSService": "false", "aws:MultiFactorAuthPresent": "false"}}'),
      errors: [
        {
          at: '"Bool"',
          message: DENY_BOOL,
          fixes: [policy('Deny', '{"Bool": {"aws:ViaAWSService": "false"}, "BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}')],
        },
      ],
    },
    {
      name: 'policy JSON: Deny + Null true',
      format: 'iam-json',
      code: policy('Deny', '{"Null": {"aws:MultiFactorAuthPresent": "true"}}'),
      errors: [{ at: '"Null"', message: DENY_NULL, fixes: [{ title: T_DENY_NULL, output: policy('Deny', '{"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}') }] }],
    },
    {
      name: 'policy JSON: Allow + BoolIfExists true is a warning',
      format: 'iam-json',
      code: policy('Allow', '{"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}'),
      errors: [{ at: '"BoolIfExists"', message: ALLOW_IFEXISTS, severity: 'warning', fixes: [{ title: T_BOOL, output: policy('Allow', '{"Bool": {"aws:MultiFactorAuthPresent": "true"}}') }] }],
    },
    {
      name: 'policy JSON: Allow + BoolIfExists false',
      format: 'iam-json',
      code: policy('Allow', '{"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}'),
      errors: [{ at: '"false"', message: ALLOW_FALSE, fixes: [{ title: T_REQUIRE, output: policy('Allow', '{"Bool": {"aws:MultiFactorAuthPresent": "true"}}') }] }],
    },
    {
      name: 'policy JSON: ForAllValues on an Allow, ForAnyValue on a Deny',
      format: 'iam-json',
      code: code`
        {
          "Statement": [
            {"Effect": "Allow", "Action": "ec2:*", "Resource": "*", "Condition": {"ForAllValues:Bool": {"aws:MultiFactorAuthPresent": ["true"]}}},
            {"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"ForAnyValue:Bool": {"aws:MultiFactorAuthPresent": "false"}}}
          ]
        }
      `,
      errors: [
        {
          at: '"ForAllValues:Bool"',
          message: FOR_ALL('Bool'),
          fixes: [
            code`
              {
                "Statement": [
                  {"Effect": "Allow", "Action": "ec2:*", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": ["true"]}}},
                  {"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"ForAnyValue:Bool": {"aws:MultiFactorAuthPresent": "false"}}}
                ]
              }
            `,
          ],
        },
        {
          at: '"ForAnyValue:Bool"',
          message: FOR_ANY('BoolIfExists'),
          fixes: [
            code`
              {
                "Statement": [
                  {"Effect": "Allow", "Action": "ec2:*", "Resource": "*", "Condition": {"ForAllValues:Bool": {"aws:MultiFactorAuthPresent": ["true"]}}},
                  {"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}
                ]
              }
            `,
          ],
        },
      ],
    },
    {
      name: 'policy JSON: a value that is not true or false has no fix',
      format: 'iam-json',
      code: policy('Allow', '{"Bool": {"aws:MultiFactorAuthPresent": "yes"}}'),
      errors: [{ at: '"yes"', message: ODD_VALUE('yes') }],
    },
    {
      name: 'policy JSON: Deny + NumericGreaterThan on the MFA age',
      format: 'iam-json',
      code: policy('Deny', '{"NumericGreaterThan": {"aws:MultiFactorAuthAge": "3600"}}'),
      errors: [{ at: '"NumericGreaterThan"', message: AGE_DENY('NumericGreaterThan'), fixes: [policy('Deny', '{"NumericGreaterThanIfExists": {"aws:MultiFactorAuthAge": "3600"}}')] }],
    },
    {
      name: 'CloudFormation YAML: Deny + Null true (unquoted boolean) in block style, Allow + BoolIfExists in flow style',
      format: 'cloudformation',
      code: cfnYaml(`              - Effect: Deny
                NotAction: iam:ChangePassword
                Resource: '*'
                Condition:
                  'Null':
                    aws:MultiFactorAuthPresent: true
              - Effect: Allow
                Action: ec2:*
                Resource: '*'
                Condition: {BoolIfExists: {aws:MultiFactorAuthPresent: 'true'}}`),
      errors: [
        {
          at: "'Null'",
          message: DENY_NULL,
          fixes: [
            cfnYaml(`              - Effect: Deny
                NotAction: iam:ChangePassword
                Resource: '*'
                Condition:
                  BoolIfExists:
                    aws:MultiFactorAuthPresent: 'false'
              - Effect: Allow
                Action: ec2:*
                Resource: '*'
                Condition: {BoolIfExists: {aws:MultiFactorAuthPresent: 'true'}}`),
          ],
        },
        {
          at: 'BoolIfExists',
          message: ALLOW_IFEXISTS,
          severity: 'warning',
          fixes: [
            cfnYaml(`              - Effect: Deny
                NotAction: iam:ChangePassword
                Resource: '*'
                Condition:
                  'Null':
                    aws:MultiFactorAuthPresent: true
              - Effect: Allow
                Action: ec2:*
                Resource: '*'
                Condition: {Bool: {aws:MultiFactorAuthPresent: 'true'}}`),
          ],
        },
      ],
    },
    {
      name: 'CloudFormation JSON: managed policy with Deny + Bool false',
      format: 'cloudformation',
      file: 'template.json',
      code: cfnJson('{"Bool": {"aws:MultiFactorAuthPresent": "false"}}'),
      errors: [{ at: '"Bool"', message: DENY_BOOL, fixes: [cfnJson('{"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}')] }],
    },
    {
      name: 'Terraform jsonencode: Deny + Bool false',
      format: 'terraform',
      code: tfJsonencode('{ Bool = { "aws:MultiFactorAuthPresent" = "false" } }'),
      errors: [{ at: 'Bool', message: DENY_BOOL, fixes: [tfJsonencode('{ BoolIfExists = { "aws:MultiFactorAuthPresent" = "false" } }')] }],
    },
    {
      name: 'Terraform jsonencode: Allow + Null false',
      format: 'terraform',
      code: tfJsonencode('{\n        "Null" = { "aws:MultiFactorAuthPresent" = "false" }\n      }', 'Allow'),
      errors: [
        {
          at: '"Null"',
          message: ALLOW_NULL_FALSE,
          fixes: [{ title: T_REQUIRE, output: tfJsonencode('{\n        Bool = { "aws:MultiFactorAuthPresent" = "true" }\n      }', 'Allow') }],
        },
      ],
    },
    {
      name: 'Terraform heredoc: Allow + NumericLessThanIfExists on the MFA age',
      format: 'terraform',
      code: tfHeredoc('{"NumericLessThanIfExists": {"aws:MultiFactorAuthAge": "3600"}}'),
      errors: [{ at: '"NumericLessThanIfExists"', message: AGE_ALLOW, fixes: [tfHeredoc('{"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}')] }],
    },
    {
      name: 'Terraform heredoc: Deny + Bool false',
      format: 'terraform',
      code: tfHeredoc('{"Bool": {"aws:MultiFactorAuthPresent": "false"}}', 'Deny'),
      errors: [{ at: '"Bool"', message: DENY_BOOL, fixes: [tfHeredoc('{"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}', 'Deny')] }],
    },
    {
      name: 'Terraform aws_iam_policy_document: Deny + Null true',
      format: 'terraform',
      code: tfDocument('Null', 'aws:MultiFactorAuthPresent', '["true"]'),
      errors: [{ at: '"Null"', message: DENY_NULL, fixes: [tfDocument('BoolIfExists', 'aws:MultiFactorAuthPresent', '["false"]')] }],
    },
    {
      name: 'Terraform aws_iam_policy_document: Allow + BoolIfExists true',
      format: 'terraform',
      code: tfDocument('BoolIfExists', 'aws:MultiFactorAuthPresent', '["true"]', 'Allow'),
      errors: [{ at: '"BoolIfExists"', message: ALLOW_IFEXISTS, severity: 'warning', fixes: [tfDocument('Bool', 'aws:MultiFactorAuthPresent', '["true"]', 'Allow')] }],
    },
    {
      name: 'Terraform aws_iam_policy_document: Deny + NumericGreaterThan on the MFA age',
      format: 'terraform',
      code: tfDocument('NumericGreaterThan', 'aws:MultiFactorAuthAge', '["3600"]'),
      errors: [{ at: '"NumericGreaterThan"', message: AGE_DENY('NumericGreaterThan'), fixes: [tfDocument('NumericGreaterThanIfExists', 'aws:MultiFactorAuthAge', '["3600"]')] }],
    },
    {
      name: 'Terraform JSON: policy string with Deny + Bool false',
      format: 'terraform-json',
      code: tfJson('{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}]}'),
      errors: [
        {
          at: JSON.stringify('{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}]}'),
          message: DENY_BOOL,
          fixes: [tfJson('{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}]}')],
        },
      ],
    },
    {
      name: 'Terraform JSON: aws_iam_policy_document with Deny + Null true',
      format: 'terraform-json',
      code: tfJsonDocument('Null', '["true"]'),
      errors: [{ at: '"Null"', message: DENY_NULL, fixes: [tfJsonDocument('BoolIfExists', '["false"]')] }],
    },
    {
      name: 'Terraform: one aws_iam_policy_document used by two policies is reported once',
      format: 'terraform',
      code: tfDocument('Bool', 'aws:MultiFactorAuthPresent', '["false"]') + '\n\nresource "aws_iam_policy" "a" {\n  policy = data.aws_iam_policy_document.ops.json\n}\n\nresource "aws_iam_group_policy" "b" {\n  group  = "ops"\n  policy = data.aws_iam_policy_document.ops.json\n}\n',
      errors: [{ at: '"Bool"', message: DENY_BOOL, fixes: [tfDocument('BoolIfExists', 'aws:MultiFactorAuthPresent', '["false"]') + '\n\nresource "aws_iam_policy" "a" {\n  policy = data.aws_iam_policy_document.ops.json\n}\n\nresource "aws_iam_group_policy" "b" {\n  group  = "ops"\n  policy = data.aws_iam_policy_document.ops.json\n}\n'] }],
    },
    {
      name: 'policy JSON: Allow + Null true admits only long-term access keys',
      format: 'iam-json',
      code: policy('Allow', '{"Null": {"aws:MultiFactorAuthPresent": "true"}}'),
      errors: [{ at: '"Null"', message: ALLOW_NULL_TRUE, fixes: [{ title: T_REQUIRE, output: policy('Allow', '{"Bool": {"aws:MultiFactorAuthPresent": "true"}}') }] }],
    },
    {
      name: 'policy JSON: Allow + Null true shared with another key has no fix (the operator cannot be renamed alone)',
      format: 'iam-json',
      code: policy('Allow', '{"Null": {"aws:MultiFactorAuthPresent": "true", "aws:SourceIp": "false"}}'),
      errors: [{ at: '"Null"', message: ALLOW_NULL_TRUE }],
    },
    {
      name: 'CloudFormation YAML: Allow + Null true',
      format: 'cloudformation',
      code: cfnYaml(`              - Effect: Allow
                Action: '*'
                Resource: '*'
                Condition:
                  'Null':
                    aws:MultiFactorAuthPresent: 'true'`),
      errors: [
        {
          at: "'Null'",
          message: ALLOW_NULL_TRUE,
          fixes: [
            cfnYaml(`              - Effect: Allow
                Action: '*'
                Resource: '*'
                Condition:
                  Bool:
                    aws:MultiFactorAuthPresent: 'true'`),
          ],
        },
      ],
    },
    {
      name: 'Terraform aws_iam_policy_document: Allow + Null true',
      format: 'terraform',
      code: tfDocument('Null', 'aws:MultiFactorAuthPresent', '["true"]', 'Allow'),
      errors: [{ at: '"Null"', message: ALLOW_NULL_TRUE, fixes: [tfDocument('Bool', 'aws:MultiFactorAuthPresent', '["true"]', 'Allow')] }],
    },
    {
      name: 'Terraform JSON: policy string with Allow + Null true',
      format: 'terraform-json',
      code: tfJson('{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Null":{"aws:MultiFactorAuthPresent":"true"}}}]}'),
      errors: [
        {
          at: JSON.stringify('{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Null":{"aws:MultiFactorAuthPresent":"true"}}}]}'),
          message: ALLOW_NULL_TRUE,
          fixes: [tfJson('{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}')],
        },
      ],
    },
    {
      name: 'policy JSON: Allow + Bool with both values requires no MFA',
      format: 'iam-json',
      code: policy('Allow', '{"Bool": {"aws:MultiFactorAuthPresent": ["true", "false"]}}'),
      errors: [{ at: '"Bool"', message: BOTH('Bool'), fixes: [{ title: T_REQUIRE, output: policy('Allow', '{"Bool": {"aws:MultiFactorAuthPresent": "true"}}') }] }],
    },
    {
      name: 'policy JSON: Allow + NumericGreaterThanIfExists on the MFA age',
      format: 'iam-json',
      code: policy('Allow', '{"NumericGreaterThanIfExists": {"aws:MultiFactorAuthAge": "60"}}'),
      errors: [{ at: '"NumericGreaterThanIfExists"', message: AGE_ALLOW_OP('NumericGreaterThanIfExists', 'NumericGreaterThan'), fixes: [policy('Allow', '{"NumericGreaterThan": {"aws:MultiFactorAuthAge": "60"}}')] }],
    },
    {
      name: 'CloudFormation YAML: Allow + BoolIfExists with both values',
      format: 'cloudformation',
      code: cfnYaml(`              - Effect: Allow
                Action: '*'
                Resource: '*'
                Condition:
                  BoolIfExists:
                    aws:MultiFactorAuthPresent: ['true', 'false']`),
      errors: [
        {
          at: 'BoolIfExists',
          message: BOTH('BoolIfExists', ' and requests made with long-term access keys'),
          fixes: [
            cfnYaml(`              - Effect: Allow
                Action: '*'
                Resource: '*'
                Condition:
                  Bool:
                    aws:MultiFactorAuthPresent: 'true'`),
          ],
        },
      ],
    },
    {
      name: 'Terraform aws_iam_policy_document: Allow + Null true on the MFA age',
      format: 'terraform',
      code: tfDocument('Null', 'aws:MultiFactorAuthAge', '["true"]', 'Allow'),
      errors: [{ at: '"Null"', message: AGE_NULL, fixes: [{ title: 'Require MFA: Null = false (unsafe: requests made without MFA are no longer allowed)', output: tfDocument('Null', 'aws:MultiFactorAuthAge', '["false"]', 'Allow') }] }],
    },
    {
      name: 'Terraform JSON: policy string with Allow + Bool with both values',
      format: 'terraform-json',
      code: tfJson('{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":["true","false"]}}}]}'),
      errors: [
        {
          at: JSON.stringify('{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":["true","false"]}}}]}'),
          message: BOTH('Bool'),
          fixes: [tfJson('{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}')],
        },
      ],
    },
  ],
  corpus: corpus(),
});
