/**
 * The transcript viewer: one list item per message (line = message index), the lines the triage
 * assessment cites highlighted with the indicator named beside them and the cited span marked,
 * and — for a volunteer's task — annotations on lines (derived records; the exhibit is never
 * changed). Nothing here offers a download, copy-out or export.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import {
  AnnotationLabel,
  type Annotation,
  type Citation,
  type TranscriptMessage,
  type TranscriptView,
} from '../../../src/contracts/index.ts';
import { describeError } from '../api/errors.ts';
import { Button, Notice, Select, TextField, humanize } from './ui.tsx';

/** `SECRECY_REQUEST` → `Secrecy request`. */
export function indicatorLabel(id: string): string {
  return humanize(id.toLowerCase());
}

/** One run of message text, marked when a citation covers it. */
export interface TextRun {
  readonly text: string;
  readonly citation: Citation | null;
}

/**
 * Splits `text` into runs at the citations' spans (`[start, end)` in UTF-16 code units, the
 * units of JavaScript string indices). Overlapping spans are clipped so no text repeats; spans
 * outside the text are clamped.
 */
export function splitByCitations(text: string, citations: readonly Citation[]): TextRun[] {
  const spans = citations
    .map((c) => ({
      c,
      s: Math.max(0, Math.min(c.span[0], text.length)),
      e: Math.max(0, Math.min(c.span[1], text.length)),
    }))
    .filter((x) => x.e > x.s)
    .sort((a, b) => a.s - b.s || b.e - a.e);
  const runs: TextRun[] = [];
  let at = 0;
  for (const { c, s, e } of spans) {
    const start = Math.max(s, at);
    if (start >= e) continue;
    if (start > at) runs.push({ text: text.slice(at, start), citation: null });
    runs.push({ text: text.slice(start, e), citation: c });
    at = e;
  }
  if (at < text.length || runs.length === 0) runs.push({ text: text.slice(at), citation: null });
  return runs;
}

/**
 * A message time as the export's device showed it: `2024-02-12T16:02:00+00:00` → `2024-02-12 16:02`
 * (seconds kept when not zero). Anything else is shown unchanged.
 */
export function shownTime(ts: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::(\d{2}))?/.exec(ts);
  if (!m) return ts;
  return `${m[1]} ${m[2]}${m[3] && m[3] !== '00' ? `:${m[3]}` : ''}`;
}

const LABEL_TEXT: Readonly<Record<AnnotationLabel, string>> = {
  relevant: 'Relevant',
  'age-mention': 'Age mentioned',
  secrecy: 'Secrecy',
  'platform-move': 'Move to another platform',
  'gift-or-offer': 'Gift or offer',
  'image-request': 'Image request',
  meeting: 'Meeting',
  other: 'Other',
};

export interface AnnotateInput {
  readonly messageIndex: number;
  readonly label: AnnotationLabel;
  readonly note: string;
}

