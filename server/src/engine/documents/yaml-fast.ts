/**
 * The fast path of the YAML parse: yaml's CST (its Lexer and Parser) converted straight into our
 * value tree, without composing yaml's Document/Node objects (which the full path in yaml.ts builds
 * and then throws away).
 *
 * It is a port of yaml's composer (compose/compose-doc, compose-node, compose-collection,
 * compose-scalar, resolve-props, resolve-block-map, resolve-block-seq, resolve-flow-collection,
 * resolve-end, util-empty-scalar-position, util-contains-newline of yaml 2.x) restricted to what
 * CloudFormation templates use, with the options the full path composes with (YAML 1.2 core schema,
 * strict: false, uniqueKeys: false). It computes the same node ranges as the composer, and so the same
 * spans. Everything it does not reproduce exactly makes it give up with a `FastPathFallback` (the
 * caller then runs the full path): any place where the composer would report an error or a warning,
 * anchors and aliases, tags other than the CloudFormation short forms, explicit (`?`) and non-scalar
 * keys, tagged keys, pairs inside flow sequences, directives, `...` document ends, error tokens and
 * nesting deeper than FAST_MAX_DEPTH. The differential tests (yaml-fast.test.ts) compare both paths.
 */
import { CST, Document as YDocument, type Scalar as YScalar } from 'yaml';
import { INTRINSICS, longName, makeIntrinsic } from './cfn-intrinsics';
import type { Span } from '../types';
import type { VEntry, VNode } from '../value';

type SourceToken = CST.SourceToken;
type Token = CST.Token;
type FlowScalar = CST.FlowScalar;
type BlockMap = CST.BlockMap;
type BlockSeq = CST.BlockSequence;
type FlowCollection = CST.FlowCollection;

/** Thrown when the fast path meets something it does not reproduce exactly; `reason` says what. */
export class FastPathFallback extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** Thrown when the deadline passes while converting. */
export class FastDeadline extends Error {}

/** Nesting past which the fast path gives up (the full path then applies MAX_DEPTH and its notice). */
export const FAST_MAX_DEPTH = 200;

const CLOCK_EVERY = 2048;

function fallback(reason: string): never {
  throw new FastPathFallback(reason);
}

/** CloudFormation short-form tags (`!Ref`, `!Sub`, ...) by their exact source, to long names: the tags CFN_TAGS in yaml.ts declares, which the full path turns into intrinsics through longName. */
const SHORT_TAGS = new Map(
  INTRINSICS.map((long) => ['!' + long.replace(/^Fn::/, ''), long] as const).filter(([short, long]) => longName(short) === long),
);
/** A local tag (`!Name`) that yaml resolves to itself (no `%` escapes, no second `!`, no `<`). */
const PLAIN_LOCAL_TAG = /^![A-Za-z0-9_.:-]+$/;

/**
 * What a tag makes of its node: the intrinsic's long name for a CloudFormation short form, '' for
 * another local tag (yaml warns that it is unknown and keeps the node as it is, a scalar as a
 * string; the converter ignores the tag), a fallback for anything else (`!!str`, `!<...>`, `!`).
 */
function tagMeaning(source: string): string {
  const long = SHORT_TAGS.get(source);
  if (long !== undefined) return long;
  if (!PLAIN_LOCAL_TAG.test(source) || longName(source) !== undefined) fallback(`tag ${source.slice(0, 40)}`);
  return '';
}

interface ScalarTagLike {
  default?: boolean | 'key';
  test?: RegExp;
  collection?: string;
  resolve: (value: string, onError: (msg: string) => void, options: unknown) => unknown;
}

/** yaml's core schema tags and the document options the full path composes with. */
interface Core {
  tags: ScalarTagLike[];
  options: unknown;
}

/** yaml's core schema, or undefined when it has compat tags (the fast path then falls back). */
function makeCoreSchema(): Core | undefined {
  const doc = new YDocument(undefined, { strict: false, uniqueKeys: false, prettyErrors: false, keepSourceTokens: false });
  const s = doc.schema as unknown as { tags: ScalarTagLike[]; compat: unknown };
  return s.compat ? undefined : { tags: s.tags.slice(), options: doc.options };
}

/** The core schema: the same for every file, so made once (a Document per file took 0.1 ms). Only read. */
const CORE_SCHEMA = makeCoreSchema();

function coreSchema(): Core {
  return CORE_SCHEMA ?? fallback('schema with compat tags');
}

const throwOnError = (msg: string): never => fallback(`tag resolution: ${msg}`);

