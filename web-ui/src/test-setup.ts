import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

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

// jsdom implements neither ResizeObserver nor a canvas (no 2D context, no Path2D). A test that ends on the overview
// (sign-in does) renders the bytes-per-hour chart, whose uPlot would draw on a canvas after the test has passed —
// whether it gets that far depends on timing, and when it does Vitest fails the run with "unhandled errors". So in
// component tests uPlot is a stand-in that draws nothing; the chart's data is tested in bytesPerHour.test.ts and its
// drawing in the real browser (ConsoleBrowserIT).
vi.mock('uplot', () => {
  class PlotDrawingNothing {
    static paths = { bars: () => () => null };
    setSize() {}
    destroy() {}
  }
  return { default: PlotDrawingNothing };
});
if (!('ResizeObserver' in globalThis)) {
  globalThis.ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
}
