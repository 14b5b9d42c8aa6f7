# A custom S3 endpoint over plain HTTP (DP207): every S3 call of this provider travels unencrypted.
provider "aws" {
  region = "eu-west-1"

  endpoints {
    s3  = "http://s3.eu-west-1.amazonaws.com"
    sts = "https://sts.eu-west-1.amazonaws.com"
  }
}
