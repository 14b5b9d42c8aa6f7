import { printParseErrorCode, visit, type JSONVisitor, type ParseError } from 'jsonc-parser';
import { DeadlinePassed } from '../budget';
import type { Notice, Span } from '../types';
import { parseJsonFast } from './json-fast';
import { closedObject, JsonArray, JsonEntry, JsonScalar } from './json-nodes';
import type { VEntry, VNode } from '../value';
import type { LineIndex } from '../text';
import type { Comment } from './document';
import { MAX_DEPTH, MAX_JSON_VALUES } from './limits';

export interface JsonParse {
  root?: VNode;
  comments: Comment[];
  notices: Notice[];
}

export interface JsonParseOptions {
  cfnIntrinsics?: boolean;
  deadline?: number;
  maxValues?: number;
}

/**
 * Parses JSON (comments and trailing commas tolerated, as editors show them) into the value tree.
 * jsonc-parser keeps a partial tree when the text is half-typed; errors become notices.
 * With `deadline` (a `performance.now()` time), the clock is looked at every CLOCK_EVERY parser
 * events and DeadlinePassed is thrown once it has passed (a 10 MB file takes about a second).
 * More than `maxValues` values (default MAX_JSON_VALUES: a bound on memory) leave no tree, and a notice.
 *
 * The fast path (json-fast.ts) reads the text first; wherever it would not give exactly the
 * jsonc-parser result (any syntax error, a limit, the deadline), jsonc-parser reads it from the start.
 */
export function parseJson(text: string, file: string, lines?: LineIndex, opts: JsonParseOptions = {}): JsonParse {
  return parseJsonWith('auto', text, file, lines, opts) as JsonParse;
}

/**
 * parseJson with the path chosen: 'auto' (the fast path, else jsonc-parser), 'fast' (the fast path
 * only: `{ fallback: reason }` where it gives up) or 'full' (jsonc-parser only). For the tests.
 */
export function parseJsonWith(mode: 'auto' | 'fast' | 'full', text: string, file: string, lines?: LineIndex, opts: JsonParseOptions = {}): JsonParse | { fallback: string } {
  if (mode !== 'full') {
    const fast = parseJsonFast(text, !!opts.cfnIntrinsics, opts.deadline, opts.maxValues ?? MAX_JSON_VALUES);
    if (typeof fast !== 'string') return { root: fast.root, comments: fast.comments, notices: [] };
    if (mode === 'fast') return { fallback: fast };
  }
  return parseJsonFull(text, file, lines, opts);
}

