import type { Span } from '../types';
import { entry, isUnknown, type Dialect, type VNode } from '../value';
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
const NO_ELEMENT = -1;

/**
 * The element index of a key: exact spellings first, without lower-casing (the common case), told
 * apart by length and then compared (no hashing of a key from the tree: thousands of statements).
 */
function elementIndex(key: string): number {
  switch (key.length) {
    case 3:
      if (key === 'Sid') return 0;
      break;
    case 6:
      if (key === 'Effect') return 1;
      if (key === 'Action') return 4;
      break;
    case 8:
      if (key === 'Resource') return 6;
      break;
    case 9:
      if (key === 'Principal') return 2;
      if (key === 'Condition') return 8;
      if (key === 'NotAction') return 5;
      break;
    case 11:
      if (key === 'NotResource') return 7;
      break;
    case 12:
      if (key === 'NotPrincipal') return 3;
      break;
  }
  // Element names are 3 to 12 characters: longer keys are not elements, whatever their case.
  if (key.length < 3 || key.length > 12) return NO_ELEMENT;
  return ELEMENTS.get(key.toLowerCase()) ?? NO_ELEMENT;
}

/** The conditions of every statement without a (readable) Condition element: one shared, frozen empty list. */
const NO_CONDITIONS = Object.freeze([]) as unknown as Condition[];

// Bits of ObjectStatement.done: which element slots hold their normalised value.
const SID = 1;
const EFFECT = 2;
const PRINCIPAL = 4;
const NOT_PRINCIPAL = 8;
const ACTION = 16;
const NOT_ACTION = 32;
const RESOURCE = 64;
const NOT_RESOURCE = 128;

type Slot<T> = VNode | T | null | undefined;

/**
 * One statement written as an object (JSON, YAML or HCL object syntax). Its elements are found in
 * one pass over the object's entries (a later duplicate wins, as with `entryCI`); each is
 * normalised the first time a rule reads it, then kept: rules that only look at `Effect` and
 * `Condition` do not pay for principals, actions and resources.
 *
 * Small on purpose (a large template or policy has thousands of statements, built while its value
 * tree is young): each element's slot holds the element's node until it is normalised, then the
 * normalised value (`done` says which); no array of slots, and the statement's span is made when read.
 */
class ObjectStatement implements Statement {
  private _sid: Slot<Val<string>> = undefined;
  private _effect: Slot<Val<string>> = undefined;
  private _principal: Slot<PrincipalSet> = undefined;
  private _notPrincipal: Slot<PrincipalSet> = undefined;
  private _action: Slot<Val<string>[]> = undefined;
  private _notAction: Slot<Val<string>[]> = undefined;
  private _resource: Slot<Val<string>[]> = undefined;
  private _notResource: Slot<Val<string>[]> = undefined;
  /** The Condition element's node (never replaced: `conditionNode`, `partial`). */
  private readonly _condition: VNode | undefined = undefined;
  private _conditions: Condition[] | undefined = undefined;
  private _span: Span | undefined = undefined;
  private done = 0;

