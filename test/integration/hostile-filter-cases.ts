// Hostile filters: list, prune and events `filters`, bad query escapes, prune scope and `all`.
import {
  ALL,
  err,
  get,
  list,
  noPrune,
  prune,
  q,
  V41,
  V50,
  type Expect,
  type HostileCase,
} from './hostile-cases.js';

const SRC_FILTERS = 'moby@v28.2.2 api/types/filters/parse.go:84-105 (FromJSON), errors.go (invalidFilter)';
const SRC_LIST =
  'moby@v28.2.2 api/server/router/volume/volume_routes.go:26-33, volume/service/convert.go:101-133';
const SRC_PRUNE = 'moby@v28.2.2 volume/service/convert.go:135-154 (withPrune), service.go:212-229';
function listPair(suffix: string, query: string, v50: Expect, v41: Expect): HostileCase[] {
  return [
    get(`list50-${suffix}`, `${V50}/volumes${query}`, v50, { src: SRC_LIST }),
    get(`list41-${suffix}`, `${V41}/volumes${query}`, v41),
  ];
}
const rf50 = err(400, 'error reading volume filters: invalid filter');
const rf41 = (m: string): Expect => err(400, `error reading volume filters: ${m}`);
const mapErr = (what: string, type = 'map[string]map[string]bool'): string =>
  `json: cannot unmarshal ${what} into Go value of type ${type}`;

