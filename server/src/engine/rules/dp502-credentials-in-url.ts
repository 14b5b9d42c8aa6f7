import { spanInString, stringValues } from '../model/settings';
import { mask } from '../redact';
import { mayHoldUrlCredential, urlCredentials } from './lib/sensitive';
import { code, defineRule } from './rule';

export const dp502 = defineRule({
  meta: {
    id: 'DP502',
    name: 'credentials-in-url',
    category: 'sensitive-data',
    defaultSeverity: 'error',
    summary: 'A URL carries a literal password or a token in its user information (`scheme://user:password@host`, `https://ghp_…@github.com`).',
    description: [
      'AWS: "When you provide a URL to an external server, we strongly recommend that you do not include credentials',
      'information in the URL to validate your request to that server." A password in a URL is stored in the template,',
      'in the deployed configuration and in every log line that prints the URL.',
      '',
      'The rule reads every string of the file, finds each `scheme://` and takes the authority: what follows `//` up to',
      'the first `/`, `?` or `#`. It reports when the user information before the last `@` of the authority has a',
      'password, or when the whole user information is a token of a known format (GitHub `ghp_…`, `github_pat_…` or 40',
      'hexadecimal characters, GitLab `glpat-…`: `https://TOKEN@github.com/org/repo.git`). Not a finding: a password that is an interpolation (`${var.password}`, `!Sub ${Password}`), a dynamic',
      'reference (`{{resolve:secretsmanager:...}}`), an environment variable (`$PASSWORD`) or a placeholder',
      '(`<password>`, `****`); an `@` in a path or query string; `git@host:path` SSH syntax; a host with a port.',
      '',
      'The message shows the password masked. There is no automatic fix: keep the password in Secrets Manager or SSM',
      'Parameter Store and build the URL from a dynamic reference or a sensitive variable.',
    ].join('\n'),
    fix: 'none',
    formats: ['iam-json', 'cloudformation', 'terraform', 'terraform-json'],
    examples: [
      {
        title: 'A nested stack template URL in CloudFormation',
        format: 'cloudformation',
        fileName: 'template.yaml',
        bad: code`
          Resources:
            Network:
              Type: AWS::CloudFormation::Stack
              Properties:
                TemplateURL: https://deploy:hunter2@templates.example.com/network.yaml
        `,
        good: code`
          Resources:
            Network:
              Type: AWS::CloudFormation::Stack
              Properties:
                TemplateURL: https://templates.example.com/network.yaml
        `,
      },
      {
        title: 'A broker URL in Terraform',
        format: 'terraform',
        fileName: 'main.tf',
        bad: code`
          resource "aws_ssm_parameter" "broker" {
            name  = "/app/broker-url"
            type  = "String"
            value = "amqps://app:hunter2@broker.example.com:5671"
          }
        `,
        good: code`
          resource "aws_ssm_parameter" "broker" {
            name  = "/app/broker-url"
            type  = "String"
            value = "amqps://\${var.broker_user}:\${var.broker_password}@broker.example.com:5671"
          }
        `,
      },
      {
        title: 'A Terraform JSON variable default',
        format: 'terraform-json',
        fileName: 'main.tf.json',
        bad: code`
          {
            "variable": {
              "database_url": { "default": "postgres://app:hunter2@db.example.com:5432/app" }
            }
          }
        `,
        good: code`
          {
            "variable": {
              "database_url": { "default": "postgres://db.example.com:5432/app" }
            }
          }
        `,
      },
      {
        title: 'A policy condition with a URL',
        format: 'iam-json',
        fileName: 'topic-policy.json',
        bad: code`
          {
            "Version": "2012-10-17",
            "Statement": [{
              "Effect": "Allow",
              "Principal": { "AWS": "arn:aws:iam::123456789012:root" },
              "Action": "sns:Subscribe",
              "Resource": "arn:aws:sns:us-east-1:123456789012:orders",
              "Condition": { "StringEquals": { "sns:Endpoint": "https://hook:hunter2@hooks.example.com/orders" } }
            }]
          }
        `,
        good: code`
          {
            "Version": "2012-10-17",
            "Statement": [{
              "Effect": "Allow",
              "Principal": { "AWS": "arn:aws:iam::123456789012:root" },
              "Action": "sns:Subscribe",
              "Resource": "arn:aws:sns:us-east-1:123456789012:orders",
              "Condition": { "StringEquals": { "sns:Endpoint": "https://hooks.example.com/orders" } }
            }]
          }
        `,
      },
    ],
  },
  check(ctx) {
    // User information ends with `@`: a file whose text has none (and no escape that could spell one) is not walked.
    for (const s of stringValues(ctx.model, { filter: mayHoldUrlCredential, embedded: true, textHint: /@/ })) {
      for (const c of urlCredentials(s.value)) {
        ctx.report({
          file: s.file,
          span: spanInString(ctx.model, s, c.start, c.end),
          message:
            c.kind === 'token'
              ? `This URL has a token (${mask(c.password)}) as its user information; a URL is stored and logged as written, so keep the token in a secret store and reference it.`
              : `This URL has a literal password (${mask(c.password)}) in it; a URL is stored and logged as written, so keep the password in a secret store and reference it.`,
        });
      }
    }
  },
});
