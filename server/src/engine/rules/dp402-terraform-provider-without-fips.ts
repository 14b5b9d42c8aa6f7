import type { FixSpec } from '../fixes/ops';
import { AWS_HOST_HINT, awsHostsIn, fipsVariantOf, mayHoldAwsHost, regionFipsInfo, type FipsLookup } from '../model/endpoints';
import type { Resource } from '../model/model';
import { resourcesOf, settingValues, sourceText, spanInString, stringValues, type SettingValue } from '../model/settings';
import { fipsSeverity } from './lib/fips';
import { code, defineRule } from './rule';

type Fips = Extract<FipsLookup, { kind: 'fips' }>;

/** A hostname that says it is a FIPS endpoint, even with parts known only at plan time (`kms-fips.${var.region}.amazonaws.com`). */
const FIPS_HOST_TEXT = /[a-z0-9]-fips\.|\/\/fips\./i;

/**
 * A region where FIPS endpoints are the norm: botocore lists them for at least this many services
 * (US, Canada, GovCloud, ISO: 18 to 167). Elsewhere only a handful of services (KMS, EFS, WAF...)
 * have one, and use_fips_endpoint = true would break the calls to every other service.
 */
const MIN_FIPS_SERVICES = 10;

const isTrue = (v: string) => v.toLowerCase() === 'true';
const label = (p: Resource) => (p.id === 'aws' ? 'This AWS provider configuration' : `The AWS provider configuration ${p.id}`);

function endpointMessage(host: string, r: Fips): string {
  const head = `This custom endpoint overrides use_fips_endpoint: ${host} is not a FIPS endpoint`;
  if (r.derived?.reason === 'scope') return `${head}; the FIPS endpoint of the region it signs for (${r.derived.region}) is ${r.host}.`;
  if (r.derived?.reason === 'ipv4') return `${head}; the FIPS endpoint ${r.host} is IPv4 only.`;
  return `${head}; use ${r.host}.`;
}

