import { describe, expect, it } from 'vitest';
import { CRASH_LIMIT, CRASH_WINDOW_MS, afterRendererGone } from '../../../main/policy/crash.ts';

describe('afterRendererGone', () => {
  it('reloads the home screen after a crash', () => {
    expect(afterRendererGone('crashed', 1_000, [])).toEqual({ action: 'reload-home', recentCrashes: [1_000] });
    expect(afterRendererGone('oom', 1_000, []).action).toBe('reload-home');
    expect(afterRendererGone('killed', 1_000, []).action).toBe('reload-home');
  });

  it('does nothing when the page closed normally', () => {
    expect(afterRendererGone('clean-exit', 1_000, [500]).action).toBe('ignore');
  });

  it('restarts the whole app when the page keeps crashing within a minute', () => {
    let recent: number[] = [];
    const actions: string[] = [];
    for (let i = 0; i <= CRASH_LIMIT; i++) {
      const next = afterRendererGone('crashed', i * 1_000, recent);
      recent = next.recentCrashes;
      actions.push(next.action);
    }
    expect(actions).toEqual([...Array(CRASH_LIMIT).fill('reload-home'), 'restart-app']);
  });

  it('forgets crashes older than the window', () => {
    const old = [0, 1_000, 2_000];
    expect(afterRendererGone('crashed', CRASH_WINDOW_MS + 2_001, old)).toEqual({ action: 'reload-home', recentCrashes: [CRASH_WINDOW_MS + 2_001] });
  });
});