  constructor(readonly node: VNode) {
    if (node.kind !== 'object') return;
    const entries = node.entries;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      const v = e.value;
      switch (elementIndex(e.key)) {
        case 0: this._sid = v; break;
        case 1: this._effect = v; break;
        case 2: this._principal = v; break;
        case 3: this._notPrincipal = v; break;
        case 4: this._action = v; break;
        case 5: this._notAction = v; break;
        case 6: this._resource = v; break;
        case 7: this._notResource = v; break;
        case 8: this._condition = v; break;
      }
    }
  }

  /** The Sid's node, or the statement's opening (one character). */
  get span(): Span {
    if (this._span) return this._span;
    // Normalising the Sid keeps its node's span (below): a normalised slot with no span had no node.
    const sid = this.done & SID ? undefined : (this._sid as VNode | undefined);
    const n = this.node;
    return (this._span = sid ? sid.span : { start: n.span.start, end: Math.min(n.span.end, n.span.start + 1) });
  }
  get sid(): Val<string> {
    if (!(this.done & SID)) {
      const n = this._sid as VNode | undefined;
      if (n && !this._span) this._span = n.span;
      this._sid = valOf(n);
      this.done |= SID;
    }
    return this._sid as Val<string>;
  }
  get effect(): Val<string> {
    if (!(this.done & EFFECT)) {
      this._effect = valOf(this._effect as VNode | undefined);
      this.done |= EFFECT;
    }
    return this._effect as Val<string>;
  }
  /** The Effect as a literal string (what `lit(s.effect)` gives), without normalising it. */
  effectText(): string | undefined {
    if (this.done & EFFECT) return lit(this._effect as Val<string>);
    const n = this._effect as VNode | undefined;
    if (!n || n.kind === 'unknown' || n.kind === 'object' || n.kind === 'array' || n.value === null) return undefined;
    return typeof n.value === 'string' ? n.value : String(n.value);
  }
  get principal(): PrincipalSet | undefined {
    if (!(this.done & PRINCIPAL)) {
      this._principal = principalOf(this._principal as VNode | undefined) ?? null;
      this.done |= PRINCIPAL;
    }
    return (this._principal as PrincipalSet | null) ?? undefined;
  }
  get notPrincipal(): PrincipalSet | undefined {
    if (!(this.done & NOT_PRINCIPAL)) {
      this._notPrincipal = principalOf(this._notPrincipal as VNode | undefined) ?? null;
      this.done |= NOT_PRINCIPAL;
    }
    return (this._notPrincipal as PrincipalSet | null) ?? undefined;
  }
  get action(): Val<string>[] | undefined {
    if (!(this.done & ACTION)) {
      this._action = valList(this._action as VNode | undefined) ?? null;
      this.done |= ACTION;
    }
    return (this._action as Val<string>[] | null) ?? undefined;
  }
  get notAction(): Val<string>[] | undefined {
    if (!(this.done & NOT_ACTION)) {
      this._notAction = valList(this._notAction as VNode | undefined) ?? null;
      this.done |= NOT_ACTION;
    }
    return (this._notAction as Val<string>[] | null) ?? undefined;
  }
  get resource(): Val<string>[] | undefined {
    if (!(this.done & RESOURCE)) {
      this._resource = valList(this._resource as VNode | undefined) ?? null;
      this.done |= RESOURCE;
    }
    return (this._resource as Val<string>[] | null) ?? undefined;
  }
  get notResource(): Val<string>[] | undefined {
    if (!(this.done & NOT_RESOURCE)) {
      this._notResource = valList(this._notResource as VNode | undefined) ?? null;
      this.done |= NOT_RESOURCE;
    }
    return (this._notResource as Val<string>[] | null) ?? undefined;
  }
  get conditions(): Condition[] {
    if (this._conditions) return this._conditions;
    const c = this._condition;
    return (this._conditions = c && c.kind === 'object' && c.entries.length ? conditionsOf(c) : NO_CONDITIONS);
  }
  get conditionNode(): VNode | undefined {
    return this._condition;
  }
  get partial(): boolean {
    return this.node.kind !== 'object' || isUnknown(this._condition);
  }
  /** Whether `Principal` is written (principalOf gives a set for any node: normalised or not, the slot is set). */
  hasPrincipal(): boolean {
    return this._principal != null;
  }
  /** Whether `NotPrincipal` is written. */
  hasNotPrincipal(): boolean {
    return this._notPrincipal != null;
  }
}

/**
 * Whether a statement has a `Principal` or `NotPrincipal` element, without normalising it (the
 * same answer as `s.principal || s.notPrincipal`, which builds the principal sets).
 */
export function hasPrincipalElement(s: Statement): boolean {
  return hasPrincipal(s) || (s instanceof ObjectStatement ? s.hasNotPrincipal() : !!s.notPrincipal);
}

