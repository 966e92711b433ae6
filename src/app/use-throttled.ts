import { useEffect, useRef, useState } from 'react';

/** The value, updated at most once per `ms` (the last value always lands). */
export function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    const wait = last.current + ms - performance.now();
    const id = setTimeout(
      () => {
        last.current = performance.now();
        setShown(value);
      },
      Math.max(0, wait),
    );
    return () => {
      clearTimeout(id);
    };
  }, [value, ms]);
  return shown;
}
