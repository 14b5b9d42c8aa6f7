/**
 * The fast path of the JSON parse: one pass over the text with charCodeAt that builds the value tree
 * (the nodes of json-nodes.ts) and the comment list directly, allocating nothing but the tree, the
 * strings it keeps and the comments.
 *
 * The jsonc-parser path (json.ts) allocates about twice the tree in garbage on the way: its scanner
 * builds every whitespace run character by character, and its visitor makes a path closure per
 * event. On a large template that garbage makes young-generation collections run while the tree is
 * alive, and the tree is copied and promoted.
 *
 * It reads exactly what jsonc-parser reads without any error, with the options json.ts parses with
 * (VISIT_OPTIONS: comments allowed, trailing commas allowed), and gives the same tree: the same
 * values (strings with their escapes decoded as jsonc-parser's scanner does, numbers through
 * `Number` of the same token text), keys, spans, intrinsic nodes and comments. Everything else makes
 * it give up, returning the reason (a string) instead of a result, and the caller runs the
 * jsonc-parser path from the start: anything jsonc-parser reports as an error (an unknown symbol, a
 * missing comma or colon, an unclosed string, comment or container, an invalid escape or number, a
 * control character in a string, a value missing or extra, an empty text...), nesting deeper than
 * MAX_DEPTH, more than `maxValues` values, and a deadline that passed. Notices and the partial trees
 * of half-typed files therefore stay those of the jsonc-parser path. The differential tests
 * (json-fast.test.ts, json-fast-diff.ts) compare both paths.
 */
import type { VEntry, VNode } from '../value';
import type { Comment } from './document';
import { INTRINSICS, isIntrinsicKey, makeIntrinsic } from './cfn-intrinsics';
import { JsonArray, JsonEntry, JsonObject, JsonScalar } from './json-nodes';
import { MAX_DEPTH } from './limits';

export interface FastJson {
  root: VNode;
  comments: Comment[];
}

/** Values between two looks at the clock. */
const CLOCK_EVERY = 4096;

// Character codes.
const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const QUOTE = 34;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const SLASH = 47;
const ZERO = 48;
const NINE = 57;
const COLON = 58;
const STAR = 42;
const PLUS = 43;
const UPPER_E = 69;
const LBRACKET = 91;
const BACKSLASH = 92;
const RBRACKET = 93;
const LOWER_E = 101;
const LOWER_F = 102;
const LOWER_N = 110;
const LOWER_T = 116;
const LBRACE = 123;
const RBRACE = 125;

/** What a parse expects next (after the trivia at `pos`). */
const enum Next {
  /** A value (at the start, after `:`, after `,` in an array). */
  Value,
  /** The first item of an array just opened, or its `]`. */
  FirstItem,
  /** The first key of an object just opened, or its `}`. */
  FirstKey,
  /** The `:` after a key. */
  Colon,
  /** After a value: `,`, the open container's closing bracket, or the end of the text at the top. */
  After,
  /** After `,` in an array: an item, or `]` (a trailing comma). */
  ItemAfterComma,
  /** After `,` in an object: a key, or `}` (a trailing comma). */
  KeyAfterComma,
}

/** Where the token scanString or scanNumber read ends, and why it failed where it did (one per parse: no module state). */
class Token {
  end = 0;
  failure = '';
}

/**
 * Parses `text` into the value tree, or returns why it leaves the text to jsonc-parser.
 * With `intrinsics`, CloudFormation long-form intrinsic functions become intrinsic nodes (as in json.ts).
 *
 * One loop over the text, its state in locals (no closures: see visitorOf in json.ts). The open
 * containers are a stack kept in arrays indexed by depth, as in json.ts's TreeBuilder; their children
 * wait on `pending` from the container's base on, and move to an array of their exact size when it
 * closes. The only entry of an object that may be an intrinsic call (`{"Ref": …}`) waits as its bare
 * value: the object becomes the intrinsic node when it closes, and the entry is made only if a second
 * key comes.
 */
