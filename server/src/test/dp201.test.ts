import { test } from 'node:test';
import { checkRule } from './helpers';

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

test('DP201 bucket-policy-without-secure-transport-deny', async (t) => {
  await checkRule(
    'DP201',
    {
      valid: [
        { name: 'policy JSON with a full deny', path: 'p.json', text: policyJson(`${allowRead},\n${denyHttp('"s3:*"')}`) },
        { name: 'deny with Action *', path: 'p.json', text: policyJson(`${allowRead},\n${denyHttp('"*"')}`) },
        { name: 'deny with BoolIfExists and boolean false', path: 'p.json', text: policyJson(`${allowRead},\n${denyHttp('["s3:*"]', 'false', 'BoolIfExists')}`) },
        {
          name: 'identity policy is not a bucket policy',
          path: 'identity.json',
          text: policyJson(`    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-bucket/*"}`),
        },
        {
          name: 'queue policy is not a bucket policy',
          path: 'queue.json',
          text: policyJson(`    {"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:111122223333:q"}`),
        },
        {
          name: 'CloudFormation YAML with the deny in short forms',
          path: 't.yaml',
          text: cfnYaml(`${yamlAllow}
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
          path: 't.yaml',
          text: cfnYaml(`            !If [IsProd, [], []]`).replace('        Statement:\n            !If', '        Statement: !If'),
        },
        {
          name: 'effect from a parameter is unknown',
          path: 't.yaml',
          text: cfnYaml(`${yamlAllow}
          - Effect: !Ref DenyOrAllow
            Principal: '*'
            Action: 's3:*'
            Resource: '*'
            Condition:
              Bool:
                aws:SecureTransport: 'false'`),
        },
      ],
      invalid: [
        {
          name: 'policy JSON without a deny',
          path: 'bucket-policy.json',
          text: policyJson(allowRead),
          errors: [{ at: '"Statement"', message: /does not deny requests sent without TLS/ }],
          output: policyJson(`${allowRead},
${addedDeny}`),
        },
        {
          name: 'deny only for uploads',
          path: 'bucket-policy.json',
          text: policyJson(`${allowRead},\n${denyHttp('"s3:PutObject"')}`),
          errors: [{ at: '"s3:PutObject"', message: /covers only s3:PutObject/ }],
          output: policyJson(`${allowRead},\n${denyHttp('"s3:PutObject"')},
${addedDeny}`),
        },
        {
          name: 'allow with SecureTransport true is not enforcement',
          path: 'bucket-policy.json',
          text: policyJson(`    {
      "Effect": "Allow",
      "Principal": "*",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::example-bucket/*",
      "Condition": {"Bool": {"aws:SecureTransport": "true"}}
    }`),
          errors: [{ at: '"Statement"', message: /only allows TLS in an Allow statement/ }],
          output: policyJson(`    {
      "Effect": "Allow",
      "Principal": "*",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::example-bucket/*",
      "Condition": {"Bool": {"aws:SecureTransport": "true"}}
    },
${addedDeny}`),
        },
        {
          name: 'deny with the wrong value (true) does not enforce TLS',
          path: 'bucket-policy.json',
          text: policyJson(`${allowRead},\n${denyHttp('"s3:*"', '"true"')}`),
          errors: [{ at: '"Statement"' }],
          output: policyJson(`${allowRead},\n${denyHttp('"s3:*"', '"true"')},
${addedDeny}`),
        },
        {
          name: 'CloudFormation YAML: fix written in short forms at the same indentation',
          path: 'template.yaml',
          text: cfnYaml(yamlAllow),
          errors: [{ at: 'PolicyDocument' }],
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
                aws:SecureTransport: 'false'`),
        },
        {
          name: 'CloudFormation YAML with a literal bucket name',
          path: 'template.yaml',
          text: cfnYaml(yamlAllow, 'my-bucket'),
          errors: [{ at: 'PolicyDocument' }],
          output: cfnYaml(`${yamlAllow}
          - Sid: DenyInsecureTransport
            Effect: Deny
            Principal: '*'
            Action: s3:*
            Resource:
              - arn:aws:s3:::my-bucket
              - arn:aws:s3:::my-bucket/*
            Condition:
              Bool:
                aws:SecureTransport: 'false'`, 'my-bucket'),
        },
        {
          name: 'CloudFormation JSON with long-form intrinsics',
          path: 'template.json',
          text: `{
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
          errors: [{ at: '"PolicyDocument"' }],
          output: `{
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
`,
        },
        {
          name: 'no fix when the bucket cannot be named',
          path: 'bucket-policy.json',
          text: policyJson(`    {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}`),
          errors: [{ at: '"Statement"' }],
          output: null,
        },
      ],
    },
    t,
  );
});
