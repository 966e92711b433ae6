import type { Page } from '@playwright/test';
import { expect } from '@playwright/test';

export const BACKEND = /^(webgpu|webgl|wasm|cpu)$/;

/** Opens the shell and waits until the worker has reported (status leaves "starting"). */
export async function openShell(page: Page, query = ''): Promise<{ pageErrors: Error[] }> {
  const pageErrors: Error[] = [];
  page.on('pageerror', (e) => pageErrors.push(e));
  await page.goto(`/${query}`);
  await expect(page.getByTestId('status')).not.toHaveText('starting');
  return { pageErrors };
}

/** What the page itself sees of WebGPU and WebGL: tells a software GPU from a real one. */
export async function pageGpu(page: Page): Promise<{ webgpu: string | null; webgl: string | null }> {
  return page.evaluate(async () => {
    const gpu = (
      navigator as unknown as {
        gpu?: { requestAdapter(): Promise<{ info?: { architecture?: string } } | null> };
      }
    ).gpu;
    const adapter = gpu === undefined ? null : await gpu.requestAdapter();
    const gl = document.createElement('canvas').getContext('webgl2');
    const debug = gl?.getExtension('WEBGL_debug_renderer_info');
    const renderer =
      gl === null ? null : String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    return { webgpu: adapter === null ? null : (adapter.info?.architecture ?? ''), webgl: renderer };
  });
}
