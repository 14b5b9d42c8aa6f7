import { dp103 } from '../engine/rules/dp103-role-trust-without-mfa';
import { code } from '../engine/rules/rule';
import { testRule } from '../engine/rules/tester';
import { corpus } from './fixtures';

const NO_MFA = (who: string) => `${who} can assume this role without MFA; the trust policy is the place to require it, because the role's sessions carry no MFA to later requests.`;
const EXTERNAL_ID = (who: string) =>
  `${who} can assume this role with only an sts:ExternalId check, which guards a third party against the confused deputy but is not MFA; if people assume this role, require MFA here too.`;
const PRINCIPAL = 'A principal that can assume the role without MFA.';
/** A statement with conditions on the MFA keys that do not require MFA (the finding offers no fix: DP101's rewrites the condition). */
const GAP = (who: string, only: boolean, reason: string) => `${who} can assume this role ${only ? 'only ' : ''}without MFA: ${reason}, and the trust policy is the only place to require MFA for the role.`;
const ABSENCE = (cond: string) => `its condition ${cond} requires the absence of MFA`;
const KEYS = (cond: string) => `its condition ${cond} also matches requests made with long-term access keys, which never carry MFA`;
const SESSIONS = (cond: string) => `its condition ${cond} also matches console and temporary sessions without MFA`;
const CONDITION = 'This condition lets requests without MFA through.';
const ACCOUNT = 'Principals of account 111122223333';
const TITLE = 'Require MFA to assume the role: Bool aws:MultiFactorAuthPresent = true (unsafe: callers without MFA can no longer assume it)';

const trust = (principal: string, extra = '', action = '"sts:AssumeRole"') => code`
  {
    "Version": "2012-10-17",
    "Statement": [
      {
        "Effect": "Allow",
        "Principal": ${principal},
        "Action": ${action}${extra}
      }
    ]
  }
`;

/** A trust policy with an Allow for an account and a Deny without MFA (AWS's Deny + BoolIfExists false) for `denied`. */
const trustWithDeny = (denied: string, operator = 'BoolIfExists', allowCondition = '') => code`
  {
    "Version": "2012-10-17",
    "Statement": [
      {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole"${allowCondition}},
      {"Effect": "Deny", "Principal": {"AWS": ${denied}}, "Action": "sts:AssumeRole", "Condition": {"${operator}": {"aws:MultiFactorAuthPresent": "false"}}}
    ]
  }
`;

const MFA_JSON = ',\n        "Condition": {\n          "Bool": {\n            "aws:MultiFactorAuthPresent": "true"\n          }\n        }';

const cfnRole = (statement: string) => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  AdminRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
${statement}
`;

const tfRole = (principal: string, extra = '') => code`
  resource "aws_iam_role" "admin" {
    name = "admin"
    assume_role_policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect    = "Allow"
        Principal = { AWS = ${principal} }
        Action    = "sts:AssumeRole"${extra}
      }]
    })
  }
`;

const tfDocument = (identifiers: string, condition = '') => code`
  data "aws_iam_policy_document" "assume" {
    statement {
      actions = ["sts:AssumeRole"]
      principals {
        type        = "AWS"
        identifiers = ${identifiers}
      }${condition}
    }
  }

  resource "aws_iam_role" "admin" {
    name               = "admin"
    assume_role_policy = data.aws_iam_policy_document.assume.json
  }
