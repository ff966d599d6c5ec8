import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => {
  cleanup();
  sessionStorage.clear();
});

// jsdom has no matchMedia (uPlot asks for the device pixel ratio at import)
if (!window.matchMedia) {
  window.matchMedia = ((query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => undefined,
    removeListener: () => undefined,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    dispatchEvent: () => false,
  })) as unknown as typeof window.matchMedia;
}

// jsdom implements neither ResizeObserver nor a 2D canvas. A test that ends on the overview (sign-in does) renders the
// bytes-per-hour chart: uPlot draws on a canvas and the chart follows its box's size. Without these, the chart throws
// after the test has passed and Vitest fails the run with "unhandled errors".
if (!('ResizeObserver' in globalThis)) {
  globalThis.ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
}
const drawingIgnored = new Proxy({} as Record<string | symbol, unknown>, {
  // every drawing call is a no-op; measureText answers a zero-width box
  get: (target, prop) => (prop in target ? target[prop] : prop === 'measureText' ? () => ({ width: 0 }) : () => undefined),
});
HTMLCanvasElement.prototype.getContext = (() => drawingIgnored) as unknown as typeof HTMLCanvasElement.prototype.getContext;
