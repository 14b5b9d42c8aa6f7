import type { FixSpec } from '../fixes/ops';
import type { Resource } from '../model/model';
import { resolverOf, settingLabel, settingValues, type SettingValue } from '../model/settings';
import type { Span } from '../types';
import { holderSpan } from './lib/setting-anchor';
import { placementNote } from './lib/placement';
import { code, defineRule, type RuleContext } from './rule';

type Setting = SettingValue['setting'];

/**
 * One row per setting that can leave a service talking plain text: the values that do (lower
 * case), whether an omitted value does (only where AWS or the provider documents that default, per
 * format), the value a fix writes and how safe that is, and the sentence that explains the finding.
 */
interface PlainTextRow {
  setting: Setting;
  bad: readonly string[];
  /** Values that start so (lower case) are bad too (`http://` URIs). */
  badPrefix?: readonly string[];
  /** An omitted value is plain text in these formats (the documented default). */
  missingBad?: readonly ('cloudformation' | 'terraform')[];
  /** The setting is a list (`Protocols`): each item is judged. */
  list?: boolean;
  /** Only a missing value whose nearest written parent is this deep counts (e.g. an EFS volume without TransitEncryption, not a host volume). */
  missingDepth?: number;
  /**
   * The row applies only to resources whose `setting` is one of `values` (lower case): an omitted value
   * only when that setting is written so, a bad value unless it is written as another.
   */
  only?: { setting: Setting; values: readonly string[] };
  what: string;
  why: (value: string | undefined) => string;
  /** The secure value (or, from the value written, its secure counterpart in the same spelling) and what the change does. */
  fix?: { value: string | boolean | ((written: string) => string); note: string };
}

/** `0` → `1`, `OFF` → `ON`, `off` → `on`, `false` → `true`: the spelling the file already uses (and the service accepted). */
function turnedOn(written: string): string {
  const t = written.trim();
  if (t === '0') return '1';
  if (/^off$/i.test(t)) return t === 'OFF' ? 'ON' : t === 'Off' ? 'On' : 'on';
  return t === 'FALSE' ? 'TRUE' : t === 'False' ? 'True' : 'true';
}

/** `OPTIONAL` → `REQUIRE`, `Optional` → `Require`: the spelling the file already uses (SES and SES v2 spell it differently in Terraform). */
function required(written: string): string {
  const t = written.trim();
  return t === t.toUpperCase() ? 'REQUIRE' : t === t.toLowerCase() ? 'require' : 'Require';
}

/** `http://host/path` → `https://host/path` (the scheme as the file writes it, in lower case). */
function toHttps(written: string): string {
  return 'https' + written.slice(4);
}

