import type { FixSpec } from '../fixes/ops';
import { awsProfiles, profileSetting } from '../model/aws-config';
import { regionFipsInfo } from '../model/endpoints';
import { fipsSeverity } from './lib/fips';
import { code, defineRule } from './rule';

/**
 * A region where FIPS endpoints are the norm: botocore lists them for at least this many services (the
 * US and Canada commercial regions, GovCloud, the ISO regions), as DP402 reads it for Terraform providers.
 * Elsewhere only a handful of services have one, and use_fips_endpoint = true would break the others.
 */
const MIN_FIPS_SERVICES = 10;

export const dp404 = defineRule({
  meta: {
    id: 'DP404',
    name: 'aws-profile-without-fips',
    category: 'fips-endpoint',
    defaultSeverity: 'info',
    summary: 'A profile of an AWS CLI/SDK config file is for a region where FIPS endpoints exist but does not set use_fips_endpoint = true.',
    description: [
      'The AWS CLI and SDKs call the standard endpoints unless `use_fips_endpoint = true` in the profile they use (or the',
      '`AWS_USE_FIPS_ENDPOINT` environment variable) tells them to resolve FIPS endpoints, which terminate TLS with a FIPS',
      'validated module. AWS: "If you require FIPS 140-2 validated cryptographic modules when accessing AWS through a',
      'command line interface or an API, use a FIPS endpoint."',
      '',
      'The rule reads the AWS SDK/CLI shared config files of the workspace (`.aws/config`, and `.aws/credentials`, which',
      'the SDKs read the same way) and reports a profile (`[default]`, `[profile name]`, a credentials file\'s `[name]`) whose',
      '`region` is one where botocore\'s endpoint table lists FIPS endpoints for most services (at least 10: the US and',
      'Canada commercial regions, GovCloud, the ISO regions) and that does not set `use_fips_endpoint` at all. It is the',
      'config-file twin of DP402 (Terraform AWS providers); a profile that sets it to `false` is DP403\'s.',
      '',
      'Not reported: a profile without `region` (the region then comes from elsewhere), one in a region with few FIPS',
      'endpoints (most regions outside North America), one whose `endpoint_url` sends every service to one endpoint',
      '(LocalStack, a proxy: DP401 judges an AWS host there), `[sso-session ...]` and `[services ...]` sections, and a',
      'section the AWS CLI does not read as a profile (`[name]` without `profile` in the config file). Settings from the',
      'environment (`AWS_USE_FIPS_ENDPOINT`) or from the same profile in another file cannot be seen here: if FIPS comes',
      'from there, turn the rule off in `.awsdp.yaml`.',
      '',
      'The fix adds `use_fips_endpoint = true` to the profile. It is marked unsafe: the setting applies to every service the',
      'profile calls, and a call to a service without a FIPS endpoint in that region then fails; check what uses the profile.',
      '',
      '**Severity.** FIPS is a requirement for some teams and noise for others: the rule reports at information level,',
      'and at warning level when the project says FIPS is required (`fips: required` in `.awsdp.yaml`, or the',
      '`awsdp.fips.required` editor setting), when the profile\'s region is in GovCloud (`us-gov-*`), or when the file',
      'targets GovCloud (another profile there, an `arn:aws-us-gov:` ARN). A severity set for the rule in `rules:` wins',
      'over all of these.',
    ].join('\n'),
    fix: 'unsafe',
    formats: ['aws-config'],
    examples: [
      {
        title: 'A GovCloud profile without use_fips_endpoint',
        format: 'aws-config',
        fileName: '.aws/config',
        bad: code`
          [profile gov]
          region = us-gov-west-1
          output = json
        `,
        good: code`
          [profile gov]
          region = us-gov-west-1
          output = json
          use_fips_endpoint = true
        `,
      },
    ],
  },
  check(ctx) {
    const profiles = awsProfiles(ctx.model);
    if (!profiles.length) return;
    const severity = fipsSeverity(ctx);
    for (const p of profiles) {
      if (p.kind !== 'profile') continue;
      const flag = profileSetting(p, 'use_fips_endpoint');
      if (flag.value.state !== 'missing') continue; // true, false (DP403's) or something else
      const region = profileSetting(p, 'region').value;
      if (region.state !== 'literal' || (regionFipsInfo(region.value)?.fipsServices ?? 0) < MIN_FIPS_SERVICES) continue;
      // Every service sent to one endpoint (LocalStack, a proxy): FIPS resolution does not apply.
      if (profileSetting(p, 'endpoint_url').value.state !== 'missing') continue;
      const who = p.name === 'default' ? 'The default profile' : `The profile ${p.name}`;
      const fixes = (): FixSpec[] => [{ title: 'Set use_fips_endpoint = true', applicability: 'unsafe', ops: [{ op: 'setValue', slot: flag.slot, value: true }] }];
      ctx.report({
        file: p.file,
        span: p.idSpan,
        message: `${who} does not set use_fips_endpoint = true, so the AWS SDKs and CLI call the standard endpoints of ${region.value}, where FIPS endpoints exist.`,
        fixes,
        severity: severity(region.value.startsWith('us-gov-')),
      });
    }
  },
});
