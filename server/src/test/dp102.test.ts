import { dp102 } from '../engine/rules/dp102-sensitive-actions-without-mfa';
import { code } from '../engine/rules/rule';
import { testRule } from '../engine/rules/tester';
import { corpus } from './fixtures';

const KNOWN = (actions: string, what: string) => KNOWN_IN('This statement', actions, what);
/** Embedded in a resource, the finding sits on the key that holds the policy and names the statement. */
const KNOWN_IN = (subject: string, actions: string, what: string) => `${subject} allows ${actions} to users without MFA, so a stolen password or access key is enough to ${what}.`;
const GRANTED = 'An action granted without MFA.';
const UNKNOWN = (actions: string, what: string) =>
  `This statement allows ${actions} without MFA; if the policy is for IAM users or groups, a stolen password or access key is enough to ${what}.`;
const CREDS = 'create or change long-term credentials';
/** A statement whose conditions on the MFA keys do not require MFA: no fix of its own (DP101's rewrites the condition). */
const GAP_KNOWN = (subject: string, actions: string, only: boolean, reason: string, thief: string, what: string) =>
  `${subject} allows ${actions} to users ${only ? 'only when they have not used MFA' : 'without MFA'}: ${reason}, so ${thief} is enough to ${what}.`;
const CONDITION = 'This condition lets requests without MFA through.';
const ANY = 'a stolen password or access key';
const TITLE = 'Require MFA for this statement: Bool aws:MultiFactorAuthPresent = true (unsafe: requests made with long-term access keys are no longer allowed)';

const policy = (statements: string) => code`
  {
    "Version": "2012-10-17",
    "Statement": [
  ${statements}
    ]
  }
`;

const selfManageKeys = `    {
      "Sid": "ManageOwnAccessKeys",
      "Effect": "Allow",
      "Action": ["iam:CreateAccessKey", "iam:ListAccessKeys"],
      "Resource": "arn:aws:iam::*:user/\${aws:username}"
    }`;

const denyWithoutMfa = `    {
      "Sid": "DenyAllExceptListedIfNoMFA",
      "Effect": "Deny",
      "NotAction": ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetUser", "iam:ListMFADevices", "sts:GetSessionToken"],
      "Resource": "*",
      "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}
    }`;

const cfnGroup = (statement: string) => `Resources:
  Operators:
    Type: AWS::IAM::Group
    Properties:
      Policies:
        - PolicyName: operate
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
${statement}
`;

const tfUserPolicy = (statement: string) => code`
  resource "aws_iam_user_policy" "admin" {
    user = "alice"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [
        ${statement},
      ]
    })
  }
`;

