import { dp503 } from '../engine/rules/dp503-hard-coded-secret';
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

/** An SSM parameter in each format: its name, type and value as written (source text). */
const ssmTf = (name: string, type: string, value: string) => `resource "aws_ssm_parameter" "p" {\n  name  = ${name}\n  type  = ${type}\n  value = ${value}\n}\n`;
const ssmTfJson = (name: string, type: string, value: string) =>
  JSON.stringify({ resource: { aws_ssm_parameter: { p: { name, type, value } } } }, null, 2) + '\n';
const ssmCfn = (name: string, type: string, value: string) => `Resources:\n  Param:\n    Type: AWS::SSM::Parameter\n    Properties:\n      Name: ${name}\n      Type: ${type}\n      Value: ${value}\n`;
const ssmCfnJson = (name: string, type: string, value: string) =>
  JSON.stringify({ Resources: { Param: { Type: 'AWS::SSM::Parameter', Properties: { Name: name, Type: type, Value: value } } } }, null, 2) + '\n';
const ssmWhy = (name: string, type: string) => `The SSM parameter ${name} holds a secret (its name says so) as a plain ${type}, stored unencrypted and shown in clear to anyone allowed to read parameters`;
const SSM_TF = (name: string, type: string) => `${ssmWhy(name, type)}; make it a SecureString (encrypted with KMS).`;
const SSM_CFN = (name: string, type: string) =>
  `${ssmWhy(name, type)}; CloudFormation cannot create SecureString parameters, so keep the secret in Secrets Manager or create the SecureString outside the stack and use {{resolve:ssm-secure:...}} where it is needed.`;
const ssmValueMsg = (what: string, masked: string) => msg(`The value of the ${what}`, masked);

const TF_MOVE = (name: string) => `Move the value to a new sensitive variable ${name} (unsafe: every plan and apply must now pass it; revoke the old value)`;
/** A Terraform file with `variable "<name>" { type = string, sensitive = true }` added after its resource (or under `variable`). */
const withVariable = (file: string, text: string, name = 'app_db_password') => {
  if (file.endsWith('.json')) return JSON.stringify({ ...JSON.parse(text), variable: { [name]: { type: 'string', sensitive: true } } }, null, 2) + '\n';
  return text.replace(/\}\n$/, `}\n\nvariable "${name}" {\n  type      = string\n  sensitive = true\n}\n`);
};

const secretEnv = (value: string): Env => [
  ['DB_USER', '"app"'],
  ['DB_PASSWORD', value],
];

const msg = (key: string, masked: string) =>
  `${key} is written as a literal (${masked}); keep it in Secrets Manager or SSM Parameter Store and use a dynamic reference, a NoEcho parameter or a sensitive variable.`;

const shape = (what: string, masked: string) =>
  `This is ${what} (${masked}) written in the file; anyone who can read the repository or the deployed configuration can use it, so revoke it and keep it in a secret store.`;
const envMsg = (name: string, masked: string) =>
  `The environment variable ${name} is written as a literal (${masked}); keep it in Secrets Manager or SSM Parameter Store and use a dynamic reference, a NoEcho parameter or a sensitive variable.`;
