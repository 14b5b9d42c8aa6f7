/** What a parsed Terraform (`.tf`) file is: its top-level blocks, each with its body as a value tree. */
import type { Span } from '../../types';
import type { VObject } from '../../value';
import type { ParsedDocument } from '../document';

export interface HclLabel {
  value: string;
  /** Span of the label as written (with its quotes). */
  span: Span;
}

/** A top-level block: `resource "aws_s3_bucket" "b" { ... }`, `data`, `module`, `locals`... */
export interface HclBlock {
  type: string;
  typeSpan: Span;
  labels: HclLabel[];
  /**
   * The body as a value tree (dialect 'hcl'). Its span is the whole block. Attributes are entries;
   * nested blocks of one type are one entry whose value is an array of objects (each spanning its
   * whole block); a `dynamic "x"` block adds an unknown item to the `x` array.
   */
  body: VObject;
  span: Span;
}

/** What `parseHclDocument` stores on `ParsedDocument.hcl`. */
export interface HclFile {
  blocks: HclBlock[];
}

/** The parsed Terraform file of a document, if it is one. */
export function hclOf(doc: ParsedDocument): HclFile | undefined {
  const h = doc.hcl as HclFile | undefined;
  return h && Array.isArray(h.blocks) ? h : undefined;
}
