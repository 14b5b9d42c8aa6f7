/**
 * Validation against the SARIF 2.1.0 JSON schema (OASIS, sarif-2.1.0-rtm.5, as shipped in the npm
 * package @microsoft/jest-sarif, a devDependency used for this file only) with Ajv (its draft-04 class, ajv-draft-04: the schema is draft-04). The schema's language-tag pattern is not a valid Unicode regular expression, so patterns run without the u flag. Formats (uri,
 * date-time) are not checked: Ajv needs a plug-in for them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import { repoRoot } from './cli-support';

let validate: ((doc: unknown) => boolean) & { errors?: unknown } | undefined;

/** The schema's complaints about `doc` (empty when it is valid SARIF 2.1.0). */
export function sarifSchemaErrors(doc: unknown): string[] {
  if (!validate) {
    const file = path.join(repoRoot(), 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');
    const schema = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false });
    validate = ajv.compile(schema);
  }
  if (validate(doc)) return [];
  return ((validate.errors ?? []) as { instancePath: string; message?: string }[]).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}