/** What yaml's core schema makes of an untagged plain scalar (findScalarTagByTest + resolve). */
function resolvePlain(core: Core, value: string, atKey: boolean): unknown {
  let tag: ScalarTagLike | undefined;
  for (const t of core.tags) {
    if ((t.default === true || (atKey && t.default === 'key')) && t.test?.test(value)) {
      tag = t;
      break;
    }
  }
  if (!tag) return value; // the string tag resolves to the value itself
  const res = tag.resolve(value, throwOnError, core.options);
  return res !== null && typeof res === 'object' && 'value' in (res as object) ? (res as YScalar).value : res;
}

interface Props {
  comma: SourceToken | null;
  found: SourceToken | null;
  comment: string;
  hasNewline: boolean;
  tag: SourceToken | null;
  newlineAfterProp: SourceToken | null;
  end: number;
  start: number;
}

const NO_PROPS_TOKENS: SourceToken[] = [];

/** yaml's resolveProps, where every error is a fallback and anchors are not supported. */
function resolveProps(
  tokens: SourceToken[],
  flow: string | undefined,
  indicator: string,
  next: Token | null | undefined,
  offset: number,
  parentIndent: number,
  startOnNewline: boolean,
): Props {
  let atNewline = startOnNewline;
  let hasSpace = startOnNewline;
  let comment = '';
  let commentSep = '';
  let hasNewline = false;
  let reqSpace = false;
  let tab: SourceToken | null = null;
  let tag: SourceToken | null = null;
  let newlineAfterProp: SourceToken | null = null;
  let comma: SourceToken | null = null;
  let found: SourceToken | null = null;
  let start: number | null = null;
  for (const token of tokens) {
    if (reqSpace) {
      if (token.type !== 'space' && token.type !== 'newline' && token.type !== 'comma') fallback('tag not followed by white space');
      reqSpace = false;
    }
    if (tab) {
      if (atNewline && token.type !== 'comment' && token.type !== 'newline') fallback('tab as indentation');
      tab = null;
    }
    switch (token.type) {
      case 'space':
        if (!flow && (indicator !== 'doc-start' || next?.type !== 'flow-collection') && token.source.includes('\t')) tab = token;
        hasSpace = true;
        break;
      case 'comment': {
        if (!hasSpace) fallback('comment without white space before it');
        const cb = token.source.substring(1) || ' ';
        if (!comment) comment = cb;
        else comment += commentSep + cb;
        commentSep = '';
        atNewline = false;
        break;
      }
      case 'newline':
        if (atNewline) {
          if (comment) comment += token.source;
        } else commentSep += token.source;
        atNewline = true;
        hasNewline = true;
        if (tag) newlineAfterProp = token;
        hasSpace = true;
        break;
      case 'anchor':
        fallback('anchor');
        break;
      case 'tag':
        if (tag) fallback('two tags');
        tag = token;
        start ??= token.offset;
        atNewline = false;
        hasSpace = false;
        reqSpace = true;
        break;
      case indicator:
        if (tag) fallback('tag before indicator');
        if (found) fallback('indicator twice');
        found = token;
        atNewline = indicator === 'seq-item-ind' || indicator === 'explicit-key-ind';
        hasSpace = false;
        break;
      case 'comma':
        if (flow) {
          if (comma) fallback('two commas');
          comma = token;
          atNewline = false;
          hasSpace = false;
          break;
        }
        fallback(`unexpected ${token.type}`);
        break;
      default:
        fallback(`unexpected ${token.type}`);
    }
  }
  const last = tokens[tokens.length - 1];
  const end = last ? last.offset + last.source.length : offset;
  if (reqSpace && next && next.type !== 'space' && next.type !== 'newline' && next.type !== 'comma' && (next.type !== 'scalar' || (next as FlowScalar).source !== '')) {
    fallback('tag not followed by white space');
  }
  if (tab && ((atNewline && tab.indent <= parentIndent) || next?.type === 'block-map' || next?.type === 'block-seq')) fallback('tab as indentation');
  return { comma, found, comment, hasNewline, tag, newlineAfterProp, end, start: start ?? end };
}

/** yaml's resolveEnd (strict: false): the offset after the trailing spaces, comments and line breaks. */
function resolveEnd(end: SourceToken[] | undefined, offset: number): number {
  if (end) {
    for (const token of end) {
      const type = token.type;
      if (type !== 'space' && type !== 'comment' && type !== 'newline') fallback(`unexpected ${type} at node end`);
      offset += token.source.length;
    }
  }
  return offset;
}

