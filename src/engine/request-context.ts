/**
 * What the engine needs to know about the request it serves. Strata answers a request at API ≥ 1.42
 * as Docker 28 does, and one at ≤ 1.41 as Docker 20.10 did (the newest engine of that API version):
 * error texts, the anonymous label, prune scope and events follow the requested version.
 */
export interface RequestContext {
  apiVersion: string;
}

/** Whether API version `a` is older than `b` ("1.9" < "1.10"). */
export function apiVersionLess(a: string, b: string): boolean {
  const [aMaj = 0, aMin = 0] = a.split('.').map(Number);
  const [bMaj = 0, bMin = 0] = b.split('.').map(Number);
  return aMaj !== bMaj ? aMaj < bMaj : aMin < bMin;
}
