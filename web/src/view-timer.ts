/**
 * Times a volunteer's page view of task material (R59: exposure measured, never self-reported):
 * `POST /tasks/:id/views` when the material is on screen, a heartbeat every
 * {@link HEARTBEAT_MS} while the page stays visible, and `end` when the page is hidden, left or
 * closed (sent with `keepalive` so it survives the unload). A hidden tab is not counted.
 */
import { useEffect, useRef } from 'react';
import { api } from './api/endpoints.ts';
import { ApiError } from './api/errors.ts';

/** Milliseconds between heartbeats. */
export const HEARTBEAT_MS = 30_000;

/**
 * @param onLocked - called when a heartbeat is refused because the task locked (a welfare limit
 *   reached, a requirement lapsed): the view is ended and the page should reload.
 */
export function useViewTimer(taskId: string, active: boolean, onLocked?: () => void): void {
  const lockedRef = useRef(onLocked);
  lockedRef.current = onLocked;
  useEffect(() => {
    if (!active) return;
    let viewId: string | null = null;
    let starting: Promise<void> | null = null;
    let beat: number | undefined;
    let disposed = false;

    const end = (keepalive: boolean): void => {
      window.clearInterval(beat);
      beat = undefined;
      const id = viewId;
      viewId = null;
      if (id) void api.endView(taskId, id, keepalive).catch(() => undefined);
    };

    const start = (): void => {
      if (viewId || starting || document.visibilityState === 'hidden') return;
      starting = api
        .startView(taskId)
        .then((t) => {
          viewId = t.viewId;
          if (disposed || document.visibilityState === 'hidden') {
            end(disposed);
            return;
          }
          beat = window.setInterval(() => {
            if (viewId)
              void api.heartbeatView(taskId, viewId).catch((e: unknown) => {
                if (e instanceof ApiError && e.code === 'TASK_LOCKED') {
                  end(false);
                  lockedRef.current?.();
                }
              });
          }, HEARTBEAT_MS);
        })
        .catch(() => undefined)
        .finally(() => {
          starting = null;
        });
    };

    const onVisibility = (): void => {
      if (document.visibilityState === 'hidden') end(true);
      else start();
    };
    const onPageHide = (): void => end(true);

    start();
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('pagehide', onPageHide);
    return () => {
      disposed = true;
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', onPageHide);
      end(false);
    };
  }, [taskId, active]);
}