export function TranscriptViewer(props: {
  readonly transcript: TranscriptView;
  readonly annotations?: readonly Annotation[];
  /** When given, each line offers an "Annotate" control. */
  readonly onAnnotate?: (a: AnnotateInput) => Promise<void>;
}): ReactNode {
  const { transcript: t } = props;
  const byLine = new Map<number, Citation[]>();
  for (const c of t.citations) byLine.set(c.line, [...(byLine.get(c.line) ?? []), c]);
  const notesByLine = new Map<number, Annotation[]>();
  for (const a of props.annotations ?? [])
    notesByLine.set(a.messageIndex, [...(notesByLine.get(a.messageIndex) ?? []), a]);
  const cited = [...byLine.keys()].sort((a, b) => a - b);

  return (
    <section className="transcript-view" aria-label={`Transcript ${t.exhibit.ref}`}>
      <dl className="summary-list summary-inline">
        <dt>Exhibit</dt>
        <dd>
          {t.exhibit.ref}
          {t.sourceRef ? ` (from ${t.sourceRef})` : ''}
        </dd>
        <dt>Format</dt>
        <dd>{t.format}</dd>
        <dt>Participants</dt>
        <dd>{t.participants.join(', ') || '—'}</dd>
        {t.assumedTimezone ? (
          <>
            <dt>Times</dt>
            <dd>as shown in the export, read as {t.assumedTimezone}</dd>
          </>
        ) : null}
      </dl>
      {t.masked ? (
        <p className="muted">Identifiers (usernames, numbers, links) are masked for you.</p>
      ) : null}
      {t.notes.length ? (
        <details className="details">
          <summary>Parser notes ({t.notes.length})</summary>
          <ul>
            {t.notes.map((n, i) => (
              <li key={i}>
                <code>{n.code}</code>: {n.message}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {cited.length ? (
        <nav aria-label="Lines cited by the triage assessment" className="citations">
          <h3>Cited lines</h3>
          <ul>
            {t.citations.map((c, i) => (
              <li key={`${c.line}-${c.indicator}-${i}`}>
                <a href={`#line-${c.line}`}>
                  Line {c.line}: {indicatorLabel(c.indicator)}
                </a>{' '}
                <span className="muted">
                  ({humanize(c.stage.toLowerCase())}, {c.speaker}, +{c.contribution.toFixed(2)})
                </span>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <ol className="transcript" aria-label="Messages">
        {t.messages.map((m) => (
          <MessageLine
            key={m.index}
            message={m}
            citations={byLine.get(m.index) ?? []}
            annotations={notesByLine.get(m.index) ?? []}
            {...(props.onAnnotate ? { onAnnotate: props.onAnnotate } : {})}
          />
        ))}
      </ol>
    </section>
  );
}

function MessageLine(props: {
  readonly message: TranscriptMessage;
  readonly citations: readonly Citation[];
  readonly annotations: readonly Annotation[];
  readonly onAnnotate?: (a: AnnotateInput) => Promise<void>;
}): ReactNode {
  const { message: m, citations } = props;
  const [open, setOpen] = useState(false);
  const cls = ['msg', m.system ? 'msg-system' : '', citations.length ? 'msg-cited' : '']
    .filter(Boolean)
    .join(' ');
  return (
    <li id={`line-${m.index}`} className={cls} data-line={m.index} tabIndex={-1}>
      <div className="msg-head">
        <span className="msg-line">Line {m.index}</span>
        <time className="msg-time" dateTime={m.timestamp}>
          {shownTime(m.timestamp)}
        </time>
        {m.sender ? <span className="msg-sender">{m.sender}</span> : null}
        {m.edited ? <span className="tag">edited</span> : null}
      </div>
      <p className="msg-text">
        {m.deleted ? (
          <em>This message was deleted</em>
        ) : (
          splitByCitations(m.text, citations).map((r, i) =>
            r.citation ? (
              <mark key={i} data-indicator={r.citation.indicator}>
                {r.text}
              </mark>
            ) : (
              <span key={i}>{r.text}</span>
            ),
          )
        )}
      </p>
      {m.attachments.length ? (
        <ul className="msg-attachments">
          {m.attachments.map((a, i) => (
            <li key={i}>
              Attachment {a.omitted ? '(not included in the export)' : ''}
              {a.fileName ? `: ${a.fileName}` : ''}
            </li>
          ))}
        </ul>
      ) : null}
      {citations.length ? (
        <ul className="msg-indicators" aria-label={`Indicators on line ${m.index}`}>
          {citations.map((c, i) => (
            <li key={i} className="indicator">
              <span className="visually-hidden">Triage indicator: </span>
              {indicatorLabel(c.indicator)}
              <span className="muted"> · {humanize(c.stage.toLowerCase())}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {props.annotations.length ? (
        <ul className="msg-annotations" aria-label={`Annotations on line ${m.index}`}>
          {props.annotations.map((a) => (
            <li key={a.id} className="annotation">
              <strong>{LABEL_TEXT[a.label]}</strong>
              {a.note ? `: ${a.note}` : ''} <span className="muted">— {a.author.displayName}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {props.onAnnotate ? (
        open ? (
          <AnnotateForm
            index={m.index}
            onAnnotate={props.onAnnotate}
            onClose={() => setOpen(false)}
          />
        ) : (
          <button type="button" className="button button-link small" onClick={() => setOpen(true)}>
            Annotate<span className="visually-hidden"> line {m.index}</span>
          </button>
        )
      ) : null}
    </li>
  );
}

function AnnotateForm(props: {
  readonly index: number;
  readonly onAnnotate: (a: AnnotateInput) => Promise<void>;
  readonly onClose: () => void;
}): ReactNode {
  const [label, setLabel] = useState<string>('relevant');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    const parsed = AnnotationLabel.safeParse(label);
    if (!parsed.success) return;
    setBusy(true);
    setError(null);
    try {
      await props.onAnnotate({ messageIndex: props.index, label: parsed.data, note: note.trim() });
      props.onClose();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form
      className="annotate-form"
      onSubmit={(e) => void onSubmit(e)}
      aria-label={`Annotate line ${props.index}`}
    >
      {error ? <Notice kind="error">{error}</Notice> : null}
      <Select
        id={`label-${props.index}`}
        label="Label"
        value={label}
        onChange={setLabel}
        options={AnnotationLabel.options.map((o) => [o, LABEL_TEXT[o]] as const)}
      />
      <TextField
        id={`note-${props.index}`}
        label="Note (optional)"
        value={note}
        onChange={setNote}
      />
      <div className="button-row">
        <Button busy={busy}>Save annotation</Button>
        <Button kind="secondary" type="button" onClick={props.onClose}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
