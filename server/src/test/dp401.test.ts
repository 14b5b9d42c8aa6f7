import { dp401 } from '../engine/rules/dp401-non-fips-endpoint';
import { code } from '../engine/rules/rule';
import { testRule } from '../engine/rules/tester';
import { corpus } from './fixtures';
import { cfnBlock, cfnJson as cfnJsonText, cfnQuoted, tfHeredoc, tfJson as tfJsonText, tfQuoted, type Env } from './json-text-cases';

/** JSON held as text (data/json-text.json), in every way each format writes it: [name, builder, file, environment given as an object]. */
const JSON_TEXT: [string, (env: Env) => string, string, boolean][] = [
  ['TF heredoc container_definitions', tfHeredoc, 'main.tf', false],
  ['TF quoted container_definitions', tfQuoted, 'main.tf', false],
  ['TF JSON container_definitions string', tfJsonText, 'main.tf.json', false],
  ['CFN YAML state machine DefinitionString block', cfnBlock, 'template.yaml', true],
  ['CFN YAML state machine DefinitionString !Sub block', (env) => cfnBlock(env, true), 'template.yaml', true],
  ['CFN YAML events rule Input single-quoted', (env) => cfnQuoted(env, "'"), 'template.yaml', true],
  ['CFN YAML events rule Input double-quoted', (env) => cfnQuoted(env, '"'), 'template.yaml', true],
  ['CFN JSON events rule Input string', cfnJsonText, 'template.json', true],
];

const queue = (host: string): Env => [
  ['LOG_LEVEL', '"info"'],
  ['QUEUE_URL', `"https://${host}/123456789012/orders"`],
];

const msg = (host: string, fips: string, service: string, region: string) => `${host} is not a FIPS endpoint; use ${fips}, the FIPS endpoint of ${service} in ${region}.`;
const SQS = msg('sqs.us-east-1.amazonaws.com', 'sqs-fips.us-east-1.amazonaws.com', 'sqs', 'us-east-1');

/** A CloudFormation YAML Lambda function whose environment holds `vars` (indented lines `KEY: value`). */
const fn = (vars: string, extra = '') => code`
  Resources:
    Worker:
      Type: AWS::Lambda::Function
      Properties:
        Runtime: python3.12
        Handler: app.handler
        Role: arn:aws:iam::123456789012:role/worker
        Code:
          S3Bucket: artifacts
          S3Key: worker.zip
        Environment:
          Variables:
            ${vars}
  ${extra}`;

const role = (service: string) => code`
  Resources:
    Role:
      Type: AWS::IAM::Role
      Properties:
        AssumeRolePolicyDocument:
          Version: '2012-10-17'
          Statement:
            - Effect: Allow
              Principal:
                Service: ${service}
              Action: sts:AssumeRole
`;

const cfnJson = (value: string) => `{\n  "Resources": {\n    "P": {\n      "Type": "AWS::SSM::Parameter",\n      "Properties": { "Type": "String", "Value": ${value} }\n    }\n  }\n}\n`;

const ssm = (value: string) => code`
  resource "aws_ssm_parameter" "endpoint" {
    name  = "/app/endpoint"
    type  = "String"
    value = ${value}
  }
`;

const tfJson = (value: string) => `{\n  "variable": {\n    "endpoint": { "default": ${JSON.stringify(value)} }\n  }\n}\n`;

const topicPolicy = (endpoint: string) => code`
  {
    "Version": "2012-10-17",
    "Statement": [{
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::123456789012:root" },
      "Action": "sns:Subscribe",
      "Resource": "arn:aws:sns:us-east-1:123456789012:orders",
      "Condition": { "StringLike": { "sns:Endpoint": "${endpoint}" } }
    }]
  }
`;

/** A CloudFormation ECS task definition whose container environment is a list of `Name`/`Value` pairs. */
const ecsCfn = (name: string, value: string) => code`
  Resources:
    Task:
      Type: AWS::ECS::TaskDefinition
      Properties:
        ContainerDefinitions:
          - Name: app
            Image: app:latest
            Environment:
              - Name: ${name}
                Value: ${value}
`;

/** A Terraform ECS task definition, `container_definitions = jsonencode([...])` with an `environment` list. */
const ecsTf = (name: string, value: string) => code`
  resource "aws_ecs_task_definition" "app" {
    family = "app"
    container_definitions = jsonencode([
      {
        name  = "app"
        image = "app:latest"
        environment = [
          { name = "${name}", value = ${value} }
        ]
      }
    ])
  }
`;

