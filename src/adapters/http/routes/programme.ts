/**
 * The volunteer programme (`src/contracts/programme.ts`): the public application form; members,
 * vetting and training for programme managers; officers' authorisations; the rota; a volunteer's
 * own record, "stop now", end of shift and check-in; debriefs; welfare trends; settings,
 * reminders, figures and the transparency summary. Routes are thin: each calls one use case.
 */
import type { ZodType } from 'zod';
import { IdParams, Ok } from '../../../contracts/common.ts';
import {
  ApplicationBody,
  ApplicationReceipt,
  AuthorisationList,
  AuthorisationView,
  BarredListBody,
  CancelAuthorisationBody,
  CheckInBody,
  CircumstanceBody,
  CompletionBody,
  CreateAuthorisationBody,
  CreateMemberBody,
  DebriefBody,
  DebriefList,
  DeclarationBody,
  InvestigationBody,
  LegalStatusBody,
  LinkAccountBody,
  MemberDetail,
  MemberList,
  MemberStatusBody,
  MetricsQuery,
  ModuleBody,
  ModuleList,
  ModuleParams,
  ModuleView,
  MyProgramme,
  ProgrammeMetrics,
  ProgrammeSettingsBody,
  ReminderRun,
  ReviewAuthorisationBody,
  RotaEntryBody,
  RotaEntryView,
  RotaQuery,
  RotaView,
  TransparencyExportQuery,
  TransparencySummary,
  TrendQuery,
  VettingBody,
  WelfareTrends,
} from '../../../contracts/programme.ts';
import {
  cancelAuthorisation,
  createAuthorisation,
  listAuthorisations,
  reviewAuthorisation,
} from '../../../usecases/programme/authorisations.ts';
import { listDebriefs, recordDebrief } from '../../../usecases/programme/debriefs.ts';
import {
  addCircumstance,
  addDeclaration,
  applyToJoin,
  createMember,
  linkAccount,
  listMembers,
  recordBarredListCheck,
  recordCompletion,
  recordVetting,
  setInvestigation,
  setLegalStatus,
  setMemberStatus,
  viewMember,
} from '../../../usecases/programme/members.ts';
import { programmeMetrics } from '../../../usecases/programme/metrics.ts';
import { addRotaEntry, cancelRotaEntry, viewRota } from '../../../usecases/programme/rota.ts';
import {
  getProgrammeSettings,
  setProgrammeSettings,
} from '../../../usecases/programme/settings.ts';
import { sendDueReminders } from '../../../usecases/programme/sweep.ts';
import { listModules, putModule } from '../../../usecases/programme/training.ts';
import {
  exportTransparency,
  transparencySummary,
} from '../../../usecases/programme/transparency.ts';
import { welfareTrends } from '../../../usecases/programme/welfare-trends.ts';
import {
  checkIn,
  endShift,
  myProgramme,
  stopNow,
} from '../../../usecases/programme/welfare-self.ts';
import { actorOf } from '../request-context.ts';
import type { DeskApp, RouteDeps } from '../types.ts';
import { contentDisposition } from './exhibits.ts';

