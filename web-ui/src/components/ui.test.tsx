import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ProgressBar, StatusBadge } from './ui';
import { executionProgress } from '../format';

describe('progress', () => {
  it('is an accessible progressbar clamped to 0–100', () => {
    render(<ProgressBar value={137.4} label="x" testId="p" />);
    const bar = screen.getByTestId('p');
    expect(bar).toHaveAttribute('role', 'progressbar');
    expect(bar).toHaveAttribute('aria-valuenow', '100');
  });

  it('counts finished tasks of all tasks while running, 100 once succeeded', () => {
    const a = { total: 8, copied: 3, skipped: 1, failed: 1, conflicts: 1 };
    expect(executionProgress('RUNNING', a)).toBe(75);
    expect(executionProgress('SUCCEEDED', a)).toBe(100);
    expect(executionProgress('RUNNING', { ...a, total: 0 })).toBe(0);
  });

  it('shows the status as its text', () => {
    render(<StatusBadge status="SUCCEEDED" testId="s" />);
    expect(screen.getByTestId('s')).toHaveTextContent('SUCCEEDED');
  });
});
