import { policyPropertiesFor, type CfnPolicyProperty } from '../data/cfn-data';
import type { ParsedDocument } from '../documents/document';
import { pinSpans } from '../documents/embedded-json';
import { parseJson } from '../documents/json';
import type { Span } from '../types';
import { entry, get, isObject, type Dialect, type VEntry, type VNode, type VObject } from '../value';
import { resolveLongFormIntrinsics } from './intrinsics';
import { selectPath } from './select';
import type { Definition, Input, ModelPart, Output, PolicyDocument, PolicyKind, Resource } from './model';
import { boolVal, policyFromNode, statementOf, valOf } from './policy';

export type CfnModel = ModelPart & Required<Pick<ModelPart, 'inputs' | 'outputs' | 'mappings' | 'conditions'>>;

/** Builds the model of a CloudFormation template (YAML or JSON; SAM and CDK output included). */
export function buildCloudFormationModel(doc: ParsedDocument, deadline?: number): CfnModel {
  const resources: Resource[] = [];
  const policies: PolicyDocument[] = [];
  const out: CfnModel = { resources, policies, inputs: [], outputs: [], mappings: [], conditions: [] };
  if (!doc.root || doc.root.kind !== 'object') return out;
  const root = doc.intrinsicsResolved ? doc.root : resolveLongFormIntrinsics(doc.root);
  doc.root = root;
  doc.intrinsicsResolved = true;
  const dialect: Dialect = doc.roots ? 'yaml' : 'json';
  if (!isObject(root)) return out;
  out.inputs = parametersOf(root, doc.path, dialect);
  out.outputs = outputsOf(root, doc.path, dialect);
  out.mappings = definitionsOf(get(root, 'Mappings'), doc.path, dialect);
  out.conditions = definitionsOf(get(root, 'Conditions'), doc.path, dialect);
  const resourcesNode = get(root, 'Resources');
  if (!isObject(resourcesNode)) return out;
  const types = new TypeTable();
  let init: PolicyInit | undefined;
  // (An index, not for…of: this loop, run once per template, may run unoptimised, where for…of makes an object per step.)
  const entries = resourcesNode.entries;
  for (let r = 0; r < entries.length; r++) {
    const e = entries[r];
    const body = e.value;
    if (!isObject(body)) continue;
    // `Type`, `Properties` and `Metadata` in one pass over the resource's keys (the last of a key wins, as `get` reads).
    let typeNode: VNode | undefined;
    let props: VNode | undefined;
    let metadata: VNode | undefined;
    const keys = body.entries;
    for (let i = keys.length - 1; i >= 0; i--) {
      const k = keys[i].key;
      if (k === 'Type') typeNode ??= keys[i].value;
      else if (k === 'Properties') props ??= keys[i].value;
      else if (k === 'Metadata') metadata ??= keys[i].value;
    }
    const type = typeNode?.kind === 'string' ? types.canonical(String(typeNode.value)) : '';
    const res: Resource = new CfnResource(e, type, doc.path, isObject(props) ? props : undefined, body, dialect, metadata);
    resources.push(res);
    if (!res.properties) continue;
    const specs = types.specs;
    // Paths already read: two entries for one path that differ only by `when` give one document.
    let seen: Map<string, PolicyDocument> | undefined;
    for (let i = 0; i < specs.length; i++) {
      const spec = specs[i];
      let kind = spec.kind as PolicyKind;
      if (spec.when) {
        const holds = whenHolds(res.properties, spec.when);
        if (holds === false) continue;
        // The deciding property is only known at deploy time: the document is of unknown kind.
        if (holds === undefined) kind = 'unknown';
      }
      // One key (`PolicyDocument`, the common case): its entry, without a list of one selection.
      const single = spec.path.length === 1 && spec.path[0] !== '*';
      const one = single ? entry(res.properties, spec.path[0]) : undefined;
      const sites = single ? undefined : selectPath(res.properties, spec.path);
      const count = sites ? sites.length : one ? 1 : 0;
      for (let j = 0; j < count; j++) {
        const node = sites ? sites[j].node : one!.value;
        const path = sites ? sites[j].path : spec.path[0];
        const keySpan = sites ? sites[j].keySpan : one!.keySpan;
        const key = path;
        const already = seen?.get(key);
        if (already) {
          if (already.kind !== kind) already.kind = 'unknown';
          continue;
        }
        const attachedTo = spec.attachedTo ? attachedOf(res.properties, spec.attachedTo) : undefined;
        // One object for every document of the template, filled in for each (its fields are read, not kept).
        if (init) {
          init.kind = kind;
          init.property = path;
          init.resource = res;
          init.attachedTo = attachedTo;
          init.anchor = keySpan;
        } else init = { file: doc.path, kind, property: path, dialect, resource: res, attachedTo, anchor: keySpan };
        const p = spec.shape === 'statement' ? statementAt(node, doc, init, deadline) : policyAt(node, doc, init, deadline);
        if (!p) continue;
        policies.push(p);
        if (specs.length > 1) (seen ??= new Map()).set(key, p);
      }
    }
  }
  return out;
}

