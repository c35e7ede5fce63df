import type { HttpContext } from './http-context.js';

export type Handler = (ctx: HttpContext) => Promise<void> | void;

export interface Route {
  method: string;
  /** Matches the path after the version prefix; named groups become params. */
  pattern: RegExp;
  handler: Handler;
  /** The route exists only for requests at this API version or newer. */
  sinceApiVersion?: string;
  /** Whether the handler reads the form first (moby httputils.ParseForm); most do. */
  parseForm: boolean;
}

/**
 * A route from a gorilla/mux-style template: `{name}` matches one segment, `{name:.*}` anything
 * (slashes and the empty string included), as moby registers `/volumes/{name:.*}`.
 */
export function route(
  method: string,
  template: string,
  handler: Handler,
  opts: { since?: string; parseForm?: boolean } = {},
): Route {
  const source = template
    .split(/(\{[a-zA-Z]+(?::\.\*)?\})/)
    .map((part) => {
      const m = /^\{([a-zA-Z]+)(:\.\*)?\}$/.exec(part);
      if (!m) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      return m[2] ? `(?<${m[1]}>[^\n]*)` : `(?<${m[1]}>[^/\n]+)`;
    })
    .join('');
  // Go's `.` does not match a newline, so neither do these patterns (no `s` flag).
  const r: Route = { method, pattern: new RegExp(`^${source}$`), handler, parseForm: opts.parseForm ?? true };
  if (opts.since !== undefined) r.sinceApiVersion = opts.since;
  return r;
}
