/**
 * Demo data: the agents alice and bob, the operator ops (the /ops console), and the products the
 * mock ERP knows.
 * Idempotent: creates what is missing and changes nothing that exists (an agent's password is
 * set only when the agent is created), so running it twice changes nothing and loses nothing.
 */
import { pathToFileURL } from "node:url";
import bcrypt from "bcryptjs";
import { getEnv } from "@/lib/env";
import { createDbFromEnv, type Db } from "@/lib/server/database";
import { catalogue } from "@/mock-services/erp/catalogue";

export const DEMO_AGENTS = [
  { username: "alice", displayName: "Alice Moreau" },
  { username: "bob", displayName: "Bob Lindqvist" },
] as const;

/** The operator: sees everyone's work in /ops, with its own password (OPS_PASSWORD). */
export const OPERATOR = { username: "ops", displayName: "Operations", role: "operator" } as const;

/** The product's id in the desk's database (stable across seeds). */
export const productId = (sku: string) => sku.toLowerCase();

export async function seed(
  db: Db,
  demoPassword: string,
  opsPassword: string = demoPassword,
): Promise<{ agents: number; products: number }> {
  let agents = 0;
  let products = 0;
  const accounts = [
    ...DEMO_AGENTS.map((agent) => ({ ...agent, password: demoPassword })),
    { ...OPERATOR, password: opsPassword },
  ];
  for (const { password, ...agent } of accounts) {
    const exists = await db.agent.findUnique({ where: { username: agent.username } });
    if (exists) continue;
    await db.agent.create({ data: { ...agent, passwordHash: await bcrypt.hash(password, 10) } });
    agents++;
  }
  // The demo catalogue is the mock ERP's: one source, so the two never drift apart.
  for (const item of catalogue) {
    const id = productId(item.sku);
    const exists = await db.product.findUnique({ where: { id } });
    if (exists) continue;
    await db.product.create({ data: { id, sku: item.sku, name: item.name, serialNumber: item.serial } });
    products++;
  }
  return { agents, products };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const env = getEnv();
  const db = createDbFromEnv(env);
  const created = await seed(db, env.DEMO_PASSWORD, env.OPS_PASSWORD);
  await db.$disconnect();
  console.log(
    `Seed: ${created.agents} accounts and ${created.products} products created (existing rows untouched).`,
  );
}
