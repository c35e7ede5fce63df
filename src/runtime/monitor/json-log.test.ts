import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rfc3339Nano } from './clock.js';
import { goJsonString, MAX_LINE, StreamLogger } from './json-log.js';

describe('json-file log lines (moby jsonlog)', () => {
  it("escapes as moby's writer does", () => {
    expect(goJsonString(Buffer.from('a"b\\c\n\r\t<>&'))).toBe(
      '"a\\"b\\\\c\\n\\r\\u0009\\u003c\\u003e\\u0026"',
    );
    expect(goJsonString(Buffer.from('é ✓ \u2028'))).toBe('"é ✓ \\u2028"');
    expect(goJsonString(Buffer.from([0x61, 0xff, 0xc3, 0x62]))).toBe('"a\\ufffd\\ufffdb"');
  });

  it('formats times like Go’s RFC3339Nano in UTC', () => {
    expect(rfc3339Nano(1_700_000_000_123_450_000n)).toBe('2023-11-14T22:13:20.12345Z');
    expect(rfc3339Nano(1_700_000_000_000_000_000n)).toBe('2023-11-14T22:13:20Z');
    expect(rfc3339Nano()).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/);
  });

  const dir = mkdtempSync(join(tmpdir(), 'strata-jsonlog-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('logs one entry per line, long lines in pieces, the rest at the end', () => {
    const file = join(dir, 'log');
    const fd = openSync(file, 'a');
    const log = new StreamLogger(fd, 'stderr');
    log.write(Buffer.from('one\ntw'));
    log.write(Buffer.from('o\n'));
    log.write(Buffer.alloc(MAX_LINE + 10, 'x'));
    log.write(Buffer.from('\nlast'));
    log.end();
    closeSync(fd);
    const entries = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { log: string; stream: string; time: string });
    expect(entries.map((e) => e.log)).toEqual([
      'one\n',
      'two\n',
      'x'.repeat(MAX_LINE),
      'x'.repeat(10) + '\n',
      'last',
    ]);
    expect(entries.every((e) => e.stream === 'stderr')).toBe(true);
    expect(entries[2]?.time).toBe(entries[3]?.time);
  });
});
