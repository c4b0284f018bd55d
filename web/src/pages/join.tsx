/**
 * The public application to join the volunteer programme. Past membership of an online activist
 * ("hunter") group is declared here: it does not by itself rule anyone out (legal-framework R5),
 * but it must be known. Nothing is sent anywhere but the programme manager.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { ApplicationBody, type ApplicationReceipt } from '../../../src/contracts/index.ts';
import { api } from '../api/endpoints.ts';
import {
  Button,
  ErrorSummary,
  Notice,
  PageTitle,
  Radios,
  TextArea,
  TextField,
  useAction,
  type FieldErrors,
} from '../components/ui.tsx';

const LABELS: Readonly<Record<string, string>> = {
  'join-name': 'Full name',
  'join-email': 'Email address',
  'join-over18': 'Age',
  'join-past': 'Past group membership',
  'join-motivation': 'Why you want to volunteer',
  'join-consent': 'Agreement',
};

export function JoinPage(): ReactNode {
  const [f, setF] = useState({
    name: '',
    email: '',
    phone: '',
    over18: '',
    past: '',
    pastGroups: '',
    channels: '',
    connections: '',
    motivation: '',
    consent: false,
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [done, setDone] = useState<ApplicationReceipt | null>(null);
  const action = useAction();
  const set = (k: keyof typeof f) => (v: string) => setF((s) => ({ ...s, [k]: v }));

  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (f.name.trim().length < 2) errs['join-name'] = 'Enter your full name';
    if (!/^\S+@\S+\.\S+$/.test(f.email.trim())) errs['join-email'] = 'Enter an email address';
    if (f.over18 !== 'yes')
      errs['join-over18'] = 'Volunteers must be 18 or over; choose “Yes” if you are';
    if (f.past === '') errs['join-past'] = 'Say whether you have been in an online group';
    if (f.motivation.trim().length < 10)
      errs['join-motivation'] = 'Tell us in a sentence or two why you want to volunteer';
    if (!f.consent) errs['join-consent'] = 'Agree to vetting and to your answers being kept';
    setErrors(errs);
    if (Object.keys(errs).length) return;
    const body = ApplicationBody.safeParse({
      name: f.name.trim(),
      email: f.email.trim(),
      ...(f.phone.trim() ? { phone: f.phone.trim() } : {}),
      over18: true,
      pastGroupMembership: f.past === 'yes',
      ...(f.past === 'yes' && f.pastGroups.trim() ? { pastGroups: f.pastGroups.trim() } : {}),
      ...(f.channels.trim() ? { channels: f.channels.trim() } : {}),
      ...(f.connections.trim() ? { connections: f.connections.trim() } : {}),
      motivation: f.motivation.trim(),
      consent: true,
    });
    if (!body.success) {
      setErrors({ 'join-name': 'Check your answers' });
      return;
    }
    await action.run(async () => setDone(await api.apply(body.data)));
  }

  if (done)
    return (
      <>
        <PageTitle>Application received</PageTitle>
        <Notice kind="success" title={`Your reference: ${done.reference}`}>
          <p data-testid="application-reference">{done.reference}</p>
          <p>{done.message}</p>
        </Notice>
      </>
    );

  return (
    <div className="narrow">
      <PageTitle>Volunteer with the programme</PageTitle>
      <p>
        Volunteers help police officers with online child-protection reports: reading chat
        transcripts, summarising them and checking identifiers, under a named officer, with
        training, vetting and welfare support. Volunteers never contact anyone, never chat with
        suspects and never see indecent images.
      </p>
      <p className="muted">
        If you have been part of an online group that confronted or exposed people, say so below. It
        does not rule you out by itself; what matters is that the programme knows.
      </p>
      <form noValidate onSubmit={(e) => void onSubmit(e)} aria-label="Application to join">
        <ErrorSummary errors={errors} labels={LABELS} />
        {action.error ? <Notice kind="error">{action.error}</Notice> : null}
        <TextField
          id="join-name"
          label="Full name"
          autoComplete="name"
          value={f.name}
          onChange={set('name')}
          error={errors['join-name']}
        />
        <TextField
          id="join-email"
          label="Email address"
          type="email"
          autoComplete="email"
          value={f.email}
          onChange={set('email')}
          error={errors['join-email']}
        />
        <TextField
          id="join-phone"
          label="Phone number (optional)"
          type="tel"
          autoComplete="tel"
          width="medium"
          value={f.phone}
          onChange={set('phone')}
        />
        <Radios
          id="join-over18"
          legend="Are you 18 or over?"
          value={f.over18}
          onChange={set('over18')}
          error={errors['join-over18']}
          options={[
            ['yes', 'Yes'],
            ['no', 'No'],
          ]}
        />
        <Radios
          id="join-past"
          legend="Have you ever been a member of an online group that confronted, exposed or “hunted” people?"
          hint="Including groups you have left. This is not disqualifying by itself."
          value={f.past}
          onChange={set('past')}
          error={errors['join-past']}
          options={[
            ['yes', 'Yes'],
            ['no', 'No'],
          ]}
        />
        {f.past === 'yes' ? (
          <TextArea
            id="join-past-groups"
            label="Which groups, when, and what you did in them"
            rows={3}
            value={f.pastGroups}
            onChange={set('pastGroups')}
          />
        ) : null}
        <TextArea
          id="join-channels"
          label="Social-media channels you run that post about people (optional)"
          rows={2}
          value={f.channels}
          onChange={set('channels')}
        />
        <TextArea
          id="join-connections"
          label="Any police investigation or case you are involved in (optional)"
          hint="As a witness, suspect, complainant or relative. You will not be given tasks on it."
          rows={2}
          value={f.connections}
          onChange={set('connections')}
        />
        <TextArea
          id="join-motivation"
          label="Why do you want to volunteer?"
          rows={4}
          value={f.motivation}
          onChange={set('motivation')}
          error={errors['join-motivation']}
        />
        <div className={`field${errors['join-consent'] ? ' field-error' : ''}`}>
          {errors['join-consent'] ? (
            <p className="error-message" id="join-consent-error">
              <span className="visually-hidden">Error: </span>
              {errors['join-consent']}
            </p>
          ) : null}
          <div className="radio">
            <input
              type="checkbox"
              id="join-consent"
              checked={f.consent}
              onChange={(e) => setF((s) => ({ ...s, consent: e.target.checked }))}
              aria-describedby={errors['join-consent'] ? 'join-consent-error' : undefined}
            />
            <label htmlFor="join-consent">
              I agree to police vetting and to the programme keeping my answers
            </label>
          </div>
        </div>
        <Button busy={action.busy}>Send application</Button>
      </form>
    </div>
  );
}
