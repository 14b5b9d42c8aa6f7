# DP502 - a literal password in a URL (an example value, not a real secret).
variable "broker_password" {
  type      = string
  sensitive = true
}

resource "aws_ssm_parameter" "broker" {
  name  = "/app/broker-url"
  type  = "String"
  value = "amqps://app:example-password@broker.example.com:5671"
}

resource "aws_ssm_parameter" "broker_ok" {
  name  = "/app/broker-url-ok"
  type  = "SecureString"
  value = "amqps://app:${var.broker_password}@broker.example.com:5671"
}
