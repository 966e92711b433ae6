/**
 * A real Redis for the queue tests: Debian's redis-server on a free loopback port, in a folder of its
 * own (so a test can stop it with a saved dump and start it again with the same queue).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

const SERVER = process.env.REDIS_SERVER ?? 'redis-server';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => {
        resolve(port);
      });
    });
  });
}

export interface RedisServer {
  port: number;
  url: string;
  /** SHUTDOWN SAVE: the data goes to the folder's dump, the server exits. */
  stop(): Promise<void>;
  /** Starts again on the same port from the folder's dump. */
  start(): Promise<void>;
  kill(): void;
}

export async function startRedis(dir: string): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const ping = () => spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout.trim();
  const start = async () => {
    child = spawn(
      SERVER,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        'no',
        '--maxmemory-policy',
        'noeviction',
      ],
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + 20_000;
    while (ping() !== 'PONG') {
      if (Date.now() > deadline) throw new Error(`redis-server did not answer on port ${port}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    start,
    stop: async () => {
      const c = child;
      spawnSync('redis-cli', ['-p', String(port), 'shutdown', 'save']);
      if (c !== null && c.exitCode === null) await new Promise((r) => c.once('exit', r));
    },
    kill: () => {
      child?.kill('SIGKILL');
    },
  };
}
