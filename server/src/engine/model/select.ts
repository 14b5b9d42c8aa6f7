import type { Span } from '../types';
import { entry, type VNode, type VObject } from '../value';

/** A value found at a property path, with the path as written (`Policies[0].PolicyDocument`) and the span of its key. */
export interface Selected {
  node: VNode;
  path: string;
  keySpan: Span;
}

const NOTHING: Selected[] = [];
const NO_OPTIONS: { lists?: 'implicit' } = {};

/**
 * The values at a path of keys from `root` (one selector for CloudFormation property paths and
 * Terraform attribute paths). `*` visits every item of a list and every value of a map. With
 * `lists: 'implicit'` (Terraform, where nested blocks are lists of objects), a list met on the way is
 * entered item by item without a `*`.
 */
export function selectPath(root: VObject, keys: readonly string[], opts: { lists?: 'implicit' } = NO_OPTIONS): Selected[] {
  // The common case, one key (`PolicyDocument`, `policy`): no intermediate lists.
  if (keys.length === 1 && keys[0] !== '*') {
    const e = entry(root, keys[0]);
    return e ? [{ node: e.value, path: keys[0], keySpan: e.keySpan }] : NOTHING;
  }
  const implicit = opts.lists === 'implicit';
  let cur: Selected[] = [{ node: root, path: '', keySpan: root.span }];
  for (const key of keys) {
    const next: Selected[] = [];
    for (const c of cur) {
      if (key === '*') {
        if (c.node.kind === 'array') c.node.items.forEach((it, i) => next.push({ node: it, path: `${c.path}[${i}]`, keySpan: c.keySpan }));
        else if (c.node.kind === 'object') for (const e of c.node.entries) next.push({ node: e.value, path: c.path ? `${c.path}.${e.key}` : e.key, keySpan: e.keySpan });
        continue;
      }
      const holders = implicit && c.node.kind === 'array' ? c.node.items.map((node, i) => ({ node, path: `${c.path}[${i}]` })) : [c];
      for (const h of holders) {
        const e = entry(h.node, key);
        if (e) next.push({ node: e.value, path: h.path ? `${h.path}.${key}` : key, keySpan: e.keySpan });
      }
    }
    cur = next;
  }
  return cur;
}
