#!/usr/bin/env node
// Development-time generator for the CloudFormation data tables in server/src/engine/data/.
//
//   node scripts/gen-cfn-data.mjs            regenerate the JSON tables and print counts
//                                            (also checks the CloudFormation paths of settings.json)
//   node scripts/gen-cfn-data.mjs --check    exit 1 when the committed tables differ from a fresh run
//   node scripts/gen-cfn-data.mjs --review   also list every policy-like candidate that was rejected
//
// Source: the CloudFormation resource specification database shipped by the npm package
// `@aws-cdk/aws-service-spec` (devDependency; never loaded at install, build or run time — only the
// generated JSON is committed and bundled). After bumping that package, run this script, read the
// diff of the tables (and `--review`), and update server/src/engine/data/README.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const outDir = join(root, 'server/src/engine/data');
const POLICY_FILE = join(outDir, 'cfn-policy-properties.json');
const NAME_FILE = join(outDir, 'cfn-name-properties.json');
const args = new Set(process.argv.slice(2));

// ================================================================================================
// HAND-MAINTAINED OVERRIDES
// Everything the specification cannot tell by itself lives in this section. Keys are
// `<CloudFormation type>/<property path joined with ".">`, with `*` for a list item or map value.
// ================================================================================================

/**
 * Policy-named JSON properties that are NOT IAM policy documents (own formats: data protection,
 * redrive, delivery retry, filter, field index, network, Cedar...). Also applied to string-typed
 * candidates.
 */
const NOT_IAM_POLICY = new Set([
  'AWS::Logs::LogGroup/DataProtectionPolicy', // CloudWatch Logs data protection policy (DataIdentifier/Operation)
  'AWS::Logs::LogGroup/FieldIndexPolicies', // field index policies
  'AWS::Logs::AccountPolicy/PolicyDocument', // data protection / subscription filter / field index account policies
  'AWS::SNS::Topic/DataProtectionPolicy', // SNS message data protection policy
  'AWS::SNS::Topic/ArchivePolicy', // FIFO message archive retention
  'AWS::SNS::Subscription/DeliveryPolicy', // HTTP delivery retry policy
  'AWS::SNS::Subscription/FilterPolicy', // message filter policy
  'AWS::SNS::Subscription/RedrivePolicy', // dead-letter queue target
  'AWS::SNS::Subscription/ReplayPolicy', // replay settings
  'AWS::SQS::Queue/RedrivePolicy', // dead-letter queue settings
  'AWS::SQS::Queue/RedriveAllowPolicy', // redrive permission (own format, not IAM)
  'AWS::NetworkManager::CoreNetwork/PolicyDocument', // Cloud WAN core network policy
  'AWS::EC2::VerifiedAccessEndpoint/PolicyDocument', // Cedar
  'AWS::EC2::VerifiedAccessGroup/PolicyDocument', // Cedar
  'AWS::OpenSearchServerless::AccessPolicy/Policy', // data access policy (Rules/Principal list, not IAM)
  'AWS::OpenSearchServerless::SecurityPolicy/Policy', // encryption / network policy
  'AWS::OpenSearchServerless::LifecyclePolicy/Policy', // retention rules
  'AWS::ECR::Repository/LifecyclePolicy.LifecyclePolicyText', // image lifecycle rules
  'AWS::ECR::RepositoryCreationTemplate/LifecyclePolicy', // image lifecycle rules
  'AWS::MediaStore::Container/LifecyclePolicy', // object lifecycle rules
  'AWS::SSM::Parameter/Policies', // parameter expiration / notification policies
  'AWS::WorkSpacesWeb::BrowserSettings/BrowserPolicy', // Chrome enterprise policies
  'AWS::Config::ConfigRule/Source.CustomPolicyDetails.PolicyText', // Guard rules
  'AWS::Config::OrganizationConfigRule/OrganizationCustomPolicyRuleMetadata.PolicyText', // Guard rules
  'AWS::MPA::ApprovalTeam/Policies', // list of approval policy ARNs
]);

