/**
 * The whole-file scans and their pre-filters (text.ts holdsAny, GatedPattern): each pre-filter must
 * never rule out a text its expression matches. Shared by scan-gates.test.ts (repository samples,
 * fixtures, generated texts and their mutations) and scan-gates-diff.ts (any directory: the shared
 * corpus and real-world files).
 */
import { AWS_HOST_HINT } from '../engine/model/endpoints';
import { hasSecretWord, SECRET_WORDS } from '../engine/model/settings';
import { FIPS_VARIABLE_HINT } from '../engine/rules/dp403-fips-disabled-in-environment';
import { CREDENTIAL_SCANS, credentialsIn, mayHoldCredential } from '../engine/rules/lib/sensitive';
import { holdsAny, TextChars } from '../engine/model/text-scan';

export interface ScanCheck {
  name: string;
  /** The plain expression's answer on a text. */
  plain(text: string): boolean;
  /** The pre-filtered answer: `necessary`, true whenever `plain` is; `equal`, the same as `plain`. */
  fast(text: string): boolean;
  kind: 'necessary' | 'equal';
}

/** `re.test(text)` from the start, leaving a global expression as it was. */
function matchesAnywhere(re: RegExp, text: string): boolean {
  const last = re.lastIndex;
  re.lastIndex = 0;
  const hit = re.test(text);
  re.lastIndex = last;
  return hit;
}

export const SCAN_CHECKS: readonly ScanCheck[] = [
  ...CREDENTIAL_SCANS.map(
    (c): ScanCheck => ({
      name: `credentialsIn /${c.re.source.slice(0, 40)}…/ gate ${JSON.stringify(c.gate)}`,
      plain: (t) => matchesAnywhere(c.re, t),
      fast: (t) => holdsAny(t, c.gate),
      kind: 'necessary',
    }),
  ),
  { name: 'mayHoldCredential', plain: (t) => CREDENTIAL_SCANS.some((c) => matchesAnywhere(c.re, t)), fast: mayHoldCredential, kind: 'necessary' },
  { name: 'AWS_HOST_HINT', plain: (t) => AWS_HOST_HINT.re.test(t), fast: (t) => AWS_HOST_HINT.test(t), kind: 'equal' },
  { name: 'DP403 FIPS_VARIABLE_HINT', plain: (t) => FIPS_VARIABLE_HINT.re.test(t), fast: (t) => FIPS_VARIABLE_HINT.test(t), kind: 'equal' },
  { name: 'hasSecretWord', plain: (t) => SECRET_WORDS.test(t), fast: (t) => hasSecretWord(t), kind: 'equal' },
  // The same answers through a text's TextChars (what the rules pass: each character looked for once).
  { name: 'hasSecretWord with TextChars', plain: (t) => SECRET_WORDS.test(t), fast: (t) => hasSecretWord(t, new TextChars(t)), kind: 'equal' },
  { name: 'AWS_HOST_HINT with TextChars', plain: (t) => AWS_HOST_HINT.re.test(t), fast: (t) => AWS_HOST_HINT.test(t, new TextChars(t)), kind: 'equal' },
  ...CREDENTIAL_SCANS.map(
    (c): ScanCheck => ({
      name: `TextChars.holdsAny ${JSON.stringify(c.gate)}`,
      plain: (t) => holdsAny(t, c.gate),
      fast: (t) => new TextChars(t).holdsAny(c.gate),
      kind: 'equal',
    }),
  ),
  {
    name: 'credentialsIn with TextChars',
    // Compared as text: the same hits in the same order (true when any was found, for the tally).
    plain: (t) => JSON.stringify(credentialsIn(t)).length > 2,
    fast: (t) => {
      const a = JSON.stringify(credentialsIn(t));
      const b = JSON.stringify(credentialsIn(t, new TextChars(t)));
      return a === b ? a.length > 2 : !(a.length > 2);
    },
    kind: 'equal',
  },
];

/** Counts per check over the texts seen: how many matched the plain expression, and any failure. */
export class ScanGateTally {
  readonly matched = new Map<string, number>();
  readonly failures: string[] = [];

  check(label: string, text: string): boolean {
    let ok = true;
    for (const c of SCAN_CHECKS) {
      const plain = c.plain(text);
      const fast = c.fast(text);
      if (plain) this.matched.set(c.name, (this.matched.get(c.name) ?? 0) + 1);
      if (c.kind === 'equal' ? plain !== fast : plain && !fast) {
        ok = false;
        if (this.failures.length < 20) this.failures.push(`${c.name}: plain ${plain}, pre-filtered ${fast} on ${label}: ${JSON.stringify(text.length > 300 ? text.slice(0, 300) + '…' : text)}`);
      }
    }
    return ok;
  }
}
