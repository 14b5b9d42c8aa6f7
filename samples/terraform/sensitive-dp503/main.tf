# DP503 - secrets written as literals (documentation example values, not real secrets).
provider "aws" {
  region     = "us-east-1"
  access_key = "AKIAIOSFODNN7EXAMPLE"
  secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
}

variable "db_password" {
  type      = string
  sensitive = true
}

resource "aws_db_instance" "primary" {
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  allocated_storage = 20
  username          = "app"
  password          = "example-password-1"
}

resource "aws_db_instance" "replica" {
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  allocated_storage = 20
  username          = "app"
  password          = var.db_password
}

resource "aws_transfer_ssh_key" "deploy" {
  server_id = "s-1234567890abcdef0"
  user_name = "deploy"
  # A private key where the public key belongs (fabricated, truncated).
  body = <<EOT
-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAaAAAABNlY2RzYS
-----END OPENSSH PRIVATE KEY-----
EOT
}
