import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runNetworkAttachmentsContract, testNetwork } from '../networks/network-attachments.contract.js';
import { lookupNetwork } from '../networks/network-lookup.js';
import type { NetworkRecord } from '../networks/network-record.js';
import {
  ContainerNetworks,
  joinNetworks,
  leaveNetworks,
  networksAtCreate,
  resolveAtStart,
} from './container-networks.js';
import { createdState, type ContainerRecord } from './container-record.js';

function record(name: string, running: boolean, mode = 'default'): ContainerRecord {
  const hostConfig = { NetworkMode: mode };
  return {
    Id: randomBytes(32).toString('hex'),
    Created: '2026-01-01T00:00:00Z',
    Path: 'true',
    Args: [],
    State: { ...createdState(), ...(running ? { Status: 'running', Running: true, Pid: 1 } : {}) },
    Image: 'sha256:' + '0'.repeat(64),
    LayerPaths: [],
    Name: `/${name}`,
    RestartCount: 0,
    Config: {},
    HostConfig: hostConfig,
    MountPoints: {},
    LogPath: '',
    ExecIDs: [],
    Networks: networksAtCreate(hostConfig, null, undefined),
  };
}

function lookup(): { records: Map<string, ContainerRecord>; networks: ContainerNetworks } {
  const records = new Map<string, ContainerRecord>();
  const networks = new ContainerNetworks({
    find: (ref) =>
      records.get(ref) ??
      [...records.values()].find((r) => r.Name === `/${ref}` || (ref !== '' && r.Id.startsWith(ref))),
    all: () => records.values(),
    persist: () => undefined,
  });
  return { records, networks };
}

runNetworkAttachmentsContract('ContainerNetworks (the container side)', () => {
  const { records, networks } = lookup();
  return {
    attachments: networks,
    addContainer: (name, o) => {
      const rec = record(name, o.running);
      records.set(rec.Id, rec);
      return rec.Id;
    },
  };
});

const net = (name: string, driver: string, c: string): NetworkRecord => testNetwork(name, c, driver);

describe('container networks over a life', () => {
  const nets = [net('host', 'host', 'a'), net('none', 'null', 'b'), net('proj_default', 'bridge', 'c')];
  const events: string[] = [];
  const dir = {
    find: (ref: string) => lookupNetwork(nets, ref),
    endpointConnected: (n: NetworkRecord, id: string) => events.push(`connect ${n.name} ${id.slice(0, 4)}`),
    endpointDisconnected: (n: NetworkRecord, id: string) =>
      events.push(`disconnect ${n.name} ${id.slice(0, 4)}`),
  };

  it('gives a default container an empty bridge endpoint that no start fills (a dockerd without a bridge)', () => {
    const hostConfig: { NetworkMode?: string } = {};
    const networks = networksAtCreate(hostConfig, null, dir);
    expect(hostConfig.NetworkMode).toBe('default');
    expect(Object.keys(networks)).toEqual(['bridge']);
    expect(networks.bridge).toEqual({
      IPAMConfig: null,
      Links: null,
      Aliases: null,
      NetworkID: '',
      EndpointID: '',
      Gateway: '',
      IPAddress: '',
      IPPrefixLen: 0,
      IPv6Gateway: '',
      GlobalIPv6Address: '',
      GlobalIPv6PrefixLen: 0,
      MacAddress: '',
      DriverOpts: null,
    });
    const rec = { ...record('x', false), Networks: networks };
    expect(resolveAtStart(rec, dir)).toEqual([]);
  });

  it('refuses to start on a user network that does not exist; refuses container: modes', () => {
    const later = networksAtCreate({ NetworkMode: 'nope' }, null, dir);
    expect(Object.keys(later)).toEqual(['nope']);
    expect(() => resolveAtStart({ ...record('z', false), Networks: later }, dir)).toThrow(
      'network nope not found',
    );
    expect(() => networksAtCreate({ NetworkMode: 'container:abc' }, null, dir)).toThrow(/not supported/);
  });

  it('keeps the client endpoint config by name, fills ids at start and clears the endpoint at exit', () => {
    const hostConfig = { NetworkMode: 'cccc' };
    const networks = networksAtCreate(hostConfig, { [nets[2]?.id ?? '']: { Aliases: ['web'] } }, dir);
    expect(Object.keys(networks)).toEqual(['proj_default']);
    expect(networks.proj_default?.Aliases).toEqual(['web']);
    const rec = { ...record('web', false), HostConfig: hostConfig, Networks: networks };
    const joined = resolveAtStart(rec, dir);
    rec.State = { ...rec.State, Running: true, Status: 'running' };
    joinNetworks(rec, joined, dir);
    expect(networks.proj_default?.NetworkID).toBe('c'.repeat(64));
    expect(networks.proj_default?.EndpointID).toMatch(/^[0-9a-f]{64}$/);
    const { records, networks: attachments } = lookup();
    records.set(rec.Id, rec);
    expect(attachments.endpoints('c'.repeat(64)).map((e) => e.name)).toEqual(['web']);
    leaveNetworks(rec, dir);
    expect(networks.proj_default?.EndpointID).toBe('');
    expect(networks.proj_default?.NetworkID).toBe('c'.repeat(64));
    expect(events).toEqual([
      `connect proj_default ${rec.Id.slice(0, 4)}`,
      `disconnect proj_default ${rec.Id.slice(0, 4)}`,
    ]);
  });

  it('refuses to start when an attached network is gone', () => {
    const rec = {
      ...record('y', false),
      Networks: { gone: networksAtCreate({ NetworkMode: 'none' }, null, dir).none! },
    };
    expect(() => resolveAtStart(rec, dir)).toThrow('network gone not found');
  });

  it('keeps host and none containers off other networks', async () => {
    const { records, networks: attachments } = lookup();
    const h = record('h', true, 'host');
    const n = record('n', true, 'none');
    records.set(h.Id, h);
    records.set(n.Id, n);
    const req = { network: 'proj_default', endpointConfig: null, apiVersion: '1.50' };
    await expect(attachments.connect({ ...req, container: 'h' }, dir)).rejects.toThrow(
      'container sharing network namespace with another container or host cannot be connected to any other network',
    );
    await expect(attachments.connect({ ...req, container: 'n' }, dir)).rejects.toThrow(
      'container cannot be connected to multiple networks with one of the networks in private (none) mode',
    );
    const d = record('plain', true);
    records.set(d.Id, d);
    await expect(attachments.connect({ ...req, container: 'plain', network: 'host' }, dir)).rejects.toThrow(
      'cannot connect container to host network - container must be created in host network mode',
    );
  });
});
