import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineClient } from '../../src/client/engine-client.js';
import { containerE2eSkipReason, startBusyboxDaemon, type BusyboxDaemon } from '../helpers/containers.js';
import { dockerCliAvailable, runDocker } from '../helpers/docker-cli.js';
import { daemonErrorOf, runStrata } from '../helpers/strata-cli.js';
import { startStrata, strataUnavailableReason, type StrataDaemon } from '../helpers/strata-daemon.js';

// Two of Strata's own volume features against a real daemon: `strata volume update` (label edits,
// persisted across a restart, seen by `docker events`) and the local driver's `uid`/`gid`/`mode`
// options (applied to `_data`, or to a mounted filesystem's root, and usable by a container).

const skip = strataUnavailableReason();
const isRoot = process.getuid?.() === 0;
const anonymousLabel = 'com.docker.volume.anonymous';

describe.skipIf(skip !== undefined)(
  `volume update and owner options${skip ? ` — skipped: ${skip}` : ''}`,
  () => {
    let d: StrataDaemon;
    let c: EngineClient;
    beforeAll(async () => {
      d = await startStrata();
      c = new EngineClient({ host: `unix://${d.socket}` });
    });
    afterAll(async () => d?.stop());

    it('adds, replaces and removes labels, persisted across a restart, with an update event', async () => {
      const since = String(Math.floor(Date.now() / 1000) - 1);
      await c.createVolume({ Name: 'lab', Labels: { keep: '1', old: 'x', gone: 'y' } });
      const r = await runStrata(d, [
        'volume',
        'update',
        'lab',
        '--label-add',
        'old=new',
        '--label-add',
        'fresh=yes',
        '--label-rm',
        'gone',
        '--label-rm',
        'missing',
      ]);
      expect(r).toEqual({ stdout: 'lab\n', stderr: '', code: 0 });
      const labels = { keep: '1', old: 'new', fresh: 'yes' };
      expect((await c.inspectVolume('lab')).Labels).toEqual(labels);

      // The API answers the volume's inspect JSON.
      const v = await c.updateVolumeLabels('lab', { Add: { extra: 'e' }, Remove: ['extra2'] });
      expect(v).toMatchObject({ Name: 'lab', Driver: 'local', Labels: { ...labels, extra: 'e' } });
      await c.updateVolumeLabels('lab', { Remove: ['extra'] });

      if (dockerCliAvailable()) {
        const out = await runDocker(
          [
            'events',
            '--since',
            since,
            '--until',
            String(Math.floor(Date.now() / 1000) + 1),
            '--filter',
            'type=volume',
            '--filter',
            'event=update',
            '--format',
            '{{.Action}} {{.Actor.ID}} {{.Actor.Attributes.driver}} +{{.Actor.Attributes.labelsAdded}} -{{.Actor.Attributes.labelsRemoved}}',
          ],
          { host: d.socket },
        );
        expect(out.stdout).toBe(
          'update lab local +fresh,old -gone\nupdate lab local +extra -<no value>\nupdate lab local +<no value> -extra\n',
        );
      }

      await d.restart();
      c = new EngineClient({ host: `unix://${d.socket}` });
      expect((await c.inspectVolume('lab')).Labels).toEqual(labels);
      const listed = await c.listVolumes({ label: ['old=new'] });
      expect(listed.Volumes?.map((x) => x.Name)).toEqual(['lab']);
    });

    it('refuses bad edits with clear texts and changes nothing', async () => {
      const anon = await c.createVolume({});
      const fixed = `the label "${anonymousLabel}" marks an anonymous volume and cannot be changed or removed`;
      expect(await daemonErrorOf(c.updateVolumeLabels(anon.Name, { Remove: [anonymousLabel] }))).toEqual([
        400,
        fixed,
      ]);
      expect(
        await daemonErrorOf(c.updateVolumeLabels(anon.Name, { Add: { [anonymousLabel]: 'x' } })),
      ).toEqual([400, fixed]);
      expect(await daemonErrorOf(c.updateVolumeLabels(anon.Name, { Add: { '': 'v' } }))).toEqual([
        400,
        "invalid label '=v': empty name",
      ]);
      expect(await daemonErrorOf(c.updateVolumeLabels(anon.Name, { Add: { 'a b': 'v' } }))).toEqual([
        400,
        "label 'a b' contains whitespaces",
      ]);
      expect(await daemonErrorOf(c.updateVolumeLabels('nope', { Add: { a: 'b' } }))).toEqual([
        404,
        'get nope: no such volume',
      ]);
      expect(
        await daemonErrorOf(c.call('POST', `/volumes/${anon.Name}/labels`, { body: { Remove: 'k' } })),
      ).toEqual([400, 'invalid JSON: "Remove" must be a list of strings']);
      expect((await c.inspectVolume(anon.Name)).Labels).toEqual({ [anonymousLabel]: '' });

      // Docker's PUT /volumes/{name} stays Docker's: cluster volumes only.
      expect(
        await daemonErrorOf(c.call('PUT', `/volumes/${anon.Name}`, { query: { version: '1' }, body: {} })),
      ).toEqual([503, 'volume update only valid for cluster volumes, but swarm is unavailable']);

      // The CLI: the label flag is checked as `volume create --label` checks it; daemon errors exit 1.
      const usage = await runStrata(d, ['volume', 'update', anon.Name, '--label-add', '=v']);
      expect(usage.code).toBe(125);
      expect(usage.stderr).toContain(
        `invalid argument "=v" for "--label-add" flag: invalid label '=v': empty name`,
      );
      const missing = await runStrata(d, ['volume', 'update', 'nope', '--label-rm', 'a']);
      expect(missing).toEqual({
        stdout: '',
        stderr: 'Error response from daemon: get nope: no such volume\n',
        code: 1,
      });
    });

    it('applies uid, gid and mode to _data at create and refuses bad values naming the option', async () => {
      const opts = { ...(isRoot ? { uid: '1234', gid: '2345' } : {}), mode: '0750' };
      const v = await c.createVolume({ Name: 'own', DriverOpts: opts });
      const st = statSync(join(d.dataRoot, 'volumes', 'own', '_data'));
      expect(st.mode & 0o7777).toBe(0o750);
      if (isRoot) expect([st.uid, st.gid]).toEqual([1234, 2345]);
      expect(v.Options).toEqual(opts);
      await d.restart();
      c = new EngineClient({ host: `unix://${d.socket}` });
      expect((await c.inspectVolume('own')).Options).toEqual(opts);

      const bad = (DriverOpts: Record<string, string>) =>
        daemonErrorOf(c.createVolume({ Name: 'bad', DriverOpts }));
      expect(await bad({ uid: 'bob' })).toEqual([
        400,
        'create bad: invalid value for option "uid": "bob" (a numeric id from 0 to 4294967294)',
      ]);
      expect(await bad({ mode: '0999' })).toEqual([
        400,
        'create bad: invalid value for option "mode": "0999" (an octal mode from 0 to 07777, e.g. 0755)',
      ]);
      expect(await bad({ uid: '1', owner: 'x' })).toEqual([400, 'create bad: invalid option: "owner"']);
      const r = await runStrata(d, ['volume', 'create', '--opt', 'gid=-5', 'bad']);
      expect(r.stderr).toBe(
        'Error response from daemon: create bad: invalid value for option "gid": "-5" (a numeric id from 0 to 4294967294)\n',
      );
    });
  },
);

