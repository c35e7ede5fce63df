import { invalidParameter, messages } from '../../errors/index.js';
import { FilterArgs, type FilterQuery } from '../filter-args.js';
import { compileGoRegexp } from '../go-regexp.js';
import { compareTimes, type ContainerRecord } from './container-record.js';

const accepted = new Set([
  'ancestor',
  'before',
  'expose',
  'exited',
  'health',
  'id',
  'is-task',
  'isolation',
  'label',
  'name',
  'network',
  'publish',
  'since',
  'status',
  'volume',
]);
const statuses = new Set(['created', 'restarting', 'running', 'removing', 'paused', 'exited', 'dead']);

/** moby Args.Match: exact, or an unanchored Go regexp. */
function match(f: FilterArgs, key: string, source: string): boolean {
  const values = f.values(key);
  if (values.length === 0 || values.includes(source)) return true;
  return values.some((v) => compileGoRegexp(v)?.test(source) ?? false);
}

/**
 * `GET /containers/json` filtering (moby daemon/list.go): newest first; without `all` only running
 * containers, unless a status or exited filter asks for others.
 */
export function filterContainers(
  all: ContainerRecord[],
  query: FilterQuery,
  opts: {
    all: boolean;
    resolve: (ref: string) => ContainerRecord;
    imageMatches: (ref: string, imageId: string) => boolean;
  },
): ContainerRecord[] {
  const f = FilterArgs.of(query);
  f.validate(accepted, { legacyErrors: false });
  for (const s of f.values('status')) {
    if (!statuses.has(s)) throw invalidParameter(messages.invalidFilter(`status=${s}`, false));
  }
  const exited = f.values('exited').map((v) => {
    if (!/^-?\d+$/.test(v)) throw invalidParameter(`invalid filter 'exited=${v}'`);
    return Number(v);
  });
  const showAll = opts.all || f.has('status') || f.has('exited');
  const sorted = [...all].sort((a, b) => compareTimes(b.Created, a.Created));
  const before = f.values('before').map((r) => opts.resolve(r).Created);
  const since = f.values('since').map((r) => opts.resolve(r).Created);
  return sorted.filter((c) => {
    if (!showAll && !c.State.Running) return false;
    if (!match(f, 'id', c.Id) || !match(f, 'name', c.Name)) return false;
    if (!f.matchAllLabels('label', c.Config.Labels ?? null) && f.has('label')) return false;
    if (f.has('status') && !f.values('status').includes(c.State.Status)) return false;
    if (exited.length > 0 && (c.State.Status !== 'exited' || !exited.includes(c.State.ExitCode)))
      return false;
    if (f.has('volume')) {
      const vols = f.values('volume');
      if (!Object.values(c.MountPoints).some((m) => vols.includes(m.Name) || vols.includes(m.Destination)))
        return false;
    }
    if (f.has('ancestor') && !f.values('ancestor').some((a) => opts.imageMatches(a, c.Image))) return false;
    if (
      before.some((t) => compareTimes(c.Created, t) >= 0) ||
      since.some((t) => compareTimes(c.Created, t) <= 0)
    )
      return false;
    return true;
  });
}
