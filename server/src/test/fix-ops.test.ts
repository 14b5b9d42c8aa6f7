/**
 * Fix operations (engine/fixes/ops.ts) rendered per dialect: each case applies the rendered
 * edits, compares the exact output text, and parses the result again (no parse errors).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { ParsedDocument } from '../engine/documents/document';
import type { FixOp, NeutralValue } from '../engine/fixes/ops';
import { renderFixes } from '../engine/fixes/render';
import type { Model, PolicyDocument, Resource, Slot } from '../engine/model/model';
import { getPath, type VNode, type VObject } from '../engine/value';
import { corpus } from './fixtures';
import { applyEdits, engine } from './helpers';

interface Parsed {
  doc: ParsedDocument;
  model: Model;
}

function parseErrors(path: string, text: string, e: Awaited<ReturnType<typeof engine>>): string[] {
  return (e.parse({ path, text })?.notices ?? []).filter((n) => n.kind === 'parse-error').map((n) => n.message);
}

/** Parses a file as the engine does. `halfTyped`: the input may have parse errors (the output must have no more). */
async function parse(path: string, text: string, halfTyped = false): Promise<Parsed> {
  const e = await engine();
  const doc = e.parse({ path, text });
  assert.ok(doc?.format, `${path} not recognised`);
  const errors = parseErrors(path, text, e);
  if (halfTyped) assert.notDeepEqual(errors, [], 'a half-typed input has parse errors');
  else assert.deepEqual(errors, [], 'the input must parse');
  return { doc, model: e.buildModel([doc]) };
}

/** Renders the operations and applies them; undefined when the fix is dropped. The output parses (with no new error). */
async function apply(p: Parsed, ops: FixOp[]): Promise<string | undefined> {
  const fixes = renderFixes([{ title: 't', applicability: 'safe', ops }], (f) => (f === p.doc.path ? p.doc : undefined), p.doc.path);
  if (!fixes.length) return undefined;
  const out = applyEdits(p.doc.text, fixes[0].edits);
  const e = await engine();
  const before = parseErrors(p.doc.path, p.doc.text, e);
  const after = parseErrors(p.doc.path, out, e);
  assert.ok(after.length <= before.length, `the output must parse:\n${out}\n${after.join('\n')}`);
  if (!before.length) assert.deepEqual(after, [], `the output must parse:\n${out}`);
  return out;
}

function objAt(root: VNode | undefined, path: (string | number)[]): VObject {
  const n = path.length ? getPath(root, path) : root;
  assert.equal(n?.kind, 'object', `no object at ${path.join('.')}`);
  return n as VObject;
}

/** The Terraform HCL body of a block (`resource "t" "n"`) by its resource id. */
function resource(p: Parsed, id: string): Resource {
  const r = p.model.resources.find((x) => x.id === id);
  assert.ok(r, `no resource ${id}: ${p.model.resources.map((x) => x.id).join(', ')}`);
  return r;
}

function slot(p: Parsed, parent: VObject, path: string[], blocks?: boolean[]): Slot {
  const dialect = p.doc.format === 'terraform' ? 'hcl' : p.doc.roots ? 'yaml' : 'json';
  return { file: p.doc.path, dialect, parent, path, blocks };
}

function setValue(s: Slot, value: NeutralValue): FixOp {
  return { op: 'setValue', slot: s, value };
}

function policy(p: Parsed, i = 0): PolicyDocument {
  const d = p.model.policies[i];
  assert.ok(d, 'no policy');
  return d;
}

// ---------------------------------------------------------------------------------------------

const CFN_JSON = `{
  "Resources": {
    "Bucket": {"Type": "AWS::S3::Bucket"},
    "Dist": {
      "Type": "AWS::CloudFront::Distribution",
      "Properties": {
        "DistributionConfig": {
          "DefaultCacheBehavior": {
            "TargetOriginId": "o",
            "ViewerProtocolPolicy": "allow-all"
          }
        }
      }
    }
  }
}
`;

describe('setValue: JSON', () => {
  test('replaces a present scalar', async () => {
    const p = await parse('t.json', CFN_JSON);
    const dcb = objAt(p.doc.root, ['Resources', 'Dist', 'Properties', 'DistributionConfig', 'DefaultCacheBehavior']);
    const out = await apply(p, [setValue(slot(p, dcb, ['ViewerProtocolPolicy']), 'redirect-to-https')]);
    assert.equal(out, CFN_JSON.replace('"allow-all"', '"redirect-to-https"'));
  });

  test('creates a missing key after the last one, at its indentation', async () => {
    const text = CFN_JSON.replace(',\n            "ViewerProtocolPolicy": "allow-all"', '');
    const p = await parse('t.json', text);
    const dcb = objAt(p.doc.root, ['Resources', 'Dist', 'Properties', 'DistributionConfig', 'DefaultCacheBehavior']);
    const out = await apply(p, [setValue(slot(p, dcb, ['ViewerProtocolPolicy']), 'https-only')]);
    assert.equal(out, text.replace('"TargetOriginId": "o"', '"TargetOriginId": "o",\n            "ViewerProtocolPolicy": "https-only"'));
  });

  test('creates missing parents as nested objects', async () => {
    const text = `{
  "Resources": {
    "Dist": {
      "Type": "AWS::CloudFront::Distribution",
      "Properties": {
        "DistributionConfig": {
          "Enabled": true
        }
      }
    }
  }
}
`;
    const p = await parse('t.json', text);
    const dc = objAt(p.doc.root, ['Resources', 'Dist', 'Properties', 'DistributionConfig']);
    const out = await apply(p, [setValue(slot(p, dc, ['DefaultCacheBehavior', 'ViewerProtocolPolicy']), 'redirect-to-https')]);
    assert.equal(
      out,
      text.replace(
        '"Enabled": true',
        '"Enabled": true,\n          "DefaultCacheBehavior": {\n            "ViewerProtocolPolicy": "redirect-to-https"\n          }',
      ),
    );
  });

  test('a one-line object stays on one line, with its separators', async () => {
    const text = '{"Resources":{"D":{"Type":"AWS::CloudFront::Distribution","Properties":{"DistributionConfig":{"DefaultCacheBehavior":{"TargetOriginId":"o"}}}}}}';
    const p = await parse('t.json', text);
    const dcb = objAt(p.doc.root, ['Resources', 'D', 'Properties', 'DistributionConfig', 'DefaultCacheBehavior']);
    const out = await apply(p, [setValue(slot(p, dcb, ['ViewerProtocolPolicy', 'X']), 'v')]);
    assert.equal(out, text.replace('{"TargetOriginId":"o"}', '{"TargetOriginId":"o","ViewerProtocolPolicy":{"X":"v"}}'));
  });

  test('tabs and CRLF are kept; a reference becomes Fn::GetAtt (array form when the file uses it)', async () => {
    const text = '{\r\n\t"Resources": {\r\n\t\t"B": {"Type": "AWS::S3::Bucket"},\r\n\t\t"R": {\r\n\t\t\t"Type": "AWS::IAM::Role",\r\n\t\t\t"Properties": {\r\n\t\t\t\t"Path": {"Fn::GetAtt": ["B", "Arn"]}\r\n\t\t\t}\r\n\t\t}\r\n\t}\r\n}\r\n';
    const p = await parse('t.json', text);
    const props = objAt(p.doc.root, ['Resources', 'R', 'Properties']);
    const b = resource(p, 'B');
    const out = await apply(p, [setValue(slot(p, props, ['Target']), { $ref: { resource: b, attribute: 'arn' } })]);
    assert.equal(out, text.replace('["B", "Arn"]}\r\n', '["B", "Arn"]},\r\n\t\t\t\t"Target": {\r\n\t\t\t\t\t"Fn::GetAtt": ["B", "Arn"]\r\n\t\t\t\t}\r\n'));
  });

  test('.tf.json: references become template strings, literal ${ is escaped', async () => {
    const text = '{\n  "resource": {\n    "aws_s3_bucket": {"b": {"bucket": "b"}},\n    "aws_s3_object": {\n      "o": {\n        "key": "k"\n      }\n    }\n  }\n}\n';
    const p = await parse('main.tf.json', text);
    const o = resource(p, 'aws_s3_object.o');
    const b = resource(p, 'aws_s3_bucket.b');
    const out = await apply(p, [
      setValue(slot(p, o.properties!, ['bucket']), { $ref: { resource: b, attribute: 'name' } }),
      setValue(slot(p, o.properties!, ['key']), 'logs/${literal}/x'),
    ]);
    assert.equal(out, text.replace('"key": "k"', () => '"key": "logs/$${literal}/x",\n        "bucket": "${aws_s3_bucket.b.bucket}"'));
  });

  test('a standalone policy file cannot hold a reference: the fix is dropped', async () => {
    const text = '{"Version": "2012-10-17", "Statement": []}\n';
    const p = await parse('p.json', text);
    const r: Resource = { ...resourceStub('AWS::S3::Bucket', 'B'), format: 'cloudformation' };
    assert.equal(await apply(p, [setValue(slot(p, p.doc.root as VObject, ['Version']), { $ref: { resource: r, attribute: 'arn' } })]), undefined);
  });
});

