/**
 * `docker import --change` / `docker commit --change`: Dockerfile instructions applied to a run
 * config, as moby's dockerfile.BuildFromConfig does with buildkit's parser (v28.2.2 vendored):
 * the changes are joined with newlines and parsed as a Dockerfile (comments, `\` continuations),
 * every instruction must be one of CMD, ENTRYPOINT, ENV, EXPOSE, HEALTHCHECK, LABEL, ONBUILD,
 * STOPSIGNAL, USER, VOLUME, WORKDIR (`RUN is not a valid change command` otherwise), then each is
 * parsed and applied in order with variables expanded from the config's Env. Errors carry
 * buildkit's and moby's texts (the caller reports them as invalid-parameter).
 */
import { checkSignal, normalizeWorkdir, parseExposedPorts } from './change-values.js';
import { parseDuration } from './go-duration.js';
import { splitInstruction, type Instruction } from './dockerfile-parse.js';
import { envMap, processWord, processWords } from './shell-lex.js';

/** The run config fields the changes touch (moby container.Config names). */
export interface RunConfig {
  User?: string;
  ExposedPorts?: Record<string, Record<string, never>> | null;
  Env?: string[] | null;
  Cmd?: string[] | null;
  Healthcheck?: Record<string, unknown> | null;
  ArgsEscaped?: boolean;
  Volumes?: Record<string, Record<string, never>> | null;
  WorkingDir?: string;
  Entrypoint?: string[] | null;
  OnBuild?: string[] | null;
  Labels?: Record<string, string> | null;
  StopSignal?: string;
  Shell?: string[] | null;
  [key: string]: unknown;
}

const validCommitCommands = new Set([
  'cmd',
  'entrypoint',
  'healthcheck',
  'env',
  'expose',
  'label',
  'onbuild',
  'stopsignal',
  'user',
  'volume',
  'workdir',
]);

const atLeastOne = (cmd: string): Error => new Error(`${cmd} requires at least one argument`);
const exactlyOne = (cmd: string): Error => new Error(`${cmd} requires exactly one argument`);

/**
 * Applies `changes` to a copy of `config` (unchanged when there are none). `legacy`: Docker 20.10's
 * rules and texts (API ≤ 1.41): no STOPSIGNAL, the instruction named in lower case, `Invalid
 * containerPort`.
 */
export function applyChanges(config: RunConfig, changes: readonly string[], legacy = false): RunConfig {
  if (changes.length === 0) return config;
  const instructions = splitInstruction(changes.join('\n'));
  for (const ins of instructions) {
    const lower = ins.command.toLowerCase();
    if (!validCommitCommands.has(lower) || (legacy && lower === 'stopsignal')) {
      throw new Error(`${legacy ? lower : ins.command} is not a valid change command`);
    }
  }
  for (const ins of instructions) checkFlags(ins);
  const c: RunConfig = structuredClone(config);
  let cmdSet = false;
  for (const ins of instructions) {
    const env = envMap(c.Env);
    const word = (w: string): string => processWord(w, env);
    switch (ins.command.toLowerCase()) {
      case 'env':
        for (const [k, v] of keyValues(ins, 'ENV')) setEnv(c, `${word(k)}=${word(v)}`);
        break;
      case 'label':
        c.Labels ??= {};
        for (const [k, v] of keyValues(ins, 'LABEL')) c.Labels[word(k)] = word(v);
        break;
      case 'cmd': {
        const line = commandLine(ins, false, c.Shell);
        c.Cmd = line;
        c.ArgsEscaped = false;
        if (line !== null && ins.args.length > 0) cmdSet = true;
        break;
      }
      case 'entrypoint':
        c.Entrypoint = commandLine(ins, true, c.Shell);
        c.ArgsEscaped = false;
        if (!cmdSet) c.Cmd = null;
        break;
      case 'expose': {
        if (ins.args.length === 0) throw atLeastOne('EXPOSE');
        const ports = [...ins.args].sort().flatMap((p) => processWords(p, env));
        c.ExposedPorts ??= {};
        let exposed: string[];
        try {
          exposed = parseExposedPorts(ports);
        } catch (err) {
          const m = (err as Error).message;
          throw legacy && m.startsWith('invalid containerPort') ? new Error(`I${m.slice(1)}`) : err;
        }
        for (const p of exposed) c.ExposedPorts[p] = {};
        break;
      }
      case 'user':
        if (ins.args.length !== 1) throw exactlyOne('USER');
        c.User = word(ins.args[0] as string);
        break;
      case 'volume': {
        if (ins.args.length === 0) throw atLeastOne('VOLUME');
        const vols = ins.args.map((v) => {
          const t = v.trim();
          if (t === '') throw new Error('VOLUME specified can not be an empty string');
          return word(t);
        });
        c.Volumes ??= {};
        for (const v of vols) {
          if (v === '') throw new Error('VOLUME specified can not be an empty string');
          c.Volumes[v] = {};
        }
        break;
      }
      case 'workdir':
        if (ins.args.length !== 1) throw exactlyOne('WORKDIR');
        c.WorkingDir = normalizeWorkdir(c.WorkingDir ?? '', word(ins.args[0] as string));
        break;
      case 'stopsignal': {
        if (ins.args.length !== 1) throw exactlyOne('STOPSIGNAL');
        const sig = word(ins.args[0] as string);
        checkSignal(sig);
        c.StopSignal = sig;
        break;
      }
      case 'onbuild':
        c.OnBuild = [...(c.OnBuild ?? []), onBuildExpression(ins)];
        break;
      case 'healthcheck':
        c.Healthcheck = healthcheck(ins);
        break;
    }
  }
  return c;
}

