import { NumberControl } from './NumberControl';
import { useRunStore } from './run-store';
import { settingField } from './setting-field';

/** The run's seed (the link's `seed`), shared by the settings panel and the Paper view. */
export function SeedControl() {
  const seed = useRunStore((s) => s.settings.seed);
  const setSettings = useRunStore((s) => s.setSettings);
  return (
    <NumberControl
      value={seed}
      {...settingField('seed')}
      step={1}
      onChange={(v) => {
        setSettings({ seed: v });
      }}
    />
  );
}
