// The story form: word count and reading time beside the body, and autosave.
//
// Autosave: while the headline, standfirst or body change, the form's text is
// sent to the server at most every AUTOSAVE_MS (and once more when the tab is
// hidden or closed). It is kept per editor and story and never touches the
// story itself; the form offers it back after a crash, a closed tab or an
// expired session. Counting follows Article.word_count (articles/models.py).
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
      status.textContent = answer.message
      status.classList.remove("desk-autosave-status--failed")
    } catch {
      dirty = true
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

  for (const input of typed) input.addEventListener("input", changed)
  form.addEventListener("submit", () => {
    submitted = true
    clearTimeout(timer)
  })
  // The last words before the tab closes or the browser hides it.
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden" && dirty && !submitted) {
      dirty = !navigator.sendBeacon(url, payload())
    }
  })
  showCount()
})()
