/**
 * Where a rule reports that something is MISSING from a policy statement (no MFA condition, no
 * secure-transport condition...), one choice for every rule and format:
 *
 * - A policy embedded in a resource (a CloudFormation property such as `AssumeRolePolicyDocument`
 *   or `Policies[0].PolicyDocument`, a Terraform attribute such as `assume_role_policy` or `policy`
 *   holding `jsonencode(...)`, a heredoc or a JSON string): the finding sits on that property's
 *   KEY, the place a reader looks for "the policy of this resource". Nothing inside the statement
 *   is wrong, so no token inside it is the culprit; the message names the statement or principal,
 *   and a related location points at it (`exact`).
 * - A Terraform `data "aws_iam_policy_document"`: each statement is its own `statement` block, so
 *   the finding sits on that block's `statement` keyword (in `.tf.json`, the data source's
 *   `"statement"` key), never on a `.json` reference that uses the document (a data source used by
 *   several resources would be reported at each use, and the reference line holds no statement).
 * - A standalone policy file (IAM policy JSON): the statement is the whole story, so the finding
 *   stays on the exact token the rule names (the principal, the action); no related location.
 *
 * A finding about a WRONG token (a condition value or operator that does not work) is not a
 * missing-thing finding: rules report it on that token and do not use this helper.
 * Fixes are unaffected: they edit the statement (fixes/ops.ts), whatever the anchor.
 * The span itself comes from the model (`statementAnchor` in model/policy.ts), which knows the syntax.
 */
import type { PolicyDocument, Statement } from '../../model/model';
import { lit, statementAnchor } from '../../model/policy';
import type { Span } from '../../types';
import type { Report } from '../rule';

export interface MissingAnchor {
  span: Span;
  /** Where the statement's exact tokens are (the `exact` spans), when the finding is anchored elsewhere. */
  related?: NonNullable<Report['related']>;
  /** True when the finding sits away from the statement (the message should then name the statement). */
  away: boolean;
}

/** At most this many related locations per finding (a statement may list dozens of principals or actions). */
const MAX_RELATED = 10;

/**
 * The span to report a statement's missing element on, and related locations that point at the
 * statement's `exact` tokens (the principals, the actions; the first is the one a standalone file's
 * finding sits on), each with `relatedMessage`, per the rules in this module's comment.
 */
export function missingInStatement(doc: PolicyDocument, s: Statement, exact: Span | readonly Span[], relatedMessage: string): MissingAnchor {
  const spans = Array.isArray(exact) ? (exact as readonly Span[]) : [exact as Span];
  const first = spans[0];
  const span = statementAnchor(doc, s);
  if (!span || (span.start === first.start && span.end === first.end)) return { span: first, away: false };
  const related: NonNullable<Report['related']> = [];
  for (const x of spans) {
    if (related.length >= MAX_RELATED) break;
    // Spans inside a JSON string are the whole string's: one related location, not one per token.
    if (!related.some((r) => r.span.start === x.start && r.span.end === x.end)) related.push({ file: doc.file, span: x, message: relatedMessage });
  }
  return { span, away: true, related };
}

/**
 * How a message names a statement that the finding does not sit on: its Sid, else its position
 * when the document has several, else "this policy".
 */
export function statementName(doc: PolicyDocument, s: Statement): string {
  const sid = lit(s.sid)?.trim();
  if (sid && sid.length <= 64) return `statement "${sid}"`;
  if (doc.statements.length > 1) {
    const i = doc.statements.indexOf(s);
    if (i >= 0) return `statement ${i + 1}`;
  }
  return 'this policy';
}
