/**
 * The demo host's one page: a "Northwind CRM" service console, standing in for a Salesforce
 * Lightning page on another site. A connection panel holds the Warranty Desk frame; two
 * independent components (a warranty lookup and an order form) each load their own handle on the
 * host library (`createContinuationProxy`, docs/embedding.md) and get the same broker, so the page
 * has one proxy frame however many components use it. Plain HTML, CSS and browser JavaScript: no
 * build step, nothing of the app's but the library the app serves.
 */
import { catalogue } from "../erp/catalogue";
import { lookupScript, orderScript, panelScript, scriptLiteral } from "./components";

/** The products the components offer: the desk's ids (`productId` in prisma/seed.ts) and names. */
export const HOST_PRODUCTS = catalogue.map((item) => ({ id: item.sku.toLowerCase(), name: item.name }));

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** `text` safe in HTML text and in a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

const STYLE = `
  :root {
    --ink: #181818; --muted: #5c5c5c; --line: #d8dde6; --page: #eef1f6; --card: #fff;
    --brand: #0b5cab; --brand-dark: #032d60; --ok: #2e844a; --warn: #8c4b02; --bad: #ba0517;
    font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
    color: var(--ink); background: var(--page);
  }
  * { box-sizing: border-box; }
  [hidden] { display: none !important; }
  body { margin: 0; line-height: 1.45; }
  .top-bar { display: flex; align-items: center; gap: 0.75rem; padding: 0.6rem 1rem;
    background: var(--brand-dark); color: #fff; }
  .logo { display: grid; place-items: center; width: 1.9rem; height: 1.9rem; border-radius: 0.4rem;
    background: #1b96ff; font-weight: 700; }
  .top-bar strong { font-size: 1.05rem; }
  .top-bar span { opacity: 0.8; font-size: 0.9rem; }
  .record { padding: 1rem; background: var(--card); border-bottom: 1px solid var(--line); }
  .record p { margin: 0; color: var(--muted); font-size: 0.85rem; }
  .record h1 { margin: 0.1rem 0 0; font-size: 1.3rem; }
  .console { display: grid; gap: 1rem; padding: 1rem; max-width: 72rem; margin: 0 auto;
    grid-template-columns: minmax(0, 1fr); }
  @media (min-width: 56rem) {
    .console { grid-template-columns: minmax(0, 1fr) 24.5rem;
      grid-template-areas: "lookup desk" "order desk"; align-items: start; }
    #desk-panel { grid-area: desk; }
    #warranty-lookup { grid-area: lookup; }
    #order-form-card { grid-area: order; }
  }
  .card { background: var(--card); border: 1px solid var(--line); border-radius: 0.5rem; padding: 1rem;
    box-shadow: 0 1px 2px rgb(0 0 0 / 0.06); }
  .card h2 { margin: 0 0 0.25rem; font-size: 1.05rem; }
  .hint { margin: 0 0 0.9rem; color: var(--muted); font-size: 0.875rem; }
  form { display: flex; flex-wrap: wrap; align-items: flex-end; gap: 0.75rem; }
  .field { display: flex; flex-direction: column; gap: 0.25rem; min-width: 0; }
  .field.grow { flex: 1 1 14rem; }
  label { font-size: 0.85rem; font-weight: 600; color: #3e3e3c; }
  select, input { font: inherit; padding: 0.4rem 0.55rem; border: 1px solid #c9c9c9; border-radius: 0.3rem;
    background: #fff; min-width: 0; width: 100%; }
  input[type="number"] { width: 6rem; }
  select:focus, input:focus, button:focus-visible { outline: 2px solid #1b96ff; outline-offset: 1px; }
  [aria-invalid="true"] { border-color: var(--bad); }
  button { font: inherit; font-weight: 600; padding: 0.45rem 0.9rem; border-radius: 0.3rem; cursor: pointer;
    border: 1px solid var(--brand); background: var(--brand); color: #fff; }
  button:hover { background: var(--brand-dark); }
  button:disabled { cursor: progress; opacity: 0.6; background: var(--brand); }
  .field-error { margin: 0; color: var(--bad); font-size: 0.8rem; }
  .outcome { margin: 0.9rem 0 0; font-weight: 600; }
  .outcome:empty { display: none; }
  .outcome[data-tone="active"] { color: var(--ok); }
  .outcome[data-tone="expired"] { color: var(--warn); }
  .outcome[data-tone="pending"] { color: var(--muted); font-weight: 400; }
  .detail { margin: 0.25rem 0 0; color: var(--muted); font-size: 0.85rem; }
  .alert { margin: 0.9rem 0 0; padding: 0.5rem 0.7rem; border-radius: 0.3rem; background: #fef1ee;
    color: var(--bad); font-size: 0.9rem; }
  .alert:empty { display: none; }
  .steps { display: flex; flex-wrap: wrap; gap: 0.4rem; margin: 0.9rem 0 0; padding: 0; list-style: none;
    font-size: 0.85rem; }
  .steps li { padding: 0.2rem 0.65rem; border-radius: 999px; border: 1px solid var(--line); color: var(--muted); }
  .steps li[data-state="done"] { color: var(--ok); border-color: #91db8b; background: #ebf7e6; }
  .steps li[data-state="current"] { color: var(--brand); border-color: #78b0fd; background: #eef4ff; font-weight: 600; }
  .steps li[data-state="failed"] { color: var(--bad); border-color: #fe9a9a; background: #fef1ee; font-weight: 600; }
  .state-line { margin: 0 0 0.75rem; font-size: 0.9rem; }
  .state-line[data-state="signed-in"] { color: var(--ok); font-weight: 600; }
  .state-line[data-state="signed-out"], .state-line[data-state="error"] { color: var(--warn); }
  .desk-frame { width: 360px; max-width: 100%; height: 120px; border: 1px solid var(--line); border-radius: 0.4rem;
    overflow: hidden; background: #fafbfc; }
  .desk-frame iframe { display: block; width: 100%; height: 100%; border: 0; }
`;

