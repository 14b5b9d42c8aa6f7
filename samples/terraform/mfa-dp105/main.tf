# DP105: Cognito user pools that let users sign in without MFA.

# mfa_configuration is not set, so it defaults to OFF (warning; fix sets ON: a software token is configured).
resource "aws_cognito_user_pool" "customers" {
  name = "shop-customers"

  software_token_mfa_configuration {
    enabled = true
  }
}

# Optional MFA (info).
resource "aws_cognito_user_pool" "partners" {
  name              = "shop-partners"
  mfa_configuration = "OPTIONAL"

  software_token_mfa_configuration {
    enabled = true
  }
}

# Compliant.
resource "aws_cognito_user_pool" "staff" {
  name              = "shop-staff"
  mfa_configuration = "ON"

  software_token_mfa_configuration {
    enabled = true
  }
}
