import { dp402 } from '../engine/rules/dp402-terraform-provider-without-fips';
import { code } from '../engine/rules/rule';
import { testRule } from '../engine/rules/tester';
import { corpus } from './fixtures';

const SET = 'Set use_fips_endpoint = true';
const missing = (who: string, region: string) => `${who} does not set use_fips_endpoint = true, so it calls the standard endpoints of ${region}, where FIPS endpoints exist.`;
const THIS = 'This AWS provider configuration';
const ELSEWHERE = (who: string) => `${who} does not set use_fips_endpoint = true, so it calls the standard endpoints, although this module uses FIPS endpoints elsewhere.`;

const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n';

testRule(dp402, {
  valid: [
    { name: 'TF: use_fips_endpoint = true in us-east-1', format: 'terraform', code: 'provider "aws" {\n  region            = "us-east-1"\n  use_fips_endpoint = true\n}\n' },
    { name: 'TF: a region where only a handful of services have FIPS endpoints (eu-west-1)', format: 'terraform', code: 'provider "aws" {\n  region = "eu-west-1"\n}\n' },
    { name: 'TF: an unknown region name', format: 'terraform', code: 'provider "aws" {\n  region = "xx-nowhere-1"\n}\n' },
    { name: 'TF: region from a variable, nothing in the module asks for FIPS', format: 'terraform', code: 'variable "region" {}\n\nprovider "aws" {\n  region = var.region\n}\n' },
    { name: 'TF: no region at all, nothing asks for FIPS', format: 'terraform', code: 'provider "aws" {}\n' },
    { name: 'TF: use_fips_endpoint from a variable (known at plan time)', format: 'terraform', code: 'variable "fips" {}\n\nprovider "aws" {\n  region            = "us-east-1"\n  use_fips_endpoint = var.fips\n}\n' },
    {
      name: 'TF: use_fips_endpoint from a variable whose default is false may be overridden',
      format: 'terraform',
      code: 'variable "fips" {\n  default = false\n}\n\nprovider "aws" {\n  region            = "us-east-1"\n  use_fips_endpoint = var.fips\n}\n',
    },
    {
      name: 'TF: custom endpoints that are FIPS, interpolated or not modelled',
      format: 'terraform',
      code: code`
        provider "aws" {
          region            = "us-gov-west-1"
          use_fips_endpoint = true

          endpoints {
            kms        = "https://kms-fips.us-gov-west-1.amazonaws.com"
            lambda     = "https://lambda-fips.\${var.region}.amazonaws.com"
            apigateway = "https://abc123.execute-api.us-gov-west-1.amazonaws.com"
            sts        = "https://sts.us-gov-west-1.amazonaws.com"
            sqs        = "http://localhost:4566"
          }
        }
      `,
    },
    { name: 'TF: another cloud\'s provider', format: 'terraform', code: 'provider "google" {\n  region = "us-east1"\n}\n' },
    { name: 'TF JSON: every alias sets use_fips_endpoint', format: 'terraform-json', code: json({ provider: { aws: [{ region: 'us-west-2', use_fips_endpoint: true }, { alias: 'east', region: 'us-east-2', use_fips_endpoint: 'true' }] } }) },
  ],
  invalid: [
    {
      name: 'TF: us-east-1 without use_fips_endpoint: the fix adds it',
      format: 'terraform',
      code: 'provider "aws" {\n  region = "us-east-1"\n}\n',
      errors: [{ at: '"aws"', message: missing(THIS, 'us-east-1'), fixes: [{ output: 'provider "aws" {\n  region            = "us-east-1"\n  use_fips_endpoint = true\n}\n', title: SET }] }],
    },
    {
      name: 'TF: use_fips_endpoint = false in GovCloud',
      format: 'terraform',
      code: 'provider "aws" {\n  region            = "us-gov-west-1"\n  use_fips_endpoint = false\n}\n',
      errors: [
        {
          at: 'false',
          severity: 'warning',
          message: 'use_fips_endpoint is false, so this AWS provider configuration calls the standard endpoints of us-gov-west-1, where FIPS endpoints exist.',
          fixes: ['provider "aws" {\n  region            = "us-gov-west-1"\n  use_fips_endpoint = true\n}\n'],
        },
      ],
    },
    {
      name: 'TF: every alias is checked; a region known at plan time counts when another alias uses FIPS',
      format: 'terraform',
      code: code`
        provider "aws" {
          alias             = "fips"
          use_fips_endpoint = true
        }

        # S3 cannot use FIPS for every resource
        provider "aws" {
          alias  = "standard"
          region = var.region
        }

        provider "aws" {
          alias  = "canada"
          region = "ca-central-1"
        }
      `,
      errors: [
        {
          at: '"aws"',
          message: ELSEWHERE('The AWS provider configuration aws.standard'),
          fixes: [code`
            provider "aws" {
              alias             = "fips"
              use_fips_endpoint = true
            }

            # S3 cannot use FIPS for every resource
            provider "aws" {
              alias             = "standard"
              region            = var.region
              use_fips_endpoint = true
            }

            provider "aws" {
              alias  = "canada"
              region = "ca-central-1"
            }
          `],
        },
        {
          at: '"aws"',
          message: missing('The AWS provider configuration aws.canada', 'ca-central-1'),
          fixes: [code`
            provider "aws" {
              alias             = "fips"
              use_fips_endpoint = true
            }

            # S3 cannot use FIPS for every resource
            provider "aws" {
              alias  = "standard"
              region = var.region
            }

            provider "aws" {
              alias             = "canada"
              region            = "ca-central-1"
              use_fips_endpoint = true
            }
          `],
        },
      ],
    },
    {
      name: 'TF: -fips custom endpoints show that FIPS is wanted',
      format: 'terraform',
      code: code`
        provider "aws" {
          region = var.aws_default_region
          endpoints {
            kms = "https://kms-fips.\${var.aws_region}.amazonaws.com"
          }
        }
      `,
      errors: [
        {
          at: '"aws"',
          message: ELSEWHERE(THIS),
          fixes: [code`
            provider "aws" {
              region            = var.aws_default_region
              use_fips_endpoint = true
              endpoints {
                kms = "https://kms-fips.\${var.aws_region}.amazonaws.com"
              }
            }
          `],
        },
      ],
    },
    {
      name: 'TF: a standard custom endpoint overrides use_fips_endpoint = true',
      format: 'terraform',
      code: code`
        provider "aws" {
          region            = "us-east-1"
          use_fips_endpoint = true

          endpoints {
            sqs = "https://sqs.us-east-1.amazonaws.com"
            sts = "https://sts.amazonaws.com"
          }
        }
      `,
      errors: [
        {
          at: 'sqs.us-east-1.amazonaws.com',
          message: 'This custom endpoint overrides use_fips_endpoint: sqs.us-east-1.amazonaws.com is not a FIPS endpoint; use sqs-fips.us-east-1.amazonaws.com.',
          fixes: [
            {
              title: 'Use the FIPS endpoint sqs-fips.us-east-1.amazonaws.com',
              output: code`
                provider "aws" {
                  region            = "us-east-1"
                  use_fips_endpoint = true

                  endpoints {
                    sqs = "https://sqs-fips.us-east-1.amazonaws.com"
                    sts = "https://sts.amazonaws.com"
                  }
                }
              `,
            },
          ],
        },
        {
          at: 'sts.amazonaws.com',
          message: 'This custom endpoint overrides use_fips_endpoint: sts.amazonaws.com is not a FIPS endpoint; the FIPS endpoint of the region it signs for (us-east-1) is sts-fips.us-east-1.amazonaws.com.',
        },
      ],
    },
    {
      name: 'severity: warning when the project requires FIPS',
      format: 'terraform',
      config: 'fips: required\n',
      code: 'provider "aws" {\n  region = "us-west-1"\n}\n',
      errors: [{ at: '"aws"', severity: 'warning', message: missing(THIS, 'us-west-1'), fixes: ['provider "aws" {\n  region            = "us-west-1"\n  use_fips_endpoint = true\n}\n'] }],
    },
    {
      name: 'severity: another provider of the module in GovCloud makes it a warning',
      format: 'terraform',
      code: 'provider "aws" {\n  alias  = "commercial"\n  region = "us-east-1"\n}\n',
      module: { 'gov.tf': 'provider "aws" {\n  region            = "us-gov-west-1"\n  use_fips_endpoint = true\n}\n' },
      errors: [
        {
          at: '"aws"',
          severity: 'warning',
          message: missing('The AWS provider configuration aws.commercial', 'us-east-1'),
          fixes: ['provider "aws" {\n  alias             = "commercial"\n  region            = "us-east-1"\n  use_fips_endpoint = true\n}\n'],
        },
      ],
    },
    {
      name: 'TF: region from a local',
      format: 'terraform',
      code: 'locals {\n  region = "us-west-2"\n}\n\nprovider "aws" {\n  region = local.region\n}\n',
      errors: [{ at: '"aws"', message: missing(THIS, 'us-west-2'), fixes: ['locals {\n  region = "us-west-2"\n}\n\nprovider "aws" {\n  region            = local.region\n  use_fips_endpoint = true\n}\n'] }],
    },
    {
      name: 'TF JSON: an alias with use_fips_endpoint false, another without it',
      format: 'terraform-json',
      code: json({ provider: { aws: [{ region: 'us-west-2' }, { alias: 'east', region: 'us-east-2', use_fips_endpoint: false }] } }),
      errors: [
        { at: '"aws"', message: missing(THIS, 'us-west-2'), fixes: [json({ provider: { aws: [{ region: 'us-west-2', use_fips_endpoint: true }, { alias: 'east', region: 'us-east-2', use_fips_endpoint: false }] } })] },
        {
          at: 'false',
          message: 'use_fips_endpoint is false, so the AWS provider configuration aws.east calls the standard endpoints of us-east-2, where FIPS endpoints exist.',
          fixes: [json({ provider: { aws: [{ region: 'us-west-2' }, { alias: 'east', region: 'us-east-2', use_fips_endpoint: true }] } })],
        },
      ],
    },
    {
      name: 'TF JSON: a custom endpoint',
      format: 'terraform-json',
      code: json({ provider: { aws: { region: 'us-east-1', use_fips_endpoint: true, endpoints: { dynamodb: 'https://dynamodb.us-east-1.amazonaws.com' } } } }),
      errors: [
        {
          at: 'dynamodb.us-east-1.amazonaws.com',
          message: 'This custom endpoint overrides use_fips_endpoint: dynamodb.us-east-1.amazonaws.com is not a FIPS endpoint; use dynamodb-fips.us-east-1.amazonaws.com.',
          fixes: [json({ provider: { aws: { region: 'us-east-1', use_fips_endpoint: true, endpoints: { dynamodb: 'https://dynamodb-fips.us-east-1.amazonaws.com' } } } })],
        },
      ],
    },
  ],
  corpus: corpus(),
});
