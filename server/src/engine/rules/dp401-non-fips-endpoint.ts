import type { FixSpec } from '../fixes/ops';
import { AWS_HOST_HINT, awsHostsIn, fipsVariantOf, mayHoldAwsHost, takesLeadingLabels, type FipsLookup } from '../model/endpoints';
import { settingValues, stringValues, type StringValue } from '../model/settings';
import { placer } from './lib/string-place';
import type { Span } from '../types';
import type { TextTest } from '../model/text-scan';
import { fipsSeverity } from './lib/fips';
import { code, defineRule } from './rule';

/** A string that is only a hostname is an endpoint when its key says so (service principals and `kms:ViaService` values are hostnames too). */
const ENDPOINT_KEY = /endpoint|url|uri|host/i;

type Fips = Extract<FipsLookup, { kind: 'fips' }>;

/**
 * The strings the check below can report, found without building a record for the others: a possible
 * AWS host in a URL (`://`), or under a key that says endpoint, or under a `value` key (whose pair's
 * name may say it). Service principals (`Service: cloudfront.amazonaws.com`) are left out here.
 */
function mayNameEndpoint(value: string, key: string | undefined): boolean {
  return mayHoldAwsHost(value) && (value.includes('://') || (key !== undefined && (ENDPOINT_KEY.test(key) || key.toLowerCase() === 'value')));
}

/**
 * A file can hold such a string only if its text has an AWS DNS suffix and a URL's `://`, or a key or
 * a pair's name that says endpoint (a bare host under a `value` key counts only when its pair's name
 * says so, and that name is in the text too). Files of service principals alone are not walked.
 */
const ENDPOINT_HINTS: readonly TextTest[] = [AWS_HOST_HINT, /:\/\/|endpoint|url|uri|host/i];

/** `{Name: SQS_ENDPOINT, Value: ...}` (ECS container environments, CodeBuild variables): the name says what the value is. */
function pairName(s: StringValue): string | undefined {
  if (!s.parent || !s.key || s.key.toLowerCase() !== 'value') return undefined;
  const n = s.parent.entries.find((e) => e.key.toLowerCase() === 'name')?.value;
  return n?.kind === 'string' ? String(n.value) : undefined;
}

function message(host: string, r: Fips): string {
  if (r.legacy) return `${host} is a legacy name of ${r.legacy}, not a FIPS endpoint; use ${r.host}, the FIPS endpoint of ${r.service} in ${r.region}.`;
  if (r.derived?.reason === 'scope')
    return `${host} is a global endpoint without a FIPS variant of its own; the FIPS endpoint of the region it signs for (${r.derived.region}) is ${r.host}.`;
  if (r.derived?.reason === 'ipv4') return `${host} is a dual-stack endpoint without a dual-stack FIPS variant; the FIPS endpoint ${r.host} is IPv4 only.`;
  return `${host} is not a FIPS endpoint; use ${r.host}, the FIPS endpoint of ${r.service} in ${r.region}.`;
}

