import { familiarName, parseNormalizedNamed } from '../images/reference.js';
import type { EventMessage } from '../types/index.js';
import { FilterArgs, type FilterQuery } from './filter-args.js';

/** What a producer hands in; the bus stamps the time. */
export interface EventInput {
  Type: string;
  Action: string;
  Actor: { ID: string; Attributes: Record<string, string> };
  scope?: 'local' | 'swarm';
}

export interface Subscription {
  /** Buffered events matching the filter with since ≤ time ≤ until, oldest first. */
  past: EventMessage[];
  /** Stops delivery to the listener. */
  close(): void;
}

/** Keys Docker's event filter knows; others are ignored, as dockerd does. */
const perTypeKeys = [
  'container',
  'daemon',
  'plugin',
  'volume',
  'network',
  'node',
  'service',
  'secret',
  'config',
];

/**
 * The daemon's event log (moby daemon/events): a ring buffer of the latest events for `since`
 * replays, and live fan-out to subscribers. Publishing never blocks on a slow subscriber.
 */
export class EventBus {
  private readonly buffer: EventMessage[] = [];
  private readonly listeners = new Set<{ filter: FilterArgs; fn: (e: EventMessage) => void }>();
  private lastNano = 0n;

  constructor(
    private readonly capacity = 256,
    private readonly clock: () => bigint = () => BigInt(Date.now()) * 1_000_000n + hrtimeSubMs(),
  ) {}

  publish(input: EventInput): EventMessage {
    let nano = this.clock();
    if (nano <= this.lastNano) nano = this.lastNano + 1n;
    this.lastNano = nano;
    const msg: EventMessage = {
      Type: input.Type,
      Action: input.Action,
      Actor: { ID: input.Actor.ID, Attributes: sortedCopy(input.Actor.Attributes) },
      scope: input.scope ?? 'local',
      time: Number(nano / 1_000_000_000n),
      timeNano: nano,
    };
    this.buffer.push(msg);
    if (this.buffer.length > this.capacity) this.buffer.shift();
    for (const l of this.listeners) if (matchesEvent(l.filter, msg)) l.fn(msg);
    return msg;
  }

  /**
   * Times are unix nanoseconds. Buffered events are replayed only when `since` or `until` is given
   * (moby loadBufferedEvents); live delivery starts at once.
   */
  subscribe(
    opts: { filters: FilterQuery; sinceNano?: bigint; untilNano?: bigint },
    fn: (e: EventMessage) => void,
  ): Subscription {
    const filter = FilterArgs.of(opts.filters);
    const since = opts.sinceNano ?? 0n;
    const replay = opts.sinceNano !== undefined || opts.untilNano !== undefined;
    const past = !replay
      ? []
      : this.buffer.filter(
          (e) =>
            BigInt(e.timeNano) >= since &&
            (opts.untilNano === undefined || BigInt(e.timeNano) <= opts.untilNano) &&
            matchesEvent(filter, e),
        );
    const listener = { filter, fn };
    this.listeners.add(listener);
    return { past, close: () => this.listeners.delete(listener) };
  }
}

/** moby daemon/events/filter.go Include, for the keys that apply to the events Strata emits. */
export function matchesEvent(f: FilterArgs, e: EventMessage): boolean {
  const fuzzyName = (key: string): boolean =>
    f.fuzzyMatch(key, e.Actor.ID) || f.fuzzyMatch(key, e.Actor.Attributes.name ?? '');
  return (
    f.exactMatch('event', e.Action) &&
    f.exactMatch('type', e.Type) &&
    (!f.has('scope') || f.exactMatch('scope', e.scope)) &&
    perTypeKeys.every(fuzzyName) &&
    matchesImage(f, e) &&
    (!f.has('label') || f.matchAllLabels('label', e.Actor.Attributes))
  );
}

/** moby's matchImage: the actor id or image name (`name` on image events), also without its tag. */
function matchesImage(f: FilterArgs, e: EventMessage): boolean {
  const name = (e.Type === 'image' ? e.Actor.Attributes.name : e.Actor.Attributes.image) ?? '';
  return [e.Actor.ID, name, stripTag(e.Actor.ID), stripTag(name)].some((v) => f.exactMatch('image', v));
}

function stripTag(image: string): string {
  try {
    return familiarName(parseNormalizedNamed(image));
  } catch {
    return image;
  }
}

function sortedCopy(obj: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(obj).sort()) out[k] = obj[k] as string;
  return out;
}

/** Sub-millisecond part of the clock, so events in one millisecond keep their order and spacing. */
function hrtimeSubMs(): bigint {
  return process.hrtime.bigint() % 1_000_000n;
}
