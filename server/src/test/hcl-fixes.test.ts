import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { hclString, hclValue } from '../engine/fixes/hcl';
import { Expr } from '../engine/fixes/lower';
import type { NeutralValue } from '../engine/fixes/ops';
import { renderFixes } from '../engine/fixes/render';
import type { PolicyDocument, Resource, Statement } from '../engine/model/model';
import type { TextEdit } from '../engine/types';
import { applyEdits } from './helpers';
import { at, initHcl, parseTf, policyOf, refsOf, show, tfModel, type TfModule } from './tf-helpers';

before(async () => {
  await initHcl();
});

/** A Terraform resource to refer to (only its address and type matter to references). */
function tfResource(id: string): Resource {
  const span = { start: 0, end: 0 };
  const node = { kind: 'object' as const, entries: [], span };
  return { id, type: id.split('.')[0], file: 'other.tf', format: 'terraform', span, idSpan: span, properties: node, node, mode: 'resource', dialect: 'hcl' };
}

const BUCKET = tfResource('aws_s3_bucket.b');

/** The edits of an insertStatement operation, as the engine renders it; undefined when it cannot be rendered. */
function insertEdits(m: TfModule, p: PolicyDocument, statement: Record<string, NeutralValue>): TextEdit[] | undefined {
  const fixes = renderFixes([{ title: 't', applicability: 'unsafe', ops: [{ op: 'insertStatement', policy: p, statement }] }], (f) => m.docs.find((d) => d.path === f), p.file);
  return fixes[0]?.edits;
}

const DENY: Record<string, NeutralValue> = {
  Sid: 'DenyInsecureTransport',
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: [{ $ref: { resource: BUCKET, attribute: 'arn' } }, { $ref: { resource: BUCKET, attribute: 'arn' }, suffix: '/*' }],
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
};

/** Applies the writer to the policy of `id`, re-parses, and returns the new text and the added statement. */
function insertAndReparse(text: string, id: string, stmt = DENY, path = 'main.tf'): { out: string; added: Statement } {
  const m = tfModel({ [path]: text });
  const p = policyOf(m, id);
  const edits = insertEdits(m, p, stmt);
  assert.ok(edits, 'an edit was expected');
  const out = applyEdits(text, edits);
  const doc = parseTf(path, out);
  assert.deepEqual(doc.notices, [], `the edited file must parse:\n${out}`);
  const again = policyOf(tfModel({ [path]: out }), id);
  assert.equal(again.statements.length, p.statements.length + 1, out);
  const added = again.statements.find((s) => s.sid.state === 'literal' && s.sid.value === stmt.Sid);
  assert.ok(added, out);
  return { out, added };
}

/** The statement written by DENY, read back from the model. */
function assertDeny(text: string, s: Statement): void {
  assert.equal(show(text, s.effect), 'Deny');
  assert.ok(s.principal?.wildcard);
  assert.deepEqual(s.action?.map((v) => show(text, v)), ['s3:*']);
  assert.deepEqual(s.resource?.map((v) => show(text, v)), ['?aws_s3_bucket.b.arn', '?"${aws_s3_bucket.b.arn}/*"']);
  const r = s.resource?.[0];
  assert.deepEqual(refsOf(r?.state === 'unknown' ? r.node : undefined), ['aws_s3_bucket.b']);
  assert.deepEqual(
    s.conditions.map((c) => [c.baseOperator, c.key, c.values.map((v) => show(text, v))]),
    [['Bool', 'aws:SecureTransport', ['false']]],
  );
  assert.equal(s.partial, false);
}

