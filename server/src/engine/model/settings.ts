/**
 * Resource settings, one accessor for every format. A rule asks for a neutral setting
 * (`cloudfront.defaultCacheBehavior.viewerProtocolPolicy`) and gets, for every resource that has
 * it, the value (literal / unknown / missing, with spans), the resource, and the `Slot` a fix
 * writes to. Where each format writes a setting is data (data/settings.json), read generically
 * here: nested Terraform blocks (lists of objects in the value tree, or one object in `.tf.json`)
 * and nested CloudFormation properties read the same way.
 *
 * References are followed where it is sound (see `Resolution`): a CloudFormation `Ref` to a
 * parameter or a Terraform `var.x` gives the default (marked `from: 'default'`, it may be
 * overridden), `local.x` the local's value, `Fn::FindInMap` with literal keys the mapping's
 * entry. Anything else stays unknown.
 */
import { namePropertiesFor } from '../data/cfn-data';
import { cloudformationFacts, resourceTypes, secretKeys, settingSpec, type PathSegment, type ResourceKind, type SettingName } from '../data/settings';
import type { Span } from '../types';
import { holdsAnyIn, textCharsOf, type TextChars, type TextTest } from './text-scan';
import { entry, get, isObject, walk, type Dialect, type VEntry, type VNode, type VObject, type VScalar, type VUnknown } from '../value';
import { isExactJsonTextNode, isJsonTextNode } from './json-text';
import type { Definition, Input, Model, Resolution, Resource, Slot, Tree, Val } from './model';
import { moduleTypeKey } from './terraform';
import { OwnerMemo } from './memo';

export interface SettingValue {
  setting: SettingName;
  resource: Resource;
  value: Val<string>;
  /** The value's node when present (also for object and list settings such as `endpoints`, whose `value` is unknown). */
  node?: VNode;
  /** Where a fix writes the setting. Undefined when the path crosses a value known only at deploy time. */
  slot?: Slot;
  /** The path as written in the file, with list indices: `DistributionConfig.CacheBehaviors[1].ViewerProtocolPolicy`. */
  path: string;
  /**
   * For a missing value: the default the CloudFormation specification documents for the absent
   * property (data/cfn-setting-facts.json), stringified. The Terraform schema tables carry no defaults.
   */
  specDefault?: string;
  /**
   * CloudFormation keys on the way that differ from the specification only in case (`volumes` for
   * `Volumes`): read anyway, since the intent is plain, but CloudFormation rejects the template as written.
   */
  miscased?: { written: string; expected: string }[];
  /**
   * From `misplacedSettingValues`: the object the value should be inside of but is not (a CloudFront
   * `ViewerCertificate` written directly under `Properties` instead of inside `DistributionConfig`).
   */
  misplaced?: { missing: string };
}

/** Every value of `setting` in the model: one per resource, or one per list item for settings inside lists. */
export function settingValues(model: Model, setting: SettingName): SettingValue[] {
  return readSetting(model, setting, false);
}

/**
 * The values of `setting` that are written (literal or unknown): `settingValues` without the missing
 * ones, which are not built at all (a rule that only looks for a setting being on need not pay for a
 * slot per resource that lacks it).
 */
export function writtenSettingValues(model: Model, setting: SettingName): SettingValue[] {
  return readSetting(model, setting, true);
}

function readSetting(model: Model, setting: SettingName, writtenOnly: boolean): SettingValue[] {
  const spec = settingSpec(setting);
  const out: SettingValue[] = [];
  const cfnPath = spec.cloudformationPath && withProperties(spec.cloudformationPath);
  // One read context for every resource (its resource and path set for each).
  let c: PathRead | undefined;
  // Only the resources of the setting's types, in model order (an index per model, not a scan per setting).
  for (const r of resourcesOfTypes(model, cfnPath ? spec.cloudformationTypes : NO_TYPES, spec.terraformPath ? spec.terraformTypes : NO_TYPES, false)) {
    // CloudFormation settings start at the resource, so that a missing `Properties` is created too.
    const cfn = r.format === 'cloudformation';
    const start = cfn ? r.node : r.properties;
    if (!isObject(start)) continue;
    const path = cfn ? cfnPath! : spec.terraformPath!;
    if (c) {
      c.r = r;
      c.path = path;
      c.cfn = cfn;
    } else c = { r, path, cfn, setting, resolver: resolverOf(model), out, writtenOnly };
    const before = out.length;
    visitPath(c, start, 0, '', undefined);
    const d = cfn && out.length > before && !writtenOnly ? cloudformationFacts(setting, r.type)?.default : undefined;
    if (d !== undefined) for (let i = before; i < out.length; i++) if (out[i].value.state === 'missing') out[i].specDefault = String(d);
  }
  return out;
}

const NO_TYPES: readonly string[] = [];

/**
 * The model's resources (mode `resource`), provider configurations and module calls by the type a settings table
 * names them by (typeKey), CloudFormation and Terraform apart, with each one's place in the model.
 */
interface TypeIndex {
  resources: Resource[];
  providers: Resource[];
  modules: Resource[];
  counts: [number, number, number];
  cloudformation: Map<string, Resource[]>;
  terraform: Map<string, Resource[]>;
  /** Each indexed resource's place in the model, made when two lists are first merged (rare: most settings name one type per format). */
  order?: Map<Resource, number>;
}
const typeIndexes = new OwnerMemo<Model, TypeIndex>();

function typeIndex(model: Model): TypeIndex {
  const kept = typeIndexes.get(model);
  // Rebuilt if the model's lists were replaced or grew since (tests build models by hand).
  if (
    kept &&
    kept.resources === model.resources &&
    kept.providers === model.providers &&
    kept.modules === model.modules &&
    kept.counts[0] === model.resources.length &&
    kept.counts[1] === model.providers.length &&
    kept.counts[2] === model.modules.length
  )
    return kept;
  const idx: TypeIndex = {
    resources: model.resources,
    providers: model.providers,
    modules: model.modules,
    counts: [model.resources.length, model.providers.length, model.modules.length],
    cloudformation: new Map(),
    terraform: new Map(),
  };
  for (const r of model.resources) if (r.mode === 'resource') addTo(r.format === 'cloudformation' ? idx.cloudformation : idx.terraform, r.type, r);
  for (const r of model.providers) addTo(idx.terraform, typeKey(r), r);
  // Calls of known modules (`module:<source>`); any other call's key is `module`, which no table names.
  for (const r of model.modules) addTo(idx.terraform, typeKey(r), r);
  typeIndexes.set(model, idx);
  return idx;
}

function addTo(m: Map<string, Resource[]>, k: string, r: Resource): void {
  const list = m.get(k);
  if (list) list.push(r);
  else m.set(k, [r]);
}

/** The place of every indexed resource in the model: resources as listed, then providers, then module calls. */
function orderOf(idx: TypeIndex): Map<Resource, number> {
  if (idx.order) return idx.order;
  const order = new Map<Resource, number>();
  for (const r of idx.resources) if (r.mode === 'resource') order.set(r, order.size);
  for (const r of idx.providers) order.set(r, order.size);
  for (const r of idx.modules) order.set(r, order.size);
  return (idx.order = order);
}

/**
 * CloudFormation resources of `cfnTypes` and Terraform resources, providers and module calls of
 * `tfTypes` (typeKey), in model order: resources as listed, then providers, then module calls.
 * Data sources are left out.
 */
function resourcesOfTypes(model: Model, cfnTypes: readonly string[], tfTypes: readonly string[], copy = true): Resource[] {
  if (cfnTypes.length === 0 && tfTypes.length === 0) return copy ? [] : NO_RESOURCES;
  const idx = typeIndex(model);
  let first: Resource[] | undefined;
  let lists: Resource[][] | undefined;
  for (const t of cfnTypes) {
    const l = idx.cloudformation.get(t);
    if (l) first ? (lists ??= [first]).push(l) : (first = l);
  }
  for (const t of tfTypes) {
    const l = idx.terraform.get(t);
    if (l) first ? (lists ??= [first]).push(l) : (first = l);
  }
  // One list (the common case): the index's own, copied only for callers outside this module.
  if (!first) return copy ? [] : NO_RESOURCES;
  if (!lists) return copy ? first.slice() : first;
  const order = orderOf(idx);
  // A type may be named twice in a table: each resource once.
  return [...new Set(lists.flat())].sort((a, b) => order.get(a)! - order.get(b)!);
}
const NO_RESOURCES: Resource[] = [];

