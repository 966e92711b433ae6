import { describe, expect, it } from 'vitest';
import { autoCritic } from './url-settings';

describe('autoCritic', () => {
  it('takes the paper critic on a hardware GPU, for every task', () => {
    expect(autoCritic('webgpu', 'NVIDIA adapter', 'supervised', 'dense').critic).toBe('paper');
    expect(autoCritic('webgl', 'ANGLE (NVIDIA)', 'unsupervised', 'conv').critic).toBe('paper');
  });

  it('takes the lite critic on CPU backends and software GPUs for the classifier and the conv AE', () => {
    expect(autoCritic('wasm', 'fastest', 'supervised', 'dense').critic).toBe('lite');
    expect(autoCritic('webgl', 'SwiftShader software renderer', 'supervised', 'dense').critic).toBe('lite');
    expect(autoCritic('cpu', 'fallback', 'unsupervised', 'conv').critic).toBe('lite');
  });

  it('takes the paper critic for MINE-UAE on the AEs without a convolution (random projections)', () => {
    for (const ae of ['dense', 'sparse', 'adversarial'] as const) {
      const { critic, why } = autoCritic('wasm', 'fastest', 'unsupervised', ae);
      expect(critic).toBe('paper');
      expect(why).toContain('random projections');
    }
  });
});
