import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectFormat } from '../engine/documents/detect';
import { parseJson } from '../engine/documents/json';
import { parseYamlDocument } from '../engine/documents/yaml';
import { LinkIndex } from '../engine/model/links';
import { LineIndex } from '../engine/text';
import { get, getPath, toPlain, type VNode } from '../engine/value';
import { fixture } from './fixtures';
import { engine } from './helpers';

const src = (text: string, n: VNode | undefined) => (n ? text.slice(n.span.start, n.span.end) : undefined);

test('format detection', () => {
  assert.equal(detectFormat('a/template.yaml', "AWSTemplateFormatVersion: '2010-09-09'\n"), 'cloudformation');
  assert.equal(detectFormat('sam.yml', 'Transform: AWS::Serverless-2016-10-31\nResources: {}\n'), 'cloudformation');
  assert.equal(detectFormat('cdk.out/Stack.template.json', '{"Resources":{"B":{"Type":"AWS::S3::Bucket"}}}'), 'cloudformation');
  assert.equal(detectFormat('policy.json', '{"Version":"2012-10-17","Statement":[]}'), 'iam-json');
  assert.equal(detectFormat('policy.json', '{"statement":[]}'), 'iam-json');
  assert.equal(detectFormat('main.tf', ''), 'terraform');
  assert.equal(detectFormat('main.tf.json', '{}'), 'terraform-json');
  assert.equal(detectFormat('package.json', '{"name":"x"}'), undefined);
  assert.equal(detectFormat('k8s.yaml', 'apiVersion: v1\nkind: Pod\n'), undefined);
  assert.equal(detectFormat('notes.txt', 'Resources: AWS::S3::Bucket'), undefined);
});

test('every CloudFormation short form keeps its argument and range', () => {
  const forms: [string, string, string[]][] = [
    ['!Ref Bucket', 'Ref', ['Bucket']],
    ["!Sub '${Bucket.Arn}/*'", 'Fn::Sub', ['Bucket']],
    ['!Sub [ "${X}-${Y}", { Y: !Ref Z } ]', 'Fn::Sub', ['X', 'Z']],
    ['!GetAtt Bucket.Arn', 'Fn::GetAtt', ['Bucket']],
    ['!GetAtt [Bucket, Arn]', 'Fn::GetAtt', ['Bucket']],
    ['!If [Cond, !Ref A, !Ref B]', 'Fn::If', ['A', 'B']],
    ["!Join ['', [a, !Ref B]]", 'Fn::Join', ['B']],
    ['!Select [0, !GetAZs ""]', 'Fn::Select', []],
    ['!Split [",", !ImportValue Shared]', 'Fn::Split', []],
    ['!FindInMap [M, !Ref AWS::Region, K]', 'Fn::FindInMap', []],
    ['!Base64 {"Fn::Sub": "echo ${Name}"}', 'Fn::Base64', []], // long forms resolve in the CloudFormation model
    ['!Cidr [!GetAtt Vpc.CidrBlock, 6, 8]', 'Fn::Cidr', ['Vpc']],
    ['!GetAZs us-east-1', 'Fn::GetAZs', []],
    ['!ImportValue SharedBucket', 'Fn::ImportValue', []],
    ['!Equals [!Ref Env, prod]', 'Fn::Equals', ['Env']],
    ['!And [!Condition A, !Condition B]', 'Fn::And', []],
    ['!Or [!Condition A, !Condition B]', 'Fn::Or', []],
    ['!Not [!Condition A]', 'Fn::Not', []],
    ['!Condition IsProd', 'Condition', []],
    ['!Transform {Name: AWS::Include, Parameters: {Location: s3://b/k}}', 'Fn::Transform', []],
    ['!Length [a, b]', 'Fn::Length', []],
    ['!ToJsonString {a: !Ref B}', 'Fn::ToJsonString', ['B']],
  ];
  for (const [form, name, refs] of forms) {
    const text = `Resources:\n  R:\n    Type: AWS::SNS::Topic\n    Properties:\n      V: ${form}\n`;
    const y = parseYamlDocument('t.yaml', text);
    assert.deepEqual(y.notices, [], form);
    const v = getPath(y.roots[0], ['Resources', 'R', 'Properties', 'V'])!;
    assert.equal(v.kind, 'unknown', form);
    assert.equal(v.kind === 'unknown' && v.intrinsic, name, form);
    assert.deepEqual(v.kind === 'unknown' && [...v.refs].sort(), [...refs].sort(), form);
    // The range covers the argument as written (the tag precedes it on the same line).
    const at = src(text, v)!;
    assert.ok(form.endsWith(at), `${form}: range text ${JSON.stringify(at)}`);
  }
});

