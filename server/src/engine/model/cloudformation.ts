import type { ParsedDocument } from '../documents/document';
import type { PolicyDocument, Resource } from './model';
export function buildCloudFormationModel(_doc: ParsedDocument): { resources: Resource[]; policies: PolicyDocument[] } {
  return { resources: [], policies: [] };
}
