// The large inputs of `npm run bench` (scripts/bench.mjs) and of scripts/bench-floor.mjs: generated, so
// that every checkout measures the same text.

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