test('!Sub without variables is a literal string; ${!Literal} is an escape', () => {
  const y = parseYamlDocument('t.yaml', 'A: !Sub "arn:aws:s3:::bucket"\nB: !Sub "${!NotAVar}"\n');
  assert.deepEqual(toPlain(y.roots[0]), { A: 'arn:aws:s3:::bucket', B: '${NotAVar}' });
});

test('YAML ranges are UTF-16 offsets and lines/columns are exact', () => {
  const text = 'Description: "héllo 😀"\nResources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: naïve-😀-bucket\n';
  const y = parseYamlDocument('t.yaml', text);
  const name = getPath(y.roots[0], ['Resources', 'B', 'Properties', 'BucketName'])!;
  assert.equal(src(text, name), 'naïve-😀-bucket');
  const lines = new LineIndex(text);
  assert.deepEqual(lines.range(name.span), { start: { line: 5, character: 18 }, end: { line: 5, character: 33 } });
});

test('YAML: half-typed files keep what is intact and report errors as notices', () => {
  const full = fixture('cloudformation/bucket-policy.yaml');
  for (let cut = 0; cut <= full.length; cut += 7) {
    const text = full.slice(0, cut) + (cut % 2 ? '\n  - : [ {' : '');
    assert.doesNotThrow(() => parseYamlDocument('t.yaml', text), `cut at ${cut}`);
  }
  const broken = full.replace('    Type: AWS::S3::BucketPolicy', '    Type: AWS::S3::BucketPolicy\n    Oops: [unclosed');
  const y = parseYamlDocument('t.yaml', broken, new LineIndex(broken));
  assert.ok(y.notices.some((n) => n.kind === 'parse-error' && n.range), 'a located parse error');
  assert.equal(get(getPath(y.roots[0], ['Resources', 'Bucket']), 'Type')?.kind, 'string');
});

test('YAML: multi-document files, anchors and aliases, comments', () => {
  const text = `# leading comment\nbase: &b {Effect: Allow}\nuse: *b # trailing\nquoted: "not # a comment"\n---\nsecond: 2\n`;
  const y = parseYamlDocument('t.yaml', text);
  assert.equal(y.roots.length, 2);
  assert.deepEqual(toPlain(get(y.roots[0], 'use')), { Effect: 'Allow' });
  assert.equal(src(text, get(y.roots[0], 'use')), '*b', 'alias values are located at the alias');
  assert.deepEqual(
    y.comments.map((c) => c.text),
    [' leading comment', ' trailing'],
  );
  // A double-quoted string continued over a line break by an escaped line break: its `#` is text.
  const cont = 'a: "x\\\nb # not a comment"\n\nc: 1 # one\n  # two\n';
  assert.deepEqual(
    parseYamlDocument('t.yaml', cont).comments.map((c) => [c.text, cont.slice(c.span.start, c.span.end)]),
    [
      [' one', '# one'],
      [' two', '# two'],
    ],
  );
});

test('YAML alias bomb is bounded', () => {
  const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 12; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
  const y = parseYamlDocument('bomb.yaml', lines.join('\n') + '\n');
  assert.ok(y.roots.length === 1);
  // Bounded work, counted rather than timed: the expansion stops at its node budget (100,000 for a
  // file this small) with an unknown value, instead of the 10^11 nodes the aliases spell out.
  const seen = new Set<VNode>();
  const stack: VNode[] = [y.roots[0]!];
  let capped = 0;
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    if (n.kind === 'object') stack.push(...n.entries.map((e) => e.value));
    else if (n.kind === 'array') stack.push(...n.items);
    else if (n.kind === 'unknown' && n.reason === 'alias expansion limit') capped++;
  }
  assert.ok(seen.size < 101_000, `${seen.size} nodes`);
  assert.ok(capped > 0, 'the expansion was stopped');
});

test('JSON: comments, trailing commas, truncation and deep nesting', () => {
  const r = parseJson('{"a": 1, // c\n "b": [1,2,],}', 'x.json');
  assert.deepEqual(toPlain(r.root), { a: 1, b: [1, 2] });
  assert.equal(r.comments.length, 1);
  const t = parseJson('{"Statement": [{"Effect": "Allow", "Action": "s3:Get', 'x.json');
  assert.equal(getPath(t.root, ['Statement', 0, 'Effect'])?.kind, 'string');
  assert.ok(t.notices.some((n) => n.kind === 'parse-error'));
  const deep = parseJson('['.repeat(100_000) + ']'.repeat(100_000), 'deep.json');
  assert.equal(deep.root, undefined);
  assert.match(deep.notices[0].message, /nested deeper than/);
  // The bound is exact (MAX_DEPTH containers parse, one more does not), and counts containers the
  // parser opens: brackets in strings and comments are text.
  const nest = (n: number) => '['.repeat(n) + ']'.repeat(n);
  assert.deepEqual(parseJson(nest(500), 'ok.json').notices, []);
  assert.equal(getPath(parseJson(nest(500), 'ok.json').root, Array(499).fill(0))?.kind, 'array');
  const over = parseJson(`{"a": ${nest(500)}}`, 'over.json');
  assert.deepEqual([over.root, over.notices.map((n) => n.message)], [undefined, ['JSON nested deeper than 500 levels; file not analysed']]);
  const text = parseJson(`{"a": "${'['.repeat(600)}", // ${'{'.repeat(600)}\n "b": 1}`, 'text.json');
  assert.deepEqual([toPlain(text.root), text.notices], [{ a: '['.repeat(600), b: 1 }, []]);
});

