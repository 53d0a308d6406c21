// Finding elements the way a person (and Playwright's getByRole / getByLabel / getByText) does,
// inside the page, so that WebKit and Firefox are driven by the same roles, labels and visible
// text as the Chromium suite. `LOCATE` is the source of one function that runs in the page,
// `(chain, op, arg) => result` (op: count, visible, texts, describe, element). A chain is a list
// of steps, each narrowing the previous one:
//   { kind: "css", selector, has? }   { kind: "role", role, name?, exact?, level? }
//   { kind: "label", text, exact? }   { kind: "text", text, exact? }
//   { kind: "filter", hasText }       { kind: "nth", index }   { kind: "or", chains }
// Names and texts are a string or { regex, flags }. A string matches like Playwright's: whitespace
// normalised, case-insensitive substring, or with `exact` the whole (case-sensitive) text.

function locate(chain, op, arg) {
  const norm = (s) => String(s ?? "").replace(/\s+/g, " ").trim();
  const matcher = (pattern, exact) => {
    if (pattern && typeof pattern === "object") {
      const re = new RegExp(pattern.regex, pattern.flags);
      return (text) => re.test(norm(text));
    }
    const want = norm(pattern);
    return exact ? (text) => norm(text) === want : (text) => norm(text).toLowerCase().includes(want.toLowerCase());
  };

  const hidden = (el) => {
    if (el.closest("[aria-hidden=true]")) return true;
    if (el.tagName === "OPTION") return hidden(el.closest("select") || el.parentElement);
    if (typeof el.checkVisibility === "function") return !el.checkVisibility({ visibilityProperty: true });
    const style = getComputedStyle(el);
    return style.visibility === "hidden" || el.getClientRects().length === 0;
  };
  const visible = (el) => {
    if (hidden(el)) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };

  // The text an element shows (textContent without scripts and styles; button inputs' values).
  const textOf = (el) => {
    if (el.nodeType === Node.TEXT_NODE) return el.nodeValue;
    if (el.nodeType !== Node.ELEMENT_NODE) return "";
    if (/^(SCRIPT|STYLE|TEMPLATE|NOSCRIPT|HEAD)$/.test(el.tagName)) return "";
    if (el.tagName === "INPUT" && /^(button|submit|reset)$/.test(el.type)) return el.value;
    let s = "";
    for (const child of el.childNodes) s += textOf(child);
    return s;
  };

  const implicitRole = (el) => {
    const tag = el.tagName.toLowerCase();
    switch (tag) {
      case "a":
      case "area":
        return el.hasAttribute("href") ? "link" : null;
      case "button":
        return "button";
      case "h1":
      case "h2":
      case "h3":
      case "h4":
      case "h5":
      case "h6":
        return "heading";
      case "input": {
        const type = (el.getAttribute("type") || "text").toLowerCase();
        if (/^(button|submit|reset|image)$/.test(type)) return "button";
        if (type === "checkbox") return "checkbox";
        if (type === "radio") return "radio";
        if (type === "range") return "slider";
        if (type === "number") return "spinbutton";
        if (type === "search") return el.hasAttribute("list") ? "combobox" : "searchbox";
        if (/^(text|email|tel|url)$/.test(type)) return el.hasAttribute("list") ? "combobox" : "textbox";
        return null;
      }
      case "textarea":
        return "textbox";
      case "select":
        return el.multiple || el.size > 1 ? "listbox" : "combobox";
      case "option":
        return "option";
      case "nav":
        return "navigation";
      case "main":
        return "main";
      case "aside":
        return "complementary";
      case "header":
      case "footer":
        return el.closest("article, aside, main, nav, section") ? null : tag === "header" ? "banner" : "contentinfo";
      case "section":
        return accessibleName(el, "region") ? "region" : null;
      case "form":
        return accessibleName(el, "form") ? "form" : null;
      case "article":
        return "article";
      case "ul":
      case "ol":
        return "list";
      case "li":
        return "listitem";
      case "table":
        return "table";
      case "dialog":
        return "dialog";
      case "img":
        return el.getAttribute("alt") === "" ? "presentation" : "img";
      case "output":
        return "status";
      case "meter":
        return "meter";
      case "progress":
        return "progressbar";
      case "fieldset":
      case "details":
        return "group";
      case "hr":
        return "separator";
      default:
        return null;
    }
  };
  const roleOf = (el) => (el.getAttribute("role") || "").trim().split(/\s+/)[0] || implicitRole(el);

  const FROM_CONTENT = new Set(["button", "link", "heading", "checkbox", "radio", "option", "tab", "menuitem", "cell", "columnheader", "rowheader", "switch", "treeitem", "tooltip", "menuitemcheckbox", "menuitemradio"]);
  const CONTROLS = /^(INPUT|SELECT|TEXTAREA)$/;

  // The text a name is made of: children's own names (aria-label, alt) or their text.
  const contentName = (node, skipControls) => {
    if (node.nodeType === Node.TEXT_NODE) return node.nodeValue;
    if (node.nodeType !== Node.ELEMENT_NODE) return "";
    if (/^(SCRIPT|STYLE|TEMPLATE|NOSCRIPT)$/.test(node.tagName)) return "";
    if (node.getAttribute("aria-hidden") === "true" || (node.checkVisibility && !node.checkVisibility())) return "";
    if (skipControls && CONTROLS.test(node.tagName)) return "";
    const label = node.getAttribute("aria-label");
    if (label && label.trim()) return ` ${label} `;
    if (node.tagName === "IMG") return ` ${node.getAttribute("alt") || ""} `;
    if (node.tagName === "INPUT" && /^(button|submit|reset)$/.test(node.type)) return ` ${node.value} `;
    let s = "";
    for (const child of node.childNodes) s += contentName(child, skipControls);
    return /^(DIV|P|LI|SECTION|ARTICLE|H[1-6]|BR|TD|TH|TR|LABEL|UL|OL)$/.test(node.tagName) ? ` ${s} ` : s;
  };
  const labelledBy = (el) => {
    const ids = (el.getAttribute("aria-labelledby") || "").split(/\s+/).filter(Boolean);
    if (!ids.length) return null;
    return ids.map((id) => document.getElementById(id)).filter(Boolean).map((l) => contentName(l, true)).join(" ");
  };
  const labelsOf = (el) => [...(el.labels || [])].map((l) => contentName(l, true));

  function accessibleName(el, role = roleOf(el)) {
    const by = labelledBy(el);
    if (by !== null && norm(by)) return norm(by);
    const aria = el.getAttribute("aria-label");
    if (aria && aria.trim()) return norm(aria);
    if (CONTROLS.test(el.tagName) || el.tagName === "BUTTON" || el.tagName === "METER" || el.tagName === "OUTPUT") {
      const labels = labelsOf(el).map(norm).filter(Boolean);
      if (labels.length) return labels.join(" ");
    }
    if (el.tagName === "INPUT" && /^(button|submit|reset)$/.test(el.type)) return norm(el.value);
    if (el.tagName === "IMG") return norm(el.getAttribute("alt"));
    if (el.tagName === "FIELDSET") {
      const legend = el.querySelector(":scope > legend");
      if (legend) return norm(contentName(legend));
    }
    if (FROM_CONTENT.has(role)) {
      const text = norm(contentName(el));
      if (text) return text;
    }
    return norm(el.getAttribute("title") || (CONTROLS.test(el.tagName) ? el.getAttribute("placeholder") : "") || "");
  }

  const all = (roots) => {
    const out = new Set();
    for (const root of roots) for (const el of root.querySelectorAll("*")) out.add(el);
    return [...out];
  };
  const inOrder = (els) => [...new Set(els)].sort((a, b) => (a === b ? 0 : a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));

  const step = (roots, s) => {
    switch (s.kind) {
      case "css": {
        let found = inOrder(roots.flatMap((root) => [...root.querySelectorAll(s.selector)]));
        if (s.has) found = found.filter((el) => run([el], s.has).length > 0);
        if (s.hasText) {
          const m = matcher(s.hasText, false);
          found = found.filter((el) => m(textOf(el)));
        }
        return found;
      }
      case "role": {
        const m = s.name === undefined ? null : matcher(s.name, s.exact);
        return all(roots).filter((el) => {
          if (roleOf(el) !== s.role || hidden(el)) return false;
          if (s.level !== undefined) {
            const level = Number(el.getAttribute("aria-level")) || Number(el.tagName.slice(1));
            if (level !== s.level) return false;
          }
          return !m || m(accessibleName(el));
        });
      }
      case "label": {
        const m = matcher(s.text, s.exact);
        return all(roots).filter((el) => {
          if (hidden(el)) return false;
          const sources = [el.getAttribute("aria-label"), labelledBy(el)];
          if (CONTROLS.test(el.tagName) || el.tagName === "METER" || el.tagName === "OUTPUT" || el.tagName === "BUTTON") sources.push(...labelsOf(el));
          return sources.some((text) => text !== null && text !== undefined && norm(text) !== "" && m(text));
        });
      }
      case "text": {
        const m = matcher(s.text, s.exact);
        return all(roots).filter((el) => {
          if (/^(SCRIPT|STYLE|TEMPLATE|NOSCRIPT|HEAD|HTML|TITLE)$/.test(el.tagName) || hidden(el)) return false;
          if (!m(textOf(el))) return false;
          // The deepest element that matches: none of its children matches on its own.
          return ![...el.children].some((child) => m(textOf(child)));
        });
      }
      case "filter": {
        const m = matcher(s.hasText, false);
        return roots.filter((el) => m(textOf(el)));
      }
      case "nth":
        return roots.length === 0 ? [] : [roots.at(s.index)].filter(Boolean);
      case "or":
        return inOrder(s.chains.flatMap((c) => run([document], c)));
      default:
        throw new Error(`unknown step ${s.kind}`);
    }
  };
  const run = (roots, steps) => steps.reduce((els, s) => step(els, s), roots);

  const found = run([document], chain);
  const describe = (el) => `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}> "${norm(textOf(el)).slice(0, 60)}"`;
  switch (op) {
    case "count":
      return found.length;
    case "visible":
      return found.some(visible);
    case "texts":
      return found.map((el) => norm(el.innerText ?? textOf(el)));
    case "describe":
      return found.map(describe);
    case "element": {
      // For an action: the one match (more is an error, as in Playwright's strict mode), shown
      // and enabled unless told otherwise, scrolled to the middle of the screen.
      if (found.length > 1) return `strict mode violation: ${found.length} elements: ${found.slice(0, 4).map(describe).join(", ")}`;
      const el = found[0];
      if (!el) return null;
      if (arg?.visible !== false) {
        if (!visible(el)) return null;
        el.scrollIntoView({ block: "center", inline: "center" });
      }
      if (arg?.enabled !== false && el.matches(":disabled")) return null;
      return el;
    }
    default:
      throw new Error(`unknown op ${op}`);
  }
}

export const LOCATE = locate.toString();
