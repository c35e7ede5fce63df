// API >= 1.42 behaviour (hand-written expectations, api-1.50-cases.ts) against Strata only: raw HTTP at /v1.50 and
// the docker CLI negotiating its version (no DOCKER_API_VERSION).
import { describe, expect, it } from 'vitest';
import { api150CliCases, api150HttpCases } from './api-1.50-cases.js';
import { runCliCase, runHttpCase } from './harness.js';
import { suiteTitle, useTarget } from './suite.js';

const target = useTarget({
  needsCli: true,
  only: 'strata',
  onlyReason: 'hand-written API 1.50 expectations; dockerd 20.10 serves at most API 1.41',
});

describe.skipIf(target.skipReason !== undefined)(suiteTitle('API 1.50 behaviour', target), () => {
  it('serves API 1.50 (Api-Version of /_ping)', () => {
    expect(target.get().maxApi).toBe('1.50');
  });

  for (const c of api150HttpCases) {
    it(`http ${c.name}`, async () => {
      const actual = await runHttpCase(target.get(), {
        name: c.name,
        request: c.request,
        ...(c.setup ? { setup: c.setup } : {}),
      });
      expect(actual.status, c.source).toBe(c.expect.status);
      if (c.expect.headers) expect(actual.headers, c.source).toMatchObject(c.expect.headers);
      if (typeof c.expect.body === 'string') expect(actual.body, c.source).toBe(c.expect.body);
      if (Array.isArray(c.expect.body))
        expect(c.expect.body, `${c.source}: got ${actual.body}`).toContain(actual.body);
      if (c.expect.json !== undefined)
        expect(JSON.parse(actual.body) as unknown, c.source).toMatchObject(c.expect.json as object);
    });
  }

  for (const c of api150CliCases) {
    it(`cli ${c.name}`, async () => {
      const actual = await runCliCase(target.get(), {
        name: c.name,
        argv: c.argv,
        apiVersion: null,
        ...(c.setup ? { setup: c.setup } : {}),
        ...(c.stdin === undefined ? {} : { stdin: c.stdin }),
      });
      expect(actual, c.source).toEqual({
        stdout: c.expect.stdout ?? actual.stdout,
        stderr: c.expect.stderr ?? actual.stderr,
        code: c.expect.code,
      });
    });
  }
});
