import { describe, expect, it } from 'vitest';
import {
  DEFAULT_URL_STATE,
  URL_FIELDS,
  URL_SCHEMA_VERSION,
  defaultsFor,
  parseUrlState,
  type UrlState,
} from './url-state';
import { serializeUrlState } from './url-serialize';
import { experimentFromUrl, settingsFromUrl, shareLink, urlFromSettings, viewFromUrl } from './url-settings';
import { IMAGE_CODE_LENGTH, encodePixels, quantizePixels } from './url-image';
import { DEFAULT_EXPERIMENT } from './experiment-store';

describe('URL state', () => {
  it('gives the defaults for an empty query', () => {
    expect(parseUrlState('')).toEqual({ state: DEFAULT_URL_STATE, image: null, problems: [] });
  });

  it('reads preset, the former name of semantics, unless the link also gives semantics', () => {
    expect(parseUrlState('?preset=reference').state.semantics).toBe('reference');
    expect(parseUrlState('?preset=reference&semantics=paper').state.semantics).toBe('paper');
    expect(parseUrlState('?preset=nonsense').problems.map((p) => p.key)).toEqual(['semantics']);
    expect(serializeUrlState({ ...DEFAULT_URL_STATE, semantics: 'reference' })).toContain(
      'semantics=reference',
    );
  });

  it('round-trips every field', () => {
    const state: UrlState = {
      task: 'supervised',
      ae: 'conv',
      dataset: 'mnist',
      index: 7,
      method: 'pgd',
      eps: 0.3,
      alpha: 0.02,
      beta: 0.2,
      iters: 200,
      c0: 0.5,
      kappa: 1.5,
      target: 3,
      seed: 4294967295,
      critic: 'paper',
      mineLr: 2e-5,
      mineSteps: 20,
      bound: 'smile',
      smileTau: 2.5,
      semantics: 'reference',
      backend: 'cpu',
      present: true,
      hide: ['engine', 'maps'],
      expAe: 'conv',
      expMethods: ['l2-uae', 'ga:0.001'],
      expTrain: 5000,
      expEpochs: 3,
      expTest: 10000,
      expSeed: 0,
      expIters: 1000,
      expMineSteps: 100,
      view: 'batch',
      cmpMethods: ['pgd', 'l2-uae'],
      fairMiSteps: 20,
      fairMiRestarts: 0,
      batchN: 100,
      batchLabel: 9,
      paperExp: 'minmax-vs-pgd',
      paperScale: 'standard',
      labSource: 'gaussian',
      labRho: -0.5,
      labDim: 3,
      labBound: 'infonce',
      labTau: 2,
      labSteps: 1200,
      labBatch: 64,
      labLr: 0.01,
      labSeed: 7,
      labTable: ['0.1', '0.2', '0.3', '0.4'],
    };
    const search = serializeUrlState(state);
    expect(search).toContain(`v=${URL_SCHEMA_VERSION}`);
    expect(parseUrlState(search)).toEqual({ state, image: null, problems: [] });
    expect(parseUrlState(serializeUrlState(DEFAULT_URL_STATE)).state).toEqual(DEFAULT_URL_STATE);
  });

  it("reads the Paper view's experiment and scale, and corrects the paper scale (days here) with a message", () => {
    const ok = parseUrlState('?view=paper&paperExp=Reconstruction&paperScale=standard');
    expect(ok.problems).toEqual([]);
    expect(ok.state).toMatchObject({ view: 'paper', paperExp: 'reconstruction', paperScale: 'standard' });
    const bad = parseUrlState('?view=paper&paperExp=fig3&paperScale=paper');
    expect(bad.state).toMatchObject({ paperExp: 'asr-mi', paperScale: 'quick' });
    expect(bad.problems.map((p) => p.message)).toEqual([
      'paperExp=fig3 is not one of asr-mi, mi-distribution, minmax-vs-pgd, reconstruction; using asr-mi.',
      'paperScale=paper is not one of quick, standard; using quick.',
    ]);
  });

  it('reads the issue example', () => {
    const { state, problems } = parseUrlState(
      '?dataset=mnist&index=7&method=minmax&eps=1&iters=200&seed=1&critic=lite&backend=cpu',
    );
    expect(problems).toEqual([]);
    expect(state).toMatchObject({
      dataset: 'mnist',
      index: 7,
      method: 'minmax',
      eps: 1,
      iters: 200,
      seed: 1,
      critic: 'lite',
      backend: 'cpu',
    });
  });

  it('clamps out-of-range numbers and reports each', () => {
    const { state, problems } = parseUrlState('?eps=5&iters=-3&index=20000&seed=1.7&beta=-1');
    expect(state.eps).toBe(1);
    expect(state.iters).toBe(1);
    expect(state.index).toBe(9999);
    expect(state.seed).toBe(2);
    expect(state.beta).toBe(0);
    expect(problems.map((p) => p.key).sort()).toEqual(['beta', 'eps', 'index', 'iters', 'seed']);
    expect(problems.find((p) => p.key === 'eps')?.message).toMatch(/eps=5 is outside \[0, 1\]; using 1/);
  });

  it('replaces garbage with defaults and says so', () => {
    const { state, problems } = parseUrlState(
      '?eps=abc&method=fgsm&critic=&iters=&index=1e400&dataset=cifar&v=9&unknown=1',
    );
    expect(state.eps).toBe(DEFAULT_URL_STATE.eps);
    expect(state.method).toBe('minmax');
    expect(state.critic).toBe('auto');
    expect(state.iters).toBe(DEFAULT_URL_STATE.iters);
    expect(state.index).toBe(DEFAULT_URL_STATE.index);
    expect(state.dataset).toBe('mnist');
    const keys = problems.map((p) => p.key);
    for (const k of ['eps', 'method', 'critic', 'iters', 'index', 'dataset', 'v']) expect(keys).toContain(k);
    expect(keys).not.toContain('unknown');
    // Long hostile values are quoted shortened.
    expect(parseUrlState(`?method=${'x'.repeat(500)}`).problems[0]!.message.length).toBeLessThan(200);
  });

  it('accepts enum values in any case and with spaces', () => {
    expect(parseUrlState('?method=%20PGD%20&backend=WASM').state).toMatchObject({
      method: 'pgd',
      backend: 'wasm',
    });
  });

  it('declares a default inside the limits for every number field', () => {
    for (const [key, field] of Object.entries(URL_FIELDS)) {
      const v = DEFAULT_URL_STATE[key as keyof UrlState];
      if (field.kind === 'enum') expect(field.values).toContain(v);
      else if (field.kind === 'bool') expect(typeof v).toBe('boolean');
      else if (field.kind === 'set') for (const name of v as string[]) expect(field.values).toContain(name);
      else if (field.kind === 'bit-table') expect(v).toEqual(['0.5', '0', '0', '0.5']);
      else {
        expect(v).toBeGreaterThanOrEqual(field.min);
        expect(v).toBeLessThanOrEqual(field.max);
      }
    }
  });

  it('reads the unsupervised task with its own defaults', () => {
    const { state, problems } = parseUrlState('?task=unsupervised&ae=dense&iters=5&backend=wasm&seed=1');
    expect(problems).toEqual([]);
    expect(state).toMatchObject({
      task: 'unsupervised',
      ae: 'dense',
      method: 'mine-uae',
      iters: 5,
      eps: 1,
      mineSteps: 20,
      alpha: 0.1,
      critic: 'auto',
      backend: 'wasm',
      seed: 1,
    });
    expect(parseUrlState('?task=unsupervised').state).toEqual(defaultsFor('unsupervised'));
    expect(parseUrlState('?task=unsupervised&method=l2-uae&mineSteps=3').state).toMatchObject({
      method: 'l2-uae',
      mineSteps: 3,
    });
  });

  it('keeps old links supervised, with the dense AE as the unused default', () => {
    const { state, problems } = parseUrlState('?index=7&method=pgd&iters=12');
    expect(problems).toEqual([]);
    expect(state).toMatchObject({ task: 'supervised', ae: 'dense', method: 'pgd', iters: 12, mineSteps: 1 });
  });

  it('replaces a bad task or ae, and a method of the other task', () => {
    const bad = parseUrlState('?task=clustering&ae=vae');
    expect(bad.state.task).toBe('supervised');
    expect(bad.state.ae).toBe('dense');
    expect(bad.problems.map((p) => p.key).sort()).toEqual(['ae', 'task']);
    const mixed = parseUrlState('?task=unsupervised&method=pgd');
    expect(mixed.state.method).toBe('mine-uae');
    expect(mixed.problems).toHaveLength(1);
    expect(mixed.problems[0]!.message).toContain('does not attack the unsupervised task');
    const other = parseUrlState('?method=l2-uae');
    expect(other.state.method).toBe('minmax');
    expect(other.problems[0]!.key).toBe('method');
  });

  it('round-trips an unsupervised state', () => {
    const state: UrlState = { ...defaultsFor('unsupervised'), ae: 'adversarial', method: 'l2-uae', iters: 7 };
    expect(parseUrlState(serializeUrlState(state))).toEqual({ state, image: null, problems: [] });
  });

  it('reads presentation mode and the hidden panels, readable in the link', () => {
    const { state, problems } = parseUrlState('?present=1&hide=share,Engine,%20maps');
    expect(problems).toEqual([]);
    expect(state.present).toBe(true);
    // Declaration order, whatever the link's.
    expect(state.hide).toEqual(['engine', 'share', 'maps']);
    const search = serializeUrlState(state);
    expect(search).toContain('present=1');
    expect(search).toContain('hide=engine,share,maps');
    expect(search).toContain('expMethods=mine-uae,l2-uae,ga:0.01,ga:0.001');
    for (const word of ['true', 'yes', 'on', 'TRUE'])
      expect(parseUrlState(`?present=${word}`).state.present).toBe(true);
    for (const word of ['0', 'false', 'no', 'off'])
      expect(parseUrlState(`?present=${word}`).state.present).toBe(false);
    expect(parseUrlState('?hide=').state.hide).toEqual([]);
  });

  it('reports garbage in the boolean and list fields, keeping what it can', () => {
    const { state, problems } = parseUrlState(
      '?present=maybe&hide=share,sidebar,,share,<script>&expMethods=fgsm,l2-uae',
    );
    expect(state.present).toBe(false);
    expect(state.hide).toEqual(['share']);
    expect(state.expMethods).toEqual(['l2-uae']);
    expect(problems.map((p) => p.key).sort()).toEqual(['expMethods', 'hide', 'present']);
    expect(problems.find((p) => p.key === 'hide')!.message).toMatch(/sidebar, <script> are not among engine/);
    expect(problems.find((p) => p.key === 'present')!.message).toContain('using 0');
    // A long hostile list is quoted shortened.
    expect(parseUrlState(`?hide=${'x,'.repeat(500)}`).problems[0]!.message.length).toBeLessThan(300);
  });

  it('round-trips the experiment settings and clamps or replaces bad ones', () => {
    const state: UrlState = {
      ...DEFAULT_URL_STATE,
      expAe: 'adversarial',
      expMethods: ['mine-uae'],
      expTrain: 250,
      expEpochs: 7,
      expTest: 500,
      expSeed: 42,
      expIters: 20,
      expMineSteps: 2,
    };
    expect(parseUrlState(serializeUrlState(state))).toEqual({ state, image: null, problems: [] });
    const bad = parseUrlState(
      '?expAe=vae&expTrain=999999&expEpochs=0&expTest=abc&expSeed=-1&expIters=2.5&expMineSteps=1e9&expMethods=',
    );
    expect(bad.state).toMatchObject({
      expAe: DEFAULT_URL_STATE.expAe,
      expTrain: 5000,
      expEpochs: 1,
      expTest: DEFAULT_URL_STATE.expTest,
      expSeed: 0,
      expIters: 3,
      expMineSteps: 100,
      // An empty list is a valid choice; the panel says to pick a method.
      expMethods: [],
    });
    expect(bad.problems.map((p) => p.key).sort()).toEqual([
      'expAe',
      'expEpochs',
      'expIters',
      'expMineSteps',
      'expSeed',
      'expTest',
      'expTrain',
    ]);
  });

  it('reads a version-1 link without a complaint, and the new fields at their defaults', () => {
    const { state, problems } = parseUrlState('?v=1&index=3&iters=20');
    expect(problems).toEqual([]);
    expect(state).toMatchObject({ index: 3, iters: 20, present: false, hide: [], expTrain: 100 });
    expect(parseUrlState('?v=5').problems.map((p) => p.key)).toEqual(['v']);
  });

  it('carries the experiment panel and the layout through the share link', () => {
    const base = parseUrlState('?iters=12').state;
    const experiment = {
      ...DEFAULT_EXPERIMENT,
      ae: 'sparse' as const,
      methods: ['ga:0.01' as const],
      train: 7,
    };
    const view = { present: true, hide: ['maps' as const] };
    const settings = settingsFromUrl(base, 'lite');
    const url = urlFromSettings(settings, null, 'auto', 'auto', view, experiment);
    const back = parseUrlState(serializeUrlState(url));
    expect(back.problems).toEqual([]);
    expect(experimentFromUrl(back.state)).toEqual(experiment);
    expect(viewFromUrl(back.state)).toEqual(view);
    // The defaults on both sides agree: a plain link gives the panel's defaults.
    expect(experimentFromUrl(DEFAULT_URL_STATE)).toEqual(DEFAULT_EXPERIMENT);
  });

  it('reads numbers in the one decimal syntax: hex, underflow and Infinity are reported, not read', () => {
    const { state, problems } = parseUrlState('?eps=0x1&alpha=1e-400&beta=Infinity&c0=1e999&seed=0b11');
    expect(state).toMatchObject({
      eps: DEFAULT_URL_STATE.eps,
      alpha: DEFAULT_URL_STATE.alpha,
      beta: DEFAULT_URL_STATE.beta,
      c0: DEFAULT_URL_STATE.c0,
      seed: DEFAULT_URL_STATE.seed,
    });
    const message = (key: string) => problems.find((p) => p.key === key)?.message;
    expect(message('eps')).toBe('eps=0x1 is not a decimal number (e.g. 0.3 or 1e-3); using 1 (the default).');
    expect(message('alpha')).toBe(
      'alpha=1e-400 is too small to represent (it would read as 0); using 0.01 (the default).',
    );
    expect(message('beta')).toMatch(/^beta=Infinity is not a decimal number/);
    expect(message('c0')).toMatch(/^c0=1e999 is too large to represent; using 0.001 \(the default\)/);
    expect(message('seed')).toMatch(/^seed=0b11 is not a decimal number/);
    // Decimal forms the CLI takes are taken here too.
    expect(parseUrlState('?eps=.5&alpha=2E-3&iters=+12&c0=1e-3').state).toMatchObject({
      eps: 0.5,
      alpha: 0.002,
      iters: 12,
      c0: 0.001,
    });
  });

  it('takes the last of a repeated field and says so, as the CLI does for a repeated flag', () => {
    const { state, problems } = parseUrlState('?eps=0.5&iters=20&eps=0.3');
    expect(state.eps).toBe(0.3);
    expect(state.iters).toBe(20);
    expect(problems).toEqual([
      {
        key: 'eps',
        wrong: 'eps given 2 times (0.5, 0.3)',
        used: 'the last, 0.3',
        message: 'eps given 2 times (0.5, 0.3); using the last, 0.3.',
      },
    ]);
    // A bad last value is reported as well, and the default used.
    const bad = parseUrlState('?method=pgd&method=fgsm&task=unsupervised&task=supervised');
    expect(bad.state.task).toBe('supervised');
    expect(bad.state.method).toBe('minmax');
    expect(bad.problems.map((p) => p.key)).toEqual(['task', 'method', 'method']);
    expect(bad.problems[2]!.message).toBe(
      'method=fgsm is not one of minmax, penalty, pgd, mine-uae, l2-uae; using minmax.',
    );
  });

  it('says what is wrong with a number that is not whole or out of range', () => {
    const { state, problems } = parseUrlState('?iters=2.5&index=-0.4&mineSteps=70.2');
    expect(state).toMatchObject({ iters: 3, index: 0, mineSteps: 50 });
    expect(problems.map((p) => p.message)).toEqual([
      'index=-0.4 is not a whole number and is outside [0, 9999]; using 0.',
      'iters=2.5 is not a whole number; using 3.',
      'mineSteps=70.2 is not a whole number and is outside [1, 50]; using 50.',
    ]);
  });

  it('carries a drawn or uploaded image in the link, exactly as the page attacks it', () => {
    const pixels = quantizePixels(Float32Array.from({ length: 784 }, (_, i) => ((i * 37) % 256) / 255));
    const image = { source: 'drawn' as const, index: null, label: 4, pixels };
    const url = urlFromSettings(
      settingsFromUrl(DEFAULT_URL_STATE, 'lite'),
      image,
      'auto',
      'auto',
      {
        present: false,
        hide: [],
      },
      DEFAULT_EXPERIMENT,
    );
    const link = shareLink('https://example.org', '/lab/', url, image);
    expect(link).toMatch(/&imgSource=drawn&imgLabel=4&img=[A-Za-z0-9_-]+$/);
    expect(new URL(link).searchParams.get('img')).toHaveLength(IMAGE_CODE_LENGTH);
    const back = parseUrlState(new URL(link).search);
    expect(back.problems).toEqual([]);
    expect(back.image).toEqual({ source: 'drawn', label: 4, pixels });
    // An upload keeps its source; a gallery image travels by index alone.
    const upload = parseUrlState(
      serializeUrlState(DEFAULT_URL_STATE, { source: 'upload', label: 9, pixels }),
    );
    expect(upload.image?.source).toBe('upload');
    expect(shareLink('', '/', url, { source: 'test', index: 7, label: 3, pixels })).not.toContain('img');
  });

  it('replaces a damaged image by the gallery image, and reports its label and source', () => {
    const code = encodePixels(new Float32Array(784).fill(0.5));
    const cut = parseUrlState(`?index=7&imgLabel=3&img=${code.slice(0, 900)}`);
    expect(cut.image).toBeNull();
    expect(cut.problems.map((p) => p.message)).toEqual([
      `img has 900 characters; a 28×28 image has ${IMAGE_CODE_LENGTH} (cut short when the link was copied?); using test image 7 of the gallery.`,
    ]);
    // A "+" of standard base64 arrives as a space once the query is decoded.
    const plus = parseUrlState(`?img=${code.slice(0, -2)}+/`);
    expect(plus.image).toBeNull();
    expect(plus.problems[0]!.message).toContain('space (a "+" before the link was decoded), "/"');
    const unlabelled = parseUrlState(`?img=${code}&imgSource=scan`);
    expect(unlabelled.image).toMatchObject({ source: 'drawn', label: 0 });
    expect(unlabelled.problems.map((p) => p.message)).toEqual([
      'imgLabel is missing: the image has no true label; using 0.',
      'imgSource=scan is not one of drawn, upload; using drawn.',
    ]);
    expect(parseUrlState('?imgLabel=3').problems[0]!.message).toBe(
      'imgLabel=3 comes without an image (img=); using nothing: ignored.',
    );
  });
});

