import type { FixSpec, NeutralValue } from '../fixes/ops';
import type { Model, PolicyDocument, Resource, Statement } from '../model/model';
import { instanceKeyUsableIn, instanceReference, referencedResource } from '../model/links';
import { documentIsPartial } from '../model/policy';
import { boolConditionMatches, conditionsOn, coversAllActions, effectOf, literals, principalIsEveryone, uniqueSid } from './lib/policy-checks';
import { code, defineRule } from './rule';

const SECURE_TRANSPORT = 'aws:SecureTransport';
/** A queue or topic ARN (no wildcard), what a fix may copy from the statements. */
const QUEUE_OR_TOPIC_ARN = { sqs: /^arn:[^:]+:sqs:[^:*]+:\d{12}:[^:*]+$/, sns: /^arn:[^:]+:sns:[^:*]+:\d{12}:[^:*]+$/ };

/**
 * Services whose API endpoints also answer plain HTTP, so that AWS's guidance is a resource policy
 * that denies aws:SecureTransport = false (SQS and SNS security best practices, "Enforce encryption
 * of data in transit"). S3 is DP201. Other resource policies (KMS, Secrets Manager, ECR...) guard
 * HTTPS-only endpoints: a Deny there changes nothing, so they are not asked for one.
 */
interface Service {
  prefix: 'sqs' | 'sns';
  what: string;
  /** Policy holders: stand-alone policy resources and resources with an inline policy. */
  holders: ReadonlySet<string>;
  /** The resource types a policy is for (to name its ARN in the fix). */
  targets: ReadonlySet<string>;
}

const SERVICES: readonly Service[] = [
  {
    prefix: 'sqs',
    what: 'queue',
    holders: new Set(['AWS::SQS::QueuePolicy', 'AWS::SQS::QueueInlinePolicy', 'aws_sqs_queue_policy', 'aws_sqs_queue']),
    targets: new Set(['AWS::SQS::Queue', 'aws_sqs_queue']),
  },
  {
    prefix: 'sns',
    what: 'topic',
    holders: new Set(['AWS::SNS::TopicPolicy', 'AWS::SNS::TopicInlinePolicy', 'aws_sns_topic_policy', 'aws_sns_topic']),
    targets: new Set(['AWS::SNS::Topic', 'aws_sns_topic']),
  },
];

/** The service a policy document governs: by its holder's type, or (standalone, policy documents) by its actions, only one service named. */
function serviceOf(doc: PolicyDocument): Service | undefined {
  const type = (doc.holder ?? doc.resource)?.type;
  if (type && type !== 'aws_iam_policy_document') return SERVICES.find((s) => s.holders.has(type));
  if (doc.kind !== 'resource') return undefined;
  // One service prefix across every action, and it must be SQS or SNS: stop at the first action that says otherwise.
  let svc: Service | undefined;
  for (const st of doc.statements) {
    for (const a of literals(st.action)) {
      const colon = a.indexOf(':');
      const prefix = (colon < 0 ? a : a.slice(0, colon)).toLowerCase();
      if (svc === undefined) svc = SERVICES.find((x) => x.prefix === prefix);
      if (svc === undefined || svc.prefix !== prefix) return undefined;
    }
  }
  return svc;
}

function isEnforcingDeny(s: Statement, prefix: string): boolean {
  const effect = effectOf(s);
  if (effect === 'allow') return false;
  if (!conditionsOn(s, SECURE_TRANSPORT).some((c) => boolConditionMatches(c, 'false'))) return false;
  if (effect === undefined) return true; // unknown effect: never a violation
  return (principalIsEveryone(s.principal) || !!s.notPrincipal) && (coversAllActions(s.action, prefix) || !!s.notAction);
}