function resourceStub(type: string, id: string): Resource {
  const span = { start: 0, end: 0 };
  const node: VObject = { kind: 'object', entries: [], span };
  return { id, type, file: 'x', format: 'cloudformation', span, idSpan: span, properties: node, node, mode: 'resource', dialect: 'json' };
}

// ---------------------------------------------------------------------------------------------

const CFN_YAML = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  Dist:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Origins:
          - Id: o
            DomainName: !GetAtt Bucket.RegionalDomainName
        DefaultCacheBehavior:
          TargetOriginId: o # the only origin
          ViewerProtocolPolicy: allow-all
`;

describe('setValue: YAML', () => {
  test('replaces a present scalar', async () => {
    const p = await parse('t.yaml', CFN_YAML);
    const dcb = objAt(p.doc.root, ['Resources', 'Dist', 'Properties', 'DistributionConfig', 'DefaultCacheBehavior']);
    const out = await apply(p, [setValue(slot(p, dcb, ['ViewerProtocolPolicy']), 'redirect-to-https')]);
    assert.equal(out, CFN_YAML.replace('ViewerProtocolPolicy: allow-all', 'ViewerProtocolPolicy: redirect-to-https'));
  });

  test('creates a missing key after a trailing comment; references in the short form', async () => {
    const text = CFN_YAML.replace('          ViewerProtocolPolicy: allow-all\n', '');
    const p = await parse('t.yaml', text);
    const dcb = objAt(p.doc.root, ['Resources', 'Dist', 'Properties', 'DistributionConfig', 'DefaultCacheBehavior']);
    const b = resource(p, 'Bucket');
    const out = await apply(p, [
      setValue(slot(p, dcb, ['ViewerProtocolPolicy']), 'https-only'),
      setValue(slot(p, objAt(p.doc.root, ['Resources', 'Dist', 'Properties']), ['Logging', 'Bucket']), { $ref: { resource: b, attribute: 'arn' }, suffix: '/cf' }),
    ]);
    assert.equal(
      out,
      text
        .replace('# the only origin\n', "# the only origin\n          ViewerProtocolPolicy: https-only\n      Logging:\n        Bucket: !Sub '${Bucket.Arn}/cf'\n")
    );
  });

  test('long forms when the file uses none; flow mappings stay flow', async () => {
    const text = `Resources:
  Bucket:
    Type: AWS::S3::Bucket
  Dist:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig: {Enabled: true}
      Tags:
        - Key: a
          Value: b
