import type { ParsedDocument } from '../documents/document';
import type { PolicyDocument, Resource } from './model';
export function buildIamModel(_doc: ParsedDocument): { resources: Resource[]; policies: PolicyDocument[] } {
  return { resources: [], policies: [] };
}
