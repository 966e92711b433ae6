import { memo, useEffect, useId, useRef } from 'react';
import {
  CURSOR_COLOUR,
  GRID_COLOUR,
  MAX_MARKS,
  SUCCESS_COLOUR,
  TEXT_COLOUR,
  Y_AXIS_WIDTH,
  yTick,
} from './chart-constants';
import { chartPoints, successStarts, type ChartPoint } from './chart-data';
import { useRunStore } from './run-store';
import { BUCKET, decimate, extentOfColumns, niceTicks, scale } from './stream-scale';

/** A line of a chart, shared by the canvas chart and the recharts one so both draw the same thing. */
export interface ChartSeries {
  readonly key: 'mi' | 'miSmooth' | 'bestMi' | 'c' | 'f' | 'linf' | 'l2';
  readonly name: string;
  readonly stroke: string;
  readonly width: number;
  readonly dash?: readonly number[];
}

export interface StreamChartProps {
  /** The chart's title, for the canvas's accessible name. */
  readonly title: string;
  readonly series: readonly ChartSeries[];
  /**
   * Height of the whole chart, legend included (the recharts chart's, so swapping does not shift the
   * page); undefined: the chart fills its box, whose height CSS sets (presentation mode).
   */
  readonly height?: number;
  readonly zeroLine?: boolean;
  /** The series whose latest value gets a marker where it was reached (best I* so far). */
  readonly bestKey?: ChartSeries['key'];
}

/** The margins at the default tick size (BASE_FONT_PX); a larger tick font widens them in proportion. */
const MARGIN = { top: 6, right: 12, bottom: 20, left: Y_AXIS_WIDTH };
const BASE_FONT_PX = 11;
/** The accessible summary changes at most this often: a text node per frame would cost layout for nothing. */
const SUMMARY_MS = 1000;
/** What draw needs of the props. */
type Look = Pick<StreamChartProps, 'series' | 'zeroLine' | 'bestKey'>;

interface Size {
  readonly css: { w: number; h: number };
  readonly dpr: number;
  readonly font: string;
  /** The canvas's font size over BASE_FONT_PX: margins grow with it. */
  readonly grow: number;
  /** Line widths times this (CSS --chart-line-scale: thicker lines on a projector). */
  readonly lineScale: number;
}

