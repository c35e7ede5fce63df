// Shared set-up of the comparison suites: which target, why it is skipped, one daemon per test file.
import { afterAll, beforeAll } from 'vitest';
import { dockerCliAvailable } from '../helpers/docker-cli.js';
import {
  selectedTarget,
  startTarget,
  targetUnavailableReason,
  type Target,
  type TargetKind,
} from './harness.js';

export interface SuiteTarget {
  kind: TargetKind;
  /** Why the suite is skipped (undefined: it runs). */
  skipReason: string | undefined;
  /** The running target (valid inside tests). */
  get(): Target;
}

/** Start the selected target before the file's tests and stop it after. */
export function useTarget(opts: { needsCli: boolean; only?: TargetKind; onlyReason?: string }): SuiteTarget {
  const kind = selectedTarget();
  let skipReason = targetUnavailableReason(kind);
  if (!skipReason && opts.needsCli && !dockerCliAvailable())
    skipReason = 'the docker CLI is not installed (/usr/local/bin/docker)';
  if (!skipReason && opts.only && opts.only !== kind)
    skipReason = opts.onlyReason ?? `runs against ${opts.only} only`;
  let target: Target | undefined;
  beforeAll(async () => {
    if (skipReason) return;
    target = await startTarget(kind);
  });
  afterAll(async () => {
    await target?.stop();
  });
  return {
    kind,
    skipReason,
    get() {
      if (!target) throw new Error('target not started');
      return target;
    },
  };
}

export function suiteTitle(what: string, s: SuiteTarget): string {
  return `${what} against ${s.kind}${s.skipReason ? ` — skipped: ${s.skipReason}` : ''}`;
}
