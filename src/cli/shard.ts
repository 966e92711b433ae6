/**
 * Shards for batch engines that hand each task an index (Kubernetes Indexed Jobs, Slurm arrays, AWS
 * Batch arrays): `--shard k/n` takes every n-th image from k, and writes one JSON line per image to
 * `--out`, after a header line that names the run. `merge` checks that a set of such files is one
 * run, complete and without overlap, and hands back the per-image outcomes in image order.
 *
 * Lines are appended as images finish, so a shard that is killed and started again with the same
 * flags resumes: the images already in its file are not attacked again.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  statSync,
  truncateSync,
  writeSync,
} from 'node:fs';
import { KindedError } from '../core/errors';
import { UsageError, type ParsedFlags } from './args';

export const SHARD_KIND = 'minmax-lab-shard';
export const SHARD_VERSION = 1;
/** More shards than images is allowed (some are empty); past this a typo is more likely. */
export const MAX_SHARDS = 100_000;

export interface ShardSpec {
  /** 0-based, as JOB_COMPLETION_INDEX and AWS_BATCH_JOB_ARRAY_INDEX count. */
  readonly index: number;
  readonly count: number;
}

/** `k/n` → {index: k, count: n}, with 0 ≤ k < n; anything else is a usage error that says why. */
export function parseShard(text: string): ShardSpec {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (m === null)
    throw new UsageError(`--shard must be k/n (e.g. 0/4: the first of four shards), got '${text}'`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || count > MAX_SHARDS)
    throw new UsageError(`--shard's n must be from 1 to ${MAX_SHARDS}, got ${m[2]}`);
  if (index >= count)
    throw new UsageError(
      `--shard's k counts from 0 (0 ≤ k < n, as JOB_COMPLETION_INDEX does), got ${index}/${count}`,
    );
  return { index, count };
}

/** The images of a shard: k, k + n, k + 2n, … below total (round robin keeps shards even in cost). */
export function shardImages(total: number, shard: ShardSpec): number[] {
  const out: number[] = [];
  for (let i = shard.index; i < total; i += shard.count) out.push(i);
  return out;
}

/** The first line of a shard file: which run this is, and which part of it. */
export interface ShardHeader {
  kind: typeof SHARD_KIND;
  version: number;
  command: string;
  /** The flags that decide the results (not --shard, --out, --json or --threads). */
  flags: ParsedFlags;
  /** Images in the whole run (0..images−1). */
  images: number;
  shard: ShardSpec;
  versions: Record<string, string>;
  /** What the report names but the results do not depend on (e.g. the model's resolved path). */
  context: Record<string, unknown>;
}

/** One image's line: its outcome as the command reports it, and the seconds it took. */
export interface ShardLine {
  image: number;
  outcome: Record<string, unknown>;
  seconds: number;
}

/** Flags that say how or where to run, not what is computed: left out of a shard's identity. */
const NOT_IDENTITY = new Set(['shard', 'out', 'json', 'help', 'threads']);

export function identityFlags(f: ParsedFlags): ParsedFlags {
  return Object.fromEntries(Object.entries(f).filter(([k]) => !NOT_IDENTITY.has(k)));
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function readHeader(value: unknown, where: string): ShardHeader {
  const bad = (why: string) => new KindedError('invalid-input', `${where}: ${why}`);
  if (!isRecord(value) || value.kind !== SHARD_KIND)
    throw bad(`not a MinMax Lab shard file (its first line must be a header with "kind": "${SHARD_KIND}")`);
  if (value.version !== SHARD_VERSION)
    throw bad(`shard format version ${String(value.version)}; this build reads version ${SHARD_VERSION}`);
  const shard = value.shard;
  if (
    typeof value.command !== 'string' ||
    !isRecord(value.flags) ||
    !Number.isInteger(value.images) ||
    (value.images as number) < 0 ||
    !isRecord(shard) ||
    !Number.isInteger(shard.index) ||
    !Number.isInteger(shard.count) ||
    (shard.count as number) < 1 ||
    (shard.index as number) < 0 ||
    (shard.index as number) >= (shard.count as number) ||
    !isRecord(value.versions) ||
    !isRecord(value.context)
  )
    throw bad(
      'its header lacks or garbles command, flags, images, shard {index, count}, versions or context',
    );
  return value as unknown as ShardHeader;
}

function readLine(value: unknown, header: ShardHeader, where: string): ShardLine {
  const bad = (why: string) => new KindedError('invalid-input', `${where}: ${why}`);
  if (!isRecord(value) || !Number.isInteger(value.image) || !isRecord(value.outcome))
    throw bad('not an image line ({"image", "outcome", "seconds"})');
  const image = value.image as number;
  if (image < 0 || image >= header.images || image % header.shard.count !== header.shard.index)
    throw bad(`image ${image} does not belong to shard ${header.shard.index}/${header.shard.count}`);
  if (typeof value.seconds !== 'number' || !(value.seconds >= 0)) throw bad('seconds missing or negative');
  return value as unknown as ShardLine;
}

export interface ShardFile {
  header: ShardHeader;
  lines: ShardLine[];
  /** Bytes of whole lines: a line cut short by a kill ends the file after this. */
  wholeBytes: number;
  /** A last line without its newline (the process was killed while writing it). */
  cutShort: boolean;
}

export function readShardFile(path: string): ShardFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new KindedError('io', `cannot read shard file ${path}: ${(e as Error).message}`);
  }
  const end = text.lastIndexOf('\n') + 1;
  const parts = text.slice(0, end).split('\n').slice(0, -1);
  if (parts.length === 0) throw new KindedError('invalid-input', `${path}: empty, or no whole line`);
  const parse = (line: string, n: number): unknown => {
    try {
      return JSON.parse(line);
    } catch {
      throw new KindedError('invalid-input', `${path} line ${n}: not JSON`);
    }
  };
  const header = readHeader(parse(parts[0]!, 1), `${path} line 1`);
  const lines: ShardLine[] = [];
  const seen = new Set<number>();
  parts.slice(1).forEach((line, i) => {
    const where = `${path} line ${i + 2}`;
    const l = readLine(parse(line, i + 2), header, where);
    if (seen.has(l.image)) throw new KindedError('invalid-input', `${where}: image ${l.image} twice`);
    seen.add(l.image);
    lines.push(l);
  });
  return { header, lines, wholeBytes: Buffer.byteLength(text.slice(0, end)), cutShort: end < text.length };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * A shard's file, opened to append: new, or the same run's file from an earlier start (its images are
 * returned so they are skipped; a line cut short by a kill is dropped). Another run's file is refused.
 */
