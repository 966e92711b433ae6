/** Shard files: the k/n syntax, which images a shard takes, and what merge refuses. */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  mergeShards,
  openShardOut,
  parseShard,
  readShardFile,
  shardImages,
  SHARD_KIND,
  SHARD_VERSION,
  type ShardHeader,
} from './shard';

const dir = mkdtempSync(join(tmpdir(), 'minmax-shard-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const header = (index: number, count: number, over: Partial<ShardHeader> = {}): ShardHeader => ({
  kind: SHARD_KIND,
  version: SHARD_VERSION,
  command: 'evaluate',
  flags: { n: 5, seed: 1 },
  images: 5,
  shard: { index, count },
  versions: { app: 'x' },
  context: { model: 'm' },
  ...over,
});

/** A finished shard file with outcome {image} for each of its images. */
function shardFile(name: string, h: ShardHeader, skip: readonly number[] = []): string {
  const path = join(dir, name);
  const lines = [
    h,
    ...shardImages(h.images, h.shard)
      .filter((i) => !skip.includes(i))
      .map((i) => ({ image: i, outcome: { i }, seconds: 1 })),
  ];
  writeFileSync(path, lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
  return path;
}

describe('--shard k/n', () => {
  it('reads 0-based k of n and explains every refusal', () => {
    expect(parseShard('0/4')).toEqual({ index: 0, count: 4 });
    expect(parseShard(' 3/4 ')).toEqual({ index: 3, count: 4 });
    expect(() => parseShard('4/4')).toThrow(/counts from 0/);
    expect(() => parseShard('1/0')).toThrow(/n must be from 1/);
    expect(() => parseShard('-1/4')).toThrow(/must be k\/n/);
    expect(() => parseShard('1.5/4')).toThrow(/must be k\/n/);
    expect(() => parseShard('1/4/2')).toThrow(/must be k\/n/);
  });

  it('takes every n-th image from k, so the shards cover every image once', () => {
    expect(shardImages(10, { index: 1, count: 3 })).toEqual([1, 4, 7]);
    expect(shardImages(2, { index: 3, count: 4 })).toEqual([]);
    const all = [0, 1, 2, 3].flatMap((k) => shardImages(11, { index: k, count: 4 })).sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 11 }, (_, i) => i));
  });
});

describe('merge', () => {
  it('puts complete shards together in image order', () => {
    const files = [shardFile('a1.jsonl', header(1, 2)), shardFile('a0.jsonl', header(0, 2))];
    const { lines } = mergeShards(files);
    expect(lines.map((l) => l.image)).toEqual([0, 1, 2, 3, 4]);
    expect(lines.map((l) => l.outcome.i)).toEqual([0, 1, 2, 3, 4]);
  });

  it('names the missing shard, the unfinished one, the duplicate and the foreign run', () => {
    const s0 = shardFile('b0.jsonl', header(0, 2));
    expect(() => mergeShards([s0])).toThrow(/shard files missing: 1\/2/);
    const part = shardFile('b1.jsonl', header(1, 2), [3]);
    expect(() => mergeShards([s0, part])).toThrow(
      /1 of 5 images have no result \(first: 3\); unfinished shards: 1\/2/,
    );
    expect(() => mergeShards([s0, s0])).toThrow(/are both shard 0\/2/);
    const other = shardFile('b1x.jsonl', header(1, 2, { flags: { n: 5, seed: 2 } }));
    expect(() => mergeShards([s0, other])).toThrow(/not from the same run.*flags differ/);
    const three = shardFile('c1.jsonl', header(1, 3));
    expect(() => mergeShards([s0, three])).toThrow(/is shard 1\/3/);
    expect(() => mergeShards([])).toThrow(/needs the shard files/);
  });

  it('refuses files that are not shards, or whose lines do not belong', () => {
    const notShard = join(dir, 'not.jsonl');
    writeFileSync(notShard, '{"kind":"minmax-lab-run"}\n');
    expect(() => readShardFile(notShard)).toThrow(/not a MinMax Lab shard file/);
    const garbled = join(dir, 'garbled.jsonl');
    writeFileSync(garbled, `${JSON.stringify(header(0, 2))}\n{oops\n`);
    expect(() => readShardFile(garbled)).toThrow(/line 2: not JSON/);
    const stray = join(dir, 'stray.jsonl');
    writeFileSync(
      stray,
      `${JSON.stringify(header(0, 2))}\n${JSON.stringify({ image: 1, outcome: {}, seconds: 1 })}\n`,
    );
    expect(() => readShardFile(stray)).toThrow(/image 1 does not belong to shard 0\/2/);
    const twice = join(dir, 'twice.jsonl');
    const line = JSON.stringify({ image: 2, outcome: {}, seconds: 1 });
    writeFileSync(twice, `${JSON.stringify(header(0, 2))}\n${line}\n${line}\n`);
    expect(() => readShardFile(twice)).toThrow(/image 2 twice/);
    expect(() => readShardFile(join(dir, 'absent.jsonl'))).toThrow(/cannot read shard file/);
    const newer = join(dir, 'newer.jsonl');
    writeFileSync(newer, `${JSON.stringify({ ...header(0, 2), version: 99 })}\n`);
    expect(() => readShardFile(newer)).toThrow(/version 99/);
  });
});

describe('a shard file opened again', () => {
  it('resumes: keeps whole lines, drops a line cut short by a kill, appends after them', () => {
    const path = join(dir, 'resume.jsonl');
    const first = openShardOut(path, header(0, 2));
    expect(first.done.size).toBe(0);
    first.append({ image: 0, outcome: { i: 0 }, seconds: 1 });
    first.close();
    appendFileSync(path, '{"image": 2, "outc'); // killed while writing
    const again = openShardOut(path, header(0, 2));
    expect([...again.done.keys()]).toEqual([0]);
    again.append({ image: 2, outcome: { i: 2 }, seconds: 1 });
    again.append({ image: 4, outcome: { i: 4 }, seconds: 1 });
    again.close();
    const read = readShardFile(path);
    expect(read.cutShort).toBe(false);
    expect(read.lines.map((l) => l.image)).toEqual([0, 2, 4]);
    expect(
      readFileSync(path, 'utf8')
        .split('\n')
        .filter((l) => l.includes('"kind"')),
    ).toHaveLength(1);
  });

  it("refuses another run's file rather than mixing two runs", () => {
    const path = join(dir, 'mixed.jsonl');
    openShardOut(path, header(0, 2)).close();
    expect(() => openShardOut(path, header(0, 2, { flags: { n: 5, seed: 9 } }))).toThrow(
      /holds another run's shard \(its flags differ/,
    );
    expect(() => openShardOut(path, header(1, 2))).toThrow(/its shard differ/);
  });
});
