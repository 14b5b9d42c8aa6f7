import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cloudformationFacts, cloudformationPaths, kindsOfType, parseSettingPath, terraformFacts, terraformPaths, TF_SCHEMA_SOURCE, resourceTypes, settingNames, settingSpec, type SettingName } from '../engine/data/settings';
import type { Model, Val } from '../engine/model/model';
import { equalsLowerCased, hasSecretWord, misplacedSettingValues, nameKeysAllListed, nameValues, SECRET_WORDS, resourcesOf, secretValues, settingValues, stringValues, type SettingValue } from '../engine/model/settings';
import { engine } from './helpers';

async function modelOf(files: Record<string, string>): Promise<{ model: Model; texts: Record<string, string> }> {
  const e = await engine();
  const docs = Object.entries(files).map(([path, text]) => e.parse({ path, text })!);
  return { model: e.buildModel(docs), texts: files };
}

/** `path = value @ text-under-span` per setting value, for compact assertions. */
function show(values: SettingValue[], texts: Record<string, string>): string[] {
  return values.map((s) => `${s.resource.id} ${s.path} = ${valText(s.value, texts[s.resource.file])}`);
}
function valText(v: Val<string>, text: string): string {
  if (v.state === 'missing') return 'missing';
  const at = text.slice(v.span.start, v.span.end);
  if (v.state === 'unknown') return `unknown @ ${at}`;
  return `${v.value} @ ${at}${v.resolved ? ` (${v.resolved.from} ${v.resolved.name})` : ''}`;
}

const DEFAULT = 'cloudfront.defaultCacheBehavior.viewerProtocolPolicy';
const BEHAVIOURS = 'cloudfront.cacheBehaviors.viewerProtocolPolicy';

const CFN_YAML = `Parameters:
  Policy:
    Type: String
    Default: https-only
  Secret:
    Type: String
    NoEcho: true
Mappings:
  Stage:
    prod:
      Viewer: redirect-to-https
Conditions:
  IsProd: !Equals [!Ref Policy, https-only]
Resources:
  Site:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        DefaultCacheBehavior:
          TargetOriginId: o
          ViewerProtocolPolicy: allow-all
        CacheBehaviors:
          - PathPattern: /a/*
            ViewerProtocolPolicy: !Ref Policy
          - PathPattern: /b/*
            ViewerProtocolPolicy: !FindInMap [Stage, prod, Viewer]
          - !If [IsProd, {PathPattern: /c/*, ViewerProtocolPolicy: https-only}, !Ref AWS::NoValue]
          - PathPattern: /d/*
  Bare:
    Type: AWS::CloudFront::Distribution
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: reports-bucket
      Tags:
        - Key: Owner
          Value: data-team
Outputs:
  Url:
    Value: https://example.com
`;

test('CloudFormation YAML: default and per-behaviour values, references followed, unknown and missing', async () => {
  const { model, texts } = await modelOf({ 't.yaml': CFN_YAML });
  // (The YAML parser's span of a short-form intrinsic is its argument: `Policy` for `!Ref Policy`.)
  assert.deepEqual(show(settingValues(model, DEFAULT), texts), [
    'Site DistributionConfig.DefaultCacheBehavior.ViewerProtocolPolicy = allow-all @ allow-all',
    'Bare DistributionConfig.DefaultCacheBehavior.ViewerProtocolPolicy = missing',
  ]);
  assert.deepEqual(show(settingValues(model, BEHAVIOURS), texts), [
    'Site DistributionConfig.CacheBehaviors[0].ViewerProtocolPolicy = https-only @ Policy (default Policy)',
    'Site DistributionConfig.CacheBehaviors[1].ViewerProtocolPolicy = redirect-to-https @ [Stage, prod, Viewer] (mapping Stage.prod.Viewer)',
    'Site DistributionConfig.CacheBehaviors[2] = unknown @ [IsProd, {PathPattern: /c/*, ViewerProtocolPolicy: https-only}, !Ref AWS::NoValue]',
    'Site DistributionConfig.CacheBehaviors[3].ViewerProtocolPolicy = missing',
  ]);
  // Slots: present values are replaced in place; a missing one names the keys to create.
  const [site, bare] = settingValues(model, DEFAULT);
  assert.deepEqual(site.slot?.path, ['ViewerProtocolPolicy']);
  assert.equal(site.slot?.node, site.node);
  assert.equal(site.slot?.dialect, 'yaml');
  assert.deepEqual(bare.slot?.path, ['Properties', 'DistributionConfig', 'DefaultCacheBehavior', 'ViewerProtocolPolicy']);
  assert.equal(bare.slot?.parent, bare.resource.node);
  assert.equal(bare.slot?.blocks, undefined);
  // The default's slot points at the parameter's Default (a fix could change it there).
  const viaParam = settingValues(model, BEHAVIOURS)[0].value;
  assert.ok(viaParam.state === 'literal' && viaParam.resolved);
  assert.equal(texts['t.yaml'].slice(viaParam.resolved.slot.node!.span.start, viaParam.resolved.slot.node!.span.end), 'https-only');
  assert.deepEqual(viaParam.resolved.slot.path, ['Default']);
  // Behaviour [2] is an !If: no slot (the path crosses a deploy-time value).
  assert.equal(settingValues(model, BEHAVIOURS)[2].slot, undefined);
});

