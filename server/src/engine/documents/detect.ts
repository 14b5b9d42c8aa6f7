import type { Format } from '../types';

const CFN_RESOURCE_TYPE = /["']?Type["']?\s*:\s*["']?(?:AWS|Custom|Alexa)::/;

function baseName(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return path.slice(i + 1).toLowerCase();
}

/**
 * Decides the format of a file from its name and a cheap look at its text (no full parse).
 * Returns undefined for files awsdp does not analyse; they are ignored quietly.
 */
export function detectFormat(path: string, text: string): Format | undefined {
  const name = baseName(path);
  if (isAwsConfigPath(path)) return 'aws-config';
  if (name.endsWith('.tf.json')) return 'terraform-json';
  if (name.endsWith('.tf')) return 'terraform';
  const isJson = name.endsWith('.json') || name.endsWith('.template') || name.endsWith('.jsonc');
  const isYaml = name.endsWith('.yaml') || name.endsWith('.yml');
  if (!isJson && !isYaml) return undefined;
  // Look at the head of the file only: detection must stay cheap on huge files.
  const head = text.length > 200_000 ? text.slice(0, 200_000) : text;
  if (/AWSTemplateFormatVersion/.test(head)) return 'cloudformation';
  if (/["']?Transform["']?\s*:\s*["']?AWS::Serverless/.test(head)) return 'cloudformation';
  if (/["']?Resources["']?\s*:/.test(head) && CFN_RESOURCE_TYPE.test(head)) return 'cloudformation';
  if (isJson || name.endsWith('.template')) {
    if (/"Statement"\s*:/i.test(head)) return 'iam-json';
  }
  return undefined;
}

/** Extensions awsdp considers at all (the directory walker, editors' untitled buffers), and the AWS shared config files (give the path, not only the name). */
export function isCandidatePath(path: string): boolean {
  const n = baseName(path);
  return /\.(tf|json|ya?ml|template|jsonc)$/.test(n) || isAwsConfigPath(path);
}

/**
 * The AWS SDK/CLI shared config and credentials files: a file named `config` or `credentials` in a
 * directory named `.aws` (`~/.aws/config`, a project's `.aws/credentials`). Other files of those names are not.
 */
export function isAwsConfigPath(path: string): boolean {
  return /(?:^|[\\/])\.aws[\\/](?:config|credentials)$/i.test(path);
}

/** Terraform files (`.tf`, `.tf.json`): the files of a module, analysed together. */
export function isTerraformPath(path: string): boolean {
  return /\.tf(\.json)?$/i.test(path);
}

/**
 * The module a Terraform file belongs to: its directory (Terraform's own rule). Files with the
 * same key are analysed together so that references across them resolve.
 */
export function moduleKey(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i < 0 ? '.' : path.slice(0, i);
}

/**
 * Whether a JSON-or-YAML file is YAML: by extension, and for `.template` files (CloudFormation's
 * old extension, either syntax) by the first character of the text.
 */
export function isYamlSyntax(path: string, text: string): boolean {
  return /\.ya?ml$/i.test(path) || (/\.template$/i.test(path) && !/^\s*[{[]/.test(text.slice(0, 1000)));
}
