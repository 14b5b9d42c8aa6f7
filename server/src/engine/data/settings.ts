/**
 * Typed access to the settings table (`settings.json`): neutral setting names, the resource types
 * that have them in each format, and the property/attribute path where each format writes them.
 * The model's generic accessor (model/settings.ts) reads this; rules only name settings.
 *
 * Path notation (one string per format, segments separated by `.`):
 * - `Name`   an object key (CloudFormation property, Terraform argument or object attribute);
 * - `Name[]` a list: every item is visited (CloudFormation lists, Terraform list arguments);
 * - `name{}` a Terraform nested block that occurs at most once (`default_cache_behavior`); when
 *            absent, the setting is missing and a fix creates the block;
 * - `name{}[]` a Terraform nested block that may repeat (`ordered_cache_behavior`): every block is
 *            visited; none means no value at all.
 * - `"a.b"`  a key written exactly as quoted, dots included: a key of a map (`Parameters."rds.force_ssl"`
 *            of a CloudFormation DB parameter group). Never matched in another case.
 * - `Name[Key=value]` / `name{}[key=value]` a list of name/value items (or repeatable block): only the
 *            items whose `Key` is the literal `value` are visited (`parameter{}[name=rds.force_ssl].value`,
 *            `Parameters[ParameterName=require_ssl].ParameterValue`); none means no value at all. The
 *            value may be quoted (`[name="a]b"]`).
 * In `.tf.json` a nested block is one object or a list of objects; both read the same.
 * Resource types are CloudFormation types, Terraform resource types, `provider:<name>` for
 * Terraform provider configurations, or `module:<source>` for calls of a known module (by its
 * literal `source`, as written: `module:terraform-aws-modules/s3-bucket/aws`), whose inputs are read
 * like a resource's arguments.
 */
import table from './settings.json';
import factsJson from './cfn-setting-facts.json';
import tfFactsJson from './tf-setting-facts.json';

export type SettingName = keyof typeof table.settings;
export type ResourceKind = keyof typeof table.resources;

export interface PathSegment {
  readonly key: string;
  /** `[]`: a list (or repeatable block); every item is visited, and an absent list has no items. */
  readonly each: boolean;
  /** `{}`: a Terraform nested block (written as a block when a fix creates it). */
  readonly block: boolean;
  /** `"a.b"`: a map key, matched exactly (no case-insensitive reading). */
  readonly quoted?: boolean;
  /** `[key=value]`: only the list items whose `key` is the literal `value` (`each` is then true). */
  readonly select?: { readonly key: string; readonly value: string };
}

export interface SettingSpec {
  readonly name: SettingName;
  readonly resource: ResourceKind;
  /** Resource types per format; empty when the setting does not exist in that format. */
  readonly cloudformationTypes: readonly string[];
  readonly terraformTypes: readonly string[];
  readonly cloudformationPath?: readonly PathSegment[];
  readonly terraformPath?: readonly PathSegment[];
}

