import { parseTree, printParseErrorCode, visit, type Node as JNode, type ParseError } from 'jsonc-parser';
import type { Notice, Span } from '../types';
import { isIntrinsicKey, makeIntrinsic } from '../model/intrinsics';
import type { VNode } from '../value';
import type { LineIndex } from '../text';
import type { Comment } from './document';
import { MAX_DEPTH } from './limits';

export interface JsonParse {
  root?: VNode;
  comments: Comment[];
  notices: Notice[];
}

/**
 * Parses JSON (comments and trailing commas tolerated, as editors show them) into the value tree.
 * jsonc-parser keeps a partial tree when the text is half-typed; errors become notices.
 * `base` shifts every span (for JSON embedded in another file at that offset).
 */
export function parseJson(text: string, file: string, lines?: LineIndex, opts: { cfnIntrinsics?: boolean } = {}): JsonParse {
  const errors: ParseError[] = [];
  const comments: Comment[] = [];
  const notices: Notice[] = [];
  const shape = jsonShape(text);
  if (shape.depth > MAX_DEPTH) {
    notices.push({ file, kind: 'limit', message: `JSON nested deeper than ${MAX_DEPTH} levels; file not analysed` });
    return { comments, notices };
  }
  const tree: JNode | undefined = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  // A second scan for comments only when there can be one (a `/` outside strings).
  if (shape.slash) {
    visit(text, {
      onComment: (offset, length) => {
        const raw = text.slice(offset, offset + length);
        comments.push({ span: { start: offset, end: offset + length }, text: raw.startsWith('//') ? raw.slice(2) : raw.slice(2, -2) });
      },
    });
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
  return { root: tree ? convert(tree, text, !!opts.cfnIntrinsics) : undefined, comments, notices };
}

function describe(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** Maximum bracket nesting, counted without a parse (strings skipped). */
export function jsonDepth(text: string): number {
  return jsonShape(text).depth;
}

/** Maximum bracket nesting, and whether a `/` (a comment, maybe) occurs outside strings; one linear scan. */
function jsonShape(text: string): { depth: number; slash: boolean } {
  let depth = 0;
  let max = 0;
  let slash = false;
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
    else if (c === 47 /* / */) slash = true;
  }
  return { depth: max, slash };
}

/**
 * jsonc-parser's tree → value tree. With `intrinsics` (CloudFormation templates), long-form
 * intrinsic functions (`{"Ref": "X"}`, `{"Fn::Sub": …}`) become intrinsic nodes on the way, bottom-up,
 * as resolveLongFormIntrinsics would do in a second pass.
 */
function convert(root: JNode, text: string, intrinsics: boolean): VNode {
  // Recursion is bounded by MAX_DEPTH (checked before parsing).
  const conv = (n: JNode): VNode => {
    const span = { start: n.offset, end: n.offset + n.length };
    switch (n.type) {
      case 'object': {
        const entries = [];
        for (const p of n.children ?? []) {
          const [k, v] = p.children ?? [];
          if (!k || k.type !== 'string') continue;
          const value: VNode = v ? conv(v) : { kind: 'null', value: null, span: { start: k.offset + k.length, end: k.offset + k.length } };
          entries.push({
            key: String(k.value),
            keySpan: { start: k.offset, end: k.offset + k.length },
            value,
            span: { start: p.offset, end: p.offset + p.length },
          });
        }
        if (intrinsics && entries.length === 1) {
          const key = entries[0].key;
          if (isIntrinsicKey(key) && key !== 'Fn::ForEach' && key !== 'Condition') return makeIntrinsic(key, entries[0].value, span);
        }
        return { kind: 'object', entries, span };
      }
      case 'array':
        return { kind: 'array', items: (n.children ?? []).map(conv), span };
      case 'string':
        return { kind: 'string', value: n.value as string, span };
      case 'number':
        return { kind: 'number', value: n.value as number, span };
      case 'boolean':
        return { kind: 'boolean', value: n.value as boolean, span };
      case 'null':
        return { kind: 'null', value: null, span };
      default:
        return { kind: 'unknown', reason: 'unparsed', refs: [], span };
    }
  };
  void text;
  return conv(root);
}
