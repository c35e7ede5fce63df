// POST /volumes/prune, GET /system/df, GET /events (bounded with `until` so the stream ends).
import type { HttpCase, SetupStep } from '../types.js';
import { mk, q } from './http-volumes.js';

const V = '/v1.41';
/** anonymous, named1 (a=1, 3 bytes), named2 (a=2,b=x), plain (5 bytes), empties ({} maps), tmpvol (options). */
const set: SetupStep[] = [
  { http: { method: 'POST', path: `${V}/volumes/create`, json: {} } },
  mk('named1', { Labels: { a: '1' } }),
  mk('named2', { Labels: { a: '2', b: 'x' } }),
  mk('plain'),
  mk('empties', { Labels: {}, DriverOpts: {} }),
  mk('tmpvol', { DriverOpts: { type: 'tmpfs', device: 'tmpfs' } }),
  { writeFile: { volume: 'named1', path: 'f1', content: 'abc' } },
  { writeFile: { volume: 'plain', path: 'dir/f2', content: 'hello' } },
];
const used: SetupStep[] = [
  ...set,
  { image: 'strata-test:latest' },
  ['create', '--name', 'c1', '-v', 'named1:/data', 'strata-test:latest', '/bin/true'],
];
const prune = (name: string, query: string, setup: SetupStep[] = set): HttpCase => ({
  name,
  setup,
  request: { method: 'POST', path: `${V}/volumes/prune${query}` },
});
const events = (name: string, query: string, setup: SetupStep[], notes?: string): HttpCase => ({
  name,
  setup,
  request: { method: 'GET', path: `${V}/events?since={start}&until={now}${query}` },
  ...(notes ? { notes } : {}),
});

export const httpPruneCases: HttpCase[] = [
  prune('prune-nothing', '', []),
  prune('prune', ''),
  {
    name: 'prune-then-list',
    setup: [...set, { http: { method: 'POST', path: `${V}/volumes/prune` } }],
    request: { method: 'GET', path: `${V}/volumes` },
  },
  prune('prune-filter-label', q({ label: { a: true } })),
  prune('prune-filter-label-kv', q({ label: { 'a=1': true } })),
  prune('prune-filter-label-and', q({ label: { a: true, 'b=x': true } })),
  prune('prune-filter-label-not', q({ 'label!': { a: true } })),
  prune('prune-filter-label-not-two', q({ 'label!': { a: true, b: true } })),
  prune('prune-filter-label-legacy', q({ label: ['a=2'] })),
  prune('prune-filter-all', q({ all: { true: true } })),
  prune('prune-filter-dangling', q({ dangling: { true: true } })),
  prune('prune-filter-name', q({ name: { plain: true } })),
  prune('prune-filter-unknown', q({ foo: { bar: true } })),
  prune('prune-filters-not-json', '?filters=%7Boops'),
  { name: 'prune-unversioned-path', setup: set, request: { method: 'POST', path: '/volumes/prune' } },
  {
    name: 'prune-with-body',
    setup: set,
    request: { method: 'POST', path: `${V}/volumes/prune`, json: { all: true } },
  },
  { ...prune('prune-in-use', '', used), requires: ['containers'] },
];

export const httpDfCases: HttpCase[] = [
  { name: 'df-empty', request: { method: 'GET', path: `${V}/system/df` } },
  { name: 'df', setup: set, request: { method: 'GET', path: `${V}/system/df` } },
  {
    name: 'df-type-volume',
    setup: set,
    request: { method: 'GET', path: `${V}/system/df?type=volume` },
    notes: 'type is ignored below 1.42',
  },
  { name: 'df-type-unknown', setup: set, request: { method: 'GET', path: `${V}/system/df?type=bogus` } },
  {
    name: 'df-in-use',
    requires: ['containers'],
    setup: used,
    request: { method: 'GET', path: `${V}/system/df` },
  },
];

const lifecycle: SetupStep[] = [
  mk('evvol', { Labels: { a: '1' } }),
  mk('evvol'),
  mk('other'),
  { http: { method: 'DELETE', path: `${V}/volumes/evvol` } },
  { writeFile: { volume: 'other', path: 'f', content: 'abc' } },
  { http: { method: 'POST', path: `${V}/volumes/prune` } },
];

export const httpEventCases: HttpCase[] = [
  events('events-nothing', '', []),
  events('events-lifecycle', '', lifecycle, 'create ×2 for the idempotent create, destroy, prune'),
  events(
    'events-filter-type-volume',
    `&filters=${encodeURIComponent('{"type":{"volume":true}}')}`,
    lifecycle,
  ),
  events(
    'events-filter-type-container',
    `&filters=${encodeURIComponent('{"type":{"container":true}}')}`,
    lifecycle,
  ),
  events(
    'events-filter-event-create',
    `&filters=${encodeURIComponent('{"event":{"create":true}}')}`,
    lifecycle,
  ),
  events(
    'events-filter-event-destroy',
    `&filters=${encodeURIComponent('{"type":{"volume":true},"event":{"destroy":true}}')}`,
    lifecycle,
  ),
  events(
    'events-filter-volume-exact',
    `&filters=${encodeURIComponent('{"volume":{"evvol":true}}')}`,
    lifecycle,
  ),
  events(
    'events-filter-volume-prefix',
    `&filters=${encodeURIComponent('{"volume":{"ev":true}}')}`,
    lifecycle,
  ),
  events(
    'events-filter-label-attribute',
    `&filters=${encodeURIComponent('{"label":{"driver=local":true}}')}`,
    lifecycle,
  ),
  events('events-filter-unknown', `&filters=${encodeURIComponent('{"foo":{"bar":true}}')}`, lifecycle),
  events('events-filters-not-json', '&filters=%7Boops', lifecycle),
  events('events-filter-legacy-list', `&filters=${encodeURIComponent('{"event":["destroy"]}')}`, lifecycle),
  {
    name: 'events-until-future',
    setup: [mk('evvol')],
    request: { method: 'GET', path: `${V}/events?since={start}&until={now+1}` },
    notes: 'the stream stays open until `until` passes, then ends',
  },
  { name: 'events-since-invalid', request: { method: 'GET', path: `${V}/events?since=abc&until={now}` } },
  { name: 'events-until-invalid', request: { method: 'GET', path: `${V}/events?since={start}&until=abc` } },
  {
    name: 'events-since-after-until',
    request: { method: 'GET', path: `${V}/events?since=2000000000&until=1000000000` },
  },
  {
    name: 'events-until-rfc3339',
    setup: [mk('evvol')],
    request: { method: 'GET', path: `${V}/events?since={start}&until=2000-01-01T00:00:00Z` },
  },
  {
    name: 'events-containers',
    requires: ['containers'],
    setup: [
      { image: 'strata-test:latest' },
      ['create', '--name', 'c1', '-v', 'evvol:/data', 'strata-test:latest', '/bin/true'],
      ['rm', 'c1'],
      ['volume', 'rm', 'evvol'],
    ],
    request: {
      method: 'GET',
      path: `${V}/events?since={start}&until={now}&filters=${encodeURIComponent('{"type":{"volume":true}}')}`,
    },
  },
];