`;
    const p = await parse('t.yaml', text);
    const b = resource(p, 'Bucket');
    const out = await apply(p, [
      setValue(slot(p, objAt(p.doc.root, ['Resources', 'Dist', 'Properties', 'DistributionConfig']), ['DefaultCacheBehavior', 'ViewerProtocolPolicy']), 'redirect-to-https'),
      setValue(slot(p, objAt(p.doc.root, ['Resources', 'Dist', 'Properties', 'Tags', 0]), ['Arn']), { $ref: { resource: b, attribute: 'arn' } }),
    ]);
    assert.equal(
      out,
      text
        .replace('{Enabled: true}', '{Enabled: true, DefaultCacheBehavior: {ViewerProtocolPolicy: redirect-to-https}}')
        .replace('          Value: b\n', '          Value: b\n          Arn:\n            Fn::GetAtt: Bucket.Arn\n'),
    );
  });

  test('a value that YAML would read as another type is quoted; CRLF kept', async () => {
    const text = 'Resources:\r\n  Q:\r\n    Type: AWS::SQS::Queue\r\n    Properties:\r\n      FifoQueue: true\r\n';
    const p = await parse('t.yaml', text);
    const props = objAt(p.doc.root, ['Resources', 'Q', 'Properties']);
    const out = await apply(p, [setValue(slot(p, props, ['FifoQueue']), 'false'), setValue(slot(p, props, ['QueueName']), 'a: b')]);
    assert.equal(out, "Resources:\r\n  Q:\r\n    Type: AWS::SQS::Queue\r\n    Properties:\r\n      FifoQueue: 'false'\r\n      QueueName: 'a: b'\r\n");
  });
});

// ---------------------------------------------------------------------------------------------

describe('setValue: HCL', () => {
  const TF = `resource "aws_cloudfront_distribution" "d" {
  enabled = true
  comment = "site" # keep

  default_cache_behavior {
    target_origin_id       = "o"
    viewer_protocol_policy = "allow-all"
  }
}
`;

  test('replaces a present attribute', async () => {
    const p = await parse('main.tf', TF);
    const dcb = objAt(resource(p, 'aws_cloudfront_distribution.d').properties, ['default_cache_behavior', 0]);
    const out = await apply(p, [setValue(slot(p, dcb, ['viewer_protocol_policy']), 'redirect-to-https')]);
    assert.equal(out, TF.replace('"allow-all"', '"redirect-to-https"'));
  });

  test('a new attribute joins the aligned run (terraform fmt)', async () => {
    const text = TF.replace('    viewer_protocol_policy = "allow-all"\n', '').replace('target_origin_id       =', 'target_origin_id =');
    const p = await parse('main.tf', text);
    const dcb = objAt(resource(p, 'aws_cloudfront_distribution.d').properties, ['default_cache_behavior', 0]);
    const out = await apply(p, [setValue(slot(p, dcb, ['viewer_protocol_policy']), 'https-only')]);
    assert.equal(out, TF.replace('"allow-all"', '"https-only"'));
  });

  test('missing nested blocks are created as blocks; attributes after a comment', async () => {
    const text = `resource "aws_cloudfront_distribution" "d" {
  enabled = true
  comment = "site" # keep
}
`;
    const p = await parse('main.tf', text);
    const body = resource(p, 'aws_cloudfront_distribution.d').properties!;
    const b = resource(await parse('b.tf', 'resource "aws_s3_bucket" "logs" {}\n'), 'aws_s3_bucket.logs');
    const out = await apply(p, [
      setValue(slot(p, body, ['default_cache_behavior', 'viewer_protocol_policy'], [true]), 'redirect-to-https'),
      setValue(slot(p, body, ['web_acl_id']), { $ref: { resource: b, attribute: 'arn' }, suffix: '/${x}' }),
    ]);
    assert.equal(
      out,
      `resource "aws_cloudfront_distribution" "d" {
  enabled    = true
  comment    = "site" # keep
  web_acl_id = "\${aws_s3_bucket.logs.arn}/$\${x}"

  default_cache_behavior {
    viewer_protocol_policy = "redirect-to-https"
  }
}
`,
    );
  });

  test('an empty body; tabs and CRLF', async () => {
    const text = 'resource "aws_s3_bucket" "b" {}\r\n\r\nresource "aws_s3_bucket_versioning" "v" {\r\n\tbucket = aws_s3_bucket.b.id\r\n\tversioning_configuration {\r\n\t}\r\n}\r\n';
    const p = await parse('main.tf', text);
    const v = resource(p, 'aws_s3_bucket_versioning.v');
    const out = await apply(p, [
      setValue(slot(p, resource(p, 'aws_s3_bucket.b').properties!, ['force_destroy']), false),
      setValue(slot(p, v.properties!, ['versioning_configuration', 'status'], [true]), 'Enabled'),
    ]);
    assert.equal(
      out,
      'resource "aws_s3_bucket" "b" {\r\n\tforce_destroy = false\r\n}\r\n\r\nresource "aws_s3_bucket_versioning" "v" {\r\n\tbucket = aws_s3_bucket.b.id\r\n\tversioning_configuration {\r\n\t\tstatus = "Enabled"\r\n\t}\r\n}\r\n',
    );
  });

  test('an object attribute (not a block) gets an object value', async () => {
    const text = 'resource "aws_s3_bucket" "b" {\n  tags = { Name = "b" }\n}\n';
    const p = await parse('main.tf', text);
    const body = resource(p, 'aws_s3_bucket.b').properties!;
    const out = await apply(p, [setValue(slot(p, body, ['tags', 'Owner']), 'me'), setValue(slot(p, body, ['lifecycle_rule_x', 'a']), 1)]);
    assert.equal(out, 'resource "aws_s3_bucket" "b" {\n  tags             = { Name = "b", Owner = "me" }\n  lifecycle_rule_x = { a = 1 }\n}\n');
  });
});

// ---------------------------------------------------------------------------------------------

const DENY_TLS: Record<string, NeutralValue> = {
  Sid: 'DenyHttp',
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: 'arn:aws:s3:::b/*',
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
};

describe('insertStatement', () => {
  test('JSON: a one-line policy stays on one line, with its separators', async () => {
    const text = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}';
    const p = await parse('p.json', text);
    const out = await apply(p, [{ op: 'insertStatement', policy: policy(p), statement: DENY_TLS }]);
    assert.equal(
      out,
      text.replace(
        '}]}',
        '},{"Sid":"DenyHttp","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}',
      ),
    );
  });

  test('JSON: a policy without Statement gets one, at the file\'s indentation', async () => {
    const text = `{
    "Resources": {
        "P": {
            "Type": "AWS::S3::BucketPolicy",
            "Properties": {
                "Bucket": "b",
                "PolicyDocument": {
                    "Version": "2012-10-17"
                }
            }
        }
    }
}
`;
    const p = await parse('t.json', text);
    assert.equal(policy(p).statementContainer, undefined);
    const out = await apply(p, [{ op: 'insertStatement', policy: policy(p), statement: { Effect: 'Deny' } }]);
    assert.equal(
      out,
      text.replace(
        '"Version": "2012-10-17"',
        '"Version": "2012-10-17",\n                    "Statement": [\n                        {\n                            "Effect": "Deny"\n                        }\n                    ]',
      ),
    );
  });

  test('YAML: a flow sequence gets a flow item; short forms for references', async () => {
    const text = `Resources:
  B:
    Type: AWS::S3::Bucket
  P:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref B
      PolicyDocument:
        Statement: [{Effect: Allow, Principal: '*', Action: 's3:GetObject', Resource: !Sub '\${B.Arn}/*'}]
`;
    const p = await parse('t.yaml', text);
    const b = resource(p, 'B');
    const out = await apply(p, [
      { op: 'insertStatement', policy: policy(p), statement: { ...DENY_TLS, Resource: [{ $ref: { resource: b, attribute: 'arn' } }, { $ref: { resource: b, attribute: 'arn' }, suffix: '/*' }] } },
    ]);
    assert.equal(
      out,
      text.replace(
        "/*'}]",
        () => "/*'}, {Sid: DenyHttp, Effect: Deny, Principal: '*', Action: s3:*, Resource: [!GetAtt B.Arn, !Sub '${B.Arn}/*'], Condition: {Bool: {aws:SecureTransport: 'false'}}}]",
      ),
    );
  });

  test('YAML: long forms, and Fn::GetAtt as a list where the file writes it so', async () => {
    const text = `Resources:
  B:
    Type: AWS::S3::Bucket
  P:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket:
        Ref: B
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal:
              AWS:
                Fn::GetAtt: [R, Arn]
            Action: s3:GetObject
            Resource: '*'
`;
    const p = await parse('t.yaml', text);
    const b = resource(p, 'B');
    const out = await apply(p, [
      { op: 'insertStatement', policy: policy(p), statement: { Effect: 'Deny', Resource: [{ $ref: { resource: b, attribute: 'arn' } }, { $ref: { resource: b, attribute: 'arn' }, suffix: '/*' }] } },
    ]);
    assert.equal(
      out,
      text +
        `          - Effect: Deny
            Resource:
              - Fn::GetAtt: [B, Arn]
              - Fn::Sub: '\${B.Arn}/*'
`,
    );
  });

  test('Terraform heredoc JSON: references are template strings, a literal ${ is escaped', async () => {
    const text = `resource "aws_s3_bucket" "b" {}

resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = <<EOF
{
  "Statement": [
    {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "\${aws_s3_bucket.b.arn}/*"}
  ]
}
EOF
}
`;
    const p = await parse('main.tf', text);
    const b = resource(p, 'aws_s3_bucket.b');
    const out = await apply(p, [{ op: 'insertStatement', policy: policy(p), statement: { Effect: 'Deny', Sid: 'a${b}', Resource: { $ref: { resource: b, attribute: 'arn' }, suffix: '/*' } } }]);
    assert.equal(
      out,
      text.replace('/*"}\n', () => '/*"},\n    {\n      "Effect": "Deny",\n      "Sid": "a$${b}",\n      "Resource": "${aws_s3_bucket.b.arn}/*"\n    }\n'),
    );
  });

  test('Terraform quoted JSON string: the statement is written into the string', async () => {
    const text = 'resource "aws_s3_bucket_policy" "b" {\n  bucket = "b"\n  policy = "{\\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Resource\\": \\"arn:aws:s3:::b/*\\"}]}"\n}\n';
    const p = await parse('main.tf', text);
    const out = await apply(p, [{ op: 'insertStatement', policy: policy(p), statement: { Effect: 'Deny', Action: 's3:*' } }]);
    assert.equal(out, text.replace('/*\\"}]}"', '/*\\"}, {\\"Effect\\": \\"Deny\\", \\"Action\\": \\"s3:*\\"}]}"'));
  });

  test('CloudFormation string policies (YAML single-quoted, JSON); a reference cannot be written into one', async () => {
    const y = `Resources:
  B:
    Type: AWS::S3::Bucket
  P:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: b
      PolicyDocument: '{"Statement": [{"Effect": "Allow", "Sid": "it''s"}]}'
`;
    const py = await parse('t.yaml', y);
    assert.equal(
      await apply(py, [{ op: 'insertStatement', policy: policy(py), statement: { Effect: 'Deny', Resource: 'arn:aws:s3:::b' } }]),
      y.replace(`"it''s"}]}'`, `"it''s"}, {"Effect": "Deny", "Resource": "arn:aws:s3:::b"}]}'`),
    );
    const b = resource(py, 'B');
    assert.equal(await apply(py, [{ op: 'insertStatement', policy: policy(py), statement: { Effect: 'Deny', Resource: { $ref: { resource: b, attribute: 'arn' } } } }]), undefined);

    const j = '{"Resources": {"P": {"Type": "AWS::S3::BucketPolicy", "Properties": {"Bucket": "b", "PolicyDocument": "{\\"Statement\\":[]}"}}}}\n';
    const pj = await parse('t.json', j);
    assert.equal(
      await apply(pj, [{ op: 'insertStatement', policy: policy(pj), statement: { Effect: 'Deny' } }]),
      j.replace('[]}"', '[{\\"Effect\\":\\"Deny\\"}]}"'),
    );
  });

  test('.tf.json aws_iam_policy_document: a statement object with block arguments', async () => {
    const text = `{
  "data": {
    "aws_iam_policy_document": {
      "p": {
        "statement": [
          {
            "actions": ["s3:GetObject"],
            "resources": ["arn:aws:s3:::b/*"]
          }
        ]
      }
    }
  }
}
`;
    const p = await parse('main.tf.json', text);
    const out = await apply(p, [{ op: 'insertStatement', policy: policy(p), statement: DENY_TLS }]);
    assert.equal(
      out,
      text.replace(
        '"resources": ["arn:aws:s3:::b/*"]\n          }',
        `"resources": ["arn:aws:s3:::b/*"]
          },
          {
            "sid": "DenyHttp",
            "effect": "Deny",
            "principals": [
              {
                "type": "*",
                "identifiers": ["*"]
              }
            ],
            "actions": ["s3:*"],
            "resources": ["arn:aws:s3:::b/*"],
            "condition": [
              {
                "test": "Bool",
                "variable": "aws:SecureTransport",
                "values": ["false"]
              }
            ]
          }`,
      ),
    );
  });
});

// ---------------------------------------------------------------------------------------------

const MFA = { operator: 'Bool', key: 'aws:MultiFactorAuthPresent', values: ['true'] };

function addCondition(p: Parsed, i: number, c: { operator: string; key: string; values: string[] } = MFA, pi = 0): FixOp {
  const d = policy(p, pi);
  return { op: 'addCondition', policy: d, statement: d.statements[i], ...c };
}

describe('addCondition', () => {
  const json = (cond: string) => `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "*"${cond}
    }
  ]
}
`;

  test('JSON: a statement without Condition gets one', async () => {
    const p = await parse('identity.json', json(''));
    const out = await apply(p, [addCondition(p, 0)]);
    assert.equal(out, json(',\n      "Condition": {\n        "Bool": {\n          "aws:MultiFactorAuthPresent": "true"\n        }\n      }'));
  });

  test('JSON: merged into the existing operator block; a new operator next to the others; one-line blocks stay one line', async () => {
    const p = await parse('identity.json', json(',\n      "Condition": {"Bool": {"aws:SecureTransport": "true"}, "IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}'));
    const out = await apply(p, [addCondition(p, 0), addCondition(p, 0, { operator: 'NumericLessThan', key: 'aws:MultiFactorAuthAge', values: ['3600', '60'] })]);
    assert.equal(
      out,
      json(
        ',\n      "Condition": {"Bool": {"aws:SecureTransport": "true", "aws:MultiFactorAuthPresent": "true"}, "IpAddress": {"aws:SourceIp": "10.0.0.0/8"}, "NumericLessThan": {"aws:MultiFactorAuthAge": ["3600", "60"]}}',
      ),
    );
  });

  test('JSON: the same key under the operator gets the new values', async () => {
    const p = await parse('identity.json', json(',\n      "Condition": {\n        "Bool": {\n          "aws:MultiFactorAuthPresent": "false"\n        }\n      }'));
    const out = await apply(p, [addCondition(p, 0)]);
    assert.equal(out, json(',\n      "Condition": {\n        "Bool": {\n          "aws:MultiFactorAuthPresent": "true"\n        }\n      }'));
  });

  test('YAML: block and flow mappings', async () => {
    const text = `Resources:
  P:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource: '*'
          - Effect: Allow
            Action: s3:PutObject
            Resource: '*'
            Condition: {Bool: {aws:SecureTransport: 'true'}}
