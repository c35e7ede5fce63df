// API >= 1.42 raw HTTP expectations at /v1.50 (see ../api-1.50-cases.ts).
import type { Api150HttpCase } from '../api-1.50-cases.js';
import { checkCaseNames, type HttpRequestSpec, type SetupStep } from '../types.js';
import { q } from './http-volumes.js';

const V = '/v1.50';
const JSON_CT = { 'Content-Type': 'application/json' };
const mk = (json: Record<string, unknown>): SetupStep => ({
  http: { method: 'POST', path: `${V}/volumes/create`, json },
});
const err = (m: string): string => `${JSON.stringify({ message: m })}\n`;
const vol = (name: string, labels: string, options = 'null'): string =>
  `{"CreatedAt":"<time>","Driver":"local","Labels":${labels},"Mountpoint":"<data-root>/volumes/${name}/_data","Name":"${name}","Options":${options},"Scope":"local"}\n`;
export const ANON = '{"com.docker.volume.anonymous":""}';
const anonAndNamed: SetupStep[] = [mk({}), mk({ Name: 'keep' })];
const get = (path: string): HttpRequestSpec => ({ method: 'GET', path });
const post = (path: string, extra: Omit<HttpRequestSpec, 'method' | 'path'> = {}): HttpRequestSpec => ({
  method: 'POST',
  path,
  ...extra,
});
const CREATE = `${V}/volumes/create`;
const PRUNE = `${V}/volumes/prune`;

