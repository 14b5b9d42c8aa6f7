import type { LineIndex } from '../text';
import type { Notice } from '../types';
import type { VNode } from '../value';
import type { Comment } from './document';
export function parseYamlDocument(_path: string, _text: string, _lines: LineIndex): { roots: VNode[]; comments: Comment[]; notices: Notice[] } {
  return { roots: [], comments: [], notices: [] };
}
