import { dp101 } from './dp101-ineffective-mfa-condition';
import { dp102 } from './dp102-sensitive-actions-without-mfa';
import { dp103 } from './dp103-role-trust-without-mfa';
import { dp104 } from './dp104-console-user-without-mfa';
import { dp105 } from './dp105-cognito-user-pool-mfa-not-required';
import { dp106 } from './dp106-s3-versioning-without-mfa-delete';
import { dp201 } from './dp201-bucket-policy-without-secure-transport-deny';
import { dp202 } from './dp202-cloudfront-viewer-protocol-allows-http';
import { dp203 } from './dp203-service-allows-plain-text';
import { dp204 } from './dp204-bucket-without-secure-transport-policy';
import { dp205 } from './dp205-policy-allows-insecure-transport';
import { dp206 } from './dp206-queue-or-topic-policy-without-secure-transport-deny';
import { dp207 } from './dp207-aws-endpoint-over-http';
import { dp301 } from './dp301-tls-policy-below-1-2';
import { dp302 } from './dp302-tls-version-condition-below-1-2';
import { dp401 } from './dp401-non-fips-endpoint';
import { dp402 } from './dp402-terraform-provider-without-fips';
import { dp403 } from './dp403-fips-disabled-in-environment';
import { dp404 } from './dp404-aws-profile-without-fips';
import { dp501 } from './dp501-sensitive-data-in-name-or-tag';
import { dp502 } from './dp502-credentials-in-url';
import { dp503 } from './dp503-hard-coded-secret';
import type { Rule } from './rule';

/** The explicit rule registry: every rule is listed here, in id order. */
export const allRules: readonly Rule[] = [dp101, dp102, dp103, dp104, dp105, dp106, dp201, dp202, dp203, dp204, dp205, dp206, dp207, dp301, dp302, dp401, dp402, dp403, dp404, dp501, dp502, dp503];
