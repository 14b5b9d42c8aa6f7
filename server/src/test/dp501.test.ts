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
    { name: 'TF JSON: ordinary tags', format: 'terraform-json', code: tfJson({ Owner: 'orders-team', CostCentre: '1234' }) },
  ],
  invalid: [
    {
      name: 'CFN: an e-mail address in a tag, masked',
      format: 'cloudformation',
      code: cfnTag('jane.doe@example.com'),
      errors: [{ at: 'jane.doe@example.com', message: `The tag 'Owner' holds an e-mail address (j***@e***.com); ${WHY}` }],
    },
    {
      name: 'CFN: an account number in a bucket name',
      format: 'cloudformation',
      code: cfnName('logs-111122223333-eu-west-1'),
      errors: [{ at: '111122223333', message: `The name BucketName holds an AWS account number (11********33); ${WHY}` }],
    },
    {
      name: 'CFN: an access key id in a tag',
      format: 'cloudformation',
      code: cfnTag('AKIAIOSFODNN7EXAMPLE'),
      errors: [{ at: 'AKIAIOSFODNN7EXAMPLE', message: `The tag 'Owner' holds an AWS access key id (AKIA********); ${WHY}` }],
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
      code: tf('tags', '{ Owner = "jane.doe@example.com" }'),
      errors: [{ at: 'jane.doe@example.com', message: `The tag 'Owner' holds an e-mail address (j***@e***.com); ${WHY}` }],
    },
    {
      name: 'TF: an account number in a name',
      format: 'terraform',
      code: tf('name', '"orders-111122223333"'),
      errors: [{ at: '111122223333', message: `The name name holds an AWS account number (11********33); ${WHY}` }],
    },
    {
      name: 'TF: provider default tags',
      format: 'terraform',
      code: code`
        provider "aws" {
          region = "eu-west-1"
          default_tags {
            tags = {
              Owner = "platform@example.org"
            }
          }
        }
      `,
      errors: [{ at: 'platform@example.org', message: `The tag 'Owner' holds an e-mail address (p***@e***.org); ${WHY}` }],
    },
    {
      name: 'TF JSON: an e-mail address in a tag',
      format: 'terraform-json',
      code: tfJson({ Owner: 'jane.doe@example.com' }),
      errors: [{ at: 'jane.doe@example.com', message: `The tag 'Owner' holds an e-mail address (j***@e***.com); ${WHY}` }],
    },
  ],
  corpus: corpus(),
});
