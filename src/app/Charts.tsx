import { useMemo } from 'react';
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
import { useShallow } from 'zustand/react/shallow';
import { downsample, successStarts, toChartPoints, type ChartPoint } from './chart-data';
import { useRunStore } from './run-store';
import { useThrottled } from './use-throttled';

const MAX_POINTS = 400;
const HEIGHT = 180;
const fmt = (v: unknown) => (typeof v === 'number' ? v.toPrecision(4) : String(v));

interface ChartFrameProps {
  readonly title: string;
  readonly testId: string;
  readonly data: readonly ChartPoint[];
  readonly marks: readonly number[];
  readonly cursor: number | null;
  readonly children: React.ReactNode;
  readonly zeroLine?: boolean;
}

function ChartFrame({ title, testId, data, marks, cursor, children, zeroLine }: ChartFrameProps) {
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <ResponsiveContainer width="100%" height={HEIGHT}>
        <LineChart data={data as ChartPoint[]} margin={{ top: 4, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#ddd" strokeDasharray="3 3" />
          <XAxis
            dataKey="n"
            type="number"
            domain={['dataMin', 'dataMax']}
            allowDecimals={false}
            tick={{ fill: '#333', fontSize: 11 }}
          />
          <YAxis
            width={56}
            tick={{ fill: '#333', fontSize: 11 }}
            tickFormatter={(v: number) => v.toPrecision(2)}
            domain={['auto', 'auto']}
          />
          <Tooltip formatter={fmt} isAnimationActive={false} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {zeroLine === true ? (
            <ReferenceLine
              y={0}
              stroke="#17612a"
              strokeDasharray="4 2"
              label={{ value: 'success below', fill: '#17612a', fontSize: 11, position: 'insideBottomRight' }}
            />
          ) : null}
          {marks.slice(0, 20).map((n) => (
            <ReferenceLine key={n} x={n} stroke="#17612a" strokeOpacity={0.5} />
          ))}
          {cursor === null ? null : <ReferenceLine x={cursor} stroke="#7a0c0c" />}
          {children}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** Live charts of the streamed trace, recomputed at most ~10 times a second. */
export function Charts() {
  // version is selected so that the chart re-renders as the trace grows.
  const { trace, cursor, task } = useRunStore(
    useShallow((s) => ({ trace: s.trace, version: s.version, cursor: s.cursor, task: s.settings.task })),
  );
  const unsupervised = task === 'unsupervised';
  // Charts redraw ~10 times a second however fast records arrive; the count is what they show.
  const shownCount = useThrottled(trace.records.length, 100);
  const { data, marks } = useMemo(() => {
    const all = toChartPoints(trace.records.slice(0, shownCount));
    return { data: downsample(all, MAX_POINTS), marks: successStarts(all) };
  }, [trace, shownCount]);
  const cursorN = cursor === null ? null : cursor + 1;
  const common = { isAnimationActive: false, dot: false, type: 'linear' as const };

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
      <div className="charts">
        <ChartFrame
          title={
            unsupervised
              ? 'MINE estimate I(x, x′), pushed DOWN: raw, smoothed, best (smallest positive) among successes'
              : 'MINE estimate I(x, x′): raw, smoothed, best among successes'
          }
          testId="mi-chart"
          data={data}
          marks={marks}
          cursor={cursorN}
        >
          <Line dataKey="mi" name="I raw" stroke="#9bb7d4" strokeWidth={1} {...common} />
          <Line dataKey="miSmooth" name="I smoothed" stroke="#0b5394" strokeWidth={2} {...common} />
          <Line
            dataKey="bestMi"
            name="best I*"
            stroke="#17612a"
            strokeWidth={2}
            strokeDasharray="5 3"
            {...common}
          />
        </ChartFrame>
        <ChartFrame title="Dual variable c" testId="c-chart" data={data} marks={marks} cursor={cursorN}>
          <Line dataKey="c" name="c" stroke="#6a3d9a" strokeWidth={2} {...common} />
        </ChartFrame>
        <ChartFrame
          title={
            unsupervised
              ? 'Criterion f = ‖x − AE(x′)‖² − ‖x − AE(x)‖² (success when f ≤ 0)'
              : 'Margin f (success when f ≤ 0)'
          }
          testId="f-chart"
          data={data}
          marks={marks}
          cursor={cursorN}
          zeroLine
        >
          <Line dataKey="f" name="f" stroke="#b2182b" strokeWidth={2} {...common} />
        </ChartFrame>
        <ChartFrame
          title="Size of δ: ‖δ‖∞ and ‖δ‖₂"
          testId="norm-chart"
          data={data}
          marks={marks}
          cursor={cursorN}
        >
          <Line dataKey="linf" name="‖δ‖∞" stroke="#a6611a" strokeWidth={2} {...common} />
          <Line dataKey="l2" name="‖δ‖₂" stroke="#01665e" strokeWidth={2} {...common} />
        </ChartFrame>
      </div>
    </section>
  );
}
