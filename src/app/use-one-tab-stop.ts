import { useEffect, type RefObject } from 'react';

/**
 * Keeps everything inside `ref` out of the Tab order, so the element itself is the one stop.
 * Recharts' layer groups (`<g class="recharts-zIndex-layer_…">`) are Tab stops in Chromium, three or
 * four per chart, whatever its accessibility layer says; they come and go as the chart redraws, so
 * each new one is given tabindex=-1 as it appears (it stays focusable by mouse, tooltips unchanged).
 */
export function useOneTabStop(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const root = ref.current;
    if (root === null) return;
    const settle = () => {
      for (const g of root.querySelectorAll('svg g:not([tabindex])')) g.setAttribute('tabindex', '-1');
    };
    settle();
    const watch = new MutationObserver(settle);
    watch.observe(root, { childList: true, subtree: true });
    return () => {
      watch.disconnect();
    };
  }, [ref]);
}