function draw(
  ctx: CanvasRenderingContext2D,
  size: Size,
  points: readonly ChartPoint[],
  cursor: number | null,
  props: Look,
  buffers: Float64Array[],
): void {
  const { w, h } = size.css;
  ctx.setTransform(size.dpr, 0, 0, size.dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  const g = size.grow;
  const plotW = Math.max(1, w - (MARGIN.left + MARGIN.right) * g);
  const plotH = Math.max(1, h - (MARGIN.top + MARGIN.bottom) * g);
  const left = MARGIN.left * g;
  const top = MARGIN.top * g;
  const n0 = points.length > 0 ? points[0]!.n : 1;
  const n1 = points.length > 0 ? points.at(-1)!.n : 1;
  const xt = niceTicks(n0, n1, 6, true);
  const x = scale(n0, n1 === n0 ? n0 + 1 : n1, left, left + plotW);

  // Each line thinned to one column per CSS pixel of the plot; the columns give the y extent.
  const lines = props.series.map((s, j) => {
    const d = decimate(
      points.length,
      (i) => points[i]!.n,
      (i) => points[i]![s.key],
      n0,
      n1,
      plotW,
      buffers[j],
    );
    buffers[j] = d.data;
    return d;
  });
  const ext = extentOfColumns(lines);
  const yt = niceTicks(ext?.min ?? 0, ext?.max ?? 1, 4);
  const y = scale(yt.min, yt.max, top + plotH, top);

  ctx.font = size.font;
  ctx.lineWidth = 1;
  // Grid and tick labels.
  ctx.strokeStyle = GRID_COLOUR;
  ctx.setLineDash([3, 3]);
  ctx.beginPath();
  for (const v of yt.values) {
    const py = Math.round(y(v)) + 0.5;
    ctx.moveTo(left, py);
    ctx.lineTo(left + plotW, py);
  }
  const xTicks = xt.values.filter((v) => v >= n0 && v <= n1);
  for (const v of xTicks) {
    const px = Math.round(x(v)) + 0.5;
    ctx.moveTo(px, top);
    ctx.lineTo(px, top + plotH);
  }
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.fillStyle = TEXT_COLOUR;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const v of yt.values) ctx.fillText(yTick(v), left - 6, y(v));
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const v of xTicks) ctx.fillText(String(v), x(v), top + plotH + 4);

  // Where runs of successes begin, the f ≤ 0 line, and the timeline's cursor.
  ctx.strokeStyle = SUCCESS_COLOUR;
  ctx.globalAlpha = 0.5;
  ctx.beginPath();
  for (const n of successStarts(points, MAX_MARKS)) {
    const px = Math.round(x(n)) + 0.5;
    ctx.moveTo(px, top);
    ctx.lineTo(px, top + plotH);
  }
  ctx.stroke();
  ctx.globalAlpha = 1;
  if (props.zeroLine === true && yt.min <= 0 && yt.max >= 0) {
    const py = Math.round(y(0)) + 0.5;
    ctx.setLineDash([4, 2]);
    ctx.beginPath();
    ctx.moveTo(left, py);
    ctx.lineTo(left + plotW, py);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = SUCCESS_COLOUR;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'top';
    ctx.fillText('success below', left + plotW - 4, py + 3);
  }
  if (cursor !== null && cursor >= n0 && cursor <= n1) {
    ctx.strokeStyle = CURSOR_COLOUR;
    ctx.beginPath();
    ctx.moveTo(Math.round(x(cursor)) + 0.5, top);
    ctx.lineTo(Math.round(x(cursor)) + 0.5, top + plotH);
    ctx.stroke();
  }

  // The lines.
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top - 2, plotW, plotH + 4);
  ctx.clip();
  const colX = scale(0, Math.max(1, Math.floor(plotW) - 1), left, left + plotW);
  props.series.forEach((s, j) => {
    const d = lines[j]!;
    ctx.strokeStyle = s.stroke;
    ctx.lineWidth = s.width * size.lineScale;
    ctx.lineJoin = 'round';
    ctx.setLineDash(s.dash ?? []);
    ctx.beginPath();
    for (let k = 0; k < d.count; k++) {
      const o = k * BUCKET.size;
      const px = colX(d.data[o + BUCKET.col]!);
      const first = y(d.data[o + BUCKET.first]!);
      if (k === 0 || d.data[o + BUCKET.broken] === 1) ctx.moveTo(px, first);
      else ctx.lineTo(px, first);
      ctx.lineTo(px, y(d.data[o + BUCKET.min]!));
      ctx.lineTo(px, y(d.data[o + BUCKET.max]!));
      ctx.lineTo(px, y(d.data[o + BUCKET.last]!));
    }
    ctx.stroke();
  });
  ctx.setLineDash([]);
  ctx.restore();

  // The best value so far, marked where it was reached.
  const best = bestPoint(points, props.bestKey);
  if (best !== null) {
    const px = x(best.n);
    const py = y(best.value);
    ctx.fillStyle = SUCCESS_COLOUR;
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.arc(px, py, 4.5, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
    ctx.textAlign = px > left + plotW / 2 ? 'right' : 'left';
    ctx.textBaseline = 'bottom';
    ctx.fillText(`I* ${best.value.toPrecision(3)}`, px + (ctx.textAlign === 'right' ? -7 : 7), py - 3);
  }
}

/** The latest value of `key` and the first position where it took that value. */
function bestPoint(
  points: readonly ChartPoint[],
  key: ChartSeries['key'] | undefined,
): { n: number; value: number } | null {
  if (key === undefined || points.length === 0) return null;
  const value = points.at(-1)![key];
  if (value === null || !Number.isFinite(value)) return null;
  let i = points.length - 1;
  while (i > 0 && points[i - 1]![key] === value) i--;
  return { n: points[i]!.n, value };
}

