# DP401/DP403/DP503 inside container definitions written as JSON text (a heredoc), not jsonencode:
# the JSON is read like values written in the file, so findings point at the exact text and the
# FIPS fixes edit it in place. The secret from a variable (${var.api_token}) is not a literal.
resource "aws_ecs_task_definition" "worker" {
  family                = "worker"
  container_definitions = <<EOT
[
  {
    "name": "worker",
    "image": "public.ecr.aws/docker/library/python:3.12",
    "environment": [
      { "name": "AWS_USE_FIPS_ENDPOINT", "value": "false" },
      { "name": "QUEUE_URL", "value": "https://sqs.us-east-1.amazonaws.com/111122223333/orders" },
      { "name": "DB_PASSWORD", "value": "correct-horse-battery" },
      { "name": "API_TOKEN", "value": "${var.api_token}" }
    ]
  }
]
EOT
}

variable "api_token" {
  type      = string
  sensitive = true
}