const SEGMENT = /^([A-Za-z_][A-Za-z0-9_-]*)(\{\})?(\[\])?$/;
const SELECT = /^([A-Za-z_][A-Za-z0-9_-]*)(\{\})?\[([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|[^\]"]+)\]$/;

/** Splits a path at the dots outside quotes and brackets. */
function splitSegments(path: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  let depth = 0;
  for (const c of path) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === '[') depth++;
    else if (!quoted && c === ']') depth--;
    if (c === '.' && !quoted && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** Parses the path notation above; throws on a malformed path (the table is checked by tests). */
export function parseSettingPath(path: string): PathSegment[] {
  return splitSegments(path).map((s) => {
    const q = /^"([^"]+)"$/.exec(s);
    if (q) return Object.freeze({ key: q[1], each: false, block: false, quoted: true });
    const sel = SELECT.exec(s);
    if (sel) {
      const value = sel[4].startsWith('"') ? sel[4].slice(1, -1) : sel[4];
      return Object.freeze({ key: sel[1], each: true, block: !!sel[2], select: Object.freeze({ key: sel[3], value }) });
    }
    const m = SEGMENT.exec(s);
    if (!m) throw new Error(`bad setting path segment "${s}" in "${path}"`);
    return Object.freeze({ key: m[1], each: !!m[3], block: !!m[2] });
  });
}

interface RawSetting {
  resource: string;
  cloudformation?: string;
  terraform?: string;
}
interface RawKind {
  cloudformation?: string[];
  terraform?: string[];
}

const rawSettings = table.settings as Record<string, RawSetting>;
const rawKinds = table.resources as Record<string, RawKind>;
const has = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
const specs = new Map<string, SettingSpec>();

/** The spec of a setting (parsed once). Throws for a name not in the table. */
export function settingSpec(name: SettingName): SettingSpec {
  let s = specs.get(name);
  if (s) return s;
  if (!has(rawSettings, name)) throw new Error(`unknown setting ${name}`);
  const raw = rawSettings[name];
  const kind = rawKinds[raw.resource];
  if (!kind) throw new Error(`setting ${name}: unknown resource kind ${raw.resource}`);
  s = Object.freeze({
    name,
    resource: raw.resource as ResourceKind,
    cloudformationTypes: raw.cloudformation ? (kind.cloudformation ?? []) : [],
    terraformTypes: raw.terraform ? (kind.terraform ?? []) : [],
    cloudformationPath: raw.cloudformation ? parseSettingPath(raw.cloudformation) : undefined,
    terraformPath: raw.terraform ? parseSettingPath(raw.terraform) : undefined,
  });
  specs.set(name, s);
  return s;
}

/** Every setting name in the table. */
export function settingNames(): SettingName[] {
  return Object.keys(rawSettings) as SettingName[];
}

/** The resource types of a kind in each format (the hand-kept CloudFormation ↔ Terraform join). */
export function resourceTypes(kind: ResourceKind): { cloudformation: readonly string[]; terraform: readonly string[] } {
  const k = rawKinds[kind];
  return { cloudformation: k.cloudformation ?? [], terraform: k.terraform ?? [] };
}

/** The kinds a resource type belongs to (`aws_alb_listener` → `lb-listener`). */
export function kindsOfType(type: string): ResourceKind[] {
  const out: ResourceKind[] = [];
  for (const [k, v] of Object.entries(rawKinds)) if (v.cloudformation?.includes(type) || v.terraform?.includes(type)) out.push(k as ResourceKind);
  return out;
}

/** Every CloudFormation (type, property path) the table names, for the generator's check against the specification. */
export function cloudformationPaths(): { setting: SettingName; type: string; path: string }[] {
  const out: { setting: SettingName; type: string; path: string }[] = [];
  for (const name of settingNames()) {
    const raw = rawSettings[name];
    if (!raw.cloudformation) continue;
    for (const type of rawKinds[raw.resource].cloudformation ?? []) out.push({ setting: name, type, path: raw.cloudformation });
  }
  return out;
}

/** What the CloudFormation specification says about a setting's property (generated: cfn-setting-facts.json). */
export interface CfnSettingFacts {
  readonly required: boolean;
  /** The default the specification documents for an absent property. */
  readonly default?: string | number | boolean;
  readonly allowedValues?: readonly string[];
}

const facts = factsJson as unknown as Record<string, Record<string, CfnSettingFacts>>;

/** The specification's facts for a setting on a CloudFormation type; undefined when the table has none. */
export function cloudformationFacts(setting: SettingName, type: string): CfnSettingFacts | undefined {
  const raw = rawSettings[setting];
  if (!raw?.cloudformation || type === '$meta' || !has(facts, type)) return undefined;
  return facts[type][raw.cloudformation];
}

/** What the Terraform AWS provider's schema says about a setting's argument (generated: tf-setting-facts.json). */
export interface TfSettingFacts {
  /** The path as the schema spells it in the settings notation; equal to the hand-kept path (checked by the tests). */
  readonly schemaPath: string;
  readonly required: boolean;
  /** `string`, `number`, `boolean`, `block`, or a list type (`string[]`). */
  readonly type: string;
}

const tfFacts = tfFactsJson as unknown as Record<string, Record<string, TfSettingFacts>>;

/** Package and provider version the Terraform facts were generated from. */
export const TF_SCHEMA_SOURCE: string = (tfFactsJson as unknown as { $meta: { source: string } }).$meta.source;

/** The schema's facts for a setting on a Terraform type (`aws_lb_listener`, `provider:aws`); undefined when the table has none. */
export function terraformFacts(setting: SettingName, type: string): TfSettingFacts | undefined {
  const raw = rawSettings[setting];
  if (!raw?.terraform || type === '$meta' || !has(tfFacts, type)) return undefined;
  return tfFacts[type][raw.terraform];
}

/**
 * Every Terraform (type, path) of the provider schema the table names. Module calls (`module:<source>`)
 * are left out: their inputs are the module's variables, checked by hand (data/README.md).
 */
export function terraformPaths(): { setting: SettingName; type: string; path: string }[] {
  const out: { setting: SettingName; type: string; path: string }[] = [];
  for (const name of settingNames()) {
    const raw = rawSettings[name];
    if (!raw.terraform) continue;
    for (const type of rawKinds[raw.resource].terraform ?? []) if (!type.startsWith('module:')) out.push({ setting: name, type, path: raw.terraform });
  }
  return out;
}

/** The keys whose value is a secret (settings.json `secrets`; see its `$doc`). */
export interface SecretKeys {
  /** Exact key names. */
  readonly keys: ReadonlySet<string>;
  /** A key ending with one of these holds a secret too. */
  readonly suffixes: readonly string[];
  /** Keys that hold a secret in a Terraform provider configuration (`access_key` of a resource is often an id). */
  readonly providerKeys: ReadonlySet<string>;
  /** The words of `environment` (for tests). */
  readonly environmentWords: readonly string[];
  /** Whether an environment variable name says it holds a secret (a `Variables` key, the `Name` of a Name/Value item): `DB_PASSWORD`. */
  environment(name: string): boolean;
  /** Whether a key holds a secret: one of `keys`, or a longer key ending in one of `suffixes` (`DbPassword`). */
  isKey(key: string): boolean;
}

/** An upper-case environment variable name: letters, digits, underscores. */
const ENV_NAME = /^[A-Z][A-Z0-9_]{0,200}$/;

let secretKeysTable: SecretKeys | undefined;

export function secretKeys(): SecretKeys {
  return (secretKeysTable ??= makeSecretKeys());
}

function makeSecretKeys(): SecretKeys {
  const raw = (table as unknown as { secrets: { keys: string[]; suffixes: string[]; providerKeys: string[]; environment: string[] } }).secrets;
  const words = [...raw.environment];
  const keys = new Set(raw.keys);
  const suffixes = Object.freeze([...raw.suffixes]);
  // Both tests are asked of every key of a file that names a secret word: loops over what is made
  // here once (`DB_PASSWORD`: the words with their underscore), no closure or string made per key.
  const endings = words.map((w) => `_${w}`);
  const environment = (name: string): boolean => {
    if (!ENV_NAME.test(name)) return false;
    for (let i = 0; i < words.length; i++) if (name === words[i] || name.endsWith(endings[i])) return true;
    return false;
  };
  const isKey = (key: string): boolean => {
    if (keys.has(key)) return true;
    for (let i = 0; i < suffixes.length; i++) if (key.length > suffixes[i].length && key.endsWith(suffixes[i])) return true;
    return false;
  };
  return Object.freeze({ keys, suffixes, providerKeys: new Set(raw.providerKeys), environmentWords: Object.freeze(words), environment, isKey });
}
