import type { PolicyDocument } from '../model/model';
import type { TextEdit } from '../types';
import type { PlainValue } from './statement';
export function insertStatementJson(_doc: PolicyDocument, _text: string, _stmt: Record<string, PlainValue>): TextEdit | undefined { return undefined; }
