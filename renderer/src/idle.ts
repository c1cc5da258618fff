/**
 * What the first frame does not wait for: run once the page has loaded (not inside its load handlers)
 * and the browser is idle — after the first frame is painted — or after `timeoutMs` at most.
 */
export function afterFirstFrame(then: () => void, timeoutMs: number): void {
  const whenIdle = () => (typeof window.requestIdleCallback === 'function' ? window.requestIdleCallback(then, { timeout: timeoutMs }) : setTimeout(then, timeoutMs / 3));
  if (document.readyState === 'complete') whenIdle();
  else window.addEventListener('load', whenIdle, { once: true });
}