/**
 * How a message names a setting: the last key of its path as written (`TransitEncryptionEnabled`,
 * `client_broker`), or the parameter's name for a map key or name/value item (`rds.force_ssl`).
 */
export function settingLabel(s: SettingValue): string {
  const spec = settingSpec(s.setting);
  const tf = s.resource.format === 'terraform' || s.resource.format === 'terraform-json';
  const named = (tf ? spec.terraformPath : spec.cloudformationPath)?.find((p) => p.select || p.quoted);
  if (named) return named.select?.value ?? named.key;
  return s.path.replace(/\[\d+\]/g, '').split('.').pop() ?? s.path;
}

/**
 * Values of a CloudFormation setting written one object too high: the path without its first
 * segment, read from `Properties` (a CloudFront `ViewerCertificate.MinimumProtocolVersion` directly
 * under `Properties`, where CloudFormation rejects it, instead of inside `DistributionConfig`). Only
 * for paths of three or more segments, and only values that are written (never missing ones).
 */
export function misplacedSettingValues(model: Model, setting: SettingName): SettingValue[] {
  const spec = settingSpec(setting);
  const path = spec.cloudformationPath;
  if (!path || path.length < 3) return [];
  const out: SettingValue[] = [];
  const resolver = resolverOf(model);
  for (const r of model.resources) {
    if (r.mode !== 'resource' || r.format !== 'cloudformation' || !spec.cloudformationTypes.includes(r.type)) continue;
    // The right place holds no such value.
    if (r.properties && entry(r.properties, path[0].key)) {
      const inner = get(r.properties, path[0].key);
      if (isObject(inner) && entry(inner, path[1].key)) continue;
    }
    const found: SettingValue[] = [];
    readPath(r, path.slice(1), setting, resolver, found);
    for (const v of found) if (v.value.state !== 'missing') out.push({ ...v, slot: v.slot, misplaced: { missing: path[0].key } });
  }
  return out;
}

/**
 * Every resource of a kind, whatever the format (`lb-listener`: AWS::ElasticLoadBalancingV2::Listener,
 * aws_lb_listener, aws_alb_listener; `aws-provider`: every AWS provider configuration). Terraform
 * data sources are lookups, not configurations: they are not included.
 */
export function resourcesOf(model: Model, kind: ResourceKind): Resource[] {
  const { cloudformation, terraform } = resourceTypes(kind);
  return resourcesOfTypes(model, cloudformation, terraform);
}

/** The type a settings table names a resource by: its type, `provider:<name>` for a provider configuration, `module:<source>` for a module call. */
function typeKey(r: Resource): string {
  return r.mode === 'provider' ? `provider:${r.type}` : r.mode === 'module' ? moduleTypeKey(r) : r.type;
}

const PROPERTIES: PathSegment = { key: 'Properties', each: false, block: false };

/** CloudFormation paths start at the resource: `Properties` and the setting's path, one array per path. */
function withProperties(segments: readonly PathSegment[]): readonly PathSegment[] {
  let p = cfnPaths.get(segments);
  if (!p) cfnPaths.set(segments, (p = [PROPERTIES, ...segments]));
  return p;
}
const cfnPaths = new WeakMap<readonly PathSegment[], readonly PathSegment[]>();

type Miscased = { written: string; expected: string }[];

function readPath(r: Resource, segments: readonly PathSegment[], setting: SettingName, resolver: Resolver, out: SettingValue[], writtenOnly = false): void {
  // CloudFormation settings start at the resource, so that a missing `Properties` is created too.
  const cfn = r.format === 'cloudformation';
  const start = cfn ? r.node : r.properties;
  if (!isObject(start)) return;
  visitPath({ r, path: cfn ? withProperties(segments) : segments, cfn, setting, resolver, out, writtenOnly }, start, 0, '', undefined);
}

/** What one readPath call reads with (one object per resource, no closures). */
interface PathRead {
  r: Resource;
  path: readonly PathSegment[];
  cfn: boolean;
  setting: SettingName;
  resolver: Resolver;
  out: SettingValue[];
  /** Missing values are left out (writtenSettingValues). */
  writtenOnly: boolean;
}

function joinPath(cfn: boolean, a: string, b: string): string {
  return cfn && a === '' && b === 'Properties' ? '' : a ? `${a}.${b}` : b;
}

function emitValue(c: PathRead, value: Val<string>, node: VNode | undefined, slot: Slot | undefined, path: string, miscased: Miscased | undefined): void {
  // The properties in this order, only those that are set (as a spread of them would give).
  const v = { setting: c.setting, resource: c.r, value } as SettingValue;
  if (node) v.node = node;
  if (slot) v.slot = slot;
  v.path = path;
  if (miscased) v.miscased = miscased;
  c.out.push(v);
}

/**
 * A value written at the end of its path. Its slot (`parent[key]`) is made when first read: most
 * values are only looked at, and a large template has thousands. Spread copies must name `slot`.
 */
class WrittenValue implements SettingValue {
  declare specDefault?: string;
  declare miscased?: Miscased;
  declare misplaced?: { missing: string };
  readonly setting: SettingName;
  readonly resource: Resource;
  readonly value: Val<string>;
  readonly node: VNode;
  readonly path: string;
  readonly #parent: VObject;
  readonly #key: string;
  #slot: Slot | undefined = undefined;

  constructor(setting: SettingName, resource: Resource, value: Val<string>, node: VNode, parent: VObject, key: string, path: string, miscased: Miscased | undefined) {
    this.setting = setting;
    this.resource = resource;
    this.value = value;
    this.node = node;
    this.path = path;
    if (miscased) this.miscased = miscased;
    this.#parent = parent;
    this.#key = key;
  }

