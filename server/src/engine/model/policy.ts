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

// Element numbers (ELEMENT_NAMES order).
const SID = 0;
const EFFECT = 1;
const PRINCIPAL = 2;
const NOT_PRINCIPAL = 3;
const ACTION = 4;
const NOT_ACTION = 5;
const RESOURCE = 6;
const NOT_RESOURCE = 7;
const CONDITION = 8;

/**
 * Where a statement's elements are: for each element, its entry's index + 1 (0: not written) in 5
 * bits, Sid to NotAction in `lo`, Resource to Condition in `hi`. Entries 0 to 30: an object with
 * more entries (not a statement anyone writes, but a file may hold anything) is WIDE, and its
 * elements are looked for among its entries each time.
 */
const BITS = 5;
const MAX_INDEXED = 31;
/**
 * `hi`, above the three elements' bits: the Effect's kind once read (0: not yet), WIDE, and EXACT: the
 * Effect is the string `Allow` or `Deny` exactly as AWS writes it (its kind says which), known from
 * the pass that finds the elements (the Effect's node lies beside its entry): `effectText` and
 * `effectKind`, asked by rule after rule for every statement, then read no node.
 */
const KIND_SHIFT = 3 * BITS;
const KIND_MASK = 3 << KIND_SHIFT;
const KIND_ALLOW = 1;
const KIND_DENY = 2;
const KIND_OTHER = 3;
const WIDE = 1 << (KIND_SHIFT + 2);
const EXACT = 1 << (KIND_SHIFT + 3);
const EXACT_ALLOW = EXACT | (KIND_ALLOW << KIND_SHIFT);
const EXACT_DENY = EXACT | (KIND_DENY << KIND_SHIFT);

/** A statement's elements once normalised (made when a rule first asks for one): undefined, not yet; null, not written. */
class Normalised {
  sid: Val<string> | undefined = undefined;
  effect: Val<string> | undefined = undefined;
  principal: PrincipalSet | null | undefined = undefined;
  notPrincipal: PrincipalSet | null | undefined = undefined;
  action: Val<string>[] | null | undefined = undefined;
  notAction: Val<string>[] | null | undefined = undefined;
  resource: Val<string>[] | null | undefined = undefined;
  notResource: Val<string>[] | null | undefined = undefined;
  conditions: Condition[] | undefined = undefined;
  span: Span | undefined = undefined;
}

/**
 * One statement written as an object (JSON, YAML or HCL object syntax). Its elements are found in
 * one pass over the object's entries (a later duplicate wins, as with `entryCI`), which notes where
 * each is; each is normalised the first time a rule reads it, then kept: rules that only look at
 * `Effect` and `Condition` do not pay for principals, actions and resources.
 *
 * Small on purpose: a large template or policy has thousands of statements, built while its value
 * tree is young, and what an analysis allocates decides how often a minor collection runs while the
 * whole tree is alive (and is copied). Four fields: the node, where its elements are (two small
 * integers, see BITS), and the normalised values, made only for a statement a rule normalises.
 * The Effect's kind (`effectKind`) is kept in the same bits.
 */
class ObjectStatement implements Statement {
  private lo = 0;
  private hi = 0;
  private norm: Normalised | undefined = undefined;

