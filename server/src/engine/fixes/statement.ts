import type { PolicyDocument } from '../model/model';
import type { TextEdit } from '../types';
import { insertStatementHclObject, insertStatementPolicyDocumentBlock } from './hcl';
import { insertStatementJson } from './json';
import { insertStatementYaml } from './yaml';

/** A raw Terraform expression, written as is (e.g. `aws_s3_bucket.logs.arn`). JSON/YAML writers reject it. */
export interface HclExpr {
  $hcl: string;
}

/**
 * A value to write into a file. Objects whose single key is a CloudFormation intrinsic
 * (`Ref`, `Fn::Sub`, ...) are written in the short form (`!Sub`) in YAML files that use short forms.
 */
export type PlainValue = string | number | boolean | null | PlainValue[] | { [k: string]: PlainValue } | HclExpr;

export function isHclExpr(v: unknown): v is HclExpr {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as HclExpr).$hcl === 'string';
}

/**
 * An edit that appends a statement to a policy document, written in the document's own syntax
 * and indentation. Undefined when the document cannot be edited in place (e.g. JSON inside an
 * escaped string, or a statement list that is an unknown expression).
 *
 * `stmt` uses IAM element names (`Sid`, `Effect`, `Principal`, `Action`, `Resource`, `Condition`).
 */
export function insertStatementEdit(doc: PolicyDocument, text: string, stmt: Record<string, PlainValue>): TextEdit | undefined {
  if (doc.node.embedded) return undefined;
  switch (doc.dialect) {
    case 'json':
      return insertStatementJson(doc, text, stmt);
    case 'yaml':
      return insertStatementYaml(doc, text, stmt);
    case 'hcl':
      return insertStatementHclObject(doc, text, stmt);
    case 'hcl-policy-document':
      return insertStatementPolicyDocumentBlock(doc, text, stmt);
  }
}
