import type { VNode } from '../value';
import { isIntrinsicKey, makeIntrinsic } from '../documents/cfn-intrinsics';

/**
 * Rewrites long-form intrinsics (`{"Ref": "X"}`, `{"Fn::Sub": ...}`) into intrinsic nodes, in
 * place, bottom-up: how the model reads a YAML template's long forms (JSON templates get them
 * from the parser, documents/json.ts). The intrinsic syntax is documents/cfn-intrinsics.ts.
 * Iterative, so deep trees cannot overflow the stack; one frame per container, no closures.
 */
export function resolveLongFormIntrinsics(root: VNode): VNode {
  // Post-order: a container's children are resolved before the container itself is looked at.
  interface Frame {
    node: VNode;
    /** Index of the next child to visit. */
    i: number;
  }
  const stack: Frame[] = [{ node: root, i: 0 }];
  let done: VNode = root;
  let replaced: VNode = root;
  while (stack.length) {
    const f = stack[stack.length - 1];
    const n = f.node;
    // Store the result of the child finished last (its replacement, if any) into this container.
    if (f.i > 0 && replaced !== done) {
      if (n.kind === 'object') n.entries[f.i - 1].value = replaced;
      else if (n.kind === 'array') n.items[f.i - 1] = replaced;
      else if (n.kind === 'unknown') n.args = replaced;
    }
    done = replaced = n;
    const child = n.kind === 'object' ? n.entries[f.i]?.value : n.kind === 'array' ? n.items[f.i] : n.kind === 'unknown' && f.i === 0 ? n.args : undefined;
    if (child) {
      f.i++;
      if (child.kind === 'object' || child.kind === 'array' || (child.kind === 'unknown' && child.args)) {
        stack.push({ node: child, i: 0 });
      } else {
        done = replaced = child;
      }
      continue;
    }
    stack.pop();
    done = n;
    replaced = resolveOne(n);
  }
  return replaced;
}

function resolveOne(n: VNode): VNode {
  if (n.kind === 'object' && n.entries.length === 1 && isIntrinsicKey(n.entries[0].key) && n.entries[0].key !== 'Fn::ForEach' && n.entries[0].key !== 'Condition') {
    return makeIntrinsic(n.entries[0].key, n.entries[0].value, n.span);
  }
  if (n.kind === 'unknown' && n.intrinsic && n.args && n.refs.length === 0 && n.intrinsic !== 'Ref' && n.intrinsic !== 'Condition') {
    // A short form whose arguments were rewritten: recompute refs from the resolved args.
    return makeIntrinsic(n.intrinsic, n.args, n.span);
  }
  return n;
}
