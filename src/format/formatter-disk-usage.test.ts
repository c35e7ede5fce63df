// docker/cli v28.2.2 cli/command/formatter/disk_usage_test.go (TestDiskUsageContextFormatWrite) for an
// empty daemon, with the disk-usage contexts built here from the same getters docker defines.
import { describe, expect, it } from 'vitest';
import {
  GoStruct,
  TemplateExecError,
  TemplateParseError,
  dockerTemplateErrorMessage,
  formatterContext,
  headerContext,
  humanSize,
  parseFormat,
  renderFormatted,
} from './index.js';

const SUMMARY = 'table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}';
const RAW =
  'type: {{.Type}}\ntotal: {{.TotalCount}}\nactive: {{.Active}}\nsize: {{.Size}}\nreclaimable: {{.Reclaimable}}\n';

interface VolumeUsage {
  size: number;
  refCount: number;
}

/** diskUsageVolumesContext.Reclaimable and friends, for volumes; the other types are empty here. */
function summaryRow(type: string, volumes: VolumeUsage[] = []) {
  const sized = volumes.filter((v) => v.size !== -1);
  const total = sized.reduce((n, v) => n + v.size, 0);
  const reclaimable = sized.filter((v) => v.refCount === 0).reduce((n, v) => n + v.size, 0);
  return formatterContext({
    typeName: `*formatter.diskUsage${type}Context`,
    getters: {
      Type: () => type,
      TotalCount: () => String(volumes.length),
      Active: () => String(volumes.filter((v) => v.refCount > 0).length),
      Size: () => humanSize(total),
      Reclaimable: () =>
        total > 0
          ? `${humanSize(reclaimable)} (${Math.trunc((reclaimable * 100) / total)}%)`
          : humanSize(reclaimable),
    },
  });
}

const SUMMARY_HEADER = headerContext({
  Type: 'TYPE',
  TotalCount: 'TOTAL',
  Active: 'ACTIVE',
  Size: 'SIZE',
  Reclaimable: 'RECLAIMABLE',
});

function summary(format: string, volumes: VolumeUsage[] = []): string {
  const rows = [
    summaryRow('Images'),
    summaryRow('Containers'),
    summaryRow('Local Volumes', volumes),
    summaryRow('Build Cache'),
  ];
  try {
    return renderFormatted({ format, rows, header: SUMMARY_HEADER });
  } catch (e) {
    if (e instanceof TemplateParseError || e instanceof TemplateExecError)
      return dockerTemplateErrorMessage(e);
    throw e;
  }
}

describe('TestDiskUsageContextFormatWrite (non-verbose)', () => {
  it('default table', () => {
    expect(summary(SUMMARY)).toBe(
      'TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE\n' +
        'Images          0         0         0B        0B\n' +
        'Containers      0         0         0B        0B\n' +
        'Local Volumes   0         0         0B        0B\n' +
        'Build Cache     0         0         0B        0B\n',
    );
  });

  it('custom table (disk-usage-context-write-custom.golden)', () => {
    expect(summary('table {{.Type}}\t{{.Active}}')).toBe(
      'TYPE            ACTIVE\nImages          0\nContainers      0\nLocal Volumes   0\nBuild Cache     0\n',
    );
  });

  it('raw format (disk-usage-raw-format.golden)', () => {
    const want = ['Images', 'Containers', 'Local Volumes', 'Build Cache']
      .map((t) => `type: ${t}\ntotal: 0\nactive: 0\nsize: 0B\nreclaimable: 0B\n\n`)
      .join('');
    expect(summary(RAW)).toBe(want);
  });

  it.each([
    ['{{InvalidFunction}}', 'template parsing error: template: :1: function "InvalidFunction" not defined'],
    ['{{nil}}', 'template parsing error: template: :1:2: executing "" at <nil>: nil is not a command'],
  ])('error %s', (format, want) => expect(summary(format)).toBe(want));

  it('volume sizes and reclaimable percentage (observed `Local Volumes   6   0   8B   8B (100%)`)', () => {
    const vols = [1, 1, 2, 4, 0, -1].map((size) => ({ size, refCount: 0 }));
    expect(summary(SUMMARY, vols).split('\n')[3]).toBe(
      'Local Volumes   6         0         8B        8B (100%)',
    );
    const mixed = [
      { size: 1000, refCount: 1 },
      { size: 24, refCount: 0 },
    ];
    expect(summary('{{.Size}} {{.Reclaimable}}', mixed).split('\n')[2]).toBe('1.024kB 24B (2%)');
  });
});