const ROWS: readonly PlainTextRow[] = [
  {
    setting: 'elasticache-replication-group.transitEncryptionEnabled',
    bad: ['false'],
    missingBad: ['cloudformation', 'terraform'],
    what: 'This ElastiCache replication group',
    why: (v) => (v === undefined ? 'does not enable in-transit encryption (off when TransitEncryptionEnabled is omitted)' : 'turns in-transit encryption off'),
    fix: { value: true, note: 'existing groups move through TransitEncryptionMode preferred; clients must connect with TLS' },
  },
  {
    setting: 'elasticache-replication-group.transitEncryptionMode',
    bad: ['preferred'],
    what: 'This ElastiCache replication group',
    why: () => 'accepts both encrypted and plain-text connections (TransitEncryptionMode preferred)',
    fix: { value: 'required', note: 'clients still connecting without TLS are refused' },
  },
  {
    setting: 'opensearch-domain.enforceHttps',
    bad: ['false'],
    missingBad: ['cloudformation'],
    what: 'This OpenSearch domain',
    why: (v) => (v === undefined ? 'accepts plain HTTP requests (EnforceHTTPS is off when omitted)' : 'accepts plain HTTP requests (EnforceHTTPS false)'),
    fix: { value: true, note: 'HTTP clients must switch to HTTPS' },
  },
  {
    setting: 'opensearch-domain.nodeToNodeEncryption',
    bad: ['false'],
    what: 'This OpenSearch domain',
    why: () => 'sends traffic between its nodes unencrypted (node-to-node encryption off)',
    fix: { value: true, note: 'cannot be turned off again; older engine versions need a blue/green deployment' },
  },
  {
    setting: 'msk-cluster.clientBrokerEncryption',
    bad: ['plaintext', 'tls_plaintext'],
    what: 'This MSK cluster',
    why: (v) => (v?.toLowerCase() === 'plaintext' ? 'lets clients talk to brokers in plain text only (ClientBroker PLAINTEXT)' : 'lets clients talk to brokers in plain text as well as TLS (ClientBroker TLS_PLAINTEXT)'),
    fix: { value: 'TLS', note: 'plain-text clients are refused' },
  },
  {
    setting: 'msk-cluster.inClusterEncryption',
    bad: ['false'],
    what: 'This MSK cluster',
    why: () => 'sends data between its brokers unencrypted (InCluster false)',
    fix: { value: true, note: 'replaces the cluster' },
  },
  {
    setting: 'ecs-task-definition.efsVolumeTransitEncryption',
    bad: ['disabled'],
    missingBad: ['cloudformation', 'terraform'],
    missingDepth: 1,
    what: 'This EFS volume of the ECS task definition',
    why: (v) => (v === undefined ? 'is mounted without TLS (TransitEncryption is DISABLED when omitted)' : 'is mounted without TLS (TransitEncryption DISABLED)'),
    fix: { value: 'ENABLED', note: 'a new task definition revision' },
  },
  {
    setting: 'rds-db-proxy.requireTls',
    bad: ['false'],
    what: 'This RDS proxy',
    why: () => 'accepts client connections without TLS (RequireTLS false)',
    fix: { value: true, note: 'clients connecting without TLS are refused' },
  },
  {
    setting: 'memorydb-cluster.tlsEnabled',
    bad: ['false'],
    what: 'This MemoryDB cluster',
    why: () => 'accepts plain-text connections (TLS disabled)',
    fix: { value: true, note: 'replaces the cluster' },
  },
  {
    setting: 'dax-cluster.endpointEncryptionType',
    bad: ['none'],
    missingBad: ['cloudformation', 'terraform'],
    what: 'This DAX cluster',
    why: (v) => (v === undefined ? 'serves its endpoint without TLS (ClusterEndpointEncryptionType is NONE when omitted)' : 'serves its endpoint without TLS (ClusterEndpointEncryptionType NONE)'),
    fix: { value: 'TLS', note: 'replaces the cluster' },
  },
  {
    setting: 'rds-parameter-group.forceSsl',
    bad: ['0'],
    what: 'This RDS parameter group',
    why: () => 'lets clients connect without TLS (rds.force_ssl 0)',
    fix: { value: '1', note: 'clients connecting without TLS are refused; SQL Server applies it after a reboot' },
  },
  {
    setting: 'rds-parameter-group.requireSecureTransport',
    bad: ['0', 'off', 'false'],
    what: 'This RDS parameter group',
    why: (v) => `lets clients connect without TLS (require_secure_transport ${v})`,
    fix: { value: turnedOn, note: 'clients connecting without TLS are refused' },
  },
  {
    setting: 'docdb-cluster-parameter-group.tls',
    bad: ['disabled'],
    what: 'This DocumentDB cluster parameter group',
    why: () => 'turns TLS off for client connections (tls disabled)',
    fix: { value: 'enabled', note: 'clients connecting without TLS are refused after the cluster reboots' },
  },
  {
    setting: 'redshift-parameter-group.requireSsl',
    bad: ['false', '0'],
    what: 'This Redshift parameter group',
    why: (v) => `lets clients connect without TLS (require_ssl ${v})`,
    fix: { value: turnedOn, note: 'clients connecting without TLS are refused after the cluster reboots' },
  },
  {
    setting: 'transfer-server.protocols',
    list: true,
    bad: ['ftp'],
    what: 'This Transfer Family server',
    why: () => 'offers FTP, which sends user names, passwords and files unencrypted (use SFTP or FTPS)',
  },
  {
    setting: 'dms-endpoint.sslMode',
    bad: ['none'],
    missingBad: ['cloudformation', 'terraform'],
    // The engines whose endpoints take an SSL mode (CreateEndpoint: "The default is none"); S3, DynamoDB,
    // Kinesis, Kafka, Neptune, OpenSearch, Redshift and the like are reached over TLS or configured elsewhere.
    only: {
      setting: 'dms-endpoint.engineName',
      values: ['mysql', 'mariadb', 'aurora', 'aurora-postgresql', 'postgres', 'oracle', 'sqlserver', 'sybase', 'db2', 'db2-zos', 'mongodb', 'docdb', 'azuredb', 'babelfish'],
    },
    what: 'This DMS endpoint',
    why: (v) => (v === undefined ? 'connects to its database without TLS (SslMode is none when omitted)' : 'connects to its database without TLS (SslMode none)'),
    fix: { value: 'require', note: 'the database must accept TLS; verify-full also checks its certificate' },
  },
  {
    setting: 'ses-configuration-set.tlsPolicy',
    bad: ['optional'],
    what: 'This SES configuration set',
    why: (v) => `delivers mail in plain text when the receiving server cannot negotiate TLS (TlsPolicy ${v})`,
    fix: { value: required, note: 'mail to servers that cannot use TLS is no longer delivered' },
  },
  {
    setting: 'appsync-api-cache.transitEncryptionEnabled',
    bad: ['false'],
    what: 'This AppSync API cache',
    why: () => 'is reached without in-transit encryption (TransitEncryptionEnabled false)',
    fix: { value: true, note: 'replaces the cache' },
  },
  {
    setting: 'sns-subscription.protocol',
    bad: ['http'],
    what: 'This SNS subscription',
    why: () => 'delivers messages to its endpoint over plain HTTP (protocol http; use https and an HTTPS endpoint)',
  },
  // REST APIs (Method Integration.Uri) and HTTP APIs (Integration IntegrationUri): the same finding.
  ...(['api-gateway-rest-integration.uri', 'api-gateway-v2-integration.uri'] as const).map(
    (setting): PlainTextRow => ({
      setting,
      bad: [],
      badPrefix: ['http://'],
      what: 'This API Gateway integration',
      why: () => 'calls its back end over plain HTTP (an http:// URI)',
      fix: { value: toHttps, note: 'the back end must serve HTTPS with a certificate API Gateway trusts' },
    }),
  ),
  {
    setting: 'glue-connection.jdbcEnforceSsl',
    bad: ['false'],
    what: 'This Glue connection',
    why: () => 'lets jobs reach its database without TLS (JDBC_ENFORCE_SSL false)',
    fix: { value: turnedOn, note: 'the database must accept TLS' },
  },
  {
    setting: 'vpclattice-listener.protocol',
    bad: ['http'],
    what: 'This VPC Lattice listener',
    why: () => 'accepts plain HTTP (protocol HTTP; an HTTPS listener needs a certificate)',
  },
  {
    setting: 'lightsail-distribution.originProtocolPolicy',
    bad: ['http-only'],
    what: 'This Lightsail distribution',
    why: () => 'fetches from its origin over plain HTTP (origin protocol policy http-only)',
    fix: { value: 'https-only', note: 'the origin must serve HTTPS' },
  },
  {
    setting: 'cloudfront.origins.originProtocolPolicy',
    bad: ['http-only'],
    what: 'This CloudFront origin',
    why: () => 'is fetched over plain HTTP (origin protocol policy http-only)',
    fix: { value: 'https-only', note: 'the origin must serve HTTPS; S3 website endpoints cannot' },
  },
];

