import { z } from 'zod';

/** Who issues a command, as the caller's token describes them. */
export const Actor = z.object({
  user_id: z.string().min(1),
  username: z.string(),
  user_avatar: z.string().nullable(),
});
export type Actor = z.infer<typeof Actor>;
