/**
 * An IAM statement in the argument names of Terraform's `aws_iam_policy_document` data source:
 * `sid`, `effect`, `principals { type, identifiers }`, `actions`, `resources`,
 * `condition { test, variable, values }`. Nested blocks are lists of objects, so that HCL writes
 * them as blocks and `.tf.json` as lists, in the order Terraform documents them.
 */
import { isLoweredMap, type Lowered } from './lower';

type LoweredMap = { [key: string]: Lowered };

const LIST_ARGUMENTS: Record<string, string> = { Action: 'actions', NotAction: 'not_actions', Resource: 'resources', NotResource: 'not_resources' };
const ORDER = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];

function asItems(v: Lowered): Lowered[] {
  return Array.isArray(v) ? v : [v];
}

/** Condition values are strings in `aws_iam_policy_document`. */
function strings(v: Lowered): Lowered[] {
  return asItems(v).map((x) => (typeof x === 'number' || typeof x === 'boolean' ? String(x) : x));
}

function principals(v: Lowered): LoweredMap[] | undefined {
  if (v === '*') return [{ type: '*', identifiers: ['*'] }];
  if (!isLoweredMap(v)) return undefined;
  return Object.entries(v).map(([type, ids]) => ({ type, identifiers: strings(ids) }));
}

function conditions(v: Lowered): LoweredMap[] | undefined {
  if (!isLoweredMap(v)) return undefined;
  const out: LoweredMap[] = [];
  for (const [test, byKey] of Object.entries(v)) {
    if (!isLoweredMap(byKey)) return undefined;
    for (const [variable, values] of Object.entries(byKey)) out.push(conditionBlock(test, variable, values));
  }
  return out;
}

export function conditionBlock(test: string, variable: string, values: Lowered): LoweredMap {
  return { test, variable, values: strings(values) };
}

/** The statement block's arguments; undefined when an element has no form there. */
export function policyDocumentStatement(stmt: Lowered): LoweredMap | undefined {
  if (!isLoweredMap(stmt)) return undefined;
  if (Object.keys(stmt).some((k) => !ORDER.includes(k))) return undefined;
  const out: LoweredMap = {};
  for (const k of ORDER) {
    if (!(k in stmt)) continue;
    const v = stmt[k];
    if (k === 'Sid' || k === 'Effect') out[k.toLowerCase()] = v;
    else if (k in LIST_ARGUMENTS) out[LIST_ARGUMENTS[k]] = asItems(v);
    else {
      const blocks = k === 'Condition' ? conditions(v) : principals(v);
      if (!blocks) return undefined;
      out[k === 'Condition' ? 'condition' : k === 'Principal' ? 'principals' : 'not_principals'] = blocks;
    }
  }
  return out;
}
