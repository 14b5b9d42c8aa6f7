import { dp403 } from '../engine/rules/dp403-fips-disabled-in-environment';
import { code } from '../engine/rules/rule';
import { testRule } from '../engine/rules/tester';
import { corpus } from './fixtures';
import { cfnBlock, cfnJson, cfnQuoted, tfHeredoc, tfJson as tfJsonText, tfQuoted, type Env } from './json-text-cases';

const fipsEnv = (value: string): Env => [
  ['LOG_LEVEL', '"info"'],
  ['AWS_USE_FIPS_ENDPOINT', value],
];

/** JSON held as text (data/json-text.json), in every way each format writes it: [name, builder, file, what the finding points at]. */
const JSON_TEXT: [string, (env: Env) => string, string, string][] = [
  ['TF heredoc container_definitions', tfHeredoc, 'main.tf', '"false"'],
  ['TF quoted container_definitions', tfQuoted, 'main.tf', '\\"false\\"'],
  ['TF JSON container_definitions string', tfJsonText, 'main.tf.json', '\\"false\\"'],
  ['CFN YAML state machine DefinitionString block', cfnBlock, 'template.yaml', '"false"'],
  ['CFN YAML state machine DefinitionString !Sub block', (env) => cfnBlock(env, true), 'template.yaml', '"false"'],
  ["CFN YAML events rule Input single-quoted", (env) => cfnQuoted(env, "'"), 'template.yaml', '"false"'],
  ['CFN YAML events rule Input double-quoted', (env) => cfnQuoted(env, '"'), 'template.yaml', '\\"false\\"'],
  ['CFN JSON events rule Input string', cfnJson, 'template.json', '\\"false\\"'],
];

const MSG = 'AWS_USE_FIPS_ENDPOINT is false here, so the AWS SDKs and CLI of this environment call standard endpoints instead of FIPS endpoints.';

const fn = (value: string) => code`
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
            AWS_USE_FIPS_ENDPOINT: ${value}
`;

const tf = (value: string) => code`
  resource "aws_lambda_function" "worker" {
    function_name = "worker"
    role          = "arn:aws:iam::123456789012:role/worker"
    handler       = "app.handler"
    runtime       = "python3.12"
    filename      = "worker.zip"

    environment {
      variables = {
        AWS_USE_FIPS_ENDPOINT = ${value}
      }
    }
  }
`;

const tfJson = (value: unknown) => JSON.stringify({ locals: { build_env: { AWS_USE_FIPS_ENDPOINT: value } } }, null, 2) + '\n';

/** A CloudFormation ECS task definition whose container environment is a `Name`/`Value` list. */
const ecsCfn = (name: string, value: string) => code`
  Resources:
    Task:
      Type: AWS::ECS::TaskDefinition
      Properties:
        ContainerDefinitions:
          - Name: app
            Image: app:latest
            Environment:
              - Name: LOG_LEVEL
                Value: info
              - Name: ${name}
                Value: ${value}
`;

/** A Terraform ECS task definition: `container_definitions = jsonencode([...])` with an `environment` list. */
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

/** CloudFormation JSON: a CodeBuild project's environment variables (a `Name`/`Value` list). */
const codebuildJson = (value: string) => `{
  "Resources": {
    "Build": {
      "Type": "AWS::CodeBuild::Project",
      "Properties": {
        "Environment": {
          "Type": "LINUX_CONTAINER",
          "Image": "aws/codebuild/standard:7.0",
          "ComputeType": "BUILD_GENERAL1_SMALL",
          "EnvironmentVariables": [{ "Name": "AWS_USE_FIPS_ENDPOINT", "Type": "PLAINTEXT", "Value": ${value} }]
        }
      }
    }
  }
}
`;

/** An AWS CLI/SDK config file with one profile (`header` between the brackets) and its settings. */
const awsConfig = (header: string, settings: string, eol = '\n') => `[${header}]${eol}${settings.split('\n').join(eol)}${eol}`;
const PROFILE_MSG = (who: string) => `use_fips_endpoint is false in the ${who}, so the AWS SDKs and CLI call standard endpoints instead of FIPS endpoints with it.`;

