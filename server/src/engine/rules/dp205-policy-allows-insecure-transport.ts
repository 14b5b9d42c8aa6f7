import type { FixSpec } from '../fixes/ops';
import type { Condition, PolicyDocument, Statement, Val } from '../model/model';
import { conditionsOn, effectOf } from './lib/policy-checks';
import { code, defineRule } from './rule';

const SECURE_TRANSPORT = 'aws:SecureTransport';

/** The first literal `false` value of a `Bool`/`BoolIfExists` condition on aws:SecureTransport (no set qualifier). */
function firstFalseValue(c: Condition): Extract<Val<string>, { state: 'literal' }> | undefined {
  if (c.qualifier || c.baseOperator.toLowerCase() !== 'bool') return undefined;
  for (let i = 0; i < c.values.length; i++) {
    const v = c.values[i];
    if (v.state === 'literal' && !v.resolved && v.value.toLowerCase() === 'false') return v;
  }
  return undefined;
}

/** Turning the statement into a Deny gives the statement AWS asks for (when it is for everyone and every action, DP201 then passes). */
function fixFor(doc: PolicyDocument, s: Statement): FixSpec[] {
  const e = s.effect;
  if (e.state !== 'literal' || e.resolved || e.node.kind !== 'string' || doc.node.embedded) return [];
  return [
    {
      title: 'Make this statement a Deny, so that requests sent without TLS are refused',
      applicability: 'unsafe',
      ops: [{ op: 'replaceInString', file: doc.file, node: e.node, start: 0, end: e.value.length, text: e.value === e.value.toLowerCase() ? 'deny' : 'Deny' }],
    },
  ];
}

export const dp205 = defineRule({
  meta: {
    id: 'DP205',
    name: 'policy-allows-insecure-transport',
    category: 'secure-transport',
    defaultSeverity: 'error',
    summary: 'A policy statement allows requests only when they are sent without TLS (Allow with aws:SecureTransport = false).',
    description: [
      'An `Allow` statement conditioned on `"Bool": {"aws:SecureTransport": "false"}` grants access exactly to requests sent',
      'over plain HTTP: the opposite of what AWS asks. It is almost always a `Deny` written as an `Allow` (the statement is',
      'often named `EnsureSSL` or `DenyInsecureTransport`). It is reported on the condition value in every kind of policy',
      '(bucket and other resource policies, identity policies), in addition to DP201 for the bucket policy that still lacks',
      'the Deny.',
      '',
      'The fix turns the statement into a `Deny` (unsafe: whoever relied on the grant loses it). Values only known at deploy',
      'time, and a default a deployment may override, are never reported.',
    ].join('\n'),
    fix: 'unsafe',
    formats: ['iam-json', 'cloudformation', 'terraform', 'terraform-json'],
    examples: [
      {
        title: 'A bucket policy that allows plain HTTP (policy JSON)',
        format: 'iam-json',
        fileName: 'bucket-policy.json',
        bad: code`
          {
            "Version": "2012-10-17",
            "Statement": [
              {
                "Sid": "EnsureSSL",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": ["arn:aws:s3:::example-bucket", "arn:aws:s3:::example-bucket/*"],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}}
              }
            ]
          }
        `,
        good: code`
          {
            "Version": "2012-10-17",
            "Statement": [
              {
                "Sid": "EnsureSSL",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": ["arn:aws:s3:::example-bucket", "arn:aws:s3:::example-bucket/*"],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}}
              }
            ]
          }
        `,
      },
      {
        title: 'A queue policy that allows plain HTTP (CloudFormation)',
        format: 'cloudformation',
        fileName: 'template.yaml',
        bad: code`
          Resources:
            Queue:
              Type: AWS::SQS::Queue
            QueuePolicy:
              Type: AWS::SQS::QueuePolicy
              Properties:
                Queues: [!Ref Queue]
                PolicyDocument:
                  Statement:
                    - Effect: Allow
                      Principal: '*'
                      Action: sqs:*
                      Resource: !GetAtt Queue.Arn
                      Condition:
                        Bool:
                          aws:SecureTransport: 'false'
        `,
        good: code`
          Resources:
            Queue:
              Type: AWS::SQS::Queue
            QueuePolicy:
              Type: AWS::SQS::QueuePolicy
              Properties:
                Queues: [!Ref Queue]
                PolicyDocument:
                  Statement:
                    - Effect: Deny
                      Principal: '*'
                      Action: sqs:*
                      Resource: !GetAtt Queue.Arn
                      Condition:
                        Bool:
                          aws:SecureTransport: 'false'
        `,
      },
      {
        title: 'An aws_iam_policy_document statement that allows plain HTTP (Terraform)',
        format: 'terraform',
        fileName: 'main.tf',
        bad: code`
          data "aws_iam_policy_document" "topic" {
            statement {
              effect    = "Allow"
              actions   = ["sns:Publish"]
              resources = [aws_sns_topic.alerts.arn]
              principals {
                type        = "*"
                identifiers = ["*"]
              }
              condition {
                test     = "Bool"
                variable = "aws:SecureTransport"
                values   = ["false"]
              }
            }
          }
        `,
        good: code`
          data "aws_iam_policy_document" "topic" {
            statement {
              effect    = "Deny"
              actions   = ["sns:Publish"]
              resources = [aws_sns_topic.alerts.arn]
              principals {
                type        = "*"
                identifiers = ["*"]
              }
              condition {
                test     = "Bool"
                variable = "aws:SecureTransport"
                values   = ["false"]
              }
            }
          }
        `,
      },
      {
        title: 'A bucket policy that allows plain HTTP (Terraform JSON)',
        format: 'terraform-json',
        fileName: 'main.tf.json',
        bad: code`
          {
            "data": {
              "aws_iam_policy_document": {
                "site": {
                  "statement": [
                    {
                      "effect": "Allow",
                      "actions": ["s3:GetObject"],
                      "resources": ["arn:aws:s3:::example-site/*"],
                      "principals": [{"type": "*", "identifiers": ["*"]}],
                      "condition": [{"test": "Bool", "variable": "aws:SecureTransport", "values": ["false"]}]
                    }
                  ]
                }
              }
            }
          }
        `,
        good: code`
          {
            "data": {
              "aws_iam_policy_document": {
                "site": {
                  "statement": [
                    {
                      "effect": "Deny",
                      "actions": ["s3:GetObject"],
                      "resources": ["arn:aws:s3:::example-site/*"],
                      "principals": [{"type": "*", "identifiers": ["*"]}],
                      "condition": [{"test": "Bool", "variable": "aws:SecureTransport", "values": ["false"]}]
                    }
                  ]
                }
              }
            }
          }
        `,
      },
    ],
  },
  check(ctx) {
    for (const doc of ctx.model.policies) {
      for (const s of doc.statements) {
        // An aws_iam_policy_document statement without `effect` allows.
        const allows = effectOf(s) === 'allow' || (doc.dialect === 'hcl-policy-document' && s.effect.state === 'missing');
        if (!allows) continue;
        const conditions = conditionsOn(s, SECURE_TRANSPORT);
        for (let i = 0; i < conditions.length; i++) {
          const v = firstFalseValue(conditions[i]);
          if (!v) continue;
          ctx.report({
            file: doc.file,
            span: v.span,
            message: 'This statement allows requests only when they are sent without TLS (Allow with aws:SecureTransport = false), which grants access over plain HTTP; make it a Deny.',
            fixes: () => fixFor(doc, s),
          });
          break;
        }
      }
    }
  },
});
