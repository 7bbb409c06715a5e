// Reads and writes a region file for Decap CMS the way the toolkit does: YAML 1.2 (core schema), and the file
// stays the adviser's file. Decap's own YAML format would write the data anew and drop every comment; here the
// file is parsed into a document that keeps comments, blank lines and quoting, and only the values that changed
// in the form are written into it. The first line (the schema link for the editor) always stays on top.
//
// Opening hours: the form shows a day with more time ranges as '09:00-12:00, 13:00-17:00'; in the file it is the
// YAML list ["09:00-12:00", "13:00-17:00"], as before.
import { Document, isMap, isScalar, isSeq, parseDocument } from "./yaml/index.js";

const WEEKDAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"];
const OPTIONS = { version: "1.2", schema: "core", uniqueKeys: true };
const TEXT = { lineWidth: 0, minContentWidth: 0, indentSeq: true, flowCollectionPadding: false };

function meta(name) {
  if (typeof document === "undefined") return ""; // node: the tests call fromFile and toFile directly
  const element = document.querySelector(`meta[name="${name}"]`);
  return element ? element.getAttribute("content") : "";
}

let kept = null; // the document of the file as read: its comments and layout are written back

function eachDay(data, change) {
  for (const point of Array.isArray(data.inlooppunten) ? data.inlooppunten : []) {
    const hours = point && point.openingstijden;
    if (!hours || typeof hours !== "object") continue;
    for (const day of WEEKDAYS) {
      if (day in hours) hours[day] = change(hours[day]);
    }
  }
}

export function fromFile(text) {
  const doc = parseDocument(text, OPTIONS);
  if (doc.errors.length) throw doc.errors[0];
  kept = doc;
  const data = doc.toJS() || {};
  eachDay(data, (value) => (Array.isArray(value) ? value.join(", ") : value));
  return data;
}

// An empty field in the form means "left out" in the file: a field without a value is an error in the model.
function withoutEmpty(value) {
  if (Array.isArray(value)) {
    const items = value.map(withoutEmpty).filter((item) => item !== undefined);
    return items.length ? items : undefined;
  }
  if (value && typeof value === "object") {
    const out = {};
    for (const [key, item] of Object.entries(value)) {
      const kept = withoutEmpty(item);
      if (kept !== undefined) out[key] = kept;
    }
    return Object.keys(out).length ? out : undefined;
  }
  if (value === null || value === undefined || (typeof value === "string" && value.trim() === "")) return undefined;
  return value;
}