function fixFor(doc: PolicyDocument, model: Model, svc: Service): FixSpec[] {
  // The queue or topic: the policy's own resource (inline policy) or the one it names.
  const self = doc.resource && svc.targets.has(doc.resource.type) ? doc.resource : undefined;
  const target: Resource | undefined = self ?? referencedResource(model, doc.attachedTo, svc.targets, doc.file);
  // One instance of a queue or topic repeated with count / for_each (`aws_sqs_queue.q[count.index].id`), where the document can name it.
  const one = self || target ? undefined : instanceReference(model, doc.attachedTo, svc.targets, doc.holder ?? doc.resource);
  let resource: NeutralValue;
  // A Terraform resource cannot name itself.
  if (target && !(self && target.format !== 'cloudformation')) resource = { $ref: { resource: target, attribute: 'arn' } };
  else if (one && instanceKeyUsableIn(one.index, doc.resource)) resource = { $ref: { resource: one.resource, attribute: 'arn', index: one.index } };
  else {
    // Otherwise the queue or topic ARNs the statements name literally.
    const arn = QUEUE_OR_TOPIC_ARN[svc.prefix];
    const arns = [...new Set(doc.statements.flatMap((s) => literals(s.resource)).filter((r) => arn.test(r)))];
    if (arns.length === 0) return [];
    resource = arns.length === 1 ? arns[0] : arns;
  }
  const statement = {
    Sid: uniqueSid(doc, 'DenyInsecureTransport'),
    Effect: 'Deny',
    Principal: '*',
    Action: `${svc.prefix}:*`,
    Resource: resource,
    Condition: { Bool: { [SECURE_TRANSPORT]: 'false' } },
  };
  return [{ title: 'Add a Deny statement for requests without TLS (aws:SecureTransport = false)', applicability: 'unsafe', ops: [{ op: 'insertStatement', policy: doc, statement }] }];
}

