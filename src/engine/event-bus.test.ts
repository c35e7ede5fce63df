import { describe, expect, it } from 'vitest';
import type { EventMessage } from '../types/index.js';
import { matchesEvent } from './event-bus.js';
import { FilterArgs } from './filter-args.js';

const event = (Type: string, ID: string, Attributes: Record<string, string>): EventMessage =>
  ({ Type, Action: 'x', Actor: { ID, Attributes } }) as unknown as EventMessage;

describe('event filters', () => {
  it('matches image= as moby: actor id or name (image events) / image attribute, with or without tag', () => {
    const pull = event('image', 'busybox:latest', { name: 'busybox' });
    const tag = event('image', 'sha256:abc', { name: 'registry.local/app:2' });
    const run = event('container', 'c'.repeat(64), { image: 'busybox:local', name: 'box' });
    const f = (image: string): FilterArgs => FilterArgs.of({ image: [image] });
    expect(matchesEvent(f('busybox'), pull)).toBe(true);
    expect(matchesEvent(f('busybox:latest'), pull)).toBe(true);
    expect(matchesEvent(f('registry.local/app'), tag)).toBe(true);
    expect(matchesEvent(f('sha256:abc'), tag)).toBe(true);
    expect(matchesEvent(f('app'), tag)).toBe(false);
    expect(matchesEvent(f('busybox'), run)).toBe(true);
    expect(matchesEvent(f('busybox:other'), run)).toBe(false);
    expect(matchesEvent(FilterArgs.of({}), run)).toBe(true);
  });
});
