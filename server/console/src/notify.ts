/**
 * Browser notifications for new and escalated requests, only once the helper allowed them (the
 * browser asks after a click on "Activer les notifications", never on page load).
 */
export type NotifyPermission = 'granted' | 'denied' | 'default' | 'unsupported';

export function notifyPermission(): NotifyPermission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

export async function askNotifyPermission(): Promise<NotifyPermission> {
  if (typeof Notification === 'undefined') return 'unsupported';
  try {
    return await Notification.requestPermission();
  } catch {
    return Notification.permission;
  }
}

/** Shows a notification when allowed; clicking it brings the console to the front on the queue. */
export function notify(title: string, body: string, tag: string): void {
  if (notifyPermission() !== 'granted') return;
  try {
    const n = new Notification(title, { body, tag, lang: document.documentElement.lang });
    n.onclick = () => {
      window.focus();
      location.hash = '#/queue';
      n.close();
    };
  } catch {
    // Some browsers only allow notifications from a service worker: the chime and the flash remain.
  }
}
