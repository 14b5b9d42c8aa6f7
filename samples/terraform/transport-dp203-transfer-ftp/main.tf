# DP203 sample: an AWS Transfer Family server that offers plain FTP besides FTPS.
resource "aws_transfer_server" "partner_files" {
  endpoint_type          = "VPC"
  certificate            = var.certificate_arn
  identity_provider_type = "SERVICE_MANAGED"
  security_policy_name   = "TransferSecurityPolicy-2024-01"
  protocols              = ["FTPS", "FTP"]

  endpoint_details {
    vpc_id     = var.vpc_id
    subnet_ids = [var.subnet_id]
  }
}

variable "certificate_arn" {
  type = string
}

variable "vpc_id" {
  type = string
}

variable "subnet_id" {
  type = string
}
