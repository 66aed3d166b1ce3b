"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import { SERIAL_NUMBER_HINT, serialNumber } from "@/lib/warranty/serial-number";
import { getWarrantyBySerialAction } from "./actions";
import { Button, SessionEnded } from "./ui";

const NETWORK_FAILURE = "The desk could not reach its server. Check your connection and try again.";

/**
 * The serial number field: checks the format as the agent submits (the server checks it again),
 * starts the lookup, and refreshes the page so it shows among the agent's recent serial lookups.
 */
export function SerialLookupForm() {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [typed, setTyped] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [failure, setFailure] = useState<{ code: string; message: string } | null>(null);
  const [isRefreshing, startTransition] = useTransition();
  const start = useMutation({
    mutationFn: (serial: string) => getWarrantyBySerialAction({ serial }),
    onSuccess: (result) => {
      if (result.ok) {
        setTyped("");
        startTransition(() => router.refresh());
      } else if (result.error.fieldErrors?.serial) {
        setFieldError(`Serial number ${result.error.fieldErrors.serial[0]}.`);
      } else {
        setFailure(result.error);
      }
    },
    onError: () => setFailure({ code: "NETWORK", message: NETWORK_FAILURE }),
  });
  const isBusy = start.isPending || isRefreshing;

  const submit = () => {
    if (isBusy) return;
    setFailure(null);
    const parsed = serialNumber().safeParse(typed);
    if (!parsed.success) {
      setFieldError(`Serial number ${parsed.error.issues[0]?.message ?? "is not valid"}.`);
    } else {
      setFieldError(null);
      start.mutate(typed);
    }
    // The button turns busy: keep the focus where the next serial is typed.
    input.current?.focus();
  };

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <label htmlFor="serial-number" className="mb-1 block text-sm font-medium text-slate-700">
        Serial number
      </label>
      <div className="flex flex-wrap items-center gap-2">
        <input
          ref={input}
          id="serial-number"
          name="serial"
          value={typed}
          onChange={(event) => {
            setTyped(event.target.value);
            setFieldError(null);
          }}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          aria-invalid={fieldError !== null}
          aria-describedby={fieldError ? "serial-number-error serial-number-hint" : "serial-number-hint"}
          className="w-full max-w-xs min-w-0 flex-1 rounded-md border border-slate-300 px-3 py-1.5 font-mono text-sm aria-invalid:border-red-600"
        />
        <Button type="submit" disabled={isBusy}>
          {isBusy ? "Submitted…" : "Look up warranty"}
        </Button>
      </div>
      <p id="serial-number-hint" className="mt-1 text-xs text-slate-500">
        {SERIAL_NUMBER_HINT}
      </p>
      {fieldError && (
        <p id="serial-number-error" role="alert" className="mt-1 text-sm text-red-700">
          {fieldError}
        </p>
      )}
      {failure &&
        (failure.code === "UNAUTHENTICATED" ? (
          <div className="mt-2">
            <SessionEnded message={failure.message} />
          </div>
        ) : (
          <p role="alert" className="mt-2 text-sm text-red-700">
            <span className="font-medium">Lookup not started.</span> {failure.message}
          </p>
        ))}
    </form>
  );
}
