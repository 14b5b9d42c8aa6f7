import { printParseErrorCode, visit, type ParseError } from 'jsonc-parser';
import { DeadlinePassed } from '../budget';
import type { Notice, Span } from '../types';
import { isIntrinsicKey, makeIntrinsic } from './cfn-intrinsics';
import type { VEntry, VNode } from '../value';
import type { LineIndex } from '../text';
import type { Comment } from './document';
import { MAX_DEPTH, MAX_JSON_VALUES } from './limits';

export interface JsonParse {
  root?: VNode;
  comments: Comment[];
  notices: Notice[];
}

/**
 * Parses JSON (comments and trailing commas tolerated, as editors show them) into the value tree.
 * jsonc-parser keeps a partial tree when the text is half-typed; errors become notices.
 * With `deadline` (a `performance.now()` time), the clock is looked at every CLOCK_EVERY parser
 * events and DeadlinePassed is thrown once it has passed (a 10 MB file takes about a second).
 * More than `maxValues` values (default MAX_JSON_VALUES: a bound on memory) leave no tree, and a notice.
 */
export function parseJson(text: string, file: string, lines?: LineIndex, opts: { cfnIntrinsics?: boolean; deadline?: number; maxValues?: number } = {}): JsonParse {
  const errors: ParseError[] = [];
  const comments: Comment[] = [];
  const notices: Notice[] = [];
  if (jsonDepth(text) > MAX_DEPTH) {
    notices.push({ file, kind: 'limit', message: `JSON nested deeper than ${MAX_DEPTH} levels; file not analysed` });
    return { comments, notices };
  }
  // One pass: the value tree is built straight from the parser's events (no intermediate tree),
  // comments and errors are collected on the way.
  let root: VNode | undefined;
  try {
    root = build(text, !!opts.cfnIntrinsics, comments, errors, opts.deadline, opts.maxValues ?? MAX_JSON_VALUES);
  } catch (e) {
    if (e !== TOO_MANY_VALUES) throw e;
    notices.push({ file, kind: 'limit', message: `file not analysed: more than ${(opts.maxValues ?? MAX_JSON_VALUES).toLocaleString('en')} JSON values (a bound on memory; a CloudFormation template, at most 1 MB, has at most about 500,000)` });
    return { comments: [], notices };
  }
  for (const e of errors.slice(0, 5)) {
    const span: Span = { start: e.offset, end: e.offset + Math.max(1, e.length) };
    notices.push({
      file,
      kind: 'parse-error',
      message: `JSON syntax error: ${describe(printParseErrorCode(e.error))}`,
      span,
      range: lines?.range(span),
    });
  }
  return { root, comments, notices };
}

/** Thrown (and caught) inside parseJson when the file holds more than MAX_JSON_VALUES values. */
const TOO_MANY_VALUES = new Error('too many JSON values');

/** Parser events between two looks at the clock. */
const CLOCK_EVERY = 4096;

