/** Where a part of a string value is in its file, for rules that report a part of a string (a host, a scheme). */
import type { Model } from '../../model/model';
import { sourceText, spanInString, type StringValue } from '../../model/settings';
import type { Span } from '../../types';

/**
 * Where a part of a string's value is in the file: at the same offset when the file writes the value as it is
 * (plain, or between quotes without an escape), else found by spanInString (which counts the part's
 * occurrences in the value and the source: for a string naming thousands of hosts, once per string here).
 */
export function placer(model: Model, s: StringValue): (start: number, end: number) => Span {
  const raw = sourceText(model, s.file, s.span);
  const v = s.value;
  const at = raw === v ? 0 : raw !== undefined && raw.length === v.length + 2 && (raw[0] === '"' || raw[0] === "'") && raw.endsWith(raw[0]) && raw.slice(1, -1) === v ? 1 : -1;
  if (at < 0) return (start, end) => spanInString(model, s, start, end);
  const base = s.span.start + at;
  return (start, end) => ({ start: base + start, end: base + end });
}
