import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CFN_SPEC_SOURCE,
  namePropertiesFor,
  policyPropertiesFor,
  splitPropertyPath,
  typesWithPolicies,
  type CfnPolicyProperty,
} from '../engine/data/cfn-data';

/** Policy entries of a type as `path kind [attachedTo]` strings, for compact assertions. */
function summary(type: string): string[] {
  return policyPropertiesFor(type).map(
    (p) => `${p.path.join('.')} ${p.kind}${p.attachedTo ? ` -> ${p.attachedTo.join(',')}` : ''}`,
  );
}
function one(type: string, path: string): CfnPolicyProperty {
  const found = policyPropertiesFor(type).filter((p) => p.path.join('.') === path);
  assert.equal(found.length, 1, `${type} ${path}: ${JSON.stringify(policyPropertiesFor(type))}`);
  return found[0];
}

test('source is recorded', () => {
  assert.match(CFN_SPEC_SOURCE, /^@aws-cdk\/aws-service-spec@\d+\.\d+\.\d+$/);
});

test('stand-alone resource policies name what they are attached to', () => {
  assert.deepEqual(summary('AWS::S3::BucketPolicy'), ['PolicyDocument resource -> Bucket']);
  assert.deepEqual(summary('AWS::SQS::QueuePolicy'), ['PolicyDocument resource -> Queues']);
  assert.deepEqual(summary('AWS::SNS::TopicPolicy'), ['PolicyDocument resource -> Topics']);
  assert.deepEqual(summary('AWS::SecretsManager::ResourcePolicy'), ['ResourcePolicy resource -> SecretId']);
  assert.deepEqual(summary('AWS::S3Express::BucketPolicy'), ['PolicyDocument resource -> Bucket']);
});

test('IAM role: trust policy and inline identity policies', () => {
  assert.deepEqual(summary('AWS::IAM::Role'), ['AssumeRolePolicyDocument trust', 'Policies.*.PolicyDocument identity']);
  assert.deepEqual(one('AWS::IAM::Role', 'Policies.*.PolicyDocument').path, ['Policies', '*', 'PolicyDocument']);
  assert.deepEqual(summary('AWS::IAM::User'), ['Policies.*.PolicyDocument identity']);
  assert.deepEqual(summary('AWS::IAM::Group'), ['Policies.*.PolicyDocument identity']);
  assert.deepEqual(summary('AWS::IAM::Policy'), ['PolicyDocument identity -> Roles,Users,Groups']);
  assert.deepEqual(summary('AWS::IAM::ManagedPolicy'), ['PolicyDocument identity -> Roles,Users,Groups']);
  assert.deepEqual(summary('AWS::IAM::RolePolicy'), ['PolicyDocument identity -> RoleName']);
  assert.equal(one('AWS::SSO::PermissionSet', 'InlinePolicy').kind, 'identity');
});

test('policies embedded in the resource they protect', () => {
  assert.deepEqual(summary('AWS::KMS::Key'), ['KeyPolicy resource']);
  assert.deepEqual(summary('AWS::ECR::Repository'), ['RepositoryPolicyText resource']);
  assert.deepEqual(summary('AWS::OpenSearchService::Domain'), ['AccessPolicies resource']);
  assert.deepEqual(summary('AWS::Elasticsearch::Domain'), ['AccessPolicies resource']);
  assert.deepEqual(summary('AWS::ApiGateway::RestApi'), ['Policy resource']);
  assert.deepEqual(summary('AWS::EFS::FileSystem'), ['FileSystemPolicy resource']);
  assert.deepEqual(summary('AWS::Backup::BackupVault'), ['AccessPolicy resource']);
  assert.deepEqual(summary('AWS::Logs::LogGroup'), ['ResourcePolicyDocument resource']);
  assert.deepEqual(summary('AWS::EC2::VPCEndpoint'), ['PolicyDocument resource']);
  assert.ok(summary('AWS::DynamoDB::Table').includes('ResourcePolicy.PolicyDocument resource'));
});

test('SAM functions: trust policy and identity policies', () => {
  assert.deepEqual(summary('AWS::Serverless::Function'), [
    'AssumeRolePolicyDocument trust',
    'Policies identity',
    'Policies.* identity',
  ]);
});

test('conditional and statement-shaped entries', () => {
  const org = policyPropertiesFor('AWS::Organizations::Policy');
  assert.deepEqual(
    org.map((p) => [p.kind, p.when?.property, p.when?.values]),
    [
      ['identity', 'Type', ['SERVICE_CONTROL_POLICY']],
      ['resource', 'Type', ['RESOURCE_CONTROL_POLICY']],
    ],
  );
  assert.equal(one('AWS::Events::EventBusPolicy', 'Statement').shape, 'statement');
});

