import type { FixSpec } from '../fixes/ops';
import { nameValues, sourceText, spanInString, type NameValue } from '../model/settings';
import type { Val } from '../model/model';
import type { Span } from '../types';

/** A value node of the model (the rule API names it through `Val`). */
type VNode = Extract<Val<string>, { state: 'unknown' }>['node'];
import { quoteSource } from '../redact';
import { SensitiveNeeds, sensitiveIn } from './lib/sensitive';
import { code, defineRule } from './rule';

function where(n: NameValue): string {
  if (n.kind === 'tag') return n.key ? `The tag ${quoteSource(n.key)}` : 'A tag value';
  if (n.kind === 'description') return `The ${n.path}`;
  return `The name ${n.path}`;
}

/** The Terraform data source that gives the account id of the provider's credentials. */
const CALLER_IDENTITY = 'aws_caller_identity';

export const dp501 = defineRule({
  meta: {
    id: 'DP501',
    name: 'sensitive-data-in-name-or-tag',
    category: 'sensitive-data',
    defaultSeverity: 'warning',
    summary: 'A name, description or tag value holds identifying data: an e-mail address, a phone number, an account, card, social security or bank account number, a secret-key-shaped string, or a match of the project\'s own patterns.',
    description: [
      'AWS: "We strongly recommend that you never put confidential or sensitive information, such as your customers\'',
      'email addresses, into tags or free-form text fields such as a Name field. This includes when you work with the',
      'console, API, AWS CLI or AWS SDKs. Any data that you enter into tags or free-form text fields used for names may be',
      'used for billing or diagnostic logs." Names, descriptions and tags are copied into logs, billing reports, the',
      'console and every tool that lists resources.',
      '',
      'The rule reads every name-like field written as a literal: CloudFormation properties of the resource specification',
      'that name the resource, every other property named `…Name` at any depth (`SchemaS3Location.BucketName`: the name',
      'of another resource is copied into this one\'s configuration), `Description`, tag values; Terraform `name`,',
      '`*_name`, `name_prefix`, `bucket`, `description`, `tags`, `tags_all`, `*_tags`, in nested blocks too, provider',
      '`default_tags`, and the same arguments of module calls (`default_tags = merge({...})`, `map("Owner", "...")`); a tag',
      'map shared as `local.x` or `var.x` is read once, where the local or the variable\'s default writes it.',
      'A template is read for its literal text, its interpolations left out (`!Sub \'logs-111122223333-${AWS::Region}\'`,',
      '`"logs-111122223333-${var.env}"`). It reports, each with its reason:',
      '',
      '- an e-mail address (not at the domains reserved for examples: `example.com`, `example.org`, `example.net`,',
      '  `*.example`, `*.test`, `*.invalid`, `*.localhost`, which reach no one);',
      '- a phone number in international form (`+` and the country code) that is valid for its country\'s numbering plan;',
      '- a payment card number: 13 to 19 digits (spaces or dashes allowed) of a known issuer range that pass the Luhn check;',
      '- a US social security number written `NNN-NN-NNNN` in the ranges the SSA issues;',
      '- an IBAN of a known country length whose check digits are right (mod 97);',
      '- an AWS account number: exactly 12 digits, not part of a longer run of letters or digits, in a string that is',
      '  not an ARN, and not a `yyyyMMddHHmm` time stamp. AWS\'s documentation accounts (`123456789012`, `111122223333`)',
      '  are reported too: a name that hard-codes an account is wrong for every other account, whichever it is.',
      '  Use `${AWS::AccountId}` or `data.aws_caller_identity` instead of writing the account;',
      '- a string shaped like an AWS secret access key: 40 characters of its alphabet mixing upper and lower case and',
      '  digits (hex digests such as SHA-1 are one case; AWS\'s documentation key `…EXAMPLEKEY` is left out);',
      '- a match of one of the project\'s own patterns: `.awsdp.yaml` `sensitiveData.patterns` (and the editor setting',
      '  `awsdp.sensitiveData.patterns`), each `{name, pattern}` with an RE2 pattern, e.g.',
      '  `{name: an employee id, pattern: "EMP-[0-9]{6}"}`. RE2 matches in linear time; backreferences and',
      '  lookarounds are refused with a message.',
      '',
      'AWS access key ids are credentials: DP503 reports them wherever they are written, names included.',
      'The message shows the value masked (`j***@c***.com`, `4111 **** **** 1111`); the full value is never repeated.',
      'Fix (unsafe) for an account number: write the account of the deployment instead, `!Sub` with `${AWS::AccountId}`',
      '(in place, inside a `!Sub` that is there already) in CloudFormation, the `account_id` of the module\'s',
      '`aws_caller_identity` data source in Terraform (offered for a literal value; a module that declares none gets',
      '`data "aws_caller_identity" "current" {}` after the resource). It is unsafe because a stack or module deployed in another account then gets',
      'another name, and renaming a bucket, a table or a queue replaces it. For other data there is no automatic fix: move',
      'the value to a parameter or variable, or leave it out of the name.',
    ].join('\n'),
    fix: 'unsafe',
    formats: ['cloudformation', 'terraform', 'terraform-json'],
    examples: [
      {
        title: 'An e-mail address in a CloudFormation tag',
        format: 'cloudformation',
        fileName: 'template.yaml',
        bad: code`
          Resources:
            Reports:
              Type: AWS::S3::Bucket
              Properties:
                Tags:
                  - Key: Owner
                    Value: jane.doe@corp.com
        `,
        good: code`
          Resources:
            Reports:
              Type: AWS::S3::Bucket
              Properties:
                Tags:
                  - Key: Owner
                    Value: reporting-team
        `,
      },
      {
        title: 'An account number in a Terraform bucket name',
        format: 'terraform',
        fileName: 'main.tf',
        bad: code`
          resource "aws_s3_bucket" "logs" {
            bucket = "logs-111122223333-eu-west-1"
          }
        `,
        good: code`
          data "aws_caller_identity" "current" {}

          resource "aws_s3_bucket" "logs" {
            bucket = "logs-\${data.aws_caller_identity.current.account_id}-eu-west-1"
          }
        `,
      },
      {
        title: 'An e-mail address in a Terraform JSON tag',
        format: 'terraform-json',
        fileName: 'main.tf.json',
        bad: code`
          {
            "resource": {
              "aws_sqs_queue": {
                "orders": { "name": "orders", "tags": { "Owner": "jane.doe@corp.com" } }
              }
            }
          }
        `,
        good: code`
          {
            "resource": {
              "aws_sqs_queue": {
                "orders": { "name": "orders", "tags": { "Owner": "orders-team" } }
              }
            }
          }
        `,
      },
    ],
  },
  check(ctx) {
    // Terraform has no pseudo parameter: the account comes from a caller identity data source of the module, when it has one.
    const identity = ctx.model.resources.find((r) => r.mode === 'data' && r.type === CALLER_IDENTITY);
    const user = ctx.project?.sensitivePatterns;
    const message = (n: NameValue, what: string, masked: string) =>
      `${where(n)} holds ${what} (${masked}); names, descriptions and tags are copied into logs and billing reports, so AWS advises against identifying data in them.`;
    for (const n of nameValues(ctx.model)) {
      const v = n.value;
      if (v.state === 'unknown') {
        // The literal text of a template (`!Sub 'logs-111122223333-${AWS::Region}'`, `"logs-111122223333-${var.env}"`).
        const file = n.file ?? n.resource.file;
        const t = templateText(ctx.model, file, v.node);
        if (!t || (!user?.length && !literalPartsMayHoldSensitive(t.text))) continue;
        for (const h of sensitiveIn(maskInterpolations(t.text), user)) {
          const span = t.sub ? spanInString(ctx.model, { file, value: t.text, span: t.sub.span, node: t.sub, dialect: n.resource.dialect }, h.start, h.end) : { start: t.start + h.start, end: t.start + h.end };
          const sub = t.sub;
          const account = h.what === 'an AWS account number' && sub;
          ctx.report({
            file,
            span,
            message: message(n, h.what, h.masked),
            ...(account
              ? {
                  fixes: (): FixSpec[] => [
                    { title: 'Use ${AWS::AccountId} instead of the account number', applicability: 'unsafe', ops: [{ op: 'replaceInString', file, node: sub, start: h.start, end: h.end, text: '${AWS::AccountId}' }] },
                  ],
                }
              : {}),
          });
        }
        continue;
      }
      if (v.state !== 'literal' || v.resolved || v.node.kind !== 'string') continue;
      const hits = sensitiveIn(v.value, user);
      if (!hits.length) continue;
      const s = { file: n.file ?? n.resource.file, value: v.value, span: v.span, node: v.node, dialect: n.slot?.dialect ?? n.resource.dialect };
      for (const h of hits) {
        const slot = n.slot;
        const account = h.what === 'an AWS account number' && slot;
        ctx.report({
          file: s.file,
          span: spanInString(ctx.model, s, h.start, h.end),
          message: message(n, h.what, h.masked),
          ...(account
            ? {
                fixes: (): FixSpec[] => [
                  {
                    title: n.resource.format === 'cloudformation' ? 'Use ${AWS::AccountId} instead of the account number' : 'Use the account id of aws_caller_identity instead of the account number',
                    applicability: 'unsafe',
                    ops: [
                      // A module without a caller identity data source gets one (`data "aws_caller_identity" "current" {}`).
                      ...(n.resource.format !== 'cloudformation' && !identity ? [{ op: 'insertResource' as const, near: n.resource, mode: 'data' as const, type: CALLER_IDENTITY, name: 'current', properties: {} }] : []),
                      {
                        op: 'setValue',
                        slot,
                        value: {
                          $pseudo: 'AccountId',
                          prefix: v.value.slice(0, h.start),
                          suffix: v.value.slice(h.end),
                          ...(n.resource.format !== 'cloudformation' ? { terraform: `${identity?.id ?? `data.${CALLER_IDENTITY}.current`}.account_id` } : {}),
                        },
                      },
                    ],
                  },
                ],
              }
            : {}),
        });
      }
    }
  },
});

