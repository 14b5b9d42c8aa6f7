/**
 * CloudFormation intrinsic functions as syntax: their names (long `Fn::Sub` and YAML short `!Sub`
 * forms), `Fn::Sub` template variables, and the intrinsic node a call becomes in the value tree
 * (unknown at analysis time, with the logical ids it refers to). The JSON and YAML parsers build
 * these nodes while parsing; the model reads them.
 */
import type { Span } from '../types';
import type { VNode, VUnknown } from '../value';

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

/**
 * The variables of a `Fn::Sub` template: `${Name}` or `${Name.Attr}`; `${!Literal}` is an escape.
 * A scan rather than /\$\{([^}!][^}]*)\}/g, which is quadratic on `${a${a${a…` with no `}`.
 */
export function subVariables(template: string): string[] {
  const out: string[] = [];
  let i = template.indexOf('${');
  while (i >= 0) {
    const first = template.charCodeAt(i + 2);
    if (first === 125 /* } */ || first === 33 /* ! */ || Number.isNaN(first)) {
      i = template.indexOf('${', i + 1);
      continue;
    }
    const close = template.indexOf('}', i + 2);
    if (close < 0) break; // no later `${` can close either
    out.push(template.slice(i + 2, close).trim());
    i = template.indexOf('${', close + 1);
  }
  return out;
}

function refTarget(name: string): string | undefined {
  const dot = name.indexOf('.');
  const id = dot < 0 ? name : name.slice(0, dot);
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
      if (vars.length === 0 && args.kind === 'string') {
        return { kind: 'string', value: tmpl.value.includes('${!') ? tmpl.value.replace(/\$\{!/g, '${') : tmpl.value, span };
      }
      const map = args.kind === 'array' ? args.items[1] : undefined;
      const refs: string[] = [];
      for (const v of vars) {
        if (map?.kind === 'object' && map.entries.some((e) => e.key === v)) continue;
        addRef(refs, refTarget(v));
      }
      if (map) for (const r of collectRefs(map)) addRef(refs, r);
      return unknown(name, args, span, refs);
    }
  }
  if (name === 'Ref' || name === 'Fn::GetAtt') {
    // One ref at most, in an array of its exact size (one grown by push keeps 17 slots, in every tree).
    const id =
      args.kind === 'string' ? refTarget(String(args.value)) : name === 'Fn::GetAtt' && args.kind === 'array' && args.items[0]?.kind === 'string' ? String(args.items[0].value) : undefined;
    return unknown(name, args, span, id ? [id] : []);
  }
  const refs: string[] = [];
  if (name !== 'Condition') for (const r of collectRefs(args)) addRef(refs, r);
  return unknown(name, args, span, refs);
}

/** Adds a logical id once (lists of refs are short: a linear search beats a Set). */
function addRef(refs: string[], id: string | undefined): void {
  if (id && !refs.includes(id)) refs.push(id);
}

/**
 * An intrinsic function call in the value tree. Made by `new`, not as an object literal: V8 pretenures
 * a literal's allocation site whose objects keep surviving minor collections (as a tree's nodes do
 * while it is analysed), and an intrinsic node then made in the old generation held its young
 * arguments; once the tree was dropped, minor collections kept copying what those dead nodes pointed
 * to (the arguments, often whole subtrees under `Fn::If`) and promoted it all: about 9 MB after each
 * parse of a 2 MB template until the next full collection (heap-retention test).
 */
class IntrinsicCall implements VUnknown {
  readonly kind = 'unknown';
  constructor(
    public reason: string,
    public intrinsic: string,
    public args: VNode,
    public refs: string[],
    public span: Span,
  ) {}
}

function unknown(name: string, args: VNode, span: Span, refs: string[]): VUnknown {
  return new IntrinsicCall(name, name, args, refs, span);
}

/**
 * The refs of the intrinsic nodes inside `n` (depth-first, iteratively). No callback: a closure
 * made per call and called from a shared call site would keep what it captures alive through
 * young-generation collections after the parse (see visitorOf in json.ts).
 */
function collectRefs(n: VNode): string[] {
  const out: string[] = [];
  const stack: VNode[] = [n];
  while (stack.length) {
    const x = stack.pop()!;
    if (x.kind === 'unknown') {
      for (const r of x.refs) out.push(r);
      if (x.args) stack.push(x.args);
    } else if (x.kind === 'object') {
      for (let i = x.entries.length - 1; i >= 0; i--) stack.push(x.entries[i].value);
    } else if (x.kind === 'array') {
      for (let i = x.items.length - 1; i >= 0; i--) stack.push(x.items[i]);
    }
  }
  return out;
}
