# A website bucket whose policy lets CloudFront read objects but never denies plain HTTP (DP201).

resource "aws_s3_bucket" "site" {
  bucket = "${var.project}-site"

  tags = {
    Project = var.project
  }
}

resource "aws_s3_bucket_versioning" "site" {
  bucket = aws_s3_bucket.site.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_policy" "site" {
  bucket = aws_s3_bucket.site.id
  policy = data.aws_iam_policy_document.site.json
}
