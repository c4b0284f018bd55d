/**
 * Small accessible building blocks: links that use the router, labelled form fields with hints
 * and errors, an error summary, notices, band badges, hashes and times.
 */
import {
  useCallback,
  useEffect,
  useId,
  useRef,
  useState,
  type AnchorHTMLAttributes,
  type ReactNode,
} from 'react';
import type { Band } from '../../../src/contracts/index.ts';
import { describeError } from '../api/errors.ts';
import { navigate } from '../router.ts';

/** A link inside the app: a real `<a href>`, handled by the router on a plain click. */
export function Link(props: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }): ReactNode {
  const { to, onClick, ...rest } = props;
  return (
    <a
      {...rest}
      href={to}
      onClick={(e) => {
        onClick?.(e);
        if (
          e.defaultPrevented ||
          e.button !== 0 ||
          e.metaKey ||
          e.ctrlKey ||
          e.shiftKey ||
          e.altKey
        )
          return;
        e.preventDefault();
        navigate(to);
      }}
    />
  );
}

export interface Loaded<T> {
  readonly data: T | null;
  readonly error: unknown;
  readonly loading: boolean;
  readonly reload: () => void;
}

/** Runs `load` on mount and whenever `deps` change; `reload()` runs it again. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: unknown; loading: boolean }>({
    data: null,
    error: null,
    loading: true,
  });
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    loadRef.current().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error: unknown) => live && setState({ data: null, error, loading: false }),
    );
    return () => {
      live = false;
    };
    // Callers pass their own deps (the loader closes over them).
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

/** Shows loading, an error, or the loaded content. */
export function LoadState<T>(props: {
  readonly loaded: Loaded<T>;
  readonly what: string;
  readonly children: (data: T) => ReactNode;
}): ReactNode {
  const { loaded, what, children } = props;
  if (loaded.error) return <Notice kind="error">{describeError(loaded.error)}</Notice>;
  if (loaded.data === null)
    return (
      <p role="status" className="muted">
        Loading {what}…
      </p>
    );
  return children(loaded.data);
}

/** The page heading, focused on navigation so screen readers announce the new page. */
export function PageTitle(props: {
  readonly children: ReactNode;
  readonly title?: string;
}): ReactNode {
  const ref = useRef<HTMLHeadingElement>(null);
  const text = props.title ?? (typeof props.children === 'string' ? props.children : null);
  useEffect(() => {
    if (text) document.title = `${text} — Custos`;
    ref.current?.focus();
  }, [text]);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {props.children}
    </h1>
  );
}

export function Notice(props: {
  readonly kind: 'info' | 'error' | 'success' | 'warning' | 'danger';
  readonly title?: string;
  readonly children: ReactNode;
}): ReactNode {
  const role = props.kind === 'error' || props.kind === 'danger' ? 'alert' : 'status';
  return (
    <div className={`notice notice-${props.kind}`} role={role}>
      {props.title ? <p className="notice-title">{props.title}</p> : null}
      {props.children}
    </div>
  );
}

/** Field errors by field id. */
export type FieldErrors = Readonly<Record<string, string>>;

