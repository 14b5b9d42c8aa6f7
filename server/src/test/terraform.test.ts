import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import { templateParts, templateRefs, templateSource } from '../engine/documents/hcl-template';
import { MAX_DEPTH } from '../engine/documents/limits';
import { documentIsPartial } from '../engine/model/policy';
import { get, getPath, toPlain, type VNode } from '../engine/value';
import { at, blocks, initHcl, LOGS_BUCKET_SAMPLE, parseTf, policyOf, refsOf, show, tfModel } from './tf-helpers';

before(async () => {
  await initHcl();
});

function body(text: string, i = 0) {
  return blocks(parseTf('main.tf', text))[i].body;
}

describe('HCL parsing and value conversion', () => {
  test('spans are UTF-16 offsets, also after non-ASCII text', () => {
    const text = [
      '# café ☕ and 😀😀',
      'resource "aws_s3_bucket" "b😀" { // é',
      '  bucket = "naïve-😀"',
      '  tags = { "clé" = "välue" }',
      '}',
      '',
    ].join('\n');
    const doc = parseTf('main.tf', text);
    assert.deepEqual(doc.notices, []);
    const [b] = blocks(doc);
    assert.equal(b.type, 'resource');
    assert.deepEqual(
      b.labels.map((l) => [l.value, at(text, l.span)]),
      [
        ['aws_s3_bucket', '"aws_s3_bucket"'],
        ['b😀', '"b😀"'],
      ],
    );
    const bucket = get(b.body, 'bucket')!;
    assert.equal(at(text, bucket.span), '"naïve-😀"');
    assert.deepEqual(toPlain(bucket), 'naïve-😀');
    const tags = get(b.body, 'tags');
    assert.equal(tags?.kind, 'object');
    assert.equal(at(text, tags.kind === 'object' ? tags.entries[0].keySpan : undefined), '"clé"');
    assert.equal(at(text, get(tags, 'clé')?.span), '"välue"');
    assert.deepEqual(
      doc.comments.map((c) => [c.text, at(text, c.span)]),
      [
        [' café ☕ and 😀😀', '# café ☕ and 😀😀'],
        [' é', '// é'],
      ],
    );
    // LSP positions count UTF-16 code units too.
    assert.deepEqual(doc.lines.range(bucket.span), { start: { line: 2, character: 11 }, end: { line: 2, character: 21 } });
    assert.equal(at(text, b.span), text.slice(text.indexOf('resource'), text.lastIndexOf('}') + 1));
  });

  test('literals, escapes, collections and nested blocks', () => {
    const text = `resource "x" "y" {
  s    = "a\\"b\\\\c\\n\\u00e9 $\${x} %%{y}"
  n    = 1.5e3
  neg  = -2
  t    = true
  f    = false
  z    = null
  list = [1, "two", [3], { k = "v" }]
  obj  = {
    ident    = 1
    "q:key"  = 2
    nested   = { deeper = [true] }
  }
  versioning {
    enabled = true
  }
  rule { id = "a" }
  rule { id = "b" }
  h = <<-EOT
    line one
      two
    EOT
  raw = <<EOT
  kept $\${as} is
EOT
}
`;
    const b = body(text);
    assert.deepEqual(toPlain(b), {
      s: 'a"b\\c\né ${x} %{y}',
      n: 1500,
      neg: -2,
      t: true,
      f: false,
      z: null,
      list: [1, 'two', [3], { k: 'v' }],
      obj: { ident: 1, 'q:key': 2, nested: { deeper: [true] } },
      versioning: [{ enabled: true }],
      rule: [{ id: 'a' }, { id: 'b' }],
      h: 'line one\n  two\n',
      raw: '  kept ${as} is\n',
    });
    const e = (k: string) => b.entries.find((x) => x.key === k)!;
    assert.equal(at(text, e('s').value.span), '"a\\"b\\\\c\\n\\u00e9 $${x} %%{y}"');
    assert.equal(at(text, e('list').value.span), '[1, "two", [3], { k = "v" }]');
    assert.equal(at(text, getPath(b, ['list', 3, 'k'])!.span), '"v"');
    assert.equal(at(text, e('obj').keySpan), 'obj');
    assert.equal(at(text, e('obj').span).split('\n')[0], 'obj  = {');
    assert.equal(at(text, getPath(b, ['obj', 'nested', 'deeper', 0])!.span), 'true');
    // Nested blocks: one entry per type, key span on the first block's type, items span whole blocks.
    const rule = e('rule');
    assert.equal(at(text, rule.keySpan), 'rule');
    assert.equal(rule.value.kind, 'array');
    assert.deepEqual(
      rule.value.kind === 'array' ? rule.value.items.map((i) => at(text, i.span)) : [],
      ['rule { id = "a" }', 'rule { id = "b" }'],
    );
    assert.equal(at(text, getPath(b, ['versioning', 0, 'enabled'])!.span), 'true');
    assert.equal(at(text, e('h').value.span), '<<-EOT\n    line one\n      two\n    EOT');
    assert.equal(at(text, e('neg').value.span), '-2');
  });

  test('expressions become unknown with the references they name', () => {
    const text = `resource "x" "y" {
  a = aws_s3_bucket.b.id
  b = var.name
  c = local.settings.flag
  d = module.network.vpc_id
  e = data.aws_iam_policy_document.p.json
  f = aws_s3_bucket.this[0].arn
  g = "\${aws_kms_key.k.arn}/*"
  h = var.on ? aws_sqs_queue.q.arn : data.aws_caller_identity.me.account_id
  i = [for s in var.subnets : s.id]
  j = merge(local.tags, { Name = var.name })
  k = <<EOT
  {"a": "\${var.heredoc}"}
EOT
  l = aws_s3_bucket.b[*].arn
  m = each.value
  n = upper("x")
  o = (1)
  p = jsonencode({ Statement = [] })
}
`;
    const b = body(text);
    const refs = (k: string) => refsOf(get(b, k));
    assert.deepEqual(refs('a'), ['aws_s3_bucket.b']);
    assert.deepEqual(refs('b'), ['var.name']);
    assert.deepEqual(refs('c'), ['local.settings']);
    assert.deepEqual(refs('d'), ['module.network']);
    assert.deepEqual(refs('e'), ['data.aws_iam_policy_document.p']);
    assert.deepEqual(refs('f'), ['aws_s3_bucket.this']);
    assert.deepEqual(refs('g'), ['aws_kms_key.k']);
    assert.deepEqual(refs('h'), ['aws_sqs_queue.q', 'data.aws_caller_identity.me', 'var.on']);
    assert.deepEqual(refs('i'), ['var.subnets'], 'for-expression variables are not references');
    assert.deepEqual(refs('j'), ['local.tags', 'var.name']);
    assert.deepEqual(refs('k'), ['var.heredoc']);
    assert.deepEqual(refs('l'), ['aws_s3_bucket.b']);
    assert.deepEqual(refs('m'), ['each.value']);
    assert.deepEqual(refs('n'), []);
    const a = get(b, 'a')!;
    assert.equal(at(text, a.span), 'aws_s3_bucket.b.id');
    assert.equal(a.kind === 'unknown' && a.reason, 'aws_s3_bucket.b.id');
    assert.equal(at(text, get(b, 'g')!.span), '"${aws_kms_key.k.arn}/*"');
    assert.deepEqual(toPlain(get(b, 'o')), 1);
    assert.deepEqual(toPlain(get(b, 'p')), { Statement: [] });
    assert.equal(at(text, get(b, 'p')!.span), '{ Statement = [] }');
  });

  test('dynamic blocks make the list partial', () => {
    const text = `data "aws_iam_policy_document" "p" {
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
    const st = get(body(text), 'statement');
    assert.equal(st?.kind, 'array');
    if (st?.kind !== 'array') return;
    assert.deepEqual(
      st.items.map((i) => i.kind),
      ['object', 'unknown'],
    );
    assert.ok(at(text, st.items[1].span).startsWith('dynamic "statement" {'));
    assert.ok(refsOf(st.items[1]).includes('var.extra'));
  });

  test('comments of the three kinds', () => {
    const text = '# hash\n// slashes\n/* block\n comment */\nlocals { a = 1 } # trailing\n';
    const doc = parseTf('c.tf', text);
    assert.deepEqual(
      doc.comments.map((c) => c.text),
      [' hash', ' slashes', ' block\n comment ', ' trailing'],
    );
    assert.deepEqual(
      doc.comments.map((c) => at(text, c.span)),
      ['# hash', '// slashes', '/* block\n comment */', '# trailing'],
    );
  });

  test('syntax errors become notices and intact blocks are kept', () => {
    const text = `resource "aws_s3_bucket" "a" {
  bucket = "a"
}

resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.a.id
  policy = jsonencode({
    Statement = [{
      Effect = "Allow"
      Action =
    }]
  })
}
}

resource "aws_s3_bucket" "c" {
  bucket = "c"
}
`;
    const doc = parseTf('broken.tf', text);
    const errors = doc.notices.filter((n) => n.kind === 'parse-error');
    assert.ok(errors.length >= 1 && errors.length <= 5, JSON.stringify(doc.notices));
    for (const n of errors) {
      assert.match(n.message, /^Terraform syntax error: (unexpected '.+'|missing '.+'|unexpected end of file)$/);
      assert.ok(n.span && n.range);
    }
    const m = tfModel({ 'broken.tf': text });
    const ids = m.resources.map((r) => r.id);
    assert.ok(ids.includes('aws_s3_bucket.a'), ids.join());
    assert.ok(ids.includes('aws_s3_bucket.c'), ids.join());
  });

  test('missing tokens are reported', () => {
    const text = 'resource "a" "b" {\n  x = [1, 2\n';
    const doc = parseTf('cut.tf', text);
    assert.ok(doc.notices.some((n) => n.kind === 'parse-error' && /missing/.test(n.message)), JSON.stringify(doc.notices));
    assert.deepEqual(toPlain(blocks(doc)[0].body), { x: [1, 2] });
  });

  test('deep nesting is bounded and does not overflow the stack', () => {
    const N = 100_000;
    const cases = [
      `x = ${'['.repeat(N)}1${']'.repeat(N)}\n`,
      `locals {\n  x = ${'{ a = '.repeat(N)}1${' }'.repeat(N)}\n}\n`,
      `locals {\n  x = ${'('.repeat(N)}1${')'.repeat(N)}\n}\n`,
      `${'a {\n'.repeat(N)}${'}\n'.repeat(N)}`,
      `locals {\n  x = ${'['.repeat(N)}\n`,
      `locals {\n  x = ${'f('.repeat(N)}\n`,
    ];
    for (const text of cases) {
      const doc = parseTf('deep.tf', text);
      assert.ok(Array.isArray(blocks(doc)));
    }
    const doc = parseTf('deep.tf', cases[1]);
    assert.ok(doc.notices.some((n) => n.kind === 'limit' && n.message.includes(String(MAX_DEPTH))), JSON.stringify(doc.notices));
    let n: VNode | undefined = get(blocks(doc)[0].body, 'x');
    let depth = 0;
    while (n?.kind === 'object') {
      n = get(n, 'a');
      depth++;
    }
    assert.equal(n?.kind, 'unknown');
    assert.ok(depth >= MAX_DEPTH - 2 && depth <= MAX_DEPTH, String(depth));
  });

  test('a file cut at any point never throws and keeps the blocks before the cut', () => {
    const files = [
      LOGS_BUCKET_SAMPLE,
      `data "aws_iam_policy_document" "p" {
  statement {
    sid    = "Deny"
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
  dynamic "statement" {
    for_each = var.x
    content { actions = ["s3:Get*"] }
  }
}

resource "aws_s3_bucket_policy" "p" {
  bucket = aws_s3_bucket.b.id
  policy = data.aws_iam_policy_document.p.json
}
resource "aws_iam_role" "r" {
  assume_role_policy = "{\\"Statement\\": [{\\"Effect\\": \\"Allow\\"}]}"
  inline_policy {
    policy = <<EOF
{"Statement": [{"Effect": "Allow", "Action": "\${var.a}"}]}
EOF
  }
}
`,
    ];
    for (const full of files) {
      const complete = tfModel({ 'full.tf': full });
      for (let cut = 0; cut <= full.length; cut++) {
        const text = full.slice(0, cut);
        const m = tfModel({ 'cut.tf': text });
        for (const r of complete.resources) {
          if (r.span.end + 1 < cut) assert.ok(m.resources.some((x) => x.id === r.id), `${r.id} lost when cut at ${cut}`);
        }
        for (const p of m.policies) for (const s of p.statements) assert.ok(s.span.start >= 0 && s.span.end <= cut);
      }
    }
  });

  test('half-typed attributes keep their key with an unknown value', () => {
    const text = 'resource "aws_s3_bucket_policy" "p" {\n  bucket = "b"\n  policy =\n}\n';
    const b = body(text);
    assert.equal(get(b, 'bucket')?.kind, 'string');
    assert.equal(get(b, 'policy')?.kind, 'unknown');
  });

  test('a real module parses without notices', () => {
    const path = '/work/shared/realworld/terraform-aws-s3-bucket/main.tf';
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return; // the shared corpus is not available here
    }
    const doc = parseTf('main.tf', text);
    assert.deepEqual(doc.notices, []);
    const m = tfModel({ 'main.tf': text });
    const deny = m.policies.find((p) => p.resource?.id === 'data.aws_iam_policy_document.deny_insecure_transport');
    assert.ok(deny);
    assert.equal(show(text, deny.statements[0].effect), 'Deny');
    assert.deepEqual(
      deny.statements[0].resource?.map((v) => show(text, v)),
      ['?aws_s3_bucket.this[0].arn', '?"${aws_s3_bucket.this[0].arn}/*"'],
    );
  });
});

describe('Terraform model: resources', () => {
  test('resource and data blocks', () => {
    const text = `terraform {
  required_version = ">= 1.0"
}
resource "aws_s3_bucket" "logs" {
  bucket = "logs"
}
data "aws_caller_identity" "me" {}
module "m" {
  source = "./m"
}
`;
    const m = tfModel({ 'main.tf': text });
    assert.deepEqual(
      m.resources.map((r) => [r.id, r.type, r.mode, r.dialect, r.format, at(text, r.idSpan)]),
      [
        ['aws_s3_bucket.logs', 'aws_s3_bucket', 'resource', 'hcl', 'terraform', '"aws_s3_bucket" "logs"'],
        ['data.aws_caller_identity.me', 'aws_caller_identity', 'data', 'hcl', 'terraform', '"aws_caller_identity" "me"'],
      ],
    );
    const logs = m.resources[0];
    assert.equal(at(text, logs.span), 'resource "aws_s3_bucket" "logs" {\n  bucket = "logs"\n}');
    assert.equal(logs.node, logs.properties);
    assert.deepEqual(toPlain(logs.properties), { bucket: 'logs' });
  });
});

describe('Terraform model: policies', () => {
  test('jsonencode policy', () => {
    const text = `resource "aws_s3_bucket_policy" "p" {
  bucket = aws_s3_bucket.b.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AllowRead"
        Effect    = "Allow"
        Principal = { AWS = ["arn:aws:iam::111122223333:root", var.reader] }
        Action    = ["s3:GetObject"]
        Resource  = "\${aws_s3_bucket.b.arn}/*"
        Condition = {
          "ForAnyValue:StringLikeIfExists" = { "aws:PrincipalTag/team" = ["a", "b"] }
        }
      },
    ]
  })
}
`;
    const m = tfModel({ 'main.tf': text });
    const p = policyOf(m, 'aws_s3_bucket_policy.p');
    assert.equal(p.kind, 'resource');
    assert.equal(p.dialect, 'hcl');
    assert.equal(p.property, 'policy');
    assert.equal(at(text, p.anchor), 'policy');
    assert.deepEqual(refsOf(p.attachedTo), ['aws_s3_bucket.b']);
    assert.ok(!documentIsPartial(p));
    assert.equal(p.statementContainer?.kind, 'array');
    const [s] = p.statements;
    assert.equal(at(text, s.span), '"AllowRead"');
    assert.equal(show(text, s.effect), 'Allow');
    assert.deepEqual(
      s.principal?.entries.map((e) => [e.type, e.values.map((v) => show(text, v))]),
      [['AWS', ['arn:aws:iam::111122223333:root', '?var.reader']]],
    );
    assert.deepEqual(s.action?.map((v) => at(text, v.state !== 'missing' ? v.span : undefined)), ['"s3:GetObject"']);
    assert.deepEqual(s.resource?.map((v) => show(text, v)), ['?"${aws_s3_bucket.b.arn}/*"']);
    const [c] = s.conditions;
    assert.deepEqual([c.operator, c.baseOperator, c.qualifier, c.ifExists, c.key], ['ForAnyValue:StringLikeIfExists', 'StringLike', 'ForAnyValue', true, 'aws:PrincipalTag/team']);
    assert.equal(at(text, c.keySpan), '"aws:PrincipalTag/team"');
    assert.equal(at(text, c.valuesSpan), '["a", "b"]');
  });

  test('heredoc JSON policy: spans point into the .tf file', () => {
    const text = `resource "aws_s3_bucket_policy" "p" {
  bucket = "my-bucket"
  policy = <<-POLICY
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "DenyHttp",
          "Effect": "Deny",
          "Principal": "*",
          "Action": "s3:*",
          "Resource": ["\${aws_s3_bucket.b.arn}", "arn:aws:s3:::my-bucket/*", \${jsonencode(var.more)}],
          "Condition": {"Bool": {"aws:SecureTransport": "false"}}
        }
      ]
    }
  POLICY
}
`;
    const doc = parseTf('main.tf', text);
    const m = tfModel({ 'main.tf': text });
    const p = policyOf(m, 'aws_s3_bucket_policy.p');
    assert.equal(p.dialect, 'json');
    assert.ok(!p.node.embedded);
    assert.deepEqual(toPlain(p.attachedTo), 'my-bucket');
    const [s] = p.statements;
    assert.equal(at(text, s.span), '"DenyHttp"');
    assert.deepEqual(doc.lines.range(s.span), { start: { line: 7, character: 17 }, end: { line: 7, character: 27 } });
    assert.equal(show(text, s.effect), 'Deny');
    assert.ok(s.principal?.wildcard);
    assert.deepEqual(s.resource?.map((v) => show(text, v)), ['?"${aws_s3_bucket.b.arn}"', 'arn:aws:s3:::my-bucket/*', '?${jsonencode(var.more)}']);
    const r0 = s.resource?.[0];
    assert.deepEqual(refsOf(r0?.state === 'unknown' ? r0.node : undefined), ['aws_s3_bucket.b']);
    const r2 = s.resource?.[2];
    assert.deepEqual(refsOf(r2?.state === 'unknown' ? r2.node : undefined), ['var.more']);
    const [c] = s.conditions;
    assert.equal(at(text, c.keySpan), '"aws:SecureTransport"');
    assert.deepEqual(doc.lines.range(c.keySpan).start, { line: 12, character: 33 });
    assert.equal(at(text, p.statementContainer?.span).split('\n')[0], '[');
  });

  test('quoted JSON policy is embedded: every span is the string', () => {
    const text = `resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"Service\\":\\"ec2.amazonaws.com\\"},\\"Action\\":\\"sts:AssumeRole\\",\\"Resource\\":\\"\${aws_s3_bucket.b.arn}\\"}]}"
}
`;
    const m = tfModel({ 'main.tf': text });
    const p = policyOf(m, 'aws_iam_role.r');
    assert.equal(p.kind, 'trust');
    assert.equal(p.dialect, 'json');
    assert.ok(p.node.embedded);
    assert.deepEqual(refsOf(p.attachedTo), ['aws_iam_role.r']);
    const str = get(m.resources[0].properties, 'assume_role_policy')!.span;
    const [s] = p.statements;
    assert.equal(s.span.start, str.start);
    assert.equal(show(text, s.effect), 'Allow');
    assert.deepEqual(s.effect.state === 'literal' && s.effect.span, str);
    assert.ok(s.effect.state === 'literal' && s.effect.node.embedded);
    assert.deepEqual(s.principal?.entries.map((e) => [e.type, e.values.map((v) => v.state === 'literal' && v.value)]), [['Service', ['ec2.amazonaws.com']]]);
    const r = s.resource?.[0];
    assert.deepEqual(refsOf(r?.state === 'unknown' ? r.node : undefined), ['aws_s3_bucket.b']);
  });

  test('heredoc policies with directives, file() and variables are unknown documents', () => {
    const text = `resource "aws_iam_policy" "a" {
  policy = file("policy.json")
}
resource "aws_iam_policy" "b" {
  policy = var.policy
}
resource "aws_iam_policy" "c" {
  policy = <<EOF
{"Statement": [%{ for s in var.s }"\${s}",%{ endfor }]}
EOF
}
resource "aws_iam_policy" "d" {
  policy = templatefile("p.tpl", {})
}
`;
    const m = tfModel({ 'main.tf': text });
    for (const id of ['a', 'b', 'c', 'd']) {
      const p = policyOf(m, `aws_iam_policy.${id}`);
      assert.equal(p.kind, 'identity');
      assert.deepEqual(p.statements, []);
      assert.ok(documentIsPartial(p), id);
    }
  });

  test('aws_iam_policy_document statements, principals, conditions and default effect', () => {
    const text = `data "aws_iam_policy_document" "p" {
  statement {
    sid = "First"
    effect = "Deny"
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    not_actions   = ["s3:GetObject"]
    resources     = ["arn:aws:s3:::b", "\${aws_s3_bucket.b.arn}/*"]
    condition {
      test     = "ForAllValues:StringEqualsIfExists"
      variable = "aws:TagKeys"
      values   = ["a", var.b]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = [false]
    }
  }

  statement {
    actions = ["s3:PutObject"]
    not_principals {
      type        = "AWS"
      identifiers = [var.account]
    }
    not_resources = ["*"]
  }
}
`;
    const m = tfModel({ 'policy.tf': text });
    const p = policyOf(m, 'data.aws_iam_policy_document.p');
    assert.equal(p.kind, 'unknown', 'not used anywhere');
    assert.equal(p.dialect, 'hcl-policy-document');
    assert.equal(p.statementContainer, m.resources[0].properties);
    assert.equal(at(text, p.anchor), '"aws_iam_policy_document" "p"');
    assert.ok(!documentIsPartial(p));
    const [a, b] = p.statements;
    assert.equal(at(text, a.span), '"First"');
    assert.equal(show(text, a.sid), 'First');
    assert.equal(show(text, a.effect), 'Deny');
    assert.ok(a.principal?.wildcard);
    assert.deepEqual(a.principal?.entries.map((e) => [e.type, at(text, e.typeSpan)]), [['*', '"*"']]);
    assert.deepEqual(a.notAction?.map((v) => show(text, v)), ['s3:GetObject']);
    assert.equal(a.action, undefined);
    assert.deepEqual(a.resource?.map((v) => show(text, v)), ['arn:aws:s3:::b', '?"${aws_s3_bucket.b.arn}/*"']);
    assert.deepEqual(
      a.conditions.map((c) => [c.operator, c.baseOperator, c.qualifier, c.ifExists, c.key, at(text, c.operatorSpan), at(text, c.keySpan), c.values.map((v) => show(text, v)), at(text, c.valuesSpan)]),
      [
        ['ForAllValues:StringEqualsIfExists', 'StringEquals', 'ForAllValues', true, 'aws:TagKeys', '"ForAllValues:StringEqualsIfExists"', '"aws:TagKeys"', ['a', '?var.b'], '["a", var.b]'],
        ['Bool', 'Bool', undefined, false, 'aws:SecureTransport', '"Bool"', '"aws:SecureTransport"', ['false'], '[false]'],
      ],
    );
    assert.equal(a.partial, false);
    // Default effect: Allow, reported on the block's opening.
    assert.equal(show(text, b.effect), 'Allow');
    assert.equal(at(text, b.effect.state === 'literal' ? b.effect.span : undefined), 'statement');
    assert.equal(at(text, b.span), 'statement');
    assert.equal(b.sid.state, 'missing');
    assert.equal(b.principal, undefined);
    assert.deepEqual(b.notPrincipal?.entries.map((e) => [e.type, e.values.map((v) => show(text, v))]), [['AWS', ['?var.account']]]);
    assert.equal(b.notPrincipal?.wildcard, false);
    assert.deepEqual(b.notResource?.map((v) => show(text, v)), ['*']);
    assert.deepEqual(b.conditions, []);
  });

  test('aws_iam_policy_document linked to where it is used', () => {
    const main = `resource "aws_s3_bucket" "b" {
  bucket = "b"
}
resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = data.aws_iam_policy_document.shared.json
}
resource "aws_iam_role" "r" {
  assume_role_policy = data.aws_iam_policy_document.trust[0].json
}
resource "aws_iam_policy" "i" {
  policy = data.aws_iam_policy_document.shared.json
}
`;
    const policy = `data "aws_iam_policy_document" "shared" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "trust" {
  count = 1
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}
`;
    const m = tfModel({ 'main.tf': main, 'policy.tf': policy });
    const uses = m.policies.map((p) => [p.resource?.id, p.kind, p.file, p.attachedTo?.kind === 'unknown' ? p.attachedTo.refs.join() : undefined, at(p.file === 'main.tf' ? main : policy, p.anchor)]);
    assert.deepEqual(uses, [
      ['data.aws_iam_policy_document.shared', 'resource', 'policy.tf', 'aws_s3_bucket.b', '"aws_iam_policy_document" "shared"'],
      ['data.aws_iam_policy_document.trust', 'trust', 'policy.tf', 'aws_iam_role.r', '"aws_iam_policy_document" "trust"'],
      ['data.aws_iam_policy_document.shared', 'identity', 'policy.tf', undefined, '"aws_iam_policy_document" "shared"'],
    ]);
    // In one file, the missing-statement anchor is the attribute that uses the document.
    const one = tfModel({ 'all.tf': main + policy });
    const p = one.policies.find((x) => x.kind === 'resource')!;
    assert.equal(p.file, 'all.tf');
    assert.equal(at(main + policy, p.anchor), 'policy');
    assert.equal(at(main + policy, p.statements[0].span), 'statement');
  });

  test('partial policy documents', () => {
    const text = `data "aws_iam_policy_document" "merged" {
  source_policy_documents = [data.aws_iam_policy_document.base.json]
  statement {
    actions = ["s3:*"]
  }
}
data "aws_iam_policy_document" "dyn" {
  dynamic "statement" {
    for_each = var.statements
    content {
      actions = statement.value.actions
    }
  }
}
data "aws_iam_policy_document" "empty_sources" {
  source_policy_documents = []
  statement {
    actions = ["s3:*"]
    dynamic "condition" {
      for_each = var.c
      content {
        test     = condition.value.test
        variable = condition.value.variable
        values   = condition.value.values
      }
    }
  }
}
`;
    const m = tfModel({ 'p.tf': text });
    assert.ok(documentIsPartial(policyOf(m, 'data.aws_iam_policy_document.merged')));
    assert.ok(documentIsPartial(policyOf(m, 'data.aws_iam_policy_document.dyn')));
    const e = policyOf(m, 'data.aws_iam_policy_document.empty_sources');
    assert.ok(!documentIsPartial(e));
    assert.equal(e.statements[0].partial, true, 'a dynamic condition makes the statement partial');
  });

  test('policy attribute table: kinds and attachments', () => {
    const doc = 'jsonencode({ Statement = [] })';
    const text = `resource "aws_s3_bucket" "legacy" {
  policy = ${doc}
}
resource "aws_iam_role_policy" "rp" {
  role   = aws_iam_role.r.id
  policy = ${doc}
}
resource "aws_iam_role" "r" {
  assume_role_policy = ${doc}
  inline_policy {
    name   = "a"
    policy = ${doc}
  }
  inline_policy {
    name   = "b"
    policy = ${doc}
  }
}
resource "aws_sqs_queue_policy" "q" {
  queue_url = aws_sqs_queue.q.id
  policy    = ${doc}
}
resource "aws_kms_key" "k" {
  policy = ${doc}
}
resource "aws_opensearch_domain_policy" "o" {
  domain_name     = "d"
  access_policies = ${doc}
}
resource "aws_s3_bucket_acl" "not_a_policy" {
  policy = ${doc}
}
`;
    const m = tfModel({ 'main.tf': text });
    const attach = (n: VNode | undefined) => (n?.kind === 'unknown' ? `ref:${n.refs.join()}` : n ? `lit:${String(toPlain(n))}` : undefined);
    assert.deepEqual(
      m.policies.map((p) => [p.resource?.id, p.property, p.kind, attach(p.attachedTo)]),
      [
        ['aws_s3_bucket.legacy', 'policy', 'resource', 'ref:aws_s3_bucket.legacy'],
        ['aws_iam_role_policy.rp', 'policy', 'identity', 'ref:aws_iam_role.r'],
        ['aws_iam_role.r', 'inline_policy[0].policy', 'identity', 'ref:aws_iam_role.r'],
        ['aws_iam_role.r', 'inline_policy[1].policy', 'identity', 'ref:aws_iam_role.r'],
        ['aws_iam_role.r', 'assume_role_policy', 'trust', 'ref:aws_iam_role.r'],
        ['aws_sqs_queue_policy.q', 'policy', 'resource', 'ref:aws_sqs_queue.q'],
        ['aws_kms_key.k', 'policy', 'resource', 'ref:aws_kms_key.k'],
        ['aws_opensearch_domain_policy.o', 'access_policies', 'resource', 'lit:d'],
      ],
    );
    const legacy = m.policies[0];
    assert.equal(at(text, legacy.attachedTo?.span), '"aws_s3_bucket" "legacy"');
  });
});

describe('Terraform JSON (.tf.json)', () => {
  const text = `{
  "//": "generated",
  "data": {
    "aws_iam_policy_document": {
      "site": {
        "//": { "metadata": { "path": "x" } },
        "statement": [
          {
            "actions": ["s3:GetObject"],
            "resources": ["\${aws_s3_bucket.site.arn}/*", "arn:aws:s3:::literal$\${not}"],
            "principals": [{ "type": "Service", "identifiers": ["cloudfront.amazonaws.com"] }],
            "condition": [{ "test": "StringEquals", "variable": "AWS:SourceArn", "values": ["\${aws_cloudfront_distribution.d.arn}"] }]
          }
        ]
      }
    }
  },
  "resource": {
    "aws_s3_bucket": { "site": { "bucket": "site-bucket" } },
    "aws_s3_bucket_policy": {
      "site": {
        "bucket": "\${aws_s3_bucket.site.id}",
        "policy": "\${data.aws_iam_policy_document.site.json}"
      }
    },
    "aws_sqs_queue": {
      "q": {
        "policy": "{\\"Statement\\":[{\\"Effect\\":\\"Deny\\",\\"Action\\":\\"sqs:*\\",\\"Resource\\":\\"\${aws_sqs_queue.q.arn}\\"}]}"
      }
    }
  }
}
`;

  test('resources, templates and references', () => {
    const m = tfModel({ 'main.tf.json': text });
    assert.deepEqual(
      m.resources.map((r) => [r.id, r.mode, r.dialect, r.format, at(text, r.idSpan)]),
      [
        ['data.aws_iam_policy_document.site', 'data', 'json', 'terraform-json', '"site"'],
        ['aws_s3_bucket.site', 'resource', 'json', 'terraform-json', '"site"'],
        ['aws_s3_bucket_policy.site', 'resource', 'json', 'terraform-json', '"site"'],
        ['aws_sqs_queue.q', 'resource', 'json', 'terraform-json', '"q"'],
      ],
    );
    const bp = m.resources[2];
    assert.deepEqual(refsOf(get(bp.properties, 'bucket')), ['aws_s3_bucket.site']);
    assert.equal(at(text, get(bp.properties, 'bucket')?.span), '"${aws_s3_bucket.site.id}"');
    assert.equal(get(m.resources[0].properties, '//'), undefined, 'comment keys are dropped');
  });

  test('CDKTF-style data source reference and policy document statements', () => {
    const m = tfModel({ 'main.tf.json': text });
    const p = policyOf(m, 'data.aws_iam_policy_document.site');
    assert.equal(p.kind, 'resource');
    assert.deepEqual(refsOf(p.attachedTo), ['aws_s3_bucket.site']);
    assert.equal(at(text, p.anchor), '"policy"');
    const [s] = p.statements;
    assert.equal(show(text, s.effect), 'Allow');
    assert.equal(at(text, s.span), '{');
    assert.deepEqual(s.resource?.map((v) => show(text, v)), ['?"${aws_s3_bucket.site.arn}/*"', 'arn:aws:s3:::literal${not}']);
    assert.deepEqual(s.principal?.entries.map((e) => [e.type, e.values.map((v) => show(text, v))]), [['Service', ['cloudfront.amazonaws.com']]]);
    assert.deepEqual(
      s.conditions.map((c) => [c.operator, c.key, c.values.map((v) => show(text, v))]),
      [['StringEquals', 'AWS:SourceArn', ['?"${aws_cloudfront_distribution.d.arn}"']]],
    );
    assert.ok(!documentIsPartial(p));
  });

  test('JSON string policy is embedded, with interpolations unknown', () => {
    const m = tfModel({ 'main.tf.json': text });
    const p = policyOf(m, 'aws_sqs_queue.q');
    assert.equal(p.kind, 'resource');
    assert.equal(p.dialect, 'json');
    assert.ok(p.node.embedded);
    const [s] = p.statements;
    assert.equal(show(text, s.effect)?.startsWith('?'), false);
    assert.equal(s.effect.state === 'literal' && s.effect.value, 'Deny');
    const r = s.resource?.[0];
    assert.equal(r?.state, 'unknown');
    assert.deepEqual(refsOf(r?.state === 'unknown' ? r.node : undefined), ['aws_sqs_queue.q']);
    const str = get(m.resources[3].properties, 'policy')!.span;
    assert.deepEqual(p.node.span, str);
    assert.equal(at(text, str).slice(0, 16), '"{\\"Statement\\":');
    assert.equal(s.span.start, str.start);
  });
});

describe('HCL templates (text helpers)', () => {
  test('interpolations, directives and escapes', () => {
    const s = 'a $${literal} ${lookup(var.m, "}")}-${ {a = 1}["a"] } %{ if local.on }x%{ endif } %%{no}';
    assert.deepEqual(
      templateParts(s).map((p) => [s.slice(p.start, p.end), p.kind]),
      [
        ['${lookup(var.m, "}")}', 'interpolation'],
        ['${ {a = 1}["a"] }', 'interpolation'],
        ['%{ if local.on }', 'directive'],
        ['%{ endif }', 'directive'],
      ],
    );
    assert.deepEqual(templateRefs(s).sort(), ['local.on', 'var.m']);
    assert.deepEqual(templateRefs('${upper(aws_s3_bucket.b.bucket)}/${data.aws_region.r.name}/${"var.not"}/${module.m.o[0]}'), [
      'aws_s3_bucket.b',
      'data.aws_region.r',
      'module.m',
    ]);
    assert.deepEqual(templateParts('unterminated ${var.x'), [{ start: 13, end: 20, kind: 'interpolation' }]);
  });

  test('templateSource reads only a single quoted string or a heredoc', () => {
    const text = 'a = "x\\"y${var.a["k"]}" b = "a" == var.x ? "{}" : "[]" c = <<EOF\n{}\nEOF\n';
    const span = (from: string, to: string) => ({ start: text.indexOf(from), end: text.indexOf(to, text.indexOf(from) + 1) + to.length });
    assert.deepEqual(templateSource(text, span('"x', '}"')), { content: 'x"y${var.a["k"]}' });
    assert.equal(templateSource(text, span('"a" ==', '"[]"')), undefined);
    assert.deepEqual(templateSource(text, { start: text.indexOf('<<EOF'), end: text.lastIndexOf('EOF') + 3 }), { content: '{}\n', offset: text.indexOf('{}\n') });
  });

  test('a conditional is not read as a quoted policy', () => {
    const text = 'resource "aws_iam_policy" "p" {\n  policy = "a" == var.x ? "{\\"Statement\\": []}" : "{}"\n}\n';
    const p = policyOf(tfModel({ 'main.tf': text }), 'aws_iam_policy.p');
    assert.equal(p.node.kind, 'unknown');
    assert.ok(documentIsPartial(p));
  });
});
