import type { Resource } from '../model/model';
import { referencedResource } from '../model/links';
import { settingValues, writtenSettingValues, type SettingValue } from '../model/settings';
import type { Span } from '../types';
import { holderSpan } from './lib/setting-anchor';
import { code, defineRule, type RuleContext } from './rule';

const BUCKET_TYPES: ReadonlySet<string> = new Set(['aws_s3_bucket']);
const WHY = 'so anyone with delete permissions (or a stolen access key) can permanently delete object versions or suspend versioning without MFA.';

function byResource(values: SettingValue[]): Map<Resource, SettingValue> {
  const m = new Map<Resource, SettingValue>();
  for (const v of values) if (!m.has(v.resource)) m.set(v.resource, v);
  return m;
}

/** A literal value a rule can judge (a parameter or variable default may be overridden: not one). */
function known(s: SettingValue | undefined): string | undefined {
  const v = s?.value;
  return v?.state === 'literal' && v.resolved?.from !== 'default' ? v.value.toLowerCase() : undefined;
}

/**
 * Buckets with S3 Object Lock (a different control for the same risk: locked versions cannot be
 * deleted, and versioning cannot be suspended): `object_lock_enabled = true`, the legacy
 * `object_lock_configuration` block, or an `aws_s3_bucket_object_lock_configuration` for the bucket.
 * Also true when an object lock configuration names a bucket the model cannot resolve (it may be this one).
 */
function objectLocked(ctx: RuleContext): { has(bucket: Resource | undefined): boolean } {
  const locked = new Set<Resource>();
  let unresolved = false;
  for (const s of writtenSettingValues(ctx.model, 's3-bucket.objectLockEnabled')) if (known(s) === 'true') locked.add(s.resource);
  for (const s of writtenSettingValues(ctx.model, 's3-bucket.legacyObjectLockEnabled')) if (known(s) === 'enabled') locked.add(s.resource);
  for (const s of settingValues(ctx.model, 's3-bucket-object-lock.bucket')) {
    const b = referencedResource(ctx.model, s.node, BUCKET_TYPES);
    if (b) locked.add(b);
    else unresolved = true;
  }
  return { has: (bucket) => unresolved || (!!bucket && locked.has(bucket)) };
}

function check(ctx: RuleContext): void {
  let locks: ReturnType<typeof objectLocked> | undefined;
  const isLocked = (bucket: Resource | undefined) => (locks ??= objectLocked(ctx)).has(bucket);
  const report = (file: string, span: Span, message: string) => ctx.report({ file, span, message });

  // aws_s3_bucket_versioning (provider v4 and later).
  const mfa = byResource(settingValues(ctx.model, 's3-bucket-versioning.mfaDelete'));
  const buckets = byResource(settingValues(ctx.model, 's3-bucket-versioning.bucket'));
  for (const status of settingValues(ctx.model, 's3-bucket-versioning.status')) {
    if (known(status) !== 'enabled') continue;
    const r = status.resource;
    const m = mfa.get(r);
    if (!m || m.value.state === 'unknown' || (m.value.state === 'literal' && known(m) !== 'disabled')) continue;
    if (isLocked(referencedResource(ctx.model, buckets.get(r)?.node, BUCKET_TYPES))) continue;
    if (m.value.state === 'literal') report(r.file, m.value.span, `MFA delete is Disabled on this versioned bucket, ${WHY}`);
    else report(r.file, holderSpan(m), `This bucket's versioning is Enabled without MFA delete, ${WHY}`);
  }

  // The legacy `versioning` block of aws_s3_bucket (deprecated since provider v4).
  // Only written values can be enabled; MFA delete is read (missing ones too) once one is.
  let legacyMfa: ReturnType<typeof byResource> | undefined;
  for (const enabled of writtenSettingValues(ctx.model, 's3-bucket.legacyVersioningEnabled')) {
    if (known(enabled) !== 'true') continue;
    const r = enabled.resource;
    const m = (legacyMfa ??= byResource(settingValues(ctx.model, 's3-bucket.legacyVersioningMfaDelete'))).get(r);
    if (!m || m.value.state === 'unknown' || (m.value.state === 'literal' && known(m) !== 'false')) continue;
    if (isLocked(r)) continue;
    if (m.value.state === 'literal') report(r.file, m.value.span, `MFA delete is off on this versioned bucket, ${WHY}`);
    else report(r.file, holderSpan(m), `This bucket's versioning is enabled without MFA delete, ${WHY}`);
  }
}

