import type { FixSpec } from '../fixes/ops';
import type { Resource } from '../model/model';
import { misplacedSettingValues, settingValues, type SettingValue } from '../model/settings';
import type { Span } from '../types';
import { below, minimumVersion, serviceFacts, versionName, type TlsService, type TlsVersion } from './lib/tls';
import { placementNote } from './lib/placement';
import { code, defineRule, type RuleContext } from './rule';

const FLOOR: TlsVersion = '1.2';

/** The fix in neutral terms: write `value` where the setting is (or would be) written. */
function setTo(s: SettingValue, value: string, what: string, breaks = 'TLS 1.0/1.1'): FixSpec[] {
  if (!s.slot) return [];
  if (s.value.state === 'literal' && s.value.resolved) return [];
  return [{ title: `${what} (clients limited to ${breaks} can no longer connect)`, applicability: 'safe', ops: [{ op: 'setValue', slot: s.slot, value }] }];
}

/** The policy a fix writes: the TLS 1.3-only one when the project requires TLS 1.3 and the service has one. */
function target(ctx: RuleContext, service: TlsService): string {
  const f = serviceFacts(service);
  return ctx.project?.minimumTls === '1.3' && f.recommended13 ? f.recommended13 : f.recommended;
}

/** A literal written in the file (or a local/mapping it names); deploy-time values and overridable defaults are not judged. */
function literal(s: SettingValue | undefined): string | undefined {
  const v = s?.value;
  if (!v || v.state !== 'literal' || v.resolved?.from === 'default') return undefined;
  return v.value;
}

const via = (s: SettingValue) => (s.value.state === 'literal' && s.value.resolved ? ` (from ${s.value.resolved.name})` : '');

function byResource(ctx: RuleContext, name: SettingValue['setting']): Map<Resource, SettingValue> {
  return new Map(settingValues(ctx.model, name).map((s) => [s.resource, s]));
}

/** A named policy of `service` below TLS 1.2: report at the value, fix to the service's recommended policy. */
function checkNamed(ctx: RuleContext, s: SettingValue, service: TlsService, what: string, fixable = true): void {
  const name = literal(s);
  if (name === undefined || s.value.state !== 'literal') return;
  const min = minimumVersion(service, name);
  if (!min) return;
  const rec13 = serviceFacts(service).recommended13;
  if (!below(min, FLOOR)) {
    // A project that requires TLS 1.3 (minimumTls in .awsdp.yaml), where the service offers a TLS 1.3-only policy.
    if (ctx.project?.minimumTls !== '1.3' || !rec13 || !below(min, '1.3')) return;
    ctx.report({
      file: s.resource.file,
      span: s.value.span,
      message: `${what} ${name}${via(s)} accepts ${versionName(min)}, and this project requires TLS 1.3 (minimumTls in .awsdp.yaml); use ${rec13}${placementNote(s)}.`,
      fixes: () => (s.misplaced || !fixable ? [] : setTo(s, rec13, `Use the security policy ${rec13}`, 'TLS 1.2')),
    });
    return;
  }
  const rec = target(ctx, service);
  ctx.report({
    file: s.resource.file,
    span: s.value.span,
    message: `${what} ${name}${via(s)} accepts ${versionName(min)}, below the TLS 1.2 AWS requires; use ${rec} or another policy with a TLS 1.2 minimum${placementNote(s)}.`,
    // A value in the wrong place is not fixed there: moving it is the user's call.
    fixes: () => (s.misplaced || !fixable ? [] : setTo(s, rec, `Use the security policy ${rec}`)),
  });
}

function checkListeners(ctx: RuleContext): void {
  const protocols = byResource(ctx, 'lb-listener.protocol');
  for (const s of settingValues(ctx.model, 'lb-listener.sslPolicy')) {
    const protocol = literal(protocols.get(s.resource))?.toUpperCase();
    // The policy applies to HTTPS and TLS listeners only; an HTTP/TCP/UDP listener ignores it.
    if (protocol !== undefined && protocol !== 'HTTPS' && protocol !== 'TLS') continue;
    if (s.value.state === 'missing') {
      const p = protocols.get(s.resource);
      if (protocol === undefined || !p || p.value.state !== 'literal') continue;
      const { default: dflt, recommended } = serviceFacts('elbv2');
      const min = minimumVersion('elbv2', dflt!)!;
      ctx.report({
        file: s.resource.file,
        span: p.value.span,
        message: `This ${protocol} listener has no SSL policy, so AWS applies ${dflt}, which accepts ${versionName(min)}, below the TLS 1.2 AWS requires; set ${recommended} or another policy with a TLS 1.2 minimum.`,
        fixes: () => setTo(s, recommended, `Set the SSL policy to ${recommended}`),
      });
      continue;
    }
    checkNamed(ctx, s, 'elbv2', 'This listener\'s SSL policy');
  }
}