export function registerProgrammeRoutes(app: DeskApp, { ctx, config }: RouteDeps): void {
  const limit = { max: config.publicRateLimit, timeWindow: 60_000 };
  app.post(
    '/public/applications',
    {
      config: { access: 'public', rateLimit: limit },
      schema: {
        tags: ['public'],
        body: ApplicationBody,
        response: { 200: ApplicationReceipt },
      },
    },
    async (req) => {
      const r = await applyToJoin(ctx, actorOf(req), req.body);
      return {
        reference: r.reference,
        message:
          'Thank you. Your application has been received. The programme manager will contact you about vetting and training.',
      };
    },
  );

  // --- members (programme managers)
  const members = ['members'];
  app.get('/members', { schema: { tags: members, response: { 200: MemberList } } }, async (req) =>
    listMembers(ctx, actorOf(req)),
  );
  app.post(
    '/members',
    { schema: { tags: members, body: CreateMemberBody, response: { 200: MemberDetail } } },
    async (req) => createMember(ctx, actorOf(req), req.body),
  );
  app.get(
    '/members/:id',
    { schema: { tags: members, params: IdParams, response: { 200: MemberDetail } } },
    async (req) => viewMember(ctx, actorOf(req), req.params.id),
  );
  const change = <B>(
    path: string,
    body: ZodType<B>,
    run: (actor: ReturnType<typeof actorOf>, id: string, b: B) => Promise<unknown>,
  ): void => {
    app.post(
      `/members/:id/${path}`,
      { schema: { tags: members, params: IdParams, body, response: { 200: MemberDetail } } },
      async (req) => MemberDetail.parse(await run(actorOf(req), req.params.id, req.body as B)),
    );
  };
  change('status', MemberStatusBody, (a, id, b) => setMemberStatus(ctx, a, id, b));
  change('legal-status', LegalStatusBody, (a, id, b) => setLegalStatus(ctx, a, id, b.legalStatus));
  change('account', LinkAccountBody, (a, id, b) => linkAccount(ctx, a, id, b.userId));
  change('declarations', DeclarationBody, (a, id, b) => addDeclaration(ctx, a, id, b));
  change('circumstances', CircumstanceBody, (a, id, b) => addCircumstance(ctx, a, id, b));
  change('investigation', InvestigationBody, (a, id, b) => setInvestigation(ctx, a, id, b));
  change('barred-list-check', BarredListBody, (a, id, b) => recordBarredListCheck(ctx, a, id, b));
  change('vetting', VettingBody, (a, id, b) => recordVetting(ctx, a, id, b));
  change('training', CompletionBody, (a, id, b) => recordCompletion(ctx, a, id, b));

  // --- training catalogue
  app.get(
    '/training/modules',
    { schema: { tags: ['training'], response: { 200: ModuleList } } },
    async (req) => listModules(ctx, actorOf(req)),
  );
  app.put(
    '/training/modules/:id',
    {
      schema: {
        tags: ['training'],
        params: ModuleParams,
        body: ModuleBody,
        response: { 200: ModuleView },
      },
    },
    async (req) =>
      putModule(ctx, actorOf(req), req.params.id, {
        title: req.body.title,
        version: req.body.version,
        validityMonths: req.body.validityMonths,
        retired: req.body.retired,
      }),
  );

  // --- authorisations (officers)
  const auth = ['authorisations'];
  app.get(
    '/authorisations',
    { schema: { tags: auth, response: { 200: AuthorisationList } } },
    async (req) => listAuthorisations(ctx, actorOf(req)),
  );
  app.post(
    '/authorisations',
    { schema: { tags: auth, body: CreateAuthorisationBody, response: { 200: AuthorisationView } } },
    async (req) => createAuthorisation(ctx, actorOf(req), req.body),
  );
  app.post(
    '/authorisations/:id/review',
    {
      schema: {
        tags: auth,
        params: IdParams,
        body: ReviewAuthorisationBody,
        response: { 200: AuthorisationView },
      },
    },
    async (req) => reviewAuthorisation(ctx, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/authorisations/:id/cancel',
    {
      schema: {
        tags: auth,
        params: IdParams,
        body: CancelAuthorisationBody,
        response: { 200: AuthorisationView },
      },
    },
    async (req) => cancelAuthorisation(ctx, actorOf(req), req.params.id, req.body),
  );

  // --- rota
  app.get(
    '/rota',
    { schema: { tags: ['rota'], querystring: RotaQuery, response: { 200: RotaView } } },
    async (req) => viewRota(ctx, actorOf(req), req.query),
  );
  app.post(
    '/rota',
    { schema: { tags: ['rota'], body: RotaEntryBody, response: { 200: RotaEntryView } } },
    async (req) => addRotaEntry(ctx, actorOf(req), req.body),
  );
  app.post(
    '/rota/:id/cancel',
    { schema: { tags: ['rota'], params: IdParams, response: { 200: RotaEntryView } } },
    async (req) => cancelRotaEntry(ctx, actorOf(req), req.params.id),
  );

  // --- a volunteer's own record and welfare
  const me = ['welfare'];
  app.get('/programme/me', { schema: { tags: me, response: { 200: MyProgramme } } }, async (req) =>
    myProgramme(ctx, actorOf(req)),
  );
  app.post(
    '/programme/me/stop-now',
    { schema: { tags: me, response: { 200: MyProgramme } } },
    async (req) => stopNow(ctx, actorOf(req)),
  );
  app.post(
    '/programme/me/end-shift',
    { schema: { tags: me, response: { 200: MyProgramme } } },
    async (req) => endShift(ctx, actorOf(req)),
  );
  app.post(
    '/programme/me/check-in',
    { schema: { tags: me, body: CheckInBody, response: { 200: MyProgramme } } },
    async (req) => checkIn(ctx, actorOf(req), req.body),
  );

  // --- debriefs (officers)
  app.get('/debriefs', { schema: { tags: me, response: { 200: DebriefList } } }, async (req) =>
    listDebriefs(ctx, actorOf(req)),
  );
  app.post(
    '/debriefs',
    { schema: { tags: me, body: DebriefBody, response: { 200: Ok } } },
    async (req) => {
      await recordDebrief(ctx, actorOf(req), req.body);
      return { ok: true as const };
    },
  );

  // --- welfare lead, settings, reminders, figures, transparency
  app.get(
    '/welfare/trends',
    { schema: { tags: me, querystring: TrendQuery, response: { 200: WelfareTrends } } },
    async (req) => welfareTrends(ctx, actorOf(req), req.query),
  );
  const prog = ['programme'];
  app.get(
    '/programme/settings',
    { schema: { tags: prog, response: { 200: ProgrammeSettingsBody } } },
    async (req) => ProgrammeSettingsBody.parse(await getProgrammeSettings(ctx, actorOf(req))),
  );
  app.put(
    '/programme/settings',
    {
      schema: { tags: prog, body: ProgrammeSettingsBody, response: { 200: ProgrammeSettingsBody } },
    },
    async (req) =>
      ProgrammeSettingsBody.parse(await setProgrammeSettings(ctx, actorOf(req), req.body)),
  );
  app.post(
    '/programme/reminders',
    { schema: { tags: prog, response: { 200: ReminderRun } } },
    async (req) => sendDueReminders(ctx, actorOf(req)),
  );
  app.get(
    '/programme/metrics',
    { schema: { tags: prog, querystring: MetricsQuery, response: { 200: ProgrammeMetrics } } },
    async (req) => programmeMetrics(ctx, actorOf(req), req.query),
  );
  app.get(
    '/programme/transparency',
    { schema: { tags: prog, querystring: MetricsQuery, response: { 200: TransparencySummary } } },
    async (req) => transparencySummary(ctx, actorOf(req), req.query),
  );
  app.get(
    '/programme/transparency/export',
    { schema: { tags: prog, querystring: TransparencyExportQuery } },
    async (req, reply) => {
      const out = await exportTransparency(ctx, actorOf(req), req.query);
      void reply
        .header('content-type', out.contentType)
        .header('content-disposition', contentDisposition(out.fileName))
        .header('cache-control', 'no-store');
      return reply.send(Buffer.from(out.body));
    },
  );
}
