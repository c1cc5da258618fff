import { z } from 'zod';

/** A request id minted by the sender; the hub is idempotent on it. */
export const Uuid = z.uuid();
export const IsoDateTime = z.iso.datetime({ offset: true });

/** Languages the shell speaks. French first; Arabic is right-to-left. */
export const Language = z.enum(['fr', 'en', 'ar']);
export type Language = z.infer<typeof Language>;

/** Every refusal from the hub has this shape: a stable code and a sentence for a human. */
export const ApiError = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});
export type ApiError = z.infer<typeof ApiError>;
