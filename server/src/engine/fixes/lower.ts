/**
 * Neutral values (fixes/ops.ts) lowered to what one file can hold: plain data, CloudFormation
 * intrinsic calls, or raw HCL expressions. Undefined when the file cannot express a value (a
 * reference in a standalone policy file, a pseudo value in Terraform).
 */
import type { Format } from '../types';
import type { InputValue, JsonValue, NeutralValue, PseudoValue, RefValue } from './ops';
import { cfnAttribute, tfAttribute } from './references';

/** A CloudFormation intrinsic call, written `{"Fn::X": arg}` in JSON and `!X arg` (or long form) in YAML. */
export class Intrinsic {
  constructor(
    readonly name: string,
    readonly arg: Lowered,
  ) {}
}

/**
 * Text written as is: a Terraform expression (`aws_s3_bucket.b.arn`, `"${aws_s3_bucket.b.arn}/*"`),
 * or a value copied from the file (a condition moved to another operator).
 */
export class Expr {
  constructor(readonly text: string) {}
}

/** A value Terraform takes as a JSON string, written `jsonencode(<value>)` in HCL. */
export class JsonEncode {
  constructor(readonly value: Lowered) {}
}

export type Lowered = string | number | boolean | null | Lowered[] | { [key: string]: Lowered } | Intrinsic | Expr | JsonEncode;

/**
 * How values are spelled in the text being edited:
 * - `cfn`: CloudFormation (references become `Ref` / `Fn::GetAtt` / `Fn::Sub`);
 * - `hcl`: Terraform native syntax (references become expressions);
 * - `template`: strings that Terraform reads as templates (`.tf.json`, JSON in a heredoc or a
 *   string): references become `${...}`, a literal `${` is escaped as `$${`;
 * - `plain`: a standalone policy file; references cannot be written.
 */
export type Flavor = 'cfn' | 'hcl' | 'template' | 'plain';

export interface LowerOptions {
  flavor: Flavor;
  /** CloudFormation: write `Fn::GetAtt` as `[X, Arn]` rather than `X.Arn`. */
  getAttArray?: boolean;
}

/** The flavor of values for a file format and the syntax being written. */
export function flavorOf(format: Format | undefined, syntax: 'json' | 'yaml' | 'hcl' | 'ini'): Flavor {
  if (format === 'cloudformation') return 'cfn';
  if (format === 'terraform' || format === 'terraform-json') return syntax === 'hcl' ? 'hcl' : 'template';
  return 'plain';
}

export function isRef(v: unknown): v is RefValue {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && '$ref' in v;
}

export function isJson(v: unknown): v is JsonValue {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && '$json' in v;
}

export function isPseudo(v: unknown): v is PseudoValue {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && '$pseudo' in v;
}

export function isInput(v: unknown): v is InputValue {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && '$input' in v;
}

/** A plain neutral object (not a reference or pseudo value). */
export function isMap(v: unknown): v is { [key: string]: NeutralValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isRef(v) && !isPseudo(v) && !isJson(v) && !isInput(v) && !(v instanceof Intrinsic) && !(v instanceof Expr) && !(v instanceof JsonEncode);
}

