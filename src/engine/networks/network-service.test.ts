import { beforeEach, describe, expect, it } from 'vitest';
import { kindOf } from '../../errors/index.js';
import { MemoryStore } from '../../store/memory-store.js';
import { EventBus } from '../event-bus.js';
import type { IpPrefix } from './ip-prefix.js';
import { parsePrefix } from './ip-prefix.js';
import { FakeNetworkAttachments } from './fake-network-attachments.js';
import type { CreateNetworkRequest } from './network-create.js';
import { NetworkService } from './network-service.js';
import type { EventMessage } from '../../types/index.js';

const modern = { apiVersion: '1.50' };
const legacy = { apiVersion: '1.41' };

/** The error a call throws, as the API would see it. */
function failure(fn: () => unknown): { kind: string; message: string } {
  try {
    fn();
  } catch (err) {
    return { kind: kindOf(err), message: (err as Error).message };
  }
  throw new Error('expected a failure');
}

describe('NetworkService', () => {
  let store: MemoryStore;
  let events: EventBus;
  let seen: EventMessage[];
  let fake: FakeNetworkAttachments;
  let reserved: IpPrefix[];
  let now: bigint;
  let svc: NetworkService;

  const make = (): NetworkService => {
    const s = new NetworkService({
      store,
      events,
      attachments: fake,
      reservedNetworks: () => reserved,
      clock: () => (now += 1_000_000_000n),
    });
    s.init();
    return s;
  };
  const create = (req: Partial<CreateNetworkRequest> & { name: string }, ctx = modern): string =>
    svc.create(req, ctx).id;
  const subnets = (name: string): string[] =>
    svc.inspect(name, { scope: '' }).ipam.allocated.map((a) => `${a.subnet} ${a.gateway}`);
  const names = (query: Record<string, string[]> = {}, ctx = modern): string[] =>
    svc.list(query, ctx, { detailed: false }).map((n) => n.name);

  beforeEach(() => {
    store = new MemoryStore();
    events = new EventBus();
    seen = [];
    events.subscribe({ filters: {} }, (e) => seen.push(e));
    fake = new FakeNetworkAttachments();
    reserved = [];
    now = 1_800_000_000_000_000_000n;
    svc = make();
  });

  it('has the predefined host and none networks, made once and kept', () => {
    const host = svc.inspect('host', { scope: '' });
    expect(host).toMatchObject({ driver: 'host', scope: 'local', created: '2027-01-15T08:00:01.000000000Z' });
    expect(svc.inspect('none', { scope: '' }).driver).toBe('null');
    expect(names()).toEqual(['host', 'none']);
    const again = make();
    expect(again.inspect('host', { scope: '' }).id).toBe(host.id);
    expect(store.listNetworks()).toHaveLength(2);
  });

  it('creates bridge networks with default pools, their labels and options, and says so', () => {
    const id = create({
      name: 'web_default',
      labels: { 'com.docker.compose.project': 'web' },
      options: { a: 'b' },
    });
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    create({ name: 'second' });
    expect(subnets('web_default')).toEqual(['172.17.0.0/16 172.17.0.1']);
    expect(subnets('second')).toEqual(['172.18.0.0/16 172.18.0.1']);
    expect(svc.inspect(id, { scope: '' })).toMatchObject({
      name: 'web_default',
      driver: 'bridge',
      labels: { 'com.docker.compose.project': 'web' },
      options: { a: 'b' },
      ipam: { driver: 'default', options: null, config: [] },
      endpoints: [],
    });
    expect(seen.map((e) => [e.Type, e.Action, e.Actor.ID, e.Actor.Attributes])).toEqual([
      ['network', 'create', id, { name: 'web_default', type: 'bridge' }],
      ['network', 'create', svc.find('second').id, { name: 'second', type: 'bridge' }],
    ]);
  });

  it('takes the lowest free pool (28) or goes round from the last one (20.10), avoiding host routes at 28', () => {
    create({ name: 'a' });
    create({ name: 'b' });
    svc.remove('a', modern);
    create({ name: 'c' });
    expect(subnets('c')).toEqual(['172.17.0.0/16 172.17.0.1']);
    create({ name: 'd' }, legacy);
    expect(subnets('d')).toEqual(['172.19.0.0/16 172.19.0.1']);
    reserved = [parsePrefix('172.20.5.0/24') as IpPrefix];
    create({ name: 'e' });
    expect(subnets('e')).toEqual(['172.21.0.0/16 172.21.0.1']);
    for (let i = 0; i < 11; i++) create({ name: `f${i}` });
    expect(subnets('f10')).toEqual(['192.168.0.0/20 192.168.0.1']);
  });

  it('keeps the subnets it was given, refusing overlaps and gateways outside them', () => {
    create({
      name: 'given',
      ipam: {
        config: [
          { subnet: '10.9.0.0/16', ipRange: '10.9.1.0/24', gateway: '10.9.0.254', auxAddresses: null },
        ],
      },
    });
    expect(svc.inspect('given', { scope: '' }).ipam).toEqual({
      driver: 'default',
      options: null,
      config: [{ subnet: '10.9.0.0/16', ipRange: '10.9.1.0/24', gateway: '10.9.0.254', auxAddresses: null }],
      allocated: [],
    });
    const cfg = (subnet: string, gateway = ''): CreateNetworkRequest['ipam'] => ({
      config: [{ subnet, ipRange: '', gateway, auxAddresses: null }],
    });
    expect(failure(() => create({ name: 'x', ipam: cfg('10.9.4.0/24') }))).toEqual({
      kind: 'forbidden',
      message: 'Pool overlaps with other one on this address space',
    });
    // A default pool never lands on a given subnet.
    create({ name: 'taken', ipam: cfg('172.17.0.0/16') });
    create({ name: 'auto' });
    expect(subnets('auto')).toEqual(['172.18.0.0/16 172.18.0.1']);
    expect(failure(() => create({ name: 'x', ipam: cfg('10.12.0.0/16', '10.12.0.0') }))).toEqual({
      kind: 'system',
      message: 'failed to allocate gateway (10.12.0.0): Address already in use',
    });
    expect(failure(() => create({ name: 'x', ipam: cfg('10.21.0.0/16', '10.22.0.1') }, legacy))).toEqual({
      kind: 'system',
      message: 'failed to allocate gateway (10.22.0.1): Requested address is out of range',
    });
    // 20.10 took host bits and foreign ranges as given.
    create({ name: 'bits', ipam: cfg('10.20.2.3/16') }, legacy);
    expect(svc.inspect('bits', { scope: '' }).ipam.config[0]?.subnet).toBe('10.20.2.3/16');
  });

  it('validates IPAM config with Docker 28 texts, and 20.10 texts for API ≤ 1.41', () => {
    const ipam = {
      config: [
        {
          subnet: '10.1.2.3/16',
          ipRange: '10.2.0.0/8',
          gateway: 'fe80::1',
          auxAddresses: { b: 'x', a: '10.9.9.9' },
        },
        { subnet: 'foo', ipRange: '', gateway: '', auxAddresses: null },
        { subnet: 'fd00::1/64', ipRange: '', gateway: '', auxAddresses: null },
      ],
    };
    expect(failure(() => create({ name: 'x', ipam }))).toEqual({
      kind: 'invalid-parameter',
      message: [
        'invalid network config:',
        'invalid subnet 10.1.2.3/16: it should be 10.1.0.0/16',
        'invalid ip-range 10.2.0.0/8: CIDR block is bigger than its parent subnet 10.1.2.3/16',
        'invalid ip-range 10.2.0.0/8: it should be 10.0.0.0/8',
        'invalid gateway fe80::1: parent subnet is an IPv4 block',
        "invalid auxiliary address a: parent subnet 10.1.2.3/16 doesn't contain this address",
        'invalid auxiliary address b: invalid address',
        'invalid subnet foo: invalid CIDR block notation',
      ].join('\n'),
    });
    expect(
      failure(() => create({ name: 'x', enableIPv6: true, ipam: { config: [ipam.config[2] as never] } })),
    ).toEqual({
      kind: 'invalid-parameter',
      message: 'invalid network config:\ninvalid subnet fd00::1/64: it should be fd00::/64',
    });
    expect(failure(() => create({ name: 'x', ipam: { config: [ipam.config[1] as never] } }, legacy))).toEqual(
      {
        kind: 'system',
        message: 'Invalid subnet foo : invalid CIDR address: foo',
      },
    );
  });

  it('refuses what Docker refuses, with its texts and kinds', () => {
    create({ name: 'dup' });
    const cases: Array<[Partial<CreateNetworkRequest> & { name: string }, typeof modern, string, string]> = [
      [{ name: 'bridge' }, modern, 'forbidden', 'operation is not permitted on predefined bridge network '],
      [{ name: 'host' }, legacy, 'forbidden', 'operation is not permitted on predefined host network '],
      [{ name: 'default' }, modern, 'forbidden', 'operation is not permitted on predefined default network '],
      [{ name: '  ' }, modern, 'invalid-parameter', 'invalid name: name is empty'],
      [{ name: '  ' }, legacy, 'system', 'invalid name:   '],
      [{ name: 'dup' }, modern, 'conflict', 'network with name dup already exists'],
      [{ name: 'dup' }, legacy, 'conflict', 'network with name dup already exists'],
      [{ name: 'x', driver: 'host' }, modern, 'forbidden', 'only one instance of "host" network is allowed'],
      [{ name: 'x', driver: 'null' }, modern, 'forbidden', 'only one instance of "null" network is allowed'],
      [{ name: 'x', driver: 'macvlan' }, modern, 'not-found', 'plugin "macvlan" not found'],
      [{ name: 'x', driver: 'overlay' }, modern, 'forbidden', expect.stringContaining('not a swarm manager')],
      [
        { name: 'x', scope: 'swarm' },
        modern,
        'forbidden',
        'cannot create a swarm scoped network when swarm is not active',
      ],
      [{ name: 'x', scope: 'global' }, legacy, 'system', expect.stringContaining('not a swarm manager')],
      [{ name: 'x', ingress: true }, modern, 'forbidden', 'Ingress network can only be global scope network'],
      [{ name: 'x', ipam: { driver: 'foo' } }, modern, 'not-found', 'plugin "foo" not found'],
      [
        { name: 'x', configFrom: 'nonex' },
        modern,
        'not-found',
        'configuration network "nonex" does not exist',
      ],
      [
        { name: 'x', configOnly: true, internal: true },
        modern,
        'forbidden',
        expect.stringContaining('[ ingress | internal'),
      ],
      [
        { name: 'x', options: { 'com.docker.network.enable_ipv6': 'maybe' } },
        modern,
        'invalid-parameter',
        'driver-opt "com.docker.network.enable_ipv6" is not a valid bool',
      ],
      [
        { name: 'x', options: { 'com.docker.network.enable_ipv6': 'maybe' } },
        legacy,
        'system',
        'failed to parse com.docker.network.enable_ipv6 value: maybe (strconv.ParseBool: parsing "maybe": invalid syntax)',
      ],
      [
        { name: 'x', enableIPv4: false, enableIPv6: false },
        modern,
        'invalid-parameter',
        'IPv4 or IPv6 must be enabled',
      ],
      [
        { name: 'x', enableIPv6: true },
        modern,
        'invalid-parameter',
        'all predefined address pools have been fully subnetted',
      ],
      [
        { name: 'x', enableIPv6: true },
        legacy,
        'not-found',
        'could not find an available, non-overlapping IPv6 address pool among the defaults to assign to the network',
      ],
    ];
    for (const [req, ctx, kind, message] of cases) {
      expect({ req, ...failure(() => create(req, ctx)) }).toEqual({ req, kind, message });
    }
    expect(names()).toEqual(['dup', 'host', 'none']);
  });

  it('records IPv6 networks, IPv4-less networks (API ≥ 1.48), config-only and config-from networks', () => {
    const v6 = { subnet: 'fd00:1::/64', ipRange: '', gateway: '', auxAddresses: null };
    create({ name: 'six', enableIPv6: true, ipam: { config: [v6] } });
    expect(svc.inspect('six', { scope: '' }).ipam).toMatchObject({
      config: [v6],
      allocated: [{ subnet: '172.17.0.0/16', gateway: '172.17.0.1' }],
    });
    create({
      name: 'only6',
      enableIPv4: false,
      enableIPv6: true,
      ipam: { config: [{ ...v6, subnet: 'fd00:2::/64' }] },
    });
    expect(svc.inspect('only6', { scope: '' })).toMatchObject({ enableIPv4: false, ipam: { allocated: [] } });
    create({
      name: 'conf',
      configOnly: true,
      options: { o: '1' },
      ipam: { config: [{ ...v6, subnet: '10.50.0.0/16' }] },
    });
    expect(svc.inspect('conf', { scope: '' })).toMatchObject({ driver: 'null', configOnly: true });
    create({ name: 'user', configFrom: 'conf' });
    expect(svc.inspect('user', { scope: '' })).toMatchObject({
      driver: 'bridge',
      configFrom: 'conf',
      options: { o: '1' },
      ipam: { config: [{ subnet: '10.50.0.0/16' }], allocated: [] },
    });
    expect(failure(() => create({ name: 'x', configFrom: 'conf', labels: { a: '' } }))).toMatchObject({
      kind: 'forbidden',
      message:
        'user specified configurations are not supported if the network depends on a configuration network',
    });
    expect(failure(() => svc.remove('conf', modern))).toEqual({
      kind: 'forbidden',
      message: 'error while removing network: configuration network "conf" is in use',
    });
    svc.remove('user', modern);
    svc.remove('conf', modern);
    expect(seen.filter((e) => e.Action === 'destroy').map((e) => e.Actor.Attributes.name)).toEqual(['user']);
  });

  it('finds networks by id, name and unique id prefix, with Docker ambiguity texts', () => {
    for (let i = 0; i < 17; i++) create({ name: `n${i}` });
    const all = svc.list({}, modern, { detailed: false });
    const first = all[0] as (typeof all)[number];
    expect(svc.find(first.id).name).toBe(first.name);
    expect(svc.find(first.id.slice(0, 12)).name).toBe(first.name);
    expect(svc.inspect(first.name, { scope: 'local' }).id).toBe(first.id);
    expect(failure(() => svc.inspect(first.name, { scope: 'swarm' }))).toEqual({
      kind: 'not-found',
      message: `network ${first.name} not found`,
    });
    // 19 ids over 16 first characters: some character starts two of them.
    const shared = [...'0123456789abcdef'].find(
      (c) => all.filter((n) => n.id.startsWith(c)).length > 1,
    ) as string;
    const count = all.filter((n) => n.id.startsWith(shared)).length;
    expect(failure(() => svc.inspect(shared, { scope: '' }))).toEqual({
      kind: 'invalid-parameter',
      message: `${count} matches found based on ID prefix: network ${shared} is ambiguous`,
    });
    expect(failure(() => svc.remove(shared, modern))).toEqual({
      kind: 'invalid-parameter',
      message: `network ${shared} is ambiguous (${count} matches found based on ID prefix)`,
    });
    expect(failure(() => svc.find('nope'))).toEqual({ kind: 'not-found', message: 'network nope not found' });
    expect(failure(() => svc.remove('', legacy)).message).toBe(
      'network  is ambiguous (19 matches found based on ID prefix)',
    );
  });

  it('refuses to remove predefined networks and networks with endpoints', async () => {
    expect(failure(() => svc.remove('host', modern))).toEqual({
      kind: 'forbidden',
      message: 'host is a pre-defined network and cannot be removed',
    });
    const id = create({ name: 'busy' });
    const c = fake.add('web');
    await svc.connect({ container: 'web', network: 'busy', endpointConfig: null, apiVersion: '1.50' });
    const ep = svc.inspect('busy', { scope: '' }).endpoints[0];
    expect(ep).toMatchObject({ containerId: c, name: 'web', ipv4Address: '172.30.0.2/16' });
    expect(failure(() => svc.remove('busy', legacy))).toEqual({
      kind: 'forbidden',
      message: `error while removing network: network busy id ${id} has active endpoints`,
    });
    expect(failure(() => svc.remove('busy', modern)).message).toBe(
      `error while removing network: network busy has active endpoints (name:"web" id:"${ep?.endpointId.slice(0, 12)}")`,
    );
    // A stopped container keeps its attachment but has no endpoint: the network can go.
    fake.stop('web', svc);
    svc.remove('busy', modern);
    expect(seen.filter((e) => e.Type === 'network').map((e) => [e.Action, e.Actor.Attributes])).toEqual([
      ['create', { name: 'busy', type: 'bridge' }],
      ['connect', { container: c, name: 'busy', type: 'bridge' }],
      ['disconnect', { container: c, name: 'busy', type: 'bridge' }],
      ['destroy', { name: 'busy', type: 'bridge' }],
    ]);
  });

  it('filters lists as Docker does', () => {
    create({ name: 'web', labels: { tier: 'front', x: '' } });
    create({ name: 'db', labels: { tier: 'back' } });
    const dbId = svc.find('db').id;
    fake.add('c');
    expect(names({ driver: ['bridge'] })).toEqual(['db', 'web']);
    expect(names({ driver: ['null', 'host'] })).toEqual(['host', 'none']);
    expect(names({ name: ['^w'] })).toEqual(['web']);
    expect(names({ name: ['o'] })).toEqual(['host', 'none']);
    expect(names({ name: ['(', 'db'] })).toEqual(['db']);
    expect(names({ id: [dbId.slice(0, 5)] })).toEqual(['db']);
    expect(names({ label: ['tier'] })).toEqual(['db', 'web']);
    expect(names({ label: ['tier=front', 'x'] })).toEqual(['web']);
    expect(names({ scope: ['local'] })).toHaveLength(4);
    expect(names({ scope: ['swarm'] })).toEqual([]);
    expect(names({ type: ['custom'] })).toEqual(['db', 'web']);
    expect(names({ type: ['builtin'] })).toEqual(['host', 'none']);
    expect(names({ dangling: ['true'] })).toEqual(['db', 'web']);
    expect(names({ dangling: ['0'] })).toEqual(['host', 'none']);
    expect(failure(() => names({ dangling: ['true', '1'] })).message).toBe(
      'got more than one value for filter key "dangling"',
    );
    expect(failure(() => names({ dangling: ['maybe'] }))).toEqual({
      kind: 'invalid-parameter',
      message: `invalid value for filter 'dangling', must be "true" (or "1"), or "false" (or "0")`,
    });
    expect(failure(() => names({ type: ['x'] }))).toEqual({
      kind: 'system',
      message: "invalid filter: 'type'='x'",
    });
    expect(failure(() => names({ foo: ['x'] })).message).toBe("invalid filter 'foo'");
    expect(failure(() => names({ foo: ['x'] }, legacy)).message).toBe("Invalid filter 'foo'");
  });

  it('lists endpoints only where asked (detailed lists, API < 1.28)', async () => {
    create({ name: 'n' });
    fake.add('web');
    await svc.connect({ container: 'web', network: 'n', endpointConfig: null, apiVersion: '1.50' });
    const get = (detailed: boolean): number =>
      svc.list({ name: ['^n$'] }, modern, { detailed })[0]?.endpoints.length ?? -1;
    expect([get(false), get(true)]).toEqual([0, 1]);
  });

  it('prunes unused custom networks by label and age, and announces it', async () => {
    create({ name: 'old', labels: { keep: 'no' } });
    const cutoff = now;
    create({ name: 'young' });
    create({ name: 'kept', labels: { keep: 'yes' } });
    create({ name: 'busy' });
    create({ name: 'conf', configOnly: true });
    fake.add('web');
    await svc.connect({ container: 'web', network: 'busy', endpointConfig: null, apiVersion: '1.50' });
    const until = `${cutoff / 1_000_000_000n}`;
    expect(svc.prune({ until: [until] }, modern)).toEqual({ deleted: ['old'] });
    expect(svc.prune({ 'label!': ['keep=yes'] }, modern)).toEqual({ deleted: ['young'] });
    expect(svc.prune({ label: ['nothing'] }, modern)).toEqual({ deleted: [] });
    expect(svc.prune({}, legacy)).toEqual({ deleted: ['kept'] });
    expect(names()).toEqual(['busy', 'conf', 'host', 'none']);
    const prunes = seen.filter((e) => e.Action === 'prune');
    expect(prunes.map((e) => e.Actor)).toEqual(new Array(4).fill({ ID: '', Attributes: { reclaimed: '0' } }));
    expect(failure(() => svc.prune({ foo: ['x'] }, modern)).message).toBe("invalid filter 'foo'");
    expect(failure(() => svc.prune({ until: ['1h', '2h'] }, modern))).toEqual({
      kind: 'invalid-parameter',
      message: 'more than one until filter specified',
    });
    expect(failure(() => svc.prune({ until: ['zzz'] }, legacy))).toEqual({
      kind: 'system',
      message: 'failed to parse value as time or duration: "zzz"',
    });
  });

  it('hands connect and disconnect to the attachments, which resolve the container first', async () => {
    svc = new NetworkService({ store: new MemoryStore(), events });
    svc.init();
    const req = { container: 'web', network: 'nope', endpointConfig: null, apiVersion: '1.50' };
    await expect(svc.connect(req)).rejects.toThrow('No such container: web');
    await expect(svc.disconnect({ ...req, force: true })).rejects.toThrow('network nope not found');
    await expect(svc.disconnect({ ...req, network: 'host', force: true })).rejects.toThrow(
      'endpoint web not found',
    );
  });

  it('keeps what it made across a restart on the same catalog', () => {
    const id = create({ name: 'persist', labels: { a: 'b' } });
    const before = svc.inspect('persist', { scope: '' });
    expect(make().inspect(id, { scope: '' })).toEqual(before);
  });
});