// Times, phone numbers and postcodes are quoted, as the README asks advisers to write them.
function newNode(doc, value) {
  const node = doc.createNode(value);
  const quote = (scalar) => {
    if (typeof scalar.value === "string" && /^[0-9+(]/.test(scalar.value) && !/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(scalar.value)) {
      scalar.type = "QUOTE_DOUBLE";
    }
  };
  if (isScalar(node)) quote(node);
  else if (node.items) {
    const walk = (n) => {
      if (isScalar(n)) return quote(n);
      for (const item of n.items || []) {
        if (isScalar(item)) quote(item);
        else if (item && item.value !== undefined && item.key !== undefined) walk(item.value);
        else if (item) walk(item);
      }
    };
    walk(node);
  }
  return node;
}

function same(node, value) {
  return isScalar(node) && node.value === value;
}

function keyName(pair) {
  return isScalar(pair.key) ? pair.key.value : pair.key;
}

// The model's order of the fields of each kind of object ("" the region, "inlooppunten", "inlooppunten.openingstijden",
// ...), from the page: a field that is new in a file goes where the model has it, not at the end.
let fieldOrder = null;
function orderOf(path) {
  if (fieldOrder === null) {
    try {
      fieldOrder = JSON.parse(meta("werkcentrum-volgorde") || "{}");
    } catch {
      fieldOrder = {};
    }
  }
  return fieldOrder[path] || [];
}

// A new key in an existing mapping: before the first key that comes after it in the model.
function insert(doc, map, path, name, value) {
  const order = orderOf(path);
  const rank = order.indexOf(name);
  const pair = doc.createPair(name, newNode(doc, value));
  if (isSeq(pair.value) && WEEKDAYS.includes(name) && pair.value.items.every(isScalar)) {
    pair.value.flow = true; // ["09:00-12:00", "13:00-17:00"], as the other days are written
  }
  const at = rank < 0 ? -1 : map.items.findIndex((item) => order.indexOf(keyName(item)) > rank);
  if (at < 0) map.items.push(pair);
  else map.items.splice(at, 0, pair);
}

// Write ``value`` into the node ``parent[key]``, touching only what differs. ``path`` names the kind of object
// ``key`` lives in, without list positions.
function update(doc, parent, key, value, path) {
  const node = parent.get(key, true);
  const inner = typeof key === "number" ? path : path ? `${path}.${key}` : String(key);
  if (node === undefined && isMap(parent) && value !== undefined) {
    insert(doc, parent, path, key, value);
    return;
  }
  if (isMap(node) && value && typeof value === "object" && !Array.isArray(value)) {
    for (const pair of [...node.items]) {
      if (!(keyName(pair) in value)) node.delete(keyName(pair));
    }
    for (const [name, item] of Object.entries(value)) update(doc, node, name, item, inner);
    return;
  }
  if (isSeq(node) && Array.isArray(value)) {
    while (node.items.length > value.length) node.items.pop();
    value.forEach((item, index) => {
      if (index < node.items.length) update(doc, node, index, item, inner);
      else node.add(newNode(doc, item));
    });
    return;
  }
  if (same(node, value)) return;
  if (isScalar(node) && (typeof value === "string" || typeof value === "boolean" || typeof value === "number")) {
    node.value = value; // keeps the quoting style and any comment on the line
    return;
  }
  const fresh = newNode(doc, value);
  if (isSeq(fresh) && Array.isArray(value) && value.every((item) => typeof item === "string") && parent.get && WEEKDAYS.includes(key)) {
    fresh.flow = true; // ["09:00-12:00", "13:00-17:00"], as the other days are written
  }
  parent.set(key, fresh);
}

export function toFile(data) {
  const clean = withoutEmpty(JSON.parse(JSON.stringify(data))) || {};
  eachDay(clean, (value) =>
    typeof value === "string" && value.includes(",") ? value.split(",").map((part) => part.trim()) : value,
  );
  const doc = kept ? kept.clone() : new Document({}, OPTIONS);
  if (!isMap(doc.contents)) doc.contents = doc.createNode({});
  for (const pair of [...doc.contents.items]) {
    if (!(keyName(pair) in clean)) doc.contents.delete(keyName(pair));
  }
  for (const [name, value] of Object.entries(clean)) update(doc, doc.contents, name, value, "");
  let text = doc.toString(TEXT);
  const header = meta("werkcentrum-kopregel");
  if (header && !text.startsWith(header)) text = `${header}\n${text}`;
  return text;
}

// Decap's Dutch text puts "<veld> komt niet overeen met het patroon:" before our message and a full stop after it;
// our messages (from the model) are whole sentences already.
function dutchPhrases(cms) {
  const nl = cms.getLocale("nl");
  if (!nl) return;
  const widget = { ...nl.editor.editorControlPane.widget, regexPattern: "%{pattern}" };
  cms.registerLocale("nl", {
    ...nl,
    editor: { ...nl.editor, editorControlPane: { ...nl.editor.editorControlPane, widget } },
  });
}

if (typeof window !== "undefined" && window.CMS) {
  dutchPhrases(window.CMS);
  window.CMS.registerCustomFormat("werkcentrum-regio", "yaml", { fromFile, toFile });
  const style = meta("werkcentrum-voorbeeldstijl");
  if (style) window.CMS.registerPreviewStyle(style);
  window.CMS.init();
}