/** Escapes `${` and `%{` so Terraform reads the text literally. */
export function escapeTemplate(s: string): string {
  return s.includes('${') || s.includes('%{') ? s.replace(/([$%])\{/g, '$1$1{') : s;
}

/** Escapes `${` so `Fn::Sub` reads the text literally. */
function escapeSub(s: string): string {
  return s.replace(/\$\{/g, '${!');
}

/** The characters an HCL quoted string needs escaped (template sequences not included). */
export function escapeHclQuoted(s: string): string {
  let out = '';
  for (const c of s) {
    if (c === '"' || c === '\\') out += '\\' + c;
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else out += c;
  }
  return out;
}

function lowerRef(v: RefValue, o: LowerOptions): Lowered | undefined {
  const { resource, attribute, index } = v.$ref;
  const prefix = v.prefix ?? '';
  const suffix = v.suffix ?? '';
  const affixed = prefix !== '' || suffix !== '';
  switch (o.flavor) {
    case 'cfn': {
      if (resource.format !== 'cloudformation' || index !== undefined) return undefined;
      const a = cfnAttribute(resource.type, attribute);
      if (!a) return undefined;
      if (affixed) {
        const variable = 'ref' in a ? resource.id : `${resource.id}.${a.getAtt}`;
        return new Intrinsic('Fn::Sub', `${escapeSub(prefix)}\${${variable}}${escapeSub(suffix)}`);
      }
      if ('ref' in a) return new Intrinsic('Ref', resource.id);
      return new Intrinsic('Fn::GetAtt', o.getAttArray ? [resource.id, a.getAtt] : `${resource.id}.${a.getAtt}`);
    }
    case 'hcl':
    case 'template': {
      if (resource.format !== 'terraform' && resource.format !== 'terraform-json') return undefined;
      const a = tfAttribute(resource.type, attribute);
      if (!a) return undefined;
      const traversal = index === undefined ? `${resource.id}.${a}` : `${resource.id}[${index}].${a}`;
      if (o.flavor === 'template') return `${escapeTemplate(prefix)}\${${traversal}}${escapeTemplate(suffix)}`;
      if (!affixed) return new Expr(traversal);
      return new Expr(`"${escapeHclQuoted(escapeTemplate(prefix))}\${${traversal}}${escapeHclQuoted(escapeTemplate(suffix))}"`);
    }
    default:
      return undefined;
  }
}

function lowerPseudo(v: PseudoValue, o: LowerOptions): Lowered | undefined {
  const prefix = v.prefix ?? '';
  const suffix = v.suffix ?? '';
  const affixed = prefix !== '' || suffix !== '';
  if (o.flavor === 'cfn') return affixed ? new Intrinsic('Fn::Sub', `${escapeSub(prefix)}\${AWS::${v.$pseudo}}${escapeSub(suffix)}`) : new Intrinsic('Ref', `AWS::${v.$pseudo}`);
  if ((o.flavor === 'hcl' || o.flavor === 'template') && v.terraform) {
    if (o.flavor === 'template') return `${escapeTemplate(prefix)}\${${v.terraform}}${escapeTemplate(suffix)}`;
    if (!affixed) return new Expr(v.terraform);
    return new Expr(`"${escapeHclQuoted(escapeTemplate(prefix))}\${${v.terraform}}${escapeHclQuoted(escapeTemplate(suffix))}"`);
  }
  return undefined;
}

/** Lowers a neutral value for a file; undefined when some part of it cannot be written there. */
export function lower(v: NeutralValue, o: LowerOptions): Lowered | undefined {
  if (v === null || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'string') return o.flavor === 'template' ? escapeTemplate(v) : v;
  if (Array.isArray(v)) {
    const out: Lowered[] = [];
    for (const x of v) {
      const l = lower(x, o);
      if (l === undefined) return undefined;
      out.push(l);
    }
    return out;
  }
  if (isRef(v)) return lowerRef(v, o);
  if (isPseudo(v)) return lowerPseudo(v, o);
  if (isInput(v)) {
    if (o.flavor === 'cfn') return new Intrinsic('Ref', v.$input);
    if (o.flavor === 'hcl') return new Expr(`var.${v.$input}`);
    if (o.flavor === 'template') return `\${var.${v.$input}}`;
    return undefined;
  }
  if (isJson(v)) {
    const inner = lower(v.$json, o);
    if (inner === undefined) return undefined;
    if (o.flavor === 'hcl') return new JsonEncode(inner);
    // `.tf.json`: a string Terraform reads as a template (references are already `${...}`).
    if (o.flavor === 'template') return JSON.stringify(inner);
    return inner;
  }
  const out: { [key: string]: Lowered } = {};
  for (const k in v) {
    const l = lower(v[k], o);
    if (l === undefined) return undefined;
    out[k] = l;
  }
  return out;
}

/** A lowered value that is a plain object (not an intrinsic or expression). */
export function isLoweredMap(v: Lowered): v is { [key: string]: Lowered } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Intrinsic) && !(v instanceof Expr) && !(v instanceof JsonEncode);
}

/** Whether a file writes `Fn::GetAtt` as a list (`[X, Arn]` / `!GetAtt [X, Arn]`). */
export function usesGetAttArray(text: string): boolean {
  return /(?:"Fn::GetAtt"\s*:\s*\[|Fn::GetAtt:\s*\[|Fn::GetAtt:[ \t]*\r?\n\s*-|!GetAtt\s*\[)/.test(text);
}

/** Whether a YAML file writes intrinsics in the short form (`!Ref`, `!Sub`...). */
export function usesShortForms(text: string): boolean {
  return /(^|[\s[,:-])!(Ref|Sub|GetAtt|Join|If|Select)\b/.test(text);
}
