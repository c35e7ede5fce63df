// Records goldens from a private dockerd 20.10:
//   npx tsx test/conformance/record.ts [--only NAME[,NAME…]] [--kind cli|http]
// NAME may end in `*` (prefix). Without --only, goldens of cases that no longer exist are deleted.
// Needs root and /usr/sbin/dockerd; fails (exit 2) otherwise.
import { cliCases } from './cli-cases.js';
import { cliGolden, httpGolden, pruneGoldens, writeGolden } from './goldens.js';
import { runCliCase, runHttpCase, startTarget, targetUnavailableReason, type Target } from './harness.js';
import { httpCases } from './http-cases.js';

function parseArgs(argv: string[]): { only?: string[]; kind?: 'cli' | 'http' } {
  const out: { only?: string[]; kind?: 'cli' | 'http' } = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const val = (): string => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--only' || a.startsWith('--only='))
      out.only = [...(out.only ?? []), ...val().split(',').filter(Boolean)];
    else if (a === '--kind' || a.startsWith('--kind=')) {
      const k = val();
      if (k !== 'cli' && k !== 'http') throw new Error(`--kind must be cli or http, not ${k}`);
      out.kind = k;
    } else throw new Error(`unknown argument ${a}\nusage: record.ts [--only NAME[,NAME…]] [--kind cli|http]`);
  }
  return out;
}

function selected(name: string, only: string[] | undefined): boolean {
  if (!only) return true;
  return only.some((p) => (p.endsWith('*') ? name.startsWith(p.slice(0, -1)) : name === p));
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const reason = targetUnavailableReason('dockerd');
  if (reason) {
    console.error(`record: cannot record goldens: ${reason}`);
    return 2;
  }
  const cli = args.kind === 'http' ? [] : cliCases.filter((c) => selected(c.name, args.only));
  const http = args.kind === 'cli' ? [] : httpCases.filter((c) => selected(c.name, args.only));
  if (cli.length + http.length === 0) {
    console.error('record: no case matches');
    return 2;
  }
  let target: Target | undefined;
  const stop = async (): Promise<void> => {
    const t = target;
    target = undefined;
    await t?.stop();
  };
  const onSignal = (): void => {
    void stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const failed: string[] = [];
  try {
    target = await startTarget('dockerd');
    console.error(`record: dockerd up (API ${target.maxApi}) on ${target.socket}`);
    for (const c of cli) {
      try {
        writeGolden('cli', cliGolden(c, await runCliCase(target, c)));
        console.error(`  cli  ${c.name}`);
      } catch (err) {
        failed.push(`cli ${c.name}: ${(err as Error).message}`);
        console.error(`  cli  ${c.name}: FAILED ${(err as Error).message}`);
      }
    }
    for (const c of http) {
      try {
        writeGolden('http', httpGolden(c, await runHttpCase(target, c)));
        console.error(`  http ${c.name}`);
      } catch (err) {
        failed.push(`http ${c.name}: ${(err as Error).message}`);
        console.error(`  http ${c.name}: FAILED ${(err as Error).message}`);
      }
    }
  } finally {
    await stop();
  }
  if (!args.only) {
    if (args.kind !== 'http')
      for (const n of pruneGoldens('cli', new Set(cliCases.map((c) => c.name))))
        console.error(`  removed stale cli golden ${n}`);
    if (args.kind !== 'cli')
      for (const n of pruneGoldens('http', new Set(httpCases.map((c) => c.name))))
        console.error(`  removed stale http golden ${n}`);
  }
  console.error(
    `record: ${cli.length - failed.filter((f) => f.startsWith('cli ')).length} cli, ${http.length - failed.filter((f) => f.startsWith('http ')).length} http goldens written`,
  );
  if (failed.length) {
    console.error(`record: ${failed.length} case(s) failed:\n  ${failed.join('\n  ')}`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`record: ${(err as Error).stack ?? String(err)}`);
    process.exit(1);
  },
);
