// The story form: word count and reading time beside the body, and autosave.
//
// Autosave: while the headline, standfirst or body change, the form's text is
// sent to the server at most every AUTOSAVE_MS (and once more when the tab is
// hidden or closed). It is kept per editor and story and never touches the
// story itself; the form offers it back after a crash, a closed tab or an
// expired session. A new story's form carries its own key (autosave_key), so
// two new stories written in two tabs never share an autosave. When the server
// does not take the words, the status line says why (too large, signed out,
// offline, refused, a server fault) and the words stay in the tab
// (sessionStorage) until it does. Counting follows Article.word_count: the block
// tags of articles/text.py end words, figures (and their captions) are not counted.
;(() => {
  const AUTOSAVE_MS = 3000
  const WORDS_PER_MINUTE = 230
  const WORDS = /[\p{L}\p{N}\p{M}_'’-]+/gu
  const BLOCK_END =
    /<(?:\/?(?:address|article|aside|blockquote|caption|dd|div|dl|dt|figcaption|figure|footer|h[1-6]|header|hr|li|main|nav|ol|p|pre|section|table|tbody|td|tfoot|th|thead|tr|ul)\b[^>]*|br\b[^>]*)>/gi
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
  const formKey = field("autosave_key")?.value || ""
  let timer = null
  let dirty = false
  let submitted = false

  // The CSRF token as it is now: signing in again in another tab renews the
  // cookie, and the copy in the form would then be refused.
  const csrfToken = () =>
    document.cookie
      .split("; ")
      .find((part) => part.startsWith("csrftoken="))
      ?.slice("csrftoken=".length) ||
    field("csrfmiddlewaretoken")?.value ||
    ""

  function payload() {
    const data = new FormData()
    data.append("csrfmiddlewaretoken", csrfToken())
    for (const input of typed) data.append(input.name, input.value)
    data.append("base_version", baseVersion)
    if (formKey) data.append("key", formKey)
    return data
  }

  const KEPT = translate("Your text is still here, in this tab.")
  const SIGNED_OUT = translate(
    "Not autosaved: you have been signed out. Your text is still here; sign in again in another tab and keep writing.",
  )
  const OFFLINE = translate(
    "Not autosaved: no connection to the server. Your text is still here; it will be autosaved when the connection is back.",
  )
  const TOO_LARGE = translate(
    "Not autosaved: the story is too large to send to the server. Your text is still here; shorten it or move pictures out of the body before saving.",
  )
  const SERVER_FAULT = translate(
    "Not autosaved: the server had a problem. Your text is still here; autosave will try again as you type.",
  )

  // What went wrong, in words she can act on, from the server's answer.
  async function refusal(response) {
    if (response.redirected) return SIGNED_OUT
    let answer = null
    if ((response.headers.get("Content-Type") || "").includes("application/json")) {
      try {
        answer = await response.json()
      } catch {}
    }
    const said = answer?.error || answer?.detail
    if (response.status === 413) return said ? `${said} ${TOO_LARGE}` : TOO_LARGE
    if (response.status === 401 || (response.status === 403 && !answer)) return SIGNED_OUT
    if (response.status >= 500) return SERVER_FAULT
    return said ? `${said} ${KEPT}` : SERVER_FAULT
  }

  function failed(message) {
    dirty = true
    keepLocally()
    status.textContent = message
    status.classList.remove("desk-autosave-status--warning")
    status.classList.add("desk-autosave-status--failed")
  }

  async function autosave() {
    timer = null
    if (!dirty || submitted) return
    dirty = false
    let response
    try {
      response = await fetch(url, {
        method: "POST",
        body: payload(),
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
    } catch {
      failed(OFFLINE)
      return
    }
    if (!response.ok || response.redirected) {
      failed(await refusal(response))
      return
    }
    let answer
    try {
      answer = await response.json()
    } catch {
      failed(SERVER_FAULT)
      return
    }
    if (!dirty) forgetLocally()
    status.textContent = answer.message
    status.classList.remove("desk-autosave-status--failed")
    status.classList.toggle("desk-autosave-status--warning", Boolean(answer.conflict))
  }
  // Back online: send what could not be sent.
  window.addEventListener("online", () => {
    if (dirty && !timer) timer = setTimeout(autosave, 0)
  })

  function changed() {
    showCount()
    dirty = true
    if (!timer) timer = setTimeout(autosave, AUTOSAVE_MS)
  }

  // While the server cannot take the words (signed out, offline) and whenever the
  // form is sent (a save refused by an expired session sends her to sign in),
  // they are also kept in this tab's sessionStorage: gone when the tab closes,
  // and forgotten as soon as a save succeeds or the server has them.
  // The tab's own storage: two tabs never share it, so the address is key enough
  // (and survives the sign-in round trip, which gives a new form a new key).
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
