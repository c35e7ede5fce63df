// Hostile names in paths (remove, inspect), path cleaning, routes and methods, API versions, raw HTTP.
import {
  ALL,
  del,
  err,
  get,
  getNo,
  list,
  moved,
  pageNotFound,
  V41,
  V50,
  type Expect,
  type HostileCase,
} from './hostile-cases.js';

export const nameCases: HostileCase[] = [
  del('delete50-missing', `${V50}/volumes/nosuch`, err(404, getNo('nosuch')), {
    src: 'moby@v28.2.2 api/server/router/volume/volume_routes.go:163-181',
  }),
  del('delete41-missing', `${V41}/volumes/nosuch`, err(404, getNo('nosuch'))),
  del('delete41-force-1', `${V41}/volumes/nosuch?force=1`, { status: 204, body: '' }),
  del('delete41-force-0', `${V41}/volumes/nosuch?force=0`, err(404, getNo('nosuch'))),
  del('delete41-force-no', `${V41}/volumes/nosuch?force=no`, err(404, getNo('nosuch'))),
  del('delete41-force-NONE', `${V41}/volumes/nosuch?force=NONE`, err(404, getNo('nosuch'))),
  del('delete41-force-spaces', `${V41}/volumes/nosuch?force=%20FaLsE%20`, err(404, getNo('nosuch'))),
  del('delete41-force-bare', `${V41}/volumes/nosuch?force`, err(404, getNo('nosuch'))),
  del('delete41-force-whatever', `${V41}/volumes/nosuch?force=whatever`, { status: 204, body: '' }),
  del('delete41-force-nul', `${V41}/volumes/nosuch?force=%00`, { status: 204, body: '' }),
  del('delete41-force-uppercase-key', `${V41}/volumes/nosuch?FORCE=1`, err(404, getNo('nosuch'))),
  del('delete41-force-first-wins', `${V41}/volumes/nosuch?force=0&force=1`, err(404, getNo('nosuch'))),
  del(
    'delete50-force-1-missing',
    `${V50}/volumes/nosuch?force=1`,
    { status: 204, body: '' },
    { src: 'volume_routes.go:163-181' },
  ),
  del('delete41-empty-name', `${V41}/volumes/`, err(404, 'get: no such volume')),
  del('delete41-slash-name', `${V41}/volumes/keep-1/keep-2`, err(404, getNo('keep-1/keep-2'))),
  del('delete41-encoded-slash', `${V41}/volumes/keep-1%2Fx`, err(404, getNo('keep-1/x'))),
  del('delete41-trailing-slash', `${V41}/volumes/keep-1/`, err(404, getNo('keep-1/'))),
  del('delete41-encoded-trailing-slash', `${V41}/volumes/keep-1%2F`, err(404, getNo('keep-1/'))),
  del('delete41-nul-suffix', `${V41}/volumes/keep-1%00`, err(404, getNo('keep-1\u0000'))),
  del('delete41-space-suffix', `${V41}/volumes/keep-1%20`, err(404, getNo('keep-1 '))),
  del('delete41-newline', `${V41}/volumes/keep-1%0A`, pageNotFound, {
    src: "mux's {name:.*}: '.' does not match a newline",
  }),
  del('delete41-uppercase', `${V41}/volumes/KEEP-1`, err(404, getNo('KEEP-1'))),
  del('delete41-name-create', `${V41}/volumes/create`, err(404, getNo('create'))),
  del('delete41-long-name', `${V41}/volumes/${'v'.repeat(5000)}`, err(404, getNo('v'.repeat(5000)))),
  del(
    'delete41-name-255',
    `${V41}/volumes/${'w'.repeat(255)}`,
    { status: 204, body: '' },
    { setup: [{ Name: 'w'.repeat(255) }] },
  ),
  del(
    'delete41-name-255-force',
    `${V41}/volumes/${'w'.repeat(255)}?force=1`,
    { status: 204, body: '' },
    { setup: [{ Name: 'w'.repeat(255) }] },
  ),
  del('delete41-dotdot', `${V41}/volumes/..`, moved('/v1.41')),
  del('delete41-dotdot-inner', `${V41}/volumes/x/../keep-1`, moved('/v1.41/volumes/keep-1')),
  del('delete41-dotdot-encoded', `${V41}/volumes/%2E%2E%2Fkeep-1`, moved('/v1.41/keep-1')),
  del('delete41-dot', `${V41}/volumes/./keep-1`, moved('/v1.41/volumes/keep-1')),
  del(
    'delete41-dotdot-keeps-query',
    `${V41}/volumes/../volumes/keep-1?force=1`,
    moved('/v1.41/volumes/keep-1?force=1'),
  ),
  del('delete50-dotdot-tail', `${V50}/volumes/keep-1/..`, moved('/v1.50/volumes'), {
    d20: true,
    src: 'gorilla/mux cleanPath redirects before any version check',
  }),
  del('delete-unversioned-dotdot', '/volumes/keep-2/../keep-1', moved('/volumes/keep-1'), { d20: true }),
  get('inspect50-nul', `${V50}/volumes/a%00b`, err(404, getNo('a\u0000b')), {
    src: 'volume_routes.go:57-89',
  }),
  get('inspect41-html', `${V41}/volumes/%3Ca%26b%3E`, err(404, getNo('<a&b>'))),
  get('inspect41-newline', `${V41}/volumes/keep-1%0Aevil`, pageNotFound, {
    src: "mux's {name:.*} is a Go regexp: '.' does not match a newline",
  }),
  get('inspect41-u2028', `${V41}/volumes/a%E2%80%A8b`, err(404, getNo('a\u2028b'))),
  get('inspect41-encoded-dotdot', `${V41}/volumes/keep-1%2F..%2F..`, moved('/v1.41')),
  get(
    'inspect41-redirect-escapes-query-char',
    `${V41}/volumes/a%3Fb/../c%3Fd`,
    moved('/v1.41/volumes/c%3Fd'),
  ),
  get('inspect41-redirect-escapes-hash', `${V41}/volumes/a/../c%23d`, moved('/v1.41/volumes/c%23d')),
  get('inspect41-redirect-escapes-parens', `${V41}/volumes/x/../a(b)`, moved('/v1.41/volumes/a%28b%29')),
  get('inspect41-query-bad-escape', `${V41}/volumes/keep-1?x=%zz`, err(400, 'invalid URL escape "%zz"')),
  get('inspect41-path-bad-escape', `${V41}/volumes/%zz`, { status: 400, body: '400 Bad Request' }),
  { ...get('inspect41-head', `${V41}/volumes/keep-1`, { status: 404, body: '' }), method: 'HEAD' },
];

