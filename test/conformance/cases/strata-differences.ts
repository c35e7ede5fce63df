// Where Strata deliberately answers otherwise than the recorded dockerd 20.10, and what it answers.
// Each entry names the reason; the rest of the golden still applies.
import type { HttpCase } from '../types.js';

const pingHeaders = (extra: Record<string, string> = {}): Record<string, string> => ({
  'api-version': '<api-max>',
  'cache-control': 'no-cache, no-store, must-revalidate',
  'content-type': 'text/plain; charset=utf-8',
  'docker-experimental': 'false',
  ostype: 'linux',
  pragma: 'no-cache',
  server: '<server>',
  swarm: 'inactive',
  ...extra,
});

const strataVersionBody =
  '{"Platform":{"Name":"Strata"},"Components":[{"Name":"Engine","Version":"<Version>","Details":{"ApiVersion":"<ApiVersion>","Arch":"<Arch>","BuildTime":"<BuildTime>","Experimental":"false","GitCommit":"<GitCommit>","GoVersion":"<GoVersion>","KernelVersion":"<KernelVersion>","MinAPIVersion":"<MinAPIVersion>","Os":"linux"}}],"Version":"<Version>","ApiVersion":"<ApiVersion>","MinAPIVersion":"<MinAPIVersion>","GitCommit":"<GitCommit>","GoVersion":"<GoVersion>","Os":"linux","Arch":"<Arch>","KernelVersion":"<KernelVersion>"}\n';

const tooOld = (v: string): HttpCase['strata'] => ({
  status: 400,
  headers: {
    'api-version': '<api-max>',
    'content-type': 'text/plain; charset=utf-8',
    ostype: 'linux',
    server: '<server>',
    'x-content-type-options': 'nosniff',
  },
  body: `client version ${v} is too old. Minimum supported API version is 1.24, please upgrade your client to a newer version\n`,
});

const unversioned =
  'an unversioned request is served at Strata’s newest API (1.50), as Docker 28 does; the golden is 20.10 at 1.41';
const minimum = 'Strata’s oldest API is 1.24, as Docker 28’s (20.10 went down to 1.12)';

/** `-o size=` on the default `dir` backend: Docker's text, then which backends can (FINDINGS.md S1). */
export const noQuotaDiff =
  "Strata's size limits live on the btrfs and image backends: the dir backend's refusal keeps Docker's text and names them";
export const noQuotaStrata =
  "quota size requested but no quota support: the dir backend cannot limit a volume's size; use -o backend=btrfs or -o backend=image";

/** case name → why Strata differs, and the parts of the answer that differ. */
export const strataDifferences: Record<string, Pick<HttpCase, 'expectDiff' | 'strata'>> = {
  'ping-get': {
    expectDiff: `${unversioned}: /_ping adds Swarm`,
    strata: { headers: pingHeaders() },
  },
  'ping-head': {
    expectDiff: `${unversioned}: /_ping adds Swarm`,
    strata: { headers: pingHeaders({ 'content-length': '0' }) },
  },
  version: {
    expectDiff: '/version describes Strata (one Engine component, no Go build facts)',
    strata: { body: strataVersionBody },
  },
  'version-v1.41': { expectDiff: '/version describes Strata', strata: { body: strataVersionBody } },
  'version-v1.24': { expectDiff: '/version describes Strata', strata: { body: strataVersionBody } },
  'api-v1.12-volumes': { expectDiff: minimum, strata: tooOld('1.12') },
  'api-v1.23-volumes': { expectDiff: minimum, strata: tooOld('1.23') },
  'api-v1.23-volume-missing': { expectDiff: minimum, strata: tooOld('1.23') },
  'api-too-old': { expectDiff: minimum, strata: { body: tooOld('1.11')?.body ?? '' } },
  'api-version-one-part': { expectDiff: minimum, strata: { body: tooOld('1')?.body ?? '' } },
  'create-opt-size': {
    expectDiff: noQuotaDiff,
    strata: { body: `{"message":"create myvol: ${noQuotaStrata}"}\n` },
  },
  'prune-unversioned-path': {
    expectDiff: `${unversioned}: prune removes only anonymous volumes, and those made at 1.41 carry no anonymous label`,
    strata: { body: '{"VolumesDeleted":[],"SpaceReclaimed":0}\n' },
  },
};

/** The case with Strata's expectation attached, when it has one. */
export function withStrataDifference(c: HttpCase): HttpCase {
  const d = strataDifferences[c.name];
  return d ? { ...c, ...d } : c;
}
