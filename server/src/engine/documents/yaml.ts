import * as yaml from 'yaml';
import { Composer, Lexer, Parser, Scalar, type CST, type Document, type ErrorCode, type Node as YNode, type ScalarTag, type CollectionTag, type YAMLError, YAMLMap, YAMLSeq } from 'yaml';
import { INTRINSICS, longName, makeIntrinsic } from './cfn-intrinsics';
import { quoteSource, sanitizeMessage } from '../redact';
import type { LineIndex } from '../text';
import type { Notice, Span } from '../types';
import type { VEntry, VNode } from '../value';
import type { Comment } from './document';
import { MAX_ALIAS_COUNT, MAX_DEPTH, MAX_YAML_TOKENS } from './limits';
import { FastConverter, FastDeadline, FastPathFallback } from './yaml-fast';

// The node tests the converter calls for every node, read once: in the bundle, esbuild reads a
// CommonJS package's exports through a getter function on each use.
const { isAlias, isMap, isPair, isScalar, isSeq } = yaml;

/**
 * CloudFormation short-form intrinsics as YAML custom tags, for scalars, sequences and mappings
 * alike, so a user never configures tags. The tags resolve to the node itself: the converter
 * below reads `node.tag` and keeps every range.
 */
function cfnTags(): (ScalarTag | CollectionTag)[] {
  const tags: (ScalarTag | CollectionTag)[] = [];
  for (const long of INTRINSICS) {
    const short = '!' + long.replace(/^Fn::/, '');
    tags.push({ tag: short, resolve: (s: string) => s } as ScalarTag);
    tags.push({ tag: short, collection: 'seq', nodeClass: YAMLSeq, resolve: (seq: YAMLSeq) => seq } as unknown as CollectionTag);
    tags.push({ tag: short, collection: 'map', nodeClass: YAMLMap, resolve: (map: YAMLMap) => map } as unknown as CollectionTag);
  }
  return tags;
}
const CFN_TAGS = cfnTags();

export interface YamlParse {
  roots: VNode[];
  comments: Comment[];
  notices: Notice[];
}

export interface YamlParseOptions {
  /** `performance.now()` time after which parsing gives up (the file is then not analysed). */
  deadline?: number;
  /** Called when the deadline stops the parse, with what was being done. */
  onDeadline?: (what: string) => void;
  /** Lexemes past which the file is not analysed (default MAX_YAML_TOKENS; tests set a lower one). */
  maxTokens?: number;
}

const tooManyYamlTokens = (max: number) => `file not analysed: more than ${max.toLocaleString('en')} YAML tokens (a bound on memory; a CloudFormation template, at most 1 MB, has at most about 1,000,000)`;

const DEPTH_MESSAGE = `YAML nested deeper than ${MAX_DEPTH} levels; the deeper part is not analysed`;

/** Lexemes between two looks at the clock. */
const CLOCK_EVERY = 2048;

type Lexed = CST.Token[] | 'deadline' | 'too many tokens';

/**
 * yaml's Lexer and Parser, driven lexeme by lexeme so that a deadline can stop them: the CST's
 * top-level tokens (documents, directives, stream-level comments...).
 */
function lexAll(text: string, deadline: number | undefined, maxTokens: number): Lexed {
  const parser = new Parser();
  const tokens: CST.Token[] = [];
  let n = 0;
  for (const lexeme of new Lexer().lex(text)) {
    // yaml holds every token of a document until it is composed: the count bounds the memory.
    if (++n > maxTokens) return 'too many tokens';
    if (deadline !== undefined && n % CLOCK_EVERY === 0 && performance.now() > deadline) return 'deadline';
    for (const token of parser.next(lexeme)) tokens.push(token);
  }
  if (deadline !== undefined && performance.now() > deadline) return 'deadline';
  for (const token of parser.end()) tokens.push(token);
  return tokens;
}

/**
 * yaml's composition of the CST into Documents (the rest of parseAllDocuments); undefined when the
 * deadline stopped it. Composing one document is the step that cannot be interrupted: the clock is
 * read before each.
 */
