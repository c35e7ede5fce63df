import { describe, expect, it } from 'vitest';
import { RestartManager, restartsAtBoot, validateRestartPolicy } from './restart-policy.js';

describe('restart policies (moby restartmanager)', () => {
  it('validates with Docker 28 texts', () => {
    expect(() => validateRestartPolicy({ Name: 'always', MaximumRetryCount: 2 })).toThrow(
      "invalid restart policy: maximum retry count can only be used with 'on-failure'",
    );
    expect(() => validateRestartPolicy({ Name: 'no', MaximumRetryCount: -1 })).toThrow(
      "invalid restart policy: maximum retry count can only be used with 'on-failure' and cannot be negative",
    );
    expect(() => validateRestartPolicy({ Name: 'on-failure', MaximumRetryCount: -1 })).toThrow(
      'invalid restart policy: maximum retry count cannot be negative',
    );
    expect(() => validateRestartPolicy({ Name: 'sometimes' })).toThrow(
      "invalid restart policy: unknown policy 'sometimes'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'",
    );
    for (const ok of [
      undefined,
      {},
      { Name: '', MaximumRetryCount: 5 },
      { Name: 'on-failure', MaximumRetryCount: 3 },
      { Name: 'unless-stopped' },
    ]) {
      expect(() => validateRestartPolicy(ok)).not.toThrow();
    }
  });

  it('doubles the delay from 100 ms up to a minute, and resets it after a run of 10 s', () => {
    const m = new RestartManager({ Name: 'always' }, 0);
    const delays = Array.from({ length: 12 }, () => m.decide(0, false, 50));
    expect(delays).toEqual([100, 200, 400, 800, 1600, 3200, 6400, 12800, 25600, 51200, 60000, 60000]);
    expect(m.decide(0, false, 10_000)).toBe(100);
  });

  it('on-failure restarts after a failure only, at most N times; unless-stopped not after a stop', () => {
    const f = new RestartManager({ Name: 'on-failure', MaximumRetryCount: 2 }, 0);
    expect(f.decide(0, false, 0)).toBeUndefined();
    expect(f.decide(1, false, 0)).toBeDefined();
    expect(f.decide(1, false, 0)).toBeDefined();
    expect(f.decide(1, false, 0)).toBeUndefined();
    expect(new RestartManager({ Name: 'on-failure' }, 50).decide(1, false, 0)).toBeDefined();
    expect(new RestartManager({ Name: 'unless-stopped' }, 0).decide(0, true, 0)).toBeUndefined();
    expect(new RestartManager({ Name: 'always' }, 0).decide(0, true, 0)).toBeDefined();
    expect(new RestartManager({ Name: 'no' }, 0).decide(1, false, 0)).toBeUndefined();
  });

  it('restarts nothing once canceled, and a canceled schedule never fires', async () => {
    const m = new RestartManager({ Name: 'always' }, 0);
    let fired = 0;
    m.schedule(1, () => fired++);
    expect(m.cancel()).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(fired).toBe(0);
    expect(m.decide(1, false, 0)).toBeUndefined();
  });

  it('at daemon start: always even after a user stop, unless-stopped only if not stopped', () => {
    expect(restartsAtBoot({ Name: 'always' }, 0, true, 0)).toBe(true);
    expect(restartsAtBoot({ Name: 'unless-stopped' }, 0, true, 0)).toBe(false);
    expect(restartsAtBoot({ Name: 'unless-stopped' }, 0, false, 0)).toBe(true);
    expect(restartsAtBoot({ Name: 'on-failure', MaximumRetryCount: 1 }, 1, false, 1)).toBe(false);
    expect(restartsAtBoot(undefined, 1, false, 0)).toBe(false);
  });
});
