import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lit } from '../engine/model/policy';
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
