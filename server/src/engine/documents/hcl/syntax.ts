/**
 * A syntax subtree read once, with a tree cursor, into plain arrays that the conversion
 * (convert.ts) then reads without going back into WebAssembly.
 *
 * Reading web-tree-sitter's `Node` objects costs a call into WebAssembly for every property
 * (`type`, `endIndex`, `childCount`...) and a JS object (with a position object) for every child
 * listed; the conversion asked for the same nodes' types many times, and walked each unknown
 * expression a second time for its references. A cursor visits each node once: five calls per
 * node and no node objects.
 *
 * Nodes are numbered in pre-order from 0 (the subtree's root). The children of node `i` are
 * `i + 1`, then `sub[i + 1]`, ... while below `sub[i]` (see `kids`). Children are the visible
 * ones, in order, comments included: the same list `Node.children` gives.
 */
import type { Language, Node as TSNode, TreeCursor } from 'web-tree-sitter';
import type { CursorBinding } from './runtime';

/** Flags (`flags[i]`). */
export const NAMED = 1;
export const MISSING = 2;
/** The child is an `object_elem`'s `key` / `val` field. */
export const KEY = 4;
export const VAL = 8;

const INITIAL = 1024;

/** One reader per parse: its arrays are reused for each top-level block and grow as needed. */
export class Syntax {
  /** Number of nodes read. */
  n = 0;
  type: string[] = [];
  start = new Int32Array(INITIAL);
  /** As tree-sitter says: masked literals are not mapped here (convert.ts `endOf`). */
  end = new Int32Array(INITIAL);
  /** Index just past the node's subtree: its next sibling, when it has one. */
  sub = new Int32Array(INITIAL);
  parent = new Int32Array(INITIAL);
  flags = new Uint8Array(INITIAL);

  private language: Language | undefined;
  private names: string[] = [];
  /** Named-ness by type id (a fact of the grammar's symbol): 0 not looked up yet, 1 named, 2 not. */
  private named = new Map<number, boolean>();
  private keyField = -1;
  private valField = -1;

  /** `binding`: the cursor calls of the WebAssembly binding, when there are (runtime.ts CursorBinding). */
  constructor(private readonly binding?: CursorBinding) {}

  /** Reads the subtree of `root` (node 0). */
  read(root: TSNode): void {
    const language = root.tree.language;
    if (language !== this.language) {
      this.language = language;
      this.names = language.types;
      this.named.clear();
      this.keyField = language.fields.indexOf('key');
      this.valField = language.fields.indexOf('val');
    }
    this.n = 0;
    const c = root.walk();
    if (this.binding) {
      this.readDirect(c, this.binding);
      return;
    }
    try {
      const stack: number[] = [];
      this.add(c, -1, false);
      if (!c.gotoFirstChild()) {
        this.sub[0] = 1;
        return;
      }
      stack.push(0);
      for (;;) {
        const p = stack[stack.length - 1];
        const k = this.add(c, p, this.type[p] === 'object_elem');
        if (c.gotoFirstChild()) {
          stack.push(k);
          continue;
        }
        this.sub[k] = this.n;
        while (!c.gotoNextSibling()) {
          c.gotoParent();
          this.sub[stack.pop()!] = this.n;
          if (stack.length === 0) return;
        }
      }
    } finally {
      c.delete();
    }
  }

  /**
   * `read` through the binding's cursor calls (CursorBinding): the same walk and the same values as
   * through `TreeCursor` (both call the same functions), with the cursor left in the transfer buffer.
   */
  private readDirect(c: TreeCursor, b: CursorBinding): void {
    const handles = (c as unknown as { handles: number[] }).handles;
    const tree = (c as unknown as { tree: { 0: number } }).tree[0];
    try {
      new Int32Array(b.memory.buffer, b.transfer, 4).set(handles);
      const stack: number[] = [];
      this.addDirect(b, tree, -1, false);
      if (!b.gotoFirstChild(tree)) {
        this.sub[0] = 1;
        return;
      }
      stack.push(0);
      for (;;) {
        const p = stack[stack.length - 1];
        const k = this.addDirect(b, tree, p, this.type[p] === 'object_elem');
        if (b.gotoFirstChild(tree)) {
          stack.push(k);
          continue;
        }
        this.sub[k] = this.n;
        while (!b.gotoNextSibling(tree)) {
          b.gotoParent(tree);
          this.sub[stack.pop()!] = this.n;
          if (stack.length === 0) return;
        }
      }
    } finally {
      // The cursor as the walk left it (a move may have reallocated its stack), for its `delete`.
      const buf = new Int32Array(b.memory.buffer, b.transfer, 4);
      for (let i = 0; i < 4; i++) handles[i] = buf[i];
      c.delete();
    }
  }

  private addDirect(b: CursorBinding, tree: number, parent: number, fields: boolean): number {
    const i = this.n++;
    if (i === this.start.length) this.grow();
    const id = b.typeId(tree);
    this.type[i] = this.names[id] || 'ERROR';
    let named = this.named.get(id);
    if (named === undefined) {
      named = this.language!.nodeTypeIsNamed(id);
      this.named.set(id, named);
    }
    const s = b.startIndex(tree);
    const e = b.endIndex(tree);
    this.start[i] = s;
    this.end[i] = e;
    this.parent[i] = parent;
    let f = named ? NAMED : 0;
    if (s === e && b.isMissing(tree) === 1) f |= MISSING;
    if (fields) {
      const field = b.fieldId(tree);
      if (field === this.keyField) f |= KEY;
      else if (field === this.valField) f |= VAL;
    }
    this.flags[i] = f;
    return i;
  }

