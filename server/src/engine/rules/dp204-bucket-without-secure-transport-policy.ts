import type { FixSpec, NeutralValue } from '../fixes/ops';
import type { Model, Resource, Val } from '../model/model';
import { documentIsPartial } from '../model/policy';
import { instanceKeyOf, newResource, resourcesOf, settingValues, type SettingValue } from '../model/settings';
import { refersTo } from '../model/links';
import { bucketIndex, deniesInsecureTransport } from './lib/s3';
import { code, defineRule, type RuleContext } from './rule';

/** Resources that hand a bucket to another template or module, which may attach its policy. */
const NESTED_STACK_TYPES = new Set(['AWS::CloudFormation::Stack', 'AWS::Serverless::Application']);

/** Whether the bucket is passed to a nested stack or a Terraform module call (which may give it a policy). */
function handedOver(model: Model, b: Resource): boolean {
  if (model.links.some((l) => l.to === b && NESTED_STACK_TYPES.has(l.from.type))) return true;
  return model.modules.some((m) => refersTo(m.properties, b.id));
}

function fixFor(model: Model, b: Resource, website: boolean): FixSpec[] {
  // A bucket repeated with count / for_each gets a policy per instance, each naming its own bucket.
  const index = instanceKeyOf(b);
  const at = index === undefined ? {} : { index };
  const arn = { $ref: { resource: b, attribute: 'arn' as const, ...at } };
  const policy: NeutralValue = {
    $json: {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'DenyInsecureTransport',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: [arn, { ...arn, suffix: '/*' }],
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ],
    },
  };
  const r = newResource<NeutralValue>(b, 's3-bucket-policy', [
    ['s3-bucket-policy.bucket', { $ref: { resource: b, attribute: 'id', ...at } }],
    ['s3-bucket-policy.policy', policy],
  ]);
  if (!r) return [];
  const taken = new Set(model.resources.map((x) => x.id));
  const cfn = b.format === 'cloudformation';
  const base = cfn ? `${b.id}Policy` : b.id.slice(b.id.indexOf('.') + 1);
  let name = base;
  for (let i = 2; taken.has(cfn ? name : `${r.type}.${name}`); i++) name = cfn ? `${base}${i}` : `${base}_${i}`;
  const title = website
    ? 'Add a bucket policy that denies requests without TLS (aws:SecureTransport = false); the S3 website endpoint, which only serves HTTP, stops serving'
    : 'Add a bucket policy that denies requests without TLS (aws:SecureTransport = false)';
  return [{ title, applicability: 'unsafe', ops: [{ op: 'insertResource', near: b, type: r.type, name, properties: r.properties as { [k: string]: NeutralValue }, ...(index === undefined ? {} : { repeatLike: b }) }] }];
}

/** A literal written in the file (or a local), never a variable's default (it may be overridden). */
function written(v: Val<string> | undefined): string | undefined {
  return v?.state === 'literal' && v.resolved?.from !== 'default' ? v.value.toLowerCase() : undefined;
}

/**
 * Calls of the terraform-aws-modules/s3-bucket module: the bucket it creates gets a Deny for
 * aws:SecureTransport = false only with `attach_deny_insecure_transport_policy = true` (default
 * false), or from its own `policy` input, which is attached only with `attach_policy = true`.
 */
function checkModules(ctx: RuleContext): void {
  const model = ctx.model;
  const modules = resourcesOf(model, 's3-bucket-module');
  if (modules.length === 0) return;
  const byModule = (setting: SettingValue['setting']) => new Map(settingValues(model, setting).map((s) => [s.resource, s]));
  const create = byModule('s3-bucket-module.createBucket');
  const directory = byModule('s3-bucket-module.directoryBucket');
  const deny = byModule('s3-bucket-module.denyInsecureTransport');
  const attach = byModule('s3-bucket-module.attachPolicy');
  for (const m of modules) {
    // No bucket (create_bucket false), a directory bucket, or either known only at plan time: not judged.
    const c = create.get(m)?.value;
    if (c && c.state !== 'missing' && written(c) !== 'true') continue;
    const dir = directory.get(m)?.value;
    if (dir && dir.state !== 'missing' && written(dir) !== 'false') continue;
    const d = deny.get(m);
    if (!d || (d.value.state !== 'missing' && written(d.value) !== 'false')) continue;
    const a = attach.get(m)?.value;
    if (a && a.state !== 'missing' && written(a) === undefined) continue;
    const attached = written(a) === 'true';
    const doc = model.policies.find((p) => (p.holder ?? p.resource) === m);
    let why: string;
    let span = d.value.state === 'literal' ? d.value.span : m.idSpan;
    if (attached && doc) {
      // Its own policy: judged when it can be read.
      if (documentIsPartial(doc) || doc.statements.some(deniesInsecureTransport)) continue;
      why = 'its policy does not deny aws:SecureTransport = false';
      span = doc.anchor;
    } else if (doc) {
      why = 'its policy is not attached (attach_policy is not true), so the bucket has no bucket policy';
      span = doc.anchor;
    } else why = 'the bucket has no bucket policy';
    const setting = d.value.state === 'missing' ? 'attach_deny_insecure_transport_policy is not set' : 'attach_deny_insecure_transport_policy is false';
    ctx.report({
      file: m.file,
      span,
      message: `This s3-bucket module call creates a bucket that S3 lets clients reach over plain HTTP: ${setting} and ${why}; set attach_deny_insecure_transport_policy = true.`,
      fixes: (): FixSpec[] =>
        d.slot
          ? [{ title: 'Set attach_deny_insecure_transport_policy = true (the module adds a Deny for aws:SecureTransport = false; clients still using HTTP are refused)', applicability: 'unsafe', ops: [{ op: 'setValue', slot: d.slot, value: true }] }]
          : [],
    });
  }
}

