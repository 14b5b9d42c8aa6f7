import { dp301 } from '../engine/rules/dp301-tls-policy-below-1-2';
import { code } from '../engine/rules/rule';
import { testRule } from '../engine/rules/tester';
import { corpus } from './fixtures';

const ELB_REC = 'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09';
const CF_REC = 'TLSv1.2_2021';
const BREAK = ' (clients limited to TLS 1.0/1.1 can no longer connect)';
const named = (what: string, name: string, version: string, rec: string) =>
  `${what} ${name} accepts ${version}, below the TLS 1.2 AWS requires; use ${rec} or another policy with a TLS 1.2 minimum.`;
const NO_POLICY = (p: string) =>
  `This ${p} listener has no SSL policy, so AWS applies ELBSecurityPolicy-2016-08, which accepts TLS 1.0, below the TLS 1.2 AWS requires; set ${ELB_REC} or another policy with a TLS 1.2 minimum.`;
const DEFAULT_CERT =
  'This CloudFront distribution uses the default *.cloudfront.net certificate, with which CloudFront accepts TLS 1.0 (TLSv1) whatever the minimum protocol version says; to require TLS 1.2, serve a custom domain with an ACM certificate and TLSv1.2_2021.';
const NO_CERT =
  'This CloudFront distribution has no viewer certificate, so it serves the default *.cloudfront.net certificate, with which CloudFront accepts TLS 1.0 (TLSv1) whatever the template says; to require TLS 1.2, serve a custom domain with an ACM certificate and TLSv1.2_2021.';

/** A distribution whose ViewerCertificate is written beside DistributionConfig instead of inside it. */
const misplacedCert = (version: string) =>
  'Resources:\n  Cdn:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        Enabled: true\n      ViewerCertificate:\n        CloudFrontDefaultCertificate: false\n        MinimumProtocolVersion: ' +
  version +
  '\n';

const listenerYaml = (props: string) =>
  'Resources:\n  Listener:\n    Type: AWS::ElasticLoadBalancingV2::Listener\n    Properties:\n      LoadBalancerArn: arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/1\n      Port: 443\n' + props;

const listenerJson = (props: Record<string, unknown>) =>
  JSON.stringify({ Resources: { Listener: { Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { Port: 443, ...props } } } }, null, 2) + '\n';

const listenerTf = (body: string, head = '') => code`
  ${head}resource "aws_lb_listener" "https" {
    load_balancer_arn = aws_lb.web.arn
    port              = 443
  ${body}}
`;

const cfTf = (viewer: string) => code`
  resource "aws_cloudfront_distribution" "site" {
    enabled = true
  ${viewer}}
`;

const cfYaml = (viewer: string) => 'Resources:\n  Site:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        Enabled: true\n' + viewer;

const apigw = (v1: string, v2: string) =>
  'Resources:\n  V1:\n    Type: AWS::ApiGateway::DomainName\n    Properties:\n      DomainName: api.example.com\n      SecurityPolicy: ' + v1 +
  '\n  V2:\n    Type: AWS::ApiGatewayV2::DomainName\n    Properties:\n      DomainName: ws.example.com\n      DomainNameConfigurations:\n        - CertificateArn: arn:aws:acm:us-east-1:111122223333:certificate/x\n          SecurityPolicy: ' + v2 + '\n';

const osTfJson = (policy: string) =>
  JSON.stringify({ resource: { aws_opensearch_domain: { search: { domain_name: 'search', domain_endpoint_options: { enforce_https: true, tls_security_policy: policy } } } } }, null, 2) + '\n';

const clbYaml = (attrs: string) => code`
  Resources:
    Elb:
      Type: AWS::ElasticLoadBalancing::LoadBalancer
      Properties:
        Listeners:
          - LoadBalancerPort: '443'
            InstancePort: '80'
            Protocol: HTTPS
            PolicyNames: [Tls]
        Policies:
          - PolicyName: Tls
            PolicyType: SSLNegotiationPolicyType
            Attributes:
${attrs}`;

const clbTf = (attrs: string) => code`
  resource "aws_load_balancer_policy" "tls" {
    load_balancer_name = aws_elb.web.name
    policy_name        = "tls"
    policy_type_name   = "SSLNegotiationPolicyType"
  ${attrs}}
`;
const attrTf = (name: string, value: string) => `\n  policy_attribute {\n    name  = "${name}"\n    value = "${value}"\n  }\n`;