/**
 * Properties holding an IAM policy that the automatic pass does not find (name lacks "Polic", or
 * string-typed with documentation that does not say so). Value: extra fields for the entry.
 */
const EXTRA_POLICY_PROPERTIES = {
  // Organizations policy content is an IAM-grammar document only for SCPs and RCPs.
  'AWS::Organizations::Policy/Content': [
    { kind: 'identity', when: { property: 'Type', values: ['SERVICE_CONTROL_POLICY'] } },
    { kind: 'resource', when: { property: 'Type', values: ['RESOURCE_CONTROL_POLICY'] } },
  ],
  'AWS::Organizations::ResourcePolicy/Content': [{ kind: 'resource' }],
  // RAM permission template: one statement's Effect/Action/Condition (no Principal/Resource).
  'AWS::RAM::Permission/PolicyTemplate': [{ kind: 'resource', shape: 'statement' }],
  // A single statement, not a document.
  'AWS::Events::EventBusPolicy/Statement': [{ kind: 'resource', shape: 'statement', attachedTo: ['EventBusName'] }],
  // String-typed IAM policies whose documentation is not explicit enough for the heuristic.
  'AWS::MediaStore::Container/Policy': [{ kind: 'resource' }],
  'AWS::EKS::PodIdentityAssociation/Policy': [{ kind: 'identity' }], // session policy
  'AWS::ECR::RepositoryCreationTemplate/RepositoryPolicy': [{ kind: 'resource' }],
  'AWS::RUM::AppMonitor/ResourcePolicy.PolicyDocument': [{ kind: 'resource' }],
  'AWS::PaymentCryptography::Key/Policy': [{ kind: 'resource' }],
  'AWS::BedrockAgentCore::ResourcePolicy/Policy': [{ kind: 'resource', attachedTo: ['ResourceArn'] }],
  'AWS::ODB::OdbNetwork/S3PolicyDocument': [{ kind: 'resource' }], // endpoint policies
  'AWS::ODB::OdbNetwork/KmsPolicyDocument': [{ kind: 'resource' }],
  'AWS::ODB::OdbNetwork/StsPolicyDocument': [{ kind: 'resource' }],
  'AWS::Comprehend::DocumentClassifier/ModelPolicy': [{ kind: 'resource' }],
  'AWS::Comprehend::EntityRecognizer/ModelPolicy': [{ kind: 'resource' }],
};

/** Identity policies: attached to (or restricting) a principal rather than a resource. */
const IDENTITY_TYPES = new Set([
  'AWS::IAM::Role', // Policies[].PolicyDocument (AssumeRolePolicyDocument is trust, below)
  'AWS::IAM::User',
  'AWS::IAM::Group',
  'AWS::IAM::Policy',
  'AWS::IAM::ManagedPolicy',
  'AWS::IAM::RolePolicy',
  'AWS::IAM::UserPolicy',
  'AWS::IAM::GroupPolicy',
  'AWS::SSO::PermissionSet', // InlinePolicy
  'AWS::IoT::Policy', // attached to certificates / Cognito identities
  'AWS::Serverless::Function', // SAM Policies (AssumeRolePolicyDocument is trust)
  'AWS::Serverless::StateMachine',
]);
/** Session policies: they cap a principal's permissions, so they are identity policies too. */
const IDENTITY_PROPERTIES = new Set([
  'AWS::Transfer::User/Policy',
  'AWS::RolesAnywhere::Profile/SessionPolicy',
  'AWS::EKS::PodIdentityAssociation/Policy',
]);
/** Trust policies (who may assume a role). */
const TRUST_PROPERTY_NAMES = new Set(['AssumeRolePolicyDocument']);

/**
 * Stand-alone policy resources: the properties naming the resource(s) the policy is attached to.
 * A policy resource found by the generator and missing here is reported as a warning.
 * `null`: attached to the account / registry / organisation / by a separate attachment resource.
 */
