/**
 * The MINE lab's rows of the settings table (?view=mine-lab): the case, the bound and the training,
 * as its link spells them (lab…). Its worker message (worker/protocol-lab.ts) and its fields read the
 * same rows (mine/lab-settings.ts); `mine-check` takes ρ, d, the bound and τ with the same ranges.
 */
import { BOUND_LABELS, BOUND_NAMES } from './mine/bound-names';
import { choice, LAB_AND_CHECK, LAB_LINK, numeric } from './setting-rows';

export const LAB_ROWS = {
  labSource: choice(
    ['table', 'gaussian'] as const,
    'table',
    {
      symbol: 'lab case',
      label: 'Case',
      help: 'MINE lab: two bits from a 2×2 table, or d correlated Gaussian pairs',
    },
    LAB_LINK,
  ),
  labRho: numeric(
    { min: -0.999, max: 0.999, default: 0.9 },
    'ρ = ±1 has infinite MI; 0.999 is already 3.1 nats per dimension',
    {
      symbol: 'ρ',
      label: 'Correlation ρ',
      help: 'correlation ρ of the Gaussian pairs; I = −(d/2) ln(1 − ρ²)',
      flagName: 'rho',
      command: 'mine-check',
    },
    LAB_AND_CHECK,
  ),
  labDim: numeric(
    { min: 1, max: 20, default: 1, integer: true },
    "the critic's input is 2d wide; 20 dimensions at ρ = 0.9 is 16.6 nats, beyond every bound's reach",
    {
      symbol: 'd',
      label: 'Dimension d',
      help: 'dimension d of X and Y (d independent pairs)',
      flagName: 'dim',
      command: 'mine-check',
    },
    LAB_AND_CHECK,
  ),
  labBound: choice(
    BOUND_NAMES,
    'dv',
    {
      symbol: 'lab bound',
      label: 'Bound',
      titles: BOUND_LABELS,
      help: 'the bound the critic maximises',
      flagName: 'bound',
      command: 'mine-check',
    },
    LAB_AND_CHECK,
  ),
  labTau: numeric(
    { min: 0.1, max: 80, default: 5 },
    'above ~80 e^τ overflows float32 and SMILE is DV',
    {
      symbol: 'lab τ',
      label: 'SMILE clip τ',
      help: 'SMILE: clip τ of the marginal scores',
      flagName: 'tau',
      command: 'mine-check',
    },
    LAB_AND_CHECK,
  ),
  labSteps: numeric(
    { min: 10, max: 20_000, default: 600, integer: true },
    'bounds the work one lab run can ask of the browser',
    { symbol: 'lab steps', label: 'Steps', help: 'MINE lab: Adam steps' },
    LAB_LINK,
  ),
  labBatch: numeric(
    { min: 8, max: 2048, default: 256, integer: true },
    'bounds one step’s work (InfoNCE scores all N² pairs: its batch is cut to 128)',
    { symbol: 'lab batch', label: 'Batch', help: 'MINE lab: pairs per step' },
    LAB_LINK,
  ),
  labLr: numeric(
    { min: 1e-5, max: 0.1, default: 3e-3 },
    'mine-check at ρ = 0.9: lr 0.1 is already 7 % off the true I, lr 1 is 69 % off',
    { symbol: 'lab lr', label: 'Learning rate', help: 'MINE lab: Adam learning rate' },
    LAB_LINK,
  ),
  labSeed: numeric(
    { min: 0, max: 0xffffffff, default: 1, integer: true },
    'the generator is seeded with 32 bits',
    { symbol: 'lab seed', label: 'Seed', help: 'MINE lab: seed of the critic and the pairs' },
    LAB_LINK,
  ),
};
