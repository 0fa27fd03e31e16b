// The story editor's preset (DJANGO_PROSE_EDITOR_PRESETS["desk"]).
//
// It does what django-prose-editor's "configurable" preset does, with one
// difference: Tiptap is told not to inject its base styles as an inline <style>
// element, which our Content-Security-Policy refuses (without them spaces
// around bold text collapse). admin-extra/prose-base.css carries those rules.
import * as library from "django-prose-editor/editor"

const ATTRIBUTE = "data-django-prose-editor-desk"
const extensionsByName = { ...library }
const modules = new Map()

function loadModules(urls = []) {
  return Promise.all(
    urls.map((url) => {
      if (!modules.has(url)) {
        modules.set(
          url,
          import(url).then((module) => Object.assign(extensionsByName, module)),
        )
      }
      return modules.get(url)
    }),
  )
}

// django-prose-editor names its menu's buttons (title, aria-label) and the block
// types in English, through no gettext: these are the names it uses, read in the
// admin's language from /admin/jsi18n/ (locale/*/LC_MESSAGES/djangojs.po).
const gettext = library.gettext
const MENU_LABELS = () => ({
  paragraph: gettext("paragraph"),
  Paragraph: gettext("Paragraph"),
  "Heading 2": gettext("Heading 2"),
  "Heading 3": gettext("Heading 3"),
  "Heading 4": gettext("Heading 4"),
  "unordered list": gettext("unordered list"),
  "ordered list": gettext("ordered list"),
  blockquote: gettext("blockquote"),
  "horizontal rule": gettext("horizontal rule"),
  bold: gettext("bold"),
  italic: gettext("italic"),
  strike: gettext("strike"),
  subscript: gettext("subscript"),
  superscript: gettext("superscript"),
  "insert link": gettext("insert link"),
  "remove link": gettext("remove link"),
  "Insert table": gettext("Insert table"),
  "Add column": gettext("Add column"),
  "Delete column": gettext("Delete column"),
  "Add row": gettext("Add row"),
  "Delete row": gettext("Delete row"),
  "Merge cells": gettext("Merge cells"),
  "Split cell": gettext("Split cell"),
  "Toggle header cell": gettext("Toggle header cell"),
  "Delete table": gettext("Delete table"),
  undo: gettext("undo"),
  redo: gettext("redo"),
})

function translateMenu(element) {
  const labels = MENU_LABELS()
  for (const node of element.querySelectorAll(".prose-menubar *")) {
    for (const name of ["title", "aria-label"]) {
      const value = node.getAttribute(name)
      if (value && labels[value] && labels[value] !== value) {
        node.setAttribute(name, labels[value])
      }
    }
    // Leaves with a name as their text (the block types); an icon's text is its
    // ligature ("undo"), which stays.
    const text = node.textContent
    if (!node.childElementCount && !node.classList.contains("material-icons")) {
      if (labels[text] && labels[text] !== text) node.textContent = labels[text]
    }
  }
}

function textareaEditor(textarea, extensions) {
  const disabled = textarea.hasAttribute("disabled")
  const element = library.crel("div", {
    className: `prose-editor ${disabled ? "disabled" : ""}`,
  })
  textarea.before(element)
  element.append(textarea)
  const label = document.querySelector(`label[for="${textarea.id}"]`)
  return new library.Editor({
    element,
    editable: !disabled,
    extensions,
    content: textarea.value,
    injectCSS: false,
    // The writing area is what screen readers land in: name it after the field.
    editorProps: {
      attributes: {
        role: "textbox",
        "aria-multiline": "true",
        "aria-label": (label?.textContent || textarea.name).replace(/:$/, ""),
      },
    },
    onUpdate({ editor }) {
      const html = editor.getHTML()
      textarea.value = /^<(\w+)(\s[^>]*)?><\/\1>$/i.test(html) ? "" : html
      textarea.dispatchEvent(new Event("input", { bubbles: true }))
    },
    onDestroy() {
      element.before(textarea)
      element.remove()
    },
  })
}

async function createEditor(textarea) {
  if (textarea.closest(".prose-editor")) return null
  const config = JSON.parse(textarea.getAttribute(ATTRIBUTE) || "{}")
  await loadModules(config.js_modules)
  const extensions = []
  for (const [name, options] of Object.entries(config.extensions || {})) {
    const extension = extensionsByName[name]
    if (!extension) continue
    extensions.push(
      typeof options === "object" ? extension.configure(options) : extension,
    )
  }
  const editor = textareaEditor(textarea, extensions)
  const wrapper = textarea.closest(".prose-editor")
  if (wrapper) {
    translateMenu(wrapper)
    new MutationObserver(() => translateMenu(wrapper)).observe(wrapper, {
      childList: true,
      subtree: true,
    })
  }
  textarea.dispatchEvent(
    new CustomEvent("prose-editor:ready", {
      detail: { editor, textarea },
      bubbles: true,
    }),
  )
  return editor
}

library.initializeEditors((textarea) => {
  createEditor(textarea).catch((error) => {
    console.error("The story editor could not start:", error)
  })
}, `[${ATTRIBUTE}]`)