const ATTACHED_TO = {
  'AWS::S3::BucketPolicy': ['Bucket'],
  'AWS::S3Express::BucketPolicy': ['Bucket'],
  'AWS::S3Outposts::BucketPolicy': ['Bucket'],
  'AWS::S3::MultiRegionAccessPointPolicy': ['MrapName'],
  'AWS::S3ObjectLambda::AccessPointPolicy': ['ObjectLambdaAccessPoint'],
  'AWS::S3Tables::TableBucketPolicy': ['TableBucketARN'],
  'AWS::S3Tables::TablePolicy': ['TableARN'],
  'AWS::S3Vectors::VectorBucketPolicy': ['VectorBucketArn', 'VectorBucketName'],
  'AWS::S3Files::FileSystemPolicy': ['FileSystemId'],
  'AWS::SQS::QueuePolicy': ['Queues'],
  'AWS::SQS::QueueInlinePolicy': ['Queue'],
  'AWS::SNS::TopicPolicy': ['Topics'],
  'AWS::SNS::TopicInlinePolicy': ['TopicArn'],
  'AWS::SecretsManager::ResourcePolicy': ['SecretId'],
  'AWS::CloudTrail::ResourcePolicy': ['ResourceArn'],
  'AWS::EventSchemas::RegistryPolicy': ['RegistryName'],
  'AWS::IAM::Policy': ['Roles', 'Users', 'Groups'],
  'AWS::IAM::ManagedPolicy': ['Roles', 'Users', 'Groups'],
  'AWS::IAM::RolePolicy': ['RoleName'],
  'AWS::IAM::UserPolicy': ['UserName'],
  'AWS::IAM::GroupPolicy': ['GroupName'],
  'AWS::Lex::ResourcePolicy': ['ResourceArn'],
  'AWS::MSK::ClusterPolicy': ['ClusterArn'],
  'AWS::MediaPackageV2::ChannelPolicy': ['ChannelGroupName', 'ChannelName'],
  'AWS::MediaPackageV2::OriginEndpointPolicy': ['ChannelGroupName', 'ChannelName', 'OriginEndpointName'],
  'AWS::MediaTailor::ChannelPolicy': ['ChannelName'],
  'AWS::SSM::ResourcePolicy': ['ResourceArn'],
  'AWS::VpcLattice::AuthPolicy': ['ResourceIdentifier'],
  'AWS::VpcLattice::ResourcePolicy': ['ResourceArn'],
  'AWS::Bedrock::KnowledgeBasePolicy': ['KnowledgeBaseId'],
  'AWS::Bedrock::ResourcePolicy': ['ResourceArn'],
  'AWS::EventsV2::ResourcePolicy': ['EventBusArn'],
  'AWS::Kinesis::ResourcePolicy': ['ResourceArn'],
  'AWS::Lambda::ResourcePolicy': ['ResourceArn'],
  'AWS::SMSVOICE::ResourcePolicy': ['ResourceArn'],
  'AWS::APS::ResourcePolicy': ['WorkspaceArn'],
  'AWS::BedrockAgentCore::ResourcePolicy': ['ResourceArn'],
  'AWS::Events::EventBusPolicy': ['EventBusName'],
  'AWS::ECR::RegistryPolicy': null, // the account's registry
  'AWS::Logs::ResourcePolicy': null, // account-level CloudWatch Logs resource policy
  'AWS::IoT::Policy': null, // attached by AWS::IoT::PolicyPrincipalAttachment
  'AWS::XRay::ResourcePolicy': null, // account-level
  'AWS::Organizations::ResourcePolicy': null, // the organisation
  'AWS::Organizations::Policy': ['TargetIds'],
};

/**
 * Nested name properties worth listing (top-level names, and descriptions/comments one level
 * down, are found automatically; so is `<Something>Config.Name` / `<Something>Input.Name`, the
 * resource's own name for CloudFront and Glue types).
 */
const NOTABLE_NESTED_NAMES = new Set([
  'AWS::IAM::Role/Policies.*.PolicyName',
  'AWS::IAM::User/Policies.*.PolicyName',
  'AWS::IAM::Group/Policies.*.PolicyName',
  'AWS::Glue::Database/DatabaseInput.Name',
  'AWS::ECS::TaskDefinition/ContainerDefinitions.*.Name',
  'AWS::Cognito::UserPool/Schema.*.Name',
]);

