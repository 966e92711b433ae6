import { readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { securityHeaders } from '../src/site/headers';

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

/**
 * A static host for the built app (dist/, which the e2e web server has just built) whose files a
 * test can replace while it runs, as a deploy would: the preview server cannot be changed under the
 * other specs. Sends the app's headers, like the preview server.
 */
export class DeployServer {
  readonly overrides = new Map<string, string>();
  private server: Server | null = null;

  async start(root = 'dist'): Promise<string> {
    this.server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://host').pathname;
      const name = path === '/' ? 'index.html' : decodeURIComponent(path.slice(1));
      const override = this.overrides.get(name);
      let body: string | Buffer;
      try {
        const file = normalize(join(root, name));
        if (!file.startsWith(normalize(root)) || !statSync(file).isFile()) throw new Error('not a file');
        body = override ?? readFileSync(file);
      } catch {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, {
        ...securityHeaders('build'),
        'Content-Type': TYPES[extname(name)] ?? 'application/octet-stream',
        'Cache-Control': 'no-cache',
      });
      res.end(body);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
