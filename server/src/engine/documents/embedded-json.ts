/** JSON held in a string of another file (a policy in a CloudFormation or Terraform string). */
import type { Span } from '../types';
import type { VNode } from '../value';

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
    else if (x.kind === 'array') for (const item of x.items) stack.push(item);
  }
  return n;
}