testRule(dp102, {
  valid: [
    {
      name: 'Terraform JSON: aws_iam_group_policy with Bool MFA true',
      format: 'terraform-json',
      code: '{"resource": {"aws_iam_group_policy": {"keys": {"group": "developers", "policy": "{\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":\\"iam:CreateAccessKey\\",\\"Resource\\":\\"*\\",\\"Condition\\":{\\"Bool\\":{\\"aws:MultiFactorAuthPresent\\":\\"true\\"}}}]}"}}}}\n',
    },
    { name: 'policy JSON: Allow with Bool MFA true', format: 'iam-json', code: policy(selfManageKeys.replace('"Resource"', '"Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}},\n      "Resource"')) },
    { name: "policy JSON: the same policy carries AWS's DenyAllExceptListedIfNoMFA", format: 'iam-json', code: policy(`${selfManageKeys},\n${denyWithoutMfa}`) },
    { name: 'policy JSON of unknown attachment: iam:* is not reported (usually a role)', format: 'iam-json', code: policy('    {"Effect": "Allow", "Action": "iam:*", "Resource": "*"}') },
    { name: 'iam:ChangePassword is exempt (AWS allows it before MFA is set up)', format: 'iam-json', code: policy('    {"Effect": "Allow", "Action": ["iam:ChangePassword", "iam:GetUser"], "Resource": "*"}') },
    {
      name: 'CloudFormation: a role inline policy is not reported (MFA belongs in the trust policy)',
      format: 'cloudformation',
      code: code`
        Resources:
          Admin:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument:
                Statement:
                  - Effect: Allow
                    Principal: {Service: ec2.amazonaws.com}
                    Action: sts:AssumeRole
              Policies:
                - PolicyName: admin
                  PolicyDocument:
                    Statement:
                      - Effect: Allow
                        Action: ['iam:*', 'ec2:TerminateInstances']
                        Resource: '*'
      `,
    },
    {
      name: 'CloudFormation: a managed policy attached only to roles',
      format: 'cloudformation',
      code: code`
        Resources:
          KeyRotation:
            Type: AWS::IAM::ManagedPolicy
            Properties:
              Roles: [!Ref RotationRole]
              PolicyDocument:
                Statement:
                  - Effect: Allow
                    Action: iam:CreateAccessKey
                    Resource: '*'
      `,
    },
    {
      name: 'CloudFormation: a service-wide grant (ec2:*) to a group is an operator policy by design',
      format: 'cloudformation',
      code: cfnGroup(`              - Effect: Allow
                Action: ec2:*
                Resource: '*'`),
    },
    {
      name: 'Terraform: aws_iam_role_policy is not reported',
      format: 'terraform',
      code: code`
        resource "aws_iam_role_policy" "ci" {
          role   = aws_iam_role.ci.id
          policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "iam:*", Resource = "*" }] })
        }
      `,
    },
    {
      name: 'Terraform: aws_iam_policy attached only to a role',
      format: 'terraform',
      code: code`
        resource "aws_iam_policy" "keys" {
          policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "iam:CreateAccessKey", Resource = "*" }] })
        }

        resource "aws_iam_role_policy_attachment" "keys" {
          role       = aws_iam_role.rotation.name
          policy_arn = aws_iam_policy.keys.arn
        }
      `,
    },
    {
      name: 'Terraform: a dynamic statement makes the document partial',
      format: 'terraform',
      code: code`
        data "aws_iam_policy_document" "self" {
          statement {
            actions   = ["iam:CreateAccessKey"]
            resources = ["*"]
          }
          dynamic "statement" {
            for_each = var.mfa ? [1] : []
            content {
              effect      = "Deny"
              not_actions = ["iam:EnableMFADevice"]
              resources   = ["*"]
            }
          }
        }

        resource "aws_iam_group_policy" "self" {
          group  = "developers"
          policy = data.aws_iam_policy_document.self.json
        }
      `,
    },
    { name: 'policy JSON: NumericLessThanEquals on the MFA age (AWS example) requires MFA', format: 'iam-json', code: policy('    {"Effect": "Allow", "Action": "iam:DeactivateMFADevice", "Resource": "*", "Condition": {"NumericLessThanEquals": {"aws:MultiFactorAuthAge": "3600"}}}') },
    {
      name: 'CloudFormation YAML: ForAnyValue:Bool true still requires MFA (DP101 reports the qualifier)',
      format: 'cloudformation',
      code: cfnGroup(`              - Effect: Allow
                Action: iam:CreateAccessKey
                Resource: '*'
                Condition:
                  ForAnyValue:Bool:
                    aws:MultiFactorAuthPresent: 'true'`),
    },
    { name: 'Terraform jsonencode: Null false on the MFA age requires MFA to have been used', format: 'terraform', code: tfUserPolicy('{ Effect = "Allow", Action = "iam:CreateAccessKey", Resource = "*", Condition = { Null = { "aws:MultiFactorAuthAge" = "false" } } }') },
    {
      name: "CloudFormation JSON: a user allowed sts:AssumeRole on a user's ARN: no role to assume (AssumeRole acts on roles)",
      format: 'cloudformation',
      file: 'template.json',
      code: code`
        {
          "Resources": {
            "Alice": {
              "Type": "AWS::IAM::User",
              "Properties": {
                "Policies": [{"PolicyName": "assume", "PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::111122223333:user/alice"}]}}]
              }
            }
          }
        }
      `,
    },
    {
      name: "Terraform heredoc: a user allowed sts:AssumeRole on its own ARN by reference (aws_iam_user.x.arn) assumes no role",
      format: 'terraform',
      code: code`
        resource "aws_iam_user" "alice" {
          name = "alice"
        }

        resource "aws_iam_user_policy" "assume" {
          user   = aws_iam_user.alice.name
          policy = <<EOF
        {
          "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "\${aws_iam_user.alice.arn}", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}]
        }
        EOF
        }
      `,
    },
    {
      name: 'CloudFormation YAML: a user allowed sts:AssumeRole on !GetAtt of a user assumes no role',
      format: 'cloudformation',
      code: code`
        Resources:
          Alice:
            Type: AWS::IAM::User
            Properties:
              Policies:
                - PolicyName: assume
                  PolicyDocument:
                    Statement:
                      - Effect: Allow
                        Action: sts:AssumeRole
                        Resource: !GetAtt Alice.Arn
      `,
    },
    {
      name: 'CloudFormation YAML: a group allowed sts:AssumeRole on users and a bucket only',
      format: 'cloudformation',
      code: cfnGroup(`              - Effect: Allow
                Action: sts:AssumeRole
                Resource:
                  - arn:aws:iam::111122223333:user/alice
                  - arn:aws:s3:::reports`),
    },
    { name: "Terraform jsonencode: a user allowed sts:AssumeRole on its own user ARN pattern", format: 'terraform', code: tfUserPolicy('{ Effect = "Allow", Action = "sts:AssumeRole", Resource = "arn:aws:iam::111122223333:user/*" }') },
    {
      name: 'Terraform JSON: a group policy string allowing sts:AssumeRole on a user ARN',
      format: 'terraform-json',
      code: '{"resource": {"aws_iam_group_policy": {"g": {"group": "developers", "policy": "{\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":\\"sts:AssumeRole\\",\\"Resource\\":\\"arn:aws:iam::111122223333:user/alice\\"}]}"}}}}\n',
    },
  ],
  invalid: [
    {
      name: 'policy JSON of unknown attachment: named credential actions, at severity info',
      format: 'iam-json',
      code: policy(selfManageKeys),
      errors: [
        {
          at: '"iam:CreateAccessKey"',
          message: UNKNOWN('iam:CreateAccessKey', CREDS),
          severity: 'info',
          fixes: [
            {
              title: TITLE,
              output: policy(`    {
      "Sid": "ManageOwnAccessKeys",
      "Effect": "Allow",
      "Action": ["iam:CreateAccessKey", "iam:ListAccessKeys"],
      "Resource": "arn:aws:iam::*:user/\${aws:username}",
      "Condition": {
        "Bool": {
          "aws:MultiFactorAuthPresent": "true"
        }
      }
    }`),
            },
          ],
        },
      ],
    },
    {
      name: 'policy JSON: a wildcard that names the credential, merged into an existing Condition',
      format: 'iam-json',
      code: policy('    {"Effect": "Allow", "Action": "iam:*AccessKey*", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/job": "admin"}}}'),
      errors: [
        {
          at: '"iam:*AccessKey*"',
          message: UNKNOWN('iam:CreateAccessKey, iam:UpdateAccessKey, iam:DeleteAccessKey (through iam:*AccessKey*)', CREDS),
          severity: 'info',
          fixes: [policy('    {"Effect": "Allow", "Action": "iam:*AccessKey*", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/job": "admin"}, "Bool": {"aws:MultiFactorAuthPresent": "true"}}}')],
        },
      ],
    },
    {
      name: 'CloudFormation YAML: a group policy naming destructive actions',
      format: 'cloudformation',
      code: cfnGroup(`              - Effect: Allow
                Action:
                  - ec2:StartInstances
                  - ec2:StopInstances
                Resource: '*'`),
      errors: [
        {
          at: 'PolicyDocument',
          message: KNOWN_IN('This policy', 'ec2:StopInstances', 'stop or destroy resources'),
          related: [{ at: 'ec2:StopInstances', message: GRANTED }],
          fixes: [
            cfnGroup(`              - Effect: Allow
                Action:
                  - ec2:StartInstances
                  - ec2:StopInstances
                Resource: '*'
                Condition:
                  Bool:
                    aws:MultiFactorAuthPresent: 'true'`),
          ],
        },
      ],
    },
    {
      name: 'CloudFormation YAML: several statements, each finding names its statement (Sid or position)',
      format: 'cloudformation',
      code: cfnGroup(`              - Sid: ReadOwnUser
                Effect: Allow
                Action: iam:GetUser
                Resource: '*'
              - Effect: Allow
                Action: iam:CreateAccessKey
                Resource: '*'
              - Sid: RotateKeys
                Effect: Allow
                Action: iam:UpdateAccessKey
                Resource: '*'`),
      errors: [
        {
          at: 'PolicyDocument',
          message: KNOWN_IN('Statement 2', 'iam:CreateAccessKey', CREDS),
          related: [{ at: 'iam:CreateAccessKey', message: GRANTED }],
          fixes: [cfnGroup(`              - Sid: ReadOwnUser
                Effect: Allow
                Action: iam:GetUser
                Resource: '*'
              - Effect: Allow
                Action: iam:CreateAccessKey
                Resource: '*'
                Condition:
                  Bool:
                    aws:MultiFactorAuthPresent: 'true'
              - Sid: RotateKeys
                Effect: Allow
                Action: iam:UpdateAccessKey
                Resource: '*'`)],
        },
        {
          at: 'PolicyDocument',
          message: KNOWN_IN('Statement "RotateKeys"', 'iam:UpdateAccessKey', CREDS),
          related: [{ at: 'iam:UpdateAccessKey', message: GRANTED }],
          fixes: [cfnGroup(`              - Sid: ReadOwnUser
                Effect: Allow
                Action: iam:GetUser
                Resource: '*'
              - Effect: Allow
                Action: iam:CreateAccessKey
                Resource: '*'
              - Sid: RotateKeys
                Effect: Allow
                Action: iam:UpdateAccessKey
                Resource: '*'
                Condition:
                  Bool:
                    aws:MultiFactorAuthPresent: 'true'`)],
        },
      ],
    },
    {
      name: "CloudFormation YAML: a managed policy named in a user's ManagedPolicyArns, Allow with NotAction",
      format: 'cloudformation',
      code: code`
        Resources:
          Alice:
            Type: AWS::IAM::User
            Properties:
              ManagedPolicyArns: [!Ref PowerUser]
          PowerUser:
            Type: AWS::IAM::ManagedPolicy
            Properties:
              PolicyDocument:
                Statement:
                  - Effect: Allow
                    NotAction: organizations:*
                    Resource: '*'
      `,
      errors: [
        {
          at: 'PolicyDocument',
          message: KNOWN_IN('This policy', 'iam:CreateAccessKey, iam:UpdateAccessKey, iam:DeleteAccessKey and 16 more sensitive actions (through NotAction organizations:*)', 'create or change long-term credentials, remove an MFA device or assume a role, whose session carries no MFA'),
          related: [{ at: 'organizations:*', message: GRANTED }],
          fixes: [
            code`
              Resources:
                Alice:
                  Type: AWS::IAM::User
                  Properties:
                    ManagedPolicyArns: [!Ref PowerUser]
                PowerUser:
                  Type: AWS::IAM::ManagedPolicy
                  Properties:
                    PolicyDocument:
                      Statement:
                        - Effect: Allow
                          NotAction: organizations:*
                          Resource: '*'
                          Condition:
                            Bool:
                              aws:MultiFactorAuthPresent: 'true'
            `,
          ],
        },
      ],
    },
    {
      name: 'CloudFormation JSON: AWS::IAM::Policy for users allowing iam:*',
      format: 'cloudformation',
      file: 'template.json',
      code: code`
        {
          "Resources": {
            "Admins": {
              "Type": "AWS::IAM::Policy",
              "Properties": {
                "PolicyName": "admins",
                "Users": ["alice"],
                "PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "iam:*", "Resource": "*"}]}
              }
            }
          }
        }
      `,
      errors: [
        {
          at: '"PolicyDocument"',
          message: KNOWN_IN('This policy', 'iam:CreateAccessKey, iam:UpdateAccessKey, iam:DeleteAccessKey and 15 more sensitive actions (through iam:*)', 'create or change long-term credentials or remove an MFA device'),
          related: [{ at: '"iam:*"', message: GRANTED }],
          fixes: [
            code`
              {
                "Resources": {
                  "Admins": {
                    "Type": "AWS::IAM::Policy",
                    "Properties": {
                      "PolicyName": "admins",
                      "Users": ["alice"],
                      "PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "iam:*", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]}
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
      name: 'Terraform jsonencode: aws_iam_user_policy allowing sts:AssumeRole',
      format: 'terraform',
      code: tfUserPolicy('{ Effect = "Allow", Action = "sts:AssumeRole", Resource = "arn:aws:iam::111122223333:role/admin" }'),
      errors: [
        {
          at: 'policy',
          message: KNOWN_IN('This policy', 'sts:AssumeRole', 'assume a role, whose session carries no MFA'),
          related: [{ at: '"sts:AssumeRole"', message: GRANTED }],
          fixes: [tfUserPolicy('{ Effect = "Allow", Action = "sts:AssumeRole", Resource = "arn:aws:iam::111122223333:role/admin", Condition = { Bool = { "aws:MultiFactorAuthPresent" = "true" } } }')],
        },
      ],
    },
    {
      name: 'Terraform heredoc: aws_iam_group_policy with an existing condition',
      format: 'terraform',
      code: code`
        resource "aws_iam_group_policy" "mfa" {
          group  = aws_iam_group.developers.name
          policy = <<-EOF
            {
              "Statement": [
                {
                  "Effect": "Allow",
                  "Action": "iam:DeactivateMFADevice",
                  "Resource": "arn:aws:iam::*:user/$\${aws:username}",
                  "Condition": {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}
                }
              ]
            }
          EOF
        }
      `,
      errors: [
        {
          at: 'policy',
          message: KNOWN_IN('This policy', 'iam:DeactivateMFADevice', 'remove an MFA device'),
          related: [{ at: '"iam:DeactivateMFADevice"', message: GRANTED }],
          fixes: [
            code`
              resource "aws_iam_group_policy" "mfa" {
                group  = aws_iam_group.developers.name
                policy = <<-EOF
                  {
                    "Statement": [
                      {
                        "Effect": "Allow",
                        "Action": "iam:DeactivateMFADevice",
                        "Resource": "arn:aws:iam::*:user/$\${aws:username}",
                        "Condition": {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}, "Bool": {"aws:MultiFactorAuthPresent": "true"}}
                      }
                    ]
                  }
                EOF
              }
            `,
          ],
        },
      ],
    },
    {
      name: 'Terraform: aws_iam_policy_document of a managed policy attached to a user',
      format: 'terraform',
      code: code`
        data "aws_iam_policy_document" "keys" {
          statement {
            actions   = ["iam:CreateAccessKey"]
            resources = ["*"]
          }
        }

        resource "aws_iam_policy" "keys" {
          policy = data.aws_iam_policy_document.keys.json
        }

        resource "aws_iam_user_policy_attachment" "keys" {
          user       = aws_iam_user.alice.name
          policy_arn = aws_iam_policy.keys.arn
        }
      `,
      errors: [
        {
          at: 'statement',
          message: KNOWN_IN('This policy', 'iam:CreateAccessKey', CREDS),
          related: [{ at: '"iam:CreateAccessKey"', message: GRANTED }],
          fixes: [
            code`
              data "aws_iam_policy_document" "keys" {
                statement {
                  actions   = ["iam:CreateAccessKey"]
                  resources = ["*"]

                  condition {
                    test     = "Bool"
                    variable = "aws:MultiFactorAuthPresent"
                    values   = ["true"]
                  }
                }
              }

              resource "aws_iam_policy" "keys" {
                policy = data.aws_iam_policy_document.keys.json
              }

              resource "aws_iam_user_policy_attachment" "keys" {
                user       = aws_iam_user.alice.name
                policy_arn = aws_iam_policy.keys.arn
              }
            `,
          ],
        },
      ],
    },
    {
      name: 'Terraform JSON: aws_iam_group_policy as a JSON string',
      format: 'terraform-json',
      code: code`
        {
          "resource": {
            "aws_iam_group_policy": {
              "keys": {
                "group": "developers",
                "policy": "{\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":\\"iam:UploadSSHPublicKey\\",\\"Resource\\":\\"*\\"}]}"
              }
            }
          }
        }
      `,
      errors: [
        {
          at: '"policy"',
          message: KNOWN_IN('This policy', 'iam:UploadSSHPublicKey', CREDS),
          related: [{ at: '"{\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":\\"iam:UploadSSHPublicKey\\",\\"Resource\\":\\"*\\"}]}"', message: GRANTED }],
          fixes: [
            code`
              {
                "resource": {
                  "aws_iam_group_policy": {
                    "keys": {
                      "group": "developers",
                      "policy": "{\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":\\"iam:UploadSSHPublicKey\\",\\"Resource\\":\\"*\\",\\"Condition\\":{\\"Bool\\":{\\"aws:MultiFactorAuthPresent\\":\\"true\\"}}}]}"
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
      name: 'Terraform: one aws_iam_policy_document used by a role and two users is reported once',
      format: 'terraform',
      code: `data "aws_iam_policy_document" "keys" {
  statement {
    actions   = ["iam:CreateAccessKey"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "ci" {
  role   = "ci"
  policy = data.aws_iam_policy_document.keys.json
}

resource "aws_iam_user_policy" "alice" {
  user   = "alice"
  policy = data.aws_iam_policy_document.keys.json
}

resource "aws_iam_user_policy" "bob" {
  user   = "bob"
  policy = data.aws_iam_policy_document.keys.json
}
`,
      errors: [{ at: 'statement', message: KNOWN_IN('This policy', 'iam:CreateAccessKey', CREDS), related: [{ at: '"iam:CreateAccessKey"', message: GRANTED }], fixes: [`data "aws_iam_policy_document" "keys" {
  statement {
    actions   = ["iam:CreateAccessKey"]
    resources = ["*"]

    condition {
      test     = "Bool"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["true"]
    }
  }
}

resource "aws_iam_role_policy" "ci" {
  role   = "ci"
  policy = data.aws_iam_policy_document.keys.json
}

resource "aws_iam_user_policy" "alice" {
  user   = "alice"
  policy = data.aws_iam_policy_document.keys.json
}

resource "aws_iam_user_policy" "bob" {
  user   = "bob"
  policy = data.aws_iam_policy_document.keys.json
}
`] }],
    },
    {
      name: 'CloudFormation YAML: each action granted without MFA is a related location',
      format: 'cloudformation',
      code: cfnGroup(`              - Effect: Allow
                Action:
                  - iam:ListAccessKeys
                  - iam:CreateAccessKey
                  - iam:DeleteAccessKey
                Resource: '*'`),
      errors: [
        {
          at: 'PolicyDocument',
          message: KNOWN_IN('This policy', 'iam:CreateAccessKey, iam:DeleteAccessKey', CREDS),
          related: [
            { at: 'iam:CreateAccessKey', message: GRANTED },
            { at: 'iam:DeleteAccessKey', message: GRANTED },
          ],
          fixes: [cfnGroup(`              - Effect: Allow
                Action:
                  - iam:ListAccessKeys
                  - iam:CreateAccessKey
                  - iam:DeleteAccessKey
                Resource: '*'
                Condition:
                  Bool:
                    aws:MultiFactorAuthPresent: 'true'`)],
        },
      ],
    },
    {
      name: 'policy JSON of unknown attachment: BoolIfExists true lets access keys through (info, no fix of its own)',
      format: 'iam-json',
      code: policy('    {"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}}'),
      errors: [
        {
          at: '"iam:CreateAccessKey"',
          related: [{ at: '"BoolIfExists"', message: CONDITION }],
          severity: 'info',
          message:
            'This statement allows iam:CreateAccessKey without MFA: its condition BoolIfExists aws:MultiFactorAuthPresent = "true" also matches requests made with long-term access keys, which never carry MFA; if the policy is for IAM users or groups, a stolen access key is enough to create or change long-term credentials.',
        },
      ],
    },
    {
      name: 'CloudFormation YAML: a group allowed to deactivate MFA devices only when MFA was NOT used',
      format: 'cloudformation',
      code: cfnGroup(`              - Effect: Allow
                Action: iam:DeactivateMFADevice
                Resource: '*'
                Condition:
                  Bool:
                    aws:MultiFactorAuthPresent: 'false'`),
      errors: [
        {
          at: 'PolicyDocument',
          related: [
            { at: 'iam:DeactivateMFADevice', message: GRANTED },
            { at: "'false'", message: CONDITION },
          ],
          message: GAP_KNOWN('This policy', 'iam:DeactivateMFADevice', true, 'its condition Bool aws:MultiFactorAuthPresent = "false" requires the absence of MFA', ANY, 'remove an MFA device'),
        },
      ],
    },
    {
      name: 'CloudFormation JSON: a user inline policy with Null false (only requires temporary credentials)',
      format: 'cloudformation',
      file: 'template.json',
      code: code`
        {
          "Resources": {
            "Alice": {
              "Type": "AWS::IAM::User",
              "Properties": {
                "Policies": [{"PolicyName": "keys", "PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "*", "Condition": {"Null": {"aws:MultiFactorAuthPresent": "false"}}}]}}]
              }
            }
          }
        }
      `,
      errors: [
        {
          at: '"PolicyDocument"',
          related: [
            { at: '"iam:CreateAccessKey"', message: GRANTED },
            { at: '"Null"', message: CONDITION },
          ],
          message: GAP_KNOWN('This policy', 'iam:CreateAccessKey', false, 'its condition Null aws:MultiFactorAuthPresent = "false" also matches console and temporary sessions without MFA', ANY, CREDS),
        },
      ],
    },
    {
      name: 'Terraform jsonencode: a user policy with BoolIfExists false',
      format: 'terraform',
      code: tfUserPolicy('{ Effect = "Allow", Action = "iam:CreateAccessKey", Resource = "*", Condition = { BoolIfExists = { "aws:MultiFactorAuthPresent" = "false" } } }'),
      errors: [
        {
          at: 'policy',
          related: [
            { at: '"iam:CreateAccessKey"', message: GRANTED },
            { at: '"false"', message: CONDITION },
          ],
          message: GAP_KNOWN('This policy', 'iam:CreateAccessKey', true, 'its condition BoolIfExists aws:MultiFactorAuthPresent = "false" requires the absence of MFA', ANY, CREDS),
        },
      ],
    },
    {
      name: 'Terraform heredoc: a user allowed sts:AssumeRole only without MFA',
      format: 'terraform',
      code: code`
        resource "aws_iam_user" "alice" {
          name = "alice"
        }

        resource "aws_iam_user_policy" "assume" {
          user   = aws_iam_user.alice.name
          policy = <<EOF
        {
          "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}]
        }
        EOF
        }
      `,
      errors: [
        {
          at: 'policy',
          related: [
            { at: '"sts:AssumeRole"', message: GRANTED },
            { at: '"false"', message: CONDITION },
          ],
          message: GAP_KNOWN('This policy', 'sts:AssumeRole', true, 'its condition BoolIfExists aws:MultiFactorAuthPresent = "false" requires the absence of MFA', ANY, 'assume a role, whose session carries no MFA'),
        },
      ],
    },
    {
      name: 'Terraform aws_iam_policy_document: NumericLessThanIfExists on the MFA age lets requests without MFA through',
      format: 'terraform',
      code: code`
        data "aws_iam_policy_document" "keys" {
          statement {
            actions   = ["iam:CreateAccessKey"]
            resources = ["*"]
            condition {
              test     = "NumericLessThanIfExists"
              variable = "aws:MultiFactorAuthAge"
              values   = ["3600"]
            }
          }
        }

        resource "aws_iam_group_policy" "keys" {
          group  = "developers"
          policy = data.aws_iam_policy_document.keys.json
        }
      `,
      errors: [
        {
          at: 'statement',
          related: [
            { at: '"iam:CreateAccessKey"', message: GRANTED },
            { at: '"NumericLessThanIfExists"', message: CONDITION },
          ],
          message: GAP_KNOWN('This policy', 'iam:CreateAccessKey', false, 'its condition NumericLessThanIfExists aws:MultiFactorAuthAge = "3600" matches requests made without MFA', ANY, CREDS),
        },
      ],
    },
    {
      name: 'Terraform JSON: aws_iam_group_policy string with Bool false',
      format: 'terraform-json',
      code: '{"resource": {"aws_iam_group_policy": {"keys": {"group": "developers", "policy": "{\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":\\"iam:CreateAccessKey\\",\\"Resource\\":\\"*\\",\\"Condition\\":{\\"Bool\\":{\\"aws:MultiFactorAuthPresent\\":\\"false\\"}}}]}"}}}}\n',
      errors: [
        {
          at: '"policy"',
          related: [{ at: '"{\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":\\"iam:CreateAccessKey\\",\\"Resource\\":\\"*\\",\\"Condition\\":{\\"Bool\\":{\\"aws:MultiFactorAuthPresent\\":\\"false\\"}}}]}"', message: GRANTED }],
          message: GAP_KNOWN('This policy', 'iam:CreateAccessKey', true, 'its condition Bool aws:MultiFactorAuthPresent = "false" requires the absence of MFA', ANY, CREDS),
        },
      ],
    },
    {
      name: 'Terraform heredoc: sts:AssumeRole on a user ARN and a role ARN: the role can be assumed without MFA',
      format: 'terraform',
      code: code`
        resource "aws_iam_user_policy" "assume" {
          user   = "alice"
          policy = <<EOF
        {
          "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": ["arn:aws:iam::111122223333:user/alice", "arn:aws:iam::111122223333:role/admin"]}]
        }
        EOF
        }
      `,
      errors: [
        {
          at: 'policy',
          related: [{ at: '"sts:AssumeRole"', message: GRANTED }],
          message: KNOWN_IN('This policy', 'sts:AssumeRole', 'assume a role, whose session carries no MFA'),
          fixes: [
            code`
              resource "aws_iam_user_policy" "assume" {
                user   = "alice"
                policy = <<EOF
              {
                "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": ["arn:aws:iam::111122223333:user/alice", "arn:aws:iam::111122223333:role/admin"], "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]
              }
              EOF
              }
            `,
          ],
        },
      ],
    },
    {
      name: 'CloudFormation YAML: sts:AssumeRole on !GetAtt of a role is reported',
      format: 'cloudformation',
      code: code`
        Resources:
          Alice:
            Type: AWS::IAM::User
            Properties:
              Policies:
                - PolicyName: assume
                  PolicyDocument:
                    Statement:
                      - Effect: Allow
                        Action: sts:AssumeRole
                        Resource: !GetAtt Admin.Arn
          Admin:
            Type: AWS::IAM::Role
      `,
      errors: [
        {
          at: 'PolicyDocument',
          related: [{ at: 'sts:AssumeRole', message: GRANTED }],
          message: KNOWN_IN('This policy', 'sts:AssumeRole', 'assume a role, whose session carries no MFA'),
          fixes: [
            code`
              Resources:
                Alice:
                  Type: AWS::IAM::User
                  Properties:
                    Policies:
                      - PolicyName: assume
                        PolicyDocument:
                          Statement:
                            - Effect: Allow
                              Action: sts:AssumeRole
                              Resource: !GetAtt Admin.Arn
                              Condition:
                                Bool:
                                  aws:MultiFactorAuthPresent: 'true'
                Admin:
                  Type: AWS::IAM::Role
            `,
          ],
        },
      ],
    },
  ],
  corpus: corpus(),
});