const isTf = (r: Resource) => r.format === 'terraform' || r.format === 'terraform-json';

/** A list setting (`Protocols`): one value per item written (a missing list has none). */
function itemValues(ctx: RuleContext, s: SettingValue): SettingValue[] {
  if (s.node?.kind !== 'array') return [];
  const resolver = resolverOf(ctx.model);
  // No slot: a fix would have to rewrite the list, not one item.
  return s.node.items.map((item, i) => ({ ...s, value: resolver.val(item, s.resource), node: item, slot: undefined, path: `${s.path}[${i}]` }));
}

/** Per resource, the lower-cased literal value of a setting (resources where it is not a literal: absent). */
function literalsOf(ctx: RuleContext, setting: Setting): Map<Resource, string> {
  const out = new Map<Resource, string>();
  for (const s of settingValues(ctx.model, setting)) if (s.value.state === 'literal' && s.value.resolved?.from !== 'default') out.set(s.resource, s.value.value.toLowerCase());
  return out;
}

function checkRow(ctx: RuleContext, row: PlainTextRow): void {
  const values = settingValues(ctx.model, row.setting);
  if (!values.length) return;
  const only = row.only && { values: row.only.values, of: literalsOf(ctx, row.only.setting) };
  for (const s of row.list ? values.flatMap((x) => itemValues(ctx, x)) : values) {
    const v = s.value;
    if (only) {
      const w = only.of.get(s.resource);
      if (v.state === 'missing' ? w === undefined || !only.values.includes(w) : w !== undefined && !only.values.includes(w)) continue;
    }
    let value: string | undefined;
    let span: Span;
    if (v.state === 'missing') {
      const fmt = isTf(s.resource) ? 'terraform' : 'cloudformation';
      if (!row.missingBad?.includes(fmt)) continue;
      if (row.missingDepth !== undefined && s.slot?.path.length !== row.missingDepth) continue;
      span = holderSpan(s);
    } else {
      if (v.state !== 'literal' || v.resolved?.from === 'default') continue;
      const lower = v.value.toLowerCase();
      if (!row.bad.includes(lower) && !row.badPrefix?.some((p) => lower.startsWith(p))) continue;
      value = v.value;
      span = v.span;
    }
    const via = v.state === 'literal' && v.resolved ? ` (from ${v.resolved.name})` : '';
    const fix = row.fix && { ...row.fix, value: typeof row.fix.value === 'function' ? row.fix.value(value ?? '') : row.fix.value };
    ctx.report({
      file: s.resource.file,
      span,
      message: `${row.what} ${row.why(value)}${via}, so data crosses the network readable by anyone on the path${placementNote(s)}.`,
      fixes: (): FixSpec[] =>
        fix && s.slot && !(v.state === 'literal' && v.resolved)
          ? [{ title: `Set ${settingLabel(s)} to ${fix.value} (${fix.note})`, applicability: 'unsafe', ops: [{ op: 'setValue', slot: s.slot, value: fix.value }] }]
          : [],
    });
  }
}

