import { dp502 } from '../engine/rules/dp502-credentials-in-url';
import { code } from '../engine/rules/rule';
import { testRule } from '../engine/rules/tester';
import { corpus } from './fixtures';
import { cfnBlock, cfnJson as cfnJsonText, cfnQuoted, tfHeredoc, tfJson as tfJsonText, tfQuoted, type Env } from './json-text-cases';

/** JSON held as text (data/json-text.json), in every way each format writes it. */
const JSON_TEXT: [string, (env: Env) => string, string][] = [
  ['TF heredoc container_definitions', tfHeredoc, 'main.tf'],
  ['TF quoted container_definitions', tfQuoted, 'main.tf'],
  ['TF JSON container_definitions string', tfJsonText, 'main.tf.json'],
  ['CFN YAML state machine DefinitionString block', cfnBlock, 'template.yaml'],
  ['CFN YAML events rule Input single-quoted', (env) => cfnQuoted(env, "'"), 'template.yaml'],
  ['CFN YAML events rule Input double-quoted', (env) => cfnQuoted(env, '"'), 'template.yaml'],
  ['CFN JSON events rule Input string', cfnJsonText, 'template.json'],
];
const dbUrl = (url: string): Env => [['DATABASE_URL', `"${url}"`]];

const msg = (masked: string) => `This URL has a literal password (${masked}) in it; a URL is stored and logged as written, so keep the password in a secret store and reference it.`;

const cfn = (url: string) => code`
  Resources:
    Network:
      Type: AWS::CloudFormation::Stack
      Properties:
        TemplateURL: ${url}
`;

const tf = (value: string) => code`
  resource "aws_ssm_parameter" "broker" {
    name  = "/app/broker-url"
    type  = "String"
    value = ${value}
  }
`;

const tfJson = (url: string) => JSON.stringify({ variable: { database_url: { default: url } } }, null, 2) + '\n';

const policy = (url: string) =>
  JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sns:Subscribe', Resource: 'arn:aws:sns:us-east-1:123456789012:orders', Condition: { StringEquals: { 'sns:Endpoint': url } } }],
    },
    null,
    2,
  ) + '\n';

testRule(dp502, {
  valid: [
    ...JSON_TEXT.map(([name, build, file]) => ({ name: `JSON text, ${name}: no password in the URL`, file, code: build(dbUrl('postgres://app@db.internal:5432/orders')) })),
    { name: 'CFN: no user information', format: 'cloudformation', code: cfn('https://templates.example.com/network.yaml') },
    { name: 'CFN: a user without a password', format: 'cloudformation', code: cfn('https://deploy@templates.example.com/network.yaml') },
    { name: 'CFN: a port is not a password', format: 'cloudformation', code: cfn('https://templates.example.com:8443/network.yaml') },
    { name: 'CFN: @ in the path', format: 'cloudformation', code: cfn('https://templates.example.com/a:b@c/network.yaml') },
    { name: 'CFN: @ in the query', format: 'cloudformation', code: cfn('https://templates.example.com/t?user=a:b@c') },
    { name: 'CFN: @ in the fragment', format: 'cloudformation', code: cfn('https://templates.example.com/t#a:b@c') },
    { name: 'CFN: Sub variables', format: 'cloudformation', code: cfn("!Sub 'https://${User}:${Password}@templates.example.com/network.yaml'") },
    { name: 'CFN: a dynamic reference', format: 'cloudformation', code: cfn("'https://deploy:{{resolve:secretsmanager:deploy:SecretString:password}}@templates.example.com/n.yaml'") },
    { name: 'CFN: git SSH syntax', format: 'cloudformation', code: cfn('git@github.com:org/repo.git') },
    { name: 'CFN: a placeholder', format: 'cloudformation', code: cfn("'https://user:<password>@templates.example.com/n.yaml'") },
    { name: 'TF: interpolated credentials', format: 'terraform', code: tf('"amqps://${var.user}:${var.password}@broker.example.com:5671"') },
    { name: 'TF: an environment variable', format: 'terraform', code: tf('"postgres://app:$DB_PASSWORD@db.example.com/app"') },
    { name: 'TF JSON: no credentials', format: 'terraform-json', code: tfJson('postgres://db.example.com:5432/app') },
    { name: 'IAM: no credentials', format: 'iam-json', code: policy('https://hooks.example.com/orders?by=a:b@c') },
  ],
  invalid: [
    ...JSON_TEXT.map(([name, build, file]) => ({
      name: `JSON text, ${name}: a password in a URL, masked, at its exact text`,
      file,
      code: build(dbUrl('postgres://app:s3cr3t-pw@db.internal:5432/orders')),
      errors: [{ at: 's3cr3t-pw', message: msg('s3*******') }],
    })),
    { name: 'CFN: a literal password', format: 'cloudformation', code: cfn('https://deploy:hunter2@templates.example.com/network.yaml'), errors: [{ at: 'hunter2', message: msg('h******') }] },
    {
      name: 'CFN: a literal password with an interpolated host',
      format: 'cloudformation',
      code: cfn("!Sub 'https://deploy:sekret-value@${Host}/network.yaml'"),
      errors: [{ at: 'sekret-value', message: msg('sek********') }],
    },
    { name: 'TF: a literal password and a port', format: 'terraform', code: tf('"amqps://app:hunter2@broker.example.com:5671"'), errors: [{ at: 'hunter2', message: msg('h******') }] },
    { name: 'TF JSON: a literal password', format: 'terraform-json', code: tfJson('postgres://app:hunter2@db.example.com:5432/app'), errors: [{ at: 'hunter2', message: msg('h******') }] },
    {
      name: 'TF: a GitHub token as the user information of a clone URL',
      format: 'terraform',
      code: tf('"https://ghp_a1B2a1B2a1B2a1B2a1B2a1B2a1B2a1B2a1B2@github.com/org/infra.git"'),
      errors: [{ at: 'ghp_a1B2a1B2a1B2a1B2a1B2a1B2a1B2a1B2a1B2', message: 'This URL has a token (ghp_********) as its user information; a URL is stored and logged as written, so keep the token in a secret store and reference it.' }],
    },
    { name: 'IAM: a literal password', format: 'iam-json', code: policy('https://hook:hunter2@hooks.example.com/orders'), errors: [{ at: 'hunter2', message: msg('h******') }] },
  ],
  corpus: corpus(),
});
