# DP106: versioned S3 buckets without MFA delete (info; no fix: only the root user can enable it).

resource "aws_s3_bucket" "audit" {
  bucket = "example-audit-logs"
}

# Versioning on, MFA delete not set: reported on versioning_configuration.
resource "aws_s3_bucket_versioning" "audit" {
  bucket = aws_s3_bucket.audit.id

  versioning_configuration {
    status = "Enabled"
  }
}

# Object Lock protects this bucket's versions instead: not reported.
resource "aws_s3_bucket" "records" {
  bucket              = "example-records"
  object_lock_enabled = true
}

resource "aws_s3_bucket_versioning" "records" {
  bucket = aws_s3_bucket.records.id

  versioning_configuration {
    status = "Enabled"
  }
}
