// Replays every raw Engine API case (http-cases.ts) against Strata — or dockerd with STRATA_CONFORMANCE_TARGET=dockerd —
// and compares normalised status/headers/body with the goldens recorded from dockerd 20.10 (record.ts).
import { describe, expect, it } from 'vitest';
import { httpResultOf, readHttpGolden } from './goldens.js';
import { expected, missingFeatures, runHttpCase } from './harness.js';
import { httpCases } from './http-cases.js';
import { suiteTitle, useTarget } from './suite.js';

const target = useTarget({ needsCli: true });

describe.skipIf(target.skipReason !== undefined)(suiteTitle('Engine API conformance', target), () => {
  for (const c of httpCases) {
    it(c.name, async (ctx) => {
      const t = target.get();
      const missing = missingFeatures(t, c);
      if (missing.length) ctx.skip(`${t.kind} lacks ${missing.join(', ')} (containers need root and runc)`);
      const golden = readHttpGolden(c.name);
      if (!golden)
        throw new Error(`no golden for ${c.name}: npx tsx test/conformance/record.ts --only ${c.name}`);
      const actual = await runHttpCase(t, c);
      expect(actual).toEqual(expected(httpResultOf(golden), c, t.kind));
    });
  }
});
