// Placeholder until the Terraform writers land.
import type { PolicyDocument } from '../model/model';
import type { TextEdit } from '../types';
import type { PlainValue } from './statement';

export function insertStatementHclObject(_doc: PolicyDocument, _text: string, _stmt: Record<string, PlainValue>): TextEdit | undefined {
  return undefined;
}
export function insertStatementPolicyDocumentBlock(_doc: PolicyDocument, _text: string, _stmt: Record<string, PlainValue>): TextEdit | undefined {
  return undefined;
}
