import { dp404 } from '../engine/rules/dp404-aws-profile-without-fips';
import { code } from '../engine/rules/rule';
import { testRule } from '../engine/rules/tester';
import { corpus } from './fixtures';

const msg = (who: string, region: string) => `${who} does not set use_fips_endpoint = true, so the AWS SDKs and CLI call the standard endpoints of ${region}, where FIPS endpoints exist.`;

const twoProfiles = code`
  # team profiles
  [default]
  region = us-east-1
  output = json

  [profile gov]
  region = us-gov-west-1
  services = gov-endpoints

  ; endpoints of the gov profile
  [services gov-endpoints]
  s3 =
    endpoint_url = https://s3-fips.us-gov-west-1.amazonaws.com
`;

testRule(dp404, {
  valid: [
    { name: 'use_fips_endpoint = true', format: 'aws-config', code: '[default]\nregion = us-east-1\nuse_fips_endpoint = true\n' },
    { name: 'use_fips_endpoint = false is DP403s', format: 'aws-config', code: '[default]\nregion = us-east-1\nuse_fips_endpoint = false\n' },
    { name: 'no region', format: 'aws-config', code: '[profile sso]\nsso_session = corp\nsso_account_id = 123456789012\n' },
    { name: 'a region with few FIPS endpoints', format: 'aws-config', code: '[profile eu]\nregion = eu-west-1\n' },
    { name: 'every service sent to LocalStack', format: 'aws-config', code: '[profile local]\nregion = us-east-1\nendpoint_url = http://localhost:4566\n' },
    { name: 'an sso-session section with a region', format: 'aws-config', code: '[sso-session corp]\nsso_region = us-east-1\nregion = us-east-1\n' },
    { name: 'a config section the CLI does not read as a profile', format: 'aws-config', code: '[app]\nregion = us-east-1\n' },
    { name: 'the setting in a second section of the same profile', format: 'aws-config', code: '[default]\nregion = us-east-1\n\n[default]\nuse_fips_endpoint = true\n' },
    { name: 'half-typed header', format: 'aws-config', code: '[profile gov\nregion = us-gov-west-1\n' },
  ],
  invalid: [
    {
      name: 'two profiles: the GovCloud one a warning, both fixed after their last setting',
      format: 'aws-config',
      code: twoProfiles,
      errors: [
        {
          at: 'default',
          severity: 'warning',
          message: msg('The default profile', 'us-east-1'),
          fixes: [{ output: twoProfiles.replace('output = json', 'output = json\nuse_fips_endpoint = true'), title: 'Set use_fips_endpoint = true' }],
        },
        { at: 'profile gov', severity: 'warning', message: msg('The profile gov', 'us-gov-west-1'), fixes: [twoProfiles.replace('services = gov-endpoints', 'services = gov-endpoints\nuse_fips_endpoint = true')] },
      ],
    },
    {
      name: 'commercial region: information; key=value style and CRLF kept',
      format: 'aws-config',
      code: '[profile app]\r\nregion=us-west-2\r\n',
      errors: [{ at: 'profile app', message: msg('The profile app', 'us-west-2'), fixes: ['[profile app]\r\nregion=us-west-2\r\nuse_fips_endpoint=true\r\n'] }],
    },
    {
      name: 'fips required; a file without a final line break; the setting goes after a sub-section',
      format: 'aws-config',
      config: 'fips: required\n',
      code: '[profile app]\nregion = ca-central-1\ns3 =\n  addressing_style = path',
      errors: [{ at: 'profile app', severity: 'warning', message: msg('The profile app', 'ca-central-1'), fixes: ['[profile app]\nregion = ca-central-1\ns3 =\n  addressing_style = path\nuse_fips_endpoint = true'] }],
    },
    {
      name: 'credentials file: a section is a profile',
      file: 'ci/.aws/credentials',
      format: 'aws-config',
      code: '[deploy]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\nregion = us-east-2\n',
      errors: [{ at: 'deploy', message: msg('The profile deploy', 'us-east-2'), fixes: ['[deploy]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\nregion = us-east-2\nuse_fips_endpoint = true\n'] }],
    },
    {
      name: 'quoted profile name',
      format: 'aws-config',
      code: '[profile "ops team"]\nregion = us-east-1\n',
      errors: [{ at: 'profile "ops team"', message: msg('The profile ops team', 'us-east-1'), fixes: ['[profile "ops team"]\nregion = us-east-1\nuse_fips_endpoint = true\n'] }],
    },
  ],
  corpus: corpus(),
});