export function parseJsonFast(text: string, intrinsics: boolean, deadline: number | undefined, maxValues: number): FastJson | string {
  const len = text.length;
  const tok = new Token();
  const comments: Comment[] = [];
  const isArray: boolean[] = [];
  const starts: number[] = [];
  const bases: number[] = [];
  const keys: string[] = [];
  const keyStarts: number[] = [];
  const keyEnds: number[] = [];
  /** Objects whose only entry so far is an intrinsic call (waiting without its entry on `pending`), and that entry's key. */
  const deferred: boolean[] = [];
  const firstKeys: string[] = [];
  const firstKeyStarts: number[] = [];
  const firstKeyEnds: number[] = [];
  const pending: (VNode | VEntry)[] = [];
  let depth = 0;
  let values = 0;
  let root: VNode | undefined;
  let pos = 0;
  let next = Next.Value;
  for (;;) {
    // Trivia: spaces, tabs, line breaks and comments (kept).
    let c = text.charCodeAt(pos);
    for (;;) {
      if (c === SPACE || c === LF || c === CR || c === TAB) {
        c = text.charCodeAt(++pos);
        continue;
      }
      if (c !== SLASH) break;
      const c2 = text.charCodeAt(pos + 1);
      let end: number;
      if (c2 === SLASH) {
        end = pos + 2;
        while (end < len) {
          const ch = text.charCodeAt(end);
          if (ch === LF || ch === CR) break;
          end++;
        }
        comments.push({ span: { start: pos, end }, text: text.slice(pos + 2, end) });
      } else if (c2 === STAR) {
        const close = text.indexOf('*/', pos + 2);
        if (close < 0) return 'unclosed comment';
        end = close + 2;
        comments.push({ span: { start: pos, end }, text: text.slice(pos + 2, close) });
      } else {
        return 'unknown symbol'; // a lone `/`
      }
      pos = end;
      c = text.charCodeAt(pos);
    }

    // The token at `pos`: a value read (v), a container closed (closing), or a state change (continue).
    let v: VNode | undefined;
    let closing = false;
    switch (next) {
      case Next.Value: {
        const start = pos;
        if (c === QUOTE) {
          const s = scanString(text, pos, tok);
          if (s === undefined) return tok.failure;
          pos = tok.end;
          v = new JsonScalar('string', s, start, pos);
        } else if ((c >= ZERO && c <= NINE) || c === MINUS) {
          const n = scanNumber(text, pos, tok);
          if (n !== n) return tok.failure;
          pos = tok.end;
          v = new JsonScalar('number', n, start, pos);
        } else if (c === LBRACE || c === LBRACKET) {
          if (depth >= MAX_DEPTH) return 'nesting deeper than MAX_DEPTH';
          const array = c === LBRACKET;
          isArray[depth] = array;
          starts[depth] = pos;
          bases[depth] = pending.length;
          deferred[depth] = false;
          depth++;
          pos++;
          next = array ? Next.FirstItem : Next.FirstKey;
          continue;
        } else if (c === LOWER_T && text.startsWith('true', pos)) {
          pos += 4;
          v = new JsonScalar('boolean', true, start, pos);
        } else if (c === LOWER_F && text.startsWith('false', pos)) {
          pos += 5;
          v = new JsonScalar('boolean', false, start, pos);
        } else if (c === LOWER_N && text.startsWith('null', pos)) {
          pos += 4;
          v = new JsonScalar('null', null, start, pos);
        } else {
          return c !== c ? 'value expected' : 'unknown symbol';
        }
        break;
      }
      case Next.FirstItem:
      case Next.ItemAfterComma:
        if (c === RBRACKET) closing = true;
        else next = Next.Value;
        break;
      case Next.FirstKey:
      case Next.KeyAfterComma:
        if (c === RBRACE) {
          closing = true;
        } else if (c === QUOTE) {
          const key = scanString(text, pos, tok);
          if (key === undefined) return tok.failure;
          const i = depth - 1;
          keys[i] = key;
          keyStarts[i] = pos;
          keyEnds[i] = pos = tok.end;
          next = Next.Colon;
        } else {
          return 'property name expected';
        }
        break;
      case Next.Colon:
        if (c !== COLON) return 'colon expected';
        pos++;
        next = Next.Value;
        break;
      case Next.After:
        if (depth === 0) return c !== c ? { root: root!, comments } : 'end of file expected';
        if (c === COMMA) {
          pos++;
          next = isArray[depth - 1] ? Next.ItemAfterComma : Next.KeyAfterComma;
        } else if (c === (isArray[depth - 1] ? RBRACKET : RBRACE)) {
          closing = true;
        } else {
          return c !== c ? 'unclosed container' : 'comma expected';
        }
        break;
    }
    if (closing) {
      pos++;
      const i = --depth;
      const start = starts[i];
      if (isArray[i]) {
        v = new JsonArray(pending.splice(bases[i]) as VNode[], start, pos);
      } else if (deferred[i]) {
        v = makeIntrinsic(firstKeys[i], pending.pop() as VNode, { start, end: pos });
      } else {
        // Not an intrinsic call (one would have been deferred): closedObject would make the same object.
        v = new JsonObject(pending.splice(bases[i]) as VEntry[], start, pos);
      }
    }
    if (v === undefined) continue;

    // A value was read (a scalar, or a container that closed): it goes to its container.
    if (++values > maxValues) return 'too many values';
    if (deadline !== undefined && values % CLOCK_EVERY === 0 && performance.now() > deadline) return 'deadline';
    next = Next.After;
    if (depth === 0) {
      root = v;
      continue;
    }
    const i = depth - 1;
    if (isArray[i]) {
      pending.push(v);
      continue;
    }
    const key = keys[i];
    if (deferred[i]) {
      // A second entry: the first one is not an intrinsic call after all.
      const b = bases[i];
      pending[b] = new JsonEntry(firstKeys[i], firstKeyStarts[i], firstKeyEnds[i], pending[b] as VNode, false);
      deferred[i] = false;
    } else if (intrinsics && pending.length === bases[i] && mayBeIntrinsic(key)) {
      // The first entry, an intrinsic call if it stays the only one.
      deferred[i] = true;
      firstKeys[i] = key;
      firstKeyStarts[i] = keyStarts[i];
      firstKeyEnds[i] = keyEnds[i];
      pending.push(v);
      continue;
    }
    pending.push(new JsonEntry(key, keyStarts[i], keyEnds[i], v, false));
  }
}

