import { dp207 } from '../engine/rules/dp207-aws-endpoint-over-http';
import { PLAIN_HTTP_AWS_HINT, plainHttpAwsUrls } from '../engine/model/endpoints';
import { testRule } from '../engine/rules/tester';
import { corpus } from './fixtures';
import { test } from 'node:test';
import assert from 'node:assert/strict';

const msg = (host: string) => `This URL calls ${host} over plain HTTP, so its requests and responses cross the network unencrypted; use https://.`;

/** A Lambda function with environment variables (CloudFormation YAML). */
const lambdaYaml = (vars: string) =>
  `Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.12\n      Handler: index.handler\n      Role: !GetAtt Role.Arn\n      Code:\n        ZipFile: print(1)\n      Environment:\n        Variables:\n${vars}`;
/** The same in CloudFormation JSON. */
const lambdaJson = (vars: Record<string, unknown>) =>
  JSON.stringify({ Resources: { Fn: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'python3.12', Handler: 'index.handler', Environment: { Variables: vars } } } } }, null, 2) + '\n';
/** A Terraform provider with custom endpoints. */
const providerTf = (endpoints: string) => `provider "aws" {\n  region = "us-east-1"\n\n  endpoints {\n${endpoints}  }\n}\n`;
/** ECS container definitions in a Terraform heredoc (JSON held as text). */
const ecsTf = (url: string) =>
  `resource "aws_ecs_task_definition" "app" {\n  family                = "app"\n  container_definitions = <<EOF\n[{"name": "app", "image": "app:1", "environment": [{"name": "SQS_URL", "value": "${url}"}]}]\nEOF\n}\n`;
/** A Lambda function in Terraform JSON. */
const lambdaTfJson = (url: string) =>
  JSON.stringify({ resource: { aws_lambda_function: { fn: { function_name: 'fn', role: '${aws_iam_role.r.arn}', environment: { variables: { DDB_ENDPOINT: url } } } } } }, null, 2) + '\n';

