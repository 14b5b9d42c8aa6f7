import { awsProfiles, profileSetting } from '../model/aws-config';
import { stringValues, type StringValue } from '../model/settings';
import { GatedPattern } from '../model/text-scan';
import { fipsSeverity } from './lib/fips';
import { code, defineRule } from './rule';

const VAR = 'AWS_USE_FIPS_ENDPOINT';
/** The variable's name in a file's text, any case; a text without an underscore is ruled out by a byte search. */
export const FIPS_VARIABLE_HINT = new GatedPattern(/AWS_USE_FIPS_ENDPOINT/i, ['_']);

/** The `Value` of a `{Name: AWS_USE_FIPS_ENDPOINT, Value: ...}` pair (ECS container environments, CodeBuild and Batch lists). */
function isPairValue(s: StringValue): boolean {
  if (!s.parent || s.key?.toLowerCase() !== 'value') return false;
  const n = s.parent.entries.find((e) => e.key.toLowerCase() === 'name')?.value;
  return n?.kind === 'string' && String(n.value).toUpperCase() === VAR;
}

export const dp403 = defineRule({
  meta: {
    id: 'DP403',
    name: 'fips-disabled-in-environment',
    category: 'fips-endpoint',
    defaultSeverity: 'info',
    summary: 'An environment variable map sets AWS_USE_FIPS_ENDPOINT to false, or an AWS config file profile sets use_fips_endpoint to false.',
    description: [
      'The AWS SDKs and the AWS CLI read `AWS_USE_FIPS_ENDPOINT`: `true` makes them resolve FIPS endpoints, which',
      'terminate TLS with a FIPS validated module. AWS: "If you require FIPS 140-2 validated cryptographic modules when',
      'accessing AWS through a command line interface or an API, use a FIPS endpoint." Setting it to `false` for a Lambda',
      'function, a container or a build turns FIPS endpoints off for every SDK call that code makes, whatever the shared',
      'config file says.',
      '',
      'The rule reports a value `false` written for a key named `AWS_USE_FIPS_ENDPOINT` (any case) in any map: Lambda',
      '`Environment.Variables` / `environment { variables }`, SAM `Globals`, CodeBuild or Batch maps, Terraform locals... A',
      'variable that is not set is not reported (the SDK default is the shared config file\'s `use_fips_endpoint`, else',
      'false; DP402 covers the Terraform provider). Lists of `Name`/`Value` pairs are read too: an ECS container',
      '`Environment` in CloudFormation, `environment = [{ name = "AWS_USE_FIPS_ENDPOINT", value = "false" }]` in Terraform',
      '`container_definitions = jsonencode(...)`, CodeBuild `EnvironmentVariables`. JSON held as text in a property is read',
      'too (container definitions in a heredoc or a quoted string, a state machine `DefinitionString`, an event `Input`:',
      'the list is `data/json-text.json`). Not covered: text read from another file (`file()`, `templatefile()`). The',
      'fix writes `true` where the value is a quoted string (inside JSON text, where the file writes `false` without an',
      'escape); an unquoted `false` is reported without a fix.',
      '',
      'The same switch in the AWS SDK/CLI shared config files of the workspace (`.aws/config`, `.aws/credentials`):',
      '`use_fips_endpoint = false` (any case) in a profile (`[default]`, `[profile name]`, a credentials file\'s `[name]`)',
      'turns FIPS endpoints off for every call made with that profile; the fix writes `true`. One rule for both: they are',
      'the one SDK setting, written in the environment or in the file. `use_fips_endpoint` in a `[services ...]` or',
      '`[sso-session ...]` section is not a setting the SDKs read there and is not reported; a profile that does not set',
      'it at all is DP404\'s.',
      '',
      '**Severity.** Information by default; warning when the project says FIPS is required (`fips: required` in',
      '`.awsdp.yaml`, or the `awsdp.fips.required` editor setting) or when the files target GovCloud. A severity set for the',
      'rule in `rules:` wins over both. In an AWS config file, a profile whose `region` is `us-gov-*` counts as GovCloud.',
    ].join('\n'),
    fix: 'safe',
    formats: ['cloudformation', 'terraform', 'terraform-json', 'aws-config'],
    examples: [
      {
        title: 'A Lambda environment in CloudFormation',
        format: 'cloudformation',
        fileName: 'template.yaml',
        bad: code`
          Resources:
            Worker:
              Type: AWS::Serverless::Function
              Properties:
                Runtime: python3.12
                Handler: app.handler
                CodeUri: src/
                Environment:
                  Variables:
                    AWS_USE_FIPS_ENDPOINT: 'false'
        `,
        good: code`
          Resources:
            Worker:
              Type: AWS::Serverless::Function
              Properties:
                Runtime: python3.12
                Handler: app.handler
                CodeUri: src/
                Environment:
                  Variables:
                    AWS_USE_FIPS_ENDPOINT: 'true'
        `,
      },
      {
        title: 'A Lambda environment in Terraform',
        format: 'terraform',
        fileName: 'main.tf',
        bad: code`
          resource "aws_lambda_function" "worker" {
            function_name = "worker"
            role          = aws_iam_role.worker.arn
            handler       = "app.handler"
            runtime       = "python3.12"
            filename      = "worker.zip"

            environment {
              variables = {
                AWS_USE_FIPS_ENDPOINT = "false"
              }
            }
          }
        `,
        good: code`
          resource "aws_lambda_function" "worker" {
            function_name = "worker"
            role          = aws_iam_role.worker.arn
            handler       = "app.handler"
            runtime       = "python3.12"
            filename      = "worker.zip"

            environment {
              variables = {
                AWS_USE_FIPS_ENDPOINT = "true"
              }
            }
          }
        `,
      },
      {
        title: 'A profile in an AWS CLI/SDK config file',
        format: 'aws-config',
        fileName: '.aws/config',
        bad: code`
          [profile deploy]
          region = us-east-1
          use_fips_endpoint = false
        `,
        good: code`
          [profile deploy]
          region = us-east-1
          use_fips_endpoint = true
        `,
      },
      {
        title: 'A CodeBuild-style map in Terraform JSON',
        format: 'terraform-json',
        fileName: 'main.tf.json',
        bad: code`
          {
            "locals": { "build_env": { "AWS_USE_FIPS_ENDPOINT": "false" } }
          }
        `,
        good: code`
          {
            "locals": { "build_env": { "AWS_USE_FIPS_ENDPOINT": "true" } }
          }
        `,
      },
    ],
  },
  check(ctx) {
    // Most files never name the variable: files whose text cannot (escape-aware, per file) are not walked.
    const values = stringValues(ctx.model, { filter: (v) => v.length === 5 && v.toLowerCase() === 'false', scalars: true, embedded: true, textHint: FIPS_VARIABLE_HINT });
    const severity = fipsSeverity(ctx);
    for (const s of values) {
      if (s.key?.toUpperCase() !== VAR && !isPairValue(s)) continue;
      // A quoted string (in JSON held as text too, where the renderer edits it in place if it can).
      const quoted = s.node.kind === 'string';
      ctx.report({
        file: s.file,
        span: s.span,
        message: `${VAR} is false here, so the AWS SDKs and CLI of this environment call standard endpoints instead of FIPS endpoints.`,
        fixes: quoted ? () => [{ title: `Set ${VAR} to true`, applicability: 'safe', ops: [{ op: 'replaceInString', file: s.file, node: s.node, start: 0, end: s.value.length, text: 'true' }] }] : undefined,
        severity: severity(false),
      });
    }
    // AWS config files: use_fips_endpoint = false in a profile.
    for (const p of awsProfiles(ctx.model)) {
      if (p.kind !== 'profile') continue;
      const s = profileSetting(p, 'use_fips_endpoint');
      const v = s.value;
      if (v.state !== 'literal' || v.value.toLowerCase() !== 'false') continue;
      const region = profileSetting(p, 'region').value;
      ctx.report({
        file: p.file,
        span: v.span,
        message: `use_fips_endpoint is false in the ${p.name === 'default' ? 'default profile' : `profile ${p.name}`}, so the AWS SDKs and CLI call standard endpoints instead of FIPS endpoints with it.`,
        fixes: () => [{ title: 'Set use_fips_endpoint = true', applicability: 'safe', ops: [{ op: 'setValue', slot: s.slot, value: true }] }],
        severity: severity(region.state === 'literal' && region.value.startsWith('us-gov-')),
      });
    }
  },
});