testRule(dp403, {
  valid: [
    { name: 'AWS config: use_fips_endpoint = true', format: 'aws-config', code: awsConfig('profile app', 'region = us-east-1\nuse_fips_endpoint = true') },
    { name: 'AWS config: not set (DP404)', format: 'aws-config', code: awsConfig('default', 'region = us-east-1') },
    { name: 'AWS config: false in a services section is not a setting there', format: 'aws-config', code: awsConfig('services s', 's3 =\n  use_fips_endpoint = false\nuse_fips_endpoint = false') },
    { name: 'AWS config: false in a section the CLI does not read as a profile', format: 'aws-config', code: awsConfig('app', 'use_fips_endpoint = false') },
    { name: 'AWS config: false commented out', format: 'aws-config', code: awsConfig('default', '# use_fips_endpoint = false\n; use_fips_endpoint = false') },
    { name: 'AWS config: false overridden later in the same profile', format: 'aws-config', code: awsConfig('default', 'use_fips_endpoint = false') + awsConfig('default', 'use_fips_endpoint = true') },
    { name: 'CFN: true', format: 'cloudformation', code: fn("'true'") },
    { name: 'CFN: from a parameter', format: 'cloudformation', code: fn('!Ref UseFips') },
    { name: 'CFN: another variable set to false', format: 'cloudformation', code: fn("'true'\n            DEBUG: 'false'") },
    { name: 'TF: true', format: 'terraform', code: tf('"true"') },
    { name: 'TF: from a variable', format: 'terraform', code: tf('var.use_fips') },
    { name: 'TF JSON: true', format: 'terraform-json', code: tfJson('true') },
    { name: 'CFN ECS: Name/Value pair set to true', format: 'cloudformation', code: ecsCfn('AWS_USE_FIPS_ENDPOINT', "'true'") },
    { name: 'CFN ECS: another variable set to false', format: 'cloudformation', code: ecsCfn('DEBUG', "'false'") },
    { name: 'TF ECS: jsonencode pair set to true', format: 'terraform', code: ecsTf('AWS_USE_FIPS_ENDPOINT', '"true"') },
    { name: 'TF ECS: another variable set to false', format: 'terraform', code: ecsTf('DEBUG', '"false"') },
    ...JSON_TEXT.map(([name, build, file]) => ({ name: `JSON text, ${name}: true`, file, code: build(fipsEnv('"true"')) })),
    ...JSON_TEXT.map(([name, build, file]) => ({ name: `JSON text, ${name}: from a template part`, file, code: build(fipsEnv(file.startsWith('main') ? '"${var.use_fips}"' : '"${UseFips}"')) })),
  ],
  invalid: [
    ...JSON_TEXT.map(([name, build, file, at]) => ({
      name: `JSON text, ${name}: false, the fix writes true in place`,
      file,
      code: build(fipsEnv('"false"')),
      errors: [{ at, message: MSG, fixes: [build(fipsEnv('"true"'))] }],
    })),
    ...JSON_TEXT.map(([name, build, file]) => ({
      name: `JSON text, ${name}: false written with an escape: reported, the fix is withheld`,
      file,
      code: build(fipsEnv('"fals\\u0065"')),
      errors: [{ at: build(fipsEnv('"fals\\u0065"')).match(/\\*"fals\\+u0065\\*"/)![0], message: MSG }],
    })),
    { name: 'CFN: quoted false: the fix writes true', format: 'cloudformation', code: fn("'false'"), errors: [{ at: "'false'", message: MSG, fixes: [{ output: fn("'true'"), title: 'Set AWS_USE_FIPS_ENDPOINT to true' }] }] },
    { name: 'CFN: unquoted false (a YAML boolean): reported without a fix', format: 'cloudformation', code: fn('false'), errors: [{ at: 'false', message: MSG }] },
    { name: 'CFN: FALSE in capitals, GovCloud template: warning', format: 'cloudformation', code: fn('"FALSE"\n            TOPIC: arn:aws-us-gov:sns:us-gov-west-1:123456789012:t'), errors: [{ at: '"FALSE"', severity: 'warning', message: MSG, fixes: [fn('"true"\n            TOPIC: arn:aws-us-gov:sns:us-gov-west-1:123456789012:t')] }] },
    { name: 'CFN: fips required', format: 'cloudformation', config: 'fips: required\n', code: fn("'false'"), errors: [{ at: "'false'", severity: 'warning', message: MSG, fixes: [fn("'true'")] }] },
    { name: 'TF: quoted false', format: 'terraform', code: tf('"false"'), errors: [{ at: '"false"', message: MSG, fixes: [tf('"true"')] }] },
    { name: 'TF: boolean false', format: 'terraform', code: tf('false'), errors: [{ at: 'false', message: MSG }] },
    { name: 'TF JSON: string false', format: 'terraform-json', code: tfJson('false'), errors: [{ at: '"false"', message: MSG, fixes: [tfJson('true')] }] },
    {
      name: 'CFN ECS: container environment Name/Value pair: the fix writes true',
      format: 'cloudformation',
      code: ecsCfn('AWS_USE_FIPS_ENDPOINT', "'false'"),
      errors: [{ at: "'false'", message: MSG, fixes: [ecsCfn('AWS_USE_FIPS_ENDPOINT', "'true'")] }],
    },
    {
      name: 'TF ECS: container_definitions jsonencode environment',
      format: 'terraform',
      code: ecsTf('AWS_USE_FIPS_ENDPOINT', '"false"'),
      errors: [{ at: '"false"', message: MSG, fixes: [ecsTf('AWS_USE_FIPS_ENDPOINT', '"true"')] }],
    },
    {
      name: 'AWS config: false in a profile: the fix writes true',
      format: 'aws-config',
      code: awsConfig('profile app', 'region = us-east-1\nuse_fips_endpoint = false'),
      errors: [{ at: 'false', message: PROFILE_MSG('profile app'), fixes: [{ output: awsConfig('profile app', 'region = us-east-1\nuse_fips_endpoint = true'), title: 'Set use_fips_endpoint = true' }] }],
    },
    {
      name: 'AWS config: FALSE without blanks, a comment after it, CRLF',
      format: 'aws-config',
      code: awsConfig('default', 'USE_FIPS_ENDPOINT=FALSE   ; not yet\nregion=us-east-2', '\r\n'),
      errors: [{ at: 'FALSE', message: PROFILE_MSG('default profile'), fixes: [awsConfig('default', 'USE_FIPS_ENDPOINT=true   ; not yet\nregion=us-east-2', '\r\n')] }],
    },
    {
      name: 'AWS config: GovCloud profile: warning',
      format: 'aws-config',
      code: awsConfig('profile gov', 'region = us-gov-east-1\nuse_fips_endpoint = false'),
      errors: [{ at: 'false', severity: 'warning', message: PROFILE_MSG('profile gov'), fixes: [awsConfig('profile gov', 'region = us-gov-east-1\nuse_fips_endpoint = true')] }],
    },
    {
      name: 'AWS credentials file: a profile is any section',
      file: 'home/.aws/credentials',
      format: 'aws-config',
      code: awsConfig('ci', 'use_fips_endpoint = false'),
      config: 'fips: required\n',
      errors: [{ at: 'false', severity: 'warning', message: PROFILE_MSG('profile ci'), fixes: [awsConfig('ci', 'use_fips_endpoint = true')] }],
    },
    { name: 'CFN JSON: CodeBuild EnvironmentVariables pair', file: 'template.json', format: 'cloudformation', code: codebuildJson('"false"'), errors: [{ at: '"false"', message: MSG, fixes: [codebuildJson('"true"')] }] },
  ],
  corpus: corpus(),
});