export const filterCases: HostileCase[] = [
  ...listPair(
    'filters-garbage',
    '?filters=%7Boops',
    rf50,
    rf41("invalid character 'o' looking for beginning of object key string"),
  ),
  ...listPair('filters-array', '?filters=%5B%5D', rf50, rf41(mapErr('array'))),
  ...listPair('filters-number', '?filters=5', rf50, rf41(mapErr('number'))),
  ...listPair('filters-string', `?filters=${encodeURIComponent('"name"')}`, rf50, rf41(mapErr('string'))),
  ...listPair(
    'filters-nul',
    '?filters=%00',
    rf50,
    rf41("invalid character '\\x00' looking for beginning of value"),
  ),
  ...listPair('filter-value-string', q({ name: 'keep' }), rf50, rf41(mapErr('string', 'map[string]bool'))),
  ...listPair('filter-value-not-bool', q({ name: { keep: 'yes' } }), rf50, rf41(mapErr('string', 'bool'))),
  ...listPair('legacy-list-ok', q({ name: ['keep-1'] }), list(['keep-1']), list(['keep-1'])),
  ...listPair(
    'unknown-key',
    q({ foo: { bar: true } }),
    err(400, "invalid filter 'foo'"),
    err(400, "Invalid filter 'foo'"),
  ),
  ...listPair(
    'label-not',
    q({ 'label!': { a: true } }),
    err(400, "invalid filter 'label!'"),
    err(400, "Invalid filter 'label!'"),
  ),
  ...listPair(
    'all-key',
    q({ all: { true: true } }),
    err(400, "invalid filter 'all'"),
    err(400, "Invalid filter 'all'"),
  ),
  ...listPair(
    'dangling-maybe',
    q({ dangling: { maybe: true } }),
    err(400, "invalid filter 'dangling=[maybe]'"),
    err(400, "Invalid filter 'dangling=[maybe]'"),
  ),
  ...listPair(
    'dangling-legacy-maybe',
    q({ dangling: ['maybe'] }),
    err(400, "invalid filter 'dangling=[maybe]'"),
    err(400, "Invalid filter 'dangling=[maybe]'"),
  ),
  ...listPair(
    'dangling-upper',
    q({ dangling: { TRUE: true } }),
    err(400, "invalid filter 'dangling=[TRUE]'"),
    err(400, "Invalid filter 'dangling=[TRUE]'"),
  ),
  ...listPair(
    'dangling-both',
    q({ dangling: { true: true, false: true } }),
    err(400, ["invalid filter 'dangling=[true false]'", "invalid filter 'dangling=[false true]'"]),
    list(ALL),
  ),
  ...listPair('dangling-empty-set', q({ dangling: {} }), err(400, "invalid filter 'dangling'"), list(ALL)),
  ...listPair('dangling-null', q({ dangling: null }), err(400, "invalid filter 'dangling'"), list(ALL)),
  ...listPair(
    'query-bad-escape',
    '?filters=%zz',
    err(400, 'invalid URL escape "%zz"'),
    err(400, 'invalid URL escape "%zz"'),
  ),
  ...listPair(
    'filters-twice-first-wins',
    '?filters=%7Boops&filters=%7B%7D',
    rf50,
    rf41("invalid character 'o' looking for beginning of object key string"),
  ),
  ...listPair('name-invalid-regex', q({ name: { '(': true } }), list([]), list([])),
  ...listPair('label-equals-only', q({ label: { '=': true } }), list([]), list([])),
  ...listPair('unknown-query-option', '?foo=bar&all=1&filters=', list(ALL), list(ALL)),
  get(
    'list-unversioned-unknown-key',
    `/volumes${q({ foo: { bar: true } })}`,
    err(400, "invalid filter 'foo'"),
    { d20: err(400, "Invalid filter 'foo'") },
  ),
  // Prune: nothing may be deleted by any of these.
  prune('prune50-filters-garbage', `${V50}/volumes/prune?filters=%7Boops`, err(400, 'invalid filter'), {
    src: `${SRC_FILTERS}; volume_routes.go:196-199 returns it unwrapped`,
  }),
  prune(
    'prune41-filters-garbage',
    `${V41}/volumes/prune?filters=%7Boops`,
    err(500, "invalid character 'o' looking for beginning of object key string"),
  ),
  prune(
    'prune50-filter-value-string',
    `${V50}/volumes/prune${q({ label: 'x' })}`,
    err(400, 'invalid filter'),
    { src: SRC_FILTERS },
  ),
  prune(
    'prune41-filter-value-string',
    `${V41}/volumes/prune${q({ label: 'x' })}`,
    err(500, mapErr('string', 'map[string]bool')),
  ),
  prune(
    'prune50-unknown-key',
    `${V50}/volumes/prune${q({ foo: { x: true } })}`,
    err(400, "invalid filter 'foo'"),
    { src: SRC_PRUNE },
  ),
  prune(
    'prune41-unknown-key',
    `${V41}/volumes/prune${q({ foo: { x: true } })}`,
    err(400, "Invalid filter 'foo'"),
  ),
  prune(
    'prune50-name',
    `${V50}/volumes/prune${q({ name: { 'keep-1': true } })}`,
    err(400, "invalid filter 'name'"),
    { src: SRC_PRUNE },
  ),
  prune(
    'prune41-dangling',
    `${V41}/volumes/prune${q({ dangling: { true: true } })}`,
    err(400, "Invalid filter 'dangling'"),
  ),
  prune('prune41-all', `${V41}/volumes/prune${q({ all: { true: true } })}`, err(400, "Invalid filter 'all'")),
  prune(
    'prune50-all-maybe',
    `${V50}/volumes/prune${q({ all: { maybe: true } })}`,
    err(400, 'invalid filter \'all\': strconv.ParseBool: parsing "maybe": invalid syntax'),
    { src: SRC_PRUNE },
  ),
  prune(
    'prune50-all-legacy-yes',
    `${V50}/volumes/prune${q({ all: ['yes'] })}`,
    err(400, 'invalid filter \'all\': strconv.ParseBool: parsing "yes": invalid syntax'),
    { src: SRC_PRUNE },
  ),
  prune(
    'prune50-all-two',
    `${V50}/volumes/prune${q({ all: { 1: true, 0: true } })}`,
    err(400, [
      "invalid filter 'all=[1 0]': only one value is expected",
      "invalid filter 'all=[0 1]': only one value is expected",
    ]),
    { src: SRC_PRUNE },
  ),
  prune(
    'prune50-all-checked-before-keys',
    `${V50}/volumes/prune${q({ foo: { x: true }, all: { maybe: true } })}`,
    err(400, 'invalid filter \'all\': strconv.ParseBool: parsing "maybe": invalid syntax'),
    { src: `${SRC_PRUNE}: withPrune runs before Validate` },
  ),
  prune('prune50-all-false-anonymous-only', `${V50}/volumes/prune${q({ all: { false: true } })}`, noPrune, {
    src: `${SRC_PRUNE}; volumes created at 1.41 carry no anonymous label`,
  }),
  prune(
    'prune50-label-nomatch',
    `${V50}/volumes/prune${q({ all: { true: true }, label: { nomatch: true } })}`,
    noPrune,
    { src: SRC_PRUNE },
  ),
  prune('prune41-label-nomatch', `${V41}/volumes/prune${q({ label: { nomatch: true } })}`, noPrune),
  prune(
    'prune41-label-not-all',
    `${V41}/volumes/prune${q({ label: { a: true }, 'label!': { role: true } })}`,
    noPrune,
  ),
  {
    name: 'prune41-form-body-filters',
    method: 'POST',
    path: `${V41}/volumes/prune`,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: `filters=${encodeURIComponent(JSON.stringify({ foo: { x: true } }))}`,
    expect: err(400, "Invalid filter 'foo'"),
    d20: true,
    src: 'Go http.Request.ParseForm reads a form body of a POST into r.Form',
  },
  {
    name: 'prune50-form-body-filters',
    method: 'POST',
    path: `${V50}/volumes/prune`,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: `filters=${encodeURIComponent(JSON.stringify({ all: { maybe: true } }))}`,
    expect: err(400, 'invalid filter \'all\': strconv.ParseBool: parsing "maybe": invalid syntax'),
    src: 'Go http.Request.ParseForm (volume_routes.go:192) reads the form body of a POST',
  },
  // Events and df: errors come before any streaming (until=1 ends the stream anyway).
  get('events50-filters-garbage', `${V50}/events?until=1&filters=%7Boops`, err(400, 'invalid filter'), {
    src: 'moby@v28.2.2 api/server/router/system/system_routes.go:318-321',
  }),
  get(
    'events41-filters-garbage',
    `${V41}/events?until=1&filters=%7Boops`,
    err(500, "invalid character 'o' looking for beginning of object key string"),
  ),
  get(
    'events50-since-garbage',
    `${V50}/events?since=abc&until=1`,
    err(500, 'strconv.ParseInt: parsing "abc": invalid syntax'),
    { src: 'moby@v28.2.2 api/types/time/timestamp.go:115-120' },
  ),
  get(
    'events41-until-garbage',
    `${V41}/events?until=1.x`,
    err(500, 'strconv.ParseInt: parsing "x": invalid syntax'),
  ),
  get('df50-type-unknown', `${V50}/system/df?type=bogus`, err(400, 'unknown object type: bogus'), {
    src: 'moby@v28.2.2 api/server/router/system/system_routes.go:164-181',
  }),
];

/** Last: a name filter that makes a backtracking regexp engine spin (Go's RE2 answers at once). */
export const redosCase: HostileCase = get(
  'list41-name-regex-redos',
  `${V41}/volumes${q({ name: { '^(a+)+$': true } })}`,
  list([]),
  {
    timeoutMs: 3_000,
    src: 'moby filters.Match uses Go regexp (RE2, linear time)',
  },
);
