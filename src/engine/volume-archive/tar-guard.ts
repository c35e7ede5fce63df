/**
 * A tar stream's gatekeeper: reads the archive header by header as it passes and forwards the bytes
 * unchanged to a downstream writer (GNU tar's stdin) only after each entry's header was accepted, so
 * a refused entry never reaches the extractor. Understands what GNU tar writes and reads: ustar,
 * old GNU (long names `L`/`K`, old sparse `S` with its extension blocks), PAX local (`x`) and global
 * (`g`) headers, PAX `size`/`path`/`linkpath` and the GNU sparse names. What goes downstream is
 * the input itself, in order, as slices of the chunks read (never copied): bytes are held from where
 * an entry's first header begins until that entry is accepted, then released with everything after
 * them up to the parse position. Memory stays bounded: only headers and metadata entries (capped) are
 * held. Names are kept as latin1 strings so every byte survives (non-UTF-8 names included).
 */
import { Writable } from 'node:stream';
import { invalidParameter, messages } from '../../errors/index.js';
import { checksumOf, cString, padding, parseNumeric } from '../../images/tar-header.js';

const block = 512;
const zeroBlock = Buffer.alloc(block);
/** The largest PAX or GNU long-name entry held in memory. */
const maxMetaSize = 1 << 20;

export interface GuardedEntry {
  /** The entry's name after PAX/GNU overrides, bytes as latin1. */
  name: string;
  /** ustar typeflag: '0' file, '1' hardlink, '2' symlink, '3'/'4' devices, '5' dir, '6' fifo, 'S' sparse. */
  type: string;
  linkname: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  /** The header blocks (metadata entries included) as they appeared, for callers that keep one. */
  raw: Buffer;
}

export interface TarGuardOptions {
  /** Throws to refuse the entry; nothing of it is forwarded then. */
  check(entry: GuardedEntry): void;
  /**
   * Called once, before the first byte is forwarded (at the first entry, or at the end of an archive
   * without entries), with the PAX global records seen so far; answers where the bytes go.
   */
  open(globals: ReadonlyMap<string, string>): Promise<NodeJS.WritableStream>;
  /** Bytes read so far (for progress), called per chunk. */
  onBytes?(n: number): void;
}

type State = 'header' | 'meta' | 'sparse-ext' | 'data' | 'end';

export class TarGuard extends Writable {
  private state: State = 'header';
  private readonly hdr = Buffer.alloc(block);
  private hdrFill = 0;
  private metaChunks: Buffer[] = [];
  private metaNeed = 0;
  private metaHeader: Buffer = Buffer.alloc(0);
  private metaType = '';
  /** Data bytes (padding included) still to forward for the current entry. */
  private dataLeft = 0;
  private pax = new Map<string, string>();
  private readonly globals = new Map<string, string>();
  private longName: string | undefined;
  private longLink: string | undefined;
  /** Headers of metadata entries waiting for the entry they describe. */
  private pendingRaw: Buffer[] = [];
  private out: NodeJS.WritableStream | undefined;
  /** Slices ready to go downstream, in order. */
  private batch: Buffer[] = [];
  private batchLen = 0;
  /** Held input from earlier chunks (a header or metadata entry not yet decided). */
  private carry: Buffer[] = [];
  /** The chunk being parsed, and in it: the parse position, where unsent bytes start, where released ones end. */
  private chunk: Buffer = Buffer.alloc(0);
  private pos = 0;
  private mark = 0;
  private releasedTo = 0;
  private entries = 0;

  constructor(private readonly opts: TarGuardOptions) {
    super({ highWaterMark: 1 << 20 });
  }

  /** Entries accepted so far. */
  get accepted(): number {
    return this.entries;
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.opts.onBytes?.(chunk.length);
    this.consume([chunk]).then(() => cb(), cb);
  }

  /** Chunks that queued while the extractor was busy: parsed together, written in one go. */
  override _writev(
    chunks: Array<{ chunk: Buffer; encoding: BufferEncoding }>,
    cb: (err?: Error | null) => void,
  ): void {
    for (const c of chunks) this.opts.onBytes?.(c.chunk.length);
    this.consume(chunks.map((c) => c.chunk)).then(() => cb(), cb);
  }

  override _final(cb: (err?: Error | null) => void): void {
    this.finish().then(() => cb(), cb);
  }

  private async finish(): Promise<void> {
    if (this.state !== 'end') {
      const midEntry = this.state !== 'header' || this.hdrFill !== 0 || this.pendingRaw.length > 0;
      if (midEntry) throw invalidParameter(messages.invalidArchive('unexpected end of archive'));
      // Ending between entries without the end marker (or an empty body) is an ending, as for tar.
      this.synthesize(Buffer.alloc(block * 2));
    }
    await this.flush();
    const out = await this.downstream();
    await new Promise<void>((resolve) => out.end(resolve));
  }

