import { useId, useState } from 'react';

export interface NumberControlProps {
  readonly label: string;
  readonly value: number;
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly onChange: (v: number) => void;
  /** A slider beside the numeric field (log scale when `log`). */
  readonly slider?: boolean;
  readonly log?: boolean;
  readonly integer?: boolean;
  readonly disabled?: boolean;
  readonly hint?: string;
}

/**
 * A labelled numeric field, optionally with a slider. The field accepts any typing and applies only
 * values in range, so a half-typed number never reaches the engine.
 */
export function NumberControl({
  label,
  value,
  min,
  max,
  step,
  onChange,
  slider,
  log,
  integer,
  disabled,
  hint,
}: NumberControlProps) {
  const id = useId();
  const [text, setText] = useState(String(value));
  const [shownValue, setShownValue] = useState(value);
  // A value changed from outside (slider, link) replaces whatever was typed.
  if (shownValue !== value) {
    setShownValue(value);
    setText(String(value));
  }
  const commit = (raw: string) => {
    setText(raw);
    const v = Number(raw);
    if (raw.trim() !== '' && Number.isFinite(v) && v >= min && v <= max && (!integer || Number.isInteger(v)))
      onChange(v);
  };
  const toSlider = (v: number) => (log ? Math.log10(Math.max(v, min)) : v);
  const fromSlider = (s: number) => (log ? Number((10 ** s).toPrecision(3)) : s);
  const invalid = text !== String(value);
  return (
    <div className="control">
      <label htmlFor={id}>{label}</label>
      <div className="control-inputs">
        {slider === true ? (
          <input
            type="range"
            aria-label={`${label} slider`}
            min={toSlider(min)}
            max={toSlider(max)}
            step={log ? 0.01 : step}
            value={toSlider(value)}
            disabled={disabled}
            onChange={(e) => {
              onChange(fromSlider(Number(e.target.value)));
            }}
          />
        ) : null}
        <input
          id={id}
          type="number"
          min={min}
          max={max}
          step={log ? 'any' : step}
          value={text}
          disabled={disabled}
          aria-invalid={invalid}
          aria-describedby={hint === undefined ? undefined : `${id}-hint`}
          onChange={(e) => {
            commit(e.target.value);
          }}
          onBlur={() => {
            setText(String(value));
          }}
        />
      </div>
      {hint === undefined ? null : (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
    </div>
  );
}
