/**
 * What to add to a message about a setting that is written in the wrong place: keys that differ
 * from CloudFormation's spelling only in case, or an object written one level too high. The value
 * is still judged (the intent is plain), and the user learns why CloudFormation rejects the template.
 */
import type { SettingValue } from '../../model/settings';

export function placementNote(s: SettingValue): string {
  if (s.misplaced) {
    const top = s.path.split('.')[0].replace(/\[\d+\]$/, '');
    return ` (${top} is written directly under Properties, where CloudFormation rejects it: it belongs inside ${s.misplaced.missing})`;
  }
  if (s.miscased?.length) {
    const keys = s.miscased.map((m) => `${m.written} for ${m.expected}`).join(', ');
    return ` (written ${keys}: CloudFormation property names are case-sensitive, so it rejects the template as written)`;
  }
  return '';
}
