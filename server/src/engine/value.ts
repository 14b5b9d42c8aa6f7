import type { Span } from './types';

/**
 * The value tree every format is converted into. JSON, YAML (with CloudFormation intrinsics) and
 * HCL all produce these nodes, with spans pointing into the original file, so that rules are
 * written once.
 *
 * A value is either a literal (object, array, scalar), or `unknown`: something whose value is
 * only known at deploy time (a CloudFormation `Ref`, `!Sub` with variables, a Terraform `var.x`,
 * a reference, a `for` expression...). Unknown is never a violation. A value that is absent is
 * simply not there (`get()` returns undefined): "missing".
 */
export type VNode = VObject | VArray | VScalar | VUnknown;

/** Syntax the node was written in, so fixes can be written back in the same style. */
export type Dialect = 'json' | 'yaml' | 'hcl' | 'ini';

interface VBase {
  span: Span;
  /**
   * Set when the node's text in the file is not the literal value itself (e.g. a JSON policy
   * inside a Terraform heredoc or quoted string, or a YAML block scalar). Fixes that edit such
   * nodes must rewrite the whole embedding instead of editing in place.
   */
  embedded?: boolean;
}

export interface VEntry {
  key: string;
  keySpan: Span;
  value: VNode;
  /** Span of the whole `key: value` pair. */
  span: Span;
}

export interface VObject extends VBase {
  kind: 'object';
  entries: VEntry[];
  /** YAML: block or flow style. JSON is always flow. */
  flow?: boolean;
}

export interface VArray extends VBase {
  kind: 'array';
  items: VNode[];
  flow?: boolean;
}

export interface VScalar extends VBase {
  kind: 'string' | 'number' | 'boolean' | 'null';
  value: string | number | boolean | null;
}

export interface VUnknown extends VBase {
  kind: 'unknown';
  /** Human readable: "Ref", "Fn::Sub", "var.bucket", "expression"... */
  reason: string;
  /** CloudFormation intrinsic function name in long form (`Fn::Sub`, `Ref`, `Fn::GetAtt`...). */
  intrinsic?: string;
  /** The intrinsic's argument(s), converted, when there are any. */
  args?: VNode;
  /**
   * Names this value refers to: CloudFormation logical ids (`MyBucket`) or Terraform references
   * (`aws_s3_bucket.b`, `var.name`, `local.x`, `module.m`).
   */
  refs: string[];
}

export function isObject(n: VNode | undefined): n is VObject {
  return n?.kind === 'object';
}
export function isArray(n: VNode | undefined): n is VArray {
  return n?.kind === 'array';
}
export function isUnknown(n: VNode | undefined): n is VUnknown {
  return n?.kind === 'unknown';
}
export function isScalar(n: VNode | undefined): n is VScalar {
  return n !== undefined && (n.kind === 'string' || n.kind === 'number' || n.kind === 'boolean' || n.kind === 'null');
}

/** The entry with this key (exact match; the last one wins, as in most loaders). */
export function entry(obj: VNode | undefined, key: string): VEntry | undefined {
  if (!obj || obj.kind !== 'object') return undefined;
  for (let i = obj.entries.length - 1; i >= 0; i--) if (obj.entries[i].key === key) return obj.entries[i];
  return undefined;
}

/** Entry whose key matches case-insensitively (IAM policy element names are case-insensitive). */
export function entryCI(obj: VNode | undefined, key: string): VEntry | undefined {
  if (!obj || obj.kind !== 'object') return undefined;
  const k = key.toLowerCase();
  for (let i = obj.entries.length - 1; i >= 0; i--) {
    const e = obj.entries[i];
    // Lower-casing preserves the length of the ASCII keys looked up here: compare lengths first.
    if (e.key === key || (e.key.length === k.length && e.key.toLowerCase() === k)) return e;
  }
  return undefined;
}

export function get(obj: VNode | undefined, key: string): VNode | undefined {
  return entry(obj, key)?.value;
}

/** Follows a path of keys and indices. */
export function getPath(node: VNode | undefined, path: (string | number)[]): VNode | undefined {
  let cur = node;
  for (const p of path) {
    if (!cur) return undefined;
    if (typeof p === 'number') cur = cur.kind === 'array' ? cur.items[p] : undefined;
    else cur = get(cur, p);
  }
  return cur;
}

/** The literal value of a scalar as a string (numbers and booleans stringified), else undefined. */
export function scalarString(n: VNode | undefined): string | undefined {
  if (!n || !isScalar(n) || n.value === null) return undefined;
  return String(n.value);
}

/** A scalar or a list of scalars, as IAM allows for Action, Resource, condition values... */
export function asList(n: VNode | undefined): VNode[] {
  if (!n) return [];
  return n.kind === 'array' ? n.items : [n];
}

/** Visits every node depth-first (iteratively: deep trees must not overflow the stack). */
export function walk(root: VNode, visit: (n: VNode, parentKey: string | undefined) => void): void {
  const stack: [VNode, string | undefined][] = [[root, undefined]];
  while (stack.length) {
    const [n, k] = stack.pop()!;
    visit(n, k);
    if (n.kind === 'object') for (let i = n.entries.length - 1; i >= 0; i--) stack.push([n.entries[i].value, n.entries[i].key]);
    else if (n.kind === 'array') for (let i = n.items.length - 1; i >= 0; i--) stack.push([n.items[i], k]);
    else if (n.kind === 'unknown' && n.args) stack.push([n.args, k]);
  }
}

/** Converts a value tree to plain data (unknown values become `undefined`). For tests and debugging. */
export function toPlain(n: VNode | undefined): unknown {
  if (!n) return undefined;
  switch (n.kind) {
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const e of n.entries) o[e.key] = toPlain(e.value);
      return o;
    }
    case 'array':
      return n.items.map(toPlain);
    case 'unknown':
      return { $unknown: n.reason };
    default:
      return n.value;
  }
}
