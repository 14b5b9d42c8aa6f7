/**
 * Fix operations rendered in the AWS shared config and credentials files (documents/aws-config.ts):
 * `key = value` lines in sections. Values are plain text (no quoting or escapes in this dialect), so
 * only scalars are written, on one line, and never a text that the AWS SDKs would read differently
 * (a line break, or a `#` or `;` after a blank, which starts a comment for them).
 */
import type { Slot } from '../model/model';
import type { TextEdit } from '../types';
import type { VNode } from '../value';
import type { RenderContext } from './context';
import type { Lowered } from './lower';
import { lineEndOf, lineStartOf, wholeLines } from './style';

/** A scalar as the file would hold it, or undefined when it cannot be written on one `key = value` line. */
function scalarText(v: Lowered): string | undefined {
  // Objects, lists, intrinsics and expressions have no spelling here.
  if (v === null || typeof v === 'object') return undefined;
  const s = String(v);
  if (s === '' || /[\r\n]/.test(s) || /(?:^|[ \t])[#;]/.test(s) || s !== s.trim()) return undefined;
  return s;
}

/** The file's spelling of `key = value`, from its first setting: with blanks around `=` unless it writes `key=value`. */
function separator(ctx: RenderContext, parent: Slot['parent']): string {
  const e = parent.entries.find((x) => x.value.kind === 'string' && x.value.span.end > x.value.span.start);
  if (!e) return ' = ';
  const t = ctx.text;
  return t[e.keySpan.end] === '=' && t[e.keySpan.end + 1] !== ' ' && t[e.keySpan.end + 1] !== '\t' ? '=' : ' = ';
}

/** Sets a setting of a section: its value replaced when present, else a `key = value` line after the section's last setting. */
export function setValueIni(ctx: RenderContext, slot: Slot, value: Lowered): TextEdit[] | undefined {
  const text = scalarText(value);
  if (text === undefined || slot.path.length !== 1) return undefined;
  const node = slot.node;
  if (node) {
    if (node.kind !== 'string') return undefined;
    // `key =` with nothing typed after it: the value goes after the `=`, one blank between.
    if (node.span.start === node.span.end) return [{ span: node.span, newText: ctx.text[node.span.start - 1] === '=' ? ` ${text}` : text }];
    return [{ span: node.span, newText: text }];
  }
  const parent = slot.parent;
  const last = parent.entries[parent.entries.length - 1];
  // After the line of the section's last setting (a sub-section's last line ends the sub-section), or after its header.
  const at = lineEndOf(ctx.text, last ? last.span.end : parent.span.start);
  const indent = last ? /^[ \t]*/.exec(ctx.text.slice(lineStartOf(ctx.text, last.span.start), last.span.start))![0] : '';
  return [{ span: { start: at, end: at }, newText: `${ctx.eol}${indent}${slot.path[0]}${separator(ctx, parent)}${text}` }];
}

/** Replaces a string value written on a `key = value` line (the text is the value itself). */
export function replaceStringIni(ctx: RenderContext, node: VNode, value: string): TextEdit[] | undefined {
  if (node.kind !== 'string' || ctx.text.slice(node.span.start, node.span.end) !== node.value) return undefined;
  const text = scalarText(value);
  return text === undefined ? undefined : [{ span: node.span, newText: text }];
}

/** Removes a setting: its whole line (a sub-section with its indented lines). */
export function removeValueIni(ctx: RenderContext, slot: Slot): TextEdit[] | undefined {
  const parent = slot.parent;
  const e = slot.path.length === 1 ? parent.entries.find((x) => x.value === slot.node) : undefined;
  if (!e) return undefined;
  return [{ span: wholeLines(ctx.text, e.span.start, e.span.end), newText: '' }];
}