function summaryOf(points: readonly ChartPoint[], series: readonly ChartSeries[]): string {
  const last = points.at(-1);
  if (last === undefined) return 'No iterations yet.';
  const parts = series.map((s) => {
    const v = last[s.key];
    return `${s.name} ${v === null || !Number.isFinite(v) ? 'none' : v.toPrecision(3)}`;
  });
  const successes = points.reduce((k, p) => k + (p.success ? 1 : 0), 0);
  return `Record ${last.n}: ${parts.join(', ')}; ${successes} successful iterations so far.`;
}

/**
 * The chart as a canvas while a run streams: recharts spends 30–60 ms of the main thread per redraw,
 * this one about a millisecond, so it can follow every frame. It never re-renders through React: it
 * listens to the run store itself and draws at most once per animation frame, into the same canvas,
 * with each line thinned to one column per pixel. It covers the recharts chart, which takes over once
 * the run pauses or ends (tooltips, the visual baseline).
 */
export const StreamChart = memo(function StreamChart(props: StreamChartProps) {
  const { title, series, height, zeroLine, bestKey } = props;
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const summaryRef = useRef<HTMLParagraphElement>(null);
  const summaryId = useId();

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d') ?? null;
    if (canvas === null || ctx === null) return;
    const look: Look = { series, zeroLine, bestKey };
    let size: Size | null = null;
    let frame: number | null = null;
    // Decimation buffers, one per line, reused from frame to frame.
    const buffers: Float64Array[] = [];
    let lastSummary = -Infinity;
    const paint = (): void => {
      frame = null;
      if (size === null || size.css.w === 0) return;
      const { trace, cursor } = useRunStore.getState();
      const points = chartPoints.of(trace.records);
      draw(ctx, size, points, cursor === null ? null : cursor + 1, look, buffers);
      const now = performance.now();
      if (now - lastSummary >= SUMMARY_MS && summaryRef.current !== null) {
        lastSummary = now;
        summaryRef.current.textContent = summaryOf(points, series);
      }
    };
    const schedule = (): void => {
      frame ??= requestAnimationFrame(paint);
    };
    const resize = new ResizeObserver(() => {
      const w = canvas.clientWidth;
      const h = canvas.clientHeight;
      const dpr = window.devicePixelRatio || 1;
      // Resizing the backing store clears it, so it happens only when the box really changed.
      if (size === null || size.css.w !== w || size.css.h !== h || size.dpr !== dpr) {
        const style = getComputedStyle(canvas);
        const lineScale = Number.parseFloat(style.getPropertyValue('--chart-line-scale'));
        size = {
          css: { w, h },
          dpr,
          font: `${style.fontSize} ${style.fontFamily}`,
          grow: Math.max(1, Number.parseFloat(style.fontSize) / BASE_FONT_PX),
          lineScale: Number.isFinite(lineScale) && lineScale > 0 ? lineScale : 1,
        };
        canvas.width = Math.round(w * dpr);
        canvas.height = Math.round(h * dpr);
      }
      schedule();
    });
    resize.observe(canvas);
    const unsubscribe = useRunStore.subscribe((s, prev) => {
      if (s.version !== prev.version || s.trace !== prev.trace || s.cursor !== prev.cursor) schedule();
    });
    return () => {
      unsubscribe();
      resize.disconnect();
      if (frame !== null) cancelAnimationFrame(frame);
    };
  }, [series, zeroLine, bestKey]);

  return (
    <div className="stream-chart" style={{ height }}>
      <canvas ref={canvasRef} role="img" aria-label={`${title}, live`} aria-describedby={summaryId} />
      <ul className="stream-legend" aria-hidden="true">
        {series.map((s) => (
          <li key={s.key}>
            <svg width="18" height="8" aria-hidden="true">
              <line
                x1="0"
                y1="4"
                x2="18"
                y2="4"
                stroke={s.stroke}
                strokeWidth={Math.max(2, s.width)}
                strokeDasharray={s.dash?.join(' ')}
              />
            </svg>
            {s.name}
          </li>
        ))}
      </ul>
      <p id={summaryId} ref={summaryRef} className="visually-hidden">
        No iterations yet.
      </p>
    </div>
  );
});
