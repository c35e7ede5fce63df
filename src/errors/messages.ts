import { goQuote } from './go-quote.js';

/**
 * Docker's literal error texts, in one place, each with the moby/docker-cli file it comes from
 * (tags as in ../shared/spec/docker-volumes.md §0). Callers pick the kind; this file only spells.
 */

// moby volume/service/errors.go
export const noSuchVolume = 'no such volume';
export const volumeInUse = 'volume is in use';
export const nameMustBeUnique = 'volume name must be unique';
// moby volume/local/local.go
export const activeMounts = 'volume has active mounts';

// moby volume/service/store.go checkConflict
export const driverAlreadyHasVolume = (driver: string, name: string): string =>
  `driver '${driver}' already has volume '${name}': ${nameMustBeUnique}`;

// moby volume/drivers/extpoint.go (lookup) + pkg/plugins (plugin "x" not found)
export const pluginNotFound = (driver: string): string =>
  `error looking up volume plugin ${driver}: plugin "${driver}" not found`;

// moby daemon/names/names.go + volume/local/local.go validateName
export const volumeNameTooShort =
  'volume name is too short, names should be at least two alphanumeric characters';
export const invalidVolumeNameChars = (name: string): string =>
  `${goQuote(name)} includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`;

// moby volume/local/local_unix.go validateOpts
export const invalidOption = (key: string): string => `invalid option: ${goQuote(key)}`;
export const missingRequiredOption = (key: string): string => `missing required option: ${goQuote(key)}`;
export const invalidSize = (raw: string): string => `invalid size: '${raw}'`;
export const noQuotaSupport = 'quota size requested but no quota support';
export const cifsPortNotAllowed = "port not allowed in CIFS device URL, include 'port' in 'o='";

// moby api/types/filters/errors.go (v23+); 20.10 capitalised "Invalid filter"
export const invalidFilter = (detail: string, legacy: boolean): string =>
  `${legacy ? 'Invalid' : 'invalid'} filter '${detail}'`;

// moby volume/service/service.go Prune
export const pruneRunning = 'a prune operation is already running';

// moby daemon/cluster/cluster.go errNoManager
export const notSwarmManager =
  'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.';
// moby api/server/router/volume/volume_routes.go putVolumesUpdate
export const clusterUpdateUnavailable =
  'volume update only valid for cluster volumes, but swarm is unavailable';

// moby api/server/httputils/httputils.go CheckForJSON / ReadJSON (v23+) and 20.10
export const unsupportedContentType = (ct: string): string =>
  `unsupported Content-Type header (${ct}): must be 'application/json'`;
export const legacyContentType = (ct: string): string =>
  `Content-Type specified (${ct}) must be 'application/json'`;
export const unexpectedContentAfterJson = 'unexpected content after JSON';
export const eofReadingBody = 'got EOF while reading request body';

// moby api/server/middleware/version.go
export const clientTooNew = (requested: string, max: string): string =>
  `client version ${requested} is too new. Maximum supported API version is ${max}`;
export const clientTooOld = (requested: string, min: string): string =>
  `client version ${requested} is too old. Minimum supported API version is ${min}, please upgrade your client to a newer version`;

// gorilla/mux NotFound handler as moby installs it (api/server/server.go)
export const pageNotFound = 'page not found';

// moby api/server/router/system/system_routes.go (df ?type=)
export const unknownDfType = (t: string): string => `unknown object type: ${t}`;
