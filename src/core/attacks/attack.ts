/** One entry point for the three supervised attacks. */
import type { AttackedClassifier } from '../models/attacked-classifier';
import { attackMinMax } from './minmax';
import type { AttackMethod, AttackOptions } from './options';
import { attackPenalty } from './penalty';
import { attackPgd } from './pgd';
import type { AttackHooks, SupervisedSample } from './supervised';
import type { AttackResult } from './trace';

export function runAttack(
  method: AttackMethod,
  clf: AttackedClassifier,
  sample: SupervisedSample,
  opts: AttackOptions,
  hooks: AttackHooks = {},
): Promise<AttackResult> {
  switch (method) {
    case 'minmax':
      return attackMinMax(clf, sample, opts, hooks);
    case 'penalty':
      return attackPenalty(clf, sample, opts, hooks);
    case 'pgd':
      return attackPgd(clf, sample, opts, hooks);
  }
}