/** `<X>Name` on a type of another service refers to an existing X (a bucket, log group...). */
const CROSS_SERVICE_REFERENCES = new Set(['Bucket', 'S3Bucket', 'LogGroup', 'CloudWatchLogGroup', 'LogStream', 'Topic', 'SnsTopic', 'Queue', 'SqsQueue', 'Role', 'IamRole', 'InstanceProfile', 'Function', 'LambdaFunction', 'KeyPair', 'StateMachine', 'SecurityGroup', 'EC2SecurityGroup']);

// ================================================================================================
// END OF OVERRIDES
// ================================================================================================

const specPkg = require('@aws-cdk/aws-service-spec/package.json');
const { loadAwsServiceSpecSync } = require('@aws-cdk/aws-service-spec');
const db = loadAwsServiceSpecSync();
const resources = db.all('resource').sort((a, b) => (a.cloudFormationType < b.cloudFormationType ? -1 : 1));

// ---------- type helpers -------------------------------------------------------------------------

function leafTypes(t) {
  return t.type === 'union' ? t.types.flatMap(leafTypes) : [t];
}
const hasJson = (t) => leafTypes(t).some((x) => x.type === 'json');
/** A list or map of JSON values (each element is one document). */
const isJsonCollection = (t) => leafTypes(t).some((x) => (x.type === 'array' || x.type === 'map') && hasJson(x.element));
const hasString = (t) => leafTypes(t).some((x) => x.type === 'string');
/** SAM models policy documents as a typed `IAMPolicyDocument` (Version/Statement). */
function isSamPolicyDoc(t) {
  return leafTypes(t).some((x) => {
    if (x.type !== 'ref') return false;
    const td = db.get('typeDefinition', x.reference);
    return td.name === 'IAMPolicyDocument' || ('Statement' in td.properties && 'Version' in td.properties);
  });
}
/** A plain string without an enumeration of allowed values (a free-form value). */
function isFreeString(t) {
  return leafTypes(t).some((x) => x.type === 'string' && !(x.allowedValues && x.allowedValues.length));
}

/**
 * Visit every property of a resource, descending into nested property types. `path` uses `*` for
 * list items and map values. Recursive types are cut at the first repetition; depth is capped.
 */
function walk(resource, visit, maxDepth = 8) {
  const rec = (props, path, seen, depth) => {
    for (const [name, prop] of Object.entries(props)) {
      const p = [...path, name];
      visit(p, prop, depth);
      const descend = (t, pp) => {
        if (t.type === 'array' || t.type === 'map') return descend(t.element, [...pp, '*']);
        if (t.type === 'union') return t.types.forEach((x) => descend(x, pp));
        if (t.type !== 'ref' || depth >= maxDepth) return;
        const td = db.get('typeDefinition', t.reference);
        if (seen.has(td.$id)) return;
        rec(td.properties, pp, new Set([...seen, td.$id]), depth + 1);
      };
      descend(prop.type, p);
    }
  };
  rec(resource.properties, [], new Set(), 0);
}

// ---------- 1. policy properties ------------------------------------------------------------------

// A leaf name that may hold a policy document...
const POLICY_NAME_RE = /(Polic(y|ies)|PolicyDocument|PolicyText|AccessPolicies)$/;
// ...but not one that holds an ARN, id, name, type, enum or other scalar about a policy.
const POLICY_NAME_NOT_RE =
  /(Arn|Arns|Id|Ids|Name|Names|Type|Label|Runtime|Language|Scope|Behavior|Description|Permission|Number|RevisionId)$|^(Security|TLSSecurity|Ssl|Tls|Https|Routing|Protocol|ViewerProtocol|OriginProtocol|ImagePull|Dns|Fill|Retention|Deletion|DeletePropagation|DataDeletion|Execution|ScriptCaching|ActionFailure|UserContext|Permission|NewGameSessionProtection|GameServerProtection|ExcessCapacityTermination|Snapshot|AutoImport|Safeguard|LanguageSelection|Default|WebAppEndpoint|Lifecycle|Delivery|Filter|Redrive|Replay|Archive|DataProtection|Referrer|ContentSecurity|FSxLustreDeletion|UlRate|DlRate|Metric|Cors)Polic/;
