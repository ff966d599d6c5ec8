import type { ReactNode } from 'react';
import { ApiError } from '../api/client';

/** The console's small design system: cards, states, badges, progress. */

export function Card({ title, actions, children, className }: { title?: ReactNode; actions?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <section className={`card ${className ?? ''}`}>
      {(title || actions) && (
        <header className="card-header">
          {title && <h2>{title}</h2>}
          {actions && <div className="card-actions">{actions}</div>}
        </header>
      )}
      {children}
    </section>
  );
}

export function PageHeader({ title, subtitle, actions }: { title: ReactNode; subtitle?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle && <p className="muted">{subtitle}</p>}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </header>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden /> Loading {what}…
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const message = error instanceof ApiError ? error.message : String((error as Error)?.message ?? error);
  return (
    <div className="state state-error" role="alert">
      <strong>Could not load this.</strong> {message}
      {onRetry && (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <strong>{title}</strong>
      {children && <div className="muted">{children}</div>}
    </div>
  );
}

const STATUS_TONE: Record<string, string> = {
  SUCCEEDED: 'ok',
  COPIED: 'ok',
  SKIPPED: 'neutral',
  RUNNING: 'info',
  QUEUED: 'neutral',
  PENDING: 'neutral',
  STOPPING: 'warn',
  STOPPED: 'warn',
  PARTIAL: 'warn',
  CONFLICT: 'warn',
  FAILED: 'bad',
};

export function StatusBadge({ status, testId }: { status: string; testId?: string }) {
  return (
    <span className={`badge badge-${STATUS_TONE[status] ?? 'neutral'}`} data-testid={testId}>
      {status}
    </span>
  );
}

export function ProgressBar({ value, label, testId }: { value: number; label: string; testId?: string }) {
  const v = Math.max(0, Math.min(100, Math.round(value)));
  return (
    <div
      className="progress"
      role="progressbar"
      aria-valuenow={v}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-label={label}
      data-testid={testId}
    >
      <div className="progress-fill" style={{ width: `${v}%` }} />
      <span className="progress-text">{v}%</span>
    </div>
  );
}

/** A labelled input with its server-side error underneath (`data-error-for` = the API's field path). */
export function Field({ label, field, error, hint, children }: { label: string; field: string; error?: string; hint?: ReactNode; children: ReactNode }) {
  return (
    <div className={`field ${error ? 'field-invalid' : ''}`}>
      <label htmlFor={fieldId(field)}>{label}</label>
      {children}
      {hint && <div className="hint">{hint}</div>}
      <div className="field-error" data-error-for={field} role={error ? 'alert' : undefined}>
        {error}
      </div>
    </div>
  );
}

export function fieldId(field: string): string {
  return `f-${field.replace(/[^a-zA-Z0-9]/g, '-')}`;
}
