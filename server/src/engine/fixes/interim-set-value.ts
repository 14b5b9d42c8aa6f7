/**
 * INTERIM (model helper, until the fix-operation renderers of fixes/render.ts land on main): renders
 * the one operation DP202 needs, `setValue` of a string on a Slot whose value is present as a
 * scalar, by replacing the scalar in the file's own quoting. Anything else is not rendered (no fix).
 * Delete this file when rules return FixSpecs to the engine.
 */
import type { Slot } from '../model/model';
import type { TextEdit } from '../types';

export function interimSetString(slot: Slot, value: string, text: string): TextEdit[] | undefined {
  const n = slot.node;
  if (!n || (n.kind !== 'string' && n.kind !== 'number' && n.kind !== 'boolean') || n.embedded) return undefined;
  const old = text.slice(n.span.start, n.span.end);
  let newText: string;
  if (slot.dialect === 'yaml') {
    if (old.startsWith("'")) newText = `'${value.replace(/'/g, "''")}'`;
    else if (old.startsWith('"') || !/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(value)) newText = JSON.stringify(value);
    else newText = value;
  } else if (slot.dialect === 'hcl') {
    if (!old.startsWith('"') || /[\\"$%]/.test(value)) return undefined;
    newText = `"${value}"`;
  } else newText = JSON.stringify(value);
  return [{ file: slot.file, span: n.span, newText }];
}
