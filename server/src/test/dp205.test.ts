import { dp205 } from '../engine/rules/dp205-policy-allows-insecure-transport';
import { code } from '../engine/rules/rule';
import { testRule } from '../engine/rules/tester';
import { corpus } from './fixtures';

const MSG = 'This statement allows requests only when they are sent without TLS (Allow with aws:SecureTransport = false), which grants access over plain HTTP; make it a Deny.';

const policy = (effect: string, op: string, value: string) => code`
  {
    "Version": "2012-10-17",
    "Statement": [
      {
        "Sid": "EnsureSSL",
        "Effect": "${effect}",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": ["arn:aws:s3:::example-bucket", "arn:aws:s3:::example-bucket/*"],
        "Condition": {"${op}": {"aws:SecureTransport": ${value}}}
      }
    ]
  }
`;

const cfn = (effect: string, value: string) => code`
  Parameters:
    Secure:
      Type: String
      Default: 'false'
  Resources:
    QueuePolicy:
      Type: AWS::SQS::QueuePolicy
      Properties:
        Queues: [!Ref Queue]
        PolicyDocument:
          Statement:
            - Effect: ${effect}
              Principal: '*'
              Action: sqs:SendMessage
              Resource: '*'
              Condition:
                Bool:
                  aws:SecureTransport: ${value}
`;

const jsonencoded = (effect: string) => code`
  resource "aws_sns_topic_policy" "alerts" {
    arn = aws_sns_topic.alerts.arn
    policy = jsonencode({
      Statement = [{
        Effect    = "${effect}"
        Principal = "*"
        Action    = "sns:Publish"
        Resource  = aws_sns_topic.alerts.arn
        Condition = { BoolIfExists = { "aws:SecureTransport" = "false" } }
      }]
    })
  }
`;

testRule(dp205, {
  valid: [
    { name: 'Deny with false is what AWS asks', file: 'p.json', code: policy('Deny', 'Bool', '"false"') },
    { name: 'Allow with true is DP201\'s business (not enforcement, but not a grant over HTTP)', file: 'p.json', code: policy('Allow', 'Bool', '"true"') },
    { name: 'a set operator is not this pattern', file: 'p.json', code: policy('Allow', 'ForAnyValue:Bool', '"false"') },
    { name: 'a value from a parameter default may be overridden: not judged', format: 'cloudformation', code: cfn('Allow', '!Ref Secure') },
    { name: 'a value from a variable is unknown', format: 'terraform', code: jsonencoded('Allow').replace('"false"', 'var.secure') },
  ],
  invalid: [
    {
      name: 'policy JSON: Allow with Bool false; the fix makes it a Deny',
      file: 'bucket-policy.json',
      code: policy('Allow', 'Bool', '"false"'),
      errors: [{ at: '"false"', message: MSG, fixes: [{ output: policy('Deny', 'Bool', '"false"'), title: 'Make this statement a Deny, so that requests sent without TLS are refused' }] }],
    },
    {
      name: 'policy JSON: a boolean false counts too',
      file: 'bucket-policy.json',
      code: policy('Allow', 'BoolIfExists', 'false'),
      errors: [{ at: 'false', message: MSG, fixes: [policy('Deny', 'BoolIfExists', 'false')] }],
    },
    {
      name: 'CloudFormation YAML queue policy',
      format: 'cloudformation',
      code: cfn('Allow', "'false'"),
      errors: [{ at: "'false'", message: MSG, fixes: [cfn('Deny', "'false'")] }],
    },
    {
      name: 'Terraform jsonencode topic policy',
      format: 'terraform',
      code: jsonencoded('Allow'),
      errors: [{ at: '"false"', message: MSG, fixes: [jsonencoded('Deny')] }],
    },
    {
      name: 'Terraform aws_iam_policy_document statement without effect (Allow by default): reported, no fix',
      format: 'terraform',
      code: code`
        data "aws_iam_policy_document" "p" {
          statement {
            actions   = ["s3:GetObject"]
            resources = ["arn:aws:s3:::example-bucket/*"]
            condition {
              test     = "Bool"
              variable = "aws:SecureTransport"
              values   = ["false"]
            }
          }
        }
      `,
      errors: [{ at: '"false"', message: MSG }],
    },
    {
      name: 'Terraform JSON policy document with effect Allow',
      format: 'terraform-json',
      code: dp205.meta.examples.find((e) => e.format === 'terraform-json')!.bad,
      errors: [{ at: '"false"', message: MSG, fixes: [dp205.meta.examples.find((e) => e.format === 'terraform-json')!.good] }],
    },
  ],
  corpus: corpus(),
});
