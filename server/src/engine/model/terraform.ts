import { parseSettingPath } from '../data/settings';
import policyAttributesJson from '../data/tf-policy-attributes.json';
import type { ParsedDocument } from '../documents/document';
import { hclOf } from '../documents/hcl';
import { maskInterpolations, shortSource, templateParts, templateRefs, templateSource, unescapeTemplate, type TemplatePart } from '../documents/hcl-template';
import { pinSpans } from '../documents/embedded-json';
import { parseJson } from '../documents/json';
import type { Span } from '../types';
import { DeadlinePassed } from '../budget';
import { asList, entry, get, scalarString, type Dialect, type VEntry, type VNode, type VObject, type VScalar, type VUnknown } from '../value';
import type { Condition, Definition, Input, ModelPart, Output, PolicyDocument, PolicyKind, PrincipalSet, Resource, Statement } from './model';
import { boolVal, parseOperator, policyFromNode, valList, valOf } from './policy';
import { selectPath, type Selected } from './select';

/**
 * The Terraform model of one module directory (`.tf` and `.tf.json` files): every `resource` and
 * `data` block, and the IAM policy documents they hold or build.
 */

/** `attachedTo` value meaning "the resource holding the policy" (legacy inline bucket policies, role trust policies...). */
const SELF = '@self';

interface PolicyAttribute {
  /** Argument keys from the resource body (nested blocks are walked item by item). */
  keys: string[];
  kind: PolicyKind;
  /** The argument that says what the policy applies to, or SELF. */
  attachedTo?: string;
}

/** Where Terraform resources hold IAM policy documents, by type (data/tf-policy-attributes.json, checked against the provider schema). */
const POLICY_ATTRIBUTES: ReadonlyMap<string, readonly PolicyAttribute[]> = new Map(
  Object.entries(policyAttributesJson as unknown as Record<string, { path: string; kind: PolicyKind; attachedTo?: string }[]>)
    .filter(([type]) => type !== '$meta')
    .map(([type, rows]) => [type, rows.map((r) => ({ keys: parseSettingPath(r.path).map((s) => s.key), kind: r.kind, attachedTo: r.attachedTo }))]),
);

const POLICY_DOCUMENT_TYPE = 'aws_iam_policy_document';
/** `aws_iam_policy_document` arguments that merge in statements we cannot see. */
const MERGE_ARGUMENTS = ['source_policy_documents', 'override_policy_documents', 'source_json', 'override_json'];

interface Build {
  doc: ParsedDocument;
  /** `.tf.json`: the template text of each string-derived node, as written (before `${}` handling). */
  raw: Map<VNode, string>;
}

type TfPart = ModelPart & Required<Pick<ModelPart, 'providers' | 'modules' | 'inputs' | 'locals' | 'outputs'>>;

export function buildTerraformModel(docs: ParsedDocument[], deadline?: number): TfPart {
  const resources: Resource[] = [];
  const builds = new Map<Resource, Build>();
  const part: TfPart = { resources, policies: [], providers: [], modules: [], inputs: [], locals: [], outputs: [] };
  /** Per file, the `.tf.json` template text of string-derived nodes (shared by its resources and module calls). */
  const rawOf = new Map<string, Map<VNode, string>>();
  for (const doc of docs) {
    const b: Build = { doc, raw: new Map() };
    rawOf.set(doc.path, b.raw);
    try {
      for (const r of doc.format === 'terraform-json' ? jsonResources(b) : hclResources(doc)) {
        resources.push(r);
        builds.set(r, b);
      }
    } catch {
      // A file the builder cannot read contributes nothing; its parse notices say why.
    }
    try {
      if (doc.format === 'terraform-json') jsonConfiguration(b, part);
      else hclConfiguration(doc, part);
    } catch {
      // as above
    }
  }

  const documents = new Map<string, PolicyDocument>();
  for (const r of resources) {
    if (r.mode !== 'data' || r.type !== POLICY_DOCUMENT_TYPE || !r.properties) continue;
    try {
      documents.set(r.id, policyDocumentData(r));
    } catch {
      // skip this data source
    }
  }

  const policies: PolicyDocument[] = [];
  const used = new Set<string>();
  for (const r of resources) {
    if (!r.properties) continue;
    for (const { keys, kind, attachedTo } of POLICY_ATTRIBUTES.get(r.type) ?? []) {
      try {
        for (const site of selectPath(r.properties, keys, { lists: 'implicit' })) {
          const p = policyAt(site, { resource: r, kind, attachedTo: attachedOf(r, attachedTo), build: builds.get(r)!, documents, used, deadline });
          policies.push(p);
        }
      } catch (e) {
        // skip this attribute; a passed deadline stops the whole model (the engine says so)
        if (e instanceof DeadlinePassed) throw e;
      }
    }
  }
  // Module calls of known modules whose inputs hold a policy (the s3-bucket module's `policy`).
  for (const m of part.modules) {
    const rows = m.properties && POLICY_ATTRIBUTES.get(moduleTypeKey(m));
    if (!rows) continue;
    const b: Build = builds.get(m) ?? { doc: docs.find((d) => d.path === m.file)!, raw: rawOf.get(m.file) ?? new Map() };
    for (const { keys, kind, attachedTo } of rows) {
      try {
        for (const site of selectPath(m.properties!, keys, { lists: 'implicit' })) policies.push(policyAt(site, { resource: m, kind, attachedTo: attachedOf(m, attachedTo), build: b, documents, used, deadline }));
      } catch (e) {
        if (e instanceof DeadlinePassed) throw e;
      }
    }
  }
  for (const [id, p] of documents) if (!used.has(id)) policies.push(p);
  part.policies = policies;
  return part;
}

