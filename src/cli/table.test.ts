import { describe, expect, it } from 'vitest';
import { naturalCompare } from '../format/natural-order.js';
import { headerContext, renderFormatted } from '../format/index.js';
import type { Volume } from '../types/index.js';
import { renderTable } from './table.js';
import { volumeRow } from './volume-templates.js';
import { volumeColumns } from './volume-view.js';

const vol = (Name: string, Driver = 'local'): Volume => ({
  Driver,
  Labels: null,
  Mountpoint: `/x/${Name}`,
  Name,
  Options: null,
  Scope: 'local',
});

describe('the direct table path prints what the template path prints', () => {
  it.each([
    [[]],
    [[vol('a'), vol('volume-10'), vol('volume-2', 'some-long-driver'), vol('日本語の名前')]],
    [[vol('x'.repeat(40), ''), vol('y', 'a\tb')]],
  ])('volume ls default table with %# volumes', (vols: Volume[]) => {
    const sorted = [...vols].sort((a, b) => naturalCompare(a.Name, b.Name));
    const viaTemplate = renderFormatted({
      format: 'table {{.Driver}}\t{{.Name}}',
      rows: sorted.map(volumeRow),
      header: headerContext(volumeColumns),
    });
    expect(
      renderTable(
        ['DRIVER', 'VOLUME NAME'],
        sorted.map((v) => [v.Driver, v.Name]),
      ),
    ).toBe(viaTemplate);
  });
});
