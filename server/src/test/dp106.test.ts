import { dp106 } from '../engine/rules/dp106-s3-versioning-without-mfa-delete';
import { code } from '../engine/rules/rule';
import { testRule } from '../engine/rules/tester';
import { corpus } from './fixtures';

const WHY = 'so anyone with delete permissions (or a stolen access key) can permanently delete object versions or suspend versioning without MFA.';
const MISSING = `This bucket's versioning is Enabled without MFA delete, ${WHY}`;
const DISABLED = `MFA delete is Disabled on this versioned bucket, ${WHY}`;
const LEGACY_MISSING = `This bucket's versioning is enabled without MFA delete, ${WHY}`;
const LEGACY_OFF = `MFA delete is off on this versioned bucket, ${WHY}`;

const versioning = (config: string, extra = '') => code`
  resource "aws_s3_bucket" "audit" {
    bucket = "audit-logs"${extra}
  }

  resource "aws_s3_bucket_versioning" "audit" {
    bucket = aws_s3_bucket.audit.id

    versioning_configuration {
      ${config}
    }
  }
`;

const legacy = (block: string) => code`
  resource "aws_s3_bucket" "audit" {
    bucket = "audit-logs"

    versioning {
      ${block}
    }
  }
`;

testRule(dp106, {
  valid: [
    {
      name: 'Terraform JSON: MFA delete Enabled',
      format: 'terraform-json',
      code: '{"resource": {"aws_s3_bucket_versioning": {"audit": {"bucket": "audit-logs", "mfa": "${var.mfa}", "versioning_configuration": {"status": "Enabled", "mfa_delete": "Enabled"}}}}}\n',
    },
    { name: 'Terraform: MFA delete Enabled', format: 'terraform', code: versioning('status     = "Enabled"\n      mfa_delete = "Enabled"') },
    { name: 'Terraform: versioning Suspended (MFA delete only exists for versioned buckets)', format: 'terraform', code: versioning('status = "Suspended"') },
    { name: 'Terraform: MFA delete from a variable', format: 'terraform', code: versioning('status     = "Enabled"\n      mfa_delete = var.mfa_delete') },
    { name: 'Terraform: status from a variable default is decided at apply time', format: 'terraform', code: `variable "status" {\n  default = "Enabled"\n}\n\n${versioning('status = var.status')}` },
    { name: 'Terraform: the bucket has Object Lock', format: 'terraform', code: versioning('status = "Enabled"', '\n    object_lock_enabled = true') },
    {
      name: 'Terraform: an aws_s3_bucket_object_lock_configuration for the bucket',
      format: 'terraform',
      code: `${versioning('status = "Enabled"')}\nresource "aws_s3_bucket_object_lock_configuration" "audit" {\n  bucket = aws_s3_bucket.audit.id\n}\n`,
    },
    { name: 'Terraform legacy block: mfa_delete = true', format: 'terraform', code: legacy('enabled    = true\n      mfa_delete = true') },
    { name: 'Terraform legacy block: versioning disabled', format: 'terraform', code: legacy('enabled = false') },
    {
      name: 'CloudFormation has no MFA delete property: never reported',
      format: 'cloudformation',
      code: code`
        Resources:
          Audit:
            Type: AWS::S3::Bucket
            Properties:
              VersioningConfiguration:
                Status: Enabled
      `,
    },
  ],
  invalid: [
    {
      name: 'Terraform: versioning Enabled, mfa_delete not set: reported on the versioning block',
      format: 'terraform',
      code: versioning('status = "Enabled"'),
      errors: [{ at: 'versioning_configuration', message: MISSING }],
    },
    {
      name: 'Terraform: mfa_delete Disabled: reported on the value',
      format: 'terraform',
      code: versioning('status     = "Enabled"\n      mfa_delete = "Disabled"'),
      errors: [{ at: '"Disabled"', message: DISABLED }],
    },
    {
      name: 'Terraform: Object Lock on another bucket does not count',
      format: 'terraform',
      code: `${versioning('status = "Enabled"')}\nresource "aws_s3_bucket" "other" {\n  bucket              = "other"\n  object_lock_enabled = true\n}\n`,
      errors: [{ at: 'versioning_configuration', message: MISSING }],
    },
    {
      name: 'Terraform legacy block: enabled without mfa_delete',
      format: 'terraform',
      code: legacy('enabled = true'),
      errors: [{ at: 'versioning', message: LEGACY_MISSING }],
    },
    {
      name: 'Terraform legacy block: mfa_delete = false',
      format: 'terraform',
      code: legacy('enabled    = true\n      mfa_delete = false'),
      errors: [{ at: 'false', message: LEGACY_OFF }],
    },
    {
      name: 'Terraform JSON: versioning Enabled without MFA delete',
      format: 'terraform-json',
      code: code`
        {
          "resource": {
            "aws_s3_bucket_versioning": {
              "audit": {
                "bucket": "audit-logs",
                "versioning_configuration": {"status": "Enabled"}
              }
            }
          }
        }
      `,
      errors: [{ at: '"versioning_configuration"', message: MISSING }],
    },
  ],
  corpus: corpus(),
});