function checkCloudFront(ctx: RuleContext): void {
  const certs = byResource(ctx, 'cloudfront.viewerCertificate.cloudFrontDefaultCertificate');
  const { default: dflt, recommended } = serviceFacts('cloudfront');
  // A ViewerCertificate written under Properties instead of DistributionConfig: its version is judged where it is written.
  const misplaced = new Set<Resource>();
  for (const s of misplacedSettingValues(ctx.model, 'cloudfront.viewerCertificate.minimumProtocolVersion')) {
    misplaced.add(s.resource);
    checkNamed(ctx, s, 'cloudfront', 'The minimum protocol version');
  }
  for (const s of settingValues(ctx.model, 'cloudfront.viewerCertificate.minimumProtocolVersion')) {
    const r = s.resource;
    const cert = certs.get(r);
    if (s.value.state === 'missing' && s.slot && s.slot.path.length > 1) {
      if (misplaced.has(r)) continue;
      // No viewer certificate at all: the distribution serves the default *.cloudfront.net certificate.
      // Point at the object that would hold it (`DistributionConfig`) when it is written, else at the resource.
      const holder = r.properties?.entries.find((e) => e.value === s.slot!.parent);
      ctx.report({
        file: r.file,
        span: holder ? holder.keySpan : r.idSpan,
        severity: 'info',
        message: `This CloudFront distribution has no viewer certificate, so it serves the default *.cloudfront.net certificate, with which CloudFront accepts TLS 1.0 (TLSv1) whatever the template says; to require TLS 1.2, serve a custom domain with an ACM certificate and ${recommended}.`,
      });
      continue;
    }
    if (literal(cert)?.toLowerCase() === 'true') {
      // A minimum protocol version written next to the default certificate is ignored: point at it, it misleads.
      const written = s.value.state !== 'missing' ? s.value.span : cert!.value.state === 'literal' ? cert!.value.span : r.idSpan;
      ctx.report({
        file: r.file,
        span: written,
        severity: 'info',
        message: `This CloudFront distribution uses the default *.cloudfront.net certificate, with which CloudFront accepts TLS 1.0 (TLSv1) whatever the minimum protocol version says; to require TLS 1.2, serve a custom domain with an ACM certificate and ${recommended}.`,
      });
      continue;
    }
    if (s.value.state === 'missing') {
      // Only Terraform documents a default for an omitted value with a custom certificate (TLSv1).
      if (r.format !== 'terraform' && r.format !== 'terraform-json') continue;
      const min = minimumVersion('cloudfront', dflt!)!;
      ctx.report({
        file: r.file,
        span: cert?.value.state === 'literal' ? cert.value.span : r.idSpan,
        message: `This CloudFront viewer certificate has no minimum protocol version, so it is ${dflt}, which accepts ${versionName(min)}, below the TLS 1.2 AWS requires; set ${recommended}.`,
        fixes: () => setTo(s, recommended, `Set the minimum protocol version to ${recommended}`),
      });
      continue;
    }
    checkNamed(ctx, s, 'cloudfront', 'The minimum protocol version');
  }
}

/** Classic Load Balancer SSL negotiation policies: `Protocol-*` switches and `Reference-Security-Policy`. */
const OLD_PROTOCOLS: Record<string, string> = { 'protocol-sslv2': 'SSL 2.0', 'protocol-sslv3': 'SSL 3.0', 'protocol-tlsv1': 'TLS 1.0', 'protocol-tlsv1.1': 'TLS 1.1' };