/** ALB listeners on HTTP must redirect to HTTPS; Classic Load Balancer HTTP listeners cannot. */
function checkListeners(ctx: RuleContext): void {
  const key = (s: SettingValue) => `${s.resource.file}\u0000${s.resource.id}`;
  const types = new Map<string, SettingValue[]>();
  for (const s of settingValues(ctx.model, 'lb-listener.defaultActionType')) types.set(key(s), [...(types.get(key(s)) ?? []), s]);
  const redirects = new Map<string, SettingValue[]>();
  for (const s of settingValues(ctx.model, 'lb-listener.redirectProtocol')) redirects.set(key(s), [...(redirects.get(key(s)) ?? []), s]);
  for (const p of settingValues(ctx.model, 'lb-listener.protocol')) {
    const r = p.resource;
    const v = p.value;
    // Terraform's protocol defaults to HTTP (for Application Load Balancers); CloudFormation states it.
    const protocol = v.state === 'literal' ? (v.resolved?.from === 'default' ? undefined : v.value.toUpperCase()) : v.state === 'missing' && isTf(r) ? 'HTTP' : undefined;
    if (protocol !== 'HTTP') continue;
    const acts = types.get(key(p)) ?? [];
    if (acts.length === 0 || acts.some((a) => a.value.state !== 'literal')) continue;
    const kinds = acts.map((a) => (a.value.state === 'literal' ? a.value.value.toLowerCase() : ''));
    if (kinds.includes('redirect')) {
      for (const rp of redirects.get(key(p)) ?? []) {
        const rv = rp.value;
        // A redirect without a protocol keeps the request's (#{protocol}): HTTP stays HTTP.
        if (rv.state === 'unknown' || (rv.state === 'literal' && rv.value.toUpperCase() === 'HTTPS')) continue;
        if (rv.state === 'literal' && rv.resolved?.from === 'default') continue;
        const which = rv.state === 'literal' ? `to ${rv.value}` : 'without a protocol (so to HTTP)';
        ctx.report({
          file: r.file,
          span: rv.state === 'literal' ? rv.span : v.state === 'literal' ? v.span : r.idSpan,
          message: `This HTTP listener redirects ${which} instead of HTTPS, so requests and responses stay readable on the network.`,
          fixes: () => (rp.slot && !(rv.state === 'literal' && rv.resolved) ? [{ title: 'Redirect to HTTPS (clients that cannot use TLS stop working)', applicability: 'unsafe', ops: [{ op: 'setValue', slot: rp.slot, value: 'HTTPS' }] }] : []),
        });
      }
      continue;
    }
    // Only a listener that serves content (forward, authenticate) carries data; a fixed response does not.
    if (kinds.every((k) => k === 'fixed-response')) continue;
    // With the protocol left to Terraform's HTTP default, point at the action that serves content.
    const serving = acts.find((a) => a.value.state === 'literal' && a.value.value.toLowerCase() !== 'fixed-response');
    ctx.report({
      file: r.file,
      span: v.state === 'literal' ? v.span : serving && serving.value.state === 'literal' ? serving.value.span : r.idSpan,
      message: 'This load balancer listener serves plain HTTP without redirecting to HTTPS, so requests and responses are readable on the network.',
    });
  }
  for (const s of settingValues(ctx.model, 'elb-load-balancer.listenerProtocol')) {
    const v = s.value;
    if (v.state !== 'literal' || v.resolved?.from === 'default' || v.value.toUpperCase() !== 'HTTP') continue;
    ctx.report({
      file: s.resource.file,
      span: v.span,
      message: 'This Classic Load Balancer listener accepts plain HTTP (a Classic Load Balancer cannot redirect to HTTPS), so requests and responses are readable on the network.',
    });
  }
}