/** A DocumentDB cluster parameter group (CloudFormation YAML) with the given `tls` value. */
const docdbTls = (tls: string) => `Resources:\n  Docs:\n    Type: AWS::DocDB::DBClusterParameterGroup\n    Properties:\n      Family: docdb5.0\n      Description: docs\n      Parameters:\n        tls: ${tls}\n`;
const docdbTlsTf = (tls: string) => `resource "aws_docdb_cluster_parameter_group" "docs" {\n  family = "docdb5.0"\n\n  parameter {\n    name  = "tls"\n    value = "${tls}"\n  }\n}\n`;

testRule(dp301, {
  valid: [
    { name: 'CFN YAML: DocumentDB tls1.2+', format: 'cloudformation', code: docdbTls('tls1.2+') },
    { name: 'TF: DocumentDB tls1.3+', format: 'terraform', code: docdbTlsTf('tls1.3+') },
    { name: 'CFN YAML: DocumentDB tls disabled is plain text (DP203), not a TLS version', format: 'cloudformation', code: docdbTls('disabled') },
    {
      name: 'minimumTls "1.3": OpenSearch has no TLS 1.3-only policy, so its TLS 1.2 policy is not reported',
      format: 'terraform',
      config: 'minimumTls: "1.3"\n',
      code: 'resource "aws_opensearch_domain" "s" {\n  domain_name = "s"\n  domain_endpoint_options {\n    tls_security_policy = "Policy-Min-TLS-1-2-PFS-2023-10"\n  }\n}\n',
    },
    { name: 'CFN YAML: a misplaced ViewerCertificate with TLS 1.2 is not reported here (nor the default certificate)', format: 'cloudformation', code: misplacedCert('TLSv1.2_2021') },
    { name: 'CFN YAML: HTTPS listener on a TLS 1.2 policy', format: 'cloudformation', code: listenerYaml('      Protocol: HTTPS\n      SslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06\n') },
    { name: 'CFN YAML: HTTP listener has no TLS policy', format: 'cloudformation', code: listenerYaml('      Protocol: HTTP\n') },
    { name: 'CFN YAML: policy from a parameter', format: 'cloudformation', code: 'Parameters:\n  P:\n    Type: String\n' + listenerYaml('      Protocol: HTTPS\n      SslPolicy: !Ref P\n') },
    {
      name: 'CFN YAML: a parameter default below 1.2 may be overridden',
      format: 'cloudformation',
      code: 'Parameters:\n  P:\n    Type: String\n    Default: ELBSecurityPolicy-2016-08\n' + listenerYaml('      Protocol: HTTPS\n      SslPolicy: !Ref P\n'),
    },
    { name: 'CFN YAML: unknown policy name is not judged', format: 'cloudformation', code: listenerYaml('      Protocol: HTTPS\n      SslPolicy: ELBSecurityPolicy-Future-2030-01\n') },
    { name: 'CFN YAML: protocol unknown and no policy: not judged', format: 'cloudformation', code: 'Parameters:\n  P:\n    Type: String\n' + listenerYaml('      Protocol: !Ref P\n') },
    { name: 'CFN JSON: TLS listener on a 1.3 policy', file: 't.json', format: 'cloudformation', code: listenerJson({ Protocol: 'TLS', SslPolicy: 'ELBSecurityPolicy-TLS13-1-3-2021-06' }) },
    { name: 'TF: HTTPS listener with a FIPS 1.2 policy', format: 'terraform', code: listenerTf('  protocol   = "HTTPS"\n  ssl_policy = "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04"\n') },
    { name: 'TF: listener without protocol (HTTP) and no policy', format: 'terraform', code: listenerTf('') },
    { name: 'TF: CloudFront custom certificate on TLSv1.2_2021', format: 'terraform', code: cfTf('\n  viewer_certificate {\n    acm_certificate_arn      = var.cert\n    minimum_protocol_version = "TLSv1.2_2021"\n  }\n') },
    { name: 'CFN YAML: CloudFront custom certificate on TLSv1.3_2025', format: 'cloudformation', code: cfYaml('        ViewerCertificate:\n          AcmCertificateArn: arn:aws:acm:us-east-1:111122223333:certificate/x\n          MinimumProtocolVersion: TLSv1.3_2025\n') },
    { name: 'CFN YAML: custom certificate without a version (no documented default): not judged', format: 'cloudformation', code: cfYaml('        ViewerCertificate:\n          AcmCertificateArn: arn:aws:acm:us-east-1:111122223333:certificate/x\n') },
    { name: 'TF JSON: OpenSearch on the PFS policy', format: 'terraform-json', code: osTfJson('Policy-Min-TLS-1-2-PFS-2023-10') },
    { name: 'TF: API Gateway domain without a policy (custom domains default to TLS_1_2)', format: 'terraform', code: 'resource "aws_api_gateway_domain_name" "api" {\n  domain_name = "api.example.com"\n}\n' },
    { name: 'CFN YAML: classic ELB policy with old protocols off', format: 'cloudformation', code: clbYaml("              - Name: Protocol-TLSv1\n                Value: 'false'\n              - Name: Protocol-TLSv1.2\n                Value: 'true'\n") },
    { name: 'TF: classic ELB policy referencing TLS-1-2-2017-01', format: 'terraform', code: clbTf(attrTf('Reference-Security-Policy', 'ELBSecurityPolicy-TLS-1-2-2017-01')) },
  ],
  invalid: [
    {
      name: 'CFN YAML: DocumentDB tls enabled accepts TLS 1.0 (no fix: tls1.2+ needs a recent engine)',
      format: 'cloudformation',
      code: docdbTls('enabled'),
      errors: [{ at: 'enabled', message: 'The DocumentDB tls parameter enabled accepts TLS 1.0, below the TLS 1.2 AWS requires; use tls1.2+ or another policy with a TLS 1.2 minimum.' }],
    },
    {
      name: 'TF: DocumentDB tls enabled accepts TLS 1.0',
      format: 'terraform',
      code: docdbTlsTf('enabled'),
      errors: [{ at: '"enabled"', message: 'The DocumentDB tls parameter enabled accepts TLS 1.0, below the TLS 1.2 AWS requires; use tls1.2+ or another policy with a TLS 1.2 minimum.' }],
    },
    {
      name: 'TF: DocumentDB tls1.2+ under minimumTls 1.3',
      format: 'terraform',
      config: 'minimumTls: "1.3"\n',
      code: docdbTlsTf('tls1.2+'),
      errors: [{ at: '"tls1.2+"', message: 'The DocumentDB tls parameter tls1.2+ accepts TLS 1.2, and this project requires TLS 1.3 (minimumTls in .awsdp.yaml); use tls1.3+.' }],
    },
    {
      name: 'minimumTls "1.3" in .awsdp.yaml: a TLS 1.2 policy is reported where a TLS 1.3-only policy exists; the fix writes it',
      format: 'cloudformation',
      config: 'minimumTls: "1.3"\n',
      code: listenerYaml(`      Protocol: HTTPS\n      SslPolicy: ${ELB_REC}\n`),
      errors: [
        {
          at: ELB_REC,
          message: `This listener's SSL policy ${ELB_REC} accepts TLS 1.2, and this project requires TLS 1.3 (minimumTls in .awsdp.yaml); use ELBSecurityPolicy-TLS13-1-3-PQ-2025-09.`,
          fixes: [
            {
              output: listenerYaml('      Protocol: HTTPS\n      SslPolicy: ELBSecurityPolicy-TLS13-1-3-PQ-2025-09\n'),
              title: 'Use the security policy ELBSecurityPolicy-TLS13-1-3-PQ-2025-09 (clients limited to TLS 1.2 can no longer connect)',
            },
          ],
        },
      ],
    },
    {
      name: 'minimumTls "1.3": a TLS 1.0 policy is fixed straight to the TLS 1.3-only policy',
      format: 'cloudformation',
      config: 'minimumTls: 1.3\n',
      code: listenerYaml('      Protocol: HTTPS\n      SslPolicy: ELBSecurityPolicy-2016-08\n'),
      errors: [
        {
          at: 'ELBSecurityPolicy-2016-08',
          message: named("This listener's SSL policy", 'ELBSecurityPolicy-2016-08', 'TLS 1.0', 'ELBSecurityPolicy-TLS13-1-3-PQ-2025-09'),
          fixes: [listenerYaml('      Protocol: HTTPS\n      SslPolicy: ELBSecurityPolicy-TLS13-1-3-PQ-2025-09\n')],
        },
      ],
    },
    {
      name: 'CFN YAML: a ViewerCertificate written under Properties is judged where it is written, and said to be misplaced (no fix)',
      format: 'cloudformation',
      code: misplacedCert('SSLv3'),
      errors: [
        {
          at: 'SSLv3',
          message:
            'The minimum protocol version SSLv3 accepts SSL 3.0, below the TLS 1.2 AWS requires; use TLSv1.2_2021 or another policy with a TLS 1.2 minimum (ViewerCertificate is written directly under Properties, where CloudFormation rejects it: it belongs inside DistributionConfig).',
        },
      ],
    },
    {
      name: 'CFN YAML: HTTPS listener on ELBSecurityPolicy-2016-08',
      format: 'cloudformation',
      code: listenerYaml('      Protocol: HTTPS\n      SslPolicy: ELBSecurityPolicy-2016-08\n'),
      errors: [
        {
          at: 'ELBSecurityPolicy-2016-08',
          message: named("This listener's SSL policy", 'ELBSecurityPolicy-2016-08', 'TLS 1.0', ELB_REC),
          fixes: [{ output: listenerYaml(`      Protocol: HTTPS\n      SslPolicy: ${ELB_REC}\n`), title: `Use the security policy ${ELB_REC}${BREAK}` }],
        },
      ],
    },
    {
      name: 'CFN YAML: HTTPS listener without a policy gets the 2016-08 default',
      format: 'cloudformation',
      code: listenerYaml('      Protocol: HTTPS\n'),
      errors: [{ at: 'HTTPS', message: NO_POLICY('HTTPS'), fixes: [{ output: listenerYaml(`      Protocol: HTTPS\n      SslPolicy: ${ELB_REC}\n`), title: `Set the SSL policy to ${ELB_REC}${BREAK}` }] }],
    },
    {
      name: 'CFN JSON: a TLS13 name that still accepts TLS 1.0',
      file: 't.json',
      format: 'cloudformation',
      code: listenerJson({ Protocol: 'TLS', SslPolicy: 'ELBSecurityPolicy-TLS13-1-0-2021-06' }),
      errors: [
        {
          at: '"ELBSecurityPolicy-TLS13-1-0-2021-06"',
          message: named("This listener's SSL policy", 'ELBSecurityPolicy-TLS13-1-0-2021-06', 'TLS 1.0', ELB_REC),
          fixes: [listenerJson({ Protocol: 'TLS', SslPolicy: ELB_REC })],
        },
      ],
    },
    {
      name: 'TF: TLS 1.1 policy',
      format: 'terraform',
      code: listenerTf('  protocol   = "HTTPS"\n  ssl_policy = "ELBSecurityPolicy-TLS-1-1-2017-01"\n'),
      errors: [
        {
          at: '"ELBSecurityPolicy-TLS-1-1-2017-01"',
          message: named("This listener's SSL policy", 'ELBSecurityPolicy-TLS-1-1-2017-01', 'TLS 1.1', ELB_REC),
          fixes: [listenerTf(`  protocol   = "HTTPS"\n  ssl_policy = "${ELB_REC}"\n`)],
        },
      ],
    },
    {
      name: 'TF: a local holding the policy: reported where used, without a fix',
      format: 'terraform',
      code: listenerTf('  protocol   = "HTTPS"\n  ssl_policy = local.policy\n', 'locals {\n  policy = "ELBSecurityPolicy-FS-2018-06"\n}\n\n'),
      errors: [{ at: 'local.policy', message: named("This listener's SSL policy", 'ELBSecurityPolicy-FS-2018-06 (from local.policy)', 'TLS 1.0', ELB_REC) }],
    },
    {
      name: 'TF: CloudFront TLSv1_2016 with a custom certificate',
      format: 'terraform',
      code: cfTf('\n  viewer_certificate {\n    cloudfront_default_certificate = false\n    minimum_protocol_version       = "TLSv1_2016"\n  }\n'),
      errors: [
        {
          at: '"TLSv1_2016"',
          message: named('The minimum protocol version', 'TLSv1_2016', 'TLS 1.0', CF_REC),
          fixes: [cfTf('\n  viewer_certificate {\n    cloudfront_default_certificate = false\n    minimum_protocol_version       = "TLSv1.2_2021"\n  }\n')],
        },
      ],
    },
    {
      name: 'TF: CloudFront custom certificate without a version (Terraform default TLSv1)',
      format: 'terraform',
      code: cfTf('\n  viewer_certificate {\n    cloudfront_default_certificate = false\n  }\n'),
      errors: [
        {
          at: 'false',
          message: `This CloudFront viewer certificate has no minimum protocol version, so it is TLSv1, which accepts TLS 1.0, below the TLS 1.2 AWS requires; set ${CF_REC}.`,
          fixes: [{ output: cfTf(`\n  viewer_certificate {\n    cloudfront_default_certificate = false\n    minimum_protocol_version       = "${CF_REC}"\n  }\n`), title: `Set the minimum protocol version to ${CF_REC}${BREAK}` }],
        },
      ],
    },
    {
      name: 'TF: CloudFront default certificate: information, no fix',
      format: 'terraform',
      code: cfTf('\n  viewer_certificate {\n    cloudfront_default_certificate = true\n  }\n'),
      errors: [{ at: 'true', severity: 'info', message: DEFAULT_CERT }],
    },
    {
      name: 'CFN YAML: default certificate next to a version (ignored): reported at the version',
      format: 'cloudformation',
      code: cfYaml('        ViewerCertificate:\n          CloudFrontDefaultCertificate: true\n          MinimumProtocolVersion: TLSv1.2_2021\n'),
      errors: [{ at: 'TLSv1.2_2021', severity: 'info', message: DEFAULT_CERT }],
    },
    {
      name: 'CFN YAML: no viewer certificate at all',
      format: 'cloudformation',
      code: cfYaml(''),
      errors: [{ at: 'DistributionConfig', severity: 'info', message: NO_CERT }],
    },
    {
      name: 'CFN YAML: CloudFront SSLv3',
      format: 'cloudformation',
      code: cfYaml('        ViewerCertificate:\n          AcmCertificateArn: arn:aws:acm:us-east-1:111122223333:certificate/x\n          MinimumProtocolVersion: SSLv3\n'),
      errors: [
        {
          at: 'SSLv3',
          message: named('The minimum protocol version', 'SSLv3', 'SSL 3.0', CF_REC),
          fixes: [cfYaml(`        ViewerCertificate:\n          AcmCertificateArn: arn:aws:acm:us-east-1:111122223333:certificate/x\n          MinimumProtocolVersion: ${CF_REC}\n`)],
        },
      ],
    },
    {
      name: 'TF JSON: OpenSearch Policy-Min-TLS-1-0-2019-07',
      format: 'terraform-json',
      code: osTfJson('Policy-Min-TLS-1-0-2019-07'),
      errors: [
        {
          at: '"Policy-Min-TLS-1-0-2019-07"',
          message: named('The TLS security policy', 'Policy-Min-TLS-1-0-2019-07', 'TLS 1.0', 'Policy-Min-TLS-1-2-PFS-2023-10'),
          fixes: [osTfJson('Policy-Min-TLS-1-2-PFS-2023-10')],
        },
      ],
    },
    {
      name: 'CFN YAML: API Gateway v1 and v2 domains on TLS_1_0',
      format: 'cloudformation',
      code: apigw('TLS_1_0', '"TLS_1_0"'),
      errors: [
        { at: 'TLS_1_0', message: named('The security policy', 'TLS_1_0', 'TLS 1.0', 'TLS_1_2'), fixes: [apigw('TLS_1_2', '"TLS_1_0"')] },
        { at: '"TLS_1_0"', message: named('The security policy', 'TLS_1_0', 'TLS 1.0', 'TLS_1_2'), fixes: [apigw('TLS_1_0', '"TLS_1_2"')] },
      ],
    },
    {
      name: 'CFN YAML: classic ELB Protocol-TLSv1 switched on; Reference-Security-Policy below 1.2',
      format: 'cloudformation',
      code: clbYaml("              - Name: Protocol-TLSv1\n                Value: 'true'\n              - Name: Reference-Security-Policy\n                Value: ELBSecurityPolicy-2016-08\n"),
      errors: [
        {
          at: 'Protocol-TLSv1',
          message: 'This Classic Load Balancer SSL negotiation policy enables TLS 1.0 (Protocol-TLSv1), below the TLS 1.2 AWS requires; set it to false or reference ELBSecurityPolicy-TLS-1-2-2017-01.',
          fixes: [clbYaml("              - Name: Protocol-TLSv1\n                Value: 'false'\n              - Name: Reference-Security-Policy\n                Value: ELBSecurityPolicy-2016-08\n")],
        },
        {
          at: 'ELBSecurityPolicy-2016-08',
          message: named('This Classic Load Balancer policy references', 'ELBSecurityPolicy-2016-08', 'TLS 1.0', 'ELBSecurityPolicy-TLS-1-2-2017-01'),
          fixes: [clbYaml("              - Name: Protocol-TLSv1\n                Value: 'true'\n              - Name: Reference-Security-Policy\n                Value: ELBSecurityPolicy-TLS-1-2-2017-01\n")],
        },
      ],
    },
    {
      name: 'TF: classic ELB Protocol-SSLv3',
      format: 'terraform',
      code: clbTf(attrTf('Protocol-SSLv3', 'true')),
      errors: [
        {
          at: '"Protocol-SSLv3"',
          message: 'This Classic Load Balancer SSL negotiation policy enables SSL 3.0 (Protocol-SSLv3), below the TLS 1.2 AWS requires; set it to false or reference ELBSecurityPolicy-TLS-1-2-2017-01.',
          fixes: [clbTf(attrTf('Protocol-SSLv3', 'false'))],
        },
      ],
    },
  ],
  corpus: corpus(),
});
