import { beforeEach, describe, expect, it } from 'vitest';
import { kindOf } from '../../errors/index.js';
import type { NetworkAttachments, NetworkDirectory } from './network-attachments.js';
import { lookupNetwork } from './network-lookup.js';
import { plainNetworkRecord, type NetworkRecord } from './network-record.js';

/** How a contract run makes containers in the implementation under test. */
export interface AttachmentFixtures {
  attachments: NetworkAttachments;
  /**
   * Makes a container named `name`, running or not; returns its id. Absent for implementations
   * that cannot hold containers (noContainerAttachments): the cases that need one are then left out.
   */
  addContainer?: (name: string, options: { running: boolean }) => Promise<string> | string;
}

/** A network record for tests: id `idChar` × 64, driver `bridge` unless said. */
export const testNetwork = (name: string, idChar: string, driver = 'bridge'): NetworkRecord =>
  plainNetworkRecord({ id: idChar.repeat(64), name, created: '2026-01-01T00:00:00Z', driver });

/** A directory of two networks that records the endpoint events it is told of. */
function recordingDirectory(): NetworkDirectory & { events: string[]; nets: NetworkRecord[] } {
  const nets = [testNetwork('front', 'a'), testNetwork('back', 'b')];
  const events: string[] = [];
  return {
    nets,
    events,
    find: (ref) => lookupNetwork(nets, ref),
    endpointConnected: (n, id) => events.push(`connect ${n.name} ${id}`),
    endpointDisconnected: (n, id) => events.push(`disconnect ${n.name} ${id}`),
  };
}

/** The one suite every NetworkAttachments passes (noContainerAttachments, the fake, the container side's). */
export function runNetworkAttachmentsContract(label: string, factory: () => AttachmentFixtures): void {
  describe(`NetworkAttachments contract: ${label}`, () => {
    let fx: AttachmentFixtures;
    let dir: ReturnType<typeof recordingDirectory>;
    const v = '1.50';

    beforeEach(() => {
      fx = factory();
      dir = recordingDirectory();
    });

    const failure = async (p: Promise<unknown>): Promise<{ kind: string; message: string }> => {
      try {
        await p;
      } catch (err) {
        return { kind: kindOf(err), message: (err as Error).message };
      }
      throw new Error('expected a failure');
    };

    it('says No such container before looking at the network', async () => {
      const connect = { container: 'nope', network: 'nowhere', endpointConfig: null, apiVersion: v };
      expect(await failure(fx.attachments.connect(connect, dir))).toEqual({
        kind: 'not-found',
        message: 'No such container: nope',
      });
      const disconnect = { container: 'nope', network: 'front', force: false, apiVersion: v };
      expect(await failure(fx.attachments.disconnect(disconnect, dir))).toEqual({
        kind: 'not-found',
        message: 'No such container: nope',
      });
      expect(dir.events).toEqual([]);
    });

    it('force-deletes the endpoint of a container that does not exist, by name (ForceEndpointDelete)', async () => {
      const req = { container: 'nope', network: 'nowhere', force: true, apiVersion: v };
      expect(await failure(fx.attachments.disconnect(req, dir))).toEqual({
        kind: 'not-found',
        message: 'network nowhere not found',
      });
      expect(await failure(fx.attachments.disconnect({ ...req, network: 'front' }, dir))).toEqual({
        kind: 'not-found',
        message: 'endpoint nope not found',
      });
    });

    it('has no endpoints on a network nobody joined', () => {
      expect(fx.attachments.endpoints('c'.repeat(64))).toEqual([]);
      expect(fx.attachments.endpoints(dir.nets[0]?.id ?? '')).toEqual([]);
    });

    it('gives a running container an endpoint on connect, and takes it on disconnect', async (t) => {
      if (!fx.addContainer) return t.skip('this implementation holds no containers');
      const id = await fx.addContainer('web', { running: true });
      const front = dir.nets[0] as NetworkRecord;
      await fx.attachments.connect(
        { container: 'web', network: 'front', endpointConfig: null, apiVersion: v },
        dir,
      );
      const eps = fx.attachments.endpoints(front.id);
      expect(eps).toHaveLength(1);
      expect(eps[0]).toMatchObject({ containerId: id, name: 'web' });
      expect(eps[0]?.endpointId).toMatch(/^[0-9a-f]{64}$/);
      expect(fx.attachments.endpoints((dir.nets[1] as NetworkRecord).id)).toEqual([]);
      await fx.attachments.disconnect({ container: id, network: front.id, force: false, apiVersion: v }, dir);
      expect(fx.attachments.endpoints(front.id)).toEqual([]);
      expect(dir.events).toEqual([`connect front ${id}`, `disconnect front ${id}`]);
    });

    it('gives a stopped container no endpoint, and announces nothing', async (t) => {
      if (!fx.addContainer) return t.skip('this implementation holds no containers');
      await fx.addContainer('idle', { running: false });
      await fx.attachments.connect(
        { container: 'idle', network: 'back', endpointConfig: null, apiVersion: v },
        dir,
      );
      expect(fx.attachments.endpoints((dir.nets[1] as NetworkRecord).id)).toEqual([]);
      expect(dir.events).toEqual([]);
    });
  });
}