const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAq7BFUAy\n-----END RSA PRIVATE KEY-----';

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
    { name: 'SSM TF: a name that is not a secret', format: 'terraform', code: ssmTf('"/app/token-url"', '"String"', '"https://example.com/token"') },
    { name: 'SSM TF: a secret name, SecureString from a variable', format: 'terraform', code: ssmTf('"/prod/db/password"', '"SecureString"', 'var.db_password') },
    { name: 'SSM TF: a name whose last segment is known only at plan time', format: 'terraform', code: ssmTf('"/prod/db/${var.key}"', '"String"', 'var.v') },
    { name: 'SSM CFN: the ARN of a secret is not the secret', format: 'cloudformation', code: ssmCfn('/app/secret-arn', 'String', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db') },
    { name: 'SSM CFN: a password policy setting', format: 'cloudformation', code: ssmCfn('/app/password-policy', 'String', 'strict') },
    { name: 'SSM CFN JSON: a secret name, the value a dynamic reference', file: 'template.json', code: ssmCfnJson('/app/api-key', 'String', '{{resolve:secretsmanager:api:SecretString:key}}').replace('"Type": "String"', '"Type": "String", "Tier": "Standard"').replace(/"Name": "\/app\/api-key"/, '"Name": "/app/api-url"') },
    { name: 'SSM TF JSON: SecureString from a variable', format: 'terraform-json', code: ssmTfJson('/app/db-password', 'SecureString', '${var.db_password}') },
    ...JSON_TEXT.map(([name, build, file]) => ({ name: `JSON text, ${name}: the password from a template part`, file, code: build(secretEnv(file.startsWith('main') ? '"${var.db_password}"' : '"${DbPassword}"')).replace('DefinitionString: |', 'DefinitionString: !Sub |') })),
    ...JSON_TEXT.map(([name, build, file]) => ({ name: `JSON text, ${name}: a dynamic reference`, file, code: build(secretEnv('"{{resolve:secretsmanager:prod/db:SecretString:password}}"')) })),
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
    { name: 'CFN: a boolean-like string about a password', format: 'cloudformation', code: 'Resources:\n  Db:\n    Type: AWS::DocDB::DBCluster\n    Properties:\n      ManageMasterUserPassword: "true"\n' },
    {
      name: 'CFN: environment variables that name where the secret is',
      format: 'cloudformation',
      code: code`
        Resources:
          Fn:
            Type: AWS::Lambda::Function
            Properties:
              Role: arn:aws:iam::123456789012:role/fn
              Code: { ZipFile: x }
              Environment:
                Variables:
                  DB_PASSWORD: /prod/db/password
                  API_KEY: arn:aws:secretsmanager:us-east-1:123456789012:secret:api
                  TOKEN_URL: https://auth.example.com/token
                  PASSWORD_LENGTH: "32"
                  DB_PASSWORD_SECRET_ARN: arn:aws:secretsmanager:us-east-1:123456789012:secret:db
      `,
    },
    { name: 'AWS credentials file: AWS documentation keys, a credential process', file: '.aws/credentials', code: '[a]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n[b]\ncredential_process = /usr/local/bin/creds\n' },
    { name: 'CFN: AWS documentation key ids in user data are not credentials', format: 'cloudformation', code: 'Resources:\n  Web:\n    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: ami-1\n      UserData: "export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE"\n' },
    { name: 'CFN: a public key and a certificate', format: 'cloudformation', code: 'Resources:\n  Key:\n    Type: AWS::EC2::KeyPair\n    Properties:\n      KeyName: k\n      PublicKeyMaterial: "-----BEGIN PUBLIC KEY-----"\n' },
    { name: 'CFN: a NoEcho parameter without a default, or with an empty one', format: 'cloudformation', code: 'Parameters:\n  A:\n    Type: String\n    NoEcho: true\n  B:\n    Type: String\n    NoEcho: true\n    Default: ""\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n' },
    { name: 'TF: a placeholder that repeats the key', format: 'terraform', code: 'resource "aws_lb_listener_rule" "r" {\n  action {\n    authenticate_oidc {\n      client_id     = "client_id"\n      client_secret = "client_secret"\n    }\n  }\n}\n' },
    { name: 'TF: a password in a data source is a lookup', format: 'terraform', code: 'data "aws_x" "y" {\n  password = "lookup-value"\n}\n' },
    { name: 'TF: a 40-digit string is not a secret access key', format: 'terraform', code: 'resource "aws_instance" "w" {\n  user_data = "1234567890123456789012345678901234567890$"\n}\n' },
    { name: 'TF JSON: an interpolated variable', format: 'terraform-json', code: tfJson('${var.db_password}') },
  ],
  invalid: [
    {
      name: 'JSON text in a YAML folded block (not mapped 1:1): read, the finding on the whole scalar, no fix',
      format: 'cloudformation',
      code: 'Resources:\n  Rule:\n    Type: AWS::Events::Rule\n    Properties:\n      Targets:\n        - Id: w\n          Arn: arn:aws:lambda:us-east-1:123456789012:function:w\n          Input: >\n            {"DB_PASSWORD":\n            "hunter2-but-longer"}\n',
      errors: [{ at: '>\n            {"DB_PASSWORD":\n            "hunter2-but-longer"}', message: msg('DB_PASSWORD', 'hunt********') }],
    },
    {
      name: 'SSM TF: a secret name stored as a String with a literal value: both reported, with their fixes',
      format: 'terraform',
      code: ssmTf('"/${var.env}/db/password"', '"String"', '"hunter2-but-longer"'),
      errors: [
        { at: '"String"', message: SSM_TF('/${var.env}/db/password', 'String'), fixes: [{ output: "resource \"aws_ssm_parameter\" \"p\" {\n  name  = \"/${var.env}/db/password\"\n  type  = \"SecureString\"\n  value = \"hunter2-but-longer\"\n}\n", title: "Store the parameter as a SecureString (unsafe: readers must ask for decryption and be allowed kms:Decrypt)" }] },
        { at: '"hunter2-but-longer"', message: ssmValueMsg('SSM parameter /${var.env}/db/password', 'hunt********'), fixes: [{ output: "resource \"aws_ssm_parameter\" \"p\" {\n  name  = \"/${var.env}/db/password\"\n  type  = \"String\"\n  value = var.p_value\n}\n\nvariable \"p_value\" {\n  type      = string\n  sensitive = true\n}\n", title: "Move the value to a new sensitive variable p_value (unsafe: every plan and apply must now pass it; revoke the old value)" }] },
      ],
    },
    {
      name: 'SSM TF: a SecureString with a literal value (any name)',
      format: 'terraform',
      code: ssmTf('"/app/config"', '"SecureString"', '"literal-secure-value"'),
      errors: [{ at: '"literal-secure-value"', message: ssmValueMsg('SSM parameter /app/config', 'lite********'), fixes: [{ output: "resource \"aws_ssm_parameter\" \"p\" {\n  name  = \"/app/config\"\n  type  = \"SecureString\"\n  value = var.p_value\n}\n\nvariable \"p_value\" {\n  type      = string\n  sensitive = true\n}\n", title: "Move the value to a new sensitive variable p_value (unsafe: every plan and apply must now pass it; revoke the old value)" }] }],
    },
    {
      name: 'SSM TF JSON: a secret name stored as a StringList from a variable',
      format: 'terraform-json',
      code: ssmTfJson('/app/api-key', 'StringList', '${var.api_key}'),
      errors: [{ at: '"StringList"', message: SSM_TF('/app/api-key', 'StringList'), fixes: [{ output: "{\n  \"resource\": {\n    \"aws_ssm_parameter\": {\n      \"p\": {\n        \"name\": \"/app/api-key\",\n        \"type\": \"SecureString\",\n        \"value\": \"${var.api_key}\"\n      }\n    }\n  }\n}\n", title: "Store the parameter as a SecureString (unsafe: readers must ask for decryption and be allowed kms:Decrypt)" }] }],
    },
    {
      name: 'SSM CFN: !Sub name ending in password, a String with a literal value: no SecureString fix in CloudFormation',
      format: 'cloudformation',
      code: ssmCfn('!Sub /${Env}/db/password', 'String', 'hunter2-but-longer'),
      errors: [
        { at: 'String', message: SSM_CFN('/${Env}/db/password', 'String') },
        { at: 'hunter2-but-longer', message: ssmValueMsg('SSM parameter /${Env}/db/password', 'hunt********'), fixes: [{ output: "Parameters:\n  ParamValue:\n    Type: String\n    NoEcho: true\nResources:\n  Param:\n    Type: AWS::SSM::Parameter\n    Properties:\n      Name: !Sub /${Env}/db/password\n      Type: String\n      Value: !Ref ParamValue\n", title: "Move the value to a new NoEcho parameter ParamValue (unsafe: every deployment must now pass it; revoke the old value)" }] },
      ],
    },
    {
      name: 'SSM CFN JSON: a camelCase secret name, the value from a parameter',
      file: 'template.json',
      code: ssmCfnJson('dbPassword', 'String', 'x').replace('"Value": "x"', '"Value": { "Ref": "Pw" }'),
      errors: [{ at: '"String"', message: SSM_CFN('dbPassword', 'String') }],
    },
    ...JSON_TEXT.map(([name, build, file, object]) => {
      const code = build(secretEnv('"hunter2-but-longer"'));
      return {
        name: `JSON text, ${name}: a literal password, masked, at its exact text`,
        file,
        code,
        errors: [
          {
            at: code.match(/\\*"hunter2-but-longer\\*"/)![0],
            message: object ? msg('DB_PASSWORD', 'hunt********') : envMsg('DB_PASSWORD', 'hunt********'),
            // Terraform reads the JSON text as a template: the literal becomes "${var.app_db_password}" in place.
            fixes: file.startsWith('main') ? [{ output: withVariable(file, build(secretEnv('"${var.app_db_password}"'))), title: TF_MOVE('app_db_password') }] : [],
          },
        ],
      };
    }),
    {
      name: 'CFN JSON: the fix creates Parameters before Resources and writes {"Ref": ...}',
      file: 'template.json',
      code: '{\n  "AWSTemplateFormatVersion": "2010-09-09",\n  "Resources": {\n    "Db": {\n      "Type": "AWS::RDS::DBInstance",\n      "Properties": { "Engine": "postgres", "MasterUserPassword": "hunter2-but-longer" }\n    }\n  }\n}\n',
      errors: [{ at: '"hunter2-but-longer"', message: msg('MasterUserPassword', 'hunt********'), fixes: [{ output: "{\n  \"AWSTemplateFormatVersion\": \"2010-09-09\",\n  \"Parameters\": {\n    \"DbMasterUserPassword\": {\n      \"Type\": \"String\",\n      \"NoEcho\": true\n    }\n  },\n  \"Resources\": {\n    \"Db\": {\n      \"Type\": \"AWS::RDS::DBInstance\",\n      \"Properties\": { \"Engine\": \"postgres\", \"MasterUserPassword\": {\"Ref\": \"DbMasterUserPassword\"} }\n    }\n  }\n}\n", title: "Move the value to a new NoEcho parameter DbMasterUserPassword (unsafe: every deployment must now pass it; revoke the old value)" }] }],
    },
    {
      name: 'CFN YAML with short forms and Parameters: the fix adds a parameter (a free name) and writes !Ref',
      format: 'cloudformation',
      code: 'Parameters:\n  DbMasterUserPassword:\n    Type: String\n\nResources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      DBSubnetGroupName: !Ref Subnets\n      MasterUserPassword: hunter2-but-longer\n',
      errors: [{ at: 'hunter2-but-longer', message: msg('MasterUserPassword', 'hunt********'), fixes: [{ output: "Parameters:\n  DbMasterUserPassword:\n    Type: String\n  DbMasterUserPassword2:\n    Type: String\n    NoEcho: true\n\nResources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      DBSubnetGroupName: !Ref Subnets\n      MasterUserPassword: !Ref DbMasterUserPassword2\n", title: "Move the value to a new NoEcho parameter DbMasterUserPassword2 (unsafe: every deployment must now pass it; revoke the old value)" }] }],
    },
    {
      name: 'TF: the variable name is taken in another file of the module: the fix picks a free one',
      format: 'terraform',
      code: tf('"hunter2-but-longer"'),
      module: { 'variables.tf': 'variable "db_password" {\n  type = string\n}\n' },
      errors: [{ at: '"hunter2-but-longer"', message: msg('password', 'hunt********'), fixes: [{ output: "resource \"aws_db_instance\" \"db\" {\n  engine   = \"postgres\"\n  username = \"app\"\n  password = var.db_password_2\n}\n\nvariable \"db_password_2\" {\n  type      = string\n  sensitive = true\n}\n", title: "Move the value to a new sensitive variable db_password_2 (unsafe: every plan and apply must now pass it; revoke the old value)" }] }],
    },
    { name: 'CFN: a literal password', format: 'cloudformation', code: cfn('hunter2-but-longer'), errors: [{ at: 'hunter2-but-longer', message: msg('MasterUserPassword', 'hunt********'), fixes: [{ output: "Parameters:\n  DbPassword:\n    Type: String\n    NoEcho: true\n  DbMasterUserPassword:\n    Type: String\n    NoEcho: true\nResources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      MasterUsername: app\n      MasterUserPassword: {Ref: DbMasterUserPassword}\n", title: "Move the value to a new NoEcho parameter DbMasterUserPassword (unsafe: every deployment must now pass it; revoke the old value)" }] }] },
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
        { at: '"token-value-1234"', message: msg('AuthToken', 'toke********'), fixes: [{ output: "Parameters:\n  CacheAuthToken:\n    Type: String\n    NoEcho: true\nResources:\n  Cache:\n    Type: AWS::ElastiCache::ReplicationGroup\n    Properties:\n      AuthToken: {Ref: CacheAuthToken}\n  Broker:\n    Type: AWS::AmazonMQ::Broker\n    Properties:\n      Users:\n        - Username: app\n          Password: broker-secret\n", title: "Move the value to a new NoEcho parameter CacheAuthToken (unsafe: every deployment must now pass it; revoke the old value)" }] },
        { at: 'broker-secret', message: msg('Password', 'bro********'), fixes: [{ output: "Parameters:\n  BrokerPassword:\n    Type: String\n    NoEcho: true\nResources:\n  Cache:\n    Type: AWS::ElastiCache::ReplicationGroup\n    Properties:\n      AuthToken: \"token-value-1234\"\n  Broker:\n    Type: AWS::AmazonMQ::Broker\n    Properties:\n      Users:\n        - Username: app\n          Password: {Ref: BrokerPassword}\n", title: "Move the value to a new NoEcho parameter BrokerPassword (unsafe: every deployment must now pass it; revoke the old value)" }] },
      ],
    },
    { name: 'TF: a literal password', format: 'terraform', code: tf('"hunter2-but-longer"'), errors: [{ at: '"hunter2-but-longer"', message: msg('password', 'hunt********'), fixes: [{ output: "resource \"aws_db_instance\" \"db\" {\n  engine   = \"postgres\"\n  username = \"app\"\n  password = var.db_password\n}\n\nvariable \"db_password\" {\n  type      = string\n  sensitive = true\n}\n", title: "Move the value to a new sensitive variable db_password (unsafe: every plan and apply must now pass it; revoke the old value)" }] }] },
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
        { at: '"AKIAIOSFODNN7EXAMPLE"', message: msg('access_key', 'AKIA********'), fixes: [{ output: "provider \"aws\" {\n  region     = \"us-east-1\"\n  access_key = var.aws_access_key\n  secret_key = \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"\n}\n\nvariable \"aws_access_key\" {\n  type      = string\n  sensitive = true\n}\n", title: "Move the value to a new sensitive variable aws_access_key (unsafe: every plan and apply must now pass it; revoke the old value)" }] },
        { at: '"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"', message: msg('secret_key', 'wJal********'), fixes: [{ output: "provider \"aws\" {\n  region     = \"us-east-1\"\n  access_key = \"AKIAIOSFODNN7EXAMPLE\"\n  secret_key = var.aws_secret_key\n}\n\nvariable \"aws_secret_key\" {\n  type      = string\n  sensitive = true\n}\n", title: "Move the value to a new sensitive variable aws_secret_key (unsafe: every plan and apply must now pass it; revoke the old value)" }] },
      ],
    },
    { name: 'TF JSON: a literal password', format: 'terraform-json', code: tfJson('hunter2-but-longer'), errors: [{ at: '"hunter2-but-longer"', message: msg('password', 'hunt********'), fixes: [{ output: "{\n  \"resource\": {\n    \"aws_db_instance\": {\n      \"db\": {\n        \"engine\": \"postgres\",\n        \"username\": \"app\",\n        \"password\": \"${var.db_password}\"\n      }\n    }\n  },\n  \"variable\": {\n    \"db_password\": {\n      \"type\": \"string\",\n      \"sensitive\": true\n    }\n  }\n}\n", title: "Move the value to a new sensitive variable db_password (unsafe: every plan and apply must now pass it; revoke the old value)" }] }] },
    {
      name: 'CFN: a Pinpoint APNs private key and a key ending in Password',
      format: 'cloudformation',
      code: code`
        Resources:
          Apns:
            Type: AWS::Pinpoint::APNSChannel
            Properties:
              ApplicationId: app
              PrivateKey: b@d0@u7H70K3n
          Cluster:
            Type: AWS::EMR::Cluster
            Properties:
              KerberosAttributes:
                KdcAdminPassword: kdc-admin-pw
      `,
      errors: [
        { at: 'b@d0@u7H70K3n', message: msg('PrivateKey', 'b@d********'), fixes: [{ output: "Parameters:\n  ApnsPrivateKey:\n    Type: String\n    NoEcho: true\nResources:\n  Apns:\n    Type: AWS::Pinpoint::APNSChannel\n    Properties:\n      ApplicationId: app\n      PrivateKey: {Ref: ApnsPrivateKey}\n  Cluster:\n    Type: AWS::EMR::Cluster\n    Properties:\n      KerberosAttributes:\n        KdcAdminPassword: kdc-admin-pw\n", title: "Move the value to a new NoEcho parameter ApnsPrivateKey (unsafe: every deployment must now pass it; revoke the old value)" }] },
        { at: 'kdc-admin-pw', message: msg('KdcAdminPassword', 'kdc********'), fixes: [{ output: "Parameters:\n  ClusterKdcAdminPassword:\n    Type: String\n    NoEcho: true\nResources:\n  Apns:\n    Type: AWS::Pinpoint::APNSChannel\n    Properties:\n      ApplicationId: app\n      PrivateKey: b@d0@u7H70K3n\n  Cluster:\n    Type: AWS::EMR::Cluster\n    Properties:\n      KerberosAttributes:\n        KdcAdminPassword: {Ref: ClusterKdcAdminPassword}\n", title: "Move the value to a new NoEcho parameter ClusterKdcAdminPassword (unsafe: every deployment must now pass it; revoke the old value)" }] },
      ],
    },
    {
      name: 'CFN: ECS Name/Value environment and Lambda Variables',
      format: 'cloudformation',
      code: code`
        Resources:
          Task:
            Type: AWS::ECS::TaskDefinition
            Properties:
              ContainerDefinitions:
                - Name: app
                  Image: app:1
                  Environment:
                    - Name: RDS_HOST
                      Value: db.internal
                    - Name: RDS_PASSWORD
                      Value: s3cr3t-value
          Fn:
            Type: AWS::Lambda::Function
            Properties:
              Role: arn:aws:iam::123456789012:role/fn
              Code: { ZipFile: x }
              Environment:
                Variables:
                  STRIPE_API_KEY: sk-not-a-live-key
      `,
      errors: [
        { at: 's3cr3t-value', message: envMsg('RDS_PASSWORD', 's3c********'), fixes: [{ output: "Parameters:\n  TaskRdsPassword:\n    Type: String\n    NoEcho: true\nResources:\n  Task:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      ContainerDefinitions:\n        - Name: app\n          Image: app:1\n          Environment:\n            - Name: RDS_HOST\n              Value: db.internal\n            - Name: RDS_PASSWORD\n              Value: {Ref: TaskRdsPassword}\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Role: arn:aws:iam::123456789012:role/fn\n      Code: { ZipFile: x }\n      Environment:\n        Variables:\n          STRIPE_API_KEY: sk-not-a-live-key\n", title: "Move the value to a new NoEcho parameter TaskRdsPassword (unsafe: every deployment must now pass it; revoke the old value)" }] },
        { at: 'sk-not-a-live-key', message: msg('STRIPE_API_KEY', 'sk-n********'), fixes: [{ output: "Parameters:\n  FnStripeApiKey:\n    Type: String\n    NoEcho: true\nResources:\n  Task:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      ContainerDefinitions:\n        - Name: app\n          Image: app:1\n          Environment:\n            - Name: RDS_HOST\n              Value: db.internal\n            - Name: RDS_PASSWORD\n              Value: s3cr3t-value\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Role: arn:aws:iam::123456789012:role/fn\n      Code: { ZipFile: x }\n      Environment:\n        Variables:\n          STRIPE_API_KEY: {Ref: FnStripeApiKey}\n", title: "Move the value to a new NoEcho parameter FnStripeApiKey (unsafe: every deployment must now pass it; revoke the old value)" }] },
      ],
    },
    {
      name: 'CFN: AWS keys in EC2 user data (YAML block scalar)',
      format: 'cloudformation',
      code: code`
        Resources:
          Web:
            Type: AWS::EC2::Instance
            Properties:
              ImageId: ami-12345678
              UserData:
                Fn::Base64: |
                  #!/bin/bash
                  export AWS_ACCESS_KEY_ID=AKIAI44QH7DHBWQ3PZKA
                  export AWS_SECRET_ACCESS_KEY=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
      `,
      errors: [
        { at: 'AKIAI44QH7DHBWQ3PZKA', message: shape('an AWS access key id', 'AKIA********') },
        { at: 'ZH6HDV/EolIbS2UTxbLplGpukOdaGmlq9MtAg1Xv', message: shape('an AWS secret access key', 'ZH6H********') },
      ],
    },
    {
      name: 'AWS credentials file: an access key id and a secret access key (no fix: the file itself should not be here)',
      file: 'deploy/.aws/credentials',
      format: 'aws-config',
      code: '[default]\naws_access_key_id = AKIAI44QH7DHBWQ3PZKA\naws_secret_access_key=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 ; prod\n',
      errors: [
        { at: 'AKIAI44QH7DHBWQ3PZKA', message: shape('an AWS access key id', 'AKIA********') },
        { at: 'ZH6HDV/EolIbS2UTxbLplGpukOdaGmlq9MtAg1Xv', message: shape('an AWS secret access key', 'ZH6H********') },
      ],
    },
    {
      name: 'CFN: an access key id in a tag',
      format: 'cloudformation',
      code: 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags:\n        - Key: Owner\n          Value: AKIAI44QH7DHBWQ3PZKA\n',
      errors: [{ at: 'AKIAI44QH7DHBWQ3PZKA', message: shape('an AWS access key id', 'AKIA********') }],
    },
    {
      name: 'TF: a private key in an SSH key body (heredoc)',
      format: 'terraform',
      code: `resource "aws_transfer_ssh_key" "k" {\n  server_id = "s-1"\n  user_name = "u"\n  body      = <<EOT\n${PEM}\nEOT\n}\n`,
      errors: [{ at: PEM, message: shape('a private key', '-----BEGIN PRIVATE KEY (masked)-----') }],
    },
    {
      name: 'TF: a Google API key in container definitions with interpolations',
      format: 'terraform',
      code: code`
        resource "aws_ecs_task_definition" "app" {
          family                = "app"
          container_definitions = <<EOF
        [{"name": "app", "environment": [
          {"name": "RDS_HOST", "value": "\${aws_db_instance.db.address}"},
          {"name": "MAPS_KEY", "value": "AIzaSyD4BPAvDHL4CiRcFORdoUCpqwVuVz1F9r8"}
        ]}]
        EOF
        }
      `,
      errors: [{ at: 'AIzaSyD4BPAvDHL4CiRcFORdoUCpqwVuVz1F9r8', message: shape('a Google API key', 'AIza********') }],
    },
    {
      name: 'TF: a secret in a local and a Lambda environment map',
      format: 'terraform',
      code: code`
        locals {
          db_password = "local-literal-pw"
        }

        resource "aws_lambda_function" "f" {
          function_name = "f"
          environment {
            variables = {
              GITHUB_TOKEN = "not-a-real-token-1"
            }
          }
        }
      `,
      errors: [
        { at: '"local-literal-pw"', message: msg('db_password', 'loca********') },
        { at: '"not-a-real-token-1"', message: msg('GITHUB_TOKEN', 'not-********'), fixes: [{ output: "locals {\n  db_password = \"local-literal-pw\"\n}\n\nresource \"aws_lambda_function\" \"f\" {\n  function_name = \"f\"\n  environment {\n    variables = {\n      GITHUB_TOKEN = var.f_github_token\n    }\n  }\n}\n\nvariable \"f_github_token\" {\n  type      = string\n  sensitive = true\n}\n", title: "Move the value to a new sensitive variable f_github_token (unsafe: every plan and apply must now pass it; revoke the old value)" }] },
      ],
    },
    {
      name: 'CFN: the literal default of a NoEcho parameter',
      format: 'cloudformation',
      code: 'Parameters:\n  AdminSecret:\n    Type: String\n    NoEcho: true\n    Default: default-admin-pw\n  Env:\n    Type: String\n    Default: prod\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n',
      errors: [{ at: 'default-admin-pw', message: msg('The default of the parameter AdminSecret', 'defa********') }],
    },
    {
      name: 'TF: the literal default of a variable named like a password',
      format: 'terraform',
      code: 'variable "db_password" {\n  type    = string\n  default = "default-db-pw"\n}\n\nvariable "db_user" {\n  default = "app"\n}\n',
      errors: [{ at: '"default-db-pw"', message: msg('The default of the variable db_password', 'def********') }],
    },
    {
      name: 'TF JSON: an access key id in user data',
      format: 'terraform-json',
      code: JSON.stringify({ resource: { aws_instance: { web: { ami: 'ami-1', user_data: 'export AWS_ACCESS_KEY_ID=AKIAI44QH7DHBWQ3PZKA' } } } }, null, 2) + '\n',
      errors: [{ at: 'AKIAI44QH7DHBWQ3PZKA', message: shape('an AWS access key id', 'AKIA********') }],
    },
  ],
  corpus: corpus(),
});
