// Benchmark (not a test): parse floor vs full analysis on generated large inputs, and CLI
// throughput on real-world files. Medians over several runs after a warm-up.
// Usage: npm run bench [-- --json] [-- --runs N]
import { createRequire } from 'node:module';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { Engine } = require(join(root, 'server/out/engine/engine.js'));
const args = process.argv.slice(2);
const asJson = args.includes('--json');
const runs = Number(args[args.indexOf('--runs') + 1]) || 7;

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
function time(fn) {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}
function measure(fn) {
  fn(); // warm-up
  fn();
  return median(Array.from({ length: runs }, () => time(fn)));
}

// ---- generated inputs -------------------------------------------------------------------
function cfnYaml(n) {
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
function cfnJson(n) {
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
function tfModule(n) {
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
function policyJson(n) {
  const Statement = [];
  for (let i = 0; i < n; i++)
    Statement.push({ Sid: `S${i}`, Effect: 'Allow', Principal: { AWS: `arn:aws:iam::1111222233${String(i % 100).padStart(2, '0')}:root` }, Action: ['s3:GetObject', 's3:ListBucket'], Resource: [`arn:aws:s3:::bench-bucket`, `arn:aws:s3:::bench-bucket/p${i}/*`] });
  return JSON.stringify({ Version: '2012-10-17', Statement }, null, 2);
}

const engine = await Engine.create();
const inputs = [
  { name: 'CloudFormation YAML', path: 'bench.yaml', text: cfnYaml(500) },
  { name: 'CloudFormation JSON', path: 'bench.template.json', text: cfnJson(1000) },
  { name: 'Terraform module', path: 'bench/main.tf', text: tfModule(1000) },
  { name: 'policy JSON', path: 'bench-policy.json', text: policyJson(2000) },
];

const rows = [];
let peakRss = process.memoryUsage().rss;
for (const inp of inputs) {
  const lines = inp.text.split('\n').length;
  const file = { path: inp.path, text: inp.text };
  const parse = measure(() => engine.parse(file));
  const full = measure(() => engine.analyze([file]));
  const findings = engine.analyze([file])[0].findings.length;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  rows.push({ input: inp.name, lines, kb: Math.round(inp.text.length / 1024), parseMs: +parse.toFixed(2), analyzeMs: +full.toFixed(2), ratio: +(full / parse).toFixed(2), findings });
}

// ---- CLI throughput on real files ---------------------------------------------------------
const corpora = [join(root, '../shared/realworld'), join(root, '../shared/corpus')].filter(existsSync);
const cli = [];
if (existsSync(join(root, 'dist/cli.js'))) {
  for (const dir of corpora) {
    let files = 0;
    const stack = [dir];
    while (stack.length) {
      const d = stack.pop();
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) stack.push(join(d, e.name));
        else if (/\.(tf|json|ya?ml|template)$/.test(e.name)) files++;
      }
    }
    const ms = measure(() => {
      try {
        execFileSync(process.execPath, [join(root, 'dist/cli.js'), 'scan', dir, '--format', 'json', '--fail-on', 'none'], { stdio: ['ignore', 'ignore', 'ignore'] });
      } catch {
        /* exit codes are not the point here */
      }
    });
    cli.push({ corpus: dir.replace(join(root, '..') + '/', '../'), files, wholeProcessMs: Math.round(ms), filesPerSecond: Math.round((files / ms) * 1000) });
  }
}

const result = { node: process.version, runs, rows, cli, peakRssMb: Math.round(peakRss / 1024 / 1024) };
if (asJson) {
  console.log(JSON.stringify(result, null, 2));
} else {
  console.log(`awsdp bench — median of ${runs} runs after warm-up (${process.version})\n`);
  console.table(rows);
  if (cli.length) console.table(cli);
  console.log(`peak RSS: ${result.peakRssMb} MB`);
}