  private async downstream(): Promise<NodeJS.WritableStream> {
    this.out ??= await this.opts.open(this.globals);
    return this.out;
  }

  /** Lets the input up to the parse position go downstream (held bytes from earlier chunks first). */
  private release(): void {
    if (this.carry.length > 0) {
      for (const b of this.carry) this.queue(b);
      this.carry = [];
    }
    this.releasedTo = this.pos;
  }

  /** Drops the held input up to the parse position (the end marker, replaced by a synthesized one). */
  private drop(): void {
    this.sendReleased();
    this.carry = [];
    this.mark = this.pos;
    this.releasedTo = this.pos;
  }

  /** Queues bytes that are not the input's (the end marker). */
  private synthesize(buf: Buffer): void {
    this.sendReleased();
    this.queue(buf);
  }

  /** Queues the released run of the current chunk as one slice. */
  private sendReleased(): void {
    if (this.releasedTo > this.mark) this.queue(this.chunk.subarray(this.mark, this.releasedTo));
    this.mark = this.releasedTo;
  }

  private queue(buf: Buffer): void {
    if (buf.length === 0) return;
    this.batch.push(buf);
    this.batchLen += buf.length;
  }

  /**
   * Writes what is queued — slices of the input, as one writev(2) when the extractor's stream can
   * gather them — and honours backpressure.
   */
  private async flush(): Promise<void> {
    if (this.batchLen === 0) return;
    const out = this.out ?? (await this.downstream());
    const parts = this.batch;
    this.batch = [];
    this.batchLen = 0;
    const gather = parts.length > 1 && typeof (out as Partial<Writable>).cork === 'function';
    if (gather) (out as Writable).cork();
    let ok = true;
    for (const p of parts) ok = out.write(p);
    if (gather) (out as Writable).uncork();
    if (!ok) {
      await new Promise<void>((resolve, reject) => {
        const onErr = (err: Error): void => {
          out.off('drain', onDrain);
          reject(err);
        };
        const onDrain = (): void => {
          out.off('error', onErr);
          resolve();
        };
        out.once('drain', onDrain);
        out.once('error', onErr);
      });
    }
  }

  private async consume(chunks: Buffer[]): Promise<void> {
    for (const c of chunks) this.parse(c);
    await this.flush();
  }

  private parse(chunk: Buffer): void {
    this.chunk = chunk;
    this.pos = 0;
    this.mark = 0;
    this.releasedTo = 0;
    try {
      this.parseChunk(chunk);
    } finally {
      this.sendReleased();
      // Undecided bytes wait for their entry's verdict (nothing after the end marker is kept).
      if (this.state !== 'end' && this.mark < chunk.length) this.carry.push(chunk.subarray(this.mark));
      this.chunk = Buffer.alloc(0);
    }
  }

  private parseChunk(chunk: Buffer): void {
    while (this.pos < chunk.length) {
      const pos = this.pos;
      switch (this.state) {
        case 'end':
          return; // what follows the end marker is not read by tar either
        case 'data': {
          const n = Math.min(this.dataLeft, chunk.length - pos);
          this.pos += n;
          this.release();
          this.dataLeft -= n;
          if (this.dataLeft === 0) this.state = 'header';
          break;
        }
        case 'meta': {
          const n = Math.min(this.metaNeed, chunk.length - pos);
          this.metaChunks.push(Buffer.from(chunk.subarray(pos, pos + n)));
          this.pos += n;
          this.metaNeed -= n;
          if (this.metaNeed === 0) this.endMeta();
          break;
        }
        default: {
          const n = Math.min(block - this.hdrFill, chunk.length - pos);
          chunk.copy(this.hdr, this.hdrFill, pos, pos + n);
          this.hdrFill += n;
          this.pos += n;
          if (this.hdrFill === block) {
            this.hdrFill = 0;
            if (this.state === 'sparse-ext') this.onSparseExtension();
            else this.onHeader();
          }
        }
      }
    }
  }

