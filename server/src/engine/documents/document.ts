import type { LineIndex } from '../text';
import type { Format, Notice, Span } from '../types';
import type { VNode } from '../value';

export interface Comment {
  span: Span;
  /** Comment text without its delimiter (`#`, `//`, `/*`). */
  text: string;
}

/** A file parsed once; every rule and the model builder share it. */
export interface ParsedDocument {
  path: string;
  text: string;
  format: Format;
  lines: LineIndex;
  /** Root value (JSON, YAML, .tf.json). Terraform HCL files have `hcl` instead. */
  root?: VNode;
  /** YAML may hold several documents; `root` is the first. */
  roots?: VNode[];
  comments: Comment[];
  notices: Notice[];
  /** Terraform HCL: the parsed file (see documents/hcl.ts). */
  hcl?: unknown;
}
