import { useId } from 'react';
import { passwordProblems, passwordRules } from '../lib/errors';
import { useT } from '../lib/use-t';

interface Props {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
}

/** A new password, with the policy's rules ticked off as they are met (announced on change). */
export function NewPasswordField({ label, name, value, onChange, error }: Props) {
  const { t } = useT();
  const id = useId();
  const problems = new Set(passwordProblems(value));
  const rules = passwordRules.filter((r) => r !== 'too_long' || problems.has('too_long'));
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type="password"
        autoComplete="new-password"
        required
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-rules${error ? ` ${id}-error` : ''}`}
      />
      <ul id={`${id}-rules`} className="field-hint">
        {rules.map((rule) => (
          <li key={rule}>
            {problems.has(rule) ? '○ ' : '✓ '}
            {t(`errors:password.${rule}`)}
            <span className="visually-hidden">
              {problems.has(rule) ? t('auth:password.ruleMissing') : t('auth:password.ruleMet')}
            </span>
          </li>
        ))}
      </ul>
      {error && (
        <div id={`${id}-error`} className="field-error">
          {error}
        </div>
      )}
    </div>
  );
}
