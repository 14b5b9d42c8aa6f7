import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isCandidatePath } from '../engine/index';

export { isTerraformPath } from '../engine/index';

/** Extension to give a document that has none (untitled buffers), so format detection still works. */
const EXT_BY_LANGUAGE: Record<string, string> = {
  yaml: '.yaml',
  json: '.json',
  jsonc: '.json',
  terraform: '.tf',
  hcl: '.tf',
};

/**
 * The engine path of a document: the file system path for `file:` URIs; for other schemes
 * (untitled buffers, virtual documents) the URI path, with an extension from the language id
 * when it has none the engine recognises.
 */
export function uriToPath(uri: string, languageId?: string): string {
  if (uri.startsWith('file:')) {
    try {
      return fileURLToPath(uri);
    } catch {
      // fall through: treat like any other scheme
    }
  }
  let p: string;
  try {
    const u = new URL(uri);
    p = decodeURIComponent(u.pathname || uri);
  } catch {
    p = uri;
  }
  if (!isCandidatePath(p)) p += EXT_BY_LANGUAGE[languageId ?? ''] ?? '';
  return p;
}

export function pathToUri(p: string): string {
  return pathToFileURL(p).href;
}

/** Whether `p` lies inside directory `dir` (or is it). */
export function isInside(dir: string, p: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** `p` relative to `dir`, `/`-separated (the form config globs are written in). */
export function relativePosix(dir: string, p: string): string {
  return path.relative(dir, p).split(path.sep).join('/');
}
