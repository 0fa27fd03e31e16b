// The story form: word count and reading time beside the body, and autosave.
//
// Autosave: while the headline, standfirst or body change, the form's text is
// sent to the server at most every AUTOSAVE_MS (and once more when the tab is
// hidden or closed). It is kept per editor and story and never touches the
// story itself; the form offers it back after a crash, a closed tab or an
// expired session. Words the server never received (an expired session) are
// kept in the tab until it does. Counting follows Article.word_count (models.py).
;(() => {
  const AUTOSAVE_MS = 3000
  const WORDS_PER_MINUTE = 230
  const WORDS = /[\p{L}\p{N}\p{M}_'’-]+/gu
  const BLOCK_END = /<\/(p|h[1-6]|li|blockquote|td|th)>|<br\s*\/?>/gi
  const FIGURES = /<figure\b[^>]*>[\s\S]*?<\/figure>/gi

  const config = document.getElementById("desk-editor")
  if (!config) return
  const form = config.closest("form")
  const field = (name) => form.elements.namedItem(name)
  const body = field("body")
  const typed = ["headline", "standfirst", "body"].map(field).filter(Boolean)
  const translate = (text) => (window.gettext ? window.gettext(text) : text)
  const translateCount = (one, many, n) =>
    window.ngettext ? window.ngettext(one, many, n) : n === 1 ? one : many
  const fill = (text, values) =>
    text.replace(/%\((\w+)\)[sd]/g, (_match, key) => String(values[key]))

  const counter = document.querySelector(".desk-wordcount")
  function wordCount(html) {
    const text = new DOMParser().parseFromString(
      html.replace(FIGURES, " ").replace(BLOCK_END, " "),
      "text/html",
    ).body.textContent
    return (text.match(WORDS) || []).length
  }
  function showCount() {
    if (!counter || !body) return
    const words = wordCount(body.value)
    counter.textContent = fill(
      translateCount(
        "%(words)d word · about %(minutes)d min read",
        "%(words)d words · about %(minutes)d min read",
        words,
      ),
      { words, minutes: Math.max(1, Math.ceil(words / WORDS_PER_MINUTE)) },
    )
  }

  const url = config.dataset.autosaveUrl
  const status = document.createElement("p")
  status.className = "desk-autosave-status"
  status.setAttribute("role", "status")
  ;(counter?.parentElement || form).after(status)
  const baseVersion = field("edit_version")?.value || ""
  let timer = null
  let dirty = false
  let submitted = false

  function payload() {
    const data = new FormData()
    data.append("csrfmiddlewaretoken", field("csrfmiddlewaretoken")?.value || "")
    for (const input of typed) data.append(input.name, input.value)
    data.append("base_version", baseVersion)
    return data
  }

  async function autosave() {
    timer = null
    if (!dirty || submitted) return
    dirty = false
    try {
      const response = await fetch(url, {
        method: "POST",
        body: payload(),
        credentials: "same-origin",
      })
      if (!response.ok || response.redirected) throw new Error(response.status)
      const answer = await response.json()
      if (!dirty) forgetLocally()
      status.textContent = answer.message
      status.classList.remove("desk-autosave-status--failed")
    } catch {
      dirty = true
      keepLocally()
      status.textContent = translate(
        "Not autosaved: you may have been signed out. Your text is still here; sign in again in another tab and keep writing.",
      )
      status.classList.add("desk-autosave-status--failed")
    }
  }

  function changed() {
    showCount()
    dirty = true
    if (!timer) timer = setTimeout(autosave, AUTOSAVE_MS)
  }

  // While the server cannot take the words (signed out, offline) and whenever the
  // form is sent (a save refused by an expired session sends her to sign in),
  // they are also kept in this tab's sessionStorage: gone when the tab closes,
  // and forgotten as soon as a save succeeds or the server has them.
  const localKey = `desk-autosave:${url}`
  const keepLocally = () => {
    const words = Object.fromEntries(typed.map((input) => [input.name, input.value]))
    try {
      sessionStorage.setItem(localKey, JSON.stringify(words))
    } catch {}
  }
  const forgetLocally = (key = localKey) => {
    try {
      sessionStorage.removeItem(key)
    } catch {}
  }
  if (document.querySelector(".messagelist .success")) {
    for (const key of Object.keys(sessionStorage)) {
      if (key.startsWith("desk-autosave:")) forgetLocally(key)
    }
  }
  // The body's editor: from its ready event, or, when it was ready before this
  // script ran (the event already gone), from the node Tiptap hangs it on.
  let editor = null
  document.addEventListener("prose-editor:ready", (event) => {
    if (event.detail.textarea === body) editor = event.detail.editor
  })
  const bodyEditor = () =>
    editor || body?.closest(".prose-editor")?.querySelector(".ProseMirror[contenteditable]")?.editor || null
  function offerLocalCopy() {
    let kept = null
    try {
      kept = JSON.parse(sessionStorage.getItem(localKey) || "null")
    } catch {}
    if (!kept || typed.every((input) => (kept[input.name] ?? "") === input.value)) {
      forgetLocally()
      return
    }
    const offer = document.createElement("section")
    offer.className = "desk-autosave-offer"
    offer.setAttribute("role", "status")
    const text = document.createElement("p")
    text.textContent = translate(
      "Words you typed that the server never received were kept in this tab.",
    )
    const restore = document.createElement("button")
    restore.type = "button"
    restore.className = "button"
    restore.textContent = translate("Restore them into the form")
    const discard = document.createElement("button")
    discard.type = "button"
    discard.className = "button"
    discard.textContent = translate("Discard them")
    const actions = document.createElement("p")
    actions.className = "desk-autosave-offer__actions"
    actions.append(restore, discard)
    offer.append(text, actions)
    config.after(offer)
    restore.addEventListener("click", () => {
      for (const input of typed) {
        if (kept[input.name] === undefined) continue
        input.value = kept[input.name]
        if (input === body) bodyEditor()?.commands.setContent(input.value)
      }
      offer.remove()
      changed()
    })
    discard.addEventListener("click", () => {
      forgetLocally()
      offer.remove()
    })
  }

  for (const input of typed) input.addEventListener("input", changed)
  form.addEventListener("submit", () => {
    submitted = true
    clearTimeout(timer)
    keepLocally()
  })
  // The last words before the tab closes or the browser hides it.
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden" && dirty && !submitted) {
      dirty = !navigator.sendBeacon(url, payload())
    }
  })
  showCount()
  offerLocalCopy()
})()
