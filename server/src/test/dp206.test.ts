import { dp206 } from '../engine/rules/dp206-queue-or-topic-policy-without-secure-transport-deny';
import { code } from '../engine/rules/rule';
import { testRule } from '../engine/rules/tester';
import { corpus } from './fixtures';

const NO_DENY = (what: 'queue' | 'topic', svc: 'SQS' | 'SNS') =>
  `This ${what} policy does not deny requests sent without TLS, and ${svc} also answers on HTTP; add a Deny statement for aws:SecureTransport = false.`;
const ALLOW_ONLY = 'This queue policy only requires TLS in an Allow statement, which other policies can bypass; add a Deny for aws:SecureTransport = false.';

const example = (format: string) => dp206.meta.examples.find((e) => e.format === format)!;

const queueJson = (extra = '') => code`
  {
    "Version": "2012-10-17",
    "Statement": [
      {
        "Effect": "Allow",
        "Principal": {"Service": "sns.amazonaws.com"},
        "Action": "sqs:SendMessage",
        "Resource": "arn:aws:sqs:us-east-1:111122223333:orders"${extra}
      }
    ]
  }
`;


/** Terraform: queues repeated with count, a queue policy per instance (`extra`: statements appended). */
const queueCountTf = (extra: string) => `resource "aws_sqs_queue" "q" {
  count = 2
  name  = "jobs-\${count.index}"
}

resource "aws_sqs_queue_policy" "q" {
  count     = 2
  queue_url = aws_sqs_queue.q[count.index].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:root" }
        Action    = "sqs:SendMessage"
        Resource  = aws_sqs_queue.q[count.index].arn
      },${extra}
    ]
  })
}
`;
const QUEUE_COUNT_DENY = `
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "sqs:*"
        Resource  = aws_sqs_queue.q[count.index].arn
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },`;

testRule(dp206, {
  valid: [
    { name: 'docs: CloudFormation topic policy with the deny', format: 'cloudformation', code: example('cloudformation').good },
    { name: 'docs: Terraform queue policy with the deny', format: 'terraform', code: example('terraform').good },
    {
      name: 'a KMS key policy is not asked for a deny (KMS only answers HTTPS)',
      format: 'cloudformation',
      code: code`
        Resources:
          Key:
            Type: AWS::KMS::Key
            Properties:
              KeyPolicy:
                Statement:
                  - Effect: Allow
                    Principal:
                      AWS: arn:aws:iam::111122223333:root
                    Action: kms:*
                    Resource: '*'
      `,
    },
    { name: 'an identity policy for SQS is not a queue policy', file: 'identity.json', code: code`
      {"Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:111122223333:orders"}]}
    ` },
    { name: 'a standalone resource policy naming two services is not judged here', file: 'mixed.json', code: code`
      {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": ["sqs:SendMessage", "sns:Publish"], "Resource": "*"}]}
    ` },
    {
      name: 'a deny with sqs:* and BoolIfExists false enforces TLS',
      file: 'queue-policy.json',
      code: queueJson().replace('\n    }\n  ]', '\n    },\n    {"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "sqs:*", "Resource": "*", "Condition": {"BoolIfExists": {"aws:SecureTransport": false}}}\n  ]'),
    },
    {
      name: 'Terraform: a policy from a variable is unknown',
      format: 'terraform',
      code: code`
        resource "aws_sqs_queue_policy" "q" {
          queue_url = aws_sqs_queue.q.id
          policy    = var.policy
        }
      `,
    },
  ],
  invalid: [
    {
      name: 'standalone queue policy: the fix copies the queue ARN the statements name',
      file: 'queue-policy.json',
      code: example('iam-json').bad,
      errors: [{ at: '"Statement"', message: NO_DENY('queue', 'SQS'), fixes: [example('iam-json').good.replace('"Condition": {"Bool": {"aws:SecureTransport": "false"}}', '"Condition": {\n        "Bool": {\n          "aws:SecureTransport": "false"\n        }\n      }')] }],
    },
    {
      name: 'an Allow with SecureTransport true is not enforcement; no ARN to copy, no fix',
      file: 'queue-policy.json',
      code: queueJson(',\n        "Condition": {"Bool": {"aws:SecureTransport": "true"}}').replace('"arn:aws:sqs:us-east-1:111122223333:orders"', '"*"'),
      errors: [{ at: '"Statement"', message: ALLOW_ONLY }],
    },
    {
      name: 'CloudFormation topic policy: the fix names the topic by Ref',
      format: 'cloudformation',
      code: example('cloudformation').bad,
      errors: [{ at: 'PolicyDocument', message: NO_DENY('topic', 'SNS'), fixes: [example('cloudformation').good] }],
    },
    {
      name: 'Terraform queue policy with jsonencode',
      format: 'terraform',
      code: example('terraform').bad,
      errors: [{ at: 'policy', message: NO_DENY('queue', 'SQS'), fixes: [example('terraform').good] }],
    },
    {
      name: 'Terraform: a queue repeated with count and its policy per instance: the fix names the same instance',
      format: 'terraform',
      code: queueCountTf(''),
      errors: [{ at: 'policy', message: NO_DENY('queue', 'SQS'), fixes: [queueCountTf(QUEUE_COUNT_DENY)] }],
    },
    {
      name: 'Terraform inline policy of aws_sqs_queue: reported; the queue cannot name itself and no literal ARN: no fix',
      format: 'terraform',
      code: code`
        resource "aws_sqs_queue" "q" {
          name   = "q"
          policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = "*", Action = "sqs:SendMessage", Resource = "*" }] })
        }
      `,
      errors: [{ at: 'policy', message: NO_DENY('queue', 'SQS') }],
    },
    {
      name: 'Terraform JSON topic policy string: the statement is written into the string',
      format: 'terraform-json',
      code: example('terraform-json').bad,
      errors: [
        {
          at: '"policy"',
          message: NO_DENY('topic', 'SNS'),
          fixes: [
            example('terraform-json').bad.replace(
              '\\"Resource\\":\\"${aws_sns_topic.alerts.arn}\\"}]}"',
              () =>
                '\\"Resource\\":\\"${aws_sns_topic.alerts.arn}\\"},{\\"Sid\\":\\"DenyInsecureTransport\\",\\"Effect\\":\\"Deny\\",\\"Principal\\":\\"*\\",\\"Action\\":\\"sns:*\\",\\"Resource\\":\\"${aws_sns_topic.alerts.arn}\\",\\"Condition\\":{\\"Bool\\":{\\"aws:SecureTransport\\":\\"false\\"}}}]}"',
            ),
          ],
        },
      ],
    },
  ],
  corpus: corpus(),
});