  get slot(): Slot {
    return (this.#slot ??= { file: this.resource.file, dialect: this.resource.dialect, parent: this.#parent, path: [this.#key], node: this.node });
  }
}

// Depth first, so values come in the order they are written (the depth is the path's length).
function visitPath(c: PathRead, obj: VObject, i: number, written: string, miscased: Miscased | undefined): void {
  const { r, path, cfn } = c;
  const seg = path[i];
  let e = entry(obj, seg.key);
  if (!e && cfn && !seg.quoted) {
    // CloudFormation property names are case-sensitive; a key that differs only in case is read, and said.
    const near = entryOfLowerCase(obj, lowerCaseOf(seg.key));
    if (near) {
      e = near;
      miscased = [...(miscased ?? []), { written: near.key, expected: seg.key }];
    }
  }
  const key = e ? e.key : seg.key;
  if (!e || e.value.kind === 'null') {
    // Missing from here on. Inside an absent list there are no items, so no value at all (an
    // absent list that is itself the setting is a missing value).
    if (c.writtenOnly) return;
    for (let k = i; k < path.length - 1; k++) if (path[k].each) return;
    let text = written;
    for (let k = i; k < path.length; k++) text = joinPath(cfn, text, path[k].key);
    emitValue(c, { state: 'missing' }, undefined, slot(r, obj, path.slice(i), e?.value), text, miscased);
    return;
  }
  const text = joinPath(cfn, written, key);
  const v = e.value;
  if (i === path.length - 1) {
    c.out.push(new WrittenValue(c.setting, r, c.resolver.val(v, r), v, obj, key, text, miscased));
    return;
  }
  const many = seg.each || seg.block;
  // A list property must be a list (a Terraform block may be one object in `.tf.json`).
  if (seg.each && !seg.block && v.kind !== 'array' && v.kind !== 'unknown') return;
  if (many && v.kind === 'array') {
    const indexed = seg.each || v.items.length > 1;
    for (let k = 0; k < v.items.length; k++) visitItem(c, v.items[k], i, indexed ? `${text}[${k}]` : text, miscased);
  } else visitItem(c, v, i, text, miscased);
}

function visitItem(c: PathRead, item: VNode, i: number, itemText: string, miscased: Miscased | undefined): void {
  // `[name=value]`: only the name/value items of that name (an item whose name is not a literal is not one).
  const select = c.path[i].select;
  if (select && !(item.kind === 'object' && selects(item, select, c.r, c.resolver))) return;
  if (item.kind === 'object') visitPath(c, item, i + 1, itemText, miscased);
  // A value known only at deploy time (`!If`, a variable, a `dynamic` block): so is the setting.
  else if (item.kind === 'unknown') emitValue(c, { state: 'unknown', span: item.span, node: item }, item, undefined, itemText, miscased);
}

/** Whether a list item's `key` is the selector's literal value (written, or from a local; never a variable's default). */
function selects(item: VObject, select: { key: string; value: string }, r: Resource, resolver: Resolver): boolean {
  const v = resolver.val(get(item, select.key), r);
  return v.state === 'literal' && v.resolved?.from !== 'default' && v.value === select.value;
}

/** A table key lower-cased, once per key (the tables hold a few hundred). */
function lowerCaseOf(key: string): string {
  let lower = lowerKeys.get(key);
  if (lower === undefined) lowerKeys.set(key, (lower = key.toLowerCase()));
  return lower;
}
const lowerKeys = new Map<string, string>();

/** The first entry whose key lower-cased is `lower`, compared character by character (no lower-cased copy of every key). */
function entryOfLowerCase(obj: VObject, lower: string): VEntry | undefined {
  for (const x of obj.entries) if (equalsLowerCased(x.key, lower)) return x;
  return undefined;
}

/** Whether `key.toLowerCase() === lower`, without making the lower-cased string when an ASCII comparison decides. */
export function equalsLowerCased(key: string, lower: string): boolean {
  const n = lower.length;
  for (let i = 0; i < n && i < key.length; i++) {
    const l = lower.charCodeAt(i);
    let c = key.charCodeAt(i);
    // Beyond ASCII, lower-casing may change lengths or give ASCII (the Kelvin sign gives `k`): compare the real thing.
    if (c > 127 || l > 127) return key.toLowerCase() === lower;
    if (c >= 65 && c <= 90) c += 32;
    if (c !== l) return false;
  }
  // ASCII up to here: the rest decides (a non-ASCII remainder is compared in full).
  if (key.length === n) return true;
  if (key.length < n) return false;
  for (let i = n; i < key.length; i++) if (key.charCodeAt(i) > 127) return key.toLowerCase() === lower;
  return false;
}

function slot(r: Resource, parent: VObject, rest: readonly PathSegment[], node?: VNode): Slot {
  const s: Slot = { file: r.file, dialect: r.dialect, parent, path: rest.map((x) => x.key) };
  if (rest.length > 1 && (r.format === 'terraform' || r.format === 'terraform-json')) s.blocks = rest.slice(0, -1).map((x) => x.block);
  if (node) s.node = node;
  return s;
}

// ---------------------------------------------------------------------------------------------
// Following references

/** How many references are followed in a row (`local.a` → `local.b` → `var.c`). */
const MAX_HOPS = 4;

export interface Resolver {
  /** The value of a node as seen from a resource: literal, followed through references where sound, or unknown. */
  val(n: VNode | undefined, from: Resource | { file: string; format: Resource['format'] }): Val<string>;
}

const resolvers = new OwnerMemo<Model, Resolver>();

/** The resolver of a model (its indexes are built once per model). */
export function resolverOf(model: Model): Resolver {
  let r = resolvers.get(model);
  if (!r) resolvers.set(model, (r = new ModelResolver(model)));
  return r;
}

class ModelResolver implements Resolver {
  private params?: Map<string, Input>;
  private vars?: Map<string, Input>;
  private locals?: Map<string, Definition>;
  private maps?: Map<string, Definition>;

  constructor(private readonly model: Model) {}

  val(n: VNode | undefined, from: { file: string; format: Resource['format'] }): Val<string> {
    if (!n || n.kind === 'null') return { state: 'missing' };
    if (n.kind === 'string' || n.kind === 'number' || n.kind === 'boolean') return { state: 'literal', value: String(n.value), span: n.span, node: n };
    if (n.kind !== 'unknown') return { state: 'unknown', span: n.span, node: n };
    const found = this.follow(n, from, 0);
    if (!found) return { state: 'unknown', span: n.span, node: n };
    return { state: 'literal', value: found.value, span: n.span, node: n, resolved: found.resolution };
  }

  /** The literal behind a reference, with how it was found (the weakest step decides `from`). */
  private follow(n: VNode, from: { file: string; format: Resource['format'] }, hops: number): { value: string; resolution: Resolution } | undefined {
    if (n.kind !== 'unknown' || hops >= MAX_HOPS) return undefined;
    if (from.format === 'cloudformation') return this.followCfn(n, from.file, hops);
    if (from.format !== 'terraform' && from.format !== 'terraform-json') return undefined;
    if (n.refs.length !== 1) return undefined;
    const ref = n.refs[0];
    // Only a bare reference (`var.x`, `"${var.x}"`), not an expression that uses one.
    const r = n.reason;
    if (!isBareReference(r, ref)) return undefined;
    if (ref.startsWith('var.')) {
      const input = this.variables().get(ref.slice(4));
      return input ? fromDefault(input, ref) : undefined;
    }
    if (ref.startsWith('local.')) {
      const def = this.localValues().get(ref.slice(6));
      if (!def) return undefined;
      const s: Slot = { file: def.file, dialect: def.dialect, parent: def.parent, path: [def.name], node: def.value };
      const v = def.value;
      if (v.kind === 'string' || v.kind === 'number' || v.kind === 'boolean') return { value: String(v.value), resolution: { from: 'local', name: ref, slot: s } };
      const inner = this.follow(v, { file: def.file, format: from.format }, hops + 1);
      return inner && { value: inner.value, resolution: inner.resolution.from === 'default' ? inner.resolution : { from: 'local', name: ref, slot: s } };
    }
    return undefined;
  }

  private followCfn(n: VNode & { kind: 'unknown' }, file: string, hops: number): { value: string; resolution: Resolution } | undefined {
    const args = n.args;
    if (n.intrinsic === 'Ref' && args?.kind === 'string') {
      const input = this.parameters().get(`${file}\u0000${String(args.value)}`);
      return input ? fromDefault(input, String(args.value)) : undefined;
    }
    if (n.intrinsic === 'Fn::FindInMap' && args?.kind === 'array' && args.items.length >= 3) {
      const keys: string[] = [];
      let viaDefault: Resolution | undefined;
      for (const k of args.items.slice(0, 3)) {
        if (k.kind === 'string' || k.kind === 'number') keys.push(String(k.value));
        else {
          const r = this.follow(k, { file, format: 'cloudformation' }, hops + 1);
          if (!r) return undefined;
          keys.push(r.value);
          if (r.resolution.from === 'default') viaDefault ??= r.resolution;
        }
      }
      const map = this.mappings().get(`${file}\u0000${keys[0]}`);
      const top = map && get(map.value, keys[1]);
      const e = isObject(top) ? entry(top, keys[2]) : undefined;
      const v = e?.value;
      if (!top || !e || !v || (v.kind !== 'string' && v.kind !== 'number' && v.kind !== 'boolean')) return undefined;
      const s: Slot = { file, dialect: map.dialect, parent: top as VObject, path: [keys[2]], node: v };
      return { value: String(v.value), resolution: viaDefault ?? { from: 'mapping', name: keys.join('.'), slot: s } };
    }
    return undefined;
  }