/** The first characters of the intrinsic keys (isIntrinsicKey: the names of INTRINSICS, and `Fn::…`). */
const INTRINSIC_FIRST = new Uint8Array(128);
for (const name of INTRINSICS) INTRINSIC_FIRST[name.charCodeAt(0)] = 1;
INTRINSIC_FIRST[70 /* F */] = 1;

/**
 * Whether an object whose only key is `key` is an intrinsic call (closedObject in json-nodes.ts). Most
 * keys are ruled out by their first character, without hashing them for isIntrinsicKey's set.
 */
function mayBeIntrinsic(key: string): boolean {
  return INTRINSIC_FIRST[key.charCodeAt(0)] === 1 && isIntrinsicKey(key) && key !== 'Fn::ForEach' && key !== 'Condition';
}

/**
 * A string token at `pos` (its opening quote): its value, `tok.end` after its closing quote; undefined
 * (and `tok.failure`) where jsonc-parser reports an error: a control character (a line break ends a string
 * there), the end of the text, an invalid escape.
 */
function scanString(text: string, pos: number, tok: Token): string | undefined {
  const first = ++pos;
  for (;;) {
    const c = text.charCodeAt(pos);
    if (c === QUOTE) {
      tok.end = pos + 1;
      return text.slice(first, pos);
    }
    if (c === BACKSLASH) break;
    if (!(c >= SPACE)) return stringFailure(text, pos, tok);
    pos++;
  }
  // Escapes: decoded as jsonc-parser's scanString does (each \uXXXX on its own, so a pair of them
  // makes a surrogate pair and a lone one stays a lone surrogate).
  let result = '';
  let start = first;
  for (;;) {
    const c = text.charCodeAt(pos);
    if (c === QUOTE) {
      tok.end = pos + 1;
      return result + text.slice(start, pos);
    }
    if (c === BACKSLASH) {
      result += text.slice(start, pos);
      const e = text.charCodeAt(pos + 1);
      pos += 2;
      switch (e) {
        case QUOTE:
          result += '"';
          break;
        case BACKSLASH:
          result += '\\';
          break;
        case SLASH:
          result += '/';
          break;
        case 98 /* b */:
          result += '\b';
          break;
        case LOWER_F:
          result += '\f';
          break;
        case LOWER_N:
          result += '\n';
          break;
        case 114 /* r */:
          result += '\r';
          break;
        case LOWER_T:
          result += '\t';
          break;
        case 117 /* u */: {
          let u = 0;
          for (let k = 0; k < 4; k++) {
            const h = text.charCodeAt(pos + k);
            const d = h >= ZERO && h <= NINE ? h - ZERO : h >= 65 && h <= 70 ? h - 55 : h >= 97 && h <= 102 ? h - 87 : -1;
            if (d < 0) {
              tok.failure = 'invalid unicode escape';
              return undefined;
            }
            u = u * 16 + d;
          }
          pos += 4;
          result += String.fromCharCode(u);
          break;
        }
        default:
          tok.failure = 'invalid escape';
          return undefined;
      }
      start = pos;
      continue;
    }
    if (!(c >= SPACE)) return stringFailure(text, pos, tok);
    pos++;
  }
}

