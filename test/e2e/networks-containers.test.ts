import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containerE2eSkipReason, startBusyboxDaemon, type BusyboxDaemon } from '../helpers/containers.js';

// Containers on networks through the docker CLI: endpoints while running, connect and disconnect
// with Docker's texts, a network with endpoints refuses removal, a missing network fails the start.
const skip = containerE2eSkipReason();

describe.skipIf(skip !== undefined)(`containers on networks${skip ? ` — skipped: ${skip}` : ''}`, () => {
  let fx: BusyboxDaemon;
  const docker = (args: string[]) => fx.docker(args);
  const ok = async (args: string[]): Promise<string> => {
    const r = await docker(args);
    expect(r.code, `docker ${args.join(' ')}: ${r.stderr}`).toBe(0);
    return r.stdout.trim();
  };
  const fails = async (args: string[]): Promise<string> => {
    const r = await docker(args);
    expect(r.code, `docker ${args.join(' ')} should fail`).not.toBe(0);
    return r.stderr.trim();
  };

  beforeAll(async () => {
    fx = await startBusyboxDaemon('strata-networks-');
  });
  afterAll(async () => {
    await fx?.docker(['rm', '-f', 'web', 'plain']).catch(() => undefined);
    await fx?.close();
  });

  it('a default container has an empty bridge endpoint and no endpoint anywhere', async () => {
    await ok(['create', '--name', 'plain', 'busybox:local', 'true']);
    // The CLI decodes and re-encodes inspect JSON in its own types: ask for fields, not bytes (the
    // conformance suite compares the daemon's bytes).
    const settings = [
      'inspect',
      '-f',
      '{{.HostConfig.NetworkMode}} {{range $k, $v := .NetworkSettings.Networks}}{{$k}}:{{$v.NetworkID}}:{{$v.EndpointID}}{{end}}',
      'plain',
    ];
    expect(await ok(settings)).toBe('default bridge::');
    await ok(['start', 'plain']);
    await ok(['wait', 'plain']);
    expect(await ok(settings)).toBe('default bridge::');
  });

  it('runs on a user network: endpoint while running, connect/disconnect, removal refused while attached', async () => {
    const netId = await ok(['network', 'create', 'n1']);
    const id = await ok(['run', '-d', '--name', 'web', '--network', 'n1', 'busybox:local', 'sleep', '300']);
    expect(
      await ok([
        'network',
        'inspect',
        '-f',
        '{{range $k, $v := .Containers}}{{$k}} {{$v.Name}}{{end}}',
        'n1',
      ]),
    ).toBe(`${id} web`);
    expect(await ok(['inspect', '-f', '{{(index .NetworkSettings.Networks "n1").NetworkID}}', 'web'])).toBe(
      netId,
    );
    expect(await fails(['network', 'rm', 'n1'])).toMatch(
      /^Error response from daemon: error while removing network: network n1 has active endpoints \(name:"web" id:"[0-9a-f]{12}"\)$/m,
    );
    expect(await fails(['network', 'connect', 'n1', 'web'])).toBe(
      'Error response from daemon: endpoint with name web already exists in network n1',
    );
    expect(await fails(['network', 'connect', 'host', 'web'])).toBe(
      'Error response from daemon: cannot connect container to host network - container must be created in host network mode',
    );
    await ok(['network', 'disconnect', 'n1', 'web']);
    expect(await ok(['network', 'inspect', '-f', '{{len .Containers}}', 'n1'])).toBe('0');
    expect(await fails(['network', 'disconnect', 'n1', 'web'])).toBe(
      `Error response from daemon: container ${id} is not connected to network n1`,
    );
    await ok(['network', 'connect', 'n1', 'web']);
    await ok(['stop', '-t', '0', 'web']);
    expect(await ok(['network', 'inspect', '-f', '{{len .Containers}}', 'n1'])).toBe('0');
    expect(await ok(['inspect', '-f', '{{(index .NetworkSettings.Networks "n1").EndpointID}}', 'web'])).toBe(
      '',
    );
    await ok(['rm', 'web']);
    await ok(['network', 'rm', 'n1']);
  });

  it('fails the start, not the create, on a network that does not exist', async () => {
    const err = await fails(['run', '--name', 'lost', '--network', 'nope', 'busybox:local', 'true']);
    expect(err).toContain('Error response from daemon: network nope not found');
    expect(
      await ok(['inspect', '-f', '{{.State.Status}} {{.State.ExitCode}} {{.State.Error}}', 'lost']),
    ).toBe('created 128 network nope not found');
    await ok(['rm', 'lost']);
  });
});
