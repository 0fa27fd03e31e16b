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