const PLAIN = 'text/plain; charset=utf-8';
const tooOld = (v: string, min: string): Expect => ({
  status: 400,
  body: `client version ${v} is too old. Minimum supported API version is ${min}, please upgrade your client to a newer version\n`,
  contentType: PLAIN,
});
const tooNew = (v: string, max: string): Expect =>
  err(400, `client version ${v} is too new. Maximum supported API version is ${max}`);

export const routeCases: HostileCase[] = [
  { ...get('route41-patch-volumes', `${V41}/volumes`, pageNotFound), method: 'PATCH' },
  { ...get('route41-put-volume', `${V41}/volumes/keep-1`, pageNotFound), method: 'PUT' },
  {
    ...get(
      'route50-put-volume',
      `${V50}/volumes/keep-1`,
      err(503, 'volume update only valid for cluster volumes, but swarm is unavailable'),
      { src: 'volume_routes.go:132-135' },
    ),
    method: 'PUT',
  },
  {
    ...get(
      'route50-put-create',
      `${V50}/volumes/create`,
      err(503, 'volume update only valid for cluster volumes, but swarm is unavailable'),
      { src: 'volume_routes.go:132-135' },
    ),
    method: 'PUT',
  },
  {
    ...get(
      'route-unversioned-put',
      '/volumes/keep-1',
      err(503, 'volume update only valid for cluster volumes, but swarm is unavailable'),
      { d20: pageNotFound },
    ),
    method: 'PUT',
  },
  { ...get('route41-post-volumes', `${V41}/volumes`, pageNotFound), method: 'POST' },
  { ...get('route41-post-volume-name', `${V41}/volumes/keep-1`, pageNotFound), method: 'POST' },
  { ...get('route41-post-create-slash', `${V41}/volumes/create/`, pageNotFound), method: 'POST' },
  { ...get('route41-delete-volumes', `${V41}/volumes`, pageNotFound), method: 'DELETE' },
  { ...get('route41-head-volumes', `${V41}/volumes`, { status: 404, body: '' }), method: 'HEAD' },
  { ...get('route41-trace', `${V41}/volumes`, pageNotFound), method: 'TRACE' },
  { ...get('route-post-ping', '/_ping', pageNotFound, { d20: true }), method: 'POST' },
  get('route41-get-prune', `${V41}/volumes/prune`, err(404, getNo('prune'))),
  get('route41-unknown', `${V41}/nope`, pageNotFound),
  get('route-unknown-unversioned', '/nope', pageNotFound, { d20: true }),
  get('route-root', '/', pageNotFound, { d20: true }),
  get('route-version-only', '/v1.41', pageNotFound, { d20: true }),
  get('route-version-slash', '/v1.41/', pageNotFound, { d20: true }),
  get('route-uppercase-v', '/V1.41/volumes', pageNotFound, { d20: true }),
  get('route-double-slash', '/v1.41//volumes', moved('/v1.41/volumes'), { d20: true }),
  get('route-leading-double-slash', '//v1.41/volumes', moved('/v1.41/volumes'), { d20: true }),
  { ...get('options41-volumes', `${V41}/volumes`, { status: 200, body: '' }), method: 'OPTIONS' },
  { ...get('options-any', '/any/where/at/all', { status: 200, body: '' }, { d20: true }), method: 'OPTIONS' },
  {
    ...get('options-dotdot', '/any/where/../at/all', moved('/any/at/all'), { d20: true }),
    method: 'OPTIONS',
  },
  {
    ...get(
      'options-too-new',
      '/v1.99/volumes',
      err(400, 'client version 1.99 is too new. Maximum supported API version is 1.50'),
      { d20: err(400, 'client version 1.99 is too new. Maximum supported API version is 1.41') },
    ),
    method: 'OPTIONS',
  },
  ...versionCases(),
];

