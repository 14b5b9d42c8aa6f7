/**
 * TLS security policies: the lowest protocol version each named policy accepts, per service
 * (data/tls-policies.json, one hand-kept table with its sources), the documented default and the
 * policy a fix writes. A name the table does not list is unknown and never judged.
 */
import table from '../data/tls-policies.json';

export type TlsService = keyof typeof table.services;
export type TlsVersion = 'SSLv3' | '1.0' | '1.1' | '1.2' | '1.3';

const ORDER: Record<TlsVersion, number> = { SSLv3: 0, '1.0': 1, '1.1': 2, '1.2': 3, '1.3': 4 };

export interface TlsServiceFacts {
  /** The policy AWS applies when the property is left out, where AWS documents one. */
  default?: string;
  /** The policy a fix writes (AWS's current recommendation for the service). */
  recommended: string;
  /** The TLS 1.3-only policy a fix writes when the project requires TLS 1.3; undefined where the service has none for every endpoint type. */
  recommended13?: string;
}

export function serviceFacts(service: TlsService): TlsServiceFacts {
  const s = table.services[service] as { default?: string; recommended: string; recommended13?: string };
  return { default: s.default, recommended: s.recommended, recommended13: s.recommended13 };
}

/** The lowest version `policy` accepts on `service`, or undefined for a name the table does not list. */
export function minimumVersion(service: TlsService, policy: string): TlsVersion | undefined {
  const p = table.services[service].policies as Record<string, string>;
  return Object.prototype.hasOwnProperty.call(p, policy) ? (p[policy] as TlsVersion) : undefined;
}

/** Whether `v` is below `floor` (`SSLv3` < `1.0` < ... < `1.3`). */
export function below(v: TlsVersion, floor: TlsVersion): boolean {
  return ORDER[v] < ORDER[floor];
}

/** How a version is named in messages: `TLS 1.0`, `SSL 3.0`. */
export function versionName(v: TlsVersion): string {
  return v === 'SSLv3' ? 'SSL 3.0' : `TLS ${v}`;
}