/** A Terraform instance whose user data is a heredoc template. */
const userData = (line: string) => code`
  resource "aws_instance" "host" {
    ami           = "ami-12345678"
    instance_type = "t3.micro"
    user_data     = <<-EOT
      #!/bin/bash
      ${line}
    EOT
  }
`;

/** An EC2 instance whose user data (`header` under UserData) runs the AWS CLI against `host`. */
const cfnUserData = (header: string, host: string) => code`
  Resources:
    Host:
      Type: AWS::EC2::Instance
      Properties:
        ImageId: ami-12345678
        UserData:
          ${header}
            #!/bin/bash
            aws s3 cp s3://artifacts/app.tar.gz . --endpoint-url https://${host}
`;

/** An AWS CLI/SDK config file: a profile that names a services section, and that section with one service's endpoint. */
const awsServices = (service: string, url: string, eol = '\n') =>
  ['[profile app]', 'region = us-east-1', 'services = app-endpoints', '', '[services app-endpoints]', `${service} =`, `  endpoint_url = ${url}`, ''].join(eol);

/** A CodeBuild project whose buildspec (a block scalar) runs the AWS CLI against `host`. */
const buildSpec = (host: string) => code`
  Resources:
    Build:
      Type: AWS::CodeBuild::Project
      Properties:
        Source:
          Type: NO_SOURCE
          BuildSpec: |
            version: 0.2
            phases:
              build:
                commands:
                  - aws kms encrypt --key-id alias/app --plaintext fileb://x --endpoint-url https://${host}
`;