export const api150HttpCases: Api150HttpCase[] = checkCaseNames<Api150HttpCase>([
  {
    name: 'ping-headers',
    source: '1.10 pingHandler; 7 (_ping headers + Swarm)',
    request: get('/_ping'),
    expect: {
      status: 200,
      headers: {
        'api-version': '<api-max>',
        swarm: 'inactive',
        'content-type': 'text/plain; charset=utf-8',
        'cache-control': 'no-cache, no-store, must-revalidate',
        pragma: 'no-cache',
        ostype: 'linux',
        'docker-experimental': 'false',
      },
      body: 'OK',
    },
  },
  // ---- 1.3 list filters
  {
    name: 'list-filter-unknown',
    source: '1.3 errors (v28 text)',
    request: get(`${V}/volumes${q({ foo: { bar: true } })}`),
    expect: {
      status: 400,
      body: err("invalid filter 'foo'"),
      headers: { 'content-type': 'application/json' },
    },
  },
  {
    name: 'list-filter-dangling-maybe',
    source: '1.3 errors',
    request: get(`${V}/volumes${q({ dangling: { maybe: true } })}`),
    expect: { status: 400, body: err("invalid filter 'dangling=[maybe]'") },
  },
  {
    name: 'list-filter-dangling-both',
    source: '1.3 errors: conflicting dangling (value order random)',
    request: get(`${V}/volumes${q({ dangling: { true: true, false: true } })}`),
    expect: {
      status: 400,
      body: [err("invalid filter 'dangling=[true false]'"), err("invalid filter 'dangling=[false true]'")],
    },
  },
  {
    name: 'list-filters-not-json',
    source: '1.3 errors',
    request: get(`${V}/volumes?filters=%7Boops`),
    expect: { status: 400, body: err('error reading volume filters: invalid filter') },
  },
  {
    name: 'list-filter-label-not',
    source: '1.3 accepted keys',
    request: get(`${V}/volumes${q({ 'label!': { a: true } })}`),
    expect: { status: 400, body: err("invalid filter 'label!'") },
  },
  {
    name: 'list-empty',
    source: '1.3 response',
    request: get(`${V}/volumes`),
    expect: { status: 200, body: '{"Volumes":[],"Warnings":null}\n' },
  },
  // ---- 1.4 create
  {
    name: 'create-empty-body',
    source: '1.4 body parsing: empty body → anonymous volume (201); 3.4 label',
    request: post(CREATE, { body: '', headers: JSON_CT }),
    expect: { status: 201, body: vol('<id-1>', ANON), headers: { 'content-type': 'application/json' } },
  },
  {
    name: 'create-empty-body-no-content-type',
    source: '1.4 (CheckForJSON: no Content-Type is fine without a body)',
    request: post(CREATE, { body: '' }),
    expect: { status: 201, body: vol('<id-1>', ANON) },
  },
  {
    name: 'create-empty-object',
    source: '1.4 step 2',
    request: post(CREATE, { json: {} }),
    expect: { status: 201, body: vol('<id-1>', ANON) },
  },
  {
    name: 'create-anonymous-labels-merged',
    source: '1.4 step 2, 3.4',
    request: post(CREATE, { json: { Labels: { a: '1' } } }),
    expect: { status: 201, body: vol('<id-1>', '{"a":"1","com.docker.volume.anonymous":""}') },
  },
  {
    name: 'create-named-no-label',
    source: '1.4 step 2 (only anonymous volumes get the label)',
    request: post(CREATE, { json: { Name: 'myvol' } }),
    expect: { status: 201, body: vol('myvol', 'null') },
  },
  {
    name: 'create-text-plain',
    source: '1.4 body parsing; 6.1 #8',
    request: post(CREATE, { body: '{}', headers: { 'Content-Type': 'text/plain' } }),
    expect: {
      status: 400,
      body: err("unsupported Content-Type header (text/plain): must be 'application/json'"),
    },
  },
  {
    name: 'create-form-urlencoded',
    source: '1.4 body parsing',
    request: post(CREATE, { body: '{}', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }),
    expect: {
      status: 400,
      body: err(
        "unsupported Content-Type header (application/x-www-form-urlencoded): must be 'application/json'",
      ),
    },
  },
  {
    name: 'create-no-content-type',
    source: '1.4 body parsing (mime.ParseMediaType("") fails)',
    request: post(CREATE, { body: '{"Name":"myvol"}' }),
    expect: { status: 400, body: err('malformed Content-Type header (): mime: no media type') },
  },
  {
    name: 'create-content-type-malformed',
    source: '1.4 body parsing',
    request: post(CREATE, { body: '{}', headers: { 'Content-Type': 'application/json; =bad' } }),
    expect: {
      status: 400,
      body: err('malformed Content-Type header (application/json; =bad): mime: invalid media parameter'),
    },
  },
  {
    name: 'create-json-charset',
    source: '1.4 body parsing (parameters are fine)',
    request: post(CREATE, {
      body: '{"Name":"myvol"}',
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
    }),
    expect: { status: 201, body: vol('myvol', 'null') },
  },
  {
    name: 'create-bad-json',
    source: '1.4; 6.1 #9',
    request: post(CREATE, { body: '{invalid json', headers: JSON_CT }),
    expect: {
      status: 400,
      body: err("invalid JSON: invalid character 'i' looking for beginning of object key string"),
    },
  },
  {
    name: 'create-truncated-json',
    source: '1.4 (ReadJSON wraps decoder errors)',
    request: post(CREATE, { body: '{"Name":"myvol"', headers: JSON_CT }),
    expect: { status: 400, body: err('invalid JSON: unexpected EOF') },
  },
  {
    name: 'create-trailing-json',
    source: '1.4; 7 trailing JSON content',
    request: post(CREATE, { body: '{"Name":"myvol"}{}', headers: JSON_CT }),
    expect: { status: 400, body: err('unexpected content after JSON') },
  },
  {
    name: 'create-trailing-garbage',
    source: '6.1 #10',
    request: post(CREATE, { body: '{} trailing content', headers: JSON_CT }),
    expect: { status: 400, body: err('unexpected content after JSON') },
  },
  {
    name: 'create-trailing-whitespace',
    source: '1.4 (dec.More() ignores whitespace)',
    request: post(CREATE, { body: '{"Name":"myvol"}\n  ', headers: JSON_CT }),
    expect: { status: 201, body: vol('myvol', 'null') },
  },
  {
    name: 'create-chunked-empty',
    source: '1.4 (EOF only possible with unknown length)',
    request: post(CREATE, { chunks: [], headers: JSON_CT }),
    expect: { status: 400, body: err('invalid JSON: got EOF while reading request body') },
  },
  {
    name: 'create-opt-size-invalid',
    source: '2.3 #3; 7 invalid size 400',
    request: post(CREATE, { json: { Name: 'myvol', DriverOpts: { size: 'abc' } } }),
    expect: { status: 400, body: err("create myvol: invalid size: 'abc'") },
  },
  {
    name: 'create-cluster-spec-no-swarm',
    source: '1.4 step 1',
    request: post(CREATE, { json: { Name: 'myvol', ClusterVolumeSpec: {} } }),
    expect: {
      status: 503,
      body: err(
        'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.',
      ),
    },
  },
  {
    name: 'create-event-only-when-created',
    source: '1.4 step 7 (v23+: create event only for a new volume)',
    setup: [mk({ Name: 'myvol' }), mk({ Name: 'myvol' })],
    request: get(
      `${V}/events?since={start}&until={now}&filters=${encodeURIComponent('{"type":{"volume":true}}')}`,
    ),
    expect: {
      status: 200,
      body: '{"Type":"volume","Action":"create","Actor":{"ID":"myvol","Attributes":{"driver":"local"}},"scope":"local","time":<unix>,"timeNano":<unix>}\n',
    },
  },
  {
    name: 'inspect-anonymous-label',
    source: '3.4',
    setup: [mk({})],
    request: get(`${V}/volumes/{out0}`),
    expect: { status: 200, body: vol('<id-1>', ANON) },
  },
  {
    name: 'update-no-swarm',
    source: '1.6',
    setup: [mk({ Name: 'myvol' })],
    request: { method: 'PUT', path: `${V}/volumes/myvol?version=1`, json: {} },
    expect: {
      status: 503,
      body: err('volume update only valid for cluster volumes, but swarm is unavailable'),
    },
  },
  // ---- 1.8 prune
  {
    name: 'prune-default-anonymous-only',
    source: '1.8 (API >= 1.42); 6.1 #12',
    setup: anonAndNamed,
    request: post(PRUNE),
    expect: { status: 200, body: '{"VolumesDeleted":["<id-1>"],"SpaceReclaimed":0}\n' },
  },
  {
    name: 'prune-then-named-left',
    source: '1.8',
    setup: [...anonAndNamed, { http: post(PRUNE) }],
    request: get(`${V}/volumes`),
    expect: { status: 200, body: `{"Volumes":[${vol('keep', 'null').trimEnd()}],"Warnings":null}\n` },
  },
  {
    name: 'prune-all-true',
    source: '1.8 all filter',
    setup: anonAndNamed,
    request: post(`${PRUNE}${q({ all: { true: true } })}`),
    expect: { status: 200, body: '{"VolumesDeleted":["<id-1>","keep"],"SpaceReclaimed":0}\n' },
  },
  {
    name: 'prune-all-1',
    source: '1.8 all = ParseBool',
    setup: anonAndNamed,
    request: post(`${PRUNE}${q({ all: { '1': true } })}`),
    expect: { status: 200, body: '{"VolumesDeleted":["<id-1>","keep"],"SpaceReclaimed":0}\n' },
  },
  {
    name: 'prune-all-false',
    source: '1.8 all=false → anonymous only',
    setup: anonAndNamed,
    request: post(`${PRUNE}${q({ all: { false: true } })}`),
    expect: { status: 200, body: '{"VolumesDeleted":["<id-1>"],"SpaceReclaimed":0}\n' },
  },
  {
    name: 'prune-all-maybe',
    source: '1.8 errors',
    request: post(`${PRUNE}${q({ all: { maybe: true } })}`),
    expect: {
      status: 400,
      body: err('invalid filter \'all\': strconv.ParseBool: parsing "maybe": invalid syntax'),
    },
  },
  {
    name: 'prune-all-two-values',
    source: '1.8 errors (value order random)',
    request: post(`${PRUNE}${q({ all: { '1': true, '0': true } })}`),
    expect: {
      status: 400,
      body: [
        err("invalid filter 'all=[1 0]': only one value is expected"),
        err("invalid filter 'all=[0 1]': only one value is expected"),
      ],
    },
  },
  {
    name: 'prune-filter-unknown',
    source: '1.8 unknown key',
    request: post(`${PRUNE}${q({ foo: { bar: true } })}`),
    expect: { status: 400, body: err("invalid filter 'foo'") },
  },
  {
    name: 'prune-filter-dangling',
    source: '1.8 accepted keys',
    request: post(`${PRUNE}${q({ dangling: { true: true } })}`),
    expect: { status: 400, body: err("invalid filter 'dangling'") },
  },
  {
    name: 'prune-label-still-anonymous-only',
    source: '1.8 (the anonymous label filter is added to the label filters)',
    setup: [mk({ Labels: { a: '1' } }), mk({ Name: 'keep', Labels: { a: '1' } })],
    request: post(`${PRUNE}${q({ label: { a: true } })}`),
    expect: { status: 200, body: '{"VolumesDeleted":["<id-1>"],"SpaceReclaimed":0}\n' },
  },
  {
    name: 'prune-skips-options',
    source: '1.8 candidate set (no driver options)',
    setup: [mk({ DriverOpts: { type: 'tmpfs', device: 'tmpfs' } })],
    request: post(PRUNE),
    expect: { status: 200, body: '{"VolumesDeleted":[],"SpaceReclaimed":0}\n' },
  },
  {
    name: 'prune-reclaimed-space',
    source: '1.8 SpaceReclaimed',
    setup: [mk({}), { writeFile: { volume: '{out0}', path: 'f', content: 'abcd' } }],
    request: post(PRUNE),
    expect: { status: 200, body: '{"VolumesDeleted":["<id-1>"],"SpaceReclaimed":4}\n' },
  },
  {
    name: 'prune-events',
    source: '1.8 events (v23+: destroy per volume, then prune)',
    setup: [...anonAndNamed, { http: post(PRUNE) }],
    request: get(
      `${V}/events?since={start}&until={now}&filters=${encodeURIComponent('{"event":{"destroy":true,"prune":true}}')}`,
    ),
    expect: {
      status: 200,
      body:
        '{"Type":"volume","Action":"destroy","Actor":{"ID":"<id-1>","Attributes":{"driver":"local"}},"scope":"local","time":<unix>,"timeNano":<unix>}\n' +
        '{"Type":"volume","Action":"prune","Actor":{"ID":"","Attributes":{"reclaimed":"0"}},"scope":"local","time":<unix>,"timeNano":<unix>}\n',
    },
  },
  // ---- 1.9 / 7 df
  {
    name: 'df-type-volume',
    source: '1.9 type= (API >= 1.42)',
    setup: [mk({ Name: 'myvol' })],
    request: get(`${V}/system/df?type=volume`),
    expect: {
      status: 200,
      json: {
        Images: null,
        Containers: null,
        BuildCache: null,
        Volumes: [{ Name: 'myvol', UsageData: { RefCount: 0, Size: 0 } }],
      },
    },
  },
  {
    name: 'df-type-unknown',
    source: '1.9 type=',
    request: get(`${V}/system/df?type=bogus`),
    expect: { status: 400, body: err('unknown object type: bogus') },
  },
]);
