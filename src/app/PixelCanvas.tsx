import { memo, useEffect, useRef } from 'react';
import type { Rgb } from './colormap';
import { paint } from './colormap';
import { IMAGE_SIZE } from '../worker/protocol';

export interface PixelCanvasProps {
  readonly values: ArrayLike<number> | null;
  readonly width: number;
  readonly height: number;
  readonly scale: (v: number) => Rgb;
  /** Values are multiplied by this before the scale (amplification, normalisation). */
  readonly gain?: number;
  readonly label: string;
  readonly testId?: string;
  readonly className?: string;
}

/**
 * A small image drawn pixel for pixel and enlarged by CSS (image-rendering: pixelated). Memoised: it
 * re-renders, and redraws, only when one of its props changes.
 */
export const PixelCanvas = memo(function PixelCanvas({
  values,
  width,
  height,
  scale,
  gain = 1,
  label,
  testId,
  className,
}: PixelCanvasProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const img = ctx.createImageData(width, height);
    if (values === null) img.data.fill(235);
    else paint(img.data, values, scale, (v) => v * gain);
    ctx.putImageData(img, 0, 0);
  }, [values, width, height, scale, gain]);
  return (
    <canvas
      ref={ref}
      width={width}
      height={height}
      role="img"
      aria-label={label}
      data-testid={testId}
      className={className ?? 'pixels'}
    />
  );
});

/** A 28×28 image (an MNIST digit, its x′ or its δ). */
export function DigitCanvas(props: Omit<PixelCanvasProps, 'width' | 'height'>) {
  return <PixelCanvas {...props} width={IMAGE_SIZE} height={IMAGE_SIZE} />;
}