// Documentation that says the value is an IAM policy.
const IAM_DOC_RE =
  /\b(IAM|resource[- ]based|access|permissions?|trust|key|endpoint|session|bucket|repository|registry|vault|domain|auth)\s+polic(y|ies)\b|\bpolicy document\b|\bIAM\b.*\bpolicy\b|"Statement"|\\"Statement\\"|\bStatement\b.*\bEffect\b/i;

const policyTable = {};
const rejected = [];
const scrutinyPolicyProps = [];
const allPaths = new Set();
let candidates = 0;

function kindFor(type, pathKey, leaf) {
  if (TRUST_PROPERTY_NAMES.has(leaf)) return 'trust';
  if (IDENTITY_PROPERTIES.has(`${type}/${pathKey}`) || IDENTITY_TYPES.has(type)) return 'identity';
  return 'resource';
}

function addPolicy(type, path, fields) {
  const entry = { path, ...fields };
  (policyTable[type] ??= []).push(entry);
}

for (const r of resources) {
  const type = r.cloudFormationType;
  walk(r, (path, prop) => {
    const leaf = path[path.length - 1];
    const key = `${type}/${path.join('.')}`;
    allPaths.add(key);
    if (EXTRA_POLICY_PROPERTIES[key]) {
      for (const extra of EXTRA_POLICY_PROPERTIES[key]) addPolicy(type, path, { kind: kindFor(type, path.join('.'), leaf), ...extra });
      return;
    }
    if (prop.scrutinizable === 'InlineResourcePolicy' || prop.scrutinizable === 'InlineIdentityPolicies') {
      scrutinyPolicyProps.push(key);
    }
    if (!POLICY_NAME_RE.test(leaf)) return;
    const json = hasJson(prop.type);
    const jsonList = isJsonCollection(prop.type);
    const sam = isSamPolicyDoc(prop.type);
    const str = hasString(prop.type);
    if (!json && !jsonList && !sam && !str) return;
    candidates++;
    const doc = prop.documentation ?? '';
    let why;
    if (NOT_IAM_POLICY.has(key)) why = 'override: not an IAM policy';
    else if (POLICY_NAME_NOT_RE.test(leaf)) why = 'name: scalar about a policy';
    else if (!json && !jsonList && !sam && (!IAM_DOC_RE.test(doc) || /\bARN\b|Amazon Resource Name/.test(doc.slice(0, 80)))) {
      // JSON-valued "…Policy" properties are IAM policies unless NOT_IAM_POLICY says otherwise
      // (read the table after each regeneration); plain strings need documentation saying so.
      why = 'string: documentation does not describe an IAM policy';
    }
    if (why) {
      rejected.push(`${key}\t${why}`);
      return;
    }
    addPolicy(type, jsonList && !json ? [...path, '*'] : path, { kind: kindFor(type, path.join('.'), leaf) });
  });
}

// SAM: `Policies` may also be a list mixing managed policy names, documents and SAM templates.
for (const type of ['AWS::Serverless::Function', 'AWS::Serverless::StateMachine']) {
  const list = policyTable[type];
  if (list?.some((e) => e.path.join('.') === 'Policies')) list.push({ path: ['Policies', '*'], kind: 'identity' });
}

for (const list of Object.values(policyTable)) list.sort((a, b) => (a.path.join('.') < b.path.join('.') ? -1 : a.path.join('.') > b.path.join('.') ? 1 : 0));

