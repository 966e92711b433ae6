/**
 * The recharts form of a chart (the canvas form is StreamChart.tsx), and a chart drawn once off
 * screen while the page loads so that recharts' first draw with data costs nothing later.
 */
import { memo, useEffect, useState } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import {
  CHART_HEIGHT,
  CURSOR_COLOUR,
  GRID_COLOUR,
  PRESENT_TICK_PX,
  PRESENT_Y_AXIS_WIDTH,
  SUCCESS_COLOUR,
  TEXT_COLOUR,
  Y_AXIS_WIDTH,
  yTick,
} from './chart-constants';
import type { ChartPoint } from './chart-data';
import { MI_SERIES } from './chart-series';
import type { ChartSeries } from './StreamChart';

const fmt = (v: unknown) => (typeof v === 'number' ? v.toPrecision(4) : String(v));
const MARGIN = { top: 4, right: 12, bottom: 0, left: 0 };
/*
 * Tick label props, spread over the axis's own. `width: undefined` drops the axis width that recharts
 * hands every tick label: given a width, its Text measures each word in the DOM to wrap lines (a forced
 * layout per new label: ~15 ms over the four charts when a run ends, measured), and a one-word label
 * never wraps. fontSize and letterSpacing stay here: the grid places its lines by measuring the labels
 * with them, and with the axis's own (computed: 'normal') letterSpacing its measurements share
 * recharts' size cache with the axis's instead of measuring every label a second time.
 */
const TICK = { fill: TEXT_COLOUR, fontSize: 11, letterSpacing: 'normal', width: undefined };
const PRESENT_TICK = {
  fill: TEXT_COLOUR,
  fontSize: PRESENT_TICK_PX,
  letterSpacing: 'normal',
  width: undefined,
};
const X_DOMAIN = ['dataMin', 'dataMax'] as const;
const Y_DOMAIN = ['auto', 'auto'] as const;
const LEGEND_STYLE = { fontSize: 12 };
const PRESENT_LEGEND_STYLE = { fontSize: PRESENT_TICK_PX };
const ZERO_LABEL = {
  value: 'success below',
  fill: SUCCESS_COLOUR,
  fontSize: 11,
  position: 'insideBottomRight',
} as const;

export interface ChartFrameProps {
  readonly data: readonly ChartPoint[];
  readonly marks: readonly number[];
  readonly cursor: number | null;
  readonly children: React.ReactNode;
  readonly zeroLine?: boolean;
  readonly big: boolean;
}

/*
 * The parts of a chart that do not change with the data, in memoised wrappers: recharts 3 registers
 * axes, legend, tooltip and reference lines in its store from effects, and re-rendering them with
 * the data re-registers each (a store update per element); a reference line per success mark made
 * every redraw cost tens of ms. Wrapped, they re-render only when their own props change.
 */
const Axes = memo(function Axes({ zeroLine, big }: { zeroLine: boolean; big: boolean }) {
  const tick = big ? PRESENT_TICK : TICK;
  return (
    <>
      <CartesianGrid stroke={GRID_COLOUR} strokeDasharray="3 3" />
      <XAxis
        dataKey="n"
        type="number"
        domain={X_DOMAIN as unknown as [string, string]}
        allowDecimals={false}
        tick={tick}
      />
      <YAxis
        width={big ? PRESENT_Y_AXIS_WIDTH : Y_AXIS_WIDTH}
        tick={tick}
        tickFormatter={yTick}
        domain={Y_DOMAIN as unknown as [string, string]}
      />
      <Tooltip formatter={fmt} isAnimationActive={false} />
      <Legend wrapperStyle={big ? PRESENT_LEGEND_STYLE : LEGEND_STYLE} />
      {zeroLine ? (
        <ReferenceLine y={0} stroke={SUCCESS_COLOUR} strokeDasharray="4 2" label={ZERO_LABEL} />
      ) : null}
    </>
  );
});

/** `marks`: the first MAX_MARKS success starts (seriesOf's). */
const Marks = memo(function Marks({ marks }: { marks: readonly number[] }) {
  return marks.map((n) => <ReferenceLine key={n} x={n} stroke={SUCCESS_COLOUR} strokeOpacity={0.5} />);
});

const Cursor = memo(function Cursor({ x }: { x: number | null }) {
  return x === null ? null : <ReferenceLine x={x} stroke={CURSOR_COLOUR} />;
});

export function ChartFrame({ data, marks, cursor, children, zeroLine, big }: ChartFrameProps) {
  return (
    // In presentation mode the box's height is present.css's (it fits the chart to the screen).
    <ResponsiveContainer width="100%" height={big ? '100%' : CHART_HEIGHT}>
      <LineChart data={data as ChartPoint[]} margin={MARGIN} accessibilityLayer={false}>
        <Axes zeroLine={zeroLine === true} big={big} />
        <Marks marks={marks} />
        <Cursor x={cursor} />
        {children}
      </LineChart>
    </ResponsiveContainer>
  );
}

const common = { isAnimationActive: false, dot: false, type: 'linear' as const };

export function lineOf(s: ChartSeries): React.ReactElement {
  return (
    <Line
      key={s.key}
      dataKey={s.key}
      name={s.name}
      stroke={s.stroke}
      strokeWidth={s.width}
      // present.css thickens each series by its class on a projector (the canvas: --chart-line-scale).
      className={`series-${s.key}`}
      strokeDasharray={s.dash?.join(' ')}
      {...common}
    />
  );
}

/**
 * Made-up points for the warm-up chart: every series, a gap (no best I yet), successes and a margin
 * that changes sign.
 */
const WARMUP_DATA: readonly ChartPoint[] = Array.from({ length: 8 }, (_, i) => ({
  n: i + 1,
  t: i + 1,
  mi: 0.01 * Math.sin(i),
  miSmooth: 0.005 * i,
  bestMi: i < 3 ? null : 0.01 * i,
  c: 1 + 0.3 * i,
  f: 2 - i,
  linf: 0.1 * i,
  l2: 0.5 * i,
  success: i >= 3,
}));
const WARMUP_LINES = MI_SERIES.slice(2).map(lineOf);
const WARMUP_MARKS = [4];
const WARMUP_STYLE = {
  position: 'absolute',
  left: -10000,
  top: 0,
  width: 480,
  visibility: 'hidden',
} as const;

/**
 * A chart with data, drawn once while the page loads, off screen, then removed. Recharts' code for a
 * chart with data (lines, ticks, grid, marks, labels, legend) first runs here and not when the first
 * run ends: the first draw of a chart with data cost ~50 ms of main thread (measured, wasm bench),
 * the next ones 7–20 ms. The empty charts shown before a run do not run that code.
 */
export function WarmupChart() {
  const [done, setDone] = useState(false);
  useEffect(() => {
    // Removed once the page is idle: after recharts' own effects and the renders they cause.
    if (typeof requestIdleCallback === 'function') {
      const id = requestIdleCallback(
        () => {
          setDone(true);
        },
        { timeout: 2000 },
      );
      return () => {
        cancelIdleCallback(id);
      };
    }
    const id = setTimeout(() => {
      setDone(true);
    }, 500);
    return () => {
      clearTimeout(id);
    };
  }, []);
  if (done) return null;
  return (
    <div style={WARMUP_STYLE} aria-hidden="true">
      <LineChart
        width={480}
        height={CHART_HEIGHT}
        data={WARMUP_DATA as ChartPoint[]}
        margin={MARGIN}
        accessibilityLayer={false}
      >
        <Axes zeroLine big={false} />
        <Marks marks={WARMUP_MARKS} />
        {WARMUP_LINES}
      </LineChart>
    </div>
  );
}
