import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { BackendName, CriticPreset } from '../worker/protocol';
import { useEvidenceStore } from './evidence-store';
import { useExperimentStore } from './experiment-store';
import { useLabStore } from './lab-store';
import { useRunStore } from './run-store';
import { useViewStore } from './store';
import { shareLink, urlFromSettings } from './url-settings';

/**
 * The current settings as a link (the same typed schema the page reads), and a button to copy it: the
 * run's settings, the image (a gallery index, or a drawn or uploaded digit's pixels), the layout
 * (presentation mode, hidden panels), the experiment panel's and the MINE lab's settings.
 */
export function ShareLink({
  critic,
  autoChoice,
  backend,
}: {
  critic: CriticPreset | 'auto';
  /** What the automatic choice picked on this backend (null until the backend is known). */
  autoChoice: CriticPreset | null;
  backend: BackendName | 'auto';
}) {
  const { settings, image } = useRunStore(useShallow((s) => ({ settings: s.settings, image: s.image })));
  const view = useViewStore(useShallow((s) => ({ present: s.present, hide: s.hide })));
  const experiment = useExperimentStore((s) => s.config);
  const evidence = useEvidenceStore((s) => s.config);
  const lab = useLabStore((s) => s.config);
  const page = useViewStore((s) => s.page);
  const [copied, setCopied] = useState<string | null>(null);
  // A critic the user picked by hand is part of the link; the automatic one stays automatic.
  // (Another machine may pick differently, so "auto" must travel as "auto", paper or lite.)
  const linkCritic =
    critic === 'auto' && settings.critic === (autoChoice ?? settings.critic) ? 'auto' : settings.critic;
  const link = shareLink(
    window.location.origin,
    window.location.pathname,
    urlFromSettings(settings, image, linkCritic, backend, view, experiment, evidence, page, lab),
    image,
  );
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied('Link copied.');
    } catch {
      setCopied('Copying is not allowed here: select the link and copy it by hand.');
    }
  };
  return (
    <section className="panel" aria-labelledby="share-heading">
      <h2 id="share-heading">Share</h2>
      <label className="field">
        <span>Link to these settings</span>
        <input
          type="text"
          readOnly
          value={link}
          data-testid="share-link"
          onFocus={(e) => {
            e.target.select();
          }}
        />
      </label>
      <p className="hint" data-testid="share-image-note">
        {image === null || image.source === 'test'
          ? `The image: MNIST test image ${image?.index ?? 0}.`
          : `The image: the ${image.source === 'drawn' ? 'drawn' : 'uploaded'} digit (true label ${image.label}), carried in the link itself (img=, 784 grey levels of 8 bits).`}
      </p>
      <button
        type="button"
        data-testid="copy-link"
        onClick={() => {
          void copy();
        }}
      >
        Copy link
      </button>
      <span role="status" className="muted small">
        {' '}
        {copied ?? ''}
      </span>
    </section>
  );
}