test('LineIndex: \\n, \\r\\n and lone \\r end lines; positions and offsets round-trip', () => {
  for (const [text, starts] of [
    ['', [0]],
    ['a\nbc\n', [0, 2, 5]],
    ['a\r\nbc\rd\n\r\n', [0, 3, 6, 8, 10]],
    ['\r\r\n\n', [0, 1, 3, 4]],
  ] as const) {
    const lines = new LineIndex(text);
    assert.equal(lines.lineCount, starts.length, JSON.stringify(text));
    assert.deepEqual(starts.map((_, i) => lines.lineStart(i)), starts, JSON.stringify(text));
    for (let o = 0; o <= text.length; o++) {
      const p = lines.positionAt(o);
      assert.equal(p.line, starts.filter((s) => s <= o).length - 1, `${JSON.stringify(text)} at ${o}`);
      assert.equal(lines.offsetAt(p), o);
    }
  }
  assert.equal(new LineIndex('x\r\ny\r\n'.repeat(100)).lineText(99), 'y');
});

test('CloudFormation model: policies of every embedding, with kinds and links', async () => {
  const text = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
      Policies:
        - PolicyName: inline
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: [s3:GetObject]
                Resource: '*'
                Condition:
                  ForAnyValue:StringEqualsIfExists:
                    aws:TagKeys: [a, b]
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Statement:
          - Effect: Allow
            Principal: {AWS: !Sub 'arn:aws:iam::\${AWS::AccountId}:root'}
            Action: kms:*
            Resource: '*'
  Queue:
    Type: AWS::SQS::Queue
  QueuePolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [!Ref Queue]
      PolicyDocument: {Statement: [{Effect: Allow, Principal: '*', Action: sqs:SendMessage, Resource: '*'}]}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Policies:
        - AWSLambdaBasicExecutionRole
        - S3ReadPolicy: {BucketName: b}
        - Statement:
            - Effect: Allow
              Action: s3:PutObject
              Resource: '*'
`;
  const e = await engine();
  const doc = e.parse({ path: 't.yaml', text })!;
  const model = e.buildModel([doc]);
  assert.deepEqual(
    model.resources.map((r) => `${r.id}:${r.type}`),
    ['Role:AWS::IAM::Role', 'Key:AWS::KMS::Key', 'Queue:AWS::SQS::Queue', 'QueuePolicy:AWS::SQS::QueuePolicy', 'Fn:AWS::Serverless::Function'],
  );
  const summary = model.policies.map((p) => `${p.resource?.id}.${p.property}:${p.kind}:${p.statements.length}`).sort();
  assert.deepEqual(summary, [
    'Fn.Policies[2]:identity:1',
    'Key.KeyPolicy:resource:1',
    'QueuePolicy.PolicyDocument:resource:1',
    'Role.AssumeRolePolicyDocument:trust:1',
    'Role.Policies[0].PolicyDocument:identity:1',
  ]);
  const inline = model.policies.find((p) => p.property === 'Policies[0].PolicyDocument')!;
  const cond = inline.statements[0].conditions[0];
  assert.deepEqual(
    { op: cond.operator, base: cond.baseOperator, q: cond.qualifier, ifExists: cond.ifExists, key: cond.key, values: cond.values.map((v) => v.state === 'literal' && v.value) },
    { op: 'ForAnyValue:StringEqualsIfExists', base: 'StringEquals', q: 'ForAnyValue', ifExists: true, key: 'aws:TagKeys', values: ['a', 'b'] },
  );
  assert.equal(text.slice(cond.keySpan.start, cond.keySpan.end), 'aws:TagKeys');
  const qp = model.policies.find((p) => p.resource?.id === 'QueuePolicy')!;
  assert.equal(qp.attachedTo?.kind === 'unknown' && qp.attachedTo.refs[0], 'Queue', 'the queue policy links to the queue');
  const key = model.policies.find((p) => p.resource?.id === 'Key')!;
  assert.equal(key.statements[0].principal?.entries[0].values[0].state, 'unknown', 'a Sub with variables is unknown');
});

test('CloudFormation JSON: long-form intrinsics and policies held as JSON strings', async () => {
  const text = JSON.stringify(
    {
      Resources: {
        Repo: {
          Type: 'AWS::ECR::Repository',
          Properties: { RepositoryPolicyText: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'ecr:BatchGetImage' }] }) },
        },
        P: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'B' }, PolicyDocument: { Statement: [] } } },
      },
    },
    null,
    2,
  );
  const e = await engine();
  const model = e.buildModel([e.parse({ path: 'cdk.out/S.template.json', text })!]);
  const repo = model.policies.find((p) => p.resource?.id === 'Repo');
  assert.ok(repo, 'string policy parsed');
  assert.equal(repo.statements.length, 1);
  assert.equal(repo.node.embedded, true, 'spans of a policy inside a string are not in-place editable');
  const bp = model.policies.find((p) => p.resource?.id === 'P')!;
  assert.equal(bp.attachedTo?.kind === 'unknown' && bp.attachedTo.intrinsic, 'Ref');
});

test('standalone IAM JSON: single, arrays and maps of policies, kinds inferred', async () => {
  const e = await engine();
  const m = (text: string) => e.buildModel([e.parse({ path: 'p.json', text })!]).policies.map((p) => `${p.property || '.'}:${p.kind}`);
  assert.deepEqual(m('{"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}'), ['.:identity']);
  assert.deepEqual(m('{"Statement": {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}}'), ['.:trust']);
  assert.deepEqual(m('[{"Statement": []}, {"Statement": [{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}]'), ['[0]:unknown', '[1]:resource']);
  assert.deepEqual(m('{"PolicyVersion": {"Document": {"Version": "2012-10-17", "Statement": []}}}'), ['PolicyVersion.Document:unknown']);
});

test('links: CloudFormation Ref, GetAtt and Sub between resources', async () => {
  const text = `${fixture('cloudformation/bucket-policy.yaml')}  Topic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !GetAtt [Bucket, Arn]
      DisplayName: !Ref AWS::StackName
`;
  const e = await engine();
  const model = e.buildModel([e.parse({ path: 't.yaml', text })!]);
  const idx = new LinkIndex(model);
  const bucket = model.resources.find((r) => r.id === 'Bucket')!;
  assert.deepEqual(
    idx.to(bucket).map((l) => `${l.from.id}.${l.property} @ ${text.slice(l.span.start, l.span.end)}`),
    ['Policy.Bucket @ Bucket', "Policy.PolicyDocument @ '${Bucket.Arn}/*'", 'Topic.TopicName @ [Bucket, Arn]'],
  );
  const policy = model.policies.find((p) => p.resource?.id === 'Policy')!;
  assert.equal(idx.resolve(policy.attachedTo), bucket, 'the bucket policy resolves to its bucket');
});

test('.template files are read as JSON or YAML by their content', async () => {
  const e = await engine();
  const yaml = e.parse({ path: 'stack.template', text: "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  B:\n    Type: AWS::S3::Bucket\n" })!;
  const json = e.parse({ path: 'stack.template', text: '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"B": {"Type": "AWS::S3::Bucket"}}}' })!;
  for (const d of [yaml, json]) {
    assert.deepEqual(d.notices, []);
    assert.deepEqual(e.buildModel([d]).resources.map((r) => `${r.id}:${r.type}:${r.dialect}`), [`B:AWS::S3::Bucket:${d === yaml ? 'yaml' : 'json'}`]);
  }
});

test('JSON: the value tree built from parser events matches JSON.parse and keeps exact spans', () => {
  const text = '{\n  "a": [1, -2.5e3, true, null, "x\\u00e9\\n"],\n  "b": {"c": {}, "d": []},\n  "e\\"q": "é😀"\n}\n';
  const r = parseJson(text, 'x.json');
  assert.deepEqual(toPlain(r.root), JSON.parse(text));
  assert.equal(src(text, getPath(r.root, ['a', 4])), '"x\\u00e9\\n"');
  assert.equal(src(text, getPath(r.root, ['b', 'c'])), '{}');
  const e = r.root?.kind === 'object' ? r.root.entries[2] : undefined;
  assert.equal(text.slice(e!.keySpan.start, e!.keySpan.end), '"e\\"q"');
  assert.equal(text.slice(e!.span.start, e!.span.end), '"e\\"q": "é😀"');
  // Half-typed: a key without a value, containers left open.
  const h = '{"Statement": [{"Effect": "Allow", "Action": ';
  const hp = parseJson(h, 'h.json');
  const stmt = getPath(hp.root, ['Statement', 0]);
  assert.deepEqual(toPlain(stmt), { Effect: 'Allow', Action: null });
  assert.equal(hp.root?.span.end, h.length);
  assert.ok(hp.notices.length > 0);
});
