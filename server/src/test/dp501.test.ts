import { dp501 } from '../engine/rules/dp501-sensitive-data-in-name-or-tag';
import { code } from '../engine/rules/rule';
import { testRule } from '../engine/rules/tester';
import { corpus } from './fixtures';

const WHY = 'names, descriptions and tags are copied into logs and billing reports, so AWS advises against identifying data in them.';

const cfnTag = (value: string) => code`
  Resources:
    Reports:
      Type: AWS::S3::Bucket
      Properties:
        BucketName: reports
        Tags:
          - Key: Owner
            Value: ${value}
`;

const cfnName = (name: string) => code`
  Resources:
    Reports:
      Type: AWS::S3::Bucket
      Properties:
        BucketName: ${name}
`;

const tf = (attr: string, value: string) => code`
  resource "aws_sqs_queue" "orders" {
    ${attr} = ${value}
  }
`;

const tfJson = (tags: Record<string, string>) => JSON.stringify({ resource: { aws_sqs_queue: { orders: { name: 'orders', tags } } } }, null, 2) + '\n';

testRule(dp501, {
  valid: [
    { name: 'CFN: an ordinary Owner tag', format: 'cloudformation', code: cfnTag('reporting-team') },
    { name: 'CFN: account number only in an ARN', format: 'cloudformation', code: cfnTag('arn:aws:iam::111122223333:role/owner') },
    { name: 'CFN: a 14-digit timestamp is not an account number', format: 'cloudformation', code: cfnName('reports-20240131120000') },
    { name: 'CFN: 12 digits glued to letters are not an account number', format: 'cloudformation', code: cfnName('build111122223333') },
    { name: 'CFN: the account from the pseudo parameter', format: 'cloudformation', code: cfnName("!Sub 'reports-${AWS::AccountId}'") },
    { name: 'CFN: an e-mail address from a parameter', format: 'cloudformation', code: cfnTag('!Ref OwnerEmail') },
    { name: 'CFN: an npm scope is not an e-mail address', format: 'cloudformation', code: cfnTag('built with @aws-cdk/aws-s3') },
    { name: 'CFN: 16 digits that fail the Luhn check', format: 'cloudformation', code: cfnTag("'4111 1111 1111 1112'") },
    { name: 'CFN: a Luhn-valid number of no known issuer', format: 'cloudformation', code: cfnTag("'9111111111111111'") },
    { name: 'CFN: an SSN-shaped string in the 9xx range', format: 'cloudformation', code: cfnTag('987-65-4321') },
    { name: 'CFN: an IBAN with wrong check digits', format: 'cloudformation', code: cfnTag('GB82WEST12345698765433') },
    { name: 'CFN: an access key id lookalike in lower case', format: 'cloudformation', code: cfnTag('akiaiosfodnn7example') },
    { name: 'TF: account from aws_caller_identity', format: 'terraform', code: tf('name', '"logs-${data.aws_caller_identity.current.account_id}"') },
    { name: 'TF: an e-mail address built from a variable', format: 'terraform', code: tf('tags', '{ Owner = "team@${var.domain}" }') },
    { name: 'TF: a version number', format: 'terraform', code: tf('description', '"release 1.2.3 of 2024-01-31"') },
    { name: 'CFN: an access key id is DP503\'s (a credential wherever it is written)', format: 'cloudformation', code: cfnTag('AKIAI44QH7DHBWQ3PZKA') },
    { name: 'CFN: an e-mail address at a domain reserved for examples', format: 'cloudformation', code: cfnTag('jane.doe@example.com') },
    { name: 'CFN: e-mail addresses at .test and .invalid', format: 'cloudformation', code: cfnTag("'ops@ci.test, nobody@mail.invalid'") },
    { name: 'CFN: a yyyyMMddHHmm build stamp is not an account number', format: 'cloudformation', code: cfnName('reports-202401311200') },
    { name: 'CFN: a UUID', format: 'cloudformation', code: cfnTag('3f2b1c4e-1a2b-4c3d-8e9f-0a1b2c3d4e5f') },
    { name: 'CFN: a SHA-1 hex digest is not a secret key', format: 'cloudformation', code: cfnTag('da39a3ee5e6b4b0d3255bfef95601890afd80709') },
    { name: 'CFN: AWS documentation secret key', format: 'cloudformation', code: cfnTag('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY') },
    { name: 'CFN: a version string with a plus', format: 'cloudformation', code: cfnTag("'1.2.3+20240131'") },
    { name: 'CFN: a phone-shaped number no country issues', format: 'cloudformation', code: cfnTag("'+1 000 000 0000'") },
    { name: 'CFN: an ARN in a nested name is an ARN', format: 'cloudformation', code: code`
        Resources:
          Sim:
            Type: AWS::SimSpaceWeaver::Simulation
            Properties:
              Name: sim
              SchemaS3Location:
                BucketName: !Sub 'weaver-\${AWS::AccountId}-schemas'
                ObjectKey: schema.yaml
      ` },
    { name: 'TF: interpolations are not read as written data', format: 'terraform', code: tf('tags', '{ Owner = "${var.team}@corp.com", Id = "${format("%012d", var.n)}" }') },
    { name: 'CFN: a !Sub whose digits are inside ${}', format: 'cloudformation', code: cfnName("!Sub 'logs-${Account111122223333}'") },
    { name: 'TF: tags from a local that is an expression', format: 'terraform', code: 'locals {\n  tags = merge(var.base, { Team = "orders" })\n}\n\nresource "aws_sqs_queue" "a" {\n  name = "a"\n  tags = local.tags\n}\n' },
    { name: 'TF: a merge() of tags without identifying data', format: 'terraform', code: tf('tags', 'merge(var.tags, { Owner = "orders-team" })') },
    { name: 'TF: a user pattern that does not match', format: 'terraform', code: tf('name', '"orders-emp-12"'), config: 'sensitiveData:\n  patterns:\n    - {name: an employee id, pattern: "EMP-[0-9]{6}"}\n' },
    { name: 'TF JSON: ordinary tags', format: 'terraform-json', code: tfJson({ Owner: 'orders-team', CostCentre: '1234' }) },
  ],
  invalid: [
    {
      name: 'CFN: an e-mail address in a tag, masked',
      format: 'cloudformation',
      code: cfnTag('jane.doe@corp.com'),
      errors: [{ at: 'jane.doe@corp.com', message: `The tag 'Owner' holds an e-mail address (j***@c***.com); ${WHY}` }],
    },
    {
      name: 'CFN: an account number in a bucket name',
      format: 'cloudformation',
      code: cfnName('logs-111122223333-eu-west-1'),
      errors: [
        {
          at: '111122223333',
          message: `The name BucketName holds an AWS account number (11********33); ${WHY}`,
          fixes: [{ title: 'Use ${AWS::AccountId} instead of the account number', output: cfnName("{Fn::Sub: 'logs-${AWS::AccountId}-eu-west-1'}") }],
        },
      ],
    },
    {
      name: 'CFN: the fix in a template that uses short forms, escaping a literal ${',
      format: 'cloudformation',
      code: code`
        Resources:
          Reports:
            Type: AWS::S3::Bucket
            Properties:
              BucketName: 'logs-111122223333-\${x}'
              LoggingConfiguration:
                DestinationBucketName: !Ref Logs
      `,
      errors: [
        {
          at: '111122223333',
          message: `The name BucketName holds an AWS account number (11********33); ${WHY}`,
          fixes: [
            code`
              Resources:
                Reports:
                  Type: AWS::S3::Bucket
                  Properties:
                    BucketName: !Sub 'logs-\${AWS::AccountId}-\${!x}'
                    LoggingConfiguration:
                      DestinationBucketName: !Ref Logs
            `,
          ],
        },
      ],
    },
    {
      name: 'CFN: a card number with spaces',
      format: 'cloudformation',
      code: cfnTag("'card 4111 1111 1111 1111'"),
      errors: [{ at: '4111 1111 1111 1111', message: `The tag 'Owner' holds a payment card number (4111 **** **** 1111); ${WHY}` }],
    },
    {
      name: 'CFN: a social security number and an IBAN in one value',
      format: 'cloudformation',
      code: cfnTag("'123-45-6789 GB82WEST12345698765432'"),
      errors: [
        { at: '123-45-6789', message: `The tag 'Owner' holds a US social security number (***-**-**89); ${WHY}` },
        { at: 'GB82WEST12345698765432', message: `The tag 'Owner' holds an IBAN (GB** **** 32); ${WHY}` },
      ],
    },
    {
      name: 'TF: an e-mail address in a tag',
      format: 'terraform',
      code: tf('tags', '{ Owner = "jane.doe@corp.com" }'),
      errors: [{ at: 'jane.doe@corp.com', message: `The tag 'Owner' holds an e-mail address (j***@c***.com); ${WHY}` }],
    },
    {
      name: 'TF: an account number in a name, no aws_caller_identity: the fix declares one after the resource',
      format: 'terraform',
      code: tf('name', '"orders-111122223333"'),
      errors: [
        {
          at: '111122223333',
          message: `The name name holds an AWS account number (11********33); ${WHY}`,
          fixes: [
            {
              output: 'resource "aws_sqs_queue" "orders" {\n  name = "orders-${data.aws_caller_identity.current.account_id}"\n}\n\ndata "aws_caller_identity" "current" {}\n',
              title: 'Use the account id of aws_caller_identity instead of the account number',
            },
          ],
        },
      ],
    },
    {
      name: 'TF JSON: an account number in a name, no aws_caller_identity: the fix declares one under data',
      format: 'terraform-json',
      code: '{\n  "resource": {\n    "aws_sqs_queue": {\n      "orders": { "name": "orders-111122223333" }\n    }\n  }\n}\n',
      errors: [
        {
          at: '111122223333',
          message: `The name name holds an AWS account number (11********33); ${WHY}`,
          fixes: [
            '{\n  "resource": {\n    "aws_sqs_queue": {\n      "orders": { "name": "orders-${data.aws_caller_identity.current.account_id}" }\n    }\n  },\n  "data": {\n    "aws_caller_identity": {\n      "current": {}\n    }\n  }\n}\n',
          ],
        },
      ],
    },
    {
      name: 'TF: the fix uses the module\'s aws_caller_identity',
      format: 'terraform',
      code: 'data "aws_caller_identity" "me" {}\n\nresource "aws_sqs_queue" "orders" {\n  name = "orders-111122223333"\n}\n',
      errors: [
        {
          at: '111122223333',
          message: `The name name holds an AWS account number (11********33); ${WHY}`,
          fixes: [{ title: 'Use the account id of aws_caller_identity instead of the account number', output: 'data "aws_caller_identity" "me" {}\n\nresource "aws_sqs_queue" "orders" {\n  name = "orders-${data.aws_caller_identity.me.account_id}"\n}\n' }],
        },
      ],
    },
    {
      name: 'TF: provider default tags',
      format: 'terraform',
      code: code`
        provider "aws" {
          region = "eu-west-1"
          default_tags {
            tags = {
              Owner = "platform@corp.org"
            }
          }
        }
      `,
      errors: [{ at: 'platform@corp.org', message: `The tag 'Owner' holds an e-mail address (p***@c***.org); ${WHY}` }],
    },
    {
      name: 'TF JSON: an e-mail address in a tag',
      format: 'terraform-json',
      code: tfJson({ Owner: 'jane.doe@corp.com' }),
      errors: [{ at: 'jane.doe@corp.com', message: `The tag 'Owner' holds an e-mail address (j***@c***.com); ${WHY}` }],
    },
    {
      name: 'CFN: an account number in a nested bucket name (SchemaS3Location.BucketName)',
      format: 'cloudformation',
      code: code`
        Resources:
          Sim:
            Type: AWS::SimSpaceWeaver::Simulation
            Properties:
              Name: sim
              SchemaS3Location:
                BucketName: weaver-111122223333-schemas
                ObjectKey: schema.yaml
      `,
      errors: [
        {
          at: '111122223333',
          message: `The name BucketName holds an AWS account number (11********33); ${WHY}`,
          fixes: [
            code`
              Resources:
                Sim:
                  Type: AWS::SimSpaceWeaver::Simulation
                  Properties:
                    Name: sim
                    SchemaS3Location:
                      BucketName: {Fn::Sub: 'weaver-\${AWS::AccountId}-schemas'}
                      ObjectKey: schema.yaml
            `,
          ],
        },
      ],
    },
    {
      name: 'CFN: an account number written inside a !Sub template, fixed in place',
      format: 'cloudformation',
      code: cfnName("!Sub 'logs-111122223333-${AWS::Region}'"),
      errors: [
        {
          at: '111122223333',
          message: `The name BucketName holds an AWS account number (11********33); ${WHY}`,
          fixes: [cfnName("!Sub 'logs-${AWS::AccountId}-${AWS::Region}'")],
        },
      ],
    },
    {
      name: 'TF: an account number and an e-mail address in templates (no fix: the value is a template)',
      format: 'terraform',
      code: 'resource "aws_s3_bucket" "logs" {\n  bucket = "logs-111122223333-${var.region}"\n  tags = {\n    Owner = "${var.team}: jane.doe@corp.com"\n  }\n}\n',
      errors: [
        { at: '111122223333', message: `The name bucket holds an AWS account number (11********33); ${WHY}` },
        { at: 'jane.doe@corp.com', message: `The tag 'Owner' holds an e-mail address (j***@c***.com); ${WHY}` },
      ],
    },
    {
      name: 'TF JSON: an account number in an interpolated name',
      format: 'terraform-json',
      code: JSON.stringify({ resource: { aws_sqs_queue: { q: { name: 'q-111122223333-${var.env}' } } } }, null, 2) + '\n',
      errors: [{ at: '111122223333', message: `The name name holds an AWS account number (11********33); ${WHY}` }],
    },
    {
      name: 'CFN: AWS documentation account 123456789012 in a name is still an account',
      format: 'cloudformation',
      code: cfnName('logs-123456789012'),
      errors: [{ at: '123456789012', message: `The name BucketName holds an AWS account number (12********12); ${WHY}`, fixes: [cfnName("{Fn::Sub: 'logs-${AWS::AccountId}'}")] }],
    },
    {
      name: 'CFN JSON: the fix writes Fn::Sub',
      file: 'template.json',
      code: JSON.stringify({ Resources: { Reports: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'logs-111122223333' } } } }, null, 2) + '\n',
      errors: [
        {
          at: '111122223333',
          message: `The name BucketName holds an AWS account number (11********33); ${WHY}`,
          fixes: [JSON.stringify({ Resources: { Reports: { Type: 'AWS::S3::Bucket', Properties: { BucketName: { 'Fn::Sub': 'logs-${AWS::AccountId}' } } } } }, null, 2) + '\n'],
        },
      ],
    },
    {
      name: 'CFN: a phone number in international form',
      format: 'cloudformation',
      code: cfnTag("'call +44 20 7946 0958'"),
      errors: [{ at: '+44 20 7946 0958', message: `The tag 'Owner' holds a phone number (+44 ******* 58); ${WHY}` }],
    },
    {
      name: 'CFN: a secret-access-key-shaped description',
      format: 'cloudformation',
      code: code`
        Resources:
          Queue:
            Type: AWS::SQS::Queue
            Properties:
              QueueName: orders
          Key:
            Type: AWS::SSM::Parameter
            Properties:
              Type: String
              Value: x
              Description: 'key Zt6Hdv/EolIbS2UTxbLplGpukOdaGmlq9MtAg1Xv'
      `,
      errors: [{ at: 'Zt6Hdv/EolIbS2UTxbLplGpukOdaGmlq9MtAg1Xv', message: `The Description holds a string shaped like an AWS secret access key (Zt6H********); ${WHY}` }],
    },
    {
      name: 'CFN: a project pattern from .awsdp.yaml',
      format: 'cloudformation',
      config: 'sensitiveData:\n  patterns:\n    - name: an employee id\n      pattern: "EMP-[0-9]{6}"\n',
      code: cfnTag('EMP-123456'),
      errors: [{ at: 'EMP-123456', message: `The tag 'Owner' holds an employee id (EM********); ${WHY}` }],
    },
    {
      name: 'TF: e-mail addresses in merge() tags and in a module map() default_tags',
      format: 'terraform',
      code: code`
        resource "aws_instance" "web" {
          ami  = "ami-1234"
          tags = merge(var.tags, { Owner = "jane.doe@corp.com" })
        }

        module "subnet" {
          source       = "./subnet"
          default_tags = map("Project", var.stackname, "Owner", "ops-team@corp.co.uk")
        }
      `,
      errors: [
        { at: 'jane.doe@corp.com', message: `The tag 'Owner' holds an e-mail address (j***@c***.com); ${WHY}` },
        { at: 'ops-team@corp.co.uk', message: `The tag 'Owner' holds an e-mail address (o***@c***.uk); ${WHY}` },
      ],
    },
    {
      name: 'TF: tags shared through a local and a variable default, reported once where they are written',
      format: 'terraform',
      code: code`
        locals {
          common_tags = { Owner = "jane.doe@corp.com", Team = "orders" }
        }

        variable "extra_tags" {
          default = { OnCall = "+44 20 7946 0958" }
        }

        resource "aws_sqs_queue" "a" {
          name = "a"
          tags = local.common_tags
        }

        resource "aws_sqs_queue" "b" {
          name     = "b"
          tags     = local.common_tags
          tags_all = var.extra_tags
        }
      `,
      errors: [
        { at: 'jane.doe@corp.com', message: `The tag 'Owner' holds an e-mail address (j***@c***.com); ${WHY}` },
        { at: '+44 20 7946 0958', message: `The tag 'OnCall' holds a phone number (+44 ******* 58); ${WHY}` },
      ],
    },
    {
      name: 'TF: a phone number in a description',
      format: 'terraform',
      code: tf('description', '"on call: +1-202-555-0143"'),
      errors: [{ at: '+1-202-555-0143', message: `The description holds a phone number (+12 ******* 43); ${WHY}` }],
    },
    {
      name: 'TF JSON: an account number in a module name',
      format: 'terraform-json',
      code: JSON.stringify({ data: { aws_caller_identity: { current: {} } }, module: { logs: { source: './logs', name: 'logs-210987654321' } } }, null, 2) + '\n',
      errors: [
        {
          at: '210987654321',
          message: `The name name holds an AWS account number (21********21); ${WHY}`,
          fixes: [JSON.stringify({ data: { aws_caller_identity: { current: {} } }, module: { logs: { source: './logs', name: 'logs-${data.aws_caller_identity.current.account_id}' } } }, null, 2) + '\n'],
        },
      ],
    },
  ],
  corpus: corpus(),
});
