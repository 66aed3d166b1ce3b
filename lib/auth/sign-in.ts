import "server-only";
import bcrypt from "bcryptjs";
import { z } from "zod";
import type { Db } from "@/lib/db";
import { hasUnsafeCharacters } from "@/lib/input";

// Messages are whole sentences: the form shows them as they are, the API joins them.
export const SignInInputSchema = z.strictObject(
  {
    username: z
      .string({ error: "Enter your agent name." })
      .refine((name) => !hasUnsafeCharacters(name), "An agent name has no control characters.")
      .trim()
      .toLowerCase()
      .min(1, "Enter your agent name.")
      .max(64, "That agent name is too long."),
    password: z
      .string({ error: "Enter your password." })
      .min(1, "Enter your password.")
      .max(200, "That password is too long."),
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `Unknown ${issue.keys.length === 1 ? "field" : "fields"}: ${issue.keys.join(", ")}.`
        : issue.code === "invalid_type"
          ? "Send { username, password }."
          : undefined,
  },
);
export type SignInInput = z.infer<typeof SignInInputSchema>;

// Compared against when the agent does not exist, so both cases take the same time.
const NO_SUCH_AGENT_HASH = bcrypt.hashSync("no-such-agent", 10);

/** The agent's id if the credentials match, else null. */
export async function verifyAgentCredentials(db: Db, input: SignInInput): Promise<string | null> {
  const agent = await db.agent.findUnique({ where: { username: input.username } });
  const matches = await bcrypt.compare(input.password, agent?.passwordHash ?? NO_SUCH_AGENT_HASH);
  return agent && matches ? agent.id : null;
}
