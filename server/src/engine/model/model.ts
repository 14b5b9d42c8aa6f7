import type { Format, Span } from '../types';
import type { Dialect, VNode, VObject } from '../value';

/**
 * One model for all formats. Rules read this, never the raw syntax, so a rule is written once.
 */

/**
 * A value that is a literal, unknown at analysis time (a reference, a variable...) or missing.
 * A literal with `resolved` was read through a reference (a parameter or variable default, a
 * local, a mapping): `span` and `node` are still where the reference is written.
 */
export type Val<T> =
  | { state: 'literal'; value: T; span: Span; node: VNode; resolved?: Resolution }
  | { state: 'unknown'; span: Span; node: VNode }
  | { state: 'missing' };

/**
 * How a literal was found behind a reference. `default`: the default of a CloudFormation parameter
 * or Terraform variable, which a deployment may override (rules usually treat it as unknown);
 * `local`: a Terraform local value; `mapping`: a CloudFormation `Fn::FindInMap` with literal keys.
 * Locals and mappings are fixed in the source, so they are as sound as a literal.
 */
export interface Resolution {
  from: 'default' | 'local' | 'mapping';
  /** What was followed: `Env`, `var.env`, `local.policy`, `RegionMap.us-east-1.Ami`. */
  name: string;
  /** Where the value is written (the default, the local's value, the mapping's entry). */
  slot: Slot;
}

/**
 * Where a setting lives in a file, or would live if it were set: what a fix needs to write it in
 * the file's own syntax (fixes/ops.ts `setValue`, `removeValue`). Built by the model, never by rules.
 */
export interface Slot {
  file: string;
  /** Syntax of `parent` (a `.tf.json` file is `json`). */
  dialect: Dialect;
  /** The object that holds the value, or the nearest existing ancestor when parents are missing. */
  parent: VObject;
  /**
   * Keys from `parent` down to the value, in the file's own spelling (`ViewerProtocolPolicy`,
   * `viewer_protocol_policy`). All but the last may be missing: they are created.
   */
  path: string[];
  /** HCL: for each segment of `path` but the last, true when it is a nested block (`default_cache_behavior { }`), false for an object attribute. */
  blocks?: boolean[];
  /** The value's node when it is present. */
  node?: VNode;
}

export interface Resource {
  /** CloudFormation logical id, or Terraform address (`aws_s3_bucket.logs`, `data.aws_iam_policy_document.p`). */
  id: string;
  /** `AWS::S3::Bucket` or `aws_s3_bucket`. */
  type: string;
  file: string;
  format: Format;
  /** Span of the whole resource (the logical id entry, or the Terraform block). */
  span: Span;
  /** Span to report on when the resource as a whole is at fault: the logical id, or the block's labels. */
  idSpan: Span;
  /** CloudFormation `Properties`, or the Terraform block body converted to an object (nested blocks become arrays of objects). */
  properties?: VObject;
  /** The node holding the whole resource (CloudFormation: the resource's object; Terraform: same as properties). */
  node: VNode;
  /**
   * Terraform: `resource` or `data` (in `Model.resources`), `provider` (in `Model.providers`; type
   * `aws`, id `aws` or `aws.<alias>`) or `module` (in `Model.modules`; type `module`, id
   * `module.<name>`). CloudFormation: `resource`.
   */
  mode: 'resource' | 'data' | 'provider' | 'module';
  /** Dialect of `properties`, for fixes. */
  dialect: Dialect;
}

export type PolicyKind =
  /** Attached to a principal (IAM user/group/role policies, managed policies, SAM function policies). */
  | 'identity'
  /** Attached to a resource (bucket policy, queue policy, key policy...). */
  | 'resource'
  /** A role's trust policy (AssumeRolePolicyDocument). */
  | 'trust'
  /** Standalone file or a policy document not (yet) known to be attached anywhere. */
  | 'unknown';

export interface PolicyDocument {
  file: string;
  kind: PolicyKind;
  /** The resource holding the policy, when embedded in a template. */
  resource?: Resource;
  /**
   * The resource that uses the document when that is not `resource`: a Terraform user, group,
   * role or policy whose argument names a `data "aws_iam_policy_document"` (`resource` is then the
   * data source). Rules that ask what a policy is attached to read `holder ?? resource`.
   */
  holder?: Resource;
  /** Property path inside the resource (`PolicyDocument`, `Policies[0].PolicyDocument`, `policy`). */
  property: string;
  /** Span to report on when something is missing from the whole document: the property key, or the document's start. */
  anchor: Span;
  /** The document as a value tree (`Version`, `Statement`...), when written as one. */
  node: VNode;
  /** How statements are written, for fixes: JSON, YAML, HCL object syntax (jsonencode) or `aws_iam_policy_document` blocks. */
  dialect: Dialect | 'hcl-policy-document';
  statements: Statement[];
  /**
   * The node holding the statements: the `Statement` array (or single statement object), or for
   * `aws_iam_policy_document` the data source body. Undefined when `Statement` is missing.
   */
  statementContainer?: VNode;
  /**
   * Set when the builder knows statements may be missing from `statements` although the container
   * reads fine (e.g. `aws_iam_policy_document` with `source_policy_documents` or `dynamic "statement"`).
   */
  partial?: boolean;
  /**
   * `statement`: the document is one statement written on its own (AWS::Events::EventBusPolicy
   * `Statement`, AWS::RAM::Permission `PolicyTemplate`); no statement can be added to it.
   */
  shape?: 'statement';
  /**
   * For resource policies: what the policy is attached to (the bucket the bucket policy names,
   * as a reference or literal), so rules can link a resource to its policy.
   */
  attachedTo?: VNode;
}

