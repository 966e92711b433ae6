/**
 * The e2e fault hook (?fault=kind@n, the init message's `fault`): the backend that negotiation picked
 * fails at iteration n of every run on it, through the paths a real failure takes. It exists only as
 * a wrapper around the stepped run, applied when the hook is set; the fallback backend stays healthy.
 */
import * as tf from '@tensorflow/tfjs-core';
import { globalIteration } from '../core/attacks/schedule';
import type { IterationRecord } from '../core/attacks/trace';
import type { BackendName, FaultSpec } from './protocol';
import type { RunWrapper, SteppedRun } from './run';

/** A fault armed for the backend negotiation picked. */
export interface ArmedFault {
  readonly spec: FaultSpec;
  readonly backend: BackendName;
}

/**
 * "nan": the iteration's f and I turn non-finite, so the iteration check rejects it as a divergence;
 * "kernel": a kernel this backend does not register is called (tfjs throws, as for a missing kernel).
 */
function faulted(spec: FaultSpec, rec: IterationRecord, itersPerStep: number): IterationRecord {
  // Counted over all of a penalty search's steps, as the trace counts them.
  if (globalIteration(rec.searchStep, itersPerStep, rec.t) !== spec.at || rec.part === 'critic') return rec;
  if (spec.kind === 'kernel') tf.engine().runKernel('InjectedFault', {}, {});
  return { ...rec, f: NaN, mi: NaN };
}

/** `run`, whose steps fail as `spec` says; everything else passes through. */
export function withFault<R>(run: SteppedRun<R>, spec: FaultSpec, itersPerStep: number): SteppedRun<R> {
  return {
    get done() {
      return run.done;
    },
    get estimator() {
      return run.estimator;
    },
    step: async (part) => faulted(spec, await run.step(part), itersPerStep),
    result: (cancelled) => run.result(cancelled),
    dispose: () => {
      run.dispose();
    },
  };
}

/** The wrapper for a run on `backend` (`itersPerStep` iterations per search step), or none. */
export function faultWrapper(
  armed: ArmedFault | null,
  backend: BackendName,
  itersPerStep: number,
): RunWrapper | undefined {
  if (armed === null || armed.backend !== backend) return undefined;
  return (run) => withFault(run, armed.spec, itersPerStep);
}
