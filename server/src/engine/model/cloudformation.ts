import { policyPropertiesFor } from '../data/cfn-data';
import type { ParsedDocument } from '../documents/document';
import { parseJson } from '../documents/json';
import type { Span } from '../types';
import { entry, entryCI, get, isObject, type Dialect, type VNode, type VObject } from '../value';
import { resolveLongFormIntrinsics } from './intrinsics';
import type { PolicyDocument, PolicyKind, Resource } from './model';
import { policyFromNode } from './policy';

export interface CfnModel {
  resources: Resource[];
  policies: PolicyDocument[];
}

/** Builds the model of a CloudFormation template (YAML or JSON; SAM and CDK output included). */
export function buildCloudFormationModel(doc: ParsedDocument): CfnModel {
  const resources: Resource[] = [];
  const policies: PolicyDocument[] = [];
  if (!doc.root || doc.root.kind !== 'object') return { resources, policies };
  const root = doc.intrinsicsResolved ? doc.root : resolveLongFormIntrinsics(doc.root);
  doc.root = root;
  doc.intrinsicsResolved = true;
  const dialect: Dialect = doc.roots ? 'yaml' : 'json';
  const resourcesNode = get(root, 'Resources');
  if (!isObject(resourcesNode)) return { resources, policies };
  for (const e of resourcesNode.entries) {
    const body = e.value;
    if (!isObject(body)) continue;
    const typeNode = get(body, 'Type');
    const type = typeNode?.kind === 'string' ? String(typeNode.value) : '';
    const props = get(body, 'Properties');
    const res: Resource = {
      id: e.key,
      type,
      file: doc.path,
      format: 'cloudformation',
      span: e.span,
      idSpan: e.keySpan,
      properties: isObject(props) ? props : undefined,
      node: body,
      mode: 'resource',
      dialect,
    };
    resources.push(res);
    if (!res.properties) continue;
    const specs = policyPropertiesFor(type);
    for (let i = 0; i < specs.length; i++) {
      const spec = specs[i];
      for (const { node, path, keySpan } of select(res.properties, spec.path)) {
        const attachedTo = spec.attachedTo ? selectFirst(res.properties, spec.attachedTo) : undefined;
        const p = policyAt(node, doc, { file: doc.path, kind: spec.kind as PolicyKind, property: path, dialect, resource: res, attachedTo, anchor: keySpan });
        if (p) policies.push(p);
      }
    }
  }
  return { resources, policies };
}

interface Selected {
  node: VNode;
  path: string;
  keySpan: Span;
}

const NOTHING: Selected[] = [];

/** Follows a property path where `*` walks every item of a list. */
function select(props: VObject, path: readonly string[]): Selected[] {
  // The common case, one property (`PolicyDocument`): no intermediate lists.
  if (path.length === 1 && path[0] !== '*') {
    const e = entry(props, path[0]);
    return e ? [{ node: e.value, path: path[0], keySpan: e.keySpan }] : NOTHING;
  }
  let cur: Selected[] = [{ node: props, path: '', keySpan: props.span }];
  for (const seg of path) {
    const next: Selected[] = [];
    for (const c of cur) {
      if (seg === '*') {
        if (c.node.kind === 'array') c.node.items.forEach((it, i) => next.push({ node: it, path: `${c.path}[${i}]`, keySpan: c.keySpan }));
      } else {
        const e = entry(c.node, seg);
        if (e) next.push({ node: e.value, path: c.path ? `${c.path}.${seg}` : seg, keySpan: e.keySpan });
      }
    }
    cur = next;
  }
  return cur;
}

function selectFirst(props: VObject, path: readonly string[]): VNode | undefined {
  const s = select(props, path)[0]?.node;
  // `Queues: [!Ref Q]` → the first item names the resource.
  return s?.kind === 'array' ? s.items[0] : s;
}

/** A policy property holds an object, or (for some types) a JSON string. */
function policyAt(
  node: VNode,
  doc: ParsedDocument,
  init: { file: string; kind: PolicyKind; property: string; dialect: Dialect; resource: Resource; attachedTo?: VNode; anchor: Span },
): PolicyDocument | undefined {
  // A policy document has a Statement (or at least a Version); SAM policy templates and
  // managed policy names listed beside documents do not.
  if (node.kind === 'object') return entryCI(node, 'Statement') || entryCI(node, 'Version') ? policyFromNode(node, init) : undefined;
  if (node.kind === 'string' && typeof node.value === 'string' && node.value.trim().startsWith('{')) {
    const parsed = parseJson(node.value, doc.path);
    if (!parsed.root) return undefined;
    const embedded = pinSpans(parsed.root, node.span);
    return policyFromNode(embedded, { ...init, dialect: 'json' });
  }
  return undefined;
}

/** JSON inside a string: its spans cannot map 1:1 to the file; every span becomes the string's span. */
export function pinSpans(n: VNode, span: Span): VNode {
  const stack: VNode[] = [n];
  while (stack.length) {
    const x = stack.pop()!;
    x.span = span;
    x.embedded = true;
    if (x.kind === 'object')
      for (const e of x.entries) {
        e.keySpan = span;
        e.span = span;
        stack.push(e.value);
      }
    else if (x.kind === 'array') stack.push(...x.items);
  }
  return n;
}
