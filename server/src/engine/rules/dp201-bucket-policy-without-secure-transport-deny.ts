import type { FixSpec, NeutralValue } from '../fixes/ops';
import type { Condition, Model, PolicyDocument, Statement } from '../model/model';
import { documentIsPartial } from '../model/policy';
import { boolConditionMatches, bucketNamesInPolicy, conditionsOn, coversAllActions, effectOf, literals, uniqueSid } from './lib/policy-checks';
import { instanceKeyUsableIn } from '../model/links';
import { bucketIndex, deniesInsecureTransport, isBucketPolicy } from './lib/s3';
import { quoteSource, sentence } from '../redact';
import { code, defineRule, type RuleContext } from './rule';

const SECURE_TRANSPORT = 'aws:SecureTransport';
/** `s3:PutObject`, `s3:Get*`: what an IAM action looks like. */
const ACTION_NAME = /^[a-z0-9-]{1,32}:[A-Za-z0-9*?]{0,128}$/;

/** The bucket and object ARNs to deny on: literal ARNs, or references to the bucket resource. */
function denyResources(doc: PolicyDocument, model: Model): NeutralValue[] | undefined {
  const at = doc.attachedTo;
  if (at?.kind === 'string' && typeof at.value === 'string' && at.value && !at.value.includes('${')) {
    const arn = `arn:aws:s3:::${at.value}`;
    return [arn, `${arn}/*`];
  }
  const a = bucketIndex(model).attachment(doc);
  // One instance of a repeated bucket: the same instance (`aws_s3_bucket.b[count.index].arn`), where the
  // document can say it (`count.index` only in a resource with `count`, `each.key` with `for_each`).
  const index = a.kind === 'bucket' && a.index !== undefined ? { index: a.index } : {};
  const bucket = a.kind === 'bucket' && (index.index === undefined || instanceKeyUsableIn(index.index, doc.resource)) ? a.bucket : undefined;
  // A legacy inline policy (`aws_s3_bucket.policy`) cannot name its own bucket: Terraform rejects self-references.
  if (bucket && bucket !== doc.resource) return [{ $ref: { resource: bucket, attribute: 'arn', ...index } }, { $ref: { resource: bucket, attribute: 'arn', ...index }, suffix: '/*' }];
  const names = bucketNamesInPolicy(doc);
  if (names.length === 0) return undefined;
  return names.flatMap((n) => [`arn:aws:s3:::${n}`, `arn:aws:s3:::${n}/*`]);
}

function fixFor(doc: PolicyDocument, model: Model, website = false): FixSpec[] {
  const resources = denyResources(doc, model);
  if (!resources) return [];
  const title = website
    ? 'Add a Deny statement for requests without TLS (aws:SecureTransport = false); the S3 website endpoint, which only serves HTTP, stops serving'
    : 'Add a Deny statement for requests without TLS (aws:SecureTransport = false)';
  const statement = {
    Sid: uniqueSid(doc, 'DenyInsecureTransport'),
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: resources,
    Condition: { Bool: { [SECURE_TRANSPORT]: 'false' } },
  };
  return [{ title, applicability: 'unsafe', ops: [{ op: 'insertStatement', policy: doc, statement }] }];
}

/** The statement's Action span to point at, when its deny covers only some actions. */
function partialDeny(doc: PolicyDocument): Statement | undefined {
  return doc.statements.find(isPartialDeny);
}

// Predicates at module level: no closures made per policy.
const requiresNoTls = (c: Condition) => boolConditionMatches(c, 'false');
const requiresTls = (c: Condition) => boolConditionMatches(c, 'true');
const isPartialDeny = (s: Statement) => effectOf(s) === 'deny' && conditionsOn(s, SECURE_TRANSPORT).some(requiresNoTls) && !coversAllActions(s.action, 's3') && !s.notAction;
const isAllowOnlyTls = (s: Statement) => effectOf(s) === 'allow' && conditionsOn(s, SECURE_TRANSPORT).some(requiresTls);


