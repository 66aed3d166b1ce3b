/**
 * Checks of a whole page for the accessibility and phone specs: an axe scan, and interactive
 * controls that are cut off.
 */
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect } from "./fixtures";

/** Every WCAG 2.0, 2.1 and 2.2 rule of levels A and AA that axe knows. */
const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** Scans the page as it is now with axe and asserts no WCAG A/AA violation, naming each one found. */
export async function expectNoAxeViolations(page: Page, state: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const found = violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} at ${v.nodes
        .map((node) => node.target.join(" "))
        .slice(0, 5)
        .join(", ")}`,
  );
  expect(found, `axe violations on ${state}`).toEqual([]);
}

/** What a person can click, follow, type into or open. */
const CONTROLS = "button, a[href], input:not([type=hidden]), select, summary, textarea";

/**
 * Every visible control that, once scrolled into view, is not wholly inside the viewport's width
 * or is cut off by an ancestor that clips its overflow (one that scrolls may; one that hides its
 * overflow may not); and the page itself scrolling sideways.
 * Visually hidden controls (1 px, such as the skip link until it has focus) are left out.
 */
export async function clippedControls(page: Page): Promise<string[]> {
  const problems: string[] = [];
  const sideways = await page.evaluate(() => {
    const root = document.documentElement;
    return root.scrollWidth > root.clientWidth ? `${root.scrollWidth} px wide in ${root.clientWidth}` : null;
  });
  if (sideways) problems.push(`the page scrolls sideways: ${sideways}`);
  for (const control of await page.locator(CONTROLS).all()) {
    if (!(await control.isVisible())) continue;
    await control.scrollIntoViewIfNeeded();
    const problem = await control.evaluate((element) => {
      const describe = (e: Element) => {
        const text = (e.getAttribute("aria-label") ?? e.textContent ?? "").replace(/\s+/g, " ").trim();
        return `<${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ""}> "${text.slice(0, 50)}"`;
      };
      const box = element.getBoundingClientRect();
      if (box.width <= 1 && box.height <= 1) return null;
      const width = document.documentElement.clientWidth;
      if (box.left < -0.5 || box.right > width + 0.5) {
        return `${describe(element)} spans x ${Math.round(box.left)}–${Math.round(box.right)} of a ${width} px viewport`;
      }
      for (let parent = element.parentElement; parent; parent = parent.parentElement) {
        const style = getComputedStyle(parent);
        if (style.overflowX === "visible" && style.overflowY === "visible") continue;
        const outer = parent.getBoundingClientRect();
        // Scrolling into view also scrolls an `overflow: hidden` box, which a person cannot:
        // there, what counts is where the control sits with the box unscrolled.
        const isScrollable = /auto|scroll/.test(style.overflowX + style.overflowY);
        const dx = isScrollable ? 0 : parent.scrollLeft;
        const dy = isScrollable ? 0 : parent.scrollTop;
        const left = outer.left + parent.clientLeft;
        const top = outer.top + parent.clientTop;
        const cut =
          box.left + dx < left - 0.5 ||
          box.right + dx > left + parent.clientWidth + 0.5 ||
          box.top + dy < top - 0.5 ||
          box.bottom + dy > top + parent.clientHeight + 0.5;
        if (cut) return `${describe(element)} is cut off by ${describe(parent)} (overflow ${style.overflow})`;
      }
      return null;
    });
    if (problem) problems.push(problem);
  }
  return problems;
}
