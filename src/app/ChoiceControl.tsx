import type { ReactNode } from 'react';
import { SETTINGS, type ChoiceName, type ChoiceOf } from '../core/settings';

/**
 * A labelled select of a choice setting of the table (core/settings.ts): its label and the app's
 * title for each value come from there. `options`: a subset (the methods of the task).
 */
export function ChoiceControl<K extends ChoiceName>({
  setting,
  value,
  onChange,
  options,
  disabled,
  children,
}: {
  readonly setting: K;
  readonly value: ChoiceOf<K>;
  readonly onChange: (value: ChoiceOf<K>) => void;
  readonly options?: readonly ChoiceOf<K>[];
  readonly disabled?: boolean;
  /** Shown below the select (a hint). */
  readonly children?: ReactNode;
}) {
  const s = SETTINGS[setting] as {
    label: string;
    values: readonly ChoiceOf<K>[];
    titles?: Readonly<Record<string, string>>;
  };
  const id = `${setting}-select`;
  return (
    <div className="control">
      <label htmlFor={id}>{s.label}</label>
      <select
        id={id}
        data-testid={id}
        value={value}
        disabled={disabled}
        onChange={(e) => {
          onChange(e.target.value as ChoiceOf<K>);
        }}
      >
        {(options ?? s.values).map((v) => (
          <option key={v} value={v}>
            {s.titles?.[v] ?? v}
          </option>
        ))}
      </select>
      {children}
    </div>
  );
}
