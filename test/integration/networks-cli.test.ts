import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCKER_CLI, dockerCliAvailable, runDocker } from '../helpers/docker-cli.js';
import { dockerdUnavailableReason, startDockerd, type Dockerd } from '../helpers/dockerd.js';
import { rawRequest } from '../helpers/http.js';
import { startStrata, strataUnavailableReason, type StrataDaemon } from '../helpers/strata-daemon.js';

// Networks through the official docker CLI. One script runs against a real dockerd 20.10 and
// against Strata, both at API 1.41 (where Strata answers as 20.10): stdout, stderr and exit codes
// must be equal once ids and times are replaced. Then Strata alone at the CLI's own API version,
// where it answers as Docker 28, with the outputs Docker 28's source gives.

const strataSkip =
  strataUnavailableReason() ?? (dockerCliAvailable() ? undefined : `${DOCKER_CLI} is not installed`);
const oracleSkip = strataSkip ?? dockerdUnavailableReason();

/** Ids and times differ between daemons; so does the order of prune's deletions (a Go map's). */
function normalise(text: string): string {
  const sortedRun = (lines: string): string => lines.split('\n').filter(Boolean).sort().join('\n') + '\n';
  return text
    .replace(/\b[0-9a-f]{64}\b/g, '<ID>')
    .replace(/\b[0-9a-f]{12}\b/g, '<SHORT-ID>')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)/g, '<TIME>')
    .replace(/(Deleted Networks:\n)((?:.+\n)+)/, (_m, head: string, names: string) => head + sortedRun(names))
    .replace(/(?:^network destroy .*\n){2,}/gm, sortedRun);
}

interface Step {
  args: string[];
  out: string;
}

async function run(socket: string, args: string[], apiVersion?: string): Promise<string> {
  const r = await runDocker(args, { host: socket, ...(apiVersion ? { apiVersion } : {}) });
  return `${r.stdout}--- stderr\n${r.stderr}--- exit ${r.code}`;
}