`;
    const p = await parse('t.yaml', text);
    const out = await apply(p, [addCondition(p, 0), addCondition(p, 1)]);
    assert.equal(
      out,
      text
        .replace("Resource: '*'\n          - Effect", "Resource: '*'\n            Condition:\n              Bool:\n                aws:MultiFactorAuthPresent: 'true'\n          - Effect")
        .replace("{aws:SecureTransport: 'true'}", "{aws:SecureTransport: 'true', aws:MultiFactorAuthPresent: 'true'}"),
    );
  });

  test('HCL jsonencode: a Condition attribute joins the aligned run; merging into a multi-line operator object', async () => {
    const text = `resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Statement = [
      {
        Effect   = "Allow"
        Action   = "s3:GetObject"
        Resource = "*"
      },
      {
        Effect = "Allow"
        Condition = {
          Bool = {
            "aws:SecureTransport" = "true"
          }
        }
      },
    ]
  })
}
`;
    const p = await parse('main.tf', text);
    const out = await apply(p, [addCondition(p, 0), addCondition(p, 1)]);
    assert.equal(
      out,
      text
        .replace(
          '        Effect   = "Allow"\n        Action   = "s3:GetObject"\n        Resource = "*"\n',
          '        Effect    = "Allow"\n        Action    = "s3:GetObject"\n        Resource  = "*"\n        Condition = { Bool = { "aws:MultiFactorAuthPresent" = "true" } }\n',
        )
        .replace('"aws:SecureTransport" = "true"\n', '"aws:SecureTransport"        = "true"\n            "aws:MultiFactorAuthPresent" = "true"\n'),
    );
  });

  test('aws_iam_policy_document: a condition block; the same test and variable get the new values', async () => {
    const text = `data "aws_iam_policy_document" "p" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
  statement {
    actions = ["s3:PutObject"]
    condition {
      test     = "Bool"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["false"]
    }
  }
}
`;
    const p = await parse('main.tf', text);
    const out = await apply(p, [addCondition(p, 0), addCondition(p, 1)]);
    assert.equal(
      out,
      text
        .replace(
          'resources = ["*"]\n',
          'resources = ["*"]\n\n    condition {\n      test     = "Bool"\n      variable = "aws:MultiFactorAuthPresent"\n      values   = ["true"]\n    }\n',
        )
        .replace('values   = ["false"]', 'values   = ["true"]'),
    );
  });

  test('.tf.json aws_iam_policy_document and a policy in a .tf.json string', async () => {
    const text = `{
  "data": {"aws_iam_policy_document": {"p": {"statement": [{"actions": ["s3:GetObject"], "resources": ["*"]}]}}},
  "resource": {"aws_iam_policy": {"q": {"policy": "{\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":\\"s3:*\\",\\"Resource\\":\\"*\\"}]}"}}}
}
`;
    const p = await parse('main.tf.json', text);
    const docIndex = p.model.policies.findIndex((d) => d.dialect === 'hcl-policy-document');
    const strIndex = p.model.policies.findIndex((d) => d.dialect === 'json');
    const out = await apply(p, [addCondition(p, 0, MFA, docIndex), addCondition(p, 0, MFA, strIndex)]);
    assert.equal(
      out,
      text
        .replace('"resources": ["*"]}', '"resources": ["*"], "condition": [{"test": "Bool", "variable": "aws:MultiFactorAuthPresent", "values": ["true"]}]}')
        .replace('\\"Resource\\":\\"*\\"}', '\\"Resource\\":\\"*\\",\\"Condition\\":{\\"Bool\\":{\\"aws:MultiFactorAuthPresent\\":\\"true\\"}}}'),
    );
  });
});

describe('several operations in one JSON string', () => {
  test('a .tf.json string policy: new values and a new operator for one condition, written back once', async () => {
    const text =
      '{"resource": {"aws_iam_policy": {"p": {"policy": "{\\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Condition\\": {\\"Bool\\": {\\"aws:MultiFactorAuthPresent\\": \\"false\\"}}}]}"}}}}\n';
    const p = await parse('main.tf.json', text);
    const d = policy(p);
    const c = d.statements[0].conditions[0];
    const out = await apply(p, [
      { op: 'addCondition', policy: d, statement: d.statements[0], operator: 'Bool', key: c.key, values: ['true'] },
      { op: 'setConditionOperator', policy: d, condition: c, operator: 'BoolIfExists' },
    ]);
    assert.equal(out, text.replace('{\\"Bool\\": {\\"aws:MultiFactorAuthPresent\\": \\"false\\"}}', '{\\"BoolIfExists\\": {\\"aws:MultiFactorAuthPresent\\": \\"true\\"}}'));
  });
});

// ---------------------------------------------------------------------------------------------

describe('setConditionOperator', () => {
  function setOp(p: Parsed, operator: string, si = 0, ci = 0): FixOp {
    const d = policy(p);
    return { op: 'setConditionOperator', policy: d, condition: d.statements[si].conditions[ci], operator };
  }

  test('JSON: the operator key is renamed; a key sharing its operator is moved, values as written', async () => {
    const text = `{
  "Statement": [
    {"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
    {
      "Effect": "Deny",
      "Action": "s3:*",
      "Resource": "*",
      "Condition": {
        "Bool": {
          "aws:SecureTransport": "false",
          "aws:ViaAWSService": [ "false" ]
        }
      }
    }
  ]
}
`;
    const p = await parse('p.json', text);
    const out = await apply(p, [setOp(p, 'BoolIfExists', 0), setOp(p, 'BoolIfExists', 1, 1)]);
    assert.equal(
      out,
      text
        .replace('"Condition": {"Bool": {"aws:SecureTransport": "false"}}', '"Condition": {"BoolIfExists": {"aws:SecureTransport": "false"}}')
        .replace(
          '"aws:SecureTransport": "false",\n          "aws:ViaAWSService": [ "false" ]\n        }\n',
          '"aws:SecureTransport": "false"\n        },\n        "BoolIfExists": {\n          "aws:ViaAWSService": [ "false" ]\n        }\n',
        ),
    );
  });

  test('YAML, HCL object (re-aligned) and aws_iam_policy_document', async () => {
    const y = "Statement:\n  - Effect: Deny\n    Condition:\n      Bool:\n        aws:SecureTransport: 'false'\n";
    const py = await parse('p.yaml', `Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n${y.replace(/^/gm, '        ').trimEnd()}\n`);
    const oy = await apply(py, [setOp(py, 'ForAnyValue:StringLike')]);
    assert.equal(oy, py.doc.text.replace('              Bool:\n', '              ForAnyValue:StringLike:\n'));

    const h = `resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Statement = [{
      Condition = {
        Bool  = { "aws:SecureTransport" = "false" }
        IpAddress = { "aws:SourceIp" = "10.0.0.0/8" }
      }
    }]
  })
}
`;
    const ph = await parse('main.tf', h);
    const oh = await apply(ph, [setOp(ph, 'BoolIfExists')]);
    assert.equal(oh, h.replace('Bool  = {', 'BoolIfExists = {').replace('IpAddress = {', 'IpAddress    = {'));

    const m = `resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Statement = [{
      Condition = {
        Bool = {
          "aws:SecureTransport" = "false"
          "aws:ViaAWSService"   = "false"
        }
      }
    }]
  })
}
`;
    const pm = await parse('main.tf', m);
    assert.equal(
      await apply(pm, [setOp(pm, 'BoolIfExists', 0, 1)]),
      m.replace(
        '          "aws:SecureTransport" = "false"\n          "aws:ViaAWSService"   = "false"\n        }\n',
        '          "aws:SecureTransport" = "false"\n        }\n        BoolIfExists = { "aws:ViaAWSService" = "false" }\n',
      ),
    );

    const d = 'data "aws_iam_policy_document" "p" {\n  statement {\n    condition {\n      test     = "Bool"\n      variable = "aws:SecureTransport"\n      values   = ["false"]\n    }\n  }\n}\n';
    const pd = await parse('main.tf', d);
    assert.equal(await apply(pd, [setOp(pd, 'BoolIfExists')]), d.replace('"Bool"', '"BoolIfExists"'));

    const j = '{"data": {"aws_iam_policy_document": {"p": {"statement": [{"condition": [{"test": "Bool", "variable": "aws:SecureTransport", "values": ["false"]}]}]}}}}\n';
    const pj = await parse('main.tf.json', j);
    assert.equal(await apply(pj, [setOp(pj, 'BoolIfExists')]), j.replace('"Bool"', '"BoolIfExists"'));
  });
});

// ---------------------------------------------------------------------------------------------

describe('replaceInString', () => {
  function replaceOp(p: Parsed, node: VNode | undefined, start: number, end: number, text: string): FixOp {
    assert.ok(node);
    return { op: 'replaceInString', file: p.doc.path, node, start, end, text };
  }

  test('JSON escapes; .tf.json template escapes', async () => {
    const p = await parse('p.json', '{"Statement": [{"Sid": "a\\u0041b", "Effect": "Allow"}]}\n');
    const sid = policy(p).statements[0].sid;
    assert.equal(sid.state, 'literal');
    const out = await apply(p, [replaceOp(p, sid.state === 'literal' ? sid.node : undefined, 1, 2, 'x"\\\n')]);
    assert.equal(out, '{"Statement": [{"Sid": "ax\\"\\\\\\nb", "Effect": "Allow"}]}\n');

    const t = await parse('main.tf.json', '{"resource": {"aws_s3_bucket": {"b": {"bucket": "logs-$${x}-prod"}}}}\n');
    const bucket = getPath(resource(t, 'aws_s3_bucket.b').properties, ['bucket']);
    assert.equal(bucket?.kind === 'string' && bucket.value, 'logs-${x}-prod');
    assert.equal(await apply(t, [replaceOp(t, bucket, 10, 14, '${y}-dev')]), '{"resource": {"aws_s3_bucket": {"b": {"bucket": "logs-$${x}-$${y}-dev"}}}}\n');
  });

  test('YAML keeps plain, single- and double-quoted styles, quoting when needed', async () => {
    const text = "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: logs-prod\n      Tags:\n        - Key: 'it''s'\n          Value: \"a\\tb\"\n";
    const p = await parse('t.yaml', text);
    const props = resource(p, 'B').properties;
    const out = await apply(p, [
      replaceOp(p, getPath(props, ['BucketName']), 5, 9, 'dev: x'),
      replaceOp(p, getPath(props, ['Tags', 0, 'Key']), 0, 2, "it'"),
      replaceOp(p, getPath(props, ['Tags', 0, 'Value']), 1, 2, '\n'),
    ]);
    assert.equal(out, "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: 'logs-dev: x'\n      Tags:\n        - Key: 'it''''s'\n          Value: \"a\\nb\"\n");
  });

  test('YAML: a plain scalar stays plain only when the new value reads back the same and fits its context', async () => {
    const text = 'Resources:\n  M:\n    Type: AWS::ApiGateway::Method\n    Properties:\n      Uri: http://backend/{proxy}\n      List: [http://a.example, b]\n      Sub: !Sub http://sqs.${AWS::Region}.amazonaws.com\n      Name: logs\n';
    const p = await parse('t.yaml', text);
    const props = resource(p, 'M').properties;
    const at = (path: (string | number)[]) => getPath(props, path);
    const one = (path: (string | number)[], start: number, end: number, s: string) => apply(p, [replaceOp(p, at(path), start, end, s)]);
    // Braces that were there already (block context): plain.
    assert.equal(await one(['Uri'], 0, 4, 'https'), text.replace('Uri: http://', 'Uri: https://'));
    // Inside a flow sequence: no flow indicator may be added (quoted), a plain change stays plain.
    assert.equal(await one(['List', 0], 0, 4, 'https'), text.replace('[http://a.example', '[https://a.example'));
    assert.equal(await one(['List', 0], 0, 0, '{x}'), text.replace('[http://a.example', "['{x}http://a.example'"));
    // A `${...}` template (the argument of !Sub): plain.
    const sub = at(['Sub']);
    assert.ok(sub?.kind === 'unknown' && sub.args);
    assert.equal(await apply(p, [replaceOp(p, sub.args, 0, 4, 'https')]), text.replace('!Sub http://', '!Sub https://'));
    // Values that would read back as something else are quoted: a boolean word, a number, a comment, a mapping, an alias.
    for (const [v, written] of [['yes', "'yes'"], ['123', "'123'"], ['a #b', "'a #b'"], ['a: b', "'a: b'"], ['*x', "'*x'"]]) assert.equal(await one(['Name'], 0, 4, v), text.replace('Name: logs', `Name: ${written}`), v);
  });

  test('HCL: quotes, backslashes and template sequences escaped; heredocs are left alone', async () => {
    const text = 'resource "aws_s3_bucket" "b" {\n  bucket = "logs-prod"\n  tags   = { Note = <<EOT\nhello\nEOT\n  }\n}\n';
    const p = await parse('main.tf', text);
    const props = resource(p, 'aws_s3_bucket.b').properties;
    assert.equal(await apply(p, [replaceOp(p, getPath(props, ['bucket']), 5, 9, '${x}"%{y}\\')]), text.replace('"logs-prod"', () => '"logs-$${x}\\"%%{y}\\\\"'));
    const note = getPath(props, ['tags', 'Note']);
    assert.equal(await apply(p, [replaceOp(p, note, 0, 1, 'H')]), undefined);
  });
});

// ---------------------------------------------------------------------------------------------

describe('removeValue', () => {
  test('JSON: first, middle and last entries, one-line objects', async () => {
    const text = '{\n  "Resources": {\n    "B": {\n      "Type": "AWS::S3::Bucket",\n      "Properties": {\n        "A": 1,\n        "B": {"x": 1, "y": 2},\n        "C": 3\n      }\n    }\n  }\n}\n';
    const p = await parse('t.json', text);
    const props = objAt(p.doc.root, ['Resources', 'B', 'Properties']);
    assert.equal(await apply(p, [{ op: 'removeValue', slot: slot(p, props, ['A']) }]), text.replace('        "A": 1,\n', ''));
    assert.equal(await apply(p, [{ op: 'removeValue', slot: slot(p, props, ['C']) }]), text.replace(',\n        "C": 3', ''));
    assert.equal(await apply(p, [{ op: 'removeValue', slot: slot(p, props, ['B', 'x']) }]), text.replace('{"x": 1, "y": 2}', '{"y": 2}'));
    assert.equal(await apply(p, [{ op: 'removeValue', slot: slot(p, props, ['B', 'y']) }]), text.replace('{"x": 1, "y": 2}', '{"x": 1}'));
    assert.equal(await apply(p, [{ op: 'removeValue', slot: slot(p, props, ['D']) }]), undefined, 'nothing to remove: no fix');
  });

  test('YAML: block entries with their nested lines and comments, the first key of a sequence item, flow', async () => {
    const text = `Resources:
  B:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration:
        # why
        Status: Enabled
      Tags:
        - Key: a
          Value: b
      Other: {x: 1, y: 2}
