// Types of the Warranty Desk host library, `<desk>/embed/continuation-proxy.js` (a classic script
// that defines `window.WarrantyDesk`). Source: lib/embed/host-library.ts; protocol: docs/embedding.md.

export type EmbeddableAction = "getWarranty" | "createOrder";

export interface EmbedInputs {
  getWarranty: { productId: string };
  /** `quantity` is a JSON number, a whole number from 1 to 999. */
  createOrder: { productId: string; quantity: number; customerReference: string };
}

export type WarrantyOutcome =
  | { outcome: "active"; serial: string; endDate: string }
  | {
      outcome: "expired";
      serial: string;
      endDate: string;
      /** Extension offers; null when the ERP could not give them (see offersError). */
      offers: { code: string; months: number; price: { amount: number; currency: string } }[] | null;
      offersError: string | null;
    }
  | { outcome: "not_found"; serial: string };

export interface OrderResult {
  orderNumber: string;
  status: string;
  quantity: number;
  customerReference: string;
}

export interface EmbedResults {
  getWarranty: WarrantyOutcome;
  createOrder: OrderResult;
}

export interface EmbedProgress {
  step: number;
  status: "sent" | "receiving";
  /** The step names, for an action with fixed steps (Create order: Authenticating, Creating order, Reading status). */
  steps?: string[];
}

export interface ProxyState {
  status: "connecting" | "signed-in" | "signed-out";
  agent?: { displayName: string };
}

/** Codes: docs/embedding.md ("Error codes"); the ERP's own codes start with `ERP_`. */
export declare class ContinuationProxyError extends Error {
  readonly name: "ContinuationProxyError";
  readonly code: string;
  readonly fieldErrors?: Record<string, string[]>;
}

export interface ContinuationProxy {
  readonly frame: HTMLIFrameElement;
  invoke<A extends EmbeddableAction>(
    action: A,
    input: EmbedInputs[A],
    callbacks?: { onAccepted?(ticket: string): void; onProgress?(progress: EmbedProgress): void },
  ): Promise<EmbedResults[A]>;
  onStateChange(listener: (state: ProxyState) => void): () => void;
}

export declare function createContinuationProxy(options: {
  /** The desk's origin, e.g. https://desk.example.com */
  appOrigin: string;
  /** Where the proxy frame goes (first call only; default: the body). Keep it visible: it holds the Sign in button. */
  container?: HTMLElement;
}): ContinuationProxy;

declare global {
  interface Window {
    WarrantyDesk: {
      createContinuationProxy: typeof createContinuationProxy;
      ContinuationProxyError: typeof ContinuationProxyError;
    };
  }
}
