/**
 * The app's own types for what the runtime hands its code, declared once by the app (module
 * augmentation, as TanStack Router registers its router), so the runtime names no ORM:
 *
 *   declare module "@/lib/continuation" {
 *     interface Register { transaction: DbTransaction; reader: Db }
 *   }
 *
 * Without a registration both are `unknown`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Register {}

/** The handle a callback writes domain data through, in the step's transaction. */
export type DomainTransaction = Register extends { transaction: infer T } ? T : unknown;
/** What an action's build function reads the domain through. */
export type DomainReader = Register extends { reader: infer D } ? D : unknown;
