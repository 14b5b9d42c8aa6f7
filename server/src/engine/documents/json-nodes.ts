/**
 * The nodes of the value tree read from JSON (shared by the jsonc-parser path in json.ts and the
 * fast path in json-fast.ts, which must build exactly the same trees).
 */
import type { Span } from '../types';
import type { VArray, VEntry, VNode, VObject, VScalar } from '../value';
import { isIntrinsicKey, makeIntrinsic } from './cfn-intrinsics';

/**
 * The nodes of a JSON value tree keep their offsets and make their `span` object on first use (then
 * keep it). A parsed tree is young when the analysis starts, and every object in it is copied by the
 * collections that run meanwhile: one span object per node was a third of the tree's objects.
 * Behave as plain `VNode`s (a copy made with a spread must name `span`: a getter is not copied).
 */
export abstract class JsonNode {
  private _span?: Span;
  constructor(
    private readonly _start: number,
    private readonly _end: number,
  ) {}
  get span(): Span {
    return (this._span ??= { start: this._start, end: this._end });
  }
  set span(s: Span) {
    this._span = s;
  }
  /** The span's end, without making the span. */
  endOffset(): number {
    return this._span ? this._span.end : this._end;
  }
}

export class JsonScalar extends JsonNode implements VScalar {
  constructor(
    readonly kind: VScalar['kind'],
    public value: string | number | boolean | null,
    start: number,
    end: number,
  ) {
    super(start, end);
  }
}

export class JsonObject extends JsonNode implements VObject {
  readonly kind = 'object';
  constructor(
    public entries: VEntry[],
    start: number,
    end: number,
  ) {
    super(start, end);
  }
}

export class JsonArray extends JsonNode implements VArray {
  readonly kind = 'array';
  constructor(
    public items: VNode[],
    start: number,
    end: number,
  ) {
    super(start, end);
  }
}

/**
 * An object entry read from JSON. It keeps its key's offsets and makes the `keySpan` and `span`
 * objects on first use (then keeps them), as the nodes do. Behaves as a plain `VEntry`.
 */
export class JsonEntry implements VEntry {
  private _keySpan?: Span;
  private _span?: Span;
  constructor(
    public key: string,
    private readonly keyStart: number,
    private readonly keyEnd: number,
    public value: VNode,
    /** Set for a key without a value: the entry ends with its key. */
    private readonly bare: boolean,
  ) {}
  get keySpan(): Span {
    return (this._keySpan ??= { start: this.keyStart, end: this.keyEnd });
  }
  set keySpan(s: Span) {
    this._keySpan = s;
  }
  get span(): Span {
    if (this._span) return this._span;
    const v = this.value;
    const start = this._keySpan ? this._keySpan.start : this.keyStart;
    return (this._span = this.bare ? this.keySpan : { start, end: v instanceof JsonNode ? v.endOffset() : v.span.end });
  }
  set span(s: Span) {
    this._span = s;
  }
}

/**
 * The node an object becomes when it closes. With `intrinsics` (CloudFormation templates), an object
 * of one key naming an intrinsic function (`{"Ref": "X"}`, `{"Fn::Sub": …}`; not `Fn::ForEach` nor
 * `Condition`, which are also section and attribute names) becomes the intrinsic node.
 */
export function closedObject(entries: VEntry[], start: number, end: number, intrinsics: boolean): VNode {
  if (intrinsics && entries.length === 1) {
    const key = entries[0].key;
    if (isIntrinsicKey(key) && key !== 'Fn::ForEach' && key !== 'Condition') return makeIntrinsic(key, entries[0].value, { start, end });
  }
  return new JsonObject(entries, start, end);
}
