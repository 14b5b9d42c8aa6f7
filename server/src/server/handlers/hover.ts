/**
 * Hover: what a condition key (`aws:SecureTransport`, `aws:MultiFactorAuthPresent`, `s3:TlsVersion`, …)
 * or a TLS security policy name means and what AWS recommends. The text is the engine's (hoverAt).
 */
import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import { hoverAt } from '../../engine/index';
import type { ServerContext } from '../context';

export class HoverHandler {
  constructor(private readonly ctx: ServerContext) {}

  hover(params: HoverParams): Hover | null {
    const doc = this.ctx.documents.get(params.textDocument.uri);
    if (!doc) return null;
    const text = doc.getText();
    const h = hoverAt(text, doc.offsetAt(params.position));
    if (!h) return null;
    return { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: { start: doc.positionAt(h.span.start), end: doc.positionAt(h.span.end) } };
  }
}
