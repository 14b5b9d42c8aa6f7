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
import { closedObject, JsonArray, JsonEntry, JsonScalar } from './json-nodes';
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

/**
 * Parses `text` into the value tree, or returns why it leaves the text to jsonc-parser.
 * With `intrinsics`, CloudFormation long-form intrinsic functions become intrinsic nodes (as in json.ts).
 */
export function parseJsonFast(text: string, intrinsics: boolean, deadline: number | undefined, maxValues: number): FastJson | string {
  const p = new FastParser(text, intrinsics, deadline, maxValues);
  const root = p.parse();
  return typeof root === 'string' ? root : { root, comments: p.comments };
}

/** A parse that gives up (jsonc-parser would report an error here, or a limit is hit). */
const enum State {
  /** A value is expected at `pos` (after `[`, `:`, `,` in an array, or at the start). */
  Value,
  /** A value has just been read: `,`, a closing bracket or the end is expected. */
  After,
}

class FastParser {
  readonly comments: Comment[] = [];
  private pos = 0;
  private values = 0;
  /** The reason the parse gives up ('' while it goes on). */
  private failed = '';

  constructor(
    private readonly text: string,
    private readonly intrinsics: boolean,
    private readonly deadline: number | undefined,
    private readonly maxValues: number,
  ) {}

  private fail(reason: string): -1 {
    if (!this.failed) this.failed = reason;
    return -1;
  }

