// The floor under `docker system df -v`: the same docker CLI against a bare node:http server that
// replays a daemon's own `/system/df` answer, byte for byte, at once. What remains is the CLI's
// start-up, its ping, and decoding and rendering that answer (1,000 volume rows cost the CLI real
// time); no daemon can answer faster than this constant reply, so dockerd's time ÷ this floor is the
// best ratio any daemon could show on this data.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { waitForPing } from '../test/helpers/http.js';
import { displayCommand, runOnce, timeCommand, unavailableCli, type CommandSpec } from './cli-startup.js';
import type { CliMeasurement } from './results.js';

// argv: [socket, body file]. Answers /_ping as a 1.41 daemon does, */system/df with the body.
const serverSource = `
import http from 'node:http';
import { readFileSync } from 'node:fs';
const [socket, bodyFile] = process.argv.slice(1);
const df = readFileSync(bodyFile);
const common = { Server: 'df-floor', 'Api-Version': '1.41', Ostype: 'linux', 'Docker-Experimental': 'false' };
const server = http.createServer({ keepAliveTimeout: 60000 }, (req, res) => {
  const p = (req.url ?? '').split('?')[0];
  if (p === '/_ping' || p.endsWith('/_ping')) {
    res.writeHead(200, { ...common, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': 2 });
    res.end(req.method === 'HEAD' ? undefined : 'OK');
  } else if (p.endsWith('/system/df')) {
    res.writeHead(200, { ...common, 'Content-Type': 'application/json', 'Content-Length': df.length });
    res.end(df);
  } else {
    const body = Buffer.from(JSON.stringify({ message: 'not found: ' + p }) + '\\n');
    res.writeHead(404, { ...common, 'Content-Type': 'application/json', 'Content-Length': body.length });
    res.end(body);
  }
});
server.listen(socket);
process.on('SIGTERM', () => process.exit(0));
`;

export interface DfFloorOptions {
  /** A daemon's `/system/df` body, replayed as is. */
  body: Buffer;
  /** The timed command against a daemon at `unix://socket`. */
  command: (socket: string) => CommandSpec;
  /** Why the command's output is not acceptable, or undefined (the same check as against daemons). */
  check: (out: ReturnType<typeof runOnce>) => string | undefined;
  runs: number;
  warmup: number;
}

export async function measureDfCliFloor(opts: DfFloorOptions): Promise<CliMeasurement> {
  const dir = await mkdtemp(path.join(tmpdir(), 'strata-bench-dffloor-'));
  const socket = path.join(dir, 'floor.sock');
  const bodyFile = path.join(dir, 'df.json');
  await writeFile(bodyFile, opts.body);
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const child = spawn(process.execPath, ['--input-type=module', '-e', serverSource, socket, bodyFile], {
    env,
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitForPing(socket, 10_000);
    const spec = opts.command(socket);
    const problem = opts.check(runOnce(spec));
    if (problem !== undefined) return unavailableCli(displayCommand(spec.argv), problem);
    return timeCommand(spec, opts.runs, opts.warmup);
  } finally {
    child.kill('SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
  }
}