export const dp106 = defineRule({
  meta: {
    id: 'DP106',
    name: 's3-versioning-without-mfa-delete',
    category: 'mfa',
    defaultSeverity: 'info',
    summary: 'A versioned S3 bucket does not require MFA to delete object versions or to change its versioning (MFA delete).',
    description: [
      'AWS asks for multi-factor authentication (MFA) on every account. For S3, versioning keeps every version of an',
      'object, and **MFA delete** makes the two operations that undo it, permanently deleting a version and changing the',
      'bucket\'s versioning state, require an MFA code as well as permissions',
      '([Amazon S3 User Guide: Configuring MFA delete](https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiFactorAuthenticationDelete.html)).',
      'Without it, a stolen access key with delete permissions is enough to destroy the history versioning was kept for.',
      '',
      'The rule reports, at severity `info`, a Terraform bucket whose versioning is enabled without MFA delete:',
      '`aws_s3_bucket_versioning` with `versioning_configuration { status = "Enabled" }` and `mfa_delete` absent or',
      '`"Disabled"`, and the deprecated `versioning { enabled = true }` block of `aws_s3_bucket` with `mfa_delete` absent',
      'or `false`. A written value is reported on the value, an omitted one on the versioning block.',
      '',
      'Why only `info`, and why no fix: MFA delete can only be turned on by the bucket owner\'s **root user** with the root',
      'user\'s MFA device, passing a current code (Terraform\'s `mfa` argument, "serial-number code") at apply time; AWS',
      'also advises against using the root user for everyday tasks. Many teams protect versions with S3 Object Lock',
      'instead, so a bucket with Object Lock (`object_lock_enabled = true`, an `aws_s3_bucket_object_lock_configuration`',
      'for it) is not reported. Buckets without versioning are not reported either: MFA delete exists only for versioned',
      'buckets, and whether to version is a different decision.',
      '',
      'CloudFormation is not covered: `AWS::S3::Bucket` has no MFA delete property (its `VersioningConfiguration` has only',
      '`Status`), so MFA delete can only be set outside the template, through the API or CLI as the root user.',
      'Values known only at apply time (a variable, including its default) are not reported.',
    ].join('\n'),
    fix: 'none',
    formats: ['terraform', 'terraform-json'],
    examples: [
      {
        title: 'aws_s3_bucket_versioning in Terraform',
        format: 'terraform',
        fileName: 'main.tf',
        bad: code`
          resource "aws_s3_bucket_versioning" "audit" {
            bucket = aws_s3_bucket.audit.id

            versioning_configuration {
              status = "Enabled"
            }
          }
        `,
        good: code`
          resource "aws_s3_bucket_versioning" "audit" {
            bucket = aws_s3_bucket.audit.id
            mfa    = "\${var.root_mfa_serial} \${var.root_mfa_code}"

            versioning_configuration {
              status     = "Enabled"
              mfa_delete = "Enabled"
            }
          }
        `,
      },
      {
        title: 'aws_s3_bucket_versioning in Terraform JSON',
        format: 'terraform-json',
        fileName: 'main.tf.json',
        bad: code`
          {
            "resource": {
              "aws_s3_bucket_versioning": {
                "audit": {
                  "bucket": "\${aws_s3_bucket.audit.id}",
                  "versioning_configuration": {"status": "Enabled", "mfa_delete": "Disabled"}
                }
              }
            }
          }
        `,
        good: code`
          {
            "resource": {
              "aws_s3_bucket_versioning": {
                "audit": {
                  "bucket": "\${aws_s3_bucket.audit.id}",
                  "mfa": "\${var.root_mfa_serial} \${var.root_mfa_code}",
                  "versioning_configuration": {"status": "Enabled", "mfa_delete": "Enabled"}
                }
              }
            }
          }
        `,
      },
    ],
  },
  check,
});
