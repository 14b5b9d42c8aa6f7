import { dp104 } from '../engine/rules/dp104-console-user-without-mfa';
import { code } from '../engine/rules/rule';
import { testRule } from '../engine/rules/tester';
import { corpus } from './fixtures';

const MESSAGE = (name: string, where: 'template' | 'module') =>
  `The IAM user ${name} gets a console password, but this ${where} gives it no MFA device and no policy that denies requests without MFA, so the password alone opens the console.`;

const RELATED = (name: string) => `Give the user ${name} a virtual MFA device, or attach a policy that denies requests without MFA (BoolIfExists aws:MultiFactorAuthPresent = false).`;

const user = (extra = '') => `Resources:
  Alice:
    Type: AWS::IAM::User
    Properties:
      UserName: alice
      LoginProfile:
        Password: '{{resolve:secretsmanager:alice-initial-password}}'
        PasswordResetRequired: true
${extra}`;

const denyWithoutMfaYaml = `            Statement:
              - Sid: DenyAllExceptListedIfNoMFA
                Effect: Deny
                NotAction: [iam:CreateVirtualMFADevice, iam:EnableMFADevice, iam:GetUser, iam:ListMFADevices, sts:GetSessionToken]
                Resource: '*'
                Condition:
                  BoolIfExists:
                    aws:MultiFactorAuthPresent: 'false'`;

const tfUser = (extra = '') => `resource "aws_iam_user" "alice" {
  name = "alice"
}

resource "aws_iam_user_login_profile" "alice" {
  user = aws_iam_user.alice.name
}
${extra}`;

const tfDenyPolicy = `data "aws_iam_policy_document" "require_mfa" {
  statement {
    sid         = "DenyAllExceptListedIfNoMFA"
    effect      = "Deny"
    not_actions = ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetUser", "iam:ListMFADevices", "sts:GetSessionToken"]
    resources   = ["*"]
    condition {
      test     = "BoolIfExists"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["false"]
    }
  }
}
`;

