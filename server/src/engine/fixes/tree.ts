/**
 * Helpers on the value tree shared by the dialect renderers: where a condition was read from,
 * where a new condition goes, nested values for missing keys, and removing an entry of a comma-separated object.
 */
import type { Condition, PolicyDocument, Statement } from '../model/model';
import type { TextEdit } from '../types';
import { entry, type VEntry, type VNode, type VObject } from '../value';
import type { Lowered } from './lower';

/** `{a: {b: value}}` for the keys of a path that do not exist yet. */
export function nest(keys: string[], value: Lowered): Lowered {
  let v = value;
  for (let i = keys.length - 1; i >= 0; i--) v = { [keys[i]]: v };
  return v;
}

/** The statement and operator entry a condition was read from. */
export function conditionSite(doc: PolicyDocument, c: Condition): { statement: Statement; block: VObject; op: VEntry; key: VEntry } | undefined {
  for (const s of doc.statements) {
    if (!s.conditions.includes(c)) continue;
    const cond = s.conditionNode;
    if (cond?.kind !== 'object') return undefined;
    const op = cond.entries.find((e) => e.keySpan.start === c.operatorSpan.start && e.key === c.operator);
    if (op?.value.kind !== 'object') return undefined;
    const key = op.value.entries.find((e) => e.keySpan.start === c.keySpan.start && e.key === c.key);
    return key ? { statement: s, block: cond, op, key } : undefined;
  }
  return undefined;
}

/**
 * Where `operator: { key: values }` goes in a statement written as an object: a new `Condition`,
 * a new operator block, a new key in the existing block, or the existing key's value replaced.
 * Undefined when a part on the way is not an object literal (an expression, a reference...).
 */
export type ConditionPlacement =
  | { kind: 'insert'; into: VObject; key: string; value: Lowered }
  | { kind: 'replace'; node: VNode; value: Lowered; container: VObject };

export function conditionPlacement(s: Statement, operator: string, key: string, values: Lowered[]): ConditionPlacement | undefined {
  if (s.node.kind !== 'object') return undefined;
  const v = values.length === 1 ? values[0] : values;
  const cond = s.conditionNode;
  if (!cond) return { kind: 'insert', into: s.node, key: 'Condition', value: { [operator]: { [key]: v } } };
  if (cond.kind !== 'object') return undefined;
  const op = entry(cond, operator);
  if (!op) return { kind: 'insert', into: cond, key: operator, value: { [key]: v } };
  if (op.value.kind !== 'object') return undefined;
  const k = entry(op.value, key);
  if (k) return { kind: 'replace', node: k.value, value: v, container: op.value };
  return { kind: 'insert', into: op.value, key, value: v };
}

/** Removes an entry of a `{...}` object (JSON, YAML flow, one-line HCL) with its separating comma; the object's other entries keep their places. */
export function removeCommaEntry(obj: VObject, e: VEntry): TextEdit[] | undefined {
  const i = obj.entries.indexOf(e);
  if (i < 0) return undefined;
  if (obj.entries.length === 1) return [{ span: { start: obj.span.start + 1, end: obj.span.end - 1 }, newText: '' }];
  if (i < obj.entries.length - 1) return [{ span: { start: e.span.start, end: obj.entries[i + 1].keySpan.start }, newText: '' }];
  return [{ span: { start: obj.entries[i - 1].span.end, end: e.span.end }, newText: '' }];
}
