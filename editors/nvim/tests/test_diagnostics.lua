-- Drafts that cite none of the anchor examples get a missing-anchor warning.
local H = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h') .. '/helpers.lua')
H.copy_workspace()

local function gloss_diags(buf, code)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local src_ok = d.source == 'gloss'
    local dcode = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    if src_ok and (code == nil or dcode == code) then
      table.insert(out, d)
    end
  end
  return out
end

local bloom
H.test('draft without an anchor gets a missing-anchor warning', function()
  bloom = H.open('drafts/bloom.md')
  H.wait(function()
    return #gloss_diags(bloom, 'missing-anchor') > 0
  end, 'missing-anchor diagnostic on drafts/bloom.md (have: ' .. vim.inspect(vim.diagnostic.get(bloom)) .. ')')
  local d = gloss_diags(bloom, 'missing-anchor')[1]
  H.eq(vim.diagnostic.severity.WARN, d.severity, 'severity')
end)

H.test('missing-anchor has a quick-fix code action', function()
  H.truthy(bloom, 'bloom draft not open')
  vim.api.nvim_set_current_buf(bloom)
  local d = H.truthy(gloss_diags(bloom, 'missing-anchor')[1], 'no diagnostic')
  local lsp_diag = d.user_data and d.user_data.lsp
  H.truthy(lsp_diag, 'diagnostic has no LSP payload')
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bloom) },
    range = lsp_diag.range,
    context = { diagnostics = { lsp_diag }, only = { 'quickfix' } },
  }
  local res = vim.lsp.buf_request_sync(bloom, 'textDocument/codeAction', params, 5000) or {}
  local actions = {}
  for _, r in pairs(res) do
    for _, a in ipairs(r.result or {}) do
      table.insert(actions, a)
    end
  end
  H.truthy(#actions > 0, 'no code actions: ' .. vim.inspect(res))
  local quick = vim.tbl_filter(function(a)
    return a.kind == nil or vim.startswith(a.kind, 'quickfix')
  end, actions)
  H.truthy(#quick > 0, 'no quickfix action among ' .. vim.inspect(actions))
  H.truthy(type(quick[1].title) == 'string' and quick[1].title ~= '', 'action has a title')
end)

H.test('anchored drafts get no missing-anchor warning', function()
  H.truthy(bloom and #gloss_diags(bloom, 'missing-anchor') > 0, 'precondition: server publishes diagnostics')
  local wal = H.open('drafts/wal.md')
  local rebuild = H.open('drafts/part2-q4.md')
  -- give the server time to publish for both files, then check
  vim.wait(3000, function()
    return #gloss_diags(wal, 'missing-anchor') > 0 or #gloss_diags(rebuild, 'missing-anchor') > 0
  end, 50)
  H.eq({}, gloss_diags(wal, 'missing-anchor'), 'drafts/wal.md cites the ledger anchor')
  H.eq({}, gloss_diags(rebuild, 'missing-anchor'), 'drafts/part2-q4.md cites the search index rebuild')
end)

H.test('notes (not drafts) get no missing-anchor warning', function()
  local note = H.open('notes/lsm-notes.md')
  vim.wait(1500, function()
    return #gloss_diags(note, 'missing-anchor') > 0
  end, 50)
  H.eq({}, gloss_diags(note, 'missing-anchor'))
end)

H.finish()