// attachedTo for stand-alone policy resources.
const warnings = [];
for (const r of resources) {
  const type = r.cloudFormationType;
  const entries = policyTable[type];
  const standalone =
    r.scrutinizable === 'ResourcePolicyResource' || r.scrutinizable === 'IdentityPolicyResource' || /(Policy|ResourcePolicy)$/.test(r.name);
  if (!entries) {
    if (r.scrutinizable === 'ResourcePolicyResource' || r.scrutinizable === 'IdentityPolicyResource')
      warnings.push(`${type}: flagged as a policy resource by the spec but no policy property found`);
    continue;
  }
  if (!standalone) continue;
  if (!(type in ATTACHED_TO)) {
    warnings.push(`${type}: stand-alone policy resource without an ATTACHED_TO entry`);
    continue;
  }
  const at = ATTACHED_TO[type];
  if (!at) continue;
  for (const p of at) if (!(p in r.properties)) warnings.push(`${type}: ATTACHED_TO names missing property ${p}`);
  for (const e of entries) if (e.path.length === 1 && !e.attachedTo) e.attachedTo = at;
}
for (const key of Object.keys(EXTRA_POLICY_PROPERTIES)) {
  const [type, p] = key.split('/');
  if (!policyTable[type]?.some((e) => e.path.join('.') === p)) warnings.push(`${key}: EXTRA_POLICY_PROPERTIES entry not found in the spec`);
}
for (const key of NOT_IAM_POLICY) if (!allPaths.has(key)) warnings.push(`${key}: NOT_IAM_POLICY entry not found in the spec`);
for (const key of scrutinyPolicyProps) {
  const [type, p] = key.split('/');
  if (!policyTable[type]?.some((e) => e.path.join('.').startsWith(p)) && !NOT_IAM_POLICY.has(key))
    warnings.push(`${key}: the spec marks it as an inline policy but it is not in the table`);
}

// ---------- 2. name / description / tag properties ------------------------------------------------

const NAME_RE = /(Name|^Alias|AliasName|^Title)$/;
const DESC_RE = /(Description|Comment)$/;
// Names that are enumerations or references in practice even when typed as free strings.
const NAME_NOT_RE = /^(Engine|Runtime|Instance|Node|Cache|DB|Storage|Volume|Metric|Namespace|Statistic|Dimension|Protocol|Architecture|Platform|Region|Availability|Zone|Cipher|Handler)?(Type|Class)Name$|^(Hosted|Availability)?ZoneName$|^(Region|Partition|Country|Language|Locale|Timezone|TimeZone|Image|Stack|Template|Aws|AWSService|Service|Metric|Namespace|Alarm|SolutionStack|Engine|SecurityPolicy|TlsPolicy|CharacterSet|NcharCharacterSet|MaintenanceTrack)Name$/;

const NESTED_NAME_RE = /^[A-Za-z]+(Config|Input)\.Name$/;
/** Per service namespace (`AWS::IAM`): resource names (`Role`) and single-property identifiers (`RoleName`). */
const serviceIndex = new Map();
for (const r of resources) {
  const ns = r.cloudFormationType.split('::').slice(0, 2).join('::');
  if (!serviceIndex.has(ns)) serviceIndex.set(ns, { names: new Set(), identifiers: new Map() });
  const e = serviceIndex.get(ns);
  e.names.add(r.name);
  if (r.primaryIdentifier?.length === 1) e.identifiers.set(r.primaryIdentifier[0], r.cloudFormationType);
}
/**
 * A name property that refers to another resource rather than naming this one: a relationship
 * reference to the same property name elsewhere (AWS::IAM::RolePolicy RoleName → AWS::IAM::Role
 * RoleName), `<X>Name` where X is another resource of the same service (AWS::Glue::Table
 * DatabaseName) or in CROSS_SERVICE_REFERENCES, or the identifier of another resource of the same
 * service (AWS::EC2::Instance KeyName → AWS::EC2::KeyPair). The spec's relationship references
 * are not all right (AWS::Logs::LogGroup LogGroupName "refers" to a Lambda FunctionName), so only
 * same-name ones count.
 */
