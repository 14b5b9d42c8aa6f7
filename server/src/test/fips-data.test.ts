import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { AWS_DNS_SUFFIXES, FIPS_DATA_SOURCE, isAwsHostname, lookupFipsHost, regionFipsInfo, type FipsLookup } from '../engine/data/fips';

const root = join(__dirname, '..', '..', '..');
const fips = (host: string, extra: Partial<Extract<FipsLookup, { kind: 'fips' }>> = {}) => ({ kind: 'fips', host, ...extra });
/** Only the answer's kind and FIPS host (and why it is derived), for the table below. */
function short(r: FipsLookup): unknown {
  if (r.kind === 'fips') return { kind: 'fips', host: r.host, ...(r.derived ? { derived: r.derived } : {}), ...(r.legacy ? { legacy: r.legacy } : {}) };
  return { kind: r.kind };
}

describe('FIPS endpoint lookup (botocore endpoints.json)', () => {
  // The expected results of shared/data/README.md on this snapshot, then more.
  const cases: [string, unknown][] = [
    ['sts.amazonaws.com', fips('sts-fips.us-east-1.amazonaws.com', { derived: { reason: 'scope', region: 'us-east-1' } })],
    ['iam.amazonaws.com', fips('iam-fips.amazonaws.com')],
    ['s3.us-east-1.amazonaws.com', fips('s3-fips.us-east-1.amazonaws.com')],
    ['s3.eu-west-1.amazonaws.com', { kind: 'no-fips' }],
    ['kms.us-gov-west-1.amazonaws.com', fips('kms-fips.us-gov-west-1.amazonaws.com')],
    ['dynamodb.us-west-2.amazonaws.com', fips('dynamodb-fips.us-west-2.amazonaws.com')],
    ['ec2.ca-central-1.amazonaws.com', fips('ec2-fips.ca-central-1.amazonaws.com')],
    ['lambda.us-east-2.amazonaws.com', fips('lambda-fips.us-east-2.amazonaws.com')],
    ['lambda.ca-central-1.amazonaws.com', { kind: 'no-fips' }],
    ['sqs.us-east-1.amazonaws.com', fips('sqs-fips.us-east-1.amazonaws.com')],
    ['kms.eu-west-1.amazonaws.com', fips('kms-fips.eu-west-1.amazonaws.com')],
    ['my-bucket.s3.us-east-1.amazonaws.com', fips('my-bucket.s3-fips.us-east-1.amazonaws.com')],
    ['apigateway.us-east-1.amazonaws.com', fips('apigateway-fips.us-east-1.amazonaws.com')],
    ['a1b2c3d4e5.execute-api.us-east-1.amazonaws.com', { kind: 'unknown' }],
    ['sts-fips.us-east-1.amazonaws.com', { kind: 'already-fips' }],
    // Already FIPS: listed variants, dual-stack FIPS, deprecated pseudo-region hosts, GovCloud hosts that are their own FIPS variant.
    ['iam-fips.amazonaws.com', { kind: 'already-fips' }],
    ['s3-fips.dualstack.us-east-1.amazonaws.com', { kind: 'already-fips' }],
    ['my-bucket.s3-fips.us-east-1.amazonaws.com', { kind: 'already-fips' }],
    ['waf-regional-fips.us-gov-west-1.amazonaws.com', { kind: 'already-fips' }],
    ['sts.us-gov-west-1.amazonaws.com', { kind: 'already-fips' }],
    ['dynamodb.us-gov-west-1.amazonaws.com', fips('dynamodb-fips.us-gov-west-1.amazonaws.com')],
    // Not listed by this botocore snapshot (CloudFront has one global endpoint and no variant): never suggested, never judged.
    ['cloudfront.amazonaws.com', { kind: 'no-fips' }],
    ['cloudfront-fips.amazonaws.com', { kind: 'unknown' }],
    ['ecr-fips.us-east-1.amazonaws.com', { kind: 'already-fips' }],
    // Case, trailing dot and port do not matter.
    ['SQS.US-EAST-1.AMAZONAWS.COM', fips('sqs-fips.us-east-1.amazonaws.com')],
    ['sqs.us-east-1.amazonaws.com.', fips('sqs-fips.us-east-1.amazonaws.com')],
    ['sqs.us-east-1.amazonaws.com:443', fips('sqs-fips.us-east-1.amazonaws.com')],
    // Hostname overrides: the FIPS host is the one listed, not `{service}-fips`.
    ['api.ecr.us-east-1.amazonaws.com', fips('ecr-fips.us-east-1.amazonaws.com')],
    ['elasticfilesystem.us-east-1.amazonaws.com', fips('elasticfilesystem-fips.us-east-1.amazonaws.com')],
    // Dual-stack: the dual-stack FIPS variant; a dual-stack host whose FIPS variant is IPv4 only is derived.
    ['s3.dualstack.us-east-1.amazonaws.com', fips('s3-fips.dualstack.us-east-1.amazonaws.com')],
    ['my-bucket.s3.dualstack.us-west-2.amazonaws.com', fips('my-bucket.s3-fips.dualstack.us-west-2.amazonaws.com')],
    ['sqs.us-east-1.api.aws', fips('sqs-fips.us-east-1.amazonaws.com', { derived: { reason: 'ipv4' } })],
    ['s3.dualstack.eu-west-1.amazonaws.com', { kind: 'no-fips' }],
    // Partitions: China (a few FIPS endpoints), GovCloud, ISO, EUSC (none).
    ['ec2.cn-north-1.amazonaws.com.cn', { kind: 'no-fips' }],
    ['kms.us-iso-east-1.c2s.ic.gov', fips('kms-fips.us-iso-east-1.c2s.ic.gov')],
    ['kms.us-isob-east-1.sc2s.sgov.gov', fips('kms-fips.us-isob-east-1.sc2s.sgov.gov')],
    ['kms.eusc-de-east-1.amazonaws.eu', { kind: 'no-fips' }],
    ['s3.us-gov-west-1.amazonaws.com', fips('s3-fips.us-gov-west-1.amazonaws.com')],
    // Leading labels are kept only for services whose hosts take them (S3 buckets): others are unknown.
    ['123456789012.dkr.ecr.us-east-1.amazonaws.com', { kind: 'unknown' }],
    ['oidc.eks.us-east-1.amazonaws.com', { kind: 'unknown' }],
    ['vpce-0abc-1234.sqs.us-east-1.vpce.amazonaws.com', { kind: 'unknown' }],
    ['search-logs-abc.us-east-1.es.amazonaws.com', { kind: 'unknown' }],
    // Global endpoints: own FIPS variant, derived from the credential scope, none at all.
    // S3's global endpoint serves buckets of every region: the bucket's region, not in the host, decides.
    ['s3.amazonaws.com', { kind: 'unknown' }],
    ['my-bucket.s3.amazonaws.com', { kind: 'unknown' }],
    ['route53.amazonaws.com', fips('route53-fips.amazonaws.com')],
    // Legacy S3 hostnames: another name of the region's standard host, whose listed FIPS variant is the answer.
    ['s3-us-west-2.amazonaws.com', fips('s3-fips.us-west-2.amazonaws.com', { legacy: 's3.us-west-2.amazonaws.com' })],
    ['S3-US-WEST-2.amazonaws.com.', fips('s3-fips.us-west-2.amazonaws.com', { legacy: 's3.us-west-2.amazonaws.com' })],
    ['my-bucket.s3-us-east-2.amazonaws.com', fips('my-bucket.s3-fips.us-east-2.amazonaws.com', { legacy: 'my-bucket.s3.us-east-2.amazonaws.com' })],
    ['s3-external-1.amazonaws.com', fips('s3-fips.us-east-1.amazonaws.com', { legacy: 's3.us-east-1.amazonaws.com' })],
    ['s3-us-gov-west-1.amazonaws.com', fips('s3-fips.us-gov-west-1.amazonaws.com', { legacy: 's3.us-gov-west-1.amazonaws.com' })],
    ['s3-fips-us-gov-west-1.amazonaws.com', { kind: 'already-fips' }],
    ['s3-eu-west-1.amazonaws.com', { kind: 'no-fips' }],
    ['my-bucket.s3-eu-west-1.amazonaws.com', { kind: 'no-fips' }],
    ['s3-cn-north-1.amazonaws.com.cn', { kind: 'no-fips' }],
    // Look-alikes that are no legacy S3 host: website endpoints, a region no partition has, FIPS of s3-external-1.
    ['s3-website-us-east-1.amazonaws.com', { kind: 'unknown' }],
    ['s3-xx-nowhere-9.amazonaws.com', { kind: 'unknown' }],
    ['s3-fips-external-1.amazonaws.com', { kind: 'unknown' }],
    ['sqs-us-east-1.amazonaws.com', { kind: 'unknown' }],
    // Unknown services and regions, non-AWS hosts.
    ['nosuchservice.us-east-1.amazonaws.com', { kind: 'unknown' }],
    ['sqs.xx-nowhere-9.amazonaws.com', { kind: 'unknown' }],
    ['localhost', { kind: 'unknown' }],
    ['sqs.us-east-1.localhost.localstack.cloud', { kind: 'unknown' }],
  ];
  for (const [host, want] of cases) test(host, () => assert.deepEqual(short(lookupFipsHost(host)), want));

  test('answers name the partition, service and region', () => {
    assert.deepEqual(lookupFipsHost('kms.us-gov-east-1.amazonaws.com'), { kind: 'fips', host: 'kms-fips.us-gov-east-1.amazonaws.com', partition: 'aws-us-gov', service: 'kms', region: 'us-gov-east-1' });
    assert.deepEqual(lookupFipsHost('lambda.ca-central-1.amazonaws.com'), { kind: 'no-fips', partition: 'aws', service: 'lambda', region: 'ca-central-1' });
  });

  test('every suggested host is a host the table lists as FIPS', () => {
    // Walk every standard host of the table: each answer is either no-fips or a host that is itself already FIPS.
    const t = JSON.parse(readFileSync(join(root, 'server/src/engine/data/fips-endpoints.json'), 'utf8'));
    let checked = 0;
    for (const p of Object.values<{ dnsSuffix: string; services: Record<string, Record<string, unknown>> }>(t.partitions))
      for (const [svc, rows] of Object.entries(p.services))
        for (const region of String(rows['1'] ?? '').split(' ').filter(Boolean)) {
          const own = (rows['~'] as (string | 0)[] | undefined)?.[0];
          const host = own ? own.replace('{region}', region) : `${svc}.${region}.${p.dnsSuffix}`;
          const r = lookupFipsHost(host);
          assert.equal(r.kind, 'fips', host);
          if (r.kind === 'fips') assert.deepEqual(lookupFipsHost(r.host), { kind: 'already-fips' }, r.host);
          checked++;
        }
    assert.ok(checked > 700, `only ${checked} hosts checked`);
  });

  test('AWS DNS suffixes and regions', () => {
    for (const s of ['amazonaws.com', 'amazonaws.com.cn', 'api.aws', 'c2s.ic.gov', 'sc2s.sgov.gov']) assert.ok(AWS_DNS_SUFFIXES.includes(s), s);
    assert.ok(isAwsHostname('sqs.us-east-1.amazonaws.com'));
    assert.ok(isAwsHostname('SQS.us-east-1.API.AWS:443'));
    assert.ok(!isAwsHostname('amazonaws.com.evil.example'));
    assert.ok(!isAwsHostname('localhost.localstack.cloud'));
    const services = (r: string) => regionFipsInfo(r)?.fipsServices ?? -1;
    assert.equal(regionFipsInfo('us-gov-west-1')?.partition, 'aws-us-gov');
    assert.equal(regionFipsInfo('cn-north-1')?.partition, 'aws-cn');
    for (const r of ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'us-gov-west-1', 'us-gov-east-1', 'us-iso-east-1']) assert.ok(services(r) >= 18, `${r}: ${services(r)}`);
    for (const r of ['eu-west-1', 'ap-southeast-2', 'sa-east-1', 'cn-north-1']) assert.ok(services(r) > 0 && services(r) <= 6, `${r}: ${services(r)}`);
    assert.equal(services('eusc-de-east-1'), 0);
    assert.equal(regionFipsInfo('mars-1'), undefined);
  });

  test('the table records its source and ships botocore licence and notice', () => {
    assert.equal(FIPS_DATA_SOURCE.commit, '0e6e2404b85dc336dd2889814e089bde7d1a4c55');
    assert.equal(FIPS_DATA_SOURCE.botocoreVersion, '1.43.67');
    assert.match(readFileSync(join(root, 'server/src/engine/data/botocore.LICENSE'), 'utf8'), /Apache License\s+Version 2\.0/);
    assert.match(readFileSync(join(root, 'server/src/engine/data/botocore.NOTICE'), 'utf8'), /Amazon\.com, Inc\./);
  });

});