function composeAll(tokens: CST.Token[], deadline: number | undefined): Document.Parsed[] | undefined {
  const composer = new Composer({ customTags: CFN_TAGS, strict: false, uniqueKeys: false, prettyErrors: false, keepSourceTokens: false });
  const docs: Document.Parsed[] = [];
  for (const token of tokens) {
    if (deadline !== undefined && token.type === 'document' && performance.now() > deadline) return undefined;
    for (const d of composer.next(token)) docs.push(d as Document.Parsed);
  }
  for (const d of composer.end()) docs.push(d as Document.Parsed);
  return docs;
}

/** Parses (multi-document) YAML with CloudFormation tags into value trees with exact spans. */
export function parseYamlDocument(path: string, text: string, lines?: LineIndex, opts: YamlParseOptions = {}): YamlParse {
  return parseYamlWith('auto', path, text, lines, opts) as YamlParse;
}

/**
 * `auto` (parseYamlDocument): the fast path (yaml-fast.ts: the CST converted straight into value
 * trees), and yaml's Documents when it falls back. For the differential tests: `fast`, the fast
 * path alone (its result, or why it fell back), and `full`, the Document path alone.
 */
export function parseYamlWith(mode: 'auto' | 'fast' | 'full', path: string, text: string, lines?: LineIndex, opts: YamlParseOptions = {}): YamlParse | { fallback: string } {
  // A lone CR is a line break in YAML 1.2 (and in editors) but not for the parser: it reads LF in its
  // place. One character for one, so every offset still points into the original text.
  text = loneCrAsLf(text);
  const comments = scanComments(text);
  const maxTokens = opts.maxTokens ?? MAX_YAML_TOKENS;
  let tokens: Lexed;
  try {
    tokens = lexAll(text, opts.deadline, maxTokens);
  } catch (e) {
    return { roots: [], comments, notices: [{ file: path, kind: 'limit', message: sanitizeMessage(`YAML could not be parsed: ${firstLine(e)}`) }] };
  }
  if (tokens === 'deadline') {
    opts.onDeadline?.('parsing YAML');
    return { roots: [], comments, notices: [] };
  }
  if (tokens === 'too many tokens') return { roots: [], comments, notices: [{ file: path, kind: 'limit', message: tooManyYamlTokens(maxTokens) }] };
  if (mode !== 'full') {
    const fast = convertFast(tokens, text, opts, comments);
    if (!(fast instanceof FastPathFallback)) return fast;
    if (mode === 'fast') return { fallback: fast.reason };
  }
  return parseFull(path, text, tokens, lines, opts, comments);
}

/**
 * The fast path's conversion of the CST into value trees: the same result as parseFull, deadline
 * included, or a FastPathFallback when the file holds anything it does not convert exactly.
 */
function convertFast(tokens: CST.Token[], text: string, opts: YamlParseOptions, comments: Comment[]): YamlParse | FastPathFallback {
  const deadline = opts.deadline;
  // A directive, `...` or an error token: the full path composes those (a byte order mark, spaces
  // and comments between documents change nothing).
  for (const t of tokens) if (t.type !== 'document' && t.type !== 'space' && t.type !== 'comment' && t.type !== 'newline' && t.type !== 'byte-order-mark') return new FastPathFallback(`${t.type} token`);
  const roots: VNode[] = [];
  const conv = new FastConverter(text, deadline);
  for (const doc of tokens) {
    if (doc.type !== 'document') continue;
    if (deadline !== undefined && performance.now() > deadline) {
      opts.onDeadline?.('parsing YAML');
      return { roots: [], comments, notices: [] };
    }
    try {
      roots.push(conv.document(doc));
    } catch (e) {
      if (e instanceof FastDeadline) {
        opts.onDeadline?.('reading YAML documents');
        return { roots: [], comments, notices: [] };
      }
      return e instanceof FastPathFallback ? e : new FastPathFallback(`internal: ${firstLine(e)}`);
    }
  }
  return { roots, comments, notices: [] };
}