testRule(dp207, {
  valid: [
    { name: 'CFN YAML: HTTPS endpoint', format: 'cloudformation', code: lambdaYaml('          QUEUE_URL: https://sqs.us-east-1.amazonaws.com/123456789012/jobs\n') },
    { name: 'CFN YAML: HTTP to a host that is not AWS', format: 'cloudformation', code: lambdaYaml('          HOOK: http://hooks.example.com/aws\n') },
    { name: 'CFN YAML: LocalStack and localhost', format: 'cloudformation', code: lambdaYaml('          S3: http://s3.localhost.localstack.cloud:4566\n          SQS: http://localhost:4566/000000000000/q\n') },
    { name: 'CFN YAML: S3 website endpoint (HTTP only by design)', format: 'cloudformation', code: lambdaYaml('          SITE: http://my-site.s3-website-us-east-1.amazonaws.com/index.html\n          SITE2: http://my-site.s3-website.eu-west-1.amazonaws.com\n') },
    { name: 'CFN YAML: load balancer and EC2 instance DNS names (their owner serves them)', format: 'cloudformation', code: lambdaYaml('          LB: http://web-123.us-east-1.elb.amazonaws.com/health\n          EC2: http://ec2-3-4-5-6.compute-1.amazonaws.com:8080\n          EC2B: http://ec2-3-4-5-6.eu-west-1.compute.amazonaws.com\n') },
    { name: 'CFN YAML: host wholly from a parameter (unknown)', format: 'cloudformation', code: lambdaYaml('          URL: !Sub http://${Host}/api\n') },
    { name: 'CFN YAML: http:// in a word (xhttp://) is not a URL scheme', format: 'cloudformation', code: lambdaYaml('          X: xhttp://sqs.us-east-1.amazonaws.com\n') },
    { name: 'CFN YAML: an XML namespace of S3 (names a schema, nothing is sent)', format: 'cloudformation', code: lambdaYaml('          NS: http://s3.amazonaws.com/doc/2006-03-01/\n') },
    { name: 'TF: provider endpoints over HTTPS', format: 'terraform', code: providerTf('    s3 = "https://s3.us-east-1.amazonaws.com"\n') },
    { name: 'TF: endpoint from a variable', format: 'terraform', code: providerTf('    s3 = var.s3_endpoint\n') },
    { name: 'IAM JSON: a service principal and an https URL in a condition', format: 'iam-json', code: '{\n  "Version": "2012-10-17",\n  "Statement": [{\n    "Effect": "Allow",\n    "Principal": {"Service": "sns.amazonaws.com"},\n    "Action": "sqs:SendMessage",\n    "Resource": "*",\n    "Condition": {"StringLike": {"sns:Endpoint": "https://sqs.us-east-1.amazonaws.com/*"}}\n  }]\n}\n' },
  ],
  invalid: [
    {
      name: 'CFN YAML: queue URL over HTTP',
      format: 'cloudformation',
      code: lambdaYaml('          QUEUE_URL: http://sqs.us-east-1.amazonaws.com/123456789012/jobs\n'),
      errors: [{ at: 'http://', message: msg('sqs.us-east-1.amazonaws.com'), fixes: [{ output: lambdaYaml('          QUEUE_URL: https://sqs.us-east-1.amazonaws.com/123456789012/jobs\n'), title: 'Use https://' }] }],
    },
    {
      name: 'CFN YAML: !Sub with the region and bucket known only at deploy time (the suffix is literal)',
      format: 'cloudformation',
      code: lambdaYaml('          QUEUE_URL: !Sub http://sqs.${AWS::Region}.amazonaws.com/${AWS::AccountId}/jobs\n          DATA: !Sub "HTTP://${Bucket}.s3.amazonaws.com/data"\n'),
      errors: [
        { at: 'http://', message: msg('sqs.${AWS::Region}.amazonaws.com'), fixes: [lambdaYaml('          QUEUE_URL: !Sub https://sqs.${AWS::Region}.amazonaws.com/${AWS::AccountId}/jobs\n          DATA: !Sub "HTTP://${Bucket}.s3.amazonaws.com/data"\n')] },
        { at: 'HTTP://', message: msg('${Bucket}.s3.amazonaws.com'), fixes: [lambdaYaml('          QUEUE_URL: !Sub http://sqs.${AWS::Region}.amazonaws.com/${AWS::AccountId}/jobs\n          DATA: !Sub "https://${Bucket}.s3.amazonaws.com/data"\n')] },
      ],
    },
    {
      name: 'CFN YAML: a download over HTTP in user data (a block scalar), with user info and a port',
      format: 'cloudformation',
      code: 'Resources:\n  Host:\n    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: ami-12345678\n      UserData:\n        Fn::Base64: |\n          #!/bin/bash\n          curl -o /tmp/app.zip http://user@s3.eu-west-1.amazonaws.com:80/artifacts/app.zip\n',
      errors: [
        {
          at: 'http://',
          message: msg('s3.eu-west-1.amazonaws.com'),
          fixes: ['Resources:\n  Host:\n    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: ami-12345678\n      UserData:\n        Fn::Base64: |\n          #!/bin/bash\n          curl -o /tmp/app.zip https://user@s3.eu-west-1.amazonaws.com:80/artifacts/app.zip\n'],
        },
      ],
    },
    {
      name: 'CFN JSON: DynamoDB endpoint over HTTP',
      file: 'fn.json',
      code: lambdaJson({ DDB: 'http://dynamodb.eu-central-1.amazonaws.com' }),
      errors: [{ at: 'http://', message: msg('dynamodb.eu-central-1.amazonaws.com'), fixes: [lambdaJson({ DDB: 'https://dynamodb.eu-central-1.amazonaws.com' })] }],
    },
    {
      name: 'CFN JSON: a URL written with escaped slashes (http:\\/\\/) is read as its value',
      file: 'fn.json',
      code: lambdaJson({ DDB: 'http://dynamodb.eu-central-1.amazonaws.com' }).replace('http://', 'http:\\/\\/'),
      // The scheme is not written as it reads: the finding is on the whole string.
      errors: [{ at: '"http:\\/\\/dynamodb.eu-central-1.amazonaws.com"', message: msg('dynamodb.eu-central-1.amazonaws.com'), fixes: [lambdaJson({ DDB: 'https://dynamodb.eu-central-1.amazonaws.com' })] }],
    },
    {
      name: 'TF: custom provider endpoint over HTTP (two services, one finding each)',
      format: 'terraform',
      code: providerTf('    s3  = "http://s3.us-east-1.amazonaws.com"\n    sts = "https://sts.us-east-1.amazonaws.com"\n    sqs = "http://sqs.us-east-1.amazonaws.com"\n'),
      errors: [
        { at: 'http://', message: msg('s3.us-east-1.amazonaws.com'), fixes: [providerTf('    s3  = "https://s3.us-east-1.amazonaws.com"\n    sts = "https://sts.us-east-1.amazonaws.com"\n    sqs = "http://sqs.us-east-1.amazonaws.com"\n')] },
        { at: 'http://', message: msg('sqs.us-east-1.amazonaws.com'), fixes: [providerTf('    s3  = "http://s3.us-east-1.amazonaws.com"\n    sts = "https://sts.us-east-1.amazonaws.com"\n    sqs = "https://sqs.us-east-1.amazonaws.com"\n')] },
      ],
    },
    {
      name: 'TF: an interpolated region (the suffix is literal)',
      format: 'terraform',
      code: 'locals {\n  sqs = "http://sqs.${var.region}.amazonaws.com"\n}\n',
      errors: [{ at: 'http://', message: msg('sqs.${var.region}.amazonaws.com'), fixes: ['locals {\n  sqs = "https://sqs.${var.region}.amazonaws.com"\n}\n'] }],
    },
    {
      name: 'TF: JSON held as text in a heredoc (ECS container environment)',
      format: 'terraform',
      code: ecsTf('http://sqs.us-west-2.amazonaws.com/123456789012/q'),
      errors: [{ at: 'http://', message: msg('sqs.us-west-2.amazonaws.com'), fixes: [ecsTf('https://sqs.us-west-2.amazonaws.com/123456789012/q')] }],
    },
    {
      name: 'TF JSON: DynamoDB endpoint over HTTP in a Lambda environment',
      format: 'terraform-json',
      code: lambdaTfJson('http://dynamodb.us-east-1.amazonaws.com'),
      errors: [{ at: 'http://', message: msg('dynamodb.us-east-1.amazonaws.com'), fixes: [lambdaTfJson('https://dynamodb.us-east-1.amazonaws.com')] }],
    },
    {
      name: 'IAM JSON: a condition naming an HTTP endpoint',
      format: 'iam-json',
      code: '{\n  "Version": "2012-10-17",\n  "Statement": [{\n    "Effect": "Allow",\n    "Principal": {"Service": "sns.amazonaws.com"},\n    "Action": "sqs:SendMessage",\n    "Resource": "*",\n    "Condition": {"StringLike": {"sns:Endpoint": "http://sqs.us-east-1.amazonaws.com/*"}}\n  }]\n}\n',
      errors: [
        {
          at: 'http://',
          message: msg('sqs.us-east-1.amazonaws.com'),
          fixes: ['{\n  "Version": "2012-10-17",\n  "Statement": [{\n    "Effect": "Allow",\n    "Principal": {"Service": "sns.amazonaws.com"},\n    "Action": "sqs:SendMessage",\n    "Resource": "*",\n    "Condition": {"StringLike": {"sns:Endpoint": "https://sqs.us-east-1.amazonaws.com/*"}}\n  }]\n}\n'],
        },
      ],
    },
    {
      name: 'AWS config: a service endpoint_url over HTTP',
      format: 'aws-config',
      file: '.aws/config',
      code: '[profile dev]\nregion = us-east-1\nservices = dev-services\n\n[services dev-services]\ns3 =\n  endpoint_url = http://s3.us-east-1.amazonaws.com\n',
      errors: [{ at: 'http://', message: msg('s3.us-east-1.amazonaws.com'), fixes: ['[profile dev]\nregion = us-east-1\nservices = dev-services\n\n[services dev-services]\ns3 =\n  endpoint_url = https://s3.us-east-1.amazonaws.com\n'] }],
    },
  ],
  corpus: corpus(),
});

