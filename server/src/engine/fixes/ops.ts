/**
 * Fix operations: what a rule asks for, in neutral terms. A rule never writes JSON, YAML or HCL
 * syntax; it returns operations, and the engine renders each one in the dialect and style of the
 * file it edits (fixes/render.ts, with json.ts, yaml.ts, hcl.ts and embedded.ts for policies held in
 * JSON strings). A fix whose operations cannot all be rendered is dropped.
 *
 * CONTRACT (shared by the model, the rules and the renderers; change it only in agreement):
 * - Values are `NeutralValue`s: plain data plus neutral references (`ref`) and pseudo values.
 * - Keys inside a neutral value are written as given. For policy statements they are IAM element
 *   names (`Sid`, `Effect`, ...); the `aws_iam_policy_document` renderer maps them to its blocks.
 *   For resource settings the rule never spells keys: it passes the model's `Slot`, which already
 *   carries the file's own key spelling.
 */
import type { PolicyDocument, Resource, Slot, Statement, Condition } from '../model/model';
import type { VNode } from '../value';

/** A reference to another resource's attribute, rendered per format (`!GetAtt B.Arn`, `aws_s3_bucket.b.arn`, `"${aws_s3_bucket.b.arn}"`). */
export interface RefValue {
  $ref: {
    resource: Resource;
    /** Neutral attribute: the resource's ARN, its id (Ref / `.id`) or its name. */
    attribute: 'arn' | 'id' | 'name';
    /**
     * Terraform: one instance of a resource repeated with `count` / `for_each`, by the key expression
     * the file uses (`count.index`, `each.key`, `0`): `aws_s3_bucket.b[count.index].arn`. Not rendered
     * in CloudFormation (a fix holding one is dropped there).
     */
    index?: string;
  };
  /** Literal text around the reference (`/*` after a bucket ARN); rendered as `!Sub` / string interpolation. */
  prefix?: string;
  suffix?: string;
}

/** A value known only at deploy time: the account id, region or partition of the stack/provider. */
export interface PseudoValue {
  $pseudo: 'AccountId' | 'Region' | 'Partition';
  /** Literal text around the value (`logs-` … `-eu-west-1`); rendered as `!Sub` / string interpolation. */
  prefix?: string;
  suffix?: string;
  /**
   * Terraform has no pseudo parameters: the traversal that gives the value in this module
   * (`data.aws_caller_identity.current.account_id`). Without it the value cannot be written in Terraform.
   */
  terraform?: string;
}

/**
 * A JSON document held where a format takes one (a bucket policy's document): written as the object
 * itself in CloudFormation, `jsonencode(...)` in Terraform, a JSON string in `.tf.json`.
 */
export interface JsonValue {
  $json: NeutralValue;
}

/**
 * A reference to an input of the template or module by name: a CloudFormation parameter
 * (`!Ref Name`, `{"Ref": "Name"}`), a Terraform variable (`var.name`, `"${var.name}"`). The name is
 * in the file's spelling (`inputName`), as `addInput` declares it.
 */
export interface InputValue {
  $input: string;
}

export type NeutralValue =
  | string
  | number
  | boolean
  | null
  | NeutralValue[]
  | { [key: string]: NeutralValue }
  | RefValue
  | PseudoValue
  | JsonValue
  | InputValue;

export type FixOp =
  /** Append a statement to a policy document (`statement` uses IAM element names). */
  | { op: 'insertStatement'; policy: PolicyDocument; statement: { [element: string]: NeutralValue } }
  /** Add `operator: { key: values }` to a statement's Condition, merging into an existing operator block. */
  | { op: 'addCondition'; policy: PolicyDocument; statement: Statement; operator: string; key: string; values: string[] }
  /** Rewrite a condition's operator (e.g. `Bool` → `BoolIfExists`), keeping its key and values. */
  | { op: 'setConditionOperator'; policy: PolicyDocument; condition: Condition; operator: string }
  /**
   * Set a setting to a value: replaces the value when present, creates it (and missing parents:
   * nested blocks in HCL where `slot.blocks` says so) when not. An empty value on the way
   * (`Key:` typed without a value, `null`) is replaced.
   */
  | { op: 'setValue'; slot: Slot; value: NeutralValue }
  /** Replace part of a literal string value ([start, end) in the *decoded* value), re-escaping as the file needs. */
  | { op: 'replaceInString'; file: string; node: VNode; start: number; end: number; text: string }
  /** Remove a setting (the key and its value, or the attribute/block). */
  | { op: 'removeValue'; slot: Slot }
  /**
   * Insert a new resource next to `near` (same file), with properties in the target format's key
   * spelling. In Terraform a property whose value is a list of objects is written as nested blocks
   * (one per object), any other value as an attribute.
   */
  | {
      op: 'insertResource';
      near: Resource;
      type: string;
      name: string;
      properties: { [key: string]: NeutralValue };
      mode?: 'data';
      /**
       * Terraform: one new instance per instance of this (repeated) resource, written first in the
       * block as `count = length(<it>)` or `for_each = <it>` as it is repeated itself. The matching
       * instance is referred to with RefValue `index` = model/settings.ts `instanceKeyOf(it)`.
       * Not rendered in CloudFormation (the fix is dropped there).
       */
      repeatLike?: Resource;
    }
  /**
   * Declare a new string input of the template or module (named as `inputName` spells it), after
   * `near` in its file: a CloudFormation `Parameters` entry (`Type: String`, with `NoEcho: true` when
   * `sensitive`; the section is created when missing), a Terraform `variable` block (`type = string`,
   * `sensitive = true`) after `near`'s block (in `.tf.json` under `variable`). Refer to it with `InputValue`.
   */
  | { op: 'addInput'; near: Resource; name: string; sensitive: boolean; description?: string };

/**
 * The name of a new input in a format's own spelling, from neutral words (`Db`, `MasterUserPassword`;
 * `db`, `DB_PASSWORD`): PascalCase for CloudFormation parameters (`DbMasterUserPassword`), snake_case
 * for Terraform variables (`db_password`). A word repeated at the join is written once.
 */
export function inputName(format: Resource['format'], words: readonly string[]): string {
  const parts: string[] = [];
  for (const w of words)
    for (const p of w
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .split(/[^A-Za-z0-9]+/)
      .filter(Boolean)
      .map((x) => x.toLowerCase()))
      if (parts[parts.length - 1] !== p) parts.push(p);
  if (!parts.length) parts.push('secret');
  if (format === 'cloudformation') return parts.map((p) => p[0].toUpperCase() + p.slice(1)).join('');
  const name = parts.join('_');
  return /^[a-z_]/.test(name) ? name : `v_${name}`;
}

/** A fix as a rule declares it; the engine renders `ops` into text edits. */
export interface FixSpec {
  title: string;
  applicability: 'safe' | 'unsafe';
  ops: FixOp[];
}
