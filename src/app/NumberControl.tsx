import { useId, useState } from 'react';
import { readField, stepped } from './number-field';

export interface NumberControlProps {
  readonly label: string;
  /** What messages call the value ("T", "ε"); the label when absent. */
  readonly name?: string;
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
 * A labelled numeric field, optionally with a slider. What the user types stays as typed until they
 * finish (Enter or leaving the field): only then does a valid value apply, so a half-typed number
 * never reaches the engine and the slider does not jump. An invalid text stays, marked invalid, with
 * the reason beside it; the value in effect stays too, and the message says so. Escape restores the
 * value in effect; the arrow keys step it.
 */
export function NumberControl({
  label,
  name,
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
  const [finished, setFinished] = useState(false);
  const [shownValue, setShownValue] = useState(value);
  // A value changed from outside (slider, link, task switch) replaces whatever was typed.
  if (shownValue !== value) {
    setShownValue(value);
    setText(String(value));
    setFinished(false);
  }
  const rules = { name: name ?? label, min, max, integer: integer === true };
  const reading = readField(text, rules);
  const apply = (v: number) => {
    setText(String(v));
    setFinished(false);
    if (v !== value) onChange(v);
  };
  const finish = () => {
    if (reading.ok) apply(reading.value);
    else setFinished(true);
  };
  const toSlider = (v: number) => (log ? Math.log10(Math.max(v, min)) : v);
  const fromSlider = (s: number) => (log ? Number((10 ** s).toPrecision(3)) : s);
  const error = reading.ok
    ? null
    : finished
      ? `${reading.reason}. Still using ${rules.name} = ${value}.`
      : `${reading.reason}.`;
  const describedBy = [hint === undefined ? null : `${id}-hint`, `${id}-error`].filter((d) => d !== null);
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
        {/* Text, not type=number: a number input hides what was typed ("2." or "0x1" read as "")
            and so could neither keep it nor say what is wrong with it. */}
        <input
          id={id}
          type="text"
          className="number-field"
          inputMode={integer === true ? 'numeric' : 'decimal'}
          autoComplete="off"
          spellCheck={false}
          value={text}
          disabled={disabled}
          aria-invalid={error !== null}
          aria-describedby={describedBy.join(' ')}
          onChange={(e) => {
            setText(e.target.value);
            setFinished(false);
          }}
          onBlur={finish}
          onKeyDown={(e) => {
            if (e.key === 'Enter') finish();
            else if (e.key === 'Escape') apply(value);
            else if ((e.key === 'ArrowUp' || e.key === 'ArrowDown') && !log) {
              e.preventDefault();
              apply(
                stepped(reading.ok ? reading.value : value, step, e.key === 'ArrowUp' ? 1 : -1, min, max),
              );
            }
          }}
        />
      </div>
      <p id={`${id}-error`} className="field-error" aria-live="polite">
        {error}
      </p>
      {hint === undefined ? null : (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
    </div>
  );
}
