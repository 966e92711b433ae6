import { useEffect, useState } from 'react';

/** performance.now(), refreshed every `ms` while `running` (render itself must stay pure). */
export function useClock(ms: number, running: boolean): number {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (!running) return;
    const id = setInterval(() => {
      setNow(performance.now());
    }, ms);
    return () => {
      clearInterval(id);
    };
  }, [ms, running]);
  return now;
}
