import type { FixSpec } from '../fixes/ops';
import type { Condition, PolicyDocument, Statement } from '../model/model';
import { code, defineRule } from './rule';
import { effectText } from '../model/policy';

/** The TLS version a deny on `s3:TlsVersion` leaves allowed below 1.2, or undefined when the deny covers everything below 1.2. */
function allowedBelow12(c: Condition, value: number): string | undefined {
  // NumericLessThan v denies versions < v; NumericLessThanEquals v denies versions <= v.
  if (c.baseOperator === 'NumericLessThan') return value <= 1.0 ? 'TLS 1.0 and 1.1' : value <= 1.1 ? 'TLS 1.1' : undefined;
  if (c.baseOperator === 'NumericLessThanEquals') return value < 1.1 ? (value < 1.0 ? 'TLS 1.0 and 1.1' : 'TLS 1.1') : undefined;
  return undefined;
}

function fixFor(doc: PolicyDocument, s: Statement, c: Condition): FixSpec[] {
  if (c.values.length !== 1 || c.values[0].state !== 'literal' || c.values[0].resolved) return [];
  const ops: FixSpec['ops'] = [{ op: 'addCondition', policy: doc, statement: s, operator: c.operator, key: c.key, values: ['1.2'] }];
  if (c.baseOperator !== 'NumericLessThan') ops.push({ op: 'setConditionOperator', policy: doc, condition: c, operator: c.operator.replace('NumericLessThanEquals', 'NumericLessThan') });
  return [{ title: 'Deny every TLS version below 1.2 (clients limited to TLS 1.0/1.1 can no longer connect)', applicability: 'safe', ops }];
}

export const dp302 = defineRule({
  meta: {
    id: 'DP302',
    name: 'tls-version-condition-below-1-2',
    category: 'tls-version',
    defaultSeverity: 'warning',
    summary: 'A deny on `s3:TlsVersion` stops below a version lower than 1.2, so TLS 1.0 or 1.1 requests are still allowed.',
    description: [
      'AWS requires TLS 1.2 and documents the bucket-policy statement that enforces it ("EnforceTLSv12orHigher"): a',
      '`Deny` for every principal with `NumericLessThan` `s3:TlsVersion` `1.2`. A deny written with a lower number',
      '(`NumericLessThan` `1.1`, or `NumericLessThanEquals` `1.0`) leaves TLS 1.1 (and 1.0) requests allowed by the rest',
      'of the policy. The fix sets the deny to `NumericLessThan` `1.2` (use `1.3` to require TLS 1.3 where the clients',
      'support it); clients that only speak TLS 1.0/1.1 are then refused. Values only known at deploy time are not judged.',
      'See [Enforcing a minimum TLS version](https://docs.aws.amazon.com/AmazonS3/latest/userguide/amazon-s3-policy-keys.html#example-object-tls-version).',
    ].join('\n'),
    fix: 'safe',
    formats: ['iam-json', 'cloudformation', 'terraform', 'terraform-json'],
    examples: [
      {
        title: 'A bucket policy denying only TLS 1.0',
        format: 'iam-json',
        fileName: 'bucket-policy.json',
        bad: code`
          {
            "Version": "2012-10-17",
            "Statement": [
              {
                "Sid": "EnforceTLS",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"],
                "Condition": { "NumericLessThan": { "s3:TlsVersion": "1.1" } }
              }
            ]
          }
        `,
        good: code`
          {
            "Version": "2012-10-17",
            "Statement": [
              {
                "Sid": "EnforceTLS",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"],
                "Condition": { "NumericLessThan": { "s3:TlsVersion": "1.2" } }
              }
            ]
          }
        `,
      },
      {
        title: 'In a CloudFormation bucket policy',
        format: 'cloudformation',
        fileName: 'template.yaml',
        bad: code`
          Resources:
            Policy:
              Type: AWS::S3::BucketPolicy
              Properties:
                Bucket: reports
                PolicyDocument:
                  Statement:
                    - Effect: Deny
                      Principal: '*'
                      Action: 's3:*'
                      Resource: ['arn:aws:s3:::reports', 'arn:aws:s3:::reports/*']
                      Condition:
                        NumericLessThan:
                          s3:TlsVersion: '1.1'
        `,
        good: code`
          Resources:
            Policy:
              Type: AWS::S3::BucketPolicy
              Properties:
                Bucket: reports
                PolicyDocument:
                  Statement:
                    - Effect: Deny
                      Principal: '*'
                      Action: 's3:*'
                      Resource: ['arn:aws:s3:::reports', 'arn:aws:s3:::reports/*']
                      Condition:
                        NumericLessThan:
                          s3:TlsVersion: '1.2'
        `,
      },
      {
        title: 'In a Terraform policy document',
        format: 'terraform',
        fileName: 'main.tf',
        bad: code`
          data "aws_iam_policy_document" "tls" {
            statement {
              effect    = "Deny"
              actions   = ["s3:*"]
              resources = ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"]
              principals {
                type        = "*"
                identifiers = ["*"]
              }
              condition {
                test     = "NumericLessThan"
                variable = "s3:TlsVersion"
                values   = ["1.1"]
              }
            }
          }
        `,
        good: code`
          data "aws_iam_policy_document" "tls" {
            statement {
              effect    = "Deny"
              actions   = ["s3:*"]
              resources = ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"]
              principals {
                type        = "*"
                identifiers = ["*"]
              }
              condition {
                test     = "NumericLessThan"
                variable = "s3:TlsVersion"
                values   = ["1.2"]
              }
            }
          }
        `,
      },
      {
        title: 'In Terraform JSON',
        format: 'terraform-json',
        fileName: 'main.tf.json',
        bad: code`
          {
            "resource": {
              "aws_s3_bucket_policy": {
                "reports": {
                  "bucket": "reports",
                  "policy": "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Deny\\",\\"Principal\\":\\"*\\",\\"Action\\":\\"s3:*\\",\\"Resource\\":\\"arn:aws:s3:::reports/*\\",\\"Condition\\":{\\"NumericLessThan\\":{\\"s3:TlsVersion\\":\\"1.1\\"}}}]}"
                }
              }
            }
          }
        `,
        good: code`
          {
            "resource": {
              "aws_s3_bucket_policy": {
                "reports": {
                  "bucket": "reports",
                  "policy": "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Deny\\",\\"Principal\\":\\"*\\",\\"Action\\":\\"s3:*\\",\\"Resource\\":\\"arn:aws:s3:::reports/*\\",\\"Condition\\":{\\"NumericLessThan\\":{\\"s3:TlsVersion\\":\\"1.2\\"}}}]}"
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
        // (The literal Effect, without building its value: thousands of statements.)
        if (effectText(s) !== 'Deny') continue;
        for (const c of s.conditions) {
          if (c.key.toLowerCase() !== 's3:tlsversion' || c.qualifier) continue;
          for (const v of c.values) {
            if (v.state !== 'literal' || v.resolved?.from === 'default') continue;
            const n = Number(v.value);
            if (!Number.isFinite(n)) continue;
            const allowed = allowedBelow12(c, n);
            if (!allowed) continue;
            ctx.report({
              file: doc.file,
              span: v.span,
              message: `This deny on s3:TlsVersion (${c.operator} ${v.value}) still allows ${allowed}, below the TLS 1.2 AWS requires; deny NumericLessThan 1.2.`,
              fixes: () => fixFor(doc, s, c),
            });
          }
        }
      }
    }
  },
});
