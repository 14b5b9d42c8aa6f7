import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dp201 } from '../engine/rules/dp201-bucket-policy-without-secure-transport-deny';
import { code } from '../engine/rules/rule';
import { testRule } from '../engine/rules/tester';
import { corpus, fixture, REPO } from './fixtures';

const NO_DENY = 'This bucket policy does not deny requests sent without TLS; add a Deny statement for aws:SecureTransport = false.';
const ALLOW_ONLY = 'This bucket policy only allows TLS in an Allow statement, which other policies can bypass; add a Deny for aws:SecureTransport = false.';
const ON_BUCKET = (policy: string) => `This bucket accepts requests over plain HTTP: its bucket policy ${policy} does not deny aws:SecureTransport = false; add a Deny statement for requests without TLS.`;
const ALLOW_ONLY_ON_BUCKET = (policy: string) =>
  `This bucket accepts requests over plain HTTP: its bucket policy ${policy} only requires TLS in an Allow statement, which other policies can bypass; add a Deny for aws:SecureTransport = false.`;
const POLICY_HERE = (bucket: string) => `The bucket policy of ${bucket}: the Deny statement goes here.`;
const COVERS_ONLY = (actions: string) => `This Deny on aws:SecureTransport = false covers only ${actions}; other S3 actions on the bucket are still allowed over plain HTTP.`;

const policyJson = (statements: string) => `{
  "Version": "2012-10-17",
  "Statement": [
${statements}
  ]
}
`;

const allowRead = `    {
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::example-bucket/*"
    }`;

const denyHttp = (action: string, value = '"false"', op = 'Bool') => `    {
      "Sid": "DenyHttp",
      "Effect": "Deny",
      "Principal": "*",
      "Action": ${action},
      "Resource": ["arn:aws:s3:::example-bucket", "arn:aws:s3:::example-bucket/*"],
      "Condition": {"${op}": {"aws:SecureTransport": ${value}}}
    }`;

/** Terraform: a bucket repeated with `count` and its policy per instance (`statement`: the jsonencode Statement list's items). */
const countTf = (statements: string) => `resource "aws_s3_bucket" "b" {
  count  = 2
  bucket = "logs-\${count.index}"
}

resource "aws_s3_bucket_policy" "b" {
  count  = 2
  bucket = aws_s3_bucket.b[count.index].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
${statements}
    ]
  })
}
`;
const COUNT_ALLOW = `      {
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:root" }
        Action    = "s3:GetObject"
        Resource  = "\${aws_s3_bucket.b[count.index].arn}/*"
      },`;
const COUNT_DENY = `      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.b[count.index].arn, "\${aws_s3_bucket.b[count.index].arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },`;
/** Terraform: buckets repeated with `for_each`, a policy per bucket (`for_each = aws_s3_bucket.k`) from a policy document per bucket. */
const eachTf = (statements: string, docForEach = '  for_each = aws_s3_bucket.k\n') => `resource "aws_s3_bucket" "k" {
  for_each = toset(["a", "b"])
  bucket   = "data-\${each.key}"
}

resource "aws_s3_bucket_policy" "k" {
  for_each = aws_s3_bucket.k
  bucket   = each.value.id
  policy   = data.aws_iam_policy_document.k[each.key].json
}

data "aws_iam_policy_document" "k" {
${docForEach}${statements}}
`;
const EACH_ALLOW = `  statement {
    actions   = ["s3:GetObject"]
    resources = ["\${each.value.arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
`;
const EACH_DENY = `
  statement {
    sid    = "DenyInsecureTransport"
    effect = "Deny"
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.k[each.key].arn, "\${aws_s3_bucket.k[each.key].arn}/*"]
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
`;
/** Terraform JSON: a bucket repeated with count, its policy naming the instance in a template string. */
const countTfJson = (statements: unknown[]) =>
  JSON.stringify(
    {
      resource: {
        aws_s3_bucket: { b: { count: 2, bucket: 'logs-${count.index}' } },
        aws_s3_bucket_policy: { b: { count: 2, bucket: '${aws_s3_bucket.b[count.index].id}', policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }) } },
      },
    },
    null,
    2,
  ) + '\n';
