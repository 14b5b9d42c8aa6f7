# DP401: an endpoint stored for the application in SSM. DynamoDB has a FIPS endpoint in us-west-2.
resource "aws_ssm_parameter" "dynamodb_endpoint" {
  name  = "/app/dynamodb-endpoint"
  type  = "String"
  value = "https://dynamodb.us-west-2.amazonaws.com"
}

# Built from a variable: unknown until plan time, not reported.
resource "aws_ssm_parameter" "sqs_endpoint" {
  name  = "/app/sqs-endpoint"
  type  = "String"
  value = "https://sqs.${var.region}.amazonaws.com"
}

variable "region" {
  type = string
}
