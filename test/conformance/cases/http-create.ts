// POST /volumes/create: bodies, content types, framing, field types, names, drivers, options, duplicates.
import type { HttpCase, HttpRequestSpec, SetupStep } from '../types.js';
import { mk } from './http-volumes.js';

const V = '/v1.41';
const CREATE = `${V}/volumes/create`;
const JSON_CT = { 'Content-Type': 'application/json' };
const post = (
  name: string,
  r: Omit<HttpRequestSpec, 'method' | 'path'> & { path?: string },
  setup?: SetupStep[],
  notes?: string,
): HttpCase => ({
  name,
  ...(setup ? { setup } : {}),
  request: { method: 'POST', path: CREATE, ...r },
  ...(notes ? { notes } : {}),
});
const json = (name: string, body: unknown, setup?: SetupStep[], notes?: string): HttpCase =>
  post(name, { json: body }, setup, notes);
const raw = (
  name: string,
  body: string,
  headers: Record<string, string> = JSON_CT,
  notes?: string,
): HttpCase => post(name, { body, headers }, undefined, notes);

export const httpCreateCases: HttpCase[] = [
  json('create', { Name: 'myvol' }),
  json('create-full', {
    Name: 'myvol',
    Driver: 'local',
    Labels: { b: '2', a: '1' },
    DriverOpts: { type: 'tmpfs', device: 'tmpfs', o: 'size=1m' },
  }),
  json('create-empty-maps', { Name: 'myvol', Labels: {}, DriverOpts: {} }),
  json('create-null-maps', { Name: 'myvol', Labels: null, DriverOpts: null, Driver: null }),
  json('create-anonymous-empty-name', { Name: '' }),
  json('create-anonymous-empty-object', {}),
  json('create-anonymous-with-labels', { Labels: { a: '1' } }),
  json(
    'create-lowercase-keys',
    { name: 'lowervol', labels: { a: '1' } },
    undefined,
    'Go JSON matches field names case-insensitively',
  ),
  json('create-unknown-field', { Name: 'myvol', Foo: 1 }),
  json(
    'create-cluster-spec-ignored',
    { Name: 'myvol', ClusterVolumeSpec: { Group: 'g' } },
    undefined,
    'ignored below API 1.42',
  ),
  json('create-html-label', { Name: 'myvol', Labels: { x: '<a&b>' } }),
  json('create-unicode-label', { Name: 'myvol', Labels: { ключ: 'значение' } }),
  post('create-unversioned', { path: '/volumes/create', json: { Name: 'myvol' } }),
  post('create-v1.24', { path: '/v1.24/volumes/create', json: { Name: 'myvol' } }),
  post(
    'create-query-name',
    { path: `${CREATE}?name=myvol`, json: {} },
    undefined,
    'query parameters are ignored',
  ),
  // content types and bodies
  raw('create-empty-body', ''),
  raw('create-empty-body-no-content-type', '', {}),
  raw('create-no-content-type', '{"Name":"myvol"}', {}),
  raw('create-text-plain', '{"Name":"myvol"}', { 'Content-Type': 'text/plain' }),
  raw('create-form-urlencoded', '{"Name":"myvol"}', { 'Content-Type': 'application/x-www-form-urlencoded' }),
  raw('create-json-charset', '{"Name":"myvol"}', { 'Content-Type': 'application/json; charset=utf-8' }),
  raw('create-json-uppercase', '{"Name":"myvol"}', { 'Content-Type': 'APPLICATION/JSON' }),
  raw('create-content-type-malformed', '{"Name":"myvol"}', { 'Content-Type': 'application/json; =bad' }),
  raw('create-content-type-json-suffix', '{"Name":"myvol"}', {
    'Content-Type': 'application/vnd.docker+json',
  }),
  raw('create-bad-json', '{invalid json'),
  raw('create-truncated-json', '{"Name":"myvol"'),
  raw('create-trailing-json', '{"Name":"myvol"}{}'),
  raw('create-trailing-garbage', '{} trailing content'),
  raw('create-trailing-whitespace', '{"Name":"myvol"}\n\n  '),
  raw('create-whitespace-body', '   '),
  raw('create-json-null', 'null'),
  raw('create-json-array', '[]'),
  raw('create-json-string', '"myvol"'),
  raw('create-json-number', '5'),
  raw('create-bom', '\ufeff{"Name":"myvol"}'),
  post('create-chunked', { chunks: ['{"Name":', '"myvol"}'], headers: JSON_CT }),
  post('create-chunked-empty', { chunks: [], headers: JSON_CT }),
  post('create-chunked-truncated', { chunks: ['{"Name":'], headers: JSON_CT }),
  post('create-no-content-length', { body: '{"Name":"myvol"}', headers: JSON_CT, omitContentLength: true }),
  // field types
  json('create-name-number', { Name: 5 }),
  json('create-name-null', { Name: null }),
  json('create-name-object', { Name: {} }),
  json('create-labels-string', { Name: 'myvol', Labels: 'x' }),
  json('create-labels-array', { Name: 'myvol', Labels: ['a=b'] }),
  json('create-labels-number-value', { Name: 'myvol', Labels: { a: 1 } }),
  json('create-labels-null-value', { Name: 'myvol', Labels: { a: null } }),
  json('create-driveropts-array', { Name: 'myvol', DriverOpts: [] }),
  json('create-driver-number', { Name: 'myvol', Driver: 5 }),
  // names
  json('create-name-one-char', { Name: 'a' }),
  json('create-name-slash', { Name: 'a/b' }),
  json('create-name-dotdot', { Name: '..' }),
  json('create-name-dot-slash', { Name: '../escape' }),
  json('create-name-nul', { Name: 'a\u0000b' }),
  json('create-name-percent-2f', { Name: 'a%2Fb' }),
  json('create-name-space', { Name: 'my vol' }),
  json('create-name-leading-dash', { Name: '-myvol' }),
  json('create-name-unicode', { Name: 'vólume' }),
  json('create-name-html', { Name: '<a&b>' }),
  json('create-name-255', { Name: 'v'.repeat(255) }),
  json('create-name-300', { Name: 'v'.repeat(300) }),
  json('create-name-whitespace', { Name: '  ' }),
  // drivers
  json('create-driver-local', { Name: 'myvol', Driver: 'local' }),
  json('create-driver-empty', { Name: 'myvol', Driver: '' }),
  json('create-driver-unknown', { Name: 'myvol', Driver: 'nosuch' }),
  json('create-driver-unknown-anonymous', { Driver: 'nosuch' }),
  json('create-driver-uppercase', { Name: 'myvol', Driver: 'Local' }),
  json('create-driver-tagged', { Name: 'myvol', Driver: 'local:latest' }),
  // options
  json('create-opt-unknown', { Name: 'myvol', DriverOpts: { foo: 'bar' } }),
  json('create-opt-type-only', { Name: 'myvol', DriverOpts: { type: 'tmpfs' } }),
  json('create-opt-device-only', { Name: 'myvol', DriverOpts: { device: 'tmpfs' } }),
  json('create-opt-o-only', { Name: 'myvol', DriverOpts: { o: 'size=1m' } }),
  json('create-opt-size', { Name: 'myvol', DriverOpts: { size: '10m' } }),
  json('create-opt-size-invalid', { Name: 'myvol', DriverOpts: { size: 'abc' } }),
  json('create-opt-size-zero', { Name: 'myvol', DriverOpts: { size: '0' } }),
  json('create-opt-empty-values', { Name: 'myvol', DriverOpts: { type: '', device: '' } }),
  json('create-opt-bind', { Name: 'myvol', DriverOpts: { type: 'none', o: 'bind', device: '{scratch}' } }),
  json('create-opt-unknown-and-bad-name', { Name: 'a', DriverOpts: { foo: 'bar' } }),
  // duplicates
  json('create-duplicate', { Name: 'myvol' }, [mk('myvol', { Labels: { a: '1' } })]),
  json('create-duplicate-new-labels', { Name: 'myvol', Labels: { x: 'y' }, DriverOpts: { type: 'none' } }, [
    mk('myvol', { Labels: { a: '1' } }),
  ]),
  json('create-duplicate-invalid-opts', { Name: 'myvol', DriverOpts: { foo: 'bar' } }, [mk('myvol')]),
  json('create-duplicate-driver-local', { Name: 'myvol', Driver: 'local' }, [mk('myvol')]),
  json('create-duplicate-driver-unknown', { Name: 'myvol', Driver: 'nosuch' }, [mk('myvol')]),
];
