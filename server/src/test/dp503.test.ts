import { dp503 } from '../engine/rules/dp503-hard-coded-secret';
import { code } from '../engine/rules/rule';
import { testRule } from '../engine/rules/tester';
import { corpus } from './fixtures';

const msg = (key: string, masked: string) =>
  `${key} is written as a literal (${masked}); keep it in Secrets Manager or SSM Parameter Store and use a dynamic reference, a NoEcho parameter or a sensitive variable.`;

const cfn = (value: string) => code`
  Parameters:
    DbPassword:
      Type: String
      NoEcho: true
  Resources:
    Db:
      Type: AWS::RDS::DBInstance
      Properties:
        Engine: postgres
        MasterUsername: app
        MasterUserPassword: ${value}
`;

const tf = (value: string) => code`
  resource "aws_db_instance" "db" {
    engine   = "postgres"
    username = "app"
    password = ${value}
  }
`;

const tfJson = (value: string) => JSON.stringify({ resource: { aws_db_instance: { db: { engine: 'postgres', username: 'app', password: value } } } }, null, 2) + '\n';

testRule(dp503, {
  valid: [
    { name: 'CFN: a NoEcho parameter', format: 'cloudformation', code: cfn('!Ref DbPassword') },
    { name: 'CFN: a dynamic reference', format: 'cloudformation', code: cfn("'{{resolve:secretsmanager:prod/db:SecretString:password}}'") },
    { name: 'CFN: a Sub of a dynamic reference', format: 'cloudformation', code: cfn("!Sub '{{resolve:ssm-secure:/db/${Env}/password}}'") },
    {
      name: 'CFN: a secret template is not a secret',
      format: 'cloudformation',
      code: code`
        Resources:
          Secret:
            Type: AWS::SecretsManager::Secret
            Properties:
              GenerateSecretString:
                SecretStringTemplate: '{"username":"admin"}'
                GenerateStringKey: password
      `,
    },
    { name: 'TF: a variable', format: 'terraform', code: tf('var.db_password') },
    { name: 'TF: an interpolated variable', format: 'terraform', code: tf('"${var.db_password}"') },
    { name: 'TF: a random password', format: 'terraform', code: tf('random_password.db.result') },
    { name: 'TF: access_key of a resource is not a provider key', format: 'terraform', code: 'resource "aws_x" "y" {\n  access_key = "some-id"\n}\n' },
    { name: 'TF JSON: an interpolated variable', format: 'terraform-json', code: tfJson('${var.db_password}') },
  ],
  invalid: [
    { name: 'CFN: a literal password', format: 'cloudformation', code: cfn('hunter2-but-longer'), errors: [{ at: 'hunter2-but-longer', message: msg('MasterUserPassword', 'hunt********') }] },
    {
      name: 'CFN: a literal AuthToken and a nested Password',
      format: 'cloudformation',
      code: code`
        Resources:
          Cache:
            Type: AWS::ElastiCache::ReplicationGroup
            Properties:
              AuthToken: "token-value-1234"
          Broker:
            Type: AWS::AmazonMQ::Broker
            Properties:
              Users:
                - Username: app
                  Password: broker-secret
      `,
      errors: [
        { at: '"token-value-1234"', message: msg('AuthToken', 'toke********') },
        { at: 'broker-secret', message: msg('Password', 'bro********') },
      ],
    },
    { name: 'TF: a literal password', format: 'terraform', code: tf('"hunter2-but-longer"'), errors: [{ at: '"hunter2-but-longer"', message: msg('password', 'hunt********') }] },
    {
      name: 'TF: provider keys',
      format: 'terraform',
      code: code`
        provider "aws" {
          region     = "us-east-1"
          access_key = "AKIAIOSFODNN7EXAMPLE"
          secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
        }
      `,
      errors: [
        { at: '"AKIAIOSFODNN7EXAMPLE"', message: msg('access_key', 'AKIA********') },
        { at: '"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"', message: msg('secret_key', 'wJal********') },
      ],
    },
    { name: 'TF JSON: a literal password', format: 'terraform-json', code: tfJson('hunter2-but-longer'), errors: [{ at: '"hunter2-but-longer"', message: msg('password', 'hunt********') }] },
  ],
  corpus: corpus(),
});