test('CloudFormation: Parameters (Default, NoEcho), Mappings and Conditions are modelled', async () => {
  const { model } = await modelOf({ 't.yaml': CFN_YAML });
  assert.deepEqual(
    model.inputs.map((i) => `${i.kind} ${i.name} default=${i.default.state === 'literal' ? i.default.value : i.default.state} sensitive=${i.sensitive.state === 'literal' ? i.sensitive.value : i.sensitive.state}`),
    ['parameter Policy default=https-only sensitive=missing', 'parameter Secret default=missing sensitive=true'],
  );
  assert.deepEqual(model.mappings.map((m) => m.name), ['Stage']);
  assert.deepEqual(model.conditions.map((c) => `${c.name}:${c.value.kind}`), ['IsProd:unknown']);
});

test('CloudFormation JSON reads the same way', async () => {
  const text = JSON.stringify(
    {
      Resources: {
        Site: {
          Type: 'AWS::CloudFront::Distribution',
          Properties: { DistributionConfig: { DefaultCacheBehavior: { ViewerProtocolPolicy: 'redirect-to-https' }, CacheBehaviors: [{ ViewerProtocolPolicy: 'allow-all' }, { ViewerProtocolPolicy: { Ref: 'P' } }] } },
        },
      },
    },
    null,
    2,
  );
  const { model, texts } = await modelOf({ 't.json': text });
  assert.deepEqual(show([...settingValues(model, DEFAULT), ...settingValues(model, BEHAVIOURS)], texts), [
    'Site DistributionConfig.DefaultCacheBehavior.ViewerProtocolPolicy = redirect-to-https @ "redirect-to-https"',
    'Site DistributionConfig.CacheBehaviors[0].ViewerProtocolPolicy = allow-all @ "allow-all"',
    'Site DistributionConfig.CacheBehaviors[1].ViewerProtocolPolicy = unknown @ {\n                "Ref": "P"\n              }',
  ]);
  assert.equal(settingValues(model, DEFAULT)[0].slot?.dialect, 'json');
});

const TF = `variable "policy" {
  default = "https-only"
}

variable "token" {
  type      = string
  sensitive = true
}

locals {
  viewer = "redirect-to-https"
  chained = local.viewer
}

provider "aws" {
  region            = "us-east-1"
  use_fips_endpoint = true
}

provider "aws" {
  alias  = "west"
  region = var.region
  endpoints {
    s3 = "https://s3.example.com"
  }
}

module "site" {
  source = "./site"
}

resource "aws_cloudfront_distribution" "site" {
  default_cache_behavior {
    viewer_protocol_policy = "allow-all"
  }
  ordered_cache_behavior {
    path_pattern           = "/a/*"
    viewer_protocol_policy = var.policy
  }
  ordered_cache_behavior {
    path_pattern           = "/b/*"
    viewer_protocol_policy = local.chained
  }
  ordered_cache_behavior {
    path_pattern           = "/c/*"
    viewer_protocol_policy = "\${var.policy}-x"
  }
  dynamic "ordered_cache_behavior" {
    for_each = var.extra
    content {
      viewer_protocol_policy = "allow-all"
    }
  }
}

resource "aws_cloudfront_distribution" "bare" {
  enabled = true
}

resource "aws_s3_bucket" "b" {
  bucket = "reports-bucket"
  tags = {
    Owner = "data-team"
  }
}
`;

