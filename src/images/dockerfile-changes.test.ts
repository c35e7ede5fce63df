import { describe, expect, it } from 'vitest';
import { applyChanges } from './dockerfile-changes.js';

describe('docker import --change (dockerfile.BuildFromConfig)', () => {
  it('applies every allowed instruction', () => {
    const c = applyChanges({}, [
      'ENV A=1 B="two words"',
      'ENV LEGACY some value',
      'LABEL a=b "c d"=e',
      'WORKDIR /app',
      'WORKDIR sub',
      'USER nobody',
      'VOLUME ["/data", "/logs"]',
      'VOLUME /cache',
      'EXPOSE 80 53/udp 8000-8001',
      'STOPSIGNAL SIGTERM',
      'ONBUILD RUN echo hi',
      'HEALTHCHECK --interval=5s --retries=3 CMD ["true"]',
      'CMD ["sh"]',
      'ENTRYPOINT ["/bin/busybox"]',
    ]);
    expect(c.Env).toEqual(['A=1', 'B=two words', 'LEGACY=some value']);
    expect(c.Labels).toEqual({ a: 'b', 'c d': 'e' });
    expect(c.WorkingDir).toBe('/app/sub');
    expect(c.User).toBe('nobody');
    expect(Object.keys(c.Volumes ?? {})).toEqual(['/data', '/logs', '/cache']);
    expect(Object.keys(c.ExposedPorts ?? {}).sort()).toEqual(['53/udp', '80/tcp', '8000/tcp', '8001/tcp']);
    expect(c.StopSignal).toBe('SIGTERM');
    expect(c.OnBuild).toEqual(['RUN echo hi']);
    expect(c.Healthcheck).toEqual({ Test: ['CMD', 'true'], Interval: 5e9, Retries: 3 });
    // CMD set before ENTRYPOINT survives it.
    expect(c.Cmd).toEqual(['sh']);
    expect(c.Entrypoint).toEqual(['/bin/busybox']);
  });

  it('puts shell forms behind /bin/sh -c and lets ENTRYPOINT clear an unset CMD', () => {
    expect(applyChanges({}, ['CMD echo $HOME']).Cmd).toEqual(['/bin/sh', '-c', 'echo $HOME']);
    const c = applyChanges({ Cmd: ['old'] }, ['ENTRYPOINT top -b']);
    expect(c.Entrypoint).toEqual(['/bin/sh', '-c', 'top -b']);
    expect(c.Cmd).toBeNull();
  });

  it('expands variables from the environment built so far', () => {
    const c = applyChanges({}, ['ENV BASE=/srv', 'WORKDIR $BASE/app', 'ENV P=${BASE:-x}/p Q=${NOPE:-dflt}']);
    expect(c.WorkingDir).toBe('/srv/app');
    expect(c.Env).toEqual(['BASE=/srv', 'P=/srv/p', 'Q=dflt']);
  });

  it('joins continuation lines and skips comments', () => {
    expect(applyChanges({}, ['# note', 'ENV A=1 \\', '  B=2']).Env).toEqual(['A=1', 'B=2']);
  });

  it.each([
    [['RUN echo'], 'RUN is not a valid change command'],
    [['FROM busybox'], 'FROM is not a valid change command'],
    [['ENV A'], 'ENV must have two arguments'],
    [['ENV'], 'ENV requires at least one argument'],
    [['LABEL a=b c'], 'Syntax error - can\'t find = in "c". Must be of the form: name=value'],
    [['EXPOSE abc'], 'invalid containerPort: abc'],
    [['EXPOSE 80/xyz'], 'invalid proto: xyz'],
    [['STOPSIGNAL FOO'], 'Invalid signal: FOO'],
    [['USER'], 'USER requires exactly one argument'],
    [['WORKDIR'], 'WORKDIR requires exactly one argument'],
    [['VOLUME'], 'VOLUME requires at least one argument'],
    [['CMD ["a", 1]'], 'when using JSON array syntax, arrays must be comprised of strings only'],
    [['CMD --x=1 sh'], 'unknown flag: x'],
    [['HEALTHCHECK FOO'], 'Unknown type "FOO" in HEALTHCHECK (try CMD)'],
    [[''], 'file with no instructions'],
    [['ENV A=${B'], 'failed to process "${B": unsupported modifier (\ufffd) in substitution'],
    [['ENV A=${B:-x'], `failed to process "\${B:-x": syntax error: missing '}'`],
  ])('%j → %s', (changes, message) => {
    expect(() => applyChanges({}, changes)).toThrow(message);
  });

  it('speaks Docker 20.10 for API ≤ 1.41', () => {
    expect(() => applyChanges({}, ['RUN x'], true)).toThrow('run is not a valid change command');
    expect(() => applyChanges({}, ['STOPSIGNAL TERM'], true)).toThrow(
      'stopsignal is not a valid change command',
    );
    expect(() => applyChanges({}, ['EXPOSE abc'], true)).toThrow('Invalid containerPort: abc');
  });
});