function keyValues(ins: Instruction, cmd: string): Array<[string, string]> {
  const pairs = ins.pairs ?? [];
  if (pairs.length === 0) throw atLeastOne(cmd);
  for (const [k] of pairs) if (k === '') throw new Error(`${cmd} names can not be blank`);
  return pairs;
}

function setEnv(c: RunConfig, kv: string): void {
  const name = kv.slice(0, kv.indexOf('='));
  const env = [...(c.Env ?? [])];
  const i = env.findIndex((e) => (e.includes('=') ? e.slice(0, e.indexOf('=')) : e) === name);
  if (i >= 0) env[i] = kv;
  else env.push(kv);
  c.Env = env;
}

/** handleJSONArgs + resolveCmdLine: exec form as given, shell form behind the config's shell. */
function commandLine(
  ins: Instruction,
  emptyAsNil: boolean,
  shell: string[] | null | undefined,
): string[] | null {
  let args: string[] = ins.json ? [...ins.args] : ins.args.length === 0 ? [] : [ins.args.join(' ')];
  if (emptyAsNil && args.length === 0) return null;
  if (!ins.json) args = [...(shell && shell.length > 0 ? shell : ['/bin/sh', '-c']), ...args];
  return args;
}

function onBuildExpression(ins: Instruction): string {
  if (ins.args.length === 0) throw atLeastOne('ONBUILD');
  const trigger = (ins.args[0] as string).trim().toUpperCase();
  if (trigger === 'ONBUILD') throw new Error("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
  if (trigger === 'MAINTAINER' || trigger === 'FROM')
    throw new Error(`${trigger} isn't allowed as an ONBUILD trigger`);
  return ins.original.replace(/^\s*ONBUILD\s*/i, '');
}

function checkFlags(ins: Instruction): void {
  const allowed =
    ins.command.toLowerCase() === 'healthcheck'
      ? ['interval', 'timeout', 'start-period', 'start-interval', 'retries']
      : [];
  const seen = new Set<string>();
  for (const f of ins.flags) {
    if (!f.startsWith('--')) throw new Error(`arg should start with -- : ${f}`);
    const eq = f.indexOf('=');
    const name = f.slice(2, eq < 0 ? undefined : eq);
    if (!allowed.includes(name)) throw new Error(`unknown flag: ${name}`);
    if (seen.has(name)) throw new Error(`duplicate flag specified: ${name}`);
    seen.add(name);
    if (eq < 0) throw new Error(`missing a value on flag: ${name}`);
  }
}

function healthcheck(ins: Instruction): Record<string, unknown> {
  if (ins.args.length === 0) throw atLeastOne('HEALTHCHECK');
  const typ = (ins.args[0] as string).toUpperCase();
  const rest = ins.args.slice(1);
  if (typ === 'NONE') {
    if (rest.length !== 0) throw new Error('HEALTHCHECK NONE takes no arguments');
    return { Test: ['NONE'] };
  }
  const flag = (name: string): string => {
    const f = ins.flags.find((x) => x.startsWith(`--${name}=`));
    return f === undefined ? '' : f.slice(name.length + 3);
  };
  if (typ !== 'CMD') throw new Error(`Unknown type ${JSON.stringify(typ)} in HEALTHCHECK (try CMD)`);
  const cmd = ins.json ? rest : rest.length === 0 ? [] : [rest.join(' ')];
  if (cmd.length === 0) throw new Error('Missing command after HEALTHCHECK CMD');
  const h: Record<string, unknown> = { Test: [ins.json ? 'CMD' : 'CMD-SHELL', ...cmd] };
  for (const [flagName, field] of [
    ['interval', 'Interval'],
    ['timeout', 'Timeout'],
    ['start-period', 'StartPeriod'],
    ['start-interval', 'StartInterval'],
  ] as const) {
    const raw = flag(flagName);
    if (raw === '') continue;
    const ns = parseDuration(raw);
    if (ns !== 0 && ns < 1_000_000) throw new Error(`Interval "${flagName}" cannot be less than 1ms`);
    if (ns !== 0) h[field] = ns;
  }
  const retries = flag('retries');
  if (retries !== '') {
    if (!/^[+-]?\d+$/.test(retries))
      throw new Error(`strconv.ParseInt: parsing ${JSON.stringify(retries)}: invalid syntax`);
    const n = Number(retries);
    if (n < 0) throw new Error(`--retries cannot be negative (${n})`);
    if (n !== 0) h.Retries = n;
  }
  return h;
}