/**
 * The resource types of one template, each distinct type once: a template has thousands of resources
 * of a few types, each type written anew in the file. Every resource of a type gets one string for it
 * (V8's unique copy, as the tables of types hold: lookups by type compare no characters), and its
 * policy properties are looked up in the data once.
 */
class TypeTable {
  private readonly seen: string[] = [];
  private readonly policySpecs: (readonly CfnPolicyProperty[])[] = [];
  /** The policy properties of the type `canonical` returned last. */
  specs: readonly CfnPolicyProperty[] = [];
  private last = -1;

  canonical(type: string): string {
    const seen = this.seen;
    // The type of the resource before, then the others (a few; past 32 distinct types, no longer shared).
    if (this.last >= 0 && seen[this.last] === type) {
      this.specs = this.policySpecs[this.last];
      return seen[this.last];
    }
    for (let i = 0; i < seen.length; i++) {
      if (seen[i] === type) {
        this.last = i;
        this.specs = this.policySpecs[i];
        return seen[i];
      }
    }
    this.specs = policyPropertiesFor(type);
    if (seen.length >= 32) {
      this.last = -1;
      return type;
    }
    // The engine's own copy of the name (a key of an object's shape is V8's unique copy of it): the tables
    // of types (sets, maps, the data) hold the same copy, so a lookup compares no characters.
    const own = Object.keys({ [type]: 0 })[0];
    this.last = seen.length;
    seen.push(own);
    this.policySpecs.push(this.specs);
    return own;
  }
}

/**
 * A template's resource: the `Resources` entry's spans, made when first read (a JSON tree makes span
 * objects on demand, and most resources of a large template are never reported on). Behaves as a
 * plain `Resource`: the same properties, `span` and `idSpan` the entry's own (one object each).
 */
class CfnResource implements Resource {
  readonly #entry: VEntry;
  /** The resource's `Metadata` (read with its other keys: suppressions look at every resource's). */
  readonly #metadata: VNode | undefined;
  readonly id: string;
  readonly format = 'cloudformation' as const;
  readonly mode = 'resource' as const;

  constructor(
    entry: VEntry,
    readonly type: string,
    readonly file: string,
    readonly properties: VObject | undefined,
    readonly node: VNode,
    readonly dialect: Dialect,
    metadata: VNode | undefined,
  ) {
    this.#entry = entry;
    this.#metadata = metadata;
    this.id = entry.key;
  }

  static metadataOf(r: Resource): VNode | undefined {
    return #metadata in r ? (r as CfnResource).#metadata : get(r.node, 'Metadata');
  }

  get span(): Span {
    return this.#entry.span;
  }

  get idSpan(): Span {
    return this.#entry.keySpan;
  }
}

/** A CloudFormation resource's `Metadata` (`get(r.node, 'Metadata')`, without reading the resource's keys again for a resource of the model). */
export function resourceMetadata(r: Resource): VNode | undefined {
  return CfnResource.metadataOf(r);
}

/**
 * Whether a `when` condition holds: the sibling property is a literal among `values` (true), a
 * literal outside them or absent (false), or unknown at analysis time (undefined).
 */
function whenHolds(props: VObject, when: { property: string; values: readonly string[] }): boolean | undefined {
  const v = get(props, when.property);
  if (!v) return false;
  if (v.kind === 'string' || v.kind === 'number' || v.kind === 'boolean') return when.values.includes(String(v.value));
  return v.kind === 'unknown' ? undefined : false;
}

/** What a policy document of a template is made with (read by the builders, not kept). */
interface PolicyInit {
  file: string;
  kind: PolicyKind;
  property: string;
  dialect: Dialect;
  resource: Resource;
  attachedTo?: VNode;
  anchor: Span;
}

