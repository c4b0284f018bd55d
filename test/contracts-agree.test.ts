/** The API contracts (zod, for the web client) agree with the one definitions in policies and core. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StaffRole as ContractRole } from '../src/contracts/common.ts';
import { TASK_TYPES as CONTRACT_TASK_TYPES, AnnotationLabel } from '../src/contracts/tasks.ts';
import { ACCESS_LOG_CSV_COLUMNS } from '../src/contracts/audit.ts';
import { JustificationReason, Outcome } from '../src/contracts/cases.ts';
import { STAFF_ROLES } from '../src/policies/roles.ts';
import { TASK_TYPES } from '../src/core/cases/task-types.ts';
import { OUTCOMES } from '../src/core/cases/referral.ts';
import { ANNOTATION_LABELS } from '../src/usecases/tasks/annotate-line.ts';
import { CSV_COLUMNS } from '../src/usecases/audit/access-log.ts';
import { JUSTIFICATION_REASONS } from '../src/usecases/cases/justification.ts';

test('staff roles', () =>
  assert.deepEqual([...ContractRole.options].sort(), [...STAFF_ROLES].sort()));
test('task types and which need identifiers', () =>
  assert.deepEqual(
    Object.fromEntries(Object.entries(CONTRACT_TASK_TYPES).map(([k, v]) => [k, v.needsSelectors])),
    Object.fromEntries(Object.entries(TASK_TYPES).map(([k, v]) => [k, v.needsSelectors])),
  ));
test('outcomes', () => assert.deepEqual([...Outcome.options], [...OUTCOMES]));
test('annotation labels', () =>
  assert.deepEqual([...AnnotationLabel.options], [...ANNOTATION_LABELS]));
test('justification reasons', () =>
  assert.deepEqual([...JustificationReason.options], [...JUSTIFICATION_REASONS]));
test('access-log CSV columns', () =>
  assert.deepEqual([...ACCESS_LOG_CSV_COLUMNS], [...CSV_COLUMNS]));
test('retention classes and review reasons', async () => {
  const contract = await import('../src/contracts/retention.ts');
  const core = await import('../src/core/retention/index.ts');
  assert.deepEqual([...contract.RetentionClassId.options], [...core.RETENTION_CLASS_IDS]);
  assert.deepEqual([...contract.RetainReason.options], [...core.RETAIN_REASONS]);
  assert.deepEqual([...contract.DisposeReason.options], [...core.DISPOSE_REASONS]);
});
test('programme: member statuses, legal statuses, vetting levels, declarations, circumstances', async () => {
  const c = await import('../src/contracts/programme.ts');
  const types = await import('../src/core/programme/types.ts');
  const vetting = await import('../src/core/programme/vetting.ts');
  assert.deepEqual([...c.MemberStatus.options], [...types.MEMBER_STATUSES]);
  assert.deepEqual([...c.LegalStatus.options], [...types.LEGAL_STATUSES]);
  assert.deepEqual([...c.VettingLevel.options], [...vetting.VETTING_LEVELS]);
  assert.deepEqual([...c.DeclarationKind.options], [...types.DECLARATION_KINDS]);
  assert.deepEqual([...c.CircumstanceKind.options], [...types.CIRCUMSTANCE_KINDS]);
});
test('programme: settings fields', async () => {
  const c = await import('../src/contracts/programme.ts');
  const s = await import('../src/core/programme/settings.ts');
  assert.deepEqual(
    Object.keys(c.ProgrammeSettingsBody.shape).sort(),
    Object.keys(s.DEFAULT_PROGRAMME_SETTINGS).sort(),
  );
});