`;
    const p = await parse('t.yaml', text);
    const props = resource(p, 'B').properties!;
    assert.equal(await apply(p, [{ op: 'removeValue', slot: slot(p, props, ['VersioningConfiguration']) }]), text.replace('      VersioningConfiguration:\n        # why\n        Status: Enabled\n', ''));
    assert.equal(await apply(p, [{ op: 'removeValue', slot: slot(p, objAt(props, ['Tags', 0]), ['Key']) }]), text.replace('- Key: a\n          Value: b', '- Value: b'));
    assert.equal(await apply(p, [{ op: 'removeValue', slot: slot(p, props, ['Other', 'x']) }]), text.replace('{x: 1, y: 2}', '{y: 2}'));
  });

  test('HCL: an attribute (the run is aligned again) and a nested block', async () => {
    const text = `resource "aws_s3_bucket" "b" {
  bucket        = "b"
  force_destroy = true # temporary

  versioning {
    enabled = true
  }
}
`;
    const p = await parse('main.tf', text);
    const body = resource(p, 'aws_s3_bucket.b').properties!;
    assert.equal(await apply(p, [{ op: 'removeValue', slot: slot(p, body, ['force_destroy']) }]), text.replace('  bucket        = "b"\n  force_destroy = true # temporary\n', '  bucket = "b"\n'));
    assert.equal(await apply(p, [{ op: 'removeValue', slot: slot(p, body, ['versioning']) }]), text.replace('  versioning {\n    enabled = true\n  }\n', ''));
    const one = await parse('main.tf', 'resource "aws_s3_bucket" "b" {\n  tags = { Name = "b", Team = "t" }\n}\n');
    const ob = resource(one, 'aws_s3_bucket.b').properties!;
    assert.equal(await apply(one, [{ op: 'removeValue', slot: slot(one, ob, ['tags', 'Name']) }]), 'resource "aws_s3_bucket" "b" {\n  tags = { Team = "t" }\n}\n');
  });
});

// ---------------------------------------------------------------------------------------------

describe('insertResource', () => {
  test('CloudFormation YAML: after the resource, with the blank lines between resources', async () => {
    const text = `Resources:
  Bucket:
    Type: AWS::S3::Bucket

  Other:
    Type: AWS::SNS::Topic
