import { type FormEvent, type InputHTMLAttributes, type ReactNode, useId, useState } from 'react';
import { errorMessage, fieldErrors } from '../lib/errors';
import { useT } from '../lib/use-t';

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  label: string;
  name: string;
  hint?: ReactNode;
  error?: string | undefined;
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
}

export function SelectField({ label, name, value, onChange, options, hint }: SelectProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name={name}
        value={value}
        onChange={(e) => onChange(e.target.value)}
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
}: {
  pending: boolean;
  children: ReactNode;
  variant?: 'danger' | 'secondary';
}) {
  const { t } = useT();
  return (
    <button
      type="submit"
      className={`button button--block${variant ? ` button--${variant}` : ''}`}
      disabled={pending}
      aria-disabled={pending}
    >
      {pending ? t('common:actions.working') : children}
    </button>
  );
}

/**
 * A form submission's state: pending while it runs, the translated error and per-field errors when it
 * fails. `run` resolves to true when the action succeeded.
 */
export function useSubmit() {
  const { t } = useT();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  async function run(action: () => Promise<unknown>): Promise<boolean> {
    setPending(true);
    setError(null);
    setFields({});
    try {
      await action();
      return true;
    } catch (err) {
      setError(errorMessage(err, t));
      setFields(fieldErrors(err, t));
      return false;
    } finally {
      setPending(false);
    }
  }
  const onSubmit = (action: () => Promise<unknown>) => (e: FormEvent) => {
    e.preventDefault();
    void run(action);
  };
  return { pending, error, fields, run, onSubmit, setError };
}
