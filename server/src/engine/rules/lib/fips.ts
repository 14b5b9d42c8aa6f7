import type { Model } from '../../model/model';
import { settingValues, stringValues } from '../../model/settings';
import type { Severity } from '../../types';
import type { RuleContext } from '../rule';

const GOVCLOUD = /\bus-gov-[a-z]+-\d+\b|\barn:aws-us-gov:/;

/**
 * Whether the model's files target GovCloud: an AWS provider's region is `us-gov-*`, or a string
 * names a GovCloud region or ARN (`us-gov-west-1`, `arn:aws-us-gov:...`).
 */
export function targetsGovCloud(model: Model): boolean {
  for (const s of settingValues(model, 'aws-provider.region')) if (s.value.state === 'literal' && s.value.value.startsWith('us-gov-')) return true;
  return stringValues(model, { filter: (v) => GOVCLOUD.test(v), textHint: /us-gov-/ }).length > 0;
}

/**
 * The severity of a FIPS finding: warning when the project requires FIPS (`fips: required`,
 * `awsdp.fips.required`), when the finding itself is about GovCloud, or when the files target
 * GovCloud; otherwise the rule's default (undefined). Computed once per analysis.
 */
export function fipsSeverity(ctx: RuleContext): (gov: boolean) => Severity | undefined {
  let files: boolean | undefined;
  return (gov) => {
    if (ctx.project?.fipsRequired || gov) return 'warning';
    files ??= targetsGovCloud(ctx.model);
    return files ? 'warning' : undefined;
  };
}
