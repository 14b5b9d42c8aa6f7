import { dp203 } from '../engine/rules/dp203-service-allows-plain-text';
import { testRule } from '../engine/rules/tester';
import { corpus } from './fixtures';

const TAIL = ', so data crosses the network readable by anyone on the path.';

const cacheYaml = (props: string) =>
  'Resources:\n  Cache:\n    Type: AWS::ElastiCache::ReplicationGroup\n    Properties:\n      ReplicationGroupDescription: sessions\n      Engine: redis\n' + props;

const listenerTf = (protocol: string, action: string) =>
  `resource "aws_lb_listener" "http" {\n  load_balancer_arn = aws_lb.web.arn\n  port              = 80\n${protocol}\n  default_action {\n${action}  }\n}\n`;

const listenerJson = (actions: unknown[]) =>
  JSON.stringify({ Resources: { L: { Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { Port: 80, Protocol: 'HTTP', DefaultActions: actions } } } }, null, 2) + '\n';

const mskTfJson = (clientBroker: string, inCluster: boolean) =>
  JSON.stringify({ resource: { aws_msk_cluster: { events: { cluster_name: 'events', encryption_info: { encryption_in_transit: { client_broker: clientBroker, in_cluster: inCluster } } } } } }, null, 2) + '\n';

const ecsTf = (efs: string) =>
  `resource "aws_ecs_task_definition" "app" {\n  family                = "app"\n  container_definitions = "[]"\n\n  volume {\n    name = "data"\n${efs}  }\n}\n`;

/** An ECS task definition whose keys are written in the wrong case (`volumes`, `efsVolumeConfiguration`). */
const efsJson = (efs: Record<string, string>) =>
  JSON.stringify({ Resources: { Task: { Type: 'AWS::ECS::TaskDefinition', Properties: { volumes: [{ Name: 'data', efsVolumeConfiguration: efs }] } } } }, null, 2) + '\n';
const MISCASED = ' (written volumes for Volumes, efsVolumeConfiguration for EFSVolumeConfiguration: CloudFormation property names are case-sensitive, so it rejects the template as written)';

/** An RDS parameter group (CloudFormation YAML): `Parameters` is a map whose keys have dots. */
const pgYaml = (type: string, params: string) => `Resources:\n  Params:\n    Type: ${type}\n    Properties:\n      Family: postgres14\n      Description: app\n      Parameters:\n${params}`;
/** The same in CloudFormation JSON. */
const pgJson = (params: Record<string, unknown>) =>
  JSON.stringify({ Resources: { Params: { Type: 'AWS::RDS::DBClusterParameterGroup', Properties: { Family: 'aurora-mysql8.0', Description: 'app', Parameters: params } } } }, null, 2) + '\n';
/** Terraform: repeated `parameter { name value }` blocks. */
const pgTf = (type: string, params: [string, string][]) =>
  `resource "${type}" "p" {\n  name   = "app"\n  family = "postgres14"\n` + params.map(([n, v]) => `\n  parameter {\n    name  = "${n}"\n    value = ${v}\n  }\n`).join('') + '}\n';
/** Terraform JSON: `parameter` as a list of objects (or one object). */
const redshiftTfJson = (parameter: unknown) => JSON.stringify({ resource: { aws_redshift_parameter_group: { rs: { name: 'rs', family: 'redshift-1.0', parameter } } } }, null, 2) + '\n';
/** Redshift in CloudFormation YAML: `Parameters` is a list of ParameterName/ParameterValue items. */
const redshiftYaml = (value: string) =>
  `Resources:\n  Rs:\n    Type: AWS::Redshift::ClusterParameterGroup\n    Properties:\n      Description: rs\n      ParameterGroupFamily: redshift-1.0\n      Parameters:\n        - ParameterName: enable_user_activity_logging\n          ParameterValue: 'true'\n        - ParameterName: require_ssl\n          ParameterValue: ${value}\n`;
const docdbYaml = (tls: string) => `Resources:\n  Docs:\n    Type: AWS::DocDB::DBClusterParameterGroup\n    Properties:\n      Family: docdb5.0\n      Description: docs\n      Parameters:\n        audit_logs: enabled\n        tls: ${tls}\n`;

const FTP = `This Transfer Family server offers FTP, which sends user names, passwords and files unencrypted (use SFTP or FTPS)${TAIL}`;
const transferYaml = (protocols: string) => `Resources:\n  Files:\n    Type: AWS::Transfer::Server\n    Properties:\n      EndpointType: VPC\n      Protocols:\n${protocols}`;

/** DMS endpoint (CloudFormation JSON). */
const dmsJson = (ssl: string | undefined, engine: unknown = 'postgres') =>
  JSON.stringify({ Resources: { Source: { Type: 'AWS::DMS::Endpoint', Properties: { EndpointType: 'source', EngineName: engine, ServerName: 'db.internal', Port: 5432, ...(ssl === undefined ? {} : { SslMode: ssl }) } } } }, null, 2) + '\n';