export interface Statement {
  node: VNode;
  /** Span to report on for the statement as a whole (its Sid, or its opening). */
  span: Span;
  sid: Val<string>;
  effect: Val<string>;
  principal?: PrincipalSet;
  notPrincipal?: PrincipalSet;
  action?: Val<string>[];
  notAction?: Val<string>[];
  resource?: Val<string>[];
  notResource?: Val<string>[];
  /** Undefined when the statement has no Condition. */
  conditions: Condition[];
  /** The Condition element's node, when present. */
  conditionNode?: VNode;
  /** True when the statement could not be read fully (unknown parts: e.g. a dynamic block). */
  partial: boolean;
}

export interface PrincipalSet {
  /** `"*"` written as a plain string. */
  wildcard: boolean;
  /** Principal type (AWS, Service, Federated, CanonicalUser, or "*" for the wildcard form) → values. */
  entries: { type: string; typeSpan?: Span; values: Val<string>[] }[];
  node?: VNode;
  span: Span;
  unknown: boolean;
}

export interface Condition {
  /** Operator as written, e.g. `ForAnyValue:StringEqualsIfExists`. */
  operator: string;
  operatorSpan: Span;
  /** Operator without qualifier and IfExists, e.g. `StringEquals`, `Bool`. */
  baseOperator: string;
  ifExists: boolean;
  qualifier?: 'ForAnyValue' | 'ForAllValues';
  /** Condition key as written (`aws:SecureTransport`); compare case-insensitively. */
  key: string;
  keySpan: Span;
  values: Val<string>[];
  /** Span of the values (the scalar or the list). */
  valuesSpan: Span;
}

/** A reference from one resource to another (CloudFormation Ref/GetAtt/Sub, Terraform references). */
export interface Link {
  from: Resource;
  /** The property path in `from` where the reference is written. */
  property: string;
  to: Resource;
  span: Span;
}

/**
 * An input of a template or module: a CloudFormation parameter or a Terraform variable. Its
 * default may be overridden at deploy time.
 */
export interface Input {
  kind: 'parameter' | 'variable';
  /** `Env`, or `env` for `var.env`. */
  name: string;
  file: string;
  format: Format;
  /** The whole declaration. */
  span: Span;
  /** The parameter's logical id, or the variable block's label. */
  idSpan: Span;
  /** The declaration's body (`Type`, `Default`... / `type`, `default`...). */
  node: VObject;
  dialect: Dialect;
  /** `Default` / `default`: an object or list default is `unknown` (its node is kept). */
  default: Val<string>;
  /** CloudFormation `NoEcho`, Terraform `sensitive`; missing when not written (false). */
  sensitive: Val<boolean>;
}

/** An output of a template or module: a CloudFormation `Outputs` entry or a Terraform `output` block. */
export interface Output {
  name: string;
  file: string;
  format: Format;
  span: Span;
  idSpan: Span;
  node: VObject;
  dialect: Dialect;
  /** `Value` / `value`, as written. */
  value?: VNode;
  /** Terraform `sensitive`; CloudFormation outputs have no such flag (missing). */
  sensitive: Val<boolean>;
}

/** A named value defined once in a file: a Terraform local, a CloudFormation mapping or condition. */
export interface Definition {
  name: string;
  file: string;
  /** The whole `name = value` / `Name: value` entry. */
  span: Span;
  idSpan: Span;
  value: VNode;
  /** The object holding the entry (the `locals` block, the `Mappings` section), for slots. */
  parent: VObject;
  dialect: Dialect;
}

/** A file's value tree(s), for queries over everything written in it (`stringValues`). */
export interface Tree {
  file: string;
  format: Format;
  dialect: Dialect;
  /** JSON/YAML: the document root(s); Terraform HCL: the body of every top-level block. */
  roots: VNode[];
  /** The file's text (spans index into it). */
  text: string;
  /**
   * JSON held as text in known properties (model/json-text.ts): the value tree read from it, keyed
   * by the span start of the string (or template) it stands for. Queries over the tree read it instead.
   */
  jsonText?: ReadonlyMap<number, VNode>;
}

export interface Model {
  /** Files this model was built from (one, or all files of a Terraform module directory). */
  files: string[];
  resources: Resource[];
  policies: PolicyDocument[];
  /** Resolved links, built on first use. */
  links: Link[];
  /** Terraform `provider` blocks, one per configuration (each alias). */
  providers: Resource[];
  /** Terraform `module` blocks. */
  modules: Resource[];
  /** CloudFormation `Parameters`, Terraform `variable` blocks. */
  inputs: Input[];
  /** Terraform `locals` values. */
  locals: Definition[];
  /** CloudFormation `Outputs`, Terraform `output` blocks. */
  outputs: Output[];
  /** CloudFormation `Mappings` (value: the map of top-level keys). */
  mappings: Definition[];
  /** CloudFormation `Conditions` (value: the condition expression). */
  conditions: Definition[];
  /** Every file's value tree(s). */
  trees: Tree[];
}

/** What each format's builder contributes to a model. */
export interface ModelPart {
  resources: Resource[];
  policies: PolicyDocument[];
  providers?: Resource[];
  modules?: Resource[];
  inputs?: Input[];
  locals?: Definition[];
  outputs?: Output[];
  mappings?: Definition[];
  conditions?: Definition[];
}
