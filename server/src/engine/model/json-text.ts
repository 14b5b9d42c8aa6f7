/**
 * JSON held as text in known properties (data/json-text.json): an ECS task definition's
 * `container_definitions` written as a heredoc or a quoted string, a state machine's
 * `DefinitionString`, an event target's `Input`. The text is parsed, and the value tree takes the
 * place of the string in the file's `Tree` (model.ts `Tree.jsonText`), so every query over what
 * a file writes (stringValues, secretValues) reads inside it like any other value.
 *
 * Spans point at the exact characters of the outer file, through its quoting and escapes
 * (documents/string-source.ts); where the outer string cannot be mapped (a YAML folded block),
 * every span is the string's. Every node is `embedded`: fixes never edit it as if it were written
 * in the file's own syntax; `replaceInString` edits a plain run in place where the file writes it
 * verbatim (`textLocationOf`), and other edits are withheld.
 *
 * Template parts are known only at deploy time: a JSON string that holds a Terraform `${...}` or a
 * CloudFormation `Fn::Sub` variable becomes unknown (with the references it names); `%{...}`
 * directives make the text unreadable (it is left as it is).
 */
import table from '../data/json-text.json';
import { parseSettingPath, type PathSegment } from '../data/settings';
import type { ParsedDocument } from '../documents/document';
import { pinSpans } from '../documents/embedded-json';
import { maskInterpolations, templateParts, templateRefs, unescapeTemplate, type TemplatePart } from '../documents/hcl-template';
import { parseJson } from '../documents/json';
import { fileSpan, hclStringSource, jsonStringSource, yamlStringSource, type StringSource } from '../documents/string-source';
import { DeadlinePassed } from '../budget';
import type { Span } from '../types';
import { entry, type VNode, type VObject } from '../value';
import type { Resource } from './model';

type Paths = ReadonlyMap<string, readonly (readonly PathSegment[])[]>;

function pathsOf(section: Record<string, string[]>): Paths {
  return new Map(Object.entries(section).map(([type, paths]) => [type, paths.map(parseSettingPath)]));
}
const CFN_PATHS = pathsOf(table.cloudformation);
const TF_PATHS = pathsOf(table.terraform);

/** The resource types and property paths that hold JSON text (for documentation and tests). */
export function jsonTextProperties(): { cloudformation: Record<string, string[]>; terraform: Record<string, string[]> } {
  return { cloudformation: table.cloudformation, terraform: table.terraform };
}

/** Where a string read from JSON text is written in its file, for in-place edits of a plain run. */
export interface TextLocation {
  source: StringSource;
  /** Index in `source.content` of the string's first character (its token has no escape of its own). */
  start: number;
}

const locations = new WeakMap<VNode, TextLocation>();
/** Nodes read from JSON text (their spans may equal the string's: they never stand for it again). */
const fromText = new WeakSet<VNode>();

/** Whether a node was read from JSON text held in a string. */
export function isJsonTextNode(n: VNode): boolean {
  return fromText.has(n);
}

/** Nodes read from JSON text whose span is their exact text in the file (not the string's span). */
const exact = new WeakSet<VNode>();

/**
 * Whether a node read from JSON text has its own exact span in the file (the outer string could be
 * mapped). A Terraform template part of it (`"https://host/${var.x}"` in a heredoc) is then read
 * as a template written at that span, like one written in HCL.
 */
export function isExactJsonTextNode(n: VNode): boolean {
  return exact.has(n);
}

/**
 * The file span of `[start, end)` of a string read from JSON text, when the file writes that part
 * verbatim (no escape of the inner JSON nor of the outer string inside it); undefined otherwise.
 */
export function textLocationOf(node: VNode, start: number, end: number, text: string): Span | undefined {
  const loc = locations.get(node);
  if (!loc || node.kind !== 'string' || typeof node.value !== 'string' || start < 0 || end < start || end > node.value.length) return undefined;
  const span = fileSpan(loc.source, loc.start + start, loc.start + end);
  return text.slice(span.start, span.end) === node.value.slice(start, end) ? span : undefined;
}

/** Whether a resource's type has properties that hold JSON text (data/json-text.json). */
export function hasJsonText(r: Resource): boolean {
  return (r.format === 'cloudformation' ? CFN_PATHS : TF_PATHS).has(r.type);
}

/**
 * The value trees of a file's JSON text properties, keyed by the span start of the value they
 * replace (its end is checked too). Undefined when the file has none.
 */