function describe(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** Maximum bracket nesting, counted without a parse (strings skipped). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      // Strings end at the closing quote or, unterminated, at the line end (as jsonc-parser reads them).
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34 || d === 10 || d === 13) break;
      }
    } else if (c === 123 || c === 91) {
      if (++depth > max) max = depth;
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

/**
 * An object entry read from JSON. It keeps its key's offsets and makes the `keySpan` and `span`
 * objects on first use (then keeps them): a large template has tens of thousands of entries, and
 * two span objects each were a third of the value tree's memory. Behaves as a plain `VEntry`.
 */
class JsonEntry implements VEntry {
  private _keySpan?: Span;
  private _span?: Span;
  constructor(
    readonly key: string,
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
    return (this._span ??= this.bare ? this.keySpan : { start: this.keySpan.start, end: this.value.span.end });
  }
  set span(s: Span) {
    this._span = s;
  }
}

/**
 * An open container. Its children wait on one shared list (`pending`, from `base` on) and move to
 * an array of their exact size when it closes: arrays grown by `push` keep spare capacity (17
 * slots for an object of two keys), which on a large template was a quarter of the tree's memory.
 */
type Frame = { kind: 'object'; start: number; base: number; key?: string; keyStart: number; keyEnd: number } | { kind: 'array'; start: number; base: number };

/**
 * Builds the value tree from jsonc-parser's visitor events. With `intrinsics` (CloudFormation
 * templates), long-form intrinsic functions (`{"Ref": "X"}`, `{"Fn::Sub": …}`) become intrinsic
 * nodes on the way, bottom-up. Half-typed input keeps what was read: a property without a value
 * gets `null` at its key, containers left open end at the end of the text.
 * Nesting is bounded by MAX_DEPTH (checked before parsing); the stack is explicit.
 */
function build(text: string, intrinsics: boolean, comments: Comment[], errors: ParseError[], deadline: number | undefined, maxValues: number): VNode | undefined {
  const stack: Frame[] = [];
  // Parser events (the clock is looked at every CLOCK_EVERY of them) and values read (bounded: memory).
  let events = 0;
  let values = 0;
  const tick =
    deadline === undefined
      ? () => {}
      : () => {
          if (++events % CLOCK_EVERY === 0 && performance.now() > deadline) throw new DeadlinePassed();
        };
  const pending: (VNode | VEntry)[] = [];
  let root: VNode | undefined;
  const flushKey = (f: Frame) => {
    if (f.kind === 'object' && f.key !== undefined) {
      const at = f.keyEnd;
      pending.push(new JsonEntry(f.key, f.keyStart, at, { kind: 'null', value: null, span: { start: at, end: at } }, true));
      f.key = undefined;
    }
  };
  const add = (v: VNode) => {
    tick();
    if (++values > maxValues) throw TOO_MANY_VALUES;
    const top = stack[stack.length - 1];
    if (!top) {
      root ??= v;
    } else if (top.kind === 'array') {
      pending.push(v);
    } else if (top.key !== undefined) {
      pending.push(new JsonEntry(top.key, top.keyStart, top.keyEnd, v, false));
      top.key = undefined;
    }
  };
  const close = (end: number) => {
    const f = stack.pop()!;
    const span = { start: f.start, end };
    if (f.kind === 'array') return add({ kind: 'array', items: pending.splice(f.base) as VNode[], span });
    flushKey(f);
    const e = pending.splice(f.base) as VEntry[];
    if (intrinsics && e.length === 1 && isIntrinsicKey(e[0].key) && e[0].key !== 'Fn::ForEach' && e[0].key !== 'Condition') {
      return add(makeIntrinsic(e[0].key, e[0].value, span));
    }
    add({ kind: 'object', entries: e, span });
  };
  visit(
    text,
    {
      onObjectBegin: (offset) => {
        tick();
        stack.push({ kind: 'object', start: offset, base: pending.length, keyStart: 0, keyEnd: 0 });
      },
      onObjectProperty: (property, offset, length) => {
        const top = stack[stack.length - 1];
        if (top?.kind !== 'object') return;
        flushKey(top);
        top.key = property;
        top.keyStart = offset;
        top.keyEnd = offset + length;
      },
      onObjectEnd: (offset, length) => close(offset + length),
      onArrayBegin: (offset) => void stack.push({ kind: 'array', start: offset, base: pending.length }),
      onArrayEnd: (offset, length) => close(offset + length),
      onLiteralValue: (value, offset, length) => {
        const span = { start: offset, end: offset + length };
        const t = typeof value;
        add(
          value === null
            ? { kind: 'null', value: null, span }
            : t === 'string' || t === 'number' || t === 'boolean'
              ? ({ kind: t, value, span } as VNode)
              : { kind: 'unknown', reason: 'unparsed', refs: [], span },
        );
      },
      onComment: (offset, length) => {
        tick();
        const raw = text.slice(offset, offset + length);
        comments.push({ span: { start: offset, end: offset + length }, text: raw.startsWith('//') ? raw.slice(2) : raw.slice(2, -2) });
      },
      onError: (error, offset, length) => {
        tick();
        errors.push({ error, offset, length });
      },
    },
    { allowTrailingComma: true, disallowComments: false },
  );
  while (stack.length) close(text.length);
  return root;
}