testRule(dp104, {
  valid: [
    {
      name: 'Terraform JSON: a virtual MFA device named after the user',
      format: 'terraform-json',
      code: '{"resource": {"aws_iam_user": {"alice": {"name": "alice"}}, "aws_iam_user_login_profile": {"alice": {"user": "${aws_iam_user.alice.name}"}}, "aws_iam_virtual_mfa_device": {"alice": {"virtual_mfa_device_name": "${aws_iam_user.alice.name}"}}}}\n',
    },
    { name: 'CloudFormation: a user without a password', format: 'cloudformation', code: 'Resources:\n  Bot:\n    Type: AWS::IAM::User\n    Properties:\n      UserName: bot\n' },
    {
      name: 'CloudFormation: a virtual MFA device for the user',
      format: 'cloudformation',
      code: user(`  AliceMfa:
    Type: AWS::IAM::VirtualMFADevice
    Properties:
      Users: [!Ref Alice]
`),
    },
    {
      name: 'CloudFormation: a group of the user carries the deny-without-MFA policy',
      format: 'cloudformation',
      code: user(`  Humans:
    Type: AWS::IAM::Group
  Membership:
    Type: AWS::IAM::UserToGroupAddition
    Properties:
      GroupName: !Ref Humans
      Users: [!Ref Alice]
  RequireMfa:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Groups: [!Ref Humans]
      PolicyDocument:
${denyWithoutMfaYaml}
`),
    },
    {
      name: 'CloudFormation: a group outside the template may enforce MFA',
      format: 'cloudformation',
      code: user().replace('      UserName: alice\n', '      UserName: alice\n      Groups: [humans]\n'),
    },
    {
      name: 'CloudFormation: a customer managed policy outside the template may enforce MFA',
      format: 'cloudformation',
      code: user().replace('      UserName: alice\n', '      UserName: alice\n      ManagedPolicyArns: [!ImportValue RequireMfaPolicyArn]\n'),
    },
    {
      name: 'CloudFormation: a password only known at deploy time (Fn::If) may not exist',
      format: 'cloudformation',
      code: 'Resources:\n  Alice:\n    Type: AWS::IAM::User\n    Properties:\n      LoginProfile: !If [HasConsole, {Password: !Ref Password}, !Ref AWS::NoValue]\n',
    },
    {
      name: 'Terraform: a user policy with the deny-without-MFA statement',
      format: 'terraform',
      code: tfUser(`
${tfDenyPolicy}
resource "aws_iam_user_policy" "alice" {
  user   = aws_iam_user.alice.name
  policy = data.aws_iam_policy_document.require_mfa.json
}
`),
    },
    {
      name: 'Terraform: a group membership and a group policy attachment',
      format: 'terraform',
      code: tfUser(`
resource "aws_iam_group" "humans" {
  name = "humans"
}

resource "aws_iam_user_group_membership" "alice" {
  user   = aws_iam_user.alice.name
  groups = [aws_iam_group.humans.name]
}

${tfDenyPolicy}
resource "aws_iam_policy" "require_mfa" {
  policy = data.aws_iam_policy_document.require_mfa.json
}

resource "aws_iam_group_policy_attachment" "humans" {
  group      = aws_iam_group.humans.name
  policy_arn = aws_iam_policy.require_mfa.arn
}
`),
    },
    {
      name: 'Terraform: a login profile for a user from a variable is unknown',
      format: 'terraform',
      code: 'resource "aws_iam_user_login_profile" "this" {\n  user = var.user_name\n}\n',
    },
    {
      name: 'Terraform: a virtual MFA device named after the user',
      format: 'terraform',
      code: tfUser('\nresource "aws_iam_virtual_mfa_device" "alice" {\n  virtual_mfa_device_name = aws_iam_user.alice.name\n}\n'),
    },
  ],
  invalid: [
    {
      name: 'CloudFormation YAML: a user with a password and nothing else',
      format: 'cloudformation',
      code: user(),
      errors: [{ at: 'LoginProfile', message: MESSAGE('alice', 'template'), related: [{ at: 'Alice', message: RELATED('alice') }] }],
    },
    {
      name: 'CloudFormation YAML: an AWS managed policy does not enforce MFA; a device for another user does not count',
      format: 'cloudformation',
      code: user(`  Bob:
    Type: AWS::IAM::User
  BobMfa:
    Type: AWS::IAM::VirtualMFADevice
    Properties:
      Users: [!Ref Bob]
`).replace('      UserName: alice\n', "      UserName: alice\n      ManagedPolicyArns: [!Sub 'arn:\${AWS::Partition}:iam::aws:policy/ReadOnlyAccess']\n"),
      errors: [{ at: 'LoginProfile', message: MESSAGE('alice', 'template') }],
    },
    {
      name: 'CloudFormation JSON: a user with a password',
      format: 'cloudformation',
      file: 'template.json',
      code: '{\n  "Resources": {\n    "Alice": {\n      "Type": "AWS::IAM::User",\n      "Properties": {"LoginProfile": {"Password": "{{resolve:ssm-secure:alice}}"}}\n    }\n  }\n}\n',
      errors: [{ at: '"LoginProfile"', message: MESSAGE('Alice', 'template') }],
    },
    {
      name: 'Terraform: a login profile and a user policy without the deny',
      format: 'terraform',
      code: tfUser(`
resource "aws_iam_user_policy" "alice" {
  user   = aws_iam_user.alice.name
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:ListAllMyBuckets", Resource = "*" }] })
}
`),
      errors: [{ at: '"aws_iam_user_login_profile" "alice"', message: MESSAGE('alice', 'module'), related: [{ at: '"aws_iam_user" "alice"', message: RELATED('alice') }] }],
    },
    {
      name: 'Terraform JSON: a login profile',
      format: 'terraform-json',
      code: code`
        {
          "resource": {
            "aws_iam_user": {"alice": {"name": "alice"}},
            "aws_iam_user_login_profile": {"alice": {"user": "\${aws_iam_user.alice.name}"}}
          }
        }
      `,
      errors: [{ at: '"alice"', message: MESSAGE('alice', 'module') }],
    },
  ],
  corpus: corpus(),
});