function stringFailure(text: string, pos: number, tok: Token): undefined {
  tok.failure = pos < text.length ? 'control character in a string' : 'unclosed string';
  return undefined;
}

/**
 * A number token at `pos` (a digit or `-`): its value, `tok.end` after it; NaN (and `tok.failure`) where
 * jsonc-parser reports an error. The token is what jsonc-parser's scanNumber reads (a leading 0
 * alone, digits, a fraction, an exponent), and its value `Number` of it; integers of at most 15
 * digits are exact in a double, so they are summed without making the token's string.
 */
function scanNumber(text: string, start: number, tok: Token): number {
  let pos = start;
  let c = text.charCodeAt(pos);
  const negative = c === MINUS;
  if (negative) c = text.charCodeAt(++pos);
  if (!(c >= ZERO && c <= NINE)) {
    tok.failure = 'unknown symbol';
    return NaN;
  }
  let v = c - ZERO;
  const digits = pos;
  c = text.charCodeAt(++pos);
  if (v !== 0) {
    while (c >= ZERO && c <= NINE) {
      v = v * 10 + (c - ZERO);
      c = text.charCodeAt(++pos);
    }
  }
  let simple = pos - digits <= 15;
  if (c === DOT) {
    simple = false;
    c = text.charCodeAt(++pos);
    if (!(c >= ZERO && c <= NINE)) {
      tok.failure = 'unexpected end of number';
      return NaN;
    }
    do c = text.charCodeAt(++pos);
    while (c >= ZERO && c <= NINE);
  }
  if (c === UPPER_E || c === LOWER_E) {
    simple = false;
    c = text.charCodeAt(++pos);
    if (c === PLUS || c === MINUS) c = text.charCodeAt(++pos);
    if (!(c >= ZERO && c <= NINE)) {
      tok.failure = 'unexpected end of number';
      return NaN;
    }
    do c = text.charCodeAt(++pos);
    while (c >= ZERO && c <= NINE);
  }
  tok.end = pos;
  return simple ? (negative ? -v : v) : Number(text.slice(start, pos));
}
