resource "aws_iam_user_policy" "admin" {
  user = "alice"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "iam:*", Resource = "*" },
    ]
  })
}
