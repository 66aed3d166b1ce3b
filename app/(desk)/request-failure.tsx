"use client";

import { formatCountdown } from "./clock";
import { PAUSED_CODE, useErpPause } from "./erp-pause";
import { Button } from "./ui";

/**
 * A failed request and its Retry. While the ERP is paused (its breaker open) Retry is unavailable
 * and counts down, coming back by itself; a request that was refused only because of the pause
 * says so in a few words (the banner above the page explains the rest) rather than repeating the
 * whole message on every row.
 */
export function RequestFailure({
  headline,
  error,
  onRetry,
  target,
  credentials,
  children,
  details,
}: {
  /** "Lookup failed." */
  headline: string;
  error: { code: string; message: string };
  /** Offers Retry (none: the component's own button retries). */
  onRetry?: () => void;
  /** What Retry acts on, for assistive technology. */
  target: string;
  /** The credentials the request goes through: a pause of any of them disables Retry. */
  credentials: readonly string[];
  /** More to say below the message (what happened to the ERP's side, say). */
  children?: React.ReactNode;
  /** A link to the failed work's timeline (`DetailsLink`), after Retry. */
  details?: React.ReactNode;
}) {
  const { paused, remainingMs } = useErpPause(credentials);
  const message =
    paused && error.code === PAUSED_CODE
      ? "Not sent: the ERP is paused (see the banner above)."
      : error.message;
  return (
    <div className="flex flex-wrap items-center gap-3">
      <p role="alert" className="max-w-md text-sm text-red-700">
        <span className="font-medium">{headline}</span> {message}
        {children}
      </p>
      {onRetry && (
        <Button tone="quiet" onClick={onRetry} unavailable={paused} target={target} data-focus-target>
          {paused ? `Retry in ${formatCountdown(remainingMs)}` : "Retry"}
        </Button>
      )}
      {details}
    </div>
  );
}