function isReferenceName(r, leaf, prop) {
  const m = /^(.+)Name$/.exec(leaf);
  if (!m || m[1] === r.name) return false;
  if (prop.relationshipRefs?.some((x) => x.propertyName === leaf && x.cloudFormationType !== r.cloudFormationType)) return true;
  const e = serviceIndex.get(r.cloudFormationType.split('::').slice(0, 2).join('::'));
  const idOf = e.identifiers.get(leaf);
  return e.names.has(m[1]) || CROSS_SERVICE_REFERENCES.has(m[1]) || (idOf !== undefined && idOf !== r.cloudFormationType);
}
const seenNested = new Set();
const nameTable = {};
let nameCount = 0;
let descCount = 0;
for (const r of resources) {
  const type = r.cloudFormationType;
  const names = [];
  const descriptions = [];
  walk(
    r,
    (path, prop, depth) => {
      const leaf = path[path.length - 1];
      const p = path.join('.');
      if (!isFreeString(prop.type)) return;
      if (NOTABLE_NESTED_NAMES.has(`${type}/${p}`)) {
        seenNested.add(`${type}/${p}`);
        names.push(p);
        return;
      }
      // A name that references another resource (RolePolicy.RoleName...) is that resource's name.
      if (isReferenceName(r, leaf, prop)) return;
      if (DESC_RE.test(leaf)) descriptions.push(p);
      else if (NAME_RE.test(leaf) && (leaf === `${r.name}Name` || !NAME_NOT_RE.test(leaf)) && (depth === 0 || NESTED_NAME_RE.test(p))) names.push(p);
    },
    1,
  );
  const ti = r.tagInformation;
  const tags = ti ? (ti.variant === 'map' ? 'map' : 'list') : null;
  // Top-level properties first (in specification order), then nested ones.
  const byDepth = (a, b) => (a.includes('.') ? 1 : 0) - (b.includes('.') ? 1 : 0);
  names.sort(byDepth);
  descriptions.sort(byDepth);
  if (!names.length && !descriptions.length && !tags) continue;
  const entry = {};
  if (names.length) entry.names = names;
  if (descriptions.length) entry.descriptions = descriptions;
  entry.tags = tags;
  if (ti && ti.tagPropertyName !== 'Tags') entry.tagProperty = ti.tagPropertyName;
  nameTable[type] = entry;
  nameCount += names.length;
  descCount += descriptions.length;
}

for (const key of NOTABLE_NESTED_NAMES) if (!seenNested.has(key)) warnings.push(`${key}: NOTABLE_NESTED_NAMES entry not found (or not a free-form string)`);

// ---------- 3. settings table check and facts ------------------------------------------------------

// The hand-kept settings table (server/src/engine/data/settings.json) names CloudFormation types and
// property paths. Every one must exist in the specification; for each, the specification's facts
// (required, default value, allowed values) are written to cfn-setting-facts.json.
const SETTINGS_FILE = join(outDir, 'settings.json');
const FACTS_FILE = join(outDir, 'cfn-setting-facts.json');
const settingsTable = JSON.parse(readFileSync(SETTINGS_FILE, 'utf8'));
const factsTable = {};
const settingErrors = [];
for (const [name, setting] of Object.entries(settingsTable.settings)) {
  if (!setting.cloudformation) continue;
  const kind = settingsTable.resources[setting.resource];
  if (!kind) {
    settingErrors.push(`${name}: unknown resource kind ${setting.resource}`);
    continue;
  }
  for (const type of kind.cloudformation ?? []) {
    const res = resources.find((r) => r.cloudFormationType === type);
    if (!res) {
      settingErrors.push(`${name}: ${type} is not in the specification`);
      continue;
    }
    let props = res.properties;
    let prop;
    // Segments split at dots outside quotes and brackets: `Parameters."rds.force_ssl"`, `Parameters[ParameterName=require_ssl].ParameterValue`.
    const segs = setting.cloudformation.match(/(?:"[^"]*"|\[[^\]]*\]|[^.])+/g);
    for (let i = 0; i < segs.length; i++) {
      if (/^"[^"]+"$/.test(segs[i])) {
        // A key of a map (a JSON object or a map property): the specification does not list the keys.
        if (!prop || !leafTypes(prop.type).some((x) => x.type === 'json' || x.type === 'map')) {
          settingErrors.push(`${name}: ${type} ${segs.slice(0, i).join('.')} is not a map, so it has no key ${segs[i]}`);
          prop = undefined;
          break;
        }
        prop = { required: false, type: { type: 'string' } };
        props = undefined;
        continue;
      }
      const m = /^([A-Za-z0-9_]+)(?:(\[\])|\[([A-Za-z0-9_]+)=[^\]]+\])?$/.exec(segs[i]);
      prop = m && props ? props[m[1]] : undefined;
      if (!prop) {
        settingErrors.push(`${name}: ${type} has no property ${segs.slice(0, i + 1).join('.')}`);
        break;
      }
      let t = prop.type;
      if (m[2] || m[3]) {
        if (t.type !== 'array') {
          settingErrors.push(`${name}: ${type} ${segs.slice(0, i + 1).join('.')} is not a list`);
          prop = undefined;
          break;
        }
        t = t.element;
      }
      props = t.type === 'ref' ? db.get('typeDefinition', t.reference).properties : undefined;
      if (m[3] && !props?.[m[3]]) {
        settingErrors.push(`${name}: ${type} ${segs.slice(0, i + 1).join('.')}: the items have no property ${m[3]}`);
        prop = undefined;
        break;
      }
    }
    if (!prop) continue;
    const leaf = leafTypes(prop.type).find((x) => x.allowedValues?.length);
    const fact = { required: !!prop.required };
    if (prop.defaultValue !== undefined) fact.default = JSON.parse(prop.defaultValue);
    if (leaf) fact.allowedValues = leaf.allowedValues;
    (factsTable[type] ??= {})[setting.cloudformation] = fact;
  }
}
if (settingErrors.length) {
  for (const e of settingErrors) console.error(`settings.json: ${e}`);
  process.exit(1);
}