export function jsonTextOf(doc: ParsedDocument, resources: readonly Resource[], deadline?: number): Map<number, VNode> | undefined {
  let out: Map<number, VNode> | undefined;
  for (const r of resources) {
    // The type first: almost no resource has JSON text properties.
    const paths = (r.format === 'cloudformation' ? CFN_PATHS : TF_PATHS).get(r.type);
    if (!paths || r.file !== doc.path || r.mode !== 'resource' || !r.properties) continue;
    for (const path of paths) {
      for (const v of valuesAt(r.properties, path)) {
        try {
          const tree = parseText(doc, r, v, deadline);
          if (tree) (out ??= new Map()).set(v.span.start, tree);
        } catch (e) {
          if (e instanceof DeadlinePassed) throw e;
        }
      }
    }
  }
  return out;
}

/** The values at a path (lists and Terraform blocks entered item by item). */
function valuesAt(root: VObject, path: readonly PathSegment[]): VNode[] {
  let cur: VNode[] = [root];
  for (const seg of path) {
    const next: VNode[] = [];
    for (const c of cur) {
      for (const o of c.kind === 'array' ? c.items : [c]) {
        const v = o.kind === 'object' ? entry(o, seg.key)?.value : undefined;
        if (!v) continue;
        if (v.kind === 'array' && (seg.each || seg.block)) for (const it of v.items) next.push(it);
        else next.push(v);
      }
    }
    cur = next;
  }
  return cur;
}

interface Text {
  source?: StringSource;
  /** The text, when `source` cannot be had (every span becomes `pin`). */
  content: string;
  pin: Span;
  /** Template parts (Terraform `${...}`, CloudFormation `Fn::Sub` variables) in `content`. */
  parts: TemplatePart[];
  /** References named by a part (Terraform traversals, CloudFormation logical ids). */
  refs: (part: TemplatePart) => string[];
  /** Literal template escapes are decoded in plain strings (`$${` in Terraform). */
  literal: (s: string) => string;
  /** The parts are `Fn::Sub` variables (CloudFormation). */
  sub?: boolean;
}