/**
 * The text of a template value: the string of a CloudFormation `Fn::Sub` (`sub`: its node, which a
 * fix can edit), or the source of a Terraform quoted template or heredoc (`start`: its offset in the
 * file). Undefined for anything else (a reference, a function call).
 */
function templateText(model: Parameters<typeof sourceText>[0], file: string, node: VNode): { text: string; start: number; sub?: VNode } | undefined {
  if (node.kind !== 'unknown') return undefined;
  if (node.intrinsic === 'Fn::Sub') {
    const a = node.args?.kind === 'array' ? node.args.items[0] : node.args;
    return a?.kind === 'string' && !a.embedded ? { text: String(a.value), start: a.span.start, sub: a } : undefined;
  }
  if (node.intrinsic || node.refs.length === 0) return undefined;
  const raw = sourceText(model, file, node.span as Span);
  return raw && (raw.startsWith('"') || raw.startsWith('<<')) && raw.length <= 4096 ? { text: raw, start: node.span.start } : undefined;
}

/** `${...}` (and `%{...}`) replaced by spaces: offsets stay, interpolated text is not read as written data. */
function maskInterpolations(text: string): string {
  let at = interpolationStart(text, 0);
  if (at < 0) return text;
  // Whole runs at a time (a string built a character at a time allocates a piece per character).
  let out = '';
  let last = 0;
  while (at >= 0) {
    const end = interpolationEnd(text, at);
    // `${`, the expression and its `}` become blanks; line breaks stay.
    const inner = text.slice(at + 2, end);
    out += text.slice(last, at) + '  ' + (inner.includes('\n') ? inner.replace(/[^\n]/g, ' ') : ' '.repeat(inner.length));
    last = end;
    at = interpolationStart(text, end);
  }
  return out + text.slice(last);
}

