import { type FormEvent, type InputHTMLAttributes, type ReactNode, type Ref, useId, useState } from 'react';
import { errorMessage, fieldErrors } from '../lib/errors';
import { useT } from '../lib/use-t';

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  label: string;
  name: string;
  hint?: ReactNode;
  error?: string | undefined;
  /** React 19 passes it on like any prop: focus the input after a check before sending. */
  ref?: Ref<HTMLInputElement>;
}

/** A labelled input whose hint and error are tied to it for assistive tech (1.3.1, 3.3.1). */
export function TextField({ label, hint, error, id, ...input }: FieldProps) {
  const generated = useId();
  const inputId = id ?? generated;
  const hintId = hint ? `${inputId}-hint` : undefined;
  const errorId = error ? `${inputId}-error` : undefined;
  return (
    <div className="field">
      <label htmlFor={inputId}>{label}</label>
      <input
        id={inputId}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
        {...input}
      />
      {hint && (
        <div id={hintId} className="field-hint">
          {hint}
        </div>
      )}
      {error && (
        <div id={errorId} className="field-error">
          {error}
        </div>
      )}
    </div>
  );
}

interface SelectProps {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  options: Array<{ value: string; label: string }>;
  hint?: string;
  disabled?: boolean;
}

export function SelectField({ label, name, value, onChange, options, hint, disabled }: SelectProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name={name}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        disabled={disabled}
        aria-describedby={hint ? `${id}-hint` : undefined}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {hint && (
        <div id={`${id}-hint`} className="field-hint">
          {hint}
        </div>
      )}
    </div>
  );
}

/** An announced message (role=alert for errors, status for success) above a form. */
export function Alert({ kind, children }: { kind: 'error' | 'success' | 'info'; children: ReactNode }) {
  if (!children) return null;
  return (
    <div className={`alert alert--${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

export function SubmitButton({
  pending,
  children,
  variant,
  disabled = false,
}: {
  pending: boolean;
  children: ReactNode;
  variant?: 'danger' | 'secondary';
  /** Unavailable for a reason the form explains (not just busy). */
  disabled?: boolean;
}) {
  const { t } = useT();
  return (
    <button
      type="submit"
      className={`button button--block${variant ? ` button--${variant}` : ''}`}
      disabled={pending || disabled}
      aria-disabled={pending || disabled}
    >
      {pending ? t('common:actions.working') : children}
    </button>
  );
}

/**
 * A form submission's state: pending while it runs, the translated error and per-field errors when it
 * fails. `run` resolves to true when the action succeeded. The failure itself is kept, not its text, so
 * the messages follow a language switch.
 */
export function useSubmit() {
  const { t } = useT();
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  async function run(action: () => Promise<unknown>): Promise<boolean> {
    setPending(true);
    setFailure(null);
    try {
      await action();
      return true;
    } catch (err) {
      setFailure(err ?? new Error('failed'));
      return false;
    } finally {
      setPending(false);
    }
  }
  const onSubmit = (action: () => Promise<unknown>) => (e: FormEvent) => {
    e.preventDefault();
    void run(action);
  };
  const error = failure === null ? null : typeof failure === 'string' ? failure : errorMessage(failure, t);
  const fields = failure === null || typeof failure === 'string' ? {} : fieldErrors(failure, t);
  /** Shows a failure found before sending (an ApiError-like code renders in the current language). */
  const setError = (err: unknown) => setFailure(err ?? null);
  return { pending, error, fields, run, onSubmit, setError, failure };
}
