/**
 * A container's mount as the engine keeps it (moby volume/mounts.MountPoint), and the API's
 * `HostConfig.Mounts` entry it may come from (api/types/mount.Mount). Field names are Docker's so the
 * records serialise to Docker's shapes directly.
 */
export interface MountConfig {
  Type: string;
  Source?: string;
  Target?: string;
  ReadOnly?: boolean;
  Consistency?: string;
  BindOptions?: { Propagation?: string; NonRecursive?: boolean; CreateMountpoint?: boolean } | null;
  VolumeOptions?: {
    NoCopy?: boolean;
    Labels?: Record<string, string> | null;
    Subpath?: string;
    DriverConfig?: { Name?: string; Options?: Record<string, string> | null } | null;
  } | null;
  TmpfsOptions?: { SizeBytes?: number; Mode?: number; Options?: string[][] | null } | null;
}

export interface MountPoint {
  Type: string;
  /** Volume name ('' for binds, tmpfs and not-yet-created anonymous volumes). */
  Name: string;
  /** Host path: the bind source, or the volume's data path once it exists. */
  Source: string;
  Destination: string;
  Driver: string;
  /** The `-v` mode string as given (`ro`, `z`, `ro,nocopy`), `z` for local named volumes. */
  Mode: string;
  RW: boolean;
  Propagation: string;
  /** What the user asked for; `Spec.Source === ''` marks an anonymous volume (removed by `rm -v`). */
  Spec: MountConfig;
  /** Copy the image's content into the volume at create when it is empty. */
  CopyData: boolean;
  /** `--mount` binds must find their source; `-v` binds create a missing one at start. */
  SkipMountpointCreation?: boolean;
}