// ---------- output ------------------------------------------------------------------------------

/** Compact JSON, one resource type per line, stable order. */
function render(table, meta) {
  const lines = [`"$meta":${JSON.stringify(meta)}`];
  for (const type of Object.keys(table).sort()) lines.push(`${JSON.stringify(type)}:${JSON.stringify(table[type])}`);
  return `{\n${lines.join(',\n')}\n}\n`;
}
const meta = {
  source: `${specPkg.name}@${specPkg.version}`,
  generator: 'scripts/gen-cfn-data.mjs',
  license: 'Apache-2.0 (derived from the AWS CloudFormation resource specification as packaged by @aws-cdk/aws-service-spec)',
};
const policyJson = render(policyTable, meta);
const nameJson = render(nameTable, meta);
const factsJson = render(factsTable, meta);

const policyProps = Object.values(policyTable).reduce((n, l) => n + l.length, 0);
const byKind = {};
for (const l of Object.values(policyTable)) for (const e of l) byKind[e.kind] = (byKind[e.kind] ?? 0) + 1;
const tagged = Object.values(nameTable).filter((e) => e.tags).length;

console.log(`source: ${meta.source} (${resources.length} resource types)`);
console.log(
  `policy properties: ${Object.keys(policyTable).length} types, ${policyProps} properties (${Object.entries(byKind)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ')}); ${candidates} policy-named candidates, ${rejected.length} rejected; ${(policyJson.length / 1024).toFixed(1)} KB`,
);
console.log(
  `name properties: ${Object.keys(nameTable).length} types, ${nameCount} names, ${descCount} descriptions, ${tagged} taggable; ${(nameJson.length / 1024).toFixed(1)} KB`,
);
for (const w of warnings) console.warn(`warning: ${w}`);
if (args.has('--review')) {
  console.log('\nrejected candidates:');
  for (const r of rejected) console.log(`  ${r}`);
}

if (args.has('--check')) {
  const same = (f, s) => {
    try {
      return readFileSync(f, 'utf8') === s;
    } catch {
      return false;
    }
  };
  const ok = same(POLICY_FILE, policyJson) && same(NAME_FILE, nameJson) && same(FACTS_FILE, factsJson);
  console.log(ok ? 'tables are up to date' : 'tables differ from a fresh generation: run node scripts/gen-cfn-data.mjs and commit server/src/engine/data/');
  process.exit(ok ? 0 : 1);
}
writeFileSync(POLICY_FILE, policyJson);
writeFileSync(NAME_FILE, nameJson);
writeFileSync(FACTS_FILE, factsJson);