  constructor(readonly node: VNode) {
    if (node.kind !== 'object') return;
    const entries = node.entries;
    if (entries.length > MAX_INDEXED) {
      this.hi = WIDE;
      return;
    }
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < entries.length; i++) {
      const e = elementIndex(entries[i].key);
      if (e === NO_ELEMENT) continue;
      if (e < RESOURCE) {
        const shift = e * BITS;
        lo = (lo & ~(31 << shift)) | ((i + 1) << shift);
        if (e === EFFECT) {
          // (A later Effect replaces an earlier one's kind.)
          const v = entries[i].value;
          hi = (hi & ~(EXACT | KIND_MASK)) | (v.kind !== 'string' ? 0 : v.value === 'Allow' ? EXACT_ALLOW : v.value === 'Deny' ? EXACT_DENY : 0);
        }
      } else {
        const shift = (e - RESOURCE) * BITS;
        hi = (hi & ~(31 << shift)) | ((i + 1) << shift);
      }
    }
    this.lo = lo;
    this.hi = hi;
  }

  /** The node of element `e`, or undefined when it is not written. */
  private element(e: number): VNode | undefined {
    const node = this.node;
    if (node.kind !== 'object') return undefined;
    const hi = this.hi;
    if (hi & WIDE) {
      const entries = node.entries;
      for (let i = entries.length - 1; i >= 0; i--) if (elementIndex(entries[i].key) === e) return entries[i].value;
      return undefined;
    }
    const at = e < RESOURCE ? (this.lo >> (e * BITS)) & 31 : (hi >> ((e - RESOURCE) * BITS)) & 31;
    return at === 0 ? undefined : node.entries[at - 1].value;
  }

  /** Whether element `e` is written. */
  private has(e: number): boolean {
    if (this.hi & WIDE) return this.element(e) !== undefined;
    return (e < RESOURCE ? (this.lo >> (e * BITS)) & 31 : (this.hi >> ((e - RESOURCE) * BITS)) & 31) !== 0;
  }

  private normalised(): Normalised {
    return (this.norm ??= new Normalised());
  }

  /** The Sid's node, or the statement's opening (one character). */
  get span(): Span {
    const sid = this.element(SID);
    if (sid) return sid.span;
    const norm = this.normalised();
    if (norm.span) return norm.span;
    const n = this.node;
    return (norm.span = { start: n.span.start, end: Math.min(n.span.end, n.span.start + 1) });
  }
  get sid(): Val<string> {
    const norm = this.normalised();
    return (norm.sid ??= valOf(this.element(SID)));
  }
  get effect(): Val<string> {
    const norm = this.normalised();
    return (norm.effect ??= valOf(this.element(EFFECT)));
  }
  /** The Effect as a literal string (what `lit(s.effect)` gives), without normalising it. */
  effectText(): string | undefined {
    const hi = this.hi;
    if (hi & EXACT) return (hi & KIND_MASK) === KIND_ALLOW << KIND_SHIFT ? 'Allow' : 'Deny';
    const n = this.element(EFFECT);
    if (!n || n.kind === 'unknown' || n.kind === 'object' || n.kind === 'array' || n.value === null) return undefined;
    return typeof n.value === 'string' ? n.value : String(n.value);
  }
  /** `allow` or `deny` (any case), or undefined: read once, then kept. */
  effectKind(): 'allow' | 'deny' | undefined {
    let kind = (this.hi & KIND_MASK) >> KIND_SHIFT;
    if (kind === 0) {
      this.hi |= (kind = effectKindOf(this.effectText())) << KIND_SHIFT;
    }
    return kind === KIND_ALLOW ? 'allow' : kind === KIND_DENY ? 'deny' : undefined;
  }
  get principal(): PrincipalSet | undefined {
    const norm = this.normalised();
    if (norm.principal === undefined) norm.principal = principalOf(this.element(PRINCIPAL)) ?? null;
    return norm.principal ?? undefined;
  }
  get notPrincipal(): PrincipalSet | undefined {
    const norm = this.normalised();
    if (norm.notPrincipal === undefined) norm.notPrincipal = principalOf(this.element(NOT_PRINCIPAL)) ?? null;
    return norm.notPrincipal ?? undefined;
  }
  get action(): Val<string>[] | undefined {
    const norm = this.normalised();
    if (norm.action === undefined) norm.action = valList(this.element(ACTION)) ?? null;
    return norm.action ?? undefined;
  }
  get notAction(): Val<string>[] | undefined {
    const norm = this.normalised();
    if (norm.notAction === undefined) norm.notAction = valList(this.element(NOT_ACTION)) ?? null;
    return norm.notAction ?? undefined;
  }
  get resource(): Val<string>[] | undefined {
    const norm = this.normalised();
    if (norm.resource === undefined) norm.resource = valList(this.element(RESOURCE)) ?? null;
    return norm.resource ?? undefined;
  }
  get notResource(): Val<string>[] | undefined {
    const norm = this.normalised();
    if (norm.notResource === undefined) norm.notResource = valList(this.element(NOT_RESOURCE)) ?? null;
    return norm.notResource ?? undefined;
  }
  get conditions(): Condition[] {
    const kept = this.norm?.conditions;
    if (kept) return kept;
    const c = this.element(CONDITION);
    // Without a (readable, non-empty) Condition element: the shared empty list, nothing made.
    if (!c || c.kind !== 'object' || !c.entries.length) return NO_CONDITIONS;
    return (this.normalised().conditions = conditionsOf(c));
  }
  get conditionNode(): VNode | undefined {
    return this.element(CONDITION);
  }
  get partial(): boolean {
    return this.node.kind !== 'object' || isUnknown(this.element(CONDITION));
  }
  /** Whether `Principal` is written (principalOf gives a set for any node). */
  hasPrincipal(): boolean {
    return this.has(PRINCIPAL);
  }
  /** Whether `NotPrincipal` is written. */
  hasNotPrincipal(): boolean {
    return this.has(NOT_PRINCIPAL);
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

/**
 * The statement's Effect: `allow` or `deny` (written in any case), or undefined (another word, not
 * a literal, or missing). For object statements read once and kept: rules ask for every statement's.
 */
export function effectKind(s: Statement): 'allow' | 'deny' | undefined {
  if (s instanceof ObjectStatement) return s.effectKind();
  const kind = effectKindOf(lit(s.effect));
  return kind === KIND_ALLOW ? 'allow' : kind === KIND_DENY ? 'deny' : undefined;
}

/** KIND_ALLOW, KIND_DENY or KIND_OTHER for an Effect's text. */
function effectKindOf(written: string | undefined): number {
  // As AWS writes them first, without a lower-cased copy.
  if (written === 'Allow') return KIND_ALLOW;
  if (written === 'Deny') return KIND_DENY;
  const e = written?.toLowerCase();
  return e === 'allow' ? KIND_ALLOW : e === 'deny' ? KIND_DENY : KIND_OTHER;
}

/** Normalises one statement written as an object (JSON, YAML or HCL object syntax). */
export function statementOf(n: VNode): Statement {
  return new ObjectStatement(n);
}

/** Items of the list being read (policyFromNode) that are not objects: counted while the statements are made, in the same pass. */
let nonObjects = 0;
const toStatement = (n: VNode): Statement => {
  if (n.kind !== 'object') nonObjects++;
  return new ObjectStatement(n);
};
const isObjectStatement = (s: Statement) => s.node.kind === 'object';

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
  else {
    // One pass over the items (each read once: thousands of statements); items that are not objects, rare, are then left out.
    nonObjects = 0;
    statements = stmtNode.items.map(toStatement);
    if (nonObjects) statements = statements.filter(isObjectStatement);
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