/** Whether a statement has a `Principal` element (`!!s.principal` without normalising it). */
export function hasPrincipal(s: Statement): boolean {
  return s instanceof ObjectStatement ? s.hasPrincipal() : !!s.principal;
}

/** The statement's Effect as a literal string, or undefined (`lit(s.effect)`, without building the value for object statements). */
export function effectText(s: Statement): string | undefined {
  return s instanceof ObjectStatement ? s.effectText() : lit(s.effect);
}

/** Normalises one statement written as an object (JSON, YAML or HCL object syntax). */
export function statementOf(n: VNode): Statement {
  return new ObjectStatement(n);
}

const isObjectNode = (n: VNode) => n.kind === 'object';
const toStatement = (n: VNode): Statement => new ObjectStatement(n);

/** Builds the model of a policy document written as a value tree (`{Version, Statement}`). */
export function policyFromNode(
  node: VNode,
  init: { file: string; kind: PolicyKind; property: string; dialect: Dialect; resource?: Resource; attachedTo?: VNode; anchor: Span },
): PolicyDocument {
  const stmtNode = statementElement(node);
  // Lists of their exact length (a list grown by `push` from empty holds room for 17 statements).
  let statements: Statement[];
  if (!stmtNode) statements = [];
  else if (stmtNode.kind === 'object') statements = [new ObjectStatement(stmtNode)];
  else if (stmtNode.kind !== 'array') statements = [];
  else if (stmtNode.items.every(isObjectNode)) statements = stmtNode.items.map(toStatement);
  else {
    statements = [];
    for (const s of stmtNode.items) if (s.kind === 'object') statements.push(new ObjectStatement(s));
  }
  return new Policy(init.file, init.kind, init.resource, init.property, init.anchor, node, init.dialect, statements, stmtNode, init.attachedTo);
}

/**
 * A policy document of the model. Every policy document has the same shape (one hidden class).
 * A class, for the garbage collector's sake: V8 allocates the objects of an object literal whose
 * objects keep surviving minor collections (a model lives through the whole analysis) straight in
 * the old generation, where each then holds young value-tree nodes: the tree survives every minor
 * collection (copied, then promoted) until the next full one, long after the analysis. Objects made
 * by `new` start young.
 */
export class Policy implements PolicyDocument {
  // Own properties in the order the object literal had them; `holder` and `shape` are added by some builders.
  file: string;
  kind: PolicyKind;
  resource: Resource | undefined;
  property: string;
  anchor: Span;
  node: VNode;
  dialect: PolicyDocument['dialect'];
  statements: Statement[];
  statementContainer: VNode | undefined;
  partial: boolean | undefined = undefined;
  attachedTo: VNode | undefined;
  declare holder?: Resource;
  declare shape?: 'statement';

  constructor(
    file: string,
    kind: PolicyKind,
    resource: Resource | undefined,
    property: string,
    anchor: Span,
    node: VNode,
    dialect: PolicyDocument['dialect'],
    statements: Statement[],
    statementContainer: VNode | undefined,
    attachedTo: VNode | undefined,
  ) {
    this.file = file;
    this.kind = kind;
    this.resource = resource;
    this.property = property;
    this.anchor = anchor;
    this.node = node;
    this.dialect = dialect;
    this.statements = statements;
    this.statementContainer = statementContainer;
    this.attachedTo = attachedTo;
  }
}

/** The `Statement` element of a policy document (`entryCI(node, 'Statement')?.value`, without lower-casing the common spelling). */
function statementElement(node: VNode): VNode | undefined {
  if (node.kind !== 'object') return undefined;
  const entries = node.entries;
  for (let i = entries.length - 1; i >= 0; i--) {
    const k = entries[i].key;
    if (k === 'Statement' || (k.length === 9 && k.toLowerCase() === 'statement')) return entries[i].value;
  }
  return undefined;
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
