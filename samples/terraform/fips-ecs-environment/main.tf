# DP401/DP403 in an ECS task definition written with jsonencode: AWS_USE_FIPS_ENDPOINT=false turns
# FIPS endpoints off for the container; a template with a literal host (sqs.us-east-1) names the
# standard endpoint even though part of the URL comes from a variable; --endpoint-url in user data.
resource "aws_ecs_task_definition" "worker" {
  family = "worker"
  container_definitions = jsonencode([
    {
      name  = "worker"
      image = "public.ecr.aws/docker/library/python:3.12"
      environment = [
        { name = "AWS_USE_FIPS_ENDPOINT", value = "false" },
        { name = "QUEUE_URL", value = "https://sqs.us-east-1.amazonaws.com/${var.account_id}/orders" },
        # Built from a variable: unknown until plan time, not reported.
        { name = "EVENTS_URL", value = "https://events.${var.region}.amazonaws.com" },
      ]
    }
  ])
}

resource "aws_instance" "bastion" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = <<-EOT
    #!/bin/bash
    aws kms describe-key --key-id "${var.key_id}" --endpoint-url https://kms.us-east-2.amazonaws.com
  EOT
}

variable "account_id" {
  type = string
}

variable "region" {
  type = string
}

variable "key_id" {
  type = string
}
