// Replays every docker CLI case (cli-cases.ts) against Strata — or dockerd with STRATA_CONFORMANCE_TARGET=dockerd —
// and compares normalised stdout/stderr/exit code with the goldens recorded from dockerd 20.10 (record.ts).
// The CLI pins DOCKER_API_VERSION=1.41 (per case), so it takes the same code paths as against dockerd 20.10.
import { describe, expect, it } from 'vitest';
import { cliCases } from './cli-cases.js';
import { cliResultOf, readCliGolden } from './goldens.js';
import { expected, missingFeatures, runCliCase } from './harness.js';
import { suiteTitle, useTarget } from './suite.js';

const target = useTarget({ needsCli: true });

describe.skipIf(target.skipReason !== undefined)(suiteTitle('docker CLI conformance', target), () => {
  for (const c of cliCases) {
    it(c.name, async (ctx) => {
      const t = target.get();
      const missing = missingFeatures(t, c);
      if (missing.length) ctx.skip(`${t.kind} lacks ${missing.join(', ')} (containers need root and runc)`);
      const golden = readCliGolden(c.name);
      if (!golden)
        throw new Error(`no golden for ${c.name}: npx tsx test/conformance/record.ts --only ${c.name}`);
      const actual = await runCliCase(t, c);
      expect(actual).toEqual(expected(cliResultOf(golden), c, t.kind));
    });
  }
});
