// Placeholder until the Terraform model lands.
import type { ParsedDocument } from '../documents/document';
import type { PolicyDocument, Resource } from './model';

export function buildTerraformModel(_docs: ParsedDocument[]): { resources: Resource[]; policies: PolicyDocument[] } {
  return { resources: [], policies: [] };
}
