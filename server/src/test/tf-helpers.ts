import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ParsedDocument } from '../engine/documents/document';
import { hclOf, HclRuntime, parseHclDocument, type HclBlock } from '../engine/documents/hcl';
import { parseJson } from '../engine/documents/json';
import type { PolicyDocument, Resource, Val } from '../engine/model/model';
import { buildTerraformModel } from '../engine/model/terraform';
import { LineIndex } from '../engine/text';
import type { Span } from '../engine/types';
import type { VNode } from '../engine/value';

/** The Terraform parser these helpers use (an engine owns its own; tests of the parser share this one). */
let hcl: HclRuntime | undefined;

/** Loads the Terraform parser for `parseTf` and `tfModel`: await it in a `before` hook. */
export async function initHcl(): Promise<HclRuntime> {
  return (hcl ??= await HclRuntime.create());
}

/** Parses a `.tf` or `.tf.json` file as the engine does. */
export function parseTf(path: string, text: string): ParsedDocument {
  const lines = new LineIndex(text);
  if (path.endsWith('.tf.json')) {
    const j = parseJson(text, path, lines);
    return { path, text, format: 'terraform-json', lines, root: j.root, comments: j.comments, notices: j.notices };
  }
  if (!hcl) throw new Error('parseTf: await initHcl() first');
  return parseHclDocument(hcl, path, text, lines);
}

export interface TfModule {
  docs: ParsedDocument[];
  resources: Resource[];
  policies: PolicyDocument[];
}

/** Parses files of one module and builds its model. */
export function tfModel(files: Record<string, string>): TfModule {
  const docs = Object.entries(files).map(([p, t]) => parseTf(p, t));
  return { docs, ...buildTerraformModel(docs) };
}

export function blocks(doc: ParsedDocument): HclBlock[] {
  const h = hclOf(doc);
  if (!h) throw new Error('not a parsed .tf document');
  return h.blocks;
}

/** The source text under a span. */
export function at(text: string, span: Span | undefined): string {
  if (!span) throw new Error('no span');
  return text.slice(span.start, span.end);
}

/** A value for assertions: literal value, `?<source text>` for unknown, undefined for missing. */
export function show(text: string, v: Val<string> | undefined): string | undefined {
  if (!v || v.state === 'missing') return undefined;
  return v.state === 'literal' ? v.value : `?${at(text, v.span)}`;
}

export function refsOf(n: VNode | undefined): string[] {
  if (n?.kind !== 'unknown') throw new Error(`expected an unknown value, got ${n?.kind}`);
  return [...n.refs].sort();
}

export function policyOf(m: TfModule, resourceId: string, property?: string): PolicyDocument {
  const p = m.policies.find((x) => x.resource?.id === resourceId && (property === undefined || x.property === property));
  if (!p) throw new Error(`no policy for ${resourceId} ${property ?? ''}: ${m.policies.map((x) => `${x.resource?.id}:${x.property}`).join(', ')}`);
  return p;
}

/** The Terraform sample with a jsonencode policy (no TLS Deny) and a heredoc policy (with one). */
export const LOGS_BUCKET_SAMPLE = readFileSync(join(__dirname, '..', '..', '..', 'samples', 'terraform', 'logs-bucket.tf'), 'utf8');
