/**
 * The four live charts (I, c, f, the size of δ), each a canvas while a run streams and recharts
 * otherwise; what they draw is chart-series.ts's, the recharts form RechartsChart.tsx's.
 */
import { memo, useMemo, useRef } from 'react';
import { CHART_HEIGHT } from './chart-constants';
import { C_SERIES, F_SERIES, MI_SERIES, NORM_SERIES, seriesOf, titlesFor } from './chart-series';
import { chartCursor } from './display';
import { ChartFrame, lineOf, WarmupChart } from './RechartsChart';
import { useRunStore } from './run-store';
import { useViewStore } from './store';
import { StreamChart, type ChartSeries } from './StreamChart';
import { useOneTabStop } from './use-one-tab-stop';
import { useRunTick } from './use-trace-tick';

/** The charts swap forms (canvas ↔ recharts) at four phases spread over this many ms. */
const REDRAW_MS = 400;

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
 * Series are thinned for drawing (seriesOf).
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
            height={big ? undefined : CHART_HEIGHT}
            zeroLine={zeroLine}
            bestKey={bestKey}
          />
        ) : null}
      </div>
    </figure>
  );
}

const MI_LINES = MI_SERIES.map(lineOf);
const C_LINES = C_SERIES.map(lineOf);
const F_LINES = F_SERIES.map(lineOf);
const NORM_LINES = NORM_SERIES.map(lineOf);

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
  const group = useRef<HTMLDivElement>(null);
  useOneTabStop(group);
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
      {/* One Tab stop for the four charts (their SVGs take none: useOneTabStop), named for what they show. */}
      <div
        ref={group}
        className="charts"
        role="group"
        tabIndex={0}
        aria-label="Live charts: the MINE estimate I, the weight c, the criterion f and the size of δ, by iteration"
        data-testid="charts-group"
      >
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
