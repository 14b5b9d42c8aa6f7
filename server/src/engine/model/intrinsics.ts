import type { Span } from '../types';
import { walk, type VNode, type VUnknown } from '../value';

/** CloudFormation intrinsic functions (long names) and their YAML short-form tags. */
export const INTRINSICS = [
  'Ref',
  'Condition',
  'Fn::Base64',
  'Fn::Cidr',
  'Fn::FindInMap',
  'Fn::GetAtt',
  'Fn::GetAZs',
  'Fn::ImportValue',
  'Fn::Join',
  'Fn::Select',
  'Fn::Split',
  'Fn::Sub',
  'Fn::Transform',
  'Fn::If',
  'Fn::Equals',
  'Fn::And',
  'Fn::Or',
  'Fn::Not',
  'Fn::Length',
  'Fn::ToJsonString',
  'Fn::ForEach',
  'Fn::GetParam',
] as const;

const LONG_NAMES = new Set<string>(INTRINSICS);

/** `!Sub` → `Fn::Sub`, `!Ref` → `Ref`, `!Condition` → `Condition`. */
export function longName(shortTag: string): string | undefined {
  const name = shortTag.replace(/^!/, '');
  if (name === 'Ref' || name === 'Condition') return name;
  const long = `Fn::${name}`;
  return LONG_NAMES.has(long) ? long : undefined;
}

export function isIntrinsicKey(key: string): boolean {
  return LONG_NAMES.has(key) || key.startsWith('Fn::');
}

// `${Name}` or `${Name.Attr}`; `${!Literal}` is an escape. Linear: no nested quantifiers.
const SUB_VAR = /\$\{([^}!][^}]*)\}/g;

function subVariables(template: string): string[] {
  const out: string[] = [];
  for (const m of template.matchAll(SUB_VAR)) out.push(m[1].trim());
  return out;
}

function refTarget(name: string): string | undefined {
  const id = name.split('.')[0];
  return id && !id.startsWith('AWS::') ? id : undefined;
}

/**
 * Builds the value of an intrinsic function call. `Fn::Sub` with no variables is the literal
 * string itself; everything else is unknown at analysis time, with the logical ids it refers to.
 */
export function makeIntrinsic(name: string, args: VNode, span: Span): VNode {
  if (name === 'Fn::Sub') {
    const tmpl = args.kind === 'string' ? args : args.kind === 'array' && args.items[0]?.kind === 'string' ? args.items[0] : undefined;
    if (tmpl && typeof tmpl.value === 'string') {
      const vars = subVariables(tmpl.value);
      const mapped = new Set<string>();
      const map = args.kind === 'array' ? args.items[1] : undefined;
      if (map?.kind === 'object') for (const e of map.entries) mapped.add(e.key);
      if (vars.length === 0 && args.kind === 'string') {
        return { kind: 'string', value: tmpl.value.replace(/\$\{!/g, '${'), span };
      }
      const refs = new Set<string>();
      for (const v of vars) {
        if (mapped.has(v)) continue;
        const t = refTarget(v);
        if (t) refs.add(t);
      }
      if (map) for (const r of collectRefs(map)) refs.add(r);
      return unknown(name, args, span, [...refs]);
    }
  }
  const refs = new Set<string>();
  if (name === 'Ref') {
    if (args.kind === 'string') {
      const t = refTarget(String(args.value));
      if (t) refs.add(t);
    }
  } else if (name === 'Fn::GetAtt') {
    const first = args.kind === 'string' ? String(args.value).split('.')[0] : args.kind === 'array' && args.items[0]?.kind === 'string' ? String(args.items[0].value) : undefined;
    if (first) refs.add(first);
  } else if (name !== 'Condition') {
    for (const r of collectRefs(args)) refs.add(r);
  }
  return unknown(name, args, span, [...refs]);
}

function unknown(name: string, args: VNode, span: Span, refs: string[]): VUnknown {
  return { kind: 'unknown', reason: name, intrinsic: name, args, refs, span };
}

function collectRefs(n: VNode): string[] {
  const out: string[] = [];
  walk(n, (x) => {
    if (x.kind === 'unknown') out.push(...x.refs);
  });
  return out;
}

/**
 * Rewrites long-form intrinsics (`{"Ref": "X"}`, `{"Fn::Sub": ...}`) into intrinsic nodes, in
 * place, bottom-up. Used for CloudFormation JSON and for long forms written in YAML.
 * Iterative, so deep trees cannot overflow the stack.
 */
export function resolveLongFormIntrinsics(root: VNode): VNode {
  // Post-order traversal with an explicit stack.
  type Frame = { node: VNode; set: (v: VNode) => void; visited: boolean };
  let result = root;
  const stack: Frame[] = [{ node: root, set: (v) => (result = v), visited: false }];
  while (stack.length) {
    const f = stack[stack.length - 1];
    if (!f.visited) {
      f.visited = true;
      const n = f.node;
      if (n.kind === 'object') {
        for (const e of n.entries) stack.push({ node: e.value, set: (v) => (e.value = v), visited: false });
      } else if (n.kind === 'array') {
        n.items.forEach((it, i) => stack.push({ node: it, set: (v) => (n.items[i] = v), visited: false }));
      } else if (n.kind === 'unknown' && n.args) {
        const u = n;
        stack.push({ node: u.args!, set: (v) => (u.args = v), visited: false });
      }
      continue;
    }
    stack.pop();
    const n = f.node;
    if (n.kind === 'object' && n.entries.length === 1 && isIntrinsicKey(n.entries[0].key) && n.entries[0].key !== 'Fn::ForEach' && n.entries[0].key !== 'Condition') {
      f.set(makeIntrinsic(n.entries[0].key, n.entries[0].value, n.span));
    } else if (n.kind === 'unknown' && n.intrinsic && n.args && n.refs.length === 0 && n.intrinsic !== 'Ref' && n.intrinsic !== 'Condition') {
      // A short form whose arguments were rewritten: recompute refs from the resolved args.
      f.set(makeIntrinsic(n.intrinsic, n.args, n.span));
    }
  }
  return result;
}