`;
    const p = await parse('t.yaml', text.replace('Resources:', "AWSTemplateFormatVersion: '2010-09-09'\nResources:"));
    const b = resource(p, 'Bucket');
    const out = await apply(p, [
      { op: 'insertResource', near: b, type: 'AWS::S3::BucketPolicy', name: 'BucketPolicy', properties: { Bucket: { $ref: { resource: b, attribute: 'name' } }, PolicyDocument: { Statement: [{ Effect: 'Deny' }] } } },
    ]);
    assert.equal(
      out,
      p.doc.text.replace(
        '    Type: AWS::S3::Bucket\n',
        "    Type: AWS::S3::Bucket\n\n  BucketPolicy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket:\n        Ref: Bucket\n      PolicyDocument:\n        Statement:\n          - Effect: Deny\n",
      ),
    );
  });

  test('CloudFormation JSON: after the resource entry', async () => {
    const text = '{\n  "Resources": {\n    "Bucket": {"Type": "AWS::S3::Bucket"},\n    "Other": {"Type": "AWS::SNS::Topic"}\n  }\n}\n';
    const p = await parse('t.json', text.replace('{\n  "Resources"', '{\n  "AWSTemplateFormatVersion": "2010-09-09",\n  "Resources"'));
    const b = resource(p, 'Bucket');
    const out = await apply(p, [{ op: 'insertResource', near: b, type: 'AWS::S3::BucketPolicy', name: 'Policy', properties: { Bucket: { $ref: { resource: b, attribute: 'id' } } } }]);
    assert.equal(
      out,
      p.doc.text.replace(
        '"Bucket": {"Type": "AWS::S3::Bucket"},\n',
        '"Bucket": {"Type": "AWS::S3::Bucket"},\n    "Policy": {\n      "Type": "AWS::S3::BucketPolicy",\n      "Properties": {\n        "Bucket": {\n          "Ref": "Bucket"\n        }\n      }\n    },\n',
      ),
    );
  });

  test('Terraform: a block after the resource; lists of objects become nested blocks', async () => {
    const text = 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n\nresource "aws_sns_topic" "t" {}\n';
    const p = await parse('main.tf', text);
    const b = resource(p, 'aws_s3_bucket.b');
    const out = await apply(p, [
      {
        op: 'insertResource',
        near: b,
        type: 'aws_s3_bucket_server_side_encryption_configuration',
        name: 'b',
        properties: { rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: 'aws:kms' }] }], bucket: { $ref: { resource: b, attribute: 'id' } } },
      },
    ]);
    assert.equal(
      out,
      text.replace(
        '  bucket = "b"\n}\n',
        `  bucket = "b"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "b" {
  bucket = aws_s3_bucket.b.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}
`,
      ),
    );
  });

  test('.tf.json: under resource.<type>, created when missing', async () => {
    const text = '{\n  "resource": {\n    "aws_s3_bucket": {\n      "b": {"bucket": "b"}\n    }\n  }\n}\n';
    const p = await parse('main.tf.json', text);
    const b = resource(p, 'aws_s3_bucket.b');
    const out = await apply(p, [
      { op: 'insertResource', near: b, type: 'aws_s3_bucket_versioning', name: 'b', properties: { bucket: { $ref: { resource: b, attribute: 'id' } } } },
      { op: 'insertResource', near: b, type: 'aws_s3_bucket', name: 'c', properties: { bucket: 'c' } },
    ]);
    assert.equal(
      out,
      '{\n  "resource": {\n    "aws_s3_bucket": {\n      "b": {"bucket": "b"},\n      "c": {\n        "bucket": "c"\n      }\n    },\n    "aws_s3_bucket_versioning": {\n      "b": {\n        "bucket": "${aws_s3_bucket.b.id}"\n      }\n    }\n  }\n}\n',
    );
  });
});

// ---------------------------------------------------------------------------------------------

describe('fixes/ as a module', () => {
  const dir = join(__dirname, '..', '..', 'src', 'engine', 'fixes');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
  const source = (f: string) => readFileSync(join(dir, f), 'utf8');

  test('no import cycle between its files', () => {
    const deps = new Map<string, string[]>();
    for (const f of files) {
      const local = [...source(f).matchAll(/^import[^;]*?from '\.\/([^']+)';/gms)].map((m) => `${m[1]}.ts`);
      deps.set(f, local);
    }
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (f: string, path: string[]): void => {
      if (state.get(f) === 'done') return;
      assert.notEqual(state.get(f), 'visiting', `import cycle: ${[...path, f].join(' -> ')}`);
      state.set(f, 'visiting');
      for (const d of deps.get(f) ?? []) visit(d, [...path, f]);
      state.set(f, 'done');
    };
    for (const f of files) visit(f, []);
    assert.ok(deps.get('render.ts')?.includes('json.ts'), 'the import scan reads imports');
  });

  test('no module-level mutable state', () => {
    for (const f of files) assert.deepEqual(source(f).match(/^(let|var) .*/gm) ?? [], [], f);
  });

  test('rules never write fix syntax: no rule imports a renderer', () => {
    const rules = join(__dirname, '..', '..', 'src', 'engine', 'rules');
    for (const f of readdirSync(rules).filter((x) => x.endsWith('.ts'))) {
      const imports = [...readFileSync(join(rules, f), 'utf8').matchAll(/from '\.\.\/fixes\/([^']+)'/g)].map((m) => m[1]);
      assert.deepEqual(imports.filter((i) => i !== 'ops'), [], f);
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe('odd and half-typed input', () => {
  test('YAML: a single statement mapping becomes a sequence (block and flow)', async () => {
    const text = `Resources:
  P:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          Effect: Allow
          # read only
          Action: s3:GetObject
      Other:
        Statement: {Effect: Allow}
