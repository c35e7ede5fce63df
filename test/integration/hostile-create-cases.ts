// Hostile `POST /volumes/create` requests: names, JSON bodies, Content-Type (more in hostile-create-more-cases.ts).
import {
  badName,
  create,
  created,
  err,
  post,
  shortName,
  SRC_CT,
  SRC_NAME,
  SRC_READJSON,
  tooLong,
  TYPE_ERR,
  V41,
  V50,
  type Expect,
  type HostileCase,
} from './hostile-cases.js';

const long = (n: number): string => 'v'.repeat(n);
const TOP_ERR = (ver: string, what: string): string =>
  ver === V41
    ? `json: cannot unmarshal ${what} into Go value of type volume.VolumeCreateBody`
    : `invalid JSON: json: cannot unmarshal ${what} into Go value of type volume.CreateOptions`;
const d20 = (ver: string): true | undefined => (ver === V41 ? true : undefined);

/** Name rules: the same texts at both versions (20.10 observed, v28 source). */
function nameCases(ver: string): HostileCase[] {
  const tag = ver === V41 ? '41' : '50';
  const src = ver === V41 ? undefined : SRC_NAME;
  const c = (suffix: string, name: unknown, expect: Expect): HostileCase =>
    create(`create${tag}-name-${suffix}`, ver, { Name: name }, expect, { d20: d20(ver), src });
  return [
    c('slash', 'a/b', err(400, badName('a/b'))),
    c('dotdot', '..', err(400, badName('..'))),
    c('dotdot-escape', '../escape', err(400, badName('../escape'))),
    c('dot', '.', err(400, shortName('.'))),
    c('one-char', 'x', err(400, shortName('x'))),
    c('nul', 'a\u0000b', err(400, badName('a\u0000b'))),
    c('backspace', 'a\bb', err(400, badName('a\bb'))),
    c('newline', 'a\nb', err(400, badName('a\nb'))),
    c('u2028', 'a\u2028b', err(400, badName('a\u2028b'))),
    c('unicode', 'vólume', err(400, badName('vólume'))),
    c('emoji', 'vol😀', err(400, badName('vol😀'))),
    c('abs-path', '/etc/passwd', err(400, badName('/etc/passwd'))),
    c('leading-dot', '.hidden', err(400, badName('.hidden'))),
    c('leading-dash', '-rm', err(400, badName('-rm'))),
    c('pct2f', 'a%2Fb', err(400, badName('a%2Fb'))),
    c('space', 'my vol', err(400, badName('my vol'))),
    c('256', long(256), err(500, tooLong(long(256)))),
    c('5000', long(5000), err(500, tooLong(long(5000)))),
    c('number', 5, err(400, TYPE_ERR(ver, 'number', 'Name', 'string'))),
    c('array', ['a'], err(400, TYPE_ERR(ver, 'array', 'Name', 'string'))),
    c('object', {}, err(400, TYPE_ERR(ver, 'object', 'Name', 'string'))),
    c('bool', true, err(400, TYPE_ERR(ver, 'bool', 'Name', 'string'))),
  ];
}

/** JSON bodies and their framing: texts differ between 20.10 and 28. */
function bodyCases(ver: string): HostileCase[] {
  const legacy = ver === V41;
  const tag = legacy ? '41' : '50';
  const path = `${ver}/volumes/create`;
  const inv = (m: string): string => (legacy ? m : `invalid JSON: ${m}`);
  const o = { d20: d20(ver), src: legacy ? undefined : SRC_READJSON };
  const p = (
    suffix: string,
    body: string | Buffer,
    expect: Expect,
    more: Partial<HostileCase> = {},
  ): HostileCase => post(`create${tag}-${suffix}`, path, body, expect, { ...o, ...more });
  const t = (suffix: string, value: unknown, expect: Expect): HostileCase =>
    create(`create${tag}-${suffix}`, ver, value, expect, o);
  return [
    p(
      'bad-json',
      '{invalid json',
      err(400, inv("invalid character 'i' looking for beginning of object key string")),
    ),
    p('truncated', '{"Name":"okname"', err(400, inv('unexpected EOF'))),
    p(
      'bom',
      '\ufeff{"Name":"okname"}',
      err(400, inv("invalid character 'ï' looking for beginning of value")),
    ),
    p('array', '[]', err(400, TOP_ERR(ver, 'array'))),
    p('string', '"okname"', err(400, TOP_ERR(ver, 'string'))),
    p('number', '5', err(400, TOP_ERR(ver, 'number'))),
    p('whitespace', '   ', err(400, inv('got EOF while reading request body'))),
    p(
      'single-quotes',
      "{'Name':'okname'}",
      err(400, inv("invalid character '\\'' looking for beginning of object key string")),
    ),
    p(
      'nested-10001',
      '{"X":' + '['.repeat(10001) + ']'.repeat(10001) + '}',
      err(400, inv("invalid character '[' exceeded max depth")),
    ),
    p('null', 'null', created('<anon>')),
    p('duplicate-key-last-wins', '{"Name":"okname","Name":"a/b"}', err(400, badName('a/b'))),
    p('lowercase-key', '{"name":"a/b"}', err(400, badName('a/b'))),
    p(
      'invalid-utf8',
      Buffer.from([...Buffer.from('{"Name":"a'), 0xff, ...Buffer.from('b"}')]),
      err(400, badName('a\ufffdb')),
    ),
    p(
      'trailing-json',
      '{"Name":"okname"}{}',
      legacy ? created('okname') : err(400, 'unexpected content after JSON'),
    ),
    p(
      'trailing-garbage',
      '{} trailing content',
      legacy ? created('<anon>') : err(400, 'unexpected content after JSON'),
    ),
    p('trailing-whitespace', '{"Name":"okname"}\n\n  ', created('okname')),
    t(
      'labels-array',
      { Name: 'okname', Labels: ['a=b'] },
      err(400, TYPE_ERR(ver, 'array', 'Labels', 'map[string]string')),
    ),
    t(
      'labels-number-value',
      { Name: 'okname', Labels: { a: 1 } },
      err(400, TYPE_ERR(ver, 'number', 'Labels', 'string')),
    ),
    t(
      'labels-string',
      { Name: 'okname', Labels: 'a=b' },
      err(400, TYPE_ERR(ver, 'string', 'Labels', 'map[string]string')),
    ),
    t(
      'opts-string',
      { Name: 'okname', DriverOpts: 'type=tmpfs' },
      err(400, TYPE_ERR(ver, 'string', 'DriverOpts', 'map[string]string')),
    ),
    t(
      'opts-bool-value',
      { Name: 'okname', DriverOpts: { type: true } },
      err(400, TYPE_ERR(ver, 'bool', 'DriverOpts', 'string')),
    ),
    t('driver-number', { Name: 'okname', Driver: 5 }, err(400, TYPE_ERR(ver, 'number', 'Driver', 'string'))),
    t(
      'unknown-fields-bad-name',
      { Name: 'a/b', Foo: { deep: [1, 2, { x: null }] } },
      err(400, badName('a/b')),
    ),
  ];
}

