/**
 * The verifier page's script: lets a reader pick a bundle (zip or unzipped folder) and a pinned
 * verifier key, runs the same `verifyBundle` as `custos bundle verify`, and shows the report.
 * Untrusted text from the bundle is only ever set as `textContent`, never as HTML.
 */
import { verifyBundle, type BundleReport, type BundleSource } from '../../../core/bundle/verify.ts';
import { folderSource, zipSource } from './browser-source.ts';

const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el as T;
};

function el(tag: string, text?: string, cls?: string): HTMLElement {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

function setStatus(
  state: 'idle' | 'running' | 'done',
  ok: boolean | null,
  text: string,
  detail = '',
): void {
  const s = $('status');
  s.dataset.state = state;
  s.dataset.ok = ok === null ? '' : String(ok);
  s.className = `status ${ok === null ? 'neutral' : ok ? 'good' : 'bad'}`;
  s.replaceChildren(el('strong', text), el('span', detail));
}

function list(
  title: string,
  items: readonly { code: string; subject: string; message: string }[],
  id: string,
  cls: string,
): HTMLElement {
  const section = el('section');
  section.id = id;
  section.append(el('h2', `${title} (${items.length})`));
  const ul = el('ul', undefined, cls);
  for (const p of items) {
    const li = el('li');
    li.dataset.code = p.code;
    li.append(el('code', p.code), document.createTextNode(' '), el('span', p.message));
    ul.append(li);
  }
  section.append(ul);
  return section;
}

function render(r: BundleReport): void {
  const out = $('report');
  out.replaceChildren();
  const trustNote =
    r.key.source === 'pinned'
      ? 'checked against the key you pinned'
      : 'checked only against the key inside the bundle: this proves internal consistency, not origin';
  if (r.ok) {
    setStatus(
      'done',
      true,
      r.key.source === 'pinned' ? 'VERIFIED' : 'CONSISTENT (key not pinned)',
      `Every file, proof and continuity record checks out; ${trustNote}.`,
    );
  } else {
    setStatus(
      'done',
      false,
      'NOT VERIFIED',
      `${r.problems.length} problem(s) found; see below. The bundle must not be relied on as it is.`,
    );
  }
  const facts = el('dl');
  const fact = (k: string, v: string): void => {
    facts.append(el('dt', k), el('dd', v));
  };
  fact('Bundle', r.bundle ?? 'unknown');
  if (r.case) fact('Case', `${r.case.ref} — ${r.case.title}`);
  fact('Exported', `${r.createdAt ?? '?'} by ${r.createdBy ?? '?'}`);
  fact(
    'Custody log',
    r.checkpoint
      ? `${r.checkpoint.origin}, checkpoint size ${r.checkpoint.size}, root ${r.checkpoint.root}`
      : 'checkpoint not verified',
  );
  fact('Verifier key', `${r.key.verifierKey ?? 'none'} (${r.key.source})`);
  fact(
    'Files',
    `${r.files.checked} of ${r.files.listed} re-hashed, ${r.files.bytes.toLocaleString('en-GB')} bytes`,
  );
  fact('Custody events proved', String(r.eventsVerified));
  for (const c of r.consistency)
    fact(
      'Consistency',
      `from checkpoint size ${c.fromSize} (${c.basis}): ${c.ok ? 'proved' : 'FAILED'}`,
    );
  out.append(facts);
  if (r.problems.length > 0) out.append(list('Problems', r.problems, 'problems', 'problems'));
  if (r.warnings.length > 0) out.append(list('Warnings', r.warnings, 'warnings', 'warnings'));
  const table = el('table');
  const head = el('tr');
  for (const h of ['Exhibit', 'Kind', 'Held', 'SHA-256', 'Events', 'Result'])
    head.append(el('th', h));
  table.append(head);
  for (const x of r.exhibits) {
    const tr = el('tr');
    tr.dataset.ref = x.ref;
    tr.append(
      el('td', x.ref),
      el('td', x.kind),
      el(
        'td',
        x.disposal
          ? `disposed ${x.disposal.at} by ${x.disposal.actor}${x.disposal.reason ? ` (${x.disposal.reason})` : ''}`
          : x.holding,
      ),
      el('td', x.sha256, 'hash'),
      el('td', String(x.events)),
      el('td', x.ok ? 'ok' : 'PROBLEM', x.ok ? 'good' : 'bad'),
    );
    table.append(tr);
  }
  const ex = el('section');
  ex.append(el('h2', 'Exhibits'), table);
  out.append(ex);
}

async function run(): Promise<void> {
  const zip = $<HTMLInputElement>('zip').files?.[0];
  const folder = $<HTMLInputElement>('folder').files;
  const key = $<HTMLInputElement>('key').value.trim();
  let source: BundleSource;
  try {
    if (zip) source = await zipSource(zip);
    else if (folder && folder.length > 0) source = folderSource([...folder]);
    else {
      setStatus(
        'idle',
        null,
        'Choose a bundle first',
        'Pick the bundle zip, or the folder it was unzipped to.',
      );
      return;
    }
  } catch (e) {
    setStatus(
      'done',
      false,
      'NOT VERIFIED',
      `The bundle could not be read: ${e instanceof Error ? e.message : String(e)}`,
    );
    return;
  }
  setStatus('running', null, 'Verifying…', 'Re-hashing every file; large bundles take a while.');
  const progress = $<HTMLProgressElement>('progress');
  try {
    const report = await verifyBundle(source, {
      ...(key ? { verifierKey: key } : {}),
      onProgress: (done, total) => {
        progress.max = total || 1;
        progress.value = done;
      },
    });
    render(report);
  } catch (e) {
    setStatus(
      'done',
      false,
      'NOT VERIFIED',
      `The verifier stopped: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

$('zip').addEventListener('change', () => {
  $<HTMLInputElement>('folder').value = '';
});
$('folder').addEventListener('change', () => {
  $<HTMLInputElement>('zip').value = '';
});
$('verify').addEventListener('click', () => {
  void run();
});
setStatus('idle', null, 'Ready', 'Nothing is sent anywhere: the page has no network access.');