export const dp401 = defineRule({
  meta: {
    id: 'DP401',
    name: 'non-fips-endpoint',
    category: 'fips-endpoint',
    defaultSeverity: 'info',
    summary: 'A string names a standard AWS endpoint where AWS lists a FIPS endpoint for that service and region.',
    description: [
      'AWS: "If you require FIPS 140-2 validated cryptographic modules when accessing AWS through a command line interface',
      'or an API, use a FIPS endpoint." A FIPS endpoint (`sqs-fips.us-east-1.amazonaws.com`) terminates TLS with a FIPS',
      'validated module; the standard one (`sqs.us-east-1.amazonaws.com`) does not. An SDK or CLI told to use a fixed',
      'endpoint (an environment variable, a parameter, an `--endpoint-url` in a script) uses that endpoint whatever its',
      '`use_fips_endpoint` setting says.',
      '',
      'The rule reads every string of the file: the host of every URL (`https://host/...`) and, when the key says it is an',
      'endpoint, URL, URI or host, a string that is only a hostname. In a list of `Name`/`Value` pairs (an ECS container',
      '`Environment`, `environment = [{ name, value }]` in `container_definitions = jsonencode(...)`, CodeBuild',
      '`EnvironmentVariables`) the pair\'s name is the key. Scripts are strings too: an `--endpoint-url` in EC2 `UserData`,',
      'a CodeBuild buildspec or a Terraform heredoc is read like any URL. Service principals, `kms:ViaService` values and other',
      'bare service names are not endpoints and are not reported. A host is reported only when it is under an AWS DNS',
      'suffix and botocore\'s endpoint table (see the project\'s `data/fips-endpoints.json`) lists a FIPS variant for that',
      'service and region; the finding names that variant, and nothing else is ever suggested. Hosts with a part known',
      'only at deploy time (`${AWS::Region}`, `${var.region}`), `execute-api` invoke URLs, VPC endpoint names, LocalStack',
      'and `localhost` are never reported. Custom endpoints of a Terraform `provider "aws"` are DP402\'s.',
      '',
      'Templates are read for their literal parts: `"https://sqs.us-east-1.amazonaws.com/${var.q}"` in Terraform and',
      '`!Sub https://sqs.us-east-1.amazonaws.com/${AWS::AccountId}/q` in CloudFormation name a literal host and are',
      'reported (the fix edits the host only), while `"https://s3.${var.region}.amazonaws.com"` is unknown and is not.',
      'An interpolated bucket name before a literal S3 host (`!Sub https://${Bucket}.s3.us-east-1.amazonaws.com/key`) is',
      'judged by the literal host; for services whose hosts take no leading label it is not.',
      'Legacy S3 hostnames are judged as the regional host they are another name of: `s3-us-west-2.amazonaws.com` and',
      '`bucket.s3-us-west-2.amazonaws.com` as `s3.us-west-2.amazonaws.com`, `s3-external-1.amazonaws.com` as us-east-1;',
      'virtual-hosted buckets keep their name (`bucket.s3.us-east-1.amazonaws.com` → `bucket.s3-fips.us-east-1.amazonaws.com`).',
      'S3\'s global endpoint (`s3.amazonaws.com`, `bucket.s3.amazonaws.com`) is not judged: the bucket\'s region decides.',
      'JSON held as text in a property (ECS container definitions in a Terraform heredoc or quoted string, a state machine',
      '`DefinitionString`, an event `Input`; the list is `data/json-text.json`) is read like values written in the file, and',
      'the fix edits the host in place where the file writes it without an escape; a string of it with a `${...}` part',
      '(a Terraform interpolation, an `Fn::Sub` variable) is read for its literal parts like any template. Scripts in YAML',
      'block scalars (user data, buildspecs, inline code) are fixed in place too.',
      'AWS SDK/CLI shared config files in the workspace (`.aws/config`, `.aws/credentials`) are read too: an `endpoint_url`',
      'of a profile, or of a service in a `[services ...]` section (`s3 =` then `  endpoint_url = ...`), sends that service',
      '(or every service) to the endpoint whatever `use_fips_endpoint` says, and a standard host there is reported like any',
      'other (DP403 and DP404 cover `use_fips_endpoint` itself). Not covered: a Terraform template longer than 16 KB is not',
      'read.',
      '',
      'The fix replaces the host and keeps the rest of the URL. It is offered only for the listed variant of that very',
      'endpoint: for a global endpoint without a FIPS variant (`sts.amazonaws.com`) the finding names the FIPS endpoint of',
      'the region it signs for, and for a dual-stack host without a dual-stack FIPS variant the IPv4-only FIPS endpoint, and',
      'leaves the choice to you.',
      '',
      '**Severity.** FIPS is a requirement for some teams and noise for others: the rule reports at information level,',
      'and at warning level when the project says FIPS is required (`fips: required` in `.awsdp.yaml`, or the',
      '`awsdp.fips.required` editor setting), when the endpoint is in GovCloud, or when the file targets GovCloud (a',
      'Terraform AWS provider in a `us-gov-*` region, an AWS config file with a profile there, or a string naming a `us-gov-*`',
      'region or an `arn:aws-us-gov:` ARN).',
      'A severity set for the rule in `rules:` wins over all of these.',
    ].join('\n'),
    fix: 'safe',
    formats: ['iam-json', 'cloudformation', 'terraform', 'terraform-json', 'aws-config'],
    examples: [
      {
        title: 'A Lambda environment variable in CloudFormation',
        format: 'cloudformation',
        fileName: 'template.yaml',
        bad: code`
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
                    QUEUE_URL: https://sqs.us-east-1.amazonaws.com/123456789012/orders
        `,
        good: code`
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
                    QUEUE_URL: https://sqs-fips.us-east-1.amazonaws.com/123456789012/orders
        `,
      },
      {
        title: 'An SSM parameter in Terraform',
        format: 'terraform',
        fileName: 'main.tf',
        bad: code`
          resource "aws_ssm_parameter" "endpoint" {
            name  = "/app/dynamodb-endpoint"
            type  = "String"
            value = "https://dynamodb.us-west-2.amazonaws.com"
          }
        `,
        good: code`
          resource "aws_ssm_parameter" "endpoint" {
            name  = "/app/dynamodb-endpoint"
            type  = "String"
            value = "https://dynamodb-fips.us-west-2.amazonaws.com"
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
              "kms_endpoint": { "default": "https://kms.us-east-2.amazonaws.com" }
            }
          }
        `,
        good: code`
          {
            "variable": {
              "kms_endpoint": { "default": "https://kms-fips.us-east-2.amazonaws.com" }
            }
          }
        `,
      },
      {
        title: 'Service endpoints in an AWS CLI/SDK config file',
        format: 'aws-config',
        fileName: '.aws/config',
        bad: code`
          [profile app]
          region = us-east-1
          services = app-endpoints

          [services app-endpoints]
          sqs =
            endpoint_url = https://sqs.us-east-1.amazonaws.com
        `,
        good: code`
          [profile app]
          region = us-east-1
          services = app-endpoints

          [services app-endpoints]
          sqs =
            endpoint_url = https://sqs-fips.us-east-1.amazonaws.com
        `,
      },
      {
        title: 'An SNS topic policy condition that names an endpoint',
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
              "Condition": { "StringLike": { "sns:Endpoint": "https://sqs.us-east-1.amazonaws.com/123456789012/*" } }
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
              "Condition": { "StringLike": { "sns:Endpoint": "https://sqs-fips.us-east-1.amazonaws.com/123456789012/*" } }
            }]
          }
        `,
      },
    ],
  },
  check(ctx) {
    const strings = stringValues(ctx.model, { filter: mayNameEndpoint, embedded: true, templates: true, textHint: ENDPOINT_HINTS });
    if (!strings.length) return;
    // Custom endpoints of a Terraform AWS provider are DP402's (they override use_fips_endpoint).
    const providerEndpoints = settingValues(ctx.model, 'aws-provider.endpoints').flatMap((s) => (s.node ? [{ file: s.resource.file, span: s.node.span }] : []));
    const inProviderEndpoints = (s: StringValue) => providerEndpoints.some((p) => p.file === s.file && p.span.start <= s.span.start && s.span.end <= p.span.end);
    const severity = fipsSeverity(ctx);
    for (const s of strings) {
      const endpointKey = () => (s.key && ENDPOINT_KEY.test(s.key)) || ENDPOINT_KEY.test(pairName(s) ?? '');
      // Only URLs count in a string whose key does not say endpoint, and a URL has `://` (URL_RE): no need to look for hosts without it.
      if (!s.value.includes('://') && !endpointKey()) continue;
      let place: ((start: number, end: number) => Span) | undefined;
      for (const h of awsHostsIn(s.value, { afterInterpolation: true })) {
        if (!h.url && !endpointKey()) continue;
        const r = fipsVariantOf(h.host);
        if (r?.kind !== 'fips') continue;
        // `https://${Bucket}.s3.us-east-1.amazonaws.com`: only S3-style hosts take a leading label.
        if (h.prefixed && !takesLeadingLabels(r.service)) continue;
        if (inProviderEndpoints(s)) break;
        const fixes = (): FixSpec[] =>
          r.derived
            ? []
            : [{ title: `Use the FIPS endpoint ${r.host}`, applicability: 'safe', ops: [{ op: 'replaceInString', file: s.file, node: s.node, start: h.start, end: h.end, text: r.host }] }];
        ctx.report({ file: s.file, span: (place ??= placer(ctx.model, s))(h.start, h.end), message: message(h.host, r), fixes, severity: severity(r.partition === 'aws-us-gov') });
      }
    }
  },
});
