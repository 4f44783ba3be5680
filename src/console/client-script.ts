/**
 * @module console/client-script: the console's one script, served from its own origin as /console.js
 * (the CSP allows no inline script). It asks the server for WebAuthn options, lets the browser's
 * authenticator sign (SimpleWebAuthnBrowser, served as /webauthn.js), and sends the result back.
 */
export const CONSOLE_JS = String.raw`'use strict'
;(() => {
  const $ = (id) => document.getElementById(id)
  const csrf = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? ''
  const say = (text, bad) => { const s = $('status'); if (s) { s.textContent = text; s.className = bad ? 'bad' : 'good' } }
  async function api(path, body) {
    const r = await fetch(path, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify(body) })
    const j = await r.json().catch(() => ({}))
    if (!r.ok) throw new Error((j.code ? j.code + ': ' : '') + (j.detail ?? j.title ?? r.status))
    return j
  }
  const W = () => window.SimpleWebAuthnBrowser
  const login = $('login')
  if (login) login.addEventListener('click', async () => {
    try {
      say('Waiting for your passkey…')
      const options = await api('/api/login/options', {})
      const response = await W().startAuthentication({ optionsJSON: options })
      await api('/api/login', { response })
      const next = login.dataset.next || '/'
      location.assign(next.startsWith('/') && !next.startsWith('//') ? next : '/')
    } catch (e) { say('Sign-in failed: ' + e.message, true) }
  })
  const logout = $('logout')
  if (logout) logout.addEventListener('click', async () => { await api('/api/logout', {}).catch(() => {}); location.assign('/') })
  const enrol = $('enrol')
  if (enrol) enrol.addEventListener('click', async () => {
    try {
      const token = location.hash.slice(1)
      say('Creating a passkey…')
      const options = await api('/api/enrol/options', { token })
      const response = await W().startRegistration({ optionsJSON: options })
      const done = await api('/api/enrol', { token, response })
      say('Enrolled a passkey for ' + done.approver + '. You can sign in now.')
      enrol.disabled = true
    } catch (e) { say('Enrolment failed: ' + e.message, true) }
  })
  const form = $('decide')
  if (form) for (const b of form.querySelectorAll('button[data-action]')) b.addEventListener('click', async () => {
    const action = b.dataset.action
    const id = form.dataset.approval
    const comment = $('comment').value
    try {
      say('Sign with your passkey to ' + action + ' these bytes…')
      const options = await api('/api/approvals/' + encodeURIComponent(id) + '/options', { action, comment })
      const response = await W().startAuthentication({ optionsJSON: options })
      const done = await api('/api/approvals/' + encodeURIComponent(id) + '/decide', { action, comment, response })
      say((action === 'approve' ? 'Approved' : 'Denied') + ': the call is now ' + done.status + '.')
      const st = $('state'); if (st) { st.textContent = done.status; st.className = 'state ' + done.status }
      for (const x of form.querySelectorAll('button')) x.disabled = true
    } catch (e) { say(e.message, true) }
  })
})()
`
