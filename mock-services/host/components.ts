// The host page's three scripts (mock-services/host/page.ts puts them in the page): the connection
// panel and two independent components, each knowing only the host library.
import { ORDER_STEPS } from "@/lib/orders/order-views";

/**
 * `value` as a JavaScript literal safe inside an inline classic <script>: JSON, with `<`, `>`, `&`
 * and the line separators written as \u escapes, so no `</script>` or `<!--` can end or bend it.
 */
export function scriptLiteral(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * The desk's way of writing a date (lib/format.ts `formatDate`: "2029-06-30" -> "30 Jun 2029"), as
 * browser JavaScript; server.test.ts keeps the two equal.
 */
export const FORMAT_DATE_SCRIPT = `function formatDate(isoDate) {
    const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    const [year, month, day] = String(isoDate).slice(0, 10).split("-").map(Number);
    return day + " " + MONTHS[(month || 1) - 1] + " " + year;
  }`;

/** The connection panel: the frame's container and the broker's state, in words. */
export const panelScript = (origin: string) => `(() => {
  const appOrigin = ${origin};
  const stateLine = document.getElementById("desk-state");
  const container = document.getElementById("desk-frame");
  if (!window.WarrantyDesk) {
    stateLine.dataset.state = "error";
    stateLine.textContent = "Warranty Desk is unreachable: its library did not load from " + appOrigin + ".";
    return;
  }
  // The first call on the page mounts the one proxy frame into the container.
  const proxy = window.WarrantyDesk.createContinuationProxy({ appOrigin, container });
  proxy.onStateChange((state) => {
    stateLine.dataset.state = state.status;
    stateLine.textContent =
      state.status === "signed-in"
        ? "Signed in as " + (state.agent?.displayName ?? "an agent")
        : state.status === "signed-out"
          ? "Not signed in: use the button in the Warranty Desk panel"
          : "Connecting…";
  });
})();`;

/** Component 1: a warranty lookup. Knows only the library, not the panel or the order form. */
export const lookupScript = (origin: string) => `(() => {
  const appOrigin = ${origin};
  const form = document.getElementById("warranty-form");
  const product = document.getElementById("warranty-product");
  const button = document.getElementById("warranty-submit");
  const status = document.getElementById("warranty-status");
  const detail = document.getElementById("warranty-detail");
  const alert = document.getElementById("warranty-error");
  ${FORMAT_DATE_SCRIPT}
  const formatMoney = (price) =>
    (price.currency === "EUR" ? "€" : price.currency + " ") + Number(price.amount).toFixed(2);

  function show(text, tone, detailText) {
    status.textContent = text;
    status.dataset.tone = tone;
    detail.textContent = detailText ?? "";
    detail.hidden = !detailText;
    alert.textContent = "";
  }
  function showError(text) {
    show("", "error");
    alert.textContent = text;
  }
  function offersInWords(outcome) {
    if (!outcome.offers) return "Extension offers unavailable: " + (outcome.offersError ?? "the ERP did not say.");
    if (outcome.offers.length === 0) return "No extension offers.";
    return "Extension offers: " +
      outcome.offers.map((offer) => offer.months + " months · " + formatMoney(offer.price)).join(", ") + ".";
  }

  if (!window.WarrantyDesk) {
    button.disabled = true;
    showError("Warranty Desk is unreachable: warranty lookups are not available.");
    return;
  }
  const proxy = window.WarrantyDesk.createContinuationProxy({ appOrigin });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    button.disabled = true;
    show("Asking the ERP…", "pending");
    try {
      const outcome = await proxy.invoke(
        "getWarranty",
        { productId: product.value },
        { onProgress: (p) => { if (p.step > 0) show("Asking for extension offers…", "pending"); } },
      );
      const serial = "Serial " + outcome.serial;
      if (outcome.outcome === "active") show("Active until " + formatDate(outcome.endDate), "active", serial);
      else if (outcome.outcome === "expired")
        show("Expired on " + formatDate(outcome.endDate), "expired", serial + ". " + offersInWords(outcome));
      else show("No warranty found", "not_found", serial);
    } catch (error) {
      if (error?.name !== "ContinuationProxyError") console.error("Warranty lookup failed", error);
      showError("Lookup failed. " + (error?.name === "ContinuationProxyError"
        ? error.message
        : "The Warranty Desk could not run it; try again."));
    } finally {
      button.disabled = false;
    }
  });
})();`;

/** Component 2: an order form with the chain's live progress. Independent of the lookup. */
export const orderScript = (origin: string) => `(() => {
  const appOrigin = ${origin};
  const ORDER_STEPS = ${scriptLiteral(ORDER_STEPS)};
  const STEP_WORDS = { done: "done", current: "in progress", failed: "failed", waiting: "not started" };
  const STEP_MARKS = { done: "✓", current: "●", failed: "✕", waiting: "○" };
  const FIELDS = { productId: "Product", quantity: "Quantity", customerReference: "Customer reference" };
  const form = document.getElementById("order-form");
  const inputs = {
    productId: document.getElementById("order-product"),
    quantity: document.getElementById("order-quantity"),
    customerReference: document.getElementById("order-reference"),
  };
  const button = document.getElementById("order-submit");
  const stepList = document.getElementById("order-steps");
  const status = document.getElementById("order-status");
  const detail = document.getElementById("order-detail");
  const alert = document.getElementById("order-error");

  function setFieldError(field, text) {
    const input = inputs[field];
    const message = document.getElementById(input.id + "-error");
    message.textContent = text;
    message.hidden = !text;
    input.setAttribute("aria-invalid", text ? "true" : "false");
  }
  function clearMessages() {
    for (const field of Object.keys(inputs)) setFieldError(field, "");
    status.textContent = "";
    detail.textContent = "";
    detail.hidden = true;
    alert.textContent = "";
  }
  /** Each step's state: those before \`step\` done, \`step\` itself \`last\`, the rest waiting. */
  function showSteps(names, step, last) {
    stepList.replaceChildren(
      ...names.map((name, i) => {
        const state = i < step ? "done" : i === step ? last : "waiting";
        const item = document.createElement("li");
        item.dataset.state = state;
        item.setAttribute("aria-label", name + ": " + STEP_WORDS[state]);
        if (state === "current") item.setAttribute("aria-current", "step");
        item.textContent = STEP_MARKS[state] + " " + (i + 1) + ". " + name;
        return item;
      }),
    );
    stepList.hidden = false;
  }

  if (!window.WarrantyDesk) {
    button.disabled = true;
    alert.textContent = "Warranty Desk is unreachable: orders cannot be placed from here.";
    return;
  }
  const proxy = window.WarrantyDesk.createContinuationProxy({ appOrigin });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearMessages();
    // Digits only, as the desk's own form reads it: "1e3", "7.5" or "" are never reinterpreted.
    const quantityText = inputs.quantity.value.trim();
    if (!/^\\d{1,15}$/.test(quantityText)) {
      stepList.hidden = true;
      setFieldError("quantity", "Quantity must be a whole number.");
      inputs.quantity.focus();
      return;
    }
    let steps = ORDER_STEPS;
    let step = 0;
    let isAccepted = false;
    button.disabled = true;
    showSteps(steps, 0, "current");
    status.textContent = "Placing the order…";
    try {
      const order = await proxy.invoke(
        "createOrder",
        {
          productId: inputs.productId.value,
          quantity: Number(quantityText),
          customerReference: inputs.customerReference.value,
        },
        {
          onAccepted: () => { isAccepted = true; },
          onProgress: (p) => {
            isAccepted = true;
            if (p.steps) steps = p.steps;
            step = p.step;
            showSteps(steps, step, "current");
            status.textContent = (steps[step] ?? "The order") +
              (p.status === "receiving" ? ": the ERP is answering…" : ": waiting for the ERP…");
          },
        },
      );
      showSteps(steps, steps.length, "done");
      status.textContent = "Order " + order.orderNumber + " placed (status " + order.status + ")";
      detail.textContent = order.quantity + " × for customer reference " + order.customerReference + ".";
      detail.hidden = false;
    } catch (error) {
      status.textContent = "";
      if (error?.name !== "ContinuationProxyError") {
        console.error("Create order failed", error);
        error = { message: "The Warranty Desk could not place it; try again." };
      }
      const fieldErrors = Object.entries(error.fieldErrors ?? {}).filter(([field]) => field in inputs);
      for (const [field, messages] of fieldErrors) setFieldError(field, FIELDS[field] + " " + messages[0] + ".");
      if (!isAccepted) {
        // Refused before anything started: no steps to show.
        stepList.hidden = true;
        if (fieldErrors.length === 0) alert.textContent = error.message;
      } else {
        showSteps(steps, step, "failed");
        alert.textContent = (steps[step] ?? "The order") + " failed. " + error.message + " " +
          (step === 0
            ? "No order was sent to the ERP."
            : "The ERP may already have the order: check the Warranty Desk before ordering again.");
      }
    } finally {
      button.disabled = false;
    }
  });
})();`;