function checkClassicElb(ctx: RuleContext): void {
  const key = (s: SettingValue) => `${s.resource.file}\u0000${s.resource.id}\u0000${s.path.replace(/\.[^.]*$/, '')}`;
  const values = new Map(settingValues(ctx.model, 'elb-ssl-negotiation-policy.attributeValue').map((s) => [key(s), s]));
  for (const n of settingValues(ctx.model, 'elb-ssl-negotiation-policy.attributeName')) {
    const name = literal(n);
    const v = values.get(key(n));
    if (name === undefined || !v || n.value.state !== 'literal') continue;
    if (name === 'Reference-Security-Policy') {
      if (v.value.state === 'literal') checkNamed(ctx, v, 'elb-classic', 'This Classic Load Balancer policy references');
      continue;
    }
    const proto = OLD_PROTOCOLS[name.toLowerCase()];
    if (!proto) continue;
    // The attribute is a switch: `false` turns the protocol off; a deploy-time value is not judged.
    const value = v.value.state === 'literal' ? literal(v) : undefined;
    if (value === undefined || value.toLowerCase() === 'false') continue;
    ctx.report({
      file: n.resource.file,
      span: n.value.span,
      message: `This Classic Load Balancer SSL negotiation policy enables ${proto} (${name}), below the TLS 1.2 AWS requires; set it to false or reference ${serviceFacts('elb-classic').recommended}.`,
      fixes: () => (value.toLowerCase() === 'true' ? setTo(v, 'false', `Turn ${name} off`) : []),
    });
  }
}