test('plainHttpAwsUrls stays linear on hostile strings', () => {
  // With a backtracking host pattern each would take minutes or overflow the stack (the test would time out or fail).
  for (const s of ['http://' + 'a.'.repeat(200_000) + 'amazonaws.com', 'http://'.repeat(100_000) + '.amazonaws.com', 'http://${'.repeat(50_000) + '.amazonaws.com', 'http://sqs.' + '${x}'.repeat(100_000) + '.amazonaws.com']) {
    assert.deepEqual(plainHttpAwsUrls(s), []);
  }
  assert.deepEqual(plainHttpAwsUrls('see http://sqs.us-east-1.amazonaws.com.'), [{ start: 4, end: 8, host: 'sqs.us-east-1.amazonaws.com' }]);
});

test('the file hint reads the escapes that can spell a URL (the files it rejects are not walked)', () => {
  const yes = [
    'url: http://sqs.us-east-1.amazonaws.com/q',
    '{"u": "http:\\/\\/sqs.us-east-1.amazonaws.com"}', // JSON's escaped slash
    '{"def": "{\\"u\\": \\"http:\\\\/\\\\/sqs.us-east-1.amazonaws.com\\"}"}', // JSON in a string in JSON
    'u: "\\u0068ttp://sqs.us-east-1.amazonaws.com"', // a unicode escape
    'u: "http://sqs.us-east-1.amazon\\\n    aws.com"', // a YAML backslash-newline join
    'u = "http://sqs.${var.region}.amazonaws.com"',
  ];
  const no = ['url: https://sqs.us-east-1.amazonaws.com/q', 'a: "\\d+" http://example.com amazonaws.com', 'u: http://s3-website-us-east-1.amazonaws.com', ''];
  for (const t of yes) assert.equal(PLAIN_HTTP_AWS_HINT.test(t), true, t);
  for (const t of no) assert.equal(PLAIN_HTTP_AWS_HINT.test(t), false, t);
});