  /**
   * Skips spaces, tabs, line breaks and comments from `pos` (comments are kept). Returns the code of
   * the character reached (NaN at the end), or -1 for what jsonc-parser reports (an unclosed block
   * comment, a lone `/`).
   */
  private trivia(): number {
    const text = this.text;
    let pos = this.pos;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === SPACE || c === LF || c === CR || c === TAB) {
        pos++;
        continue;
      }
      if (c !== SLASH) {
        this.pos = pos;
        return c;
      }
      const start = pos;
      const c2 = text.charCodeAt(pos + 1);
      let end: number;
      let body: string;
      if (c2 === SLASH) {
        end = pos + 2;
        for (let ch = text.charCodeAt(end); end < text.length && ch !== LF && ch !== CR; ch = text.charCodeAt(++end));
        body = text.slice(start + 2, end);
      } else if (c2 === STAR) {
        const close = text.indexOf('*/', start + 2);
        if (close < 0) {
          this.pos = pos;
          return this.fail('unclosed comment');
        }
        end = close + 2;
        body = text.slice(start + 2, close);
      } else {
        this.pos = pos;
        return this.fail('unknown symbol');
      }
      this.comments.push({ span: { start, end }, text: body });
      pos = end;
    }
  }

  /** A string token at `pos` (its opening quote): its value, with `pos` after it; undefined if jsonc-parser reports it. */
  private string(): string | undefined {
    const text = this.text;
    const len = text.length;
    let pos = this.pos + 1;
    const first = pos;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === QUOTE) {
        this.pos = pos + 1;
        return text.slice(first, pos);
      }
      if (c === BACKSLASH) break;
      // A control character (a line break ends the string), or the end of the text (NaN).
      if (!(c >= SPACE)) {
        this.fail(pos < len ? 'control character in a string' : 'unclosed string');
        return undefined;
      }
      pos++;
    }
    // Escapes: decoded as jsonc-parser's scanString does (each \uXXXX on its own, so a pair of
    // them makes a surrogate pair and a lone one stays a lone surrogate).
    let result = '';
    let start = first;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === QUOTE) {
        this.pos = pos + 1;
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
            let v = 0;
            for (let k = 0; k < 4; k++) {
              const h = text.charCodeAt(pos + k);
              const d = h >= ZERO && h <= NINE ? h - ZERO : h >= 65 && h <= 70 ? h - 55 : h >= 97 && h <= 102 ? h - 87 : -1;
              if (d < 0) {
                this.fail('invalid unicode escape');
                return undefined;
              }
              v = v * 16 + d;
            }
            pos += 4;
            result += String.fromCharCode(v);
            break;
          }
          default:
            this.fail('invalid escape');
            return undefined;
        }
        start = pos;
        continue;
      }
      if (!(c >= SPACE)) {
        this.fail(pos < len ? 'control character in a string' : 'unclosed string');
        return undefined;
      }
      pos++;
    }
  }

  /**
   * A number token at `pos` (a digit or `-`): its value, with `pos` after it; undefined where
   * jsonc-parser reports an error. The token is what jsonc-parser's scanNumber reads (a leading 0
   * alone, digits, a fraction, an exponent), and its value `Number` of it; integers of at most 15
   * digits are exact in a double, so they are summed without making the token's string.
   */
  private number(): number | undefined {
    const text = this.text;
    const start = this.pos;
    let pos = start;
    let c = text.charCodeAt(pos);
    const negative = c === MINUS;
    if (negative) c = text.charCodeAt(++pos);
    if (!(c >= ZERO && c <= NINE)) {
      this.fail('unknown symbol');
      return undefined;
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
        this.fail('unexpected end of number');
        return undefined;
      }
      do c = text.charCodeAt(++pos);
      while (c >= ZERO && c <= NINE);
    }
    if (c === UPPER_E || c === LOWER_E) {
      simple = false;
      c = text.charCodeAt(++pos);
      if (c === PLUS || c === MINUS) c = text.charCodeAt(++pos);
      if (!(c >= ZERO && c <= NINE)) {
        this.fail('unexpected end of number');
        return undefined;
      }
      do c = text.charCodeAt(++pos);
      while (c >= ZERO && c <= NINE);
    }
    this.pos = pos;
    if (simple) return negative ? -v : v;
    return Number(text.slice(start, pos));
  }

  /** `word` (true, false, null) at `pos`, `pos` moved after it; false if the text differs there. */
  private keyword(word: string): boolean {
    if (!this.text.startsWith(word, this.pos)) return false;
    this.pos += word.length;
    return true;
  }

  parse(): VNode | string {
    const text = this.text;
    const intrinsics = this.intrinsics;
    const deadline = this.deadline;
    const maxValues = this.maxValues;
    // The open containers, by depth (index d - 1 for depth d), as in json.ts's TreeBuilder; their
    // children wait on `pending` from the container's base on, and move to an array of their exact
    // size when it closes.
    const isArray: boolean[] = [];
    const starts: number[] = [];
    const bases: number[] = [];
    const keys: string[] = [];
    const keyStarts: number[] = [];
    const keyEnds: number[] = [];
    const pending: (VNode | VEntry)[] = [];
    let depth = 0;
    let root: VNode | undefined;
    let state = State.Value;
    for (;;) {
      let c = this.trivia();
      if (c < 0) return this.failed;
      let v: VNode;
      if (state === State.Value) {
        const start = this.pos;
        if (c === LBRACE || c === LBRACKET) {
          if (depth >= MAX_DEPTH) return 'nesting deeper than MAX_DEPTH';
          const array = c === LBRACKET;
          isArray[depth] = array;
          starts[depth] = start;
          bases[depth] = pending.length;
          depth++;
          this.pos++;
          c = this.trivia();
          if (c < 0) return this.failed;
          if (c === (array ? RBRACKET : RBRACE)) {
            this.pos++;
            v = array ? new JsonArray([], start, this.pos) : closedObject([], start, this.pos, intrinsics);
            depth--;
          } else if (array) {
            continue; // the first item
          } else if (c !== QUOTE) {
            return 'property name expected';
          } else {
            if (!this.property(depth - 1, keys, keyStarts, keyEnds)) return this.failed;
            continue;
          }
        } else if (c === QUOTE) {
          const s = this.string();
          if (s === undefined) return this.failed;
          v = new JsonScalar('string', s, start, this.pos);
        } else if ((c >= ZERO && c <= NINE) || c === MINUS) {
          const n = this.number();
          if (n === undefined) return this.failed;
          v = new JsonScalar('number', n, start, this.pos);
        } else if (c === LOWER_T && this.keyword('true')) {
          v = new JsonScalar('boolean', true, start, this.pos);
        } else if (c === LOWER_F && this.keyword('false')) {
          v = new JsonScalar('boolean', false, start, this.pos);
        } else if (c === LOWER_N && this.keyword('null')) {
          v = new JsonScalar('null', null, start, this.pos);
        } else {
          return c !== c ? 'value expected' : 'unknown symbol';
        }
      } else {
        // After a value: a comma, the closing bracket of the open container, or the end.
        if (depth === 0) return c !== c ? root! : 'end of file expected';
        const i = depth - 1;
        const array = isArray[i];
        const close = array ? RBRACKET : RBRACE;
        if (c === COMMA) {
          this.pos++;
          c = this.trivia();
          if (c < 0) return this.failed;
          if (c !== close) {
            if (array) {
              state = State.Value;
              continue;
            }
            if (c !== QUOTE) return 'property name expected';
            if (!this.property(i, keys, keyStarts, keyEnds)) return this.failed;
            state = State.Value;
            continue;
          }
          // A trailing comma (allowed): the container closes.
        } else if (c !== close) {
          return c !== c ? 'unclosed container' : 'comma expected';
        }
        this.pos++;
        const start = starts[i];
        const items = pending.splice(bases[i]);
        v = array ? new JsonArray(items as VNode[], start, this.pos) : closedObject(items as VEntry[], start, this.pos, intrinsics);
        depth = i;
      }
      // A value was read (a scalar, or a container that closed): it goes to its container.
      if (++this.values > maxValues) return 'too many values';
      if (deadline !== undefined && this.values % CLOCK_EVERY === 0 && performance.now() > deadline) return 'deadline';
      if (depth === 0) root = v;
      else if (isArray[depth - 1]) pending.push(v);
      else pending.push(new JsonEntry(keys[depth - 1], keyStarts[depth - 1], keyEnds[depth - 1], v, false));
      state = State.After;
    }
  }

  /** A key at `pos` (its opening quote) of the object at index `i`, then its colon; false if jsonc-parser reports an error. */
  private property(i: number, keys: string[], keyStarts: number[], keyEnds: number[]): boolean {
    const start = this.pos;
    const key = this.string();
    if (key === undefined) return false;
    keys[i] = key;
    keyStarts[i] = start;
    keyEnds[i] = this.pos;
    const c = this.trivia();
    if (c < 0) return false;
    if (c !== COLON) {
      this.fail('colon expected');
      return false;
    }
    this.pos++;
    return true;
  }
}
