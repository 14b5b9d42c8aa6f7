# DP402: the provider for us-east-1 resolves the standard endpoints. AWS lists FIPS endpoints for
# most services there; use_fips_endpoint = true makes the provider use them.
provider "aws" {
  region = "us-east-1"

  default_tags {
    tags = {
      project = "reports"
    }
  }
}

# Outside North America and GovCloud only a handful of services have FIPS endpoints: not reported.
provider "aws" {
  alias  = "ireland"
  region = "eu-west-1"
}
