/**
 * What AWS says about MFA in policies (IAM User Guide, aws:MultiFactorAuthPresent and
 * aws:MultiFactorAuthAge), as helpers shared by the DP1xx rules:
 * - `aws:MultiFactorAuthPresent` is in the request context only for temporary credentials (console
 *   sessions, GetSessionToken, role sessions); requests made with long-term access keys do not carry it.
 * - `aws:MultiFactorAuthAge` is present only when MFA was used.
 * - Both are single-valued keys.
 */
import catalogueJson from '../data/mfa-sensitive-actions.json';
import { policyAttachment } from '../../model/iam-principals';
import type { Condition, Model, PolicyDocument, Statement, Val } from '../../model/model';
import { lit } from '../../model/policy';
import { effectOf } from './policy-checks';

export const MFA_PRESENT = 'aws:MultiFactorAuthPresent';
export const MFA_AGE = 'aws:MultiFactorAuthAge';

export function isMfaPresentKey(c: Condition): boolean {
  return c.key.toLowerCase() === 'aws:multifactorauthpresent';
}
export function isMfaAgeKey(c: Condition): boolean {
  return c.key.toLowerCase() === 'aws:multifactorauthage';
}

/** The statement's conditions on either MFA key. */
export function mfaConditions(s: Statement): Condition[] {
  if (s.conditions.length === 0) return [];
  return s.conditions.filter((c) => isMfaPresentKey(c) || isMfaAgeKey(c));
}

/** Lower-cased literal values; `undefined` when one of them is not a literal. */
export function literalValues(values: Val<string>[]): string[] | undefined {
  const out: string[] = [];
  for (const v of values) {
    if (v.state !== 'literal') return undefined;
    out.push(v.value.toLowerCase());
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Action patterns

/**
 * Whether an IAM action pattern (`iam:*AccessKey*`, `iam:Create?ccessKey`: `*` any run, `?` one
 * character, case-insensitive) matches an action. Greedy matching with one backtrack point:
 * O(pattern x action) whatever the pattern, never a regular expression built from the user's text
 * (`iam:*a*a*a*a*b` would backtrack exponentially).
 */
export function patternMatches(pattern: string, action: string): boolean {
  const p = pattern.toLowerCase();
  const s = action.toLowerCase();
  let i = 0;
  let j = 0;
  let star = -1;
  let mark = 0;
  while (j < s.length) {
    if (i < p.length && (p[i] === '?' || p[i] === s[j])) {
      i++;
      j++;
    } else if (i < p.length && p[i] === '*') {
      star = i++;
      mark = j;
    } else if (star >= 0) {
      i = star + 1;
      j = ++mark;
    } else return false;
  }
  while (i < p.length && p[i] === '*') i++;
  return i === p.length;
}

// ---------------------------------------------------------------------------------------------
// The catalogue of sensitive actions (data/mfa-sensitive-actions.json)

export type SensitiveGroup = 'credentials' | 'mfa-device' | 'role-assumption' | 'destructive';

export interface SensitiveAction {
  action: string;
  group: SensitiveGroup;
  /** What a pattern must name for a policy of unknown attachment to be reported. */
  noun?: string;
}

interface CatalogueJson {
  groups: Record<SensitiveGroup, { what: string; actions: { action: string; noun?: string }[] }>;
  exempt: { action: string }[];
}

const catalogue = catalogueJson as unknown as CatalogueJson;

export const SENSITIVE_ACTIONS: readonly SensitiveAction[] = Object.entries(catalogue.groups).flatMap(([group, g]) =>
  g.actions.map((a) => ({ action: a.action, group: group as SensitiveGroup, noun: a.noun })),
);

export const EXEMPT_ACTIONS: readonly string[] = catalogue.exempt.map((e) => e.action);

export function groupWhat(group: SensitiveGroup): string {
  return catalogue.groups[group].what;
}

// ---------------------------------------------------------------------------------------------
// Statements

/** True when some value of the list is not a literal. */
export function hasUnknown(values: Val<string>[] | undefined): boolean {
  return !!values?.some((v) => v.state !== 'literal');
}

/** True when the statement's Action (or NotAction) lets it apply to `action`; unknown values count as covering. */
export function statementCovers(s: Statement, action: string): boolean {
  if (s.action) return s.action.some((v) => v.state !== 'literal' || patternMatches(v.value, action));
  if (s.notAction) return hasUnknown(s.notAction) || !s.notAction.some((v) => v.state === 'literal' && patternMatches(v.value, action));
  return false;
}

/**
 * A Deny (or a statement of unknown effect) that applies to requests without MFA: any MFA
 * condition counts here, working or not (DP101 reports the ones that do not work), so that a
 * statement is never reported twice.
 */
export function isMfaDeny(s: Statement): boolean {
  const effect = effectOf(s);
  if (effect === 'allow') return false;
  if (effect === undefined && lit(s.effect) !== undefined) return false; // a misspelt effect: neither
  return mfaConditions(s).length > 0;
}

/** The policy's Deny statement that denies `action` to requests without MFA, if any. */
export function mfaDenyCovering(doc: PolicyDocument, action: string): Statement | undefined {
  return doc.statements.find((s) => isMfaDeny(s) && statementCovers(s, action));
}

/**
 * AWS's "deny everything except MFA setup when MFA is absent" statement (DenyAllExceptListedIfNoMFA),
 * or any MFA Deny on every action (`*`): it puts every action of the principal behind MFA.
 */
export function isDenyAllWithoutMfa(s: Statement): boolean {
  if (!isMfaDeny(s)) return false;
  if (s.notAction) return true;
  return !!s.action?.some((v) => v.state !== 'literal' || v.value === '*');
}

// ---------------------------------------------------------------------------------------------
// Who a policy is attached to

export type Attachment = 'human' | 'role' | 'unknown';

/**
 * Who the identity policy applies to: people (IAM users and groups), roles only (whose sessions
 * cannot carry MFA to later requests: their MFA check belongs in the trust policy), or unknown (a
 * standalone file, a managed policy attached nowhere in sight).
 */
export function attachmentOf(doc: PolicyDocument, model: Model): Attachment {
  const a = policyAttachment(doc, model);
  if (a.kinds.has('user') || a.kinds.has('group')) return 'human';
  if (a.kinds.has('role')) return 'role';
  return 'unknown';
}
