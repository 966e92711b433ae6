import { memo, useEffect, useMemo, useState } from 'react';
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
import type { Method } from '../worker/protocol';
import {
  CURSOR_COLOUR,
  GRID_COLOUR,
  MAX_MARKS,
  PRESENT_Y_AXIS_WIDTH,
  SUCCESS_COLOUR,
  TEXT_COLOUR,
  Y_AXIS_WIDTH,
  yTick,
} from './chart-constants';
import { chartPoints, downsample, successStarts, type ChartPoint } from './chart-data';
import { chartCursor } from './display';
import { useRunStore, type Trace } from './run-store';
import { useViewStore } from './store';
import { StreamChart, type ChartSeries } from './StreamChart';
import { useRunTick } from './use-trace-tick';

const MAX_POINTS = 400;
const HEIGHT = 180;
/** Presentation mode: taller charts and larger ticks, read from the back of a lecture room. */
const PRESENT_HEIGHT = 260;
/** The charts swap forms (canvas ↔ recharts) at four phases spread over this many ms. */
const REDRAW_MS = 400;
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
const PRESENT_TICK = { fill: TEXT_COLOUR, fontSize: 15, letterSpacing: 'normal', width: undefined };
const X_DOMAIN = ['dataMin', 'dataMax'] as const;
const Y_DOMAIN = ['auto', 'auto'] as const;
const LEGEND_STYLE = { fontSize: 12 };
const PRESENT_LEGEND_STYLE = { fontSize: 16 };
const ZERO_LABEL = {
  value: 'success below',
  fill: SUCCESS_COLOUR,
  fontSize: 11,
  position: 'insideBottomRight',
} as const;

interface ChartFrameProps {
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

function ChartFrame({ data, marks, cursor, children, zeroLine, big }: ChartFrameProps) {
  return (
    <ResponsiveContainer width="100%" height={big ? PRESENT_HEIGHT : HEIGHT}>
      <LineChart data={data as ChartPoint[]} margin={MARGIN}>
        <Axes zeroLine={zeroLine === true} big={big} />
        <Marks marks={marks} />
        <Cursor x={cursor} />
        {children}
      </LineChart>
    </ResponsiveContainer>
  );
}

const common = { isAnimationActive: false, dot: false, type: 'linear' as const };

interface Series {
  readonly data: readonly ChartPoint[];
  readonly marks: readonly number[];
}

let cached: { revision: number; series: Series } | null = null;

/**
 * The drawn series of the trace as it stands, shared by the four charts (the trace grows in place):
 * the same object while the chart points have not changed, new arrays once they have.
 */
function seriesOf(trace: Trace): Series {
  const all = chartPoints.of(trace.records);
  if (cached?.revision === chartPoints.revision) return cached.series;
  const marks = successStarts(all, MAX_MARKS);
  const before = cached?.series.marks ?? null;
  const same = before !== null && before.length === marks.length && before.every((n, i) => n === marks[i]);
  // The same marks keep their array, so that the memoised reference lines stay put.
  const series = { data: downsample(all, MAX_POINTS), marks: same ? before : marks };
  cached = { revision: chartPoints.revision, series };
  return series;
}

interface LiveChartProps {
  /** Moves when the chart should take the trace as it stands (useRunTick's `settled`). */
  readonly settled: number;
  readonly lines: readonly React.ReactElement[];
  readonly zeroLine?: boolean;
  readonly big: boolean;
}

/**
 * The recharts form of a chart: drawn when a run pauses, steps or ends, and when the timeline's
 * cursor moves; never while a run streams (a redraw costs 30–60 ms; the canvas form covers it then).
 * Series are thinned to MAX_POINTS for drawing.
 */
const LiveChart = memo(function LiveChart({ settled, lines, zeroLine, big }: LiveChartProps) {
  // The record the images show: under the timeline's cursor, or the returned one.
  const cursor = useRunStore(chartCursor);
  // settled stands for the trace's growth (its arrays grow in place); the trace is read only then,
  // so that a new run's empty trace does not redraw the hidden chart either.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const { data, marks } = useMemo(() => seriesOf(useRunStore.getState().trace), [settled]);
  return (
    <ChartFrame
      data={data}
      marks={marks}
      cursor={cursor === null ? null : cursor + 1}
      zeroLine={zeroLine}
      big={big}
    >
      {lines}
    </ChartFrame>
  );
});

interface ChartSlotProps {
  readonly title: string;
  readonly testId: string;
  /** When, within each REDRAW_MS, this chart swaps form or redraws: the four take turns. */
  readonly phase: number;
  readonly series: readonly ChartSeries[];
  /** The series as recharts lines (linesOf). */
  readonly lines: readonly React.ReactElement[];
  readonly zeroLine?: boolean;
  readonly bestKey?: ChartSeries['key'];
  /** Presentation mode. */
  readonly big: boolean;
}

/**
 * One chart: a canvas while the run streams, recharts otherwise (paused, done, idle: tooltips, the
 * visual baseline). Recharts stays mounted under the canvas, hidden and not redrawn, because mounting
 * it again costs more (60–110 ms) than one redraw; each chart swaps at its own phase, in its own task.
 */
function ChartSlot({ title, testId, phase, series, lines, zeroLine, bestKey, big }: ChartSlotProps) {
  const { settled, running } = useRunTick(REDRAW_MS, phase);
  return (
    <figure className="chart" data-testid={testId} data-renderer={running ? 'canvas' : 'recharts'}>
      <figcaption>{title}</figcaption>
      <div className="chart-body">
        <div className={running ? 'chart-covered' : undefined} aria-hidden={running ? true : undefined}>
          <LiveChart settled={settled} lines={lines} zeroLine={zeroLine} big={big} />
        </div>
        {running ? (
          <StreamChart
            title={title}
            series={series}
            height={big ? PRESENT_HEIGHT : HEIGHT}
            zeroLine={zeroLine}
            bestKey={bestKey}
          />
        ) : null}
      </div>
    </figure>
  );
}

function lineOf(s: ChartSeries): React.ReactElement {
  return (
    <Line
      key={s.key}
      dataKey={s.key}
      name={s.name}
      stroke={s.stroke}
      strokeWidth={s.width}
      strokeDasharray={s.dash?.join(' ')}
      {...common}
    />
  );
}

const MI_SERIES: readonly ChartSeries[] = [
  { key: 'mi', name: 'I raw', stroke: '#9bb7d4', width: 1 },
  { key: 'miSmooth', name: 'I smoothed', stroke: '#0b5394', width: 2 },
  { key: 'bestMi', name: 'best I*', stroke: SUCCESS_COLOUR, width: 2, dash: [5, 3] },
];
const C_SERIES: readonly ChartSeries[] = [{ key: 'c', name: 'c', stroke: '#6a3d9a', width: 2 }];
const F_SERIES: readonly ChartSeries[] = [{ key: 'f', name: 'f', stroke: '#b2182b', width: 2 }];
const NORM_SERIES: readonly ChartSeries[] = [
  { key: 'linf', name: '‖δ‖∞', stroke: '#a6611a', width: 2 },
  { key: 'l2', name: '‖δ‖₂', stroke: '#01665e', width: 2 },
];
const MI_LINES = MI_SERIES.map(lineOf);
const C_LINES = C_SERIES.map(lineOf);
const F_LINES = F_SERIES.map(lineOf);
const NORM_LINES = NORM_SERIES.map(lineOf);

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
const WARMUP_LINES = MI_LINES.slice(2);
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
function WarmupChart() {
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
      <LineChart width={480} height={HEIGHT} data={WARMUP_DATA as ChartPoint[]} margin={MARGIN}>
        <Axes zeroLine big={false} />
        <Marks marks={WARMUP_MARKS} />
        {WARMUP_LINES}
      </LineChart>
    </div>
  );
}

