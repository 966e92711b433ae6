/** `merge FILE…`: the shards of one run (`--shard k/n --out FILE`) as the single-process command prints it. */
import { KindedError } from '../../core/errors';
import type { SampleOutcome } from '../../core/attacks/evaluate';
import type { FlagSpecs, ParsedFlags } from '../args';
import { mergeShards } from '../shard';
import { evaluatePlan, evaluateReport } from './evaluate';

export const MERGE_FLAGS: FlagSpecs = {
  json: { type: 'bool', help: 'print one JSON object on stdout' },
  help: { type: 'bool', help: 'this help' },
};

export function mergeCommand(_f: ParsedFlags, files: readonly string[]): Record<string, unknown> {
  const { header, lines } = mergeShards(files);
  if (header.command !== 'evaluate')
    throw new KindedError('invalid-input', `merge knows evaluate's shards; these are ${header.command}'s`);
  // The shard's own flags, checked again as evaluate checks them: the report is made the same way.
  const { cfg } = evaluatePlan({ ...header.flags, shard: null, out: null });
  const model = typeof header.context.model === 'string' ? header.context.model : String(header.flags.model);
  const outcomes = lines.map((l) => l.outcome as unknown as SampleOutcome);
  // Seconds: the images' own times added up, as one process would have spent them one after another.
  const seconds = lines.reduce((s, l) => s + l.seconds, 0);
  return evaluateReport(cfg, model, outcomes, seconds, header.versions);
}