describe.skipIf(oracleSkip !== undefined)(
  `network commands: Strata vs dockerd 20.10${oracleSkip ? ` — skipped: ${oracleSkip}` : ''}`,
  () => {
    let strata: StrataDaemon;
    let dockerd: Dockerd;

    beforeAll(async () => {
      [strata, dockerd] = await Promise.all([startStrata(), startDockerd()]);
    }, 120_000);
    afterAll(async () => {
      await Promise.all([strata?.stop(), dockerd?.stop()]);
    });

    const commands: string[][] = [
      ['network', 'ls'],
      ['network', 'create', 'n1'],
      ['network', 'create', '--label', 'a=b', '--label', 'c', '-o', 'foo=bar', 'n2'],
      [
        'network',
        'create',
        '--subnet',
        '10.91.0.0/16',
        '--ip-range',
        '10.91.1.0/24',
        '--gateway',
        '10.91.0.254',
        'given',
      ],
      ['network', 'create', '--internal', '--attachable', 'flags'],
      ['network', 'create', 'n1'],
      ['network', 'create', 'host'],
      ['network', 'create', '-d', 'foo', 'x'],
      ['network', 'create', '-d', 'host', 'x'],
      ['network', 'create', '--subnet', '10.91.5.0/24', 'x'],
      ['network', 'create', '--subnet', 'foo', 'x'],
      ['network', 'create', '--scope', 'swarm', 'x'],
      ['network', 'create', '--ingress', 'x'],
      ['network', 'create', '--config-only', '--subnet', '10.92.0.0/16', 'conf'],
      ['network', 'create', '--config-from', 'conf', 'fromconf'],
      ['network', 'create', '--config-from', 'nonex', 'x'],
      ['network', 'ls'],
      [
        'network',
        'ls',
        '--no-trunc',
        '--format',
        '{{.Name}}|{{.Driver}}|{{.Scope}}|{{.IPv6}}|{{.Internal}}|{{.Label "a"}}',
      ],
      ['network', 'ls', '--filter', 'driver=bridge'],
      ['network', 'ls', '--filter', 'label=a=b', '--format', '{{.Name}}'],
      ['network', 'ls', '--filter', 'name=^n', '--filter', 'name=given'],
      ['network', 'ls', '--filter', 'type=builtin'],
      ['network', 'ls', '--filter', 'type=custom', '--format', '{{.Name}}'],
      ['network', 'ls', '--filter', 'dangling=true', '--format', '{{.Name}}'],
      ['network', 'ls', '--filter', 'dangling=false', '-q'],
      ['network', 'ls', '--filter', 'scope=local', '--filter', 'driver=null', '--format', '{{.Name}}'],
      ['network', 'ls', '--filter', 'dangling=maybe'],
      ['network', 'ls', '--filter', 'type=x'],
      ['network', 'ls', '--filter', 'foo=bar'],
      ['network', 'inspect', 'n1'],
      ['network', 'inspect', 'n2', 'given', 'conf', 'fromconf', 'flags'],
      ['network', 'inspect', 'host', 'none'],
      ['network', 'inspect', '-f', '{{.Name}} {{.Driver}} {{json .IPAM}} {{json .Labels}}', 'n2'],
      ['network', 'inspect', '--verbose', 'n1'],
      ['network', 'inspect', 'nope'],
      ['network', 'inspect', 'n1', 'nope'],
      ['network', 'connect', 'n1', 'nope'],
      ['network', 'disconnect', 'n1', 'nope'],
      ['network', 'disconnect', '-f', 'n1', 'nope'],
      ['network', 'disconnect', '-f', 'nowhere', 'nope'],
      ['network', 'rm', 'host'],
      ['network', 'rm', 'nope'],
      ['network', 'rm', 'conf'],
      ['network', 'rm', 'n1', 'nope'],
      ['network', 'prune', '-f', '--filter', 'label=a=b'],
      ['network', 'prune', '-f', '--filter', 'until=2000-01-01T00:00:00'],
      ['network', 'prune', '-f', '--filter', 'foo=bar'],
      ['network', 'prune', '-f'],
      ['network', 'prune', '-f'],
      ['network', 'ls'],
    ];

    async function script(socket: string): Promise<Step[]> {
      const since = Math.floor(Date.now() / 1000) - 1;
      const steps: Step[] = [];
      for (const args of commands) steps.push({ args, out: await run(socket, args, '1.41') });
      // Every network event of the script, in order (prune's destroys sorted: Docker's order is random).
      const events = await run(
        socket,
        [
          'events',
          '--since',
          String(since),
          '--until',
          String(Math.floor(Date.now() / 1000) + 1),
          '--filter',
          'type=network',
          '--format',
          '{{.Type}} {{.Action}} {{.Actor.Attributes.name}} {{.Actor.Attributes.type}} {{.Actor.Attributes.reclaimed}}',
        ],
        '1.41',
      );
      steps.push({ args: ['events'], out: events });
      return steps.map((s) => ({ ...s, out: normalise(s.out) }));
    }

    it('prints the same for every command', async () => {
      const theirs = await script(dockerd.socket);
      const ours = await script(strata.socket);
      const out = (args: string[]): string => theirs.find((s) => s.args === args)?.out ?? '';
      // The script does on the real daemon what it means to.
      expect(out(commands[5] as string[])).toContain('network with name n1 already exists');
      expect(out(commands[29] as string[])).toContain('"Subnet": "172.17.0.0/16"');
      expect(out(commands[40] as string[])).toContain('host is a pre-defined network and cannot be removed');
      for (let i = 0; i < theirs.length; i++) {
        expect({ args: ours[i]?.args, out: ours[i]?.out }).toEqual({
          args: theirs[i]?.args,
          out: theirs[i]?.out,
        });
      }
    });

    // After the script: host, none and the config-only `conf` are left on both daemons.
    const enc = (f: unknown): string => encodeURIComponent(JSON.stringify(f));
    const requests: Array<[string, string, string?]> = [
      ['GET', '/v1.41/networks'],
      ['GET', '/v1.41/networks/'],
      ['GET', '/v1.24/networks'],
      ['GET', '/v1.41/networks?filters=notjson'],
      ['GET', `/v1.41/networks?filters=${enc({ type: { x: true } })}`],
      ['GET', `/v1.41/networks?filters=${enc({ dangling: { x: true, y: true } })}`],
      ['GET', `/v1.41/networks?filters=${enc({ name: ['conf'] })}`],
      ['GET', '/v1.41/networks/conf?verbose=x'],
      ['GET', '/v1.41/networks/conf?scope=swarm'],
      ['GET', '/v1.41/networks/conf?verbose=1&scope=local'],
      ['POST', '/v1.41/networks/create', ''],
      ['POST', '/v1.41/networks/create', '{"Name":5}'],
      ['POST', '/v1.41/networks/create', '{"Name":"r","IPAM":{"Driver":5}}'],
      ['POST', '/v1.41/networks/create', '{"Name":"r","IPAM":{"Config":{}}}'],
      ['POST', '/v1.41/networks/create', '{"Name":"r","IPAM":{"Config":[5]}}'],
      ['POST', '/v1.41/networks/create', '{"Name":"r","ConfigFrom":{"Network":5}}'],
      ['POST', '/v1.41/networks/create', '{"Name":"r","EnableIPv6":"x"}'],
      ['POST', '/v1.41/networks/create', '{"Name":"r","Options":{"com.docker.network.enable_ipv6":"maybe"}}'],
      ['POST', '/v1.41/networks/create', '{"Name":"r","IPAM":{"Driver":"foo"}}'],
      ['POST', '/v1.41/networks/create', '{"Name":"r","Scope":"global"}'],
      ['POST', '/v1.41/networks/create', '{"Name":""}'],
      ['POST', '/v1.41/networks/create', '{"Name":"r","IPAM":{"Config":[{"Gateway":"10.25.0.1"}]}}'],
      [
        'POST',
        '/v1.41/networks/create',
        '{"Name":"r","IPAM":{"Config":[{"Subnet":"10.93.0.0/16","Gateway":"10.94.0.1"}]}}',
      ],
      [
        'POST',
        '/v1.41/networks/create',
        '{"name":"raw","checkDuplicate":true,"Labels":{"z":"1"},"IPAM":{"Options":{"o":"p"},' +
          '"Config":[{"Subnet":"10.95.0.0/16","AuxiliaryAddresses":{"r":"10.95.0.9"}},{"Subnet":"fd00:9::/64"}]}}',
      ],
      ['GET', '/v1.41/networks/raw'],
      ['POST', '/v1.41/networks/raw/connect', '{"Container":5}'],
      ['POST', '/v1.41/networks/raw/connect', '{"Container":"x","EndpointConfig":5}'],
      ['POST', '/v1.41/networks/raw/connect', '{"Container":""}'],
      ['POST', '/v1.41/networks/raw/connect', ''],
      ['POST', '/v1.41/networks/raw/disconnect', '{"Force":true}'],
      ['DELETE', '/v1.41/networks/'],
      ['POST', '/v1.41/networks/prune?filters=notjson'],
      ['POST', `/v1.41/networks/prune?filters=${enc({ until: { zzz: true } })}`],
      ['POST', `/v1.41/networks/prune?filters=${enc({ until: { '1h': true, '2h': true } })}`],
      ['DELETE', '/v1.41/networks/raw'],
      ['DELETE', '/v1.41/networks/raw'],
    ];

    async function answers(socket: string): Promise<string[]> {
      const out: string[] = [];
      for (const [method, path, body] of requests) {
        const r = await rawRequest(socket, {
          method,
          path,
          ...(body === undefined ? {} : { body, headers: { 'Content-Type': 'application/json' } }),
        });
        let text = r.body;
        // A list's order is a Go map's in dockerd: compare entries sorted by name.
        if (text.startsWith('[')) {
          const items = JSON.parse(text) as Array<{ Name: string }>;
          text = JSON.stringify(items.sort((a, b) => (a.Name < b.Name ? -1 : 1)));
        }
        out.push(
          normalise(
            `${method} ${path} ${body ?? ''}\n${r.status} ${r.headers['content-type'] ?? '-'}\n${text}`,
          ),
        );
      }
      return out;
    }

    it('answers the same HTTP requests with the same statuses and bodies', async () => {
      const theirs = await answers(dockerd.socket);
      const ours = await answers(strata.socket);
      expect(theirs[1]).toContain('"Name":"conf"');
      expect(theirs[23]).toMatch(/\n201 /);
      for (let i = 0; i < theirs.length; i++) expect(ours[i]).toBe(theirs[i]);
    });
  },
);

