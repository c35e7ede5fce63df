/** Go's time.ParseDuration (`1h2m3.5s`, `300ms`, `-1.5h`; units ns us µs ms s m h), in nanoseconds. */
const units: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

export function parseDuration(s: string): number {
  const fail = (): never => {
    throw new Error(`time: invalid duration ${JSON.stringify(s)}`);
  };
  let rest = s;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    if (rest[0] === '-') sign = -1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') fail();
  let total = 0;
  while (rest !== '') {
    const m = /^(\d*\.?\d*)([a-zµμ]+)/.exec(rest);
    if (!m || m[1] === '' || m[1] === '.') fail();
    const unit = units[(m as RegExpExecArray)[2] as string];
    if (unit === undefined) {
      throw new Error(
        `time: unknown unit ${JSON.stringify((m as RegExpExecArray)[2])} in duration ${JSON.stringify(s)}`,
      );
    }
    total += Number((m as RegExpExecArray)[1]) * unit;
    rest = rest.slice((m as RegExpExecArray)[0].length);
  }
  return sign * Math.round(total);
}
