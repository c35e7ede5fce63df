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

// Strata's own (volume rename; Docker has none, moby#31154)
export const volumeExists = (name: string): string => `volume ${name} already exists`;
export const volumeInUseBy = (name: string, ids: readonly string[], names: readonly string[]): string =>
  `volume ${name} is in use by container(s): ${ids.join(', ')}` +
  (names.length > 0 ? ` (names: ${names.join(', ')})` : '');
export const volumeMountedNow = (name: string, cause: string): string => `volume ${name} is in use: ${cause}`;
export const driverCannotRename = (driver: string): string =>
  `volume driver '${driver}' cannot rename volumes; only local volumes can be renamed`;
export const emptyNewName = 'the new name may not be empty';
export const volumeBeingRenamed = (name: string): string => `volume ${name} is being renamed`;

// Strata's own (volume clone, moby#31854; snapshots, moby#7127, moby#33782)
export const driverCannotCopy = (driver: string, what: 'clone' | 'snapshot'): string =>
  what === 'clone'
    ? `volume driver '${driver}' cannot clone volumes; only local volumes can be cloned`
    : `volume driver '${driver}' cannot snapshot volumes; only local volumes have snapshots`;
export const dataNotKept = (name: string, type: string): string =>
  `volume ${name} mounts a ${goQuote(type)} filesystem given by its options; its data is not kept by Strata and cannot be copied`;
export const volumeInUseByRunning = (
  name: string,
  ids: readonly string[],
  names: readonly string[],
): string =>
  `volume ${name} is in use by running container(s): ${ids.join(', ')}` +
  (names.length > 0 ? ` (names: ${names.join(', ')})` : '') +
  '; pause them while it is copied (--pause)';
export const snapshotExists = (volume: string, snapshot: string): string =>
  `snapshot ${snapshot} of volume ${volume} already exists`;
export const noSuchSnapshot = (volume: string, snapshot: string): string =>
  `no such snapshot ${snapshot} of volume ${volume}`;
export const invalidSnapshotName = (name: string): string =>
  `invalid snapshot name ${goQuote(name)}: only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed, at least two characters`;

// Strata's own (volume label edits, moby#25291; owner options at create, moby#21259)
/** docker/cli opts.ValidateLabel, as `volume create --label` reports it. */
export const labelEmptyName = (raw: string): string => `invalid label '${raw}': empty name`;
export const labelHasWhitespace = (key: string): string => `label '${key}' contains whitespaces`;
export const anonymousLabelFixed = (label: string): string =>
  `the label ${goQuote(label)} marks an anonymous volume and cannot be changed or removed`;
export const labelAddedAndRemoved = (key: string): string =>
  `label ${goQuote(key)} cannot be both added and removed`;
export const invalidOwnerOption = (key: string, value: string, expected: string): string =>
  `invalid value for option ${goQuote(key)}: ${goQuote(value)} (${expected})`;

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

// Strata's own (storage backends of the local driver; size limits, moby#29121)
/** Starts with Docker's text, so a client matching on it still does. */
export const noQuotaSupportOnBackend = (backend: string, limiting: readonly string[]): string =>
  `${noQuotaSupport}: the ${backend} backend cannot limit a volume's size; ` +
  `use ${limiting.map((b) => `-o backend=${b}`).join(' or ')}`;
export const invalidBackend = (value: string, valid: readonly string[]): string =>
  `invalid backend: ${goQuote(value)}: valid backends are ${valid.join(', ')}`;
export const backendWithMount = (backend: string): string =>
  `backend=${backend} cannot be combined with type or device: a mounted filesystem is its own storage`;
export const imageTooSmall = (raw: string, min: number): string =>
  `invalid size: '${raw}': the image backend needs at least ${min} bytes`;
export const imageTooLarge = (raw: string, max: number): string =>
  `invalid size: '${raw}': the image backend makes images of at most ${max} bytes (16TiB)`;
export const backendUnavailable = (backend: string, cause: string): string =>
  `the ${backend} backend is not available: ${cause}`;

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

// --- networks ---

// moby libnetwork/error.go (ErrNoSuchNetwork, NetworkNameError, ActiveEndpointsError)
export const noSuchNetwork = (term: string): string => `network ${term} not found`;
export const networkNameExists = (name: string): string => `network with name ${name} already exists`;
/** 20.10 named the network and its id; Docker 28 lists the endpoints (`name:"c1" id:"0123456789ab"`). */
export const activeEndpoints = (name: string, id: string, endpoints: string[] | null): string =>
  endpoints === null
    ? `network ${name} id ${id} has active endpoints`
    : `network ${name} has active endpoints (${endpoints.join(', ')})`;
// moby libnetwork/network.go (delete, EndpointByName)
export const configNetworkInUse = (name: string): string =>
  `configuration network ${goQuote(name)} is in use`;
export const noSuchEndpoint = (name: string): string => `endpoint ${name} not found`;

// moby daemon/network.go (PredefinedNetworkError — its trailing space is Docker's; deleteNetwork)
export const predefinedNetworkOperation = (name: string): string =>
  `operation is not permitted on predefined ${name} network `;
export const predefinedNetworkRemove = (name: string): string =>
  `${name} is a pre-defined network and cannot be removed`;
export const errorRemovingNetwork = (cause: string): string => `error while removing network: ${cause}`;
export const driverOptNotBool = (key: string): string => `driver-opt ${goQuote(key)} is not a valid bool`;

/**
 * An id prefix that several networks share, in moby's two spellings: the inspect route wraps its
 * error (router getNetwork), the delete route's findUniqueNetwork and the daemon's FindNetwork put
 * the count in parentheses. (Name ambiguity cannot arise: Strata's network names are unique.)
 */
