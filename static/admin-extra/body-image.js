// Pictures inside a story's body, from the project's upload pipeline.
//
// The toolbar button opens a dialog asking for the file, its alt text, caption
// and credit (all required); the server checks the picture and strips its
// metadata (articles/uploads.py) and answers with what to insert. The stored
// form is <figure data-body-image="ID"><img ...><figcaption>...</figcaption>
// </figure>; the server rebuilds it from the upload on every save
// (articles/body.py), so nothing typed into the HTML can change the picture.
import { crel, gettext, Node } from "django-prose-editor/editor"

const settings = () => document.getElementById("desk-editor")?.dataset || {}
const csrfToken = () =>
  document.querySelector("input[name=csrfmiddlewaretoken]")?.value || ""

function field(label, input) {
  const id = `desk-picture-${input.name}`
  input.id = id
  return crel("div", { className: "prose-editor-dialog-field" }, [
    crel("label", { htmlFor: id, textContent: label }),
    input,
  ])
}

function errorText(answer) {
  if (answer.error) return answer.error
  return Object.values(answer.errors || {})
    .flat()
    .map((error) => error.message || error)
    .join(" ")
}

function pictureDialog() {
  return new Promise((resolve) => {
    const file = crel("input", {
      type: "file",
      name: "image",
      accept: "image/jpeg,image/png,image/webp,image/gif",
      required: true,
    })
    const alt = crel("input", { type: "text", name: "alt", required: true })
    const caption = crel("input", { type: "text", name: "caption", required: true })
    const credit = crel("input", { type: "text", name: "credit", required: true })
    const problem = crel("p", { className: "errornote", hidden: true })
    problem.setAttribute("role", "alert")
    const insert = crel("button", { type: "submit", textContent: gettext("Upload and insert") })
    const cancel = crel("button", { type: "button", textContent: gettext("Cancel") })
    const form = crel("form", { method: "dialog" }, [
      crel("h3", {
        className: "prose-editor-dialog-title",
        textContent: gettext("Insert a picture"),
      }),
      field(gettext("Picture (JPEG, PNG, WebP or GIF)"), file),
      field(gettext("Alt text: what the picture shows"), alt),
      field(gettext("Caption"), caption),
      field(gettext("Credit"), credit),
      problem,
      crel("div", { className: "prose-editor-dialog-buttons" }, [insert, cancel]),
    ])
    const dialog = crel("dialog", { className: "prose-editor-dialog desk-picture-dialog" }, [form])
    let answer = null
    cancel.addEventListener("click", () => dialog.close())
    dialog.addEventListener("close", () => {
      dialog.remove()
      resolve(answer)
    })
    form.addEventListener("submit", async (event) => {
      event.preventDefault()
      if (!form.reportValidity()) return
      const data = new FormData(form)
      insert.disabled = true
      problem.hidden = true
      try {
        const response = await fetch(settings().uploadUrl, {
          method: "POST",
          body: data,
          credentials: "same-origin",
          headers: { "X-CSRFToken": csrfToken() },
        })
        const json = response.headers.get("content-type")?.includes("json")
          ? await response.json()
          : { error: gettext("You may have been signed out. Sign in again in another tab.") }
        if (response.status === 201) {
          answer = json
          dialog.close()
          return
        }
        problem.textContent = errorText(json)
      } catch {
        problem.textContent = gettext("The picture could not be uploaded. Try again.")
      }
      problem.hidden = false
      insert.disabled = false
    })
    document.body.append(dialog)
    dialog.showModal()
  })
}

const fromImage = (name) => (element) =>
  element.querySelector("img")?.getAttribute(name) || null

export const BodyImage = Node.create({
  name: "bodyImage",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,

  addAttributes() {
    return {
      id: { default: null, parseHTML: (el) => el.getAttribute("data-body-image") },
      src: { default: "", parseHTML: fromImage("src") },
      alt: { default: "", parseHTML: fromImage("alt") },
      width: { default: null, parseHTML: fromImage("width") },
      height: { default: null, parseHTML: fromImage("height") },
      caption: {
        default: "",
        parseHTML: (el) => el.querySelector("figcaption")?.textContent || "",
      },
    }
  },

  parseHTML() {
    return [{ tag: "figure[data-body-image]" }]
  },

  renderHTML({ node }) {
    const { id, src, alt, width, height, caption } = node.attrs
    const image = { src, alt }
    if (width && height) Object.assign(image, { width, height })
    return [
      "figure",
      { "data-body-image": id },
      ["img", image],
      ["figcaption", {}, caption || ""],
    ]
  },

  addCommands() {
    return {
      insertBodyImage:
        () =>
        ({ editor }) => {
          pictureDialog().then((picture) => {
            if (!picture) return
            editor
              .chain()
              .focus()
              .insertContent({
                type: this.name,
                attrs: {
                  id: String(picture.id),
                  src: picture.src,
                  alt: picture.alt,
                  width: picture.width,
                  height: picture.height,
                  caption: picture.caption,
                },
              })
              .run()
          })
          return true
        },
    }
  },

  addMenuItems({ menu, buttons }) {
    if (!settings().uploadUrl) return
    menu.defineItem({
      name: "bodyImage",
      groups: "nodes",
      command(editor) {
        editor.commands.insertBodyImage()
      },
      button: buttons.material("image", gettext("Insert a picture")),
    })
  },
})
