variable "project" {
  type        = string
  description = "Project name, used as a prefix for bucket names."
}

variable "distribution_arn" {
  type        = string
  description = "ARN of the CloudFront distribution allowed to read the bucket."
}
