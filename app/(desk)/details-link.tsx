import { LinkButton } from "./ui";

/** The path of a continuation's timeline, for its owner. */
export const detailsPath = (id: string) => `/continuations/${id}`;

/**
 * "Details" of a piece of the agent's work: its timeline. `of` names the work for assistive
 * technology ("Details for the warranty lookup for Cordless Drill 18V").
 */
export function DetailsLink({ id, of }: { id: string; of: string }) {
  return (
    <LinkButton href={detailsPath(id)} target={of}>
      Details
    </LinkButton>
  );
}
