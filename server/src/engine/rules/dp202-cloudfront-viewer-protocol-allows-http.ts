import type { FixSpec } from '../fixes/ops';
import { settingValues, type SettingValue } from '../model/settings';
import { code, defineRule } from './rule';

const ALLOW_ALL = 'allow-all';
const FIXED = 'redirect-to-https';

/** The fix in neutral terms: set the setting where it is written. */
function fixSpecs(s: SettingValue): FixSpec[] {
  if (!s.slot || s.value.state !== 'literal' || s.value.resolved) return [];
  return [{ title: `Set the viewer protocol policy to ${FIXED}`, applicability: 'safe', ops: [{ op: 'setValue', slot: s.slot, value: FIXED }] }];
}

export const dp202 = defineRule({
  meta: {
    id: 'DP202',
    name: 'cloudfront-viewer-protocol-allows-http',
    category: 'secure-transport',
    defaultSeverity: 'error',
    summary: 'A CloudFront cache behaviour lets viewers use plain HTTP (viewer protocol policy `allow-all`).',
    description: [
      'Every cache behaviour of a CloudFront distribution (the default one and each ordered one) has a viewer protocol',
      'policy. With `allow-all`, CloudFront answers requests sent over plain HTTP, so anything viewers send or receive on',
      'that path (cookies, tokens, personal data) can be read or changed on the network. AWS asks that data in transit be',
      'protected with TLS; CloudFront offers `redirect-to-https` (HTTP requests get a 301 to the HTTPS URL) and `https-only`',
      '(HTTP requests get a 403).',
      '',
      'The fix sets the policy to `redirect-to-https`, which keeps old `http://` links working. Changing the policy does not',
      'interrupt the distribution. Objects already cached are served whatever protocol fetched them; see',
      '[Requiring HTTPS between viewers and CloudFront](https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-viewers-to-cloudfront.html).',
      '',
      'The policy is required in CloudFormation and Terraform, so a missing value is left to the schema checks. Values',
      'only known at deploy time (a `Ref`, `Fn::If`, a Terraform variable, a `dynamic` block) are never reported, and',
      'neither is the default of a parameter or variable, which a deployment may override. A Terraform local or a',
      'CloudFormation mapping that holds `allow-all` is reported where it is used (without a fix: the value is shared).',
    ].join('\n'),
    fix: 'safe',
    formats: ['cloudformation', 'terraform', 'terraform-json'],
    examples: [
      {
        title: 'AWS::CloudFront::Distribution in a CloudFormation template',
        format: 'cloudformation',
        fileName: 'template.yaml',
        bad: code`
          Resources:
            Site:
              Type: AWS::CloudFront::Distribution
              Properties:
                DistributionConfig:
                  Enabled: true
                  Origins:
                    - Id: web
                      DomainName: www.example.com
                      CustomOriginConfig:
                        OriginProtocolPolicy: https-only
                  DefaultCacheBehavior:
                    TargetOriginId: web
                    ViewerProtocolPolicy: allow-all
                    CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
        `,
        good: code`
          Resources:
            Site:
              Type: AWS::CloudFront::Distribution
              Properties:
                DistributionConfig:
                  Enabled: true
                  Origins:
                    - Id: web
                      DomainName: www.example.com
                      CustomOriginConfig:
                        OriginProtocolPolicy: https-only
                  DefaultCacheBehavior:
                    TargetOriginId: web
                    ViewerProtocolPolicy: redirect-to-https
                    CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
        `,
      },
      {
        title: 'aws_cloudfront_distribution in Terraform',
        format: 'terraform',
        fileName: 'main.tf',
        bad: code`
          resource "aws_cloudfront_distribution" "site" {
            enabled = true

            default_cache_behavior {
              target_origin_id       = "web"
              viewer_protocol_policy = "redirect-to-https"
            }

            ordered_cache_behavior {
              path_pattern           = "/downloads/*"
              target_origin_id       = "web"
              viewer_protocol_policy = "allow-all"
            }
          }
        `,
        good: code`
          resource "aws_cloudfront_distribution" "site" {
            enabled = true

            default_cache_behavior {
              target_origin_id       = "web"
              viewer_protocol_policy = "redirect-to-https"
            }

            ordered_cache_behavior {
              path_pattern           = "/downloads/*"
              target_origin_id       = "web"
              viewer_protocol_policy = "redirect-to-https"
            }
          }
        `,
      },
      {
        title: 'aws_cloudfront_distribution in Terraform JSON',
        format: 'terraform-json',
        fileName: 'main.tf.json',
        bad: code`
          {
            "resource": {
              "aws_cloudfront_distribution": {
                "site": {
                  "enabled": true,
                  "default_cache_behavior": {
                    "target_origin_id": "web",
                    "viewer_protocol_policy": "allow-all"
                  }
                }
              }
            }
          }
        `,
        good: code`
          {
            "resource": {
              "aws_cloudfront_distribution": {
                "site": {
                  "enabled": true,
                  "default_cache_behavior": {
                    "target_origin_id": "web",
                    "viewer_protocol_policy": "redirect-to-https"
                  }
                }
              }
            }
          }
        `,
      },
    ],
  },
  check(ctx) {
    const report = (s: SettingValue, where: string) => {
      const v = s.value;
      if (v.state !== 'literal' || v.value !== ALLOW_ALL) return;
      // A default may be overridden at deploy time: like any deploy-time value, not a finding.
      if (v.resolved?.from === 'default') return;
      const via = v.resolved ? ` (from ${v.resolved.name})` : '';
      ctx.report({
        file: s.resource.file,
        span: v.span,
        message: `${where} lets viewers use plain HTTP: the viewer protocol policy is allow-all${via}; use ${FIXED} or https-only.`,
        fixes: () => fixSpecs(s),
      });
    };
    for (const s of settingValues(ctx.model, 'cloudfront.defaultCacheBehavior.viewerProtocolPolicy')) report(s, 'The default cache behaviour of this CloudFront distribution');
    for (const s of settingValues(ctx.model, 'cloudfront.cacheBehaviors.viewerProtocolPolicy')) report(s, 'This CloudFront cache behaviour');
  },
});
