// A worker thread cannot load TypeScript by itself: register tsx's loader, then import the entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