test('types without a policy document', () => {
  for (const t of ['AWS::Lambda::Function', 'AWS::Lambda::Permission', 'AWS::Lambda::LayerVersionPermission', 'AWS::S3::Bucket', 'AWS::StepFunctions::StateMachine', 'AWS::Events::Rule', 'Custom::Thing', '', '$meta', 'constructor', '__proto__']) {
    assert.deepEqual(policyPropertiesFor(t), [], t);
  }
});

test('no obviously wrong policy entries', () => {
  const types = typesWithPolicies();
  assert.ok(types.length >= 60 && types.length <= 200, `types with policies: ${types.length}`);
  const wrongLeaf = /^(Definition|DefinitionString|DefinitionBody|EventPattern|LifecyclePolicyText|LifecyclePolicy|RedrivePolicy|RedriveAllowPolicy|DeliveryPolicy|FilterPolicy|DataProtectionPolicy|ArchivePolicy|SecurityPolicy|SslPolicy|PolicyName|PolicyArn|ManagedPolicyArns)$/;
  for (const type of types) {
    assert.match(type, /^(AWS|Alexa)::[A-Za-z0-9]+::[A-Za-z0-9]+$/);
    for (const p of policyPropertiesFor(type)) {
      const where = `${type} ${p.path.join('.')}`;
      assert.ok(p.path.length > 0, where);
      assert.ok(['identity', 'resource', 'trust'].includes(p.kind), where);
      assert.doesNotMatch(p.path[p.path.length - 1], wrongLeaf, where);
      if (p.kind === 'trust') assert.equal(p.path[p.path.length - 1], 'AssumeRolePolicyDocument', where);
      for (const a of p.attachedTo ?? []) assert.match(a, /^[A-Z][A-Za-z0-9]*$/, where);
    }
  }
  for (const t of ['AWS::StepFunctions::StateMachine', 'AWS::Events::Rule', 'AWS::SNS::Subscription', 'AWS::SQS::Queue', 'AWS::SNS::Topic', 'AWS::NetworkManager::CoreNetwork', 'AWS::OpenSearchServerless::AccessPolicy', 'AWS::Logs::AccountPolicy', 'AWS::SSM::Parameter']) {
    assert.deepEqual(policyPropertiesFor(t), [], t);
  }
});

test('name, description and tag properties', () => {
  const bucket = namePropertiesFor('AWS::S3::Bucket');
  assert.ok(bucket);
  assert.ok(bucket.names.includes('BucketName'));
  assert.equal(bucket.tags, 'list');
  assert.equal(bucket.tagProperty, 'Tags');

  const role = namePropertiesFor('AWS::IAM::Role')!;
  assert.ok(role.names.includes('RoleName'));
  assert.ok(role.names.includes('Policies.*.PolicyName'));
  assert.ok(role.descriptions.includes('Description'));
  assert.deepEqual(splitPropertyPath('Policies.*.PolicyName'), ['Policies', '*', 'PolicyName']);

  const fn = namePropertiesFor('AWS::Lambda::Function')!;
  assert.ok(fn.names.includes('FunctionName'));
  assert.ok(fn.descriptions.includes('Description'));
  assert.ok(namePropertiesFor('AWS::DynamoDB::Table')!.names.includes('TableName'));
  assert.ok(namePropertiesFor('AWS::KMS::Alias')!.names.includes('AliasName'));
  assert.ok(namePropertiesFor('AWS::KMS::Key')!.descriptions.includes('Description'));
  assert.ok(namePropertiesFor('AWS::CloudFront::Distribution')!.descriptions.includes('DistributionConfig.Comment'));

  // Tags as a map, and under another property name.
  assert.equal(namePropertiesFor('AWS::SSM::Parameter')!.tags, 'map');
  const pool = namePropertiesFor('AWS::Cognito::UserPool')!;
  assert.equal(pool.tags, 'map');
  assert.equal(pool.tagProperty, 'UserPoolTags');

  // A name that references another resource is not a free-form name of this one.
  assert.ok(!(namePropertiesFor('AWS::IAM::RolePolicy')?.names ?? []).includes('RoleName'));
  assert.equal(namePropertiesFor('Custom::Thing'), undefined);
  assert.equal(namePropertiesFor('$meta'), undefined);
});

test('name table entries are well formed', () => {
  let types = 0;
  for (const t of typesWithPolicies()) if (namePropertiesFor(t)) types++;
  assert.ok(types > 50);
  for (const t of ['AWS::S3::Bucket', 'AWS::IAM::User', 'AWS::EC2::Instance']) {
    const n = namePropertiesFor(t)!;
    for (const p of n.names) assert.match(p, /(Name|Alias|Title)$/, `${t} ${p}`);
    for (const p of n.descriptions) assert.match(p, /(Description|Comment)$/, `${t} ${p}`);
  }
});