/** The full path: yaml's Document composition, then conversion. */
function parseFull(path: string, text: string, tokens: CST.Token[], lines: LineIndex | undefined, opts: YamlParseOptions, comments: Comment[]): YamlParse {
  const notices: Notice[] = [];
  let docs: Document.Parsed[] | undefined;
  try {
    docs = composeAll(tokens, opts.deadline);
  } catch (e) {
    notices.push({ file: path, kind: 'limit', message: sanitizeMessage(`YAML could not be parsed: ${firstLine(e)}`) });
    return { roots: [], comments, notices };
  }
  if (!docs) {
    opts.onDeadline?.('parsing YAML');
    return { roots: [], comments, notices };
  }
  const roots: VNode[] = [];
  for (const doc of docs) {
    for (const err of doc.errors.slice(0, 5)) {
      // yaml reports its own stack overflow on deep nesting as RESOURCE_EXHAUSTION: that is the depth limit.
      if (err.code === 'RESOURCE_EXHAUSTION' && /call stack/i.test(err.message)) {
        if (!notices.some((n) => n.message === DEPTH_MESSAGE)) notices.push({ file: path, kind: 'limit', message: DEPTH_MESSAGE });
        continue;
      }
      const span: Span = { start: err.pos[0], end: Math.max(err.pos[1], err.pos[0] + 1) };
      notices.push({ file: path, kind: 'parse-error', message: yamlErrorMessage(err, text), span, range: lines?.range(span) });
    }
    if (!doc.contents) continue;
    if (opts.deadline !== undefined && performance.now() > opts.deadline) {
      opts.onDeadline?.('reading YAML documents');
      return { roots: [], comments, notices };
    }
    try {
      const conv = new Converter(doc, path, text, opts.deadline);
      try {
        const root = conv.convert(doc.contents as YNode, 0);
        if (root) roots.push(root);
      } finally {
        for (const n of conv.notices) if (n.message !== DEPTH_MESSAGE || !notices.some((m) => m.message === DEPTH_MESSAGE)) notices.push(n);
      }
    } catch (e) {
      if (e instanceof DeadlineExceeded) {
        opts.onDeadline?.('reading YAML documents');
        return { roots: [], comments, notices };
      }
      notices.push({ file: path, kind: 'limit', message: sanitizeMessage(`YAML document not analysed: ${firstLine(e)}`) });
    }
  }
  return { roots, comments, notices };
}

/** `text` with every CR that is not followed by LF read as LF (same length, same offsets). */
export function loneCrAsLf(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

function firstLine(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.split('\n')[0];
}

/**
 * yaml's messages for these codes are fixed texts (or name only an indicator or a kind of
 * collection): they are kept. The others quote the user's text (a tag, a token, an alias), which
 * may be a secret: those get our own text, with the token quoted through `quoteSource`.
 */
const KEEP_LIBRARY_MESSAGE = new Set<ErrorCode>([
  'ALIAS_PROPS',
  'BAD_INDENT',
  'BLOCK_AS_IMPLICIT_KEY',
  'BLOCK_IN_FLOW',
  'DUPLICATE_KEY',
  'IMPOSSIBLE',
  'KEY_OVER_1024_CHARS',
  'MISSING_CHAR',
  'MULTILINE_IMPLICIT_KEY',
  'MULTIPLE_ANCHORS',
  'MULTIPLE_DOCS',
  'MULTIPLE_TAGS',
  'TAB_AS_INDENT',
]);

const OWN_MESSAGE: Partial<Record<ErrorCode, string>> = {
  BAD_ALIAS: 'alias to an unknown or empty anchor',
  BAD_COLLECTION_TYPE: 'tag used on the wrong kind of value',
  BAD_DIRECTIVE: 'invalid directive',
  BAD_DQ_ESCAPE: 'invalid escape sequence in a double-quoted string',
  BAD_PROP_ORDER: 'anchors and tags must come after the indicator',
  BAD_SCALAR_START: 'a plain value cannot start with',
  NON_STRING_KEY: 'a key must be a string',
  RESOURCE_EXHAUSTION: 'too many aliases to expand',
  TAG_RESOLVE_FAILED: 'unknown tag',
  UNEXPECTED_TOKEN: 'unexpected',
};

/** A YAML error as a notice message that quotes at most a short token of the file. */
export function yamlErrorMessage(err: YAMLError, text: string): string {
  if (KEEP_LIBRARY_MESSAGE.has(err.code)) return sanitizeMessage(`YAML syntax error: ${firstLine(err)}`);
  const own = OWN_MESSAGE[err.code] ?? 'invalid YAML';
  const at = text.slice(err.pos[0], Math.min(err.pos[1], err.pos[0] + 256));
  return sanitizeMessage(`YAML syntax error: ${own}${at.trim() ? ` ${quoteSource(at)}` : ''}`);
}

/** Thrown by the converter when the deadline passes; parseYamlDocument turns it into a notice. */
class DeadlineExceeded extends Error {}

/**
 * What each alias of a document refers to: the last node with its anchor before it, in document
 * order (as yaml's Alias.resolve, which walks the whole document for every alias: quadratic with
 * many aliases). One iterative walk.
 */
function aliasTargets(doc: Document.Parsed, deadline: number | undefined): Map<unknown, YNode> {
  const targets = new Map<unknown, YNode>();
  const anchors = new Map<string, YNode>();
  const stack: unknown[] = [doc.contents];
  let n = 0;
  while (stack.length) {
    const node = stack.pop();
    if (!node || typeof node !== 'object') continue;
    if (deadline !== undefined && ++n % CLOCK_EVERY === 0 && performance.now() > deadline) throw new DeadlineExceeded();
    if (isAlias(node)) {
      const t = anchors.get(node.source);
      if (t) targets.set(node, t);
      continue;
    }
    if (isPair(node)) {
      stack.push(node.value, node.key);
      continue;
    }
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) anchors.set(anchor, node as YNode);
    if (isMap(node) || isSeq(node)) for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
  }
  return targets;
}

