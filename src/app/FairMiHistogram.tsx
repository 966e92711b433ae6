import { histogram } from './evidence-export';

const W = 420;
const H = 200;
const PAD = { left: 44, right: 28, top: 12, bottom: 40 };

function tick(v: number): string {
  return Math.abs(v) >= 100 || v === 0 ? v.toFixed(0) : v.toPrecision(3);
}

/**
 * The fair MI of each successful example as a histogram (SVG, so it scales and exports crisply): x the
 * fair MI in nats, y the number of images. Its accessible name states what the bars say in numbers.
 */
export function FairMiHistogram({ values, bins = 10 }: { values: readonly number[]; bins?: number }) {
  const { lo, hi, counts } = histogram(values, bins);
  const top = Math.max(1, ...counts);
  const iw = W - PAD.left - PAD.right;
  const ih = H - PAD.top - PAD.bottom;
  const bw = iw / bins;
  const summary =
    values.length === 0
      ? 'Fair MI histogram: no successful example measured yet.'
      : `Fair MI histogram of ${values.length} successful example${values.length === 1 ? '' : 's'}, from ${tick(lo)} to ${tick(hi)} nats in ${bins} bins; counts ${counts.join(', ')}.`;
  const yTicks = [0, Math.ceil(top / 2), top].filter((v, i, a) => a.indexOf(v) === i);
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      width={W}
      height={H}
      role="img"
      aria-label={summary}
      data-testid="fair-mi-histogram"
      className="histogram"
    >
      <g transform={`translate(${PAD.left},${PAD.top})`}>
        {counts.map((c, i) => (
          <rect
            key={i}
            x={i * bw + 1}
            y={ih - (c / top) * ih}
            width={Math.max(0, bw - 2)}
            height={(c / top) * ih}
            className="histogram-bar"
          >
            <title>{`${tick(lo + (i * (hi - lo)) / bins)}–${tick(lo + ((i + 1) * (hi - lo)) / bins)} nats: ${c}`}</title>
          </rect>
        ))}
        <line x1={0} y1={ih} x2={iw} y2={ih} className="axis" />
        <line x1={0} y1={0} x2={0} y2={ih} className="axis" />
        {[0, 0.5, 1].map((f) => (
          <text key={f} x={f * iw} y={ih + 14} textAnchor="middle" className="tick">
            {tick(lo + f * (hi - lo))}
          </text>
        ))}
        {yTicks.map((v) => (
          <text key={v} x={-6} y={ih - (v / top) * ih + 4} textAnchor="end" className="tick">
            {v}
          </text>
        ))}
        <text x={iw / 2} y={ih + 32} textAnchor="middle" className="axis-label">
          fair MI (nats)
        </text>
        <text transform={`translate(-32,${ih / 2}) rotate(-90)`} textAnchor="middle" className="axis-label">
          images
        </text>
      </g>
    </svg>
  );
}