export const dp301 = defineRule({
  meta: {
    id: 'DP301',
    name: 'tls-policy-below-1-2',
    category: 'tls-version',
    defaultSeverity: 'warning',
    summary: 'A load balancer, CloudFront distribution, API Gateway domain, OpenSearch domain or DocumentDB cluster accepts TLS versions below 1.2.',
    description: [
      'AWS: "Use SSL/TLS to communicate with AWS resources. We require TLS 1.2 and recommend TLS 1.3." Where a service',
      'terminates TLS for you, the security policy you pick decides the oldest protocol clients may use. TLS 1.0 and 1.1',
      'are deprecated (RFC 8996). This rule reads the policy name against one table of every known policy and the lowest',
      'version it accepts (`rules/data/tls-policies.json`, with its sources):',
      '',
      '- Application and Network Load Balancer HTTPS/TLS listeners (`SslPolicy`, `ssl_policy`). A listener without a',
      '  policy gets `ELBSecurityPolicy-2016-08`, which accepts TLS 1.0, and is reported too. Names such as',
      '  `ELBSecurityPolicy-TLS13-1-0-2021-06` allow TLS 1.3 but also TLS 1.0: the table, not the name, decides.',
      '- Classic Load Balancer SSL negotiation policies: `Protocol-SSLv2/SSLv3/TLSv1/TLSv1.1` switched on, or a',
      '  `Reference-Security-Policy` below 1.2.',
      '- CloudFront `MinimumProtocolVersion` (`minimum_protocol_version`; Terraform\'s default is `TLSv1`). With the',
      '  default `*.cloudfront.net` certificate CloudFront accepts TLSv1 whatever the template says: that is reported',
      '  as information, without a fix, since requiring TLS 1.2 needs a custom domain and certificate.',
      '- API Gateway custom domains (`SecurityPolicy`, `security_policy`, v1 and v2): `TLS_1_0`. An omitted policy is',
      '  not reported: custom domains now default to `TLS_1_2`.',
      '- OpenSearch / Elasticsearch domains (`TLSSecurityPolicy`, `tls_security_policy`): `Policy-Min-TLS-1-0-2019-07`.',
      '  AWS does not document the default of an omitted policy, so it is not reported.',
      '- DocumentDB cluster parameter groups whose `tls` parameter is `enabled` (TLS 1.0 to 1.3; `tls1.2+` and `tls1.3+`',
      '  raise the minimum). No fix: those values need DocumentDB 4.0 engine 2.0.10980+ or 5.0 engine 3.0.11051+, which',
      '  the template does not show. An omitted `tls` (also `enabled`) is not reported.',
      '',
      'With `minimumTls: "1.3"` in `.awsdp.yaml`, a policy whose minimum is TLS 1.2 is also reported where the service offers a',
      'TLS 1.3-only choice for every endpoint (load balancer SSL policies: `ELBSecurityPolicy-TLS13-1-3-PQ-2025-09`; CloudFront:',
      '`TLSv1.3_2025`), and fixes write that policy. API Gateway (TLS 1.3-only policies exist for regional and private endpoints',
      'only), OpenSearch and Classic Load Balancers have none and are left at TLS 1.2.',
      '',
      'The fix writes the current recommended policy for the service (`ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09`,',
      '`TLSv1.2_2021`, `TLS_1_2`, `Policy-Min-TLS-1-2-PFS-2023-10`); none of these changes interrupts the service, but',
      'clients that only speak TLS 1.0 or 1.1 can no longer connect. A policy name the table does not know, and values',
      'only known at deploy time (parameters, variables, conditions), are never reported.',
    ].join('\n'),
    fix: 'safe',
    formats: ['cloudformation', 'terraform', 'terraform-json'],
    examples: [
      {
        title: 'An HTTPS listener on the default policy (CloudFormation)',
        format: 'cloudformation',
        fileName: 'template.yaml',
        bad: code`
          Resources:
            Https:
              Type: AWS::ElasticLoadBalancingV2::Listener
              Properties:
                LoadBalancerArn: !Ref Alb
                Port: 443
                Protocol: HTTPS
                SslPolicy: ELBSecurityPolicy-2016-08
                Certificates:
                  - CertificateArn: !Ref Certificate
                DefaultActions:
                  - Type: forward
                    TargetGroupArn: !Ref Targets
        `,
        good: code`
          Resources:
            Https:
              Type: AWS::ElasticLoadBalancingV2::Listener
              Properties:
                LoadBalancerArn: !Ref Alb
                Port: 443
                Protocol: HTTPS
                SslPolicy: ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09
                Certificates:
                  - CertificateArn: !Ref Certificate
                DefaultActions:
                  - Type: forward
                    TargetGroupArn: !Ref Targets
        `,
      },
      {
        title: 'A CloudFront minimum protocol version below 1.2 (Terraform)',
        format: 'terraform',
        fileName: 'main.tf',
        bad: code`
          resource "aws_cloudfront_distribution" "site" {
            enabled = true

            viewer_certificate {
              acm_certificate_arn      = var.certificate_arn
              ssl_support_method       = "sni-only"
              minimum_protocol_version = "TLSv1.1_2016"
            }
          }
        `,
        good: code`
          resource "aws_cloudfront_distribution" "site" {
            enabled = true

            viewer_certificate {
              acm_certificate_arn      = var.certificate_arn
              ssl_support_method       = "sni-only"
              minimum_protocol_version = "TLSv1.2_2021"
            }
          }
        `,
      },
      {
        title: 'An OpenSearch domain accepting TLS 1.0 (Terraform JSON)',
        format: 'terraform-json',
        fileName: 'main.tf.json',
        bad: code`
          {
            "resource": {
              "aws_opensearch_domain": {
                "search": {
                  "domain_name": "search",
                  "domain_endpoint_options": {
                    "enforce_https": true,
                    "tls_security_policy": "Policy-Min-TLS-1-0-2019-07"
                  }
                }
              }
            }
          }
        `,
        good: code`
          {
            "resource": {
              "aws_opensearch_domain": {
                "search": {
                  "domain_name": "search",
                  "domain_endpoint_options": {
                    "enforce_https": true,
                    "tls_security_policy": "Policy-Min-TLS-1-2-PFS-2023-10"
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
    checkListeners(ctx);
    checkCloudFront(ctx);
    checkClassicElb(ctx);
    for (const s of settingValues(ctx.model, 'api-gateway-domain-name.securityPolicy')) checkNamed(ctx, s, 'apigateway', 'The security policy');
    for (const s of settingValues(ctx.model, 'api-gateway-v2-domain-name.securityPolicy')) checkNamed(ctx, s, 'apigateway', 'The security policy');
    for (const s of settingValues(ctx.model, 'opensearch-domain.tlsSecurityPolicy')) checkNamed(ctx, s, 'opensearch', 'The TLS security policy');
    // An omitted `tls` is `enabled` (TLS 1.0 and up) too, but that is every cluster left to the engine's default group: only a value written is judged.
    // No fix: tls1.2+ needs a recent engine patch (4.0 engine 2.0.10980+, 5.0 engine 3.0.11051+) that the template does not show.
    for (const s of settingValues(ctx.model, 'docdb-cluster-parameter-group.tls')) checkNamed(ctx, s, 'docdb', 'The DocumentDB tls parameter', false);
  },
});
