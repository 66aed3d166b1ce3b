"use client";

import "./globals.css";
import { ErrorPanel } from "./error-panel";

/** The root layout itself failed: this replaces the whole document. */
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <title>Something went wrong · Warranty Desk</title>
        <main id="main" className="flex min-h-screen items-center justify-center px-6">
          <ErrorPanel error={error} retry={retry} />
        </main>
      </body>
    </html>
  );
}
