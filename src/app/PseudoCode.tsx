import { useShallow } from 'zustand/react/shallow';
import './pseudo-code.css';
import type { PhaseValues } from '../core/attacks/phases';
import { METHOD_TRAITS, methodName } from '../core/vocabulary';
import type { PhaseMessage } from '../worker/protocol';
import { ALGORITHM_1, MINE_ALGORITHM, linesOf, mineLinesOf, type AlgorithmLine } from './algorithm-text';
import { chartCursor } from './display';
import { replayedPhases } from './replay-phases';
import { useRunStore, type RunStoreState } from './run-store';

const num = (v: number | null | undefined): string =>
  v === null || v === undefined
    ? '–'
    : Math.abs(v) >= 1e-3 || v === 0
      ? v.toPrecision(4)
      : v.toExponential(2);

/** What a line computed in the latest step, inline beside it. */
function valuesAt(line: number, heard: ReadonlyMap<number, PhaseValues>): string | null {
  const v = heard.get(line);
  if (v === undefined) return null;
  switch (line) {
    case 3:
      return `t = ${v.t}`;
    case 4:
      return `α = ${num(v.alpha)}, c = ${num(v.c)}`;
    case 5:
      return `ε = ${num(v.eps)}`;
    case 7:
      return `I = ${num(v.mi)}, f = ${num(v.f)}, ‖δ‖∞ = ${num(v.linf)}${v.trained === false ? ' (θ frozen)' : ''}`;
    case 8:
      return `c = ${num(v.c)} (f⁺ = ${num(v.fPlus)})`;
    case 10:
      return v.success === true ? 'success' : 'no success';
    case 11:
      return v.took === true ? `δ* updated, I* = ${num(v.bestMi)}` : `kept, I* = ${num(v.bestMi)}`;
    default:
      return null;
  }
}

/** The latest step's phases as the lines they covered (with their values) and the line it stands at. */
function walk(phases: readonly PhaseMessage[]) {
  const heard = new Map<number, PhaseValues>();
  for (const p of phases) for (const n of linesOf(p.phase)) heard.set(n, p.values);
  const last = phases.at(-1);
  const critic = phases.find((p) => p.phase === 'critic-step');
  return {
    heard,
    current: last === undefined ? null : linesOf(last.phase)[0]!,
    mine: critic === undefined ? [] : mineLinesOf(critic.values.trained !== false),
    mineCurrent: last?.phase === 'critic-step',
    last,
  };
}

function Lines({
  lines,
  uae,
  visited,
  current,
  values,
  label,
  marksStep = true,
}: {
  lines: readonly AlgorithmLine[];
  uae: boolean;
  visited: (n: number) => boolean;
  current: number | null;
  values: (n: number) => string | null;
  label: string;
  /** The page's one aria-current step is Algorithm 1's line; MINE's is only styled. */
  marksStep?: boolean;
}) {
  return (
    <ol className="algorithm" aria-label={label}>
      {lines.map((l) => {
        const shown = values(l.n);
        return (
          <li
            key={l.n}
            data-line={l.n}
            aria-current={marksStep && current === l.n ? 'step' : undefined}
            className={
              [visited(l.n) ? 'visited' : '', current === l.n ? 'current' : ''].join(' ').trim() || undefined
            }
          >
            <span className="line-number" aria-hidden="true">
              {l.n}
            </span>
            <span>
              <code>{uae && l.uae !== undefined ? l.uae : l.text}</code>
              {shown === null ? null : <span className="line-values">{shown}</span>}
            </span>
          </li>
        );
      })}
    </ol>
  );
}

/** A replayed run's phases at the timeline's iterate (the returned one, or the last), memoised by it. */
let replayMemo: { key: unknown; index: number; phases: PhaseMessage[] } | null = null;
function replayedStep(s: RunStoreState): PhaseMessage[] | null {
  if (s.replay === null || s.trace.records.length === 0) return null;
  const index = chartCursor(s) ?? s.trace.records.length - 1;
  if (replayMemo === null || replayMemo.key !== s.trace || replayMemo.index !== index)
    replayMemo = { key: s.trace, index, phases: replayedPhases(s.trace.records, index, s.options) };
  return replayMemo.phases;
}

/**
 * Algorithm 1 and per-sample MINE as the talk writes them, the line the engine's loop stands at
 * lit (aria-current) with the values of the latest step beside the lines it went through; driven by
 * the phase events the worker sends from the loop itself (a Step walks one step through its lines).
 */
export function PseudoCode() {
  const { phases, method, status, replayed } = useRunStore(
    useShallow((s) => ({
      phases: s.phases,
      method: (s.runSettings ?? s.settings).method,
      status: s.status,
      replayed: replayedStep(s),
    })),
  );
  const loops = METHOD_TRAITS[method].twoPlayers;
  const uae = METHOD_TRAITS[method].task === 'unsupervised';
  const w = walk(loops ? (replayed ?? phases) : []);
  const where =
    w.last === undefined
      ? loops
        ? 'Start a run paused and press Step (→) to walk one iteration through the lines.'
        : `${methodName(method)} does not run this loop: choose MinMax or MINE-UAE to see it lit.`
      : `Iteration ${w.last.t}, ${w.last.part === 'both' ? 'both players' : `the ${w.last.part} only`}${
          replayed !== null
            ? ' (replayed from the record: the timeline’s iterate)'
            : status === 'running'
              ? ' (the latest step, about 10 a second)'
              : ''
        }.`;
  return (
    <section className="panel pseudo-code" data-testid="pseudo-code" aria-labelledby="pseudo-heading">
      <h2 id="pseudo-heading">Algorithm 1{uae ? ' (UAE: the MI term’s sign flipped)' : ''}, as it runs</h2>
      <p className="hint" aria-live="polite">
        {where}
      </p>
      <Lines
        lines={ALGORITHM_1}
        uae={uae}
        visited={(n) => w.heard.has(n)}
        current={w.current}
        values={(n) => valuesAt(n, w.heard)}
        label="Algorithm 1, the MinMax attack"
      />
      <h3>MINE, per sample (Algorithm 1's line 7)</h3>
      <Lines
        lines={MINE_ALGORITHM}
        uae={false}
        visited={(n) => w.mine.includes(n)}
        current={w.mineCurrent ? 7 : null}
        values={() => null}
        label="The per-sample MINE algorithm"
        marksStep={false}
      />
    </section>
  );
}
