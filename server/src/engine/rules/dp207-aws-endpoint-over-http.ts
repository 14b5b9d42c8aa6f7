import type { FixSpec } from '../fixes/ops';
import { PLAIN_HTTP_AWS_HINT, plainHttpAwsUrls } from '../model/endpoints';
import { stringValues } from '../model/settings';
import type { Span } from '../types';
import { placer } from './lib/string-place';
import { code, defineRule } from './rule';

const HTTP_URL = /http:\/\//i;

export const dp207 = defineRule({
  meta: {
    id: 'DP207',
    name: 'aws-endpoint-over-http',
    category: 'secure-transport',
    defaultSeverity: 'error',
    summary: 'A URL calls an AWS endpoint over plain HTTP (http://) instead of HTTPS.',
    description: [
      'AWS: "Use SSL/TLS to communicate with AWS resources." Many AWS endpoints still answer plain HTTP, so a URL written',
      'with `http://` (an SDK endpoint in an environment variable, a queue URL, a custom endpoint of a Terraform',
      '`provider "aws"`, an `endpoint_url` in an AWS config file, a download in EC2 user data) sends its requests, and',
      'gets its responses, unencrypted: the data can be read and the signed request replayed by anyone on the path.',
      '',
      'The rule reads every string of the file, JSON held as text and the literal parts of templates included (as DP401',
      'does), for URLs with the `http` scheme whose host is under an AWS DNS suffix (`amazonaws.com`, `api.aws`,',
      '`amazonaws.com.cn`, ...). A host with parts known only at deploy time is judged by its literal suffix:',
      '`!Sub http://sqs.${AWS::Region}.amazonaws.com/...` and `"http://${var.bucket}.s3.amazonaws.com"` are plain',
      'HTTP whatever the region or bucket. Hosts that their owner serves are left out: a load balancer\'s DNS name',
      '(`*.elb.amazonaws.com`, whose listeners decide; DP203 reads them), an EC2 instance\'s public DNS name and an S3',
      'website endpoint (`s3-website`, HTTP only: put CloudFront in front of it); so are XML namespaces',
      '(`http://s3.amazonaws.com/doc/2006-03-01/` names a schema, nothing is sent there). `https://`, `localhost`,',
      'LocalStack and other hosts are never reported.',
      '',
      'The fix writes `https` for `http` and keeps the rest of the URL: AWS serves every one of these endpoints over HTTPS.',
    ].join('\n'),
    fix: 'safe',
    formats: ['iam-json', 'cloudformation', 'terraform', 'terraform-json', 'aws-config'],
    examples: [
      {
        title: 'A queue URL over HTTP in a Lambda environment (CloudFormation)',
        format: 'cloudformation',
        fileName: 'template.yaml',
        bad: code`
          Resources:
            Worker:
              Type: AWS::Lambda::Function
              Properties:
                Runtime: python3.12
                Handler: index.handler
                Role: !GetAtt WorkerRole.Arn
                Code:
                  ZipFile: print("hello")
                Environment:
                  Variables:
                    QUEUE_URL: !Sub http://sqs.\${AWS::Region}.amazonaws.com/\${AWS::AccountId}/jobs
        `,
        good: code`
          Resources:
            Worker:
              Type: AWS::Lambda::Function
              Properties:
                Runtime: python3.12
                Handler: index.handler
                Role: !GetAtt WorkerRole.Arn
                Code:
                  ZipFile: print("hello")
                Environment:
                  Variables:
                    QUEUE_URL: !Sub https://sqs.\${AWS::Region}.amazonaws.com/\${AWS::AccountId}/jobs
        `,
      },
      {
        title: 'A custom S3 endpoint over HTTP (Terraform)',
        format: 'terraform',
        fileName: 'main.tf',
        bad: code`
          provider "aws" {
            region = "eu-west-1"

            endpoints {
              s3 = "http://s3.eu-west-1.amazonaws.com"
            }
          }
        `,
        good: code`
          provider "aws" {
            region = "eu-west-1"

            endpoints {
              s3 = "https://s3.eu-west-1.amazonaws.com"
            }
          }
        `,
      },
      {
        title: 'A DynamoDB endpoint over HTTP in a Lambda environment (Terraform JSON)',
        format: 'terraform-json',
        fileName: 'main.tf.json',
        bad: code`
          {
            "resource": {
              "aws_lambda_function": {
                "api": {
                  "function_name": "api",
                  "environment": { "variables": { "DDB_ENDPOINT": "http://dynamodb.us-east-1.amazonaws.com" } }
                }
              }
            }
          }
        `,
        good: code`
          {
            "resource": {
              "aws_lambda_function": {
                "api": {
                  "function_name": "api",
                  "environment": { "variables": { "DDB_ENDPOINT": "https://dynamodb.us-east-1.amazonaws.com" } }
                }
              }
            }
          }
        `,
      },
      {
        title: 'A subscription condition that names a queue over HTTP (policy JSON)',
        format: 'iam-json',
        fileName: 'queue-policy.json',
        bad: code`
          {
            "Version": "2012-10-17",
            "Statement": [{
              "Effect": "Allow",
              "Principal": { "Service": "sns.amazonaws.com" },
              "Action": "sqs:SendMessage",
              "Resource": "arn:aws:sqs:us-east-1:111122223333:orders",
              "Condition": { "StringLike": { "sns:Endpoint": "http://sqs.us-east-1.amazonaws.com/111122223333/orders" } }
            }]
          }
        `,
        good: code`
          {
            "Version": "2012-10-17",
            "Statement": [{
              "Effect": "Allow",
              "Principal": { "Service": "sns.amazonaws.com" },
              "Action": "sqs:SendMessage",
              "Resource": "arn:aws:sqs:us-east-1:111122223333:orders",
              "Condition": { "StringLike": { "sns:Endpoint": "https://sqs.us-east-1.amazonaws.com/111122223333/orders" } }
            }]
          }
        `,
      },
      {
        title: 'An endpoint_url over HTTP in an AWS config file',
        format: 'aws-config',
        fileName: '.aws/config',
        bad: code`
          [profile ci]
          region = eu-west-1
          endpoint_url = http://sts.eu-west-1.amazonaws.com
        `,
        good: code`
          [profile ci]
          region = eu-west-1
          endpoint_url = https://sts.eu-west-1.amazonaws.com
        `,
      },
    ],
  },
  check(ctx) {
    const strings = stringValues(ctx.model, { filter: (v) => HTTP_URL.test(v), embedded: true, templates: true, textHint: PLAIN_HTTP_AWS_HINT, hintDecodes: true });
    for (const s of strings) {
      let place: ((start: number, end: number) => Span) | undefined;
      for (const u of plainHttpAwsUrls(s.value)) {
        const fixes = (): FixSpec[] => [{ title: 'Use https://', applicability: 'safe', ops: [{ op: 'replaceInString', file: s.file, node: s.node, start: u.start, end: u.end, text: 'https' }] }];
        ctx.report({
          file: s.file,
          span: (place ??= placer(ctx.model, s))(u.start, u.end + 3),
          message: `This URL calls ${u.host} over plain HTTP, so its requests and responses cross the network unencrypted; use https://.`,
          fixes,
        });
      }
    }
  },
});
