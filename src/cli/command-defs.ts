import type { CommandDef } from './command.js';
import { validateFilter, type FlagSpec } from './flags.js';

/** Building blocks of command definitions shared by the command tree's modules. */
const formatUsage = (kinds: 'table' | 'plain'): string =>
  (kinds === 'table'
    ? "Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n"
    : 'Format output using a custom template:\n') +
  "'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates";

export const formatFlag = (kinds: 'table' | 'plain', short?: string): FlagSpec => ({
  name: 'format',
  ...(short ? { short } : {}),
  kind: 'string',
  typeName: 'string',
  usage: formatUsage(kinds),
});
export const filterFlag = (usage: string, short = true): FlagSpec => ({
  name: 'filter',
  ...(short ? { short: 'f' } : {}),
  kind: 'filter',
  typeName: 'filter',
  usage,
  validate: validateFilter,
});

/** A flag of a kind with docker's type name (`--name string`), and whatever else it sets. */
const typed =
  (kind: 'string' | 'list' | 'int') =>
  (name: string, usage: string, extra: Partial<FlagSpec> = {}): FlagSpec => ({
    name,
    kind,
    typeName: kind,
    usage,
    ...extra,
  });
export const stringFlag = typed('string');
export const listFlag = typed('list');
export const intFlag = typed('int');
export const boolFlag = (name: string, usage: string, extra: Partial<FlagSpec> = {}): FlagSpec => ({
  name,
  kind: 'bool',
  usage,
  ...extra,
});

/** An action loaded on first use (keeps `strata` quick to start). */
export const load =
  (m: () => Promise<{ run: NonNullable<CommandDef['action']> extends () => Promise<infer A> ? A : never }>) =>
  async () =>
    (await m()).run;
