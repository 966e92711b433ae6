/** What the canvas charts (StreamChart) and the recharts ones (Charts) share, so that both draw the same. */

/** Success: the marks where runs of successes begin, the f ≤ 0 line, the best I* marker. */
export const SUCCESS_COLOUR = '#17612a';
/** The timeline's cursor. */
export const CURSOR_COLOUR = '#7a0c0c';
export const GRID_COLOUR = '#ddd';
export const TEXT_COLOUR = '#333';
/**
 * Room for the y tick labels: the canvas's left margin and recharts' y axis width. In presentation
 * mode recharts' larger ticks get PRESENT_Y_AXIS_WIDTH; the canvas keeps Y_AXIS_WIDTH.
 */
export const Y_AXIS_WIDTH = 56;
export const PRESENT_Y_AXIS_WIDTH = 92;
/** A chart's height in px (both forms). */
export const CHART_HEIGHT = 180;
/**
 * Presentation mode: tick and legend labels in px (recharts; the canvas takes its font from
 * present.css, the same size), read from the back of a lecture room. The charts' heights there are
 * present.css's, fitted to the screen.
 */
export const PRESENT_TICK_PX = 18;
/** The charts mark the first this many success starts. */
export const MAX_MARKS = 20;
/** A y tick's label. */
export const yTick = (v: number): string => v.toPrecision(2);