describe.skipIf(strataSkip !== undefined)(
  `network commands at the CLI's API version (Docker 28)${strataSkip ? ` — skipped: ${strataSkip}` : ''}`,
  () => {
    let strata: StrataDaemon;
    const docker = (...args: string[]): Promise<string> => run(strata.socket, args);

    beforeAll(async () => {
      strata = await startStrata();
    }, 60_000);
    afterAll(async () => {
      await strata?.stop();
    });

    it('shows the predefined networks with EnableIPv4 and a null IPAM config', async () => {
      expect(normalise(await docker('network', 'ls'))).toBe(
        [
          'NETWORK ID     NAME      DRIVER    SCOPE',
          '<SHORT-ID>   host      host      local',
          '<SHORT-ID>   none      null      local',
          '--- stderr',
          '--- exit 0',
        ].join('\n'),
      );
      expect(normalise(await docker('network', 'inspect', '-f', '{{json .}}', 'host'))).toBe(
        '{"Name":"host","Id":"<ID>","Created":"<TIME>","Scope":"local","Driver":"host","EnableIPv4":true,' +
          '"EnableIPv6":false,"IPAM":{"Driver":"default","Options":null,"Config":null},"Internal":false,' +
          '"Attachable":false,"Ingress":false,"ConfigFrom":{"Network":""},"ConfigOnly":false,"Containers":{},' +
          '"Options":{},"Labels":{}}\n--- stderr\n--- exit 0',
      );
    });

    it('gives a new network the lowest default pool that no host route overlaps', async () => {
      expect(await docker('network', 'create', 'auto')).toMatch(/^[0-9a-f]{64}\n--- stderr\n--- exit 0$/);
      const subnet = await docker(
        'network',
        'inspect',
        '-f',
        '{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}}',
        'auto',
      );
      expect(subnet).toBe(`${lowestFreeDefaultPool()}\n--- stderr\n--- exit 0`);
      expect(
        await docker('network', 'ls', '--filter', 'name=auto', '--format', '{{.Name}} {{.IPv4}} {{.IPv6}}'),
      ).toBe('auto true false\n--- stderr\n--- exit 0');
    });

    it("validates IPAM with Docker 28's texts", async () => {
      expect(
        await docker('network', 'create', '--subnet', '10.1.2.3/16', '--ip-range', '10.1.0.0/8', 'bad'),
      ).toBe(
        [
          '--- stderr',
          'Error response from daemon: invalid network config:',
          'invalid subnet 10.1.2.3/16: it should be 10.1.0.0/16',
          'invalid ip-range 10.1.0.0/8: CIDR block is bigger than its parent subnet 10.1.2.3/16',
          'invalid ip-range 10.1.0.0/8: it should be 10.0.0.0/8',
          '--- exit 1',
        ].join('\n'),
      );
    });

    it('answers API requests as Docker 28: empty names, duplicates at every version, connect bodies', async () => {
      const post = (path: string, body: string): Promise<string> =>
        rawRequest(strata.socket, {
          method: 'POST',
          path,
          headers: { 'Content-Type': 'application/json' },
          body,
        }).then((r) => `${r.status} ${r.body}`);
      expect(await post('/v1.50/networks/create', '{"Name":" "}')).toBe(
        '400 {"message":"invalid name: name is empty"}\n',
      );
      expect(await post('/v1.41/networks/create', '{"Name":" "}')).toBe(
        '500 {"message":"invalid name:  "}\n',
      );
      expect(await post('/v1.50/networks/create', '{"Name":"dup","Labels":{"x":"y"}}')).toMatch(
        /^201 \{"Id":"[0-9a-f]{64}","Warning":""\}\n$/,
      );
      // 20.10 made a second network with the name (and a Warning) unless asked CheckDuplicate; names
      // are unique in Strata's catalog, so the answer is Docker 28's at every version.
      expect(await post('/v1.41/networks/create', '{"Name":"dup"}')).toBe(
        '409 {"message":"network with name dup already exists"}\n',
      );
      expect(await post('/v1.50/networks/create', '{"Name":"x","IPAM":{"Config":[{"Subnet":5}]}}')).toBe(
        '400 {"message":"invalid JSON: json: cannot unmarshal number into Go struct field IPAMConfig.IPAM.Config.Subnet of type string"}\n',
      );
      expect(await post('/v1.41/networks/dup/connect', '{"Container":5}')).toBe(
        '400 {"message":"json: cannot unmarshal number into Go struct field NetworkConnect.Container of type string"}\n',
      );
      expect(await post('/v1.50/networks/dup/connect', '{"Container":"web"}')).toBe(
        '404 {"message":"No such container: web"}\n',
      );
      expect(await post('/v1.50/networks/prune', '')).toMatch(
        /^200 \{"NetworksDeleted":\[("auto",)?"dup"\]\}\n$/,
      );
      expect(await post('/v1.50/networks/prune', '')).toBe('200 {"NetworksDeleted":null}\n');
    });

    it('streams network events to `docker events --filter type=network`', async () => {
      const since = String(Math.floor(Date.now() / 1000) - 1);
      await docker('network', 'create', '--label', 'k=v', 'evt');
      await docker('network', 'rm', 'evt');
      const out = await docker(
        'events',
        '--since',
        since,
        '--until',
        String(Math.floor(Date.now() / 1000) + 1),
        '--filter',
        'type=network',
        '--filter',
        'network=evt',
        '--format',
        '{{.Type}} {{.Action}} {{.Actor.Attributes.name}} {{.Actor.Attributes.type}}',
      );
      expect(out).toBe('network create evt bridge\nnetwork destroy evt bridge\n--- stderr\n--- exit 0');
    });

    it('keeps networks across a restart', async () => {
      await docker('network', 'create', '--label', 'keep=1', 'kept');
      const before = await docker('network', 'inspect', 'kept');
      await strata.restart();
      expect(await docker('network', 'inspect', 'kept')).toBe(before);
    });
  },
);