const JSON_ALLOW = { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 's3:GetObject', Resource: '${aws_s3_bucket.b[count.index].arn}/*' };

/** The statement DP201's fix adds to a JSON policy on example-bucket. */
const addedDeny = `    {
      "Sid": "DenyInsecureTransport",
      "Effect": "Deny",
      "Principal": "*",
      "Action": "s3:*",
      "Resource": ["arn:aws:s3:::example-bucket", "arn:aws:s3:::example-bucket/*"],
      "Condition": {
        "Bool": {
          "aws:SecureTransport": "false"
        }
      }
    }`;

const cfnYaml = (statements: string, bucket = '!Ref DataBucket') => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  DataBucket:
    Type: AWS::S3::Bucket
  DataBucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: ${bucket}
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
${statements}
`;

const yamlAllow = `          - Effect: Allow
            Principal:
              Service: cloudfront.amazonaws.com
            Action: s3:GetObject
            Resource: !Sub '\${DataBucket.Arn}/*'`;

const LOGS_BUCKET = readFileSync(join(REPO, 'samples', 'terraform', 'logs-bucket.tf'), 'utf8');

const SITE_POLICY_DOCUMENT = code`
  data "aws_iam_policy_document" "site" {
    statement {
      actions   = ["s3:GetObject"]
      resources = ["\${aws_s3_bucket.site.arn}/*"]
    }
  }
