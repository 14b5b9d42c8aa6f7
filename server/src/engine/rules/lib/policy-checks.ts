import type { Condition, PolicyDocument, PrincipalSet, Statement, Val } from '../../model/model';
import { effectKind, lit } from '../../model/policy';

/** Effect as written, lower-cased; undefined when unknown or missing (read once per statement: rules ask for every statement's, several times). */
export function effectOf(s: Statement): 'allow' | 'deny' | undefined {
  return effectKind(s);
}

/** True when the principal is everyone (`"*"` or `{"AWS": "*"}`), or cannot be known. */
export function principalIsEveryone(p: PrincipalSet | undefined): boolean {
  if (!p) return false;
  if (p.wildcard || p.unknown) return true;
  return p.entries.some((e) => (e.type === '*' || e.type.toUpperCase() === 'AWS') && e.values.some((v) => v.state !== 'literal' || v.value === '*'));
}

/** True when one of the values is `*`, `<service>:*`, or unknown. */
export function coversAllActions(values: Val<string>[] | undefined, service: string): boolean {
  if (!values) return false;
  const svc = `${service.toLowerCase()}:*`;
  return values.some((v) => v.state !== 'literal' || v.value === '*' || v.value.toLowerCase() === svc);
}

const NO_CONDITIONS: readonly Condition[] = Object.freeze([]);

export function conditionsOn(s: Statement, key: string): readonly Condition[] {
  const all = s.conditions;
  if (all.length === 0) return NO_CONDITIONS;
  // No array and no lower-cased copies unless needed (keys are usually written as AWS spells them).
  let out: Condition[] | undefined;
  let k: string | undefined;
  for (const c of all) if (c.key === key || c.key.toLowerCase() === (k ??= key.toLowerCase())) (out ??= []).push(c);
  return out ?? NO_CONDITIONS;
}

/** `Bool`/`BoolIfExists` (no set qualifier) on `key` with `value` among its values, or an unknown value. */
export function boolConditionMatches(c: Condition, value: 'true' | 'false'): boolean {
  if (c.baseOperator.toLowerCase() !== 'bool' || c.qualifier) return false;
  return c.values.some((v) => v.state !== 'literal' || v.value.toLowerCase() === value);
}

/** All literal strings of a statement list (Action, Resource...). */
export function literals(values: Val<string>[] | undefined): string[] {
  return (values ?? []).flatMap((v) => (v.state === 'literal' ? [v.value] : []));
}

const S3_ARN = /^arn:[^:]*:s3:::([^/*]+)/;

/** Bucket names named by literal ARNs in the policy's statements. */
export function bucketNamesInPolicy(doc: PolicyDocument): string[] {
  const names = new Set<string>();
  for (const s of doc.statements) for (const r of literals(s.resource)) {
    const m = S3_ARN.exec(r);
    if (m) names.add(m[1]);
  }
  return [...names];
}

/** True when the statements speak about S3 (actions or ARNs). */
export function mentionsS3(doc: PolicyDocument): boolean {
  return doc.statements.some(
    (s) => literals(s.action).some((a) => /^s3:/i.test(a)) || literals(s.resource).some((r) => /^arn:[^:]*:s3:/.test(r) || /:s3:::/.test(r)),
  );
}

/** A Sid not used yet in the document. */
export function uniqueSid(doc: PolicyDocument, base: string): string {
  const used = new Set(doc.statements.map((s) => lit(s.sid)).filter(Boolean));
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}${i}`)) return `${base}${i}`;
}
