import { posix } from 'node:path';

/**
 * gorilla/mux cleanPath: Go's path.Clean, keeping a trailing slash. A request whose path differs
 * from its clean form is redirected (301) to it, as Docker's router does.
 */
export function cleanPath(p: string): string {
  if (p === '') return '/';
  const withRoot = p.startsWith('/') ? p : `/${p}`;
  let np = posix.normalize(withRoot);
  if (np.length > 1 && np.endsWith('/')) np = np.slice(0, -1);
  if (withRoot.endsWith('/') && np !== '/') np += '/';
  return np;
}
