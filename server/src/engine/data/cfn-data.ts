/**
 * Typed access to the CloudFormation data tables generated from the AWS resource specification
 * (see README.md beside this file; regenerate with `node scripts/gen-cfn-data.mjs`).
 *
 * Paths are CloudFormation property paths inside a resource's `Properties`; `*` stands for any
 * list item or map value.
 */
import policyJson from './cfn-policy-properties.json';
import nameJson from './cfn-name-properties.json';

export type CfnPolicyKind = 'identity' | 'resource' | 'trust';

/** A property of a resource type that holds an IAM policy document. */
export interface CfnPolicyProperty {
  /** Property path, e.g. `['PolicyDocument']` or `['Policies', '*', 'PolicyDocument']`. */
  readonly path: readonly string[];
  /** `identity` (attached to or limiting a principal), `resource`, or `trust` (a role's trust policy). */
  readonly kind: CfnPolicyKind;
  /**
   * Stand-alone policy resources only: the top-level properties naming what the policy is
   * attached to (`['Bucket']` for AWS::S3::BucketPolicy, `['Roles', 'Users', 'Groups']` for
   * AWS::IAM::Policy). Absent for policies embedded in the resource they protect.
   */
  readonly attachedTo?: readonly string[];
  /** `statement`: the value is a single statement object rather than a whole policy document. */
  readonly shape?: 'statement';
  /** The value is an IAM policy only when the sibling top-level `property` has one of `values`. */
  readonly when?: { readonly property: string; readonly values: readonly string[] };
}

/** Free-form properties of a resource type where sensitive data must not be written. */
export interface CfnNameProperties {
  /** Name-like properties (`BucketName`, `Name`, `Alias`, `Policies.*.PolicyName`...), dotted paths. */
  readonly names: readonly string[];
  /** Description and comment properties (`Description`, `DistributionConfig.Comment`...), dotted paths. */
  readonly descriptions: readonly string[];
  /** How the type takes tags: a `[{Key, Value}]` list, a `{key: value}` map, or not at all. */
  readonly tags: 'list' | 'map' | null;
  /** The property holding the tags (`Tags` for most types). Null when the type takes no tags. */
  readonly tagProperty: string | null;
}

interface RawName {
  names?: string[];
  descriptions?: string[];
  tags: 'list' | 'map' | null;
  tagProperty?: string;
}
interface Meta {
  source: string;
  generator: string;
  license: string;
}

const policies = policyJson as unknown as Record<string, readonly CfnPolicyProperty[]> & { $meta: Meta };
const names = nameJson as unknown as Record<string, RawName> & { $meta: Meta };
const has = (o: object, k: string): boolean => k !== '$meta' && Object.prototype.hasOwnProperty.call(o, k);
const NONE: readonly CfnPolicyProperty[] = Object.freeze([]);

/** Package and version of the specification the tables were generated from, e.g. `@aws-cdk/aws-service-spec@0.1.216`. */
export const CFN_SPEC_SOURCE: string = policies.$meta.source;

/**
 * The properties of `type` (e.g. `AWS::S3::BucketPolicy`) that hold an IAM policy document.
 * Empty for types without one and for unknown types. The same path may appear twice with
 * different `when` conditions (AWS::Organizations::Policy).
 */
export function policyPropertiesFor(type: string): readonly CfnPolicyProperty[] {
  return has(policies, type) ? policies[type] : NONE;
}

/** Resource types that have at least one policy property, sorted. */
export function typesWithPolicies(): readonly string[] {
  return Object.keys(policies).filter((k) => k !== '$meta');
}

const nameCache = new Map<string, CfnNameProperties>();

/**
 * Name, description and tag properties of `type`; undefined for unknown types and for types
 * that have none of them.
 */
export function namePropertiesFor(type: string): CfnNameProperties | undefined {
  if (!has(names, type)) return undefined;
  let v = nameCache.get(type);
  if (!v) {
    const raw = names[type];
    v = Object.freeze({
      names: raw.names ?? [],
      descriptions: raw.descriptions ?? [],
      tags: raw.tags,
      tagProperty: raw.tags ? (raw.tagProperty ?? 'Tags') : null,
    });
    nameCache.set(type, v);
  }
  return v;
}

/** Split a dotted name path (`Policies.*.PolicyName`) into segments. */
export function splitPropertyPath(path: string): string[] {
  return path.split('.');
}
