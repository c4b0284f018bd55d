/**
 * Accounts over HTTP: TOTP required for officers, managers, auditors and admins (and enrolment
 * forced on first sign-in), lockout per account and per address, CSRF refused, sign-out
 * everywhere, session expiry, first-admin setup and invitations.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../../../test/support/databases.ts';
import {
  buildUser,
  Client,
  currentCode,
  openTestDesk,
  signIn,
  testServer,
  TEST_PASSWORD,
  type TestDesk,
} from '../../../test/support/desk.ts';
import { totpCode } from '../auth/totp.ts';
import { issueSetupLink } from '../../usecases/accounts/setup.ts';
import type { DeskApp } from './types.ts';

async function withServer(
  dialect: (typeof DIALECTS)[number],
  fn: (desk: TestDesk, app: DeskApp) => Promise<void>,
  config = {},
) {
  const desk = await openTestDesk(dialect, config);
  const { app } = await testServer(desk);
  try {
    await fn(desk, app);
  } finally {
    await app.close();
    await desk.close();
  }
}

const code = (r: { body: unknown }) => (r.body as { error?: { code?: string } }).error?.code;

for (const dialect of DIALECTS) {
  describe(`accounts on ${dialect}`, () => {
    test('officers, managers, auditors and admins need a TOTP code; volunteers do not', async () => {
      await withServer(dialect, async (desk, app) => {
        for (const role of ['officer', 'manager', 'auditor', 'admin'] as const) {
          const u = await buildUser(desk, role);
          const c = new Client(app);
          const r = await c.post('/api/v1/auth/login', {
            username: u.username,
            password: TEST_PASSWORD,
          });
          assert.equal(r.status, 200);
          assert.equal((r.body as { stage: string }).stage, 'totp-required', role);
          assert.equal((r.body as { signedIn: boolean }).signedIn, false);
          const blocked = await c.get('/api/v1/notifications');
          assert.equal(blocked.status, 401);
          assert.equal(code(blocked), 'SECOND_FACTOR_REQUIRED');
          const wrong = await c.post('/api/v1/auth/totp', { code: '000000' });
          assert.equal(code(wrong), 'TOTP_INVALID');
          const ok = await c.post('/api/v1/auth/totp', { code: await currentCode(desk) });
          assert.equal((ok.body as { stage: string }).stage, 'signed-in');
          assert.equal((await c.get('/api/v1/notifications')).status, 200);
        }
        const v = await buildUser(desk, 'volunteer');
        const r = await new Client(app).post('/api/v1/auth/login', {
          username: v.username,
          password: TEST_PASSWORD,
        });
        assert.equal((r.body as { stage: string }).stage, 'signed-in');
      });
    });

    test('a staff role without a second factor must enrol one before anything else', async () => {
      await withServer(dialect, async (desk, app) => {
        const u = await buildUser(desk, 'officer', { totpSecret: null });
        const c = new Client(app);
        const r = await c.post('/api/v1/auth/login', {
          username: u.username,
          password: TEST_PASSWORD,
        });
        assert.equal((r.body as { stage: string }).stage, 'totp-enrolment-required');
        assert.equal(code(await c.get('/api/v1/queue')), 'SECOND_FACTOR_REQUIRED');
        const e = await c.post('/api/v1/auth/totp/enrolment');
        assert.equal(e.status, 200);
        const { secret, otpauthUri } = e.body as { secret: string; otpauthUri: string };
        assert.match(otpauthUri, /^otpauth:\/\/totp\//);
        const before = c.cookie;
        const ok = await c.post('/api/v1/auth/totp/enrolment/confirm', {
          code: await totpCode(secret, desk.clock),
        });
        assert.equal(ok.status, 200, ok.raw);
        assert.equal((ok.body as { stage: string }).stage, 'signed-in');
        assert.notEqual(
          c.cookie,
          before,
          'the session token is replaced when the session gains privilege',
        );
        assert.equal((await c.get('/api/v1/queue')).status, 200);
        // The old token no longer works.
        const stale = new Client(app);
        stale.cookie = before;
        assert.equal((await stale.get('/api/v1/queue')).status, 401);
      });
    });

    test('repeated failures lock the account for a while, and the address', async () => {
      await withServer(
        dialect,
        async (desk, app) => {
          const u = await buildUser(desk, 'volunteer');
          const c = new Client(app, '198.51.100.1');
          for (let i = 0; i < 3; i++)
            assert.equal(
              code(
                await c.post('/api/v1/auth/login', {
                  username: u.username,
                  password: 'wrong password!',
                }),
              ),
              'SIGN_IN_FAILED',
            );
          const locked = await c.post('/api/v1/auth/login', {
            username: u.username,
            password: TEST_PASSWORD,
          });
          assert.equal(locked.status, 429);
          assert.equal(code(locked), 'SIGN_IN_LOCKED');
          // From another address too: the lock is on the account.
          assert.equal(
            code(
              await new Client(app, '198.51.100.2').post('/api/v1/auth/login', {
                username: u.username,
                password: TEST_PASSWORD,
              }),
            ),
            'SIGN_IN_LOCKED',
          );
          desk.testClock.ms += 16 * 60_000;
          assert.equal(
            (await c.post('/api/v1/auth/login', { username: u.username, password: TEST_PASSWORD }))
              .status,
            200,
            'the lock lapses after the window',
          );

          // Per address: failures spread over several names lock the address.
          const spray = new Client(app, '198.51.100.9');
          for (let i = 0; i < 5; i++)
            await spray.post('/api/v1/auth/login', {
              username: `nobody${i}`,
              password: 'wrong password!',
            });
          const v2 = await buildUser(desk, 'volunteer');
          assert.equal(
            code(
              await spray.post('/api/v1/auth/login', {
                username: v2.username,
                password: TEST_PASSWORD,
              }),
            ),
            'SIGN_IN_LOCKED',
          );
          assert.equal(
            (
              await new Client(app, '198.51.100.10').post('/api/v1/auth/login', {
                username: v2.username,
                password: TEST_PASSWORD,
              })
            ).status,
            200,
          );
        },
        { lockoutPerAccount: 3, lockoutPerIp: 5, lockoutWindowMinutes: 15 },
      );
    });

    test('wrong TOTP codes count towards the lock', async () => {
      await withServer(
        dialect,
        async (desk, app) => {
          const u = await buildUser(desk, 'officer');
          const c = new Client(app);
          await c.post('/api/v1/auth/login', { username: u.username, password: TEST_PASSWORD });
          await c.post('/api/v1/auth/totp', { code: '000000' });
          await c.post('/api/v1/auth/totp', { code: '000001' });
          assert.equal(
            code(await c.post('/api/v1/auth/totp', { code: await currentCode(desk) })),
            'SIGN_IN_LOCKED',
          );
        },
        { lockoutPerAccount: 2 },
      );
    });

    test('a state-changing request without the CSRF token is refused', async () => {
      await withServer(dialect, async (desk, app) => {
        const u = await buildUser(desk, 'volunteer');
        const c = await signIn(desk, app, u);
        const r = await c.post(
          '/api/v1/auth/logout-everywhere',
          {},
          { 'x-csrf-token': 'not-the-token' },
        );
        assert.equal(r.status, 403);
        assert.equal(code(r), 'CSRF_TOKEN_INVALID');
        const none = await c.request('POST', '/api/v1/auth/logout', {}, { 'x-csrf-token': '' });
        assert.equal(code(none), 'CSRF_TOKEN_INVALID');
        assert.equal(
          (await c.get('/api/v1/tasks')).status,
          200,
          'reads need no token and the session is still live',
        );
      });
    });

    test('the session cookie is HttpOnly and SameSite=Strict', async () => {
      await withServer(dialect, async (desk, app) => {
        const u = await buildUser(desk, 'volunteer');
        const res = await app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: u.username, password: TEST_PASSWORD },
        });
        const cookie = res.cookies.find((x) => x.name === 'custos_session');
        assert.ok(cookie);
        assert.equal(cookie.httpOnly, true);
        assert.equal(cookie.sameSite, 'Strict');
        assert.equal(cookie.path, '/');
      });
    });

    test('a TOTP code signs in once: a replay, even a simultaneous one, is refused', async () => {
      await withServer(dialect, async (desk, app) => {
        const u = await buildUser(desk, 'officer');
        const start = async () => {
          const c = new Client(app);
          const r = await c.post('/api/v1/auth/login', {
            username: u.username,
            password: TEST_PASSWORD,
          });
          assert.equal((r.body as { stage: string }).stage, 'totp-required');
          return c;
        };
        const totp = await currentCode(desk);
        const first = await (await start()).post('/api/v1/auth/totp', { code: totp });
        assert.equal((first.body as { stage: string }).stage, 'signed-in');
        const replay = await (await start()).post('/api/v1/auth/totp', { code: totp });
        assert.equal(replay.status, 401);
        assert.equal(code(replay), 'TOTP_INVALID');

        // The next step's code, sent by two sign-ins at the same moment: exactly one succeeds.
        desk.testClock.ms = (Math.floor(desk.testClock.ms / 30_000) + 1) * 30_000;
        const next = await currentCode(desk);
        const [a, b] = [await start(), await start()];
        const raced = await Promise.all([
          a.post('/api/v1/auth/totp', { code: next }),
          b.post('/api/v1/auth/totp', { code: next }),
        ]);
        assert.deepEqual(raced.map((r) => r.status).sort(), [200, 401]);
      });
    });

    test('sign out everywhere revokes every session of the account', async () => {
      await withServer(dialect, async (desk, app) => {
        const u = await buildUser(desk, 'officer');
        const a = await signIn(desk, app, u);
        const b = await signIn(desk, app, u);
        const r = await a.post('/api/v1/auth/logout-everywhere');
        assert.equal(r.status, 200);
        assert.equal((r.body as { revokedSessions: number }).revokedSessions, 2);
        assert.equal((await b.get('/api/v1/queue')).status, 401);
        assert.equal((await a.get('/api/v1/queue')).status, 401);
      });
    });

    test('an admin revokes sessions, and disabling an account ends them', async () => {
      await withServer(dialect, async (desk, app) => {
        const admin = await signIn(desk, app, await buildUser(desk, 'admin'));
        const u = await buildUser(desk, 'volunteer');
        const v = await signIn(desk, app, u);
        assert.equal((await admin.post(`/api/v1/users/${u.id}/revoke-sessions`)).status, 200);
        assert.equal((await v.get('/api/v1/tasks')).status, 401);
        const v2 = await signIn(desk, app, u);
        assert.equal(
          (await admin.request('PATCH', `/api/v1/users/${u.id}`, { status: 'disabled' })).status,
          200,
        );
        assert.equal((await v2.get('/api/v1/tasks')).status, 401);
        assert.equal(
          code(
            await new Client(app).post('/api/v1/auth/login', {
              username: u.username,
              password: TEST_PASSWORD,
            }),
          ),
          'SIGN_IN_FAILED',
        );
      });
    });

    test('sessions end when idle and at their absolute lifetime', async () => {
      await withServer(
        dialect,
        async (desk, app) => {
          const c = await signIn(desk, app, await buildUser(desk, 'volunteer'));
          desk.testClock.ms += 31 * 60_000;
          assert.equal(
            (await c.get('/api/v1/tasks')).status,
            401,
            'idle for longer than 30 minutes',
          );
          const d = await signIn(desk, app, await buildUser(desk, 'volunteer'));
          for (let i = 0; i < 5; i++) {
            desk.testClock.ms += 25 * 60_000;
            assert.equal((await d.get('/api/v1/tasks')).status, 200);
          }
          desk.testClock.ms += 25 * 60_000;
          assert.equal((await d.get('/api/v1/tasks')).status, 401, 'past the absolute lifetime');
        },
        { idleMinutes: 30, sessionMinutes: 140 },
      );
    });

    test('first start: a one-time setup link creates the first admin, who must enrol TOTP', async () => {
      await withServer(dialect, async (desk, app) => {
        const anon = new Client(app);
        assert.equal(
          ((await anon.get('/api/v1/session')).body as { setupNeeded: boolean }).setupNeeded,
          true,
        );
        const link = await issueSetupLink(desk);
        assert.ok(link);
        assert.match(link.url, /\/setup#token=/);
        const body = {
          token: link.token,
          username: 'first-admin',
          displayName: 'First Admin',
          initials: 'FAD',
          password: 'a long admin password',
        };
        const bad = await anon.post('/api/v1/auth/setup', { ...body, token: 'x'.repeat(43) });
        assert.equal(code(bad), 'SETUP_TOKEN_INVALID');
        const ok = await anon.post('/api/v1/auth/setup', body);
        assert.equal(ok.status, 200, ok.raw);
        assert.equal((ok.body as { stage: string }).stage, 'totp-enrolment-required');
        assert.equal(
          code(await new Client(app).post('/api/v1/auth/setup', { ...body, username: 'again' })),
          'SETUP_DONE',
        );
        assert.equal(await issueSetupLink(desk), null, 'no more links once an admin exists');
        const stored = await desk.uow.read.accounts.tokens.findByHash(link.token);
        assert.equal(stored, undefined, 'the token is stored only as its hash');
      });
    });

    test('an invitation sets the password once; staff cannot register themselves', async () => {
      await withServer(dialect, async (desk, app) => {
        const admin = await signIn(desk, app, await buildUser(desk, 'admin'));
        const created = await admin.post('/api/v1/users', {
          username: 'new.officer',
          displayName: 'New Officer',
          initials: 'NOF',
          role: 'officer',
        });
        assert.equal(created.status, 200, created.raw);
        const { invite, user } = created.body as {
          invite: { token: string; url: string };
          user: { status: string };
        };
        assert.equal(user.status, 'invited');
        assert.match(invite.url, /\/invite#token=/);
        const anon = new Client(app);
        const info = await anon.get(`/api/v1/auth/invites/${invite.token}`);
        assert.deepEqual((info.body as { username: string; role: string }).role, 'officer');
        assert.equal(
          code(
            await anon.post('/api/v1/auth/invites/accept', {
              token: invite.token,
              password: 'short',
            }),
          ),
          'REQUEST_INVALID',
        );
        const ok = await anon.post('/api/v1/auth/invites/accept', {
          token: invite.token,
          password: 'a long officer password',
        });
        assert.equal((ok.body as { stage: string }).stage, 'totp-enrolment-required');
        assert.equal(
          code(
            await new Client(app).post('/api/v1/auth/invites/accept', {
              token: invite.token,
              password: 'a long officer password',
            }),
          ),
          'INVITE_INVALID',
          'works once',
        );
        // A volunteer cannot create accounts.
        const vol = await signIn(desk, app, await buildUser(desk, 'volunteer'));
        assert.equal(
          (
            await vol.post('/api/v1/users', {
              username: 'self.made',
              displayName: 'Self',
              initials: 'SEL',
              role: 'officer',
            })
          ).status,
          403,
        );
        // An admin cannot change their own role.
        const me = (await admin.get('/api/v1/session')).body as { user: { id: string } };
        assert.equal(
          (await admin.request('PATCH', `/api/v1/users/${me.user.id}`, { role: 'officer' })).status,
          403,
        );
      });
    });

    test('changing the password keeps this session and ends the others', async () => {
      await withServer(dialect, async (desk, app) => {
        const u = await buildUser(desk, 'volunteer');
        const a = await signIn(desk, app, u);
        const b = await signIn(desk, app, u);
        assert.equal(
          code(
            await a.post('/api/v1/auth/password', {
              currentPassword: 'not it at all',
              newPassword: 'another long password',
            }),
          ),
          'PASSWORD_WRONG',
        );
        assert.equal(
          (
            await a.post('/api/v1/auth/password', {
              currentPassword: TEST_PASSWORD,
              newPassword: 'another long password',
            })
          ).status,
          200,
        );
        assert.equal((await a.get('/api/v1/tasks')).status, 200);
        assert.equal((await b.get('/api/v1/tasks')).status, 401);
        assert.equal(
          (
            await new Client(app).post('/api/v1/auth/login', {
              username: u.username,
              password: 'another long password',
            })
          ).status,
          200,
        );
      });
    });

    test('sign-in routes are rate-limited per address', async () => {
      const desk = await openTestDesk(dialect);
      const { app } = await testServer(desk, { authRateLimit: 3 });
      try {
        const c = new Client(app, '192.0.2.50');
        const statuses = [];
        for (let i = 0; i < 4; i++)
          statuses.push(
            (await c.post('/api/v1/auth/login', { username: 'x', password: 'y' })).status,
          );
        assert.deepEqual(statuses, [401, 401, 401, 429]);
        assert.equal(
          code(await c.post('/api/v1/auth/login', { username: 'x', password: 'y' })),
          'RATE_LIMITED',
        );
      } finally {
        await app.close();
        await desk.close();
      }
    });
  });
}