export const dp402 = defineRule({
  meta: {
    id: 'DP402',
    name: 'terraform-provider-without-fips',
    category: 'fips-endpoint',
    defaultSeverity: 'info',
    summary: 'A Terraform AWS provider configuration does not use FIPS endpoints where they exist, or sends a service to a non-FIPS custom endpoint.',
    description: [
      'The Terraform AWS provider calls the standard endpoints unless `use_fips_endpoint = true` (or the',
      '`AWS_USE_FIPS_ENDPOINT` environment variable, or `use_fips_endpoint` in the shared AWS config file) tells it to',
      'resolve FIPS endpoints. AWS: "If you require FIPS 140-2 validated cryptographic modules when accessing AWS through a',
      'command line interface or an API, use a FIPS endpoint."',
      '',
      'Every `provider "aws"` block is checked, each alias on its own:',
      '',
      '- `use_fips_endpoint` absent or `false`, and the provider\'s `region` is one where botocore\'s endpoint table lists',
      '  FIPS endpoints for most services (at least 10: the US and Canada commercial regions, GovCloud, the ISO regions).',
      '  Elsewhere only a handful of services (KMS, EFS, WAF...) have one and `use_fips_endpoint = true` would break the',
      '  others; DP401 still reports a standard endpoint written for one of them. A region known only at plan',
      '  time (a variable without default) is reported only when the module shows that FIPS is wanted: another provider',
      '  configuration sets `use_fips_endpoint = true`, or a custom endpoint is a `-fips` host.',
      '- A custom endpoint in `endpoints { }` overrides `use_fips_endpoint` for that service: a standard host there is',
      '  reported even when `use_fips_endpoint = true`, naming the FIPS endpoint botocore lists (never a made-up one).',
      '',
      'Regions without any FIPS endpoint (most regions outside North America) and `use_fips_endpoint` set from a variable',
      'are not reported. Settings in the environment or the shared config file cannot be seen here: if FIPS comes from',
      'there, turn the rule off in `.awsdp.yaml` (a shared config file kept in the workspace, `.aws/config`, is read by',
      'DP403 and DP404 for its own profiles).',
      '',
      'The fixes are marked unsafe: `use_fips_endpoint = true` applies to every service the configuration calls, and a',
      'service without a FIPS endpoint in that region then fails (terraform-provider-aws #23619); check the plan. The',
      'custom-endpoint fix replaces the host with the listed FIPS variant and keeps the rest of the URL.',
      '',
      '**Severity.** FIPS is a requirement for some teams and noise for others: the rule reports at information level,',
      'and at warning level when the project says FIPS is required (`fips: required` in `.awsdp.yaml`, or the',
      '`awsdp.fips.required` editor setting), when the provider or endpoint is in GovCloud, or when the module targets',
      'GovCloud (another provider in a `us-gov-*` region, a string naming a `us-gov-*` region or an `arn:aws-us-gov:` ARN).',
      'A severity set for the rule in `rules:` wins over all of these.',
    ].join('\n'),
    fix: 'unsafe',
    formats: ['terraform', 'terraform-json'],
    examples: [
      {
        title: 'A provider in us-east-1 without use_fips_endpoint',
        format: 'terraform',
        fileName: 'providers.tf',
        bad: code`
          provider "aws" {
            region = "us-east-1"
          }
        `,
        good: code`
          provider "aws" {
            region            = "us-east-1"
            use_fips_endpoint = true
          }
        `,
      },
      {
        title: 'A custom endpoint overrides use_fips_endpoint',
        format: 'terraform',
        fileName: 'providers.tf',
        bad: code`
          provider "aws" {
            region            = "us-gov-west-1"
            use_fips_endpoint = true

            endpoints {
              sts = "https://sts.us-gov-west-1.amazonaws.com"
              kms = "https://kms.us-gov-west-1.amazonaws.com"
            }
          }
        `,
        good: code`
          provider "aws" {
            region            = "us-gov-west-1"
            use_fips_endpoint = true

            endpoints {
              sts = "https://sts.us-gov-west-1.amazonaws.com"
              kms = "https://kms-fips.us-gov-west-1.amazonaws.com"
            }
          }
        `,
      },
      {
        title: 'Provider aliases in Terraform JSON',
        format: 'terraform-json',
        fileName: 'providers.tf.json',
        bad: code`
          {
            "provider": {
              "aws": [
                { "region": "us-west-2", "use_fips_endpoint": true },
                { "alias": "east", "region": "us-east-2", "use_fips_endpoint": false }
              ]
            }
          }
        `,
        good: code`
          {
            "provider": {
              "aws": [
                { "region": "us-west-2", "use_fips_endpoint": true },
                { "alias": "east", "region": "us-east-2", "use_fips_endpoint": true }
              ]
            }
          }
        `,
      },
    ],
  },
  check(ctx) {
    if (!ctx.model.providers.length) return; // CloudFormation and policies: nothing to read
    const providers = resourcesOf(ctx.model, 'aws-provider');
    if (!providers.length) return;
    const of = (name: Parameters<typeof settingValues>[1]) => {
      const m = new Map<Resource, SettingValue>();
      for (const s of settingValues(ctx.model, name)) if (!m.has(s.resource)) m.set(s.resource, s);
      return m;
    };
    const regions = of('aws-provider.region');
    const fipsFlags = of('aws-provider.useFipsEndpoint');
    const endpointBlocks = settingValues(ctx.model, 'aws-provider.endpoints').filter((s) => s.node);
    // Strings inside the providers' endpoints blocks.
    const endpointStrings = endpointBlocks.length
      ? stringValues(ctx.model, { filter: mayHoldAwsHost, textHint: AWS_HOST_HINT }).filter((s) => endpointBlocks.some((b) => b.resource.file === s.file && b.node!.span.start <= s.span.start && s.span.end <= b.node!.span.end))
      : [];

    const severity = fipsSeverity(ctx);
    // 1. Custom endpoints: a standard host overrides use_fips_endpoint for its service.
    for (const s of endpointStrings) {
      for (const h of awsHostsIn(s.value)) {
        const r = fipsVariantOf(h.host);
        if (r?.kind !== 'fips') continue;
        const fixes = (): FixSpec[] =>
          r.derived ? [] : [{ title: `Use the FIPS endpoint ${r.host}`, applicability: 'unsafe', ops: [{ op: 'replaceInString', file: s.file, node: s.node, start: h.start, end: h.end, text: r.host }] }];
        ctx.report({ file: s.file, span: spanInString(ctx.model, s, h.start, h.end), message: endpointMessage(h.host, r), fixes, severity: severity(r.partition === 'aws-us-gov') });
      }
    }

    // 2. use_fips_endpoint absent or false.
    const fipsWanted =
      providers.some((p) => {
        const v = fipsFlags.get(p)?.value;
        return v?.state === 'literal' && isTrue(v.value);
      }) || endpointBlocks.some((b) => FIPS_HOST_TEXT.test(sourceText(ctx.model, b.resource.file, b.node!.span) ?? ''));
    for (const p of providers) {
      const flag = fipsFlags.get(p);
      const v = flag?.value ?? { state: 'missing' as const };
      if (v.state === 'unknown') continue;
      if (v.state === 'literal' && (isTrue(v.value) || v.resolved?.from === 'default')) continue;
      const region = regions.get(p)?.value;
      let where: string;
      if (region?.state === 'literal') {
        if ((regionFipsInfo(region.value)?.fipsServices ?? 0) < MIN_FIPS_SERVICES) continue;
        where = `the standard endpoints of ${region.value}, where FIPS endpoints exist`;
      } else {
        if (!fipsWanted) continue;
        where = 'the standard endpoints, although this module uses FIPS endpoints elsewhere';
      }
      const message =
        v.state === 'literal'
          ? `use_fips_endpoint is false${v.resolved ? ` (from ${v.resolved.name})` : ''}, so ${label(p).charAt(0).toLowerCase()}${label(p).slice(1)} calls ${where}.`
          : `${label(p)} does not set use_fips_endpoint = true, so it calls ${where}.`;
      const slot = flag?.slot;
      const fixes = (): FixSpec[] =>
        slot && !(v.state === 'literal' && v.resolved) ? [{ title: 'Set use_fips_endpoint = true', applicability: 'unsafe', ops: [{ op: 'setValue', slot, value: true }] }] : [];
      const gov = region?.state === 'literal' && region.value.startsWith('us-gov-');
      ctx.report({ file: p.file, span: v.state === 'literal' ? v.span : p.idSpan, message, fixes, severity: severity(gov) });
    }
  },
});
