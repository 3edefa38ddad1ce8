// A small element builder: text always goes in as text nodes, never as markup, so names, reasons
// and messages from the API cannot inject anything into the page.

/** Attributes and properties of an element: `on*` functions become listeners; false/undefined are left out. */
export type Attrs = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

/** A child: an element, text, or nothing (skipped). */
export type Child = Node | string | number | null | undefined | false;

/** Creates `<tag>` with the given attributes and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(key.slice(2), value);
    else if (value === true) element.setAttribute(key, '');
    else element.setAttribute(key, String(value));
  }
  append(element, children);
  return element;
}

/** Appends children, skipping empty ones. */
export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** Replaces every child of `parent`. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}
