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
  /** Set when the parser already turned long-form CloudFormation intrinsics into intrinsic nodes (JSON templates). */
  intrinsicsResolved?: boolean;
  comments: Comment[];
  notices: Notice[];
  /** Terraform HCL: the parsed file (see documents/hcl/). */
  hcl?: unknown;
  /** Set when the time budget stopped the parse: the document already carries the notice, and is not analysed. */
  stopped?: boolean;
  /** Set when parsed with `keep` (Engine.parse): pass it as `previous` to re-parse an edited version incrementally. */
  handle?: ParseHandle;
}

/**
 * What an incremental re-parse of a file needs from its previous parse (for Terraform, the
 * tree-sitter syntax tree and the converted blocks). The syntax tree lives in WebAssembly memory,
 * which the garbage collector does not see: whoever holds a handle disposes of it.
 */
export interface ParseHandle {
  readonly path: string;
  /** The text that was parsed. */
  readonly text: string;
  /** Frees the syntax tree. Idempotent; a disposed handle passed as `previous` means a full parse. */
  dispose(): void;
}
