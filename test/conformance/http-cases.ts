// Every raw Engine API conformance case, recorded against dockerd 20.10. Lists live in ./cases/http-*.ts.
import { httpCreateCases } from './cases/http-create.js';
import { httpDfCases, httpEventCases, httpPruneCases } from './cases/http-prune-events.js';
import { httpSystemCases } from './cases/http-system.js';
import { httpDeleteCases, httpInspectCases, httpListCases } from './cases/http-volumes.js';
import { withStrataDifference } from './cases/strata-differences.js';
import { checkCaseNames, type HttpCase } from './types.js';

export const httpCases: HttpCase[] = checkCaseNames([
  ...httpSystemCases,
  ...httpListCases,
  ...httpInspectCases,
  ...httpCreateCases,
  ...httpDeleteCases,
  ...httpPruneCases,
  ...httpDfCases,
  ...httpEventCases,
]).map(withStrataDifference);
