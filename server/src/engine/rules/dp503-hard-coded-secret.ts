import { inputName, type FixSpec } from '../fixes/ops';
import type { Model } from '../model/model';
import { parameterNameOf, secretParameterName, secretValues, settingValues, type SecretValue } from '../model/settings';
import { mask } from '../redact';
import type { Span } from '../types';
import type { Tree } from '../model/model';
import { credentialsIn, type CredentialHit } from './lib/sensitive';
import { code, defineRule } from './rule';
import { OwnerMemo } from '../model/memo';
import { textCharsOf } from '../model/text-scan';

/**
 * Credential material of a file's text, once per parse: the trees of a module's other files are
 * kept while their text is unchanged, so a keystroke scans only the edited file.
 */
const credentialsOfTree = new OwnerMemo<Tree, CredentialHit[]>();
function credentialsOf(t: Tree): CredentialHit[] {
  let c = credentialsOfTree.get(t);
  if (!c) credentialsOfTree.set(t, (c = credentialsIn(t.text, textCharsOf(t))));
  return c;
}

/**
 * The fix: declare a new secret input (a NoEcho parameter, a sensitive variable) and use it where
 * the literal was. Unsafe: every deployment must now pass the value (and the literal, already in
 * the repository's history, must be revoked). Not for an input's own default, nor where the value
 * sits outside a resource, provider or module call; inside JSON held as text the renderer writes
 * a Terraform template reference in place, or withholds the fix.
 */
function moveToInput(model: Model, s: SecretValue): FixSpec[] {
  const r = s.resource;
  if (!r || !s.parent || !s.key || s.name.startsWith('The default of ')) return [];
  const owner = r.format === 'cloudformation' ? r.id : r.id.slice(r.id.lastIndexOf('.') + 1);
  const words = [owner, s.name.startsWith('The ') ? s.key : s.name];
  const taken = (n: string) => model.inputs.some((i) => i.name === n && (r.format === 'cloudformation' ? i.file === r.file : i.format !== 'cloudformation'));
  let name = inputName(r.format, words);
  for (let i = 2; taken(name) && i < 100; i++) name = inputName(r.format, [...words, String(i)]);
  const cfn = r.format === 'cloudformation';
  return [
    {
      title: cfn
        ? `Move the value to a new NoEcho parameter ${name} (unsafe: every deployment must now pass it; revoke the old value)`
        : `Move the value to a new sensitive variable ${name} (unsafe: every plan and apply must now pass it; revoke the old value)`,
      applicability: 'unsafe',
      ops: [
        { op: 'addInput', near: r, name, sensitive: true },
        { op: 'setValue', slot: { file: s.file, dialect: s.dialect, parent: s.parent, path: [s.key], node: s.node }, value: { $input: name } },
      ],
    },
  ];
}

