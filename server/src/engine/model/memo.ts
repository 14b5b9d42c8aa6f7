/**
 * Values computed once per model (or per tree) and kept on that object, for module-level caches of
 * derived indexes (`new OwnerMemo<Model, Index>()` where a `WeakMap<Model, Index>` would do).
 *
 * Why not a WeakMap: V8's young-generation collector treats a WeakMap's values as strong and only
 * drops entries whose key died. An index of a model refers to the model's nodes, and through them
 * back to the model, so such an entry keeps the model, its documents and their trees alive through
 * every minor collection until the next full one: everything an analysis built outlived it and was
 * promoted to the old generation, and the following analyses paid for that (page faults on fresh
 * old-generation pages, full collections). Kept on the object itself, a value dies with its owner.
 */

/** The property (non-enumerable: invisible to spreads, comparisons and JSON) holding an object's memos. */
const MEMO: unique symbol = Symbol('awsdp.memo');
type Memoizable = { [MEMO]?: Map<OwnerMemo<object, unknown>, unknown> };

/** Gives `owner` its memo table up front, so that objects of one kind keep one shape. */
export function withMemo<T extends object>(owner: T): T {
  Object.defineProperty(owner, MEMO, { value: new Map(), configurable: true, writable: false, enumerable: false });
  return owner;
}

/** A memo slot: the WeakMap methods caches use (get, has, set), stored on the key. */
export class OwnerMemo<K extends object, V> {
  get(owner: K): V | undefined {
    return (owner as Memoizable)[MEMO]?.get(this) as V | undefined;
  }

  has(owner: K): boolean {
    return (owner as Memoizable)[MEMO]?.has(this) ?? false;
  }

  set(owner: K, value: V): this {
    const table = (owner as Memoizable)[MEMO] ?? (withMemo(owner) as Memoizable)[MEMO]!;
    table.set(this, value);
    return this;
  }
}