// ---------------------------------------------------------------------------------------------
// Resources

function hclResources(doc: ParsedDocument): Resource[] {
  const out: Resource[] = [];
  for (const b of hclOf(doc)?.blocks ?? []) {
    if ((b.type !== 'resource' && b.type !== 'data') || b.labels.length < 2) continue;
    const [type, name] = b.labels;
    out.push({
      id: b.type === 'data' ? `data.${type.value}.${name.value}` : `${type.value}.${name.value}`,
      type: type.value,
      file: doc.path,
      format: 'terraform',
      span: b.span,
      idSpan: { start: b.labels[0].span.start, end: b.labels[b.labels.length - 1].span.end },
      properties: b.body,
      node: b.body,
      mode: b.type,
      dialect: 'hcl',
    });
  }
  return out;
}

/** `.tf.json`: `{"resource": {"<type>": {"<name>": {...}}}}` (each level may also be a list). */
function jsonResources(b: Build): Resource[] {
  const out: Resource[] = [];
  const root = b.doc.root;
  if (!root || root.kind !== 'object') return out;
  for (const top of root.entries) {
    if (top.key !== 'resource' && top.key !== 'data') continue;
    const mode = top.key;
    for (const byType of asList(top.value)) {
      if (byType.kind !== 'object') continue;
      for (const t of byType.entries) {
        if (t.value.kind !== 'object') continue;
        for (const n of t.value.entries) {
          for (const body of asList(n.value)) {
            if (body.kind !== 'object') continue;
            const props = tfJsonValue(body, b) as VObject;
            out.push({
              id: mode === 'data' ? `data.${t.key}.${n.key}` : `${t.key}.${n.key}`,
              type: t.key,
              file: b.doc.path,
              format: 'terraform-json',
              span: n.value === body ? n.span : body.span,
              idSpan: n.keySpan,
              properties: props,
              node: props,
              mode,
              dialect: 'json',
            });
          }
        }
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Providers, variables, locals, modules, outputs

function providerOf(name: string, body: VObject, file: string, format: 'terraform' | 'terraform-json', span: Span, idSpan: Span, dialect: Dialect): Resource {
  const alias = get(body, 'alias');
  const aliasName = alias?.kind === 'string' ? String(alias.value) : undefined;
  return { id: aliasName ? `${name}.${aliasName}` : name, type: name, file, format, span, idSpan, properties: body, node: body, mode: 'provider', dialect };
}

/**
 * The type a settings or policy table names a module call by: `module:<source>` for a literal
 * `source` (`module:terraform-aws-modules/s3-bucket/aws`), else `module`.
 */
export function moduleTypeKey(r: Resource): string {
  const src = r.properties && get(r.properties, 'source');
  return src?.kind === 'string' ? `module:${String(src.value)}` : 'module';
}

function moduleOf(name: string, body: VObject, file: string, format: 'terraform' | 'terraform-json', span: Span, idSpan: Span, dialect: Dialect): Resource {
  return { id: `module.${name}`, type: 'module', file, format, span, idSpan, properties: body, node: body, mode: 'module', dialect };
}

function variableOf(name: string, body: VObject, file: string, format: 'terraform' | 'terraform-json', span: Span, idSpan: Span, dialect: Dialect): Input {
  return { kind: 'variable', name, file, format, span, idSpan, node: body, dialect, default: valOf(get(body, 'default')), sensitive: boolVal(get(body, 'sensitive')) };
}

function outputOf(name: string, body: VObject, file: string, format: 'terraform' | 'terraform-json', span: Span, idSpan: Span, dialect: Dialect): Output {
  return { name, file, format, span, idSpan, node: body, dialect, value: get(body, 'value'), sensitive: boolVal(get(body, 'sensitive')) };
}

function hclConfiguration(doc: ParsedDocument, part: TfPart): void {
  for (const b of hclOf(doc)?.blocks ?? []) {
    const label = b.labels[0];
    const idSpan = label ? label.span : b.typeSpan;
    if (b.type === 'provider' && label) part.providers.push(providerOf(label.value, b.body, doc.path, 'terraform', b.span, idSpan, 'hcl'));
    else if (b.type === 'module' && label) part.modules.push(moduleOf(label.value, b.body, doc.path, 'terraform', b.span, idSpan, 'hcl'));
    else if (b.type === 'variable' && label) part.inputs.push(variableOf(label.value, b.body, doc.path, 'terraform', b.span, idSpan, 'hcl'));
    else if (b.type === 'output' && label) part.outputs.push(outputOf(label.value, b.body, doc.path, 'terraform', b.span, idSpan, 'hcl'));
    else if (b.type === 'locals') for (const e of b.body.entries) part.locals.push(definitionOf(e, b.body, doc.path, 'hcl'));
  }
}

function definitionOf(e: VEntry, parent: VObject, file: string, dialect: Dialect): Definition {
  return { name: e.key, file, span: e.span, idSpan: e.keySpan, value: e.value, parent, dialect };
}

/**
 * `.tf.json`: `{"provider": {"aws": [{...}, {"alias": ...}]}}`, `{"variable": {"x": {...}}}`,
 * `{"locals": {...}}`, `{"module": {"m": {...}}}`, `{"output": {"o": {...}}}` (each level may also be a list).
 */
function jsonConfiguration(b: Build, part: TfPart): void {
  const root = b.doc.root;
  if (!root || root.kind !== 'object') return;
  const file = b.doc.path;
  for (const top of root.entries) {
    if (top.key === 'locals') {
      for (const o of asList(top.value)) {
        const v = o.kind === 'object' ? (tfJsonValue(o, b) as VObject) : undefined;
        if (v) for (const e of v.entries) part.locals.push(definitionOf(e, v, file, 'json'));
      }
      continue;
    }
    if (top.key !== 'provider' && top.key !== 'module' && top.key !== 'variable' && top.key !== 'output') continue;
    for (const byName of asList(top.value)) {
      if (byName.kind !== 'object') continue;
      for (const n of byName.entries) {
        for (const raw of asList(n.value)) {
          if (raw.kind !== 'object') continue;
          const body = tfJsonValue(raw, b) as VObject;
          const span = n.value === raw ? n.span : raw.span;
          if (top.key === 'provider') part.providers.push(providerOf(n.key, body, file, 'terraform-json', span, n.keySpan, 'json'));
          else if (top.key === 'module') part.modules.push(moduleOf(n.key, body, file, 'terraform-json', span, n.keySpan, 'json'));
          else if (top.key === 'output') part.outputs.push(outputOf(n.key, body, file, 'terraform-json', span, n.keySpan, 'json'));
          else part.inputs.push(variableOf(n.key, body, file, 'terraform-json', span, n.keySpan, 'json'));
        }
      }
    }
  }
}

/**
 * A `.tf.json` value: strings are templates (`${...}` makes them unknown, with the references
 * they name), `"//"` comment keys are dropped. Depth is bounded by the JSON parser's limit.
 */
function tfJsonValue(n: VNode, b: Build): VNode {
  switch (n.kind) {
    case 'object':
      return { ...n, span: n.span, entries: n.entries.filter((e) => e.key !== '//').map((e) => ({ key: e.key, keySpan: e.keySpan, value: tfJsonValue(e.value, b), span: e.span })) };
    case 'array':
      return { ...n, span: n.span, items: n.items.map((i) => tfJsonValue(i, b)) };
    case 'string': {
      const raw = String(n.value);
      const out = templateString(raw, n.span);
      b.raw.set(out, raw);
      return out;
    }
    default:
      return n;
  }
}

/** A template string: unknown when it interpolates anything, else its literal value. */
function templateString(raw: string, span: Span, parts: TemplatePart[] = templateParts(raw)): VScalar | VUnknown {
  if (parts.length) return { kind: 'unknown', reason: shortSource(raw), refs: templateRefs(raw, parts), span };
  return { kind: 'string', value: unescapeTemplate(raw), span };
}

// ---------------------------------------------------------------------------------------------
// Policy attributes

function attachedOf(r: Resource, attachedTo: string | undefined): VNode | undefined {
  if (!attachedTo) return undefined;
  if (attachedTo === SELF) return { kind: 'unknown', reason: r.id, refs: [r.id], span: r.idSpan };
  return get(r.properties, attachedTo);
}

interface PolicyInit {
  resource: Resource;
  kind: PolicyKind;
  attachedTo?: VNode;
  build: Build;
  documents: Map<string, PolicyDocument>;
  used: Set<string>;
  /** JSON embedded in strings is parsed under this deadline (parseJson). */
  deadline?: number;
}

/** The policy document an attribute holds: an object (jsonencode), JSON text, a linked data source, or unknown. */
function policyAt(site: Selected, init: PolicyInit): PolicyDocument {
  const { resource, kind, attachedTo, build } = init;
  const v = site.node;
  const base = { file: resource.file, kind, property: site.path, resource, attachedTo, anchor: site.keySpan };
  if (v.kind === 'object' && resource.dialect === 'hcl') return policyFromNode(v, { ...base, dialect: 'hcl' });

  const linked = v.kind === 'unknown' ? v.refs.filter((r) => r.startsWith(`data.${POLICY_DOCUMENT_TYPE}.`)) : [];
  if (linked.length === 1) {
    const target = init.documents.get(linked[0]);
    if (target) {
      init.used.add(linked[0]);
      // Report a missing statement where the document is used, when that is in the same file.
      return { ...target, kind, attachedTo, holder: resource, anchor: target.file === resource.file ? site.keySpan : target.anchor };
    }
  }

  const src =
    resource.dialect === 'hcl'
      ? v.kind === 'string' || v.kind === 'unknown'
        ? templateSource(build.doc.text, v.span)
        : undefined
      : build.raw.has(v)
        ? { content: build.raw.get(v)! }
        : undefined;
  const json = src && embeddedJson(src.content, src.offset, v.span, resource.file, init.deadline);
  if (json) return policyFromNode(json, { ...base, dialect: 'json' });
  // Not readable here (a variable, file(), a data source of another kind...): a document exists, its statements are unknown.
  return { ...base, node: v, dialect: resource.dialect, statements: [] };
}

/**
 * JSON written inside a template (a heredoc, a quoted string, a `.tf.json` string). `${...}`
 * interpolations are masked before parsing, and the JSON strings holding them become unknown.
 * With `offset` (a heredoc), spans are shifted to point into the file; without, every span is the
 * string's (`embedded`). Undefined when the text is not a JSON object or uses `%{...}` directives.
 */
function embeddedJson(content: string, offset: number | undefined, stringSpan: Span, file: string, deadline?: number): VNode | undefined {
  if (!content.trimStart().startsWith('{')) return undefined;
  const parts = templateParts(content);
  if (parts.some((p) => p.kind === 'directive')) return undefined;
  const parsed = parseJson(maskInterpolations(content, parts), file, undefined, { deadline });
  if (!parsed.root || parsed.root.kind !== 'object' || parsed.notices.length) return undefined;
  const root = resolveTemplates(parsed.root, content, parts);
  if (offset === undefined) return pinSpans(root, stringSpan);
  shiftSpans(root, offset);
  return root;
}

/** Strings overlapping an interpolation become unknown (with their references); others lose template escapes. */
function resolveTemplates(root: VNode, content: string, parts: TemplatePart[]): VNode {
  const convert = (n: VNode): VNode => {
    if (n.kind !== 'string') return n;
    const hits = overlapping(parts, n.span);
    if (hits.length === 0) return { ...n, span: n.span, value: unescapeTemplate(String(n.value)) };
    const source = content.slice(n.span.start, n.span.end);
    return { kind: 'unknown', reason: shortSource(source), refs: templateRefs(content, hits), span: n.span };
  };
  const out = convert(root);
  const stack: VNode[] = [out];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.kind === 'object') {
      for (const e of n.entries) {
        if (overlapping(parts, e.keySpan).length) e.key = content.slice(e.keySpan.start + 1, e.keySpan.end - 1);
        e.value = convert(e.value);
        stack.push(e.value);
      }
    } else if (n.kind === 'array') {
      n.items = n.items.map(convert);
      for (const item of n.items) stack.push(item);
    }
  }
  return out;
}

/** Parts (sorted, disjoint) overlapping a span; binary search, then a short scan. */
function overlapping(parts: TemplatePart[], span: Span): TemplatePart[] {
  let lo = 0;
  let hi = parts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (parts[mid].end <= span.start) lo = mid + 1;
    else hi = mid;
  }
  const out: TemplatePart[] = [];
  for (let i = lo; i < parts.length && parts[i].start < span.end; i++) out.push(parts[i]);
  return out;
}

function shiftSpans(root: VNode, offset: number): void {
  const stack: VNode[] = [root];
  const shift = (s: Span): Span => ({ start: s.start + offset, end: s.end + offset });
  while (stack.length) {
    const n = stack.pop()!;
    n.span = shift(n.span);
    if (n.kind === 'object')
      for (const e of n.entries) {
        e.keySpan = shift(e.keySpan);
        e.span = shift(e.span);
        stack.push(e.value);
      }
    else if (n.kind === 'array') for (const item of n.items) stack.push(item);
  }
}

// ---------------------------------------------------------------------------------------------
// data "aws_iam_policy_document"

function policyDocumentData(r: Resource): PolicyDocument {
  const body = r.properties!;
  const stmtNode = get(body, 'statement');
  const statements: Statement[] = [];
  let partial = stmtNode?.kind === 'unknown';
  for (const s of asList(stmtNode)) {
    if (s.kind === 'object') statements.push(blockStatement(s, r.dialect));
    else partial = true; // a dynamic block, an expression
  }
  for (const k of MERGE_ARGUMENTS) {
    const v = get(body, k);
    if (v && v.kind !== 'null' && !(v.kind === 'array' && v.items.length === 0)) partial = true;
  }
  return {
    file: r.file,
    kind: 'unknown',
    resource: r,
    property: 'statement',
    anchor: r.idSpan,
    node: body,
    dialect: 'hcl-policy-document',
    statements,
    statementContainer: body,
    partial: partial || undefined,
  };
}

/** One `statement` block, in the shape of an IAM statement. */
function blockStatement(s: VObject, dialect: Dialect): Statement {
  const sid = entry(s, 'sid');
  const head: Span = sid ? sid.value.span : { start: s.span.start, end: Math.min(s.span.end, s.span.start + (dialect === 'hcl' ? 'statement'.length : 1)) };
  // effect defaults to Allow: the default is reported on the statement's opening.
  const effect: VNode = get(s, 'effect') ?? { kind: 'string', value: 'Allow', span: head };
  const principal = principalsOf(get(s, 'principals'));
  const notPrincipal = principalsOf(get(s, 'not_principals'));
  const conditionNode = get(s, 'condition');
  const { conditions, unreadable } = conditionsOfBlocks(conditionNode);
  return {
    node: s,
    span: head,
    sid: valOf(sid?.value),
    effect: valOf(effect),
    principal,
    notPrincipal,
    action: valList(get(s, 'actions')),
    notAction: valList(get(s, 'not_actions')),
    resource: valList(get(s, 'resources')),
    notResource: valList(get(s, 'not_resources')),
    conditions,
    conditionNode,
    partial: unreadable || !!principal?.unknown || !!notPrincipal?.unknown,
  };
}

/** `principals { type, identifiers }` blocks. `type = "*"` with `identifiers = ["*"]` is everyone. */
function principalsOf(n: VNode | undefined): PrincipalSet | undefined {
  if (!n) return undefined;
  const set: PrincipalSet = { wildcard: false, entries: [], node: n, span: n.span, unknown: n.kind === 'unknown' };
  for (const p of asList(n)) {
    const type = scalarString(get(p, 'type'));
    if (p.kind !== 'object' || type === undefined) {
      set.unknown = true;
      continue;
    }
    const values = valList(get(p, 'identifiers')) ?? [];
    set.entries.push({ type, typeSpan: get(p, 'type')!.span, values });
    if (type === '*' && values.some((v) => v.state === 'literal' && v.value === '*')) set.wildcard = true;
  }
  return set;
}

/** `condition { test, variable, values }` blocks. */
function conditionsOfBlocks(n: VNode | undefined): { conditions: Condition[]; unreadable: boolean } {
  const conditions: Condition[] = [];
  let unreadable = n?.kind === 'unknown';
  for (const c of asList(n)) {
    const testNode = get(c, 'test');
    const variableNode = get(c, 'variable');
    const test = scalarString(testNode);
    const variable = scalarString(variableNode);
    if (c.kind !== 'object' || test === undefined || variable === undefined || !testNode || !variableNode) {
      unreadable = true;
      continue;
    }
    const values = get(c, 'values');
    const { base, ifExists, qualifier } = parseOperator(test);
    conditions.push({
      operator: test,
      operatorSpan: testNode.span,
      baseOperator: base,
      ifExists,
      qualifier,
      key: variable,
      keySpan: variableNode.span,
      values: valList(values) ?? [],
      valuesSpan: (values ?? c).span,
    });
  }
  return { conditions, unreadable };
}