describe('HCL values', () => {
  test('strings are escaped, template sequences included', () => {
    assert.equal(hclString('a"b\\c\nd\te ${x} %{y} $z'), '"a\\"b\\\\c\\nd\\te $${x} %%{y} $z"');
    assert.equal(hclValue({ Bool: { 'aws:SecureTransport': 'false' }, n: 1, t: true, z: null, l: ['a', new Expr('var.x')] }), '{ Bool = { "aws:SecureTransport" = "false" }, n = 1, t = true, z = null, l = ["a", var.x] }');
    assert.equal(hclValue([]), '[]');
    assert.equal(hclValue({}), '{}');
  });

  test('a written string reads back as the same value', () => {
    const value = 'a"b\\c\nd ${x} %{y} é😀';
    const text = `locals {\n  v = ${hclString(value)}\n}\n`;
    const doc = parseTf('v.tf', text);
    assert.deepEqual(doc.notices, []);
    const m = tfModel({ 'v.tf': `resource "aws_iam_policy" "p" {\n  policy = jsonencode({ Statement = [{ Sid = ${hclString(value)} }] })\n}\n` });
    assert.equal(m.policies[0].statements[0].sid.state === 'literal' && m.policies[0].statements[0].sid.value, value);
  });
});

describe('insertStatement on jsonencode objects', () => {
  test('multi-line list with trailing comma', () => {
    const text = `resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AllowLogDelivery"
        Effect    = "Allow"
        Principal = { Service = "logging.s3.amazonaws.com" }
        Action    = "s3:PutObject"
        Resource  = "\${aws_s3_bucket.b.arn}/*"
      },
    ]
  })
}
`;
    const { out, added } = insertAndReparse(text, 'aws_s3_bucket_policy.b');
    assert.equal(
      out,
      `resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AllowLogDelivery"
        Effect    = "Allow"
        Principal = { Service = "logging.s3.amazonaws.com" }
        Action    = "s3:PutObject"
        Resource  = "\${aws_s3_bucket.b.arn}/*"
      },
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.b.arn, "\${aws_s3_bucket.b.arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
    ]
  })
}
`,
    );
    assertDeny(out, added);
    assert.equal(at(out, added.span), '"DenyInsecureTransport"');
  });

  test('list without trailing comma, attributes separated by commas', () => {
    const text = `resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Statement = [
      {
        Effect = "Allow",
        Action = "s3:GetObject",
        Resource = "*"
      }
    ]
  })
}
`;
    const { out, added } = insertAndReparse(text, 'aws_iam_policy.p');
    assert.ok(
      out.includes(`      }${',\n'}      {
        Sid       = "DenyInsecureTransport",
        Effect    = "Deny",`),
      out,
    );
    assert.ok(out.includes(`Condition = { Bool = { "aws:SecureTransport" = "false" } }\n      }\n    ]`), out);
    assertDeny(out, added);
  });

  test('[{ ... }] style continues on the closing line', () => {
    const text = `resource "aws_sqs_queue_policy" "q" {
  queue_url = aws_sqs_queue.q.id
  policy = jsonencode({
    Statement = [{
      Effect = "Allow"
      Action = "sqs:SendMessage"
    }]
  })
}
`;
    const { out, added } = insertAndReparse(text, 'aws_sqs_queue_policy.q');
    assert.ok(
      out.includes(`    }, {
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"`),
      out,
    );
    assert.ok(out.includes(`      Condition = { Bool = { "aws:SecureTransport" = "false" } }\n    }]\n  })`), out);
    assertDeny(out, added);
  });

  test('a single statement object becomes a list', () => {
    const text = `resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = jsonencode({
    Statement = {
      Effect = "Allow"
      Action = "s3:GetObject"
    }
  })
}
`;
    const m = tfModel({ 'main.tf': text });
    assert.equal(policyOf(m, 'aws_s3_bucket_policy.b').statementContainer?.kind, 'object');
    const { out, added } = insertAndReparse(text, 'aws_s3_bucket_policy.b');
    assert.ok(out.includes('    Statement = [{\n      Effect = "Allow"'), out);
    assert.equal(policyOf(tfModel({ 'main.tf': out }), 'aws_s3_bucket_policy.b').statementContainer?.kind, 'array');
    assertDeny(out, added);
  });

  test('empty statement list', () => {
    const text = 'resource "aws_kms_key" "k" {\n  policy = jsonencode({ Statement = [] })\n}\n';
    const { out, added } = insertAndReparse(text, 'aws_kms_key.k');
    assertDeny(out, added);
  });

  test('CRLF line endings and tab indentation are kept', () => {
    const text = 'resource "aws_s3_bucket_policy" "b" {\r\n\tbucket = "b"\r\n\tpolicy = jsonencode({\r\n\t\tStatement = [\r\n\t\t\t{\r\n\t\t\t\tEffect = "Allow"\r\n\t\t\t}\r\n\t\t]\r\n\t})\r\n}\r\n';
    const { out, added } = insertAndReparse(text, 'aws_s3_bucket_policy.b');
    assert.ok(!/[^\r]\n/.test(out), JSON.stringify(out));
    assert.ok(out.includes('\t\t\t},\r\n\t\t\t{\r\n\t\t\t\tSid       = "DenyInsecureTransport"\r\n'), JSON.stringify(out));
    assertDeny(out, added);
  });

  test('no edit when the statement list is an expression', () => {
    const text = 'resource "aws_iam_policy" "p" {\n  policy = jsonencode({ Statement = concat(local.a, local.b) })\n}\n';
    const p = policyOf(tfModel({ 'main.tf': text }), 'aws_iam_policy.p');
    assert.equal(insertEdits(tfModel({ 'main.tf': text }), p, DENY), undefined);
  });
});

