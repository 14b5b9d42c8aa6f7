import { dp202 } from '../engine/rules/dp202-cloudfront-viewer-protocol-allows-http';
import { code } from '../engine/rules/rule';
import { testRule } from '../engine/rules/tester';
import { corpus } from './fixtures';

const DEFAULT_MSG = 'The default cache behaviour of this CloudFront distribution lets viewers use plain HTTP: the viewer protocol policy is allow-all; use redirect-to-https or https-only.';
const BEHAVIOUR_MSG = 'This CloudFront cache behaviour lets viewers use plain HTTP: the viewer protocol policy is allow-all; use redirect-to-https or https-only.';
const TITLE = 'Set the viewer protocol policy to redirect-to-https';

/** A CloudFormation YAML distribution with the given default policy and cache behaviours. */
const cfnYaml = (viewer: string, behaviours = '', extra = '') => code`
  AWSTemplateFormatVersion: '2010-09-09'
  ${extra}Resources:
    Site:
      Type: AWS::CloudFront::Distribution
      Properties:
        DistributionConfig:
          Enabled: true
          DefaultCacheBehavior:
            TargetOriginId: web
            ViewerProtocolPolicy: ${viewer}
${behaviours}`;

const behavioursYaml = (...policies: string[]) =>
  `          CacheBehaviors:\n${policies.map((p, i) => `            - PathPattern: /p${i}/*\n              TargetOriginId: web\n              ViewerProtocolPolicy: ${p}\n`).join('')}`;

const cfnJson = (viewer: string, behaviours: string[] = []) =>
  JSON.stringify(
    {
      Resources: {
        Site: {
          Type: 'AWS::CloudFront::Distribution',
          Properties: {
            DistributionConfig: {
              Enabled: true,
              DefaultCacheBehavior: { TargetOriginId: 'web', ViewerProtocolPolicy: viewer },
              ...(behaviours.length ? { CacheBehaviors: behaviours.map((p, i) => ({ PathPattern: `/p${i}/*`, TargetOriginId: 'web', ViewerProtocolPolicy: p })) } : {}),
            },
          },
        },
      },
    },
    null,
    2,
  ) + '\n';

const tf = (viewer: string, ordered = '', head = '') => code`
  ${head}resource "aws_cloudfront_distribution" "site" {
    enabled = true

    default_cache_behavior {
      target_origin_id       = "web"
      viewer_protocol_policy = ${viewer}
    }
  ${ordered}}
`;

const orderedTf = (...policies: string[]) =>
  policies.map((p, i) => `\n  ordered_cache_behavior {\n    path_pattern           = "/p${i}/*"\n    target_origin_id       = "web"\n    viewer_protocol_policy = ${p}\n  }\n`).join('');

const tfJson = (viewer: string, ordered: string[] = [], extra: Record<string, unknown> = {}) =>
  JSON.stringify(
    {
      ...extra,
      resource: {
        aws_cloudfront_distribution: {
          site: {
            enabled: true,
            default_cache_behavior: { target_origin_id: 'web', viewer_protocol_policy: viewer },
            ...(ordered.length ? { ordered_cache_behavior: ordered.map((p, i) => ({ path_pattern: `/p${i}/*`, target_origin_id: 'web', viewer_protocol_policy: p })) } : {}),
          },
        },
      },
    },
    null,
    2,
  ) + '\n';

testRule(dp202, {
  valid: [
    { name: 'CFN YAML: redirect-to-https everywhere', format: 'cloudformation', code: cfnYaml('redirect-to-https', behavioursYaml('https-only', 'redirect-to-https')) },
    { name: 'CFN YAML: policy from a parameter (unknown at analysis time)', format: 'cloudformation', code: cfnYaml('!Ref Viewer', '', 'Parameters:\n    Viewer:\n      Type: String\n  ') },
    {
      name: 'CFN YAML: a parameter default of allow-all may be overridden: not reported',
      format: 'cloudformation',
      code: cfnYaml('!Ref Viewer', '', 'Parameters:\n    Viewer:\n      Type: String\n      Default: allow-all\n  '),
    },
    { name: 'CFN YAML: Fn::If is unknown', format: 'cloudformation', code: cfnYaml('!If [IsProd, https-only, allow-all]', '', 'Conditions:\n    IsProd: !Equals [a, b]\n  ') },
    { name: 'CFN YAML: missing policy (required by the schema) is not this rule', format: 'cloudformation', code: cfnYaml('redirect-to-https').replace('          ViewerProtocolPolicy: redirect-to-https\n', '') },
    { name: 'CFN JSON: https-only', file: 'site.template.json', format: 'cloudformation', code: cfnJson('https-only', ['redirect-to-https']) },
    { name: 'CFN JSON: Ref', file: 'site.template.json', format: 'cloudformation', code: cfnJson({ Ref: 'Viewer' } as unknown as string) },
    { name: 'TF: redirect-to-https and https-only', format: 'terraform', code: tf('"redirect-to-https"', orderedTf('"https-only"')) },
    { name: 'TF: variable without default', format: 'terraform', code: tf('var.viewer', '', 'variable "viewer" {}\n\n') },
    { name: 'TF: variable default allow-all may be overridden', format: 'terraform', code: tf('var.viewer', '', 'variable "viewer" {\n  default = "allow-all"\n}\n\n') },
    {
      name: 'TF: dynamic ordered_cache_behavior is unknown',
      format: 'terraform',
      code: tf('"https-only"', '\n  dynamic "ordered_cache_behavior" {\n    for_each = var.paths\n    content {\n      viewer_protocol_policy = "allow-all"\n    }\n  }\n'),
    },
    { name: 'TF: conditional expression is unknown', format: 'terraform', code: tf('var.prod ? "https-only" : "allow-all"') },
    { name: 'TF: other resource types are not distributions', format: 'terraform', code: 'resource "aws_lb_listener" "l" {\n  protocol = "HTTP"\n}\n' },
    { name: 'TF JSON: https-only', format: 'terraform-json', code: tfJson('https-only', ['redirect-to-https']) },
    { name: 'TF JSON: interpolation is unknown', format: 'terraform-json', code: tfJson('${var.viewer}') },
    { name: 'data source of the same type is not a configuration', format: 'terraform', code: 'data "aws_cloudfront_distribution" "d" {\n  id = "E123"\n}\n' },
  ],
  invalid: [
    {
      name: 'CFN YAML: default cache behaviour',
      format: 'cloudformation',
      code: cfnYaml('allow-all'),
      errors: [{ at: 'allow-all', message: DEFAULT_MSG, fixes: [{ output: cfnYaml('redirect-to-https'), title: TITLE }] }],
    },
    {
      name: 'CFN YAML: quoted value keeps its quotes',
      format: 'cloudformation',
      code: cfnYaml("'allow-all'"),
      errors: [{ at: "'allow-all'", message: DEFAULT_MSG, fixes: [cfnYaml("'redirect-to-https'")] }],
    },
    {
      name: 'CFN YAML: each ordered cache behaviour',
      format: 'cloudformation',
      code: cfnYaml('https-only', behavioursYaml('allow-all', 'https-only', 'allow-all')),
      errors: [
        { at: 'allow-all', message: BEHAVIOUR_MSG, fixes: [cfnYaml('https-only', behavioursYaml('redirect-to-https', 'https-only', 'allow-all'))] },
        { at: 'allow-all', message: BEHAVIOUR_MSG, fixes: [cfnYaml('https-only', behavioursYaml('allow-all', 'https-only', 'redirect-to-https'))] },
      ],
    },
    {
      name: 'CFN YAML: a mapping is fixed in the template: reported where it is used, without a fix',
      format: 'cloudformation',
      code: cfnYaml('!FindInMap [Viewer, prod, Policy]', '', 'Mappings:\n    Viewer:\n      prod:\n        Policy: allow-all\n  '),
      errors: [{ at: '[Viewer, prod, Policy]', message: DEFAULT_MSG.replace('allow-all;', 'allow-all (from Viewer.prod.Policy);') }],
    },
    {
      name: 'CFN JSON: default and one behaviour',
      file: 'site.template.json',
      format: 'cloudformation',
      code: cfnJson('allow-all', ['https-only', 'allow-all']),
      errors: [
        { at: '"allow-all"', message: DEFAULT_MSG, fixes: [cfnJson('redirect-to-https', ['https-only', 'allow-all'])] },
        { at: '"allow-all"', message: BEHAVIOUR_MSG, fixes: [cfnJson('allow-all', ['https-only', 'redirect-to-https'])] },
      ],
    },
    {
      name: 'TF: default cache behaviour',
      format: 'terraform',
      code: tf('"allow-all"'),
      errors: [{ at: '"allow-all"', message: DEFAULT_MSG, fixes: [{ output: tf('"redirect-to-https"'), title: TITLE }] }],
    },
    {
      name: 'TF: each ordered cache behaviour',
      format: 'terraform',
      code: tf('"https-only"', orderedTf('"allow-all"', '"allow-all"')),
      errors: [
        { at: '"allow-all"', message: BEHAVIOUR_MSG, fixes: [tf('"https-only"', orderedTf('"redirect-to-https"', '"allow-all"'))] },
        { at: '"allow-all"', message: BEHAVIOUR_MSG, fixes: [tf('"https-only"', orderedTf('"allow-all"', '"redirect-to-https"'))] },
      ],
    },
    {
      name: 'TF: a local is fixed in the module: reported where it is used, without a fix',
      format: 'terraform',
      code: tf('local.viewer', '', 'locals {\n  viewer = "allow-all"\n}\n\n'),
      errors: [{ at: 'local.viewer', message: DEFAULT_MSG.replace('allow-all;', 'allow-all (from local.viewer);') }],
    },
    {
      name: 'TF: a local in another file of the module',
      format: 'terraform',
      code: tf('local.viewer'),
      module: { 'locals.tf': 'locals {\n  viewer = "allow-all"\n}\n' },
      errors: [{ at: 'local.viewer', message: DEFAULT_MSG.replace('allow-all;', 'allow-all (from local.viewer);') }],
    },
    {
      name: 'TF JSON: default (object) and ordered (list) blocks',
      format: 'terraform-json',
      code: tfJson('allow-all', ['allow-all']),
      errors: [
        { at: '"allow-all"', message: DEFAULT_MSG, fixes: [tfJson('redirect-to-https', ['allow-all'])] },
        { at: '"allow-all"', message: BEHAVIOUR_MSG, fixes: [tfJson('allow-all', ['redirect-to-https'])] },
      ],
    },
  ],
  corpus: corpus(),
});