const containerSkip = skip ?? containerE2eSkipReason();

describe.skipIf(containerSkip !== undefined)(
  `owner options with containers${containerSkip ? ` — skipped: ${containerSkip}` : ''}`,
  () => {
    let b: BusyboxDaemon;
    beforeAll(async () => {
      b = await startBusyboxDaemon('strata-owner-');
    }, 120_000);
    afterAll(async () => b?.close());

    it('lets a container write as the volume root’s uid, where a default volume refuses it', async () => {
      await b.ok([
        'volume',
        'create',
        '--opt',
        'uid=1234',
        '--opt',
        'gid=2345',
        '--opt',
        'mode=0750',
        'owned',
      ]);
      await b.ok(['volume', 'create', 'plain']);
      const wrote = await b.ok([
        'run',
        '--rm',
        '-u',
        '1234:2345',
        '-v',
        'owned:/data',
        'busybox:local',
        'sh',
        '-c',
        'echo hi > /data/f && stat -c "%u %g %a" /data /data/f',
      ]);
      expect(wrote.split('\n')[0]).toBe('1234 2345 750');
      const f = statSync(join(b.d.dataRoot, 'volumes', 'owned', '_data', 'f'));
      expect([f.uid, f.gid]).toEqual([1234, 2345]);
      const refused = await b.docker([
        'run',
        '--rm',
        '-u',
        '1234:2345',
        '-v',
        'plain:/data',
        'busybox:local',
        'sh',
        '-c',
        'echo hi > /data/f',
      ]);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain('Permission denied');
    });

    it('keeps the explicit owner when an image directory is copied up into the volume', async () => {
      await b.ok([
        'volume',
        'create',
        '--opt',
        'uid=1234',
        '--opt',
        'gid=2345',
        '--opt',
        'mode=0750',
        'etcown',
      ]);
      await b.ok(['volume', 'create', 'etcplain']);
      await b.ok(['run', '--rm', '-v', 'etcown:/etc', '-v', 'etcplain:/root', 'busybox:local', 'true']);
      const own = statSync(join(b.d.dataRoot, 'volumes', 'etcown', '_data'));
      expect([own.uid, own.gid, own.mode & 0o7777]).toEqual([1234, 2345, 0o750]);
      expect(statSync(join(b.d.dataRoot, 'volumes', 'etcown', '_data', 'passwd')).isFile()).toBe(true);
      const image = statSync(join(b.d.dataRoot, 'volumes', 'etcplain', '_data'));
      expect([image.uid, image.mode & 0o7777]).toEqual([0, 0o700]); // the image's /root
    });

    it('prunes and sizes a volume whose only options are its owner, as a plain one', async () => {
      await b.ok(['volume', 'create', '--opt', 'uid=1234', 'owneronly']);
      await b.ok(['volume', 'create', '--opt', 'type=tmpfs', '--opt', 'device=tmpfs', 'mounted']);
      const df = await b.ok(['system', 'df', '-v', '--format', '{{range .Volumes}}{{.Name}} {{end}}']);
      expect(df.split(' ')).toContain('owneronly');
      expect(df.split(' ')).not.toContain('mounted');
      const pruned = await b.ok(['volume', 'prune', '-af']);
      expect(pruned).toContain('owneronly');
      expect(pruned).not.toContain('mounted');
    });

    it('applies the owner to a tmpfs root at each mount', async () => {
      await b.ok([
        'volume',
        'create',
        '--opt',
        'type=tmpfs',
        '--opt',
        'device=tmpfs',
        '--opt',
        'o=size=4m',
        '--opt',
        'uid=1234',
        '--opt',
        'mode=0700',
        'tmpown',
      ]);
      for (let i = 0; i < 2; i++) {
        const out = await b.ok([
          'run',
          '--rm',
          '-u',
          '1234',
          '-v',
          'tmpown:/t',
          'busybox:local',
          'sh',
          '-c',
          'touch /t/x && stat -c "%u %a" /t',
        ]);
        expect(out).toBe('1234 700');
      }
    });
  },
);
