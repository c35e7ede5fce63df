// GET /volumes (list + filters), GET /volumes/{name} (inspect), DELETE /volumes/{name}.
import type { HttpCase, SetupStep } from '../types.js';

const V = '/v1.41';
export const mk = (Name: string, extra: Record<string, unknown> = {}): SetupStep => ({
  http: { method: 'POST', path: `${V}/volumes/create`, json: { Name, ...extra } },
});
export const q = (filters: unknown): string => `?filters=${encodeURIComponent(JSON.stringify(filters))}`;

/** vol-1 (a=1, role=db), vol-2 (a=2), vol-10 (no labels), tmpvol (tmpfs options), empties ({} labels/opts). */
const set: SetupStep[] = [
  mk('vol-1', { Labels: { a: '1', role: 'db' } }),
  mk('vol-2', { Labels: { a: '2' } }),
  mk('vol-10'),
  mk('tmpvol', { DriverOpts: { type: 'tmpfs', device: 'tmpfs', o: 'size=1m' }, Labels: { b: 'x' } }),
  mk('empties', { Labels: {}, DriverOpts: {} }),
];
const list = (name: string, query: string, notes?: string): HttpCase => ({
  name,
  setup: set,
  request: { method: 'GET', path: `${V}/volumes${query}` },
  ...(notes ? { notes } : {}),
});
const inspect = (name: string, path: string, setup: SetupStep[] = set): HttpCase => ({
  name,
  setup,
  request: { method: 'GET', path },
});
const del = (name: string, path: string, setup: SetupStep[] = set): HttpCase => ({
  name,
  setup,
  request: { method: 'DELETE', path },
});
const used: SetupStep[] = [
  ...set,
  { image: 'strata-test:latest' },
  ['create', '--name', 'c1', '-v', 'vol-1:/data', 'strata-test:latest', '/bin/true'],
];

export const httpListCases: HttpCase[] = [
  { name: 'list-empty', request: { method: 'GET', path: `${V}/volumes` } },
  list('list', ''),
  {
    name: 'list-anonymous',
    setup: [...set, { http: { method: 'POST', path: `${V}/volumes/create`, json: {} } }],
    request: { method: 'GET', path: `${V}/volumes` },
  },
  list('list-filters-empty-string', '?filters='),
  list('list-filters-empty-object', q({})),
  list('list-filter-name', q({ name: { vol: true } })),
  list('list-filter-name-regex', q({ name: { 'vol-[12]$': true } })),
  list('list-filter-name-anchored', q({ name: { '^vol-1$': true } })),
  list('list-filter-name-invalid-regex', q({ name: { '(': true } })),
  list('list-filter-name-or', q({ name: { 'vol-2': true, tmp: true } })),
  list('list-filter-name-false-value', q({ name: { 'vol-2': false } }), 'map-of-bools: the bool is ignored'),
  list('list-filter-name-legacy-list', q({ name: ['vol-1', 'vol-2'] })),
  list('list-filter-legacy-string', q({ name: 'vol-1' })),
  list('list-filter-legacy-mixed', q({ name: ['vol-1'], label: { a: true } })),
  list('list-filter-driver', q({ driver: { local: true } })),
  list('list-filter-driver-prefix', q({ driver: { loca: true } })),
  list('list-filter-driver-empty', q({ driver: { '': true } })),
  list('list-filter-label-key', q({ label: { a: true } })),
  list('list-filter-label-kv', q({ label: { 'a=1': true } })),
  list('list-filter-label-and', q({ label: { a: true, 'role=db': true } })),
  list('list-filter-label-colon', q({ label: { 'a:1': true } })),
  list('list-filter-label-not', q({ 'label!': { a: true } })),
  list('list-filter-dangling-true', q({ dangling: { true: true } })),
  list('list-filter-dangling-1', q({ dangling: { '1': true } })),
  list('list-filter-dangling-false', q({ dangling: { false: true } })),
  list('list-filter-dangling-maybe', q({ dangling: { maybe: true } })),
  list('list-filter-dangling-both', q({ dangling: { true: true, false: true } })),
  list('list-filter-dangling-uppercase', q({ dangling: { TRUE: true } })),
  list('list-filter-unknown', q({ foo: { bar: true } })),
  list('list-filter-unknown-and-bad', q({ foo: { bar: true }, dangling: { maybe: true } })),
  list('list-filters-not-json', '?filters=%7Boops'),
  list('list-filters-null', '?filters=null'),
  list('list-filters-word', '?filters=nope'),
  list('list-filters-array', '?filters=%5B%5D'),
  list('list-filters-number', '?filters=5'),
  list('list-filters-unencoded', '?filters={"name":{"vol-1":true}}'),
  list('list-filters-trailing', `${q({ name: { 'vol-1': true } })}%20x`),
  list('list-unknown-query', '?foo=bar'),
  { name: 'list-unversioned', setup: set, request: { method: 'GET', path: '/volumes' } },
  {
    name: 'list-filter-dangling-false-containers',
    requires: ['containers'],
    setup: used,
    request: { method: 'GET', path: `${V}/volumes${q({ dangling: { false: true } })}` },
  },
];

