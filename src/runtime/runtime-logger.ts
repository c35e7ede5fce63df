/** How the runtime reports what goes wrong beside a call (the daemon's logger, or nothing). */
export type RuntimeLogger = (
  level: 'debug' | 'info' | 'warn' | 'error',
  msg: string,
  fields?: Record<string, unknown>,
) => void;
