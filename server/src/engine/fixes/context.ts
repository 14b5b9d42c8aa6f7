/**
 * What a renderer knows about the file it edits: its text, format and the style around edits.
 * Built per rendering by the engine (fixes/render.ts); no state outlives it.
 */
import type { Format } from '../types';
import type { VNode } from '../value';
import { flavorOf, lower, usesGetAttArray, usesShortForms, type Lowered } from './lower';
import type { NeutralValue } from './ops';
import { detectEol, indentUnit } from './style';

/** The parts of a parsed document a renderer reads (the engine's ParsedDocument has them all). */
export interface FixDocument {
  path: string;
  text: string;
  format?: Format;
  /** Root value (JSON, YAML, `.tf.json`). */
  root?: VNode;
  /** Set for YAML files. */
  roots?: VNode[];
}

export type Syntax = 'json' | 'yaml' | 'hcl' | 'ini';

/** The syntax a file is written in. */
export function syntaxOf(doc: FixDocument): Syntax {
  if (doc.format === 'terraform') return 'hcl';
  if (doc.format === 'aws-config') return 'ini';
  return doc.roots ? 'yaml' : 'json';
}

export class RenderContext {
  readonly text: string;
  readonly eol: string;
  private _unit?: string;
  private _short?: boolean;
  private _getAttArray?: boolean;

  constructor(
    readonly doc: FixDocument,
    /** The syntax being written (JSON inside a `.tf` heredoc is `json` in an `hcl` file). */
    readonly syntax: Syntax,
  ) {
    this.text = doc.text;
    this.eol = detectEol(doc.text);
  }

  /** Indentation unit (YAML never indents with tabs). */
  get unit(): string {
    return (this._unit ??= indentUnit(this.text, { tabs: this.syntax !== 'yaml' }));
  }

  /** YAML: the file writes intrinsics in the short form. */
  get shortForms(): boolean {
    return (this._short ??= usesShortForms(this.text));
  }

  /** Lowers a neutral value for this file; undefined when it cannot be written here. */
  lower(v: NeutralValue): Lowered | undefined {
    const flavor = flavorOf(this.doc.format, this.syntax);
    if (flavor === 'cfn' && this._getAttArray === undefined) this._getAttArray = usesGetAttArray(this.text);
    return lower(v, { flavor, getAttArray: this._getAttArray });
  }
}