describe("the MINE lab's fields", () => {
  it('reads a lab link: the case, the table as typed, ρ, d, the bound, τ and the training', () => {
    const { state, problems } = parseUrlState(
      '?view=mine-lab&labSource=gaussian&labRho=0.5&labDim=2&labBound=smile&labTau=1.5&labSteps=900&labBatch=128&labLr=0.002&labSeed=9&labTable=1,2,3,0',
    );
    expect(problems).toEqual([]);
    expect(state).toMatchObject({
      view: 'mine-lab',
      labSource: 'gaussian',
      labRho: 0.5,
      labDim: 2,
      labBound: 'smile',
      labTau: 1.5,
      labSteps: 900,
      labBatch: 128,
      labLr: 0.002,
      labSeed: 9,
      labTable: ['1', '2', '3', '0'],
    });
  });

  it('corrects and reports a bad lab value, each with what it uses instead', () => {
    const { state, problems } = parseUrlState(
      '?labRho=1.5&labDim=2.5&labBound=kl&labSteps=0x10&labTable=0.5,-1,0,0.5',
    );
    expect(state.labRho).toBe(0.999);
    expect(state.labDim).toBe(3);
    expect(state.labBound).toBe('dv');
    expect(state.labSteps).toBe(600);
    expect(state.labTable).toEqual(['0.5', '0', '0', '0.5']);
    expect(problems.map((p) => p.message)).toEqual([
      'labRho=1.5 is outside [-0.999, 0.999]; using 0.999.',
      'labDim=2.5 is not a whole number; using 3.',
      'labBound=kl is not one of dv, mine, nwj, infonce, smile; using dv.',
      'labSteps=0x10 is not a decimal number (e.g. 0.3 or 1e-3); using 600 (the default).',
      'labTable=0.5,-1,0,0.5: entry 2 is negative; using 0.5,0,0,0.5 (the default).',
    ]);
    for (const [table, why] of [
      ['0.5,0,0.5', '3 entries, not the 4 of a 2×2 table'],
      ['0,0,0,0', 'the table needs at least one positive entry'],
      ['a,0,0,1', 'entry 1 '],
    ] as const)
      expect(parseUrlState(`?labTable=${table}`).problems[0]!.message).toContain(why);
  });
});
