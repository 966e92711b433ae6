import { useId } from 'react';

export interface LabChartProps {
  /** The bound's value per training step, in nats. */
  readonly values: readonly number[];
  readonly steps: number;
  /** The exact MI (a dashed line), and InfoNCE's log N ceiling (dotted) when there is one. */
  readonly truth: number;
  readonly ceiling: number | null;
}

const W = 560;
const H = 220;
const M = { top: 10, right: 12, bottom: 26, left: 48 };
/** At most this many points are drawn: the mean of each bucket of steps. */
const POINTS = 300;

function bucketMeans(values: readonly number[]): { step: number; v: number }[] {
  const size = Math.max(1, Math.ceil(values.length / POINTS));
  const out: { step: number; v: number }[] = [];
  for (let i = 0; i < values.length; i += size) {
    const chunk = values.slice(i, i + size);
    out.push({ step: i + chunk.length, v: chunk.reduce((a, b) => a + b, 0) / chunk.length });
  }
  return out;
}

/**
 * The estimate's training curve (the bound's value per step, bucketed) against the exact MI, drawn
 * as an SVG with a text summary for screen readers.
 */
export function LabChart({ values, steps, truth, ceiling }: LabChartProps) {
  const titleId = useId();
  const points = bucketMeans(values);
  const ys = [truth, 0, ...(ceiling === null ? [] : [ceiling]), ...points.map((p) => p.v)];
  const lo = Math.min(...ys);
  const hi = Math.max(...ys);
  const pad = (hi - lo) * 0.08 || 0.1;
  const [y0, y1] = [lo - pad, hi + pad];
  const x = (s: number) => M.left + ((W - M.left - M.right) * s) / Math.max(1, steps);
  const y = (v: number) => M.top + ((H - M.top - M.bottom) * (y1 - v)) / (y1 - y0);
  // A horizontal line across the plot at value v (the exact MI, the InfoNCE ceiling).
  const level = (v: number, stroke: string, dash: string) => (
    <line
      x1={M.left}
      x2={W - M.right}
      y1={y(v)}
      y2={y(v)}
      stroke={stroke}
      strokeWidth="2"
      strokeDasharray={dash}
    />
  );
  const ticks = [y0 + pad, (y0 + y1) / 2, y1 - pad];
  const last = points.at(-1);
  const summary =
    `Training curve: ${values.length} of ${steps} steps, exact MI ${truth.toFixed(4)} nats` +
    (last === undefined ? '' : `, latest value ${last.v.toFixed(4)} nats`) +
    (ceiling === null ? '' : `, InfoNCE ceiling log N = ${ceiling.toFixed(3)} nats`);
  return (
    <figure className="lab-chart">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-labelledby={titleId}
        data-testid="lab-chart"
        width="100%"
        style={{ maxWidth: W }}
      >
        <title id={titleId}>{summary}</title>
        <line x1={M.left} x2={M.left} y1={M.top} y2={H - M.bottom} stroke="currentColor" />
        <line x1={M.left} x2={W - M.right} y1={H - M.bottom} y2={H - M.bottom} stroke="currentColor" />
        {ticks.map((t) => (
          <text key={t} x={M.left - 4} y={y(t) + 4} textAnchor="end" fontSize="12" fill="currentColor">
            {t.toFixed(2)}
          </text>
        ))}
        <text x={W - M.right} y={H - 6} textAnchor="end" fontSize="12" fill="currentColor">
          step {steps}
        </text>
        <text x={M.left} y={H - 6} fontSize="12" fill="currentColor">
          0
        </text>
        {level(truth, '#1b7f3b', '6 4')}
        {ceiling === null ? null : level(ceiling, '#a33', '2 3')}
        {points.length > 1 ? (
          <polyline
            fill="none"
            stroke="#1f5fbf"
            strokeWidth="2"
            points={points.map((p) => `${x(p.step).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ')}
          />
        ) : null}
      </svg>
      <figcaption className="small">
        <span style={{ color: '#1f5fbf' }}>━</span> the bound per step (nats) ·{' '}
        <span style={{ color: '#1b7f3b' }}>╍</span> exact MI
        {ceiling === null ? null : (
          <>
            {' '}
            · <span style={{ color: '#a33' }}>┈</span> InfoNCE ceiling log N
          </>
        )}
      </figcaption>
    </figure>
  );
}
