-- The "N drafts answer this" code lens on a guide's Q&A headings: its count,
-- and running it (through vim.lsp.commands, as vim.lsp.codelens.run does).
local H = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h') .. '/helpers.lua')
H.copy_workspace()
-- A second draft answering Part 2 Q4, so that lens lists two.
vim.fn.writefile({ '## §2.5 Q4', '', 'On my ledger service the scans slowed after a purge.' }, H.path('drafts/again.md'))

local guide = 'guides/STORAGE_ENGINES.md'

local function lens_on(buf, heading)
  local row = H.find(buf, heading)
  local client = H.client(buf)
  local found
  H.wait(function()
    local resp = client:request_sync('textDocument/codeLens', { textDocument = vim.lsp.util.make_text_document_params(buf) }, 5000, buf)
    for _, l in ipairs((resp and resp.result) or {}) do
      if l.range.start.line == row then
        found = l
        return true
      end
    end
  end, 'code lens on ' .. heading)
  return found
end

local function run(buf, lens)
  local client = H.client(buf)
  local handler = vim.lsp.commands[lens.command.command]
  H.truthy(handler, 'no client-side handler for ' .. tostring(lens.command.command))
  handler(lens.command, { client_id = client.id, bufnr = buf })
end

H.test('one draft: the lens counts it and jumps to its heading', function()
  local buf = H.open(guide)
  local lens = lens_on(buf, '#### Q2. Why does a database write to the WAL')
  H.eq('1 draft answers this', lens.command.title)
  run(buf, lens)
  H.wait(function()
    return H.current_file() == H.path('drafts/wal.md')
  end, 'jump to drafts/wal.md, at ' .. H.current_file())
  H.contains(H.current_line(), 'Why does a database write to the WAL')
end)

H.test('two drafts: the lens lists both in the quickfix list', function()
  local buf = H.open(guide)
  local lens = lens_on(buf, '#### Q4. Why do range scans get slower')
  H.eq('2 drafts answer this', lens.command.title)
  run(buf, lens)
  local qf = vim.fn.getqflist({ title = 1, items = 1 })
  H.eq(2, #qf.items, 'quickfix items')
  local names = {}
  for _, it in ipairs(qf.items) do
    table.insert(names, vim.fn.fnamemodify(vim.api.nvim_buf_get_name(it.bufnr), ':t') .. ':' .. it.lnum)
  end
  table.sort(names)
  H.eq({ 'again.md:1', 'part2-q4.md:3' }, names)
end)

H.finish()
