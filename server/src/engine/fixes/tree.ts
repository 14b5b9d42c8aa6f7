/**
 * Helpers on the value tree shared by the dialect renderers: where a condition was read from,
 * nested values for missing keys, and removing an entry of a comma-separated object.
 */
import type { Condition, PolicyDocument, Statement } from '../model/model';
import type { TextEdit } from '../types';
import type { VEntry, VObject } from '../value';
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

/** Removes an entry of a `{...}` object (JSON, YAML flow, one-line HCL) with its separating comma; the object's other entries keep their places. */
export function removeCommaEntry(obj: VObject, e: VEntry): TextEdit[] | undefined {
  const i = obj.entries.indexOf(e);
  if (i < 0) return undefined;
  if (obj.entries.length === 1) return [{ span: { start: obj.span.start + 1, end: obj.span.end - 1 }, newText: '' }];
  if (i < obj.entries.length - 1) return [{ span: { start: e.span.start, end: obj.entries[i + 1].keySpan.start }, newText: '' }];
  return [{ span: { start: obj.entries[i - 1].span.end, end: e.span.end }, newText: '' }];
}