/** A single statement written on its own (`shape: 'statement'`): a document of one statement. */
function statementAt(
  node: VNode,
  doc: ParsedDocument,
  init: PolicyInit,
  deadline?: number,
): PolicyDocument | undefined {
  let stmt: VNode = node;
  let dialect = init.dialect;
  if (node.kind === 'string' && typeof node.value === 'string' && node.value.trim().startsWith('{')) {
    const parsed = parseJson(node.value, doc.path, undefined, { deadline });
    if (!parsed.root) return undefined;
    stmt = pinSpans(parsed.root, node.span);
    dialect = 'json';
  }
  if (stmt.kind !== 'object' && stmt.kind !== 'unknown') return undefined;
  return {
    file: init.file,
    kind: init.kind,
    resource: init.resource,
    property: init.property,
    anchor: init.anchor,
    node: stmt,
    dialect,
    statements: stmt.kind === 'object' ? [statementOf(stmt)] : [],
    statementContainer: stmt,
    partial: undefined,
    attachedTo: init.attachedTo,
    shape: 'statement',
  };
}

// ---------------------------------------------------------------------------------------------
// Parameters, Mappings, Conditions

function parametersOf(root: VObject, file: string, dialect: Dialect): Input[] {
  const params = get(root, 'Parameters');
  const out: Input[] = [];
  if (!isObject(params)) return out;
  for (const e of params.entries) {
    if (!isObject(e.value)) continue;
    out.push({
      kind: 'parameter',
      name: e.key,
      file,
      format: 'cloudformation',
      span: e.span,
      idSpan: e.keySpan,
      node: e.value,
      dialect,
      default: valOf(get(e.value, 'Default')),
      sensitive: boolVal(get(e.value, 'NoEcho')),
    });
  }
  return out;
}

function outputsOf(root: VObject, file: string, dialect: Dialect): Output[] {
  const section = get(root, 'Outputs');
  const out: Output[] = [];
  if (!isObject(section)) return out;
  for (const e of section.entries) {
    if (!isObject(e.value)) continue;
    out.push({ name: e.key, file, format: 'cloudformation', span: e.span, idSpan: e.keySpan, node: e.value, dialect, value: get(e.value, 'Value'), sensitive: { state: 'missing' } });
  }
  return out;
}

function definitionsOf(section: VNode | undefined, file: string, dialect: Dialect): Definition[] {
  const out: Definition[] = [];
  if (!isObject(section)) return out;
  for (const e of section.entries) out.push({ name: e.key, file, span: e.span, idSpan: e.keySpan, value: e.value, parent: section, dialect });
  return out;
}

/**
 * What a stand-alone policy is attached to: the first of the `attachedTo` properties that is
 * present (`Roles`, `Users` or `Groups` of AWS::IAM::Policy). `Queues: [!Ref Q]` → the first item.
 */
function attachedOf(props: VObject, names: readonly string[]): VNode | undefined {
  for (const name of names) {
    const s = entry(props, name)?.value;
    if (s) return s.kind === 'array' ? s.items[0] : s;
  }
  return undefined;
}

/** A policy property holds an object, or (for some types) a JSON string. */
function policyAt(
  node: VNode,
  doc: ParsedDocument,
  init: PolicyInit,
  deadline?: number,
): PolicyDocument | undefined {
  // A policy document has a Statement (or at least a Version); SAM policy templates and
  // managed policy names listed beside documents do not.
  if (node.kind === 'object') return hasPolicyElement(node) ? policyFromNode(node, init) : undefined;
  if (node.kind === 'string' && typeof node.value === 'string' && node.value.trim().startsWith('{')) {
    const parsed = parseJson(node.value, doc.path, undefined, { deadline });
    if (!parsed.root) return undefined;
    const embedded = pinSpans(parsed.root, node.span);
    return policyFromNode(embedded, { ...init, dialect: 'json' });
  }
  return undefined;
}

/** Whether an object has a `Statement` or `Version` element (in any case: `entryCI`, without lower-casing the common spellings). */
function hasPolicyElement(node: VObject): boolean {
  const entries = node.entries;
  for (let i = 0; i < entries.length; i++) {
    const k = entries[i].key;
    if (k === 'Statement' || k === 'Version') return true;
    if ((k.length === 9 && k.toLowerCase() === 'statement') || (k.length === 7 && k.toLowerCase() === 'version')) return true;
  }
  return false;
}
