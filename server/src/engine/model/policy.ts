import type { Span } from '../types';
import { asList, entryCI, isUnknown, type Dialect, type VNode } from '../value';
import type { Condition, PolicyDocument, PolicyKind, PrincipalSet, Resource, Statement, Val } from './model';

export function valOf(n: VNode | undefined): Val<string> {
  if (!n) return { state: 'missing' };
  if (n.kind === 'unknown' || n.kind === 'object' || n.kind === 'array') return { state: 'unknown', span: n.span, node: n };
  if (n.value === null) return { state: 'missing' };
  return { state: 'literal', value: String(n.value), span: n.span, node: n };
}

export function valList(n: VNode | undefined): Val<string>[] | undefined {
  if (!n) return undefined;
  if (n.kind === 'unknown') return [{ state: 'unknown', span: n.span, node: n }];
  return asList(n).map(valOf);
}

/** Literal string value, or undefined when unknown or missing. */
export function lit(v: Val<string> | undefined): string | undefined {
  return v && v.state === 'literal' ? v.value : undefined;
}

const OPERATOR_RE = /^(?:(ForAnyValue|ForAllValues):)?(.*?)(IfExists)?$/;

export function parseOperator(op: string): { base: string; ifExists: boolean; qualifier?: 'ForAnyValue' | 'ForAllValues' } {
  const m = OPERATOR_RE.exec(op)!;
  return { qualifier: m[1] as 'ForAnyValue' | 'ForAllValues' | undefined, base: m[2], ifExists: !!m[3] };
}

export function principalOf(n: VNode | undefined): PrincipalSet | undefined {
  if (!n) return undefined;
  if (n.kind === 'unknown') return { wildcard: false, entries: [], node: n, span: n.span, unknown: true };
  if (n.kind === 'string' || n.kind === 'number') {
    const v = String(n.value);
    return { wildcard: v === '*', entries: [{ type: '*', values: [valOf(n)] }], node: n, span: n.span, unknown: false };
  }
  if (n.kind === 'object') {
    return {
      wildcard: false,
      entries: n.entries.map((e) => ({ type: e.key, typeSpan: e.keySpan, values: valList(e.value) ?? [] })),
      node: n,
      span: n.span,
      unknown: false,
    };
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

/** Normalises one statement written as an object (JSON, YAML or HCL object syntax). */
export function statementOf(n: VNode): Statement {
  const sidE = entryCI(n, 'Sid');
  const condE = entryCI(n, 'Condition');
  const openSpan: Span = sidE ? sidE.value.span : { start: n.span.start, end: Math.min(n.span.end, n.span.start + 1) };
  return {
    node: n,
    span: openSpan,
    sid: valOf(sidE?.value),
    effect: valOf(entryCI(n, 'Effect')?.value),
    principal: principalOf(entryCI(n, 'Principal')?.value),
    notPrincipal: principalOf(entryCI(n, 'NotPrincipal')?.value),
    action: valList(entryCI(n, 'Action')?.value),
    notAction: valList(entryCI(n, 'NotAction')?.value),
    resource: valList(entryCI(n, 'Resource')?.value),
    notResource: valList(entryCI(n, 'NotResource')?.value),
    conditions: conditionsOf(condE?.value),
    conditionNode: condE?.value,
    partial: n.kind !== 'object' || isUnknown(condE?.value),
  };
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
  return { ...init, node, statements, statementContainer: stmtNode };
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
