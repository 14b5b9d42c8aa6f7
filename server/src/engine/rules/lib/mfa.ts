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
import type { Report } from '../rule';
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
// Does an Allow statement's MFA condition work?

/**
 * What the request context holds in the three kinds of request that matter (IAM User Guide,
 * aws:MultiFactorAuthPresent / aws:MultiFactorAuthAge):
 * - `keys`: long-term access keys (CLI, SDK): neither key is present;
 * - `session`: a console or temporary session without MFA: MultiFactorAuthPresent = "false", no age;
 * - `mfa`: a request made with MFA: MultiFactorAuthPresent = "true", an age we cannot know.
 */
type Request = 'keys' | 'session' | 'mfa';

/** Operators that match a missing key (AWS: a negated operator is true when the key is absent). */
const NEGATED = /^(StringNot|NumericNot|DateNot|ArnNot)/i;

/**
 * Whether one MFA condition matches a kind of request: `undefined` when that cannot be known
 * (a value known only at deploy time, an operator this helper does not evaluate, the MFA age).
 */
function conditionMatches(c: Condition, request: Request): boolean | undefined {
  const values = literalValues(c.values);
  if (!values) return undefined;
  const present = isMfaPresentKey(c);
  // The key's value in this request; null: absent; undefined: present with a value we cannot know.
  const value: string | null | undefined = present ? (request === 'keys' ? null : request === 'session' ? 'false' : 'true') : request === 'mfa' ? undefined : null;
  const base = c.baseOperator.toLowerCase();
  if (base === 'null') return values.includes(value === null ? 'true' : 'false');
  if (value === null) {
    if (c.qualifier) return c.qualifier === 'ForAllValues';
    return c.ifExists || NEGATED.test(c.baseOperator);
  }
  if (value === undefined) return undefined;
  switch (base) {
    case 'bool':
    case 'stringequals':
    case 'stringequalsignorecase':
      return values.includes(value);
    case 'stringnotequals':
    case 'stringnotequalsignorecase':
      return !values.includes(value);
    case 'stringlike':
      return values.some((v) => patternMatches(v, value));
    case 'stringnotlike':
      return !values.some((v) => patternMatches(v, value));
    default:
      return undefined;
  }
}

/** Whether every MFA condition of the statement matches the request (the conditions are ANDed); `undefined`: unknown. */
function allMatch(conditions: Condition[], request: Request): boolean | undefined {
  let known = true;
  for (const c of conditions) {
    const m = conditionMatches(c, request);
    if (m === false) return false;
    if (m === undefined) known = false;
  }
  return known ? true : undefined;
}

/** How an Allow statement lets requests without MFA through (see `mfaGap`). */
export interface MfaGap {
  /** The statement's conditions on the MFA keys; empty when it has none (the condition is missing). */
  conditions: Condition[];
  /** Requests made with long-term access keys get through. */
  keys: boolean;
  /** Console and temporary sessions without MFA get through. */
  sessions: boolean;
  /** False when requests made WITH MFA do not get through: the condition requires the absence of MFA. */
  withMfa: boolean;
}

/**
 * For an Allow statement: the requests without MFA it lets through, or `undefined` when its MFA
 * conditions require MFA (or may: a value only known at deploy time is given the benefit of the
 * doubt). A condition counts only if it WORKS: `Bool` = "false", `BoolIfExists` = "true"
 * (long-term keys pass), `Null` = "true", `ForAllValues:` (a missing key matches), `…IfExists` on
 * the MFA age do not require MFA. DP101 reports such conditions on their exact token.
 */
export function mfaGap(s: Statement): MfaGap | undefined {
  const conditions = mfaConditions(s);
  if (conditions.length === 0) return { conditions, keys: true, sessions: true, withMfa: true };
  const keys = allMatch(conditions, 'keys') === true;
  const sessions = allMatch(conditions, 'session') === true;
  if (!keys && !sessions) return undefined;
  return { conditions, keys, sessions, withMfa: allMatch(conditions, 'mfa') !== false };
}

/** The related locations of a "without MFA" finding plus one on each MFA condition that does not work (no span twice). */
export function withConditions(doc: PolicyDocument, related: Report['related'], gap: MfaGap, message: string): Report['related'] {
  const out = [...(related ?? [])];
  for (const c of gap.conditions) {
    const span = faultSpan(c);
    if (!out.some((r) => r.span.start === span.start && r.span.end === span.end)) out.push({ file: doc.file, span, message });
  }
  return out.length ? out : undefined;
}

/**
 * The token of an Allow's MFA condition that DP101 reports (so that the related location and
 * DP101's finding coincide): the value "false" of a `Bool`/`BoolIfExists` that wants "true", else the operator.
 */
function faultSpan(c: Condition): Condition['operatorSpan'] {
  if (!c.qualifier && c.baseOperator.toLowerCase() === 'bool' && isMfaPresentKey(c)) {
    const values = literalValues(c.values);
    if (values?.includes('false') && !values.includes('true')) {
      const v = c.values.find((x) => x.state === 'literal' && x.value.toLowerCase() === 'false');
      if (v && v.state === 'literal') return v.span;
    }
  }
  return c.operatorSpan;
}

/** `Bool aws:MultiFactorAuthPresent = "false"`: how a message quotes a condition. */
export function describeCondition(c: Condition): string {
  const values = c.values.map((v) => (v.state === 'literal' ? JSON.stringify(v.value.length > 24 ? `${v.value.slice(0, 24)}…` : v.value) : '…'));
  return `${c.operator} ${c.key} = ${values.length === 1 ? values[0] : `[${values.join(', ')}]`}`;
}

/**
 * The end of a "without MFA" message when the statement has MFA conditions that do not work
 * (`gap.conditions` not empty): why they let requests without MFA through.
 */
export function gapReason(gap: MfaGap): string {
  const one = gap.conditions.length === 1;
  const what = one ? `its condition ${describeCondition(gap.conditions[0])}` : 'its conditions on the MFA keys';
  const s = one ? 's' : '';
  if (!gap.withMfa) return `${what} require${s} the absence of MFA`;
  if (gap.keys && !gap.sessions) return `${what} also match${one ? 'es' : ''} requests made with long-term access keys, which never carry MFA`;
  if (gap.sessions && !gap.keys) return `${what} also match${one ? 'es' : ''} console and temporary sessions without MFA`;
  return `${what} match${one ? 'es' : ''} requests made without MFA`;
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