export const dp204 = defineRule({
  meta: {
    id: 'DP204',
    name: 'bucket-without-secure-transport-policy',
    category: 'secure-transport',
    defaultSeverity: 'warning',
    summary: 'An S3 bucket has no bucket policy in its template or Terraform module, so nothing denies requests sent without TLS.',
    description: [
      'Amazon S3 accepts plain HTTP requests unless a bucket policy denies them: AWS asks for a `Deny` statement for every',
      'principal and every S3 action, on the bucket and its objects, with the condition `"Bool": {"aws:SecureTransport": "false"}`',
      '(the AWS Config rule `s3-bucket-ssl-requests-only`, Security Hub control S3.5). A bucket with no bucket policy at all',
      'has no such statement; peer tools that only read bucket policies skip it.',
      '',
      'The bucket is reported when its template (or Terraform module, all `.tf` files of the directory) has no',
      '`AWS::S3::BucketPolicy` / `aws_s3_bucket_policy` (or legacy inline `policy`) for it, linked by reference or by its',
      'literal name. A bucket policy that is present but lacks the statement is DP201. Nothing is reported when some bucket',
      'policy of the template or module names its bucket in a way that cannot be read (a parameter, a variable, an',
      'expression), or when the bucket is handed to a nested stack or a Terraform module, which may attach the policy.',
      '',
      'A call of the `terraform-aws-modules/s3-bucket/aws` registry module creates a bucket too: it is reported unless it',
      'sets `attach_deny_insecure_transport_policy = true` (default false) or attaches (`attach_policy = true`, default',
      'false) a `policy` that has the Deny. A `policy` given without `attach_policy = true` is not attached by the module.',
      'Calls with `create_bucket = false` or `is_directory_bucket = true`, or with any of these inputs known only at plan',
      'time, are not judged. The fix sets `attach_deny_insecure_transport_policy = true`.',
      '',
      'A bucket that hosts a static website is reported too, with a different message: S3 website endpoints only serve',
      'HTTP, so the site is served in plain text; put CloudFront in front of it (HTTPS, origin access control), then deny',
      'HTTP on the bucket.',
      '',
      'The default severity is a warning: an organization can enforce TLS for every bucket with a resource control policy',
      '(RCP) that this template does not show. The fix adds a bucket policy resource with the Deny statement (unsafe: a new',
      'resource, and clients still using HTTP are refused). For a Terraform bucket repeated with `count` or `for_each`, the',
      'new policy is repeated the same way (`count = length(aws_s3_bucket.b)` / `for_each = aws_s3_bucket.b`), each instance',
      'naming its own bucket (`aws_s3_bucket.b[count.index]` / `aws_s3_bucket.b[each.key]`).',
    ].join('\n'),
    fix: 'unsafe',
    formats: ['cloudformation', 'terraform', 'terraform-json'],
    examples: [
      {
        title: 'A bucket without a bucket policy (CloudFormation)',
        format: 'cloudformation',
        fileName: 'template.yaml',
        bad: code`
          Resources:
            ReportsBucket:
              Type: AWS::S3::Bucket
              Properties:
                BucketName: example-reports
        `,
        good: code`
          Resources:
            ReportsBucket:
              Type: AWS::S3::Bucket
              Properties:
                BucketName: example-reports
            ReportsBucketPolicy:
              Type: AWS::S3::BucketPolicy
              Properties:
                Bucket: !Ref ReportsBucket
                PolicyDocument:
                  Version: '2012-10-17'
                  Statement:
                    - Sid: DenyInsecureTransport
                      Effect: Deny
                      Principal: '*'
                      Action: s3:*
                      Resource:
                        - !GetAtt ReportsBucket.Arn
                        - !Sub '\${ReportsBucket.Arn}/*'
                      Condition:
                        Bool:
                          aws:SecureTransport: 'false'
        `,
      },
      {
        title: 'A bucket without a bucket policy (Terraform)',
        format: 'terraform',
        fileName: 'main.tf',
        bad: code`
          resource "aws_s3_bucket" "reports" {
            bucket = "example-reports"
          }
        `,
        good: code`
          resource "aws_s3_bucket" "reports" {
            bucket = "example-reports"
          }

          resource "aws_s3_bucket_policy" "reports" {
            bucket = aws_s3_bucket.reports.id
            policy = jsonencode({
              Version = "2012-10-17"
              Statement = [
                {
                  Sid       = "DenyInsecureTransport"
                  Effect    = "Deny"
                  Principal = "*"
                  Action    = "s3:*"
                  Resource  = [aws_s3_bucket.reports.arn, "\${aws_s3_bucket.reports.arn}/*"]
                  Condition = { Bool = { "aws:SecureTransport" = "false" } }
                },
              ]
            })
          }
        `,
      },
      {
        title: 'A bucket without a bucket policy (Terraform JSON)',
        format: 'terraform-json',
        fileName: 'main.tf.json',
        bad: code`
          {
            "resource": {
              "aws_s3_bucket": {
                "reports": {"bucket": "example-reports"}
              }
            }
          }
        `,
        good: code`
          {
            "resource": {
              "aws_s3_bucket": {
                "reports": {"bucket": "example-reports"}
              },
              "aws_s3_bucket_policy": {
                "reports": {
                  "bucket": "\${aws_s3_bucket.reports.id}",
                  "policy": "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Deny\\",\\"Principal\\":\\"*\\",\\"Action\\":\\"s3:*\\",\\"Resource\\":[\\"\${aws_s3_bucket.reports.arn}\\",\\"\${aws_s3_bucket.reports.arn}/*\\"],\\"Condition\\":{\\"Bool\\":{\\"aws:SecureTransport\\":\\"false\\"}}}]}"
                }
              }
            }
          }
        `,
      },
    ],
  },
  check(ctx) {
    checkModules(ctx);
    const idx = bucketIndex(ctx.model);
    if (idx.buckets.length === 0 || idx.unresolvedPolicy) return;
    for (const b of idx.buckets) {
      if (idx.withPolicy.has(b) || handedOver(ctx.model, b)) continue;
      const nameState = idx.nameState(b);
      // A policy for a literal name may be this bucket's when its name is only known at deploy time.
      if (nameState === 'unknown' && idx.external.size > 0) continue;
      const where = b.format === 'cloudformation' ? 'template' : 'module';
      const website = idx.isWebsite(b);
      // A policy naming the bucket by its logical id or label, while the service generates its name: a common slip.
      const label = b.format === 'cloudformation' ? b.id : b.id.slice(b.id.indexOf('.') + 1);
      const misnamed = nameState === 'generated' ? idx.external.get(label)?.[0] : undefined;
      const holder = misnamed && (misnamed.holder ?? misnamed.resource);
      if (misnamed && holder) {
        ctx.report({
          file: b.file,
          span: b.idSpan,
          message: `This S3 bucket has no bucket policy, so S3 accepts requests to it over plain HTTP: ${holder.id} names a bucket "${label}", but this bucket's name is generated (it sets none), so that policy applies to another bucket; refer to this bucket instead of its name.`,
          related: [{ file: misnamed.file, span: misnamed.anchor, message: `The bucket policy that names "${label}".` }],
        });
        continue;
      }
      ctx.report({
        file: b.file,
        span: b.idSpan,
        message: website
          ? `This S3 bucket hosts a static website and has no bucket policy in this ${where}: its website endpoint only serves plain HTTP and its REST endpoint accepts HTTP too; serve the site through CloudFront over HTTPS and add a bucket policy that denies aws:SecureTransport = false.`
          : `This S3 bucket has no bucket policy in this ${where}, so S3 accepts requests to it over plain HTTP; add a bucket policy that denies aws:SecureTransport = false.`,
        fixes: () => fixFor(ctx.model, b, website),
      });
    }
  },
});