`;
    const p = await parse('t.yaml', text);
    const out = await apply(p, [
      { op: 'insertStatement', policy: policy(p), statement: { Effect: 'Deny', Action: 's3:*' } },
    ]);
    assert.equal(
      out,
      text.replace(
        '          Effect: Allow\n          # read only\n          Action: s3:GetObject\n',
        '          - Effect: Allow\n            # read only\n            Action: s3:GetObject\n          - Effect: Deny\n            Action: s3:*\n',
      ),
    );
    const flow = await parse('t.yaml', 'Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Statement: {Effect: Allow}\n');
    assert.equal(
      await apply(flow, [{ op: 'insertStatement', policy: policy(flow), statement: { Effect: 'Deny' } }]),
      flow.doc.text.replace('{Effect: Allow}', '[{Effect: Allow}, {Effect: Deny}]'),
    );
  });

  test('YAML: a key typed without its value yet gets the nested value below it', async () => {
    const text = 'Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n';
    const p = await parse('t.yaml', text);
    const q = objAt(p.doc.root, ['Resources', 'Q']);
    assert.equal(await apply(p, [setValue(slot(p, q, ['Properties', 'SqsManagedSseEnabled']), true)]), text.replace('Properties:', 'Properties:\n      SqsManagedSseEnabled: true'));
  });

  test('JSON with comments and a trailing comma (as editors show JSONC)', async () => {
    const text = '{\n  "Resources": {\n    "Q": {\n      "Type": "AWS::SQS::Queue", // a queue\n    }\n  }\n}\n';
    const p = await parse('t.json', text);
    const q = objAt(p.doc.root, ['Resources', 'Q']);
    assert.equal(
      await apply(p, [setValue(slot(p, q, ['Properties', 'SqsManagedSseEnabled']), true)]),
      text.replace('// a queue\n', '// a queue\n      "Properties": {\n        "SqsManagedSseEnabled": true\n      }\n'),
    );
  });

  test('HCL: a body with a half-typed attribute', async () => {
    const text = 'resource "aws_sqs_queue" "q" {\n  name = "q"\n  delay_seconds =\n}\n';
    const p = await parse('main.tf', text, true);
    const body = resource(p, 'aws_sqs_queue.q').properties!;
    const out = await apply(p, [setValue(slot(p, body, ['name']), 'jobs')]);
    assert.equal(out, text.replace('"q"\n', '"jobs"\n'));
  });
});

// ---------------------------------------------------------------------------------------------

describe('every policy of every fixture and sample', () => {
  const PROBE: Record<string, NeutralValue> = { Sid: 'FixOpsProbe', Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } };
  const probes = (m: Model) => m.policies.reduce((n, d) => n + d.statements.filter((s) => s.sid.state === 'literal' && s.sid.value === 'FixOpsProbe').length, 0);
  const accountConditions = (m: Model) =>
    m.policies.reduce((n, d) => n + d.statements.reduce((k, s) => k + s.conditions.filter((c) => c.key === 'aws:PrincipalAccount' && c.values.some((v) => v.state === 'literal' && v.value === '111122223333')).length, 0), 0);

  test('insertStatement, addCondition and setConditionOperator: the output parses and reads back with the change', async (t) => {
    // Corpus today: 35 policies (one refers to a data source in another file of its module: unknown, no fix), 40 statements, 20 conditions.
    const e = await engine();
    let inserted = 0;
    let conditioned = 0;
    let renamed = 0;
    for (const file of corpus()) {
      const doc = e.parse(file);
      if (!doc?.format) continue;
      const model = e.buildModel([doc]);
      const lookup = (f: string) => (f === doc.path ? doc : undefined);
      const before = parseErrors(doc.path, doc.text, e).length;
      const check = (ops: FixOp[], expect: (m: Model) => void): boolean => {
        const fix = renderFixes([{ title: 't', applicability: 'safe', ops }], lookup, doc.path)[0];
        if (!fix) return false;
        const out = applyEdits(doc.text, fix.edits);
        const again = e.parse({ path: doc.path, text: out })!;
        assert.ok(parseErrors(doc.path, out, e).length <= before, `${doc.path}: the output must parse:\n${out}`);
        expect(e.buildModel([again]));
        return true;
      };
      for (const [i, p] of model.policies.entries()) {
        if (check([{ op: 'insertStatement', policy: p, statement: PROBE }], (m) => assert.equal(probes(m), probes(model) + 1, `${doc.path} policy ${i}`))) inserted++;
        for (const s of p.statements) {
          const op: FixOp = { op: 'addCondition', policy: p, statement: s, operator: 'StringEquals', key: 'aws:PrincipalAccount', values: ['111122223333'] };
          if (check([op], (m) => assert.equal(accountConditions(m), accountConditions(model) + 1, `${doc.path} policy ${i}`))) conditioned++;
          for (const c of s.conditions) {
            const operator = c.ifExists ? c.operator.replace(/IfExists$/, '') : `${c.operator}IfExists`;
            const count = (m: Model) => m.policies.reduce((n, d) => n + d.statements.reduce((k, x) => k + x.conditions.filter((y) => y.operator === operator && y.key === c.key).length, 0), 0);
            if (check([{ op: 'setConditionOperator', policy: p, condition: c, operator }], (m) => assert.equal(count(m), count(model) + 1, `${doc.path} policy ${i} ${c.operator}`))) renamed++;
          }
        }
      }
    }
    t.diagnostic(`statements inserted in ${inserted} policies, conditions added to ${conditioned} statements, ${renamed} operators changed`);
    assert.ok(inserted >= 34, `statements inserted in ${inserted} policies`);
    assert.ok(conditioned >= 40, `conditions added to ${conditioned} statements`);
    assert.ok(renamed >= 20, `operators changed: ${renamed}`);
  });
});
