# An admin policy whose MFA checks do not work (DP101).
data "aws_iam_policy_document" "admins" {
  statement {
    sid       = "DenyWithoutMfa"
    effect    = "Deny"
    actions   = ["*"]
    resources = ["*"]
    condition {
      test     = "Bool"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["false"]
    }
  }

  statement {
    sid       = "RecentMfaForIam"
    effect    = "Deny"
    actions   = ["iam:*"]
    resources = ["*"]
    condition {
      test     = "NumericGreaterThan"
      variable = "aws:MultiFactorAuthAge"
      values   = ["3600"]
    }
  }
}

resource "aws_iam_policy" "admins" {
  name   = "admins-require-mfa"
  policy = data.aws_iam_policy_document.admins.json
}
