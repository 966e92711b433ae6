import { useEffect, useRef, useState } from 'react';
import './replay.css';
import { parseRunRecord } from './run-record';
import { useRunStore } from './run-store';
import { useViewStore } from './store';

/** Records are ~1–3 MB (export-data.ts); a file far larger is no record of ours. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** "2026-11-29 02:51 UTC": one spelling whatever the viewer's locale. */
function dateOf(iso: string | null): string {
  if (iso === null) return 'on an unknown date (a version-1 record has none)';
  return `${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Reads a file as a run record and shows it; any problem is returned in words and changes nothing. */
async function openFile(file: File): Promise<string | null> {
  if (file.size > MAX_FILE_BYTES)
    return `${file.name} is ${(file.size / 1e6).toFixed(0)} MB: a run record is a few MB at most.`;
  let text: string;
  try {
    text = await file.text();
  } catch (e) {
    return `${file.name} could not be read: ${e instanceof Error ? e.message : String(e)}`;
  }
  const parsed = parseRunRecord(text);
  if (!parsed.ok) return `${file.name}: ${parsed.error}`;
  useRunStore.getState().openReplay(parsed.run, file.name);
  return null;
}

/**
 * "Open a run": a saved run record (the Export panel's JSON) chosen with the button or dropped on the
 * page is replayed in every view without the engine; the banner says which file, when and where it
 * was recorded, and what the record lost. Run starts a fresh run and leaves the replay.
 */
export function OpenRun() {
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const replay = useRunStore((s) => s.replay);
  const busy = useRunStore((s) => s.status === 'running' || s.status === 'paused');
  // On the projector only the banner stays: the file is opened before (the drop still works).
  const present = useViewStore((s) => s.present);

  const open = (file: File | undefined): void => {
    if (file === undefined) return;
    void openFile(file).then(setError);
  };

  // A file dropped anywhere on the page opens it (a folder or text dropped is not a file).
  useEffect(() => {
    const over = (e: DragEvent): void => {
      if (e.dataTransfer?.types.includes('Files') === true) e.preventDefault();
    };
    const drop = (e: DragEvent): void => {
      const file = e.dataTransfer?.files[0];
      if (file === undefined) return;
      e.preventDefault();
      open(file);
    };
    document.addEventListener('dragover', over);
    document.addEventListener('drop', drop);
    return () => {
      document.removeEventListener('dragover', over);
      document.removeEventListener('drop', drop);
    };
  }, []);

  if (present && replay === null && error === null) return null;
  return (
    <section className="open-run" aria-label="Open a saved run">
      <div className="row wrap" hidden={present}>
        <button
          type="button"
          data-testid="open-run"
          title="Replay a run record (JSON) exported from this page; or drop the file on the page"
          onClick={() => input.current?.click()}
        >
          Open a run…
        </button>
        <input
          ref={input}
          type="file"
          accept="application/json,.json"
          hidden
          aria-label="Run record file (JSON)"
          data-testid="open-run-file"
          onChange={(e) => {
            open(e.target.files?.[0]);
            // The same file chosen again is a new choice.
            e.target.value = '';
          }}
        />
        <span className="hint">
          Replays a saved run record (JSON) without the engine
          {busy ? '; the run in progress is cancelled' : ''}.
        </span>
      </div>
      {error === null ? null : (
        <div className="alert" role="alert" data-testid="open-run-error">
          <p className="alert-message">{error}</p>
          <button
            type="button"
            className="dismiss"
            onClick={() => {
              setError(null);
            }}
          >
            Dismiss<span className="visually-hidden"> this message</span>
          </button>
        </div>
      )}
      {replay === null ? null : (
        <div className="replay-banner" role="status" data-testid="replay-banner">
          <p>
            <strong>
              Replay of {replay.fileName}, recorded {dateOf(replay.recordedAt)} on{' '}
              {replay.backend ?? 'an unknown backend'}
            </strong>
            . {replay.kept} iterates with their δ. Run starts a fresh run.
          </p>
          <p className="hint">{replay.lost}</p>
        </div>
      )}
    </section>
  );
}