class Converter {
  readonly notices: Notice[] = [];
  private aliasBudget = MAX_ALIAS_COUNT * 10;
  /** Nodes converted inside alias expansions: a big anchor used many times is a bomb too. */
  private aliasNodeBudget: number;
  private inAlias = 0;
  private nodes = 0;
  private depthNoticed = false;
  private readonly targets: Map<unknown, YNode>;
  /** Trimmed ends by raw end: nested block collections share their end, trimmed once. */
  private readonly trimmed = new Map<number, number>();
  constructor(
    private readonly doc: Document.Parsed,
    private readonly file: string,
    private readonly text: string,
    private readonly deadline?: number,
  ) {
    // An anchor is written `&name`: a text without `&` has none, and no alias can have a target.
    this.targets = text.includes('&') ? aliasTargets(doc, deadline) : new Map();
    this.aliasNodeBudget = Math.max(100_000, text.length);
  }

  /** The node's span, without the trailing line breaks and spaces yaml counts into block collections. */
  private span(n: { range?: [number, number, number] | null }): Span {
    const r = n.range;
    if (!r) return { start: 0, end: 0 };
    let end = this.trimmed.get(r[1]);
    if (end === undefined) {
      end = r[1];
      while (end > 0 && /\s/.test(this.text[end - 1])) end--;
      this.trimmed.set(r[1], end);
    }
    return { start: r[0], end: Math.max(r[0], end) };
  }

  convert(n: YNode | null | undefined, depth: number): VNode | undefined {
    if (!n) return undefined;
    if (this.deadline !== undefined && ++this.nodes % CLOCK_EVERY === 0 && performance.now() > this.deadline) throw new DeadlineExceeded();
    if (this.inAlias > 0 && --this.aliasNodeBudget < 0) {
      return { kind: 'unknown', reason: 'alias expansion limit', refs: [], span: this.span(n as YNode & { range: [number, number, number] }) };
    }
    if (depth > MAX_DEPTH) {
      if (!this.depthNoticed) this.notices.push({ file: this.file, kind: 'limit', message: DEPTH_MESSAGE });
      this.depthNoticed = true;
      return { kind: 'unknown', reason: 'too deep', refs: [], span: this.span(n as YNode & { range: [number, number, number] }) };
    }
    if (isAlias(n)) {
      if (--this.aliasBudget < 0) {
        return { kind: 'unknown', reason: 'alias expansion limit', refs: [], span: this.span(n) };
      }
      const target = this.targets.get(n);
      this.inAlias++;
      let v: VNode | undefined;
      try {
        v = target ? this.convert(target, depth + 1) : undefined;
      } finally {
        this.inAlias--;
      }
      // Spans of an alias point at the alias itself, so findings land where the user wrote it.
      return v ? retarget(v, this.span(n)) : undefined;
    }
    const span = this.span(n as YNode & { range: [number, number, number] });
    const tag = (n as { tag?: string }).tag;
    let v: VNode;
    if (isMap(n)) {
      const entries: VEntry[] = [];
      for (const p of n.items) {
        if (!isPair(p)) continue;
        const k = p.key as YNode | null;
        const keySpan = k && (k as Scalar).range ? this.span(k as Scalar) : span;
        // A collection as a key (`? [a, b]`): its source, shortened. Never yaml's toString, which
        // is exponential in the nesting of such keys.
        const key = isScalar(k) ? String(k.value) : k ? this.text.slice(keySpan.start, Math.min(keySpan.end, keySpan.start + 200)) : '';
        const value = this.convert(p.value as YNode, depth + 1) ?? {
          kind: 'null' as const,
          value: null,
          span: { start: keySpan.end, end: keySpan.end },
        };
        entries.push({ key, keySpan, value, span: { start: keySpan.start, end: Math.max(keySpan.end, value.span.end) } });
      }
      v = { kind: 'object', entries, span, flow: !!n.flow };
    } else if (isSeq(n)) {
      const items: VNode[] = [];
      for (const it of n.items) {
        const c = this.convert(it as YNode, depth + 1);
        if (c) items.push(c);
      }
      v = { kind: 'array', items, span, flow: !!n.flow };
    } else if (isScalar(n)) {
      v = scalarOf(n, span);
    } else {
      v = { kind: 'unknown', reason: 'unsupported YAML node', refs: [], span };
    }
    if (tag && tag.startsWith('!')) {
      const long = longName(tag);
      if (long) {
        // A short form: the argument keeps its own span; the call spans the tag too.
        const callSpan = { start: tagStart(span.start, tag, this.doc), end: span.end };
        return makeIntrinsic(long, v, callSpan);
      }
    }
    return v;
  }
}