/** The same in YAML, as AWS's sample templates write it (engine in upper case). */
const dmsYaml = (ssl: string) => `Resources:\n  Source:\n    Type: AWS::DMS::Endpoint\n    Properties:\n      EndpointType: source\n      EngineName: AURORA\n      Port: 3306\n      ServerName: !GetAtt AuroraCluster.Endpoint.Address\n${ssl}`;
/** SES configuration set: v1 (Terraform spells the policy `Optional`/`Require`) and v2 (`OPTIONAL`/`REQUIRE`). */
const sesTf = (type: string, policy: string) =>
  `resource "${type}" "mail" {\n  ${type === 'aws_ses_configuration_set' ? 'name' : 'configuration_set_name'} = "mail"\n\n  delivery_options {\n    tls_policy = "${policy}"\n  }\n}\n`;
const sesYaml = (policy: string) => `Resources:\n  Mail:\n    Type: AWS::SES::ConfigurationSet\n    Properties:\n      Name: mail\n      DeliveryOptions:\n        TlsPolicy: ${policy}\n`;
/** AppSync API cache (Terraform JSON). */
const appsyncTfJson = (tls: boolean) =>
  JSON.stringify({ resource: { aws_appsync_api_cache: { cache: { api_id: '${aws_appsync_graphql_api.api.id}', api_caching_behavior: 'FULL_REQUEST_CACHING', type: 'SMALL', ttl: 300, transit_encryption_enabled: tls } } } }, null, 2) + '\n';
const HTTP_SUB = `This SNS subscription delivers messages to its endpoint over plain HTTP (protocol http; use https and an HTTPS endpoint)${TAIL}`;

/** An API Gateway REST method with an HTTP proxy integration (CloudFormation YAML). */
const methodYaml = (uri: string) =>
  `Resources:\n  Proxy:\n    Type: AWS::ApiGateway::Method\n    Properties:\n      RestApiId: !Ref Api\n      ResourceId: !Ref Res\n      HttpMethod: ANY\n      AuthorizationType: NONE\n      Integration:\n        Type: HTTP_PROXY\n        IntegrationHttpMethod: ANY\n        Uri: ${uri}\n`;
/** An HTTP API integration (Terraform). */
const httpApiTf = (uri: string) => `resource "aws_apigatewayv2_integration" "backend" {\n  api_id             = aws_apigatewayv2_api.api.id\n  integration_type   = "HTTP_PROXY"\n  integration_method = "ANY"\n  integration_uri    = "${uri}"\n}\n`;
/** A REST integration (Terraform JSON). */
const restTfJson = (uri: string) =>
  JSON.stringify({ resource: { aws_api_gateway_integration: { backend: { rest_api_id: '${aws_api_gateway_rest_api.api.id}', resource_id: '${aws_api_gateway_resource.r.id}', http_method: 'GET', type: 'HTTP', integration_http_method: 'GET', uri } } } }, null, 2) + '\n';
const glueYaml = (ssl: string) =>
  `Resources:\n  Db:\n    Type: AWS::Glue::Connection\n    Properties:\n      CatalogId: !Ref AWS::AccountId\n      ConnectionInput:\n        ConnectionType: JDBC\n        ConnectionProperties:\n          JDBC_CONNECTION_URL: jdbc:postgresql://db.internal:5432/app\n          JDBC_ENFORCE_SSL: ${ssl}\n`;
const glueTf = (ssl: string) =>
  `resource "aws_glue_connection" "db" {\n  name = "db"\n\n  connection_properties = {\n    JDBC_CONNECTION_URL = "jdbc:postgresql://db.internal:5432/app"\n    JDBC_ENFORCE_SSL    = "${ssl}"\n  }\n}\n`;
const lightsailTf = (policy: string) =>
  `resource "aws_lightsail_distribution" "site" {\n  name      = "site"\n  bundle_id = "small_1_0"\n\n  origin {\n    name            = aws_lightsail_instance.web.name\n    region_name     = "eu-west-1"\n    protocol_policy = "${policy}"\n  }\n\n  default_cache_behavior {\n    behavior = "cache"\n  }\n}\n`;
const LATTICE = `This VPC Lattice listener accepts plain HTTP (protocol HTTP; an HTTPS listener needs a certificate)${TAIL}`;
const BACKEND = `This API Gateway integration calls its back end over plain HTTP (an http:// URI)${TAIL}`;

const osYaml = (opts: string) => 'Resources:\n  Search:\n    Type: AWS::OpenSearchService::Domain\n    Properties:\n' + opts;