/** GOV.UK-style error summary: focused when it appears, each error links to its field. */
export function ErrorSummary(props: {
  readonly errors: FieldErrors;
  readonly labels?: Readonly<Record<string, string>>;
}): ReactNode {
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(props.errors);
  const key = entries.map(([k, v]) => k + v).join('|');
  useEffect(() => {
    if (key) ref.current?.focus();
  }, [key]);
  if (entries.length === 0) return null;
  return (
    <div
      className="error-summary"
      ref={ref}
      tabIndex={-1}
      role="alert"
      aria-labelledby="error-summary-title"
    >
      <h2 id="error-summary-title">There is a problem</h2>
      <ul>
        {entries.map(([id, msg]) => (
          <li key={id}>
            <a href={`#${id}`}>
              {props.labels?.[id] ? `${props.labels[id]}: ` : ''}
              {msg}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldProps {
  readonly id?: string;
  readonly label: ReactNode;
  readonly hint?: ReactNode;
  readonly error?: string | undefined;
}

function useFieldIds(props: FieldProps): { id: string; describedBy: string | undefined } {
  const auto = useId();
  const id = props.id ?? `f${auto.replace(/:/g, '')}`;
  const parts = [props.hint ? `${id}-hint` : null, props.error ? `${id}-error` : null].filter(
    Boolean,
  );
  return { id, describedBy: parts.length ? parts.join(' ') : undefined };
}

function FieldFrame(props: FieldProps & { id: string; children: ReactNode }): ReactNode {
  return (
    <div className={`field${props.error ? ' field-error' : ''}`}>
      <label htmlFor={props.id}>{props.label}</label>
      {props.hint ? (
        <p className="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p className="error-message" id={`${props.id}-error`}>
          <span className="visually-hidden">Error: </span>
          {props.error}
        </p>
      ) : null}
      {props.children}
    </div>
  );
}

export function TextField(
  props: FieldProps & {
    readonly value: string;
    readonly onChange: (v: string) => void;
    readonly type?: 'text' | 'password' | 'email' | 'tel' | 'number' | 'date' | 'datetime-local';
    readonly autoComplete?: string;
    readonly inputMode?: 'text' | 'numeric' | 'email' | 'tel';
    readonly required?: boolean;
    readonly width?: 'short' | 'medium' | 'full';
    readonly spellCheck?: boolean;
    readonly name?: string;
  },
): ReactNode {
  const { id, describedBy } = useFieldIds(props);
  return (
    <FieldFrame {...props} id={id}>
      <input
        id={id}
        name={props.name ?? id}
        className={`input input-${props.width ?? 'full'}`}
        type={props.type ?? 'text'}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        autoComplete={props.autoComplete}
        inputMode={props.inputMode}
        required={props.required}
        spellCheck={props.spellCheck}
        aria-describedby={describedBy}
        aria-invalid={props.error ? true : undefined}
      />
    </FieldFrame>
  );
}

export function TextArea(
  props: FieldProps & {
    readonly value: string;
    readonly onChange: (v: string) => void;
    readonly rows?: number;
    readonly required?: boolean;
  },
): ReactNode {
  const { id, describedBy } = useFieldIds(props);
  return (
    <FieldFrame {...props} id={id}>
      <textarea
        id={id}
        name={id}
        className="input input-full"
        rows={props.rows ?? 5}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        required={props.required}
        aria-describedby={describedBy}
        aria-invalid={props.error ? true : undefined}
      />
    </FieldFrame>
  );
}

export function Select(
  props: FieldProps & {
    readonly value: string;
    readonly onChange: (v: string) => void;
    readonly options: readonly (readonly [value: string, label: string])[];
    readonly placeholder?: string;
    readonly required?: boolean;
  },
): ReactNode {
  const { id, describedBy } = useFieldIds(props);
  return (
    <FieldFrame {...props} id={id}>
      <select
        id={id}
        name={id}
        className="input"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        required={props.required}
        aria-describedby={describedBy}
        aria-invalid={props.error ? true : undefined}
      >
        {props.placeholder !== undefined ? <option value="">{props.placeholder}</option> : null}
        {props.options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/** A set of radio buttons in a fieldset with a legend. */
export function Radios(props: {
  readonly id: string;
  readonly legend: ReactNode;
  readonly hint?: ReactNode;
  readonly error?: string | undefined;
  readonly value: string;
  readonly onChange: (v: string) => void;
  readonly options: readonly (readonly [value: string, label: string])[];
  readonly large?: boolean;
}): ReactNode {
  const describedBy =
    [props.hint ? `${props.id}-hint` : null, props.error ? `${props.id}-error` : null]
      .filter(Boolean)
      .join(' ') || undefined;
  return (
    <fieldset
      className={`field radios${props.error ? ' field-error' : ''}`}
      aria-describedby={describedBy}
    >
      <legend className={props.large ? 'legend-large' : undefined}>{props.legend}</legend>
      {props.hint ? (
        <p className="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p className="error-message" id={`${props.id}-error`}>
          <span className="visually-hidden">Error: </span>
          {props.error}
        </p>
      ) : null}
      {props.options.map(([v, l], i) => (
        <div className="radio" key={v}>
          <input
            type="radio"
            id={i === 0 ? props.id : `${props.id}-${v}`}
            name={props.id}
            value={v}
            checked={props.value === v}
            onChange={() => props.onChange(v)}
          />
          <label htmlFor={i === 0 ? props.id : `${props.id}-${v}`}>{l}</label>
        </div>
      ))}
    </fieldset>
  );
}

/** A submit button that shows it is busy (and cannot be pressed twice). */
export function Button(props: {
  readonly children: ReactNode;
  readonly busy?: boolean;
  readonly kind?: 'primary' | 'secondary' | 'warning' | 'link';
  readonly type?: 'submit' | 'button';
  readonly onClick?: () => void;
  readonly disabled?: boolean;
  readonly describedBy?: string;
}): ReactNode {
  return (
    <button
      type={props.type ?? 'submit'}
      className={`button button-${props.kind ?? 'primary'}`}
      disabled={props.disabled || props.busy}
      aria-busy={props.busy ? true : undefined}
      aria-describedby={props.describedBy}
      onClick={props.onClick}
    >
      {props.children}
    </button>
  );
}

const BAND_LABEL: Readonly<Record<Band, string>> = {
  IMMINENT: 'Imminent',
  HIGH: 'High',
  MEDIUM: 'Medium',
  LOW: 'Low',
  NONE: 'None',
};

/** The triage band as text (never colour alone). */
export function BandBadge(props: { readonly band: Band | null }): ReactNode {
  if (!props.band) return <span className="band band-unassessed">Not assessed</span>;
  return <span className={`band band-${props.band.toLowerCase()}`}>{BAND_LABEL[props.band]}</span>;
}

/** A SHA-256 in monospace that wraps, with its algorithm named for screen readers. */
export function Hash(props: { readonly value: string }): ReactNode {
  return (
    <code className="hash" aria-label={`SHA-256 ${props.value}`}>
      {props.value}
    </code>
  );
}

const dateTime = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'Europe/London',
});

/** A UTC time shown in UK time, with the ISO value in `datetime`. */
export function Time(props: { readonly at: string | null }): ReactNode {
  if (!props.at) return <span className="muted">—</span>;
  const d = new Date(props.at);
  return (
    <time dateTime={props.at}>{Number.isNaN(d.getTime()) ? props.at : dateTime.format(d)}</time>
  );
}

/** Minutes as `2 d 3 h`, `3 h 05 min` or `12 min`. */
export function formatMinutes(total: number): string {
  const sign = total < 0 ? '−' : '';
  const m = Math.abs(Math.round(total));
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  const min = m % 60;
  if (d > 0) return `${sign}${d} d ${h} h`;
  if (h > 0) return `${sign}${h} h ${String(min).padStart(2, '0')} min`;
  return `${sign}${min} min`;
}

/** Milliseconds as `1 h 05 min` / `12 min` / `40 s`. */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  return formatMinutes(ms / 60_000);
}

/** Bytes as `1.2 MB` (SI units). */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} bytes`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = -1;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i] ?? 'B'}`;
}

/** Turns a kebab-case code into words: `safeguarding-only` → `Safeguarding only`. */
export function humanize(code: string): string {
  const s = code.replace(/[-_]/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Whether `allowed` lists `action`. */
export function may(allowed: readonly string[], action: string): boolean {
  return allowed.includes(action);
}

export interface Action {
  readonly busy: boolean;
  readonly error: string | null;
  /** Runs `fn`, tracking busy and turning a failure into `error`; resolves true on success. */
  readonly run: (fn: () => Promise<unknown>) => Promise<boolean>;
}

/** Busy and error state for one form's submit. */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async (fn: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await fn();
      return true;
    } catch (e) {
      setError(describeError(e));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run };
}