function tagStart(valueStart: number, _tag: string, _doc: Document.Parsed): number {
  // yaml's node range starts at the value, after the tag; keep the value start (exact token).
  return valueStart;
}

function scalarOf(n: Scalar, span: Span): VNode {
  const val = n.value;
  if (val === null || val === undefined) return { kind: 'null', value: null, span };
  if (typeof val === 'boolean') return { kind: 'boolean', value: val, span };
  if (typeof val === 'number' || typeof val === 'bigint') return { kind: 'number', value: Number(val), span };
  const node: VNode = { kind: 'string', value: String(val), span };
  // Block scalars (| and >) and folded/escaped strings do not map 1:1 to their text.
  if (n.type === Scalar.BLOCK_LITERAL || n.type === Scalar.BLOCK_FOLDED) node.embedded = true;
  return node;
}

/** Copies a converted alias target with every span moved to the alias. */
function retarget(v: VNode, span: Span): VNode {
  switch (v.kind) {
    case 'object':
      return { ...v, span, entries: v.entries.map((e) => ({ ...e, keySpan: span, span, value: retarget(e.value, span) })) };
    case 'array':
      return { ...v, span, items: v.items.map((i) => retarget(i, span)) };
    case 'unknown':
      return { ...v, span, args: v.args ? retarget(v.args, span) : undefined };
    default:
      return { ...v, span };
  }
}

/** Collects `#` comments (outside quoted scalars) with a linear scan. */
function scanComments(text: string): Comment[] {
  const out: Comment[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    // Only a line with a `#` can hold a comment: the lines before the next `#` are skipped with one
    // search instead of a character at a time. The scan of a line ends at its line break unless a
    // `\` escape (in a double-quoted string) steps over it: then the `#` line is not skipped to.
    const hash = text.indexOf('#', i);
    if (hash < 0) break;
    const nl = text.lastIndexOf('\n', hash - 1);
    if (nl >= i && text.charCodeAt(nl - 1) !== 92 /* \ */) i = nl + 1;
    // start of a line
    let j = i;
    let quote: string | null = null;
    let prevSpace = true;
    while (j < n && text[j] !== '\n') {
      const c = text[j];
      if (quote) {
        if (c === quote) {
          if (quote === "'" && text[j + 1] === "'") j++;
          else quote = null;
        } else if (c === '\\' && quote === '"') j++;
      } else if (c === '#' && prevSpace) {
        let e = j;
        while (e < n && text[e] !== '\n' && text[e] !== '\r') e++;
        out.push({ span: { start: j, end: e }, text: text.slice(j + 1, e) });
        j = e;
        break;
      } else if ((c === '"' || c === "'") && prevSpace) quote = c;
      prevSpace = c === ' ' || c === '\t' || c === '[' || c === '{' || c === ',' || c === ':' || c === '-';
      j++;
    }
    while (j < n && text[j] !== '\n') j++;
    i = j + 1;
  }
  return out;
}
