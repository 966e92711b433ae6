import { describe, expect, it } from 'vitest';
import { diverging, grey } from './colormap';
import { escapeXml, figureSvg, miChartSvg } from './svg-figure';

/** Well-formed XML as far as these files go: every tag closed in order, attributes quoted, no stray '<' or '&'. */
function checkWellFormed(svg: string): void {
  const stack: string[] = [];
  const tag = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g;
  let at = 0;
  for (let m = tag.exec(svg); m !== null; m = tag.exec(svg)) {
    const text = svg.slice(at, m.index);
    expect(text, `text before <${m[2]}>`).not.toMatch(/[<>]|&(?!#\d+;|amp;|lt;|gt;|quot;)/);
    at = m.index + m[0].length;
    if (m[1] === '/') expect(stack.pop(), `</${m[2]}>`).toBe(m[2]);
    else if (m[4] !== '/') stack.push(m[2]!);
  }
  expect(svg.slice(at).trim()).toBe('');
  expect(stack).toEqual([]);
}

const hex = (c: readonly number[]): string => `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;

describe('figureSvg', () => {
  const x = Float32Array.from({ length: 784 }, (_, i) => (i % 28) / 27);
  const delta = Float32Array.from({ length: 784 }, (_, i) => (i === 30 ? 0.25 : i === 31 ? -0.1 : 0));
  const adv = x.map((v, i) => Math.min(1, Math.max(0, v + delta[i]!)));
  const svg = figureSvg({
    x,
    adv,
    delta,
    size: 28,
    amplification: 4,
    title: 'x′ at iteration 12 <test> & "co"',
    captions: ['x: test image 7', 'x′ at iteration 12', 'δ = x′ − x (×4)'],
  });

  it('is well-formed, with the three images as 784 crisp rects each', () => {
    checkWellFormed(svg);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<rect x="\d+" y="\d+" width="1" height="1"/g)).toHaveLength(3 * 784);
    expect(svg.match(/shape-rendering="crispEdges"/g)).toHaveLength(3);
  });

  it('colours each pixel as the page does: x grey, δ ×amplification on the diverging scale', () => {
    const rects = [
      ...svg.matchAll(/<rect x="(\d+)" y="(\d+)" width="1" height="1" fill="(#[0-9a-f]{6})"\/>/g),
    ];
    const fill = (image: number, i: number) => rects[image * 784 + i]![3];
    expect(fill(0, 27)).toBe(hex(grey(1)));
    expect(fill(2, 30)).toBe(hex(diverging(1)));
    expect(fill(2, 31)).toBe(hex(diverging(-0.4)));
    expect(fill(2, 0)).toBe(hex(diverging(0)));
    // Pixel 30 is row 1, column 2.
    expect(rects[2 * 784 + 30]!.slice(1, 3)).toEqual(['2', '1']);
  });

  it('has the colour bar with its range and the captions, text escaped', () => {
    expect(svg).toContain('url(#delta-scale)');
    expect(svg).toContain('>+0.25<');
    expect(svg).toContain('>−0.25<');
    expect(svg).toContain('δ = x′ − x (×4)');
    expect(svg).toContain(escapeXml('<test> & "co"'));
    expect(svg).not.toContain('<test>');
  });
});

describe('miChartSvg', () => {
  it('draws each series as polylines broken at missing values, and the cursor', () => {
    const svg = miChartSvg(
      'MINE estimate',
      [
        { name: 'I raw', colour: '#9bb7d4', values: [0.1, 0.2, NaN, 0.4, 0.3] },
        { name: 'best I*', colour: '#1b7837', values: [null, null, 0.2, 0.4, 0.4] },
      ],
      3,
    );
    checkWellFormed(svg);
    const lines = [...svg.matchAll(/<polyline [^>]*stroke="([^"]+)"[^>]*points="([^"]+)"/g)];
    expect(lines.map((l) => [l[1], l[2]!.split(' ').length])).toEqual([
      ['#9bb7d4', 2],
      ['#9bb7d4', 2],
      ['#1b7837', 3],
    ]);
    expect(svg).toContain('stroke-dasharray="4 3"');
    expect(svg).toContain('>0.400<');
    expect(svg).toContain('>0.100<');
  });
});