testRule(dp401, {
  valid: [
    { name: 'AWS config: a FIPS endpoint in a services section', format: 'aws-config', code: awsServices('sqs', 'https://sqs-fips.us-east-1.amazonaws.com') },
    { name: 'AWS config: LocalStack', format: 'aws-config', code: awsServices('sqs', 'http://localhost:4566') },
    { name: 'AWS config: a commented-out endpoint', format: 'aws-config', code: '[default]\n# endpoint_url = https://sqs.us-east-1.amazonaws.com\n' },
    { name: 'AWS config: a service name is not an endpoint', format: 'aws-config', code: '[default]\ns3 =\n  addressing_style = virtual\nsource_profile = sqs.us-east-1.amazonaws.com\n' },
    ...JSON_TEXT.map(([name, build, file]) => ({ name: `JSON text, ${name}: FIPS endpoint already`, file, code: build(queue('sqs-fips.us-east-1.amazonaws.com')) })),
    ...JSON_TEXT.filter(([name, , file]) => file.startsWith('main') || name.includes('!Sub')).map(([name, build, file]) => ({
      name: `JSON text, ${name}: the region from a template part is unknown`,
      file,
      code: build(queue(file.startsWith('main') ? 'sqs.${var.region}.amazonaws.com' : 'sqs.${AWS::Region}.amazonaws.com')),
    })),
    { name: 'CFN: FIPS endpoint already', format: 'cloudformation', code: fn('QUEUE_URL: https://sqs-fips.us-east-1.amazonaws.com/123456789012/orders') },
    { name: 'CFN: no FIPS endpoint in that region (SQS in eu-west-1)', format: 'cloudformation', code: fn('QUEUE_URL: https://sqs.eu-west-1.amazonaws.com/123456789012/orders') },
    { name: 'CFN: Lambda has no FIPS endpoint in ca-central-1', format: 'cloudformation', code: fn('LAMBDA: https://lambda.ca-central-1.amazonaws.com') },
    { name: 'CFN: region from ${AWS::Region} is unknown', format: 'cloudformation', code: fn('QUEUE_URL: !Sub https://sqs.${AWS::Region}.amazonaws.com/${AWS::AccountId}/orders') },
    { name: 'CFN: execute-api invoke URL is not modelled', format: 'cloudformation', code: fn('API: https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod') },
    { name: 'CFN: S3 global endpoint (the bucket region decides)', format: 'cloudformation', code: fn('BOOTSTRAP: https://s3.amazonaws.com/cloudformation-examples/aws-cfn-bootstrap.tar.gz') },
    { name: 'CFN: LocalStack and localhost', format: 'cloudformation', code: fn('A: http://localhost:4566\n        B: https://sqs.us-east-1.localhost.localstack.cloud:4566/000000000000/q') },
    { name: 'CFN: a service principal is a hostname, not an endpoint', format: 'cloudformation', code: role('lambda.amazonaws.com') },
    { name: 'CFN: a regional service principal', format: 'cloudformation', code: role('logs.us-east-1.amazonaws.com') },
    { name: 'CFN: a bare hostname under a key that is not about endpoints', format: 'cloudformation', code: fn('SERVICE: sqs.us-east-1.amazonaws.com') },
    { name: 'CFN: a look-alike host that is not under an AWS suffix', format: 'cloudformation', code: fn('URL: https://sqs.us-east-1.amazonaws.com.example.net/q') },
    {
      name: 'TF: kms:ViaService condition value names a service',
      format: 'terraform',
      code: code`
        data "aws_iam_policy_document" "key" {
          statement {
            actions   = ["kms:Decrypt"]
            resources = ["*"]
            condition {
              test     = "StringEquals"
              variable = "kms:ViaService"
              values   = ["s3.us-east-1.amazonaws.com"]
            }
          }
        }
      `,
    },
    { name: 'TF: region from a variable is unknown', format: 'terraform', code: ssm('"https://sqs.${var.region}.amazonaws.com"') },
    {
      name: 'TF: custom endpoints of the AWS provider are DP402\'s',
      format: 'terraform',
      code: code`
        provider "aws" {
          region = "us-east-1"
          endpoints {
            sqs = "https://sqs.us-east-1.amazonaws.com"
          }
        }
      `,
    },
    { name: 'TF JSON: interpolated region', format: 'terraform-json', code: tfJson('https://kms.${var.region}.amazonaws.com') },
    { name: 'TF: a heredoc whose host is built from a variable is unknown', format: 'terraform', code: userData('aws sqs list-queues --endpoint-url https://sqs.$${var.region}.amazonaws.com'.replace('$$', '$')) },
    { name: 'TF: a template with a literal host that has no FIPS endpoint (SQS in eu-west-1)', format: 'terraform', code: ssm('"https://sqs.eu-west-1.amazonaws.com/${var.account}/orders"') },
    { name: 'CFN: ECS Name/Value pair whose name is not about endpoints', format: 'cloudformation', code: ecsCfn('SERVICE', 'sqs.us-east-1.amazonaws.com') },
    { name: 'TF: ECS Name/Value pair whose name is not about endpoints', format: 'terraform', code: ecsTf('SERVICE', '"sqs.us-east-1.amazonaws.com"') },
    { name: 'CFN: legacy S3 host of a region without S3 FIPS (eu-west-1)', format: 'cloudformation', code: fn('DATA: https://s3-eu-west-1.amazonaws.com/bucket/data.csv') },
    { name: 'CFN: S3 website endpoint is not modelled', format: 'cloudformation', code: fn('SITE: http://site.s3-website-us-east-1.amazonaws.com/') },
    { name: 'CFN: legacy GovCloud S3 FIPS host is FIPS already', format: 'cloudformation', code: fn('DATA: https://s3-fips-us-gov-west-1.amazonaws.com/bucket/data.csv') },
    { name: 'CFN: a global S3 bucket host (the bucket region decides)', format: 'cloudformation', code: fn('DATA: https://my-bucket.s3.amazonaws.com/data.csv') },
    { name: 'CFN: an interpolated leading label before a service that takes none (SQS) is not judged', format: 'cloudformation', code: fn('Q: !Sub https://${Id}.sqs.us-east-1.amazonaws.com/q') },
    { name: 'CFN: an interpolated bucket on the global S3 host or a deploy-time region', format: 'cloudformation', code: fn('A: !Sub https://${Bucket}.s3.amazonaws.com/k\n        B: !Sub https://${Bucket}.s3.${AWS::Region}.amazonaws.com/k') },
    { name: 'IAM: service principals and already-FIPS endpoint', format: 'iam-json', code: topicPolicy('https://sqs-fips.us-east-1.amazonaws.com/123456789012/*') },
  ],
  invalid: [
    ...JSON_TEXT.map(([name, build, file]) => {
      const part = file.startsWith('main') ? '${var.account_id}' : '${AWS::AccountId}';
      const env = (host: string): Env => [['QUEUE_URL', `"https://${host}/${part}/orders"`]];
      return {
        name: `JSON text, ${name}: a URL with a template part names a literal host, the fix replaces it in place`,
        file,
        code: build(env('sqs.us-east-1.amazonaws.com')),
        errors: [{ at: 'sqs.us-east-1.amazonaws.com', message: SQS, fixes: [build(env('sqs-fips.us-east-1.amazonaws.com'))] }],
      };
    }),
    ...JSON_TEXT.map(([name, build, file]) => ({
      name: `JSON text, ${name}: the host, the fix replaces it in place`,
      file,
      code: build(queue('sqs.us-east-1.amazonaws.com')),
      errors: [{ at: 'sqs.us-east-1.amazonaws.com', message: SQS, fixes: [build(queue('sqs-fips.us-east-1.amazonaws.com'))] }],
    })),
    {
      name: 'CFN: a URL in a Lambda environment variable',
      format: 'cloudformation',
      code: fn('QUEUE_URL: https://sqs.us-east-1.amazonaws.com/123456789012/orders'),
      errors: [
        {
          at: 'sqs.us-east-1.amazonaws.com',
          message: SQS,
          fixes: [{ output: fn('QUEUE_URL: https://sqs-fips.us-east-1.amazonaws.com/123456789012/orders'), title: 'Use the FIPS endpoint sqs-fips.us-east-1.amazonaws.com' }],
        },
      ],
    },
    {
      name: 'CFN: a bare hostname under an endpoint key',
      format: 'cloudformation',
      code: fn("SQS_ENDPOINT: 'sqs.us-east-1.amazonaws.com:443'"),
      errors: [{ at: 'sqs.us-east-1.amazonaws.com', message: SQS, fixes: [fn("SQS_ENDPOINT: 'sqs-fips.us-east-1.amazonaws.com:443'")] }],
    },
    {
      // The YAML renderer quotes a rewritten plain scalar that holds `${` (same value).
      name: 'CFN: the literal host of a !Sub URL; the fix keeps the substitutions',
      format: 'cloudformation',
      code: fn('QUEUE_URL: !Sub https://sqs.us-east-1.amazonaws.com/${AWS::AccountId}/orders'),
      errors: [{ at: 'sqs.us-east-1.amazonaws.com', message: SQS, fixes: [fn('QUEUE_URL: !Sub https://sqs-fips.us-east-1.amazonaws.com/${AWS::AccountId}/orders')] }],
    },
    {
      name: 'CFN: an S3 virtual-hosted bucket URL keeps the bucket name',
      format: 'cloudformation',
      code: fn('DATA: https://my-bucket.s3.us-east-2.amazonaws.com/data.csv'),
      errors: [
        {
          at: 'my-bucket.s3.us-east-2.amazonaws.com',
          message: msg('my-bucket.s3.us-east-2.amazonaws.com', 'my-bucket.s3-fips.us-east-2.amazonaws.com', 's3', 'us-east-2'),
          fixes: [fn('DATA: https://my-bucket.s3-fips.us-east-2.amazonaws.com/data.csv')],
        },
      ],
    },
    {
      name: 'CFN: --endpoint-url in a user-data block scalar: reported on the host, fixed in place',
      format: 'cloudformation',
      code: cfnUserData('Fn::Base64: |', 's3.us-east-1.amazonaws.com'),
      errors: [{ at: 's3.us-east-1.amazonaws.com', message: msg('s3.us-east-1.amazonaws.com', 's3-fips.us-east-1.amazonaws.com', 's3', 'us-east-1'), fixes: [cfnUserData('Fn::Base64: |', 's3-fips.us-east-1.amazonaws.com')] }],
    },
    {
      name: 'CFN: the same host twice in a !Sub block scalar: each finding fixes its own occurrence',
      format: 'cloudformation',
      code: cfnUserData('Fn::Base64: !Sub |', 'kms.us-west-2.amazonaws.com --region ${AWS::Region}\n            aws kms list-keys --endpoint-url https://kms.us-west-2.amazonaws.com'),
      errors: [
        {
          at: 'kms.us-west-2.amazonaws.com',
          message: msg('kms.us-west-2.amazonaws.com', 'kms-fips.us-west-2.amazonaws.com', 'kms', 'us-west-2'),
          fixes: [cfnUserData('Fn::Base64: !Sub |', 'kms-fips.us-west-2.amazonaws.com --region ${AWS::Region}\n            aws kms list-keys --endpoint-url https://kms.us-west-2.amazonaws.com')],
        },
        {
          at: 'kms.us-west-2.amazonaws.com',
          message: msg('kms.us-west-2.amazonaws.com', 'kms-fips.us-west-2.amazonaws.com', 'kms', 'us-west-2'),
          fixes: [cfnUserData('Fn::Base64: !Sub |', 'kms.us-west-2.amazonaws.com --region ${AWS::Region}\n            aws kms list-keys --endpoint-url https://kms-fips.us-west-2.amazonaws.com')],
        },
      ],
    },
    {
      name: 'CFN: a folded block scalar (>) is fixed in place too',
      format: 'cloudformation',
      code: cfnUserData('Fn::Base64: >-', 'sqs.us-east-1.amazonaws.com'),
      errors: [{ at: 'sqs.us-east-1.amazonaws.com', message: msg('sqs.us-east-1.amazonaws.com', 'sqs-fips.us-east-1.amazonaws.com', 'sqs', 'us-east-1'), fixes: [cfnUserData('Fn::Base64: >-', 'sqs-fips.us-east-1.amazonaws.com')] }],
    },
    {
      name: 'CFN: a block scalar whose header comment names the host too: the value\'s host is pointed at and fixed, the comment left alone',
      format: 'cloudformation',
      code: cfnUserData('Fn::Base64: | # s3.us-east-1.amazonaws.com', 's3.us-east-1.amazonaws.com'),
      errors: [
        {
          at: 's3.us-east-1.amazonaws.com',
          message: msg('s3.us-east-1.amazonaws.com', 's3-fips.us-east-1.amazonaws.com', 's3', 'us-east-1'),
          fixes: [cfnUserData('Fn::Base64: | # s3.us-east-1.amazonaws.com', 's3-fips.us-east-1.amazonaws.com')],
        },
      ],
    },
    {
      name: 'CFN: global STS: the FIPS endpoint of its signing region is named, not written',
      format: 'cloudformation',
      code: fn('STS: https://sts.amazonaws.com'),
      errors: [{ at: 'sts.amazonaws.com', message: 'sts.amazonaws.com is a global endpoint without a FIPS variant of its own; the FIPS endpoint of the region it signs for (us-east-1) is sts-fips.us-east-1.amazonaws.com.' }],
    },
    {
      name: 'CFN: a dual-stack host without a dual-stack FIPS variant: named, not written',
      format: 'cloudformation',
      code: fn('QUEUE_URL: https://sqs.us-east-1.api.aws/123456789012/orders'),
      errors: [{ at: 'sqs.us-east-1.api.aws', message: 'sqs.us-east-1.api.aws is a dual-stack endpoint without a dual-stack FIPS variant; the FIPS endpoint sqs-fips.us-east-1.amazonaws.com is IPv4 only.' }],
    },
    {
      name: 'CFN: GovCloud and a global endpoint with its own FIPS variant (IAM)',
      format: 'cloudformation',
      code: fn('KMS: https://kms.us-gov-west-1.amazonaws.com\n        IAM: https://iam.amazonaws.com/'),
      errors: [
        // Warning: the file targets GovCloud.
        { at: 'kms.us-gov-west-1.amazonaws.com', severity: 'warning', message: msg('kms.us-gov-west-1.amazonaws.com', 'kms-fips.us-gov-west-1.amazonaws.com', 'kms', 'us-gov-west-1'), fixes: [fn('KMS: https://kms-fips.us-gov-west-1.amazonaws.com\n        IAM: https://iam.amazonaws.com/')] },
        { at: 'iam.amazonaws.com', severity: 'warning', message: msg('iam.amazonaws.com', 'iam-fips.amazonaws.com', 'iam', 'aws-global'), fixes: [fn('KMS: https://kms.us-gov-west-1.amazonaws.com\n        IAM: https://iam-fips.amazonaws.com/')] },
      ],
    },
    {
      name: 'severity: warning when the project requires FIPS (.awsdp.yaml fips: required)',
      format: 'cloudformation',
      config: 'fips: required\n',
      code: fn('QUEUE_URL: https://sqs.us-east-1.amazonaws.com/123456789012/orders'),
      errors: [{ at: 'sqs.us-east-1.amazonaws.com', severity: 'warning', message: SQS, fixes: [fn('QUEUE_URL: https://sqs-fips.us-east-1.amazonaws.com/123456789012/orders')] }],
    },
    {
      name: 'severity: a GovCloud ARN elsewhere in the file makes it a warning',
      format: 'cloudformation',
      code: fn('QUEUE_URL: https://sqs.us-east-1.amazonaws.com/123456789012/orders\n        TOPIC: arn:aws-us-gov:sns:us-gov-west-1:123456789012:alerts'),
      errors: [
        {
          at: 'sqs.us-east-1.amazonaws.com',
          severity: 'warning',
          message: SQS,
          fixes: [fn('QUEUE_URL: https://sqs-fips.us-east-1.amazonaws.com/123456789012/orders\n        TOPIC: arn:aws-us-gov:sns:us-gov-west-1:123456789012:alerts')],
        },
      ],
    },
    {
      name: 'severity: a severity set for the rule wins over fips: required and GovCloud',
      format: 'cloudformation',
      config: 'fips: required\nrules:\n  DP401: error\n',
      code: fn('KMS: https://kms.us-gov-west-1.amazonaws.com'),
      errors: [{ at: 'kms.us-gov-west-1.amazonaws.com', severity: 'error', message: msg('kms.us-gov-west-1.amazonaws.com', 'kms-fips.us-gov-west-1.amazonaws.com', 'kms', 'us-gov-west-1'), fixes: [fn('KMS: https://kms-fips.us-gov-west-1.amazonaws.com')] }],
    },
    {
      name: 'CFN JSON: escaped slashes around the host, credentials and port kept',
      file: 'template.json',
      format: 'cloudformation',
      code: cfnJson('"https:\\/\\/user@dynamodb.us-west-2.amazonaws.com:443\\/"'),
      errors: [
        {
          at: 'dynamodb.us-west-2.amazonaws.com',
          message: msg('dynamodb.us-west-2.amazonaws.com', 'dynamodb-fips.us-west-2.amazonaws.com', 'dynamodb', 'us-west-2'),
          fixes: [cfnJson('"https://user@dynamodb-fips.us-west-2.amazonaws.com:443/"')],
        },
      ],
    },
    {
      name: 'TF: an SSM parameter value',
      format: 'terraform',
      code: ssm('"https://ec2.ca-central-1.amazonaws.com"'),
      errors: [{ at: 'ec2.ca-central-1.amazonaws.com', message: msg('ec2.ca-central-1.amazonaws.com', 'ec2-fips.ca-central-1.amazonaws.com', 'ec2', 'ca-central-1'), fixes: [ssm('"https://ec2-fips.ca-central-1.amazonaws.com"')] }],
    },
    {
      name: 'TF: two URLs in one string, one fix each',
      format: 'terraform',
      code: ssm('"https://sqs.us-east-1.amazonaws.com/q https://sqs.us-east-1.amazonaws.com/r"'),
      errors: [
        { at: 'sqs.us-east-1.amazonaws.com', message: SQS, fixes: [ssm('"https://sqs-fips.us-east-1.amazonaws.com/q https://sqs.us-east-1.amazonaws.com/r"')] },
        { at: 'sqs.us-east-1.amazonaws.com', message: SQS, fixes: [ssm('"https://sqs.us-east-1.amazonaws.com/q https://sqs-fips.us-east-1.amazonaws.com/r"')] },
      ],
    },
    {
      name: 'TF: a local value and a module argument',
      format: 'terraform',
      code: code`
        locals {
          ecr = "https://api.ecr.us-east-1.amazonaws.com"
        }

        module "app" {
          source      = "./app"
          kms_endpoint = "https://kms.us-east-2.amazonaws.com"
        }
      `,
      errors: [
        {
          at: 'api.ecr.us-east-1.amazonaws.com',
          message: msg('api.ecr.us-east-1.amazonaws.com', 'ecr-fips.us-east-1.amazonaws.com', 'api.ecr', 'us-east-1'),
          fixes: [code`
            locals {
              ecr = "https://ecr-fips.us-east-1.amazonaws.com"
            }

            module "app" {
              source      = "./app"
              kms_endpoint = "https://kms.us-east-2.amazonaws.com"
            }
          `],
        },
        {
          at: 'kms.us-east-2.amazonaws.com',
          message: msg('kms.us-east-2.amazonaws.com', 'kms-fips.us-east-2.amazonaws.com', 'kms', 'us-east-2'),
          fixes: [code`
            locals {
              ecr = "https://api.ecr.us-east-1.amazonaws.com"
            }

            module "app" {
              source      = "./app"
              kms_endpoint = "https://kms-fips.us-east-2.amazonaws.com"
            }
          `],
        },
      ],
    },
    {
      name: 'TF: a template with interpolations keeps its literal host; the fix edits the host only',
      format: 'terraform',
      code: ssm('"https://sqs.us-east-1.amazonaws.com/${var.account}/orders"'),
      errors: [{ at: 'sqs.us-east-1.amazonaws.com', message: SQS, fixes: [ssm('"https://sqs-fips.us-east-1.amazonaws.com/${var.account}/orders"')] }],
    },
    {
      name: 'CFN: !Sub with an interpolated bucket name before a literal S3 host',
      format: 'cloudformation',
      code: fn('DATA: !Sub https://${Bucket}.s3.us-east-1.amazonaws.com/data.csv'),
      errors: [{ at: 's3.us-east-1.amazonaws.com', message: msg('s3.us-east-1.amazonaws.com', 's3-fips.us-east-1.amazonaws.com', 's3', 'us-east-1'), fixes: [fn('DATA: !Sub https://${Bucket}.s3-fips.us-east-1.amazonaws.com/data.csv')] }],
    },
    {
      name: 'TF: a template with an interpolated bucket name before a literal S3 host',
      format: 'terraform',
      code: ssm('"https://${aws_s3_bucket.data.bucket}.s3.us-west-2.amazonaws.com/data.csv"'),
      errors: [{ at: 's3.us-west-2.amazonaws.com', message: msg('s3.us-west-2.amazonaws.com', 's3-fips.us-west-2.amazonaws.com', 's3', 'us-west-2'), fixes: [ssm('"https://${aws_s3_bucket.data.bucket}.s3-fips.us-west-2.amazonaws.com/data.csv"')] }],
    },
    {
      name: 'TF: --endpoint-url in a user-data heredoc template',
      format: 'terraform',
      code: userData('aws sqs send-message --queue-url "${var.queue}" --endpoint-url https://sqs.us-east-1.amazonaws.com'),
      errors: [{ at: 'sqs.us-east-1.amazonaws.com', message: SQS, fixes: [userData('aws sqs send-message --queue-url "${var.queue}" --endpoint-url https://sqs-fips.us-east-1.amazonaws.com')] }],
    },
    {
      name: 'TF JSON: a template with interpolations keeps its literal host',
      format: 'terraform-json',
      code: tfJson('https://sqs.us-east-1.amazonaws.com/${var.account}/orders'),
      errors: [{ at: 'sqs.us-east-1.amazonaws.com', message: SQS, fixes: [tfJson('https://sqs-fips.us-east-1.amazonaws.com/${var.account}/orders')] }],
    },
    {
      name: 'CFN: !Sub list form with a literal host',
      format: 'cloudformation',
      code: fn("QUEUE_URL: !Sub ['https://sqs.us-east-1.amazonaws.com/${Account}/orders', { Account: !Ref AWS::AccountId }]"),
      errors: [{ at: 'sqs.us-east-1.amazonaws.com', message: SQS, fixes: [fn("QUEUE_URL: !Sub ['https://sqs-fips.us-east-1.amazonaws.com/${Account}/orders', { Account: !Ref AWS::AccountId }]")] }],
    },
    {
      name: 'CFN: ECS container environment, a bare host under an endpoint name',
      format: 'cloudformation',
      code: ecsCfn('SQS_ENDPOINT', 'sqs.us-east-1.amazonaws.com'),
      errors: [{ at: 'sqs.us-east-1.amazonaws.com', message: SQS, fixes: [ecsCfn('SQS_ENDPOINT', 'sqs-fips.us-east-1.amazonaws.com')] }],
    },
    {
      name: 'TF: ECS container_definitions jsonencode environment, a URL and a bare host under an endpoint name',
      format: 'terraform',
      code: ecsTf('KMS_HOST', '"kms.us-east-2.amazonaws.com"'),
      errors: [{ at: 'kms.us-east-2.amazonaws.com', message: msg('kms.us-east-2.amazonaws.com', 'kms-fips.us-east-2.amazonaws.com', 'kms', 'us-east-2'), fixes: [ecsTf('KMS_HOST', '"kms-fips.us-east-2.amazonaws.com"')] }],
    },
    {
      name: 'CFN: legacy dash-style S3 host: the FIPS endpoint of its region',
      format: 'cloudformation',
      code: fn('EXAMPLES: https://s3-us-west-2.amazonaws.com/cloudformation-examples-us-west-2'),
      errors: [
        {
          at: 's3-us-west-2.amazonaws.com',
          message: 's3-us-west-2.amazonaws.com is a legacy name of s3.us-west-2.amazonaws.com, not a FIPS endpoint; use s3-fips.us-west-2.amazonaws.com, the FIPS endpoint of s3 in us-west-2.',
          fixes: [fn('EXAMPLES: https://s3-fips.us-west-2.amazonaws.com/cloudformation-examples-us-west-2')],
        },
      ],
    },
    {
      name: 'TF: legacy s3-external-1 and a dash-style virtual-hosted bucket',
      format: 'terraform',
      code: ssm('"https://s3-external-1.amazonaws.com/a https://logs.s3-us-gov-west-1.amazonaws.com/b"'),
      errors: [
        {
          at: 's3-external-1.amazonaws.com',
          severity: 'warning',
          message: 's3-external-1.amazonaws.com is a legacy name of s3.us-east-1.amazonaws.com, not a FIPS endpoint; use s3-fips.us-east-1.amazonaws.com, the FIPS endpoint of s3 in us-east-1.',
          fixes: [ssm('"https://s3-fips.us-east-1.amazonaws.com/a https://logs.s3-us-gov-west-1.amazonaws.com/b"')],
        },
        {
          at: 'logs.s3-us-gov-west-1.amazonaws.com',
          severity: 'warning',
          message: 'logs.s3-us-gov-west-1.amazonaws.com is a legacy name of logs.s3.us-gov-west-1.amazonaws.com, not a FIPS endpoint; use logs.s3-fips.us-gov-west-1.amazonaws.com, the FIPS endpoint of s3 in us-gov-west-1.',
          fixes: [ssm('"https://s3-external-1.amazonaws.com/a https://logs.s3-fips.us-gov-west-1.amazonaws.com/b"')],
        },
      ],
    },
    {
      name: 'CFN: --endpoint-url in a CodeBuild buildspec block scalar: reported and fixed in place',
      format: 'cloudformation',
      code: buildSpec('kms.us-east-2.amazonaws.com'),
      errors: [{ at: 'kms.us-east-2.amazonaws.com', message: msg('kms.us-east-2.amazonaws.com', 'kms-fips.us-east-2.amazonaws.com', 'kms', 'us-east-2'), fixes: [buildSpec('kms-fips.us-east-2.amazonaws.com')] }],
    },
    {
      name: 'TF JSON: a variable default',
      format: 'terraform-json',
      code: tfJson('https://kms.us-east-2.amazonaws.com'),
      errors: [{ at: 'kms.us-east-2.amazonaws.com', message: msg('kms.us-east-2.amazonaws.com', 'kms-fips.us-east-2.amazonaws.com', 'kms', 'us-east-2'), fixes: [tfJson('https://kms-fips.us-east-2.amazonaws.com')] }],
    },
    {
      name: 'AWS config: a service endpoint in a services section, CRLF',
      format: 'aws-config',
      code: awsServices('sqs', 'https://sqs.us-east-1.amazonaws.com', '\r\n'),
      errors: [{ at: 'sqs.us-east-1.amazonaws.com', message: SQS, fixes: [awsServices('sqs', 'https://sqs-fips.us-east-1.amazonaws.com', '\r\n')] }],
    },
    {
      name: 'AWS config: a profile-level endpoint_url with a path and a comment after it',
      format: 'aws-config',
      code: '[profile app]\nendpoint_url = https://kms.us-east-2.amazonaws.com/ # shared\n',
      errors: [{ at: 'kms.us-east-2.amazonaws.com', message: msg('kms.us-east-2.amazonaws.com', 'kms-fips.us-east-2.amazonaws.com', 'kms', 'us-east-2'), fixes: ['[profile app]\nendpoint_url = https://kms-fips.us-east-2.amazonaws.com/ # shared\n'] }],
    },
    {
      name: 'AWS config: a GovCloud profile makes it a warning',
      format: 'aws-config',
      code: '[profile gov]\nregion = us-gov-west-1\n\n[profile app]\nendpoint_url=https://sqs.us-east-1.amazonaws.com\n',
      errors: [{ at: 'sqs.us-east-1.amazonaws.com', severity: 'warning', message: SQS, fixes: ['[profile gov]\nregion = us-gov-west-1\n\n[profile app]\nendpoint_url=https://sqs-fips.us-east-1.amazonaws.com\n'] }],
    },
    {
      name: 'IAM: a policy condition that names an endpoint',
      format: 'iam-json',
      code: topicPolicy('https://sqs.us-east-1.amazonaws.com/123456789012/*'),
      errors: [{ at: 'sqs.us-east-1.amazonaws.com', message: SQS, fixes: [topicPolicy('https://sqs-fips.us-east-1.amazonaws.com/123456789012/*')] }],
    },
  ],
  corpus: corpus(),
});