function emptyScalarPosition(offset: number, before: SourceToken[] | undefined): number {
  if (before) {
    for (let i = before.length - 1; i >= 0; --i) {
      let st: SourceToken | undefined = before[i];
      switch (st.type) {
        case 'space':
        case 'comment':
        case 'newline':
          offset -= st.source.length;
          continue;
      }
      st = before[++i];
      while (st?.type === 'space') {
        offset += st.source.length;
        st = before[++i];
      }
      break;
    }
  }
  return offset;
}

function containsNewline(key: Token | null | undefined): boolean {
  if (!key) return false;
  switch (key.type) {
    case 'alias':
    case 'scalar':
    case 'double-quoted-scalar':
    case 'single-quoted-scalar':
      if (key.source.includes('\n')) return true;
      if (key.end) for (const st of key.end) if (st.type === 'newline') return true;
      return false;
    default:
      // Collections as implicit keys are not supported by the fast path anyway.
      return true;
  }
}

const isBlock = (t: Token | null | undefined) => !!t && (t.type === 'block-map' || t.type === 'block-seq');

/** A plain scalar's first character that yaml reports (BAD_SCALAR_START). */
const BAD_PLAIN_START = new Set(['\t', ',', '%', '|', '>', '@', '`']);

const onScalarError = (_offset: number, code: string, message: string): never => fallback(`${code}: ${message}`);

/** Converts one CST document into a value tree, as the full path would, or throws FastPathFallback. */
export class FastConverter {
  private atKey = false;
  private atRoot = true;
  private nodes = 0;
  /** range[2] of the node composed last (where the parent continues). */
  private end2 = 0;
  private core: Core | undefined;

  constructor(
    private readonly text: string,
    private readonly deadline: number | undefined,
  ) {}

  /** The document's root value (compose-doc). */
  document(doc: CST.Document): VNode {
    this.atKey = false;
    this.atRoot = true;
    const { start, value, end, offset } = doc;
    const props = resolveProps(start, undefined, 'doc-start', value ?? end?.[0], offset, 0, true);
    if (props.found && value && (value.type === 'block-map' || value.type === 'block-seq') && !props.hasNewline) fallback('block collection on the --- line');
    const root = value ? this.node(value, props, 0) : this.empty(props.end, start, props);
    resolveEnd(end, this.end2);
    return root;
  }

  /** The span of a node with range [start, end1]: trailing white space is not part of it. */
  private span(start: number, end1: number): Span {
    const text = this.text;
    let end = end1;
    while (end > 0) {
      const c = text.charCodeAt(end - 1);
      if (c > 32 && c < 127) break;
      if (!/\s/.test(text[end - 1])) break;
      end--;
    }
    return { start, end: end > start ? end : start };
  }

  private tick(depth: number): void {
    if (depth > FAST_MAX_DEPTH) fallback('deep nesting');
    if (this.deadline !== undefined && ++this.nodes % CLOCK_EVERY === 0 && performance.now() > this.deadline) throw new FastDeadline();
  }

  /** compose-node: a node with its props (tag). */
  private node(token: Token, props: Props, depth: number): VNode {
    this.tick(depth);
    const long = props.tag ? tagMeaning(props.tag.source) : undefined;
    let v: VNode;
    switch (token.type) {
      case 'scalar':
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
      case 'block-scalar':
        v = this.scalar(token, long !== undefined);
        break;
      case 'block-map':
      case 'block-seq':
      case 'flow-collection':
        if (token.type === 'block-seq' && props.tag) {
          const nl = props.newlineAfterProp;
          if (!nl || nl.offset < props.tag.offset) fallback('missing newline after block sequence props');
        }
        v = token.type === 'block-map' ? this.blockMap(token, depth) : token.type === 'block-seq' ? this.blockSeq(token, depth) : this.flowCollection(token, depth);
        break;
      default:
        fallback(`${token.type} node`);
    }
    return long ? makeIntrinsic(long, v, { start: v.span.start, end: v.span.end }) : v;
  }

  /** compose-node's composeEmptyNode. */
  private empty(offset: number, before: SourceToken[] | undefined, props: Props): VNode {
    const pos = emptyScalarPosition(offset, before);
    const long = props.tag ? tagMeaning(props.tag.source) : undefined;
    this.end2 = props.comment ? props.end : pos;
    const span = { start: pos, end: pos };
    // A tagged empty value is the empty string (the tag's resolve, or yaml's string tag).
    if (long) return makeIntrinsic(long, { kind: 'string', value: '', span }, { start: pos, end: pos });
    if (long === '') return { kind: 'string', value: '', span };
    const value = resolvePlain((this.core ??= coreSchema()), '', this.atKey);
    return scalarNode(value, span, false);
  }

