// Placeholder until the Terraform parser lands.
import type { LineIndex } from '../text';
import type { ParsedDocument } from './document';

export async function initHcl(_wasmDir?: string): Promise<void> {}
export function parseHclDocument(path: string, text: string, lines: LineIndex): ParsedDocument {
  return { path, text, format: 'terraform', lines, comments: [], notices: [] };
}
