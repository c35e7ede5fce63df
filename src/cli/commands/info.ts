import { humanSize } from '../../format/go-units.js';
import type { CommandContext } from '../command.js';
import { compileUserTemplate } from '../user-template.js';

/** `strata info [-f FORMAT]`: the daemon's facts, laid out as `docker info`'s server part. */
export async function run(ctx: CommandContext): Promise<number | void> {
  const info = await ctx.client().info();
  const format = ctx.flags.string('format');
  if (format !== '') {
    ctx.out(`${(await compileUserTemplate(format))(info)}\n`);
    return;
  }
  const i = info as Record<string, unknown> & { Plugins?: { Volume?: string[] } };
  const lines = [
    'Server:',
    ` Containers: ${i.Containers}`,
    ` Images: ${i.Images}`,
    ` Server Version: ${i.ServerVersion}`,
    ` Plugins:`,
    `  Volume: ${(i.Plugins?.Volume ?? []).join(' ')}`,
    ` Kernel Version: ${i.KernelVersion}`,
    ` Operating System: ${i.OperatingSystem}`,
    ` OSType: ${i.OSType}`,
    ` Architecture: ${i.Architecture}`,
    ` CPUs: ${i.NCPU}`,
    ` Total Memory: ${humanSizeBinary(Number(i.MemTotal))}`,
    ` Name: ${i.Name}`,
    ` ID: ${i.ID}`,
    ` Strata Root Dir: ${i.DockerRootDir}`,
  ];
  ctx.out(`${lines.join('\n')}\n`);
}

/** docker info prints memory with go-units BytesSize (binary units). */
function humanSizeBinary(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${Number(v.toPrecision(4))}${units[i]}`;
}
void humanSize;
