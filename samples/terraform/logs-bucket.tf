# The log bucket's policy is written with jsonencode(); it has no Deny for aws:SecureTransport (DP201).
resource "aws_s3_bucket" "logs" {
  bucket = "example-access-logs"
}

resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AllowLogDelivery"
        Effect    = "Allow"
        Principal = { Service = "logging.s3.amazonaws.com" }
        Action    = "s3:PutObject"
        Resource  = "${aws_s3_bucket.logs.arn}/*"
      },
    ]
  })
}

resource "aws_s3_bucket" "audit" {
  bucket = "example-audit-trail"
}

# A heredoc policy that does enforce TLS (compliant).
resource "aws_s3_bucket_policy" "audit" {
  bucket = aws_s3_bucket.audit.id
  policy = <<-POLICY
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "DenyInsecureTransport",
          "Effect": "Deny",
          "Principal": "*",
          "Action": "s3:*",
          "Resource": [
            "${aws_s3_bucket.audit.arn}",
            "${aws_s3_bucket.audit.arn}/*"
          ],
          "Condition": { "Bool": { "aws:SecureTransport": "false" } }
        }
      ]
    }
  POLICY
}
