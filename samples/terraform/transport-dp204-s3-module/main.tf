# DP204 sample: the terraform-aws-modules/s3-bucket module creates a bucket without a TLS-only bucket
# policy unless attach_deny_insecure_transport_policy = true (its default is false).
module "reports_bucket" {
  source  = "terraform-aws-modules/s3-bucket/aws"
  version = "~> 5.0"

  bucket = "example-reports"

  versioning = {
    enabled = true
  }
}
