"use client";

import { ErrorPanel } from "../error-panel";

/** A desk page that failed to render, inside the desk's header (its layout still stands). */
export default function DeskError({ error, retry }: { error: unknown; retry: () => void }) {
  return <ErrorPanel error={error} retry={retry} />;
}
