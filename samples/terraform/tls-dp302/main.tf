# DP302 sample: a TLS-version deny that still allows TLS 1.1.
data "aws_iam_policy_document" "tls" {
  statement {
    sid       = "EnforceTLS"
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
