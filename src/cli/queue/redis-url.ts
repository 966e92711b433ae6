/** `--redis URL`: redis://[user:password@]host[:port][/db] or rediss:// (TLS), checked before connecting. */
import { UsageError } from '../args';

export interface RedisTarget {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  tls: boolean;
  /** The URL without its password, for messages and logs. */
  shown: string;
}

export function parseRedisUrl(text: string): RedisTarget {
  const bad = (why: string) =>
    new UsageError(`--redis must be redis://[user:password@]host[:port][/db] (or rediss:// for TLS): ${why}`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw bad(`'${text}' is not a URL`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:')
    throw bad(`its scheme is '${url.protocol.replace(/:$/, '')}'`);
  if (url.hostname === '') throw bad('it names no host');
  const port = url.port === '' ? 6379 : Number(url.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw bad(`port ${url.port}`);
  const path = url.pathname.replace(/^\//, '');
  if (path !== '' && !/^\d{1,2}$/.test(path))
    throw bad(`the database must be a number (/0 … /15), got '/${path}'`);
  if (url.search !== '' || url.hash !== '') throw bad('it has a query or fragment this tool does not read');
  const shown = `${url.protocol}//${url.username === '' ? '' : `${url.username}@`}${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    db: path === '' ? 0 : Number(path),
    ...(url.username === '' ? {} : { username: decodeURIComponent(url.username) }),
    ...(url.password === '' ? {} : { password: decodeURIComponent(url.password) }),
    tls: url.protocol === 'rediss:',
    shown,
  };
}

/** A run's id names its jobs and its record: short, and safe in a Redis key and a job id. */
export function checkRunId(id: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id))
    throw new UsageError(`--run-id must be 1–64 letters, digits, '-' or '_', got '${id}'`);
  return id;
}
