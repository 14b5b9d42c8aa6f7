# An export bucket with no aws_s3_bucket_policy in this module: S3 accepts plain HTTP requests to it (DP204).
resource "aws_s3_bucket" "exports" {
  bucket = "example-nightly-exports"
}

resource "aws_s3_bucket_versioning" "exports" {
  bucket = aws_s3_bucket.exports.id
  versioning_configuration {
    status = "Enabled"
  }
}