function parseText(doc: ParsedDocument, r: Resource, v: VNode, deadline?: number): VNode | undefined {
  const t = textOf(doc, r, v);
  if (!t || !/^\s*[[{]/.test(t.content) || t.parts.some((p) => p.kind === 'directive')) return undefined;
  const parsed = parseJson(t.parts.length ? maskInterpolations(t.content, t.parts) : t.content, doc.path, undefined, { deadline });
  if (!parsed.root || parsed.notices.length || (parsed.root.kind !== 'object' && parsed.root.kind !== 'array')) return undefined;
  const root = resolveParts(parsed.root, t);
  const all: VNode[] = [root];
  for (let i = 0; i < all.length; i++) {
    const n = all[i];
    fromText.add(n);
    if (n.kind === 'object') for (const e of n.entries) all.push(e.value);
    else if (n.kind === 'array') for (const it of n.items) all.push(it);
    else if (n.kind === 'unknown' && n.args) all.push(n.args);
  }
  if (!t.source) {
    // Not mapped: every span is the string's (the `Fn::Sub` text of a template part too).
    for (const n of all) if (n.kind === 'unknown' && n.args) pinSpans(n.args, t.pin);
    return pinSpans(root, t.pin);
  }
  const src = t.source;
  const stack: VNode[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.kind === 'string' && typeof n.value === 'string' && t.content.slice(n.span.start + 1, n.span.start + 1 + n.value.length) === n.value && t.content[n.span.start + 1 + n.value.length] === '"')
      locations.set(n, { source: src, start: n.span.start + 1 });
    n.span = fileSpan(src, n.span.start, n.span.end);
    n.embedded = true;
    exact.add(n);
    if (n.kind === 'object')
      for (const e of n.entries) {
        e.keySpan = fileSpan(src, e.keySpan.start, e.keySpan.end);
        e.span = fileSpan(src, e.span.start, e.span.end);
        stack.push(e.value);
      }
    else if (n.kind === 'array') for (const it of n.items) stack.push(it);
    else if (n.kind === 'unknown' && n.args) stack.push(n.args);
  }
  // The tree stands where the string stands.
  root.span = { ...v.span };
  return root;
}

const NO_PARTS: TemplatePart[] = [];

function textOf(doc: ParsedDocument, r: Resource, v: VNode): Text | undefined {
  const text = doc.text;
  if (r.format === 'cloudformation') {
    // A string, or the template of an `Fn::Sub` (its variables become unknown).
    let s: VNode | undefined = v;
    if (v.kind === 'unknown') s = v.intrinsic === 'Fn::Sub' ? (v.args?.kind === 'array' ? v.args.items[0] : v.args) : undefined;
    if (s?.kind !== 'string' || typeof s.value !== 'string') return undefined;
    const value = s.value;
    const source = r.dialect === 'json' ? jsonStringSource(text, s.span) : yamlStringSource(text, s.span, value);
    const content = source?.content ?? value;
    const parts = v.kind === 'unknown' ? subVariables(content) : NO_PARTS;
    return {
      source: source && (source.content === value || source.quoting === 'yaml-block') ? source : undefined,
      content,
      pin: v.span,
      parts,
      refs: (p) => [subTarget(content.slice(p.start + 2, p.end - 1))],
      literal: (x) => x,
      sub: parts.length > 0,
    };
  }
  // Terraform: a quoted string or heredoc (`.tf`), a JSON string (`.tf.json`); both are templates.
  if (v.kind !== 'string' && !(v.kind === 'unknown' && !v.intrinsic)) return undefined;
  const source = r.format === 'terraform' ? hclStringSource(text, v.span) : jsonStringSource(text, v.span);
  if (!source) return undefined;
  const content = source.content;
  const parts = templateParts(content);
  return { source, content, pin: v.span, parts, refs: (p) => templateRefs(content, [p]), literal: unescapeTemplate };
}

/** `${Name}` and `${Res.Attr}` of an `Fn::Sub` template (`${!Literal}` is text). */
function subVariables(s: string): TemplatePart[] {
  const out: TemplatePart[] = [];
  for (let i = s.indexOf('${'); i >= 0; i = s.indexOf('${', i + 2)) {
    if (s[i + 2] === '!') continue;
    const end = s.indexOf('}', i + 2);
    if (end < 0) break;
    out.push({ start: i, end: end + 1, kind: 'interpolation' });
    i = end - 1;
  }
  return out;
}

function subTarget(name: string): string {
  const dot = name.indexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/** Strings overlapping a template part become unknown (with its references); others lose template escapes. */
function resolveParts(root: VNode, t: Text): VNode {
  const parts = t.parts;
  // Parts are sorted and disjoint: a binary search, then a short scan (linear overall on hostile input).
  const overlapping = (s: Span): TemplatePart[] => {
    let lo = 0;
    let hi = parts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (parts[mid].end <= s.start) lo = mid + 1;
      else hi = mid;
    }
    const out: TemplatePart[] = [];
    for (let i = lo; i < parts.length && parts[i].start < s.end; i++) out.push(parts[i]);
    return out;
  };
  const convert = (n: VNode): VNode => {
    if (n.kind !== 'string') return n;
    if (!parts.length) return n;
    const hits = overlapping(n.span);
    if (!hits.length) {
      const value = t.literal(String(n.value));
      return value === n.value ? n : { ...n, span: n.span, value };
    }
    const refs = [...new Set(hits.flatMap(t.refs))];
    const reason = shortText(t.content.slice(n.span.start, n.span.end));
    // CloudFormation: the string is an `Fn::Sub` template of its own (its literal text read as such, a host in it too).
    if (t.sub) {
      // Its value as written (the parse saw the variables masked).
      const value = jsonToken(t.content.slice(n.span.start, n.span.end));
      if (value !== undefined) return { kind: 'unknown', intrinsic: 'Fn::Sub', reason, refs, args: { ...n, span: n.span, value }, span: { ...n.span } };
    }
    return { kind: 'unknown', reason, refs, span: n.span };
  };
  const out = convert(root);
  const stack: VNode[] = [out];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.kind === 'object')
      for (const e of n.entries) {
        if (parts.length && overlapping(e.keySpan).length) e.key = t.content.slice(e.keySpan.start + 1, e.keySpan.end - 1);
        e.value = convert(e.value);
        stack.push(e.value);
      }
    else if (n.kind === 'array') {
      n.items = n.items.map(convert);
      for (const it of n.items) stack.push(it);
    }
  }
  return out;
}

/** The value of a JSON string token; undefined when the text is not one. */
function jsonToken(s: string): string | undefined {
  try {
    const v: unknown = JSON.parse(s);
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

function shortText(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