describe('insertStatement on aws_iam_policy_document', () => {
  test('after the last statement block, with the file\'s blank-line style', () => {
    const text = `data "aws_iam_policy_document" "b" {
  statement {
    sid     = "AllowCloudFront"
    actions = ["s3:GetObject"]
    principals {
      type        = "Service"
      identifiers = ["cloudfront.amazonaws.com"]
    }
  }
}

resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = data.aws_iam_policy_document.b.json
}
`;
    const { out, added } = insertAndReparse(text, 'data.aws_iam_policy_document.b');
    assert.equal(
      out,
      `data "aws_iam_policy_document" "b" {
  statement {
    sid     = "AllowCloudFront"
    actions = ["s3:GetObject"]
    principals {
      type        = "Service"
      identifiers = ["cloudfront.amazonaws.com"]
    }
  }

  statement {
    sid    = "DenyInsecureTransport"
    effect = "Deny"
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.b.arn, "\${aws_s3_bucket.b.arn}/*"]
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = data.aws_iam_policy_document.b.json
}
`,
    );
    assertDeny(out, added);
    assert.equal(at(out, added.span), '"DenyInsecureTransport"');
  });

  test('consecutive statements without blank lines stay that way; after a dynamic block', () => {
    const text = `data "aws_iam_policy_document" "b" {
  statement {
    actions = ["s3:GetObject"]
  }
  dynamic "statement" {
    for_each = var.extra
    content {
      actions = statement.value
    }
  }
}
`;
    const m = tfModel({ 'p.tf': text });
    const p = policyOf(m, 'data.aws_iam_policy_document.b');
    const edits = insertEdits(m, p, DENY);
    assert.ok(edits);
    const out = applyEdits(text, edits);
    assert.ok(out.includes('    }\n  }\n  statement {\n    sid    = "DenyInsecureTransport"'), out);
    assert.deepEqual(parseTf('p.tf', out).notices, []);
    const again = policyOf(tfModel({ 'p.tf': out }), 'data.aws_iam_policy_document.b');
    assertDeny(out, again.statements[1]);
  });

  test('first statement: after the arguments, or in an empty body; CRLF', () => {
    const a = 'data "aws_iam_policy_document" "a" {\r\n  version = "2012-10-17"\r\n}\r\n';
    const ra = insertAndReparse(a, 'data.aws_iam_policy_document.a', DENY, 'a.tf');
    assert.ok(ra.out.startsWith('data "aws_iam_policy_document" "a" {\r\n  version = "2012-10-17"\r\n\r\n  statement {\r\n    sid    = "DenyInsecureTransport"\r\n'), JSON.stringify(ra.out));
    assert.ok(!/[^\r]\n/.test(ra.out));
    assertDeny(ra.out, ra.added);
    const b = 'data "aws_iam_policy_document" "b" {}\n';
    const rb = insertAndReparse(b, 'data.aws_iam_policy_document.b', DENY, 'b.tf');
    assert.ok(rb.out.startsWith('data "aws_iam_policy_document" "b" {\n  statement {\n'), rb.out);
    assert.ok(rb.out.endsWith('  }\n}\n'), rb.out);
    assertDeny(rb.out, rb.added);
  });

  test('principal maps, NotAction and several conditions', () => {
    const text = 'data "aws_iam_policy_document" "t" {\n  statement {\n    actions = ["sts:AssumeRole"]\n  }\n}\n';
    const stmt: Record<string, NeutralValue> = {
      Sid: 'Deny',
      Effect: 'Deny',
      Principal: { AWS: ['arn:aws:iam::111122223333:root', { $ref: { resource: tfResource('aws_iam_role.admin'), attribute: 'arn' } }], Service: 'ec2.amazonaws.com' },
      NotAction: 'sts:TagSession',
      Resource: '*',
      Condition: { Bool: { 'aws:MultiFactorAuthPresent': false }, NumericGreaterThan: { 'aws:MultiFactorAuthAge': 3600 } },
    };
    const { out, added } = insertAndReparse(text, 'data.aws_iam_policy_document.t', stmt);
    assert.deepEqual(
      added.principal?.entries.map((e) => [e.type, e.values.map((v) => show(out, v))]),
      [
        ['AWS', ['arn:aws:iam::111122223333:root', '?aws_iam_role.admin.arn']],
        ['Service', ['ec2.amazonaws.com']],
      ],
    );
    assert.deepEqual(added.notAction?.map((v) => show(out, v)), ['sts:TagSession']);
    assert.deepEqual(
      added.conditions.map((c) => [c.operator, c.key, c.values.map((v) => show(out, v))]),
      [
        ['Bool', 'aws:MultiFactorAuthPresent', ['false']],
        ['NumericGreaterThan', 'aws:MultiFactorAuthAge', ['3600']],
      ],
    );
  });

  test('.tf.json: a statement object; no edit for statements without a block form', () => {
    const json = '{"data": {"aws_iam_policy_document": {"p": {"statement": [{"actions": ["s3:*"]}]}}}}';
    const mj = tfModel({ 'main.tf.json': json });
    const pj = policyOf(mj, 'data.aws_iam_policy_document.p');
    const edits = insertEdits(mj, pj, { Effect: 'Deny', Resource: DENY.Resource });
    assert.ok(edits);
    assert.equal(
      applyEdits(json, edits),
      '{"data": {"aws_iam_policy_document": {"p": {"statement": [{"actions": ["s3:*"]}, {"effect": "Deny", "resources": ["${aws_s3_bucket.b.arn}", "${aws_s3_bucket.b.arn}/*"]}]}}}}',
    );
    const text = 'data "aws_iam_policy_document" "p" {\n  statement {\n    actions = ["s3:*"]\n  }\n}\n';
    const p = policyOf(tfModel({ 'main.tf': text }), 'data.aws_iam_policy_document.p');
    const m = tfModel({ 'main.tf': text });
    assert.equal(insertEdits(m, p, { ...DENY, Unknown: 'x' }), undefined);
    assert.equal(insertEdits(m, p, { ...DENY, Principal: { $ref: { resource: BUCKET, attribute: 'arn' } } }), undefined);
  });
});
