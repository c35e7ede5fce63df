/** Engine API event message (moby api/types/events.Message); key order as Go emits it. */
export interface EventActor {
  ID: string;
  Attributes: Record<string, string>;
}

export interface EventMessage {
  status?: string;
  id?: string;
  from?: string;
  Type: string;
  Action: string;
  Actor: EventActor;
  scope: 'local' | 'swarm';
  time: number;
  /** Unix nanoseconds: beyond 2^53, so a bigint on the daemon side. */
  timeNano: number | bigint;
}