const ct = (
  suffix: string,
  ver: string,
  headers: Record<string, string>,
  body: string,
  expect: Expect,
): HostileCase => ({
  name: `create${ver === V41 ? '41' : '50'}-ct-${suffix}`,
  method: 'POST',
  path: `${ver}/volumes/create`,
  headers,
  body,
  expect,
  ...(ver === V41 ? { d20: true as const } : { src: SRC_CT }),
});
const legacyCt = (c: string): string => `Content-Type specified (${c}) must be 'application/json'`;
const unsupported = (c: string): string =>
  `unsupported Content-Type header (${c}): must be 'application/json'`;
const malformed = (c: string, e: string): string => `malformed Content-Type header (${c}): ${e}`;
const B = '{"Name":"okname"}';

export const createCases: HostileCase[] = [
  ...nameCases(V50),
  ...nameCases(V41),
  create('create-unversioned-name-slash', '', { Name: 'x/../../y' }, err(400, badName('x/../../y')), {
    d20: true,
  }),
  create('create50-name-255-ok', V50, { Name: long(255) }, created(long(255)), {
    src: 'a 255-byte component is a valid file name',
  }),
  ...bodyCases(V50),
  ...bodyCases(V41),
  // Content-Type
  ct('text-plain', V50, { 'Content-Type': 'text/plain' }, B, err(400, unsupported('text/plain'))),
  ct('text-plain', V41, { 'Content-Type': 'text/plain' }, B, err(400, legacyCt('text/plain'))),
  ct('none', V50, {}, B, err(400, malformed('', 'mime: no media type'))),
  ct('none', V41, {}, B, err(400, legacyCt(''))),
  ct(
    'bad-param',
    V50,
    { 'Content-Type': 'application/json; =bad' },
    B,
    err(400, malformed('application/json; =bad', 'mime: invalid media parameter')),
  ),
  ct(
    'bad-param',
    V41,
    { 'Content-Type': 'application/json; =bad' },
    B,
    err(400, legacyCt('application/json; =bad')),
  ),
  ct(
    'list',
    V50,
    { 'Content-Type': 'application/json, text/plain' },
    B,
    err(400, malformed('application/json, text/plain', 'mime: unexpected content after media subtype')),
  ),
  ct(
    'form',
    V50,
    { 'Content-Type': 'application/x-www-form-urlencoded' },
    B,
    err(400, unsupported('application/x-www-form-urlencoded')),
  ),
  ct(
    'form',
    V41,
    { 'Content-Type': 'application/x-www-form-urlencoded' },
    B,
    err(400, legacyCt('application/x-www-form-urlencoded')),
  ),
  ct(
    'vnd-json',
    V50,
    { 'Content-Type': 'application/vnd.docker+json' },
    B,
    err(400, unsupported('application/vnd.docker+json')),
  ),
  ct('text-empty-body', V50, { 'Content-Type': 'text/plain' }, '', err(400, unsupported('text/plain'))),
  ct('text-empty-body', V41, { 'Content-Type': 'text/plain' }, '', err(400, legacyCt('text/plain'))),
  ct('uppercase-ok', V41, { 'Content-Type': 'APPLICATION/JSON; charset=UTF-8' }, B, created('okname')),
];