function versionCases(): HostileCase[] {
  const SRC = 'moby@v28.2.2 api/server/middleware/version.go:58-86, api/server/server.go:61-79';
  const v = (name: string, path: string, strata: Expect, dockerd: Expect): HostileCase =>
    get(name, path, strata, { d20: dockerd, src: SRC });
  return [
    v('version-too-new', '/v1.99/volumes', tooNew('1.99', '1.50'), tooNew('1.99', '1.41')),
    v('version-next', '/v1.51/volumes', tooNew('1.51', '1.50'), tooNew('1.51', '1.41')),
    v('version-three-parts-new', '/v1.50.1/volumes', tooNew('1.50.1', '1.50'), tooNew('1.50.1', '1.41')),
    v(
      'version-huge-number',
      '/v99999999999999999999.1/volumes',
      tooNew('99999999999999999999.1', '1.50'),
      tooNew('99999999999999999999.1', '1.41'),
    ),
    v('version-1.23', '/v1.23/volumes', tooOld('1.23', '1.24'), list(ALL)),
    v('version-1.11', '/v1.11/volumes', tooOld('1.11', '1.24'), tooOld('1.11', '1.12')),
    v('version-one-part', '/v1/volumes/keep-1', tooOld('1', '1.24'), tooOld('1', '1.12')),
    v('version-empty-part', '/v1..41/volumes', tooOld('1..41', '1.24'), tooOld('1..41', '1.12')),
    v('version-leading-zeros', '/v01.041/volumes', list(ALL), list(ALL)),
    v('version-too-new-ping', '/v1.99/_ping', tooNew('1.99', '1.50'), tooNew('1.99', '1.41')),
    v('version-too-old-ping', '/v1.23/_ping', tooOld('1.23', '1.24'), { status: 200, body: 'OK' }),
  ];
}

const raw = (
  name: string,
  bytes: string | Buffer,
  expect: Expect,
  more: Partial<HostileCase> = {},
): HostileCase => ({
  name,
  method: 'RAW',
  path: '',
  raw: bytes,
  expect,
  d20: true,
  ...more,
});
const req = (line: string, headers = 'Host: localhost\r\n'): string =>
  `${line}\r\n${headers}Connection: close\r\n\r\n`;
const GO_400 = { status: 400, body: '400 Bad Request' };

export const httpCases: HostileCase[] = [
  raw('http-lowercase-method', req('get /v1.41/volumes HTTP/1.1'), pageNotFound),
  raw('http-unknown-method', req('FROB /v1.41/volumes/keep-1 HTTP/1.1'), pageNotFound),
  raw(
    'http-absolute-form',
    req('GET http://localhost/v1.41/volumes/nosuch HTTP/1.1'),
    err(404, getNo('nosuch')),
  ),
  raw('http10-no-host', 'GET /v1.41/volumes/nosuch HTTP/1.0\r\n\r\n', err(404, getNo('nosuch'))),
  raw('http11-no-host', req('GET /v1.41/volumes HTTP/1.1', ''), {
    status: 400,
    body: '400 Bad Request: missing required Host header',
  }),
  raw('http-space-in-target', req('GET /v1.41/volumes/a b HTTP/1.1'), GO_400),
  raw('http-nul-in-target', req('GET /v1.41/volumes/a\u0000b HTTP/1.1'), GO_400),
  raw(
    'http-bad-content-length',
    req(
      'POST /v1.41/volumes/create HTTP/1.1',
      'Host: localhost\r\nContent-Type: application/json\r\nContent-Length: abc\r\n',
    ),
    GO_400,
  ),
  raw(
    'http-te-gzip',
    req(
      'POST /v1.41/volumes/create HTTP/1.1',
      'Host: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: gzip\r\n',
    ),
    { status: 501, body: 'Unsupported transfer encoding' },
  ),
  raw(
    'http-header-64k',
    req(
      'GET /v1.41/volumes/nosuch HTTP/1.1',
      `Host: localhost\r\nX-Registry-Auth: ${'A'.repeat(64 * 1024)}\r\n`,
    ),
    err(404, getNo('nosuch')),
  ),
  raw(
    'http-header-2m',
    req('GET /v1.41/volumes/nosuch HTTP/1.1', `Host: localhost\r\nX-Junk: ${'A'.repeat(2 << 20)}\r\n`),
    { status: 431, body: '431 Request Header Fields Too Large' },
  ),
];
