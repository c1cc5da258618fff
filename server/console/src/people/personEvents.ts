/**
 * "A person's path, progress or follow-up changed", as the console's feed receives it (issue 12): an
 * open person page listens and reloads, so the timeline shows a lesson finished on the machine live.
 */
const target = new EventTarget();

export function notifyPersonChanged(personId: string): void {
  target.dispatchEvent(new CustomEvent('person', { detail: personId }));
}

/** Calls `listener` when the person with this id changes; returns the unsubscribe function. */
export function onPersonChanged(personId: string, listener: () => void): () => void {
  const handler = (event: Event) => {
    if ((event as CustomEvent<string>).detail === personId) listener();
  };
  target.addEventListener('person', handler);
  return () => target.removeEventListener('person', handler);
}
