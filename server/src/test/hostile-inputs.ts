/**
 * Hostile inputs shared by the engine test (hostile.test.ts) and the language server test
 * (server-hostile.test.ts). Texts are made on demand: some are megabytes.
 */
import { decodeText } from '../engine/text';

/** 5 MB: the "huge single line" size. */
export const LONG = 5 * 1024 * 1024;

/** Hand-made bombs: [name, path (its extension picks the format), text]. */
export const HOSTILE: [string, string, () => string][] = [
  ['empty JSON', 'p.json', () => ''],
  ['empty YAML', 't.yaml', () => ''],
  ['empty Terraform', 'main.tf', () => ''],
  ['empty .tf.json', 'main.tf.json', () => ''],
  ['only a BOM', 't.yaml', () => '\ufeff'],
  ['only NUL bytes (Terraform)', 'main.tf', () => '\0'.repeat(10_000)],
  ['only NUL bytes (JSON policy)', 'p.json', () => '{"Statement": [' + '\0'.repeat(10_000)],
  ['random bytes as a template', 't.yaml', () => 'AWSTemplateFormatVersion: x\n' + Array.from({ length: 5000 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join('')],
  ['random bytes decoded as UTF-8 (Terraform)', 'main.tf', () => decodeText(Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 7919 + 13) % 256))).text],
  ['invalid UTF-8 before a finding', 'p.json', () => decodeText(Buffer.concat([Buffer.from('{"Statement": [{"Sid": "'), Buffer.from([0xff, 0xc3, 0xc0, 0xaf, 0xed, 0xa0, 0x80]), Buffer.from('", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}')])).text],
  ['UTF-16 with a BOM, decoded', 'p.json', () => decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"}]}', 'utf16le')])).text],
  ['lone surrogates and NUL', 'main.tf', () => 'resource "aws_s3_bucket" "b\ud800" {\n  bucket = "\0\udfff"\n}\n'],
  ['BOM and CRLF', 'p.json', () => '\ufeff{\r\n  "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"}]\r\n}\r\n'],
  ['CR-only line endings', 't.yaml', () => "AWSTemplateFormatVersion: '2010-09-09'\rResources:\r  P:\r    Type: AWS::S3::BucketPolicy\r    Properties:\r      Bucket: b\r      PolicyDocument: {Statement: [{Effect: Allow, Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::b/*'}]}\r"],
  ['100,000-deep JSON', 'p.json', () => '{"Statement":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}'],
  ['100,000-deep JSON, unclosed', 'p.json', () => '{"Statement":' + '[{"a":'.repeat(100_000)],
  ['100,000-deep CloudFormation JSON', 't.json', () => '{"AWSTemplateFormatVersion": "x", "Resources": {"A": {"Type": "AWS::S3::BucketPolicy", "Properties": ' + '{"Fn::Sub": ['.repeat(100_000) + ']}'.repeat(100_000) + '}}}'],
  ['100,000-deep .tf.json', 'main.tf.json', () => '{"locals": {"x": ' + '['.repeat(100_000) + ']'.repeat(100_000) + '}}'],
  ['100,000-deep YAML flow', 't.yaml', () => 'Resources:\n  A: ' + '['.repeat(100_000) + ']'.repeat(100_000) + '\n'],
  ['100,000-deep YAML block sequences on one line', 't.yaml', () => 'AWSTemplateFormatVersion: x\nResources:\n  A: \n    ' + '- '.repeat(100_000) + 'x\n'],
  ['100,000-deep YAML short-form intrinsics', 't.yaml', () => 'AWSTemplateFormatVersion: x\nResources:\n  A:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: ' + '[!Sub '.repeat(100_000) + ']'.repeat(100_000) + '\n'],
  ['2,000-deep YAML block', 't.yaml', () => 'AWSTemplateFormatVersion: x\nResources:\n' + Array.from({ length: 2000 }, (_, i) => ' '.repeat(i + 2) + `k${i}:`).join('\n') + ' v\n'],
  ['100,000-deep HCL', 'main.tf', () => 'locals {\n  x = ' + '['.repeat(100_000) + ']'.repeat(100_000) + '\n}\n'],
  ['100,000-deep HCL objects', 'main.tf', () => 'locals {\n  x = ' + '{a = '.repeat(20_000) + '1' + '}'.repeat(20_000) + '\n}\n'],
  ['100,000-deep HCL parentheses', 'main.tf', () => 'locals {\n  x = ' + '('.repeat(100_000) + '1' + ')'.repeat(100_000) + '\n}\n'],
  ['100,000-deep HCL function calls', 'main.tf', () => 'locals {\n  x = ' + 'f('.repeat(100_000) + ')'.repeat(100_000) + '\n}\n'],
  ['100,000-deep HCL blocks', 'main.tf', () => 'a {\n'.repeat(100_000) + '}\n'.repeat(100_000)],
  ['100,000-deep template interpolations', 'main.tf', () => 'locals {\n  x = "' + '${"'.repeat(100_000) + '"}'.repeat(100_000) + '"\n}\n'],
  ['100,000-deep JSON in a heredoc policy', 'main.tf', () => 'resource "aws_s3_bucket_policy" "p" {\n  bucket = "b"\n  policy = <<EOF\n{"Statement": ' + '['.repeat(100_000) + ']'.repeat(100_000) + '}\nEOF\n}\n'],
  ['100,000-deep JSON in a CloudFormation string policy', 't.json', () => JSON.stringify({ AWSTemplateFormatVersion: 'x', Resources: { P: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: 'b', PolicyDocument: '{"Statement":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}' } } } })],
  ['YAML alias bomb', 't.yaml', () => "AWSTemplateFormatVersion: '2010-09-09'\n" + ['a0: &a0 [x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 9 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(', ')}]`)].join('\n') + '\n'],
  ['YAML alias bomb in a policy', 't.yaml', () => "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  P:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: b\n      PolicyDocument:\n        Statement: " + ['&a0 [{Effect: Allow, Principal: "*", Action: "s3:*", Resource: "arn:aws:s3:::b/*"}]'].join('') + '\n' + Array.from({ length: 12 }, (_, i) => `x${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`).join('\n') + '\n'],
  ['YAML merge-key bomb', 't.yaml', () => "AWSTemplateFormatVersion: '2010-09-09'\n" + ['m0: &m0 {a: 1, b: 2, c: 3}', ...Array.from({ length: 12 }, (_, i) => `m${i + 1}: &m${i + 1} {${Array.from({ length: 8 }, (_, j) => `k${j}: {<<: *m${i}}`).join(', ')}}`)].join('\n') + '\n'],
  ['100,000 anchors and aliases', 't.yaml', () => 'AWSTemplateFormatVersion: x\nl:\n' + Array.from({ length: 50_000 }, (_, i) => `  - &a${i} v\n  - *a${i}`).join('\n') + '\n'],
  ['unresolved aliases', 't.yaml', () => 'AWSTemplateFormatVersion: x\n' + Array.from({ length: 1000 }, (_, i) => `k${i}: *missing${i}`).join('\n') + '\n'],
  ['10,000 YAML documents', 't.yaml', () => "AWSTemplateFormatVersion: '2010-09-09'\n" + 'Resources: {}\n---\n'.repeat(10_000)],
  ['5 MB single line JSON policy', 'p.json', () => '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"' + 'a'.repeat(LONG) + '"}]}'],
  ['5 MB single line JSON, unterminated string', 'p.json', () => '{"Statement":[{"Effect":"' + 'a\\'.repeat(LONG / 2)],
  ['5 MB single line Terraform string', 'main.tf', () => 'resource "aws_s3_bucket" "b" { bucket = "' + 'a'.repeat(LONG) + '" }\n'],
  ['5 MB single line Terraform comment', 'main.tf', () => '#' + 'x'.repeat(LONG) + '\nresource "aws_s3_bucket" "b" {}\n'],
  ['5 MB single line YAML scalar', 't.yaml', () => 'AWSTemplateFormatVersion: x\nDescription: ' + 'a'.repeat(LONG) + '\n'],
  ['5 MB single line YAML flow sequence', 't.yaml', () => 'AWSTemplateFormatVersion: x\nl: [' + 'a, '.repeat(LONG / 3) + ']\n'],
  ['5 MB single line YAML comment', 't.yaml', () => 'AWSTemplateFormatVersion: x\n# ' + ' '.repeat(LONG) + '!\n'],
  ['long suppression comment of blanks', 't.yaml', () => 'AWSTemplateFormatVersion: x\n# awsdp-ignore' + ' '.repeat(100_000) + '!\n'],
  ['long suppression comment of rule names', 'main.tf', () => '# awsdp-ignore ' + 'DP201, '.repeat(50_000) + '\nresource "aws_s3_bucket" "b" {}\n'],
  ['Fn::Sub with 100,000 unclosed ${', 't.yaml', () => "AWSTemplateFormatVersion: x\nResources:\n  A:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Sub '" + '${a'.repeat(100_000) + "'\n"],
  ['Terraform template with 100,000 unclosed ${', 'main.tf', () => 'locals {\n  x = "' + '${a'.repeat(100_000) + '"\n}\n'],
  ['1,000,000 empty lines', 'main.tf', () => '\n'.repeat(1_000_000) + 'resource "aws_s3_bucket" "b" {}\n'],
  ['200,000 stray closing braces (re-parse after top-level errors)', 'main.tf', () => '}\nresource "a" "b" {}\n'.repeat(200_000)],
  ['100,000-character key', 't.yaml', () => 'AWSTemplateFormatVersion: x\n' + 'k'.repeat(100_000) + ': v\n'],
  ['duplicate keys (YAML)', 't.yaml', () => "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  A:\n    Type: AWS::S3::BucketPolicy\n  A:\n    Type: AWS::S3::BucketPolicy\n    Properties: {PolicyDocument: {Statement: []}}\n"],
  ['duplicate keys (JSON)', 'p.json', () => '{"Statement": [], "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"}], "Statement": 1}'],
  ['duplicate blocks (Terraform)', 'main.tf', () => 'resource "aws_s3_bucket_policy" "p" { bucket = "b" }\n'.repeat(3)],
  ['tabs in YAML', 't.yaml', () => "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n\tA:\n\t\tType: AWS::S3::Bucket\n"],
  ['tabs in Terraform', 'main.tf', () => 'resource\t"aws_s3_bucket"\t"b"\t{\n\tbucket\t=\t"b"\n}\n'],
  ['unterminated heredoc', 'main.tf', () => 'resource "aws_s3_bucket_policy" "p" {\n  policy = <<EOF\n{"Statement": [\n'],
  ['unterminated everything', 't.yaml', () => 'AWSTemplateFormatVersion: "x\nResources: {A: [!Sub "${'],
  ['multi-document YAML with a template in the second', 't.yaml', () => "a: 1\n---\nAWSTemplateFormatVersion: '2010-09-09'\nResources:\n  P:\n    Type: AWS::S3::BucketPolicy\n    Properties: {Bucket: b, PolicyDocument: {Statement: [{Effect: Allow, Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::b/*'}]}}\n"],
  ['300,000 small Terraform blocks (tree-sitter runs out of time)', 'main.tf', () => 'locals { x = 1 }\n'.repeat(300_000)],
  // Issue 15: more resources than one call's arguments can hold (a spread overflowed the stack), line
  // endings the YAML parser does not know, yaml's own stack overflow on flow nesting.
  ['130,000 resources in one .tf.json module', 'main.tf.json', () => JSON.stringify({ resource: { null_resource: Object.fromEntries(Array.from({ length: 130_000 }, (_, i) => [`n${i}`, {}])) } })],
  ['130,000 resources in one CloudFormation JSON template', 't.json', () => JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: Object.fromEntries(Array.from({ length: 130_000 }, (_, i) => [`T${i}`, { Type: 'AWS::SNS::Topic' }])) })],
  ['CR, CRLF and LF mixed in one template', 't.yaml', () => "AWSTemplateFormatVersion: '2010-09-09'\rResources:\r\n  P:\n    Type: AWS::S3::BucketPolicy\r    Properties:\r\n      Bucket: b\n      PolicyDocument: {Statement: [{Effect: Allow, Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::b/*'}]}\r"],
  ['100,000-deep YAML flow nesting under Resources', 't.yaml', () => 'AWSTemplateFormatVersion: "2010-09-09"\nResources: ' + '['.repeat(100_000) + ']'.repeat(100_000) + '\n'],
  // A megabyte host of dotted labels overflowed the stack of DP401's hostname expression.
  ['5 MB URL host of dotted labels', 't.yaml', () => 'AWSTemplateFormatVersion: x\nDescription: https://' + 'a.'.repeat(LONG / 2) + 'amazonaws.com\n'],
  ['5 MB bare host of dotted labels under an endpoint key', 't.yaml', () => 'AWSTemplateFormatVersion: x\nMetadata:\n  Endpoint: ' + 'a.'.repeat(LONG / 2) + 'amazonaws.com\n'],
  // 100,000 endpoints in one string: each finding's place was found by counting every occurrence (quadratic).
  ['100,000 AWS URLs in one string', 't.yaml', () => 'AWSTemplateFormatVersion: x\nDescription: "' + 'https://sqs.us-east-1.amazonaws.com '.repeat(100_000) + '"\n'],
  // AWS CLI/SDK config files (.aws/config): over the line bound, and every header and setting broken.
  ['1,000,000 lines in an AWS config file', '.aws/config', () => '[default]\n' + 'region = us-east-1\n'.repeat(1_000_000)],
  ['broken AWS config headers and settings, lone CRs', '.aws/config', () => '[profile a\r[\r]\r=\r[ ]\r[default]\rs3 =\r  endpoint_url = https://s3.us-east-1.amazonaws.com\r'.repeat(20_000)],
  ['YAML directives and odd tags', 't.yaml', () => '%YAML 9.9\n%TAG ! tag:x,2000:\n%BOGUS x\n--- !<tag:yaml.org,2002:map>\nAWSTemplateFormatVersion: !!binary x\nResources: !Unknown {a: !!str 1}\n'],
];