function parseJsonFull(text: string, file: string, lines: LineIndex | undefined, opts: JsonParseOptions): JsonParse {
  const errors: ParseError[] = [];
  const comments: Comment[] = [];
  const notices: Notice[] = [];
  // One pass: the value tree is built straight from the parser's events (no intermediate tree),
  // comments and errors are collected on the way. Nesting is bounded on the way too: the parser
  // descends recursively, and is stopped at the first container deeper than MAX_DEPTH.
  let root: VNode | undefined;
  try {
    root = build(text, !!opts.cfnIntrinsics, comments, errors, opts.deadline, opts.maxValues ?? MAX_JSON_VALUES);
  } catch (e) {
    if (e === TOO_DEEP) {
      notices.push({ file, kind: 'limit', message: `JSON nested deeper than ${MAX_DEPTH} levels; file not analysed` });
      return { comments: [], notices };
    }
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
/** Thrown (and caught) inside parseJson at the first container nested deeper than MAX_DEPTH. */
const TOO_DEEP = new Error('JSON nested too deep');

/** Parser events between two looks at the clock. */
const CLOCK_EVERY = 4096;

function describe(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/**
 * Builds the value tree from jsonc-parser's visitor events. With `intrinsics` (CloudFormation
 * templates), long-form intrinsic functions (`{"Ref": "X"}`, `{"Fn::Sub": …}`) become intrinsic
 * nodes on the way, bottom-up. Half-typed input keeps what was read: a property without a value
 * gets `null` at its key, containers left open end at the end of the text.
 *
 * The open containers are a stack kept in arrays indexed by depth (no object per container). Their
 * children wait on one shared list (`pending`, from the container's base on) and move to an array
 * of their exact size when it closes: arrays grown by `push` keep spare capacity (17 slots for an
 * object of two keys), which on a large template was a quarter of the tree's memory. Nesting
 * deeper than MAX_DEPTH throws TOO_DEEP before the parser descends further.
 */
class TreeBuilder {
  root: VNode | undefined;
  // The open containers: depth `d` (1-based) is at index d - 1 of each array.
  private depth = 0;
  private readonly isArray: boolean[] = [];
  private readonly starts: number[] = [];
  private readonly bases: number[] = [];
  /** Objects: the key read last, waiting for its value (undefined: none). */
  private readonly keys: (string | undefined)[] = [];
  private readonly keyStarts: number[] = [];
  private readonly keyEnds: number[] = [];
  private readonly pending: (VNode | VEntry)[] = [];
  /** Parser events (the clock is looked at every CLOCK_EVERY of them) and values read (bounded: memory). */
  private events = 0;
  private values = 0;

  constructor(
    readonly text: string,
    private readonly intrinsics: boolean,
    readonly comments: Comment[],
    readonly errors: ParseError[],
    private readonly deadline: number | undefined,
    private readonly maxValues: number,
  ) {}

  tick(): void {
    if (this.deadline !== undefined && ++this.events % CLOCK_EVERY === 0 && performance.now() > this.deadline) throw new DeadlinePassed();
  }

  /** A key of the object at index `i` left without a value: it gets `null`, at the key's end. */
  private flushKey(i: number): void {
    const key = this.keys[i];
    if (key !== undefined) {
      const at = this.keyEnds[i];
      this.pending.push(new JsonEntry(key, this.keyStarts[i], at, new JsonScalar('null', null, at, at), true));
      this.keys[i] = undefined;
    }
  }

  add(v: VNode): void {
    this.tick();
    if (++this.values > this.maxValues) throw TOO_MANY_VALUES;
    const i = this.depth - 1;
    if (i < 0) {
      this.root ??= v;
    } else if (this.isArray[i]) {
      this.pending.push(v);
    } else {
      const key = this.keys[i];
      if (key !== undefined) {
        this.pending.push(new JsonEntry(key, this.keyStarts[i], this.keyEnds[i], v, false));
        this.keys[i] = undefined;
      }
    }
  }

  open(array: boolean, offset: number): void {
    if (this.depth >= MAX_DEPTH) throw TOO_DEEP;
    const i = this.depth++;
    this.isArray[i] = array;
    this.starts[i] = offset;
    this.bases[i] = this.pending.length;
    this.keys[i] = undefined;
  }

  property(key: string, offset: number, length: number): void {
    const i = this.depth - 1;
    if (i < 0 || this.isArray[i]) return;
    this.flushKey(i);
    this.keys[i] = key;
    this.keyStarts[i] = offset;
    this.keyEnds[i] = offset + length;
  }

  close(end: number): void {
    const i = --this.depth;
    const start = this.starts[i];
    if (this.isArray[i]) return this.add(new JsonArray(this.pending.splice(this.bases[i]) as VNode[], start, end));
    this.flushKey(i);
    this.add(closedObject(this.pending.splice(this.bases[i]) as VEntry[], start, end, this.intrinsics));
  }

  /** Containers left open end at the end of the text. */
  finish(): VNode | undefined {
    while (this.depth > 0) this.close(this.text.length);
    return this.root;
  }

  /**
   * Drops the builder's references to the tree. A large parse outlives young-generation
   * collections, so the builder may have been promoted to the old generation meanwhile; dead there,
   * it would still hold the tree (younger) through every minor collection until the next full one.
   */
  release(): void {
    this.root = undefined;
    this.pending.length = 0;
    this.keys.length = 0;
  }
}

/**
 * The visitor of one parse: callbacks that reach their builder and nothing else. V8 remembers the
 * functions a call site called (weakly, but young-generation collections treat those references as
 * strong), so what these callbacks capture outlives the parse until the next full collection: the
 * builder, which drops its references to the tree when the parse ends (release). Values that
 * outlive their call get promoted to the old generation, and the next analyses pay for it.
 */
function visitorOf(b: TreeBuilder): JSONVisitor {
  return {
    onObjectBegin: (offset) => {
      b.tick();
      b.open(false, offset);
    },
    onObjectProperty: (property, offset, length) => b.property(property, offset, length),
    onObjectEnd: (offset, length) => b.close(offset + length),
    onArrayBegin: (offset) => b.open(true, offset),
    onArrayEnd: (offset, length) => b.close(offset + length),
    onLiteralValue: (value, offset, length) => {
      const t = typeof value;
      b.add(
        value === null
          ? new JsonScalar('null', null, offset, offset + length)
          : t === 'string' || t === 'number' || t === 'boolean'
            ? new JsonScalar(t as 'string' | 'number' | 'boolean', value, offset, offset + length)
            : { kind: 'unknown', reason: 'unparsed', refs: [], span: { start: offset, end: offset + length } },
      );
    },
    onComment: (offset, length) => {
      b.tick();
      const raw = b.text.slice(offset, offset + length);
      b.comments.push({ span: { start: offset, end: offset + length }, text: raw.startsWith('//') ? raw.slice(2) : raw.slice(2, -2) });
    },
    onError: (error, offset, length) => {
      b.tick();
      b.errors.push({ error, offset, length });
    },
  };
}
const VISIT_OPTIONS = { allowTrailingComma: true, disallowComments: false };

function build(text: string, intrinsics: boolean, comments: Comment[], errors: ParseError[], deadline: number | undefined, maxValues: number): VNode | undefined {
  const b = new TreeBuilder(text, intrinsics, comments, errors, deadline, maxValues);
  try {
    visit(text, visitorOf(b), VISIT_OPTIONS);
    return b.finish();
  } finally {
    b.release();
  }
}
