import type { ExecBackend } from '../container-backend.js';
import { hijack, pump } from '../hijack.js';
import { isLegacy, sendEmpty, sendJson } from '../http-context.js';
import { readJsonValue } from '../read-json-value.js';
import { route, type Route } from '../router.js';

/** moby api/server/router/container/exec.go: create, start (hijacked unless detached), inspect. */
export function execRoutes(b: ExecBackend): Route[] {
  return [
    route('POST', '/containers/{name}/exec', async (ctx) => {
      const config = ((await readJsonValue(ctx, { legacy: isLegacy(ctx) })) ?? {}) as Record<string, unknown>;
      const id = b.create(ctx.params.name ?? '', config);
      sendJson(ctx, 201, { Id: id });
    }),
    route('POST', '/exec/{id}/start', async (ctx) => {
      const body = ((await readJsonValue(ctx, { legacy: isLegacy(ctx) })) ?? {}) as {
        Detach?: boolean;
        Tty?: boolean;
      };
      const session = b.get(ctx.params.id ?? '');
      if (body.Detach) {
        const started = await b.start(session.id);
        started.streams.stdout.resume();
        started.streams.stderr.resume();
        sendEmpty(ctx, 200);
        return;
      }
      const tty = !!(body.Tty ?? session.config.Tty);
      const conn = hijack(ctx, { multiplexed: !tty });
      try {
        const { streams, exited } = await b.start(session.id);
        await pump(conn, streams, {
          stdout: session.config.AttachStdout !== false,
          stderr: session.config.AttachStderr !== false,
        });
        await exited;
      } catch (err) {
        conn.write(1, Buffer.from(`${(err as Error).message}\r\n`));
        conn.end();
      }
    }),
    route('GET', '/exec/{id}/json', (ctx) => {
      const s = b.get(ctx.params.id ?? '');
      const cmd = s.config.Cmd ?? [];
      sendJson(ctx, 200, {
        ID: s.id,
        Running: s.running,
        ExitCode: s.exitCode,
        ProcessConfig: {
          tty: !!s.config.Tty,
          entrypoint: cmd[0] ?? '',
          arguments: cmd.slice(1),
          privileged: !!s.config.Privileged,
          user: s.config.User ?? '',
        },
        OpenStdin: !!s.config.AttachStdin,
        OpenStderr: !!s.config.AttachStderr,
        OpenStdout: !!s.config.AttachStdout,
        CanRemove: !s.running && s.exitCode !== null,
        ContainerID: s.containerId,
        DetachKeys: '',
        Pid: s.pid,
      });
    }),
    route('POST', '/exec/{id}/resize', (ctx) => {
      b.get(ctx.params.id ?? '');
      sendEmpty(ctx, 200);
    }),
  ];
}
