/**
 * What one fair-MI critic step costs on wasm here (ms, measured on this 2-core machine), by critic
 * preset. Kept free of tfjs so that the app's main thread can state the cost without loading tfjs
 * (whose start-up parses the page's address and throws on a malformed link).
 */
export const FAIR_MI_STEP_MS = { lite: 7, paper: 200 } as const;
