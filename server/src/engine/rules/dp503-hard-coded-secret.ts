import type { Resource } from '../model/model';
import { mask } from '../redact';
import { code, defineRule } from './rule';

/**
 * Keys whose value is a secret, as the CloudFormation resource specification and the Terraform AWS
 * provider name them (one neutral list: the names do not collide across formats).
 */
const SECRET_KEYS = new Set([
  'MasterUserPassword',
  'Password',
  'SecretString',
  'AuthToken',
  'password',
  'master_password',
  'secret_key',
  'secret_string',
  'auth_token',
]);
/** Keys that are secrets only in a provider configuration (`access_key` of a resource is often an id). */
const PROVIDER_SECRET_KEYS = new Set(['access_key']);
/** Values that are not a literal secret: an interpolation, a dynamic reference, an empty string. */
type VNode = NonNullable<Resource['properties']>['entries'][number]['value'];

const NOT_LITERAL = /\$\{|\{\{resolve:|^\s*$/;

export const dp503 = defineRule({
  meta: {
    id: 'DP503',
    name: 'hard-coded-secret',
    category: 'sensitive-data',
    defaultSeverity: 'error',
    summary: 'A password, secret string, auth token or provider key is written as a literal instead of coming from a secret store or a sensitive input.',
    description: [
      'A password written in a template or module is in the repository, in every copy of it and, for CloudFormation, in',
      'the template AWS stores with the stack. AWS: "Do not embed credentials in your templates"; use dynamic references',
      'to Secrets Manager or SSM Parameter Store (`{{resolve:secretsmanager:...}}`), a `NoEcho` parameter, or, in',
      'Terraform, a `sensitive` variable or a data source.',
      '',
      'The rule reports a literal string written for `MasterUserPassword`, `Password`, `SecretString` or `AuthToken` in',
      'CloudFormation, `password`, `master_password`, `secret_key`, `secret_string` or `auth_token` in Terraform, and',
      '`access_key` of a Terraform provider. A reference (`!Ref DbPassword`, `var.db_password`), an interpolation, a',
      'dynamic reference and an empty string are not reported. The message shows the value masked.',
    ].join('\n'),
    fix: 'none',
    formats: ['cloudformation', 'terraform', 'terraform-json'],
    examples: [
      {
        title: 'A database password in CloudFormation',
        format: 'cloudformation',
        fileName: 'template.yaml',
        bad: code`
          Resources:
            Db:
              Type: AWS::RDS::DBInstance
              Properties:
                Engine: postgres
                MasterUsername: app
                MasterUserPassword: hunter2-but-longer
        `,
        good: code`
          Resources:
            Db:
              Type: AWS::RDS::DBInstance
              Properties:
                Engine: postgres
                MasterUsername: app
                MasterUserPassword: '{{resolve:secretsmanager:prod/db:SecretString:password}}'
        `,
      },
      {
        title: 'A database password in Terraform',
        format: 'terraform',
        fileName: 'main.tf',
        bad: code`
          resource "aws_db_instance" "db" {
            engine   = "postgres"
            username = "app"
            password = "hunter2-but-longer"
          }
        `,
        good: code`
          resource "aws_db_instance" "db" {
            engine   = "postgres"
            username = "app"
            password = var.db_password
          }
        `,
      },
      {
        title: 'A database password in Terraform JSON',
        format: 'terraform-json',
        fileName: 'main.tf.json',
        bad: code`
          {
            "resource": {
              "aws_db_instance": {
                "db": { "engine": "postgres", "username": "app", "password": "hunter2-but-longer" }
              }
            }
          }
        `,
        good: code`
          {
            "resource": {
              "aws_db_instance": {
                "db": { "engine": "postgres", "username": "app", "password": "\${var.db_password}" }
              }
            }
          }
        `,
      },
    ],
  },
  check(ctx) {
    const providers = new Set(ctx.model.providers);
    const visit = (r: Resource, n: VNode) => {
      if (n.kind === 'array') for (const it of n.items) visit(r, it);
      if (n.kind !== 'object') return;
      for (const e of n.entries) {
        const v = e.value;
        const secret = SECRET_KEYS.has(e.key) || (PROVIDER_SECRET_KEYS.has(e.key) && providers.has(r));
        // Only a string written as the value itself: a reference or intrinsic (`!Ref`, `var.x`) is not a literal.
        if (secret && v.kind === 'string' && !v.embedded && !NOT_LITERAL.test(String(v.value))) {
          ctx.report({
            file: r.file,
            span: v.span,
            message: `${e.key} is written as a literal (${mask(String(v.value))}); keep it in Secrets Manager or SSM Parameter Store and use a dynamic reference, a NoEcho parameter or a sensitive variable.`,
          });
        } else visit(r, v);
      }
    };
    for (const r of [...ctx.model.resources, ...ctx.model.providers]) if (r.mode !== 'data' && r.properties) visit(r, r.properties);
  },
});
