import { dp302 } from '../engine/rules/dp302-tls-version-condition-below-1-2';
import { testRule } from '../engine/rules/tester';
import { corpus } from './fixtures';

const TITLE = 'Deny every TLS version below 1.2 (clients limited to TLS 1.0/1.1 can no longer connect)';
const msg = (op: string, v: string, allowed: string) => `This deny on s3:TlsVersion (${op} ${v}) still allows ${allowed}, below the TLS 1.2 AWS requires; deny NumericLessThan 1.2.`;

const policy = (effect: string, condition: string) =>
  `{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "${effect}",\n      "Principal": "*",\n      "Action": "s3:*",\n      "Resource": ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"],\n      "Condition": ${condition}\n    }\n  ]\n}\n`;

const cfn = (value: string) =>
  `Resources:\n  Policy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: reports\n      PolicyDocument:\n        Statement:\n          - Effect: Deny\n            Principal: '*'\n            Action: 's3:*'\n            Resource: 'arn:aws:s3:::reports/*'\n            Condition:\n              NumericLessThan:\n                s3:TlsVersion: ${value}\n`;

const tf = (value: string) =>
  `data "aws_iam_policy_document" "tls" {\n  statement {\n    effect    = "Deny"\n    actions   = ["s3:*"]\n    resources = ["arn:aws:s3:::reports/*"]\n    principals {\n      type        = "*"\n      identifiers = ["*"]\n    }\n    condition {\n      test     = "NumericLessThan"\n      variable = "s3:TlsVersion"\n      values   = [${value}]\n    }\n  }\n}\n`;

const tfJson = (value: string) =>
  JSON.stringify(
    { resource: { aws_s3_bucket_policy: { reports: { bucket: 'reports', policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::reports/*', Condition: { NumericLessThan: { 's3:TlsVersion': value } } }] }) } } } },
    null,
    2,
  ) + '\n';

testRule(dp302, {
  valid: [
    { name: 'JSON: the AWS statement (NumericLessThan 1.2)', format: 'iam-json', code: policy('Deny', '{"NumericLessThan": {"s3:TlsVersion": "1.2"}}') },
    { name: 'JSON: requiring TLS 1.3', format: 'iam-json', code: policy('Deny', '{"NumericLessThan": {"s3:TlsVersion": 1.3}}') },
    { name: 'JSON: NumericLessThanEquals 1.1 denies 1.0 and 1.1', format: 'iam-json', code: policy('Deny', '{"NumericLessThanEquals": {"s3:TlsVersion": "1.1"}}') },
    { name: 'JSON: an Allow with a TLS floor is not this rule', format: 'iam-json', code: policy('Allow', '{"NumericGreaterThanEquals": {"s3:TlsVersion": "1.0"}}') },
    { name: 'JSON: a non-numeric value is not judged', format: 'iam-json', code: policy('Deny', '{"NumericLessThan": {"s3:TlsVersion": "abc"}}') },
    { name: 'CFN YAML: value from a parameter', format: 'cloudformation', code: 'Parameters:\n  Tls:\n    Type: String\n' + cfn('!Ref Tls') },
    { name: 'TF: 1.2', format: 'terraform', code: tf('"1.2"') },
    { name: 'TF: a variable', format: 'terraform', code: tf('var.tls') },
    { name: 'TF JSON: 1.2', format: 'terraform-json', code: tfJson('1.2') },
  ],
  invalid: [
    {
      name: 'JSON: NumericLessThan 1.1 leaves TLS 1.1',
      format: 'iam-json',
      code: policy('Deny', '{"NumericLessThan": {"s3:TlsVersion": "1.1"}}'),
      errors: [{ at: '"1.1"', message: msg('NumericLessThan', '1.1', 'TLS 1.1'), fixes: [{ output: policy('Deny', '{"NumericLessThan": {"s3:TlsVersion": "1.2"}}'), title: TITLE }] }],
    },
    {
      name: 'JSON: NumericLessThanEquals 1.0 leaves TLS 1.1; the fix also sets the operator',
      format: 'iam-json',
      code: policy('Deny', '{"NumericLessThanEquals": {"s3:TlsVersion": "1.0"}}'),
      errors: [{ at: '"1.0"', message: msg('NumericLessThanEquals', '1.0', 'TLS 1.1'), fixes: [policy('Deny', '{"NumericLessThan": {"s3:TlsVersion": "1.2"}}')] }],
    },
    {
      name: 'CFN YAML: 1.0 leaves TLS 1.0 and 1.1',
      format: 'cloudformation',
      code: cfn("'1.0'"),
      errors: [{ at: "'1.0'", message: msg('NumericLessThan', '1.0', 'TLS 1.0 and 1.1'), fixes: [cfn("'1.2'")] }],
    },
    {
      name: 'TF: policy document 1.1',
      format: 'terraform',
      code: tf('"1.1"'),
      errors: [{ at: '"1.1"', message: msg('NumericLessThan', '1.1', 'TLS 1.1'), fixes: [tf('"1.2"')] }],
    },
    {
      name: 'TF JSON: escaped policy string',
      format: 'terraform-json',
      code: tfJson('1.1'),
      // The model points into a policy held in an escaped string at the whole string.
      errors: [{ at: JSON.stringify(JSON.parse(tfJson('1.1')).resource.aws_s3_bucket_policy.reports.policy), message: msg('NumericLessThan', '1.1', 'TLS 1.1'), fixes: [tfJson('1.2')] }],
    },
  ],
  corpus: corpus(),
});
