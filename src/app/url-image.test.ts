import { describe, expect, it } from 'vitest';
import { IMAGE_CODE_LENGTH, decodePixels, encodePixels, quantizePixels } from './url-image';

/** A seeded image with every grey level and both extremes. */
function image(seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: 784 }, (_, i) => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return i < 256 ? i / 255 : (s % 1000) / 999;
  });
}

describe('the image code of a link', () => {
  it("is the pixels' bytes in base64url, 1,046 characters", () => {
    const pixels = image(1);
    const bytes = Uint8Array.from(pixels, (v) => Math.round(v * 255));
    // Node's own base64url (RFC 4648 §5, unpadded) is the oracle.
    expect(encodePixels(pixels)).toBe(Buffer.from(bytes).toString('base64url'));
    expect(encodePixels(pixels)).toHaveLength(IMAGE_CODE_LENGTH);
    expect(IMAGE_CODE_LENGTH).toBe(1046);
  });

  it('round-trips a quantised image exactly, and any image to within half a grey level', () => {
    for (const seed of [1, 2, 3]) {
      const pixels = image(seed);
      const back = decodePixels(encodePixels(pixels));
      if (!back.ok) throw new Error(back.reason);
      expect(back.pixels).toEqual(quantizePixels(pixels));
      for (let i = 0; i < 784; i++)
        expect(Math.abs(back.pixels[i]! - pixels[i]!)).toBeLessThanOrEqual(0.5 / 255 + 1e-7);
      const again = decodePixels(encodePixels(back.pixels));
      expect(again.ok && again.pixels).toEqual(back.pixels);
    }
  });

  it('clamps values outside [0, 1] and refuses a wrong pixel count', () => {
    const pixels = new Float32Array(784).fill(2);
    pixels[0] = -1;
    pixels[1] = NaN;
    const back = decodePixels(encodePixels(pixels));
    expect(back.ok && Array.from(back.pixels.subarray(0, 3))).toEqual([0, 0, 1]);
    expect(() => encodePixels(new Float32Array(783))).toThrow('784 pixels, not 783');
  });

  it('refuses a code of the wrong length, with foreign characters or with altered spare bits', () => {
    const code = encodePixels(image(4));
    expect(decodePixels(code.slice(0, -1))).toEqual({
      ok: false,
      reason: `has 1045 characters; a 28×28 image has 1046 (cut short when the link was copied?)`,
    });
    expect(decodePixels(`${code}A`).ok).toBe(false);
    expect(decodePixels('').ok).toBe(false);
    const foreign = decodePixels(`${code.slice(0, 10)}=${code.slice(11)}`);
    expect(foreign).toEqual({
      ok: false,
      reason: 'has characters outside base64url (A–Z, a–z, 0–9, - and _): "="',
    });
    // The last character carries 2 bits of the last pixel and 4 spare bits, which must be zero.
    const last = code.at(-1)!;
    const altered = `${code.slice(0, -1)}${last === 'A' ? 'B' : String.fromCharCode(last.charCodeAt(0) + 1)}`;
    const out = decodePixels(altered);
    expect(out.ok).toBe(false);
    expect(!out.ok && out.reason).toContain('the link was altered');
  });
});
