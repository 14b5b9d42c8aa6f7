# DP503 on SSM parameters: a name that says "password" stored as a plain String (the fix makes it a
# SecureString), and a literal value (the fix moves it to a sensitive variable). /app/token-url is
# a URL, not a secret: not reported.
resource "aws_ssm_parameter" "db_password" {
  name  = "/${var.env}/db/password"
  type  = "String"
  value = "correct-horse-battery"
}

resource "aws_ssm_parameter" "token_url" {
  name  = "/app/token-url"
  type  = "String"
  value = "https://login.example.com/oauth2/token"
}

variable "env" {
  type = string
}