  private add(c: TreeCursor, parent: number, fields: boolean): number {
    const i = this.n++;
    if (i === this.start.length) this.grow();
    const id = c.nodeTypeId;
    // As web-tree-sitter's `Node.type`.
    this.type[i] = this.names[id] || 'ERROR';
    let named = this.named.get(id);
    if (named === undefined) {
      named = this.language!.nodeTypeIsNamed(id);
      this.named.set(id, named);
    }
    const s = c.startIndex;
    const e = c.endIndex;
    this.start[i] = s;
    this.end[i] = e;
    this.parent[i] = parent;
    let f = named ? NAMED : 0;
    // Only an empty node can be a missing one.
    if (s === e && c.nodeIsMissing) f |= MISSING;
    if (fields) {
      const field = c.currentFieldId;
      if (field === this.keyField) f |= KEY;
      else if (field === this.valField) f |= VAL;
    }
    this.flags[i] = f;
    return i;
  }

  private grow(): void {
    const size = this.start.length * 2;
    const more = <T extends Int32Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(size);
      b.set(a);
      return b;
    };
    this.start = more(this.start);
    this.end = more(this.end);
    this.sub = more(this.sub);
    this.parent = more(this.parent);
    this.flags = more(this.flags);
  }

  /** The comment tokens read, in order, as offsets (what `Node.descendantsOfType('comment')` lists for the root read). */
  comments(): { start: number; end: number }[] {
    const out: { start: number; end: number }[] = [];
    for (let i = 0; i < this.n; i++) if (this.type[i] === 'comment') out.push({ start: this.start[i], end: this.end[i] });
    return out;
  }

  /**
   * With a whole tree read: the `block` nodes at its top, including intact blocks tree-sitter wrapped
   * in an ERROR node (as recovery.ts topLevelBlocks finds them with the Node API), by start.
   */
  topLevelBlocks(): number[] {
    const out: number[] = [];
    const stack: { n: number; d: number }[] = [{ n: 0, d: 0 }];
    while (stack.length) {
      const { n, d } = stack.pop()!;
      const kids = this.kids(n);
      for (let i = kids.length - 1; i >= 0; i--) {
        const k = kids[i];
        const type = this.type[k];
        if (type === 'block') out.push(k);
        else if ((type === 'body' || type === 'ERROR') && d < 8) stack.push({ n: k, d: d + 1 });
      }
    }
    return out.sort((a, b) => this.start[a] - this.start[b]);
  }

  /** The children of `i`, in order. */
  kids(i: number): number[] {
    const out: number[] = [];
    const end = this.sub[i];
    for (let k = i + 1; k < end; k = this.sub[k]) out.push(k);
    return out;
  }

  /** The named children of `i` (comments included, as `Node.namedChildren`). */
  namedKids(i: number): number[] {
    const out: number[] = [];
    const end = this.sub[i];
    for (let k = i + 1; k < end; k = this.sub[k]) if (this.flags[k] & NAMED) out.push(k);
    return out;
  }

  /** `Node.firstChild`: -1 for none. */
  firstChild(i: number): number {
    return i + 1 < this.sub[i] ? i + 1 : -1;
  }

  /** `Node.lastChild`: -1 for none. */
  lastChild(i: number): number {
    let last = -1;
    const end = this.sub[i];
    for (let k = i + 1; k < end; k = this.sub[k]) last = k;
    return last;
  }

  /** `Node.firstNamedChild`: -1 for none. */
  firstNamed(i: number): number {
    const end = this.sub[i];
    for (let k = i + 1; k < end; k = this.sub[k]) if (this.flags[k] & NAMED) return k;
    return -1;
  }

  /** `Node.lastNamedChild`: -1 for none. */
  lastNamed(i: number): number {
    let last = -1;
    const end = this.sub[i];
    for (let k = i + 1; k < end; k = this.sub[k]) if (this.flags[k] & NAMED) last = k;
    return last;
  }

  /** `Node.namedChildCount`. */
  namedCount(i: number): number {
    let n = 0;
    const end = this.sub[i];
    for (let k = i + 1; k < end; k = this.sub[k]) if (this.flags[k] & NAMED) n++;
    return n;
  }

  /** The first child with the given field flag (KEY, VAL), as `Node.childForFieldName`: -1 for none. */
  field(i: number, flag: number): number {
    const end = this.sub[i];
    for (let k = i + 1; k < end; k = this.sub[k]) if (this.flags[k] & flag) return k;
    return -1;
  }

  /** `Node.nextSibling` within the read subtree: -1 for none. */
  nextSibling(i: number): number {
    const p = this.parent[i];
    if (p < 0) return -1;
    const k = this.sub[i];
    return k < this.sub[p] ? k : -1;
  }

  /** Whether `i` has children (`Node.childCount > 0`). */
  hasKids(i: number): boolean {
    return this.sub[i] > i + 1;
  }

  /** The first child of `i` of the given type: -1 for none. */
  kidOfType(i: number, type: string): number {
    const end = this.sub[i];
    for (let k = i + 1; k < end; k = this.sub[k]) if (this.type[k] === type) return k;
    return -1;
  }
}
