# DP403: AWS_USE_FIPS_ENDPOINT=false turns FIPS endpoints off for every SDK call of this function.
resource "aws_lambda_function" "worker" {
  function_name = "worker"
  role          = "arn:aws:iam::123456789012:role/worker"
  handler       = "app.handler"
  runtime       = "python3.12"
  filename      = "worker.zip"

  environment {
    variables = {
      AWS_USE_FIPS_ENDPOINT = "false"
      LOG_LEVEL             = "info"
    }
  }
}