export const ambiguousNetworkInspect = (term: string, count: number): string =>
  `${count} matches found based on ID prefix: network ${term} is ambiguous`;
export const ambiguousNetwork = (term: string, count: number): string =>
  `network ${term} is ambiguous (${count} matches found based on ID prefix)`;

// moby libnetwork/controller.go NewNetwork (20.10 printed the name; Docker 28 says it is empty)
export const invalidNetworkName = (name: string, legacy: boolean): string =>
  legacy ? `invalid name: ${name}` : 'invalid name: name is empty';
export const onlyOneNetworkInstance = (driver: string): string =>
  `only one instance of ${goQuote(driver)} network is allowed`;
export const swarmScopeInactive = 'cannot create a swarm scoped network when swarm is not active';
export const ingressNotGlobal = 'Ingress network can only be global scope network';
export const configNetworkMissing = (name: string): string =>
  `configuration network ${goQuote(name)} does not exist`;
// moby libnetwork/network.go validateConfiguration
export const configOnlyOperatorFields =
  'configuration network can only contain network specific fields. Network operator fields like [ ingress | internal | attachable | scope ] are not supported.';
export const configFromConfigOnly = 'a configuration network cannot depend on another configuration network';
export const configFromUserConfig =
  'user specified configurations are not supported if the network depends on a configuration network';
// moby libnetwork/drivers/bridge validateConfig (Docker 28)
export const noIpFamily = 'IPv4 or IPv6 must be enabled';
// moby pkg/plugins (plugin lookup of a driver Docker does not have built in)
export const networkPluginNotFound = (driver: string): string => `plugin ${goQuote(driver)} not found`;
// moby libnetwork/drivers/bridge (20.10 parsed enable_ipv6 in the driver)
export const bridgeOptionNotBool = (key: string, value: string): string =>
  `failed to parse ${key} value: ${value} (strconv.ParseBool: parsing ${goQuote(value)}: invalid syntax)`;

// moby libnetwork/ipamapi/contract.go and the 20.10 allocator
export const poolOverlap = 'Pool overlaps with other one on this address space';
export const noMoreSubnets = 'all predefined address pools have been fully subnetted';
export const noDefaultPool = (version: 4 | 6): string =>
  `could not find an available, non-overlapping IPv${version} address pool among the defaults to assign to the network`;
export const ipOutOfRange = 'Requested address is out of range';
export const ipInUse = 'Address already in use';
// moby libnetwork/network.go ipamAllocateVersion
export const gatewayNotAllocated = (gateway: string, cause: string): string =>
  `failed to allocate gateway (${gateway}): ${cause}`;
// moby daemon/network.go getIpamConfig (20.10: net.ParseCIDR's error)
export const legacyInvalidSubnet = (subnet: string): string =>
  `Invalid subnet ${subnet} : invalid CIDR address: ${subnet}`;
// moby api/types/network/ipam.go ValidateIPAM (API ≥ 1.44 on Docker 28, whatever the version asked)
export const invalidNetworkConfig = (errors: string[]): string =>
  `invalid network config:\n${errors.join('\n')}`;

// moby daemon/network/filter.go FilterNetworks
export const danglingOneValue = 'got more than one value for filter key "dangling"';
export const danglingInvalid = `invalid value for filter 'dangling', must be "true" (or "1"), or "false" (or "0")`;
export const invalidTypeFilter = (value: string): string => `invalid filter: 'type'='${value}'`;
// moby api/server/router/network/network_routes.go getNetwork
export const invalidVerbose = (value: string): string =>
  `invalid value for verbose: ${value}: strconv.ParseBool: parsing ${goQuote(value)}: invalid syntax`;

// moby daemon/prune.go getUntilFromPruneFilters, api/types/time GetTimestamp
export const moreThanOneUntil = 'more than one until filter specified';
export const untilUnparsable = (value: string): string =>
  `failed to parse value as time or duration: ${goQuote(value)}`;

// moby daemon/errors.go (errNoSuchContainer), daemon/container.go GetContainer (invalidIdentifier)
export const noSuchContainer = (ref: string): string => `No such container: ${ref}`;
export const invalidContainerRef = (ref: string): string => `invalid name or ID supplied: ${goQuote(ref)}`;
// moby daemon/errors.go errExecPaused, daemon/start.go, daemon/delete.go (paused containers)
export const execPaused = (ref: string): string =>
  `Container ${ref} is paused, unpause the container before exec`;
export const startPaused = 'cannot start a paused container, try unpause instead';
export const removePaused = 'container is paused and must be unpaused first';

// Strata's own (volume export, import and cp; Docker has none)
export const importNotEmpty = (name: string): string =>
  `volume ${name} is not empty; import with --replace (replace=1) to replace its content`;
export const volumeBusy = (name: string, what: string): string => `volume ${name} is being ${what}`;
export const archiveEntryRefused = (entry: string, why: string): string =>
  `refusing archive entry ${goQuote(entry)}: ${why}`;
export const invalidArchive = (why: string): string => `invalid tar archive: ${why}`;
// moby daemon/archive.go (containerFileNotFound), with "volume" for "container"
export const volumeFileNotFound = (path: string, volume: string): string =>
  `Could not find the file ${path} in volume ${volume}`;
// moby go-archive copy.go ErrNotDirectory and friends
export const extractPointNotDirectory = 'extraction point is not a directory';
export const cannotOverwriteDirWithNonDir = (dir: string, nonDir: string): string =>
  `cannot overwrite directory ${goQuote(dir)} with non-directory ${goQuote(nonDir)}`;
export const cannotOverwriteNonDirWithDir = (nonDir: string, dir: string): string =>
  `cannot overwrite non-directory ${goQuote(nonDir)} with directory ${goQuote(dir)}`;