`;

testRule(dp103, {
  valid: [
    {
      name: 'Terraform JSON: aws_iam_role trust policy with Bool MFA true',
      format: 'terraform-json',
      code: '{"resource": {"aws_iam_role": {"admin": {"assume_role_policy": "{\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"AWS\\":\\"111122223333\\"},\\"Action\\":\\"sts:AssumeRole\\",\\"Condition\\":{\\"Bool\\":{\\"aws:MultiFactorAuthPresent\\":\\"true\\"}}}]}"}}}}\n',
    },
    { name: 'Bool MFA true (AWS example)', format: 'iam-json', code: trust('{"AWS": "arn:aws:iam::111122223333:root"}', MFA_JSON) },
    { name: 'a service principal', format: 'iam-json', code: trust('{"Service": "ec2.amazonaws.com"}') },
    { name: 'a role principal (a role session never carries MFA)', format: 'iam-json', code: trust('{"AWS": "arn:aws:iam::111122223333:role/ci"}') },
    { name: 'SAML federation cannot carry MFA', format: 'iam-json', code: trust('{"Federated": "arn:aws:iam::111122223333:saml-provider/corp"}', '', '"sts:AssumeRoleWithSAML"') },
    { name: 'an account principal for AssumeRoleWithWebIdentity only', format: 'iam-json', code: trust('{"AWS": "111122223333"}', '', '"sts:AssumeRoleWithWebIdentity"') },
    {
      name: 'an identity policy is not a trust policy',
      format: 'iam-json',
      code: code`
        {"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::111122223333:role/admin"}]}
      `,
    },
    {
      name: 'CloudFormation: a principal from a parameter is unknown',
      format: 'cloudformation',
      code: cfnRole(`          - Effect: Allow
            Principal:
              AWS: !Ref TrustedPrincipal
            Action: sts:AssumeRole`),
    },
    { name: 'Terraform: MFA condition block', format: 'terraform', code: tfDocument('["arn:aws:iam::111122223333:root"]', '\n      condition {\n        test     = "Bool"\n        variable = "aws:MultiFactorAuthPresent"\n        values   = ["true"]\n      }') },
    { name: 'policy JSON: NumericLessThan on the MFA age requires MFA (the key is absent without it)', format: 'iam-json', code: trust('{"AWS": "111122223333"}', ',\n        "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}') },
    { name: 'policy JSON: ForAnyValue:Bool true still requires MFA (DP101 reports the qualifier)', format: 'iam-json', code: trust('{"AWS": "111122223333"}', ',\n        "Condition": {"ForAnyValue:Bool": {"aws:MultiFactorAuthPresent": "true"}}') },
    {
      name: 'CloudFormation YAML: Null false on the MFA age requires MFA to have been used',
      format: 'cloudformation',
      code: cfnRole(`          - Effect: Allow
            Principal:
              AWS: arn:aws:iam::111122223333:root
            Action: sts:AssumeRole
            Condition:
              'Null':
                aws:MultiFactorAuthAge: 'false'`),
    },
    {
      name: 'CloudFormation YAML: an MFA value from a parameter gets the benefit of the doubt',
      format: 'cloudformation',
      code: cfnRole(`          - Effect: Allow
            Principal:
              AWS: arn:aws:iam::111122223333:root
            Action: sts:AssumeRole
            Condition:
              Bool:
                aws:MultiFactorAuthPresent: !Ref RequireMfa`),
    },
    {
      name: 'CloudFormation JSON: Bool true beside BoolIfExists false on another key',
      format: 'cloudformation',
      file: 'template.json',
      code: code`
        {
          "Resources": {
            "AdminRole": {
              "Type": "AWS::IAM::Role",
              "Properties": {
                "AssumeRolePolicyDocument": {
                  "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "sts:AssumeRole", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}, "BoolIfExists": {"aws:ViaAWSService": "false"}}}]
                }
              }
            }
          }
        }
      `,
    },
    {
      name: 'Terraform: Bool true with NumericLessThanIfExists on the age: the Bool requires MFA',
      format: 'terraform',
      code: tfDocument(
        '["arn:aws:iam::111122223333:root"]',
        '\n      condition {\n        test     = "Bool"\n        variable = "aws:MultiFactorAuthPresent"\n        values   = ["true"]\n      }\n      condition {\n        test     = "NumericLessThanIfExists"\n        variable = "aws:MultiFactorAuthAge"\n        values   = ["3600"]\n      }',
      ),
    },
    { name: 'Terraform jsonencode: NumericLessThanEquals on the MFA age', format: 'terraform', code: tfRole('"111122223333"', '\n        Condition = { NumericLessThanEquals = { "aws:MultiFactorAuthAge" = "3600" } }') },
    {
      name: 'Terraform JSON: a trust policy string with NumericLessThan on the MFA age',
      format: 'terraform-json',
      code: '{"resource": {"aws_iam_role": {"admin": {"assume_role_policy": "{\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"AWS\\":\\"111122223333\\"},\\"Action\\":\\"sts:AssumeRole\\",\\"Condition\\":{\\"NumericLessThan\\":{\\"aws:MultiFactorAuthAge\\":\\"900\\"}}}]}"}}}}\n',
    },
    { name: 'policy JSON: a Deny for every AWS principal refuses AssumeRole without MFA', format: 'iam-json', code: trustWithDeny('"*"') },
    { name: "policy JSON: a Deny with Bool false for the same principal counts here (DP101 reports its operator)", format: 'iam-json', code: trustWithDeny('"arn:aws:iam::111122223333:root"', 'Bool') },
    {
      name: 'CloudFormation YAML: a Deny with a wildcard principal and NotAction that keeps sts:AssumeRole in',
      format: 'cloudformation',
      code: cfnRole(`          - Effect: Allow
            Principal:
              AWS: arn:aws:iam::111122223333:root
            Action: sts:AssumeRole
          - Effect: Deny
            Principal: '*'
            NotAction: sts:TagSession
            Condition:
              BoolIfExists:
                aws:MultiFactorAuthPresent: 'false'`),
    },
  ],
  invalid: [
    {
      name: 'policy JSON: an account root',
      format: 'iam-json',
      code: trust('{"AWS": "arn:aws:iam::111122223333:root"}'),
      errors: [{ at: '"arn:aws:iam::111122223333:root"', message: NO_MFA('Principals of account 111122223333'), fixes: [{ title: TITLE, output: trust('{"AWS": "arn:aws:iam::111122223333:root"}', MFA_JSON) }] }],
    },
    {
      name: 'policy JSON: an IAM user in GovCloud, through sts:*',
      format: 'iam-json',
      code: trust('{"AWS": ["arn:aws-us-gov:iam::111122223333:user/alice"]}', '', '"sts:*"'),
      errors: [{ at: '"arn:aws-us-gov:iam::111122223333:user/alice"', message: NO_MFA('The IAM user alice'), fixes: [trust('{"AWS": ["arn:aws-us-gov:iam::111122223333:user/alice"]}', MFA_JSON, '"sts:*"')] }],
    },
    {
      name: 'policy JSON: an account id in China, with a service in the same statement (no fix)',
      format: 'iam-json',
      code: trust('{"AWS": "111122223333", "Service": "ec2.amazonaws.com.cn"}'),
      errors: [{ at: '"111122223333"', message: NO_MFA('Principals of account 111122223333') }],
    },
    {
      name: 'policy JSON: ExternalId is a different control (info, no fix)',
      format: 'iam-json',
      code: trust('{"AWS": "arn:aws:iam::444455556666:root"}', ',\n        "Condition": {"StringEquals": {"sts:ExternalId": "x-7781"}}'),
      errors: [{ at: '"arn:aws:iam::444455556666:root"', message: EXTERNAL_ID('Principals of account 444455556666'), severity: 'info' }],
    },
    {
      name: 'CloudFormation YAML: the own account through !Sub',
      format: 'cloudformation',
      code: cfnRole(`          - Effect: Allow
            Principal:
              AWS: !Sub 'arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root'
            Action: sts:AssumeRole`),
      errors: [
        {
          at: 'AssumeRolePolicyDocument',
          related: [{ at: "'arn:${AWS::Partition}:iam::${AWS::AccountId}:root'", message: PRINCIPAL }],
          message: NO_MFA('Principals of the account'),
          fixes: [
            cfnRole(`          - Effect: Allow
            Principal:
              AWS: !Sub 'arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root'
            Action: sts:AssumeRole
            Condition:
              Bool:
                aws:MultiFactorAuthPresent: 'true'`),
          ],
        },
      ],
    },
    {
      name: 'CloudFormation JSON: Action sts:AssumeRole*',
      format: 'cloudformation',
      file: 'template.json',
      code: code`
        {
          "Resources": {
            "AdminRole": {
              "Type": "AWS::IAM::Role",
              "Properties": {
                "AssumeRolePolicyDocument": {
                  "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole*"}]
                }
              }
            }
          }
        }
      `,
      errors: [
        {
          at: '"AssumeRolePolicyDocument"',
          related: [{ at: '"arn:aws:iam::111122223333:root"', message: PRINCIPAL }],
          message: NO_MFA('Principals of account 111122223333'),
          fixes: [
            code`
              {
                "Resources": {
                  "AdminRole": {
                    "Type": "AWS::IAM::Role",
                    "Properties": {
                      "AssumeRolePolicyDocument": {
                        "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]
                      }
                    }
                  }
                }
              }
            `,
          ],
        },
      ],
    },
    {
      name: 'Terraform jsonencode: an account root',
      format: 'terraform',
      code: tfRole('"arn:aws:iam::111122223333:root"'),
      errors: [
        {
          at: 'assume_role_policy',
          related: [{ at: '"arn:aws:iam::111122223333:root"', message: PRINCIPAL }],
          message: NO_MFA('Principals of account 111122223333'),
          fixes: [tfRole('"arn:aws:iam::111122223333:root"', '\n        Condition = { Bool = { "aws:MultiFactorAuthPresent" = "true" } }')],
        },
      ],
    },
    {
      name: 'Terraform aws_iam_policy_document: an IAM user',
      format: 'terraform',
      code: tfDocument('["arn:aws:iam::111122223333:user/alice"]'),
      errors: [
        {
          at: 'statement',
          related: [{ at: '"arn:aws:iam::111122223333:user/alice"', message: PRINCIPAL }],
          message: NO_MFA('The IAM user alice'),
          fixes: [tfDocument('["arn:aws:iam::111122223333:user/alice"]', '\n\n      condition {\n        test     = "Bool"\n        variable = "aws:MultiFactorAuthPresent"\n        values   = ["true"]\n      }')],
        },
      ],
    },
    {
      name: 'Terraform heredoc: an account root',
      format: 'terraform',
      code: code`
        resource "aws_iam_role" "admin" {
          assume_role_policy = <<EOF
        {
          "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole"}]
        }
        EOF
        }
      `,
      errors: [
        {
          at: 'assume_role_policy',
          related: [{ at: '"arn:aws:iam::111122223333:root"', message: PRINCIPAL }],
          message: NO_MFA('Principals of account 111122223333'),
          fixes: [
            code`
              resource "aws_iam_role" "admin" {
                assume_role_policy = <<EOF
              {
                "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]
              }
              EOF
              }
            `,
          ],
        },
      ],
    },
    {
      name: 'Terraform JSON: aws_iam_role with a JSON string',
      format: 'terraform-json',
      code: code`
        {
          "resource": {
            "aws_iam_role": {
              "admin": {
                "assume_role_policy": "{\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"AWS\\":\\"111122223333\\"},\\"Action\\":\\"sts:AssumeRole\\"}]}"
              }
            }
          }
        }
      `,
      errors: [
        {
          at: '"assume_role_policy"',
          related: [{ at: '"{\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"AWS\\":\\"111122223333\\"},\\"Action\\":\\"sts:AssumeRole\\"}]}"', message: PRINCIPAL }],
          message: NO_MFA('Principals of account 111122223333'),
          fixes: [
            code`
              {
                "resource": {
                  "aws_iam_role": {
                    "admin": {
                      "assume_role_policy": "{\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"AWS\\":\\"111122223333\\"},\\"Action\\":\\"sts:AssumeRole\\",\\"Condition\\":{\\"Bool\\":{\\"aws:MultiFactorAuthPresent\\":\\"true\\"}}}]}"
                    }
                  }
                }
              }
            `,
          ],
        },
      ],
    },
    {
      name: 'Terraform aws_iam_policy_document: two statements, each reported on its own statement block',
      format: 'terraform',
      code: code`
        data "aws_iam_policy_document" "assume" {
          statement {
            actions = ["sts:AssumeRole"]
            principals {
              type        = "AWS"
              identifiers = ["arn:aws:iam::111122223333:root"]
            }
          }

          statement {
            actions = ["sts:AssumeRole"]
            principals {
              type        = "AWS"
              identifiers = ["arn:aws:iam::444455556666:root"]
            }
            condition {
              test     = "StringEquals"
              variable = "sts:ExternalId"
              values   = ["x-7781"]
            }
          }
        }

        resource "aws_iam_role" "partner" {
          assume_role_policy = data.aws_iam_policy_document.assume.json
        }
      `,
      errors: [
        {
          at: 'statement',
          related: [{ at: '"arn:aws:iam::111122223333:root"', message: PRINCIPAL }],
          message: NO_MFA('Principals of account 111122223333'),
          fixes: [
            code`
              data "aws_iam_policy_document" "assume" {
                statement {
                  actions = ["sts:AssumeRole"]
                  principals {
                    type        = "AWS"
                    identifiers = ["arn:aws:iam::111122223333:root"]
                  }

                  condition {
                    test     = "Bool"
                    variable = "aws:MultiFactorAuthPresent"
                    values   = ["true"]
                  }
                }

                statement {
                  actions = ["sts:AssumeRole"]
                  principals {
                    type        = "AWS"
                    identifiers = ["arn:aws:iam::444455556666:root"]
                  }
                  condition {
                    test     = "StringEquals"
                    variable = "sts:ExternalId"
                    values   = ["x-7781"]
                  }
                }
              }

              resource "aws_iam_role" "partner" {
                assume_role_policy = data.aws_iam_policy_document.assume.json
              }
            `,
          ],
        },
        {
          at: 'statement',
          related: [{ at: '"arn:aws:iam::444455556666:root"', message: PRINCIPAL }],
          message: EXTERNAL_ID('Principals of account 444455556666'),
          severity: 'info',
        },
      ],
    },
    {
      name: 'CloudFormation JSON: ExternalId only, reported on the trust policy key (info)',
      format: 'cloudformation',
      file: 'template.json',
      code: code`
        {
          "Resources": {
            "PartnerRole": {
              "Type": "AWS::IAM::Role",
              "Properties": {
                "AssumeRolePolicyDocument": {
                  "Statement": [
                    {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"},
                    {"Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "x-7781"}}}
                  ]
                }
              }
            }
          }
        }
      `,
      errors: [{ at: '"AssumeRolePolicyDocument"', related: [{ at: '"444455556666"', message: PRINCIPAL }], message: EXTERNAL_ID('Principals of account 444455556666'), severity: 'info' }],
    },
    {
      name: 'Terraform JSON: aws_iam_policy_document data source, reported on its "statement" key',
      format: 'terraform-json',
      code: code`
        {
          "data": {
            "aws_iam_policy_document": {
              "assume": {
                "statement": [
                  {
                    "actions": ["sts:AssumeRole"],
                    "principals": [{"type": "AWS", "identifiers": ["arn:aws:iam::111122223333:user/alice"]}]
                  }
                ]
              }
            }
          },
          "resource": {
            "aws_iam_role": {"admin": {"assume_role_policy": "\${data.aws_iam_policy_document.assume.json}"}}
          }
        }
      `,
      errors: [
        {
          at: '"statement"',
          related: [{ at: '"arn:aws:iam::111122223333:user/alice"', message: PRINCIPAL }],
          message: NO_MFA('The IAM user alice'),
          fixes: [
            code`
              {
                "data": {
                  "aws_iam_policy_document": {
                    "assume": {
                      "statement": [
                        {
                          "actions": ["sts:AssumeRole"],
                          "principals": [{"type": "AWS", "identifiers": ["arn:aws:iam::111122223333:user/alice"]}],
                          "condition": [
                            {
                              "test": "Bool",
                              "variable": "aws:MultiFactorAuthPresent",
                              "values": ["true"]
                            }
                          ]
                        }
                      ]
                    }
                  }
                },
                "resource": {
                  "aws_iam_role": {"admin": {"assume_role_policy": "\${data.aws_iam_policy_document.assume.json}"}}
                }
              }
            `,
          ],
        },
      ],
    },
    {
      name: 'Terraform: one aws_iam_policy_document used by two roles is reported once',
      format: 'terraform',
      code: tfDocument('["arn:aws:iam::111122223333:root"]') + '\nresource "aws_iam_role" "second" {\n  name               = "second"\n  assume_role_policy = data.aws_iam_policy_document.assume.json\n}\n',
      errors: [
        {
          at: 'statement',
          related: [{ at: '"arn:aws:iam::111122223333:root"', message: PRINCIPAL }],
          message: NO_MFA('Principals of account 111122223333'),
          fixes: [tfDocument('["arn:aws:iam::111122223333:root"]', '\n\n      condition {\n        test     = "Bool"\n        variable = "aws:MultiFactorAuthPresent"\n        values   = ["true"]\n      }') + '\nresource "aws_iam_role" "second" {\n  name               = "second"\n  assume_role_policy = data.aws_iam_policy_document.assume.json\n}\n'],
        },
      ],
    },
    {
      name: 'CloudFormation YAML: several human principals, each a related location (the role is not one)',
      format: 'cloudformation',
      code: cfnRole(`          - Effect: Allow
            Principal:
              AWS:
                - arn:aws:iam::111122223333:root
                - arn:aws:iam::111122223333:role/ci
                - arn:aws:iam::444455556666:user/bob
            Action: sts:AssumeRole`),
      errors: [
        {
          at: 'AssumeRolePolicyDocument',
          related: [
            { at: 'arn:aws:iam::111122223333:root', message: PRINCIPAL },
            { at: 'arn:aws:iam::444455556666:user/bob', message: PRINCIPAL },
          ],
          message: NO_MFA('Principals of account 111122223333 and 1 other principal'),
          fixes: [cfnRole(`          - Effect: Allow
            Principal:
              AWS:
                - arn:aws:iam::111122223333:root
                - arn:aws:iam::111122223333:role/ci
                - arn:aws:iam::444455556666:user/bob
            Action: sts:AssumeRole
            Condition:
              Bool:
                aws:MultiFactorAuthPresent: 'true'`)],
        },
      ],
    },
    {
      name: 'policy JSON: Bool false lets the account in only WITHOUT MFA (no fix of its own: DP101 rewrites the value)',
      format: 'iam-json',
      code: trust('{"AWS": "arn:aws:iam::111122223333:root"}', ',\n        "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}'),
      errors: [{ at: '"arn:aws:iam::111122223333:root"', related: [{ at: '"false"', message: CONDITION }], message: GAP(ACCOUNT, true, ABSENCE('Bool aws:MultiFactorAuthPresent = "false"')) }],
    },
    {
      name: 'policy JSON: BoolIfExists true lets long-term access keys in; with an ExternalId it is still a warning',
      format: 'iam-json',
      code: trust('{"AWS": "111122223333"}', ',\n        "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}, "StringEquals": {"sts:ExternalId": "x-7781"}}'),
      errors: [{ at: '"111122223333"', related: [{ at: '"BoolIfExists"', message: CONDITION }], message: GAP(ACCOUNT, false, KEYS('BoolIfExists aws:MultiFactorAuthPresent = "true"')) }],
    },
    {
      name: 'policy JSON: Null false only requires temporary credentials',
      format: 'iam-json',
      code: trust('{"AWS": "arn:aws:iam::111122223333:user/alice"}', ',\n        "Condition": {"Null": {"aws:MultiFactorAuthPresent": "false"}}'),
      errors: [{ at: '"arn:aws:iam::111122223333:user/alice"', related: [{ at: '"Null"', message: CONDITION }], message: GAP('The IAM user alice', false, SESSIONS('Null aws:MultiFactorAuthPresent = "false"')) }],
    },
    {
      name: 'policy JSON: Bool with both values and an IfExists age: two conditions that do not require MFA',
      format: 'iam-json',
      code: trust('{"AWS": "111122223333"}', ',\n        "Condition": {"Bool": {"aws:MultiFactorAuthPresent": ["true", "false"]}, "NumericLessThanIfExists": {"aws:MultiFactorAuthAge": "3600"}}'),
      errors: [
        {
          at: '"111122223333"',
          related: [
            { at: '"Bool"', message: CONDITION },
            { at: '"NumericLessThanIfExists"', message: CONDITION },
          ],
          message: GAP(ACCOUNT, false, 'its conditions on the MFA keys also match console and temporary sessions without MFA'),
        },
      ],
    },
    {
      name: 'CloudFormation YAML: Bool false, reported on the trust policy key with the principal and the condition as related locations',
      format: 'cloudformation',
      code: cfnRole(`          - Effect: Allow
            Principal:
              AWS: arn:aws:iam::111122223333:root
            Action: sts:AssumeRole
            Condition:
              Bool:
                aws:MultiFactorAuthPresent: 'false'`),
      errors: [
        {
          at: 'AssumeRolePolicyDocument',
          related: [
            { at: 'arn:aws:iam::111122223333:root', message: PRINCIPAL },
            { at: "'false'", message: CONDITION },
          ],
          message: GAP(ACCOUNT, true, ABSENCE('Bool aws:MultiFactorAuthPresent = "false"')),
        },
      ],
    },
    {
      name: 'CloudFormation JSON: BoolIfExists false in an Allow',
      format: 'cloudformation',
      file: 'template.json',
      code: code`
        {
          "Resources": {
            "AdminRole": {
              "Type": "AWS::IAM::Role",
              "Properties": {
                "AssumeRolePolicyDocument": {
                  "Statement": {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}
                }
              }
            }
          }
        }
      `,
      errors: [
        {
          at: '"AssumeRolePolicyDocument"',
          related: [
            { at: '"arn:aws:iam::111122223333:root"', message: PRINCIPAL },
            { at: '"false"', message: CONDITION },
          ],
          message: GAP(ACCOUNT, true, ABSENCE('BoolIfExists aws:MultiFactorAuthPresent = "false"')),
        },
      ],
    },
    {
      name: 'Terraform jsonencode: BoolIfExists true',
      format: 'terraform',
      code: tfRole('"arn:aws:iam::111122223333:root"', '\n        Condition = { BoolIfExists = { "aws:MultiFactorAuthPresent" = "true" } }'),
      errors: [
        {
          at: 'assume_role_policy',
          related: [
            { at: '"arn:aws:iam::111122223333:root"', message: PRINCIPAL },
            { at: 'BoolIfExists', message: CONDITION },
          ],
          message: GAP(ACCOUNT, false, KEYS('BoolIfExists aws:MultiFactorAuthPresent = "true"')),
        },
      ],
    },
    {
      name: 'Terraform heredoc: Bool false',
      format: 'terraform',
      code: code`
        resource "aws_iam_role" "admin" {
          assume_role_policy = <<EOF
        {
          "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}]
        }
        EOF
        }
      `,
      errors: [
        {
          at: 'assume_role_policy',
          related: [
            { at: '"arn:aws:iam::111122223333:root"', message: PRINCIPAL },
            { at: '"false"', message: CONDITION },
          ],
          message: GAP(ACCOUNT, true, ABSENCE('Bool aws:MultiFactorAuthPresent = "false"')),
        },
      ],
    },
    {
      name: 'Terraform aws_iam_policy_document: Null true admits only long-term access keys',
      format: 'terraform',
      code: tfDocument('["arn:aws:iam::111122223333:root"]', '\n      condition {\n        test     = "Null"\n        variable = "aws:MultiFactorAuthPresent"\n        values   = ["true"]\n      }'),
      errors: [
        {
          at: 'statement',
          related: [
            { at: '"arn:aws:iam::111122223333:root"', message: PRINCIPAL },
            { at: '"Null"', message: CONDITION },
          ],
          message: GAP(ACCOUNT, true, ABSENCE('Null aws:MultiFactorAuthPresent = "true"')),
        },
      ],
    },
    {
      name: 'Terraform JSON: Bool false in a trust policy string (one related location: the string)',
      format: 'terraform-json',
      code: '{"resource": {"aws_iam_role": {"admin": {"assume_role_policy": "{\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"AWS\\":\\"111122223333\\"},\\"Action\\":\\"sts:AssumeRole\\",\\"Condition\\":{\\"Bool\\":{\\"aws:MultiFactorAuthPresent\\":\\"false\\"}}}]}"}}}}\n',
      errors: [
        {
          at: '"assume_role_policy"',
          related: [{ at: '"{\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"AWS\\":\\"111122223333\\"},\\"Action\\":\\"sts:AssumeRole\\",\\"Condition\\":{\\"Bool\\":{\\"aws:MultiFactorAuthPresent\\":\\"false\\"}}}]}"', message: PRINCIPAL }],
          message: GAP(ACCOUNT, true, ABSENCE('Bool aws:MultiFactorAuthPresent = "false"')),
        },
      ],
    },
    {
      name: 'policy JSON: a Deny without MFA for another account does not cover this one',
      format: 'iam-json',
      code: trustWithDeny('"arn:aws:iam::444455556666:root"'),
      errors: [
        {
          at: '"arn:aws:iam::111122223333:root"',
          message: NO_MFA(ACCOUNT),
          fixes: [trustWithDeny('"arn:aws:iam::444455556666:root"', 'BoolIfExists', ', "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}')],
        },
      ],
    },
  ],
  corpus: corpus(),
});
