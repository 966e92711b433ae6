import { NumberControl } from './NumberControl';
import { useRunStore } from './run-store';
import { URL_FIELDS } from './url-state';

const SEED = URL_FIELDS.seed;

/** The run's seed (the link's `seed`), shared by the settings panel and the Paper view. */
export function SeedControl() {
  const seed = useRunStore((s) => s.settings.seed);
  const setSettings = useRunStore((s) => s.setSettings);
  if (SEED.kind !== 'int') throw new Error('seed is not an integer field');
  return (
    <NumberControl
      label="Seed"
      value={seed}
      min={SEED.min}
      max={SEED.max}
      step={1}
      integer
      onChange={(v) => {
        setSettings({ seed: v });
      }}
    />
  );
}
