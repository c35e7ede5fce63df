// Hostile `POST /volumes/create` requests, continued: body framing, sizes, driver options, drivers, cluster.
import {
  badName,
  created,
  create,
  err,
  JSON_CT,
  post,
  shortName,
  SRC_NAME,
  SRC_OPTS,
  SRC_READJSON,
  TYPE_ERR,
  V41,
  V50,
  type HostileCase,
} from './hostile-cases.js';

export const createMoreCases: HostileCase[] = [
  // Empty bodies and framing
  post('create50-empty-body', `${V50}/volumes/create`, '', created('<anon>'), {
    src: `${SRC_READJSON}: ContentLength 0 is {}`,
  }),
  post('create41-empty-body', `${V41}/volumes/create`, '', err(400, 'got EOF while reading request body'), {
    d20: true,
  }),
  post('create-unversioned-empty-body', '/volumes/create', '', created('<anon>'), {
    src: SRC_READJSON,
    d20: err(400, 'got EOF while reading request body'),
  }),
  {
    name: 'create50-chunked-empty',
    method: 'POST',
    path: `${V50}/volumes/create`,
    headers: JSON_CT,
    chunks: [],
    expect: err(400, 'invalid JSON: got EOF while reading request body'),
    src: SRC_READJSON,
  },
  {
    name: 'create41-chunked-empty',
    method: 'POST',
    path: `${V41}/volumes/create`,
    headers: JSON_CT,
    chunks: [],
    expect: err(400, 'got EOF while reading request body'),
    d20: true,
  },
  {
    name: 'create50-chunked-truncated',
    method: 'POST',
    path: `${V50}/volumes/create`,
    headers: JSON_CT,
    chunks: ['{"Name":', '"a/b"'],
    expect: err(400, 'invalid JSON: unexpected EOF'),
    src: SRC_READJSON,
  },
  {
    name: 'create41-chunked-bad-name',
    method: 'POST',
    path: `${V41}/volumes/create`,
    headers: JSON_CT,
    chunks: ['{"Na', 'me":"a/', 'b"}'],
    expect: err(400, badName('a/b')),
    d20: true,
  },
  {
    name: 'create50-chunked-ok',
    method: 'POST',
    path: `${V50}/volumes/create`,
    headers: JSON_CT,
    chunks: ['{"Name":', '"okname"}'],
    expect: created('okname'),
    src: SRC_READJSON,
  },
  {
    name: 'create41-content-length-too-big',
    method: 'POST',
    path: `${V41}/volumes/create`,
    raw: `POST ${V41}/volumes/create HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{"Name":"okname"`,
    halfClose: true,
    expect: err(400, 'unexpected EOF'),
    d20: true,
  },
  // Sizes: Strata refuses JSON bodies above 16 MiB (Docker has no limit: a deliberate Strata limit).
  post(
    'create50-body-20MB',
    `${V50}/volumes/create`,
    () => hugeJson(20 << 20),
    err(400, 'invalid JSON: request body is larger than 16777216 bytes'),
    { d20: 'skip', src: 'Strata limit (src/api/read-json.ts maxJsonBody)', timeoutMs: 60_000 },
  ),
  post(
    'create41-body-20MB',
    `${V41}/volumes/create`,
    () => hugeJson(20 << 20),
    err(400, 'invalid JSON: request body is larger than 16777216 bytes'),
    { d20: 'skip', src: 'Strata limit', timeoutMs: 60_000 },
  ),
  {
    name: 'create50-chunked-17MB',
    method: 'POST',
    path: `${V50}/volumes/create`,
    headers: JSON_CT,
    chunks: [Buffer.from('{"Name":"okname","Junk":"'), Buffer.alloc(17 << 20, 0x61), Buffer.from('"}')],
    expect: err(400, 'invalid JSON: request body is larger than 16777216 bytes'),
    d20: 'skip',
    src: 'Strata limit',
    timeoutMs: 60_000,
  },
  post(
    'create41-body-15MB-ok',
    `${V41}/volumes/create`,
    () => Buffer.from(`{"Name":"big-body","Junk":"${'j'.repeat(15 << 20)}"}`),
    created('big-body'),
    { d20: true, timeoutMs: 60_000 },
  ),
  post(
    'create50-labels-2MB-ok',
    `${V50}/volumes/create`,
    () => Buffer.from(JSON.stringify({ Name: 'many-labels', Labels: manyLabels(20_000) })),
    created('many-labels'),
    { src: 'no limit on labels', timeoutMs: 60_000 },
  ),
  // Options, drivers, cluster
  create(
    'create50-opt-unknown',
    V50,
    { Name: 'okname', DriverOpts: { foo: 'bar' } },
    err(400, 'create okname: invalid option: "foo"'),
    { src: SRC_OPTS },
  ),
  create(
    'create41-opt-unknown',
    V41,
    { Name: 'okname', DriverOpts: { foo: 'bar' } },
    err(400, 'create okname: invalid option: "foo"'),
    { d20: true },
  ),
  create(
    'create50-opt-size-abc',
    V50,
    { Name: 'okname', DriverOpts: { size: 'abc' } },
    err(400, "create okname: invalid size: 'abc'"),
    { src: `${SRC_OPTS} (InvalidParameter)` },
  ),
  create(
    'create41-opt-size-abc',
    V41,
    { Name: 'okname', DriverOpts: { size: 'abc' } },
    err(500, "create okname: invalid size: 'abc'"),
    { d20: true, src: '20.10 answers 500' },
  ),
  create(
    'create50-opt-type-only',
    V50,
    { Name: 'okname', DriverOpts: { type: 'tmpfs' } },
    err(400, 'create okname: missing required option: "device"'),
    { src: SRC_OPTS },
  ),
  create(
    'create41-opt-o-only',
    V41,
    { Name: 'okname', DriverOpts: { o: 'size=1m' } },
    err(400, 'create okname: missing required option: "device"'),
    { d20: true },
  ),
  create(
    'create50-opt-cifs-port',
    V50,
    { Name: 'okname', DriverOpts: { type: 'cifs', device: '//host:445/share' } },
    err(400, "create okname: port not allowed in CIFS device URL, include 'port' in 'o='"),
    { src: SRC_OPTS },
  ),
  create(
    'create50-opt-cifs-bad-url',
    V50,
    { Name: 'okname', DriverOpts: { type: 'cifs', device: ':::' } },
    err(400, 'create okname: error parsing mount device url: parse ":::": missing protocol scheme'),
    { src: SRC_OPTS },
  ),
  create(
    'create50-bad-name-and-opts',
    V50,
    { Name: 'a', DriverOpts: { foo: 'bar' } },
    err(400, shortName('a')),
    { src: `${SRC_NAME}: name before options` },
  ),
  create(
    'create50-driver-unknown',
    V50,
    { Name: 'okname', Driver: 'nosuch' },
    err(404, 'create okname: error looking up volume plugin nosuch: plugin "nosuch" not found'),
    { src: 'moby@v28.2.2 volume/drivers/extpoint.go:90, plugin/errors.go:8' },
  ),
  create(
    'create41-driver-unknown',
    V41,
    { Name: 'okname', Driver: 'Local' },
    err(404, 'create okname: error looking up volume plugin Local: plugin "Local" not found'),
    { d20: true, timeoutMs: 60_000, src: 'dockerd retries the plugin lookup for ~15 s first' },
  ),
  create(
    'create50-cluster-spec',
    V50,
    { Name: 'a/b', ClusterVolumeSpec: {} },
    err(
      503,
      'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.',
    ),
    {
      src: 'moby@v28.2.2 api/server/router/volume/volume_routes.go:117-120, daemon/cluster/cluster.go:352-360',
    },
  ),
  create(
    'create50-cluster-spec-number',
    V50,
    { Name: 'okname', ClusterVolumeSpec: 5 },
    err(400, TYPE_ERR(V50, 'number', 'ClusterVolumeSpec', 'volume.ClusterVolumeSpec')),
  ),
  create('create41-cluster-spec-number', V41, { Name: 'okname', ClusterVolumeSpec: 5 }, created('okname'), {
    d20: true,
    src: '20.10 has no ClusterVolumeSpec field: unknown fields are ignored',
  }),
];

/** `{"Name":"okname","Junk":"aaa…"}` of `size` bytes (valid JSON). */
function hugeJson(size: number): Buffer {
  const head = Buffer.from('{"Name":"okname","Junk":"');
  const tail = Buffer.from('"}');
  return Buffer.concat([head, Buffer.alloc(size - head.length - tail.length, 0x61), tail]);
}

function manyLabels(n: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < n; i++) out[`label.${i}`] = `value-${i}-${'x'.repeat(80)}`;
  return out;
}
