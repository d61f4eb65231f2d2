/** The member of a union discriminated on `type` whose type is `T`. */
export type OfType<U extends { type: string }, T extends U['type']> = Extract<U, { type: T }>;
