import type { ReactNode } from 'react';
import { DigitCanvas, type PixelCanvasProps } from './PixelCanvas';

/** One 28×28 image with its caption: the unit every image row of the Run view is made of. */
export function ImageFigure({
  captionTestId,
  children,
  ...canvas
}: Omit<PixelCanvasProps, 'width' | 'height'> & { captionTestId?: string; children: ReactNode }) {
  return (
    <figure>
      <DigitCanvas {...canvas} />
      <figcaption data-testid={captionTestId}>{children}</figcaption>
    </figure>
  );
}
