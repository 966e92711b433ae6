import type { ReactNode } from 'react';

/** One option of a radio group, its text beside it (the Paper view's and the MINE lab's choices). */
export function RadioChoice({
  name,
  value,
  checked,
  disabled,
  describedBy,
  testId,
  onChoose,
  children,
}: {
  name: string;
  value?: string;
  checked: boolean;
  disabled?: boolean;
  describedBy?: string;
  testId: string;
  onChoose: () => void;
  children: ReactNode;
}) {
  return (
    <label className="paper-choice">
      <input
        type="radio"
        name={name}
        value={value}
        checked={checked}
        disabled={disabled}
        aria-describedby={describedBy}
        data-testid={testId}
        onChange={onChoose}
      />
      {children}
    </label>
  );
}
