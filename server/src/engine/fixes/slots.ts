/** Finding where a `Slot` (model/model.ts) stands in the value tree: the object to edit and what is missing. */
import type { Slot } from '../model/model';
import { entry, type VEntry, type VObject } from '../value';

export interface Resolved {
  /** The deepest existing object on the path. */
  obj: VObject;
  /** Index in `slot.path` of the first key not present in `obj` (path.length when the value exists). */
  depth: number;
  /** The value's entry, when present. */
  entry?: VEntry;
  /**
   * An entry on the way whose value is empty (`Properties:` with nothing after it, `null`): the
   * rest of the path is written in its place. `depth` is the index of the key after it.
   */
  empty?: VEntry;
}

/**
 * Walks `slot.path` from `slot.parent`. A nested block written once (HCL, `.tf.json`) is an array
 * of one object: it is entered. Undefined when a key on the way holds something else (an
 * expression, a list of several blocks): the value cannot be placed.
 */
export function resolveSlot(slot: Slot): Resolved | undefined {
  let obj = slot.parent;
  if (obj.kind !== 'object' || slot.path.length === 0) return undefined;
  for (let i = 0; i < slot.path.length; i++) {
    const e = entry(obj, slot.path[i]);
    if (!e) return { obj, depth: i };
    if (i === slot.path.length - 1) return { obj, depth: i, entry: e };
    const v = e.value;
    if (v.kind === 'null') return { obj, depth: i + 1, empty: e };
    if (v.kind === 'object') obj = v;
    else if (v.kind === 'array' && v.items.length === 1 && v.items[0].kind === 'object') obj = v.items[0];
    else return undefined;
  }
  return undefined;
}
