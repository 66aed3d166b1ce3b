// The host library's script (public/embed/continuation-proxy.js): puts the library on the page as
// `window.WarrantyDesk`, for pages of other applications that load it with a plain <script> tag.
import { z } from "zod";
import { ContinuationProxyError, createContinuationProxy } from "./host-library";

// The host page may forbid eval (CSP); zod only probes for it, which such a page reports.
z.config({ jitless: true });

(window as unknown as { WarrantyDesk: object }).WarrantyDesk = {
  createContinuationProxy,
  ContinuationProxyError,
};
