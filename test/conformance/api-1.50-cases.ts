// Hand-written expectations for API >= 1.42 behaviour (dossier sections 1.3, 1.4, 1.8, 7), run against Strata
// only (dockerd 20.10 stops at 1.41): raw HTTP at /v1.50 and the docker CLI negotiating (no DOCKER_API_VERSION).
// Expected texts are normalised like the goldens (<id-N>, <time>, <data-root>, <unix>, <api-max>, <server>).
import { api150CliCases } from './cases/api-1.50-cli.js';
import { api150HttpCases } from './cases/api-1.50-http.js';
import type { HttpRequestSpec, SetupStep } from './types.js';

export { api150CliCases, api150HttpCases };

export interface Api150HttpCase {
  name: string;
  /** Where the expectation comes from (dossier section, moby source). */
  source: string;
  setup?: SetupStep[];
  request: HttpRequestSpec;
  expect: {
    status: number;
    /** Subset of the recorded (normalised, lower-case) headers. */
    headers?: Record<string, string>;
    /** Exact normalised body, or any of several (where Docker's order is random). */
    body?: string | string[];
    /** Partial match on the parsed body (toMatchObject). */
    json?: unknown;
  };
}

export interface Api150CliCase {
  name: string;
  source: string;
  setup?: SetupStep[];
  argv: string[];
  stdin?: string;
  expect: { stdout?: string; stderr?: string; code: number };
}
