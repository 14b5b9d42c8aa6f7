import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseJson } from '../engine/documents/json';
import { lit } from '../engine/model/policy';
import { selectPath } from '../engine/model/select';
import { engine } from './helpers';

/** The policy documents of a template as `Resource property kind [shape] statements=N`. */
async function policies(text: string, path = 't.yaml'): Promise<string[]> {
  const e = await engine();
  const model = e.buildModel([e.parse({ path, text })!]);
  return model.policies.map((p) => `${p.resource?.id} ${p.property} ${p.kind}${p.shape ? ` ${p.shape}` : ''} statements=${p.statements.length}`);
}

const org = (type: string, content = '        Version: "2012-10-17"\n        Statement:\n          - Effect: Deny\n            Action: s3:*\n            Resource: "*"\n') =>
  `Resources:\n  P:\n    Type: AWS::Organizations::Policy\n    Properties:\n      Name: p\n      Type: ${type}\n      Content:\n${content}`;

test('an SCP is one identity policy document (not identity and resource)', async () => {
  assert.deepEqual(await policies(org('SERVICE_CONTROL_POLICY')), ['P Content identity statements=1']);
});

test('an RCP is one resource policy document', async () => {
  assert.deepEqual(await policies(org('RESOURCE_CONTROL_POLICY')), ['P Content resource statements=1']);
});

test('Organizations policies of other types (tag, backup, AI opt-out) hold no IAM policy', async () => {
  assert.deepEqual(await policies(org('TAG_POLICY')), []);
  assert.deepEqual(await policies(org('BACKUP_POLICY')), []);
});

test('an Organizations policy whose Type is only known at deploy time is one document of unknown kind', async () => {
  assert.deepEqual(await policies(`Parameters:\n  T:\n    Type: String\n${org('!Ref T')}`), ['P Content unknown statements=1']);
});

test('an SCP written as a JSON string (CloudFormation JSON) is one identity document', async () => {
  const text = JSON.stringify({
    Resources: {
      P: {
        Type: 'AWS::Organizations::Policy',
        Properties: { Type: 'SERVICE_CONTROL_POLICY', Content: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] }) },
      },
    },
  });
  assert.deepEqual(await policies(text, 't.json'), ['P Content identity statements=1']);
});

const BUS = `Resources:
  Bus:
    Type: AWS::Events::EventBus
    Properties:
      Name: orders
  BusPolicy:
    Type: AWS::Events::EventBusPolicy
    Properties:
      EventBusName: !Ref Bus
      StatementId: AllowAccount
      Statement:
        Sid: AllowAccount
        Effect: Allow
        Principal:
          AWS: arn:aws:iam::111122223333:root
        Action: events:PutEvents
        Resource: !GetAtt Bus.Arn
        Condition:
          Bool:
            aws:SecureTransport: "true"
`;

test("AWS::Events::EventBusPolicy's single Statement is one statement", async () => {
  assert.deepEqual(await policies(BUS), ['BusPolicy Statement resource statement statements=1']);
  const e = await engine();
  const model = e.buildModel([e.parse({ path: 't.yaml', text: BUS })!]);
  const [doc] = model.policies;
  const [s] = doc.statements;
  assert.equal(lit(s.effect), 'Allow');
  assert.equal(lit(s.sid), 'AllowAccount');
  assert.deepEqual(s.action?.map(lit), ['events:PutEvents']);
  assert.deepEqual(s.principal?.entries.map((p) => p.type), ['AWS']);
  assert.deepEqual(s.conditions.map((c) => `${c.baseOperator} ${c.key}`), ['Bool aws:SecureTransport']);
  assert.equal(doc.statementContainer, s.node);
  assert.deepEqual(doc.attachedTo?.kind === 'unknown' ? doc.attachedTo.refs : [], ['Bus']);
});

test('an EventBusPolicy Statement that is an intrinsic is a document whose statements are unknown', async () => {
  const text = 'Conditions:\n  C: !Equals [a, b]\nResources:\n  BusPolicy:\n    Type: AWS::Events::EventBusPolicy\n    Properties:\n      StatementId: s\n      Statement: !If [C, {Effect: Allow}, {Effect: Deny}]\n';
  assert.deepEqual(await policies(text), ['BusPolicy Statement resource statement statements=0']);
});

test('a stand-alone policy is attached to the first of its attachedTo properties that is present (Roles, Users or Groups)', async () => {
  const e = await engine();
  const text = `Resources:
  R:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: []}
  ToRole:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: p
      Roles: [!Ref R]
      PolicyDocument: {Version: '2012-10-17', Statement: []}
  ToUser:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: q
      Users: [alice]
      PolicyDocument: {Version: '2012-10-17', Statement: []}
`;
  const model = e.buildModel([e.parse({ path: 't.yaml', text })!]);
  const at = (id: string) => {
    const a = model.policies.find((p) => p.resource?.id === id)?.attachedTo;
    return a?.kind === 'unknown' ? `ref ${a.refs.join(',')}` : a?.kind === 'string' ? `literal ${a.value}` : String(a?.kind);
  };
  assert.equal(at('ToRole'), 'ref R');
  assert.equal(at('ToUser'), 'literal alice');
});

test('selectPath: `*` visits list items and map values; Terraform lists are entered implicitly', () => {
  const root = parseJson('{"a": [{"p": 1}, {"p": 2}], "m": {"k1": {"p": 3}, "k2": {"p": 4}}}', 'x.json').root!;
  assert.equal(root.kind, 'object');
  if (root.kind !== 'object') return;
  const show = (sel: ReturnType<typeof selectPath>) => sel.map((s) => `${s.path}=${s.node.kind === 'number' ? s.node.value : s.node.kind}`);
  assert.deepEqual(show(selectPath(root, ['a', '*', 'p'])), ['a[0].p=1', 'a[1].p=2']);
  assert.deepEqual(show(selectPath(root, ['m', '*', 'p'])), ['m.k1.p=3', 'm.k2.p=4']);
  assert.deepEqual(show(selectPath(root, ['a', 'p'])), []);
  assert.deepEqual(show(selectPath(root, ['a', 'p'], { lists: 'implicit' })), ['a[0].p=1', 'a[1].p=2']);
});