  private parameters(): Map<string, Input> {
    return (this.params ??= new Map(this.model.inputs.filter((i) => i.kind === 'parameter').map((i) => [`${i.file}\u0000${i.name}`, i])));
  }
  private variables(): Map<string, Input> {
    return (this.vars ??= new Map(this.model.inputs.filter((i) => i.kind === 'variable').map((i) => [i.name, i])));
  }
  private localValues(): Map<string, Definition> {
    return (this.locals ??= new Map(this.model.locals.map((d) => [d.name, d])));
  }
  private mappings(): Map<string, Definition> {
    return (this.maps ??= new Map(this.model.mappings.map((d) => [`${d.file}\u0000${d.name}`, d])));
  }
}

/** Whether `reason` is the reference `ref` alone: `ref`, `${ref}` or `"${ref}"` (compared in place, without building those strings). */
function isBareReference(reason: string, ref: string): boolean {
  if (reason === ref) return true;
  const n = ref.length;
  if (reason.length === n + 3) return reason.startsWith('${') && reason.endsWith('}') && reason.startsWith(ref, 2);
  if (reason.length === n + 5) return reason.startsWith('"${') && reason.endsWith('}"') && reason.startsWith(ref, 3);
  return false;
}

function fromDefault(input: Input, name: string): { value: string; resolution: Resolution } | undefined {
  const d = input.default;
  if (d.state !== 'literal') return undefined;
  const key = input.kind === 'parameter' ? 'Default' : 'default';
  return { value: d.value, resolution: { from: 'default', name, slot: { file: input.file, dialect: input.dialect, parent: input.node, path: [key], node: d.node } } };
}

// ---------------------------------------------------------------------------------------------
// Names, descriptions and tags; every string

export interface NameValue {
  resource: Resource;
  /** `name`: a name-like field; `description`: a description or comment; `tag`: a tag value (`key` says which tag). */
  kind: 'name' | 'description' | 'tag';
  /** The tag's key, for tags. */
  key?: string;
  value: Val<string>;
  slot?: Slot;
  /** The path as written (`BucketName`, `Tags[0].Value`, `tags.Owner`). */
  path: string;
  /** The file holding the value when it is not the resource's: a tag map in a `locals` block or a variable's default. */
  file?: string;
}

/**
 * HAND-KEPT, HEURISTIC (no Terraform schema table yet): Terraform arguments treated as names and
 * descriptions. CloudFormation uses the generated table (data/cfn-name-properties.json).
 */
const TF_NAME = /^(name|name_prefix|[a-z0-9_]+_name|bucket|bucket_prefix|alias|identifier|title)$/;
const TF_DESCRIPTION = /^(description|comment)$/;
/** Tag maps: `tags`, `tags_all`, `volume_tags`, a module's `default_tags`... */
const TF_TAGS = /^(tags|tags_all|[a-z0-9_]+_tags)$/;
/** A CloudFormation property that names something, at any depth (`SchemaS3Location.BucketName`, `KeyName`). */
const CFN_NAME_KEY = /[a-z0-9]Name$/;

const nameValuesOf = new OwnerMemo<Model, NameValue[]>();

/**
 * Every name-like field, description and tag value of the model's resources and module calls (and
 * the default tags of providers), with its span. Computed once per model (several rules read it).
 * CloudFormation: the generated table (names, descriptions, tags of the type) and every other
 * property named `…Name` at any depth (a name of another resource is a name too); Terraform: the
 * arguments above, in nested blocks too, and the literal maps of `merge`, `tomap` and `map` calls.
 */
export function nameValues(model: Model): NameValue[] {
  let out = nameValuesOf.get(model);
  if (out) return out;
  out = [];
  const resolver = resolverOf(model);
  const shared = sharedTagsOf(model);
  const seen = new Set<VObject>();
  for (const r of model.resources) {
    if (r.mode !== 'resource' || !r.properties) continue;
    if (r.format === 'cloudformation') cfnNames(r, r.properties, resolver, out);
    else if (r.format === 'terraform' || r.format === 'terraform-json') tfNames(r, r.properties, resolver, out, shared, seen);
  }
  // Module calls: their `name`, `tags`, `default_tags`... are passed on to the resources they create.
  for (const m of model.modules) if (m.properties) tfNames(m, m.properties, resolver, out, shared, seen);
  // Provider configurations: `default_tags { tags = {...} }` is copied onto every resource.
  for (const p of model.providers) {
    const tags = p.properties?.entries.filter((e) => e.key === 'default_tags');
    if (tags?.length) tfNames(p, { ...p.properties!, entries: tags }, resolver, out, shared, seen);
  }
  cfnNestedNames(model, out, resolver);
  nameValuesOf.set(model, out);
  return out;
}

/** CloudFormation properties named `…Name` that the generated table does not list, at any depth, from a walk of each template's leaves. */
function cfnNestedNames(model: Model, out: NameValue[], resolver: Resolver): void {
  let seen: Set<VNode> | undefined;
  for (const t of model.trees) {
    if (t.format !== 'cloudformation' || nameKeysAllListed(t, out)) continue;
    let owner: ((s: Span) => Resource | undefined) | undefined;
    const w = leavesOf(t);
    try {
      while (w.next()) {
        const n = w.node!;
        const k = w.key;
        const p = w.parent;
        if (n.kind !== 'string' || !k || !p || n.embedded || !k.endsWith('Name') || !CFN_NAME_KEY.test(k)) continue;
        owner ??= ownerLookup(model, t.file);
        const r = owner(n.span);
        if (!r || r.mode !== 'resource' || r.format !== 'cloudformation') continue;
        seen ??= new Set(out.map(PropertyName.nodeOf).filter((x): x is VNode => !!x));
        if (seen.has(n)) continue;
        out.push({ resource: r, kind: 'name', value: resolver.val(n, r), slot: { file: r.file, dialect: r.dialect, parent: p, path: [k], node: n }, path: k });
      }
    } finally {
      w.close();
    }
  }
}

/**
 * Whether a JSON template has no key that cfnNestedNames looks for (`…Name`) beyond those `out`
 * already holds (the generated table's names): its walk of every leaf is then skipped. In JSON such
 * a key is written `…Name"` just before its colon, and nothing else is (a string value is followed by
 * a comma or a closing bracket): when no escape may hide letters, a text with exactly as many of
 * these as `out` holds distinct entries of the file at such keys has no other.
 */
export function nameKeysAllListed(t: Tree, out: NameValue[]): boolean {
  if (t.dialect !== 'json' || t.jsonText || textMayHide(t)) return false;
  const text = t.text;
  let written = 0;
  for (let i = text.indexOf('Name"'); i >= 0; i = text.indexOf('Name"', i + 5)) {
    const before = text.charCodeAt(i - 1);
    if (!((before >= 97 && before <= 122) || (before >= 48 && before <= 57))) continue; // CFN_NAME_KEY
    let j = i + 5;
    let c = text.charCodeAt(j);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++j);
    // A colon, or a comment (JSONC) that may come before it.
    if (c === 58 /* : */ || c === 47 /* / */) written++;
  }
  if (written === 0) return true;
  const listed = new Set<VNode>();
  for (const n of out) {
    if (n.resource.file !== t.file || n.file !== undefined) continue;
    if (n instanceof PropertyName) {
      // An entry directly under Properties, at its key.
      const node = PropertyName.nodeOf(n);
      if (node && CFN_NAME_KEY.test(n.path)) listed.add(node);
      continue;
    }
    const slot = n.slot;
    const key = slot?.path.length === 1 ? slot.path[0] : undefined;
    if (slot?.node && key !== undefined && CFN_NAME_KEY.test(key) && entry(slot.parent, key)?.value === slot.node) listed.add(slot.node);
  }
  return listed.size === written;
}

function cfnNames(r: Resource, props: VObject, resolver: Resolver, out: NameValue[]): void {
  const spec = namePropertiesFor(r.type);
  if (!spec) return;
  cfnNamesAt(r, props, resolver, out, 'name', spec.names);
  cfnNamesAt(r, props, resolver, out, 'description', spec.descriptions);
  if (!spec.tagProperty) return;
  const tags = get(props, spec.tagProperty);
  if (spec.tags === 'list' && tags?.kind === 'array') {
    tags.items.forEach((t, i) => {
      if (!isObject(t)) return;
      const k = get(t, 'Key');
      const v = get(t, 'Value');
      if (!v) return;
      out.push({ resource: r, kind: 'tag', key: k?.kind === 'string' ? String(k.value) : undefined, value: resolver.val(v, r), slot: { file: r.file, dialect: r.dialect, parent: t, path: ['Value'], node: v }, path: `${spec.tagProperty}[${i}].Value` });
    });
  } else if (spec.tags === 'map' && isObject(tags)) {
    for (const e of tags.entries) out.push({ resource: r, kind: 'tag', key: e.key, value: resolver.val(e.value, r), slot: { file: r.file, dialect: r.dialect, parent: tags, path: [e.key], node: e.value }, path: `${spec.tagProperty}.${e.key}` });
  }
}

function cfnNamesAt(r: Resource, props: VObject, resolver: Resolver, out: NameValue[], kind: NameValue['kind'], paths: readonly string[]): void {
  for (const p of paths) {
    const parts = splitPath(p);
    if (parts.length === 1) {
      // The common case, one key (`BucketName`, `Description`): no list of places to build.
      const v = entry(props, p)?.value;
      if (v) out.push(new PropertyName(r, kind, resolver.val(v, r), props, p, v));
      continue;
    }
    for (const { obj, key, text } of leaves(props, parts)) {
      const v = get(obj, key);
      out.push({ resource: r, kind, value: resolver.val(v, r), slot: { file: r.file, dialect: r.dialect, parent: obj, path: [key], node: v }, path: text });
    }
  }
}

/**
 * A name or description written directly under `Properties` (`BucketName`): its slot is made when
 * first read (most names hold nothing to fix). Spread copies must name `slot`.
 */
class PropertyName implements NameValue {
  declare key?: string;
  declare file?: string;
  readonly resource: Resource;
  readonly kind: NameValue['kind'];
  readonly value: Val<string>;
  readonly path: string;
  readonly #parent: VObject;
  readonly #node: VNode;
  #slot: Slot | undefined = undefined;

