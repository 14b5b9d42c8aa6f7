/**
 * Where a rule reports a resource setting that is MISSING (not written, and its default is the
 * problem): on the key naming the object the setting would go in (CloudFormation `Properties`,
 * `DomainEndpointOptions`; a Terraform nested block such as `versioning_configuration`), or on the
 * resource's name when that object is the resource itself (a Terraform resource's labels) or
 * cannot be found. A value that is written and wrong is reported on the value instead.
 */
import type { Resource } from '../../model/model';
import type { SettingValue } from '../../model/settings';
import type { Span } from '../../types';

/** The key naming the object a missing setting would go in (`Properties`, `DomainEndpointOptions`, a Terraform block), or the resource's name. */
export function holderSpan(s: SettingValue): Span {
  const r = s.resource;
  const parent = s.slot?.parent;
  if (!parent) return r.idSpan;
  // Breadth first from the resource, a few levels down: the entry whose value (or list item) is the parent.
  let level: unknown[] = [r.node];
  for (let depth = 0; depth < 6 && level.length; depth++) {
    const next: unknown[] = [];
    for (const n of level) {
      const node = n as Resource['node'];
      if (node.kind !== 'object') continue;
      for (const e of node.entries) {
        if (e.value === parent || (e.value.kind === 'array' && e.value.items.includes(parent))) return e.keySpan;
        if (e.value.kind === 'object') next.push(e.value);
        else if (e.value.kind === 'array') for (const it of e.value.items) next.push(it);
      }
    }
    level = next;
  }
  return r.idSpan;
}