export function openShardOut(
  path: string,
  header: ShardHeader,
): { done: Map<number, ShardLine>; append: (line: ShardLine) => void; close: () => void } {
  const done = new Map<number, ShardLine>();
  const fresh = !existsSync(path) || statSync(path).size === 0;
  if (!fresh) {
    const old = readShardFile(path);
    for (const key of ['command', 'flags', 'images', 'shard', 'versions'] as const)
      if (!same(old.header[key], header[key]))
        throw new UsageError(
          `${path} holds another run's shard (its ${key} differ: ${JSON.stringify(old.header[key])}); delete it or choose another --out`,
        );
    if (old.cutShort) truncateSync(path, old.wholeBytes);
    for (const l of old.lines) done.set(l.image, l);
  }
  let fd: number;
  try {
    fd = openSync(path, 'a');
  } catch (e) {
    throw new KindedError('io', `cannot write ${path}: ${(e as Error).message}`);
  }
  const write = (value: unknown) => {
    writeSync(fd, `${JSON.stringify(value)}\n`);
    // A shard's line is its proof of work: on disk before the next image starts.
    fsyncSync(fd);
  };
  if (fresh) write(header);
  return {
    done,
    append: write,
    close: () => {
      closeSync(fd);
    },
  };
}

/**
 * Checks that shard files are one run (same command, flags, images, shard count and versions), that
 * every shard is there once and every image once; returns the header and the lines in image order.
 */
export function mergeShards(paths: readonly string[]): { header: ShardHeader; lines: ShardLine[] } {
  if (paths.length === 0) throw new UsageError('merge needs the shard files: merge FILE… --json');
  const files = paths.map((p) => ({ path: p, ...readShardFile(p) }));
  const first = files[0]!;
  for (const f of files.slice(1))
    for (const key of ['command', 'flags', 'images', 'versions'] as const)
      if (!same(f.header[key], first.header[key]))
        throw new KindedError(
          'invalid-input',
          `${f.path} is not from the same run as ${first.path}: its ${key} differ`,
        );
  const count = first.header.shard.count;
  const byShard = new Map<number, string>();
  for (const f of files) {
    if (f.header.shard.count !== count)
      throw new KindedError(
        'invalid-input',
        `${f.path} is shard ${f.header.shard.index}/${f.header.shard.count}, ${first.path} is one of ${count}`,
      );
    const other = byShard.get(f.header.shard.index);
    if (other !== undefined)
      throw new KindedError(
        'invalid-input',
        `${other} and ${f.path} are both shard ${f.header.shard.index}/${count}`,
      );
    byShard.set(f.header.shard.index, f.path);
  }
  const lines = new Map<number, ShardLine>();
  for (const f of files) for (const l of f.lines) lines.set(l.image, l);
  const missing: number[] = [];
  for (let i = 0; i < first.header.images; i++) if (!lines.has(i)) missing.push(i);
  if (missing.length > 0) {
    const shards = [...new Set(missing.map((i) => i % count))].sort((a, b) => a - b);
    const absent = shards.filter((k) => !byShard.has(k));
    throw new KindedError(
      'invalid-input',
      `${missing.length} of ${first.header.images} images have no result (first: ${missing.slice(0, 5).join(', ')}); ` +
        (absent.length > 0
          ? `shard files missing: ${absent.map((k) => `${k}/${count}`).join(', ')}`
          : `unfinished shards: ${shards.map((k) => `${k}/${count}`).join(', ')} (run them again with the same flags to resume)`),
    );
  }
  return {
    header: first.header,
    lines: Array.from({ length: first.header.images }, (_, i) => lines.get(i)!),
  };
}
