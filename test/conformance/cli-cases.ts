// Every docker CLI conformance case (docker volume … and docker system df), recorded against dockerd 20.10.
// Case lists live in ./cases/cli-*.ts, one file per subcommand group.
import { cliCreateCases } from './cases/cli-create.js';
import { cliInspectCases, cliRmCases } from './cases/cli-inspect-rm.js';
import { cliLsCases } from './cases/cli-ls.js';
import { cliDfCases, cliMiscCases, cliPruneCases } from './cases/cli-prune-misc.js';
import { checkCaseNames, type CliCase } from './types.js';

export const cliCases: CliCase[] = checkCaseNames([
  ...cliCreateCases,
  ...cliLsCases,
  ...cliInspectCases,
  ...cliRmCases,
  ...cliPruneCases,
  ...cliDfCases,
  ...cliMiscCases,
]);
