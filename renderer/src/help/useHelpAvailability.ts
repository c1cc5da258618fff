/** The association's phone number and how many helpers are on duty, kept current from main's events. */
import { useEffect, useState } from 'react';
import type { ShellInfo } from '../../../app/bridge/contract.ts';
import { bridge } from '../bridge.ts';

export type HelpAvailability = { helpPhone: string | null; helpersOnDuty: number | null };

export function useHelpAvailability(info: ShellInfo | null): HelpAvailability {
  const [availability, setAvailability] = useState<HelpAvailability>({ helpPhone: null, helpersOnDuty: null });
  useEffect(() => {
    if (info) setAvailability({ helpPhone: info.helpPhone, helpersOnDuty: info.helpersOnDuty });
  }, [info]);
  useEffect(() => bridge.on('helpAvailabilityChanged', (a) => setAvailability(a)), []);
  return availability;
}

/** Phone numbers are spoken and shown in groups; keep the way the association wrote them, only tidy spaces. */
export function formatPhone(phone: string): string {
  return phone.replace(/\s+/g, ' ').trim();
}
