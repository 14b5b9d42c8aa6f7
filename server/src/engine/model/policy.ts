import type { Span } from '../types';
import { asList, entry, entryCI, isUnknown, type Dialect, type VNode } from '../value';
import type { Condition, PolicyDocument, PolicyKind, PrincipalSet, Resource, Statement, Val } from './model';

export function valOf(n: VNode | undefined): Val<string> {
  if (!n) return { state: 'missing' };
  if (n.kind === 'unknown' || n.kind === 'object' || n.kind === 'array') return { state: 'unknown', span: n.span, node: n };
  if (n.value === null) return { state: 'missing' };
  return { state: 'literal', value: String(n.value), span: n.span, node: n };
}

/** A boolean written as `true` or `"true"` (CloudFormation and Terraform accept both). */
export function boolVal(n: VNode | undefined): Val<boolean> {
  if (!n || n.kind === 'null') return { state: 'missing' };
  if (n.kind === 'boolean') return { state: 'literal', value: n.value === true, span: n.span, node: n };
  if (n.kind === 'string' && (n.value === 'true' || n.value === 'false')) return { state: 'literal', value: n.value === 'true', span: n.span, node: n };
  return { state: 'unknown', span: n.span, node: n };
}

export function valList(n: VNode | undefined): Val<string>[] | undefined {
  if (!n) return undefined;
  if (n.kind === 'unknown') return [{ state: 'unknown', span: n.span, node: n }];
  if (n.kind !== 'array') return [valOf(n)];
  const out: Val<string>[] = [];
  for (const item of n.items) out.push(valOf(item));
  return out;
}

/** Literal string value, or undefined when unknown or missing. */
export function lit(v: Val<string> | undefined): string | undefined {
  return v && v.state === 'literal' ? v.value : undefined;
}

// `[\s\S]`, not `.`: an operator key may hold a line break (a mangled file), and must still parse.
const OPERATOR_RE = /^(?:(ForAnyValue|ForAllValues):)?([\s\S]*?)(IfExists)?$/;

export function parseOperator(op: string): { base: string; ifExists: boolean; qualifier?: 'ForAnyValue' | 'ForAllValues' } {
  const m = OPERATOR_RE.exec(op)!;
  return { qualifier: m[1] as 'ForAnyValue' | 'ForAllValues' | undefined, base: m[2], ifExists: !!m[3] };
}

export function principalOf(n: VNode | undefined): PrincipalSet | undefined {
  if (!n) return undefined;
  if (n.kind === 'unknown') return { wildcard: false, entries: [], node: n, span: n.span, unknown: true };
  if (n.kind === 'string' || n.kind === 'number') {
    const v = String(n.value);
    return { wildcard: v === '*', entries: [{ type: '*', typeSpan: undefined, values: [valOf(n)] }], node: n, span: n.span, unknown: false };
  }
  if (n.kind === 'object') {
    const entries: PrincipalSet['entries'] = [];
    for (const e of n.entries) entries.push({ type: e.key, typeSpan: e.keySpan, values: valList(e.value) ?? [] });
    return { wildcard: false, entries, node: n, span: n.span, unknown: false };
  }
  return { wildcard: false, entries: [], node: n, span: n.span, unknown: true };
}

export function conditionsOf(n: VNode | undefined): Condition[] {
  const out: Condition[] = [];
  if (!n || n.kind !== 'object') return out;
  for (const opEntry of n.entries) {
    const { base, ifExists, qualifier } = parseOperator(opEntry.key);
    if (opEntry.value.kind !== 'object') continue;
    for (const keyEntry of opEntry.value.entries) {
      out.push({
        operator: opEntry.key,
        operatorSpan: opEntry.keySpan,
        baseOperator: base,
        ifExists,
        qualifier,
        key: keyEntry.key,
        keySpan: keyEntry.keySpan,
        values: valList(keyEntry.value) ?? [],
        valuesSpan: keyEntry.value.span,
      });
    }
  }
  return out;
}

/** Statement element names, lower-cased, → the field they fill (IAM element names are case-insensitive). */
const ELEMENT_NAMES = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];
const ELEMENTS = new Map(ELEMENT_NAMES.map((k, i) => [k.toLowerCase(), i]));
const EXACT_ELEMENTS = new Map(ELEMENT_NAMES.map((k, i) => [k, i]));
const ELEMENT_COUNT = ELEMENT_NAMES.length;
const NO_ELEMENT = -1;

/** The element index of a key: exact spellings first, without lower-casing (the common case). */
function elementIndex(key: string): number {
  const exact = EXACT_ELEMENTS.get(key);
  if (exact !== undefined) return exact;
  // Element names are 3 to 12 characters: longer keys are not elements, whatever their case.
  if (key.length < 3 || key.length > 12) return NO_ELEMENT;
  return ELEMENTS.get(key.toLowerCase()) ?? NO_ELEMENT;
}

/**
 * One statement written as an object (JSON, YAML or HCL object syntax). Its elements are found in
 * one pass over the object's entries (a later duplicate wins, as with `entryCI`); each is
 * normalised the first time a rule reads it, then kept: rules that only look at `Effect` and
 * `Condition` do not pay for principals, actions and resources.
 */
