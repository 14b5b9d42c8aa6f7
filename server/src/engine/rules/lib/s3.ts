/**
 * S3 buckets and the bucket policies attached to them, within one template or Terraform module:
 * which bucket a bucket policy is for (a reference, or a literal name equal to a bucket's
 * `BucketName` / `bucket`), and which buckets have no policy at all. Shared by DP201 (a policy
 * without the TLS deny, reported on its bucket) and DP204 (a bucket without any policy).
 */
import type { Condition, Model, PolicyDocument, Resource, Statement } from '../../model/model';
import { instanceReference, referencedResource } from '../../model/links';
import { resourcesOf, settingValues, writtenSettingValues } from '../../model/settings';
import { boolConditionMatches, conditionsOn, coversAllActions, effectOf, mentionsS3, principalIsEveryone } from './policy-checks';
import { OwnerMemo } from '../../model/memo';

/** A CloudFormation registry type name: `AWS::S3::Bucket`, `Custom::Thing`, `Org::Service::Thing::MODULE`. */
const REGISTRY_TYPE = /^[A-Za-z0-9]+(?:::[A-Za-z0-9_-]+){1,3}$/;

const BUCKET_POLICY_TYPES = new Set(['AWS::S3::BucketPolicy', 'aws_s3_bucket_policy', 'aws_s3_bucket']);

// At module level: no closure made per statement.
const requiresNoTls = (c: Condition) => boolConditionMatches(c, 'false');

/**
 * Whether a statement denies S3 requests sent without TLS: a Deny (or an effect known only at deploy
 * time: never a violation) for every principal, on every S3 action, with `aws:SecureTransport` false.
 */
export function deniesInsecureTransport(s: Statement): boolean {
  const effect = effectOf(s);
  if (effect === 'allow') return false;
  if (!conditionsOn(s, 'aws:SecureTransport').some(requiresNoTls)) return false;
  if (effect === undefined) return true;
  return principalIsEveryone(s.principal) || !!s.notPrincipal ? coversAllActions(s.action, 's3') || !!s.notAction : false;
}

/** Whether a policy document is an S3 bucket policy (or, standalone, reads like one). */
export function isBucketPolicy(doc: PolicyDocument): boolean {
  // The `policy` input of an s3-bucket module call: DP204 judges it with the call's other inputs.
  if (doc.holder?.mode === 'module' || doc.resource?.mode === 'module') return false;
  const type = doc.resource?.type;
  if (type && BUCKET_POLICY_TYPES.has(type)) return true;
  if (doc.kind !== 'resource') return false;
  // Standalone policy JSON, or an aws_iam_policy_document used as a resource policy.
  if (!type || type === 'aws_iam_policy_document') return mentionsS3(doc);
  return false;
}

/** What a bucket policy is attached to. */
export type Attachment =
  /**
   * A bucket of this template or module; `index` when the policy is for one instance of a bucket
   * repeated with `count` / `for_each` (`aws_s3_bucket.b[count.index].id`, `each.value.id`).
   */
  | { kind: 'bucket'; bucket: Resource; index?: string }
  /** A bucket named literally that this template or module does not create. */
  | { kind: 'external'; name: string }
  /** Not known here (a parameter, a variable, an expression), or not written. */
  | { kind: 'unknown' };

export interface BucketIndex {
  buckets: Resource[];
  /**
   * The attachment of a bucket policy document. `at`: its place in `model.policies`, when the caller
   * knows it (rules going through the list): the index found it already.
   */
  attachment(doc: PolicyDocument, at?: number): Attachment;
  /** Buckets that have a bucket policy in the model (by reference or by name). */
  withPolicy: Set<Resource>;
  /** True when some bucket policy of the model is attached to a bucket the index cannot name: any bucket may have it. */
  unresolvedPolicy: boolean;
  /** Bucket policies attached to a literal name no bucket of the model has, by that name. */
  external: Map<string, PolicyDocument[]>;
  /** How the bucket's name is written: a literal, something known only at deploy time, or left to the service (generated). */
  nameState(bucket: Resource): 'literal' | 'unknown' | 'generated';
  /** Whether the bucket serves a static website (a website configuration on it, or a Terraform aws_s3_bucket_website_configuration for it). */
  isWebsite(bucket: Resource): boolean;
}

const cache = new OwnerMemo<Model, BucketIndex>();

export function bucketIndex(model: Model): BucketIndex {
  let idx = cache.get(model);
  if (!idx) cache.set(model, (idx = build(model)));
  return idx;
}