test('Terraform .tf: nested blocks, dynamic blocks, variables and locals followed', async () => {
  const { model, texts } = await modelOf({ 'main.tf': TF });
  assert.deepEqual(show(settingValues(model, DEFAULT), texts), [
    'aws_cloudfront_distribution.site default_cache_behavior.viewer_protocol_policy = allow-all @ "allow-all"',
    'aws_cloudfront_distribution.bare default_cache_behavior.viewer_protocol_policy = missing',
  ]);
  const behaviours = show(settingValues(model, BEHAVIOURS), texts);
  assert.deepEqual(behaviours.slice(0, 3), [
    'aws_cloudfront_distribution.site ordered_cache_behavior[0].viewer_protocol_policy = https-only @ var.policy (default var.policy)',
    'aws_cloudfront_distribution.site ordered_cache_behavior[1].viewer_protocol_policy = redirect-to-https @ local.chained (local local.chained)',
    'aws_cloudfront_distribution.site ordered_cache_behavior[2].viewer_protocol_policy = unknown @ "${var.policy}-x"',
  ]);
  assert.equal(behaviours.length, 4);
  assert.match(behaviours[3], /^aws_cloudfront_distribution\.site ordered_cache_behavior\[3\] = unknown @ dynamic "ordered_cache_behavior" \{/);
  const bare = settingValues(model, DEFAULT)[1];
  assert.deepEqual(bare.slot?.path, ['default_cache_behavior', 'viewer_protocol_policy']);
  assert.deepEqual(bare.slot?.blocks, [true]);
  assert.equal(bare.slot?.parent, bare.resource.properties);
  assert.equal(bare.slot?.dialect, 'hcl');
});

test('Terraform: providers (each alias), variables, locals and modules are modelled', async () => {
  const { model, texts } = await modelOf({ 'main.tf': TF });
  assert.deepEqual(model.providers.map((p) => `${p.id} ${p.type} ${p.mode}`), ['aws aws provider', 'aws.west aws provider']);
  assert.deepEqual(resourcesOf(model, 'aws-provider').map((p) => p.id), ['aws', 'aws.west']);
  assert.deepEqual(show(settingValues(model, 'aws-provider.region'), texts), ['aws region = us-east-1 @ "us-east-1"', 'aws.west region = unknown @ var.region']);
  assert.deepEqual(show(settingValues(model, 'aws-provider.useFipsEndpoint'), texts), ['aws use_fips_endpoint = true @ true', 'aws.west use_fips_endpoint = missing']);
  const endpoints = settingValues(model, 'aws-provider.endpoints');
  assert.deepEqual(endpoints.map((s) => `${s.resource.id} ${s.node?.kind ?? 'missing'}`), ['aws missing', 'aws.west array']);
  assert.deepEqual(
    model.inputs.map((i) => `${i.name} ${i.default.state} ${i.sensitive.state === 'literal' ? i.sensitive.value : i.sensitive.state}`),
    ['policy literal missing', 'token missing true'],
  );
  assert.deepEqual(model.locals.map((l) => l.name), ['viewer', 'chained']);
  assert.deepEqual(model.modules.map((m) => `${m.id} ${m.mode}`), ['module.site module']);
  // Providers and modules are not resources: rules iterating resources do not see them.
  assert.ok(model.resources.every((r) => r.mode === 'resource' || r.mode === 'data'));
});

test('Terraform .tf.json: a nested block as an object or a list, providers and variables', async () => {
  const text = JSON.stringify(
    {
      variable: { policy: { default: 'allow-all' } },
      locals: { v: 'https-only' },
      provider: { aws: [{ region: 'eu-west-1' }, { alias: 'us', region: 'us-east-1' }] },
      resource: {
        aws_cloudfront_distribution: {
          one: { default_cache_behavior: { viewer_protocol_policy: 'allow-all' }, ordered_cache_behavior: [{ viewer_protocol_policy: '${var.policy}' }, { viewer_protocol_policy: '${local.v}' }] },
          two: { default_cache_behavior: [{ viewer_protocol_policy: 'redirect-to-https' }] },
        },
      },
    },
    null,
    2,
  );
  const { model, texts } = await modelOf({ 'main.tf.json': text });
  assert.deepEqual(show([...settingValues(model, DEFAULT), ...settingValues(model, BEHAVIOURS)], texts), [
    'aws_cloudfront_distribution.one default_cache_behavior.viewer_protocol_policy = allow-all @ "allow-all"',
    'aws_cloudfront_distribution.two default_cache_behavior.viewer_protocol_policy = redirect-to-https @ "redirect-to-https"',
    'aws_cloudfront_distribution.one ordered_cache_behavior[0].viewer_protocol_policy = allow-all @ "${var.policy}" (default var.policy)',
    'aws_cloudfront_distribution.one ordered_cache_behavior[1].viewer_protocol_policy = https-only @ "${local.v}" (local local.v)',
  ]);
  assert.deepEqual(model.providers.map((p) => p.id), ['aws', 'aws.us']);
  assert.equal(settingValues(model, DEFAULT)[0].slot?.dialect, 'json');
});

test('variables and locals are shared across the files of a module', async () => {
  const { model, texts } = await modelOf({
    'vars.tf': 'variable "p" {\n  default = "allow-all"\n}\n',
    'main.tf': 'resource "aws_cloudfront_distribution" "d" {\n  default_cache_behavior {\n    viewer_protocol_policy = var.p\n  }\n}\n',
  });
  assert.deepEqual(show(settingValues(model, DEFAULT), texts), ['aws_cloudfront_distribution.d default_cache_behavior.viewer_protocol_policy = allow-all @ var.p (default var.p)']);
});

test('load-balancer listeners: one setting name for AWS::ElasticLoadBalancingV2::Listener, aws_lb_listener and aws_alb_listener', async () => {
  const cfn = await modelOf({ 't.yaml': 'Resources:\n  L:\n    Type: AWS::ElasticLoadBalancingV2::Listener\n    Properties:\n      Protocol: HTTPS\n      SslPolicy: ELBSecurityPolicy-2016-08\n' });
  const tf = await modelOf({ 'main.tf': 'resource "aws_lb_listener" "a" {\n  protocol = "HTTP"\n}\nresource "aws_alb_listener" "b" {\n  protocol   = "HTTPS"\n  ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06"\n}\n' });
  assert.deepEqual(show(settingValues(cfn.model, 'lb-listener.sslPolicy'), cfn.texts), ['L SslPolicy = ELBSecurityPolicy-2016-08 @ ELBSecurityPolicy-2016-08']);
  assert.deepEqual(show(settingValues(tf.model, 'lb-listener.protocol'), tf.texts), ['aws_lb_listener.a protocol = HTTP @ "HTTP"', 'aws_alb_listener.b protocol = HTTPS @ "HTTPS"']);
  assert.deepEqual(resourcesOf(cfn.model, 'lb-listener').map((r) => r.id), ['L']);
  assert.deepEqual(resourcesOf(tf.model, 'lb-listener').map((r) => r.id), ['aws_lb_listener.a', 'aws_alb_listener.b']);
  assert.deepEqual(resourcesOf(tf.model, 'cloudfront-distribution'), []);
  assert.deepEqual(show(settingValues(tf.model, 'lb-listener.sslPolicy'), tf.texts), ['aws_lb_listener.a ssl_policy = missing', 'aws_alb_listener.b ssl_policy = ELBSecurityPolicy-TLS13-1-2-2021-06 @ "ELBSecurityPolicy-TLS13-1-2-2021-06"']);
});

test('names, descriptions and tag values with their spans, in CloudFormation and Terraform', async () => {
  const cfn = await modelOf({ 't.yaml': CFN_YAML });
  const at = (text: string, v: Val<string>) => (v.state === 'missing' ? 'missing' : text.slice(v.span.start, v.span.end));
  assert.deepEqual(
    nameValues(cfn.model).map((n) => `${n.resource.id} ${n.kind}${n.key ? `(${n.key})` : ''} ${n.path} ${at(CFN_YAML, n.value)}`),
    ['Bucket name BucketName reports-bucket', 'Bucket tag(Owner) Tags[0].Value data-team'],
  );
  const tf = await modelOf({ 'main.tf': TF });
  assert.deepEqual(
    nameValues(tf.model).map((n) => `${n.resource.id} ${n.kind}${n.key ? `(${n.key})` : ''} ${n.path} ${at(TF, n.value)}`),
    ['aws_s3_bucket.b name bucket "reports-bucket"', 'aws_s3_bucket.b tag(Owner) tags.Owner "data-team"'],
  );
});

test('every string value of a file, with the resource that holds it', async () => {
  const { model } = await modelOf({ 't.yaml': CFN_YAML });
  const strings = stringValues(model);
  const find = (v: string) => strings.find((s) => s.value === v);
  assert.equal(find('reports-bucket')?.resource?.id, 'Bucket');
  assert.equal(find('reports-bucket')?.key, 'BucketName');
  assert.equal(find('allow-all')?.resource?.id, 'Site');
  // Outside any resource: outputs, parameters.
  assert.equal(find('https://example.com')?.resource, undefined);
  assert.ok(find('https-only'));
  const tf = await modelOf({ 'main.tf': TF });
  const s3 = stringValues(tf.model).find((s) => s.value === 'https://s3.example.com');
  assert.equal(s3?.resource?.id, 'aws.west');
});

test('settings table: every path parses, every setting names a known resource kind, the join map is consistent', () => {
  const names = settingNames();
  assert.ok(names.length >= 9);
  for (const n of names) {
    const s = settingSpec(n);
    assert.ok(s.cloudformationPath || s.terraformPath, n);
    if (s.cloudformationPath) assert.ok(s.cloudformationTypes.length > 0, `${n}: no CloudFormation type`);
    if (s.terraformPath) assert.ok(s.terraformTypes.length > 0, `${n}: no Terraform type`);
  }
  assert.deepEqual(resourceTypes('lb-listener'), { cloudformation: ['AWS::ElasticLoadBalancingV2::Listener'], terraform: ['aws_lb_listener', 'aws_alb_listener'] });
  assert.deepEqual(kindsOfType('aws_alb_listener'), ['lb-listener']);
  assert.deepEqual(kindsOfType('AWS::CloudFront::Distribution'), ['cloudfront-distribution']);
  assert.deepEqual(parseSettingPath('origin{}[].custom_origin_config{}.x'), [
    { key: 'origin', each: true, block: true },
    { key: 'custom_origin_config', each: false, block: true },
    { key: 'x', each: false, block: false },
  ]);
  assert.throws(() => parseSettingPath('a..b'), /bad setting path/);
  // Quoted keys (dots inside) and name/value selectors.
  assert.deepEqual(parseSettingPath('Parameters."rds.force_ssl"'), [
    { key: 'Parameters', each: false, block: false },
    { key: 'rds.force_ssl', each: false, block: false, quoted: true },
  ]);
  assert.deepEqual(parseSettingPath('parameter{}[name=rds.force_ssl].value'), [
    { key: 'parameter', each: true, block: true, select: { key: 'name', value: 'rds.force_ssl' } },
    { key: 'value', each: false, block: false },
  ]);
  assert.deepEqual(parseSettingPath('Parameters[ParameterName="a]b.c"].ParameterValue')[0], { key: 'Parameters', each: true, block: false, select: { key: 'ParameterName', value: 'a]b.c' } });
  assert.throws(() => parseSettingPath('a."b'), /bad setting path/);
  assert.throws(() => parseSettingPath('a[=x].b'), /bad setting path/);
  assert.throws(() => settingSpec('no.such.setting' as SettingName), /unknown setting/);
});

test('name/value lookups: a map key with dots (CloudFormation) and repeated parameter blocks (Terraform) read the same setting', async () => {
  const { model, texts } = await modelOf({
    'pg.yaml': `Resources:
  Pg:
    Type: AWS::RDS::DBParameterGroup
    Properties:
      Family: postgres14
      Description: pg
      Parameters:
        rds.force_ssl_extra: 1
        Rds.Force_Ssl: 1
        rds.force_ssl: 0
  Rs:
    Type: AWS::Redshift::ClusterParameterGroup
    Properties:
      Description: rs
      ParameterGroupFamily: redshift-1.0
      Parameters:
        - ParameterName: require_ssl
          ParameterValue: 'false'
        - ParameterName: use_fips_ssl
          ParameterValue: 'false'
  Empty:
    Type: AWS::RDS::DBParameterGroup
    Properties:
      Family: postgres14
      Description: none
`,
    'main.tf': `locals {
  n = "rds.force_ssl"
}
resource "aws_db_parameter_group" "p" {
  name   = "p"
  family = "postgres14"
  parameter {
    name  = "log_connections"
    value = "0"
  }
  parameter {
    name  = local.n
    value = "0"
  }
  parameter {
    name  = var.unknown
    value = "0"
  }
}
resource "aws_redshift_parameter_group" "none" {
  name   = "none"
  family = "redshift-1.0"
}
`,
  });
  assert.deepEqual(show(settingValues(model, 'rds-parameter-group.forceSsl'), texts), [
    'Pg Parameters.rds.force_ssl = 0 @ 0',
    // The Empty group has no Parameters map: the parameter is missing (its default depends on the engine).
    'Empty Parameters.rds.force_ssl = missing',
    'aws_db_parameter_group.p parameter[1].value = 0 @ "0"',
  ]);
  const rs = settingValues(model, 'redshift-parameter-group.requireSsl');
  // An absent list has no items, so no value (nor for a Terraform group without parameter blocks).
  assert.deepEqual(show(rs, texts), ["Rs Parameters[0].ParameterValue = false @ 'false'"]);
  assert.deepEqual(rs[0].slot?.path, ['ParameterValue']);
});

test('CloudFormation facts of the settings come from the specification (generated table)', () => {
  assert.equal(cloudformationFacts('cloudfront.defaultCacheBehavior.viewerProtocolPolicy', 'AWS::CloudFront::Distribution')?.required, true);
  assert.equal(cloudformationFacts('cloudfront.cacheBehaviors.viewerProtocolPolicy', 'AWS::CloudFront::Distribution')?.required, true);
  assert.equal(cloudformationFacts('lb-listener.sslPolicy', 'AWS::ElasticLoadBalancingV2::Listener')?.required, false);
  assert.equal(cloudformationFacts('aws-provider.region', 'AWS::CloudFront::Distribution'), undefined);
});

test('every CloudFormation path of the settings table has facts from the specification', () => {
  for (const { setting, type, path } of cloudformationPaths()) assert.ok(cloudformationFacts(setting, type), `${setting} ${type} ${path}: run node scripts/gen-cfn-data.mjs`);
});

test('every Terraform path of the settings table is spelled as the provider schema spells it (blocks, repeatable blocks)', () => {
  assert.match(TF_SCHEMA_SOURCE, /^@cdktn\/provider-aws@\d+\.\d+\.\d+ \(terraform-provider-aws \d+\.\d+\.\d+\)$/);
  const paths = terraformPaths();
  assert.ok(paths.some((p) => p.type === 'provider:aws'));
  for (const { setting, type, path } of paths) {
    const f = terraformFacts(setting, type);
    assert.ok(f, `${setting} ${type} ${path}: no schema facts; run node scripts/gen-tf-data.mjs --from <package>`);
    assert.equal(f.schemaPath, path, `${setting} ${type}`);
  }
  assert.equal(terraformFacts('cloudfront.cacheBehaviors.viewerProtocolPolicy', 'aws_cloudfront_distribution')?.required, true);
  assert.equal(terraformFacts('aws-provider.useFipsEndpoint', 'provider:aws')?.type, 'boolean');
});

test('odd shapes never throw: wrong types on the way are skipped, null is missing', async () => {
  const { model, texts } = await modelOf({
    't.yaml': `Resources:
  A:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig: just-a-string
  B:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        DefaultCacheBehavior: [1, 2]
        CacheBehaviors: {ViewerProtocolPolicy: allow-all}
  C:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        DefaultCacheBehavior:
          ViewerProtocolPolicy: null
        CacheBehaviors: [null, 7, {ViewerProtocolPolicy: 1}]
  D:
    Type: AWS::CloudFront::Distribution
    Properties: []
`,
  });
  assert.deepEqual(show(settingValues(model, DEFAULT), texts), ['C DistributionConfig.DefaultCacheBehavior.ViewerProtocolPolicy = missing']);
  assert.deepEqual(show(settingValues(model, BEHAVIOURS), texts), ['C DistributionConfig.CacheBehaviors[2].ViewerProtocolPolicy = 1 @ 1']);
});

test('a missing CloudFormation setting carries the default the specification documents', async () => {
  const { model } = await modelOf({
    't.yaml': 'Resources:\n  A:\n    Type: AWS::ElastiCache::ReplicationGroup\n    Properties:\n      ReplicationGroupDescription: a\n  B:\n    Type: AWS::ElastiCache::ReplicationGroup\n    Properties:\n      TransitEncryptionEnabled: true\n',
  });
  assert.deepEqual(
    settingValues(model, 'elasticache-replication-group.transitEncryptionEnabled').map((s) => `${s.resource.id} ${s.value.state === 'literal' ? s.value.value : s.value.state} ${s.specDefault ?? '-'}`),
    ['A missing false', 'B true -'],
  );
});

test('list-valued settings: the list node is the value; MSK nested encryption settings read through two levels', async () => {
  const { model } = await modelOf({
    'main.tf': `resource "aws_cloudfront_distribution" "d" {
  origin {
    custom_origin_config {
      origin_ssl_protocols = ["TLSv1", "TLSv1.2"]
    }
  }
}
resource "aws_msk_cluster" "k" {
  encryption_info {
    encryption_in_transit {
      client_broker = "TLS_PLAINTEXT"
    }
  }
}
`,
  });
  const [ssl] = settingValues(model, 'cloudfront.origins.originSslProtocols');
  assert.equal(ssl.path, 'origin[0].custom_origin_config.origin_ssl_protocols');
  assert.deepEqual(ssl.node?.kind === 'array' ? ssl.node.items.map((i) => (i.kind === 'string' ? i.value : i.kind)) : ssl.node?.kind, ['TLSv1', 'TLSv1.2']);
  const [msk] = settingValues(model, 'msk-cluster.clientBrokerEncryption');
  assert.equal(msk.value.state === 'literal' && msk.value.value, 'TLS_PLAINTEXT');
  assert.deepEqual(settingValues(model, 'msk-cluster.inClusterEncryption').map((s) => `${s.value.state} ${s.slot?.path.join('.')}`), ['missing in_cluster']);
});

test('large inputs: every parameter, resource and output is read (5,000 of each, CloudFormation JSON)', async () => {
  const n = 5_000;
  const tpl: { Parameters: Record<string, unknown>; Resources: Record<string, unknown>; Outputs: Record<string, unknown> } = { Parameters: {}, Resources: {}, Outputs: {} };
  for (let i = 0; i < n; i++) {
    tpl.Parameters[`P${i}`] = { Type: 'String', Default: 'allow-all' };
    tpl.Resources[`D${i}`] = { Type: 'AWS::CloudFront::Distribution', Properties: { DistributionConfig: { DefaultCacheBehavior: { ViewerProtocolPolicy: { Ref: `P${i}` } } } } };
    tpl.Outputs[`O${i}`] = { Value: `out-${i}` };
  }
  const { model } = await modelOf({ 'big.json': JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', ...tpl }) });
  assert.equal(model.inputs.length, n);
  const values = settingValues(model, DEFAULT);
  assert.equal(values.length, n);
  assert.ok(values.every((v, i) => v.value.state === 'literal' && v.value.resolved?.name === `P${i}` && v.value.resolved.from === 'default'));
  const strings = stringValues(model);
  assert.equal(strings.filter((s) => s.value.startsWith('out-') && s.resource === undefined).length, n);
  assert.equal(strings.filter((s) => s.value === 'AWS::CloudFront::Distribution' && s.resource?.id.startsWith('D')).length, n);
});

test('outputs: CloudFormation Outputs and Terraform output blocks (with sensitive), in .tf and .tf.json', async () => {
  const cfn = await modelOf({ 't.yaml': CFN_YAML });
  assert.deepEqual(cfn.model.outputs.map((o) => `${o.name} ${o.value?.kind} ${o.sensitive.state}`), ['Url string missing']);
  const tf = await modelOf({
    'outputs.tf': 'output "db_password" {\n  value     = var.token\n  sensitive = true\n}\n\noutput "url" {\n  value = "https://example.com"\n}\n',
    'more.tf.json': JSON.stringify({ output: { arn: { value: '${aws_s3_bucket.b.arn}', sensitive: false } } }),
  });
  assert.deepEqual(
    tf.model.outputs.map((o) => `${o.name} ${o.value?.kind} ${o.sensitive.state === 'literal' ? o.sensitive.value : o.sensitive.state}`),
    ['db_password unknown true', 'url string missing', 'arn unknown false'],
  );
});

test('nameValues: the default tags of a Terraform provider, and no other provider argument', async () => {
  const text = 'provider "aws" {\n  alias  = "west"\n  region = "us-west-2"\n  default_tags {\n    tags = {\n      Owner = "platform"\n    }\n  }\n}\n';
  const { model } = await modelOf({ 'main.tf': text });
  assert.deepEqual(
    nameValues(model).map((n) => `${n.resource.id} ${n.kind}(${n.key}) ${n.path} ${n.value.state === 'literal' ? text.slice(n.value.span.start, n.value.span.end) : n.value.state}`),
    ['aws.west tag(Owner) default_tags[0].tags.Owner "platform"'],
  );
});

test('stringValues textHint: skips a file whose text cannot hold a match, walks one whose escapes could spell one, same results as without', async () => {
  const hint = /amazonaws\./i;
  const want = (v: string) => hint.test(v);
  // No suffix in the text: nothing, with or without the hint.
  const plain = await modelOf({ 'a.json': '{ "Resources": { "Q": { "Type": "AWS::SQS::Queue", "Properties": { "QueueName": "orders" } } } }' });
  assert.deepEqual(stringValues(plain.model, { filter: want, textHint: hint }), []);
  // The suffix written with a \u escape: the raw text has no match, yet the value does; the file is walked.
  const escaped = await modelOf({ 'b.json': '{ "Resources": { "T": { "Type": "AWS::SNS::Topic" } }, "Outputs": { "U": { "Value": "https://sqs.us-east-1.amazonaws\\u002ecom/q" } } }' });
  const hinted = stringValues(escaped.model, { filter: want, textHint: hint });
  assert.deepEqual(hinted.map((s) => s.value), ['https://sqs.us-east-1.amazonaws.com/q']);
  // A YAML double-quoted string joined across a backslash-newline: walked too.
  const joined = await modelOf({ 'c.yaml': 'Resources:\n  T:\n    Type: AWS::SNS::Topic\nOutputs:\n  U:\n    Value: "https://sqs.us-east-1.amazon\\\n      aws.com/q"\n' });
  assert.deepEqual(stringValues(joined.model, { filter: want, textHint: hint }).map((s) => s.value), ['https://sqs.us-east-1.amazonaws.com/q']);
  // Verbatim: found through the hint, equal to the unhinted query (shared walk, same order and owners).
  const yaml = await modelOf({ 'd.yaml': 'Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      Endpoint: "https://sqs.eu-west-1.AMAZONAWS.com/1/q"\n      Other: https://s3.amazonaws.com/b\n' });
  const a = stringValues(yaml.model, { filter: want, textHint: hint });
  const b = stringValues(yaml.model, { filter: want });
  assert.deepEqual(a, b);
  assert.deepEqual(a.map((s) => `${s.resource?.id} ${s.key} ${s.value}`), ['T Endpoint https://sqs.eu-west-1.AMAZONAWS.com/1/q', 'T Other https://s3.amazonaws.com/b']);
  // Several hints: every one must match the text.
  assert.deepEqual(stringValues(yaml.model, { filter: want, textHint: [hint, /:\/\//] }), b);
  assert.deepEqual(stringValues(yaml.model, { filter: want, textHint: [hint, /ftp:/] }), []);
  assert.deepEqual(stringValues(escaped.model, { filter: want, textHint: [hint, /ftp:/] }).map((s) => s.value), ['https://sqs.us-east-1.amazonaws.com/q']);
});

test('CloudFormation keys that differ only in case are read and marked; a misplaced object is read by misplacedSettingValues', async () => {
  const { model, texts } = await modelOf({
    't.yaml': [
      'Resources:',
      '  Task:',
      '    Type: AWS::ECS::TaskDefinition',
      '    Properties:',
      '      volumes:',
      '        - Name: efs',
      '          efsVolumeConfiguration:',
      '            FileSystemId: fs-1',
      '            TransitEncryption: DISABLED',
      '  Exact:',
      '    Type: AWS::ECS::TaskDefinition',
      '    Properties:',
      '      Volumes:',
      '        - Name: efs',
      '          EFSVolumeConfiguration:',
      '            TransitEncryption: ENABLED',
      '  Cdn:',
      '    Type: AWS::CloudFront::Distribution',
      '    Properties:',
      '      DistributionConfig:',
      '        Enabled: true',
      '      ViewerCertificate:',
      '        MinimumProtocolVersion: TLSv1',
      '  Right:',
      '    Type: AWS::CloudFront::Distribution',
      '    Properties:',
      '      DistributionConfig:',
      '        ViewerCertificate:',
      '          MinimumProtocolVersion: TLSv1.2_2021',
      '      ViewerCertificate:',
      '        MinimumProtocolVersion: TLSv1',
      '',
    ].join('\n'),
  });
  const efs = settingValues(model, 'ecs-task-definition.efsVolumeTransitEncryption');
  assert.deepEqual(show(efs, texts), ['Task volumes[0].efsVolumeConfiguration.TransitEncryption = DISABLED @ DISABLED', 'Exact Volumes[0].EFSVolumeConfiguration.TransitEncryption = ENABLED @ ENABLED']);
  assert.deepEqual(efs[0].miscased, [
    { written: 'volumes', expected: 'Volumes' },
    { written: 'efsVolumeConfiguration', expected: 'EFSVolumeConfiguration' },
  ]);
  assert.equal(efs[1].miscased, undefined);
  // Terraform keys are never matched by case.
  const tf = await modelOf({ 'main.tf': 'resource "aws_lb_listener" "l" {\n  Protocol = "HTTP"\n}\n' });
  assert.deepEqual(show(settingValues(tf.model, 'lb-listener.protocol'), tf.texts), ['aws_lb_listener.l protocol = missing']);

  // The misplaced ViewerCertificate of Cdn is read; Right has one in its place, so its extra one is not.
  const mis = misplacedSettingValues(model, 'cloudfront.viewerCertificate.minimumProtocolVersion');
  assert.deepEqual(show(mis, texts), ['Cdn ViewerCertificate.MinimumProtocolVersion = TLSv1 @ TLSv1']);
  assert.deepEqual(mis[0].misplaced, { missing: 'DistributionConfig' });
  // A setting whose path has fewer than three segments has no misplaced reading.
  assert.deepEqual(misplacedSettingValues(model, 'lb-listener.sslPolicy'), []);
});

test('leaf walks: a filter that throws leaves the next walk whole; a walk inside a walk sees the same strings; templates come after strings', async () => {
  const { model } = await modelOf({ 't.yaml': CFN_YAML });
  const all = stringValues(model).map((s) => `${s.resource?.id} ${s.key} ${s.value}`);
  assert.ok(all.length > 5);
  // A filter that throws half-way: the walk is left early.
  let n = 0;
  assert.throws(() => stringValues(model, { filter: () => (++n === 3 ? (() => { throw new Error('stop'); })() : true) }), /stop/);
  assert.deepEqual(stringValues(model).map((s) => `${s.resource?.id} ${s.key} ${s.value}`), all);
  // Walks inside a walk (a filter that asks for every string again).
  const inner: string[][] = [];
  const outer = stringValues(model, { filter: () => (inner.push(stringValues(model).map((s) => `${s.resource?.id} ${s.key} ${s.value}`)), true) });
  assert.deepEqual(outer.map((s) => `${s.resource?.id} ${s.key} ${s.value}`), all);
  assert.equal(inner.length, all.length);
  for (const i of inner) assert.deepEqual(i, all);
  // Terraform templates (with `templates`) follow the file's strings, in document order; keys and parents kept.
  const tf = await modelOf({
    'main.tf': [
      'resource "aws_ssm_parameter" "p" {',
      '  name  = "/app/${var.env}/url"',
      '  value = "https://sqs.us-east-1.amazonaws.com/${var.q}"',
      '  type  = "String"',
      '  tags  = { Team = "data" }',
      '}',
      '',
    ].join('\n'),
  });
  const shown = stringValues(tf.model, { templates: true }).map((s) => `${s.template ? 'template ' : ''}${s.key}=${s.value}${s.parent ? '' : ' (no parent)'}`);
  assert.deepEqual(shown, ['type=String', 'Team=data', 'template name="/app/${var.env}/url"', 'template value="https://sqs.us-east-1.amazonaws.com/${var.q}"']);
  assert.deepEqual(stringValues(tf.model).map((s) => s.value), ['String', 'data']);
});

test('secretValues and nameValues read leaves found by the shared walk (nested names, Name/Value pairs)', async () => {
  const text = [
    'Resources:',
    '  Fn:',
    '    Type: AWS::Lambda::Function',
    '    Properties:',
    '      Environment:',
    '        Variables:',
    '          DB_PASSWORD: hunter2hunter2',
    '      Layers: []',
    '      DeadLetterConfig:',
    '        TargetName: orders-dlq',
    '  Task:',
    '    Type: AWS::ECS::TaskDefinition',
    '    Properties:',
    '      ContainerDefinitions:',
    '        - Name: app',
    '          Environment:',
    '            - Name: API_TOKEN',
    '              Value: tok-1234567890',
    '',
  ].join('\n');
  const { model } = await modelOf({ 't.yaml': text });
  assert.deepEqual(
    secretValues(model).map((s) => `${s.resource?.id} ${s.name} ${s.value}`),
    ['Fn DB_PASSWORD hunter2hunter2', 'Task API_TOKEN tok-1234567890'],
  );
  assert.ok(nameValues(model).some((n) => n.resource.id === 'Fn' && n.path === 'TargetName' && n.value.state === 'literal' && n.value.value === 'orders-dlq'));
});

test('nameValues of a JSON template: nested …Name keys are found with or without the leaf walk (comments, escapes)', async () => {
  // The walk for keys named `…Name` that the generated table does not list is skipped when the text
  // shows no such key beyond the table's (nameKeysAllListed): each case gives what the walk gives.
  const bucket = (name: string) => `"B${name}": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "b-${name}"}}`;
  const cases: [string, string, string[]][] = [
    ['only table names', `{"Resources": {${bucket('1')}, ${bucket('2')}}}`, ['B1 BucketName b-1', 'B2 BucketName b-2']],
    ['a nested name', `{"Resources": {${bucket('1')}, "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"DeadLetterConfig": {"TargetName": "dlq"}}}}}`, ['B1 BucketName b-1', 'Fn TargetName dlq']],
    ['a comment before the colon', `{"Resources": {${bucket('1')}, "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"DeadLetterConfig": {"TargetName" /* x */ : "dlq"}}}}}`, ['B1 BucketName b-1', 'Fn TargetName dlq']],
    ['an escaped key', `{"Resources": {${bucket('1')}, "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"DeadLetterConfig": {"Target\\u004eame": "dlq"}}}}}`, ['B1 BucketName b-1', 'Fn TargetName dlq']],
    ['a name key outside resources', `{"Resources": {${bucket('1')}}, "Outputs": {"O": {"Value": "v", "Export": {"ExportName": "x"}}}}`, ['B1 BucketName b-1']],
  ];
  for (const [what, text, expected] of cases) {
    const { model } = await modelOf({ 't.template.json': text });
    const names = nameValues(model).filter((n) => n.kind === 'name');
    assert.deepEqual(names.map((n) => `${n.resource.id} ${n.path} ${n.value.state === 'literal' ? n.value.value : n.value.state}`), expected, what);
    const walked = await modelOf({ 't.template.json': text });
    for (const t of walked.model.trees) t.dialect = 'yaml'; // no skipping: the walk runs
    assert.deepEqual(nameValues(walked.model).map((n) => `${n.resource.id} ${n.kind} ${n.path}`), nameValues(model).map((n) => `${n.resource.id} ${n.kind} ${n.path}`), what);
    // The walk is skipped only where the table's names are every `…Name` key of the text.
    if (what === 'only table names') assert.equal(nameKeysAllListed(model.trees[0], nameValues(model)), true, what);
    if (what === 'a name key outside resources' || what === 'an escaped key') assert.equal(nameKeysAllListed(model.trees[0], nameValues(model)), false, what);
  }
});

test('hasSecretWord is SECRET_WORDS.test: texts built from the words, their parts and separators', () => {
  let seed = 3;
  const next = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) % n);
  const parts = ['pass', 'PASS', 'word', 'wd', 'phrase', 'secret', 'Token', 'private', '_', 'key', 'KEY', 'api', 'access', 'x', ' ', 'Pa', 'ss', 'Ke', 'y'];
  let found = 0;
  for (let t = 0; t < 20000; t++) {
    let text = '';
    for (let i = next(14); i > 0; i--) text += parts[next(parts.length)];
    const expected = SECRET_WORDS.test(text);
    if (expected) found++;
    assert.equal(hasSecretWord(text), expected, JSON.stringify(text));
  }
  assert.ok(found > 5000 && found < 15000, `${found} texts with a word`);
  // Its global copy of the words is the same expression.
  assert.ok(readFileSync(join(__dirname, '../../src/engine/model/settings.ts'), 'utf8').includes(`const SECRET_WORDS_FROM = /${SECRET_WORDS.source}/gi;`));
});

test('equalsLowerCased is key.toLowerCase() === lower, for ASCII and beyond', () => {
  const keys = ['Volumes', 'volumes', 'VOLUMES', 'Volume', 'Volumess', '', 'v', '\u212Aey', 'key', 'KEY', '\u0130d', 'i\u0307d', 'id', 'Straße', 'STRASSE', 'ÄB', 'äb', 'a\u212A', 'ak', 'volumes\u0130'];
  const lowers = ['volumes', 'key', 'i\u0307d', 'id', 'straße', 'äb', 'ak', '', 'v', 'volumesi\u0307'];
  for (const k of keys) for (const l of lowers) assert.equal(equalsLowerCased(k, l), k.toLowerCase() === l, `${JSON.stringify(k)} vs ${JSON.stringify(l)}`);
});

test('slots of written values and names: made on first read, the same object after, the entry they stand for; misplaced copies keep theirs', async () => {
  const { model } = await modelOf({ 't.yaml': CFN_YAML });
  const [name] = settingValues(model, 's3-bucket.name');
  assert.equal(name.value.state, 'literal');
  const slot = name.slot!;
  assert.equal(name.slot, slot);
  assert.deepEqual(slot.path, ['BucketName']);
  assert.equal(slot.node, name.node);
  assert.equal(slot.parent, model.resources.find((r) => r.id === 'Bucket')!.properties);
  assert.equal(slot.file, 't.yaml');
  assert.equal(slot.dialect, 'yaml');
  const n = nameValues(model).find((v) => v.path === 'BucketName')!;
  assert.equal(n.slot, n.slot);
  assert.deepEqual(n.slot?.path, ['BucketName']);
  assert.equal(n.slot?.node, name.node);
  assert.equal(n.slot?.parent, slot.parent);
  const misplaced = await modelOf({ 'm.yaml': 'Resources:\n  Cdn:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      ViewerCertificate:\n        MinimumProtocolVersion: TLSv1\n' });
  const [m] = misplacedSettingValues(misplaced.model, 'cloudfront.viewerCertificate.minimumProtocolVersion');
  assert.deepEqual(m.slot?.path, ['MinimumProtocolVersion']);
  assert.equal(m.slot?.node, m.node);
  assert.deepEqual(m.misplaced, { missing: 'DistributionConfig' });
});