  constructor(resource: Resource, kind: NameValue['kind'], value: Val<string>, parent: VObject, key: string, node: VNode) {
    this.resource = resource;
    this.kind = kind;
    this.value = value;
    this.path = key;
    this.#parent = parent;
    this.#node = node;
  }

  get slot(): Slot {
    return (this.#slot ??= { file: this.resource.file, dialect: this.resource.dialect, parent: this.#parent, path: [this.path], node: this.#node });
  }

  /** The node of the slot, without making the slot. */
  static nodeOf(n: NameValue): VNode | undefined {
    return n instanceof PropertyName ? n.#node : n.slot?.node;
  }
}

/** A dotted path's segments, split once per path (the same few paths are read in every resource). */
function splitPath(p: string): readonly string[] {
  let parts = splitPaths.get(p);
  if (!parts) splitPaths.set(p, (parts = p.split('.')));
  return parts;
}
const splitPaths = new Map<string, readonly string[]>();
const NO_LEAVES: { obj: VObject; key: string; text: string }[] = [];

/** Objects and keys at a dotted path where `*` is every list item or map value. */
function leaves(root: VObject, path: readonly string[]): { obj: VObject; key: string; text: string }[] {
  // The common case, one key (`BucketName`, `Description`): no intermediate lists.
  if (path.length === 1) return entry(root, path[0]) ? [{ obj: root, key: path[0], text: path[0] }] : NO_LEAVES;
  let cur: { node: VNode; text: string }[] = [{ node: root, text: '' }];
  for (let i = 0; i < path.length - 1; i++) {
    const seg = path[i];
    const next: { node: VNode; text: string }[] = [];
    for (const c of cur) {
      if (seg === '*') {
        if (c.node.kind === 'array') c.node.items.forEach((it, k) => next.push({ node: it, text: `${c.text}[${k}]` }));
        else if (c.node.kind === 'object') for (const e of c.node.entries) next.push({ node: e.value, text: `${c.text}.${e.key}` });
      } else {
        const v = get(c.node, seg);
        if (v) next.push({ node: v, text: c.text ? `${c.text}.${seg}` : seg });
      }
    }
    cur = next;
  }
  const key = path[path.length - 1];
  const out: { obj: VObject; key: string; text: string }[] = [];
  for (const c of cur) if (isObject(c.node) && entry(c.node, key)) out.push({ obj: c.node, key, text: c.text ? `${c.text}.${key}` : key });
  return out;
}

/** A tag map shared by reference: the object behind a bare `local.x` or `var.x` (a variable's default). */
type SharedTags = (v: VNode) => { obj: VObject; file: string; dialect: Dialect; name: string } | undefined;

function sharedTagsOf(model: Model): SharedTags {
  let locals: Map<string, Definition> | undefined;
  let vars: Map<string, Input> | undefined;
  return (v) => {
    if (v.kind !== 'unknown' || v.refs.length !== 1) return undefined;
    const ref = v.refs[0];
    if (!isBareReference(v.reason, ref)) return undefined;
    if (ref.startsWith('local.')) {
      locals ??= new Map(model.locals.map((d) => [d.name, d]));
      const d = locals.get(ref.slice(6));
      return d && isObject(d.value) ? { obj: d.value, file: d.file, dialect: d.dialect, name: ref } : undefined;
    }
    if (ref.startsWith('var.')) {
      vars ??= new Map(model.inputs.filter((i) => i.kind === 'variable').map((i) => [i.name, i]));
      const i = vars.get(ref.slice(4));
      const n = i && i.default.state !== 'missing' ? i.default.node : undefined;
      return i && n && isObject(n) ? { obj: n, file: i.file, dialect: i.dialect, name: ref } : undefined;
    }
    return undefined;
  };
}

function tfNames(r: Resource, props: VObject, resolver: Resolver, out: NameValue[], sharedTags?: SharedTags, sharedSeen: Set<VObject> = new Set()): void {
  // Nested blocks wait on a stack, made only when there is one (most resources have none).
  let stack: { obj: VObject; text: string }[] | undefined;
  for (let next: { obj: VObject; text: string } | undefined = { obj: props, text: '' }; next; next = stack?.pop()) {
    const { obj, text } = next;
    for (const e of obj.entries) {
      const path = text ? `${text}.${e.key}` : e.key;
      const v = e.value;
      const shared = TF_TAGS.test(e.key) ? sharedTags?.(v) : undefined;
      if (shared) {
        // `tags = local.common_tags` / `var.tags`: the map written in the locals block or the variable's default, read once.
        if (sharedSeen.has(shared.obj)) continue;
        sharedSeen.add(shared.obj);
        for (const t of shared.obj.entries) {
          out.push({ resource: r, kind: 'tag', key: t.key, value: resolver.val(t.value, r), slot: { file: shared.file, dialect: shared.dialect, parent: shared.obj, path: [t.key], node: t.value }, path: `${shared.name}.${t.key}`, file: shared.file });
        }
      } else if (TF_TAGS.test(e.key) && (isObject(v) || (v.kind === 'unknown' && v.args))) {
        for (const t of tagEntries(v)) {
          const slot = t.parent ? { file: r.file, dialect: r.dialect, parent: t.parent, path: [t.key], node: t.value } : undefined;
          out.push({ resource: r, kind: 'tag', key: t.key, value: resolver.val(t.value, r), slot, path: `${path}.${t.key}` });
        }
      } else if (TF_NAME.test(e.key) || TF_DESCRIPTION.test(e.key)) {
        if (v.kind === 'object' || v.kind === 'array') continue;
        out.push({ resource: r, kind: TF_NAME.test(e.key) ? 'name' : 'description', value: resolver.val(v, r), slot: { file: r.file, dialect: r.dialect, parent: obj, path: [e.key], node: v }, path });
      } else if (v.kind === 'array') {
        // Nested blocks.
        v.items.forEach((it, i) => isObject(it) && (stack ??= []).push({ obj: it, text: `${path}[${i}]` }));
      } else if (isObject(v) && r.dialect === 'json') {
        // A nested block written as one object in `.tf.json`.
        (stack ??= []).push({ obj: v, text: path });
      }
    }
  }
}

/**
 * The entries of a tag map: an object, or the literal pieces of `merge({...}, {...})`, `tomap({...})`
 * and `map("k1", "v1", "k2", "v2")` (whose pairs have no object to write a fix to).
 */
function tagEntries(v: VNode): { key: string; value: VNode; parent?: VObject }[] {
  if (isObject(v)) return v.entries.map((e) => ({ key: e.key, value: e.value, parent: v }));
  if (v.kind !== 'unknown' || v.args?.kind !== 'array') return [];
  const items = v.args.items;
  if (v.reason.startsWith('map(')) {
    const out: { key: string; value: VNode }[] = [];
    for (let i = 0; i + 1 < items.length; i += 2) if (items[i].kind === 'string') out.push({ key: String((items[i] as { value: unknown }).value), value: items[i + 1] });
    return out;
  }
  return items.flatMap((it) => tagEntries(it));
}

export interface StringValue {
  file: string;
  value: string;
  span: Span;
  node: VNode;
  dialect: Dialect;
  /** The resource (or provider, module) whose text holds the string, if any. */
  resource?: Resource;
  /** The key of the entry holding the string, when it is an entry's value (or an item of a list that is). */
  key?: string;
  /**
   * Set when the file does not write the value verbatim (a YAML block scalar, a string inside JSON
   * embedded in a string): a fix cannot edit it in place (`replaceInString` is not rendered).
   */
  embedded?: boolean;
  /** The object whose entry's value the string is (a `{Name, Value}` pair's object, say); undefined for list items. */
  parent?: VObject;
  /**
   * Set for a Terraform template with interpolations (`"https://sqs.us-east-1.amazonaws.com/${var.q}"`,
   * a heredoc), read only with `templates`: `value` is its source text as written, quotes and
   * `${...}` included, so a part known only at plan time never reads as a literal. `node` is the
   * template's unknown node; `replaceInString` edits a plain run of its text (a hostname) in place.
   */
  template?: boolean;
}

export interface StringValueOptions {
  /** Only strings whose value passes this test; it runs first, on every string, so keep it cheap (a regular expression). */
  filter?: (value: string, key: string | undefined) => boolean;
  /** Also strings the file does not write verbatim (`embedded`: YAML block scalars, JSON inside a string). */
  embedded?: boolean;
  /** Also numbers and booleans (`false` unquoted in YAML or HCL), stringified; their `node` is not a string. */
  scalars?: boolean;
  /**
   * A cheap pre-filter on a file's raw text: the caller promises that every string it wants lies in a
   * file whose text, unescaped, has a match of `textHint` (say, the string itself must contain it).
   * A file whose text has none is skipped without walking its tree. The pattern must match only
   * letters, digits and `.-_:@/` (no whitespace, quotes or backslashes): YAML and HCL line
   * folding, indentation stripping and `\"`-style escapes never create or split such a run. Escapes
   * that could spell one (`\u002e`, `\x2e`, JSON's `\/`, a backslash-newline join...) are not decoded: a
   * file whose text has a backslash followed by anything but `n`, `t`, `r`, `"` or `\` is always walked.
   * Several patterns: the file must have a match of each. Must not be global or sticky (used with `test`).
   * A GatedPattern (text.ts) gives the same answer as its expression, sooner.
   */
  textHint?: TextTest | readonly TextTest[];
  /**
   * The hint reads the file's escapes itself (it decodes them before it looks): a file it rejects is
   * skipped even when its text has escapes. Without this, such a file is always walked.
   */
  hintDecodes?: boolean;
  /** Also Terraform templates with interpolations, as their source text (see `StringValue.template`). */
  templates?: boolean;
}

const mayHideText = new OwnerMemo<Tree, boolean>();
/** A backslash that may stand for characters other than itself, a quote or a control character. */
const OPAQUE_ESCAPE = /\\(?![ntr"\\])/;

/**
 * A walk of a tree's scalar leaves (strings, numbers, booleans, embedded or not) in document order,
 * driven by its caller: `while (w.next())` gives each leaf's `node`, `key` and `parent` in turn, and
 * with `templates`, each Terraform template with interpolations too (`template` set). No callback
 * and no array of leaves: each caller keeps only the leaves it wants (arrays of every leaf, kept per
 * tree, were once the largest allocation of an analysis; a callback would keep what it captures alive
 * through V8's call feedback). Callers `close()` it in a `finally`.
 *
 * The stack is parallel arrays (no tuple per node) shared by every walk, its slots cleared as they
 * are popped and on close, so that it keeps no tree alive; a walk begun inside another gets its own.
 */
class LeafWalk {
  node: VNode | undefined = undefined;
  key: string | undefined = undefined;
  parent: VObject | undefined = undefined;
  /** The current node is a Terraform template (an unknown node that is no intrinsic, call or reference). */
  template = false;
  busy = false;
  private top = 0;
  /** The highest slot used since the walk began: cleared on close (not on every pop). */
  private high = 0;
  private t: Tree | undefined = undefined;
  private templates = false;
  private readonly nodes: (VNode | undefined)[] = [];
  private readonly keys: (string | undefined)[] = [];
  private readonly parents: (VObject | undefined)[] = [];

  open(t: Tree, templates: boolean): this {
    this.busy = true;
    this.t = t;
    this.templates = templates;
    // Children are pushed in reverse so that leaves come in document order.
    let top = 0;
    for (let r = t.roots.length - 1; r >= 0; r--) {
      this.nodes[top] = t.roots[r];
      this.keys[top] = undefined;
      this.parents[top] = undefined;
      top++;
    }
    this.top = this.high = top;
    return this;
  }

  next(): boolean {
    const t = this.t!;
    const jsonText = t.jsonText;
    const { nodes, keys, parents } = this;
    let top = this.top;
    let high = this.high;
    while (top > 0) {
      top--;
      const n = nodes[top]!;
      const k = keys[top];
      const kind = n.kind;
      if (kind === 'string' || kind === 'boolean' || kind === 'number') return this.stop(top, high, n, k, false);
      if (kind === 'object') {
        const entries = n.entries;
        for (let j = entries.length - 1; j >= 0; j--) {
          const e = entries[j];
          const v = e.value;
          // JSON held as text (model/json-text.ts) is read in place of its string.
          const json = jsonText?.get(v.span.start);
          nodes[top] = json && json.span.end === v.span.end && !isJsonTextNode(v) ? json : v;
          keys[top] = e.key;
          parents[top] = n;
          top++;
        }
        if (top > high) high = top;
      } else if (kind === 'array') {
        const items = n.items;
        for (let j = items.length - 1; j >= 0; j--) {
          nodes[top] = items[j];
          keys[top] = k;
          parents[top] = undefined;
          top++;
        }
        if (top > high) high = top;
      } else if (kind === 'unknown') {
        if (n.args) {
          nodes[top] = n.args;
          keys[top] = k;
          parents[top] = undefined;
          top++;
          if (top > high) high = top;
        } else if (
          this.templates &&
          !n.intrinsic &&
          t.format !== 'cloudformation' &&
          (isTemplateSource(t.text, n.span.start) || (t.text[n.span.start] === '\\' && isExactJsonTextNode(n)))
        ) {
          // (A template inside JSON held in a quoted string starts with an escaped quote: `\"https://...${var.x}\"`.)
          return this.stop(top, high, n, k, true);
        }
      }
    }
    this.top = top;
    this.high = high;
    this.close();
    return false;
  }

  /** Stops the walk at leaf `n` (slot `top`): the current leaf until the next call of next(). */
  private stop(top: number, high: number, n: VNode, k: string | undefined, template: boolean): true {
    this.top = top;
    this.high = high;
    this.node = n;
    this.key = k;
    this.parent = this.parents[top];
    this.template = template;
    return true;
  }

  /** Ends the walk (at its end, or early): clears what it holds. */
  close(): void {
    const { nodes, keys, parents } = this;
    for (let i = 0; i < this.high; i++) {
      nodes[i] = undefined;
      keys[i] = undefined;
      parents[i] = undefined;
    }
    this.top = this.high = 0;
    this.node = this.key = this.parent = this.t = undefined;
    if (this === SHARED_WALK) this.busy = false;
  }
}
const SHARED_WALK = new LeafWalk();

/** A walk of `t`'s leaves (and with `templates`, its Terraform templates): see LeafWalk. */
function leavesOf(t: Tree, templates = false): LeafWalk {
  return (SHARED_WALK.busy ? new LeafWalk() : SHARED_WALK).open(t, templates);
}

/** A Terraform quoted template or heredoc starts here (not a reference, call or expression). */
function isTemplateSource(text: string, at: number): boolean {
  return text[at] === '"' || (text[at] === '<' && text[at + 1] === '<');
}

/** Templates longer than this are not read as text (a generated script); their literal parts are not seen. */
const MAX_TEMPLATE_CHARS = 16_384;

/** The resource (provider, module) of a file whose text holds a span, by binary search. */
function ownerLookup(model: Model, file: string): (s: Span) => Resource | undefined {
  // One per model and file, shared by every caller (stringValues, secretValues, names…).
  let byFile = ownerLookups.get(model);
  if (!byFile) ownerLookups.set(model, (byFile = new Map()));
  let lookup = byFile.get(file);
  if (!lookup) byFile.set(file, (lookup = newOwnerLookup(model, file)));
  return lookup;
}
const ownerLookups = new OwnerMemo<Model, Map<string, (s: Span) => Resource | undefined>>();

function newOwnerLookup(model: Model, file: string): (s: Span) => Resource | undefined {
  // Resources do not nest: the last one starting at or before the string holds it, or none does.
  const mine = [...model.resources, ...model.providers, ...model.modules].filter((r) => r.file === file).sort((a, b) => a.span.start - b.span.start);
  return (s: Span) => {
    let lo = 0;
    let hi = mine.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (mine[mid].span.start <= s.start) lo = mid + 1;
      else hi = mid;
    }
    const r = mine[lo - 1];
    return r && s.end <= r.span.end ? r : undefined;
  };
}

const isTextTestList = (h: TextTest | readonly TextTest[]): h is readonly TextTest[] => Array.isArray(h);

/** Whether a file's raw text may hold a match of `hint` (see `StringValueOptions.textHint`). */
function textMayHold(t: Tree, hint: TextTest, decodes = false): boolean {
  return hint.test(t.text, textCharsOf(t)) || (!decodes && textMayHide(t));
}

/** Whether a file's text has an escape that may spell characters other than itself (see `StringValueOptions.textHint`). */
function textMayHide(t: Tree): boolean {
  let hide = mayHideText.get(t);
  // indexOf first: most files have no backslash at all, and it finds that faster than the expression.
  if (hide === undefined) mayHideText.set(t, (hide = t.text.includes('\\') && OPAQUE_ESCAPE.test(t.text)));
  return hide;
}

/**
 * Every literal string written in the model's files (values, not keys), with its span and owner:
 * resources, parameters, outputs, metadata, locals... The literal template of a CloudFormation
 * `Fn::Sub` is one of them (its `${...}` left as written). Strings inside JSON embedded in a string
 * (and YAML block scalars) are seen only with `embedded`. Each call walks the files' trees and keeps
 * only the strings that pass `filter` (keep it cheap and tight); `textHint` skips files without walking them.
 */
export function stringValues(model: Model, opts: StringValueOptions = {}): StringValue[] {
  const out: StringValue[] = [];
  const { filter, embedded, scalars, textHint, templates, hintDecodes } = opts;
  for (const t of model.trees) {
    if (textHint && !(isTextTestList(textHint) ? textHint.every((h) => textMayHold(t, h, hintDecodes)) : textMayHold(t, textHint, hintDecodes))) continue;
    let lookup: ((s: Span) => Resource | undefined) | undefined;
    const ownerOf = (s: Span) => (lookup ??= ownerLookup(model, t.file))(s);
    let found: { node: VUnknown; key: string | undefined; parent: VObject | undefined }[] | undefined;
    const w = leavesOf(t, templates);
    try {
      while (w.next()) {
        const n = w.node!;
        const key = w.key;
        if (w.template) {
          (found ??= []).push({ node: n as VUnknown, key, parent: w.parent });
          continue;
        }
        if (!(n.kind === 'string' || (scalars && (n.kind === 'boolean' || n.kind === 'number'))) || (n.embedded && !embedded)) continue;
        const value = String((n as VScalar).value);
        if (filter && !filter(value, key)) continue;
        const sv: StringValue = { file: t.file, value, span: n.span, node: n, dialect: t.dialect, resource: ownerOf(n.span), key, parent: w.parent };
        if (n.embedded) sv.embedded = true;
        out.push(sv);
      }
    } finally {
      w.close();
    }
    // Templates come after the file's strings.
    if (found) {
      for (const { node, key, parent } of found) {
        if ((node.embedded && !isExactJsonTextNode(node)) || node.span.end - node.span.start > MAX_TEMPLATE_CHARS) continue;
        const value = t.text.slice(node.span.start, node.span.end);
        if (filter && !filter(value, key)) continue;
        out.push({ file: t.file, value, span: node.span, node, dialect: t.dialect, resource: ownerOf(node.span), key, parent, template: true });
      }
    }
  }
  return out;
}

/** The source text of a span of one of the model's files (undefined for a file the model does not hold). */
export function sourceText(model: Model, file: string, span: Span): string | undefined {
  return model.trees.find((t) => t.file === file)?.text.slice(span.start, span.end);
}

/**
 * The file span of `[start, end)` of a string's value, when the file writes that part verbatim
 * (found by its occurrence count inside the string's source text, so escapes and quotes elsewhere
 * in the string do not matter); otherwise the span of the whole string.
 */
export function spanInString(model: Model, s: StringValue, start: number, end: number): Span {
  const text = model.trees.find((t) => t.file === s.file)?.text;
  return (text && writtenSpanOf(text, s.span, s.value, start, end)) || s.span;
}

/**
 * Where the source text of a string (`span`, decoding to `value`) writes `[start, end)` of the value
 * verbatim: the k-th occurrence of that part in the value is the k-th in the source when both hold
 * it equally often (escapes, quotes, folding and indentation elsewhere do not matter). A YAML block
 * scalar's header line (`| # comment`) is not part of its value and is skipped. Undefined when not certain.
 */
export function writtenSpanOf(text: string, span: Span, value: string, start: number, end: number): Span | undefined {
  const part = value.slice(start, end);
  if (!part || start < 0) return undefined;
  let from = span.start;
  if (text[from] === '|' || text[from] === '>') {
    const eol = text.indexOf('\n', from);
    if (eol < 0 || eol >= span.end) return undefined;
    from = eol;
  }
  const raw = text.slice(from, span.end);
  const nth = (hay: string, limit: number) => {
    let n = 0;
    for (let i = hay.indexOf(part); i >= 0 && i < limit; i = hay.indexOf(part, i + 1)) n++;
    return n;
  };
  if (nth(value, value.length) !== nth(raw, raw.length)) return undefined;
  const k = nth(value, start);
  let at = -1;
  for (let i = 0; i <= k; i++) at = raw.indexOf(part, at + 1);
  return at < 0 ? undefined : { start: from + at, end: from + at + part.length };
}

// ---------------------------------------------------------------------------------------------
// Secrets

export interface SecretValue extends StringValue {
  /**
   * What says the value is a secret: the key (`MasterUserPassword`, `password`), an environment
   * variable name (`DB_PASSWORD`), or for an input's default a phrase (`The default of the parameter DbPassword`).
   */
  name: string;
}

/** A value that is not a literal secret: an interpolation, a dynamic reference, an environment variable, a placeholder, a boolean. */
const NOT_A_LITERAL_SECRET = /\$\{|\{\{resolve:|\$\(|^\$[A-Za-z_]|^%[A-Za-z_][A-Za-z0-9_]*%$|^<[^>]*>$|^\s*$|^(?:true|false)$/;
/** Environment values that name where the secret is rather than hold it: an ARN, an SSM parameter path. */
const SECRET_LOCATION = /^arn:|^\/[A-Za-z0-9_.\-/]+$/;

const secretValuesOf = new OwnerMemo<Model, SecretValue[]>();
/** A word every key of the secrets table (data/settings.json) and every environment name it accepts contains. */
export const SECRET_WORDS = /pass(?:word|wd|phrase)|secret|token|private_?key|api_?key|access_?key/i;
/** A part of every match of SECRET_WORDS, at most 8 characters into it (`key` of `private_key`). */
const SECRET_CORES = /pass|secret|token|key/i;
/** SECRET_WORDS, global (searched from an index). */
const SECRET_WORDS_FROM = /pass(?:word|wd|phrase)|secret|token|private_?key|api_?key|access_?key/gi;
/** SECRET_CORES and SECRET_WORDS_FROM without the words that end in `key`, each of which holds a `y`: for a text without one. */
const SECRET_CORES_NO_KEY = /pass|secret|token/i;
const SECRET_WORDS_NO_KEY_FROM = /pass(?:word|wd|phrase)|secret|token/gi;
const KEY_GATE = ['y', 'Y'];

/**
 * `SECRET_WORDS.test(text)`, in about half the time on a text that has none of the words' parts
 * (a large template or policy usually): the fewer alternatives are tried at every position first,
 * and the words only from 8 characters before the first part found. A text without a `y` (two byte
 * searches, see holdsAny) cannot hold a word ending in `key`: those are not looked for.
 */
export function hasSecretWord(text: string, chars?: TextChars): boolean {
  const keys = holdsAnyIn(text, KEY_GATE, chars);
  const core = text.search(keys ? SECRET_CORES : SECRET_CORES_NO_KEY);
  if (core < 0) return false;
  const words = keys ? SECRET_WORDS_FROM : SECRET_WORDS_NO_KEY_FROM;
  words.lastIndex = Math.max(0, core - 8);
  return words.test(text);
}

/** A placeholder that repeats the key's name (`client_secret = "client_secret"`, `Password: PASSWORD`): letters and digits compared, case ignored. */
function echoesName(value: string, name: string): boolean {
  if (value.length > 64) return false;
  const norm = (x: string) => x.toLowerCase().replace(/[^a-z0-9]/g, '');
  return norm(value) === norm(name);
}

/**
 * Every literal string written where a secret goes (data/settings.json `secrets`): the value of a key
 * that holds a secret (`MasterUserPassword`, `password`, `AuthToken`, a key ending in `Password`...,
 * `access_key` of a Terraform provider), of an environment variable whose name says it is a secret
 * (`DB_PASSWORD: …` in a `Variables` map, `{Name: DB_PASSWORD, Value: …}` in a list), in resources,
 * providers, module calls, mappings and locals alike. Only a string written as the value itself: a
 * reference, an intrinsic function or an interpolation is not a literal; nor is a dynamic reference,
 * a placeholder (`<password>`, or the key's own name: `client_secret = "client_secret"`) or an environment
 * reference (`$DB_PASSWORD`). Terraform data sources
 * are lookups and are left out. From one walk of each file's leaves; computed once per model.
 */
export function secretValues(model: Model): SecretValue[] {
  const kept = secretValuesOf.get(model);
  if (kept) return kept;
  const out: SecretValue[] = [];
  const table = secretKeys();
  const isSecretKey = table.isKey;
  for (const t of model.trees) {
    // Every key of the table holds one of these words: a file without any is not walked.
    if (!hasSecretWord(t.text, textCharsOf(t)) && !textMayHide(t)) continue;
    let lookup: ((s: Span) => Resource | undefined) | undefined;
    const w = leavesOf(t);
    try {
      while (w.next()) {
        const n = w.node!;
        const k = w.key;
        const p = w.parent;
        if (n.kind !== 'string' || !k || !p) continue;
        let name: string | undefined;
        let env = false;
        if (isSecretKey(k) || table.providerKeys.has(k)) name = k;
        else if (table.environment(k)) [name, env] = [k, true];
        else if (k === 'Value' || k === 'value') {
          const label = get(p, k === 'Value' ? 'Name' : 'name');
          if (label?.kind === 'string' && table.environment(String(label.value))) [name, env] = [String(label.value), true];
        }
        if (!name) continue;
        const value = String(n.value);
        if (NOT_A_LITERAL_SECRET.test(value) || (env && SECRET_LOCATION.test(value)) || echoesName(value, name)) continue;
        const r = (lookup ??= ownerLookup(model, t.file))(n.span);
        if (r?.mode === 'data') continue;
        // `access_key` is a secret only in a provider configuration (in a resource it is often an id).
        if (name === k && !isSecretKey(k) && !table.keys.has(k) && table.providerKeys.has(k) && r?.mode !== 'provider') continue;
        out.push({ file: t.file, value, span: n.span, node: n, dialect: t.dialect, resource: r, key: k, parent: p, name, ...(n.embedded ? { embedded: true } : {}) });
      }
    } finally {
      w.close();
    }
  }
  ssmSecretValues(model, out);
  // The default of a secret input: a NoEcho parameter or sensitive variable, or one named like a secret.
  for (const input of model.inputs) {
    const d = input.default;
    if (d.state !== 'literal' || d.node.kind !== 'string') continue;
    const hidden = input.sensitive.state === 'literal' && input.sensitive.value === true;
    if (!hidden && !isSecretKey(input.name) && !table.environment(input.name)) continue;
    if (NOT_A_LITERAL_SECRET.test(d.value) || echoesName(d.value, input.name)) continue;
    const what = `The default of ${input.kind === 'parameter' ? 'the parameter' : 'the variable'} ${input.name}`;
    out.push({ file: input.file, value: d.value, span: d.span, node: d.node, dialect: input.dialect, key: input.kind === 'parameter' ? 'Default' : 'default', name: what });
  }
  secretValuesOf.set(model, out);
  return out;
}

/**
 * Whether the name of an SSM parameter says it holds a secret: its last path segment, read as an
 * environment variable name (`/prod/db/password`, `db-password`, `dbPassword` → `DB_PASSWORD`), ends
 * with a secret word (`PASSWORD`, `SECRET`, `TOKEN`, `API_KEY`...). `/app/token-url` and
 * `/app/secret-arn` do not.
 */
export function secretParameterName(name: string): boolean {
  const tail = name.slice(name.lastIndexOf('/') + 1);
  if (!tail || tail.length > 200) return false;
  const env = tail
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
  return /^[A-Z]/.test(env) && secretKeys().environment(env);
}

/**
 * The name of an SSM parameter as far as the file writes it: the literal, or the text of a template
 * (`!Sub /${Env}/db/password`, `"/${var.env}/db/password"`) when its last path segment is literal.
 * Undefined when the name is missing or its last segment is known only at deploy time.
 */
export function parameterNameOf(model: Model, r: Resource): string | undefined {
  const v = settingValues(model, 'ssm-parameter.name').find((x) => x.resource === r)?.value;
  if (!v || v.state === 'missing') return undefined;
  if (v.state === 'literal') return v.resolved?.from === 'default' ? undefined : v.value;
  const n = v.node;
  let text: string | undefined;
  if (n.kind === 'unknown' && n.intrinsic === 'Fn::Sub') {
    const a = n.args?.kind === 'array' ? n.args.items[0] : n.args;
    if (a?.kind === 'string') text = String(a.value);
  } else if (n.kind === 'unknown' && !n.intrinsic && r.format === 'terraform') {
    const raw = sourceText(model, r.file, n.span);
    if (raw && raw.length > 1 && raw.startsWith('"') && raw.endsWith('"')) text = raw.slice(1, -1);
  } else if (n.kind === 'unknown' && !n.intrinsic && r.format === 'terraform-json') text = n.reason;
  if (text === undefined) return undefined;
  const tail = text.slice(text.lastIndexOf('/') + 1);
  return tail && !tail.includes('${') && !tail.includes('}') ? text : undefined;
}

/**
 * The literal value of an SSM parameter that holds a secret: a `SecureString` (Terraform; CloudFormation
 * cannot create one), or one whose name says it is a secret (`secretParameterName`).
 */
function ssmSecretValues(model: Model, out: SecretValue[]): void {
  const values = settingValues(model, 'ssm-parameter.value');
  if (!values.length) return;
  const types = new Map(settingValues(model, 'ssm-parameter.type').map((t) => [t.resource, t.value]));
  const seen = new Set(out.map((s) => s.node));
  for (const v of values) {
    const val = v.value;
    if (val.state !== 'literal' || val.resolved || val.node.kind !== 'string' || seen.has(val.node) || !v.slot) continue;
    const type = types.get(v.resource);
    const secure = type?.state === 'literal' && type.value === 'SecureString';
    const name = parameterNameOf(model, v.resource);
    if (!secure && !(name && secretParameterName(name))) continue;
    if (NOT_A_LITERAL_SECRET.test(val.value) || (name && echoesName(val.value, name.slice(name.lastIndexOf('/') + 1)))) continue;
    const key = v.slot.path[v.slot.path.length - 1];
    out.push({
      file: v.resource.file,
      value: val.value,
      span: val.span,
      node: val.node,
      dialect: v.slot.dialect,
      resource: v.resource,
      key,
      parent: v.slot.parent,
      name: `The value of the SSM parameter ${name ?? v.resource.id}`,
    });
  }
}

// ---------------------------------------------------------------------------------------------
// New resources

/**
 * A new resource of `kind` in the format of `near` (for fixes/ops.ts `insertResource`): the type
 * the settings table gives for that format, and the properties keyed by each format's spelling of
 * the settings given (`s3-bucket-policy.bucket` → `Bucket` / `bucket`). Nested paths become nested
 * objects (Terraform nested blocks as a list of one object). Undefined when the format has no type
 * of that kind or no path for one of the settings.
 */
export function newResource<T>(near: Resource, kind: ResourceKind, values: readonly (readonly [SettingName, T])[]): { type: string; properties: Record<string, T | object> } | undefined {
  const tf = near.format === 'terraform' || near.format === 'terraform-json';
  if (!tf && near.format !== 'cloudformation') return undefined;
  const type = (tf ? resourceTypes(kind).terraform : resourceTypes(kind).cloudformation).find((t) => !t.startsWith('provider:'));
  if (!type) return undefined;
  const properties: Record<string, T | object> = {};
  for (const [name, value] of values) {
    const spec = settingSpec(name);
    if (spec.resource !== kind) return undefined;
    const path = tf ? spec.terraformPath : spec.cloudformationPath;
    if (!path || path.some((s) => (s.each && !s.block) || s.select)) return undefined;
    let obj: Record<string, unknown> = properties;
    for (const [i, seg] of path.entries()) {
      if (i === path.length - 1) obj[seg.key] = value;
      else {
        const next: Record<string, unknown> = {};
        obj[seg.key] = seg.block ? [next] : next;
        obj = next;
      }
    }
  }
  return { type, properties };
}

/**
 * How a Terraform resource is repeated: `count`, `for_each`, or not at all (undefined; always so in
 * CloudFormation). A reference to a repeated resource needs an index.
 */
export function repetitionOf(r: Resource): 'count' | 'for_each' | undefined {
  if ((r.format !== 'terraform' && r.format !== 'terraform-json') || !r.properties) return undefined;
  return entry(r.properties, 'count') ? 'count' : entry(r.properties, 'for_each') ? 'for_each' : undefined;
}

/**
 * The key that names "the same instance" of a repeated resource inside a resource repeated like it
 * (fixes/ops.ts `insertResource` with `repeatLike`): `count.index` or `each.key`, for RefValue `index`.
 */
export function instanceKeyOf(r: Resource): string | undefined {
  const rep = repetitionOf(r);
  return rep === 'count' ? 'count.index' : rep === 'for_each' ? 'each.key' : undefined;
}