export const httpInspectCases: HttpCase[] = [
  inspect('inspect', `${V}/volumes/vol-1`),
  inspect('inspect-no-labels', `${V}/volumes/vol-10`),
  inspect('inspect-empty-maps', `${V}/volumes/empties`),
  inspect('inspect-options', `${V}/volumes/tmpvol`),
  inspect('inspect-unversioned', '/volumes/vol-1'),
  inspect('inspect-v1.24', '/v1.24/volumes/vol-1'),
  inspect('inspect-missing', `${V}/volumes/nosuch`),
  inspect('inspect-empty-name', `${V}/volumes/`),
  inspect('inspect-name-create', `${V}/volumes/create`),
  inspect('inspect-name-slash', `${V}/volumes/a/b`),
  inspect('inspect-name-encoded-slash', `${V}/volumes/a%2Fb`),
  inspect('inspect-name-dotdot', `${V}/volumes/..`),
  inspect('inspect-name-dotdot-inner', `${V}/volumes/a/../vol-1`),
  inspect('inspect-name-dot', `${V}/volumes/.`),
  inspect('inspect-name-nul', `${V}/volumes/a%00b`),
  inspect('inspect-name-space', `${V}/volumes/a%20b`),
  inspect('inspect-name-unicode', `${V}/volumes/v%C3%B3l`),
  inspect('inspect-name-html', `${V}/volumes/%3Ca%26b%3E`),
  inspect('inspect-name-long', `${V}/volumes/${'v'.repeat(300)}`),
  inspect('inspect-name-query', `${V}/volumes/vol-1?x=1`),
  inspect('inspect-anonymous', `${V}/volumes/{out0}`, [
    { http: { method: 'POST', path: `${V}/volumes/create`, json: {} } },
  ]),
  { name: 'inspect-head', setup: set, request: { method: 'HEAD', path: `${V}/volumes/vol-1` } },
];

export const httpDeleteCases: HttpCase[] = [
  del('delete', `${V}/volumes/vol-1`),
  {
    name: 'delete-then-inspect',
    setup: [...set, { http: { method: 'DELETE', path: `${V}/volumes/vol-1` } }],
    request: { method: 'GET', path: `${V}/volumes/vol-1` },
  },
  del('delete-options-volume', `${V}/volumes/tmpvol`),
  del('delete-missing', `${V}/volumes/nosuch`),
  del('delete-missing-force-1', `${V}/volumes/nosuch?force=1`),
  del('delete-missing-force-true', `${V}/volumes/nosuch?force=true`),
  del('delete-missing-force-0', `${V}/volumes/nosuch?force=0`),
  del('delete-missing-force-no', `${V}/volumes/nosuch?force=no`),
  del('delete-missing-force-none', `${V}/volumes/nosuch?force=NONE`),
  del('delete-missing-force-empty', `${V}/volumes/nosuch?force=`),
  del('delete-missing-force-other', `${V}/volumes/nosuch?force=whatever`),
  del('delete-existing-force', `${V}/volumes/vol-2?force=1`),
  del('delete-empty-name', `${V}/volumes/`),
  del('delete-name-slash', `${V}/volumes/a/b`),
  del('delete-name-dotdot', `${V}/volumes/..`),
  del('delete-unversioned', '/volumes/vol-1'),
  {
    name: 'delete-in-use',
    requires: ['containers'],
    setup: used,
    request: { method: 'DELETE', path: `${V}/volumes/vol-1` },
  },
  {
    name: 'delete-in-use-force',
    requires: ['containers'],
    setup: used,
    request: { method: 'DELETE', path: `${V}/volumes/vol-1?force=1` },
  },
  {
    name: 'delete-in-use-two',
    requires: ['containers'],
    setup: [...used, ['create', '--name', 'c2', '-v', 'vol-1:/x', 'strata-test:latest', '/bin/true']],
    request: { method: 'DELETE', path: `${V}/volumes/vol-1` },
  },
];