/**
 * Whether `sensitiveIn(maskInterpolations(text))` may find anything built in: the same counts, taken
 * over the literal parts without building the masked text (most names hold nothing).
 */
function literalPartsMayHoldSensitive(text: string): boolean {
  const needs = LITERAL_NEEDS.reset();
  let last = 0;
  for (let at = interpolationStart(text, 0); at >= 0; at = interpolationStart(text, last)) {
    needs.count(text, last, at);
    last = interpolationEnd(text, at);
  }
  needs.count(text, last, text.length);
  // The masked text is as long as the text.
  return needs.mayMatch(text.length);
}
const LITERAL_NEEDS = new SensitiveNeeds();

/** The end (exclusive) of the `${...}` or `%{...}` starting at `at`: after its closing brace, or the end of the text. */
function interpolationEnd(text: string, at: number): number {
  let depth = 1;
  let end = at + 2;
  for (; end < text.length && depth > 0; end++) {
    const c = text.charCodeAt(end);
    if (c === 123 /* { */) depth++;
    else if (c === 125 /* } */) depth--;
  }
  return end;
}

/** The offset of the next `${` or `%{` at or after `from`, or -1. */
function interpolationStart(text: string, from: number): number {
  for (let k = text.indexOf('{', from + 1); k >= 0; k = text.indexOf('{', k + 1)) {
    const p = text.charCodeAt(k - 1);
    if (p === 36 /* $ */ || p === 37 /* % */) return k - 1;
  }
  return -1;
}