describe('TestDiskUsageContextFormatWrite (verbose)', () => {
  const sections: Array<[string, string, Record<string, string>]> = [
    [
      'Images space usage:\n\n',
      'table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}\t{{.SharedSize}}\t{{.UniqueSize}}\t{{.Containers}}',
      {
        Repository: 'REPOSITORY',
        Tag: 'TAG',
        ID: 'IMAGE ID',
        CreatedSince: 'CREATED',
        Size: 'SIZE',
        SharedSize: 'SHARED SIZE',
        UniqueSize: 'UNIQUE SIZE',
        Containers: 'CONTAINERS',
      },
    ],
    [
      '\nContainers space usage:\n\n',
      'table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.LocalVolumes}}\t{{.Size}}\t{{.RunningFor}}\t{{.Status}}\t{{.Names}}',
      {
        ID: 'CONTAINER ID',
        Image: 'IMAGE',
        Command: 'COMMAND',
        LocalVolumes: 'LOCAL VOLUMES',
        Size: 'SIZE',
        RunningFor: 'CREATED',
        Status: 'STATUS',
        Names: 'NAMES',
      },
    ],
    [
      '\nLocal Volumes space usage:\n\n',
      'table {{.Name}}\t{{.Links}}\t{{.Size}}',
      { Name: 'VOLUME NAME', Links: 'LINKS', Size: 'SIZE' },
    ],
    [
      `\nBuild cache usage: ${humanSize(0)}\n\n`,
      'table {{.ID}}\t{{.CacheType}}\t{{.Size}}\t{{.CreatedSince}}\t{{.LastUsedSince}}\t{{.UsageCount}}\t{{.Shared}}',
      {
        ID: 'CACHE ID',
        CacheType: 'CACHE TYPE',
        Size: 'SIZE',
        CreatedSince: 'CREATED',
        LastUsedSince: 'LAST USED',
        UsageCount: 'USAGE',
        Shared: 'SHARED',
      },
    ],
  ];

  it('table: each section prints its header even without rows', () => {
    const out = sections
      .map(
        ([title, format, cols]) => title + renderFormatted({ format, rows: [], header: headerContext(cols) }),
      )
      .join('');
    expect(out).toBe(
      'Images space usage:\n\n' +
        'REPOSITORY   TAG       IMAGE ID   CREATED   SIZE      SHARED SIZE   UNIQUE SIZE   CONTAINERS\n' +
        '\nContainers space usage:\n\n' +
        'CONTAINER ID   IMAGE     COMMAND   LOCAL VOLUMES   SIZE      CREATED   STATUS    NAMES\n' +
        '\nLocal Volumes space usage:\n\n' +
        'VOLUME NAME   LINKS     SIZE\n' +
        '\nBuild cache usage: 0B\n\n' +
        'CACHE ID   CACHE TYPE   SIZE      CREATED   LAST USED   USAGE     SHARED\n',
    );
  });

  const usage = new GoStruct('*formatter.diskUsageContext', {
    Images: [],
    Containers: [],
    Volumes: [],
    BuildCache: [],
  });

  it('{{json .}} executes once on the whole usage, without a newline', () => {
    expect(parseFormat('{{json .}}').execute(usage)).toBe(
      '{"Images":[],"Containers":[],"Volumes":[],"BuildCache":[]}',
    );
  });

  it('raw ranges over empty sections and prints nothing', () => {
    const raw = '{{range .Volumes}}type: Volume\nname: {{.Name}}\\ndriver: {{.Driver}}\\n\n{{end -}}';
    expect(parseFormat(raw).execute(usage)).toBe('');
  });
});