/**
 * Docker 28's choice for a first network, worked out apart from Strata: the first of the default
 * pools (172.17–31/16, then 192.168.0.0/16 in /20s) that no on-link route of the host overlaps.
 */
function lowestFreeDefaultPool(): string {
  const routes = execFileSync('ip', ['-4', 'route', 'show', 'scope', 'link'], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.split(' ')[0] ?? '')
    .filter((d) => /^\d+\.\d+\.\d+\.\d+(\/\d+)?$/.test(d));
  const toRange = (cidr: string): [number, number] => {
    const [ip = '', bits = '32'] = cidr.split('/');
    const n = ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
    const size = 2 ** (32 - Number(bits));
    const start = n - (n % size);
    return [start, start + size - 1];
  };
  const pools = [
    ...Array.from({ length: 15 }, (_, i) => `172.${17 + i}.0.0/16`),
    ...Array.from({ length: 16 }, (_, i) => `192.168.${i * 16}.0/20`),
  ];
  const free = pools.find((p) => {
    const [a, b] = toRange(p);
    return routes.every((r) => {
      const [c, d] = toRange(r);
      return b < c || d < a;
    });
  });
  if (!free) throw new Error('every default pool overlaps a host route');
  return `${free} ${free.replace(/\.0\/\d+$/, '.1')}`;
}