/** What the MI and c charts show for a method: not every attack has a critic or a dual variable. */
function titlesFor(method: Method, unsupervised: boolean): { mi: string; c: string } {
  const mi = unsupervised
    ? 'MINE estimate I(x, x′), pushed DOWN: raw, smoothed, best (smallest positive) among successes'
    : 'MINE estimate I(x, x′): raw, smoothed, best among successes';
  switch (method) {
    case 'pgd':
      return {
        mi: 'MINE estimate I(x, x′): none per iteration, PGD trains no critic (I* of the result is measured after the run)',
        c: 'c: none, PGD takes sign steps on f alone (0)',
      };
    case 'l2-uae':
      return {
        mi: 'MINE estimate I(x, x′): none, L2-UAE penalises ‖δ‖₂² instead of I',
        c: 'Penalty weight c: fixed in each step of the binary search',
      };
    case 'penalty':
      return { mi, c: 'Penalty weight c: fixed in each step of the binary search' };
    default:
      return { mi, c: 'Dual variable c' };
  }
}

/**
 * The four live charts; this shell re-renders only when the task, the run's method or presentation
 * mode changes.
 */
export function Charts() {
  const unsupervised = useRunStore((s) => s.settings.task === 'unsupervised');
  // The run's own method while its trace is shown; before any run, the one chosen.
  const method = useRunStore((s) => s.runSettings?.method ?? s.settings.method);
  const titles = titlesFor(method, unsupervised);
  const big = useViewStore((s) => s.present);
  // The charts swap forms one after another, in tasks of their own, the smallest first and the MI
  // chart (three lines) last.
  const step = REDRAW_MS / 4;
  return (
    <section className="panel" aria-labelledby="charts-heading">
      <h2 id="charts-heading">Live charts</h2>
      <p className="muted small" role="note">
        MI values are estimates of a lower bound (Donsker–Varadhan) from a critic trained with a tiny learning
        rate: compare them within a run, not as absolute nats. Green vertical lines: where successful
        iterations begin.
        {unsupervised
          ? ' Unsupervised: the attack pushes I DOWN (the UAE is the x′ least like x that the autoencoder still reconstructs as well as x); the best iterate is the success with the smallest positive I.'
          : ''}
      </p>
      <WarmupChart />
      <div className="charts">
        <ChartSlot
          title={titles.mi}
          testId="mi-chart"
          phase={3 * step}
          series={MI_SERIES}
          lines={MI_LINES}
          bestKey="bestMi"
          big={big}
        />
        <ChartSlot title={titles.c} testId="c-chart" phase={0} series={C_SERIES} lines={C_LINES} big={big} />
        <ChartSlot
          title={
            unsupervised
              ? 'Criterion f = ‖x − AE(x′)‖² − ‖x − AE(x)‖² (success when f ≤ 0)'
              : 'Margin f (success when f ≤ 0)'
          }
          testId="f-chart"
          phase={step}
          series={F_SERIES}
          lines={F_LINES}
          zeroLine
          big={big}
        />
        <ChartSlot
          title="Size of δ: ‖δ‖∞ and ‖δ‖₂"
          testId="norm-chart"
          phase={2 * step}
          series={NORM_SERIES}
          lines={NORM_LINES}
          big={big}
        />
      </div>
    </section>
  );
}
