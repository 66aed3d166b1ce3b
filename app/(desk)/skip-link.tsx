/** "Skip to content": the page's first focusable element, shown only while it has focus. */
export function SkipLink() {
  return (
    <a
      href="#main"
      className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-4 focus:py-2 focus:text-sm focus:font-medium focus:text-sky-800 focus:shadow-lg focus:ring-2 focus:ring-sky-600"
    >
      Skip to content
    </a>
  );
}
