import { dp204 } from '../engine/rules/dp204-bucket-without-secure-transport-policy';
import { code } from '../engine/rules/rule';
import { testRule } from '../engine/rules/tester';
import { corpus } from './fixtures';

const NO_POLICY = (where: 'template' | 'module') =>
  `This S3 bucket has no bucket policy in this ${where}, so S3 accepts requests to it over plain HTTP; add a bucket policy that denies aws:SecureTransport = false.`;
const WEBSITE = (where: 'template' | 'module') =>
  `This S3 bucket hosts a static website and has no bucket policy in this ${where}: its website endpoint only serves plain HTTP and its REST endpoint accepts HTTP too; serve the site through CloudFront over HTTPS and add a bucket policy that denies aws:SecureTransport = false.`;

const denyYaml = (bucket: string) => `        Statement:
          - Sid: DenyInsecureTransport
            Effect: Deny
            Principal: '*'
            Action: s3:*
            Resource:
              - !GetAtt ${bucket}.Arn
              - !Sub '\${${bucket}.Arn}/*'
            Condition:
              Bool:
                aws:SecureTransport: 'false'`;

/** The fix's policy resource; for a repeated bucket, one per instance (`count` / `for_each` first, the instance by its key). */
const tfPolicy = (name: string, of = `aws_s3_bucket.${name}`, repeated?: 'count' | 'for_each') => {
  const bucket = repeated === 'count' ? `${of}[count.index]` : repeated === 'for_each' ? `${of}[each.key]` : of;
  const meta = repeated === 'count' ? `  count  = length(${of})\n` : repeated === 'for_each' ? `  for_each = ${of}\n` : '';
  const eq = repeated === 'for_each' ? '   =' : ' =';
  return `resource "aws_s3_bucket_policy" "${name}" {
${meta}  bucket${eq} ${bucket}.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [${bucket}.arn, "\${${bucket}.arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
    ]
  })
}`;
};

const COUNT_MODULE = code`
        resource "aws_s3_bucket" "b" {
          count  = 2
          bucket = "example-b-\${count.index}"
        }

        resource "aws_s3_bucket_policy" "b" {
          count  = 2
          bucket = aws_s3_bucket.b[count.index].id
          policy = data.aws_iam_policy_document.b[count.index].json
        }

        resource "aws_s3_bucket_policy" "b0" {
          bucket = element(aws_s3_bucket.b.*.id, 0)
          policy = "{}"
        }

        resource "aws_s3_bucket" "c" {
          bucket = "example-c"
        }
`;

const FOR_EACH_MODULE = code`
        resource "aws_s3_bucket" "k" {
          for_each = toset(["a", "b"])
          bucket   = "example-\${each.key}"
        }

        resource "aws_s3_bucket_policy" "k" {
          for_each = aws_s3_bucket.k
          bucket   = each.value.id
          policy   = data.aws_iam_policy_document.k[each.key].json
        }

        resource "aws_s3_bucket" "d" {
          count  = 2
          bucket = "example-d-\${count.index}"
        }
      `;

const MODULE_MSG = (setting: 'not set' | 'false', why: string) =>
  `This s3-bucket module call creates a bucket that S3 lets clients reach over plain HTTP: attach_deny_insecure_transport_policy is ${setting} and ${why}; set attach_deny_insecure_transport_policy = true.`;
/** A call of the terraform-aws-modules/s3-bucket module with the given inputs (lines after `source`). */
const s3Module = (inputs: string, source = 'terraform-aws-modules/s3-bucket/aws') => `module "logs" {\n  source  = "${source}"\n  version = "~> 5.0"\n\n  bucket = "example-logs"\n${inputs}}\n`;
const MODULE_ALLOW = `  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::example-logs/*"
    }]
  })
`;
const MODULE_DENY = `  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = ["arn:aws:s3:::example-logs", "arn:aws:s3:::example-logs/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
`;
const moduleTfJson = (inputs: Record<string, unknown>) =>
  JSON.stringify({ module: { logs: { source: 'registry.terraform.io/terraform-aws-modules/s3-bucket/aws', bucket: 'example-logs', ...inputs } } }, null, 2) + '\n';