  /** compose-scalar (with resolve-flow-scalar / resolve-block-scalar). */
  private scalar(token: Token, tagged: boolean): VNode {
    let value: string;
    let start: number;
    let end1: number;
    let block = false;
    if (token.type === 'scalar' || token.type === 'single-quoted-scalar' || token.type === 'double-quoted-scalar') {
      const src = token.source;
      start = token.offset;
      end1 = start + src.length;
      const simple = src.indexOf('\n') < 0 && src.indexOf('\r') < 0;
      if (token.type === 'scalar' && simple && !BAD_PLAIN_START.has(src[0])) {
        value = src;
      } else if (token.type === 'single-quoted-scalar' && simple && src.length > 1 && src[src.length - 1] === "'" && src.indexOf("''") < 0) {
        value = src.slice(1, -1);
      } else if (token.type === 'double-quoted-scalar' && simple && src.length > 1 && src[src.length - 1] === '"' && src.indexOf('\\') < 0) {
        value = src.slice(1, -1);
      } else {
        const r = CST.resolveAsScalar(token, false, onScalarError);
        if (!r || r.type === null) fallback('unresolved scalar');
        value = r.value;
      }
      this.end2 = resolveEnd(token.end, end1);
    } else if (token.type === 'block-scalar') {
      const r = CST.resolveAsScalar(token, false, onScalarError);
      if (!r || r.type === null) fallback('unresolved block scalar');
      value = r.value;
      start = r.range[0];
      end1 = r.range[1];
      this.end2 = r.range[2];
      block = true;
    } else {
      fallback(`${token.type} scalar`);
    }
    const span = this.span(start, end1);
    if (tagged) return block ? { kind: 'string', value, span, embedded: true } : { kind: 'string', value, span };
    if (token.type !== 'scalar') return block ? { kind: 'string', value, span, embedded: true } : { kind: 'string', value, span };
    return scalarNode(resolvePlain((this.core ??= coreSchema()), value, this.atKey), span, false);
  }

  /** An implicit key: a plain or quoted scalar on one line; its string and span. */
  private key(key: Token, props: Props): { key: string; span: Span } {
    if (props.tag) fallback('tagged key');
    if (key.type !== 'scalar' && key.type !== 'single-quoted-scalar' && key.type !== 'double-quoted-scalar') fallback(`${key.type} as a key`);
    this.atKey = true;
    const v = this.scalar(key, false);
    this.atKey = false;
    return { key: String((v as { value: unknown }).value), span: v.span };
  }

  /** resolve-block-map. */
  private blockMap(bm: BlockMap, depth: number): VNode {
    if (this.atRoot) this.atRoot = false;
    let offset = bm.offset;
    let commentEnd: number | null = null;
    const entries: VEntry[] = [];
    for (const item of bm.items) {
      const { start, key, sep, value } = item as { start: SourceToken[]; key?: Token | null; sep?: SourceToken[]; value?: Token; explicitKey?: true };
      if ((item as { explicitKey?: true }).explicitKey) fallback('explicit key');
      const keyProps = resolveProps(start, undefined, 'explicit-key-ind', key ?? sep?.[0], offset, bm.indent, true);
      if (keyProps.found) fallback('explicit key');
      if (key) {
        if (key.type === 'block-seq') fallback('block sequence as a key');
        else if ('indent' in key && key.indent !== bm.indent) fallback('bad map indentation');
      }
      if (!keyProps.tag && !sep) {
        commentEnd = keyProps.end;
        continue;
      }
      if (keyProps.newlineAfterProp || containsNewline(key)) fallback('multi-line implicit key');
      if (!key) fallback('empty key');
      const k = this.key(key, keyProps);
      const valueProps = resolveProps(sep ?? NO_PROPS_TOKENS, undefined, 'map-value-ind', value, this.end2, bm.indent, key.type === 'block-scalar');
      offset = valueProps.end;
      if (!valueProps.found) fallback('key without a value');
      if (value?.type === 'block-map' && !valueProps.hasNewline) fallback('compact nested mapping');
      const v = value ? this.node(value, valueProps, depth + 1) : this.empty(offset, sep, valueProps);
      offset = this.end2;
      entries.push({ key: k.key, keySpan: k.span, value: v, span: { start: k.span.start, end: Math.max(k.span.end, v.span.end) } });
    }
    if (commentEnd && commentEnd < offset) fallback('map comment with trailing content');
    this.end2 = commentEnd ?? offset;
    return { kind: 'object', entries, span: this.span(bm.offset, offset), flow: false };
  }

