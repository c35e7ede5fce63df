/**
 * Go's spelling of Linux errno values (golang.org/x/sys/unix zerrors_linux.go error table), so that
 * filesystem failures read as Docker's do: `mkdir /x: file name too long`.
 */
const goErrnoText: Record<string, string> = {
  EPERM: 'operation not permitted',
  ENOENT: 'no such file or directory',
  EIO: 'input/output error',
  ENXIO: 'no such device or address',
  E2BIG: 'argument list too long',
  EBADF: 'bad file descriptor',
  EAGAIN: 'resource temporarily unavailable',
  ENOMEM: 'cannot allocate memory',
  EACCES: 'permission denied',
  EBUSY: 'device or resource busy',
  EEXIST: 'file exists',
  EXDEV: 'invalid cross-device link',
  ENODEV: 'no such device',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  EINVAL: 'invalid argument',
  EMFILE: 'too many open files',
  EFBIG: 'file too large',
  ENOSPC: 'no space left on device',
  EROFS: 'read-only file system',
  EMLINK: 'too many links',
  ENAMETOOLONG: 'file name too long',
  ENOTEMPTY: 'directory not empty',
  ELOOP: 'too many levels of symbolic links',
  EDQUOT: 'disk quota exceeded',
  ENOTSUP: 'operation not supported',
  EOPNOTSUPP: 'operation not supported',
  ETIMEDOUT: 'connection timed out',
  ECONNREFUSED: 'connection refused',
};

/** Go's text for a Node system error's errno, or the Node message when the code is unknown. */
export function goErrnoMessage(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined && goErrnoText[code] !== undefined) return goErrnoText[code];
  return err instanceof Error ? err.message : String(err);
}

/** Go's os.PathError text: `<op> <path>: <errno text>`. */
export function goPathError(op: string, path: string, err: unknown): string {
  return `${op} ${path}: ${goErrnoMessage(err)}`;
}
