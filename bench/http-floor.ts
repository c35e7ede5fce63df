// The floor under any node:http daemon: a bare node:http server in its own process answering every
// request with a constant inspect-sized body, timed with the same client and method as the volume
// inspect. A daemon built on node:http cannot beat this round trip, whatever its own code does.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { waitForPing } from '../test/helpers/http.js';
import { ApiClient } from './api-client.js';
import type { BenchConfig, OpMeasurement } from './results.js';
import { median, nowMs, summarize } from './stats.js';

const serverSource = `
import http from 'node:http';
const body = Buffer.from(JSON.stringify({
  CreatedAt: '2026-01-01T00:00:00Z', Driver: 'local', Labels: { app: 'bench' },
  Mountpoint: '/tmp/strata-bench-XXXXXX/root/volumes/bench-1234/_data', Name: 'bench-1234',
  Options: {}, Scope: 'local',
}) + '\\n');
const server = http.createServer({ keepAliveTimeout: 60000 }, (req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length,
    Server: 'floor', 'Api-Version': '1.41', Ostype: 'linux', 'Docker-Experimental': 'false' });
  res.end(body);
});
server.listen(process.argv[1]);
process.on('SIGTERM', () => process.exit(0));
`;

export async function measureHttpFloor(config: BenchConfig): Promise<OpMeasurement> {
  const dir = await mkdtemp(path.join(tmpdir(), 'strata-bench-floor-'));
  const socket = path.join(dir, 'floor.sock');
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const child = spawn(process.execPath, ['--input-type=module', '-e', serverSource, socket], {
    env,
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const client = new ApiClient({ socket, prefix: config.apiPrefix, maxSockets: 1 });
  try {
    await waitForPing(socket, 10_000);
    for (let i = 0; i < 1_000; i++) await client.expect(200, 'GET', '/volumes/bench-1');
    const lat: number[] = [];
    const rates: number[] = [];
    for (let rep = 0; rep < config.inspectReps; rep++) {
      const started = nowMs();
      for (let i = 0; i < config.inspectPerRep; i++)
        lat.push((await client.expect(200, 'GET', '/volumes/bench-1')).ms);
      rates.push(config.inspectPerRep / ((nowMs() - started) / 1000));
    }
    const s = summarize(lat);
    return {
      n: s.n,
      reps: rates.length,
      opsPerSec: median(rates),
      p50Ms: s.p50Ms,
      p95Ms: s.p95Ms,
      meanMs: s.meanMs,
      concurrency: 1,
    };
  } finally {
    client.close();
    child.kill('SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
  }
}