  private onHeader(): void {
    const h = this.hdr;
    if (h.equals(zeroBlock)) {
      if (this.pendingRaw.length > 0)
        throw invalidParameter(messages.invalidArchive('metadata without an entry'));
      // tar stops at the first zero block; the second is sent so it ends without a warning.
      this.drop();
      this.synthesize(Buffer.alloc(block * 2));
      this.state = 'end';
      return;
    }
    if (parseNumeric(h, 148, 156, true) !== checksumOf(h))
      throw invalidParameter(messages.invalidArchive('invalid tar header'));
    const type = h[156] === 0 ? '0' : String.fromCharCode(h[156] as number);
    const size = parseNumeric(h, 124, 136, true);
    const raw = Buffer.from(h);
    if (type === 'x' || type === 'g' || type === 'L' || type === 'K') {
      if (size > maxMetaSize)
        throw invalidParameter(messages.invalidArchive(`a ${type} header of ${size} bytes`));
      this.metaHeader = raw;
      this.metaType = type;
      this.metaChunks = [];
      this.metaNeed = size + padding(size);
      this.state = 'meta';
      if (this.metaNeed === 0) this.endMeta();
      return;
    }
    const magic = h.subarray(257, 263).toString('latin1');
    let name = cString(h, 0, 100, 'latin1');
    if (magic === 'ustar\u0000') {
      const prefix = cString(h, 345, 500, 'latin1');
      if (prefix !== '') name = `${prefix}/${name}`;
    }
    const dataSize = this.pax.has('size') ? Number(this.pax.get('size')) : size;
    if (!Number.isSafeInteger(dataSize) || dataSize < 0)
      throw invalidParameter(messages.invalidArchive('bad size'));
    const entry: GuardedEntry = {
      name: this.pax.get('GNU.sparse.name') ?? this.pax.get('path') ?? this.longName ?? name,
      type,
      linkname: this.pax.get('linkpath') ?? this.longLink ?? cString(h, 157, 257, 'latin1'),
      mode: parseNumeric(h, 100, 108, true),
      uid: parseNumeric(h, 108, 116, true),
      gid: parseNumeric(h, 116, 124, true),
      size: dataSize,
      raw: Buffer.concat([...this.pendingRaw, raw]),
    };
    if (!regularTypes.has(type) && !specialTypes.has(type)) {
      throw invalidParameter(
        messages.archiveEntryRefused(entry.name, `unsupported entry type ${JSON.stringify(type)}`),
      );
    }
    if (specialTypes.has(type) && dataSize !== 0) {
      throw invalidParameter(
        messages.archiveEntryRefused(entry.name, 'an entry of this type carries no data'),
      );
    }
    this.opts.check(entry);
    this.pax = new Map();
    this.longName = undefined;
    this.longLink = undefined;
    this.pendingRaw = [];
    this.entries++;
    // The entry's metadata headers and this header, as they came.
    this.release();
    this.dataLeft = dataSize + padding(dataSize);
    // Old GNU sparse: extension blocks follow the header while its "isextended" byte is set.
    if (type === 'S' && h[482] !== 0) {
      this.state = 'sparse-ext';
      return;
    }
    this.state = this.dataLeft > 0 ? 'data' : 'header';
  }

  private onSparseExtension(): void {
    this.release();
    if (this.hdr[504] !== 0) return;
    this.state = this.dataLeft > 0 ? 'data' : 'header';
  }

  private endMeta(): void {
    const data = Buffer.concat(this.metaChunks);
    this.metaChunks = [];
    this.pendingRaw.push(this.metaHeader, data);
    const size = parseNumeric(this.metaHeader, 124, 136, true);
    const body = data.subarray(0, size);
    if (this.metaType === 'x') {
      for (const [k, v] of parsePaxRecords(body)) this.pax.set(k, v);
    } else if (this.metaType === 'g') {
      const records = parsePaxRecords(body);
      for (const key of records.keys()) {
        if (nameShaping(key)) {
          throw invalidParameter(
            messages.invalidArchive(`a global header may not set ${JSON.stringify(key)}`),
          );
        }
      }
      // Only globals ahead of the first entry describe the volume.
      if (this.entries === 0) for (const [k, v] of records) this.globals.set(k, v);
    } else {
      const nul = body.indexOf(0);
      const text = body.subarray(0, nul < 0 ? body.length : nul).toString('latin1');
      if (this.metaType === 'L') this.longName = text;
      else this.longLink = text;
    }
    this.state = 'header';
  }
}

const regularTypes = new Set(['0', '7', 'S']);
const specialTypes = new Set(['1', '2', '3', '4', '5', '6']);

/** Global keywords that would rename, resize or re-link every entry after them. */
function nameShaping(key: string): boolean {
  return key === 'path' || key === 'linkpath' || key === 'size' || key.startsWith('GNU.sparse.');
}

/** PAX records `<len> key=value\n`, values as latin1 (bytes kept); malformed input is an error. */
export function parsePaxRecords(data: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  let pos = 0;
  while (pos < data.length) {
    if (data[pos] === 0) break;
    const space = data.indexOf(0x20, pos);
    const len = space < 0 ? NaN : Number(data.subarray(pos, space).toString('latin1'));
    if (
      !Number.isSafeInteger(len) ||
      len <= space - pos ||
      pos + len > data.length ||
      data[pos + len - 1] !== 0x0a
    ) {
      throw invalidParameter(messages.invalidArchive('malformed PAX record'));
    }
    const record = data.subarray(space + 1, pos + len - 1);
    const eq = record.indexOf(0x3d);
    if (eq <= 0) throw invalidParameter(messages.invalidArchive('malformed PAX record'));
    out.set(record.subarray(0, eq).toString('latin1'), record.subarray(eq + 1).toString('latin1'));
    pos += len;
  }
  return out;
}