const options = (selectedId: string) =>
  HOST_PRODUCTS.map(
    ({ id, name }) =>
      `<option value="${escapeHtml(id)}"${id === selectedId ? " selected" : ""}>${escapeHtml(name)}</option>`,
  ).join("");

/**
 * The whole page, loading the host library from `appOrigin` (the desk's origin, e.g.
 * http://127.0.0.1:3000). `appOrigin` is escaped wherever it lands, in HTML and in script.
 */
export function renderHostPage(appOrigin: string): string {
  const origin = scriptLiteral(appOrigin);
  const firstProduct = HOST_PRODUCTS[0]?.id ?? "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Service console · Northwind CRM</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
</head>
<body>
<header class="top-bar">
  <div class="logo" aria-hidden="true">N</div>
  <strong>Northwind CRM</strong>
  <span>Service console</span>
</header>
<div class="record">
  <p>Case 00001042 · Hammer &amp; Sons Ltd · Priority high</p>
  <h1>Cordless drill stops under load</h1>
</div>
<main class="console">
  <section id="desk-panel" class="card" aria-labelledby="desk-heading">
    <h2 id="desk-heading">Warranty Desk</h2>
    <p id="desk-state" class="state-line" role="status" aria-live="polite">Connecting…</p>
    <div id="desk-frame" class="desk-frame"></div>
  </section>

  <section id="warranty-lookup" class="card" aria-labelledby="warranty-heading">
    <h2 id="warranty-heading">Warranty lookup</h2>
    <p class="hint">Asks the ERP through the Warranty Desk, as the signed-in agent.</p>
    <form id="warranty-form">
      <div class="field grow">
        <label for="warranty-product">Product</label>
        <select id="warranty-product" name="productId">${options(firstProduct)}</select>
      </div>
      <button id="warranty-submit" type="submit">Get warranty</button>
    </form>
    <p id="warranty-status" class="outcome" role="status" aria-live="polite"></p>
    <p id="warranty-detail" class="detail" hidden></p>
    <p id="warranty-error" class="alert" role="alert"></p>
  </section>

  <section id="order-form-card" class="card" aria-labelledby="order-heading">
    <h2 id="order-heading">Order form</h2>
    <p class="hint">Places an ERP order through the Warranty Desk: authenticate, create, read its status.</p>
    <form id="order-form" novalidate>
      <div class="field grow">
        <label for="order-product">Product</label>
        <select id="order-product" name="productId" aria-describedby="order-product-error">${options(firstProduct)}</select>
        <p id="order-product-error" class="field-error" hidden></p>
      </div>
      <div class="field">
        <label for="order-quantity">Quantity</label>
        <input id="order-quantity" name="quantity" type="number" inputmode="numeric" min="1" max="999" step="1"
          value="1" aria-describedby="order-quantity-error">
        <p id="order-quantity-error" class="field-error" hidden></p>
      </div>
      <div class="field grow">
        <label for="order-reference">Customer reference</label>
        <input id="order-reference" name="customerReference" maxlength="64" placeholder="e.g. PO-4711"
          autocomplete="off" aria-describedby="order-reference-error">
        <p id="order-reference-error" class="field-error" hidden></p>
      </div>
      <button id="order-submit" type="submit">Create order</button>
    </form>
    <ol id="order-steps" class="steps" aria-label="Order progress" hidden></ol>
    <p id="order-status" class="outcome" role="status" aria-live="polite"></p>
    <p id="order-detail" class="detail" hidden></p>
    <p id="order-error" class="alert" role="alert"></p>
  </section>
</main>
<script src="${escapeHtml(`${appOrigin}/embed/continuation-proxy.js`)}"></script>
<script>
${panelScript(origin)}
</script>
<script>
${lookupScript(origin)}
</script>
<script>
${orderScript(origin)}
</script>
</body>
</html>
`;
}