  /** resolve-block-seq. */
  private blockSeq(bs: BlockSeq, depth: number): VNode {
    if (this.atRoot) this.atRoot = false;
    if (this.atKey) this.atKey = false;
    let offset = bs.offset;
    let commentEnd: number | null = null;
    const items: VNode[] = [];
    for (const { start, value } of bs.items) {
      const props = resolveProps(start, undefined, 'seq-item-ind', value, offset, bs.indent, true);
      if (!props.found) {
        if (props.tag || value) fallback('sequence item without -');
        commentEnd = props.end;
        continue;
      }
      const v = value ? this.node(value, props, depth + 1) : this.empty(props.end, start, props);
      offset = this.end2;
      items.push(v);
    }
    this.end2 = commentEnd ?? offset;
    return { kind: 'array', items, span: this.span(bs.offset, offset), flow: false };
  }

  /** resolve-flow-collection (flow maps, and flow sequences without pairs). */
  private flowCollection(fc: FlowCollection, depth: number): VNode {
    const isMap = fc.start.source === '{';
    const fcName = isMap ? 'flow map' : 'flow sequence';
    if (this.atRoot) this.atRoot = false;
    if (this.atKey) this.atKey = false;
    let offset = fc.offset + fc.start.source.length;
    const entries: VEntry[] = [];
    const items: VNode[] = [];
    for (let i = 0; i < fc.items.length; ++i) {
      const { start, key, sep, value } = fc.items[i];
      const props = resolveProps(start, fcName, 'explicit-key-ind', key ?? sep?.[0], offset, fc.indent, false);
      if (props.found) fallback('explicit key in a flow collection');
      if (!props.tag && !sep && !value) {
        if (i === 0 && props.comma) fallback('unexpected , in a flow collection');
        else if (i < fc.items.length - 1) fallback('empty item in a flow collection');
        offset = props.end;
        continue;
      }
      if (i === 0) {
        if (props.comma) fallback('unexpected , in a flow collection');
      } else {
        if (!props.comma) fallback('missing , in a flow collection');
        if (props.comment) {
          let prevItemComment = '';
          loop: for (const st of start) {
            switch (st.type) {
              case 'comma':
              case 'space':
                break;
              case 'comment':
                prevItemComment = st.source.substring(1);
                break loop;
              default:
                break loop;
            }
          }
          if (prevItemComment) props.comment = props.comment.substring(prevItemComment.length + 1);
        }
      }
      if (!isMap && !sep) {
        const v = value ? this.node(value, props, depth + 1) : this.empty(props.end, sep, props);
        if (isBlock(value)) fallback('block collection in a flow collection');
        items.push(v);
        offset = this.end2;
      } else {
        if (!isMap) fallback('pair in a flow sequence');
        if (!key) fallback('empty key in a flow map');
        if (isBlock(key)) fallback('block collection as a key');
        const k = this.key(key, props);
        const valueProps = resolveProps(sep ?? NO_PROPS_TOKENS, fcName, 'map-value-ind', value, this.end2, fc.indent, false);
        if (!valueProps.found && value) fallback('missing , or : in a flow map');
        let v: VNode | undefined;
        if (value) v = this.node(value, valueProps, depth + 1);
        else if (valueProps.found) v = this.empty(valueProps.end, sep, valueProps);
        if (v && isBlock(value)) fallback('block collection in a flow collection');
        const val = v ?? { kind: 'null' as const, value: null, span: { start: k.span.end, end: k.span.end } };
        entries.push({ key: k.key, keySpan: k.span, value: val, span: { start: k.span.start, end: Math.max(k.span.end, val.span.end) } });
        offset = v ? this.end2 : valueProps.end;
      }
    }
    const expectedEnd = isMap ? '}' : ']';
    const ce = fc.end[0];
    if (ce?.source !== expectedEnd) fallback(`${fcName} without its ${expectedEnd}`);
    const cePos = ce.offset + ce.source.length;
    this.end2 = fc.end.length > 1 ? resolveEnd(fc.end.slice(1), cePos) : cePos;
    const span = this.span(fc.offset, cePos);
    return isMap ? { kind: 'object', entries, span, flow: true } : { kind: 'array', items, span, flow: true };
  }
}

/** The value node of a resolved scalar (as the full path's scalarOf). */
function scalarNode(val: unknown, span: Span, embedded: boolean): VNode {
  if (val === null || val === undefined) return { kind: 'null', value: null, span };
  if (typeof val === 'boolean') return { kind: 'boolean', value: val, span };
  if (typeof val === 'number' || typeof val === 'bigint') return { kind: 'number', value: Number(val), span };
  return embedded ? { kind: 'string', value: String(val), span, embedded: true } : { kind: 'string', value: String(val), span };
}