export const dp201 = defineRule({
  meta: {
    id: 'DP201',
    name: 'bucket-policy-without-secure-transport-deny',
    category: 'secure-transport',
    defaultSeverity: 'error',
    summary: 'An S3 bucket policy does not deny requests that are not sent over TLS (aws:SecureTransport = false).',
    description: [
      'AWS asks that all traffic to AWS resources use TLS, and that `aws:SecureTransport` be enforced. For Amazon S3 this',
      'is done in the bucket policy: a `Deny` statement for every principal and every S3 action, on the bucket and its',
      'objects, with the condition `"Bool": {"aws:SecureTransport": "false"}`. Without it, any principal that is granted',
      'access (by this policy, an identity policy or an ACL) may read and write the bucket over plain HTTP.',
      '',
      'An `Allow` that requires `aws:SecureTransport = true` is not enough: other policies can still grant the same access',
      'without the condition, and only an explicit `Deny` overrides them. A `Deny` that covers only some actions (for',
      'example only `s3:PutObject`) leaves the other actions open over HTTP.',
      '',
      'When the bucket is in the same template or Terraform module (linked by reference, or by a literal name equal to its',
      '`BucketName` / `bucket`), the finding is shown on the bucket, which is what accepts plain HTTP; the message names the',
      'policy, a related location points at it, the fix writes the statement there, and an `awsdp-ignore` written on the',
      'policy still applies. A policy for a bucket created elsewhere, and a standalone policy file, are reported on the policy.',
      'A bucket with no bucket policy at all is DP204.',
      '',
      'Values that are only known at deploy time (a `Ref`, a Terraform variable, a `dynamic` block) are never reported.',
    ].join('\n'),
    fix: 'unsafe',
    formats: ['iam-json', 'cloudformation', 'terraform', 'terraform-json'],
    examples: [
      {
        title: 'Bucket policy in a standalone policy file',
        format: 'iam-json',
        fileName: 'bucket-policy.json',
        bad: code`
          {
            "Version": "2012-10-17",
            "Statement": [
              {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::example-bucket/*"
              }
            ]
          }
        `,
        good: code`
          {
            "Version": "2012-10-17",
            "Statement": [
              {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::example-bucket/*"
              },
              {
                "Sid": "DenyInsecureTransport",
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
        title: 'AWS::S3::BucketPolicy in a CloudFormation template',
        format: 'cloudformation',
        fileName: 'template.yaml',
        bad: code`
          Resources:
            AssetsBucket:
              Type: AWS::S3::Bucket
            AssetsBucketPolicy:
              Type: AWS::S3::BucketPolicy
              Properties:
                Bucket: !Ref AssetsBucket
                PolicyDocument:
                  Version: '2012-10-17'
                  Statement:
                    - Effect: Allow
                      Principal:
                        Service: cloudfront.amazonaws.com
                      Action: s3:GetObject
                      Resource: !Sub '\${AssetsBucket.Arn}/*'
        `,
        good: code`
          Resources:
            AssetsBucket:
              Type: AWS::S3::Bucket
            AssetsBucketPolicy:
              Type: AWS::S3::BucketPolicy
              Properties:
                Bucket: !Ref AssetsBucket
                PolicyDocument:
                  Version: '2012-10-17'
                  Statement:
                    - Effect: Allow
                      Principal:
                        Service: cloudfront.amazonaws.com
                      Action: s3:GetObject
                      Resource: !Sub '\${AssetsBucket.Arn}/*'
                    - Sid: DenyInsecureTransport
                      Effect: Deny
                      Principal: '*'
                      Action: s3:*
                      Resource:
                        - !GetAtt AssetsBucket.Arn
                        - !Sub '\${AssetsBucket.Arn}/*'
                      Condition:
                        Bool:
                          aws:SecureTransport: 'false'
        `,
      },
      {
        title: 'aws_s3_bucket_policy with jsonencode in Terraform',
        format: 'terraform',
        fileName: 'main.tf',
        bad: code`
          resource "aws_s3_bucket" "logs" {
            bucket = "example-access-logs"
          }

          resource "aws_s3_bucket_policy" "logs" {
            bucket = aws_s3_bucket.logs.id
            policy = jsonencode({
              Version = "2012-10-17"
              Statement = [
                {
                  Effect    = "Allow"
                  Principal = { Service = "logging.s3.amazonaws.com" }
                  Action    = "s3:PutObject"
                  Resource  = "\${aws_s3_bucket.logs.arn}/*"
                },
              ]
            })
          }
        `,
        good: code`
          resource "aws_s3_bucket" "logs" {
            bucket = "example-access-logs"
          }

          resource "aws_s3_bucket_policy" "logs" {
            bucket = aws_s3_bucket.logs.id
            policy = jsonencode({
              Version = "2012-10-17"
              Statement = [
                {
                  Effect    = "Allow"
                  Principal = { Service = "logging.s3.amazonaws.com" }
                  Action    = "s3:PutObject"
                  Resource  = "\${aws_s3_bucket.logs.arn}/*"
                },
                {
                  Sid       = "DenyInsecureTransport"
                  Effect    = "Deny"
                  Principal = "*"
                  Action    = "s3:*"
                  Resource  = [aws_s3_bucket.logs.arn, "\${aws_s3_bucket.logs.arn}/*"]
                  Condition = { Bool = { "aws:SecureTransport" = "false" } }
                },
              ]
            })
          }
        `,
      },
      {
        title: 'aws_iam_policy_document in Terraform JSON (CDKTF output)',
        format: 'terraform-json',
        fileName: 'main.tf.json',
        bad: code`
          {
            "data": {
              "aws_iam_policy_document": {
                "uploads": {
                  "statement": [
                    {
                      "actions": ["s3:PutObject"],
                      "resources": ["\${aws_s3_bucket.uploads.arn}/*"],
                      "principals": [{"type": "AWS", "identifiers": ["arn:aws:iam::111122223333:role/uploader"]}]
                    }
                  ]
                }
              }
            },
            "resource": {
              "aws_s3_bucket": {"uploads": {"bucket": "example-user-uploads"}},
              "aws_s3_bucket_policy": {
                "uploads": {"bucket": "\${aws_s3_bucket.uploads.id}", "policy": "\${data.aws_iam_policy_document.uploads.json}"}
              }
            }
          }
        `,
        good: code`
          {
            "data": {
              "aws_iam_policy_document": {
                "uploads": {
                  "statement": [
                    {
                      "actions": ["s3:PutObject"],
                      "resources": ["\${aws_s3_bucket.uploads.arn}/*"],
                      "principals": [{"type": "AWS", "identifiers": ["arn:aws:iam::111122223333:role/uploader"]}]
                    },
                    {
                      "sid": "DenyInsecureTransport",
                      "effect": "Deny",
                      "actions": ["s3:*"],
                      "resources": ["\${aws_s3_bucket.uploads.arn}", "\${aws_s3_bucket.uploads.arn}/*"],
                      "principals": [{"type": "*", "identifiers": ["*"]}],
                      "condition": [{"test": "Bool", "variable": "aws:SecureTransport", "values": ["false"]}]
                    }
                  ]
                }
              }
            },
            "resource": {
              "aws_s3_bucket": {"uploads": {"bucket": "example-user-uploads"}},
              "aws_s3_bucket_policy": {
                "uploads": {"bucket": "\${aws_s3_bucket.uploads.id}", "policy": "\${data.aws_iam_policy_document.uploads.json}"}
              }
            }
          }
        `,
      },
    ],
  },
  check(ctx) {
    // (Each policy is looked at in a function of its own: closures, made only for a finding, capture nothing per policy otherwise.)
    const policies = ctx.model.policies;
    for (let i = 0; i < policies.length; i++) checkPolicy(ctx, policies[i], i);
  },
});

/** `at`: the document's place in the model's list of policies. */
function checkPolicy(ctx: RuleContext, doc: PolicyDocument, at: number): void {
  if (!isBucketPolicy(doc) || documentIsPartial(doc)) return;
  if (doc.statements.some(deniesInsecureTransport)) return;
  const partial = partialDeny(doc);
  if (partial) {
    // Action names are quoted as written; anything else in the list is masked (it may be a secret).
    const actions = literals(partial.action).map((a) => (ACTION_NAME.test(a) ? a : quoteSource(a)));
    const at = partial.action?.find((v) => v.state === 'literal');
    ctx.report({
      file: doc.file,
      span: at && at.state === 'literal' ? at.span : partial.span,
      message: `This Deny on aws:SecureTransport = false covers only ${actions.join(', ') || 'some actions'}; other S3 actions on the bucket are still allowed over plain HTTP.`,
      fixes: fixesFor(doc, ctx.model, false),
    });
    return;
  }
  const allowOnlyTls = doc.statements.some(isAllowOnlyTls);
  const idx = bucketIndex(ctx.model);
  const a = idx.attachment(doc, at);
  const holder = doc.holder ?? doc.resource;
  // The bucket is what accepts plain HTTP: when it is in this template or module (and the policy is
  // its own resource), the finding is shown on the bucket, pointing at the policy the fix edits.
  if (a.kind === 'bucket' && holder && a.bucket !== holder && a.bucket !== doc.resource) {
    // (One sentence per case, each a single template: a large template has thousands of these findings.)
    // (Tagged: the engine masks what the id may hold, scanning the id rather than the whole sentence.)
    const message = allowOnlyTls
      ? sentence`This bucket accepts requests over plain HTTP: its bucket policy ${holder.id} only requires TLS in an Allow statement, which other policies can bypass; add a Deny for aws:SecureTransport = false.`
      : sentence`This bucket accepts requests over plain HTTP: its bucket policy ${holder.id} does not deny aws:SecureTransport = false; add a Deny statement for requests without TLS.`;
    // The policy is both the related location and a place whose suppressions apply (suppressions there
    // are read by file and span): one list for both, the engine only reads them.
    const policy = [{ file: doc.file, span: doc.anchor, message: sentence`The bucket policy of ${a.bucket.id}: the Deny statement goes here.` }];
    ctx.report({
      file: a.bucket.file,
      span: a.bucket.idSpan,
      message,
      related: policy,
      alsoSuppressedAt: policy,
      fixes: fixesFor(doc, ctx.model, idx.isWebsite(a.bucket)),
    });
    return;
  }
  ctx.report({
    file: doc.file,
    span: doc.anchor,
    message: allowOnlyTls
      ? 'This bucket policy only allows TLS in an Allow statement, which other policies can bypass; add a Deny for aws:SecureTransport = false.'
      : 'This bucket policy does not deny requests sent without TLS; add a Deny statement for aws:SecureTransport = false.',
    fixes: fixesFor(doc, ctx.model, a.kind === 'bucket' && idx.isWebsite(a.bucket)),
  });
}

/** The fix writer of a finding (a closure made only here, when there is a finding). */
function fixesFor(doc: PolicyDocument, model: Model, website: boolean): () => FixSpec[] {
  return () => fixFor(doc, model, website);
}