export const dp503 = defineRule({
  meta: {
    id: 'DP503',
    name: 'hard-coded-secret',
    category: 'sensitive-data',
    defaultSeverity: 'error',
    summary: 'A password, key or token is written in the file: a literal where a secret goes, or credential material (a private key, an AWS access key, a token) anywhere.',
    description: [
      'A password written in a template or module is in the repository, in every copy of it and, for CloudFormation, in',
      'the template AWS stores with the stack. AWS: "Do not embed credentials in your templates"; use dynamic references',
      'to Secrets Manager or SSM Parameter Store (`{{resolve:secretsmanager:...}}`), a `NoEcho` parameter, or, in',
      'Terraform, a `sensitive` variable or a data source.',
      '',
      'The rule reports two things.',
      '',
      '- A literal string where a secret goes: a property or argument that holds a password, key or token',
      '  (`MasterUserPassword`, `Password` and every key ending in `Password` or `Passphrase`, `SecretString`,',
      '  `AuthToken`, `AccessToken`, `ClientSecret`, `PrivateKey`, `Token` of a CodeBuild source credential...;',
      '  Terraform `password`, `*_password`, `secret_key`, `secret_string`, `auth_token`, `private_key`,',
      '  `client_secret`, `token`; `access_key` of a provider; the list is `secrets` in `data/settings.json`),',
      '  and an environment variable whose name ends in `PASSWORD`, `SECRET`, `SECRET_KEY`, `API_KEY`, `TOKEN`,',
      '  `PRIVATE_KEY` or `CLIENT_SECRET` (a key of a Lambda `Variables` map, the `Name` of an ECS `Name`/`Value`',
      '  item; also inside JSON held as text, such as ECS container definitions in a Terraform heredoc or quoted string:',
      '  `data/json-text.json`). A reference (`!Ref DbPassword`, `var.db_password`), an interpolation, a dynamic reference, an',
      '  environment reference (`$DB_PASSWORD`), a placeholder (`<password>`, or the key\'s own name as in',
      '  `client_secret = "client_secret"`), an empty string and, for an',
      '  environment variable, an ARN or a parameter path (`/prod/db/password`) are not reported.',
      '- An SSM parameter that holds a secret: the literal value of a Terraform `SecureString` parameter, or of any',
      '  parameter whose name says it is a secret (its last path segment read as an environment variable name:',
      '  `/prod/db/password`, `db-password`; not `/app/token-url`); and such a parameter stored as a plain `String` or',
      '  `StringList`, which is unencrypted and shown in clear to anyone allowed to read parameters. In Terraform the fix',
      '  sets `type = "SecureString"` (unsafe: readers must ask for decryption and be allowed `kms:Decrypt`);',
      '  CloudFormation cannot create SecureString parameters, so the advice there is Secrets Manager or a SecureString',
      '  created outside the stack and read with `{{resolve:ssm-secure:...}}`.',
      '- The literal default of an input that holds a secret: a `NoEcho` parameter, a `sensitive` variable, or one',
      '  named like a secret (`DbPassword`, `db_password`): the default is written in the template and used whenever',
      '  the deployment does not give a value.',
      '- Credential material anywhere in the file (user data, scripts, environment, comments): PEM and PuTTY',
      '  private keys, AWS access key ids (`AKIA`, `ASIA`, `ABIA`, `ACCA` and 16 base32 characters), AWS secret',
      '  access keys written with their name (`AWS_SECRET_ACCESS_KEY=…`), and tokens of known formats (Google',
      '  API keys, GitHub, GitLab, Slack, Stripe live and npm tokens, Slack webhook URLs). AWS\'s documentation',
      '  credentials (`AKIAIOSFODNN7EXAMPLE`, anything ending in `EXAMPLE` or `EXAMPLEKEY`) are not credentials',
      '  and are not reported this way (a literal in a password property still is). In an AWS CLI/SDK credentials or',
      '  config file in the workspace (`.aws/credentials`, `.aws/config`) the same keys are reported: keep that file in',
      '  the home folder, or use `credential_process`, IAM Identity Center (`sso_session`) or a role instead.',
      '',
      'The message says what was found and shows it masked. For a literal where a secret goes, a fix moves it out of',
      'the file: it declares a new input (CloudFormation: a `Parameters` entry with `Type: String` and `NoEcho: true`,',
      'written `!Ref Name` or `{"Ref": "Name"}` in the file\'s style; Terraform: a `variable` block with `type = string` and',
      '`sensitive = true` right after the resource, and `var.name` where the literal was). The fix is unsafe: every',
      'deployment must now pass the value, and the old one, still in the repository\'s history, must be revoked. Inside',
      'JSON held as text in Terraform (container definitions in a heredoc or a string), which Terraform reads as a template,',
      'the literal becomes `"${var.name}"` in place where the file writes it without an escape. It is not offered inside',
      'JSON text in CloudFormation, for an input\'s own default, or for credential material found in free text.',
    ].join('\n'),
    fix: 'unsafe',
    formats: ['cloudformation', 'terraform', 'terraform-json', 'aws-config'],
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
      {
        title: 'Access keys in an AWS credentials file in the repository',
        format: 'aws-config',
        fileName: '.aws/credentials',
        bad: code`
          [deploy]
          aws_access_key_id = AKIAI44QH7DHBWQ3PZKA
          aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
        `,
        good: code`
          [deploy]
          credential_process = /usr/local/bin/get-credentials deploy
        `,
      },
    ],
  },
  check(ctx) {
    const reported: { file: string; span: Span }[] = [];
    for (const s of secretValues(ctx.model)) {
      reported.push(s);
      const what = s.name === s.key || s.name.startsWith('The ') ? s.name : `The environment variable ${s.name}`;
      ctx.report({
        file: s.file,
        span: s.span,
        message: `${what} is written as a literal (${mask(s.value)}); keep it in Secrets Manager or SSM Parameter Store and use a dynamic reference, a NoEcho parameter or a sensitive variable.`,
        fixes: () => moveToInput(ctx.model, s),
      });
    }
    // An SSM parameter whose name says it holds a secret, stored as a plain String or StringList.
    for (const t of settingValues(ctx.model, 'ssm-parameter.type')) {
      const v = t.value;
      if (v.state !== 'literal' || v.resolved || (v.value !== 'String' && v.value !== 'StringList')) continue;
      const name = parameterNameOf(ctx.model, t.resource);
      if (!name || !secretParameterName(name)) continue;
      const slot = t.slot;
      const why = `The SSM parameter ${name} holds a secret (its name says so) as a plain ${v.value}, stored unencrypted and shown in clear to anyone allowed to read parameters`;
      ctx.report({
        file: t.resource.file,
        span: v.span,
        message:
          t.resource.format === 'cloudformation'
            ? `${why}; CloudFormation cannot create SecureString parameters, so keep the secret in Secrets Manager or create the SecureString outside the stack and use {{resolve:ssm-secure:...}} where it is needed.`
            : `${why}; make it a SecureString (encrypted with KMS).`,
        fixes:
          t.resource.format === 'cloudformation' || !slot
            ? undefined
            : () => [{ title: 'Store the parameter as a SecureString (unsafe: readers must ask for decryption and be allowed kms:Decrypt)', applicability: 'unsafe', ops: [{ op: 'setValue', slot, value: 'SecureString' }] }],
      });
    }
    for (const t of ctx.model.trees) {
      const found = credentialsOf(t);
      if (!found.length) continue;
      const mine = reported.filter((r) => r.file === t.file).map((r) => r.span);
      for (const h of found) {
        // Already reported as a literal secret; or the user information of a URL (DP502's).
        if (mine.some((m) => h.start < m.end && m.start < h.end) || t.text[h.end] === '@') continue;
        ctx.report({
          file: t.file,
          span: { start: h.start, end: h.end },
          message: `This is ${h.what} (${h.masked}) written in the file; anyone who can read the repository or the deployed configuration can use it, so revoke it and keep it in a secret store.`,
        });
      }
    }
  },
});