function build(model: Model): BucketIndex {
  const buckets = resourcesOf(model, 's3-bucket');
  const bucketTypes = new Set<string>();
  for (let i = 0; i < buckets.length; i++) bucketTypes.add(buckets[i].type);
  // Buckets by literal name: the bucket itself when only one has the name (nearly always), else a list.
  const names = new Map<string, Resource | Resource[]>();
  const nameValues = settingValues(model, 's3-bucket.name');
  for (const s of nameValues) {
    const v = s.value;
    // A parameter's default may be overridden at deploy time: not a name to match on.
    if (v.state !== 'literal' || v.resolved?.from === 'default') continue;
    const same = names.get(v.value);
    if (same === undefined) names.set(v.value, s.resource);
    else if (Array.isArray(same)) same.push(s.resource);
    else names.set(v.value, [same, s.resource]);
  }
  // How each bucket's name is written: asked only about buckets without a policy (DP204), made when first asked.
  let nameStates: Map<Resource, 'literal' | 'unknown' | 'generated'> | undefined;
  const statesOfNames = () => {
    const states = new Map<Resource, 'literal' | 'unknown' | 'generated'>();
    for (const s of nameValues) {
      const v = s.value;
      states.set(s.resource, v.state === 'missing' ? 'generated' : v.state === 'literal' && v.resolved?.from !== 'default' ? 'literal' : 'unknown');
    }
    return states;
  };
  /** The bucket named `name`; with several, the one in `file` (a directory of unrelated examples). */
  const byName = (name: string, file: string) => {
    const all = names.get(name);
    return all && (Array.isArray(all) ? (all.find((b) => b.file === file) ?? all[0]) : all);
  };
  const attach = (doc: PolicyDocument): Attachment => {
    const at = doc.attachedTo;
    const file = (doc.holder ?? doc.resource)?.file ?? doc.file;
    if (!at) return { kind: 'unknown' };
    if (at.kind === 'string') {
      const name = String(at.value);
      const b = byName(name, file);
      return b ? { kind: 'bucket', bucket: b } : name && !name.includes('${') ? { kind: 'external', name } : { kind: 'unknown' };
    }
    const b = referencedResource(model, at, bucketTypes, file);
    if (b) return { kind: 'bucket', bucket: b };
    const one = instanceReference(model, at, bucketTypes, doc.holder ?? doc.resource);
    return one ? { kind: 'bucket', bucket: one.resource, index: one.index } : { kind: 'unknown' };
  };
  const withPolicy = new Set<Resource>();
  const external = new Map<string, PolicyDocument[]>();
  let unresolvedPolicy = false;
  // The buckets found here for bucket policies, by the document's place in the model (rules ask again
  // for each document). Not the attachments themselves: kept for the analysis, the thousands of them
  // would survive minor collections, and V8 would then make them in the old generation, where they
  // would hold the young resources (and the tree) after the analysis returned.
  const policies = model.policies;
  const found: (Resource | undefined)[] = new Array(policies.length);
  const attachment = (doc: PolicyDocument, at?: number): Attachment => {
    const b = at !== undefined && policies[at] === doc ? found[at] : undefined;
    return b ? { kind: 'bucket', bucket: b } : attach(doc);
  };
  for (let i = 0; i < policies.length; i++) {
    const doc = policies[i];
    if (!isBucketPolicy(doc) || !doc.resource) continue;
    const a = attach(doc);
    if (a.kind === 'bucket') {
      withPolicy.add(a.bucket);
      if (a.index === undefined) found[i] = a.bucket;
    } else if (a.kind === 'unknown') unresolvedPolicy = true;
    else external.set(a.name, [...(external.get(a.name) ?? []), doc]);
  }
  // A bucket policy resource whose document the model could not read is still a policy.
  const withDocument = new Set<Resource | undefined>();
  for (let i = 0; i < model.policies.length; i++) withDocument.add(model.policies[i].resource);
  for (const p of resourcesOf(model, 's3-bucket-policy')) {
    if (withDocument.has(p)) continue;
    const s = settingValues(model, 's3-bucket-policy.bucket').find((x) => x.resource === p);
    const node = s?.node;
    const b = node && node.kind === 'string' ? byName(String(node.value), p.file) : (referencedResource(model, node, bucketTypes, p.file) ?? instanceReference(model, node, bucketTypes, p)?.resource);
    if (b) withPolicy.add(b);
    else if (!(node && node.kind === 'string')) unresolvedPolicy = true;
  }
  // A CloudFormation module (a registry `…::MODULE` type, or a type written as a tag: a Rain module,
  // a macro) may create bucket policies this template does not show.
  // A type that is no registry type name (`!Rain::Module "bucket-policy.yml"` reads as the file name) is such a module.
  // (Each distinct type is looked at once: a template has thousands of resources of a few types.)
  const moduleTypes = new Map<string, boolean>();
  const isModuleType = (t: string) => {
    let m = moduleTypes.get(t);
    if (m === undefined) moduleTypes.set(t, (m = !REGISTRY_TYPE.test(t) || t.endsWith('::MODULE')));
    return m;
  };
  if (model.resources.some((r) => r.format === 'cloudformation' && isModuleType(r.type))) unresolvedPolicy = true;
  const websites = new Set<Resource>();
  for (const s of writtenSettingValues(model, 's3-bucket.website')) websites.add(s.resource);
  for (const s of writtenSettingValues(model, 's3-bucket-website.bucket')) {
    const b = s.node && (s.node.kind === 'string' ? byName(String(s.node.value), s.resource.file) : referencedResource(model, s.node, bucketTypes, s.resource.file));
    if (b) websites.add(b);
  }
  return { buckets, attachment, withPolicy, unresolvedPolicy, external, nameState: (b) => (nameStates ??= statesOfNames()).get(b) ?? 'unknown', isWebsite: (b) => websites.has(b) };
}