testRule(dp204, {
  valid: [
    { name: 'Terraform s3-bucket module: attach_deny_insecure_transport_policy = true', format: 'terraform', code: s3Module('  attach_deny_insecure_transport_policy = true\n') },
    { name: 'Terraform s3-bucket module: an attached policy (attach_policy = true) with the Deny', format: 'terraform', code: s3Module('  attach_policy = true\n' + MODULE_DENY) },
    { name: 'Terraform s3-bucket module: create_bucket = false creates no bucket', format: 'terraform', code: s3Module('  create_bucket = false\n') },
    { name: 'Terraform s3-bucket module: a directory bucket is not judged', format: 'terraform', code: s3Module('  is_directory_bucket = true\n') },
    { name: 'Terraform s3-bucket module: inputs from variables are known only at plan time', format: 'terraform', code: 'variable "deny" {\n  default = false\n}\n' + s3Module('  attach_deny_insecure_transport_policy = var.deny\n') },
    { name: 'Terraform s3-bucket module: an attached policy that cannot be read is not judged', format: 'terraform', code: s3Module('  attach_policy = true\n  policy        = var.policy\n') },
    { name: 'Terraform: the object submodule (//modules/object) creates no bucket', format: 'terraform', code: s3Module('', 'terraform-aws-modules/s3-bucket/aws//modules/object') },
    { name: 'Terraform JSON s3-bucket module (registry address) with the deny input', format: 'terraform-json', code: moduleTfJson({ attach_deny_insecure_transport_policy: true }) },
    {
      name: 'Terraform: each instance of a for_each bucket has its policy (aws_s3_bucket.k[each.key])',
      format: 'terraform',
      code: code`
        resource "aws_s3_bucket" "k" {
          for_each = toset(["a", "b"])
          bucket   = "example-\${each.key}"
        }

        resource "aws_s3_bucket_policy" "k" {
          for_each = toset(["a", "b"])
          bucket   = aws_s3_bucket.k[each.key].id
          policy   = "{}"
        }
      `,
    },
    {
      name: 'Terraform JSON: a count bucket with its policy per instance ("${aws_s3_bucket.b[count.index].id}")',
      format: 'terraform-json',
      code: JSON.stringify({ resource: { aws_s3_bucket: { b: { count: 2, bucket: 'b-${count.index}' } }, aws_s3_bucket_policy: { b: { count: 2, bucket: '${aws_s3_bucket.b[count.index].id}', policy: '{}' } } } }, null, 2) + '\n',
    },
    {
      name: 'CloudFormation: a bucket policy by Ref (whatever it says: DP201 judges it)',
      format: 'cloudformation',
      code: code`
        Resources:
          Logs:
            Type: AWS::S3::Bucket
          LogsPolicy:
            Type: AWS::S3::BucketPolicy
            Properties:
              Bucket: !Ref Logs
              PolicyDocument:
                Statement:
                  - Effect: Allow
                    Principal: '*'
                    Action: s3:GetObject
                    Resource: !Sub '\${Logs.Arn}/*'
      `,
    },
    {
      name: 'CloudFormation: a bucket policy naming the bucket by its literal BucketName',
      format: 'cloudformation',
      code: code`
        Resources:
          Logs:
            Type: AWS::S3::Bucket
            Properties:
              BucketName: example-logs
          LogsPolicy:
            Type: AWS::S3::BucketPolicy
            Properties:
              Bucket: example-logs
              PolicyDocument:
                Statement: []
      `,
    },
    {
      name: 'CloudFormation: a bucket policy whose bucket is a parameter may be for any bucket',
      format: 'cloudformation',
      code: code`
        Parameters:
          BucketName:
            Type: String
        Resources:
          Logs:
            Type: AWS::S3::Bucket
          LogsPolicy:
            Type: AWS::S3::BucketPolicy
            Properties:
              Bucket: !Ref BucketName
              PolicyDocument:
                Statement: []
      `,
    },
    {
      name: 'CloudFormation: a bucket whose name is a parameter may be the one a literal-named policy is for',
      format: 'cloudformation',
      code: code`
        Parameters:
          Name:
            Type: String
        Resources:
          Logs:
            Type: AWS::S3::Bucket
            Properties:
              BucketName: !Ref Name
          LogsPolicy:
            Type: AWS::S3::BucketPolicy
            Properties:
              Bucket: example-logs
              PolicyDocument:
                Statement: []
      `,
    },
    {
      name: 'CloudFormation: a bucket handed to a nested stack, which may attach its policy',
      format: 'cloudformation',
      code: code`
        Resources:
          Logs:
            Type: AWS::S3::Bucket
          Policies:
            Type: AWS::CloudFormation::Stack
            Properties:
              TemplateURL: https://example.com/policies.yaml
              Parameters:
                Bucket: !Ref Logs
      `,
    },
    {
      name: 'CloudFormation: a Rain module resource alone (its type reads as a file name) may create the bucket policy',
      format: 'cloudformation',
      code: code`
        Resources:
          Logs:
            Type: AWS::S3::Bucket
            Properties:
              BucketName: !Sub '\${AWS::StackName}-logs'
          LogsAccess:
            Type: !Rain::Module "bucket-policy.yaml"
            Properties:
              PolicyBucketName: !Sub '\${AWS::StackName}-logs'
      `,
    },
    {
      name: 'CloudFormation: a module resource (a Rain module, a registry MODULE) may create the bucket policy',
      format: 'cloudformation',
      code: code`
        Resources:
          Logs:
            Type: AWS::S3::Bucket
            Properties:
              BucketName: !Sub '\${AWS::StackName}-logs'
          LogsAccess:
            Type: !Rain::Module "bucket-policy.yaml"
            Properties:
              PolicyBucketName: !Sub '\${AWS::StackName}-logs'
          Other:
            Type: AWS::S3::Bucket
          OtherAccess:
            Type: Example::S3::TlsPolicy::MODULE
      `,
    },
    {
      name: 'Terraform: the bucket policy is in another file of the module',
      format: 'terraform',
      code: code`
        resource "aws_s3_bucket" "logs" {
          bucket = "example-logs"
        }
      `,
      module: {
        'policy.tf': code`
          resource "aws_s3_bucket_policy" "logs" {
            bucket = aws_s3_bucket.logs.id
            policy = var.policy
          }
        `,
      },
    },
    {
      name: 'Terraform: a legacy inline policy on the bucket',
      format: 'terraform',
      code: code`
        resource "aws_s3_bucket" "logs" {
          bucket = "example-logs"
          policy = jsonencode({ Statement = [] })
        }
      `,
    },
    {
      name: 'Terraform: a bucket policy for a bucket given by a variable may be for any bucket',
      format: 'terraform',
      code: code`
        resource "aws_s3_bucket" "logs" {
          bucket = "example-logs"
        }

        resource "aws_s3_bucket_policy" "any" {
          bucket = var.bucket
          policy = var.policy
        }
      `,
    },
    {
      name: 'Terraform: a bucket handed to a module call',
      format: 'terraform',
      code: code`
        resource "aws_s3_bucket" "logs" {
          bucket = "example-logs"
        }

        module "tls_policy" {
          source = "./modules/tls-policy"
          bucket = aws_s3_bucket.logs.id
        }
      `,
    },
    {
      name: 'Terraform: a data source is a lookup, not a bucket this module creates',
      format: 'terraform',
      code: code`
        data "aws_s3_bucket" "shared" {
          bucket = "example-shared"
        }
      `,
    },
  ],
  invalid: [
    {
      name: 'Terraform s3-bucket module without attach_deny_insecure_transport_policy: on the call, the fix sets the input',
      format: 'terraform',
      code: s3Module(''),
      errors: [
        {
          at: '"logs"',
          message: MODULE_MSG('not set', 'the bucket has no bucket policy'),
          fixes: [
            {
              // terraform fmt aligns the new argument with its neighbour.
              output: s3Module('  attach_deny_insecure_transport_policy = true\n').replace('  bucket = ', '  bucket                                = '),
              title: 'Set attach_deny_insecure_transport_policy = true (the module adds a Deny for aws:SecureTransport = false; clients still using HTTP are refused)',
            },
          ],
        },
      ],
    },
    {
      name: 'Terraform s3-bucket module with attach_deny_insecure_transport_policy = false: on the value',
      format: 'terraform',
      code: s3Module('  attach_deny_insecure_transport_policy = false\n'),
      errors: [{ at: 'false', message: MODULE_MSG('false', 'the bucket has no bucket policy'), fixes: [s3Module('  attach_deny_insecure_transport_policy = true\n')] }],
    },
    {
      name: 'Terraform s3-bucket module: an attached policy without the Deny, reported at policy',
      format: 'terraform',
      code: s3Module('  attach_policy = true\n' + MODULE_ALLOW),
      errors: [{ at: 'policy', message: MODULE_MSG('not set', 'its policy does not deny aws:SecureTransport = false'), fixes: [s3Module('  attach_policy = true\n' + MODULE_ALLOW + '  attach_deny_insecure_transport_policy = true\n')] }],
    },
    {
      name: 'Terraform s3-bucket module: a policy with the Deny but no attach_policy = true is not attached',
      format: 'terraform',
      code: s3Module(MODULE_DENY),
      errors: [{ at: 'policy', message: MODULE_MSG('not set', 'its policy is not attached (attach_policy is not true), so the bucket has no bucket policy'), fixes: [s3Module(MODULE_DENY + '  attach_deny_insecure_transport_policy = true\n')] }],
    },
    {
      name: 'Terraform JSON s3-bucket module (registry address) without the deny input',
      format: 'terraform-json',
      code: moduleTfJson({ attach_deny_insecure_transport_policy: false }),
      errors: [{ at: 'false', message: MODULE_MSG('false', 'the bucket has no bucket policy'), fixes: [moduleTfJson({ attach_deny_insecure_transport_policy: true })] }],
    },
    {
      name: 'CloudFormation YAML: the fix adds a bucket policy resource after the bucket, in short forms',
      format: 'cloudformation',
      code: code`
        Resources:
          Reports:
            Type: AWS::S3::Bucket
            Properties:
              BucketName: example-reports
          Topic:
            Type: AWS::SNS::Topic
            Properties:
              KmsMasterKeyId: !Ref Key
      `,
      errors: [
        {
          at: 'Reports',
          message: NO_POLICY('template'),
          fixes: [
            code`
              Resources:
                Reports:
                  Type: AWS::S3::Bucket
                  Properties:
                    BucketName: example-reports
                ReportsPolicy:
                  Type: AWS::S3::BucketPolicy
                  Properties:
                    Bucket: !Ref Reports
                    PolicyDocument:
                      Version: 2012-10-17
            ` + denyYaml('Reports') + '\n' + code`
                Topic:
                  Type: AWS::SNS::Topic
                  Properties:
                    KmsMasterKeyId: !Ref Key
            `.replace(/^/gm, '  ').replace(/^ {2}$/gm, ''),
          ],
        },
      ],
    },
    {
      name: 'CloudFormation JSON: the fix adds a bucket policy resource in long-form intrinsics',
      file: 'template.json',
      code: code`
        {
          "Resources": {
            "Reports": {
              "Type": "AWS::S3::Bucket"
            }
          }
        }
      `,
      errors: [
        {
          at: '"Reports"',
          message: NO_POLICY('template'),
          fixes: [
            code`
              {
                "Resources": {
                  "Reports": {
                    "Type": "AWS::S3::Bucket"
                  },
                  "ReportsPolicy": {
                    "Type": "AWS::S3::BucketPolicy",
                    "Properties": {
                      "Bucket": {
                        "Ref": "Reports"
                      },
                      "PolicyDocument": {
                        "Version": "2012-10-17",
                        "Statement": [
                          {
                            "Sid": "DenyInsecureTransport",
                            "Effect": "Deny",
                            "Principal": "*",
                            "Action": "s3:*",
                            "Resource": [
                              {
                                "Fn::GetAtt": "Reports.Arn"
                              },
                              {
                                "Fn::Sub": "\${Reports.Arn}/*"
                              }
                            ],
                            "Condition": {
                              "Bool": {
                                "aws:SecureTransport": "false"
                              }
                            }
                          }
                        ]
                      }
                    }
                  }
                }
              }
            `,
          ],
        },
      ],
    },
    {
      name: 'CloudFormation: a policy naming the bucket by its logical id while its name is generated',
      format: 'cloudformation',
      code: code`
        Resources:
          Assets:
            Type: AWS::S3::Bucket
          AssetsPolicy:
            Type: AWS::S3::BucketPolicy
            Properties:
              Bucket: Assets
              PolicyDocument:
                Statement: []
      `,
      errors: [
        {
          at: 'Assets',
          message:
            'This S3 bucket has no bucket policy, so S3 accepts requests to it over plain HTTP: AssetsPolicy names a bucket "Assets", but this bucket\'s name is generated (it sets none), so that policy applies to another bucket; refer to this bucket instead of its name.',
          related: [{ at: 'PolicyDocument', message: 'The bucket policy that names "Assets".' }],
        },
      ],
    },
    {
      name: 'CloudFormation: a website bucket, and the fix says the website endpoint stops serving',
      format: 'cloudformation',
      code: code`
        Resources:
          Site:
            Type: AWS::S3::Bucket
            Properties:
              WebsiteConfiguration:
                IndexDocument: index.html
      `,
      errors: [
        {
          at: 'Site',
          message: WEBSITE('template'),
          fixes: [
            {
              title: 'Add a bucket policy that denies requests without TLS (aws:SecureTransport = false); the S3 website endpoint, which only serves HTTP, stops serving',
              output: code`
                Resources:
                  Site:
                    Type: AWS::S3::Bucket
                    Properties:
                      WebsiteConfiguration:
                        IndexDocument: index.html
                  SitePolicy:
                    Type: AWS::S3::BucketPolicy
                    Properties:
                      Bucket:
                        Ref: Site
                      PolicyDocument:
                        Version: 2012-10-17
                        Statement:
                          - Sid: DenyInsecureTransport
                            Effect: Deny
                            Principal: '*'
                            Action: s3:*
                            Resource:
                              - Fn::GetAtt: Site.Arn
                              - Fn::Sub: '\${Site.Arn}/*'
                            Condition:
                              Bool:
                                aws:SecureTransport: 'false'
              `,
            },
          ],
        },
      ],
    },
    {
      name: 'Terraform: the fix adds an aws_s3_bucket_policy with jsonencode after the bucket',
      format: 'terraform',
      code: code`
        resource "aws_s3_bucket" "reports" {
          bucket = "example-reports"
        }

        resource "aws_sqs_queue" "q" {
          name = "q"
        }
      `,
      errors: [
        {
          at: '"aws_s3_bucket" "reports"',
          message: NO_POLICY('module'),
          fixes: [
            code`
              resource "aws_s3_bucket" "reports" {
                bucket = "example-reports"
              }

            ` +
              '\n' +
              tfPolicy('reports') +
              '\n\n' +
              code`
              resource "aws_sqs_queue" "q" {
                name = "q"
              }
            `,
          ],
        },
      ],
    },
    {
      name: 'Terraform: a policy label already taken gets a suffix; a website configuration resource makes it a website bucket',
      format: 'terraform',
      code: code`
        resource "aws_s3_bucket" "site" {
          bucket_prefix = "site-"
        }

        resource "aws_s3_bucket_website_configuration" "site" {
          bucket = aws_s3_bucket.site.id
          index_document {
            suffix = "index.html"
          }
        }

        resource "aws_s3_bucket_policy" "site" {
          bucket = aws_s3_bucket.other.id
          policy = var.policy
        }

        resource "aws_s3_bucket" "other" {
          bucket = "other"
        }
      `,
      errors: [
        {
          at: '"aws_s3_bucket" "site"',
          message: WEBSITE('module'),
          fixes: [
            {
              title: 'Add a bucket policy that denies requests without TLS (aws:SecureTransport = false); the S3 website endpoint, which only serves HTTP, stops serving',
              output:
                code`
                  resource "aws_s3_bucket" "site" {
                    bucket_prefix = "site-"
                  }

                ` +
                '\n' +
                tfPolicy('site_2', 'aws_s3_bucket.site') +
                '\n\n' +
                code`
                  resource "aws_s3_bucket_website_configuration" "site" {
                    bucket = aws_s3_bucket.site.id
                    index_document {
                      suffix = "index.html"
                    }
                  }

                  resource "aws_s3_bucket_policy" "site" {
                    bucket = aws_s3_bucket.other.id
                    policy = var.policy
                  }

                  resource "aws_s3_bucket" "other" {
                    bucket = "other"
                  }
                `,
            },
          ],
        },
      ],
    },
    {
      name: 'Terraform: a bucket with count gets a policy per instance (count = length(...), [count.index])',
      format: 'terraform',
      code: code`
        resource "aws_s3_bucket" "logs" {
          count  = 2
          bucket = "example-logs-\${count.index}"
        }
      `,
      errors: [
        {
          at: '"aws_s3_bucket" "logs"',
          message: NO_POLICY('module'),
          fixes: [
            code`
              resource "aws_s3_bucket" "logs" {
                count  = 2
                bucket = "example-logs-\${count.index}"
              }
            ` +
              '\n' +
              tfPolicy('logs', 'aws_s3_bucket.logs', 'count') +
              '\n',
          ],
        },
      ],
    },
    {
      name: 'Terraform: a bucket with for_each gets a policy per instance (for_each = the buckets, [each.key])',
      format: 'terraform',
      code: code`
        resource "aws_s3_bucket" "k" {
          for_each = toset(["a", "b"])
          bucket   = "example-\${each.key}"
        }
      `,
      errors: [
        {
          at: '"aws_s3_bucket" "k"',
          message: NO_POLICY('module'),
          fixes: [
            code`
              resource "aws_s3_bucket" "k" {
                for_each = toset(["a", "b"])
                bucket   = "example-\${each.key}"
              }
            ` +
              '\n' +
              tfPolicy('k', 'aws_s3_bucket.k', 'for_each') +
              '\n',
          ],
        },
      ],
    },
    {
      name: 'Terraform JSON: a bucket with count gets a policy per instance ("${length(...)}", [count.index])',
      format: 'terraform-json',
      code: JSON.stringify({ resource: { aws_s3_bucket: { b: { count: 2, bucket: 'b-${count.index}' } } } }, null, 2) + '\n',
      errors: [
        {
          at: '"b"',
          message: NO_POLICY('module'),
          fixes: [
            JSON.stringify(
              {
                resource: {
                  aws_s3_bucket: { b: { count: 2, bucket: 'b-${count.index}' } },
                  aws_s3_bucket_policy: {
                    b: {
                      count: '${length(aws_s3_bucket.b)}',
                      bucket: '${aws_s3_bucket.b[count.index].id}',
                      policy: JSON.stringify({
                        Version: '2012-10-17',
                        Statement: [{ Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['${aws_s3_bucket.b[count.index].arn}', '${aws_s3_bucket.b[count.index].arn}/*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }],
                      }),
                    },
                  },
                },
              },
              null,
              2,
            ) + '\n',
          ],
        },
      ],
    },
    {
      name: 'Terraform: policies for instances of a count bucket (b[count.index]) are that bucket\'s, so a bucket without any is still reported',
      format: 'terraform',
      code: COUNT_MODULE,
      errors: [
        {
          at: '"aws_s3_bucket" "c"',
          message: NO_POLICY('module'),
          fixes: [`${COUNT_MODULE}\n${tfPolicy('c')}\n`],
        },
      ],
    },
    {
      name: 'Terraform: a for_each policy over the buckets (each.value.id) is theirs; another bucket without one is reported',
      format: 'terraform',
      code: FOR_EACH_MODULE,
      errors: [
        {
          at: '"aws_s3_bucket" "d"',
          message: NO_POLICY('module'),
          fixes: [FOR_EACH_MODULE + '\n' + tfPolicy('d', 'aws_s3_bucket.d', 'count') + '\n'],
        },
      ],
    },
    {
      name: 'Terraform JSON: the policy is written as a JSON string with template references',
      format: 'terraform-json',
      code: code`
        {
          "resource": {
            "aws_s3_bucket": {
              "reports": {"bucket": "example-reports"}
            }
          }
        }
      `,
      errors: [
        {
          at: '"reports"',
          message: NO_POLICY('module'),
          fixes: [
            code`
              {
                "resource": {
                  "aws_s3_bucket": {
                    "reports": {"bucket": "example-reports"}
                  },
                  "aws_s3_bucket_policy": {
                    "reports": {
                      "bucket": "\${aws_s3_bucket.reports.id}",
                      "policy": "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Sid\\":\\"DenyInsecureTransport\\",\\"Effect\\":\\"Deny\\",\\"Principal\\":\\"*\\",\\"Action\\":\\"s3:*\\",\\"Resource\\":[\\"\${aws_s3_bucket.reports.arn}\\",\\"\${aws_s3_bucket.reports.arn}/*\\"],\\"Condition\\":{\\"Bool\\":{\\"aws:SecureTransport\\":\\"false\\"}}}]}"
                    }
                  }
                }
              }
            `,
          ],
        },
      ],
    },
  ],
  corpus: corpus(),
});
