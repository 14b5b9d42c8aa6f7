// What `npm run bench` (scripts/bench.mjs) and scripts/bench-floor.mjs share: the large generated inputs
// (so that every checkout measures the same text), and how the engine's functions are timed.
import { readFileSync } from 'node:fs';

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
}

/** CPU time of the calling thread (Linux: /proc/thread-self/schedstat, in ns), else null. */
export function mainThreadCpuMs() {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return null;
  }
}

/** How long an engine function is called back to back, after its warm-up (see scripts/bench.mjs). */
export const ENGINE_RUN_MS = 2000;

/**
 * The sustained cost of `fn`, every collection included: a warm-up (at least 5 calls and half a
 * second, so that the JIT has optimised the code), then calls back to back for ENGINE_RUN_MS (at
 * least 5). Per call: wall ms, CPU ms of the process (all its threads: the collector's helpers too;
 * on a shared machine the wall time also counts the time it waited for a core), and CPU ms of the
 * main thread (null where the system does not say).
 */
export function sustained(fn) {
  const end = performance.now() + 500;
  for (let i = 0; i < 5 || performance.now() < end; i++) fn();
  let calls = 0;
  const c0 = process.cpuUsage();
  const m0 = mainThreadCpuMs();
  const t0 = performance.now();
  while (calls < 5 || performance.now() - t0 < ENGINE_RUN_MS) {
    fn();
    calls++;
  }
  const cpu = process.cpuUsage(c0);
  const m1 = mainThreadCpuMs();
  return { ms: (performance.now() - t0) / calls, cpuMs: (cpu.user + cpu.system) / 1000 / calls, mainCpuMs: m0 === null || m1 === null ? null : (m1 - m0) / calls, calls };
}

export function cfnYaml(n) {
  const out = ["AWSTemplateFormatVersion: '2010-09-09'", 'Description: generated benchmark template', 'Resources:'];
  for (let i = 0; i < n; i++) {
    out.push(
      `  Bucket${i}:`,
      '    Type: AWS::S3::Bucket',
      '    Properties:',
      `      BucketName: !Sub 'bench-${i}-\${AWS::Region}'`,
      '      VersioningConfiguration:',
      '        Status: Enabled',
      `  Bucket${i}Policy:`,
      '    Type: AWS::S3::BucketPolicy',
      '    Properties:',
      `      Bucket: !Ref Bucket${i}`,
      '      PolicyDocument:',
      "        Version: '2012-10-17'",
      '        Statement:',
      '          - Effect: Allow',
      '            Principal:',
      '              Service: cloudfront.amazonaws.com',
      '            Action: s3:GetObject',
      `            Resource: !Sub '\${Bucket${i}.Arn}/*'`,
      ...(i % 2
        ? [
            '          - Effect: Deny',
            "            Principal: '*'",
            "            Action: 's3:*'",
            `            Resource: [!GetAtt Bucket${i}.Arn, !Sub '\${Bucket${i}.Arn}/*']`,
            '            Condition:',
            '              Bool:',
            "                aws:SecureTransport: 'false'",
          ]
        : []),
      `  Role${i}:`,
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument:',
      '        Statement:',
      '          - Effect: Allow',
      '            Principal: {Service: lambda.amazonaws.com}',
      '            Action: sts:AssumeRole',
    );
  }
  return out.join('\n') + '\n';
}
export function cfnJson(n) {
  const resources = {};
  for (let i = 0; i < n; i++) {
    resources[`Bucket${i}`] = { Type: 'AWS::S3::Bucket', Properties: { BucketName: { 'Fn::Sub': `bench-${i}-\${AWS::Region}` } } };
    resources[`Bucket${i}Policy`] = {
      Type: 'AWS::S3::BucketPolicy',
      Properties: {
        Bucket: { Ref: `Bucket${i}` },
        PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject', Resource: { 'Fn::Sub': `\${Bucket${i}.Arn}/*` } }] },
      },
    };
  }
  return JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources }, null, 2);
}
export function tfModule(n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    out.push(
      `resource "aws_s3_bucket" "b${i}" {`,
      `  bucket = "\${var.prefix}-bench-${i}"`,
      '  tags = {',
      `    Name = "bench-${i}"`,
      '  }',
      '}',
      '',
      `resource "aws_s3_bucket_policy" "b${i}" {`,
      `  bucket = aws_s3_bucket.b${i}.id`,
      '  policy = jsonencode({',
      '    Version = "2012-10-17"',
      '    Statement = [{',
      '      Effect    = "Allow"',
      '      Principal = { Service = "cloudfront.amazonaws.com" }',
      '      Action    = "s3:GetObject"',
      `      Resource  = "\${aws_s3_bucket.b${i}.arn}/*"`,
      '    }]',
      '  })',
      '}',
      '',
    );
  }
  return out.join('\n');
}
export function policyJson(n) {
  const Statement = [];
  for (let i = 0; i < n; i++)
    Statement.push({ Sid: `S${i}`, Effect: 'Allow', Principal: { AWS: `arn:aws:iam::1111222233${String(i % 100).padStart(2, '0')}:root` }, Action: ['s3:GetObject', 's3:ListBucket'], Resource: [`arn:aws:s3:::bench-bucket`, `arn:aws:s3:::bench-bucket/p${i}/*`] });
  return JSON.stringify({ Version: '2012-10-17', Statement }, null, 2);
}
