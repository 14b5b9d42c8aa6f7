/**
 * A policy held as JSON text inside a string of another file (a `.tf.json` string, a quoted HCL
 * string): the JSON is decoded, edited as JSON in its own style, and written back into the
 * string with the escaping that string needs.
 */
import { templateParts, templateSource } from '../documents/hcl-template';
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

/** Replaces each `${...}` by filler of the same length so the JSON parses: letters inside a string, a string outside. */
function maskInterpolations(content: string): string {
  const parts = templateParts(content);
  if (!parts.length) return content;
  let out = '';
  let inString = false;
  let i = 0;
  for (const p of parts) {
    for (; i < p.start; i++) {
      const c = content[i];
      if (c === '\\' && inString) {
        i++;
        continue;
      }
      if (c === '"') inString = !inString;
    }
    const len = p.end - p.start;
    out += content.slice(out.length, p.start) + (inString ? 'x'.repeat(len) : `"${'x'.repeat(Math.max(0, len - 2))}"`);
    i = p.end;
  }
  return out + content.slice(out.length);
}

function applyEdits(text: string, edits: TextEdit[]): string {
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start)) text = text.slice(0, e.span.start) + e.newText + text.slice(e.span.end);
  return text;
}

/** Opens the JSON string holding `doc` for editing; undefined when it is not a plain JSON string. */
export function openEmbedded(file: FixDocument, doc: PolicyDocument): EmbeddedPolicy | undefined {
  const span = doc.node.span;
  const text = file.text;
  if (text[span.start] !== '"') return undefined;
  let content: string;
  let encode: (s: string) => string;
  if (file.format === 'terraform-json') {
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
  if (templateParts(content).some((p) => p.kind === 'directive')) return undefined;
  const parsed = parseJson(maskInterpolations(content), file.path);
  if (parsed.root?.kind !== 'object' || parsed.notices.length) return undefined;
  const policy = policyFromNode(parsed.root, { file: doc.file, kind: doc.kind, property: doc.property, dialect: 'json', resource: doc.resource, anchor: doc.anchor });
  if (policy.statements.length !== doc.statements.length) return undefined;
  const ctx = new RenderContext({ path: file.path, text: content, format: file.format }, 'json');
  return { policy, ctx, wrap: (edits) => [{ span: { ...span }, newText: encode(applyEdits(content, edits)) }] };
}
