import type { FlagSpec } from './flags.js';

/**
 * Help and usage text in docker/cli's cobra template (cli/cobra.go usageTemplate) with pflag's
 * FlagUsagesWrapped layout, for the `strata` binary.
 */
export interface HelpCommand {
  path: string;
  useLine: string;
  short: string;
  long?: string;
  aliases: string[];
  flags: readonly FlagSpec[];
  subcommands: Array<{ name: string; short: string }>;
  isRoot: boolean;
}

export function renderHelp(c: HelpCommand, termWidth = 80): string {
  const out: string[] = [];
  out.push(
    `Usage:  ${c.subcommands.length > 0 ? `${c.path}${c.isRoot && c.flags.length > 0 ? ' [OPTIONS]' : ''} COMMAND` : c.useLine}`,
  );
  out.push('', (c.long ?? c.short).trim());
  if (c.aliases.length > 0) out.push('', 'Aliases:', `  ${c.aliases.join(', ')}`);
  const visible = c.flags.filter((f) => !f.hidden);
  if (!c.isRoot && visible.length > 0) out.push('', 'Options:', flagUsages(visible, termWidth - 1).trimEnd());
  if (c.subcommands.length > 0) {
    const pad = Math.max(...c.subcommands.map((s) => s.name.length), 11);
    out.push('', 'Commands:');
    for (const s of c.subcommands) out.push(`  ${s.name.padEnd(pad)} ${s.short}`);
  }
  if (c.isRoot && visible.length > 0)
    out.push('', 'Global Options:', flagUsages(visible, termWidth - 1).trimEnd());
  if (c.subcommands.length > 0)
    out.push('', `Run '${c.path} COMMAND --help' for more information on a command.`);
  return `${out.join('\n')}\n`;
}

/** pflag FlagUsagesWrapped. */
export function flagUsages(flags: readonly FlagSpec[], cols: number): string {
  let maxlen = 0;
  const lines = flags.map((f) => {
    let line = f.short ? `  -${f.short}, --${f.name}` : `      --${f.name}`;
    const typeName = f.typeName ?? (f.kind === 'bool' ? '' : f.kind);
    if (typeName !== '') line += ` ${typeName}`;
    line += '\x00';
    maxlen = Math.max(maxlen, line.length);
    line += f.usage;
    if (f.defaultValue !== undefined && f.defaultValue !== '' && f.defaultValue !== 'false') {
      line +=
        f.kind === 'string' ? ` (default ${JSON.stringify(f.defaultValue)})` : ` (default ${f.defaultValue})`;
    }
    return line;
  });
  return lines
    .map((line) => {
      const sidx = line.indexOf('\x00');
      return `${line.slice(0, sidx)}${' '.repeat(maxlen - sidx)} ${wrap(maxlen + 2, cols, line.slice(sidx + 1))}\n`;
    })
    .join('');
}

function wrap(indent: number, width: number, s: string): string {
  let i = indent;
  let room = width - i;
  let r = '';
  if (room < 24) {
    i = 16;
    room = width - i;
    r += `\n${' '.repeat(i)}`;
  }
  if (room < 24) return s.replace(/\n/g, r);
  const slop = 5;
  room -= slop;
  const pad = ' '.repeat(i);
  let [line, rest] = wrapN(room, slop, s);
  r += line.replace(/\n/g, `\n${pad}`);
  while (rest !== '') {
    [line, rest] = wrapN(room, slop, rest);
    r += `\n${pad}${line.replace(/\n/g, `\n${pad}`)}`;
  }
  return r;
}

function wrapN(i: number, slop: number, s: string): [string, string] {
  if (i + slop > s.length) return [s, ''];
  const head = s.slice(0, i);
  const w = Math.max(head.lastIndexOf(' '), head.lastIndexOf('\t'), head.lastIndexOf('\n'));
  if (w <= 0) return [s, ''];
  const nl = head.lastIndexOf('\n');
  if (nl > 0 && nl < w) return [s.slice(0, nl), s.slice(nl + 1)];
  return [s.slice(0, w), s.slice(w + 1)];
}
