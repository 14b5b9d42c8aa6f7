import type { ParsedDocument } from '../documents/document';
import { entryCI, type VNode } from '../value';
import type { PolicyDocument, PolicyKind, Resource, Statement } from './model';
import { hasPrincipalElement, lit, policyFromNode } from './policy';

/** How deep to look for policy documents inside a wrapper (`{"PolicyVersion": {"Document": {...}}}`, maps of policies). */
const SEARCH_DEPTH = 4;

/**
 * Standalone IAM policy JSON: a document with `Statement`, an array of documents, or a map of
 * them (also the shapes the AWS CLI prints, e.g. `PolicyVersion.Document`).
 */
export function buildIamModel(doc: ParsedDocument): { resources: Resource[]; policies: PolicyDocument[] } {
  const policies: PolicyDocument[] = [];
  if (!doc.root) return { resources: [], policies };
  const found: { node: VNode; path: string }[] = [];
  const stack: { node: VNode; path: string; depth: number }[] = [{ node: doc.root, path: '', depth: 0 }];
  while (stack.length) {
    const { node, path, depth } = stack.pop()!;
    if (node.kind === 'object') {
      if (entryCI(node, 'Statement')) {
        found.push({ node, path });
        continue;
      }
      if (depth < SEARCH_DEPTH) for (const e of node.entries) stack.push({ node: e.value, path: path ? `${path}.${e.key}` : e.key, depth: depth + 1 });
    } else if (node.kind === 'array' && depth < SEARCH_DEPTH) {
      node.items.forEach((it, i) => stack.push({ node: it, path: `${path}[${i}]`, depth: depth + 1 }));
    }
  }
  found.sort((a, b) => a.node.span.start - b.node.span.start);
  for (const f of found) {
    const p = policyFromNode(f.node, {
      file: doc.path,
      kind: 'unknown',
      property: f.path,
      dialect: 'json',
      anchor: entryCI(f.node, 'Statement')!.keySpan,
    });
    p.kind = inferKind(p.statements);
    policies.push(p);
  }
  return { resources: [], policies };
}

/**
 * A standalone document does not say where it is attached. Statements with a Principal make it a
 * resource policy (a trust policy when they only allow assuming a role); without, an identity policy.
 */
export function inferKind(statements: Statement[]): PolicyKind {
  // One pass, and out at the first action that is not a role-assumption one (most resource policies:
  // their first action); principals are only looked for, not normalised.
  let principals = 0;
  let actions = 0;
  for (const s of statements) {
    if (!hasPrincipalElement(s)) continue;
    principals++;
    for (const a of s.action ?? []) {
      const v = lit(a);
      if (v === undefined || !TRUST_ACTION.test(v)) return 'resource';
      actions++;
    }
  }
  if (principals === 0) return statements.length ? 'identity' : 'unknown';
  return actions ? 'trust' : 'resource';
}

const TRUST_ACTION = /^sts:(AssumeRole|AssumeRoleWith\w+|TagSession|SetSourceIdentity|SetContext)$/i;
