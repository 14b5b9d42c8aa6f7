/**
 * A policy held as JSON text inside a string of another file (a `.tf.json` string, a quoted HCL
 * string, a CloudFormation JSON string or quoted YAML scalar): the JSON is decoded, edited as JSON
 * in its own style, and written back into the string with the escaping that string needs.
 */
import { maskInterpolations, templateParts, templateSource } from '../documents/hcl-template';
import { parseJson } from '../documents/json';
import type { PolicyDocument } from '../model/model';
import { policyFromNode } from '../model/policy';
import type { TextEdit } from '../types';
import { RenderContext, type FixDocument } from './context';
import { escapeHclQuoted } from './lower';

export interface EmbeddedPolicy {
  /** The policy read from the decoded JSON, with spans into `ctx.text`. */
  policy: PolicyDocument;
  /** A context whose text is the decoded JSON. */
  ctx: RenderContext;
  /** The edits on the decoded JSON, written back as one edit of the string in the file. */
  wrap(edits: TextEdit[]): TextEdit[];
}

function applyEdits(text: string, edits: TextEdit[]): string {
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start)) text = text.slice(0, e.span.start) + e.newText + text.slice(e.span.end);
  return text;
}

/** Opens the JSON string holding `doc` for editing; undefined when it is not a plain JSON string. */
export function openEmbedded(file: FixDocument, doc: PolicyDocument): EmbeddedPolicy | undefined {
  const span = doc.node.span;
  const text = file.text;
  let content: string;
  let encode: (s: string) => string;
  if (file.format === 'cloudformation' && text[span.start] === "'") {
    // A YAML single-quoted scalar on one line.
    const lit = text.slice(span.start, span.end);
    if (/[\r\n]/.test(lit) || lit.length < 2 || !lit.endsWith("'")) return undefined;
    content = lit.slice(1, -1).replace(/''/g, "'");
    encode = (s) => (/[\x00-\x1f]/.test(s) ? JSON.stringify(s) : `'${s.replace(/'/g, "''")}'`);
  } else if (text[span.start] !== '"') return undefined;
  else if (file.format === 'terraform-json' || file.format === 'cloudformation') {
    // A JSON string (CloudFormation JSON, `.tf.json`), or a YAML double-quoted scalar written as one.
    if (file.format === 'cloudformation' && /[\r\n]/.test(text.slice(span.start, span.end))) return undefined;
    try {
      const v: unknown = JSON.parse(text.slice(span.start, span.end));
      if (typeof v !== 'string') return undefined;
      content = v;
    } catch {
      return undefined;
    }
    encode = (s) => JSON.stringify(s);
  } else if (file.format === 'terraform') {
    const src = templateSource(text, span);
    if (!src || src.offset !== undefined) return undefined;
    content = src.content;
    encode = (s) => `"${escapeHclQuoted(s)}"`;
  } else return undefined;
  const template = file.format !== 'cloudformation';
  if (template && templateParts(content).some((p) => p.kind === 'directive')) return undefined;
  const parsed = parseJson(template ? maskInterpolations(content) : content, file.path);
  if (parsed.root?.kind !== 'object' || parsed.notices.length) return undefined;
  const policy = policyFromNode(parsed.root, { file: doc.file, kind: doc.kind, property: doc.property, dialect: 'json', resource: doc.resource, anchor: doc.anchor });
  if (policy.statements.length !== doc.statements.length) return undefined;
  // Inside a CloudFormation string, intrinsics are not evaluated: references cannot be written there.
  const ctx = new RenderContext({ path: file.path, text: content, format: file.format === 'cloudformation' ? undefined : file.format }, 'json');
  return { policy, ctx, wrap: (edits) => [{ span: { ...span }, newText: encode(applyEdits(content, edits)) }] };
}
