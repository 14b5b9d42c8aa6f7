# DP501 - identifying data in names and tags (documentation example values only).
provider "aws" {
  region = "eu-west-1"
  default_tags {
    tags = {
      Owner = "platform-team@acme.corp"
    }
  }
}

data "aws_caller_identity" "current" {}

resource "aws_s3_bucket" "logs" {
  bucket = "logs-111122223333-eu-west-1"
}

resource "aws_s3_bucket" "reports" {
  bucket = "reports-${data.aws_caller_identity.current.account_id}"
  tags = {
    Team = "reporting"
  }
}

module "network" {
  source       = "./modules/network"
  name         = "core"
  default_tags = merge(var.extra_tags, { Owner = "network-team@acme.corp", OnCall = "+1-202-555-0143" })
}