testRule(dp203, {
  valid: [
    { name: 'CFN YAML: ElastiCache with TLS on', format: 'cloudformation', code: cacheYaml('      TransitEncryptionEnabled: true\n') },
    { name: 'CFN YAML: ElastiCache TLS from a parameter', format: 'cloudformation', code: 'Parameters:\n  Tls:\n    Type: String\n' + cacheYaml('      TransitEncryptionEnabled: !Ref Tls\n') },
    { name: 'TF: HTTP listener redirecting to HTTPS', format: 'terraform', code: listenerTf('  protocol          = "HTTP"', '    type = "redirect"\n    redirect {\n      protocol    = "HTTPS"\n      port        = "443"\n      status_code = "HTTP_301"\n    }\n') },
    { name: 'TF: HTTPS listener forwarding', format: 'terraform', code: listenerTf('  protocol          = "HTTPS"', '    type             = "forward"\n    target_group_arn = aws_lb_target_group.web.arn\n') },
    { name: 'TF: HTTP listener with a fixed response only', format: 'terraform', code: listenerTf('  protocol          = "HTTP"', '    type = "fixed-response"\n') },
    { name: 'TF: action type from a variable is unknown', format: 'terraform', code: listenerTf('  protocol          = "HTTP"', '    type = var.action\n') },
    { name: 'TF JSON: MSK TLS only, in-cluster on', format: 'terraform-json', code: mskTfJson('TLS', true) },
    { name: 'TF: EFS volume with transit encryption', format: 'terraform', code: ecsTf('    efs_volume_configuration {\n      file_system_id     = "fs-1"\n      transit_encryption = "ENABLED"\n    }\n') },
    { name: 'TF: host volume (no EFS) is not judged', format: 'terraform', code: ecsTf('') },
    { name: 'TF: OpenSearch without endpoint options (Terraform defaults enforce_https to true)', format: 'terraform', code: 'resource "aws_opensearch_domain" "s" {\n  domain_name = "s"\n}\n' },
    { name: 'CFN YAML: OpenSearch with HTTPS enforced', format: 'cloudformation', code: osYaml('      DomainEndpointOptions:\n        EnforceHTTPS: true\n') },
    { name: 'CFN YAML: parameter group forcing TLS', format: 'cloudformation', code: pgYaml('AWS::RDS::DBParameterGroup', '        rds.force_ssl: 1\n        log_connections: 0\n') },
    { name: 'CFN YAML: a key that only contains the name (rds.force_ssl_x) or differs in case is another parameter', format: 'cloudformation', code: pgYaml('AWS::RDS::DBParameterGroup', '        rds.force_ssl_x: 0\n        RDS.FORCE_SSL: 0\n') },
    { name: 'CFN YAML: rds.force_ssl from a parameter default is not judged (it may be overridden)', format: 'cloudformation', code: 'Parameters:\n  Ssl:\n    Type: String\n    Default: 0\n' + pgYaml('AWS::RDS::DBParameterGroup', '        rds.force_ssl: !Ref Ssl\n') },
    { name: 'CFN YAML: parameter group without the parameter (default depends on the engine version)', format: 'cloudformation', code: pgYaml('AWS::RDS::DBParameterGroup', '        log_connections: 1\n') },
    { name: 'CFN JSON: Aurora MySQL cluster group requiring secure transport', file: 'c.json', format: 'cloudformation', code: pgJson({ require_secure_transport: 'ON' }) },
    { name: 'TF: other parameters set to 0 are not judged', format: 'terraform', code: pgTf('aws_db_parameter_group', [['log_connections', '"0"'], ['rds.force_ssl', '"1"']]) },
    { name: 'TF: parameter name from a variable is unknown', format: 'terraform', code: 'variable "p" {\n  default = "rds.force_ssl"\n}\n' + pgTf('aws_db_parameter_group', [['x', '"0"']]).replace('"x"', 'var.p') },
    { name: 'TF JSON: Redshift requiring SSL (one object)', format: 'terraform-json', code: redshiftTfJson({ name: 'require_ssl', value: 'true' }) },
    { name: 'CFN YAML: Redshift requiring SSL', format: 'cloudformation', code: redshiftYaml("'true'") },
    { name: 'CFN YAML: DocumentDB TLS 1.2+', format: 'cloudformation', code: docdbYaml('tls1.2+') },
    { name: 'CFN YAML: Transfer Family server with SFTP and FTPS', format: 'cloudformation', code: transferYaml('        - SFTP\n        - FTPS\n') },
    { name: 'TF: Transfer Family server without protocols (SFTP)', format: 'terraform', code: 'resource "aws_transfer_server" "files" {\n  security_policy_name = "TransferSecurityPolicy-2024-01"\n}\n' },
    { name: 'TF: Transfer Family protocols from a variable', format: 'terraform', code: 'resource "aws_transfer_server" "files" {\n  protocols = var.protocols\n}\n' },
    { name: 'CFN JSON: DMS endpoint with SslMode verify-full', file: 'dms.json', format: 'cloudformation', code: dmsJson('verify-full') },
    { name: 'CFN JSON: S3 DMS endpoint without SslMode (reached over HTTPS: not judged)', file: 'dms.json', format: 'cloudformation', code: dmsJson(undefined, 's3') },
    { name: 'CFN JSON: S3 DMS endpoint with SslMode none (no SSL mode applies)', file: 'dms.json', format: 'cloudformation', code: dmsJson('none', 's3') },
    { name: 'CFN JSON: DMS endpoint without SslMode, engine from a parameter (unknown)', file: 'dms.json', format: 'cloudformation', code: dmsJson(undefined, { Ref: 'Engine' }) },
    { name: 'CFN YAML: Aurora DMS endpoint with SslMode require', format: 'cloudformation', code: dmsYaml('      SslMode: require\n') },
    { name: 'TF: SES v1 configuration set requiring TLS', format: 'terraform', code: sesTf('aws_ses_configuration_set', 'Require') },
    { name: 'CFN YAML: SES configuration set requiring TLS', format: 'cloudformation', code: sesYaml('REQUIRE') },
    { name: 'CFN YAML: SES TlsPolicy from a parameter', format: 'cloudformation', code: 'Parameters:\n  Tls:\n    Type: String\n' + sesYaml('!Ref Tls') },
    { name: 'TF JSON: AppSync API cache with transit encryption', format: 'terraform-json', code: appsyncTfJson(true) },
    { name: 'TF: SNS subscription over HTTPS', format: 'terraform', code: 'resource "aws_sns_topic_subscription" "hook" {\n  topic_arn = aws_sns_topic.t.arn\n  protocol  = "https"\n  endpoint  = "https://hooks.example.com/sns"\n}\n' },
    { name: 'CFN YAML: REST integration over HTTPS', format: 'cloudformation', code: methodYaml('https://backend.example.com/{proxy}') },
    { name: 'CFN YAML: REST integration with a Lambda ARN', format: 'cloudformation', code: methodYaml('arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:111122223333:function:f/invocations') },
    { name: 'TF: HTTP API integration URI from a variable', format: 'terraform', code: httpApiTf('${var.backend_url}') },
    { name: 'TF: VPC Lattice listener on HTTPS', format: 'terraform', code: 'resource "aws_vpclattice_listener" "l" {\n  name               = "web"\n  protocol           = "HTTPS"\n  service_identifier = aws_vpclattice_service.s.id\n\n  default_action {\n    fixed_response {\n      status_code = 404\n    }\n  }\n}\n' },
    { name: 'CFN YAML: Glue connection enforcing SSL', format: 'cloudformation', code: glueYaml("'true'") },
    { name: 'TF: Glue connection without JDBC_ENFORCE_SSL', format: 'terraform', code: 'resource "aws_glue_connection" "db" {\n  name = "db"\n  connection_properties = {\n    JDBC_CONNECTION_URL = "jdbc:mysql://db:3306/app"\n  }\n}\n' },
    { name: 'TF: Lightsail distribution fetching over HTTPS', format: 'terraform', code: lightsailTf('https-only') },
    { name: 'CFN YAML: SNS subscription to a queue', format: 'cloudformation', code: 'Resources:\n  Sub:\n    Type: AWS::SNS::Subscription\n    Properties:\n      TopicArn: !Ref Topic\n      Protocol: sqs\n      Endpoint: !GetAtt Queue.Arn\n' },
  ],
  invalid: [
    {
      name: 'CFN JSON: EFS volume keys written in the wrong case are read, and the message says CloudFormation rejects them',
      file: 'task.json',
      code: efsJson({ FileSystemId: 'fs-1', TransitEncryption: 'DISABLED' }),
      errors: [
        {
          at: '"DISABLED"',
          message: `This EFS volume of the ECS task definition is mounted without TLS (TransitEncryption DISABLED), so data crosses the network readable by anyone on the path${MISCASED}.`,
          fixes: [efsJson({ FileSystemId: 'fs-1', TransitEncryption: 'ENABLED' })],
        },
      ],
    },
    {
      name: 'CFN JSON: EFS volume in mis-cased keys without TransitEncryption, reported at its mis-cased key',
      file: 'task.json',
      code: efsJson({ FileSystemId: 'fs-1' }),
      errors: [
        {
          at: '"efsVolumeConfiguration"',
          message: `This EFS volume of the ECS task definition is mounted without TLS (TransitEncryption is DISABLED when omitted), so data crosses the network readable by anyone on the path${MISCASED}.`,
          fixes: [
            efsJson({ FileSystemId: 'fs-1' }).replace('"FileSystemId": "fs-1"', '"FileSystemId": "fs-1",\n              "TransitEncryption": "ENABLED"'),
          ],
        },
      ],
    },
    {
      name: 'CFN YAML: ElastiCache TransitEncryptionEnabled false',
      format: 'cloudformation',
      code: cacheYaml('      TransitEncryptionEnabled: false\n'),
      errors: [
        {
          at: 'false',
          message: `This ElastiCache replication group turns in-transit encryption off${TAIL}`,
          fixes: [{ output: cacheYaml('      TransitEncryptionEnabled: true\n'), title: 'Set TransitEncryptionEnabled to true (existing groups move through TransitEncryptionMode preferred; clients must connect with TLS)' }],
        },
      ],
    },
    {
      name: 'CFN YAML: ElastiCache without TransitEncryptionEnabled (default false), reported at Properties',
      format: 'cloudformation',
      code: cacheYaml(''),
      errors: [{ at: 'Properties', message: `This ElastiCache replication group does not enable in-transit encryption (off when TransitEncryptionEnabled is omitted)${TAIL}`, fixes: [cacheYaml('      TransitEncryptionEnabled: true\n')] }],
    },
    {
      name: 'CFN YAML: OpenSearch EnforceHTTPS omitted (off) and node-to-node false',
      format: 'cloudformation',
      code: osYaml('      NodeToNodeEncryptionOptions:\n        Enabled: false\n'),
      errors: [
        {
          at: 'Properties',
          message: `This OpenSearch domain accepts plain HTTP requests (EnforceHTTPS is off when omitted)${TAIL}`,
          fixes: [osYaml('      NodeToNodeEncryptionOptions:\n        Enabled: false\n      DomainEndpointOptions:\n        EnforceHTTPS: true\n')],
        },
        {
          at: 'false',
          message: `This OpenSearch domain sends traffic between its nodes unencrypted (node-to-node encryption off)${TAIL}`,
          fixes: [osYaml('      NodeToNodeEncryptionOptions:\n        Enabled: true\n')],
        },
      ],
    },
    {
      name: 'TF: HTTP listener forwarding',
      format: 'terraform',
      code: listenerTf('  protocol          = "HTTP"', '    type             = "forward"\n    target_group_arn = aws_lb_target_group.web.arn\n'),
      errors: [{ at: '"HTTP"', message: 'This load balancer listener serves plain HTTP without redirecting to HTTPS, so requests and responses are readable on the network.' }],
    },
    {
      name: 'TF: listener without protocol (HTTP default) forwarding: reported at the action',
      format: 'terraform',
      code: listenerTf('', '    type             = "forward"\n    target_group_arn = aws_lb_target_group.web.arn\n'),
      errors: [{ at: '"forward"', message: 'This load balancer listener serves plain HTTP without redirecting to HTTPS, so requests and responses are readable on the network.' }],
    },
    {
      name: 'CFN JSON: redirect to HTTP',
      file: 'l.json',
      format: 'cloudformation',
      code: listenerJson([{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTP', Port: '80', StatusCode: 'HTTP_301' } }]),
      errors: [
        {
          at: '"HTTP"',
          message: 'This HTTP listener redirects to HTTP instead of HTTPS, so requests and responses stay readable on the network.',
          fixes: [{ output: listenerJson([{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '80', StatusCode: 'HTTP_301' } }]), title: 'Redirect to HTTPS (clients that cannot use TLS stop working)' }],
        },
      ],
    },
    {
      name: 'TF JSON: MSK TLS_PLAINTEXT and in-cluster off',
      format: 'terraform-json',
      code: mskTfJson('TLS_PLAINTEXT', false),
      errors: [
        {
          at: '"TLS_PLAINTEXT"',
          message: `This MSK cluster lets clients talk to brokers in plain text as well as TLS (ClientBroker TLS_PLAINTEXT)${TAIL}`,
          fixes: [{ output: mskTfJson('TLS', false), title: 'Set client_broker to TLS (plain-text clients are refused)' }],
        },
        { at: 'false', message: `This MSK cluster sends data between its brokers unencrypted (InCluster false)${TAIL}`, fixes: [mskTfJson('TLS_PLAINTEXT', true)] },
      ],
    },
    {
      name: 'TF: EFS volume without transit_encryption (DISABLED by default), reported at its block',
      format: 'terraform',
      code: ecsTf('    efs_volume_configuration {\n      file_system_id = "fs-1"\n    }\n'),
      errors: [
        {
          at: 'efs_volume_configuration',
          message: `This EFS volume of the ECS task definition is mounted without TLS (TransitEncryption is DISABLED when omitted)${TAIL}`,
          fixes: [ecsTf('    efs_volume_configuration {\n      file_system_id     = "fs-1"\n      transit_encryption = "ENABLED"\n    }\n')],
        },
      ],
    },
    {
      name: 'CFN YAML: rds.force_ssl 0 in a map whose key has a dot',
      format: 'cloudformation',
      code: pgYaml('AWS::RDS::DBParameterGroup', '        rds.force_ssl: 0\n        log_connections: 1\n'),
      errors: [
        {
          at: '0',
          message: `This RDS parameter group lets clients connect without TLS (rds.force_ssl 0)${TAIL}`,
          fixes: [{ output: pgYaml('AWS::RDS::DBParameterGroup', "        rds.force_ssl: '1'\n        log_connections: 1\n"), title: 'Set rds.force_ssl to 1 (clients connecting without TLS are refused; SQL Server applies it after a reboot)' }],
        },
      ],
    },
    {
      name: 'CFN YAML: Aurora cluster group with a quoted key and value',
      format: 'cloudformation',
      code: pgYaml('AWS::RDS::DBClusterParameterGroup', "        'rds.force_ssl': '0'\n"),
      errors: [{ at: "'0'", message: `This RDS parameter group lets clients connect without TLS (rds.force_ssl 0)${TAIL}`, fixes: [pgYaml('AWS::RDS::DBClusterParameterGroup', "        'rds.force_ssl': '1'\n")] }],
    },
    {
      name: 'CFN JSON: Aurora MySQL require_secure_transport OFF, fixed to ON',
      file: 'c.json',
      format: 'cloudformation',
      code: pgJson({ require_secure_transport: 'OFF', 'rds.force_ssl': '1' }),
      errors: [
        {
          at: '"OFF"',
          message: `This RDS parameter group lets clients connect without TLS (require_secure_transport OFF)${TAIL}`,
          fixes: [{ output: pgJson({ require_secure_transport: 'ON', 'rds.force_ssl': '1' }), title: 'Set require_secure_transport to ON (clients connecting without TLS are refused)' }],
        },
      ],
    },
    {
      name: 'TF: rds.force_ssl "0" among other parameter blocks',
      format: 'terraform',
      code: pgTf('aws_db_parameter_group', [['log_connections', '"1"'], ['rds.force_ssl', '"0"']]),
      errors: [
        {
          at: '"0"',
          message: `This RDS parameter group lets clients connect without TLS (rds.force_ssl 0)${TAIL}`,
          fixes: [{ output: pgTf('aws_db_parameter_group', [['log_connections', '"1"'], ['rds.force_ssl', '"1"']]), title: 'Set rds.force_ssl to 1 (clients connecting without TLS are refused; SQL Server applies it after a reboot)' }],
        },
      ],
    },
    {
      name: 'TF: Aurora cluster group require_secure_transport 0 (a number), fixed to 1',
      format: 'terraform',
      code: pgTf('aws_rds_cluster_parameter_group', [['require_secure_transport', '0']]),
      errors: [{ at: '0', message: `This RDS parameter group lets clients connect without TLS (require_secure_transport 0)${TAIL}`, fixes: [pgTf('aws_rds_cluster_parameter_group', [['require_secure_transport', '"1"']])] }],
    },
    {
      name: 'TF: require_secure_transport from a local',
      format: 'terraform',
      code: 'locals {\n  tls = "off"\n}\n' + pgTf('aws_db_parameter_group', [['require_secure_transport', 'local.tls']]),
      errors: [{ at: 'local.tls', message: `This RDS parameter group lets clients connect without TLS (require_secure_transport off) (from local.tls)${TAIL}` }],
    },
    {
      name: 'TF JSON: Redshift require_ssl false in a list of parameters',
      format: 'terraform-json',
      code: redshiftTfJson([{ name: 'enable_user_activity_logging', value: 'true' }, { name: 'require_ssl', value: 'false' }]),
      errors: [
        {
          at: '"false"',
          message: `This Redshift parameter group lets clients connect without TLS (require_ssl false)${TAIL}`,
          fixes: [
            {
              output: redshiftTfJson([{ name: 'enable_user_activity_logging', value: 'true' }, { name: 'require_ssl', value: 'true' }]),
              title: 'Set require_ssl to true (clients connecting without TLS are refused after the cluster reboots)',
            },
          ],
        },
      ],
    },
    {
      name: 'CFN YAML: Redshift require_ssl false in a ParameterName/ParameterValue list',
      format: 'cloudformation',
      code: redshiftYaml("'false'"),
      errors: [{ at: "'false'", message: `This Redshift parameter group lets clients connect without TLS (require_ssl false)${TAIL}`, fixes: [redshiftYaml("'true'")] }],
    },
    {
      name: 'TF: Redshift require_ssl false',
      format: 'terraform',
      code: pgTf('aws_redshift_parameter_group', [['require_ssl', '"false"']]),
      errors: [{ at: '"false"', message: `This Redshift parameter group lets clients connect without TLS (require_ssl false)${TAIL}`, fixes: [pgTf('aws_redshift_parameter_group', [['require_ssl', '"true"']])] }],
    },
    {
      name: 'CFN YAML: DocumentDB tls disabled',
      format: 'cloudformation',
      code: docdbYaml('disabled'),
      errors: [
        {
          at: 'disabled',
          message: `This DocumentDB cluster parameter group turns TLS off for client connections (tls disabled)${TAIL}`,
          fixes: [{ output: docdbYaml('enabled'), title: 'Set tls to enabled (clients connecting without TLS are refused after the cluster reboots)' }],
        },
      ],
    },
    {
      name: 'TF: DocumentDB tls disabled',
      format: 'terraform',
      code: pgTf('aws_docdb_cluster_parameter_group', [['tls', '"disabled"']]),
      errors: [{ at: '"disabled"', message: `This DocumentDB cluster parameter group turns TLS off for client connections (tls disabled)${TAIL}`, fixes: [pgTf('aws_docdb_cluster_parameter_group', [['tls', '"enabled"']])] }],
    },
    {
      name: 'CFN YAML: Transfer Family server offering FTP, reported at the FTP item (no fix)',
      format: 'cloudformation',
      code: transferYaml('        - FTPS\n        - FTP\n'),
      errors: [{ at: 'FTP', message: FTP }],
    },
    {
      name: 'CFN JSON: Transfer Family server offering FTP',
      file: 't.json',
      format: 'cloudformation',
      code: JSON.stringify({ Resources: { Files: { Type: 'AWS::Transfer::Server', Properties: { Protocols: ['ftp'] } } } }, null, 2) + '\n',
      errors: [{ at: '"ftp"', message: FTP }],
    },
    {
      name: 'TF: Transfer Family server offering FTP',
      format: 'terraform',
      code: 'resource "aws_transfer_server" "files" {\n  endpoint_type = "VPC"\n  protocols     = ["SFTP", "FTP"]\n}\n',
      errors: [{ at: '"FTP"', message: FTP }],
    },
    {
      name: 'TF JSON: Transfer Family server offering FTP',
      format: 'terraform-json',
      code: JSON.stringify({ resource: { aws_transfer_server: { files: { endpoint_type: 'VPC', protocols: ['FTP'] } } } }, null, 2) + '\n',
      errors: [{ at: '"FTP"', message: FTP }],
    },
    {
      name: 'CFN JSON: DMS endpoint with SslMode none',
      file: 'dms.json',
      code: dmsJson('none'),
      errors: [
        {
          at: '"none"',
          message: `This DMS endpoint connects to its database without TLS (SslMode none)${TAIL}`,
          fixes: [{ output: dmsJson('require'), title: 'Set SslMode to require (the database must accept TLS; verify-full also checks its certificate)' }],
        },
      ],
    },
    {
      name: 'CFN YAML: Aurora DMS endpoint without SslMode (none by default), reported at Properties',
      format: 'cloudformation',
      code: dmsYaml(''),
      errors: [
        {
          at: 'Properties',
          message: `This DMS endpoint connects to its database without TLS (SslMode is none when omitted)${TAIL}`,
          fixes: [dmsYaml('      SslMode: require\n')],
        },
      ],
    },
    {
      name: 'CFN JSON: DMS endpoint with SslMode none and the engine from a parameter (unknown engine: the written none is reported)',
      file: 'dms.json',
      code: dmsJson('none', { Ref: 'Engine' }),
      errors: [{ at: '"none"', message: `This DMS endpoint connects to its database without TLS (SslMode none)${TAIL}`, fixes: [dmsJson('require', { Ref: 'Engine' })] }],
    },
    {
      name: 'TF: DMS endpoint with ssl_mode none',
      format: 'terraform',
      code: 'resource "aws_dms_endpoint" "src" {\n  endpoint_id   = "src"\n  endpoint_type = "source"\n  engine_name   = "mysql"\n  ssl_mode      = "none"\n}\n',
      errors: [
        {
          at: '"none"',
          message: `This DMS endpoint connects to its database without TLS (SslMode none)${TAIL}`,
          fixes: ['resource "aws_dms_endpoint" "src" {\n  endpoint_id   = "src"\n  endpoint_type = "source"\n  engine_name   = "mysql"\n  ssl_mode      = "require"\n}\n'],
        },
      ],
    },
    {
      name: 'TF: SES v1 configuration set with tls_policy Optional: the fix keeps its spelling (Require)',
      format: 'terraform',
      code: sesTf('aws_ses_configuration_set', 'Optional'),
      errors: [
        {
          at: '"Optional"',
          message: `This SES configuration set delivers mail in plain text when the receiving server cannot negotiate TLS (TlsPolicy Optional)${TAIL}`,
          fixes: [{ output: sesTf('aws_ses_configuration_set', 'Require'), title: 'Set tls_policy to Require (mail to servers that cannot use TLS is no longer delivered)' }],
        },
      ],
    },
    {
      name: 'TF: SES v2 configuration set with tls_policy OPTIONAL',
      format: 'terraform',
      code: sesTf('aws_sesv2_configuration_set', 'OPTIONAL'),
      errors: [{ at: '"OPTIONAL"', message: `This SES configuration set delivers mail in plain text when the receiving server cannot negotiate TLS (TlsPolicy OPTIONAL)${TAIL}`, fixes: [sesTf('aws_sesv2_configuration_set', 'REQUIRE')] }],
    },
    {
      name: 'CFN YAML: SES configuration set with TlsPolicy OPTIONAL',
      format: 'cloudformation',
      code: sesYaml('OPTIONAL'),
      errors: [{ at: 'OPTIONAL', message: `This SES configuration set delivers mail in plain text when the receiving server cannot negotiate TLS (TlsPolicy OPTIONAL)${TAIL}`, fixes: [sesYaml('REQUIRE')] }],
    },
    {
      name: 'TF JSON: AppSync API cache without transit encryption',
      format: 'terraform-json',
      code: appsyncTfJson(false),
      errors: [
        {
          at: 'false',
          message: `This AppSync API cache is reached without in-transit encryption (TransitEncryptionEnabled false)${TAIL}`,
          fixes: [{ output: appsyncTfJson(true), title: 'Set transit_encryption_enabled to true (replaces the cache)' }],
        },
      ],
    },
    {
      name: 'CFN YAML: SNS subscription over plain HTTP (no fix: the endpoint must serve HTTPS)',
      format: 'cloudformation',
      code: 'Resources:\n  Hook:\n    Type: AWS::SNS::Subscription\n    Properties:\n      TopicArn: !Ref Topic\n      Protocol: http\n      Endpoint: http://hooks.example.com/sns\n',
      errors: [{ at: 'http', message: HTTP_SUB }],
    },
    {
      name: 'TF: SNS topic subscription with protocol HTTP (any case)',
      format: 'terraform',
      code: 'resource "aws_sns_topic_subscription" "hook" {\n  topic_arn = aws_sns_topic.t.arn\n  protocol  = "HTTP"\n  endpoint  = "http://hooks.example.com/sns"\n}\n',
      errors: [{ at: '"HTTP"', message: HTTP_SUB }],
    },
    {
      name: 'CFN YAML: REST method proxying to an http:// back end',
      format: 'cloudformation',
      code: methodYaml('http://backend.example.com/{proxy}'),
      errors: [
        {
          at: 'http://backend.example.com/{proxy}',
          message: BACKEND,
          // The plain scalar stays plain: its braces were there already (it is not in a flow collection).
          fixes: [{ output: methodYaml('https://backend.example.com/{proxy}'), title: 'Set Uri to https://backend.example.com/{proxy} (the back end must serve HTTPS with a certificate API Gateway trusts)' }],
        },
      ],
    },
    {
      name: 'TF: HTTP API integration to an HTTP:// URI (any case)',
      format: 'terraform',
      code: httpApiTf('HTTP://backend.example.com/orders'),
      errors: [{ at: '"HTTP://backend.example.com/orders"', message: BACKEND, fixes: [httpApiTf('https://backend.example.com/orders')] }],
    },
    {
      name: 'TF JSON: REST integration to an http:// back end',
      format: 'terraform-json',
      code: restTfJson('http://10.0.1.20:8080/api'),
      errors: [{ at: '"http://10.0.1.20:8080/api"', message: BACKEND, fixes: [restTfJson('https://10.0.1.20:8080/api')] }],
    },
    {
      name: 'CFN YAML: VPC Lattice listener on HTTP (no fix)',
      format: 'cloudformation',
      code: 'Resources:\n  Listener:\n    Type: AWS::VpcLattice::Listener\n    Properties:\n      Protocol: HTTP\n      Port: 80\n      ServiceIdentifier: !Ref Service\n      DefaultAction:\n        Forward:\n          TargetGroups:\n            - TargetGroupIdentifier: !Ref Targets\n',
      errors: [{ at: 'HTTP', message: LATTICE }],
    },
    {
      name: 'CFN YAML: Glue connection with JDBC_ENFORCE_SSL false (a key in a map)',
      format: 'cloudformation',
      code: glueYaml("'false'"),
      errors: [{ at: "'false'", message: `This Glue connection lets jobs reach its database without TLS (JDBC_ENFORCE_SSL false)${TAIL}`, fixes: [glueYaml("'true'")] }],
    },
    {
      name: 'TF: Glue connection with JDBC_ENFORCE_SSL false in its connection_properties map',
      format: 'terraform',
      code: glueTf('false'),
      errors: [
        {
          at: '"false"',
          message: `This Glue connection lets jobs reach its database without TLS (JDBC_ENFORCE_SSL false)${TAIL}`,
          fixes: [{ output: glueTf('true'), title: 'Set JDBC_ENFORCE_SSL to true (the database must accept TLS)' }],
        },
      ],
    },
    {
      name: 'TF: Lightsail distribution fetching its origin over HTTP',
      format: 'terraform',
      code: lightsailTf('http-only'),
      errors: [
        {
          at: '"http-only"',
          message: `This Lightsail distribution fetches from its origin over plain HTTP (origin protocol policy http-only)${TAIL}`,
          fixes: [{ output: lightsailTf('https-only'), title: 'Set protocol_policy to https-only (the origin must serve HTTPS)' }],
        },
      ],
    },
    {
      name: 'CFN YAML: Lightsail distribution fetching its origin over HTTP',
      format: 'cloudformation',
      code: 'Resources:\n  Site:\n    Type: AWS::Lightsail::Distribution\n    Properties:\n      DistributionName: site\n      BundleId: small_1_0\n      DefaultCacheBehavior:\n        Behavior: cache\n      Origin:\n        Name: web\n        RegionName: eu-west-1\n        ProtocolPolicy: http-only\n',
      errors: [
        {
          at: 'http-only',
          message: `This Lightsail distribution fetches from its origin over plain HTTP (origin protocol policy http-only)${TAIL}`,
          fixes: ['Resources:\n  Site:\n    Type: AWS::Lightsail::Distribution\n    Properties:\n      DistributionName: site\n      BundleId: small_1_0\n      DefaultCacheBehavior:\n        Behavior: cache\n      Origin:\n        Name: web\n        RegionName: eu-west-1\n        ProtocolPolicy: https-only\n'],
        },
      ],
    },
  ],
  corpus: corpus(),
});