export const dp203 = defineRule({
  meta: {
    id: 'DP203',
    name: 'service-allows-plain-text',
    category: 'secure-transport',
    defaultSeverity: 'error',
    summary: 'A service is configured to accept or send data in plain text (no TLS).',
    description: [
      'AWS asks that data in transit be protected with TLS. Several services can be told, or are by default, to talk',
      'plain text; this rule reads those settings (one table in the rule, every format through the settings model):',
      '',
      '- load balancer listeners on HTTP that do not redirect to HTTPS (a redirect to HTTP, or without a protocol, is',
      '  reported at the redirect; a listener that only returns a fixed response is not reported); Classic Load Balancer',
      '  HTTP listeners;',
      '- ElastiCache replication groups without in-transit encryption (`TransitEncryptionEnabled` false or omitted: its',
      '  documented default is false) or with `TransitEncryptionMode: preferred`;',
      '- OpenSearch/Elasticsearch domains with `EnforceHTTPS` false (also omitted in CloudFormation; Terraform defaults',
      '  it to true) or node-to-node encryption off;',
      '- MSK clusters with `ClientBroker` `PLAINTEXT`/`TLS_PLAINTEXT` or `InCluster` false (an omitted value is not',
      '  reported: sources disagree on the default);',
      '- EFS volumes of ECS task definitions without `TransitEncryption: ENABLED` (default `DISABLED`);',
      '- RDS proxies with `RequireTLS` false, MemoryDB clusters with TLS off, DAX clusters without `TLS` endpoint',
      '  encryption (default `NONE`), CloudFront and Lightsail distribution origins fetched with `http-only`;',
      '- database parameter groups that let clients connect without TLS: RDS and Aurora DB (cluster) parameter groups',
      '  with `rds.force_ssl` 0 (PostgreSQL, SQL Server) or `require_secure_transport` 0/OFF (MySQL, MariaDB),',
      '  DocumentDB cluster parameter groups with `tls` disabled, Redshift parameter groups with `require_ssl` false.',
      '  A parameter left out is not reported: its default depends on the engine and its version (PostgreSQL 15 and',
      '  later force TLS, older versions and MySQL 8.4 do not); the fix sets the value in the spelling the file uses',
      '  (`0` → `1`, `OFF` → `ON`);',
      '- AWS Transfer Family servers whose `Protocols` include `FTP` (no fix: FTPS needs a certificate, SFTP other clients).',
      '  Their `SecurityPolicyName` is not judged here: AWS documents TLS 1.2 for every Transfer Family policy;',
      '- DMS endpoints of database engines (MySQL, MariaDB, Aurora, PostgreSQL, Oracle, SQL Server, SAP ASE, Db2,',
      '  MongoDB, DocumentDB...) with `SslMode: none` or without `SslMode` (its default is none; the fix sets `require`,',
      '  which encrypts without checking the certificate; `verify-full` also checks it); SES configuration sets with `TlsPolicy: OPTIONAL`, which deliver mail in plain text',
      '  when the receiving server cannot negotiate TLS (the fix sets `REQUIRE`, in the file\'s spelling); AppSync API',
      '  caches with `TransitEncryptionEnabled` false; SNS subscriptions with protocol `http` (no fix: the endpoint must',
      '  serve HTTPS). An omitted `TlsPolicy` or `TransitEncryptionEnabled` is not reported: their defaults are not',
      '  documented clearly enough to judge;',
      '- API Gateway integrations (REST `Integration.Uri`, HTTP API `IntegrationUri`) whose back-end URI starts with',
      '  `http://` (the fix writes `https://`: the back end must then serve HTTPS with a certificate API Gateway trusts),',
      '  VPC Lattice listeners on HTTP (no fix: an HTTPS listener needs a certificate), and Glue connections with',
      '  `JDBC_ENFORCE_SSL` `false` (an omitted one is not reported: it is off by default, and whether the connection',
      '  then uses TLS is up to the database and its driver).',
      '',
      'Fixes set the secure value. They are marked unsafe: clients that do not speak TLS are refused, and some changes',
      'replace the resource (DAX, MemoryDB, MSK in-cluster, AppSync API caches). Values only known at deploy time are never reported.',
    ].join('\n'),
    fix: 'unsafe',
    formats: ['cloudformation', 'terraform', 'terraform-json'],
    examples: [
      {
        title: 'An ElastiCache replication group without in-transit encryption (CloudFormation)',
        format: 'cloudformation',
        fileName: 'template.yaml',
        bad: code`
          Resources:
            Cache:
              Type: AWS::ElastiCache::ReplicationGroup
              Properties:
                ReplicationGroupDescription: sessions
                Engine: redis
                CacheNodeType: cache.t4g.small
                TransitEncryptionEnabled: false
        `,
        good: code`
          Resources:
            Cache:
              Type: AWS::ElastiCache::ReplicationGroup
              Properties:
                ReplicationGroupDescription: sessions
                Engine: redis
                CacheNodeType: cache.t4g.small
                TransitEncryptionEnabled: true
        `,
      },
      {
        title: 'An HTTP listener that forwards instead of redirecting (Terraform)',
        format: 'terraform',
        fileName: 'main.tf',
        bad: code`
          resource "aws_lb_listener" "http" {
            load_balancer_arn = aws_lb.web.arn
            port              = 80
            protocol          = "HTTP"

            default_action {
              type             = "forward"
              target_group_arn = aws_lb_target_group.web.arn
            }
          }
        `,
        good: code`
          resource "aws_lb_listener" "http" {
            load_balancer_arn = aws_lb.web.arn
            port              = 80
            protocol          = "HTTP"

            default_action {
              type = "redirect"
              redirect {
                port        = "443"
                protocol    = "HTTPS"
                status_code = "HTTP_301"
              }
            }
          }
        `,
      },
      {
        title: 'An MSK cluster accepting plain-text clients (Terraform JSON)',
        format: 'terraform-json',
        fileName: 'main.tf.json',
        bad: code`
          {
            "resource": {
              "aws_msk_cluster": {
                "events": {
                  "cluster_name": "events",
                  "encryption_info": {
                    "encryption_in_transit": { "client_broker": "TLS_PLAINTEXT", "in_cluster": true }
                  }
                }
              }
            }
          }
        `,
        good: code`
          {
            "resource": {
              "aws_msk_cluster": {
                "events": {
                  "cluster_name": "events",
                  "encryption_info": {
                    "encryption_in_transit": { "client_broker": "TLS", "in_cluster": true }
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
    for (const row of ROWS) checkRow(ctx, row);
  },
});