export const dp206 = defineRule({
  meta: {
    id: 'DP206',
    name: 'queue-or-topic-policy-without-secure-transport-deny',
    category: 'secure-transport',
    defaultSeverity: 'warning',
    summary: 'An SQS queue policy or SNS topic policy does not deny requests that are not sent over TLS (aws:SecureTransport = false).',
    description: [
      'Amazon SQS and Amazon SNS answer on HTTP as well as HTTPS endpoints. Their security best practices ("Enforce',
      'encryption of data in transit") ask for a queue or topic policy with a `Deny` for every principal and every action of',
      'the service (`sqs:*`, `sns:*`) under the condition `"Bool": {"aws:SecureTransport": "false"}`. A policy without it',
      'lets whoever it (or an identity policy) grants send and receive messages over plain HTTP. An `Allow` with',
      '`aws:SecureTransport = true` is not enforcement: another policy can grant the same access without it.',
      '',
      'Only SQS and SNS policies are checked here (S3 bucket policies are DP201). The other resource policies that accept',
      '`aws:SecureTransport` (KMS keys, Secrets Manager, ECR, OpenSearch, EFS, Backup, API Gateway) guard endpoints that',
      'only speak HTTPS, so a Deny there adds nothing. Policies whose statements are only known at deploy time are never',
      'reported. The fix appends the Deny statement, naming the queue or topic by reference when the template or module',
      'creates it (unsafe: clients still using HTTP are refused).',
    ].join('\n'),
    fix: 'unsafe',
    formats: ['iam-json', 'cloudformation', 'terraform', 'terraform-json'],
    examples: [
      {
        title: 'A queue policy in a standalone policy file',
        format: 'iam-json',
        fileName: 'queue-policy.json',
        bad: code`
          {
            "Version": "2012-10-17",
            "Statement": [
              {
                "Effect": "Allow",
                "Principal": {"Service": "sns.amazonaws.com"},
                "Action": "sqs:SendMessage",
                "Resource": "arn:aws:sqs:us-east-1:111122223333:orders"
              }
            ]
          }
        `,
        good: code`
          {
            "Version": "2012-10-17",
            "Statement": [
              {
                "Effect": "Allow",
                "Principal": {"Service": "sns.amazonaws.com"},
                "Action": "sqs:SendMessage",
                "Resource": "arn:aws:sqs:us-east-1:111122223333:orders"
              },
              {
                "Sid": "DenyInsecureTransport",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "sqs:*",
                "Resource": "arn:aws:sqs:us-east-1:111122223333:orders",
                "Condition": {"Bool": {"aws:SecureTransport": "false"}}
              }
            ]
          }
        `,
      },
      {
        title: 'An SNS topic policy (CloudFormation)',
        format: 'cloudformation',
        fileName: 'template.yaml',
        bad: code`
          Resources:
            Alerts:
              Type: AWS::SNS::Topic
            AlertsPolicy:
              Type: AWS::SNS::TopicPolicy
              Properties:
                Topics: [!Ref Alerts]
                PolicyDocument:
                  Statement:
                    - Effect: Allow
                      Principal:
                        Service: events.amazonaws.com
                      Action: sns:Publish
                      Resource: !Ref Alerts
        `,
        good: code`
          Resources:
            Alerts:
              Type: AWS::SNS::Topic
            AlertsPolicy:
              Type: AWS::SNS::TopicPolicy
              Properties:
                Topics: [!Ref Alerts]
                PolicyDocument:
                  Statement:
                    - Effect: Allow
                      Principal:
                        Service: events.amazonaws.com
                      Action: sns:Publish
                      Resource: !Ref Alerts
                    - Sid: DenyInsecureTransport
                      Effect: Deny
                      Principal: '*'
                      Action: sns:*
                      Resource: !Ref Alerts
                      Condition:
                        Bool:
                          aws:SecureTransport: 'false'
        `,
      },
      {
        title: 'An aws_sqs_queue_policy (Terraform)',
        format: 'terraform',
        fileName: 'main.tf',
        bad: code`
          resource "aws_sqs_queue" "orders" {
            name = "orders"
          }

          resource "aws_sqs_queue_policy" "orders" {
            queue_url = aws_sqs_queue.orders.id
            policy = jsonencode({
              Statement = [
                {
                  Effect    = "Allow"
                  Principal = { Service = "sns.amazonaws.com" }
                  Action    = "sqs:SendMessage"
                  Resource  = aws_sqs_queue.orders.arn
                },
              ]
            })
          }
        `,
        good: code`
          resource "aws_sqs_queue" "orders" {
            name = "orders"
          }

          resource "aws_sqs_queue_policy" "orders" {
            queue_url = aws_sqs_queue.orders.id
            policy = jsonencode({
              Statement = [
                {
                  Effect    = "Allow"
                  Principal = { Service = "sns.amazonaws.com" }
                  Action    = "sqs:SendMessage"
                  Resource  = aws_sqs_queue.orders.arn
                },
                {
                  Sid       = "DenyInsecureTransport"
                  Effect    = "Deny"
                  Principal = "*"
                  Action    = "sqs:*"
                  Resource  = aws_sqs_queue.orders.arn
                  Condition = { Bool = { "aws:SecureTransport" = "false" } }
                },
              ]
            })
          }
        `,
      },
      {
        title: 'An aws_sns_topic_policy (Terraform JSON)',
        format: 'terraform-json',
        fileName: 'main.tf.json',
        bad: code`
          {
            "resource": {
              "aws_sns_topic": {"alerts": {"name": "alerts"}},
              "aws_sns_topic_policy": {
                "alerts": {
                  "arn": "\${aws_sns_topic.alerts.arn}",
                  "policy": "{\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"Service\\":\\"events.amazonaws.com\\"},\\"Action\\":\\"sns:Publish\\",\\"Resource\\":\\"\${aws_sns_topic.alerts.arn}\\"}]}"
                }
              }
            }
          }
        `,
        good: code`
          {
            "resource": {
              "aws_sns_topic": {"alerts": {"name": "alerts"}},
              "aws_sns_topic_policy": {
                "alerts": {
                  "arn": "\${aws_sns_topic.alerts.arn}",
                  "policy": "{\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"Service\\":\\"events.amazonaws.com\\"},\\"Action\\":\\"sns:Publish\\",\\"Resource\\":\\"\${aws_sns_topic.alerts.arn}\\"},{\\"Effect\\":\\"Deny\\",\\"Principal\\":\\"*\\",\\"Action\\":\\"sns:*\\",\\"Resource\\":\\"\${aws_sns_topic.alerts.arn}\\",\\"Condition\\":{\\"Bool\\":{\\"aws:SecureTransport\\":\\"false\\"}}}]}"
                }
              }
            }
          }
        `,
      },
    ],
  },
  check(ctx) {
    for (const doc of ctx.model.policies) {
      const svc = serviceOf(doc);
      if (!svc || documentIsPartial(doc) || doc.statements.length === 0) continue;
      if (doc.statements.some((s) => isEnforcingDeny(s, svc.prefix))) continue;
      const allowOnlyTls = doc.statements.some((s) => effectOf(s) === 'allow' && conditionsOn(s, SECURE_TRANSPORT).some((c) => boolConditionMatches(c, 'true')));
      ctx.report({
        file: doc.file,
        span: doc.anchor,
        message: allowOnlyTls
          ? `This ${svc.what} policy only requires TLS in an Allow statement, which other policies can bypass; add a Deny for aws:SecureTransport = false.`
          : `This ${svc.what} policy does not deny requests sent without TLS, and ${svc.prefix.toUpperCase()} also answers on HTTP; add a Deny statement for aws:SecureTransport = false.`,
        fixes: () => fixFor(doc, ctx.model, svc),
      });
    }
  },
});
