"use client";

import { useEffect, useLayoutEffect, useRef } from "react";

/**
 * Keeps the keyboard focus inside a component whose controls are replaced as its state changes
 * (Get warranty → Submitted… → Check again). When the focused control disappears and the focus
 * would fall to the page body, it moves to the new state's `[data-focus-target]` (or its first
 * control) instead. It never takes the focus from somewhere else the agent has moved it.
 * Returns the ref for the component's container.
 */
export function useKeepFocus<T extends HTMLElement>() {
  const container = useRef<T>(null);
  const hadFocus = useRef(false);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const onFocusIn = () => {
      hadFocus.current = true;
    };
    const onFocusOut = (event: FocusEvent) => {
      const next = event.relatedTarget as Node | null;
      if (next && !element.contains(next)) hadFocus.current = false;
    };
    const onPointerDown = (event: PointerEvent) => {
      if (!element.contains(event.target as Node)) hadFocus.current = false;
    };
    element.addEventListener("focusin", onFocusIn);
    element.addEventListener("focusout", onFocusOut);
    document.addEventListener("pointerdown", onPointerDown);
    return () => {
      element.removeEventListener("focusin", onFocusIn);
      element.removeEventListener("focusout", onFocusOut);
      document.removeEventListener("pointerdown", onPointerDown);
    };
  }, []);

  // After every render: put back a focus that the render took away.
  useLayoutEffect(() => {
    const element = container.current;
    if (!element || !hadFocus.current) return;
    const active = document.activeElement;
    if (active && element.contains(active)) return;
    if (active && active !== document.body) {
      hadFocus.current = false;
      return;
    }
    const next =
      element.querySelector<HTMLElement>("[data-focus-target]") ??
      element.querySelector<HTMLElement>("button, a[href], input, [tabindex]");
    next?.focus();
  });

  return container;
}
