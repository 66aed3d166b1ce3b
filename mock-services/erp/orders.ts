import { z } from "zod";

/** Order statuses in the order they are reached. */
export const ORDER_STATUSES = ["received", "confirmed", "shipped", "delivered"] as const;

/** Where an order is in its life. */
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/**
 * Milliseconds after creation at which an order becomes confirmed, shipped and delivered. Each
 * value is an integer ≥ 0 and none is smaller than the one before (equal values skip a status).
 */
export type OrderProgressMs = readonly [number, number, number];

/** What valid order progress thresholds look like, for error messages. */
export const ORDER_PROGRESS_EXPECTED =
  "three integers ≥ 0 (ms until confirmed, shipped, delivered), none smaller than the one before";

/**
 * Validates order progress thresholds; `name` (option `orderProgressMs`, env ERP_ORDER_PROGRESS_MS)
 * starts the error message.
 */
export function orderProgressSchema(name: string) {
  const error = `${name} must be ${ORDER_PROGRESS_EXPECTED}.`;
  const step = z.number({ error }).int({ error }).min(0, { error });
  return z
    .tuple([step, step, step], { error })
    .refine(([confirmed, shipped, delivered]) => confirmed <= shipped && shipped <= delivered, { error });
}

/** The validated fields of a `POST /orders` body. */
export interface OrderRequest {
  sku: string;
  quantity: number;
  /** Already trimmed. */
  customerReference: string;
}

/** An order as the ERP keeps it. */
export interface Order extends OrderRequest {
  orderNumber: string;
  createdAt: Date;
  /** The Idempotency-Key of the request that created it. */
  idempotencyKey: string;
}

/** A stored answer, replayed verbatim for a repeated Idempotency-Key. */
export interface StoredAnswer {
  status: number;
  body: unknown;
}

/** What the idempotency store remembers per key. */
export interface IdempotencyRecord {
  request: OrderRequest;
  answer: StoredAnswer;
}

/** Orders, their number sequence and the idempotency store of one server. */
export interface OrderStore {
  /** Creates an order with the next number ("SO-100001", "SO-100002", …). */
  create(request: OrderRequest, idempotencyKey: string, createdAt: Date): Order;
  get(orderNumber: string): Order | undefined;
  /** Every order, oldest first. */
  list(): Order[];
  /** The first answer stored for an Idempotency-Key, if any. */
  findAnswer(idempotencyKey: string): IdempotencyRecord | undefined;
  rememberAnswer(idempotencyKey: string, record: IdempotencyRecord): void;
  /** Forgets orders, stored answers and the number sequence (admin reset). */
  clear(): void;
}

const FIRST_ORDER_SEQUENCE = 100_001;
const LAST_ORDER_SEQUENCE = 999_999;

/** Creates an empty order store. */
export function createOrderStore(): OrderStore {
  let orders = new Map<string, Order>();
  let answers = new Map<string, IdempotencyRecord>();
  let nextSequence = FIRST_ORDER_SEQUENCE;
  return {
    create(request, idempotencyKey, createdAt) {
      if (nextSequence > LAST_ORDER_SEQUENCE) throw new Error("Order number sequence exhausted.");
      const order: Order = { ...request, orderNumber: `SO-${nextSequence++}`, createdAt, idempotencyKey };
      orders.set(order.orderNumber, order);
      return order;
    },
    get(orderNumber) {
      return orders.get(orderNumber);
    },
    list() {
      return [...orders.values()];
    },
    findAnswer(idempotencyKey) {
      return answers.get(idempotencyKey);
    },
    rememberAnswer(idempotencyKey, record) {
      answers.set(idempotencyKey, record);
    },
    clear() {
      orders = new Map();
      answers = new Map();
      nextSequence = FIRST_ORDER_SEQUENCE;
    },
  };
}

/** True when two requests describe the same order (used to detect a reused Idempotency-Key). */
export function sameOrderRequest(a: OrderRequest, b: OrderRequest): boolean {
  return a.sku === b.sku && a.quantity === b.quantity && a.customerReference === b.customerReference;
}

/**
 * The status of an order at `at`, and the moment it reached that status. Before creation (a clock
 * moved back) the order counts as just received.
 */
export function orderStatusAt(
  order: Order,
  at: Date,
  progressMs: OrderProgressMs,
): { status: OrderStatus; updatedAt: Date } {
  const created = order.createdAt.getTime();
  const elapsed = at.getTime() - created;
  let status: OrderStatus = "received";
  let updatedAt = created;
  for (const [index, threshold] of progressMs.entries()) {
    const next = ORDER_STATUSES[index + 1];
    if (next === undefined || elapsed < threshold) break;
    status = next;
    updatedAt = created + threshold;
  }
  return { status, updatedAt: new Date(updatedAt) };
}
