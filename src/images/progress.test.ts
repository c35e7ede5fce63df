import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import type { ProgressMessage } from './image-store.js';
import { humanSize, progressBar, ProgressStream, updateMessage } from './progress.js';

describe('docker progress messages', () => {
  it('sizes as go-units HumanSize', () => {
    expect(humanSize(0)).toBe('0B');
    expect(humanSize(512)).toBe('512B');
    expect(humanSize(1982638)).toBe('1.983MB');
    expect(humanSize(32768)).toBe('32.77kB');
    expect(humanSize(1e9)).toBe('1GB');
  });

  it('draws the bar dockerd draws at 200 columns', () => {
    expect(progressBar(0, 0)).toBe('');
    // pbBox `[===>   ] ` then numbersBox `%8v/%v`.
    expect(progressBar(1000, 2000)).toBe(`[${'='.repeat(25)}>${' '.repeat(25)}]      1kB/2kB`);
    expect(progressBar(2000, 2000)).toBe(`[${'='.repeat(50)}>]      2kB/2kB`);
    expect(progressBar(5000, 0)).toBe('     5kB');
  });

  it('reports progress with the final count and status lines without it', async () => {
    const seen: ProgressMessage[] = [];
    const data = Buffer.alloc(3000, 1);
    await buffer(
      Readable.from([data.subarray(0, 1000), data.subarray(1000)]).pipe(
        new ProgressStream((m) => seen.push(m), 3000, 'abc', 'Downloading'),
      ),
    );
    expect(seen[seen.length - 1]).toMatchObject({
      status: 'Downloading',
      progressDetail: { current: 3000, total: 3000 },
      id: 'abc',
    });
    expect(updateMessage('abc', 'Pull complete')).toEqual({
      status: 'Pull complete',
      progressDetail: {},
      id: 'abc',
    });
  });
});