class ObjectStatement implements Statement {
  readonly span: Span;
  private readonly found: (VNode | undefined)[] = new Array(ELEMENT_COUNT);
  private _sid?: Val<string>;
  private _effect?: Val<string>;
  private _principal?: PrincipalSet | null;
  private _notPrincipal?: PrincipalSet | null;
  private _action?: Val<string>[] | null;
  private _notAction?: Val<string>[] | null;
  private _resource?: Val<string>[] | null;
  private _notResource?: Val<string>[] | null;
  private _conditions?: Condition[];

  constructor(readonly node: VNode) {
    if (node.kind === 'object') {
      for (const e of node.entries) {
        const i = elementIndex(e.key);
        if (i !== NO_ELEMENT) this.found[i] = e.value;
      }
    }
    const sid = this.found[0];
    this.span = sid ? sid.span : { start: node.span.start, end: Math.min(node.span.end, node.span.start + 1) };
  }

  get sid(): Val<string> {
    return (this._sid ??= valOf(this.found[0]));
  }
  get effect(): Val<string> {
    return (this._effect ??= valOf(this.found[1]));
  }
  get principal(): PrincipalSet | undefined {
    return (this._principal ??= principalOf(this.found[2]) ?? null) ?? undefined;
  }
  get notPrincipal(): PrincipalSet | undefined {
    return (this._notPrincipal ??= principalOf(this.found[3]) ?? null) ?? undefined;
  }
  get action(): Val<string>[] | undefined {
    return (this._action ??= valList(this.found[4]) ?? null) ?? undefined;
  }
  get notAction(): Val<string>[] | undefined {
    return (this._notAction ??= valList(this.found[5]) ?? null) ?? undefined;
  }
  get resource(): Val<string>[] | undefined {
    return (this._resource ??= valList(this.found[6]) ?? null) ?? undefined;
  }
  get notResource(): Val<string>[] | undefined {
    return (this._notResource ??= valList(this.found[7]) ?? null) ?? undefined;
  }
  get conditions(): Condition[] {
    return (this._conditions ??= conditionsOf(this.found[8]));
  }
  get conditionNode(): VNode | undefined {
    return this.found[8];
  }
  get partial(): boolean {
    return this.node.kind !== 'object' || isUnknown(this.found[8]);
  }
  /** Whether element `i` (index in ELEMENT_NAMES) is written (principalOf gives a set for any node). */
  hasElement(i: number): boolean {
    return this.found[i] !== undefined;
  }
}

/**
 * Whether a statement has a `Principal` or `NotPrincipal` element, without normalising it (the
 * same answer as `s.principal || s.notPrincipal`, which builds the principal sets).
 */
export function hasPrincipalElement(s: Statement): boolean {
  return hasPrincipal(s) || (s instanceof ObjectStatement ? s.hasElement(3) : !!s.notPrincipal);
}

/** Whether a statement has a `Principal` element (`!!s.principal` without normalising it). */
export function hasPrincipal(s: Statement): boolean {
  return s instanceof ObjectStatement ? s.hasElement(2) : !!s.principal;
}

/** Normalises one statement written as an object (JSON, YAML or HCL object syntax). */
export function statementOf(n: VNode): Statement {
  return new ObjectStatement(n);
}

/** Builds the model of a policy document written as a value tree (`{Version, Statement}`). */
export function policyFromNode(
  node: VNode,
  init: { file: string; kind: PolicyKind; property: string; dialect: Dialect; resource?: Resource; attachedTo?: VNode; anchor: Span },
): PolicyDocument {
  const stmtNode = entryCI(node, 'Statement')?.value;
  const statements: Statement[] = [];
  if (stmtNode) {
    for (const s of asList(stmtNode)) if (s.kind === 'object') statements.push(statementOf(s));
  }
  // Every policy document has the same shape (one hidden class): no spread of `init`.
  return {
    file: init.file,
    kind: init.kind,
    resource: init.resource,
    property: init.property,
    anchor: init.anchor,
    node,
    dialect: init.dialect,
    statements,
    statementContainer: stmtNode,
    partial: undefined,
    attachedTo: init.attachedTo,
  };
}

/** True when the statement's document could not be fully read, so absence of something proves nothing. */
export function documentIsPartial(doc: PolicyDocument): boolean {
  if (doc.partial) return true;
  const c = doc.statementContainer;
  if (!c) return doc.node.kind !== 'object';
  if (c.kind === 'unknown') return true;
  if (c.kind === 'array' && c.items.some((i) => i.kind === 'unknown')) return true;
  return false;
}

/**
 * Where a finding about something MISSING from a statement sits (see rules/lib/policy-anchor.ts for
 * the reasoning): the key of the resource property or attribute that holds an embedded policy
 * (`AssumeRolePolicyDocument`, `assume_role_policy`, `policy`), or for an `aws_iam_policy_document`
 * data source the statement's own `statement` block keyword (in `.tf.json`, the `"statement"` key).
 * Undefined for a standalone policy file, where the rule's exact token is the anchor.
 */
export function statementAnchor(doc: PolicyDocument, s: Statement): Span | undefined {
  if (doc.dialect === 'hcl-policy-document') {
    if (doc.resource?.dialect === 'hcl') return { start: s.node.span.start, end: s.node.span.start + STATEMENT_BLOCK.length };
    return entry(doc.node, STATEMENT_BLOCK)?.keySpan ?? doc.anchor;
  }
  if (!doc.resource) return undefined;
  return doc.anchor;
}

const STATEMENT_BLOCK = 'statement';