`;

testRule(dp201, {
  valid: [
    { name: 'Terraform: bucket repeated with count, each instance with its own deny (aws_s3_bucket.b[count.index])', format: 'terraform', code: countTf(COUNT_ALLOW + '\n' + COUNT_DENY) },
    { name: 'Terraform: buckets repeated with for_each, the deny in a policy document per bucket (each.value)', format: 'terraform', code: eachTf(EACH_ALLOW + EACH_DENY) },
    { name: 'policy JSON with a full deny', file: 'p.json', code: policyJson(`${allowRead},\n${denyHttp('"s3:*"')}`) },
    { name: 'deny with Action *', file: 'p.json', code: policyJson(`${allowRead},\n${denyHttp('"*"')}`) },
    { name: 'deny with BoolIfExists and boolean false', file: 'p.json', code: policyJson(`${allowRead},\n${denyHttp('["s3:*"]', 'false', 'BoolIfExists')}`) },
    {
      name: 'identity policy is not a bucket policy',
      file: 'identity.json',
      code: policyJson(`    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-bucket/*"}`),
    },
    {
      name: 'queue policy is not a bucket policy',
      file: 'queue.json',
      code: policyJson(`    {"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:111122223333:q"}`),
    },
    {
      name: 'CloudFormation YAML with the deny in short forms',
      file: 't.yaml',
      code: cfnYaml(`${yamlAllow}
          - Effect: Deny
            Principal: '*'
            Action: 's3:*'
            Resource: [!GetAtt DataBucket.Arn, !Sub '\${DataBucket.Arn}/*']
            Condition:
              Bool:
                aws:SecureTransport: false`),
    },
    {
      name: 'statement list from an intrinsic is unknown, never a violation',
      file: 't.yaml',
      code: cfnYaml(`            !If [IsProd, [], []]`).replace('        Statement:\n            !If', '        Statement: !If'),
    },
    {
      name: 'effect from a parameter is unknown',
      file: 't.yaml',
      code: cfnYaml(`${yamlAllow}
          - Effect: !Ref DenyOrAllow
            Principal: '*'
            Action: 's3:*'
            Resource: '*'
            Condition:
              Bool:
                aws:SecureTransport: 'false'`),
    },
    {
      name: 'Terraform heredoc policy with the deny (the audit bucket of the sample)',
      format: 'terraform',
      code: code`
        resource "aws_s3_bucket_policy" "audit" {
          bucket = aws_s3_bucket.audit.id
          policy = <<-POLICY
            {
              "Statement": [
                {
                  "Effect": "Deny",
                  "Principal": "*",
                  "Action": "s3:*",
                  "Resource": ["\${aws_s3_bucket.audit.arn}", "\${aws_s3_bucket.audit.arn}/*"],
                  "Condition": { "Bool": { "aws:SecureTransport": "false" } }
                }
              ]
            }
          POLICY
        }
      `,
    },
    {
      name: 'Terraform policy from a variable is unknown, never a violation',
      format: 'terraform',
      code: code`
        resource "aws_s3_bucket_policy" "b" {
          bucket = var.bucket
          policy = var.policy
        }
      `,
    },
    {
      name: 'Terraform dynamic statement block makes the document partial',
      format: 'terraform',
      code: code`
        resource "aws_s3_bucket_policy" "site" {
          bucket = aws_s3_bucket.site.id
          policy = data.aws_iam_policy_document.site.json
        }

        data "aws_iam_policy_document" "site" {
          statement {
            actions   = ["s3:GetObject"]
            resources = ["arn:aws:s3:::site/*"]
          }
          dynamic "statement" {
            for_each = var.extra_statements
            content {
              actions = statement.value.actions
            }
          }
        }
      `,
    },
    {
      name: 'Terraform: with its bucket in another file of the module, the finding is on the bucket, not on the policy document',
      format: 'terraform',
      file: 'policy.tf',
      code: SITE_POLICY_DOCUMENT,
      module: {
        'main.tf': code`
          resource "aws_s3_bucket" "site" {
            bucket = "site"
          }

          resource "aws_s3_bucket_policy" "site" {
            bucket = aws_s3_bucket.site.id
            policy = data.aws_iam_policy_document.site.json
          }
        `,
      },
    },
    {
      name: 'Terraform JSON policy string with the deny',
      format: 'terraform-json',
      code: code`
        {
          "resource": {
            "aws_s3_bucket_policy": {
              "uploads": {
                "bucket": "example-user-uploads",
                "policy": "{\\"Statement\\":[{\\"Effect\\":\\"Deny\\",\\"Principal\\":\\"*\\",\\"Action\\":\\"s3:*\\",\\"Resource\\":[\\"arn:aws:s3:::example-user-uploads\\",\\"arn:aws:s3:::example-user-uploads/*\\"],\\"Condition\\":{\\"Bool\\":{\\"aws:SecureTransport\\":\\"false\\"}}}]}"
              }
            }
          }
        }
      `,
    },
    {
      name: 'a suppression written on the bucket policy still covers the finding shown on its bucket',
      file: 'template.yaml',
      code: cfnYaml(yamlAllow).replace('      PolicyDocument:\n', '      PolicyDocument: # awsdp-ignore DP201: TLS enforced by the organization RCP\n'),
    },
  ],
  invalid: [
    {
      name: 'Terraform: bucket repeated with count: the finding is on the bucket, the fix names the same instance',
      format: 'terraform',
      code: countTf(COUNT_ALLOW),
      errors: [
        {
          at: '"aws_s3_bucket" "b"',
          message: ON_BUCKET('aws_s3_bucket_policy.b'),
          related: [{ at: 'policy', message: POLICY_HERE('aws_s3_bucket.b') }],
          fixes: [countTf(COUNT_ALLOW + '\n' + COUNT_DENY)],
        },
      ],
    },
    {
      name: 'Terraform: buckets repeated with for_each and a policy per bucket (each.value.id): the fix writes aws_s3_bucket.k[each.key]',
      format: 'terraform',
      code: eachTf(EACH_ALLOW),
      errors: [
        {
          at: '"aws_s3_bucket" "k"',
          message: ON_BUCKET('aws_s3_bucket_policy.k'),
          related: [{ at: 'policy', message: POLICY_HERE('aws_s3_bucket.k') }],
          fixes: [eachTf(EACH_ALLOW + EACH_DENY)],
        },
      ],
    },
    {
      name: 'Terraform: a policy document without for_each cannot name each.key: the fix names the bucket ARNs the document names',
      format: 'terraform',
      code: eachTf(EACH_ALLOW.replace('${each.value.arn}', 'arn:aws:s3:::data-a'), ''),
      errors: [
        {
          at: '"aws_s3_bucket" "k"',
          message: ON_BUCKET('aws_s3_bucket_policy.k'),
          related: [{ at: 'policy', message: POLICY_HERE('aws_s3_bucket.k') }],
          fixes: [
            eachTf(
              EACH_ALLOW.replace('${each.value.arn}', 'arn:aws:s3:::data-a') +
                EACH_DENY.replace('[aws_s3_bucket.k[each.key].arn, "${aws_s3_bucket.k[each.key].arn}/*"]', '["arn:aws:s3:::data-a", "arn:aws:s3:::data-a/*"]'),
              '',
            ),
          ],
        },
      ],
    },
    {
      name: 'Terraform JSON: bucket repeated with count, the fix names the instance in the policy string',
      format: 'terraform-json',
      code: countTfJson([JSON_ALLOW]),
      errors: [
        {
          at: '"b"',
          message: ON_BUCKET('aws_s3_bucket_policy.b'),
          related: [{ at: '"policy"', message: POLICY_HERE('aws_s3_bucket.b') }],
          fixes: [
            countTfJson([
              JSON_ALLOW,
              {
                Sid: 'DenyInsecureTransport',
                Effect: 'Deny',
                Principal: '*',
                Action: 's3:*',
                Resource: ['${aws_s3_bucket.b[count.index].arn}', '${aws_s3_bucket.b[count.index].arn}/*'],
                Condition: { Bool: { 'aws:SecureTransport': 'false' } },
              },
            ]),
          ],
        },
      ],
    },
    {
      name: 'CloudFormation: a literal bucket name equal to the BucketName of a bucket of the template is that bucket',
      file: 'template.yaml',
      code: code`
        Resources:
          Site:
            Type: AWS::S3::Bucket
            Properties:
              BucketName: example-site
          SitePolicy:
            Type: AWS::S3::BucketPolicy
            Properties:
              Bucket: example-site
              PolicyDocument:
                Statement:
                  - Effect: Allow
                    Principal: '*'
                    Action: s3:GetObject
                    Resource: arn:aws:s3:::example-site/*
                    Condition:
                      Bool:
                        aws:SecureTransport: 'true'
      `,
      errors: [
        {
          at: 'Site',
          message: ALLOW_ONLY_ON_BUCKET('SitePolicy'),
          related: [{ at: 'PolicyDocument', message: POLICY_HERE('Site') }],
          fixes: [
            code`
              Resources:
                Site:
                  Type: AWS::S3::Bucket
                  Properties:
                    BucketName: example-site
                SitePolicy:
                  Type: AWS::S3::BucketPolicy
                  Properties:
                    Bucket: example-site
                    PolicyDocument:
                      Statement:
                        - Effect: Allow
                          Principal: '*'
                          Action: s3:GetObject
                          Resource: arn:aws:s3:::example-site/*
                          Condition:
                            Bool:
                              aws:SecureTransport: 'true'
                        - Sid: DenyInsecureTransport
                          Effect: Deny
                          Principal: '*'
                          Action: s3:*
                          Resource:
                            - arn:aws:s3:::example-site
                            - arn:aws:s3:::example-site/*
                          Condition:
                            Bool:
                              aws:SecureTransport: 'false'
            `,
          ],
        },
      ],
    },
    {
      name: 'a website bucket: the fix says the website endpoint stops serving',
      file: 'template.yaml',
      code: cfnYaml(yamlAllow).replace('    Type: AWS::S3::Bucket\n', '    Type: AWS::S3::Bucket\n    Properties:\n      WebsiteConfiguration:\n        IndexDocument: index.html\n'),
      errors: [
        {
          at: 'DataBucket',
          message: ON_BUCKET('DataBucketPolicy'),
          fixes: [
            {
              title: 'Add a Deny statement for requests without TLS (aws:SecureTransport = false); the S3 website endpoint, which only serves HTTP, stops serving',
              output: cfnYaml(`${yamlAllow}
          - Sid: DenyInsecureTransport
            Effect: Deny
            Principal: '*'
            Action: s3:*
            Resource:
              - !GetAtt DataBucket.Arn
              - !Sub '\${DataBucket.Arn}/*'
            Condition:
              Bool:
                aws:SecureTransport: 'false'`).replace('    Type: AWS::S3::Bucket\n', '    Type: AWS::S3::Bucket\n    Properties:\n      WebsiteConfiguration:\n        IndexDocument: index.html\n'),
            },
          ],
        },
      ],
    },
    {
      name: 'policy JSON without a deny',
      file: 'bucket-policy.json',
      code: policyJson(allowRead),
      errors: [{ at: '"Statement"', message: NO_DENY, fixes: [policyJson(`${allowRead},
${addedDeny}`)] }],
    },
    {
      name: 'deny only for uploads',
      file: 'bucket-policy.json',
      code: policyJson(`${allowRead},\n${denyHttp('"s3:PutObject"')}`),
      errors: [{ at: '"s3:PutObject"', message: COVERS_ONLY('s3:PutObject'), fixes: [policyJson(`${allowRead},\n${denyHttp('"s3:PutObject"')},
${addedDeny}`)] }],
    },
    {
      name: 'allow with SecureTransport true is not enforcement',
      file: 'bucket-policy.json',
      code: policyJson(`    {
      "Effect": "Allow",
      "Principal": "*",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::example-bucket/*",
      "Condition": {"Bool": {"aws:SecureTransport": "true"}}
    }`),
      errors: [{ at: '"Statement"', message: ALLOW_ONLY, fixes: [policyJson(`    {
      "Effect": "Allow",
      "Principal": "*",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::example-bucket/*",
      "Condition": {"Bool": {"aws:SecureTransport": "true"}}
    },
${addedDeny}`)] }],
    },
    {
      name: 'deny with the wrong value (true) does not enforce TLS',
      file: 'bucket-policy.json',
      code: policyJson(`${allowRead},\n${denyHttp('"s3:*"', '"true"')}`),
      errors: [{ at: '"Statement"', message: NO_DENY, fixes: [policyJson(`${allowRead},\n${denyHttp('"s3:*"', '"true"')},
${addedDeny}`)] }],
    },
    {
      name: 'CloudFormation YAML: shown on the bucket, fix written in the policy in short forms at the same indentation',
      file: 'template.yaml',
      code: cfnYaml(yamlAllow),
      errors: [{ at: 'DataBucket', message: ON_BUCKET('DataBucketPolicy'), related: [{ at: 'PolicyDocument', message: POLICY_HERE('DataBucket') }], fixes: [cfnYaml(`${yamlAllow}
          - Sid: DenyInsecureTransport
            Effect: Deny
            Principal: '*'
            Action: s3:*
            Resource:
              - !GetAtt DataBucket.Arn
              - !Sub '\${DataBucket.Arn}/*'
            Condition:
              Bool:
                aws:SecureTransport: 'false'`)] }],
    },
    {
      name: 'CloudFormation YAML with a literal bucket name',
      file: 'template.yaml',
      code: cfnYaml(yamlAllow, 'my-bucket'),
      errors: [{ at: 'PolicyDocument', message: NO_DENY, fixes: [cfnYaml(`${yamlAllow}
          - Sid: DenyInsecureTransport
            Effect: Deny
            Principal: '*'
            Action: s3:*
            Resource:
              - arn:aws:s3:::my-bucket
              - arn:aws:s3:::my-bucket/*
            Condition:
              Bool:
                aws:SecureTransport: 'false'`, 'my-bucket')] }],
    },
    {
      name: 'CloudFormation JSON with long-form intrinsics',
      file: 'template.json',
      code: `{
  "Resources": {
    "B": {"Type": "AWS::S3::Bucket"},
    "P": {
      "Type": "AWS::S3::BucketPolicy",
      "Properties": {
        "Bucket": {"Ref": "B"},
        "PolicyDocument": {
          "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": {"Fn::Sub": "\${B.Arn}/*"}}
          ]
        }
      }
    }
  }
}
`,
      errors: [{ at: '"B"', message: ON_BUCKET('P'), fixes: [`{
  "Resources": {
    "B": {"Type": "AWS::S3::Bucket"},
    "P": {
      "Type": "AWS::S3::BucketPolicy",
      "Properties": {
        "Bucket": {"Ref": "B"},
        "PolicyDocument": {
          "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": {"Fn::Sub": "\${B.Arn}/*"}},
            {
              "Sid": "DenyInsecureTransport",
              "Effect": "Deny",
              "Principal": "*",
              "Action": "s3:*",
              "Resource": [
                {
                  "Fn::GetAtt": "B.Arn"
                },
                {
                  "Fn::Sub": "\${B.Arn}/*"
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
`] }],
    },
    {
      name: 'no fix when the bucket cannot be named',
      file: 'bucket-policy.json',
      code: policyJson(`    {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}`),
      errors: [{ at: '"Statement"', message: NO_DENY }],
    },
    {
      name: 'Terraform jsonencode policy (the logs bucket of the sample)',
      format: 'terraform',
      file: 'logs-bucket.tf',
      code: LOGS_BUCKET,
      errors: [
        {
          at: '"aws_s3_bucket" "logs"',
          message: ON_BUCKET('aws_s3_bucket_policy.logs'),
          related: [{ at: 'policy', message: POLICY_HERE('aws_s3_bucket.logs') }],
          fixes: [
            LOGS_BUCKET.replace(
              '      },\n    ]\n  })',
              `      },
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.logs.arn, "\${aws_s3_bucket.logs.arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
    ]
  })`,
            ),
          ],
        },
      ],
    },
    {
      name: 'Terraform aws_iam_policy_document: the fix adds a statement block',
      format: 'terraform',
      code: fixture('terraform/bucket-policy-document.tf'),
      errors: [
        {
          at: '"aws_s3_bucket" "site"',
          message: ON_BUCKET('aws_s3_bucket_policy.site'),
          fixes: [
            code`
              resource "aws_s3_bucket" "site" {
                bucket = "site"
              }

              resource "aws_s3_bucket_policy" "site" {
                bucket = aws_s3_bucket.site.id
                policy = data.aws_iam_policy_document.site.json
              }

              data "aws_iam_policy_document" "site" {
                statement {
                  actions   = ["s3:GetObject"]
                  resources = ["\${aws_s3_bucket.site.arn}/*"]
                  principals {
                    type        = "Service"
                    identifiers = ["cloudfront.amazonaws.com"]
                  }
                }

                statement {
                  sid    = "DenyInsecureTransport"
                  effect = "Deny"
                  principals {
                    type        = "*"
                    identifiers = ["*"]
                  }
                  actions   = ["s3:*"]
                  resources = [aws_s3_bucket.site.arn, "\${aws_s3_bucket.site.arn}/*"]
                  condition {
                    test     = "Bool"
                    variable = "aws:SecureTransport"
                    values   = ["false"]
                  }
                }
              }
            `,
          ],
        },
      ],
    },
    {
      name: 'Terraform: the finding is on the bucket, the fix edits the policy document in another file of the module',
      format: 'terraform',
      file: 'main.tf',
      code: code`
        resource "aws_s3_bucket" "site" {
          bucket = "site"
        }

        resource "aws_s3_bucket_policy" "site" {
          bucket = aws_s3_bucket.site.id
          policy = data.aws_iam_policy_document.site.json
        }
      `,
      module: { 'policy.tf': SITE_POLICY_DOCUMENT },
      errors: [
        {
          at: '"aws_s3_bucket" "site"',
          message: ON_BUCKET('aws_s3_bucket_policy.site'),
          fixes: [
            {
              file: 'policy.tf',
              output: code`
              data "aws_iam_policy_document" "site" {
                statement {
                  actions   = ["s3:GetObject"]
                  resources = ["\${aws_s3_bucket.site.arn}/*"]
                }

                statement {
                  sid    = "DenyInsecureTransport"
                  effect = "Deny"
                  principals {
                    type        = "*"
                    identifiers = ["*"]
                  }
                  actions   = ["s3:*"]
                  resources = [aws_s3_bucket.site.arn, "\${aws_s3_bucket.site.arn}/*"]
                  condition {
                    test     = "Bool"
                    variable = "aws:SecureTransport"
                    values   = ["false"]
                  }
                }
              }
            `,
            },
          ],
        },
      ],
    },
    {
      name: 'Terraform heredoc JSON policy: the fix is written inside the heredoc, at its indentation',
      format: 'terraform',
      code: code`
        resource "aws_s3_bucket_policy" "b" {
          bucket = "example-bucket"
          policy = <<-EOT
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Effect": "Allow",
                  "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                  "Action": "s3:GetObject",
                  "Resource": "arn:aws:s3:::example-bucket/*"
                }
              ]
            }
          EOT
        }
      `,
      errors: [
        {
          at: 'policy',
          message: NO_DENY,
          fixes: [
            code`
              resource "aws_s3_bucket_policy" "b" {
                bucket = "example-bucket"
                policy = <<-EOT
                  {
                    "Version": "2012-10-17",
                    "Statement": [
                      {
                        "Effect": "Allow",
                        "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                        "Action": "s3:GetObject",
                        "Resource": "arn:aws:s3:::example-bucket/*"
                      },
                      {
                        "Sid": "DenyInsecureTransport",
                        "Effect": "Deny",
                        "Principal": "*",
                        "Action": "s3:*",
                        "Resource": ["arn:aws:s3:::example-bucket", "arn:aws:s3:::example-bucket/*"],
                        "Condition": {
                          "Bool": {
                            "aws:SecureTransport": "false"
                          }
                        }
                      }
                    ]
                  }
                EOT
              }
            `,
          ],
        },
      ],
    },
    {
      name: 'Terraform legacy inline policy of aws_s3_bucket: the fix names the bucket by ARN, never by a self-reference',
      format: 'terraform',
      code: code`
        resource "aws_s3_bucket" "b" {
          bucket = "example-bucket"
          policy = jsonencode({
            Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::example-bucket/*" }]
          })
        }
      `,
      errors: [
        {
          at: 'policy',
          message: NO_DENY,
          fixes: [
            code`
              resource "aws_s3_bucket" "b" {
                bucket = "example-bucket"
                policy = jsonencode({
                  Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::example-bucket/*" }, {
                    Sid       = "DenyInsecureTransport"
                    Effect    = "Deny"
                    Principal = "*"
                    Action    = "s3:*"
                    Resource  = ["arn:aws:s3:::example-bucket", "arn:aws:s3:::example-bucket/*"]
                    Condition = { Bool = { "aws:SecureTransport" = "false" } }
                  }]
                })
              }
            `,
          ],
        },
      ],
    },
    {
      name: 'Terraform deny for uploads only points at the action',
      format: 'terraform',
      code: code`
        resource "aws_s3_bucket_policy" "b" {
          bucket = "example-bucket"
          policy = jsonencode({
            Statement = [
              {
                Effect    = "Deny"
                Principal = "*"
                Action    = ["s3:PutObject"]
                Resource  = ["arn:aws:s3:::example-bucket", "arn:aws:s3:::example-bucket/*"]
                Condition = { Bool = { "aws:SecureTransport" = "false" } }
              },
            ]
          })
        }
      `,
      errors: [
        {
          at: '"s3:PutObject"',
          message: COVERS_ONLY('s3:PutObject'),
          fixes: [
            code`
              resource "aws_s3_bucket_policy" "b" {
                bucket = "example-bucket"
                policy = jsonencode({
                  Statement = [
                    {
                      Effect    = "Deny"
                      Principal = "*"
                      Action    = ["s3:PutObject"]
                      Resource  = ["arn:aws:s3:::example-bucket", "arn:aws:s3:::example-bucket/*"]
                      Condition = { Bool = { "aws:SecureTransport" = "false" } }
                    },
                    {
                      Sid       = "DenyInsecureTransport"
                      Effect    = "Deny"
                      Principal = "*"
                      Action    = "s3:*"
                      Resource  = ["arn:aws:s3:::example-bucket", "arn:aws:s3:::example-bucket/*"]
                      Condition = { Bool = { "aws:SecureTransport" = "false" } }
                    },
                  ]
                })
              }
            `,
          ],
        },
      ],
    },
    {
      name: 'CloudFormation YAML policy held in a quoted JSON string: the statement is written into the string',
      format: 'cloudformation',
      code: code`
        AWSTemplateFormatVersion: '2010-09-09'
        Resources:
          P:
            Type: AWS::S3::BucketPolicy
            Properties:
              Bucket: my-bucket
              PolicyDocument: '{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*"}]}'
      `,
      errors: [
        {
          at: 'PolicyDocument',
          message: NO_DENY,
          fixes: [
            code`
              AWSTemplateFormatVersion: '2010-09-09'
              Resources:
                P:
                  Type: AWS::S3::BucketPolicy
                  Properties:
                    Bucket: my-bucket
                    PolicyDocument: '{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*"}, {"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::my-bucket", "arn:aws:s3:::my-bucket/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}'
            `,
          ],
        },
      ],
    },
    {
      name: 'Terraform JSON policy string: the statement is written into the JSON string, compact and escaped',
      format: 'terraform-json',
      code: fixture('terraform-json/bucket-policy-string.tf.json'),
      errors: [
        {
          at: '"uploads"',
          message: ON_BUCKET('aws_s3_bucket_policy.uploads'),
          fixes: [
            fixture('terraform-json/bucket-policy-string.tf.json').replace(
              '/*\\"}]}"',
              () =>
                '/*\\"},{\\"Sid\\":\\"DenyInsecureTransport\\",\\"Effect\\":\\"Deny\\",\\"Principal\\":\\"*\\",\\"Action\\":\\"s3:*\\",' +
                '\\"Resource\\":[\\"${aws_s3_bucket.uploads.arn}\\",\\"${aws_s3_bucket.uploads.arn}/*\\"],\\"Condition\\":{\\"Bool\\":{\\"aws:SecureTransport\\":\\"false\\"}}}]}"',
            ),
          ],
        },
      ],
    },
    {
      name: 'Terraform JSON aws_iam_policy_document (CDKTF output): a statement object with the data source\'s argument names',
      format: 'terraform-json',
      code: dp201.meta.examples.find((e) => e.format === 'terraform-json')!.bad,
      errors: [
        {
          at: '"uploads"',
          message: ON_BUCKET('aws_s3_bucket_policy.uploads'),
          fixes: [
            dp201.meta.examples
              .find((e) => e.format === 'terraform-json')!
              .bad.replace(
                '"identifiers": ["arn:aws:iam::111122223333:role/uploader"]}]\n          }',
                () => `"identifiers": ["arn:aws:iam::111122223333:role/uploader"]}]
          },
          {
            "sid": "DenyInsecureTransport",
            "effect": "Deny",
            "principals": [
              {
                "type": "*",
                "identifiers": ["*"]
              }
            ],
            "actions": ["s3:*"],
            "resources": ["\${aws_s3_bucket.uploads.arn}", "\${aws_s3_bucket.uploads.arn}/*"],
            "condition": [
              {
                "test": "Bool",
                "variable": "aws:SecureTransport",
                "values": ["false"]
              }
            ]
          }`,
              ),
          ],
        },
      ],
    },
  ],
  corpus: corpus(),
});
